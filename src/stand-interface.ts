import type { JobFilter, JobView } from './apis/api.js';
import type { ApiName, CallbackEntry, RequestEntry } from './core/journal.js';
import type { FaultRuleInput } from './scenarios/common.js';
import type { OneShot } from './scenarios/engine.js';
import type { Scenario, ScenarioInput } from './scenarios/schema.js';
import type { ClockInfo } from './admin/wire.js';
import type { ReloadOutcome } from './scenarios/watch.js';
import type { Report, ReportQuery } from './report/index.js';
import type { RequestMatch } from './journal/match.js';
import type { CountExpectation, Verification } from './journal/reader.js';

/** Which jobs `jobs()` lists: every filter given must hold. */
export interface JobQuery extends JobFilter {
  /** One API's jobs only. */
  api?: ApiName;
}

/** Which requests `requests()` lists: every filter given must hold (api, token, method, path, status, job, query, headers, body). */
export type RequestQuery = RequestMatch;
export type { RequestMatch, CountExpectation, Verification, Report, ReportQuery };

/** Which callback attempts `callbackAttempts()` lists. */
export interface CallbackQuery {
  api?: ApiName;
  jobId?: string;
}

/** The stand's clock: `GET /_stand/clock` (declared with the JSON the dashboard reads too). */
export type { ClockInfo };

/** The active scenario, what else there is, and the one-shot faults queued: `GET /_stand/scenario`. */
export interface ScenarioState {
  name: string;
  scenario: Scenario;
  /** Scenario names `activateScenario` takes. */
  available: string[];
  queue: OneShot[];
  /** With --watch: what the last reload of an edited scenario or fixture file came to (null before any). */
  reload: ReloadOutcome | null;
}

/**
 * The control plane of a stand: the same verbs as the admin API under `/_stand`, on the handle
 * `startStand()` and `createTestStand()` give. Nothing else of the stand is public.
 *
 * ```ts
 * import { startStand } from 'async-stand';
 * const stand = await startStand({ port: 0, clock: 'manual' });
 * // ... a client submits an export to `${stand.urls.appmetrica}/logs/v1/export/events.json?...`
 * stand.advance(60_000);              // the export is prepared on the stand's clock
 * await stand.settle();               // and any callback it caused has been delivered
 * await stand.close();
 * ```
 */
export interface Stand {
  /**
   * The virtual time, in epoch ms.
   * @example `new Date(stand.now()).toISOString()`
   */
  now(): number;

  /**
   * The clock: its mode, now, and the work scheduled on it. Mirrors `GET /_stand/clock`.
   * @example `stand.clockInfo().pendingTasks`
   */
  clockInfo(): ClockInfo;

  /**
   * Moves the clock forward by `ms` virtual milliseconds, running every task that becomes due, in
   * order, each at its own time, before it returns. Mirrors `POST /_stand/clock/advance {"ms"}`.
   * @example `stand.advance(24 * 3_600_000); // a day: ready exports expire`
   */
  advance(ms: number): ClockInfo;

  /**
   * Moves the clock to an ISO time (not backwards), as `advance` does. Mirrors
   * `POST /_stand/clock/advance {"to"}`.
   * @example `stand.advanceTo('2026-01-02T00:00:00Z')`
   */
  advanceTo(iso: string): ClockInfo;

  /**
   * Resolves once the stand is quiet: nothing due on the clock now, and no callback attempt on
   * the wire (retries waiting on the clock do not count). Await it after moving the clock and
   * before reading the callback journal, or after a callback receiver saw a callback and before
   * checking what the stand recorded of it.
   * @example `stand.advance(5_000); await stand.settle(); expect(stand.callbackAttempts()).toHaveLength(1);`
   */
  settle(): Promise<void>;

  /**
   * Everything back to the scenario the stand started with: clock, ids, jobs, journals, one-shot
   * queue. Work in flight (timers, callbacks on the wire) ends with it. Mirrors `POST /_stand/reset`.
   * @example `afterEach(() => stand.reset())`
   */
  reset(): Promise<void>;

  /**
   * Every job of every API (or those the query picks), oldest first: state, history, what moves
   * it next. Mirrors `GET /_stand/jobs` (which pages).
   * @example `stand.jobs({ api: 'mytarget', state: 'done' })`
   */
  jobs(query?: JobQuery): JobView[];

  /**
   * One job; a StandError 404 (`STAND_JOB_NOT_FOUND`) when there is none. Mirrors `GET /_stand/jobs/{api}/{id}`.
   * @example `stand.job('toloka', operationId).state // 'SUCCESS'`
   */
  job(api: ApiName, id: string): JobView;

