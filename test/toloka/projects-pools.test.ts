/**
 * Projects and pools as toloka-kit's flows use them (create project -> create pool -> tasks ->
 * open -> close -> archive; clone; patch), each rule from the reference's words (Toloka/docs
 * fullApi.yaml; the Toloka README of async-stand cites each).
 */
import { expect, test } from 'vitest';
import type { TestStand } from '../../src/testing/index.js';
import { API, AUTH, get, getJson, IMG, post, task, tolokaStand, untilDone } from './helpers.js';

const PROJECT = {
  public_name: 'Cats or dogs',
  public_description: 'Look at the picture',
  task_spec: {
    input_spec: { image: { type: 'url', required: true } },
    output_spec: { label: { type: 'string', required: true, allowed_values: ['cat', 'dog'] } },
    view_spec: { type: 'tb', settings: {} },
  },
};
const POOL = (projectId: string) => ({
  project_id: projectId,
  private_name: 'Batch 1',
  will_expire: '2030-01-01T00:00:00',
  reward_per_assignment: 0.02,
  assignment_max_duration_seconds: 600,
  defaults: { default_overlap_for_new_task_suites: 3, default_overlap_for_new_tasks: 3 },
});

async function send(t: TestStand, method: 'PUT' | 'PATCH', path: string, body: unknown) {
  return t.inject({ method, url: `${API}${path}`, headers: { ...AUTH, 'content-type': 'application/json' }, payload: JSON.stringify(body) });
}

/** Runs an operation answered 202 to its end; its final document. */
async function done(t: TestStand, res: { statusCode: number; body: string }) {
  expect(res.statusCode).toBe(202);
  const op = JSON.parse(res.body) as { id: string };
  untilDone(t, op.id);
  return getJson(t, `/operations/${op.id}`);
}

