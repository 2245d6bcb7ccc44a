import * as z from 'zod';
import { Ring, RingSlots } from './ring.js';
import { TextArena } from './text-arena.js';

export type ApiName = 'appmetrica' | 'mytarget' | 'toloka';
export const API_NAMES: readonly ApiName[] = ['appmetrica', 'mytarget', 'toloka'];

/** How a request met the API's routes: a route of it, no route (404), or a real operation the stand does not emulate (501). */
export type RouteMatch = 'matched' | 'unmatched' | 'unemulated';
const ROUTE_MATCHES: readonly RouteMatch[] = ['matched', 'unmatched', 'unemulated'];

/** One side of a journaled exchange: its headers (tokens masked) and its body, capped. */
export interface JournaledMessage {
  headers: Record<string, string>;
  /** The body as text (JSON for a parsed body), at most BODY_CAP characters; null when there was none. */
  body: string | null;
  /** True when `body` was cut at BODY_CAP characters, or not kept (a streamed file, a large body). */
  truncated: boolean;
}

/** What a journaled request has in both its forms: as the stand keeps it (RawRequest) and as it is shown (RequestEntry). */
interface JournaledRequest {
  seq: number;
  api: ApiName;
  method: string;
  url: string;
  status: number;
  /** A scripted fault applied to this request, if any. */
  fault: string | null;
  /** Whether a route of the API answered it; `unmatched` and `unemulated` are calls the stand did not know. */
  route: RouteMatch;
  /** Wall-clock ms from the request's arrival to its answer being sent (not the stand's clock). */
  latencyMs: number;
}

/** One request an emulated API received, and what it answered. */
export interface RequestEntry extends JournaledRequest {
  /** Virtual time, ISO 8601 UTC. */
  at: string;
  /** The account (token) the request authenticated as, masked (`abcd…(1f2e)`); filters take the token itself. */
  account: string | null;
  /** The job (export, async call, operation) the request touched, if any. */
  job: string | null;
  request: JournaledMessage;
  response: JournaledMessage;
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

/** A request's exchange as the journal holds it (what RequestLog.detail takes). */
export interface HeldExchange {
  route: RouteMatch;
  latencyMs: number;
  requestHeaders: HeaderBag;
  requestBody: unknown;
  responseHeaders: HeaderBag;
  responseBody: unknown;
}

/**
 * A request entry as a state file keeps it: the account unmasked, and its exchange (a file
 * written before the exchange was kept has entries without one).
 */
export type RestoredRequest = Pick<RequestEntry, 'seq' | 'at' | 'api' | 'method' | 'url' | 'status' | 'account' | 'fault'> & { exchange?: HeldExchange };

/** Request headers as Node gives them. */
export type HeaderBag = Readonly<Record<string, string | string[] | number | undefined>>;

/**
 * One journaled request as the stand keeps it: unmasked, bodies as they were held (a parsed
 * JSON body, the answer's string or Buffer, STREAMED for a stream). Read-side only: the
 * verification API, the client report and the rendering of RequestEntry take these; nothing
 * is built per request.
 */
export interface RawRequest extends JournaledRequest {
  /** Virtual epoch ms. */
  at: number;
  account: string | null;
  requestHeaders: HeaderBag;
  requestBody: unknown;
  responseHeaders: HeaderBag;
  responseBody: unknown;
}

/** What the journal holds for an answer that was a stream (an export file): its bytes are not kept. */
export const STREAMED = Symbol('streamed');
/** What the journal holds for a body over the cap (by its Content-Length): not kept. */
export const NOT_KEPT = Symbol('not kept');

const NO_HEADERS: HeaderBag = Object.freeze({});

/**
 * The request journal: a ring like Ring<RequestEntry> (the same RingSlots), kept as columns. Every answered request
 * is recorded, so this is on the hot path of every poll: one object per request held for the
 * next `limit` requests (10,000 by default, a second or so under load) survived the young
 * generation and made old-generation garbage; the ISO time of each cost a Date. Here the
 * numbers sit in typed arrays, the time is turned into text only when the journal is read, and
 * entries are built then. Headers and bodies are held as the request had them (references, no
 * copy); the API plugin hands an earlier request's objects again when a poll repeats them
 * (src/http/journal-hook.ts), so a poller adds no object the journal holds on to. Other URLs
 * and answers (up to TextArena.TEXT_MAX) are copied out of the heap into a TextArena (why: there).
 */
export class RequestLog {
  readonly limit: number;
  readonly #seq: Float64Array;
  readonly #at: Float64Array;
  readonly #latency: Float32Array;
  readonly #status: Uint16Array;
  readonly #api: Uint8Array;
  readonly #route: Uint8Array;
  readonly #method: (string | undefined)[];
  /** Where the URL is in #texts, and its length in bytes. */
  readonly #urlAt: Float64Array;
  readonly #urlBytes: Uint32Array;
  /** A URL kept as the string (#urlAt -1): longer than TextArena.TEXT_MAX, or the previous request's again. */
  readonly #urlText: (string | undefined)[];
  /**
   * The last URL and answer recorded. A poll repeating them is kept as these same objects: a
   * poller adds nothing the journal holds on to, and nothing is copied into #texts.
   */
  #lastUrl: string | undefined;
  #lastBody: unknown;
  readonly #account: (string | null | undefined)[];
  readonly #fault: (string | null | undefined)[];
  readonly #reqHeaders: (HeaderBag | undefined)[];
  readonly #reqBody: unknown[];
  readonly #resHeaders: (HeaderBag | undefined)[];
  readonly #resBody: unknown[];
  /** Where an answer's text is in #texts, or -1 (then it is in #resBody); its length in bytes. */
  readonly #resAt: Float64Array;
  readonly #resBytes: Uint32Array;
  readonly #texts = new TextArena();
  readonly #slots: RingSlots;

