import * as z from 'zod';

/**
 * The bookkeeping of a bounded, append-only list kept in arrays of `limit` slots: which slot the
 * next entry takes, where the oldest is, how many were ever added. The oldest entries fall off
 * once `limit` is reached. Ring and RequestLog keep their entries in slots it hands out.
 */
class RingSlots {
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

const API_INDEX: Readonly<Record<ApiName, number>> = { appmetrica: 0, mytarget: 1, toloka: 2 };

/**
 * The request journal: a ring like Ring<RequestEntry> (the same RingSlots), kept as columns. Every answered request
 * is recorded, so this is on the hot path of every poll: one object per request held for the
 * next `limit` requests (10,000 by default, a second or so under load) survived the young
 * generation and made old-generation garbage; the ISO time of each cost a Date. Here the
 * numbers sit in typed arrays, the time is turned into text only when the journal is read, and
 * entries are built then.
 */
export class RequestLog {
  readonly limit: number;
  readonly #seq: Float64Array;
  readonly #at: Float64Array;
  readonly #status: Uint16Array;
  readonly #api: Uint8Array;
  readonly #method: (string | undefined)[];
  readonly #url: (string | undefined)[];
  readonly #account: (string | null | undefined)[];
  readonly #fault: (string | null | undefined)[];
  readonly #slots: RingSlots;

  constructor(limit: number) {
    this.limit = limit;
    this.#seq = new Float64Array(limit);
    this.#at = new Float64Array(limit);
    this.#status = new Uint16Array(limit);
    this.#api = new Uint8Array(limit);
    this.#method = new Array<string | undefined>(limit);
    this.#url = new Array<string | undefined>(limit);
    this.#account = new Array<string | null | undefined>(limit);
    this.#fault = new Array<string | null | undefined>(limit);
    this.#slots = new RingSlots(limit);
  }

  /** Appends one request; `at` in virtual epoch ms. */
  record(seq: number, at: number, api: ApiName, method: string, url: string, status: number, account: string | null, fault: string | null): void {
    const i = this.#slots.next();
    this.#seq[i] = seq;
    this.#at[i] = at;
    this.#api[i] = API_INDEX[api];
    this.#method[i] = method;
    this.#url[i] = url;
    this.#status[i] = status;
    this.#account[i] = account;
    this.#fault[i] = fault;
  }

  /** Appends an entry as Ring#push does (its `at` is ISO 8601). */
  push(e: RequestEntry): void {
    this.record(e.seq, Date.parse(e.at), e.api, e.method, e.url, e.status, e.account, e.fault);
  }

  /** How many were ever pushed (also those that fell off). */
  get total(): number {
    return this.#slots.total;
  }

  get size(): number {
    return this.#slots.size;
  }

  toArray(): RequestEntry[] {
    const out: RequestEntry[] = [];
    for (let k = 0; k < this.#slots.size; k++) {
      const i = this.#slots.at(k);
      out.push({
        seq: this.#seq[i]!,
        at: new Date(this.#at[i]!).toISOString(),
        api: API_NAMES[this.#api[i]!]!,
        method: this.#method[i]!,
        url: this.#url[i]!,
        status: this.#status[i]!,
        account: this.#account[i] ?? null,
        fault: this.#fault[i] ?? null,
      });
    }
    return out;
  }

  clear(): void {
    this.#method.fill(undefined);
    this.#url.fill(undefined);
    this.#account.fill(undefined);
    this.#fault.fill(undefined);
    this.#slots.clear();
  }
}

export class Journals {
  readonly requests: RequestLog;
  readonly callbacks: Ring<CallbackEntry>;
  #seq = 0;
  /** Called after every new entry (the stand's change notifier). */
  onEntry: () => void = () => {};

  constructor(limit: number) {
    this.requests = new RequestLog(limit);
    this.callbacks = new Ring(limit);
  }

  addRequest(e: Omit<RequestEntry, 'seq'>): void {
    this.requests.push({ seq: ++this.#seq, ...e });
    this.onEntry();
  }

  /** addRequest without building an entry (the per-request path); `at` in virtual epoch ms. Returns the entry's seq. */
  recordRequest(at: number, api: ApiName, method: string, url: string, status: number, account: string | null, fault: string | null): number {
    const seq = ++this.#seq;
    this.requests.record(seq, at, api, method, url, status, account, fault);
    this.onEntry();
    return seq;
  }

  /** Puts back entries a state file kept, seq and all; numbering goes on after the highest. */
  restore(kind: 'request' | 'callback', entry: RequestEntry | CallbackEntry): void {
    if (kind === 'request') this.requests.push(entry as RequestEntry);
    else this.callbacks.push(entry as CallbackEntry);
    if (entry.seq > this.#seq) this.#seq = entry.seq;
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