test('the whole flow: project -> pool -> tasks -> open -> close -> archive pool -> archive project', async () => {
  const t = await tolokaStand();
  const created = await post(t, '/projects', PROJECT);
  expect(created.statusCode).toBe(201);
  const project = JSON.parse(created.body);
  expect(project).toMatchObject({ id: '4', public_name: 'Cats or dogs', status: 'ACTIVE', assignments_issuing_type: 'AUTOMATED', task_spec: PROJECT.task_spec });
  expect(project.owner).toEqual({ id: expect.stringMatching(/^[0-9a-f]{32}$/), myself: true, company_id: expect.stringMatching(/^[0-9a-f]{32}$/) });
  expect(project.created).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}$/);

  const poolRes = await post(t, '/pools', { ...POOL(project.id), id: 'ignored', status: 'OPEN', unknown_field: 1 });
  expect(poolRes.statusCode).toBe(201);
  const pool = JSON.parse(poolRes.body);
  // Read-only and unknown fields are dropped, not refused; a new pool is CLOSED; defaults filled in.
  expect(pool).toMatchObject({ id: '5', project_id: '4', status: 'CLOSED', type: 'REGULAR', auto_accept_solutions: true, priority: 0, may_contain_adult_content: false });
  expect(pool).not.toHaveProperty('unknown_field');

  // Tasks are validated against the project's input spec; no overlap given: the pool's default.
  const tasks = await post(t, '/tasks', [{ pool_id: pool.id, input_values: { image: IMG(1) } }, { pool_id: pool.id, input_values: { photo: IMG(2) } }]);
  expect(tasks.statusCode).toBe(400);
  expect(JSON.parse(tasks.body).payload['1']).toMatchObject({ 'input_values.image': { code: 'VALUE_REQUIRED' }, 'input_values.photo': { code: 'VALUE_NOT_ALLOWED' } });
  const one = JSON.parse((await post(t, '/tasks', { pool_id: pool.id, input_values: { image: IMG(1) } })).body);
  expect(one).toMatchObject({ overlap: 3, remaining_overlap: 3, infinite_overlap: false });

  expect(await done(t, await post(t, `/pools/${pool.id}/open`))).toMatchObject({ type: 'POOL.OPEN', status: 'SUCCESS', parameters: { pool_id: pool.id } });
  expect(await getJson(t, `/pools/${pool.id}`)).toMatchObject({ status: 'OPEN', last_started: expect.any(String) });
  // An open pool: no archive (INAPPROPRIATE_STATUS, it must be closed), no PUT.
  const early = await post(t, `/pools/${pool.id}/archive`);
  expect(early.statusCode).toBe(409);
  expect(JSON.parse(early.body)).toMatchObject({ code: 'INAPPROPRIATE_STATUS', payload: { appropriate_statuses: ['CLOSED'] } });
  expect((await send(t, 'PUT', `/pools/${pool.id}`, POOL(project.id))).statusCode).toBe(409);
  // The project cannot be archived while a pool of it is not.
  const blocked = await post(t, `/projects/${project.id}/archive`);
  expect(blocked.statusCode).toBe(409);
  expect(JSON.parse(blocked.body)).toMatchObject({ code: 'UNARCHIVED_POOLS_CONFLICT' });

  expect(await done(t, await post(t, `/pools/${pool.id}/close`))).toMatchObject({ type: 'POOL.CLOSE', status: 'SUCCESS' });
  expect(await getJson(t, `/pools/${pool.id}`)).toMatchObject({ status: 'CLOSED', last_close_reason: 'MANUAL', last_stopped: expect.any(String) });
  expect(await done(t, await post(t, `/pools/${pool.id}/archive`))).toMatchObject({ type: 'POOL.ARCHIVE', status: 'SUCCESS' });
  expect((await getJson(t, `/pools/${pool.id}`)).status).toBe('ARCHIVED');
  // "If the pool is already archived ... 204"; an archived pool opens no more.
  const again = await post(t, `/pools/${pool.id}/archive`);
  expect([again.statusCode, again.body]).toEqual([204, '']);
  expect((await post(t, `/pools/${pool.id}/open`)).statusCode).toBe(409);

  const archived = await done(t, await post(t, `/projects/${project.id}/archive`));
  expect(archived).toMatchObject({ type: 'PROJECT.ARCHIVE', status: 'SUCCESS', parameters: { project_id: project.id } });
  expect((await getJson(t, `/projects/${project.id}`)).status).toBe('ARCHIVED');
  // No pool in an archived project.
  const late = await post(t, '/pools', POOL(project.id));
  expect(late.statusCode).toBe(409);
  expect(JSON.parse(late.body).code).toBe('PROJECT_INAPPROPRIATE_STATUS');
});

test('clone: POOL.CLONE names the new pool in details.pool_id; it is an empty closed pool with the same parameters', async () => {
  const t = await tolokaStand();
  const op = await done(t, await post(t, '/pools/1/clone'));
  expect(op).toMatchObject({ type: 'POOL.CLONE', parameters: { pool_id: '1' }, details: { pool_id: '5' } });
  const [source, clone] = [await getJson(t, '/pools/1'), await getJson(t, '/pools/5')];
  expect(clone).toMatchObject({ id: '5', project_id: '1', status: 'CLOSED', private_name: source.private_name, defaults: source.defaults });
  expect((await getJson(t, '/tasks?pool_id=5')).items).toEqual([]);
});

test('close-for-update: a POOL.CLOSE operation, last_close_reason FOR_UPDATE; the pool opens by itself 15 minutes later', async () => {
  const t = await tolokaStand();
  expect(await done(t, await post(t, '/pools/1/close-for-update'))).toMatchObject({ type: 'POOL.CLOSE', status: 'SUCCESS' });
  expect(await getJson(t, '/pools/1')).toMatchObject({ status: 'CLOSED', last_close_reason: 'FOR_UPDATE' });
  expect((await post(t, '/pools/1/close-for-update')).statusCode).toBe(204);
  // Edited meanwhile (PUT is allowed: it is closed); then it opens again on its own.
  expect((await send(t, 'PATCH', '/pools/1', { priority: 42 })).json()).toMatchObject({ priority: 42 });
  await post(t, '/tasks', task(1));
  t.advance(15 * 60_000);
  expect((await getJson(t, '/pools/1')).status).toBe('OPEN');
});

