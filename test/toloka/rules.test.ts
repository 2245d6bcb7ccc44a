/**
 * Toloka's rules as the reference words them, and as toloka-kit meets them: overlap defaults,
 * the documented list filters, patches of tasks and suites, 429 bodies, analytics, and a create
 * whose answer was lost (the case operation_id exists for).
 */
import { expect, test } from 'vitest';
import { API, AUTH, get, getJson, IMG, post, task, tolokaStand, untilDone } from './helpers.js';

const patch = (t: Awaited<ReturnType<typeof tolokaStand>>, path: string, body: unknown) =>
  t.inject({ method: 'PATCH', url: `${API}${path}`, headers: { ...AUTH, 'content-type': 'application/json' }, payload: JSON.stringify(body) });

test('overlap is required only when allow_defaults is false and the pool has no default (toloka-kit\'s create_tasks_async(tasks))', async () => {
  const t = await tolokaStand();
  // Pool 1 has default overlaps: no overlap, no allow_defaults -> the default.
  const res = await post(t, '/tasks?async_mode=true', [{ pool_id: '1', input_values: { image: IMG(1) } }, { pool_id: '1', input_values: { image: IMG(2) }, overlap: 5 }]);
  untilDone(t, JSON.parse(res.body).id);
  const tasks = (await getJson(t, '/tasks?pool_id=1')).items as { overlap: number }[];
  expect(tasks.map((x) => x.overlap).sort()).toEqual([3, 5]);
  const suite = await post(t, '/task-suites', { pool_id: '1', tasks: [{ input_values: { image: IMG(3) } }] });
  expect(suite.statusCode).toBe(201);
  expect(suite.json()).toMatchObject({ overlap: 3 });
  // Pool 4 has none for tasks: VALUE_REQUIRED with or without allow_defaults.
  for (const q of ['', '?allow_defaults=true']) {
    const bad = await post(t, `/tasks${q}`, { pool_id: '4', input_values: { label: 'cat' } });
    expect(bad.json().payload).toEqual({ overlap: { code: 'VALUE_REQUIRED', message: 'Value must be present and not equal to null' } });
  }
});

test('every documented list filter works: tasks overlap_*, task suites by task_id, bonuses by assignment_id and private_comment', async () => {
  const t = await tolokaStand();
  await post(t, '/tasks', [task(1, { overlap: 1 }), task(2, { overlap: 2 }), task(3, { overlap: 5 })]);
  const overlaps = async (q: string) => ((await getJson(t, `/tasks?pool_id=1&${q}`)).items as { overlap: number }[]).map((x) => x.overlap).sort();
  expect(await overlaps('overlap=2')).toEqual([2]);
  expect(await overlaps('overlap_gt=1')).toEqual([2, 5]);
  expect(await overlaps('overlap_gte=2&overlap_lt=5')).toEqual([2]);
  expect(await overlaps('overlap_lte=2')).toEqual([1, 2]);

  const suites = (await post(t, '/task-suites', [{ pool_id: '1', overlap: 1, tasks: [{ input_values: { image: IMG(4) } }] }, { pool_id: '1', overlap: 2, tasks: [{ input_values: { image: IMG(5) } }] }])).json();
  const second = suites.items['1'];
  const byTask = await getJson(t, `/task-suites?task_id=${second.tasks[0].id}`);
  expect(byTask.items.map((s: { id: string }) => s.id)).toEqual([second.id]);
  expect((await getJson(t, '/task-suites?pool_id=1&overlap_gt=1')).items.map((s: { id: string }) => s.id)).toEqual([second.id]);
  expect((await get(t, '/task-suites')).json().payload).toMatchObject({ pool_id: { code: 'VALUE_REQUIRED' } });

  const bonus = (user: string, comment: string, assignment?: string) => ({
    user_id: user,
    amount: 1,
    private_comment: comment,
    public_title: { EN: 'Thanks' },
    public_message: { EN: 'Good job' },
    ...(assignment ? { assignment_id: assignment } : {}),
  });
  const u = 'ec00d2407f7241258d0faba610110d95';
  await post(t, '/user-bonuses', [bonus(u, 'week 1', 'a1'), bonus(u, 'week 2', 'a2'), bonus('a1b0b42923c429daa2c764d7ccfc364d', 'week 1')]);
  const comments = async (q: string) => ((await getJson(t, `/user-bonuses?${q}`)).items as { private_comment: string; user_id: string }[]).map((b) => `${b.user_id.slice(0, 4)} ${b.private_comment}`);
  // What integrations ask before paying: did this user get the bonus of this comment?
  expect(await comments(`user_id=${u}&private_comment=week%201`)).toEqual(['ec00 week 1']);
  expect(await comments('assignment_id=a2')).toEqual(['ec00 week 2']);
  expect(await comments('private_comment=week%201')).toEqual(['ec00 week 1', 'a1b0 week 1']);
  const unknown = await get(t, '/user-bonuses?pool_id=1');
  expect(unknown.statusCode).toBe(400);
  expect(unknown.json()).toMatchObject({ code: 'VALIDATION_ERROR', payload: { pool_id: { code: 'VALUE_NOT_ALLOWED' } } });
});

