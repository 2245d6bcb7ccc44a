import { ManualClock, RealClock, type Clock } from './clock.js';
import { TaskQueue } from './task-queue.js';

/**
 * The one owner of timers. Domain code defers work with `at(time, task)`; nothing else calls
 * setTimeout. Tasks are kept in a TaskQueue ordered by (time, insertion order), so equal
 * times run in the order they were scheduled.
 *
 * Manual clock: nothing runs until `advance(ms)`, which moves the clock to each due task's time
 * in turn and runs it there, then to the target time.
 * Real clock: one wall timer is armed for the earliest task.
 */
export type Task = () => void;

export interface TaskHandle {
  readonly time: number;
  cancelled: boolean;
}

/**
 * A task that is its own queue entry (`schedule`): the scheduler sets `seq` and `cancelled`
 * and calls `run()` at `time`. A job's pending step is one, so it costs no closure and no
 * wrapper; `label` (for errors) is read only when `run` throws.
 */
export interface ScheduledTask extends TaskHandle {
  seq: number;
  run(): void;
  readonly label: string;
}

/** The entry of a closure scheduled with `at`. */
class ClosureTask implements ScheduledTask {
  readonly time: number;
  seq: number;
  cancelled = false;
  readonly #task: Task;
  readonly label: string;

  constructor(time: number, seq: number, task: Task, label: string) {
    this.time = time;
    this.seq = seq;
    this.#task = task;
    this.label = label;
  }

  run(): void {
    this.#task();
  }
}

export interface SchedulerHooks {
  /** Called when a task throws; the scheduler keeps going. */
  onTaskError(label: string, error: unknown): void;
  /** Called after a batch of due tasks ran (advance, or a real timer). */
  onTick?(): void;
}

export class Scheduler {
  readonly clock: Clock;
  readonly #queue = new TaskQueue<ScheduledTask>();
  #seq = 0;
  #live = 0;
  /** Cancellations and other changes of pending work (a poll counted by a step); see `changes`. */
  #edits = 0;
  #timer: NodeJS.Timeout | undefined;
  #armedFor = Number.POSITIVE_INFINITY;
  #running = false;
  #closed = false;
  readonly #hooks: SchedulerHooks;

  constructor(clock: Clock, hooks: SchedulerHooks) {
    this.clock = clock;
    this.#hooks = hooks;
  }

  /** Number of pending (not cancelled) tasks. */
  get size(): number {
    return this.#live;
  }

  /**
   * Grows whenever pending work changes (a task scheduled or cancelled, a poll counted): equal
   * before and after a request, the request left the stand's work as it was.
   */
  get changes(): number {
    return this.#seq + this.#edits;
  }

  /** Notes a change of pending work the queue does not see (a `{polls: N}` step counted a poll). */
  touch(): void {
    this.#edits++;
  }

  /** Time of the earliest pending task, or undefined. */
  nextTime(): number | undefined {
    return this.#queue.peek()?.time;
  }

  at(time: number, task: Task, label = 'task'): TaskHandle {
    const entry = new ClosureTask(time, this.#seq++, task, label);
    this.#push(entry);
    return entry;
  }

  /** Schedules a task object for its `time`; it is its own handle (`cancel(task)`). */
  schedule(task: ScheduledTask): void {
    task.seq = this.#seq++;
    task.cancelled = false;
    this.#push(task);
  }

  #push(entry: ScheduledTask): void {
    this.#queue.push(entry);
    this.#live++;
    // A timer armed for this time or earlier stands: the queue sorts the arrival when it is next read.
    if (this.clock.mode === 'real' && !(this.#timer && entry.time >= this.#armedFor)) this.#arm();
  }

  after(ms: number, task: Task, label?: string): TaskHandle {
    return this.at(this.clock.now() + ms, task, label);
  }

  cancel(handle: TaskHandle | undefined): void {
    if (!handle || handle.cancelled) return;
    handle.cancelled = true;
    this.#live--;
    this.#edits++;
  }

  /**
   * Moves virtual time forward by `ms`, running every task that becomes due, in order, each at
   * its own time. A real clock is held still meanwhile and runs on from the target time.
   */
  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`advance takes a non-negative number of ms, got ${ms}`);
    this.advanceTo(this.clock.now() + ms);
  }

