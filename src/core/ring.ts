/**
 * The bookkeeping of a bounded, append-only list kept in arrays of `limit` slots: which slot the
 * next entry takes, where the oldest is, how many were ever added. The oldest entries fall off
 * once `limit` is reached. Ring and RequestLog keep their entries in slots it hands out.
 */
export class RingSlots {
  readonly limit: number;
  #start = 0;
  #size = 0;
  #total = 0;

  constructor(limit: number) {
    this.limit = limit;
  }

  /** The slot of a new entry (the oldest one's, once full). */
  next(): number {
    const i = (this.#start + this.#size) % this.limit;
    if (this.#size < this.limit) this.#size++;
    else this.#start = (this.#start + 1) % this.limit;
    this.#total++;
    return i;
  }

  /** The slot of the k-th entry kept, oldest first. */
  at(k: number): number {
    return (this.#start + k) % this.limit;
  }

  get size(): number {
    return this.#size;
  }

  /** How many were ever added (also those that fell off). */
  get total(): number {
    return this.#total;
  }

  clear(): void {
    this.#start = 0;
    this.#size = 0;
    this.#total = 0;
  }
}

/** A bounded, append-only list: the oldest entries fall off once `limit` is reached. */
export class Ring<T> {
  readonly #items: (T | undefined)[];
  readonly #slots: RingSlots;

  constructor(readonly limit: number) {
    this.#items = new Array<T | undefined>(limit);
    this.#slots = new RingSlots(limit);
  }

  push(item: T): void {
    this.#items[this.#slots.next()] = item;
  }

  /** How many were ever pushed (also those that fell off). */
  get total(): number {
    return this.#slots.total;
  }

  get size(): number {
    return this.#slots.size;
  }

  toArray(): T[] {
    const out: T[] = [];
    for (let k = 0; k < this.#slots.size; k++) out.push(this.#items[this.#slots.at(k)] as T);
    return out;
  }

  clear(): void {
    this.#items.fill(undefined);
    this.#slots.clear();
  }
}
