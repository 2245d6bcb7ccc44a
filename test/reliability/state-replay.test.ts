/**
 * Issue 22: a restart from --state-file gives back exactly the state before it, and the work
 * pending then goes on as it would have. Each test runs the same inputs on a stand, "kills" it
 * (takes the file as it is on disk at that moment), restarts from the file, and compares what
 * the admin API shows; then drives both on and compares again.
 */
import { readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { expect, onTestFinished, test } from 'vitest';
import { startCallbackSink, type CallbackSink } from '../../src/testing/index.js';
import type { RunningStand } from '../../src/server.js';
import { call, crashCopy, lineKinds, snapshot, start, stateFile } from './state-helpers.js';

const AM = { authorization: 'OAuth replay' };
const MT = { authorization: 'Bearer replay', 'content-type': 'application/json' };
const TL = { authorization: 'OAuth replay', 'content-type': 'application/json' };
const EXPORT = '/appmetrica/logs/v1/export/events.json?application_id=1111&date_since=2026-01-01&date_until=2026-01-01&fields=event_name&limit=3';

/** A receiver whose answer depends on the path only (both stands of a test call it): /ok 200, /fail 500. */
async function sink(): Promise<CallbackSink> {
  const s = await startCallbackSink((_n, req) => (req.url.startsWith('/fail') ? 500 : 200));
  onTestFinished(s.close);
  return s;
}

/** Work of every API: exports, async calls with callbacks, operations, polls, a sync create, a dropped request. */
async function phaseOne(r: RunningStand, receiver: string): Promise<void> {
  await call(r, EXPORT, { headers: AM });
  await call(r, EXPORT.replace('event_name', 'os_name'), { headers: AM });
  for (let i = 0; i < 6; i++) {
    await call(r, '/mytarget/async_api/v2/user.json', { headers: { ...MT, 'x-callback-location': `${receiver}/${i % 2 ? 'fail' : 'ok'}/${i}` } });
  }
  await call(r, '/mytarget/api/v2/campaigns.json', { method: 'POST', headers: MT, body: JSON.stringify({ name: 'Kept', package_id: 814 }) });
  for (let i = 0; i < 6; i++) {
    await call(r, '/toloka/api/v1/tasks?async_mode=true', { method: 'POST', headers: TL, body: JSON.stringify([{ pool_id: '1', overlap: 1, input_values: { image: `https://example.com/${i}.png` } }]) });
  }
  r.enqueueFault('toloka', { match: { path: '/api/v1/operations' }, action: { type: 'drop' } });
  for (let i = 0; i < 3; i++) await call(r, '/toloka/api/v1/operations', { headers: TL });
  r.advance(1_500);
  await r.settle();
  for (let i = 1; i <= 6; i++) await call(r, `/mytarget/async_api/v2/requests/${i}.json`, { headers: MT });
  r.advance(30_000);
  await r.settle();
}

/** More time: retries due, results expiring, and a few new requests. */
async function phaseTwo(r: RunningStand): Promise<void> {
  await call(r, '/mytarget/async_api/v2/user.json', { headers: MT });
  await call(r, '/toloka/api/v1/operations', { headers: TL });
  r.advance(120_000);
  await r.settle();
  r.advance(86_400_000);
  await r.settle();
}

/** Runs phase one, restarts from the file as it is on disk, compares, runs phase two on both, compares. */
async function restartAndCompare(scenario: string, seed: number, crash: boolean): Promise<void> {
  const receiver = await sink();
  const file = stateFile();
  const first = await start({ stateFile: file, scenario, seed });
  await phaseOne(first, receiver.url);
  const before = await snapshot(first);
  let restored = file;
  if (crash) restored = crashCopy(file);
  else await first.close();
  const second = await start({ stateFile: restored, scenario, seed });
  expect(await snapshot(second), `${scenario}: right after the restart`).toEqual(before);
  if (crash) {
    await phaseTwo(first);
    await phaseTwo(second);
    expect(await snapshot(second), `${scenario}: a day later`).toEqual(await snapshot(first));
  }
}

test('under the flaky scenario a restart gives back the same jobs (callback faults no longer shift the faults of requests and jobs)', async () => {
  await restartAndCompare('flaky', 7, false);
});

test.each(['default', 'flaky', 'expiry', 'realistic'])('killed and restarted under %s: the same admin snapshot, and the same a day later', async (scenario) => {
  await restartAndCompare(scenario, 3, true);
});

test('a request dropped by a scripted drop is kept: after a restart the rules count on from where they were', async () => {
  const file = stateFile();
  const first = await start({ stateFile: file });
  // The 2nd request to the operation list is dropped; the one after the 2nd that reaches the 503 rule answers 503.
  const path = '/api/v1/operations';
  first.activateScenario({ version: 1, toloka: { faults: [{ match: { path }, nth: 2, action: { type: 'drop' } }, { match: { path }, nth: 3, action: { type: 'status', status: 503 } }] } });
  const list = async (r: RunningStand) => (await call(r, `/toloka${path}`, { headers: TL })).status;
  expect([await list(first), await list(first), await list(first)]).toEqual([200, 0, 200]);
  const second = await start({ stateFile: crashCopy(file) });
  expect(await list(second)).toBe(503);
  expect(await list(first)).toBe(503);
});

test('a callback retry pending when the stand is killed fires at its original time after the restart', async () => {
  const receiver = await startCallbackSink((n) => (n === 0 ? 500 : 200));
  onTestFinished(receiver.close);
  const file = stateFile();
  const first = await start({ stateFile: file });
  await call(first, '/mytarget/async_api/v2/user.json', { headers: { ...MT, 'x-callback-location': `${receiver.url}/cb` } });
  first.advance(10_000);
  await first.settle();
  expect(first.callbackAttempts().map((a) => [a.attempt, a.status])).toEqual([[1, 500]]);
  const retryAt = first.clockInfo().nextTaskAt;
  expect(retryAt).not.toBeNull();

  const second = await start({ stateFile: crashCopy(file) });
  expect(second.clockInfo().nextTaskAt).toBe(retryAt);
  second.advance(Date.parse(retryAt!) - second.now());
  await second.settle();
  expect(second.callbackAttempts().map((a) => [a.attempt, a.status, a.at])).toEqual([
    [1, 500, first.callbackAttempts()[0]!.at],
    [2, 200, retryAt],
  ]);
  expect(receiver.received).toHaveLength(2);
});

test('on a real clock a finished myTarget call comes back done, with its times, and its callback is not sent again', async () => {
  const receiver = await startCallbackSink();
  onTestFinished(receiver.close);
  const file = stateFile();
  const first = await start({ stateFile: file, clock: 'real' });
  const submitted = await call(first, '/mytarget/async_api/v2/user.json', { headers: { ...MT, 'x-callback-location': `${receiver.url}/cb` } });
  expect(submitted.status).toBe(202);
  first.advance(10_000);
  await receiver.waitFor(1);
  await first.settle();
  const [job] = first.jobs({ api: 'mytarget' });
  expect(job!.state).toBe('done');
  await first.close();

  const second = await start({ stateFile: file, clock: 'real' });
  expect(second.jobs({ api: 'mytarget' })).toEqual([job]);
  expect((await call(second, submitted.location!, { headers: MT })).status).toBe(303);
  second.advance(60_000);
  await second.settle();
  expect(receiver.received).toHaveLength(1);
  expect(second.callbackAttempts()).toEqual(first.callbackAttempts());
});

test('polls and reads that change nothing are not written to the state file as requests', async () => {
  const file = stateFile();
  const first = await start({ stateFile: file });
  const submitted = await call(first, '/mytarget/async_api/v2/user.json', { headers: MT });
  const op = JSON.parse((await call(first, '/toloka/api/v1/tasks?async_mode=true', { method: 'POST', headers: TL, body: JSON.stringify([{ pool_id: '1', overlap: 1, input_values: { image: 'https://example.com/a.png' } }]) })).body) as { id: string };
  await call(first, EXPORT, { headers: AM });
  for (let i = 0; i < 50; i++) {
    await call(first, submitted.location!, { headers: MT });
    await call(first, `/toloka/api/v1/operations/${op.id}`, { headers: TL });
    await call(first, EXPORT, { headers: AM });
    await call(first, '/_stand/jobs');
  }
  await first.close();
  expect(lineKinds(file)).toMatchObject({ request: 3 });
  expect(readdirSync(dirname(file))).toEqual(['state.json']);
});

test('a poll that moves a {polls: N} job on is kept, so the job is as far after a restart', async () => {
  const file = stateFile();
  const first = await start({ stateFile: file });
  first.activateScenario({ version: 1, mytarget: { enqueued: { polls: 3 } } });
  const submitted = await call(first, '/mytarget/async_api/v2/user.json', { headers: MT });
  for (let i = 0; i < 2; i++) await call(first, submitted.location!, { headers: MT });
  const second = await start({ stateFile: crashCopy(file) });
  expect(second.jobs()).toEqual(first.jobs());
  expect(JSON.parse((await call(second, submitted.location!, { headers: MT })).body).status).toBe('started');
});

test('sync calls counted against a rate limit are kept: after a restart the window is as used as before', async () => {
  const file = stateFile();
  const first = await start({ stateFile: file });
  first.activateScenario({ version: 1, mytarget: { rateLimits: { perSecond: 2 } }, toloka: { rateLimits: [{ interval: 'SECOND', limit: 2 }] } });
  for (let i = 0; i < 2; i++) {
    expect((await call(first, '/mytarget/api/v2/user.json', { headers: MT })).status).toBe(200);
    expect((await call(first, '/toloka/api/v1/operations', { headers: TL })).status).toBe(200);
  }
  const second = await start({ stateFile: crashCopy(file) });
  expect((await call(second, '/mytarget/api/v2/user.json', { headers: MT })).status).toBe(429);
  expect((await call(second, '/toloka/api/v1/operations', { headers: TL })).status).toBe(429);
});
