import { expect, onTestFinished, test } from 'vitest';
import { HOUR, stand } from '../helpers.js';
import { AUTH, PREP_ONE_DAY, exportUrl, get } from './helpers.js';

test('identical requests share one export, whatever the order of their parameters', async () => {
  const t = await stand();
  onTestFinished(t.close);
  const a = await get(t, '/appmetrica/logs/v1/export/events.json?application_id=1111&date_since=2025-12-01&date_until=2025-12-01&fields=event_name');
  const b = await get(t, '/appmetrica/logs/v1/export/events.json?fields=event_name&date_until=2025-12-01&application_id=1111&date_since=2025-12-01');
  expect(a.body).toBe('Your query is added to the queue.');
  expect(b.statusCode).toBe(202);
  expect(b.body).toMatch(/^Wait for result\. Progress is \d+%\.$/);
  expect(t.stand.jobs({ api: 'appmetrica' })).toHaveLength(1);
});

test('progress rises while the export prepares', async () => {
  const t = await stand({ scenario: 'default' });
  onTestFinished(t.close);
  const url = exportUrl({ date_until: '2025-12-31 23:59:59' }); // 620,000 rows: 3 s + 0.62 s
  await get(t, url);
  const [job] = t.stand.jobs({ api: 'appmetrica' });
  const total = Date.parse(job!.next!.dueAt!) - t.stand.now();
  t.advance(Math.floor(total / 2));
  const half = await get(t, url);
  expect(half.body).toBe('Wait for result. Progress is 50%.');
});

test('exports of one application prepare strictly one after another, in arrival order', async () => {
  const t = await stand();
  onTestFinished(t.close);
  const first = exportUrl({ fields: 'event_name' });
  const second = exportUrl({ fields: 'os_name' });
  await get(t, first);
  await get(t, second);
  const jobs = () => t.stand.jobs({ api: 'appmetrica' });
  expect(jobs().map((j) => j.state)).toEqual(['preparing', 'queued']);

  t.advance(PREP_ONE_DAY - 1);
  expect((await get(t, second)).statusCode).toBe(202);
  expect(jobs().map((j) => j.state)).toEqual(['preparing', 'queued']);
  t.advance(1); // the first is ready; only now does the second start
  expect(jobs().map((j) => j.state)).toEqual(['ready', 'preparing']);
  const [a, b] = jobs();
  expect(Date.parse(b!.history.find((h) => h.state === 'preparing')!.at)).toBe(Date.parse(a!.history.find((h) => h.state === 'ready')!.at));
  expect((await get(t, first)).statusCode).toBe(200);
  expect((await get(t, second)).statusCode).toBe(202);
  t.advance(PREP_ONE_DAY);
  expect((await get(t, second)).statusCode).toBe(200);
});

test('a fourth unfinished export of one application gets the real 429; another application is not affected', async () => {
  const t = await stand();
  onTestFinished(t.close);
  for (const f of ['event_name', 'os_name', 'city']) expect((await get(t, exportUrl({ fields: f }))).statusCode).toBe(202);
  const fourth = await get(t, exportUrl({ fields: 'session_id' }));
  expect(fourth.statusCode).toBe(429);
  expect(fourth.headers['content-type']).toBe('text/plain');
  expect(fourth.headers['retry-after']).toBeUndefined();
  expect(fourth.body).toBe('There are already 3 enqueued queries for given application_id. Wait until they are completed.');
  // polling one of the three is still fine
  expect((await get(t, exportUrl({ fields: 'city' }))).statusCode).toBe(202);
  const other = await t.inject({ url: exportUrl({ application_id: '2222' }), headers: { authorization: 'OAuth app2222-token' } });
  expect(other.statusCode).toBe(202);
  t.advance(PREP_ONE_DAY); // one finished: room for one more
  expect((await get(t, exportUrl({ fields: 'session_id' }))).statusCode).toBe(202);
});

test('a ready file lives 24 hours at its URL; the next request after that queues a new one', async () => {
  const t = await stand();
  onTestFinished(t.close);
  const url = exportUrl();
  await get(t, url);
  t.advance(PREP_ONE_DAY);
  expect((await get(t, url)).statusCode).toBe(200);
  t.advance(86_400_000 - 1);
  expect((await get(t, url)).statusCode).toBe(200);
  t.advance(1);
  const after = await get(t, url);
  expect(after.statusCode).toBe(202);
  expect(after.body).toBe('Your query is added to the queue.');
  const states = t.stand.jobs({ api: 'appmetrica' }).map((j) => j.state);
  expect(states).toEqual(['expired', 'preparing']);
});

