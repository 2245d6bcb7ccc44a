/**
 * The simulated crowd (issue 21): Tolokers take the open pools' task suites on the stand's
 * clock, deterministically; the API around it (assignments, review, aggregation, webhooks,
 * analytics) as toloka-kit's end-to-end flow and its streaming observers call it.
 */
import { createHmac } from 'node:crypto';
import { expect, test } from 'vitest';
import type { TestStand } from '../../src/testing/index.js';
import { API, AUTH, get, getJson, IMG, LABEL, post, projectPool, tolokaStand, untilDone } from './helpers.js';

const send = (t: TestStand, method: 'PATCH' | 'PUT', path: string, body: unknown) =>
  t.inject({ method, url: `${API}${path}`, headers: { ...AUTH, 'content-type': 'application/json' }, payload: JSON.stringify(body) });

/** n tasks of pool 2 (closed, empty) with this overlap, then the pool opened. */
async function openPoolWith(t: TestStand, n: number, overlap: number, extra: Record<string, unknown> = {}): Promise<void> {
  const tasks = Array.from({ length: n }, (_, i) => ({ pool_id: '2', input_values: { image: IMG(i) }, overlap, ...extra }));
  expect((await post(t, '/tasks', tasks)).statusCode).toBe(201);
  untilDone(t, JSON.parse((await post(t, '/pools/2/open')).body).id);
}

/** Advances minute by minute until the pool is closed; the minutes it took. */
async function untilClosed(t: TestStand, pool = '2', maxMinutes = 120): Promise<number> {
  for (let m = 1; m <= maxMinutes; m++) {
    t.advance(60_000);
    if ((await getJson(t, `/pools/${pool}`)).status === 'CLOSED') return m;
  }
  throw new Error(`pool ${pool} still open after ${maxMinutes} minutes`);
}

const assignments = async (t: TestStand, q: string) => (await getJson(t, `/assignments?${q}&limit=100000`)).items as Record<string, any>[];

