import { expect, test } from 'vitest';
import { AUTH, get, getJson, IMG, post, task, tolokaStand, untilDone } from './helpers.js';

const OP_ID = '5c04458e-63c1-46c1-ba0d-6f0756a5358b';
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}$/;

/** Three tasks for pool 1; the second has a misspelt field (imagis) and so no image. */
const BATCH = [
  { pool_id: '1', input_values: { image: IMG(1) }, overlap: 1, __item_idx: '0' },
  { pool_id: '1', input_values: { imagis: IMG(2) }, overlap: 1, __item_idx: '1' },
  { pool_id: '1', input_values: { image: IMG(3), text: 'third' }, overlap: 1, __item_idx: '2', client_ref: { any: ['thing'] } },
];

test('a 3-item async batch with one invalid item and skip_invalid_items=false answers 202, then ends FAIL with nothing created', async () => {
  const t = await tolokaStand();
  const res = await post(t, `/tasks?async_mode=true&operation_id=${OP_ID}`, BATCH);
  expect(res.statusCode).toBe(202);
  expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
  expect(JSON.parse(res.body)).toEqual({
    id: OP_ID,
    type: 'TASK.BATCH_CREATE',
    status: 'PENDING',
    submitted: '2026-01-01T00:00:00.000',
    progress: 0,
    parameters: { open_pool: false, allow_defaults: false, skip_invalid_items: false },
    details: { items_count: 3 },
  });

  untilDone(t, OP_ID);
  const op = await getJson(t, `/operations/${OP_ID}`);
  expect(op.status).toBe('FAIL');
  expect(op.progress).toBe(100);
  expect(op.details).toEqual({ total_count: 3, valid_count: 2, not_valid_count: 1, success_count: 0, failed_count: 3 });
  expect(op.started).toMatch(ISO);
  expect(op.finished).toMatch(ISO);

  const log = await getJson<any[]>(t, `/operations/${OP_ID}/log`);
  expect(log.map((e) => [e.type, e.success])).toEqual([
    ['TASK_VALIDATE', false],
    ['TASK_VALIDATE', false],
    ['TASK_VALIDATE', false],
  ]);
  expect(log.map((e) => e.input)).toEqual(BATCH);
  expect(log[1].output).toEqual({
    'input_values.image': { code: 'VALUE_REQUIRED', message: 'Value must be present and not equal to null' },
    'input_values.imagis': { code: 'VALUE_NOT_ALLOWED', message: 'Unknown field name' },
  });
  // Valid items that were not created: a failed step without field errors.
  expect(log[0].output).toEqual({});
  expect(JSON.parse((await get(t, '/tasks?pool_id=1')).body)).toEqual({ items: [], has_more: false });
});

test('with skip_invalid_items=true the same batch ends SUCCESS: 2 tasks created, the log in input order echoing every key', async () => {
  const t = await tolokaStand();
  const res = await post(t, `/tasks?async_mode=true&skip_invalid_items=true&operation_id=${OP_ID}`, BATCH);
  expect(res.statusCode).toBe(202);
  untilDone(t, OP_ID);

  const op = await getJson(t, `/operations/${OP_ID}`);
  expect(op.status).toBe('SUCCESS');
  expect(op.details).toEqual({ total_count: 3, valid_count: 2, not_valid_count: 1, success_count: 2, failed_count: 1 });

  const log = await getJson<any[]>(t, `/operations/${OP_ID}/log`);
  expect(log).toHaveLength(3);
  expect(log.map((e) => e.type)).toEqual(['TASK_CREATE', 'TASK_VALIDATE', 'TASK_CREATE']);
  expect(log.map((e) => e.success)).toEqual([true, false, true]);
  // input is the submitted object verbatim, unknown top-level keys included.
  expect(log[0].input).toEqual(BATCH[0]);
  expect(log[2].input).toEqual(BATCH[2]);
  expect(log[2].input.__item_idx).toBe('2');
  const ids = [log[0].output.task_id, log[2].output.task_id] as string[];
  for (const id of ids) expect(id).toMatch(/^0000000001--[0-9a-f]{24}$/);
  expect(ids[0]! < ids[1]!).toBe(true);

  // The created tasks exist: by id, and in the pool's list (how clients fetch them back).
  const first = await getJson(t, `/tasks/${ids[0]}`);
  expect(first).toMatchObject({ id: ids[0], pool_id: '1', input_values: { image: IMG(1) }, overlap: 1, remaining_overlap: 1, infinite_overlap: false });
  expect(first.created).toBe(op.finished);
  expect(first).not.toHaveProperty('__item_idx');
  const list = await getJson(t, `/tasks?pool_id=1&id_gte=${ids[0]}&id_lte=${ids[1]}`);
  expect(list.items.map((x: { id: string }) => x.id)).toEqual(ids);
  expect(list.has_more).toBe(false);
});

