import type { Pool } from '../model.js';
import { hasRoom, mayTake, type Lane, type PoolCrowd, type TaskKind, type Unit } from './crowd-pools.js';
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
 * With `golden_task_distribution_function` (or `training_task_distribution_function`) a suite has
 * `real_tasks_count` tasks in all, and the Toloker's task number n (tasks they submitted in the
 * pool, or the project: `scope`) decides which are control (or training) tasks: in the interval
 * n + 1 falls in, every `frequency`-th from its `from` ("frequency: 3: tasks number 1, 4, 7").
 *
 * `mix_tasks_in_creation_order: false` (the default, "random order") picks a suite's tasks of
 * each kind at random, from the seed, among the first `RANDOM_WINDOW` times as many the Toloker
 * may take; `true` takes the first ones.
 *
 * Choices (README, known differences): the random order is that window's, not the whole pool's
 * (a take stays cheap in a pool of 10,000 tasks); a distribution counts all the Toloker's tasks,
 * not only those of the last `window_days`.
 */

/** A pool's mixer, read from its `mixer_config`. */
export interface MixerRule {
  readonly counts: Readonly<Record<TaskKind, number>>;
  readonly mins: Readonly<Record<TaskKind, number>>;
  readonly forceLast: boolean;
  readonly forceLastDelayMs: number;
  readonly shuffle: boolean;
  /** `mix_tasks_in_creation_order` (default false: random order). */
  readonly inOrder: boolean;
  /** Control and training tasks by the Toloker's task number, where a distribution function is given. */
  readonly distributions: Partial<Record<'golden' | 'training', Distribution>>;
}

/** docs: `*_task_distribution_function`. */
export interface Distribution {
  readonly scope: 'POOL' | 'PROJECT';
  readonly intervals: readonly { readonly from: number; readonly to: number; readonly frequency: number }[];
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
    inOrder: m.mix_tasks_in_creation_order === true,
    distributions: Object.fromEntries(
      (['golden', 'training'] as const).flatMap((kind) => {
        const d = distributionOf(m[`${kind}_task_distribution_function`]);
        return d ? [[kind, d]] : [];
      }),
    ),
  };
}

function distributionOf(f: unknown): Distribution | undefined {
  if (!isObject(f) || !Array.isArray(f.intervals)) return undefined;
  const intervals = f.intervals.flatMap((i) =>
    isObject(i) && typeof i.frequency === 'number' && i.frequency > 0
      ? [{ from: typeof i.from === 'number' ? i.from : 1, to: typeof i.to === 'number' ? i.to : Number.POSITIVE_INFINITY, frequency: i.frequency }]
      : [],
  );
  return intervals.length === 0 ? undefined : { scope: f.scope === 'PROJECT' ? 'PROJECT' : 'POOL', intervals };
}

/** How many of a suite of `size` tasks are control (or training) tasks for a Toloker who did `done` tasks. */
export function distributed(d: Distribution, done: number, size: number): number {
  const first = done + 1;
  const interval = d.intervals.find((i) => i.from <= first && first <= i.to);
  if (!interval || size <= 0) return 0;
  // Numbers from, from + f, from + 2f, ... in [first, first + size - 1], counted without a loop
  // (real_tasks_count has no upper bound in the form).
  const upTo = (n: number) => Math.floor((n - interval.from) / interval.frequency) + 1;
  return upTo(first + size - 1) - upTo(first - 1);
}

/** What the mixer gives a Toloker: a suite's units, a time to look again (the forced last suite's delay), or nothing. */
export type Mixed = { readonly units: Unit[] } | { readonly retryAt: number } | undefined;

/**
 * The suite the mixer makes for the Toloker `worker` from the pool's lanes at `now`; `done(scope)`:
 * the tasks they submitted in the pool or the project (read only for a distribution function).
 */
export function mix(pool: PoolCrowd, rule: MixerRule, worker: string, now: number, done: (scope: Distribution['scope']) => number, random: Random): Mixed {
  let { counts, mins } = rule;
  const { golden: gd, training: td } = rule.distributions;
  if (gd || td) {
    // The suite's size is real_tasks_count; the Toloker's task numbers decide its checks, which must all be there.
    const g = gd ? distributed(gd, done(gd.scope), counts.real) : counts.golden;
    const t = td ? Math.min(counts.real - g, distributed(td, done(td.scope), counts.real)) : counts.training;
    counts = { real: Math.max(0, counts.real - (gd ? g : 0) - (td ? t : 0)), golden: g, training: t };
    mins = { real: Math.min(mins.real, counts.real), golden: gd ? g : mins.golden, training: td ? t : mins.training };
  }
  const pick = rule.inOrder ? undefined : random;
  const real = fromLane(pool.lanes.real, counts.real, worker, pick);
  const golden = fromLane(pool.lanes.golden, counts.golden, worker, pick);
  const training = fromLane(pool.lanes.training, counts.training, worker, pick);
  if (golden.length < mins.golden || training.length < mins.training) return undefined;
  // No general task left for this Toloker: no suite of checks alone (unless the pool asks for none).
  if (rule.counts.real > 0 && real.length === 0) return undefined;
  if (real.length < mins.real) {
    if (!rule.forceLast) return undefined;
    const at = pool.lastAddedAt + rule.forceLastDelayMs;
    if (now < at) return { retryAt: at };
  }
  return { units: [...real, ...golden, ...training] };
}

/** How many times a suite's count of a kind the random order draws from. */
const RANDOM_WINDOW = 4;

type Random = { float(): number };

/**
 * Up to `want` units of the lane the Toloker may take: the first ones in issuing order, or with
 * `random` `want` drawn from the first RANDOM_WINDOW x `want` (full units at the lane's head are
 * passed for good).
 */
function fromLane(lane: Lane, want: number, worker: string, random: Random | undefined): Unit[] {
  const out: Unit[] = [];
  if (want <= 0) return out;
  while (lane.cursor < lane.units.length && !hasRoom(lane.units[lane.cursor]!)) lane.cursor++;
  const window = random ? want * RANDOM_WINDOW : want;
  for (let i = lane.cursor; i < lane.units.length && out.length < window; i++) {
    const unit = lane.units[i]!;
    if (mayTake(unit, worker)) out.push(unit);
  }
  if (!random || out.length <= want) return out;
  for (let i = 0; i < want; i++) {
    const j = i + Math.floor(random.float() * (out.length - i));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out.slice(0, want);
}

/** The suite's tasks in creation order, or shuffled from the seed (`shuffle_tasks_in_task_suite`). */
export function ordered(units: Unit[], rule: MixerRule | undefined, random: Random): Unit[] {
  const out = [...units].sort((a, b) => a.index - b.index);
  if (!rule?.shuffle) return out;
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random.float() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
