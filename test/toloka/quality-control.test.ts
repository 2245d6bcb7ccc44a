/**
 * A pool's quality control rules run on the simulated crowd's work (the JSON toloka-kit's
 * `pool.quality_control.add_action(collector=..., conditions=[...], action=...)` writes): bans
 * that show in GET /user-restrictions and keep the Toloker away, skills set, work reviewed.
 */
import { expect, test } from 'vitest';
import type { TestStand } from '../../src/testing/index.js';
import { API, AUTH, getJson, IMG, post, tolokaStand, untilDone } from './helpers.js';

const crowd = (extra: Record<string, unknown> = {}) => ({ crowd: { workers: 3, skipShare: 0, expireShare: 0, accuracy: 1, takeMs: 1000, solveMs: 5000, ...extra } });

const rule = (collector: Record<string, unknown>, conditions: Record<string, unknown>[], action: Record<string, unknown>) => ({ collector_config: collector, rules: [{ conditions, action }] });

/** Pool 2 (project 1) gets the rules and n tasks (`extra` on each), opens, and the crowd works `minutes`. */
async function run(t: TestStand, configs: unknown[], n: number, minutes: number, form: Record<string, unknown> = {}, extra: (i: number) => Record<string, unknown> = () => ({})): Promise<Record<string, any>[]> {
  const pool = await getJson(t, '/pools/2');
  const put = await t.inject({ method: 'PUT', url: `${API}/pools/2`, headers: { ...AUTH, 'content-type': 'application/json' }, payload: JSON.stringify({ ...pool, ...form, quality_control: { configs } }) });
  expect(put.statusCode).toBe(200);
  const tasks = Array.from({ length: n }, (_, i) => ({ pool_id: '2', input_values: { image: IMG(i) }, overlap: 1, ...extra(i) }));
  expect((await post(t, '/tasks', tasks)).statusCode).toBe(201);
  untilDone(t, (await post(t, '/pools/2/open')).json().id);
  t.advance(minutes * 60_000);
  return (await getJson(t, '/assignments?pool_id=2&limit=1000')).items;
}

const perUser = (items: Record<string, any>[], status?: string) => {
  const out = new Map<string, number>();
  for (const a of items) if (status === undefined || a.status === status) out.set(a.user_id, (out.get(a.user_id) ?? 0) + 1);
  return [...out.values()];
};

test('SKIPPED_IN_ROW_ASSIGNMENTS -> RESTRICTION_V2 for an hour: each Toloker skips twice, is banned from the pool until then, and comes back after', async () => {
  const t = await tolokaStand(crowd({ skipShare: 1 }));
  const action = { type: 'RESTRICTION_V2', parameters: { scope: 'POOL', duration: 1, duration_unit: 'HOURS', private_comment: 'Skips' } };
  const items = await run(t, [rule({ type: 'SKIPPED_IN_ROW_ASSIGNMENTS' }, [{ key: 'skipped_in_row_count', operator: 'GTE', value: 2 }], action)], 50, 10);
  expect(perUser(items, 'SKIPPED')).toEqual([2, 2, 2]);
  const bans = (await getJson(t, '/user-restrictions?scope=POOL&pool_id=2')).items as Record<string, any>[];
  expect(bans).toHaveLength(3);
  for (const ban of bans) {
    expect(ban).toMatchObject({ scope: 'POOL', pool_id: '2', private_comment: 'Skips' });
    expect(Date.parse(`${ban.will_expire}Z`) - Date.parse(`${ban.created}Z`)).toBe(3_600_000);
  }
  t.advance(60 * 60_000);
  const after = (await getJson(t, '/assignments?pool_id=2&limit=1000')).items as Record<string, any>[];
  // Back after the hour; their row of skips goes on (3 in a row), so the first skip bans them again.
  expect(perUser(after, 'SKIPPED')).toEqual([3, 3, 3]);
});