test('PUT replaces a closed pool\'s fields; PATCH takes the priority only; bad fields get Toloka\'s field errors', async () => {
  const t = await tolokaStand();
  const put = await send(t, 'PUT', '/pools/2', { ...POOL('1'), private_name: 'Renamed' });
  expect(put.statusCode).toBe(200);
  expect(put.json()).toMatchObject({ id: '2', private_name: 'Renamed', reward_per_assignment: 0.02, status: 'CLOSED' });
  const bad = await post(t, '/pools', { ...POOL('1'), reward_per_assignment: 'a lot', assignment_max_duration_seconds: 1, defaults: {} });
  expect(bad.statusCode).toBe(400);
  expect(bad.json()).toMatchObject({
    code: 'VALIDATION_ERROR',
    payload: {
      reward_per_assignment: { code: 'FLOAT_EXPECTED' },
      assignment_max_duration_seconds: { code: 'VALUE_LESS_THAN_MIN' },
      'defaults.default_overlap_for_new_task_suites': { code: 'VALUE_REQUIRED' },
    },
  });
  // A word in an integer field is INTEGER_EXPECTED, as 1.5 is; in a number field FLOAT_EXPECTED.
  const words = await post(t, '/pools', { ...POOL('1'), assignment_max_duration_seconds: 'an hour', priority: true, mixer_config: { real_tasks_count: 'ten' } });
  expect(words.json().payload).toEqual({
    assignment_max_duration_seconds: { code: 'INTEGER_EXPECTED', message: 'Value must be an integer' },
    priority: { code: 'INTEGER_EXPECTED', message: 'Value must be an integer' },
    'mixer_config.real_tasks_count': { code: 'INTEGER_EXPECTED', message: 'Value must be an integer' },
  });
  expect((await post(t, '/pools', { ...POOL('1'), assignment_max_duration_seconds: 60.5 })).json().payload).toMatchObject({ assignment_max_duration_seconds: { code: 'INTEGER_EXPECTED' } });
  expect((await post(t, '/pools', { ...POOL('99') })).json().payload).toEqual({ project_id: { code: 'ENTITY_DOES_NOT_EXIST', message: 'Entity does not exist' } });
  expect((await send(t, 'PATCH', '/pools/3', { priority: 1 })).statusCode).toBe(409); // archived
  expect((await send(t, 'PATCH', '/pools/1', { priority: 101 })).json().payload).toMatchObject({ priority: { code: 'VALUE_GREATER_THAN_MAX' } });
});

test('lists of projects and pools: filters, numeric id order, keyset paging, toloka-kit\'s default limit of 20', async () => {
  const t = await tolokaStand();
  for (let i = 0; i < 25; i++) expect((await post(t, '/pools', { ...POOL('1'), private_name: `p${i}` })).statusCode).toBe(201);
  const first = await getJson(t, '/pools?project_id=1&status=CLOSED');
  expect(first.items).toHaveLength(20);
  expect(first.has_more).toBe(true);
  expect(first.items.slice(0, 3).map((p: { id: string }) => p.id)).toEqual(['2', '5', '6']);
  const rest = await getJson(t, `/pools?project_id=1&status=CLOSED&sort=id&id_gt=${first.items.at(-1).id}`);
  expect(rest.items.map((p: { id: string }) => p.id)).toEqual(['24', '25', '26', '27', '28', '29']);
  expect(rest.has_more).toBe(false);
  expect((await getJson(t, '/projects?status=ARCHIVED')).items.map((p: { id: string }) => p.id)).toEqual(['2']);
  expect((await getJson(t, '/projects?sort=-public_name&limit=1')).items[0].public_name).toBe('Typed fields');
  const unknown = await get(t, '/pools?colour=red');
  expect(unknown.statusCode).toBe(400);
  expect(unknown.json()).toMatchObject({ code: 'VALIDATION_ERROR', payload: { colour: { code: 'VALUE_NOT_ALLOWED' } } });
});