test('toloka-kit\'s whole flow on a manual clock: project, pool, tasks, open, the crowd works, the pool closes itself, review, aggregate, bonus, archive', async () => {
  const t = await tolokaStand({ crowd: { workers: 5, skipShare: 0, expireShare: 0, accuracy: 1 } });
  const pool = await projectPool(t, LABEL, { auto_accept_solutions: false, defaults: { default_overlap_for_new_task_suites: 3, default_overlap_for_new_tasks: 3 } });
  const project = { id: pool.project_id as string };
  const created = (await post(t, `/tasks?async_mode=true&allow_defaults=true&open_pool=true`, Array.from({ length: 4 }, (_, i) => ({ pool_id: pool.id, input_values: { image: IMG(i) } })))).json();
  untilDone(t, created.id);
  expect((await getJson(t, `/pools/${pool.id}`)).status).toBe('OPEN');

  const minutes = await untilClosed(t, pool.id);
  expect(minutes).toBeLessThan(30);
  expect(await getJson(t, `/pools/${pool.id}`)).toMatchObject({ status: 'CLOSED', last_close_reason: 'COMPLETED' });
  const submitted = await assignments(t, `pool_id=${pool.id}&status=SUBMITTED`);
  expect(submitted).toHaveLength(12); // 4 tasks x overlap 3, none reviewed yet (no auto-accept)
  // Overlap honoured; nobody got a task twice.
  const byTask = new Map<string, string[]>();
  for (const a of submitted) byTask.set(a.tasks[0].id, [...(byTask.get(a.tasks[0].id) ?? []), a.user_id]);
  expect([...byTask.values()].map((users) => new Set(users).size)).toEqual([3, 3, 3, 3]);
  expect((await getJson(t, `/tasks?pool_id=${pool.id}`)).items.map((x: { remaining_overlap: number }) => x.remaining_overlap)).toEqual([0, 0, 0, 0]);
  // An assignment shows its task as the OAS examples do: the task's overlap, lists and times as they are now.
  const shown = submitted[0]!.tasks[0];
  expect(Object.keys(shown)).toEqual(['id', 'input_values', 'pool_id', 'overlap', 'infinite_overlap', 'reserved_for', 'unavailable_for', 'created', 'remaining_overlap']);
  expect(shown).toMatchObject({ pool_id: pool.id, overlap: 3, infinite_overlap: false, remaining_overlap: 0, created: (await getJson(t, `/tasks/${shown.id}`)).created });

  // Review: accept one, reject one (a rejection needs a comment), then no second verdict.
  const [first, second] = submitted;
  expect((await send(t, 'PATCH', `/assignments/${first!.id}`, { status: 'ACCEPTED', public_comment: 'Thanks' })).json()).toMatchObject({ status: 'ACCEPTED', accepted: expect.any(String) });
  expect((await send(t, 'PATCH', `/assignments/${second!.id}`, { status: 'REJECTED' })).json()).toMatchObject({ code: 'VALIDATION_ERROR', payload: { public_comment: { code: 'VALUE_REQUIRED' } } });
  expect((await send(t, 'PATCH', `/assignments/${second!.id}`, { status: 'REJECTED', public_comment: 'Wrong' })).json()).toMatchObject({ status: 'REJECTED', public_comment: 'Wrong' });
  const twice = await send(t, 'PATCH', `/assignments/${first!.id}`, { status: 'REJECTED', public_comment: 'x' });
  expect(twice.statusCode).toBe(409);
  expect(twice.json()).toMatchObject({ code: 'INAPPROPRIATE_STATUS', payload: { appropriate_statuses: ['SUBMITTED'] } });
  expect((await send(t, 'PATCH', `/assignments/${second!.id}`, { status: 'ACCEPTED', public_comment: 'On second thought' })).json().status).toBe('ACCEPTED');

  // Aggregate (accuracy 1: every Toloker gave the task's true answer; the confidence is 1).
  const agg = (await t.inject({ method: 'POST', url: `${API}/aggregated-solutions/aggregate-by-pool`, headers: { ...AUTH, 'content-type': 'application/json' }, payload: JSON.stringify({ type: 'DAWID_SKENE', pool_id: pool.id, fields: [{ name: 'label' }] }) })).json();
  expect(agg).toMatchObject({ type: 'SOLUTION.AGGREGATE', parameters: { pool_id: pool.id } });
  untilDone(t, agg.id);
  const solutions = await getJson(t, `/aggregated-solutions/${agg.id}?sort=task_id&limit=3`);
  expect(solutions.has_more).toBe(true);
  expect(solutions.items).toHaveLength(3);
  for (const s of solutions.items) expect(s).toMatchObject({ pool_id: pool.id, confidence: expect.closeTo(1, 2), output_values: { label: expect.stringMatching(/^(cat|dog)$/) } });
  const rest = await getJson(t, `/aggregated-solutions/${agg.id}?sort=task_id&task_id_gt=${solutions.items[2].task_id}`);
  expect(rest).toMatchObject({ has_more: false, items: [{ pool_id: pool.id }] });
  // One task's answer at once: 200 (toloka-java-sdk's aggregateSolutionsByTask takes only 200).
  const one = await post(t, '/aggregated-solutions/aggregate-by-task', { type: 'DAWID_SKENE', pool_id: pool.id, task_id: solutions.items[0].task_id, fields: [{ name: 'label' }] });
  expect(one.statusCode).toBe(200);
  const { pool_id, task_id, output_values } = solutions.items[0];
  expect(one.json()).toEqual({ pool_id, task_id, output_values, confidence: expect.closeTo(1, 2) });

  // Pay a bonus to a Toloker of the crowd; accepted rewards and the bonus come off the balance.
  const bonus = await post(t, '/user-bonuses', { user_id: first!.user_id, amount: 1, assignment_id: first!.id, public_title: { EN: 'Bonus' }, public_message: { EN: 'Well done' } });
  expect(bonus.statusCode).toBe(201);
  expect((await getJson(t, '/requester')).balance).toBe(1000 - 2 * 0.05 - 1);
  // The assignment lists its bonuses (OAS AssignmentViewV1.bonus_ids, last); one without none.
  const paid = await getJson(t, `/assignments/${first!.id}`);
  expect([Object.keys(paid).at(-1), paid.bonus_ids]).toEqual(['bonus_ids', [bonus.json().id]]);
  const others = (await getJson(t, `/assignments?pool_id=${pool.id}`)).items.filter((a: { id: string }) => a.id !== first!.id);
  expect(others.every((a: Record<string, unknown>) => !('bonus_ids' in a))).toBe(true);

  // Archive the pool, then the project.
  untilDone(t, JSON.parse((await post(t, `/pools/${pool.id}/archive`)).body).id);
  untilDone(t, JSON.parse((await post(t, `/projects/${project.id}/archive`)).body).id);
  expect((await getJson(t, `/projects/${project.id}`)).status).toBe('ARCHIVED');
});

