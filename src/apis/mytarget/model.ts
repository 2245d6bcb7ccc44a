import { formatUtcFields } from '../../core/time-format.js';
import { Lifecycle, type Transition } from '../../core/lifecycle.js';
import type { PendingStep } from '../../core/steps.js';
import type { RequestRules } from '../../scenarios/engine.js';
import type { MytargetPlan } from './plan.js';

// --- the sync API's objects ---------------------------------------------------------------

export const STATUSES = ['active', 'blocked', 'deleted'] as const;
export const BANNER_STATUSES = STATUSES;
export const MODERATION_STATUSES = ['allowed', 'banned', 'delayed', 'changed'] as const;
export const MIXINGS = ['fastest', 'recommended'] as const;
export const AUTOBIDDING_MODES = ['fixed', 'second_price', 'second_price_mean', 'max_goals', 'max_shows'] as const;
export const OBJECTIVES = [
  'traffic',
  'appinstalls',
  'reach',
  'videoviews',
  'socialengagement',
  'leadads',
  'site_conversions',
  'storetraffic',
] as const;

/** A stored object: wire-form values by field name (decimals as strings, Moscow datetimes). */
export type Resource = Record<string, unknown> & { id: number };

/** An answer of the sync API, kept as bytes so the async API can replay it exactly. */
export interface SyncAnswer {
  status: number;
  /** Content-Type and the X-RateLimit-* headers, as sent. */
  headers: Record<string, string>;
  /** The body as sent ('' for 204). */
  body: string;
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
  readonly request: SyncRequest;
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
