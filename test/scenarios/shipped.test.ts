import { expect, onTestFinished, test } from 'vitest';
import { createTestStand, type TestStand } from '../../src/testing/index.js';
import { exportUrl } from '../appmetrica/helpers.js';
import { submit, AUTH as MT_AUTH } from '../mytarget/helpers.js';
import { post as tolokaPost, get as tolokaGet, task } from '../toloka/helpers.js';

const AM_AUTH = { authorization: 'OAuth scenario-test' };

async function withScenario(scenario: string, seed = 1): Promise<TestStand> {
  const t = await createTestStand({ scenario, seed });
  onTestFinished(t.close);
  return t;
}

test('default: an export is ready within seconds, an async call and an operation within about a second', async () => {
  const t = await withScenario('default');
  await t.inject({ url: exportUrl(), headers: AM_AUTH });
  const { id } = await submit(t, { rest: 'v2/user.json' });
  const op = JSON.parse((await tolokaPost(t, '/tasks?async_mode=true', [task(1)])).body) as { id: string };
  t.advance(5_000);
  expect((await t.inject({ url: exportUrl(), headers: AM_AUTH })).statusCode).toBe(200);
  expect(t.stand.job('mytarget', id).state).toBe('done');
  expect(t.stand.job('toloka', op.id).state).toBe('SUCCESS');
});

test('realistic: an export takes minutes, not seconds; an operation runs up to a minute', async () => {
  const t = await withScenario('realistic');
  await t.inject({ url: exportUrl(), headers: AM_AUTH });
  t.advance(59_000);
  expect((await t.inject({ url: exportUrl(), headers: AM_AUTH })).statusCode).toBe(202);
  const took = t.advanceUntil(() => t.stand.jobs({ api: 'appmetrica' })[0]!.state === 'ready');
  expect(took).toBeGreaterThan(1_000);
  expect(took + 59_000).toBeLessThanOrEqual(300_000 + 1_000 + 1_000); // 60-300 s + 20,000 rows at 20,000 rows/s
  const op = JSON.parse((await tolokaPost(t, '/tasks?async_mode=true', [task(1)])).body) as { id: string };
  const opTook = t.advanceUntil({ api: 'toloka', id: op.id, state: 'SUCCESS' });
  expect(opTook).toBeGreaterThanOrEqual(2_500);
  expect(opTook).toBeLessThanOrEqual(65_005);
});

test('flaky: under its seed some calls fail with the APIs\' own errors, and the same seed fails the same calls', async () => {
  const run = async () => {
    const t = await withScenario('flaky', 42);
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) {
      statuses.push((await t.inject({ url: exportUrl({ fields: i % 2 ? 'event_name' : 'os_name' }), headers: AM_AUTH })).statusCode);
      statuses.push((await tolokaGet(t, '/operations?limit=1')).statusCode);
    }
    return statuses;
  };
  const a = await run();
  expect(a.filter((s) => s >= 500 || s === 429).length).toBeGreaterThan(0);
  expect(a.filter((s) => s < 300).length).toBeGreaterThan(0);
  expect(await run()).toEqual(a);
});

test('flaky: the sync myTarget API is held to 2 requests a second', async () => {
  const t = await withScenario('flaky', 3);
  const codes: number[] = [];
  for (let i = 0; i < 3; i++) codes.push((await t.inject({ url: '/mytarget/api/v2/user.json', headers: MT_AUTH })).statusCode);
  expect(codes).toEqual([200, 200, 429]);
});

test('expiry: an export file lives a minute, a myTarget result a minute, a Toloka log two minutes', async () => {
  const t = await withScenario('expiry');
  await t.inject({ url: exportUrl(), headers: AM_AUTH });
  const { id } = await submit(t, { rest: 'v2/user.json' });
  const op = JSON.parse((await tolokaPost(t, '/tasks?async_mode=true', [task(1)])).body) as { id: string };
  t.advance(4_000); // everything done
  expect((await t.inject({ url: exportUrl(), headers: AM_AUTH })).statusCode).toBe(200);
  expect((await t.inject({ url: `/mytarget/async_api/v2/requests/${id}.json`, headers: MT_AUTH })).statusCode).toBe(303);
  expect((await tolokaGet(t, `/operations/${op.id}/log`)).statusCode).toBe(200);
  t.advance(61_000);
  expect((await t.inject({ url: exportUrl(), headers: AM_AUTH })).body).toBe('Your query is added to the queue.');
  expect((await t.inject({ url: `/mytarget/async_api/v2/requests/${id}.json`, headers: MT_AUTH })).statusCode).toBe(404);
  expect((await tolokaGet(t, `/operations/${op.id}/log`)).statusCode).toBe(200);
  t.advance(60_000);
  const archived = await tolokaGet(t, `/operations/${op.id}/log`);
  expect(JSON.parse(archived.body).code).toBe('OPERATION_LOGS_ARCHIVED');
});