test('a completed pool opened again closes again (COMPLETED): nothing is left to do in it', async () => {
  const t = await tolokaStand({ crowd: { workers: 3, skipShare: 0, expireShare: 0 } });
  await openPoolWith(t, 2, 1);
  await untilClosed(t);
  untilDone(t, JSON.parse((await post(t, '/pools/2/open')).body).id);
  expect(await getJson(t, '/pools/2')).toMatchObject({ status: 'CLOSED', last_close_reason: 'COMPLETED' });
  expect(await assignments(t, 'pool_id=2')).toHaveLength(2);
});

test('tasks made while nobody works stay open work: Tolokers who come later take them, in creation order, and the pool closes when they are done', async () => {
  const t = await tolokaStand({ crowd: { workers: 0 } });
  await openPoolWith(t, 3, 2);
  t.advance(3_600_000);
  expect(await assignments(t, 'pool_id=2')).toHaveLength(0);
  expect(await getJson(t, '/pools/2')).toMatchObject({ status: 'OPEN' });
  const tasks = (await getJson(t, '/tasks?pool_id=2')).items as { id: string; remaining_overlap: number }[];
  expect(tasks.map((x) => x.remaining_overlap)).toEqual([2, 2, 2]);

  // A scenario with Tolokers: they come for the open pool's work.
  t.stand.activateScenario({ version: 1, toloka: { crowd: { workers: 2, skipShare: 0, expireShare: 0 } } });
  await untilClosed(t);
  expect(await getJson(t, '/pools/2')).toMatchObject({ status: 'CLOSED', last_close_reason: 'COMPLETED' });
  const done = await assignments(t, 'pool_id=2&sort=created');
  expect(done).toHaveLength(6);
  // The first two assignments are the first task's, one per Toloker.
  expect(done.slice(0, 2).map((a) => a.tasks[0].id)).toEqual([tasks[0]!.id, tasks[0]!.id]);
  expect(new Set(done.slice(0, 2).map((a) => a.user_id)).size).toBe(2);
  expect(((await getJson(t, '/tasks?pool_id=2')).items as { remaining_overlap: number }[]).map((x) => x.remaining_overlap)).toEqual([0, 0, 0]);
});

