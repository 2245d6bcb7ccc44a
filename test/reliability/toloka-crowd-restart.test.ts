/**
 * A restart from --state-file gives back the Toloka crowd's world as it was: skills set, bans
 * made by hand and by quality control, a training and the pool that requires it (a pool that
 * mixes its suites, with dynamic overlap and pricing), the work done so far; and the crowd goes
 * on from there as the first stand does.
 */
import { expect, test } from 'vitest';
import type { RunningStand } from '../../src/server.js';
import { call, crashCopy, start, stateFile } from './state-helpers.js';

const TL = { authorization: 'OAuth crowd-restart', 'content-type': 'application/json' };
const V1 = '/toloka/api/v1';

const send = (r: RunningStand, method: string, path: string, body?: unknown) => call(r, `${V1}${path}`, { method, headers: TL, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });

async function until(r: RunningStand, id: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const op = JSON.parse((await send(r, 'GET', `/operations/${id}`)).body) as { status: string };
    if (op.status === 'SUCCESS' || op.status === 'FAIL') return;
    r.advance(1000);
  }
  throw new Error(`operation ${id} did not end`);
}

/** Everything the crowd's world shows through the API. */
async function world(r: RunningStand): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const path of ['/skills', '/user-skills?limit=1000', '/user-restrictions?limit=300', '/trainings', '/pools/2', '/assignments?pool_id=2&limit=1000', '/assignments?pool_id=5&limit=1000']) {
    const res = await send(r, 'GET', path);
    out[path] = [res.status, JSON.parse(res.body)];
  }
  return out;
}

async function phaseOne(r: RunningStand): Promise<void> {
  await send(r, 'POST', '/skills', { name: 'Fast' });
  const training = JSON.parse((await send(r, 'POST', '/trainings', { project_id: '1', private_name: 'Exam', inherited_instructions: true, training_tasks_in_task_suite_count: 1, task_suites_required_to_pass: 2 })).body) as { id: string };
  const known = [{ output_values: { caption: 'a cat', quality: 'good' } }];
  await send(r, 'POST', '/tasks', [0, 1].map((i) => ({ pool_id: training.id, input_values: { image: `https://example.com/t${i}.png` }, infinite_overlap: true, known_solutions: known })));
  await until(r, (JSON.parse((await send(r, 'POST', `/trainings/${training.id}/open`)).body) as { id: string }).id);
  const pool = JSON.parse((await send(r, 'GET', '/pools/2')).body) as Record<string, unknown>;
  const fast = { type: 'ASSIGNMENT_SUBMIT_TIME', parameters: { history_size: 5, fast_submit_threshold_seconds: 40 } };
  await send(r, 'PUT', '/pools/2', {
    ...pool,
    // Suites of 3 made by the mixer; overlap raised where answers disagree; rewards by the skill quality control sets.
    mixer_config: { real_tasks_count: 3, golden_tasks_count: 0, training_tasks_count: 0 },
    dynamic_overlap_config: { type: 'BASIC', max_overlap: 3, min_confidence: 0.9, answer_weight_skill_id: '1', fields: [{ name: 'quality' }] },
    dynamic_pricing_config: { type: 'SKILL', skill_id: '1', intervals: [{ from: 0, to: 0, reward_per_assignment: 0.02 }, { from: 1, to: 100, reward_per_assignment: 0.03 }] },
    quality_control: {
      training_requirement: { training_pool_id: training.id, training_passing_skill_value: 0 },
      configs: [
        { collector_config: fast, rules: [{ conditions: [{ key: 'fast_submitted_count', operator: 'GTE', value: 2 }], action: { type: 'RESTRICTION_V2', parameters: { scope: 'POOL', duration: 30, duration_unit: 'MINUTES' } } }] },
        { collector_config: fast, rules: [{ conditions: [{ key: 'total_submitted_count', operator: 'GTE', value: 1 }], action: { type: 'SET_SKILL_FROM_OUTPUT_FIELD', parameters: { skill_id: '1', from_field: 'fast_submitted_count' } } }] },
      ],
    },
  });
  await send(r, 'POST', '/tasks', Array.from({ length: 200 }, (_, i) => ({ pool_id: '2', overlap: 1, input_values: { image: `https://example.com/${i}.png` } })));
  await until(r, (JSON.parse((await send(r, 'POST', '/pools/2/open')).body) as { id: string }).id);
  await send(r, 'PUT', '/user-restrictions', { scope: 'ALL_PROJECTS', user_id: 'ec00d2407f7241258d0faba610110d95', will_expire: '2026-01-01T02:00:00' });
  for (let m = 0; m < 8; m++) r.advance(60_000);
  await r.settle();
}

test('skills, bans (by hand and by quality control), a training, a mixing pool and the crowd\'s work come back after a crash, and the crowd goes on alike', async () => {
  const file = stateFile();
  const first = await start({ stateFile: file, seed: 7 });
  await phaseOne(first);
  const before = await world(first);
  expect((before['/user-restrictions?limit=300'] as [number, { items: unknown[] }])[1].items.length).toBeGreaterThan(1);
  const work = (before['/assignments?pool_id=2&limit=1000'] as [number, { items: { tasks: unknown[]; reward: number }[] }])[1].items;
  expect(work.length).toBeGreaterThan(0);
  expect(new Set(work.map((a) => a.tasks.length))).toEqual(new Set([3]));
  expect(new Set(work.map((a) => a.reward)).size).toBeGreaterThan(1);

  const second = await start({ stateFile: crashCopy(file), seed: 7 });
  expect(await world(second)).toEqual(before);

  for (const r of [first, second]) {
    for (let m = 0; m < 40; m++) r.advance(60_000);
    await r.settle();
  }
  const after = await world(first);
  expect(after).not.toEqual(before);
  expect(await world(second)).toEqual(after);
});