test('GET /requester: id, balance (bonuses paid come off it), public name, company', async () => {
  const t = await tolokaStand();
  const before = await getJson(t, '/requester');
  expect(before).toEqual({
    id: expect.stringMatching(/^[0-9a-f]{32}$/),
    balance: 1000,
    public_name: { EN: 'Stand requester', RU: 'Заказчик стенда' },
    company: { id: expect.stringMatching(/^[0-9a-f]{32}$/), superintendent_id: before.id },
  });
  await post(t, '/user-bonuses', { user_id: 'ec00d2407f7241258d0faba610110d95', amount: 1.25, public_title: { EN: 'Thanks' }, public_message: { EN: 'Good job' } });
  expect((await getJson(t, '/requester')).balance).toBe(998.75);
  // Another token is another requester.
  expect(JSON.parse((await get(t, '/requester', { authorization: 'OAuth someone-else' })).body).id).not.toBe(before.id);
});

test('a pool keeps will_expire in the API\'s own time form (UTC, milliseconds), whatever ISO 8601 form it was sent in', async () => {
  const t = await tolokaStand();
  const expiry = async (will_expire: string) => {
    const res = await post(t, '/pools', { ...POOL('1'), will_expire });
    return { status: res.statusCode, body: JSON.parse(res.body) };
  };
  for (const [sent, kept] of [
    ['2030-01-01T13:00', '2030-01-01T13:00:00.000'],
    ['2030-01-01T13:00:00Z', '2030-01-01T13:00:00.000'],
    ['2030-01-01T16:00:00+03:00', '2030-01-01T13:00:00.000'],
    ['2030-01-01T13:00:00.123456', '2030-01-01T13:00:00.123'],
  ]) {
    const created = await expiry(sent!);
    expect(created.status).toBe(201);
    expect(created.body.will_expire).toBe(kept);
    expect((await getJson(t, `/pools/${created.body.id}`)).will_expire).toBe(kept);
  }
  const impossible = await expiry('2030-02-30T00:00:00');
  expect(impossible.status).toBe(400);
  expect(impossible.body).toMatchObject({ code: 'VALIDATION_ERROR', payload: { will_expire: { code: 'PATTERN_MISMATCH', message: 'Value must be a date and time in the format YYYY-MM-DDThh:mm:ss[.sss]' } } });
});

