import type { Pool, StoredObject } from '../model.js';
import type { Lane, PoolCrowd, Unit } from './crowd-pools.js';
import { isObject } from './validation.js';

/**
 * Toloka's "smart mixing" (docs: create-pool, `mixer_config`): tasks uploaded one by one into a
 * pool with a mixer are issued in task suites the mixer makes for each assignment, of
 * `real_tasks_count` general tasks, `golden_tasks_count` control tasks and `training_tasks_count`
 * training tasks. A suite short of general tasks goes out if it has `min_real_tasks_count` of
 * them (default: all), or as the last suite with `force_last_assignment` (default true), once
 * `force_last_assignment_delay_seconds` passed since the last task was added or an overlap grew.
 * Control and training tasks must be there in their minimum counts (default: all): a Toloker who
 * did every control task gets no more suites, as in Toloka. Tasks go into suites in creation
 * order; `shuffle_tasks_in_task_suite` (default true) shuffles them in the suite, from the seed.
 *
 * Choices (README, known differences): `mix_tasks_in_creation_order: false` (the default, "random
 * order") still takes tasks in creation order; the `*_task_distribution_function`s are not read.
 */

/** General, control (known solutions) or training (known solutions and a hint) task. */
export type TaskKind = 'real' | 'golden' | 'training';

export function kindOf(obj: StoredObject): TaskKind {
  const v = obj.view;
  if (Array.isArray(v.tasks) || !Array.isArray(v.known_solutions) || v.known_solutions.length === 0) return 'real';
  return v.message_on_unknown_solution === undefined ? 'golden' : 'training';
}

/** A pool's mixer, read from its `mixer_config`. */
export interface MixerRule {
  readonly counts: Readonly<Record<TaskKind, number>>;
  readonly mins: Readonly<Record<TaskKind, number>>;
  readonly forceLast: boolean;
  readonly forceLastDelayMs: number;
  readonly shuffle: boolean;
}

/** The pool's mixer; none for a pool without `mixer_config`, a training pool, or one of all zeros. */
export function mixerOf(pool: Pool): MixerRule | undefined {
  const m = pool.form.mixer_config;
  if (pool.training || !isObject(m)) return undefined;
  const n = (v: unknown, otherwise: number) => (typeof v === 'number' ? v : otherwise);
  const counts = { real: n(m.real_tasks_count, 0), golden: n(m.golden_tasks_count, 0), training: n(m.training_tasks_count, 0) };
  if (counts.real + counts.golden + counts.training === 0) return undefined;
  return {
    counts,
    mins: {
      real: Math.min(counts.real, n(m.min_real_tasks_count, counts.real)),
      golden: Math.min(counts.golden, n(m.min_golden_tasks_count, counts.golden)),
      training: Math.min(counts.training, n(m.min_training_tasks_count, counts.training)),
    },
    forceLast: m.force_last_assignment !== false,
    forceLastDelayMs: n(m.force_last_assignment_delay_seconds, 0) * 1000,
    shuffle: m.shuffle_tasks_in_task_suite !== false,
  };
}

/** Whether a Toloker may take this unit now (a free slot, not had before, not reserved for others). */
export type Eligible = (unit: Unit) => boolean;

/** What the mixer gives a Toloker: a suite's units, a time to look again (the forced last suite's delay), or nothing. */
export type Mixed = { readonly units: Unit[] } | { readonly retryAt: number } | undefined;

/** The suite the mixer makes for a Toloker from the pool's lanes at `now`. */
export function mix(pool: PoolCrowd, rule: MixerRule, may: Eligible, hasRoom: (u: Unit) => boolean, now: number): Mixed {
  const real = fromLane(pool.lanes.real, rule.counts.real, may, hasRoom);
  const golden = fromLane(pool.lanes.golden, rule.counts.golden, may, hasRoom);
  const training = fromLane(pool.lanes.training, rule.counts.training, may, hasRoom);
  if (golden.length < rule.mins.golden || training.length < rule.mins.training) return undefined;
  // No general task left for this Toloker: no suite of checks alone (unless the pool asks for none).
  if (rule.counts.real > 0 && real.length === 0) return undefined;
  if (real.length < rule.mins.real) {
    if (!rule.forceLast) return undefined;
    const at = pool.lastAddedAt + rule.forceLastDelayMs;
    if (now < at) return { retryAt: at };
  }
  return { units: [...real, ...golden, ...training] };
}

/** Up to `want` units of the lane the Toloker may take, in issuing order (full units at its head are passed for good). */
function fromLane(lane: Lane, want: number, may: Eligible, hasRoom: (u: Unit) => boolean): Unit[] {
  const out: Unit[] = [];
  if (want <= 0) return out;
  while (lane.cursor < lane.units.length && !hasRoom(lane.units[lane.cursor]!)) lane.cursor++;
  for (let i = lane.cursor; i < lane.units.length && out.length < want; i++) {
    const unit = lane.units[i]!;
    if (may(unit)) out.push(unit);
  }
  return out;
}

/** The suite's tasks in creation order, or shuffled from the seed (`shuffle_tasks_in_task_suite`). */
export function ordered(units: Unit[], rule: MixerRule | undefined, random: { float(): number }): Unit[] {
  const out = [...units].sort((a, b) => a.index - b.index);
  if (!rule?.shuffle) return out;
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random.float() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