test('auto-accept: with auto_accept_solutions the work is accepted on submission; without it, after auto_accept_period_day days unless reviewed', async () => {
  const t = await tolokaStand({ crowd: { workers: 3, skipShare: 0, expireShare: 0 } });
  await openPoolWith(t, 2, 1);
  await untilClosed(t);
  expect((await assignments(t, 'pool_id=2')).map((a) => [a.status, a.submitted === a.accepted])).toEqual([
    ['ACCEPTED', true],
    ['ACCEPTED', true],
  ]);
  const put = await send(t, 'PUT', '/pools/1', { project_id: '1', private_name: 'Reviewed', will_expire: '2030-01-01T00:00:00', reward_per_assignment: 0.01, assignment_max_duration_seconds: 600, defaults: { default_overlap_for_new_task_suites: 1 }, auto_accept_solutions: false, auto_accept_period_day: 2 });
  expect(put.statusCode).toBe(409); // pool 1 is open: close it first
  untilDone(t, JSON.parse((await post(t, '/pools/1/close')).body).id);
  expect((await send(t, 'PUT', '/pools/1', { project_id: '1', private_name: 'Reviewed', will_expire: '2030-01-01T00:00:00', reward_per_assignment: 0.01, assignment_max_duration_seconds: 600, defaults: { default_overlap_for_new_task_suites: 1 }, auto_accept_solutions: false, auto_accept_period_day: 2 })).statusCode).toBe(200);
  await post(t, '/tasks', { pool_id: '1', input_values: { image: IMG(9) }, overlap: 1 });
  untilDone(t, JSON.parse((await post(t, '/pools/1/open')).body).id);
  await untilClosed(t, '1');
  expect((await assignments(t, 'pool_id=1')).map((a) => a.status)).toEqual(['SUBMITTED']);
  t.advance(2 * 86_400_000);
  expect((await assignments(t, 'pool_id=1')).map((a) => a.status)).toEqual(['ACCEPTED']);
});

test('skipped and expired assignments free their slot for another Toloker; reserved_for and unavailable_for are respected', async () => {
  const t = await tolokaStand({ crowd: { workers: 20, skipShare: 0.3, expireShare: 0.2 } });
  const users = async () => ((await assignments(t, 'pool_id=2')) as { user_id: string }[]).map((a) => a.user_id);
  // Learn the crowd's ids from a first run in pool 2, then reserve pool 1's task for one of them.
  await openPoolWith(t, 6, 2);
  await untilClosed(t);
  const all = await assignments(t, 'pool_id=2');
  const statuses = new Set(all.map((a) => a.status));
  expect(statuses).toEqual(new Set(['ACCEPTED', 'SKIPPED', 'EXPIRED']));
  expect(all.filter((a) => a.status === 'ACCEPTED')).toHaveLength(12);
  for (const a of all.filter((x) => x.status === 'EXPIRED')) expect(Date.parse(`${a.expired}Z`) - Date.parse(`${a.created}Z`)).toBe(600_000);
  const [chosen, banned] = [...new Set(await users())];
  await post(t, '/tasks', [{ pool_id: '1', input_values: { image: IMG(1) }, overlap: 1, reserved_for: [chosen] }, { pool_id: '1', input_values: { image: IMG(2) }, overlap: 5, unavailable_for: [banned] }]);
  // A Toloker who skipped a task, or let it expire, never gets it again: enough of them here.
  t.advance(3_600_000);
  const inPool1 = await assignments(t, 'pool_id=1&status=ACCEPTED');
  const byTask = (i: number) => inPool1.filter((a) => a.tasks[0].input_values.image === IMG(i)).map((a) => a.user_id);
  expect(byTask(1)).toEqual([chosen]);
  expect(byTask(2)).toHaveLength(5);
  expect(byTask(2)).not.toContain(banned);
});