test('an operation goes PENDING, then RUNNING with rising progress and started, then SUCCESS with finished and details', async () => {
  // pending 200 ms, running 1000 ms + 10 ms per item: 1030 ms for 3 items.
  const t = await tolokaStand({ pending: 200, running: 1000, perItemMs: 10 });
  const res = await post(t, '/tasks?async_mode=true', [task(1), task(2), task(3)]);
  const id = JSON.parse(res.body).id as string;
  expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);

  t.advance(199);
  let op = await getJson(t, `/operations/${id}`);
  expect(op.status).toBe('PENDING');
  expect(op).not.toHaveProperty('started');

  t.advance(1);
  op = await getJson(t, `/operations/${id}`);
  expect(op).toMatchObject({ status: 'RUNNING', started: '2026-01-01T00:00:00.200', progress: 0, details: { items_count: 3 } });
  expect(op).not.toHaveProperty('finished');

  t.advance(515);
  op = await getJson(t, `/operations/${id}`);
  expect(op.progress).toBe(50);
  t.advance(500);
  const later = await getJson(t, `/operations/${id}`);
  expect(later.status).toBe('RUNNING');
  expect(later.progress).toBeGreaterThan(op.progress);
  expect(later.progress).toBeLessThan(100);
  // The log is empty until the operation ends.
  expect(await getJson(t, `/operations/${id}/log`)).toEqual([]);

  t.advance(15);
  op = await getJson(t, `/operations/${id}`);
  expect(op).toMatchObject({
    status: 'SUCCESS',
    started: '2026-01-01T00:00:00.200',
    finished: '2026-01-01T00:00:01.230',
    progress: 100,
    details: { total_count: 3, valid_count: 3, not_valid_count: 0, success_count: 3, failed_count: 0 },
  });
  expect(Object.keys(op)).toEqual(['id', 'type', 'status', 'submitted', 'started', 'finished', 'progress', 'parameters', 'details']);
  // Polls after the end (a day later) answer the same document, as JSON.
  t.advance(86_400_000);
  const after = await get(t, `/operations/${id}`);
  expect(after.statusCode).toBe(200);
  expect(after.headers['content-type']).toBe('application/json; charset=utf-8');
  expect(JSON.parse(after.body)).toEqual(op);
});

test('the same operation_id twice answers 409 OPERATION_ALREADY_EXISTS and creates nothing more', async () => {
  const t = await tolokaStand();
  const first = await post(t, `/tasks?async_mode=true&operation_id=${OP_ID}`, [task(1)]);
  expect(first.statusCode).toBe(202);
  const again = await post(t, `/tasks?async_mode=true&operation_id=${OP_ID}`, [task(1)]);
  expect(again.statusCode).toBe(409);
  const body = JSON.parse(again.body);
  expect(Object.keys(body)).toEqual(['request_id', 'code', 'message', 'payload']);
  expect(body.code).toBe('OPERATION_ALREADY_EXISTS');
  // The client then reads the existing operation, as toloka-kit does.
  untilDone(t, OP_ID);
  expect((await getJson(t, `/operations/${OP_ID}`)).status).toBe('SUCCESS');
  expect((await getJson(t, '/tasks?pool_id=1')).items).toHaveLength(1);
  // Still 409 after it ended.
  expect((await post(t, `/tasks?async_mode=true&operation_id=${OP_ID}`, [task(1)])).statusCode).toBe(409);
});

test('a malformed operation_id is a 400 VALIDATION_ERROR naming it', async () => {
  const t = await tolokaStand();
  const res = await post(t, '/tasks?async_mode=true&operation_id=not-a-uuid', [task(1)]);
  expect(res.statusCode).toBe(400);
  expect(JSON.parse(res.body)).toMatchObject({ code: 'VALIDATION_ERROR', payload: { operation_id: { code: 'UUID_EXPECTED' } } });
});

