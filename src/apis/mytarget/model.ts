import { formatUtcFields } from '../../core/time-format.js';
import { Lifecycle, type Transition } from '../../core/lifecycle.js';
import type { PendingStep } from '../../core/steps.js';
import type { RequestRules } from '../../scenarios/engine.js';
import type { MytargetPlan } from './plan.js';

// --- the sync API's answers ---------------------------------------------------------------

/** A stored object: wire-form values by field name (decimals as strings, Moscow datetimes). */
export type Resource = Record<string, unknown> & { id: number };

/**
 * The body of a large answer (statistics), made in chunks as the socket drains so that making
 * it never holds the event loop for long. `chunks()` gives the same text every time: it is a
 * function of what the call saw when it ran (kept with the answer), not of the account now.
 */
export interface LazyBody {
  chunks(): Iterable<string>;
}

/** An answer of the sync API, kept as it went out so the async API can replay it exactly. */
export interface SyncAnswer {
  status: number;
  /** Every header of the answer (Content-Type, Date, X-RateLimit-*, and Allow or WWW-Authenticate where they apply). */
  headers: Record<string, string>;
  /** The body as sent ('' for 204). */
  body: string | LazyBody;
}

// --- the async API's calls ------------------------------------------------------------------

/**
 * An async call's life (docs: async API, "Статусы запросов"): waits in its account's queue
 * (`enqueued`), is sent to the API (`started`), and is `done` with the API's answer stored, or
 * `unknown` when the stand "crashed" after sending it (scripted). A done result lives one day,
 * then `expired` (answers 404).
 */
export type CallState = 'enqueued' | 'started' | 'done' | 'unknown' | 'expired';

export const callLifecycle = new Lifecycle<CallState>('mytarget async call', {
  initial: 'enqueued',
  transitions: {
    enqueued: ['started'],
    started: ['done', 'unknown'],
    done: ['expired'],
    unknown: [],
    expired: [],
  },
  phases: { enqueued: 'waiting', started: 'running', done: 'ok', unknown: 'failed', expired: 'ended' },
});

/**
 * One call of the sync API, as the routes or the async queue hand it over (no HTTP); an async
 * call wraps one: `/async_api/<rest>` stands for `/api/<rest>`, same method, query and body.
 */
export interface SyncRequest {
  readonly method: string;
  /** `/api/...`, no query. */
  readonly path: string;
  /** The raw query string, without `?`. */
  readonly query: string;
  readonly body: string;
  readonly contentType: string | undefined;
}

export interface AsyncCall {
  readonly id: string;
  readonly account: string;
  /** The token it was submitted with, when that is not the account's name (a token the stand issued): checked again when it runs. */
  readonly token: string | undefined;
  /** What it wraps; the body is dropped once the call has run (a 10 MB body is not kept for a day). */
  request: SyncRequest;
  /** The X-Stand-Scenario rules of the submission, if it had any (its callback's fault rules see them). */
  readonly rules: RequestRules | undefined;
  readonly createdAt: number;
  /** `created` as the status shows it (Moscow time), made once. */
  readonly createdText: string;
  readonly plan: MytargetPlan;
  /** Base of absolute URLs for the callback: protocol + host + the API's mount prefix. */
  readonly publicBase: string;
  readonly callback: { url: string; method: 'GET' | 'POST' } | undefined;
  /** A scripted crash: the call ends `unknown` instead of `done`. */
  readonly crash: boolean;
  state: CallState;
  updatedAt: number;
  readonly history: Transition<CallState>[];
  /** Holds one of its account's concurrency slots (from the start of its `enqueued` wait). */
  slotted: boolean;
  startedAt?: number;
  doneAt?: number;
  answer?: SyncAnswer;
  step?: PendingStep | undefined;
}

/** The status document of `GET /async_api/v2/requests/{id}.json` (docs: "Получение статуса запроса"). */
export type StatusBody =
  | { id: string; status: 'enqueued' | 'started' | 'unknown'; created: string }
  | {
      id: string;
      status: 'done';
      response_http_code: number;
      response_url: string;
      started: string;
      exec_time: number;
      created: string;
    };


// --- time -------------------------------------------------------------------------------------

/**
 * Moscow has been UTC+3 all year since 2014-10-26, so a fixed offset is exact for any time
 * the stand's clock shows in practice (the manual clock starts in 2026).
 */
const MOSCOW_OFFSET_MS = 3 * 3_600_000;

/** `YYYY-MM-DD HH:MM:SS` in Europe/Moscow, the API's datetime type (api_arrangement, "Basic data types"). */
export function moscowDateTime(ms: number): string {
  return formatUtcFields(ms + MOSCOW_OFFSET_MS);
}

/** The start of the Moscow day that holds `ms`. */
export function moscowDayStart(ms: number): number {
  const day = 86_400_000;
  return Math.floor((ms + MOSCOW_OFFSET_MS) / day) * day - MOSCOW_OFFSET_MS;
}

/** The Moscow calendar day that holds `ms`, as days since 1970-01-01. */
export function moscowDay(ms: number): number {
  return Math.floor((ms + MOSCOW_OFFSET_MS) / 86_400_000);
}

/** Days since 1970-01-01 of a `YYYY-MM-DD` (a valid calendar date; the date part of a datetime). */
export function dayOf(date: string): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / 86_400_000;
}

/** `YYYY-MM-DD` of a day number. */
export { formatUtcDay as dateOf } from '../../core/time-format.js';