test('toloka.streaming: AssignmentsObserver\'s cursor (time windows, then ids) and the observers\' pool checks see the crowd\'s work', async () => {
  const t = await tolokaStand({ crowd: { workers: 4, skipShare: 0, expireShare: 0 } });
  await openPoolWith(t, 5, 2);
  t.advance(90_000);
  // PoolStatusObserver.should_resume: the pool, then "is anything still ACTIVE?".
  expect((await getJson(t, '/pools/2')).status).toBe('OPEN');
  expect((await getJson(t, '/assignments?pool_id=2&status=ACTIVE&limit=1')).items).toHaveLength(1);
  await untilClosed(t);
  // AssignmentCursor(SUBMITTED): submitted_gte=<epoch> ... submitted_lte=<now - lag>, sort=submitted, limit.
  const first = await getJson(t, '/assignments?pool_id=2&submitted_gte=1970-01-01T00:00:00&submitted_lte=2030-01-01T00:00:00&sort=submitted&limit=4');
  expect(first.has_more).toBe(true);
  const last = first.items.at(-1);
  const next = await getJson(t, `/assignments?pool_id=2&submitted_gt=${last.submitted}&sort=submitted&limit=1000`);
  const seen = [...first.items, ...next.items].map((a: { id: string }) => a.id);
  expect(new Set(seen).size).toBe(10);
  // The fallback of a page that shares one time: sort=id with id_gt.
  const byId = await getJson(t, `/assignments?pool_id=2&submitted_lte=${last.submitted}&sort=id&id_gt=${first.items[0].id}&limit=1000`);
  expect(byId.items.every((a: { id: string }) => a.id > first.items[0].id)).toBe(true);
  // A pool's list needs a pool, a suite or a task; statuses as a comma list.
  expect((await get(t, '/assignments')).json().payload).toMatchObject({ pool_id: { code: 'VALUE_REQUIRED' } });
  expect((await assignments(t, 'pool_id=2&status=SUBMITTED,ACCEPTED')).length).toBe(10);
  // Analytics counts the crowd.
  const op = (await t.inject({ method: 'POST', url: '/toloka/api/staging/analytics-2', headers: { ...AUTH, 'content-type': 'application/json' }, payload: JSON.stringify(['approved_assignments_count', 'completion_percentage', 'unique_submitters_count', 'spent_budget', 'submitted_assignments_count'].map((name) => ({ subject: 'POOL', subject_id: '2', name }))) })).json();
  untilDone(t, op.id);
  const results = (await getJson(t, `/operations/${op.id}`)).details.value.map((v: { result: unknown }) => v.result);
  // submitted_assignments_count counts SUBMITTED, ACCEPTED and REJECTED (toloka-kit's docstring): the 10 accepted here.
  expect(results).toEqual([10, { type: 'NORMAL', value: 100, infinite: false, approximate: false }, expect.any(Number), 0.1, 10]);
  expect(results[2]).toBeGreaterThan(1);
});