  /** Moves virtual time to `target` (not backwards), running due work in order at its own times. */
  advanceTo(target: number): void {
    const clock = this.clock;
    if (!(clock instanceof ManualClock) && !(clock instanceof RealClock)) throw new Error('unknown clock');
    const hold = clock instanceof RealClock && !clock.frozen;
    // Work already due runs at its own times first (freezing would run it at the later now).
    if (hold) this.catchUp();
    if (hold) clock.freeze();
    this.#runDue(target, (t) => clock.moveTo(Math.max(t, clock.now())));
    clock.moveTo(Math.max(target, clock.now()));
    if (hold) {
      clock.thaw();
      this.#arm();
    }
    this.#hooks.onTick?.();
  }

  /** Holds a real clock still (a restore steps through time with advanceTo); no-op on a manual clock. */
  hold(): void {
    if (this.clock instanceof RealClock) {
      this.clock.freeze();
      this.#disarm();
    }
  }

  /** Lets a held real clock run on from where it stands. */
  release(): void {
    if (this.clock instanceof RealClock && this.clock.frozen) {
      this.clock.thaw();
      this.#arm();
    }
  }

  /**
   * Runs what is due at the current time (used by real timers, and before a request or a control
   * verb is handled, so each sees the work due by its time done). On a running real clock each
   * task runs at its own time (RealClock#at), not at the time its timer happened to fire.
   */
  runDue(): void {
    const clock = this.clock;
    if (clock instanceof RealClock && !clock.frozen) {
      this.#runDue(clock.now(), undefined, (t, task) => clock.at(t, () => task.run()));
      this.#arm();
    } else {
      this.#runDue(clock.now(), () => {});
    }
  }

  /** On a running real clock, runs what is due by now (a timer may be late); otherwise nothing. Cheap when nothing is due. */
  catchUp(): void {
    if (this.clock.mode !== 'real') return;
    const next = this.#queue.peek();
    if (next !== undefined && next.time <= this.clock.now()) this.runDue();
  }

  /** Drops every task (reset). */
  clear(): void {
    // Handles held elsewhere (a job's pending step) read as cancelled, or cancelling them later would count twice.
    this.#queue.clear();
    this.#live = 0;
    this.#disarm();
  }

  close(): void {
    this.#closed = true;
    this.clear();
  }

  #runDue(limit: number, moveClock: ((t: number) => void) | undefined, runAt?: (t: number, task: ScheduledTask) => void): void {
    if (this.#running) return; // a task that advances time re-enters; the outer loop finishes the work
    this.#running = true;
    try {
      for (;;) {
        const top = this.#queue.popDue(limit);
        if (top === undefined) break;
        this.#live--;
        top.cancelled = true;
        try {
          if (runAt) runAt(top.time, top);
          else {
            moveClock!(top.time);
            top.run();
          }
        } catch (error) {
          this.#hooks.onTaskError(top.label, error);
        }
      }
    } finally {
      this.#running = false;
    }
  }

  #arm(): void {
    if (this.#closed) return;
    const next = this.nextTime();
    if (next === undefined) {
      this.#disarm();
      return;
    }
    if (this.#timer && next >= this.#armedFor) return;
    this.#disarm();
    this.#armedFor = next;
    // Node caps timers at 2^31-1 ms; a later task is re-armed when this one fires.
    const delay = Math.min(this.clock.wallDelay(next - this.clock.now()), 2_147_483_647);
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#armedFor = Number.POSITIVE_INFINITY;
      this.runDue();
      this.#hooks.onTick?.();
    }, Math.ceil(delay));
    this.#timer.unref?.();
  }

  #disarm(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#armedFor = Number.POSITIVE_INFINITY;
  }
}
