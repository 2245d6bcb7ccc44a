/**
 * Smart mixing (docs: create-pool, mixer_config): tasks uploaded one by one into a pool with a
 * mixer reach Tolokers in suites the mixer makes, of general, control and training tasks.
 */
import { expect, test } from 'vitest';
import type { TestStand } from '../../src/testing/index.js';
import { getJson, IMG, LABEL, post, projectPool, tolokaStand, untilDone } from './helpers.js';

const CROWD = { workers: 5, skipShare: 0, expireShare: 0, accuracy: 1 };

/** A project with one label field and a closed pool with this mixer; the pool's id. */
async function mixingPool(t: TestStand, mixer: Record<string, unknown>): Promise<string> {
  const pool = await projectPool(t, LABEL, { defaults: { default_overlap_for_new_task_suites: 1, default_overlap_for_new_tasks: 1 }, mixer_config: mixer });
  expect(pool.mixer_config).toMatchObject(mixer);
  return pool.id as string;
}

const general = (pool: string, from: number, n: number, overlap: number) =>
  Array.from({ length: n }, (_, i) => ({ pool_id: pool, input_values: { image: IMG(from + i) }, overlap }));
const control = (pool: string, from: number, n: number) =>
  Array.from({ length: n }, (_, i) => ({ pool_id: pool, input_values: { image: IMG(from + i) }, known_solutions: [{ output_values: { label: 'cat' } }], infinite_overlap: true }));

async function addTasks(t: TestStand, tasks: unknown[]): Promise<string[]> {
  const created = await post(t, '/tasks', tasks);
  expect(created.statusCode).toBe(201);
  return Object.values(created.json().items as Record<string, { id: string }>).map((x) => x.id);
}

async function open(t: TestStand, pool: string): Promise<void> {
  untilDone(t, (await post(t, `/pools/${pool}/open`)).json().id);
}

const assignments = async (t: TestStand, pool: string) => (await getJson(t, `/assignments?pool_id=${pool}&limit=100000`)).items as Record<string, any>[];

async function minutes(t: TestStand, pool: string, n: number): Promise<string> {
  for (let m = 0; m < n; m++) {
    t.advance(60_000);
    if ((await getJson(t, `/pools/${pool}`)).status === 'CLOSED') break;
  }
  return (await getJson(t, `/pools/${pool}`)).status as string;
}

test('suites of 4 general tasks and 1 control task: overlap per task, each control task once per Toloker, the pool completes without the control tasks', async () => {
  const t = await tolokaStand({ crowd: CROWD });
  const pool = await mixingPool(t, { real_tasks_count: 4, golden_tasks_count: 1, training_tasks_count: 0 });
  const real = await addTasks(t, general(pool, 0, 10, 2));
  const checks = await addTasks(t, control(pool, 100, 3));
  await open(t, pool);
  expect(await minutes(t, pool, 120)).toBe('CLOSED');
  expect((await getJson(t, `/pools/${pool}`)).last_close_reason).toBe('COMPLETED');

  const all = await assignments(t, pool);
  const answers = new Map<string, string[]>();
  const controlsSeen = new Map<string, string[]>();
  for (const a of all) {
    expect(a.status).toBe('ACCEPTED');
    expect(a.tasks).toHaveLength(a.solutions.length);
    const ids = (a.tasks as { id: string }[]).map((x) => x.id);
    const mine = ids.filter((id) => checks.includes(id));
    expect(mine).toHaveLength(1); // golden_tasks_count 1, min_golden_tasks_count defaults to it
    expect(ids.length - 1).toBeGreaterThanOrEqual(1);
    expect(ids.length - 1).toBeLessThanOrEqual(4);
    controlsSeen.set(a.user_id, [...(controlsSeen.get(a.user_id) ?? []), ...mine]);
    for (const id of ids.filter((x) => real.includes(x))) answers.set(id, [...(answers.get(id) ?? []), a.user_id]);
    // A suite the mixer made has an id of its own, not a task's.
    expect(ids).not.toContain(a.task_suite_id);
  }
  // Every general task reached its overlap, each time by another Toloker.
  expect([...answers.keys()].sort()).toEqual([...real].sort());
  for (const users of answers.values()) expect(new Set(users).size).toBe(2);
  // Nobody got a control task twice: at most 3 suites each.
  for (const seen of controlsSeen.values()) expect(new Set(seen).size).toBe(seen.length);
  // 20 general answers in suites of at most 4: at least 5 assignments, fewer than 20.
  expect(all.length).toBeGreaterThanOrEqual(5);
  expect(all.length).toBeLessThan(20);
});