test('ASSIGNMENT_SUBMIT_TIME -> a permanent project ban and REJECT_ALL_ASSIGNMENTS: fast Tolokers stop after their first submit, which is rejected', async () => {
  const t = await tolokaStand(crowd());
  const collector = { type: 'ASSIGNMENT_SUBMIT_TIME', parameters: { history_size: 5, fast_submit_threshold_seconds: 10 } };
  const fast = [{ key: 'fast_submitted_count', operator: 'GT', value: 0 }];
  const items = await run(
    t,
    [
      rule(collector, fast, { type: 'RESTRICTION_V2', parameters: { scope: 'PROJECT', duration_unit: 'PERMANENT', private_comment: 'Fast responses' } }),
      rule(collector, fast, { type: 'REJECT_ALL_ASSIGNMENTS', parameters: { public_comment: 'Too fast' } }),
    ],
    20,
    10,
    { auto_accept_solutions: false },
  );
  expect(items).toHaveLength(3);
  expect(items.map((a) => [a.status, a.public_comment])).toEqual([['REJECTED', 'Too fast'], ['REJECTED', 'Too fast'], ['REJECTED', 'Too fast']]);
  const bans = (await getJson(t, '/user-restrictions?scope=PROJECT')).items as Record<string, any>[];
  expect(bans.map((b) => [b.project_id, b.will_expire])).toEqual([['1', undefined], ['1', undefined], ['1', undefined]]);
});

test('ANSWER_COUNT -> RESTRICTION_V2: at most N assignments per Toloker in the pool', async () => {
  const t = await tolokaStand(crowd());
  const action = { type: 'RESTRICTION_V2', parameters: { scope: 'POOL', duration: 10, duration_unit: 'DAYS' } };
  const items = await run(t, [rule({ type: 'ANSWER_COUNT' }, [{ key: 'assignments_accepted_count', operator: 'GTE', value: 3 }], action)], 30, 30);
  expect(perUser(items)).toEqual([3, 3, 3]);
});

test('GOLDEN_SET -> SET_SKILL_FROM_OUTPUT_FIELD and a ban below 50%: accurate Tolokers get the rate as a skill, wrong ones are banned', async () => {
  const known = (i: number) => ({ known_solutions: [{ output_values: { caption: `caption ${i}`, quality: 'good' }, correctness_weight: 1 }] });
  for (const accuracy of [1, 0]) {
    const t = await tolokaStand(crowd({ accuracy }));
    await post(t, '/skills', { name: 'Control tasks' });
    const golden = { type: 'GOLDEN_SET', parameters: { history_size: 10 } };
    await run(
      t,
      [
        rule(golden, [{ key: 'golden_set_answers_count', operator: 'GTE', value: 2 }], { type: 'SET_SKILL_FROM_OUTPUT_FIELD', parameters: { skill_id: '1', from_field: 'golden_set_correct_answers_rate' } }),
        rule(golden, [{ key: 'golden_set_answers_count', operator: 'GTE', value: 2 }, { key: 'golden_set_correct_answers_rate', operator: 'LT', value: 50 }], { type: 'RESTRICTION_V2', parameters: { scope: 'ALL_PROJECTS', duration_unit: 'PERMANENT' } }),
      ],
      30,
      30,
      {},
      known,
    );
    const skills = (await getJson(t, '/user-skills?skill_id=1')).items as Record<string, any>[];
    expect(skills.map((s) => s.exact_value), `accuracy ${accuracy}`).toEqual([100 * accuracy, 100 * accuracy, 100 * accuracy]);
    expect((await getJson(t, '/user-restrictions?scope=ALL_PROJECTS')).items, `accuracy ${accuracy}`).toHaveLength(accuracy === 1 ? 0 : 3);
  }
});

test('MAJORITY_VOTE: answers against the majority of an overlap of 3 set the rate as a skill', async () => {
  const t = await tolokaStand(crowd({ accuracy: 1 }));
  await post(t, '/skills', { name: 'Agrees with the majority' });
  const action = { type: 'SET_SKILL_FROM_OUTPUT_FIELD', parameters: { skill_id: '1', from_field: 'correct_answers_rate' } };
  const pool = await getJson(t, '/pools/2');
  await t.inject({ method: 'PUT', url: `${API}/pools/2`, headers: { ...AUTH, 'content-type': 'application/json' }, payload: JSON.stringify({ ...pool, quality_control: { configs: [rule({ type: 'MAJORITY_VOTE', parameters: { answer_threshold: 2, history_size: 10 } }, [{ key: 'total_answers_count', operator: 'GTE', value: 1 }], action)] } }) });
  const tasks = Array.from({ length: 6 }, (_, i) => ({ pool_id: '2', input_values: { image: IMG(i) }, overlap: 3 }));
  expect((await post(t, '/tasks', tasks)).statusCode).toBe(201);
  untilDone(t, (await post(t, '/pools/2/open')).json().id);
  t.advance(30 * 60_000);
  const skills = (await getJson(t, '/user-skills?skill_id=1')).items as Record<string, any>[];
  expect(skills).toHaveLength(3);
  for (const s of skills) expect(s.exact_value).toBe(100); // everyone gives the true answer
});

