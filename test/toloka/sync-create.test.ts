import { expect, test } from 'vitest';
import { getJson, IMG, post, task, tolokaStand } from './helpers.js';

test('async_mode=false (the default) answers 201 with items and validation_errors keyed by input index', async () => {
  const t = await tolokaStand();
  const res = await post(t, '/tasks?skip_invalid_items=true', [task(1), { pool_id: '1', input_values: {}, overlap: 1 }, task(3)]);
  expect(res.statusCode).toBe(201);
  expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
  const body = JSON.parse(res.body);
  expect(Object.keys(body.items)).toEqual(['0', '2']);
  expect(body.items['0']).toMatchObject({ pool_id: '1', input_values: { image: IMG(1) }, overlap: 1, created: '2026-01-01T00:00:00.000' });
  expect(body.validation_errors).toEqual({
    '1': { 'input_values.image': { code: 'VALUE_REQUIRED', message: 'Value must be present and not equal to null' } },
  });
  // Created at once, no operation.
  expect(await getJson(t, `/tasks/${body.items['2'].id}`)).toEqual(body.items['2']);
  expect((await getJson(t, '/operations')).items).toEqual([]);
});

test('sync: one invalid item without skip_invalid_items is a 400 VALIDATION_ERROR and creates nothing', async () => {
  const t = await tolokaStand();
  const res = await post(t, '/tasks', [task(1), { pool_id: '1', input_values: { image: IMG(2), extra: 1 }, overlap: 1 }]);
  expect(res.statusCode).toBe(400);
  expect(JSON.parse(res.body)).toMatchObject({
    code: 'VALIDATION_ERROR',
    payload: { '1': { 'input_values.extra': { code: 'VALUE_NOT_ALLOWED', message: 'Unknown field name' } } },
  });
  expect((await getJson(t, '/tasks?pool_id=1')).items).toEqual([]);
});

test('sync: a single object answers 201 with the object itself, or 400 with its field errors', async () => {
  const t = await tolokaStand();
  const ok = await post(t, '/tasks', task(1, { __item_idx: '0' }));
  expect(ok.statusCode).toBe(201);
  const created = JSON.parse(ok.body);
  expect(created).toMatchObject({ pool_id: '1', input_values: { image: IMG(1) } });
  expect(created).not.toHaveProperty('__item_idx');
  const bad = await post(t, '/tasks', { pool_id: '4', input_values: { label: 'cat' } });
  expect(bad.statusCode).toBe(400);
  expect(JSON.parse(bad.body).payload).toEqual({ overlap: { code: 'VALUE_REQUIRED', message: 'Value must be present and not equal to null' } });
});

test('sync: more than maxSyncItems (5000) items answers 413 in the Toloka shape', async () => {
  const t = await tolokaStand({ maxSyncItems: 2 });
  const res = await post(t, '/tasks', [task(1), task(2), task(3)]);
  expect(res.statusCode).toBe(413);
  expect(JSON.parse(res.body)).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', payload: null });
});

test('sync bonuses and task suites answer 201 too', async () => {
  const t = await tolokaStand();
  const bonus = await post(t, '/user-bonuses', [{ user_id: 'ec00d2407f7241258d0faba610110d95', amount: 0.5, without_message: true }]);
  expect(bonus.statusCode).toBe(201);
  expect(JSON.parse(bonus.body).items['0']).toMatchObject({ amount: 0.5, without_message: true, id: expect.any(String) });
  const suite = await post(t, '/task-suites?allow_defaults=true', { pool_id: '1', tasks: [{ input_values: { image: IMG(1) } }] });
  expect(suite.statusCode).toBe(201);
  expect(JSON.parse(suite.body)).toMatchObject({ pool_id: '1', overlap: 3, tasks: [{ input_values: { image: IMG(1) } }] });
});