test('shuffle_tasks_in_task_suite false keeps creation order; the default shuffles from the seed, the same in every run', async () => {
  const orders = async (mixer: Record<string, unknown>) => {
    const t = await tolokaStand({ crowd: CROWD });
    const pool = await mixingPool(t, mixer);
    const ids = await addTasks(t, general(pool, 0, 12, 1));
    await open(t, pool);
    expect(await minutes(t, pool, 60)).toBe('CLOSED');
    return (await assignments(t, pool)).map((a) => (a.tasks as { id: string }[]).map((x) => ids.indexOf(x.id)));
  };
  const kept = await orders({ real_tasks_count: 4, golden_tasks_count: 0, training_tasks_count: 0, shuffle_tasks_in_task_suite: false });
  expect(kept.map((o) => o.length)).toEqual([4, 4, 4]);
  for (const o of kept) expect(o).toEqual([...o].sort((a, b) => a - b));
  const shuffled = await orders({ real_tasks_count: 4, golden_tasks_count: 0, training_tasks_count: 0 });
  expect(shuffled.some((o) => o.join() !== [...o].sort((a, b) => a - b).join())).toBe(true);
  expect(await orders({ real_tasks_count: 4, golden_tasks_count: 0, training_tasks_count: 0 })).toEqual(shuffled);
});

test('force_last_assignment false holds a short last suite back until more tasks come; true sends it after force_last_assignment_delay_seconds', async () => {
  const t = await tolokaStand({ crowd: CROWD });
  const held = await mixingPool(t, { real_tasks_count: 2, golden_tasks_count: 0, training_tasks_count: 0, force_last_assignment: false });
  await addTasks(t, general(held, 0, 5, 1));
  await open(t, held);
  expect(await minutes(t, held, 30)).toBe('OPEN');
  expect((await assignments(t, held)).map((a) => a.tasks.length)).toEqual([2, 2]);
  await addTasks(t, general(held, 5, 1, 1));
  expect(await minutes(t, held, 30)).toBe('CLOSED');
  expect((await assignments(t, held)).map((a) => a.tasks.length)).toEqual([2, 2, 2]);

  const t2 = await tolokaStand({ crowd: CROWD });
  const forced = await mixingPool(t2, { real_tasks_count: 2, golden_tasks_count: 0, training_tasks_count: 0, force_last_assignment_delay_seconds: 900 });
  await addTasks(t2, general(forced, 0, 3, 1));
  const added = t2.stand.now();
  await open(t2, forced);
  expect(await minutes(t2, forced, 60)).toBe('CLOSED');
  const last = (await assignments(t2, forced)).find((a) => a.tasks.length === 1)!;
  expect(Date.parse(`${last.created}Z`) - added).toBeGreaterThanOrEqual(900_000);
});

/** A stand with `workers` Tolokers and a pool whose suites of `size` get control tasks by these intervals of the Toloker's task numbers. */
async function distributionPool(workers: number, size: number, intervals: { from: number; to: number; frequency: number }[]): Promise<{ t: TestStand; pool: string }> {
  const t = await tolokaStand({ crowd: { ...CROWD, workers } });
  const distribution = { scope: 'POOL', distribution: 'UNIFORM', window_days: 7, intervals };
  const pool = await mixingPool(t, { real_tasks_count: size, golden_tasks_count: 0, training_tasks_count: 0, golden_task_distribution_function: distribution });
  return { t, pool };
}

test('golden_task_distribution_function: the Toloker\'s task numbers decide the control tasks of each suite of real_tasks_count', async () => {
  const { t, pool } = await distributionPool(3, 5, [{ from: 1, to: 10, frequency: 2 }, { from: 11, to: 1000, frequency: 5 }]);
  await addTasks(t, general(pool, 0, 60, 1));
  const checks = await addTasks(t, control(pool, 100, 20));
  await open(t, pool);
  expect(await minutes(t, pool, 240)).toBe('CLOSED');
  const byUser = new Map<string, Record<string, any>[]>();
  for (const a of await assignments(t, pool)) byUser.set(a.user_id, [...(byUser.get(a.user_id) ?? []), a]);
  expect(byUser.size).toBe(3);
  for (const mine of byUser.values()) {
    mine.sort((a, b) => (a.created < b.created ? -1 : 1));
    // Tasks 1-5: 1, 3, 5 are control tasks; 6-10: 7, 9; from 11 on every 5th from 11: one a suite.
    const shape = mine.slice(0, 4).map((a) => [a.tasks.length, (a.tasks as { id: string }[]).filter((x) => checks.includes(x.id)).length]);
    expect(shape).toEqual([[5, 3], [5, 2], [5, 1], [5, 1]]);
  }
});