test('each item is validated against its pool input spec and the fixtures, with Toloka codes', async () => {
  const t = await tolokaStand();
  const items = [
    { pool_id: '999', input_values: { image: IMG(1) }, overlap: 1 },
    { pool_id: '1', input_values: { image: 'not a url', text: 5 }, overlap: 1 },
    { input_values: { image: IMG(1) }, overlap: 1 },
    { pool_id: '4', input_values: { label: 'cat' } },
    { pool_id: '1', input_values: { image: IMG(1) }, overlap: 0 },
    { pool_id: '3', input_values: { image: IMG(1) }, overlap: 1 },
    { pool_id: '4', input_values: { label: 'bird', count: 1.5, score: 'high', flag: 'yes', place: '91,0', tags: ['a', 2] }, overlap: 1 },
    'not an object',
  ];
  const res = await post(t, '/tasks?async_mode=true&skip_invalid_items=true', items);
  const id = JSON.parse(res.body).id;
  untilDone(t, id);
  const outputs = (await getJson<any[]>(t, `/operations/${id}/log`)).map((e) => e.output);
  const codes = outputs.map((o) => Object.fromEntries(Object.entries(o as Record<string, { code: string }>).map(([k, v]) => [k, v.code])));
  expect(codes).toEqual([
    { pool_id: 'ENTITY_DOES_NOT_EXIST' },
    { 'input_values.image': 'INVALID_URL_SYNTAX', 'input_values.text': 'STRING_EXPECTED' },
    { pool_id: 'VALUE_REQUIRED' },
    { overlap: 'VALUE_REQUIRED' },
    { overlap: 'VALUE_LESS_THAN_MIN' },
    { pool_id: 'VALUE_NOT_ALLOWED' },
    {
      'input_values.label': 'VALUE_NOT_ALLOWED',
      'input_values.count': 'INTEGER_EXPECTED',
      'input_values.score': 'FLOAT_EXPECTED',
      'input_values.flag': 'BOOLEAN_EXPECTED',
      'input_values.place': 'INVALID_COORDINATES_SYNTAX',
      'input_values.tags.1': 'STRING_EXPECTED',
    },
    { '': 'OBJECT_EXPECTED' },
  ]);
  expect(outputs[0].pool_id.message).toBe('Entity does not exist');
  // Nothing valid, so nothing created even with skip_invalid_items.
  expect((await getJson(t, `/operations/${id}`)).status).toBe('FAIL');
});

test('allow_defaults=true takes the overlap from the pool defaults', async () => {
  const t = await tolokaStand();
  const res = await post(t, '/tasks?async_mode=true&allow_defaults=true', [{ pool_id: '1', input_values: { image: IMG(1) } }]);
  const id = JSON.parse(res.body).id;
  untilDone(t, id);
  const [entry] = await getJson<any[]>(t, `/operations/${id}/log`);
  expect(entry.type).toBe('TASK_CREATE');
  expect((await getJson(t, `/tasks/${entry.output.task_id}`)).overlap).toBe(3);
});

test('task suites: TASK_SUITE.BATCH_CREATE, paths like tasks.0.input_values.image, created suites readable', async () => {
  const t = await tolokaStand();
  const suites = [
    { pool_id: '1', overlap: 2, tasks: [{ input_values: { image: IMG(1) } }, { input_values: { image: IMG(2) } }], mine: 1 },
    { pool_id: '1', overlap: 2, tasks: [{ input_values: { image: IMG(3) } }, { input_values: { picture: IMG(4) } }] },
  ];
  const res = await post(t, '/task-suites?async_mode=true&skip_invalid_items=true', suites);
  expect(res.statusCode).toBe(202);
  const op = JSON.parse(res.body);
  expect(op.type).toBe('TASK_SUITE.BATCH_CREATE');
  untilDone(t, op.id);
  const log = await getJson<any[]>(t, `/operations/${op.id}/log`);
  expect(log.map((e) => e.type)).toEqual(['TASK_SUITE_CREATE', 'TASK_SUITE_VALIDATE']);
  expect(log[0].input).toEqual(suites[0]);
  expect(Object.keys(log[1].output)).toEqual(['tasks.1.input_values.image', 'tasks.1.input_values.picture']);
  const suite = await getJson(t, `/task-suites/${log[0].output.task_suite_id}`);
  expect(suite).toMatchObject({ id: log[0].output.task_suite_id, pool_id: '1', overlap: 2, issuing_order_override: 0 });
  expect(suite.tasks).toHaveLength(2);
  expect(suite.tasks[0]).toMatchObject({ input_values: { image: IMG(1) } });
  expect(suite.tasks[0].id).toMatch(/^0000000001--/);
  expect((await getJson(t, '/task-suites?pool_id=1')).items).toHaveLength(1);
});

