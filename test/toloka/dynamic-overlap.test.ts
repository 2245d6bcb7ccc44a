/**
 * Dynamic overlap (docs: create-pool, dynamic_overlap_config BASIC): a task's overlap grows
 * while its answers disagree, up to max_overlap.
 */
import { expect, test } from 'vitest';
import { getJson, IMG, LABEL, post, projectPool, tolokaStand, untilDone } from './helpers.js';

async function answersPerTask(accuracy: number, dynamic: boolean): Promise<{ status: unknown; byTask: Map<string, string[]> }> {
  const t = await tolokaStand({ crowd: { workers: 8, skipShare: 0, expireShare: 0, accuracy } });
  const pool = await projectPool(t, LABEL, {
    defaults: { default_overlap_for_new_task_suites: 2, default_overlap_for_new_tasks: 2 },
    ...(dynamic ? { dynamic_overlap_config: { type: 'BASIC', max_overlap: 5, min_confidence: 0.9, answer_weight_skill_id: '1', fields: [{ name: 'label' }] } } : {}),
  });
  const tasks = Array.from({ length: 20 }, (_, i) => ({ pool_id: pool.id, input_values: { image: IMG(i) } }));
  untilDone(t, (await post(t, '/tasks?async_mode=true&allow_defaults=true&open_pool=true', tasks)).json().id);
  for (let m = 0; m < 240 && (await getJson(t, `/pools/${pool.id}`)).status === 'OPEN'; m++) t.advance(60_000);
  const byTask = new Map<string, string[]>();
  for (const a of (await getJson(t, `/assignments?pool_id=${pool.id}&limit=100000`)).items as any[]) {
    byTask.set(a.tasks[0].id, [...(byTask.get(a.tasks[0].id) ?? []), a.solutions[0].output_values.label]);
  }
  return { status: await getJson(t, `/pools/${pool.id}`), byTask };
}

const share = (labels: string[]) => Math.max(...['cat', 'dog'].map((l) => labels.filter((x) => x === l).length)) / labels.length;

test('disagreeing answers raise a task\'s overlap until min_confidence or max_overlap; agreeing ones keep it', async () => {
  const noisy = await answersPerTask(0.6, true);
  expect(noisy.status).toMatchObject({ status: 'CLOSED', last_close_reason: 'COMPLETED' });
  const counts = [...noisy.byTask.values()].map((l) => l.length);
  expect(counts).toHaveLength(20);
  expect(Math.min(...counts)).toBe(2);
  expect(Math.max(...counts)).toBe(5);
  for (const labels of noisy.byTask.values()) expect(share(labels) >= 0.9 || labels.length === 5).toBe(true);

  // The same crowd without dynamic overlap: every task twice, agreeing or not.
  const plain = await answersPerTask(0.6, false);
  expect(new Set([...plain.byTask.values()].map((l) => l.length))).toEqual(new Set([2]));
  expect([...plain.byTask.values()].some((l) => share(l) < 0.9)).toBe(true);

  // A crowd that always agrees needs no more than the task's overlap.
  const sure = await answersPerTask(1, true);
  expect(new Set([...sure.byTask.values()].map((l) => l.length))).toEqual(new Set([2]));
});
