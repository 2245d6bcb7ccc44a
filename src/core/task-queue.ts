import { TaskHeap, type Timed } from './task-heap.js';
import { timeOrder } from './time-order.js';

export interface Queued extends Timed {
  cancelled: boolean;
}

/** Fewer arrivals than this at once go into the heap one by one. */
const BULK_MIN = 1024;
/** A consumed prefix of the run longer than this (and than what is left) is cut off. */
const TRIM_MIN = 4096;

/**
 * The scheduler's pending entries, earliest (time, seq) first, cancelled ones dropped lazily.
 *
 * Entries arrive in scheduling order and wait, unsorted, until someone looks (`peek`). Then a
 * few arrivals go into a 4-ary heap one by one (a request schedules its job's next step); many
 * at once (a test that schedules thousands before it advances) are sorted by `timeOrder` and
 * merged into a sorted run, which is consumed from its head without sifting. The earliest
 * entry is the lesser of the heap's top and the run's head. A million tasks scheduled, then
 * fired: 1.5-2.1M tasks/s in `npm run bench -- scheduler`, against 0.72-1.14M through the heap
 * alone, whose pops each missed the cache at every level.
 */
export class TaskQueue<E extends Queued> {
  #arrivals: E[] = [];
  #run: (E | undefined)[] = [];
  #runTimes = new Float64Array(0);
  #head = 0;
  readonly #heap = new TaskHeap<E>();

  push(e: E): void {
    this.#arrivals.push(e);
  }

  /** The earliest entry that is not cancelled, or undefined. */
  peek(): E | undefined {
    this.#settle();
    const run = this.#run;
    while (this.#head < run.length && run[this.#head]!.cancelled) run[this.#head++] = undefined;
    const heap = this.#heap;
    while (heap.count > 0 && heap.peek()!.cancelled) heap.pop();
    const h = heap.peek();
    if (this.#head === run.length) {
      this.#trimRun();
      return h;
    }
    const r = run[this.#head]!;
    return h !== undefined && (h.time < r.time || (h.time === r.time && h.seq < r.seq)) ? h : r;
  }

  /** Removes and returns the earliest entry if it is due by `limit`. */
  popDue(limit: number): E | undefined {
    const e = this.peek();
    if (e === undefined || e.time > limit) return undefined;
    if (this.#heap.peek() === e) this.#heap.pop();
    else {
      this.#run[this.#head++] = undefined;
      this.#trimRun();
    }
    return e;
  }

  /** Marks every entry cancelled (handles held elsewhere must read so) and drops them. */
  clear(): void {
    const cancel = (e: E | undefined) => {
      if (e) e.cancelled = true;
    };
    this.#arrivals.forEach(cancel);
    for (let i = this.#head; i < this.#run.length; i++) cancel(this.#run[i]);
    this.#heap.forEach(cancel);
    this.#arrivals = [];
    this.#run = [];
    this.#runTimes = new Float64Array(0);
    this.#head = 0;
    this.#heap.clear();
  }

  #settle(): void {
    const arrivals = this.#arrivals;
    const n = arrivals.length;
    if (n === 0) return;
    // A merge costs the run's length: worth it only for a batch of at least a quarter of that.
    if (n >= BULK_MIN && n * 4 >= this.#run.length - this.#head) {
      this.#arrivals = [];
      this.#mergeIntoRun(arrivals);
      return;
    }
    for (let i = 0; i < n; i++) this.#heap.push(arrivals[i]!);
    arrivals.length = 0;
  }

  /** Sorts `arrivals` (in scheduling order) and merges them with what is left of the run. */
  #mergeIntoRun(arrivals: E[]): void {
    const n = arrivals.length;
    const times = new Float64Array(n);
    for (let i = 0; i < n; i++) times[i] = arrivals[i]!.time;
    const order = timeOrder(times, n);
    // Merged by the time columns alone: reading the entries (scattered objects) would miss the
    // cache on every one. Cancelled entries stay and are dropped when they reach the head.
    const run = this.#run;
    const runTimes = this.#runTimes;
    const end = run.length;
    const size = end - this.#head + n;
    // Filled by push: `new Array(size)` past 100,000 slots is a dictionary, slow to fill and read.
    const merged: E[] = [];
    const mergedTimes = new Float64Array(size);
    let i = this.#head;
    let j = 0;
    let k = 0;
    // Every entry of the run was scheduled before every arrival: on equal times the run's goes first.
    while (i < end && j < n) {
      const o = order[j]!;
      const rt = runTimes[i]!;
      const at = times[o]!;
      if (rt <= at) {
        mergedTimes[k++] = rt;
        merged.push(run[i++]!);
      } else {
        mergedTimes[k++] = at;
        merged.push(arrivals[o]!);
        j++;
      }
    }
    for (; i < end; i++, k++) {
      mergedTimes[k] = runTimes[i]!;
      merged.push(run[i]!);
    }
    for (; j < n; j++, k++) {
      const o = order[j]!;
      mergedTimes[k] = times[o]!;
      merged.push(arrivals[o]!);
    }
    this.#run = merged;
    this.#runTimes = mergedTimes;
    this.#head = 0;
  }

  #trimRun(): void {
    const head = this.#head;
    const length = this.#run.length;
    if (head === length) {
      if (length > 0) {
        this.#run = [];
        this.#runTimes = new Float64Array(0);
      }
      this.#head = 0;
    } else if (head > TRIM_MIN && head * 2 > length) {
      this.#run = this.#run.slice(head);
      this.#runTimes = this.#runTimes.slice(head);
      this.#head = 0;
    }
  }
}