test('a pool without rules, or with a collector the stand does not run, changes nothing', async () => {
  const t = await tolokaStand(crowd());
  const items = await run(t, [rule({ type: 'CAPTCHA', parameters: { history_size: 5 } }, [{ key: 'stored_assignments_count', operator: 'GTE', value: 0 }], { type: 'RESTRICTION_V2', parameters: { scope: 'POOL', duration_unit: 'PERMANENT' } })], 6, 10);
  expect(items).toHaveLength(6);
  expect((await getJson(t, '/user-restrictions')).items).toEqual([]);
});

test('ASSIGNMENTS_ASSESSMENT + CHANGE_OVERLAP (toloka-kit\'s recipe): a rejected task goes out again, the completed pool reopens, and closes when it is done', async () => {
  const reassign = (openPool: boolean) =>
    rule({ type: 'ASSIGNMENTS_ASSESSMENT', parameters: {} }, [{ key: 'assessment_event', operator: 'EQ', value: 'REJECT' }], { type: 'CHANGE_OVERLAP', parameters: { delta: 1, open_pool: openPool } });
  for (const openPool of [true, false]) {
    const t = await tolokaStand(crowd());
    const first = await run(t, [reassign(openPool)], 6, 30, { auto_accept_solutions: false });
    expect(first).toHaveLength(6);
    expect(await getJson(t, '/pools/2')).toMatchObject({ status: 'CLOSED', last_close_reason: 'COMPLETED' });
    // Accepting counts for nothing here; rejecting raises the task's overlap.
    const [ok, bad1, bad2] = first;
    const review = (id: string, body: unknown) => t.inject({ method: 'PATCH', url: `${API}/assignments/${id}`, headers: { ...AUTH, 'content-type': 'application/json' }, payload: JSON.stringify(body) });
    expect((await review(ok!.id, { status: 'ACCEPTED' })).statusCode).toBe(200);
    for (const a of [bad1!, bad2!]) expect((await review(a.id, { status: 'REJECTED', public_comment: 'Wrong' })).statusCode).toBe(200);
    const overlaps = async () => Promise.all(first.map(async (a) => (await getJson(t, `/tasks/${a.tasks[0].id}`)).overlap as number));
    expect(await overlaps()).toEqual([1, 2, 2, 1, 1, 1]);
    expect((await getJson(t, '/pools/2')).status).toBe(openPool ? 'OPEN' : 'CLOSED');
    t.advance(30 * 60_000);
    const after = (await getJson(t, '/assignments?pool_id=2&limit=1000')).items as Record<string, any>[];
    if (!openPool) {
      expect(after).toHaveLength(6);
      continue;
    }
    expect(await getJson(t, '/pools/2')).toMatchObject({ status: 'CLOSED', last_close_reason: 'COMPLETED' });
    expect(after).toHaveLength(8);
    for (const bad of [bad1!, bad2!]) {
      const again = after.filter((a) => a.tasks[0].id === bad.tasks[0].id);
      expect(again.map((a) => a.status).sort()).toEqual(['REJECTED', 'SUBMITTED']);
      expect(new Set(again.map((a) => a.user_id)).size).toBe(2);
    }
  }
});