test('PATCH a task, a suite, and their set-overlap-or-min forms', async () => {
  const t = await tolokaStand();
  const created = (await post(t, '/tasks', task(1, { overlap: 2 }))).json();
  const patched = await patch(t, `/tasks/${created.id}`, { overlap: 10, baseline_solutions: [{ output_values: { caption: 'a cat' }, confidence_weight: 1 }] });
  expect(patched.statusCode).toBe(200);
  expect(patched.json()).toMatchObject({ id: created.id, overlap: 10, remaining_overlap: 10, baseline_solutions: [{ output_values: { caption: 'a cat' } }] });
  expect((await getJson(t, `/tasks/${created.id}`)).overlap).toBe(10);
  const infinite = (await patch(t, `/tasks/${created.id}`, { overlap: null, infinite_overlap: true })).json();
  expect(infinite).toMatchObject({ infinite_overlap: true });
  expect(infinite).not.toHaveProperty('overlap');
  // 0 stops issuing: allowed in set-overlap-or-min only.
  expect((await patch(t, `/tasks/${created.id}`, { overlap: 0 })).json().payload).toMatchObject({ overlap: { code: 'VALUE_LESS_THAN_MIN' } });
  expect((await patch(t, `/tasks/${created.id}/set-overlap-or-min`, { overlap: 0 })).json()).toMatchObject({ overlap: 0, remaining_overlap: 0 });

  const suite = (await post(t, '/task-suites', { pool_id: '1', overlap: 1, tasks: [{ input_values: { image: IMG(2) } }] })).json();
  expect((await patch(t, `/task-suites/${suite.id}`, { overlap: 4, infinite_overlap: false, issuing_order_override: 2.5 })).json()).toMatchObject({ overlap: 4, issuing_order_override: 2.5 });
  expect((await patch(t, `/task-suites/${suite.id}/set-overlap-or-min`, { overlap: 2 })).json()).toMatchObject({ overlap: 2 });
  expect((await patch(t, '/tasks/nope', { overlap: 2 })).statusCode).toBe(404);
});

test('429: a scenario\'s rate limit answers payload.interval, toloka-kit\'s wait hint; no Retry-After; the next window is open', async () => {
  const t = await tolokaStand({ rateLimits: [{ match: { method: 'GET', path: '/api/v1/operations' }, limit: 2, interval: 'MIN' }] });
  expect((await get(t, '/operations')).statusCode).toBe(200);
  expect((await get(t, '/operations')).statusCode).toBe(200);
  const limited = await get(t, '/operations');
  expect(limited.statusCode).toBe(429);
  expect(limited.json()).toMatchObject({ code: 'TOO_MANY_REQUESTS', message: 'Too many requests', payload: { interval: 'MIN' } });
  expect(limited.headers['retry-after']).toBeUndefined();
  // Another path and another token are not counted; a minute later the window is new.
  expect((await get(t, '/pools/1')).statusCode).toBe(200);
  expect((await get(t, '/operations', { authorization: 'OAuth other' })).statusCode).toBe(200);
  t.advance(60_000);
  expect((await get(t, '/operations')).statusCode).toBe(200);
});