  constructor(limit: number) {
    this.limit = limit;
    this.#seq = new Float64Array(limit);
    this.#at = new Float64Array(limit);
    this.#latency = new Float32Array(limit);
    this.#status = new Uint16Array(limit);
    this.#api = new Uint8Array(limit);
    this.#route = new Uint8Array(limit);
    this.#method = new Array<string | undefined>(limit);
    this.#urlAt = new Float64Array(limit).fill(-1);
    this.#urlText = new Array<string | undefined>(limit);
    this.#urlBytes = new Uint32Array(limit);
    this.#account = new Array<string | null | undefined>(limit);
    this.#fault = new Array<string | null | undefined>(limit);
    this.#reqHeaders = new Array<HeaderBag | undefined>(limit);
    this.#reqBody = new Array<unknown>(limit);
    this.#resHeaders = new Array<HeaderBag | undefined>(limit);
    this.#resBody = new Array<unknown>(limit);
    this.#resAt = new Float64Array(limit).fill(-1);
    this.#resBytes = new Uint32Array(limit);
    this.#slots = new RingSlots(limit);
  }

  /** Appends one request; `at` in virtual epoch ms. Returns its slot, for `detail`. */
  record(seq: number, at: number, api: ApiName, method: string, url: string, status: number, account: string | null, fault: string | null): number {
    const i = this.#slots.next();
    // The entry this one replaces falls off: its texts are no longer needed (the answer is the later one).
    if (this.#resAt[i]! >= 0) this.#texts.release(this.#resAt[i]! + this.#resBytes[i]!);
    else if (this.#urlAt[i]! >= 0) this.#texts.release(this.#urlAt[i]! + this.#urlBytes[i]!);
    this.#resAt[i] = -1;
    this.#seq[i] = seq;
    this.#at[i] = at;
    this.#api[i] = API_INDEX[api];
    this.#method[i] = method;
    if (url === this.#lastUrl) {
      // A poll's repeat: the previous request's string, shared.
      this.#urlAt[i] = -1;
      this.#urlText[i] = this.#lastUrl;
    } else if (TextArena.fits(url)) {
      this.#lastUrl = url;
      this.#urlAt[i] = this.#texts.write(url);
      this.#urlBytes[i] = this.#texts.lastBytes;
      this.#urlText[i] = undefined;
    } else {
      this.#lastUrl = url;
      this.#urlAt[i] = -1;
      this.#urlText[i] = url;
    }
    this.#status[i] = status;
    this.#account[i] = account;
    this.#fault[i] = fault;
    this.#route[i] = 0;
    this.#latency[i] = 0;
    this.#reqHeaders[i] = undefined;
    this.#reqBody[i] = undefined;
    this.#resHeaders[i] = undefined;
    this.#resBody[i] = undefined;
    return i;
  }

  /** The exchange of the request in `slot` (as `record` returned it). */
  detail(slot: number, route: RouteMatch, latencyMs: number, requestHeaders: HeaderBag, requestBody: unknown, responseHeaders: HeaderBag, responseBody: unknown): void {
    this.#route[slot] = route === 'matched' ? 0 : route === 'unmatched' ? 1 : 2;
    this.#latency[slot] = latencyMs;
    this.#reqHeaders[slot] = requestHeaders;
    this.#reqBody[slot] = requestBody;
    this.#resHeaders[slot] = responseHeaders;
    if (responseBody === this.#lastBody) {
      this.#resBody[slot] = this.#lastBody;
    } else if (typeof responseBody === 'string' && responseBody.length > 0 && TextArena.fits(responseBody)) {
      this.#resAt[slot] = this.#texts.write(responseBody);
      this.#resBytes[slot] = this.#texts.lastBytes;
      this.#lastBody = responseBody;
    } else {
      this.#resBody[slot] = this.#lastBody = responseBody;
    }
  }

  /** Appends an entry as Ring#push does (its `at` is ISO 8601), with its exchange when it has one. */
  push(e: RestoredRequest): void {
    const slot = this.record(e.seq, Date.parse(e.at), e.api, e.method, e.url, e.status, e.account, e.fault);
    const x = e.exchange;
    if (x) this.detail(slot, x.route, x.latencyMs, x.requestHeaders, x.requestBody, x.responseHeaders, x.responseBody);
  }

  /** How many were ever pushed (also those that fell off). */
  get total(): number {
    return this.#slots.total;
  }

  get size(): number {
    return this.#slots.size;
  }

  /** Every request kept, oldest first, as the stand holds it (unmasked). */
  raw(): RawRequest[] {
    const out: RawRequest[] = [];
    for (let k = 0; k < this.#slots.size; k++) {
      const i = this.#slots.at(k);
      out.push({
        seq: this.#seq[i]!,
        at: this.#at[i]!,
        api: API_NAMES[this.#api[i]!]!,
        method: this.#method[i]!,
        url: this.#urlAt[i]! >= 0 ? (this.#texts.read(this.#urlAt[i]!, this.#urlBytes[i]!) ?? '') : this.#urlText[i]!,
        status: this.#status[i]!,
        account: this.#account[i] ?? null,
        fault: this.#fault[i] ?? null,
        route: ROUTE_MATCHES[this.#route[i]!]!,
        latencyMs: Math.round(this.#latency[i]! * 1000) / 1000,
        requestHeaders: this.#reqHeaders[i] ?? NO_HEADERS,
        requestBody: this.#reqBody[i],
        responseHeaders: this.#resHeaders[i] ?? NO_HEADERS,
        responseBody: this.#resAt[i]! >= 0 ? (this.#texts.read(this.#resAt[i]!, this.#resBytes[i]!) ?? NOT_KEPT) : this.#resBody[i],
      });
    }
    return out;
  }

  clear(): void {
    this.#method.fill(undefined);
    this.#account.fill(undefined);
    this.#fault.fill(undefined);
    this.#reqHeaders.fill(undefined);
    this.#reqBody.fill(undefined);
    this.#resHeaders.fill(undefined);
    this.#resBody.fill(undefined);
    this.#resAt.fill(-1);
    this.#urlAt.fill(-1);
    this.#urlText.fill(undefined);
    this.#lastUrl = undefined;
    this.#lastBody = undefined;
    this.#texts.clear();
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

  /**
   * Appends a request (the per-request path: no entry is built); `at` in virtual epoch ms.
   * Returns its slot: `requests.detail(slot, ...)` adds its exchange; `lastSeq` is its seq.
   */
  recordRequest(at: number, api: ApiName, method: string, url: string, status: number, account: string | null, fault: string | null): number {
    const slot = this.requests.record(++this.#seq, at, api, method, url, status, account, fault);
    this.onEntry();
    return slot;
  }

  /** The seq of the last entry made (of either journal). */
  get lastSeq(): number {
    return this.#seq;
  }

  /**
   * Puts back entries a state file kept, seq and all, requests with their exchange (headers,
   * bodies, latency); numbering goes on after the highest.
   */
  restore(kind: 'request' | 'callback', entry: RestoredRequest | CallbackEntry): void {
    if (kind === 'request') this.requests.push(entry as RestoredRequest);
    else this.callbacks.push(entry as CallbackEntry);
    if (entry.seq > this.#seq) this.#seq = entry.seq;
  }

  /** A seq for an entry made later (a callback attempt's, taken when it starts). */
  takeSeq(): number {
    return ++this.#seq;
  }

  /** Adds a callback attempt's entry, its seq taken with takeSeq when the attempt started. */
  addCallback(entry: CallbackEntry): CallbackEntry {
    this.callbacks.push(entry);
    this.onEntry();
    return entry;
  }

  /**
   * The callback attempts kept, by seq: an attempt's entry is added when its outcome is known,
   * so attempts started together are added in the order their receivers answered.
   */
  callbackEntries(): CallbackEntry[] {
    return this.callbacks.toArray().sort((a, b) => a.seq - b.seq);
  }

  reset(): void {
    this.requests.clear();
    this.callbacks.clear();
    this.#seq = 0;
  }
}
