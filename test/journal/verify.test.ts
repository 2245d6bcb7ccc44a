/** The verification journal: what each request keeps, filters, counts, unmatched calls, and near-miss help. */
import { expect, test } from 'vitest';
import { createTestStand, expectRequests } from 'async-stand/testing';

const MT = { authorization: 'Bearer client-token', 'content-type': 'application/json' };

test('a journaled request keeps its exchange: headers (token masked), body, the answer, latency and the job', async () => {
  const t = await createTestStand();
  const submitted = await t.inject({ method: 'POST', url: '/mytarget/async_api/v2/campaigns.json', headers: MT, payload: { name: 'Spring', package_id: 814 } });
  expect(submitted.statusCode).toBe(202);
  const [entry] = t.stand.requests({ api: 'mytarget' });
  expect(entry).toMatchObject({ method: 'POST', url: '/mytarget/async_api/v2/campaigns.json', status: 202, route: 'matched', job: '1' });
  expect(entry!.request.headers.authorization).toMatch(/^Bearer clie…\([0-9a-f]{4}\)$/);
  expect(JSON.parse(entry!.request.body!)).toEqual({ name: 'Spring', package_id: 814 });
  expect(entry!.response.headers.location).toBe('/mytarget/async_api/v2/requests/1.json');
  expect(entry!.latencyMs).toBeGreaterThanOrEqual(0);
  t.advance(5_000);
  await t.inject({ url: '/mytarget/async_api/v2/requests/1.json', headers: MT });
  expect(t.stand.requests({ job: '1' }).map((e) => e.status)).toEqual([202, 303]);
  await t.close();
});

test('filters by API, token, method, path glob, status, query and header; counts', async () => {
  const t = await createTestStand();
  const url = '/appmetrica/logs/v1/export/events.json?application_id=1111&date_since=2026-01-01&date_until=2026-01-01&fields=event_name';
  await t.inject({ url, headers: { authorization: 'OAuth a-token', 'cache-control': 'no-cache' } });
  await t.inject({ url, headers: { authorization: 'OAuth b-token' } });
  await t.inject({ url: '/toloka/api/v1/operations/nope', headers: { authorization: 'OAuth a-token' } });
  expect(t.stand.countRequests({ token: 'a-token' })).toBe(2);
  expect(t.stand.countRequests({ api: 'appmetrica', path: '/logs/v1/export/*', query: { application_id: '1111' } })).toBe(2);
  expect(t.stand.countRequests({ headers: { 'cache-control': 'no-cache' } })).toBe(1);
  expect(t.stand.countRequests({ api: 'toloka', status: 404 })).toBe(1);
  expect((await t.inject('/_stand/journal/requests?path=/logs/v1/export/*&header=cache-control:%20no-cache')).json().total).toBe(1);
  await t.close();
});

test('calls the stand did not know: no route (404) and real operations it does not emulate (501)', async () => {
  const t = await createTestStand();
  await t.inject({ url: '/toloka/api/v1/no-such-thing', headers: { authorization: 'OAuth x' } });
  await t.inject({ url: '/toloka/api/v1/operations', headers: { authorization: 'OAuth x' } });
  const unmatched = t.stand.unmatchedRequests();
  expect(unmatched.map((e) => [e.url, e.route])).toEqual([['/toloka/api/v1/no-such-thing', 'unmatched']]);
  expect((await t.inject('/_stand/journal/unmatched')).json().total).toBe(1);
  await t.close();
});

test('expectRequests: passes on the right count, and fails naming the near misses', async () => {
  const t = await createTestStand();
  for (let i = 0; i < 3; i++) await t.inject({ url: '/mytarget/api/v2/campaigns.json', headers: MT });
  expectRequests(t.stand, { api: 'mytarget', path: '/api/v2/campaigns.json' }).toHaveCount(3);
  expectRequests(t.stand, { method: 'DELETE' }).never();
  expect(() => expectRequests(t.stand, { api: 'mytarget', method: 'DELETE', path: '/api/v2/campaigns.json' }).toHaveCount(1)).toThrow(
    'expected exactly 1 request with api mytarget, method DELETE, path /api/v2/campaigns.json; found 0. Near misses: 3 requests with api mytarget, path /api/v2/campaigns.json, none with method DELETE (they had method GET ×3)',
  );
  const verify = await t.inject({ method: 'POST', url: '/_stand/journal/verify', payload: { api: 'mytarget', method: 'DELETE', count: 1 } });
  expect(verify.json()).toMatchObject({ ok: false, count: 0, expected: 'exactly 1' });
  expect(verify.json().nearMisses[0]).toMatch(/^3 requests with api mytarget, none with method DELETE/);
  await t.close();
});
