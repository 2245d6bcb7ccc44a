/** What the scheduler's queues order: by time, then by the order of scheduling (`seq`). */
export interface Timed {
  readonly time: number;
  readonly seq: number;
}

const INITIAL_CAPACITY = 1024;

/**
 * A 4-ary min-heap of entries ordered by (time, seq), kept as columns: the keys in typed arrays
 * (a node's four children are one cache line), the entries alongside. Sifting reads the keys
 * only. It holds the tasks scheduled a few at a time (the usual case: a request schedules its
 * job's next step); bulk arrivals go to a sorted run (see task-queue.ts).
 */
export class TaskHeap<E extends Timed> {
  #entries: (E | undefined)[] = [];
  #times = new Float64Array(INITIAL_CAPACITY);
  #seqs = new Float64Array(INITIAL_CAPACITY);
  #count = 0;

  get count(): number {
    return this.#count;
  }

  /** The earliest entry, or undefined. */
  peek(): E | undefined {
    return this.#entries[0];
  }

  /** Every entry, in no particular order (for clearing). */
  forEach(fn: (e: E) => void): void {
    for (let i = 0; i < this.#count; i++) fn(this.#entries[i]!);
  }

  clear(): void {
    this.#entries = [];
    this.#times = new Float64Array(INITIAL_CAPACITY);
    this.#seqs = new Float64Array(INITIAL_CAPACITY);
    this.#count = 0;
  }

  // Sifting moves a hole (one write per level, no swaps).

  push(e: E): void {
    if (this.#count === this.#times.length) this.#resize(this.#times.length * 2);
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
  pop(): E {
    const times = this.#times;
    const entries = this.#entries;
    const top = entries[0]!;
    const n = --this.#count;
    const last = entries[n]!;
    entries[n] = undefined;
    if (n === 0) return top;
    // A burst of tasks is over: give the memory back (a quarter full, halve).
    if (n === times.length >> 2 && times.length > INITIAL_CAPACITY) this.#resize(times.length >> 1);
    this.#siftDown(last, n);
    return top;
  }

  /** Moves `last` (taken from index n) down from the root. */
  #siftDown(last: E, n: number): void {
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
  }

  #resize(capacity: number): void {
    const times = new Float64Array(capacity);
    const seqs = new Float64Array(capacity);
    const n = Math.min(this.#count + 1, capacity); // pop still reads index #count
    times.set(this.#times.subarray(0, n));
    seqs.set(this.#seqs.subarray(0, n));
    this.#times = times;
    this.#seqs = seqs;
    if (this.#entries.length > capacity) this.#entries.length = capacity;
  }
}