test('POST /api/staging/projects/{id}/check says what a PUT would change, and changes nothing (toloka-kit check_update_project_for_major_version_change)', async () => {
  const t = await tolokaStand();
  const id = (await post(t, '/projects', PROJECT)).json().id as string;
  const check = (body: unknown) =>
    t.inject({ method: 'POST', url: `/toloka/api/staging/projects/${id}/check`, headers: { ...AUTH, 'content-type': 'application/json' }, payload: JSON.stringify(body) });
  const level = async (body: unknown) => {
    const res = await check(body);
    expect(res.statusCode).toBe(200);
    return res.json();
  };
  // What GET answers, sent back (read-only fields and all), is equal.
  expect(await level(await getJson(t, `/projects/${id}`))).toEqual({ differenceLevel: 'EQUAL' });
  expect(await level({ ...PROJECT, public_name: 'Cats, dogs' })).toEqual({ differenceLevel: 'NON_BREAKING_CHANGE' });
  const spec = (input: object, output: object) => ({ ...PROJECT, task_spec: { ...PROJECT.task_spec, input_spec: input, output_spec: output } });
  const { input_spec: input, output_spec: output } = PROJECT.task_spec;
  expect(await level(spec({ ...input, note: { type: 'string', required: false } }, output))).toEqual({ differenceLevel: 'NON_BREAKING_CHANGE' });
  expect(await level(spec({ ...input, note: { type: 'string' } }, output))).toEqual({ differenceLevel: 'BREAKING_CHANGE' });
  expect(await level(spec(input, { label: { type: 'string', required: true, allowed_values: ['cat'] } }))).toEqual({ differenceLevel: 'BREAKING_CHANGE' });
  expect(await level(spec({}, output))).toEqual({ differenceLevel: 'BREAKING_CHANGE' });
  // Nothing changed; a bad form and an unknown project get PUT's answers.
  expect((await getJson(t, `/projects/${id}`)).public_name).toBe('Cats or dogs');
  expect((await check({ ...PROJECT, public_name: '' })).json()).toMatchObject({ code: 'VALIDATION_ERROR', payload: { public_name: expect.any(Object) } });
  const unknown = await t.inject({ method: 'POST', url: '/toloka/api/staging/projects/999/check', headers: { ...AUTH, 'content-type': 'application/json' }, payload: JSON.stringify(PROJECT) });
  expect([unknown.statusCode, unknown.json().code]).toEqual([404, 'DOES_NOT_EXIST']);
});

test('each quality control collector gets a uuid from the server (OAS CollectorConfigDtoV1), kept on update and shared by a clone', async () => {
  const t = await tolokaStand();
  const project = (await post(t, '/projects', PROJECT)).json();
  const rule = { conditions: [{ key: 'fast_submitted_count', operator: 'GT', value: 2 }], action: { type: 'RESTRICTION_V2', parameters: { scope: 'PROJECT', duration: 1, duration_unit: 'DAYS' } } };
  const mine = '0f8fad5b-d9cb-469f-a165-70867728950e';
  const qc = { configs: [
    { collector_config: { type: 'ASSIGNMENT_SUBMIT_TIME', parameters: { fast_submit_threshold_seconds: 15 } }, rules: [rule] },
    { collector_config: { type: 'SKIPPED_IN_ROW_ASSIGNMENTS', uuid: mine }, rules: [{ ...rule, conditions: [{ key: 'skipped_in_row_count', operator: 'GT', value: 3 }] }] },
  ] };
  const created = await post(t, '/pools', { ...POOL(project.id), quality_control: qc });
  expect(created.statusCode).toBe(201);
  const uuids = (p: { quality_control: { configs: { collector_config: { uuid: string } }[] } }) => p.quality_control.configs.map((c) => c.collector_config.uuid);
  const [made, kept] = uuids(created.json());
  expect(made).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  expect(kept).toBe(mine);
  const pool = await getJson(t, `/pools/${created.json().id}`);
  expect(uuids(pool)).toEqual([made, mine]);
  // Sent back as read (toloka-kit's update_pool), the ids stay.
  const { id, owner: _o, created: _c, status: _s, last_close_reason: _l, last_stopped: _ls, type: _ty, ...form } = pool;
  expect(uuids((await send(t, 'PUT', `/pools/${id}`, form)).json())).toEqual([made, mine]);
  const clone = await done(t, await post(t, `/pools/${id}/clone`));
  expect(uuids(await getJson(t, `/pools/${clone.details.pool_id}`))).toEqual([made, mine]);
});

test('WEIGHTED_DYNAMIC_OVERLAP aggregation needs answer_weight_skill_id (OAS: required), by pool and by task', async () => {
  const t = await tolokaStand();
  for (const path of ['/aggregated-solutions/aggregate-by-pool', '/aggregated-solutions/aggregate-by-task']) {
    const res = await post(t, path, { type: 'WEIGHTED_DYNAMIC_OVERLAP', pool_id: '1', task_id: 'x', fields: [{ name: 'quality' }] });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'VALIDATION_ERROR', payload: { answer_weight_skill_id: { code: 'VALUE_REQUIRED', message: 'Value must be present and not equal to null' } } });
  }
});