test('analytics: POST /api/staging/analytics-2 -> an ANALYTICS operation whose details.value answers each metric from the stand\'s state', async () => {
  // Nobody works on the tasks here (the crowd's own figures: test/toloka/crowd.test.ts).
  const t = await tolokaStand({ crowd: { workers: 0 } });
  await post(t, '/tasks', [task(1, { overlap: 2 }), task(2, { overlap: 2 }), task(3, { overlap: 2, known_solutions: [{ output_values: { caption: 'x' } }] })]);
  const requests = [
    { subject: 'POOL', subject_id: '1', name: 'real_tasks_count' },
    { subject: 'POOL', subject_id: '1', name: 'submitted_assignments_count' },
    { subject: 'POOL', subject_id: '1', name: 'completion_percentage' },
    { subject: 'POOL', subject_id: '1', name: 'active_workers_by_filter_count', interval_hours: 1 },
  ];
  const res = await t.inject({ method: 'POST', url: '/toloka/api/staging/analytics-2', headers: { ...AUTH, 'content-type': 'application/json' }, payload: JSON.stringify(requests) });
  expect(res.statusCode).toBe(202);
  const op = res.json();
  expect(op).toMatchObject({ type: 'ANALYTICS', status: 'PENDING', parameters: { value: requests } });
  untilDone(t, op.id);
  const ended = await getJson(t, `/operations/${op.id}`);
  expect(ended.status).toBe('SUCCESS');
  expect(ended.details.value).toEqual([
    { result: 2, request: requests[0], finished: ended.finished },
    { result: 0, request: requests[1], finished: ended.finished },
    { result: { type: 'NORMAL', value: 0, infinite: false, approximate: false }, request: requests[2], finished: ended.finished },
    { result: 0, request: requests[3], finished: ended.finished },
  ]);
  const bad = await t.inject({
    method: 'POST',
    url: '/toloka/api/staging/analytics-2',
    headers: { ...AUTH, 'content-type': 'application/json' },
    payload: JSON.stringify([{ subject: 'POOL', subject_id: '77', name: 'active_workers_by_filter_count' }, { subject: 'POOL', subject_id: '1', name: 'bogus' }]),
  });
  expect(bad.statusCode).toBe(400);
  expect(bad.json().payload).toMatchObject({ '1.name': { code: 'UNKNOWN_ENUM_VALUE' } });
});

test('a create handled but whose answer was lost: the retry with the same operation_id meets 409 OPERATION_ALREADY_EXISTS and finds the operation', async () => {
  const t = await tolokaStand(undefined, { listen: true });
  const operationId = '5c04458e-63c1-46c1-ba0d-6f0756a5358b';
  t.stand.enqueueFault('toloka', { match: { method: 'POST', path: '/api/v1/tasks' }, action: { type: 'dropAnswer' } });
  const url = `${t.url}${API}/tasks?async_mode=true&operation_id=${operationId}`;
  const init = { method: 'POST', headers: { ...AUTH, 'content-type': 'application/json' }, body: JSON.stringify([task(1)]) };
  await expect(fetch(url, init)).rejects.toThrow();
  // The operation exists: the first try was handled.
  const retry = await fetch(url, init);
  expect(retry.status).toBe(409);
  expect(await retry.json()).toMatchObject({ code: 'OPERATION_ALREADY_EXISTS' });
  const op = await getJson(t, `/operations/${operationId}`);
  expect(op).toMatchObject({ id: operationId, type: 'TASK.BATCH_CREATE' });
  untilDone(t, operationId);
  expect((await getJson(t, '/tasks?pool_id=1')).items).toHaveLength(1);
  expect(t.stand.requests({ api: 'toloka' }).map((r) => [r.status, r.fault])).toEqual([
    [202, 'dropAnswer'],
    [409, null],
    [200, null],
    [200, null],
  ]);
});