test('webhooks: PUT upserts subscriptions; ASSIGNMENT_SUBMITTED and POOL_CLOSED arrive as {"events":[...]}, signed with the secret', async () => {
  const t = await tolokaStand({ crowd: { workers: 2, skipShare: 0, expireShare: 0 } }, { listen: true });
  const sink = await t.callbackSink();
  const put = await send(t, 'PUT', '/webhook-subscriptions', [
    { webhook_url: `${sink.url}/closed`, event_type: 'POOL_CLOSED', pool_id: '2', secret_key: 'shh' },
    { webhook_url: `${sink.url}/submitted`, event_type: 'ASSIGNMENT_SUBMITTED', pool_id: '2' },
    { webhook_url: 'not a url', event_type: 'ASSIGNMENT_ACCEPTED', pool_id: '2' },
  ]);
  expect(put.statusCode).toBe(200);
  const body = put.json();
  expect(Object.keys(body.items)).toEqual(['0', '1']);
  expect(body.items['0']).toEqual({ id: expect.any(String), created: expect.any(String), webhook_url: `${sink.url}/closed`, event_type: 'POOL_CLOSED', pool_id: '2' });
  expect(body.validation_errors['2']).toMatchObject({ webhook_url: { code: expect.any(String) }, event_type: { code: 'UNKNOWN_ENUM_VALUE' } });
  expect((await getJson(t, '/webhook-subscriptions?pool_id=2')).items).toHaveLength(2);

  await openPoolWith(t, 2, 1);
  await untilClosed(t);
  await sink.waitFor(3);
  await t.settle();
  const closed = sink.received.find((r) => r.url === '/closed')!;
  const event = JSON.parse(closed.body).events[0];
  expect(event).toMatchObject({ type: 'POOL_CLOSED', pool_id: '2', project_id: '1', close_reason: 'COMPLETED', webhook_subscription_id: body.items['0'].id });
  const signature = /^\{v=1, ts=(\d+), sign=([0-9a-f]{64})\}$/.exec(String(closed.headers['toloka-signature']))!;
  expect(signature[2]).toBe(createHmac('sha256', 'shh').update(`${signature[1]}.1.${closed.body}`).digest('hex'));
  const submitted = sink.received.filter((r) => r.url === '/submitted').map((r) => JSON.parse(r.body).events[0]);
  expect(submitted.map((e) => e.type)).toEqual(['ASSIGNMENT_SUBMITTED', 'ASSIGNMENT_SUBMITTED']);
  expect(t.stand.callbackAttempts({ api: 'toloka' }).every((a) => a.ok)).toBe(true);

  const test = await t.inject({ method: 'POST', url: `${API}/webhook-subscriptions/${body.items['1'].id}/test`, headers: AUTH });
  expect(test.statusCode).toBe(200); // toloka-java-sdk's sendTestWebhook takes only 200
  expect(test.json()).toMatchObject({ success: true, originalStatusCode: 200, uuids: [expect.any(String)] });
  expect((await t.inject({ method: 'DELETE', url: `${API}/webhook-subscriptions/${body.items['1'].id}`, headers: AUTH })).statusCode).toBe(204);
  expect((await get(t, `/webhook-subscriptions/${body.items['1'].id}`)).statusCode).toBe(404);
});

test('deterministic: the same seed and clock steps give byte-identical assignments and aggregation', async () => {
  const run = async () => {
    const t = await tolokaStand({ crowd: { workers: 4, accuracy: 0.6 } }, { seed: 7 });
    await openPoolWith(t, 6, 3);
    await untilClosed(t);
    const agg = JSON.parse((await t.inject({ method: 'POST', url: `${API}/aggregated-solutions/aggregate-by-pool`, headers: { ...AUTH, 'content-type': 'application/json' }, payload: JSON.stringify({ type: 'WEIGHTED_DYNAMIC_OVERLAP', pool_id: '2', answer_weight_skill_id: '1', fields: [{ name: 'quality' }] }) })).body);
    untilDone(t, agg.id);
    return [(await get(t, '/assignments?pool_id=2&limit=1000')).body, (await get(t, `/aggregated-solutions/${agg.id}`)).body];
  };
  const [a, b] = [await run(), await run()];
  expect(a).toEqual(b);
  expect(JSON.parse(a[1]!).items).toHaveLength(6);
});

test('the crowd works on a real clock too: at high speed the pool closes by itself (the test waits for its POOL_CLOSED webhook, not on time)', async () => {
  const t = await tolokaStand({ crowd: { workers: 3, skipShare: 0, expireShare: 0 } }, { clock: 'real', speed: 20_000, listen: true });
  const sink = await t.callbackSink();
  await send(t, 'PUT', '/webhook-subscriptions', [{ webhook_url: `${sink.url}/closed`, event_type: 'POOL_CLOSED', pool_id: '2' }]);
  await post(t, '/tasks', [{ pool_id: '2', input_values: { image: IMG(1) }, overlap: 2 }]);
  expect((await post(t, '/pools/2/open')).statusCode).toBe(202);
  const [closed] = await sink.waitFor(1);
  expect(JSON.parse(closed!.body).events[0]).toMatchObject({ type: 'POOL_CLOSED', pool_id: '2', close_reason: 'COMPLETED' });
  expect(await getJson(t, '/pools/2')).toMatchObject({ status: 'CLOSED', last_close_reason: 'COMPLETED' });
  expect(await assignments(t, 'pool_id=2&status=ACCEPTED')).toHaveLength(2);
});