test("a SOLUTION.AGGREGATE operation's parameters are those of the OAS examples of its algorithm", async () => {
  const t = await tolokaStand();
  const requester = (await getJson(t, '/requester')).id;
  const ds = (await post(t, '/aggregated-solutions/aggregate-by-pool', { type: 'DAWID_SKENE', pool_id: '1', fields: [{ name: 'quality' }] })).json();
  expect(ds.parameters).toEqual({
    pool_id: '1',
    algorithm: 'DAWID_SKENE',
    pool_name: 'Open pool: image (url, required) + text (string, optional)',
    project_id: '1',
    input_fields: ['image', 'text'],
    requester_id: requester,
    missing_output_fields: [],
    aggregated_output_fields: ['quality'],
  });
  const wdo = (await post(t, '/aggregated-solutions/aggregate-by-pool', { type: 'WEIGHTED_DYNAMIC_OVERLAP', pool_id: '1', answer_weight_skill_id: '12648', fields: [{ name: 'caption' }] })).json();
  expect(Object.keys(wdo.parameters)).toEqual(['pool_id', 'algorithm', 'pool_name', 'project_id', 'requester_id', 'aggregated_fields', 'answer_weight_skill_id']);
  expect(wdo.parameters).toMatchObject({ algorithm: 'WEIGHTED_DYNAMIC_OVERLAP', aggregated_fields: [{ name: 'caption' }], answer_weight_skill_id: 12648 });
});

test('a fixture pool reads like a pool created through the API: the form defaults (priority, may_contain_adult_content, auto_close_after_complete_delay_seconds) are there', async () => {
  const t = await tolokaStand();
  const project = (await post(t, '/projects', PROJECT)).json();
  const created = (await post(t, '/pools', POOL(project.id))).json();
  for (const id of ['1', '2', '3', '4']) {
    const pool = await getJson(t, `/pools/${id}`);
    expect(pool).toMatchObject({ priority: 0, may_contain_adult_content: false, auto_close_after_complete_delay_seconds: 0 });
    expect(Object.keys(pool).filter((k) => !(k in created) && k !== 'last_started')).toEqual([]);
  }
});

test("a pool's filter is checked for its shape: a value that is an object or a list is SIMPLE_VALUE_EXPECTED (toloka-kit's recorded 400), unknown categories and operators are refused", async () => {
  const t = await tolokaStand();
  const project = (await post(t, '/projects', PROJECT)).json();
  const withFilter = (filter: unknown) => post(t, '/pools', { ...POOL(project.id), filter });
  const languages = { category: 'profile', key: 'languages', operator: 'IN', value: 'EN' };
  expect((await withFilter({ and: [{ or: [languages] }, { or: [{ category: 'skill', key: '26366', operator: 'EQ', value: 100 }] }] })).statusCode).toBe(201);
  const bad = await withFilter({ and: [{ ...languages, value: { a: 1 } }, { or: [{ ...languages, category: 'bogus', operator: 'ABOUT' }] }, { or: 'x' }] });
  expect(bad.statusCode).toBe(400);
  expect(bad.json()).toMatchObject({
    code: 'VALIDATION_ERROR',
    payload: {
      'filter.and.0.value': { code: 'SIMPLE_VALUE_EXPECTED', message: 'Value must not be an object or an array' },
      'filter.and.1.or.0.category': { code: 'UNKNOWN_ENUM_VALUE' },
      'filter.and.1.or.0.operator': { code: 'UNKNOWN_ENUM_VALUE' },
      'filter.and.2.or': { code: 'ARRAY_EXPECTED' },
    },
  });
  expect((await withFilter({ and: [{ ...languages, value: ['EN', 'RU'] }] })).json().payload).toEqual({ 'filter.and.0.value': { code: 'SIMPLE_VALUE_EXPECTED', message: 'Value must not be an object or an array' } });
});

