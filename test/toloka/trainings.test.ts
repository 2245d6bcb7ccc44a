/**
 * Training pools (docs: the training operations, TrainingViewV1, the operation examples
 * training-*-operation.yaml) and a pool's `quality_control.training_requirement`: the crowd
 * does the training, and only the Tolokers who passed it take the pool's tasks.
 */
import { expect, test } from 'vitest';
import type { TestStand } from '../../src/testing/index.js';
import { API, AUTH, get, getJson, IMG, post, tolokaStand, untilDone } from './helpers.js';

const put = (t: TestStand, path: string, body: unknown) =>
  t.inject({ method: 'PUT', url: `${API}${path}`, headers: { ...AUTH, 'content-type': 'application/json' }, payload: JSON.stringify(body) });

const TRAINING = { project_id: '1', private_name: 'Exam', inherited_instructions: true, training_tasks_in_task_suite_count: 1, task_suites_required_to_pass: 4, retry_training_after_days: 14 };

test('trainings: created 201 CLOSED with the view\'s defaults, read, listed apart from pools, replaced, opened, closed, cloned and archived by TRAINING.* operations', async () => {
  const t = await tolokaStand();
  const created = await post(t, '/trainings', TRAINING);
  expect(created.statusCode).toBe(201);
  const training = created.json();
  expect(training).toEqual({
    id: '5',
    project_id: '1',
    private_name: 'Exam',
    inherited_instructions: true,
    may_contain_adult_content: false,
    mix_tasks_in_creation_order: true,
    shuffle_tasks_in_task_suite: true,
    training_tasks_in_task_suite_count: 1,
    task_suites_required_to_pass: 4,
    retry_training_after_days: 14,
    owner: expect.objectContaining({ myself: true }),
    status: 'CLOSED',
    created: '2026-01-01T00:00:00.000',
  });
  expect(await getJson(t, '/trainings/5')).toEqual(training);
  expect((await getJson(t, '/trainings')).items.map((p: { id: string }) => p.id)).toEqual(['5']);
  expect((await getJson(t, '/pools?limit=100')).items.map((p: { id: string }) => p.id)).not.toContain('5');
  expect((await get(t, '/pools/5')).statusCode).toBe(404);
  expect((await get(t, '/trainings/1')).statusCode).toBe(404);
  expect((await put(t, '/trainings/5', { ...training, private_name: 'Exam 2' })).json()).toMatchObject({ private_name: 'Exam 2' });

  // An empty training cannot be opened, as a pool.
  expect((await post(t, '/trainings/5/open')).json()).toMatchObject({ code: 'EMPTY_POOL' });
  const tasks = Array.from({ length: 3 }, (_, i) => ({ pool_id: '5', input_values: { image: IMG(i) }, infinite_overlap: true, known_solutions: [{ output_values: { caption: 'c', quality: 'good' } }] }));
  expect((await post(t, '/tasks', tasks)).statusCode).toBe(201);
  const open = (await post(t, '/trainings/5/open')).json();
  expect(open).toMatchObject({ type: 'TRAINING.OPEN', parameters: { training_id: '5' } });
  untilDone(t, open.id);
  expect(await getJson(t, `/operations/${open.id}/log`)).toEqual([{ type: 'TRAINING_OPEN', success: true, input: { training_id: '5' }, output: {} }]);
  expect(await getJson(t, '/trainings/5')).toMatchObject({ status: 'OPEN', last_started: expect.any(String) });

  const close = (await post(t, '/trainings/5/close')).json();
  expect(close.type).toBe('TRAINING.CLOSE');
  untilDone(t, close.id);
  expect(await getJson(t, '/trainings/5')).toMatchObject({ status: 'CLOSED', last_close_reason: 'MANUAL' });
  const clone = (await post(t, '/trainings/5/clone')).json();
  untilDone(t, clone.id);
  expect((await getJson(t, `/operations/${clone.id}`)).details).toEqual({ training_id: '6' });
  expect(await getJson(t, '/trainings/6')).toMatchObject({ private_name: 'Exam 2', status: 'CLOSED' });
  const archive = (await post(t, '/trainings/6/archive')).json();
  expect(archive.type).toBe('TRAINING.ARCHIVE');
  untilDone(t, archive.id);
  expect((await getJson(t, '/trainings/6')).status).toBe('ARCHIVED');

  const bad = await post(t, '/trainings', { project_id: '1', private_name: 'No count' });
  expect(bad.statusCode).toBe(400);
  expect(bad.json().payload).toMatchObject({ inherited_instructions: { code: 'VALUE_REQUIRED' }, training_tasks_in_task_suite_count: { code: 'VALUE_REQUIRED' } });
  expect((await post(t, '/pools/5/open')).statusCode).toBe(404);
});

test('a pool with a training requirement is taken only by the Tolokers who did the training\'s task suites with enough right answers', async () => {
  const t = await tolokaStand({ crowd: { workers: 6, skipShare: 0, expireShare: 0, accuracy: 0.7, takeMs: 1000, solveMs: 5000 } });
  const training = (await post(t, '/trainings', TRAINING)).json();
  const known = (i: number) => [{ output_values: { caption: `caption ${i}`, quality: 'good' } }];
  const tasks = Array.from({ length: 4 }, (_, i) => ({ pool_id: training.id, input_values: { image: IMG(i) }, infinite_overlap: true, known_solutions: known(i) }));
  expect((await post(t, '/tasks', tasks)).statusCode).toBe(201);
  untilDone(t, (await post(t, `/trainings/${training.id}/open`)).json().id);

  const pool = await getJson(t, '/pools/2');
  const requirement = { training_requirement: { training_pool_id: training.id, training_passing_skill_value: 75 } };
  expect((await put(t, '/pools/2', { ...pool, quality_control: requirement })).statusCode).toBe(200);
  const work = Array.from({ length: 300 }, (_, i) => ({ pool_id: '2', input_values: { image: IMG(100 + i) }, overlap: 1 }));
  expect((await post(t, '/tasks', work)).statusCode).toBe(201);
  untilDone(t, (await post(t, '/pools/2/open')).json().id);
  t.advance(10 * 60_000);

  // Each Toloker did each training task once (infinite overlap); the rate of right answers decides.
  const trained = (await getJson(t, `/assignments?pool_id=${training.id}&limit=1000`)).items as Record<string, any>[];
  const rates = new Map<string, number[]>();
  for (const a of trained) {
    const i = Number(/img(\d+)/.exec(a.tasks[0].input_values.image)![1]);
    rates.set(a.user_id, [...(rates.get(a.user_id) ?? []), a.solutions[0].output_values.caption === `caption ${i}` ? 1 : 0]);
  }
  expect([...rates.values()].map((r) => r.length)).toEqual([4, 4, 4, 4, 4, 4]);
  const passed = [...rates].filter(([, r]) => r.reduce((x, y) => x + y, 0) / r.length >= 0.75).map(([u]) => u).sort();
  expect(passed.length).toBeGreaterThan(0);
  expect(passed.length).toBeLessThan(6);
  const workers = [...new Set(((await getJson(t, '/assignments?pool_id=2&limit=1000')).items as { user_id: string }[]).map((a) => a.user_id))].sort();
  expect(workers).toEqual(passed);
});