test('booleans and numbers sent as text are read as Jackson reads them (AutoToloka sends "false", "true" and "null"); free-form values are not', async () => {
  const t = await tolokaStand();
  // AutoToloka's PoolCreator: every pool it makes says "auto_accept_solutions": "false".
  const pool = await post(t, '/pools', {
    project_id: '1',
    private_name: 'autotoloka pool',
    will_expire: '2030-01-01T13:00',
    reward_per_assignment: '0.01',
    assignment_max_duration_seconds: 3600,
    auto_accept_solutions: 'false',
    auto_accept_period_day: 1,
    defaults: { default_overlap_for_new_task_suites: '1', default_overlap_for_new_tasks: 3 },
  });
  expect(pool.statusCode).toBe(201);
  expect(pool.json()).toMatchObject({ auto_accept_solutions: false, reward_per_assignment: 0.01, defaults: { default_overlap_for_new_task_suites: 1 } });
  // Its pipeline with an existing project sends the id as a number; a config's boolean as text reads as toloka-kit types it.
  const second = await post(t, '/pools', {
    project_id: 1,
    private_name: 'p2',
    will_expire: '2030-01-01T13:00',
    reward_per_assignment: 0.01,
    assignment_max_duration_seconds: 3600,
    assignments_issuing_config: { issue_task_suites_in_creation_order: 'false' },
    mixer_config: { real_tasks_count: '1', golden_tasks_count: 0, training_tasks_count: 0, shuffle_tasks_in_task_suite: 'true' },
    defaults: { default_overlap_for_new_task_suites: 1 },
  });
  expect(second.statusCode).toBe(201);
  expect(second.json()).toMatchObject({
    project_id: '1',
    assignments_issuing_config: { issue_task_suites_in_creation_order: false },
    mixer_config: { real_tasks_count: 1, shuffle_tasks_in_task_suite: true },
  });

  // Its TaskSuiteCreator: "infinite_overlap": "false"; a task's overlap as text.
  const suite = await post(t, '/task-suites', { pool_id: '1', overlap: 1, infinite_overlap: 'false', tasks: [{ input_values: { image: IMG(1) } }] });
  expect(suite.statusCode).toBe(201);
  expect(suite.json()).toMatchObject({ overlap: 1, infinite_overlap: false });
  const one = await post(t, '/tasks', { pool_id: 1, input_values: { image: IMG(2) }, overlap: '2' });
  expect(one.json()).toMatchObject({ pool_id: '1', overlap: 2 });
  // The journal keeps the body as it was sent.
  const sent = t.stand.requests({ api: 'toloka', method: 'POST', path: '/api/v1/tasks' }).at(-1)!;
  expect(JSON.parse(String(sent.request.body))).toEqual({ pool_id: 1, input_values: { image: IMG(2) }, overlap: '2' });

  // Its change_task_suite_overlap: {"overlap": 2, "infinite_overlap": "false"}, then {"overlap": "null", "infinite_overlap": "true"}.
  const id = suite.json().id as string;
  expect((await patch(t, `/task-suites/${id}`, { overlap: 2, infinite_overlap: 'false' })).json()).toMatchObject({ overlap: 2, infinite_overlap: false });
  const infinite = await patch(t, `/task-suites/${id}`, { overlap: 'null', infinite_overlap: 'true' });
  expect(infinite.statusCode).toBe(200);
  expect(infinite.json()).toMatchObject({ infinite_overlap: true });

  // Text that is no boolean or number is still refused; input values are checked as sent.
  expect((await post(t, '/task-suites', { pool_id: '1', infinite_overlap: 'no', tasks: [{ input_values: { image: IMG(3) } }] })).json().payload).toEqual({ infinite_overlap: { code: 'BOOLEAN_EXPECTED', message: 'Value must be a boolean' } });
  expect((await post(t, '/tasks', { pool_id: '1', input_values: { image: IMG(4) }, overlap: '1.5' })).json().payload).toEqual({ overlap: { code: 'INTEGER_EXPECTED', message: expect.any(String) } });
  expect((await post(t, '/tasks', { pool_id: '1', input_values: { image: 12 } })).json().payload).toEqual({ 'input_values.image': expect.objectContaining({ code: 'STRING_EXPECTED' }) });
});
