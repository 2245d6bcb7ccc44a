/**
 * Every fault kind is reachable both from a scenario file and from the one-shot queue (through
 * the admin API), and shows on the wire of each API it applies to.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, onTestFinished, test } from 'vitest';
import { createTestStand, type TestStand } from '../../src/testing/index.js';
import type { ApiName } from '../../src/core/journal.js';
import { exportUrl } from '../appmetrica/helpers.js';
import { AUTH as MT_AUTH } from '../mytarget/helpers.js';
import { AUTH as TL_AUTH, task } from '../toloka/helpers.js';

const AM_AUTH = { authorization: 'OAuth matrix' };
type Check = (t: TestStand) => Promise<void>;

const json = (body: string) => JSON.parse(body) as Record<string, any>;
const tolokaBatch = (t: TestStand, items = [task(1), task(2)]) =>
  t.inject({ method: 'POST', url: '/toloka/api/v1/tasks?async_mode=true', headers: { ...TL_AUTH, 'content-type': 'application/json' }, payload: JSON.stringify(items) });

/** [api, fault rule, what the wire shows] */
const CASES: [string, ApiName, Record<string, unknown>, Check][] = [
  ['appmetrica status', 'appmetrica', { action: { type: 'status', status: 503 } }, async (t) => {
    const res = await t.inject({ url: exportUrl(), headers: AM_AUTH });
    expect([res.statusCode, res.headers['content-type'], res.body]).toEqual([503, 'text/plain', 'Service temporarily unavailable.']);
  }],
  ['appmetrica fail', 'appmetrica', { action: { type: 'fail', status: 500 } }, async (t) => {
    await t.inject({ url: exportUrl(), headers: AM_AUTH });
    t.advance(60_000);
    expect((await t.inject({ url: exportUrl(), headers: AM_AUTH })).statusCode).toBe(500);
  }],
  ['appmetrica delay', 'appmetrica', { action: { type: 'delay', ms: 20 } }, async (t) => {
    expect((await t.inject({ url: exportUrl(), headers: AM_AUTH })).statusCode).toBe(202);
    expect(t.stand.requests()[0]!.fault).toBe('delay');
  }],
  ['appmetrica drop', 'appmetrica', { action: { type: 'drop' } }, async (t) => {
    await expect(fetch(`${t.url}${exportUrl()}`, { headers: AM_AUTH })).rejects.toThrow();
  }],
  ['mytarget status (sync API)', 'mytarget', { match: { path: '/api/*' }, action: { type: 'status', status: 503 } }, async (t) => {
    const res = await t.inject({ url: '/mytarget/api/v2/user.json', headers: MT_AUTH });
    expect(res.statusCode).toBe(503);
    expect(json(res.body).error).toMatchObject({ code: expect.any(String), message: expect.any(String) });
  }],
  ['mytarget unknown', 'mytarget', { action: { type: 'unknown' } }, async (t) => {
    const res = await t.inject({ url: '/mytarget/async_api/v2/user.json', headers: MT_AUTH });
    t.advance(60_000);
    const status = await t.inject({ url: String(res.headers.location), headers: MT_AUTH });
    expect(json(status.body).status).toBe('unknown');
  }],
  ['mytarget callback', 'mytarget', { action: { type: 'callback', outcome: 502 } }, async (t) => {
    const sink = await t.callbackSink();
    await t.inject({ url: '/mytarget/async_api/v2/user.json', headers: { ...MT_AUTH, 'x-callback-location': `${sink.url}/cb` } });
    t.advance(60_000);
    await t.stand.settle();
    const attempts = t.stand.callbackAttempts({ api: 'mytarget' });
    expect(attempts[0]).toMatchObject({ attempt: 1, status: 502, ok: false });
    t.advance(60_000);
    await sink.waitFor(1); // the retry reaches the real receiver
  }],
  ['mytarget drop', 'mytarget', { action: { type: 'drop' } }, async (t) => {
    await expect(fetch(`${t.url}/mytarget/api/v2/user.json`, { headers: MT_AUTH })).rejects.toThrow();
  }],
  ['toloka status', 'toloka', { action: { type: 'status', status: 429 } }, async (t) => {
    const res = await t.inject({ url: '/toloka/api/v1/operations', headers: TL_AUTH });
    expect(res.statusCode).toBe(429);
    expect(json(res.body)).toMatchObject({ code: 'TOO_MANY_REQUESTS', request_id: expect.any(String) });
  }],
  ['toloka fail', 'toloka', { action: { type: 'fail' } }, async (t) => {
    const op = json((await tolokaBatch(t)).body);
    t.advance(60_000);
    expect(t.stand.job('toloka', op.id).state).toBe('FAIL');
  }],
  ['toloka invalid', 'toloka', { action: { type: 'invalid', item: 1 } }, async (t) => {
    const op = json((await tolokaBatch(t)).body);
    t.advance(60_000);
    const log = json((await t.inject({ url: `/toloka/api/v1/operations/${op.id}/log`, headers: TL_AUTH })).body) as unknown as { type: string; success: boolean }[];
    expect(log[1]).toMatchObject({ type: 'TASK_VALIDATE', success: false });
  }],
  ['toloka delay', 'toloka', { action: { type: 'delay', ms: 20 } }, async (t) => {
    expect((await t.inject({ url: '/toloka/api/v1/operations', headers: TL_AUTH })).statusCode).toBe(200);
    expect(t.stand.requests()[0]!.fault).toBe('delay');
  }],
  ['toloka drop', 'toloka', { action: { type: 'drop' } }, async (t) => {
    await expect(fetch(`${t.url}/toloka/api/v1/operations`, { headers: TL_AUTH })).rejects.toThrow();
  }],
];

test.each(CASES)('%s, from the one-shot queue (admin API)', async (_name, api, rule, check) => {
  const t = await createTestStand({ listen: true });
  onTestFinished(t.close);
  const res = await t.inject({ method: 'POST', url: '/_stand/scenario/queue', payload: { api, rule } });
  expect(res.statusCode).toBe(201);
  await check(t);
});

test.each(CASES)('%s, from a scenario file', async (_name, api, rule, check) => {
  const dir = mkdtempSync(join(tmpdir(), 'stand-matrix-'));
  writeFileSync(join(dir, 'matrix.json'), JSON.stringify({ version: 1, [api]: { faults: [{ ...rule, times: 1 }] } }));
  const t = await createTestStand({ listen: true, scenariosDir: dir });
  onTestFinished(t.close);
  const put = await t.inject({ method: 'PUT', url: '/_stand/scenario', payload: { name: 'matrix' } });
  expect(put.statusCode).toBe(200);
  await check(t);
});