test("toloka-java-sdk's owner filters are taken on every list it sends them to; an open fixture pool has last_started", async () => {
  const t = await tolokaStand();
  const requester = await getJson(t, '/requester');
  const owner = `owner_id=${requester.id}&owner_company_id=${requester.company_id}`;
  for (const path of ['/projects', '/pools', '/trainings', '/tasks?pool_id=1', '/task-suites?pool_id=1']) {
    const res = await get(t, `${path}${path.includes('?') ? '&' : '?'}${owner}`);
    expect([path, res.statusCode]).toEqual([path, 200]);
  }
  expect((await getJson(t, `/pools?${owner}`)).items.length).toBeGreaterThan(0);
  const pool = await getJson(t, '/pools/1');
  expect(pool).toMatchObject({ status: 'OPEN', last_started: pool.created });
  expect((await getJson(t, '/pools?status=OPEN&last_started_lt=2030-01-01T00:00:00')).items.map((p: { id: string }) => p.id)).toContain('1');
});

test('an open pool closes itself at its will_expire (last_close_reason EXPIRED), even with work left; one opened past it closes at once', async () => {
  const t = await tolokaStand({ crowd: { workers: 0 } });
  const project = (await post(t, '/projects', PROJECT)).json();
  const now = Date.parse(t.stand.clockInfo().now);
  const at = (ms: number) => new Date(now + ms).toISOString().slice(0, 23);
  const pool = (await post(t, '/pools', { ...POOL(project.id), will_expire: at(20 * 60_000) })).json();
  expect((await post(t, '/tasks', [task(1, { pool_id: pool.id })])).statusCode).toBe(201);
  await done(t, await post(t, `/pools/${pool.id}/open`));
  expect((await getJson(t, `/pools/${pool.id}`)).status).toBe('OPEN');
  t.advance(20 * 60_000);
  expect(await getJson(t, `/pools/${pool.id}`)).toMatchObject({ status: 'CLOSED', last_close_reason: 'EXPIRED' });

  const late = (await post(t, '/pools', { ...POOL(project.id), will_expire: at(60_000) })).json();
  await post(t, '/tasks', [task(2, { pool_id: late.id })]);
  await done(t, await post(t, `/pools/${late.id}/open`));
  expect(await getJson(t, `/pools/${late.id}`)).toMatchObject({ status: 'CLOSED', last_close_reason: 'EXPIRED' });
});

test('boolean fields take allowed_values (toloka-kit BooleanSpec, ArrayBooleanSpec; docs incoming.md): the project is made, a task outside them is VALUE_NOT_ALLOWED', async () => {
  const t = await tolokaStand();
  const res = await post(t, '/projects', {
    public_name: 'Flags',
    public_description: 'Is it ok?',
    task_spec: {
      input_spec: { flag: { type: 'boolean', allowed_values: [true] }, flags: { type: 'array_boolean', allowed_values: [true, false] } },
      output_spec: { ok: { type: 'boolean', allowed_values: [true] } },
    },
  });
  expect(res.statusCode).toBe(201);
  expect(res.json().task_spec.output_spec.ok).toMatchObject({ type: 'boolean', allowed_values: [true] });
  const pool = (await post(t, '/pools', { project_id: res.json().id, private_name: 'p', will_expire: '2030-01-01T00:00:00', reward_per_assignment: 0.01, assignment_max_duration_seconds: 60, defaults: { default_overlap_for_new_task_suites: 1 } })).json();
  const tasks = await post(t, '/tasks', [
    { pool_id: pool.id, overlap: 1, input_values: { flag: true, flags: [true, false] } },
    { pool_id: pool.id, overlap: 1, input_values: { flag: false, flags: [false] } },
  ]);
  expect(tasks.statusCode).toBe(400);
  expect(tasks.json().payload).toEqual({ '1': { 'input_values.flag': { code: 'VALUE_NOT_ALLOWED', message: 'Value must be one of: true' } } });
});
