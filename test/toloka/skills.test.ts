/**
 * Skills, the Tolokers' values of them, and bans (docs: the skill, user-skill and
 * user-restriction operations; toloka-kit's tests and toloka-java-sdk's ModificationResult for
 * the statuses), and what they do to the simulated crowd: a banned Toloker takes nothing the ban
 * covers, a pool's skill filter lets in only the Tolokers it names.
 */
import { expect, test } from 'vitest';
import type { TestStand } from '../../src/testing/index.js';
import { API, AUTH, get, getJson, IMG, post, tolokaStand, untilDone } from './helpers.js';

const send = (t: TestStand, method: 'PUT' | 'DELETE', path: string, body?: unknown) =>
  t.inject({
    method,
    url: `${API}${path}`,
    headers: body === undefined ? AUTH : { ...AUTH, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
  });

const FIXTURE_USER = 'ec00d2407f7241258d0faba610110d95';

test('skills: created 201 with the view the docs show, read, listed with filters, replaced by a PUT; errors in Toloka\'s shape', async () => {
  const t = await tolokaStand();
  const created = await post(t, '/skills', { name: 'Programmer', public_requester_description: { EN: 'You are an expert' }, private_comment: 'C++' });
  expect(created.statusCode).toBe(201);
  const skill = created.json();
  expect(skill).toEqual({
    id: '1',
    name: 'Programmer',
    private_comment: 'C++',
    public_requester_description: { EN: 'You are an expert' },
    hidden: true,
    deprecated: false,
    owner: { id: expect.stringMatching(/^[0-9a-f]{32}$/), myself: true },
    created: '2026-01-01T00:00:00.000',
    global: false,
  });
  t.advance(1000);
  expect((await post(t, '/skills', { name: 'Translator', hidden: 'false' })).json()).toMatchObject({ id: '2', hidden: false, created: '2026-01-01T00:00:01.000' });

  expect(await getJson(t, '/skills/1')).toEqual(skill);
  // toloka-kit's update_skill sends back what it read (id, created, owner): read-only fields are dropped.
  const put = await send(t, 'PUT', '/skills/1', { ...skill, name: 'Programmer (C++)', private_comment: undefined });
  expect(put.statusCode).toBe(200);
  expect(put.json()).toEqual({ ...skill, name: 'Programmer (C++)', private_comment: undefined });
  expect(put.json()).not.toHaveProperty('private_comment');

  expect((await getJson(t, '/skills?name=Translator')).items.map((s: { id: string }) => s.id)).toEqual(['2']);
  expect((await getJson(t, '/skills?global=false&sort=-created')).items.map((s: { id: string }) => s.id)).toEqual(['2', '1']);
  expect(await getJson(t, '/skills?global=true')).toEqual({ items: [], has_more: false });
  expect(await getJson(t, '/skills?id_gt=1&limit=1')).toMatchObject({ items: [{ id: '2' }], has_more: false });
  expect(await getJson(t, '/skills?limit=1')).toMatchObject({ items: [{ id: '1' }], has_more: true });

  const missing = await get(t, '/skills/99');
  expect(missing.statusCode).toBe(404);
  expect(missing.json()).toMatchObject({ code: 'DOES_NOT_EXIST' });
  const noName = await post(t, '/skills', { hidden: true });
  expect(noName.statusCode).toBe(400);
  expect(noName.json()).toMatchObject({ code: 'VALIDATION_ERROR', payload: { name: { code: 'VALUE_REQUIRED' } } });
  // Another token is another requester: it does not see these skills.
  expect((await t.inject({ method: 'GET', url: `${API}/skills/1`, headers: { authorization: 'OAuth other' } })).statusCode).toBe(404);
});

test('user skills: a pair\'s first value is 201, a later one 200 on the same object; value rounded, exact_value as set; time to live; delete', async () => {
  const t = await tolokaStand();
  await post(t, '/skills', { name: 'Exam', skill_ttl_hours: 1 });
  const first = await send(t, 'PUT', '/user-skills', { skill_id: 1, user_id: FIXTURE_USER, value: 85.42, reason: 'exam' });
  expect(first.statusCode).toBe(201);
  expect(first.json()).toEqual({
    id: '1',
    skill_id: '1',
    user_id: FIXTURE_USER,
    value: 85,
    exact_value: 85.42,
    created: '2026-01-01T00:00:00.000',
    modified: '2026-01-01T00:00:00.000',
  });
  t.advance(30 * 60_000);
  const again = await send(t, 'PUT', '/user-skills', { skill_id: '1', user_id: FIXTURE_USER, value: 99.5 });
  expect(again.statusCode).toBe(200);
  expect(again.json()).toMatchObject({ id: '1', value: 100, exact_value: 99.5, created: '2026-01-01T00:00:00.000', modified: '2026-01-01T00:30:00.000' });

  expect(await getJson(t, '/user-skills/1')).toEqual(again.json());
  expect((await getJson(t, `/user-skills?user_id=${FIXTURE_USER}`)).items).toHaveLength(1);
  expect((await getJson(t, '/user-skills?skill_id=2')).items).toHaveLength(0);
  expect((await getJson(t, '/user-skills?modified_gt=2026-01-01T00:10:00')).items).toHaveLength(1);

  // Not set again within skill_ttl_hours (1 h from the last change): gone.
  t.advance(60 * 60_000);
  expect((await get(t, '/user-skills/1')).statusCode).toBe(404);
  expect((await getJson(t, '/user-skills?skill_id=1')).items).toEqual([]);
  const anew = await send(t, 'PUT', '/user-skills', { skill_id: '1', user_id: FIXTURE_USER, value: 10 });
  expect(anew.statusCode).toBe(201);
  expect(anew.json().id).toBe('2');

  expect((await send(t, 'DELETE', '/user-skills/2')).statusCode).toBe(204);
  expect((await get(t, '/user-skills/2')).statusCode).toBe(404);
  expect((await send(t, 'DELETE', '/user-skills/2')).statusCode).toBe(404);

  for (const [body, field, code] of [
    [{ skill_id: '7', user_id: FIXTURE_USER, value: 1 }, 'skill_id', 'ENTITY_DOES_NOT_EXIST'],
    [{ skill_id: '1', user_id: 'nobody', value: 1 }, 'user_id', 'ENTITY_DOES_NOT_EXIST'],
    [{ skill_id: '1', user_id: FIXTURE_USER, value: 100.5 }, 'value', 'VALUE_GREATER_THAN_MAX'],
    [{ skill_id: '1', user_id: FIXTURE_USER }, 'value', 'VALUE_REQUIRED'],
  ] as const) {
    const res = await send(t, 'PUT', '/user-skills', body);
    expect(res.statusCode, JSON.stringify(body)).toBe(400);
    expect(res.json().payload[field], JSON.stringify(body)).toMatchObject({ code });
  }
});

test('bans: PUT makes one (201) or changes the same one (200); the scope\'s project or pool is required and must exist; listed, read, removed', async () => {
  const t = await tolokaStand();
  const ban = await send(t, 'PUT', '/user-restrictions', { scope: 'PROJECT', user_id: FIXTURE_USER, project_id: 1, private_comment: 'Many mistakes', will_expire: '2026-01-10T18:08:07Z' });
  expect(ban.statusCode).toBe(201);
  expect(ban.json()).toEqual({
    scope: 'PROJECT',
    user_id: FIXTURE_USER,
    project_id: '1',
    private_comment: 'Many mistakes',
    will_expire: '2026-01-10T18:08:07.000',
    id: '1',
    created: '2026-01-01T00:00:00.000',
  });
  const changed = await send(t, 'PUT', '/user-restrictions', { scope: 'PROJECT', user_id: FIXTURE_USER, project_id: '1' });
  expect(changed.statusCode).toBe(200);
  expect(changed.json()).toEqual({ scope: 'PROJECT', user_id: FIXTURE_USER, project_id: '1', id: '1', created: '2026-01-01T00:00:00.000' });
  const all = await send(t, 'PUT', '/user-restrictions', { scope: 'ALL_PROJECTS', user_id: FIXTURE_USER });
  expect(all.statusCode).toBe(201);
  expect(all.json()).toEqual({ scope: 'ALL_PROJECTS', user_id: FIXTURE_USER, id: '2', created: '2026-01-01T00:00:00.000' });

  expect((await getJson(t, '/user-restrictions?scope=PROJECT')).items.map((r: { id: string }) => r.id)).toEqual(['1']);
  expect((await getJson(t, `/user-restrictions?user_id=${FIXTURE_USER}&sort=-id`)).items.map((r: { id: string }) => r.id)).toEqual(['2', '1']);
  expect(await getJson(t, '/user-restrictions/2')).toEqual(all.json());
  expect((await send(t, 'DELETE', '/user-restrictions/2')).statusCode).toBe(204);
  expect((await get(t, '/user-restrictions/2')).statusCode).toBe(404);

  for (const [body, field, code] of [
    [{ scope: 'POOL', user_id: FIXTURE_USER }, 'pool_id', 'VALUE_REQUIRED'],
    [{ scope: 'POOL', user_id: FIXTURE_USER, pool_id: '404' }, 'pool_id', 'ENTITY_DOES_NOT_EXIST'],
    [{ scope: 'PROJECT', user_id: FIXTURE_USER }, 'project_id', 'VALUE_REQUIRED'],
    [{ scope: 'PROJECT', user_id: 'nobody', project_id: '1' }, 'user_id', 'ENTITY_DOES_NOT_EXIST'],
    [{ scope: 'EVERYWHERE', user_id: FIXTURE_USER }, 'scope', 'UNKNOWN_ENUM_VALUE'],
    [{ scope: 'POOL', user_id: FIXTURE_USER, pool_id: '1', will_expire: 'tomorrow' }, 'will_expire', 'PATTERN_MISMATCH'],
  ] as const) {
    const res = await send(t, 'PUT', '/user-restrictions', body);
    expect(res.statusCode, JSON.stringify(body)).toBe(400);
    expect(res.json().payload[field], JSON.stringify(body)).toMatchObject({ code });
  }
});

const CROWD = { crowd: { workers: 6, skipShare: 0, expireShare: 0, accuracy: 1, takeMs: 1000, solveMs: 5000 } };

/** Pool 2 (closed, empty, project 1) gets n tasks of overlap 1 and `form` changes, then opens. */
async function openPool2(t: TestStand, n: number, form: Record<string, unknown> = {}): Promise<void> {
  if (Object.keys(form).length > 0) {
    const pool = await getJson(t, '/pools/2');
    expect((await send(t, 'PUT', '/pools/2', { ...pool, ...form })).statusCode).toBe(200);
  }
  const tasks = Array.from({ length: n }, (_, i) => ({ pool_id: '2', input_values: { image: IMG(i) }, overlap: 1 }));
  expect((await post(t, '/tasks', tasks)).statusCode).toBe(201);
  untilDone(t, (await post(t, '/pools/2/open')).json().id);
}

const workersOf = async (t: TestStand, pool: string) => new Set(((await getJson(t, `/assignments?pool_id=${pool}&limit=1000`)).items as { user_id: string }[]).map((a) => a.user_id));

/** The crowd's Tolokers, from the assignments of open pool 1 after a few tasks there. */
async function tolokers(t: TestStand): Promise<string[]> {
  const tasks = Array.from({ length: 30 }, (_, i) => ({ pool_id: '1', input_values: { image: IMG(100 + i) }, overlap: 1 }));
  expect((await post(t, '/tasks', tasks)).statusCode).toBe(201);
  t.advance(60_000);
  const ids = [...(await workersOf(t, '1'))].sort();
  expect(ids).toHaveLength(6);
  return ids;
}

test('a pool filtered by a skill is taken only by the Tolokers whose value passes; one given the skill later comes for its tasks', async () => {
  const t = await tolokaStand(CROWD);
  const ids = await tolokers(t);
  await post(t, '/skills', { name: 'Passed the exam' });
  for (const [i, value] of [[0, 85], [1, 70], [2, 69.9]] as const) {
    expect((await send(t, 'PUT', '/user-skills', { skill_id: '1', user_id: ids[i], value })).statusCode).toBe(201);
  }
  // toloka-kit's `toloka.filter.Skill('1') >= 70`.
  await openPool2(t, 40, { filter: { and: [{ or: [{ category: 'skill', key: '1', operator: 'GTE', value: 70 }] }] } });
  t.advance(60_000);
  expect([...(await workersOf(t, '2'))].sort()).toEqual([ids[0], ids[1]].sort());

  // Another Toloker passes now: idle, they come for the pool's tasks.
  expect((await send(t, 'PUT', '/user-skills', { skill_id: '1', user_id: ids[3], value: 100 })).statusCode).toBe(201);
  t.advance(60_000);
  expect([...(await workersOf(t, '2'))].sort()).toEqual([ids[0], ids[1], ids[3]].sort());
});

test('"EQ" with no value lets in only the Tolokers without the skill', async () => {
  const t = await tolokaStand(CROWD);
  const ids = await tolokers(t);
  await post(t, '/skills', { name: 'Already did it' });
  await send(t, 'PUT', '/user-skills', { skill_id: '1', user_id: ids[0], value: 1 });
  await openPool2(t, 40, { filter: { and: [{ category: 'skill', key: 1, operator: 'EQ' }] } });
  t.advance(120_000);
  const got = await workersOf(t, '2');
  expect(got.has(ids[0]!)).toBe(false);
  expect(got.size).toBe(5);
});

test('a banned Toloker takes no task the ban covers, and comes back when it ends or is removed', async () => {
  const t = await tolokaStand(CROWD);
  const ids = await tolokers(t);
  // From pool 2 until 00:04 (it is 00:01 now); from project 1 (pools 1 and 2) with no end.
  await send(t, 'PUT', '/user-restrictions', { scope: 'POOL', user_id: ids[0], pool_id: '2', will_expire: '2026-01-01T00:04:00' });
  const project = (await send(t, 'PUT', '/user-restrictions', { scope: 'PROJECT', user_id: ids[1], project_id: '1' })).json();
  await openPool2(t, 400);
  t.advance(2 * 60_000);
  const during = await workersOf(t, '2');
  expect(during.has(ids[0]!)).toBe(false);
  expect(during.has(ids[1]!)).toBe(false);
  expect(during.size).toBe(4);

  t.advance(2 * 60_000); // the pool ban ended at 00:04
  expect((await workersOf(t, '2')).has(ids[0]!)).toBe(true);
  expect((await workersOf(t, '2')).has(ids[1]!)).toBe(false);
  expect((await send(t, 'DELETE', `/user-restrictions/${project.id}`)).statusCode).toBe(204);
  t.advance(60_000);
  expect((await workersOf(t, '2')).has(ids[1]!)).toBe(true);
});

test('GET /user-metadata: a Toloker\'s profile in the docs\' shape, the same for a seed; a fixture\'s Toloker keeps its country; an unknown one is 404', async () => {
  const t = await tolokaStand(CROWD);
  const ids = await tolokers(t);
  const meta = await getJson(t, `/user-metadata/${ids[0]}`);
  expect(Object.keys(meta)).toEqual(['id', 'country', 'languages', 'attributes', 'adult_allowed']);
  expect(meta).toMatchObject({ id: ids[0], country: expect.stringMatching(/^[A-Z]{2}$/), languages: expect.arrayContaining([expect.stringMatching(/^[A-Z]{2}$/)]) });
  expect(Object.keys(meta.attributes)).toEqual(['country_by_phone', 'country_by_ip', 'client_type', 'user_agent_type', 'device_category', 'os_family', 'os_version', 'os_version_major', 'os_version_minor', 'os_version_bugfix']);
  const again = await tolokaStand(CROWD);
  expect(await getJson(again, `/user-metadata/${ids[0]}`)).toEqual(meta); // the crowd's Tolokers are known before they work
  expect(await getJson(t, `/user-metadata/${FIXTURE_USER}`)).toMatchObject({ id: FIXTURE_USER, country: 'RU', languages: expect.arrayContaining(['RU']) });
  const missing = await get(t, '/user-metadata/0123456789abcdef0123456789abcdef');
  expect(missing.statusCode).toBe(404);
  expect(missing.json()).toMatchObject({ code: 'DOES_NOT_EXIST' });
});

test('profile filters: toloka-kit\'s Languages.in_(\'EN\', verified=True) and ClientType / Country conditions let in the Tolokers their metadata matches', async () => {
  const t = await tolokaStand({ crowd: { ...CROWD.crowd, workers: 12 } });
  const tasks = Array.from({ length: 60 }, (_, i) => ({ pool_id: '1', input_values: { image: IMG(100 + i) }, overlap: 1 }));
  expect((await post(t, '/tasks', tasks)).statusCode).toBe(201);
  t.advance(60_000);
  const ids = [...(await workersOf(t, '1'))].sort();
  expect(ids).toHaveLength(12);
  const meta = new Map<string, any>();
  for (const id of ids) meta.set(id, await getJson(t, `/user-metadata/${id}`));

  // The JSON toloka-kit writes for (Languages.in_('EN', verified=True)) & (ClientType == 'TOLOKA_APP') & (Country != 'RU').
  const filter = {
    and: [
      { or: [{ and: [{ operator: 'IN', value: 'EN', key: 'languages', category: 'profile' }, { key: '26366', operator: 'EQ', value: 100, category: 'skill' }] }] },
      { operator: 'EQ', value: 'TOLOKA_APP', key: 'client_type', category: 'computed' },
      { operator: 'NE', value: 'RU', key: 'country', category: 'profile' },
    ],
  };
  await openPool2(t, 200, { filter });
  t.advance(5 * 60_000);
  const got = [...(await workersOf(t, '2'))];
  const eligible = ids.filter((id) => meta.get(id).languages.includes('EN') && meta.get(id).attributes.client_type === 'TOLOKA_APP' && meta.get(id).country !== 'RU');
  expect(got.length).toBeGreaterThan(0);
  // Every one let in matches the profile conditions; of those who match, the ones left out did not pass the English test.
  for (const id of got) expect(eligible).toContain(id);
  expect(got.length).toBeLessThanOrEqual(eligible.length);
});

test('a pool that may contain adult content is taken only by the Tolokers whose profile allows it', async () => {
  const t = await tolokaStand({ crowd: { ...CROWD.crowd, workers: 12 } });
  const tasks = Array.from({ length: 60 }, (_, i) => ({ pool_id: '1', input_values: { image: IMG(100 + i) }, overlap: 1 }));
  expect((await post(t, '/tasks', tasks)).statusCode).toBe(201);
  t.advance(60_000);
  const ids = [...(await workersOf(t, '1'))];
  const allowed = [];
  for (const id of ids) if ((await getJson(t, `/user-metadata/${id}`)).adult_allowed) allowed.push(id);
  expect(allowed.length).toBeGreaterThan(0);
  expect(allowed.length).toBeLessThan(ids.length);
  await openPool2(t, 200, { may_contain_adult_content: true });
  t.advance(5 * 60_000);
  expect([...(await workersOf(t, '2'))].sort()).toEqual(allowed.sort());
});

test('dynamic pricing: an assignment pays the reward of the interval the Toloker\'s skill falls in, else the pool\'s own; accepted ones are what the balance pays', async () => {
  const t = await tolokaStand(CROWD);
  const ids = await tolokers(t);
  const skill = (await post(t, '/skills', { name: 'Accuracy' })).json().id as string;
  for (const [i, value] of [[0, 20], [1, 75], [2, 50.5]] as const) {
    expect((await send(t, 'PUT', '/user-skills', { skill_id: skill, user_id: ids[i], value })).statusCode).toBe(201);
  }
  const before = (await getJson(t, '/requester')).balance as number;
  await openPool2(t, 30, {
    reward_per_assignment: 0.05,
    dynamic_pricing_config: { type: 'SKILL', skill_id: skill, intervals: [{ from: 0, to: 50, reward_per_assignment: 0.02 }, { from: 51, to: 100, reward_per_assignment: 0.08 }] },
  });
  t.advance(10 * 60_000);
  const done = (await getJson(t, '/assignments?pool_id=2&limit=1000')).items as { user_id: string; reward: number; status: string }[];
  expect(done).toHaveLength(30);
  const rewards = new Map<string, Set<number>>();
  for (const a of done) rewards.set(a.user_id, (rewards.get(a.user_id) ?? new Set()).add(a.reward));
  // 20 -> [0, 50]; 75 -> [51, 100]; 50.5 and no skill -> the pool's own reward.
  expect(ids.map((id) => [...(rewards.get(id) ?? [])])).toEqual([[0.02], [0.08], [0.05], [0.05], [0.05], [0.05]]);
  const paid = done.filter((a) => a.status === 'ACCEPTED').reduce((sum, a) => sum + a.reward, 0);
  expect((await getJson(t, '/requester')).balance).toBeCloseTo(before - paid, 6);
});

test('USERS_ASSESSMENT: a Toloker a skill change shuts out of a pool has their tasks there done again (CHANGE_OVERLAP), the closed pool reopening', async () => {
  const t = await tolokaStand(CROWD);
  const ids = await tolokers(t);
  const skill = (await post(t, '/skills', { name: 'Accuracy' })).json().id as string;
  for (const id of ids) expect((await send(t, 'PUT', '/user-skills', { skill_id: skill, user_id: id, value: 80 })).statusCode).toBe(201);
  const revoked = { type: 'USERS_ASSESSMENT' };
  await openPool2(t, 12, {
    filter: { and: [{ or: [{ category: 'skill', key: skill, operator: 'GTE', value: 50 }] }] },
    quality_control: {
      configs: [{
        collector_config: revoked,
        rules: [{
          conditions: [{ key: 'pool_access_revoked_reason', operator: 'EQ', value: 'SKILL_CHANGE' }, { key: 'skill_id', operator: 'EQ', value: skill }],
          action: { type: 'CHANGE_OVERLAP', parameters: { delta: 1, open_pool: true } },
        }],
      }],
    },
  });
  t.advance(30 * 60_000);
  expect(await getJson(t, '/pools/2')).toMatchObject({ status: 'CLOSED', last_close_reason: 'COMPLETED' });
  const first = (await getJson(t, '/assignments?pool_id=2&limit=1000')).items as { user_id: string; tasks: { id: string }[] }[];
  const theirs = first.filter((a) => a.user_id === ids[0]).map((a) => a.tasks[0]!.id);
  expect(theirs.length).toBeGreaterThan(0);

  // Still above the filter: nothing happens. Below it: their tasks go out again.
  await send(t, 'PUT', '/user-skills', { skill_id: skill, user_id: ids[1], value: 60 });
  expect((await getJson(t, '/pools/2')).status).toBe('CLOSED');
  await send(t, 'PUT', '/user-skills', { skill_id: skill, user_id: ids[0], value: 10 });
  expect((await getJson(t, '/pools/2')).status).toBe('OPEN');
  t.advance(30 * 60_000);
  expect(await getJson(t, '/pools/2')).toMatchObject({ status: 'CLOSED', last_close_reason: 'COMPLETED' });
  const after = (await getJson(t, '/assignments?pool_id=2&limit=1000')).items as { user_id: string; tasks: { id: string }[] }[];
  expect(after).toHaveLength(first.length + theirs.length);
  for (const a of first) {
    const task = await getJson(t, `/tasks/${a.tasks[0]!.id}`);
    const users = after.filter((x) => x.tasks[0]!.id === a.tasks[0]!.id).map((x) => x.user_id);
    expect([task.overlap, new Set(users).size]).toEqual(theirs.includes(a.tasks[0]!.id) ? [2, 2] : [1, 1]);
  }
});
