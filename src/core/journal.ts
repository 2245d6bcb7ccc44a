import { z } from 'zod';

/** A bounded, append-only list: the oldest entries fall off once `limit` is reached. */
export class Ring<T> {
  readonly #items: (T | undefined)[];
  #start = 0;
  #size = 0;
  #total = 0;

  constructor(readonly limit: number) {
    this.#items = new Array<T | undefined>(limit);
  }

  push(item: T): void {
    const i = (this.#start + this.#size) % this.limit;
    this.#items[i] = item;
    if (this.#size < this.limit) this.#size++;
    else this.#start = (this.#start + 1) % this.limit;
    this.#total++;
  }

  /** How many were ever pushed (also those that fell off). */
  get total(): number {
    return this.#total;
  }

  get size(): number {
    return this.#size;
  }

  toArray(): T[] {
    const out: T[] = [];
    for (let k = 0; k < this.#size; k++) out.push(this.#items[(this.#start + k) % this.limit] as T);
    return out;
  }

  clear(): void {
    this.#items.fill(undefined);
    this.#start = 0;
    this.#size = 0;
    this.#total = 0;
  }
}

export type ApiName = 'appmetrica' | 'mytarget' | 'toloka';
export const API_NAMES: readonly ApiName[] = ['appmetrica', 'mytarget', 'toloka'];

/** One request an emulated API received, and the status it answered. */
export interface RequestEntry {
  seq: number;
  /** Virtual time, ISO 8601 UTC. */
  at: string;
  api: ApiName;
  method: string;
  url: string;
  status: number;
  /** The account (token) the request authenticated as, if any. */
  account: string | null;
  /** A scripted fault applied to this request, if any. */
  fault: string | null;
}

/** One attempt to deliver a callback (a schema too: state files carry the callback journal). */
export const CallbackEntrySchema = z.strictObject({
  seq: z.number().int(),
  at: z.string(),
  api: z.enum(['appmetrica', 'mytarget', 'toloka']),
  jobId: z.string(),
  url: z.string(),
  method: z.enum(['GET', 'POST']),
  attempt: z.number().int(),
  /** The receiver's HTTP status, or null when it did not answer. */
  status: z.number().int().nullable(),
  error: z.string().nullable(),
  ok: z.boolean(),
  /** What was sent: the parameters, form-encoded (POST body or GET query). */
  payload: z.string(),
});
export type CallbackEntry = z.infer<typeof CallbackEntrySchema>;

export class Journals {
  readonly requests: Ring<RequestEntry>;
  readonly callbacks: Ring<CallbackEntry>;
  #seq = 0;
  /** Called after every new entry (the stand's change notifier). */
  onEntry: () => void = () => {};

  constructor(limit: number) {
    this.requests = new Ring(limit);
    this.callbacks = new Ring(limit);
  }

  addRequest(e: Omit<RequestEntry, 'seq'>): void {
    this.requests.push({ seq: ++this.#seq, ...e });
    this.onEntry();
  }

  addCallback(e: Omit<CallbackEntry, 'seq'>): CallbackEntry {
    const entry = { seq: ++this.#seq, ...e };
    this.callbacks.push(entry);
    this.onEntry();
    return entry;
  }

  reset(): void {
    this.requests.clear();
    this.callbacks.clear();
    this.#seq = 0;
  }
}
