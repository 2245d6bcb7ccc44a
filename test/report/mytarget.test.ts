/** The client report's myTarget rules: a client that breaks each, and one that does not. */
import { expect, onTestFinished, test } from 'vitest';
import { createTestStand, type TestStand } from 'async-stand/testing';

const H = { authorization: 'Bearer mt-client', 'content-type': 'application/json' };

async function stand(mytarget: Record<string, unknown> = {}, listen = false): Promise<TestStand> {
  const t = await createTestStand({ listen });
  onTestFinished(t.close);
  t.stand.activateScenario({ version: 1, mytarget: { enqueued: 0, execution: 2_000, ...mytarget } });
  return t;
}
const codes = (t: TestStand) => t.stand.report({ api: 'mytarget', token: 'mt-client' }).clients.flatMap((c) => c.findings.map((f) => f.code));
const submit = async (t: TestStand, headers: Record<string, string> = {}) => {
  const res = await t.inject({ method: 'POST', url: '/mytarget/async_api/v2/campaigns.json', headers: { ...H, ...headers }, payload: { name: 'c', package_id: 814 } });
  return res.headers.location as string;
};

test('a sync call right after a 429 or with X-RateLimit-RPS-Remaining at 0 is a finding; waiting a second is not', async () => {
  const t = await stand({ rateLimits: { perSecond: 2 } });
  for (let i = 0; i < 3; i++) await t.inject({ url: '/mytarget/api/v2/campaigns.json', headers: H });
  expect(codes(t)).toEqual(['MYTARGET_RATE_LIMIT_IGNORED']);
  const polite = await stand({ rateLimits: { perSecond: 2 } });
  for (let i = 0; i < 3; i++) {
    await polite.inject({ url: '/mytarget/api/v2/campaigns.json', headers: H });
    polite.advance(1_000);
  }
  expect(codes(polite)).toEqual([]);
});

test('a status polled in a loop without the clock moving, then polled again after its 303: findings; poll each second and follow the 303: none', async () => {
  const t = await stand();
  const status = await submit(t);
  for (let i = 0; i < 8; i++) await t.inject({ url: status, headers: H });
  t.advance(3_000);
  await t.inject({ url: status, headers: H });
  await t.inject({ url: status, headers: H });
  expect(codes(t).sort()).toEqual(['MYTARGET_303_NOT_FOLLOWED', 'MYTARGET_STATUS_POLLED_TOO_OFTEN']);

  const good = await stand();
  const s = await submit(good);
  let res = await good.inject({ url: s, headers: H });
  while (res.statusCode === 200) {
    good.advance(1_000);
    res = await good.inject({ url: s, headers: H });
  }
  expect(res.statusCode).toBe(303);
  expect((await good.inject({ url: res.headers.location as string, headers: H })).statusCode).toBe(200);
  expect(codes(good)).toEqual([]);
});

test('a result fetched after it expired is a finding', async () => {
  const t = await stand({ resultTtlMs: 60_000 });
  const status = await submit(t);
  t.advance(5_000);
  t.advance(120_000);
  expect((await t.inject({ url: status.replace('requests', 'responses'), headers: H })).statusCode).toBe(404);
  expect(codes(t)).toEqual(['MYTARGET_RESULT_FETCHED_AFTER_EXPIRY']);
});

test('a callback URL that never answers 2xx is a finding; one that answers 200 is not', async () => {
  const t = await stand({}, true);
  t.stand.activateScenario({ version: 1, mytarget: { enqueued: 0, execution: 1_000 }, callbacks: { retries: 1, backoffMs: 1_000 } });
  const refusing = await t.callbackSink(() => 500);
  const answering = await t.callbackSink();
  await submit(t, { 'x-callback-location': refusing.url });
  await t.inject({ method: 'POST', url: '/mytarget/async_api/v2/campaigns.json', headers: { ...H, authorization: 'Bearer other', 'x-callback-location': answering.url }, payload: { name: 'd', package_id: 814 } });
  t.advance(2_000);
  await t.settle();
  t.advance(2_000);
  await t.settle();
  expect(codes(t)).toEqual(['MYTARGET_CALLBACK_NEVER_2XX']);
  expect(t.stand.report({ token: 'other' }).clients[0]!.findings).toEqual([]);
});

test('statistics read on the sync API is reported (info); through the async API it is not', async () => {
  const t = await stand();
  await t.inject({ url: '/mytarget/api/v2/statistics/campaigns/day.json?id=1&date_from=2026-01-01&date_to=2026-01-01', headers: H });
  expect(t.stand.report({ token: 'mt-client' }).clients[0]!.findings.map((f) => [f.code, f.severity])).toContainEqual(['MYTARGET_HEAVY_READ_ON_SYNC_API', 'info']);
  await t.stand.reset();
  await t.inject({ url: '/mytarget/async_api/v2/statistics/campaigns/day.json?id=1&date_from=2026-01-01&date_to=2026-01-01', headers: H });
  expect(codes(t)).not.toContain('MYTARGET_HEAVY_READ_ON_SYNC_API');
});
