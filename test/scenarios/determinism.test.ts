import { expect, onTestFinished, test } from 'vitest';
import { createTestStand } from '../../src/testing/index.js';
import { exportUrl } from '../appmetrica/helpers.js';
import { task } from '../toloka/helpers.js';

/** One scripted session touching the three APIs and the admin API; returns every answer as text. */
async function session(seed: number): Promise<string[]> {
  const t = await createTestStand({ seed, scenario: 'realistic' });
  onTestFinished(t.close);
  const out: string[] = [];
  const record = async (o: Parameters<typeof t.inject>[0]) => {
    const res = await t.inject(o);
    // The emulated APIs' Date is the stand's time; the admin API's is the machine's.
    const { date, 'content-length': _length, ...headers } = res.headers;
    if (!String(typeof o === 'string' ? o : o.url).startsWith('/_stand')) headers.date = date;
    // The journal's latency is the one wall-clock figure the stand shows (how long an answer took).
    out.push(`${res.statusCode} ${JSON.stringify(headers)} ${res.body.replace(/"latencyMs":[\d.]+/g, '"latencyMs":0')}`);
    return res;
  };
  const am = { authorization: 'OAuth det' };
  const mt = { authorization: 'Bearer det', 'content-type': 'application/json' };
  const tl = { authorization: 'OAuth det', 'content-type': 'application/json' };
  await record({ url: exportUrl({ fields: 'event_name,appmetrica_device_id,event_datetime', limit: '20' }), headers: am });
  const call = await record({ method: 'POST', url: '/mytarget/async_api/v2/campaigns.json', headers: mt, payload: JSON.stringify({ name: 'Det', package_id: 814 }) });
  const op = await record({ method: 'POST', url: '/toloka/api/v1/tasks?async_mode=true', headers: tl, payload: JSON.stringify([task(1), task(2), { pool_id: '1', input_values: {} }]) });
  for (let step = 0; step < 6; step++) {
    t.advance(60_000);
    await record({ url: exportUrl({ fields: 'event_name,appmetrica_device_id,event_datetime', limit: '20' }), headers: am });
    await record({ url: String(call.headers.location), headers: mt });
    await record({ url: `/toloka/api/v1/operations/${JSON.parse(op.body).id}`, headers: tl });
  }
  await record({ url: `/toloka/api/v1/operations/${JSON.parse(op.body).id}/log`, headers: tl });
  await record({ url: '/mytarget/api/v2/campaigns.json?sorting=-id&limit=2', headers: mt });
  await record({ url: '/toloka/api/v1/tasks?pool_id=1&limit=5', headers: tl });
  await record({ url: '/_stand/jobs' });
  await record({ url: '/_stand/journal/requests' });
  return out;
}

test('the same scenario, seed and clock steps give byte-identical answers across two runs', async () => {
  const a = await session(11);
  const b = await session(11);
  expect(a.length).toBeGreaterThan(20);
  expect(b).toEqual(a);
  const c = await session(12);
  expect(c).not.toEqual(a);
});

test('an emulated API answers with Date from the stand clock (as the real API does from its own), so answers do not depend on the machine', async () => {
  const t = await createTestStand({ startTime: '2026-03-01T10:00:00Z' });
  onTestFinished(t.close);
  const at = async (url: string, authorization: string) => (await t.inject({ url, headers: { authorization } })).headers.date;
  expect(await at('/toloka/api/v1/requester', 'OAuth d')).toBe('Sun, 01 Mar 2026 10:00:00 GMT');
  t.advance(90_500);
  expect(await at('/toloka/api/v1/requester', 'OAuth d')).toBe('Sun, 01 Mar 2026 10:01:30 GMT');
  expect(await at('/appmetrica/management/v1/applications', 'OAuth d')).toBe('Sun, 01 Mar 2026 10:01:30 GMT');
  expect(await at('/mytarget/api/v2/user.json', 'Bearer d')).toBe('Sun, 01 Mar 2026 10:01:30 GMT');
  // Errors and unknown paths too.
  expect(await at('/toloka/api/v1/no-such-thing', 'OAuth d')).toBe('Sun, 01 Mar 2026 10:01:30 GMT');
  expect(await at('/appmetrica/logs/v1/export/events.json', '')).toBe('Sun, 01 Mar 2026 10:01:30 GMT');
  expect(await at('/mytarget/api/v2/user.json', '')).toBe('Sun, 01 Mar 2026 10:01:30 GMT'); // 401
  const submitted = await t.inject({ url: '/mytarget/async_api/v2/user.json', headers: { authorization: 'Bearer d' } });
  expect([submitted.statusCode, submitted.headers.date]).toEqual([202, 'Sun, 01 Mar 2026 10:01:30 GMT']);
  t.advance(60_000);
  const status = await t.inject({ url: String(submitted.headers.location), headers: { authorization: 'Bearer d' } });
  expect(status.headers.date).toBe('Sun, 01 Mar 2026 10:02:30 GMT');
});
