import type { Random } from './random.js';
import type { ScheduledTask, Scheduler } from './scheduler.js';

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

/** What a step belongs to: its id names the step in the scheduler's error reports. */
export interface StepJob {
  readonly id: string;
}

/**
 * A timer step is its own scheduler entry (`Scheduler.schedule`), and it calls a function the
 * backend shares between all its jobs with the job as argument: a pending step holds no
 * closure, no context, no label text and no wrapper entry. `npm run bench -- memory`: heap per
 * myTarget call in flight 935 -> 616 B, RSS with 100,000 of them 199 -> 166 MB.
 */
class Step<J extends StepJob> implements PendingStep, ScheduledTask {
  readonly mode: StepMode;
  /** Polls left before it fires; a number only in polls mode. */
  pollsLeft: number | undefined;
  done = false;
  /** Virtual time the step fires at; NaN unless timer mode. */
  time = Number.NaN;
  seq = 0;
  /** As the scheduler sees it: not pending there (always, unless timer mode). */
  cancelled = true;
  readonly #scheduler: Scheduler;
  readonly #job: J;
  readonly #run: (job: J) => void;
  readonly #what: string;

  constructor(scheduler: Scheduler, spec: DurationSpec, random: Random, job: J, run: (job: J) => void, what: string) {
    this.#scheduler = scheduler;
    this.#job = job;
    this.#run = run;
    this.#what = what;
    if (spec === 'manual') {
      this.mode = 'manual';
      this.pollsLeft = undefined;
    } else if (typeof spec === 'object' && 'polls' in spec) {
      this.mode = 'polls';
      this.pollsLeft = spec.polls;
    } else {
      this.mode = 'timer';
      this.pollsLeft = undefined;
      const ms = typeof spec === 'number' ? spec : spec.min + Math.floor(random.float() * (spec.max - spec.min + 1));
      this.time = scheduler.clock.now() + ms;
      scheduler.schedule(this);
    }
  }

  get dueAt(): number | undefined {
    return this.mode === 'timer' ? this.time : undefined;
  }

  get label(): string {
    return `${this.#what} ${this.#job.id}`;
  }

  poll(): void {
    if (this.done || this.pollsLeft === undefined) return;
    this.pollsLeft--;
    this.#scheduler.touch();
    if (this.pollsLeft <= 0) this.fire();
  }

  /** Called by the scheduler at `time`. */
  run(): void {
    this.fire();
  }

  fire(): void {
    if (this.done) return;
    this.done = true;
    this.#scheduler.cancel(this);
    this.#run(this.#job);
  }

  cancel(): void {
    this.done = true;
    this.#scheduler.cancel(this);
  }
}

/**
 * Starts a step of `job`: `run(job)` is called once, when the duration has passed (or the job
 * is advanced). `what` and the job's id name it in error reports ("mytarget start 42").
 */
export function startStep<J extends StepJob>(
  scheduler: Scheduler,
  spec: DurationSpec,
  random: Random,
  job: J,
  run: (job: J) => void,
  what: string,
): PendingStep {
  return new Step(scheduler, spec, random, job, run, what);
}

/** Adds `extraMs` of time to a duration (e.g. preparation time that grows with rows). */
export function extendDuration(spec: DurationSpec, extraMs: number): DurationSpec {
  if (extraMs <= 0 || spec === 'manual' || (typeof spec === 'object' && 'polls' in spec)) return spec;
  if (typeof spec === 'number') return spec + extraMs;
  return { min: spec.min + extraMs, max: spec.max + extraMs };
}