  /**
   * Moves a job to its next state now. A job that waits behind another answers 409
   * `STAND_JOB_WAITING`; one in a final state 409 `STAND_JOB_TERMINAL`. Mirrors
   * `POST /_stand/jobs/{api}/{id}/advance`.
   * @example `stand.advanceJob('appmetrica', exportId)`
   */
  advanceJob(api: ApiName, id: string): JobView;

  /**
   * Moves a job through to its final state now (the jobs ahead of it in its queue first).
   * Mirrors `POST /_stand/jobs/{api}/{id}/complete`.
   * @example `stand.completeJob('mytarget', '1').state // 'done'`
   */
  completeJob(api: ApiName, id: string): JobView;

  /**
   * Every request the APIs received (the last `--journal-limit`), or those the query matches:
   * method, URL, headers and body (tokens masked, bodies capped), the answer's status, headers
   * and body, latency, and the job it touched. Mirrors `GET /_stand/journal/requests`.
   * @example `stand.requests({ api: 'toloka', status: 429 }).length`
   * @example `stand.requests({ api: 'mytarget', method: 'POST', path: '/api/v2/campaigns.json' })[0]?.request.body`
   */
  requests(query?: RequestQuery): RequestEntry[];

  /**
   * How many journaled requests match. Mirrors `GET /_stand/journal/requests?...` (its `total`).
   * @example `stand.countRequests({ api: 'appmetrica', headers: { 'cache-control': 'no-cache' } })`
   */
  countRequests(match?: RequestMatch): number;

  /**
   * The requests no route of their API answered (404) or that named a real operation the stand
   * does not emulate (501): calls your client makes that the stand could not check. Mirrors
   * `GET /_stand/journal/unmatched`.
   * @example `expect(stand.unmatchedRequests()).toEqual([])`
   */
  unmatchedRequests(): RequestEntry[];

  /**
   * Counts the matching requests against an expectation (default: at least one) and says, when it
   * fails, what came near ("3 requests with path /api/v2/campaigns.json, none with method
   * DELETE (they had method GET ×3)"). Mirrors `POST /_stand/journal/verify`. The test helper
   * `expectRequests` (async-stand/testing) throws with this message.
   * @example `stand.verifyRequests({ api: 'mytarget', method: 'DELETE', path: '/api/v2/campaigns/*' }, 1).ok`
   */
  verifyRequests(match: RequestMatch, expected?: CountExpectation): Verification;

  /**
   * The client report: per client (token) and API, what it did that the real API would punish
   * (quota burned, exports regenerated, duplicates created, results lost), each finding with a
   * stable code, severity, the requests that show it (journal seq and time on the stand's clock),
   * the docs' sentence it comes from, and what to do instead. Mirrors `GET /_stand/report`
   * (`?format=md` for a page). `expectCleanClient` (async-stand/testing) fails a test on it.
   * @example `stand.report({ token: 'my-token' }).clients[0]?.findings.map((f) => f.code)`
   */
  report(query?: ReportQuery): Report;

  /**
   * Every callback attempt, with its outcome. Mirrors `GET /_stand/journal/callbacks`.
   * @example `stand.callbackAttempts({ jobId: '1' }).map((a) => a.status)`
   */
  callbackAttempts(query?: CallbackQuery): CallbackEntry[];

  /**
   * The active scenario, the others available, and the one-shot faults queued. Mirrors `GET /_stand/scenario`.
   * @example `stand.scenario().name // 'default'`
   */
  scenario(): ScenarioState;

  /**
   * Makes a scenario active: a name (a shipped or `--scenarios` file) or a scenario document.
   * A StandError 400/404 says what is wrong with it. Mirrors `PUT /_stand/scenario`.
   * @example `stand.activateScenario('flaky'); stand.activateScenario({ version: 1, mytarget: { execution: 'manual' } })`
   */
  activateScenario(nameOrScenario: string | ScenarioInput): { name: string; scenario: Scenario };

  /**
   * Queues a one-shot fault for the next matching request or job of an API. Mirrors
   * `POST /_stand/scenario/queue`.
   * @example `stand.enqueueFault('appmetrica', { action: { type: 'fail', status: 500 } })`
   */
  enqueueFault(api: ApiName, rule: FaultRuleInput): OneShot;

  /**
   * Calls `listener` after every change (a request answered, time moved, a callback attempted,
   * a control verb); returns the function that stops it. `GET /_stand/events` pushes the same.
   * @example `const stop = stand.onChange(() => console.log(stand.version));`
   */
  onChange(listener: () => void): () => void;

  /** Increases with every change. */
  readonly version: number;
}
