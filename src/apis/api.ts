import type { FastifyPluginAsync } from 'fastify';
import type { CallbackDispatcher } from '../core/callbacks.js';
import type { Clock } from '../core/clock.js';
import type { StandError } from '../core/errors.js';
import type { CallContext } from './call-context.js';
import type { ProgressRow } from '../admin/wire.js';
import type { ApiName, Journals } from '../core/journal.js';
import type { Logger } from '../core/logger.js';
import type { Ids } from '../core/random.js';
import type { Scheduler } from '../core/scheduler.js';
import type { StandConfig } from '../config.js';
import type { JobView as WireJobView } from '../admin/wire.js';
import type { ScenarioEngine } from '../scenarios/engine.js';
import type { Recorder } from '../state/recorder.js';

/** Options of an API's plugin: `replay` for an app a state file is replayed into (it records nothing). */
export interface ApiPluginOptions {
  replay?: boolean;
}

/** What an emulated API gets from the stand: the shared engine, nothing global. */
export interface ApiContext {
  readonly config: StandConfig;
  readonly clock: Clock;
  readonly scheduler: Scheduler;
  readonly ids: Ids;
  readonly logger: Logger;
  readonly journals: Journals;
  readonly scenarios: ScenarioEngine;
  readonly callbacks: CallbackDispatcher;
  /** Set when the stand keeps a state file: requests are recorded here, and replayed at start. */
  readonly persistence: Persistence;
}

export interface Persistence {
  readonly recorder: Recorder | undefined;
  /** True while a state file is replayed (scripted delays are not waited for then). */
  restoring: boolean;
  /**
   * A change of state that ids, timers and fault counters do not show (a request counted
   * against a rate limit): a state file must keep the request that made it.
   */
  touch(): void;
  /** Grows with every change of state; equal before and after a request, it changed nothing. */
  mark(): number;
}

/** A job as the admin API and the library show it (its JSON, shared with the dashboard's script). */
export type JobView = WireJobView<ApiName>;

export interface JobFilter {
  state?: string;
  account?: string;
  kind?: string;
}

/** The rendered form of an error in an API's real wire shape. */
export interface WireError {
  status: number;
  headers: Record<string, string>;
  body: string | Record<string, unknown> | unknown[];
}

/**
 * One emulated API. Every API folder exports a factory returning this; routes translate HTTP,
 * the backend decides.
 */
export interface EmulatedApi {
  readonly name: ApiName;
  readonly title: string;
  /** The Fastify plugin with the API's routes at its root; the stand mounts it under a prefix or on a port of its own. */
  readonly plugin: FastifyPluginAsync<ApiPluginOptions>;
  /** The token of an Authorization header as this API reads it (its scheme), or null: the call context's account. */
  accountOf(authorization: string | undefined): string | null;
  /**
   * Renders any error in this API's real error shape. `path` (on the API, no prefix) is given
   * when known: an API with areas of different error shapes (AppMetrica's Management API) picks
   * by it.
   */
  renderError(error: StandError, path?: string): WireError;
  /** Builds the API's own error for an HTTP status (scenario faults, framework errors). */
  errorFor(status: number, message?: string): StandError;
  /** Progress beyond jobs for the dashboard (Toloka: each pool the crowd works on). */
  readonly progress: (() => ProgressRow[]) | undefined;
  /** Another scenario became active, with the same fixture set (Toloka: Tolokers the new one adds come for open work). */
  readonly scenarioChanged: (() => void) | undefined;
  /**
   * 'ignore': a path with a trailing slash is routed as the path without it (Toloka: the official
   * Java SDK calls `webhook-subscriptions/`); the journal keeps the URL as sent. 'strict': it is
   * another path (404, 501 or the route with an empty id).
   */
  readonly trailingSlash: 'ignore' | 'strict';
  /** Runs first for every call the API answers, after scripted request faults (Toloka authenticates here, before the body is read). */
  readonly onCall: ((call: CallContext) => void) | undefined;
  /** The API's answer for an unknown path (relative to the API's root): 404, or 501 for a real operation the stand does not emulate. */
  notFound(method: string, path: string): StandError;
  jobs(filter?: JobFilter): JobView[];
  job(id: string): JobView | undefined;
  /** Moves a job to its next state now. */
  advanceJob(id: string): JobView;
  /** Moves a job through to its final (successful) state now. */
  completeJob(id: string): JobView;
  /** Back to the start: no jobs, fixtures reloaded. */
  reset(): void;
}
