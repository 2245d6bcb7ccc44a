import { ManualClock, RealClock, type Clock } from './clock.js';

/**
 * The one owner of timers. Domain code defers work with `at(time, task)`; nothing else calls
 * setTimeout. Tasks are kept in a binary heap ordered by (time, insertion order), so equal
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

interface Entry extends TaskHandle {
  readonly seq: number;
  readonly task: Task;
  readonly label: string;
}

const INITIAL_CAPACITY = 1024;

export interface SchedulerHooks {
  /** Called when a task throws; the scheduler keeps going. */
  onTaskError(label: string, error: unknown): void;
  /** Called after a batch of due tasks ran (advance, or a real timer). */
  onTick?(): void;
}

export class Scheduler {
  readonly clock: Clock;
  /**
   * The pending entries as a 4-ary heap ordered by (time, seq), kept as columns: the keys in
   * typed arrays (a node's four children are one cache line), the entries alongside. Sifting
   * reads the keys only, so firing a million tasks is not a million chases through scattered
   * objects.
   */
  #entries: (Entry | undefined)[] = [];
  #times = new Float64Array(INITIAL_CAPACITY);
  #seqs = new Float64Array(INITIAL_CAPACITY);
  #count = 0;
  #seq = 0;
  #live = 0;
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

  /** Time of the earliest pending task, or undefined. */
  nextTime(): number | undefined {
    this.#dropCancelledTop();
    return this.#count > 0 ? this.#times[0] : undefined;
  }

  at(time: number, task: Task, label = 'task'): TaskHandle {
    const entry: Entry = { time, seq: this.#seq++, task, label, cancelled: false };
    this.#push(entry);
    this.#live++;
    if (this.clock.mode === 'real') this.#arm();
    return entry;
  }

  after(ms: number, task: Task, label?: string): TaskHandle {
    return this.at(this.clock.now() + ms, task, label);
  }

  cancel(handle: TaskHandle | undefined): void {
    if (!handle || handle.cancelled) return;
    handle.cancelled = true;
    this.#live--;
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

  /** Runs what is due at the current time (used by real timers and after a state change). */
  runDue(): void {
    this.#runDue(this.clock.now(), () => {});
    if (this.clock.mode === 'real') this.#arm();
  }

  /** Drops every task (reset). */
  clear(): void {
    // Handles held elsewhere (a job's pending step) must read as cancelled, or cancelling them later would count twice.
    for (let i = 0; i < this.#count; i++) this.#entries[i]!.cancelled = true;
    this.#entries = [];
    this.#times = new Float64Array(INITIAL_CAPACITY);
    this.#seqs = new Float64Array(INITIAL_CAPACITY);
    this.#count = 0;
    this.#live = 0;
    this.#disarm();
  }

  close(): void {
    this.#closed = true;
    this.clear();
  }

  #runDue(limit: number, moveClock: (t: number) => void): void {
    if (this.#running) return; // a task that advances time re-enters; the outer loop finishes the work
    this.#running = true;
    try {
      for (;;) {
        this.#dropCancelledTop();
        if (this.#count === 0 || this.#times[0]! > limit) break;
        const top = this.#pop();
        this.#live--;
        top.cancelled = true;
        moveClock(top.time);
        try {
          top.task();
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

  #dropCancelledTop(): void {
    while (this.#count > 0 && this.#entries[0]!.cancelled) this.#pop();
  }

  // Sifting moves a hole (one write per level, no swaps).

  #push(e: Entry): void {
    if (this.#count === this.#times.length) this.#grow();
    const times = this.#times;
    const seqs = this.#seqs;
    const entries = this.#entries;
    const time = e.time;
    const seq = e.seq;
    let i = this.#count++;
    while (i > 0) {
      const p = (i - 1) >> 2;
      const pt = times[p]!;
      if (pt < time || (pt === time && seqs[p]! < seq)) break;
      times[i] = pt;
      seqs[i] = seqs[p]!;
      entries[i] = entries[p];
      i = p;
    }
    times[i] = time;
    seqs[i] = seq;
    entries[i] = e;
  }

  /** Removes and returns the earliest entry (the heap is not empty). */
  #pop(): Entry {
    const times = this.#times;
    const seqs = this.#seqs;
    const entries = this.#entries;
    const top = entries[0]!;
    const n = --this.#count;
    const last = entries[n]!;
    entries[n] = undefined;
    if (n === 0) return top;
    // A burst of tasks is over: give the memory back (a quarter full, halve).
    if (n === times.length >> 2 && times.length > INITIAL_CAPACITY) this.#resize(times.length >> 1);
    return this.#popRest(top, last, n);
  }

  /** The sift-down of #pop, `last` (taken from index n) moving from the root. */
  #popRest(top: Entry, last: Entry, n: number): Entry {
    const times = this.#times;
    const seqs = this.#seqs;
    const entries = this.#entries;
    const time = times[n]!;
    const seq = seqs[n]!;
    let i = 0;
    for (;;) {
      const first = 4 * i + 1;
      if (first >= n) break;
      // The least of up to four children.
      let m = first;
      let mt = times[first]!;
      let ms = seqs[first]!;
      const end = first + 4 < n ? first + 4 : n;
      for (let c = first + 1; c < end; c++) {
        const ct = times[c]!;
        if (ct < mt || (ct === mt && seqs[c]! < ms)) {
          m = c;
          mt = ct;
          ms = seqs[c]!;
        }
      }
      if (time < mt || (time === mt && seq < ms)) break;
      times[i] = mt;
      seqs[i] = ms;
      entries[i] = entries[m];
      i = m;
    }
    times[i] = time;
    seqs[i] = seq;
    entries[i] = last;
    return top;
  }

  #grow(): void {
    this.#resize(this.#times.length * 2);
  }

  #resize(capacity: number): void {
    const times = new Float64Array(capacity);
    const seqs = new Float64Array(capacity);
    const n = Math.min(this.#count + 1, capacity); // #pop still reads index #count
    times.set(this.#times.subarray(0, n));
    seqs.set(this.#seqs.subarray(0, n));
    this.#times = times;
    this.#seqs = seqs;
    if (this.#entries.length > capacity) this.#entries.length = capacity;
  }
}