test('exports are per token: another token asking the same gets its own export', async () => {
  const t = await stand();
  onTestFinished(t.close);
  const url = exportUrl();
  await get(t, url);
  t.advance(PREP_ONE_DAY);
  expect((await get(t, url)).statusCode).toBe(200);
  const other = await t.inject({ url, headers: { authorization: 'OAuth someone-else' } });
  expect(other.statusCode).toBe(202);
  expect(other.body).toBe('Your query is added to the queue.');
  // The first token still has its file, and each token has its export.
  expect((await get(t, url)).statusCode).toBe(200);
  expect(t.stand.jobs({ api: 'appmetrica' }).map((j) => [j.account, j.state])).toEqual([
    [AUTH.authorization.slice('OAuth '.length), 'ready'],
    ['someone-else', 'preparing'],
  ]);
});

// --- Quotas beyond the queue of 3 per application, as scenario knobs (appmetrica.quotas; README "Scenario knobs").

async function withQuotas(quotas: Record<string, unknown>) {
  const t = await stand();
  onTestFinished(t.close);
  t.stand.activateScenario({ version: 1, appmetrica: { quotas } });
  return t;
}

test('requestsPerSecond: the next request of that token in the same second gets 429 naming the quota; other tokens and the next second go on', async () => {
  const t = await withQuotas({ requestsPerSecond: 3 });
  const url = exportUrl();
  for (let i = 0; i < 3; i++) expect((await get(t, url)).statusCode).toBe(202);
  const over = await get(t, url);
  expect(over.statusCode).toBe(429);
  expect(over.headers['content-type']).toBe('text/plain');
  expect(over.body).toBe('Quota exceeded: more than 3 requests per second; wait until the next second.');
  expect((await t.inject({ url, headers: { authorization: 'OAuth another' } })).statusCode).toBe(202);
  t.advance(1000);
  expect((await get(t, url)).statusCode).toBe(202);
});

test('requestsPerDay with status 420 (the English docs): blocked until 00:00 GMT', async () => {
  const t = await withQuotas({ requestsPerDay: 2, status: 420 });
  t.advance(22 * HOUR);
  const url = exportUrl();
  expect((await get(t, url)).statusCode).toBe(202);
  expect((await get(t, url)).statusCode).toBe(202);
  const over = await get(t, url);
  expect(over.statusCode).toBe(420);
  expect(over.body).toBe('Quota exceeded: more than 2 requests per day; the quota is reset at 00:00 GMT.');
  t.advance(HOUR);
  expect((await get(t, url)).statusCode).toBe(420);
  t.advance(HOUR); // 00:00 GMT
  expect((await get(t, url)).statusCode).not.toBe(420);
});

test('maxQueuedPerToken: a token with that many unfinished exports across applications gets 429 until one finishes', async () => {
  const t = await withQuotas({ maxQueuedPerToken: 2 });
  const mine = { authorization: 'OAuth app2222-token' };
  expect((await t.inject({ url: exportUrl({ fields: 'event_name' }), headers: mine })).statusCode).toBe(202);
  expect((await t.inject({ url: exportUrl({ application_id: '2222' }), headers: mine })).statusCode).toBe(202);
  const third = await t.inject({ url: exportUrl({ fields: 'os_name' }), headers: mine });
  expect(third.statusCode).toBe(429);
  expect(third.body).toBe('There are already 2 enqueued queries for given token. Wait until they are completed.');
  // Polling the two is fine, and another token is not affected.
  expect((await t.inject({ url: exportUrl({ fields: 'event_name' }), headers: mine })).statusCode).toBe(202);
  expect((await get(t, exportUrl({ fields: 'city' }))).statusCode).toBe(202);
  t.advance(60_000);
  expect((await t.inject({ url: exportUrl({ fields: 'os_name' }), headers: mine })).statusCode).toBe(202);
});

test('the Management API counts apart and answers its quota error as JSON ("quota")', async () => {
  const t = await withQuotas({ requestsPerSecond: 1 });
  const headers = { authorization: 'OAuth loader' };
  expect((await t.inject({ url: '/appmetrica/management/v1/applications', headers })).statusCode).toBe(200);
  const over = await t.inject({ url: '/appmetrica/management/v1/application/1111', headers });
  expect(over.statusCode).toBe(429);
  const message = 'Quota exceeded: more than 1 requests per second; wait until the next second.';
  expect(over.json()).toEqual({ errors: [{ error_type: 'quota', message }], code: 429, message });
  // The export of the same token in the same second is another group.
  expect((await t.inject({ url: exportUrl(), headers })).statusCode).toBe(202);
});

test('the quotas are off by default: a burst of polls is answered', async () => {
  const t = await stand();
  onTestFinished(t.close);
  for (let i = 0; i < 50; i++) expect((await get(t, exportUrl())).statusCode).toBe(202);
});