test('USERS_ASSESSMENT on RESTRICTION: the tasks of a Toloker a rule bans from the pool get one more overlap; a ban by hand does not count', async () => {
  const t = await tolokaStand(crowd({ workers: 6 }));
  const banAtTwo = rule({ type: 'ANSWER_COUNT', parameters: {} }, [{ key: 'assignments_accepted_count', operator: 'GTE', value: 2 }], { type: 'RESTRICTION_V2', parameters: { scope: 'POOL', duration: 1, duration_unit: 'DAYS' } });
  const restore = rule({ type: 'USERS_ASSESSMENT' }, [{ key: 'pool_access_revoked_reason', operator: 'EQ', value: 'RESTRICTION' }], { type: 'CHANGE_OVERLAP', parameters: { delta: 1, open_pool: true } });
  const items = await run(t, [banAtTwo, restore], 8, 60);
  const banned = new Set(((await getJson(t, '/user-restrictions?limit=100')).items as { user_id: string }[]).map((r) => r.user_id));
  expect(banned.size).toBeGreaterThan(0);
  const overlaps = new Map<string, number>();
  for (const a of items) overlaps.set(a.tasks[0].id, (await getJson(t, `/tasks/${a.tasks[0].id}`)).overlap as number);
  const byBanned = (task: string) => items.filter((a) => a.tasks[0].id === task && banned.has(a.user_id) && a.status !== 'SKIPPED' && a.status !== 'EXPIRED').length;
  for (const [task, overlap] of overlaps) expect(overlap).toBe(1 + byBanned(task));
  expect([...overlaps.values()].some((o) => o > 1)).toBe(true);


  // A ban by hand is no RESTRICTION of a rule: nothing changes.
  const other = await tolokaStand(crowd());
  const done = await run(other, [restore], 6, 30);
  expect(await getJson(other, '/pools/2')).toMatchObject({ status: 'CLOSED', last_close_reason: 'COMPLETED' });
  const ban = await other.inject({ method: 'PUT', url: `${API}/user-restrictions`, headers: { ...AUTH, 'content-type': 'application/json' }, payload: JSON.stringify({ scope: 'POOL', pool_id: '2', user_id: done[0]!.user_id }) });
  expect(ban.statusCode).toBe(201);
  for (const a of done) expect((await getJson(other, `/tasks/${a.tasks[0].id}`)).overlap).toBe(1);
  expect((await getJson(other, '/pools/2')).status).toBe('CLOSED');
});

test('INCOME: a Toloker who earned 0.03 in the pool in 24 hours is banned from it; ACCEPTANCE_RATE: one whose reviewed work is mostly rejected is banned', async () => {
  const poolBan = { type: 'RESTRICTION_V2', parameters: { scope: 'POOL', duration: 1, duration_unit: 'DAYS' } };
  const t = await tolokaStand(crowd());
  const income = rule({ type: 'INCOME' }, [{ key: 'income_sum_for_last_24_hours', operator: 'GTE', value: 0.03 }], poolBan);
  const items = await run(t, [income], 20, 60, { reward_per_assignment: 0.01 });
  expect(perUser(items)).toEqual([3, 3, 3]);
  expect((await getJson(t, '/user-restrictions?limit=100')).items).toHaveLength(3);
  expect((await getJson(t, '/pools/2')).status).toBe('OPEN');

  const r = await tolokaStand(crowd());
  const rate = rule({ type: 'ACCEPTANCE_RATE', parameters: {} }, [{ key: 'total_assignments_count', operator: 'GTE', value: 2 }, { key: 'rejected_assignments_rate', operator: 'GT', value: 50 }], poolBan);
  const work = await run(r, [rate], 12, 30, { auto_accept_solutions: false });
  const mineOf = (user: string) => work.filter((x) => x.user_id === user);
  const [a, b] = [...new Set(work.map((x) => x.user_id as string))].filter((user) => mineOf(user).length >= 2);
  const review = (id: string, body: unknown) => r.inject({ method: 'PATCH', url: `${API}/assignments/${id}`, headers: { ...AUTH, 'content-type': 'application/json' }, payload: JSON.stringify(body) });
  const bans = async () => ((await getJson(r, '/user-restrictions?limit=100')).items as { user_id: string }[]).map((x) => x.user_id);
  await review(mineOf(a!)[0]!.id, { status: 'REJECTED', public_comment: 'Wrong' });
  expect(await bans()).toEqual([]); // one reviewed: under total_assignments_count 2
  await review(mineOf(b!)[0]!.id, { status: 'ACCEPTED' });
  await review(mineOf(b!)[1]!.id, { status: 'ACCEPTED' });
  await review(mineOf(a!)[1]!.id, { status: 'REJECTED', public_comment: 'Wrong' });
  expect(await bans()).toEqual([a]);
});
