import { expect, test } from 'vitest';
import { SCENARIO_HEADER } from '../../src/scenarios/engine.js';
import { AUTH, get, getJson, post, task, tolokaStand, untilDone } from './helpers.js';

test('a "fail" job fault makes the operation end FAIL; each item logs a non-validation failure', async () => {
  const t = await tolokaStand({ faults: [{ match: { path: '/api/v1/tasks' }, nth: 1, action: { type: 'fail', message: 'Scripted outage' } }] });
  const id = JSON.parse((await post(t, '/tasks?async_mode=true', [task(1), task(2)])).body).id;
  untilDone(t, id);
  expect(await getJson(t, `/operations/${id}`)).toMatchObject({
    status: 'FAIL',
    details: { total_count: 2, valid_count: 2, not_valid_count: 0, success_count: 0, failed_count: 2 },
  });
  const log = await getJson<any[]>(t, `/operations/${id}/log`);
  expect(log).toHaveLength(2);
  expect(log[0]).toEqual({
    type: 'TASK_CREATE',
    success: false,
    input: task(1),
    output: { code: 'OPERATION_EXECUTION_ERROR', message: 'Scripted outage', request_id: expect.stringMatching(/^[0-9a-f-]{36}$/) },
  });
  expect((await getJson(t, '/tasks?pool_id=1')).items).toEqual([]);
  // nth: 1 — the next operation succeeds.
  const next = JSON.parse((await post(t, '/tasks?async_mode=true', [task(3)])).body).id;
  untilDone(t, next);
  expect((await getJson(t, `/operations/${next}`)).status).toBe('SUCCESS');
});

test('an "invalid" job fault fails validation of the item it names', async () => {
  const t = await tolokaStand({
    faults: [{ action: { type: 'invalid', item: 1, field: 'input_values.image', code: 'INVALID_URL_SYNTAX', message: 'Value must be in valid url format' } }],
  });
  const id = JSON.parse((await post(t, '/tasks?async_mode=true&skip_invalid_items=true', [task(1), task(2), task(3)])).body).id;
  untilDone(t, id);
  const log = await getJson<any[]>(t, `/operations/${id}/log`);
  expect(log.map((e) => e.success)).toEqual([true, false, true]);
  expect(log[1]).toMatchObject({
    type: 'TASK_VALIDATE',
    output: { 'input_values.image': { code: 'INVALID_URL_SYNTAX', message: 'Value must be in valid url format' } },
  });
  expect((await getJson(t, `/operations/${id}`)).details).toMatchObject({ valid_count: 2, not_valid_count: 1 });
});

test('one request can carry its own fault in the X-Stand-Scenario header (sync mode: invalid only)', async () => {
  const t = await tolokaStand();
  const rule = JSON.stringify({ action: { type: 'invalid', item: 0, field: 'pool_id', code: 'ENTITY_DOES_NOT_EXIST', message: 'Entity does not exist' } });
  const res = await post(t, '/tasks', [task(1)], { ...AUTH, [SCENARIO_HEADER]: rule });
  expect(res.statusCode).toBe(400);
  expect(JSON.parse(res.body).payload).toEqual({ '0': { pool_id: { code: 'ENTITY_DOES_NOT_EXIST', message: 'Entity does not exist' } } });
  const failRule = JSON.stringify({ action: { type: 'fail' } });
  const op = JSON.parse((await post(t, '/pools/1/close', undefined, { ...AUTH, [SCENARIO_HEADER]: failRule })).body);
  untilDone(t, op.id);
  expect((await getJson(t, `/operations/${op.id}`)).status).toBe('FAIL');
  expect((await getJson(t, '/pools/1')).status).toBe('OPEN');
});

test('{"polls": N} durations move an operation on the Nth poll of GET /operations/{id}', async () => {
  const t = await tolokaStand({ pending: { polls: 1 }, running: { polls: 2 } });
  const id = JSON.parse((await post(t, '/tasks?async_mode=true', [task(1)])).body).id;
  expect((await getJson(t, `/operations/${id}`)).status).toBe('RUNNING');
  const mid = await getJson(t, `/operations/${id}`);
  expect(mid).toMatchObject({ status: 'RUNNING', progress: 50 });
  expect((await getJson(t, `/operations/${id}`)).status).toBe('SUCCESS');
});

test('"manual" operations move only through the admin API: advance one step, complete to the end', async () => {
  const t = await tolokaStand({ pending: 'manual', running: 'manual' });
  const a = JSON.parse((await post(t, '/tasks?async_mode=true', [task(1)])).body).id;
  const b = JSON.parse((await post(t, '/tasks?async_mode=true', [task(2)])).body).id;
  t.advance(86_400_000);
  expect((await getJson(t, `/operations/${a}`)).status).toBe('PENDING');

  const jobs = await t.inject({ url: '/_stand/jobs?api=toloka' });
  expect(JSON.parse(jobs.body).items.map((j: { id: string; kind: string; state: string }) => [j.id, j.kind, j.state])).toEqual([
    [a, 'TASK.BATCH_CREATE', 'PENDING'],
    [b, 'TASK.BATCH_CREATE', 'PENDING'],
  ]);
  const adv = await t.inject({ method: 'POST', url: `/_stand/jobs/toloka/${a}/advance` });
  expect(JSON.parse(adv.body)).toMatchObject({ state: 'RUNNING', next: { mode: 'manual' } });
  expect((await getJson(t, `/operations/${a}`)).status).toBe('RUNNING');
  const done = await t.inject({ method: 'POST', url: `/_stand/jobs/toloka/${b}/complete` });
  expect(JSON.parse(done.body)).toMatchObject({ state: 'SUCCESS', detail: { details: { success_count: 1 } } });
  expect((await getJson(t, `/operations/${b}`)).status).toBe('SUCCESS');
  const again = await t.inject({ method: 'POST', url: `/_stand/jobs/toloka/${b}/advance` });
  expect(again.statusCode).toBe(409);
  expect((await t.inject({ method: 'POST', url: '/_stand/jobs/toloka/nope/advance' })).statusCode).toBe(404);
});

test('reset forgets operations and accounts and brings the pools back', async () => {
  const t = await tolokaStand();
  const op = JSON.parse((await post(t, '/pools/1/close')).body);
  untilDone(t, op.id);
  await t.inject({ method: 'POST', url: '/_stand/reset' });
  expect((await get(t, `/operations/${op.id}`)).statusCode).toBe(404);
  expect((await getJson(t, '/pools/1')).status).toBe('OPEN');
  expect(t.stand.jobs({ api: 'toloka' })).toEqual([]);
  // The same steps after a reset give the same ids.
  const again = JSON.parse((await post(t, '/pools/1/close')).body);
  expect(again.id).toBe(op.id);
});
