import { expect, onTestFinished, test } from 'vitest';
import { stand } from '../helpers.js';
import { exportUrl, get } from '../appmetrica/helpers.js';

async function t0() {
  const t = await stand();
  onTestFinished(t.close);
  return t;
}

test('GET /_stand/health answers ok', async () => {
  const t = await t0();
  const res = await t.inject('/_stand/health');
  expect(res.statusCode).toBe(200);
  expect(res.json()).toEqual({ status: 'ok' });
});

test('the clock: GET shows it; advance by ms or to a time runs due work before answering', async () => {
  const t = await t0();
  expect((await t.inject('/_stand/clock')).json()).toMatchObject({ now: '2026-01-01T00:00:00.000Z', mode: 'manual', pendingTasks: 0 });
  await get(t, exportUrl());
  const adv = await t.inject({ method: 'POST', url: '/_stand/clock/advance', payload: { ms: 60_000 } });
  expect(adv.statusCode).toBe(200);
  expect(adv.json()).toMatchObject({ now: '2026-01-01T00:01:00.000Z' });
  expect(t.stand.jobs()[0]!.state).toBe('ready');
  const to = await t.inject({ method: 'POST', url: '/_stand/clock/advance', payload: { to: '2026-01-03T00:00:00Z' } });
  expect(to.json()).toMatchObject({ now: '2026-01-03T00:00:00.000Z' });
  expect(t.stand.jobs()[0]!.state).toBe('expired');
});

test('bad admin input gets a 400 with the field and the reason', async () => {
  const t = await t0();
  const neg = await t.inject({ method: 'POST', url: '/_stand/clock/advance', payload: { ms: -5 } });
  expect(neg.statusCode).toBe(400);
  expect(neg.json().error.code).toBe('STAND_BAD_REQUEST');
  expect(neg.json().error.message).toMatch(/^body\.ms: /);
  const both = await t.inject({ method: 'POST', url: '/_stand/clock/advance', payload: { ms: 1, to: '2026-01-01T00:00:00Z' } });
  expect(both.statusCode).toBe(400);
  const back = await t.inject({ method: 'POST', url: '/_stand/clock/advance', payload: { to: '2025-01-01T00:00:00Z' } });
  expect(back.statusCode).toBe(400);
  expect(back.json().error.message).toMatch(/time only moves forward/);
  const junk = await t.inject({ method: 'POST', url: '/_stand/clock/advance', headers: { 'content-type': 'application/json' }, payload: '{nope' });
  expect(junk.statusCode).toBe(400);
  expect((await t.inject('/_stand/nope')).statusCode).toBe(404);
});

test('jobs: list with filters, one job, advance and complete it', async () => {
  const t = await t0();
  await get(t, exportUrl({ fields: 'event_name' }));
  await get(t, exportUrl({ fields: 'os_name' }));
  const list = (await t.inject('/_stand/jobs?api=appmetrica')).json().items as { id: string; state: string }[];
  expect(list.map((j) => j.state)).toEqual(['preparing', 'queued']);
  const [first, second] = list;
  expect((await t.inject('/_stand/jobs?state=queued')).json().items).toHaveLength(1);
  const one = await t.inject(`/_stand/jobs/appmetrica/${second!.id}`);
  expect(one.json()).toMatchObject({ api: 'appmetrica', id: second!.id, state: 'queued', account: 'test-token' });

  const early = await t.inject({ method: 'POST', url: `/_stand/jobs/appmetrica/${second!.id}/advance` });
  expect(early.statusCode).toBe(409);
  expect(early.json().error.code).toBe('STAND_JOB_WAITING');

  const adv = await t.inject({ method: 'POST', url: `/_stand/jobs/appmetrica/${first!.id}/advance` });
  expect(adv.json().state).toBe('ready');
  const done = await t.inject({ method: 'POST', url: `/_stand/jobs/appmetrica/${second!.id}/complete` });
  expect(done.json().state).toBe('ready');
  expect((await get(t, exportUrl({ fields: 'os_name' }))).statusCode).toBe(200);
  expect((await t.inject('/_stand/jobs/appmetrica/nope')).statusCode).toBe(404);
  expect((await t.inject('/_stand/jobs/nothing/nope')).statusCode).toBe(400);
});

test('reset brings everything back to the start: clock, jobs, journals, ids', async () => {
  const t = await t0();
  await get(t, exportUrl());
  const firstId = t.stand.jobs()[0]!.id;
  t.advance(123_456);
  const res = await t.inject({ method: 'POST', url: '/_stand/reset' });
  expect(res.statusCode).toBe(200);
  expect(res.json().clock.now).toBe('2026-01-01T00:00:00.000Z');
  expect(t.stand.jobs()).toHaveLength(0);
  expect((await t.inject('/_stand/journal/requests')).json().items).toHaveLength(0);
  await get(t, exportUrl());
  expect(t.stand.jobs()[0]!.id).toBe(firstId);
});

test('the request journal lists what the APIs received, filterable', async () => {
  const t = await t0();
  await get(t, exportUrl());
  await t.inject({ url: exportUrl() });
  const all = (await t.inject('/_stand/journal/requests')).json().items;
  expect(all).toHaveLength(2);
  expect(all[0]).toMatchObject({ api: 'appmetrica', method: 'GET', status: 202, account: 'tes…(4c5d)', at: '2026-01-01T00:00:00.000Z', route: 'matched' });
  // Tokens are masked wherever the journal shows them; filters take the token or its masked form.
  expect(all[0].request.headers.authorization).toBe('OAuth tes…(4c5d)');
  expect(JSON.stringify(all)).not.toContain('test-token');
  expect(all[0].response).toMatchObject({ body: 'Your query is added to the queue.', truncated: false });
  expect(all[0].job).toBe(t.stand.jobs()[0]!.id);
  expect((await t.inject('/_stand/journal/requests?account=test-token')).json().total).toBe(1);
  expect((await t.inject(`/_stand/journal/requests?account=${encodeURIComponent('tes…(4c5d)')}`)).json().total).toBe(1);
  expect((await t.inject('/_stand/journal/requests?status=401')).json().items).toHaveLength(1);
});

test('an unknown path outside the APIs gets a JSON 404 that names where things are', async () => {
  const t = await t0();
  const res = await t.inject('/logs/v1/export/events.json');
  expect(res.statusCode).toBe(404);
  expect(res.json().error.message).toMatch(/the APIs live under \/appmetrica/);
});

test('PUT /_stand/scenario takes a scenario name, never a path to a file', async () => {
  const t = await t0();
  const path = await t.inject({ method: 'PUT', url: '/_stand/scenario', payload: { name: '/etc/passwd.json' } });
  expect(path.statusCode).toBe(400);
  expect(path.json().error.message).toMatch(/not a path/);
  const ok = await t.inject({ method: 'PUT', url: '/_stand/scenario', payload: { name: 'flaky' } });
  expect(ok.statusCode).toBe(200);
  expect(ok.json().name).toBe('flaky');
  const missing = await t.inject({ method: 'PUT', url: '/_stand/scenario', payload: { name: 'nope' } });
  expect(missing.statusCode).toBe(404);
});