test('user bonuses: USER_BONUS_PERSIST with user_bonus_id, USER_BONUS_VALIDATE with ENTITY_DOES_NOT_EXIST for an unknown Toloker', async () => {
  const t = await tolokaStand();
  const good = {
    id: 65,
    amount: 5,
    created: '2021-02-02T12:51:00',
    user_id: 'ec00d2407f7241258d0faba610110d95',
    public_title: { EN: 'Good job!', RU: 'Молодец!' },
    public_message: { EN: 'Ten tasks completed', RU: 'Выполнено 10 заданий' },
    private_comment: 'pool_123456',
    without_message: false,
  };
  const bad = { ...good, user_id: '00000000000000000000000000000000' };
  const res = await post(t, '/user-bonuses?async_mode=true&skip_invalid_items=true', [good, bad]);
  const op = JSON.parse(res.body);
  expect(op).toMatchObject({ type: 'USER_BONUS.BATCH_CREATE', parameters: { skip_invalid_items: true } });
  expect(Object.keys(op.parameters)).toEqual(['skip_invalid_items']);
  untilDone(t, op.id);
  const log = await getJson<any[]>(t, `/operations/${op.id}/log`);
  expect(log[0]).toEqual({ type: 'USER_BONUS_PERSIST', success: true, input: good, output: { user_bonus_id: expect.stringMatching(/^\d+$/) } });
  expect(log[1]).toEqual({
    type: 'USER_BONUS_VALIDATE',
    success: false,
    input: bad,
    output: { user_id: { code: 'ENTITY_DOES_NOT_EXIST', message: 'Entity does not exist' } },
  });
  const bonus = await getJson(t, `/user-bonuses/${log[0].output.user_bonus_id}`);
  expect(bonus).toMatchObject({ user_id: good.user_id, amount: 5, without_message: false, public_title: good.public_title });
  expect(bonus).not.toHaveProperty('created', good.created);
  const missing = await post(t, '/user-bonuses', { user_id: good.user_id, amount: 0.001 });
  expect(JSON.parse(missing.body).payload).toMatchObject({
    amount: { code: 'VALUE_LESS_THAN_MIN' },
    public_title: { code: 'VALUE_REQUIRED' },
    public_message: { code: 'VALUE_REQUIRED' },
  });
});

test('a single object body works too: one log entry', async () => {
  const t = await tolokaStand();
  const res = await post(t, '/tasks?async_mode=true', task(1, { mine: true }));
  const id = JSON.parse(res.body).id;
  untilDone(t, id);
  const log = await getJson<any[]>(t, `/operations/${id}/log`);
  expect(log).toHaveLength(1);
  expect(log[0].input).toEqual(task(1, { mine: true }));
});

test('another account does not see the operation, its log or its tasks: 404 DOES_NOT_EXIST', async () => {
  const t = await tolokaStand();
  const res = await post(t, `/tasks?async_mode=true&operation_id=${OP_ID}`, [task(1)]);
  expect(res.statusCode).toBe(202);
  const other = { authorization: 'OAuth someone-else' };
  for (const path of [`/operations/${OP_ID}`, `/operations/${OP_ID}/log`]) {
    const r = await get(t, path, other);
    expect(r.statusCode).toBe(404);
    expect(JSON.parse(r.body).code).toBe('DOES_NOT_EXIST');
  }
  // The same operation_id is free in another account.
  expect((await post(t, `/tasks?async_mode=true&operation_id=${OP_ID}`, [task(1)], other)).statusCode).toBe(202);
  expect((await get(t, `/operations/${OP_ID}`, AUTH)).statusCode).toBe(200);
});
