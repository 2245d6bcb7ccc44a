import type { Random } from './random.js';
import type { Scheduler, TaskHandle } from './scheduler.js';

/**
 * How long a job stays in a state, as a scenario says it:
 * - a number: fixed virtual milliseconds;
 * - `{ min, max }`: a seeded random duration in that range (ms);
 * - `{ polls: N }`: the Nth poll of the job sees the next state;
 * - `"manual"`: only an explicit advance (admin API or library) moves it.
 */
export type DurationSpec = number | { min: number; max: number } | { polls: number } | 'manual';

export type StepMode = 'timer' | 'polls' | 'manual';

/** A job's pending move to its next state. */
export interface PendingStep {
  readonly mode: StepMode;
  /** Virtual time the step fires at (timer mode). */
  readonly dueAt: number | undefined;
  /** Polls left before it fires (polls mode). */
  readonly pollsLeft: number | undefined;
  /** Counts one poll; fires when it was the last one. */
  poll(): void;
  /** Fires now (admin advance). */
  fire(): void;
  cancel(): void;
  readonly done: boolean;
}

class Step implements PendingStep {
  mode: StepMode;
  dueAt: number | undefined;
  pollsLeft: number | undefined;
  done = false;
  #handle: TaskHandle | undefined;
  readonly #scheduler: Scheduler;
  readonly #run: () => void;

  constructor(scheduler: Scheduler, spec: DurationSpec, random: Random, run: () => void, label: string) {
    this.#scheduler = scheduler;
    this.#run = run;
    if (spec === 'manual') {
      this.mode = 'manual';
    } else if (typeof spec === 'object' && 'polls' in spec) {
      this.mode = 'polls';
      this.pollsLeft = spec.polls;
    } else {
      this.mode = 'timer';
      const ms = typeof spec === 'number' ? spec : spec.min + Math.floor(random.float() * (spec.max - spec.min + 1));
      this.dueAt = scheduler.clock.now() + ms;
      this.#handle = scheduler.at(this.dueAt, () => this.fire(), label);
    }
  }

  poll(): void {
    if (this.done || this.mode !== 'polls' || this.pollsLeft === undefined) return;
    this.pollsLeft--;
    if (this.pollsLeft <= 0) this.fire();
  }

  fire(): void {
    if (this.done) return;
    this.done = true;
    this.#scheduler.cancel(this.#handle);
    this.#run();
  }

  cancel(): void {
    this.done = true;
    this.#scheduler.cancel(this.#handle);
  }
}

/** Starts a step: `run` is called once, when the duration has passed (or the job is advanced). */
export function startStep(
  scheduler: Scheduler,
  spec: DurationSpec,
  random: Random,
  run: () => void,
  label: string,
): PendingStep {
  return new Step(scheduler, spec, random, run, label);
}

/** Adds `extraMs` of time to a duration (e.g. preparation time that grows with rows). */
export function extendDuration(spec: DurationSpec, extraMs: number): DurationSpec {
  if (extraMs <= 0 || spec === 'manual' || (typeof spec === 'object' && 'polls' in spec)) return spec;
  if (typeof spec === 'number') return spec + extraMs;
  return { min: spec.min + extraMs, max: spec.max + extraMs };
}