test('bonuses: two alike in one request are 409 ENTITY_CONFLICT (OAS post /user-bonuses), nothing paid; over 100 without async_mode is 413', async () => {
  const t = await tolokaStand();
  const user = 'ec00d2407f7241258d0faba610110d95'; // a Toloker of the default fixtures
  const bonus = (amount: number, comment = 'for task 1') => ({ user_id: user, amount, public_title: { EN: 'Thanks' }, public_message: { EN: 'Good work' }, private_comment: comment });
  const balance = (await getJson(t, '/requester')).balance;
  const twins = await post(t, '/user-bonuses', [bonus(1), bonus(2), bonus(1)]);
  expect(twins.statusCode).toBe(409);
  expect(twins.json()).toMatchObject({
    code: 'ENTITY_CONFLICT',
    payload: { user_id: { code: 'ENTITY_CONFLICT', message: 'It is not allowed to apply multiple bonuses with the same amount, title, message and comment to same Toloker in single operation' } },
  });
  expect((await post(t, '/user-bonuses?async_mode=true', [bonus(1), bonus(1)])).statusCode).toBe(409);
  expect((await getJson(t, '/requester')).balance).toBe(balance);
  // Another comment makes them two bonuses.
  expect((await post(t, '/user-bonuses', [bonus(1), bonus(1, 'for task 2')])).statusCode).toBe(201);

  const many = Array.from({ length: 101 }, (_, i) => bonus(0.01, `task ${i}`));
  expect((await post(t, '/user-bonuses', many)).statusCode).toBe(413);
  expect((await post(t, '/user-bonuses', many.slice(0, 100))).statusCode).toBe(201);
  expect((await post(t, '/user-bonuses?async_mode=true', many)).statusCode).toBe(202);
});

test('operation_id is an idempotency key of a synchronous create too: a repeat is 409 OPERATION_ALREADY_EXISTS, nothing made twice', async () => {
  const t = await tolokaStand();
  const op = '2b7f3b1e-8c1d-4e7a-9f00-5a0c6f1d2e3f';
  const first = await post(t, `/tasks?operation_id=${op}&async_mode=false`, [task(1)]);
  expect(first.statusCode).toBe(201);
  const again = await post(t, `/tasks?operation_id=${op}&async_mode=false`, [task(1)]);
  expect([again.statusCode, again.json().code]).toEqual([409, 'OPERATION_ALREADY_EXISTS']);
  expect((await post(t, `/tasks?operation_id=${op}&async_mode=true`, [task(2)])).statusCode).toBe(409);
  expect((await getJson(t, '/tasks?pool_id=1&limit=100')).items.filter((x: { input_values: { image: string } }) => x.input_values.image === IMG(1))).toHaveLength(1);
  // A request refused as invalid made nothing: its id may be sent again.
  const other = '3c8f4c2f-9d2e-4f8b-8a11-6b1d7e2f3a4b';
  expect((await post(t, `/tasks?operation_id=${other}&async_mode=false`, [{ pool_id: '1', input_values: {} }])).statusCode).toBe(400);
  expect((await post(t, `/tasks?operation_id=${other}&async_mode=false`, [task(3)])).statusCode).toBe(201);
});

test("traits of tasks and suites, and a suite's longitude and latitude, are kept and shown (toloka-kit's task_map and task_suite_map)", async () => {
  const t = await tolokaStand();
  const traits = { traits_all_of: ['trait-1'], traits_any_of: ['trait-2'], traits_none_of_any: ['trait-3'] };
  const made = await post(t, '/tasks?async_mode=false', { ...task(1), ...traits });
  expect(made.statusCode).toBe(201);
  expect(Object.keys(made.json()).slice(-3)).toEqual(['traits_all_of', 'traits_any_of', 'traits_none_of_any']);
  expect(await getJson(t, `/tasks/${made.json().id}`)).toMatchObject(traits);
  const suite = await post(t, '/task-suites?async_mode=false', { pool_id: '1', overlap: 1, tasks: [{ input_values: { image: IMG(2) } }], ...traits, longitude: 136.22, latitude: '58.588' });
  expect(suite.statusCode).toBe(201);
  expect(suite.json()).toMatchObject({ ...traits, longitude: 136.22, latitude: 58.588 });
  const bad = await post(t, '/task-suites?async_mode=false', { pool_id: '1', overlap: 1, tasks: [{ input_values: { image: IMG(3) } }], traits_any_of: 'trait-2', latitude: 91 });
  expect(bad.json().payload).toMatchObject({ traits_any_of: { code: 'ARRAY_EXPECTED' }, latitude: { code: 'VALUE_OUT_OF_BOUNDS' } });
});