test('mix_tasks_in_creation_order true fills suites with the tasks in upload order; the default (false) draws them at random from the seed', async () => {
  const suites = async (mixer: Record<string, unknown>) => {
    const t = await tolokaStand({ crowd: CROWD });
    const pool = await mixingPool(t, { real_tasks_count: 4, golden_tasks_count: 0, training_tasks_count: 0, shuffle_tasks_in_task_suite: false, ...mixer });
    const ids = await addTasks(t, general(pool, 0, 40, 1));
    await open(t, pool);
    expect(await minutes(t, pool, 120)).toBe('CLOSED');
    const all = (await assignments(t, pool)).sort((a, b) => (a.created < b.created ? -1 : a.created > b.created ? 1 : 0));
    return all.map((a) => (a.tasks as { id: string }[]).map((x) => ids.indexOf(x.id)));
  };
  const inOrder = await suites({ mix_tasks_in_creation_order: true });
  expect(inOrder.flat().sort((a, b) => a - b)).toEqual([...Array(40).keys()]);
  for (const s of inOrder) expect(s).toEqual([s[0], s[0]! + 1, s[0]! + 2, s[0]! + 3]);
  const drawn = await suites({});
  expect(drawn.flat().sort((a, b) => a - b)).toEqual([...Array(40).keys()]);
  expect(drawn.some((s) => s.join() !== [s[0], s[0]! + 1, s[0]! + 2, s[0]! + 3].join())).toBe(true);
  expect(await suites({})).toEqual(drawn);
});

test('a huge real_tasks_count with a distribution function: control positions far apart are counted right, and the short suite goes out as the last', async () => {
  const { t, pool } = await distributionPool(1, 2_000_000_000, [{ from: 1, to: 1_000_000_000_000, frequency: 1_000_000_000 }]);
  const general5 = await addTasks(t, general(pool, 0, 5, 1));
  const checks = await addTasks(t, control(pool, 100, 3));
  await open(t, pool);
  expect(await minutes(t, pool, 10)).toBe('CLOSED');
  // Task numbers 1 and 1,000,000,001 are control tasks: 2 of them, and the 5 general tasks as the forced last suite.
  const [only] = await assignments(t, pool);
  const ids = (only!.tasks as { id: string }[]).map((x) => x.id);
  expect([ids.filter((id) => checks.includes(id)).length, ids.filter((id) => general5.includes(id)).length]).toEqual([2, 5]);
});

test('a suite smart mixing made is a task suite: mixed in its assignment, readable by task_suite_id, listed by pool_id and task_id (OAS GET /task-suites)', async () => {
  const t = await tolokaStand({ crowd: CROWD });
  const pool = await mixingPool(t, { real_tasks_count: 2, golden_tasks_count: 0, training_tasks_count: 0 });
  const tasks = await addTasks(t, general(pool, 0, 4, 1));
  await open(t, pool);
  expect(await minutes(t, pool, 120)).toBe('CLOSED');
  const all = await assignments(t, pool);
  expect(all.length).toBeGreaterThan(0);
  for (const a of all) {
    expect(a.mixed).toBe(true);
    const suite = await getJson(t, `/task-suites/${a.task_suite_id}`);
    expect(suite).toEqual({
      pool_id: pool,
      tasks: a.tasks.map((x: { id: string; input_values: unknown }) => ({ id: x.id, input_values: x.input_values })),
      overlap: 1,
      infinite_overlap: false,
      reserved_for: [],
      unavailable_for: [],
      issuing_order_override: 0,
      id: a.task_suite_id,
      mixed: true,
      automerged: false,
      created: a.created,
      remaining_overlap: 0,
    });
  }
  const byTask = (await getJson(t, `/task-suites?task_id=${tasks[0]}`)).items as { id: string }[];
  expect(byTask.map((s) => s.id)).toEqual(all.filter((a) => a.tasks.some((x: { id: string }) => x.id === tasks[0])).map((a) => a.task_suite_id).sort());
  const byPool = (await getJson(t, `/task-suites?pool_id=${pool}&limit=100`)).items as { id: string }[];
  expect(byPool.map((s) => s.id)).toEqual(all.map((a) => a.task_suite_id).sort());
  // An uploaded suite is not mixed.
  const uploaded = await post(t, '/task-suites', { pool_id: pool, tasks: [{ input_values: { image: IMG(50) } }], overlap: 1 });
  expect(uploaded.statusCode).toBe(201);
  expect(uploaded.json().mixed).toBe(false);
});
