import { expect, test } from 'vitest';
import { get, getJson, IMG, post, task, tolokaStand, untilDone } from './helpers.js';

test('opening an empty pool answers 409 EMPTY_POOL at once (toloka-kit raises IncorrectActionsApiError); no operation is made', async () => {
  const t = await tolokaStand();
  expect((await getJson(t, '/pools/2')).status).toBe('CLOSED');
  const res = await post(t, '/pools/2/open');
  expect(res.statusCode).toBe(409);
  expect(JSON.parse(res.body)).toMatchObject({ code: 'EMPTY_POOL', message: 'Pool contains no tasks. Operation is not allowed', request_id: expect.any(String) });
  expect((await getJson(t, '/operations')).items).toEqual([]);
  expect((await getJson(t, '/pools/2')).status).toBe('CLOSED');
});

test('open_pool=true opens only the pools the batch created objects in: an empty closed pool stays closed', async () => {
  const t = await tolokaStand();
  // The item for pool 2 is invalid (skip_invalid_items): nothing is created there.
  const res = await post(t, '/tasks?async_mode=true&open_pool=true&skip_invalid_items=true', [task(1), { pool_id: '2', input_values: {}, overlap: 1 }]);
  const op = JSON.parse(res.body);
  untilDone(t, op.id);
  const log = await getJson<any[]>(t, `/operations/${op.id}/log`);
  expect(log.map((e) => [e.type, e.success])).toEqual([['TASK_CREATE', true], ['TASK_VALIDATE', false]]);
  expect((await getJson(t, '/pools/2')).status).toBe('CLOSED');
});

test('with tasks in it the pool opens: POOL.OPEN SUCCESS, pool OPEN; opening again answers 204 with no body', async () => {
  const t = await tolokaStand();
  expect((await post(t, '/tasks', [{ pool_id: '2', input_values: { image: IMG(1) }, overlap: 1 }])).statusCode).toBe(201);
  const op = JSON.parse((await post(t, '/pools/2/open')).body);
  untilDone(t, op.id);
  expect(await getJson(t, `/operations/${op.id}`)).toMatchObject({ status: 'SUCCESS', progress: 100 });
  expect(await getJson(t, '/pools/2')).toMatchObject({ id: '2', status: 'OPEN', last_started: expect.any(String) });
  const again = await post(t, '/pools/2/open');
  expect(again.statusCode).toBe(204);
  expect(again.body).toBe('');
});

test('closing an open pool: POOL.CLOSE then CLOSED; an archived pool answers 409 INAPPROPRIATE_STATUS; an unknown one 404', async () => {
  const t = await tolokaStand();
  const op = JSON.parse((await post(t, '/pools/1/close')).body);
  expect(op.type).toBe('POOL.CLOSE');
  untilDone(t, op.id);
  expect(await getJson(t, '/pools/1')).toMatchObject({ status: 'CLOSED', last_close_reason: 'MANUAL' });
  expect((await post(t, '/pools/1/close')).statusCode).toBe(204);
  const archived = await post(t, '/pools/3/open');
  expect(archived.statusCode).toBe(409);
  expect(JSON.parse(archived.body)).toMatchObject({ code: 'INAPPROPRIATE_STATUS', payload: { appropriate_statuses: ['CLOSED'] } });
  const unknown = await post(t, '/pools/77/open');
  expect(unknown.statusCode).toBe(404);
  expect(JSON.parse(unknown.body).code).toBe('DOES_NOT_EXIST');
});

test('each account has its own copy of the pools', async () => {
  const t = await tolokaStand();
  const op = JSON.parse((await post(t, '/pools/1/close')).body);
  untilDone(t, op.id);
  expect((await getJson(t, '/pools/1')).status).toBe('CLOSED');
  const other = await get(t, '/pools/1', { authorization: 'ApiKey other' });
  expect(JSON.parse(other.body).status).toBe('OPEN');
  // Forms are shared between accounts until changed: a PATCH and a PUT change this account's only.
  const before = JSON.parse(other.body);
  const patched = await t.inject({ method: 'PATCH', url: '/toloka/api/v1/pools/1', headers: { authorization: 'OAuth toloka-test-token', 'content-type': 'application/json' }, payload: JSON.stringify({ priority: 42 }) });
  expect(patched.statusCode).toBe(200);
  expect(JSON.parse(patched.body).priority).toBe(42);
  const { id: _id, status: _status, created: _created, owner: _owner, last_started: _ls, last_stopped: _lt, last_close_reason: _lr, ...form } = await getJson(t, '/pools/1');
  const put = await t.inject({ method: 'PUT', url: '/toloka/api/v1/pools/1', headers: { authorization: 'OAuth toloka-test-token', 'content-type': 'application/json' }, payload: JSON.stringify({ ...form, private_name: 'Mine' }) });
  expect(put.statusCode).toBe(200);
  expect(JSON.parse((await get(t, '/pools/1', { authorization: 'ApiKey other' })).body)).toEqual(before);
  expect(await getJson(t, '/pools/1')).toMatchObject({ private_name: 'Mine', priority: 42 });
  // A later account starts from the fixture again.
  expect(JSON.parse((await get(t, '/pools/1', { authorization: 'ApiKey third' })).body)).toMatchObject({ status: 'OPEN', private_name: before.private_name });
});

test('open_pool=true opens the closed pool once the tasks are created, with a POOL_OPEN step after the items', async () => {
  const t = await tolokaStand();
  const items = [
    { pool_id: '2', input_values: { image: IMG(1) }, overlap: 1, __item_idx: '0' },
    { pool_id: '2', input_values: { image: IMG(2) }, overlap: 1, __item_idx: '1' },
  ];
  const res = await post(t, '/tasks?async_mode=true&open_pool=true', items);
  const id = JSON.parse(res.body).id;
  expect(JSON.parse(res.body).parameters.open_pool).toBe(true);
  expect((await getJson(t, '/pools/2')).status).toBe('CLOSED');
  untilDone(t, id);
  const log = await getJson<any[]>(t, `/operations/${id}/log`);
  expect(log.map((e) => e.type)).toEqual(['TASK_CREATE', 'TASK_CREATE', 'POOL_OPEN']);
  expect(log[2]).toEqual({ type: 'POOL_OPEN', success: true, input: { pool_id: '2' }, output: {} });
  expect((await getJson(t, '/pools/2')).status).toBe('OPEN');
});

test('tasks can go to a closed pool but not to an archived one', async () => {
  const t = await tolokaStand();
  const res = await post(t, '/tasks?skip_invalid_items=true', [task(1, { pool_id: '2' }), task(2, { pool_id: '3' })]);
  expect(res.statusCode).toBe(201);
  const body = JSON.parse(res.body);
  expect(Object.keys(body.items)).toEqual(['0']);
  expect(body.validation_errors['1'].pool_id.code).toBe('VALUE_NOT_ALLOWED');
});
