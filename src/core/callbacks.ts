import type { Agent } from 'undici';
import type { CallContext } from '../apis/call-context.js';
import type { CallbackPlan } from '../scenarios/schema.js';
import type { FaultAction } from '../scenarios/common.js';
import type { CallbackEntry, Journals } from './journal.js';
import type { Logger } from './logger.js';
import type { Scheduler } from './scheduler.js';

export interface CallbackRequest {
  /** The call the callback reports on (its API, token, path...): what the callback's fault rules match. */
  ctx: CallContext;
  jobId: string;
  url: string;
  method: 'GET' | 'POST';
  /** Sent form-encoded: the POST body, or the GET query string (myTarget's callbacks). */
  params?: Record<string, string>;
  /** Or a JSON POST body (Toloka's webhook notifications), as the exact bytes to send. */
  json?: string;
  /** Headers of the request beyond Content-Type (Toloka-Signature). */
  headers?: Record<string, string>;
}

/** What one attempt came to: the receiver's status, or why there was none. */
export interface CallbackOutcome {
  status: number | null;
  error: string | null;
}

export interface CallbackDeps {
  scheduler: Scheduler;
  journals: Journals;
  logger: Logger;
  plan: () => CallbackPlan;
  /** A scripted failure of the receiver for this attempt, if the scenario has one (`ctx` has the callback URL's host). */
  fault: (ctx: CallContext) => FaultAction | undefined;
  isoNow: () => string;
}

/**
 * Delivers callbacks through undici without ever blocking the API or the scheduler: an attempt
 * is started from a scheduler task and runs on its own; a failure (refused, timeout, non-2xx)
 * schedules a retry with backoff on the stand's clock. Every attempt is journaled.
 * Redirects are never followed, and no credentials of the caller are sent.
 */
export class CallbackDispatcher {
  readonly #deps: CallbackDeps;
  readonly #inFlight = new Set<Promise<void>>();
  /**
   * undici is loaded, and the pool made, with the first callback: importing undici is about a
   * fifth of the stand's start-up, and most stands never call back.
   */
  #undici: Promise<typeof import('undici')> | undefined;
  #agent: Agent | undefined;
  #closed = false;
  /** Bumped by newGeneration: an attempt of an earlier generation records nothing and retries nothing. */
  #generation = 0;
  /** The connection pool of the last generation, being closed. */
  #closing: Promise<void> = Promise.resolve();

  constructor(deps: CallbackDeps) {
    this.#deps = deps;
  }

  get inFlight(): number {
    return this.#inFlight.size;
  }

  /** While a state file is replayed, callbacks that were already sent are not sent again. */
  muted = false;

  /** Starts the first attempt now; it runs on its own and never delays the caller. */
  send(req: CallbackRequest): void {
    if (this.muted) return;
    this.#attempt(req, 1);
  }

  /** Resolves once no attempt is on the wire (retries waiting on the clock do not count). */
  async idle(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
  }

  /**
   * Ends the current generation (a reset, a switch of fixture sets): attempts on the wire are cut
   * and forgotten, and whatever they come to is neither journaled nor retried; the next attempt
   * opens a fresh connection pool.
   */
  newGeneration(): void {
    this.#generation++;
    const old = this.#agent;
    this.#agent = undefined;
    this.#inFlight.clear();
    this.#closing = old ? old.destroy().catch(() => {}) : Promise.resolve();
  }

  /** Resolves once the connections of the last generation are closed. */
  settled(): Promise<void> {
    return this.#closing;
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.#agent?.destroy().catch(() => {});
  }

  async #client(): Promise<{ request: (typeof import('undici'))['request']; agent: Agent }> {
    const undici = await (this.#undici ??= import('undici'));
    if (!this.#agent) {
      const timeout = this.#deps.plan().timeoutMs;
      this.#agent = new undici.Agent({ connectTimeout: timeout, headersTimeout: timeout, bodyTimeout: timeout, keepAliveTimeout: 1000 });
    }
    return { request: undici.request, agent: this.#agent };
  }

  #attempt(req: CallbackRequest, attempt: number): void {
    if (this.#closed || this.muted) return;
    const at = this.#deps.isoNow();
    const generation = this.#generation;
    const p = this.#deliver(req)
      .then((outcome) => {
        if (generation === this.#generation) this.#record(req, attempt, at, outcome);
      })
      .finally(() => this.#inFlight.delete(p));
    this.#inFlight.add(p);
  }

  /**
   * One attempt now, its outcome awaited (Toloka's POST /webhook-subscriptions/{id}/test): journaled
   * like any attempt, retried never.
   */
  async probe(req: CallbackRequest): Promise<CallbackOutcome> {
    const at = this.#deps.isoNow();
    const outcome = await this.#deliver(req);
    if (!this.#closed) this.#deps.journals.addCallback(this.#entry(req, 1, at, outcome));
    return outcome;
  }

  async #deliver(req: CallbackRequest): Promise<CallbackOutcome> {
    const body = payloadOf(req);
    let url: URL;
    try {
      url = new URL(req.url);
    } catch {
      return { status: null, error: 'invalid URL' };
    }
    const fault = this.#deps.fault({ ...req.ctx, host: url.hostname });
    if (fault?.type === 'callback') {
      if (fault.outcome === 'refuse') return { status: null, error: 'ECONNREFUSED (scripted)' };
      if (fault.outcome === 'timeout') return { status: null, error: 'timeout (scripted)' };
      return { status: fault.outcome, error: null };
    }
    if (req.method === 'GET') {
      for (const [k, v] of Object.entries(req.params ?? {})) url.searchParams.set(k, v);
    }
    const type = req.json !== undefined ? 'application/json' : 'application/x-www-form-urlencoded';
    try {
      const { request, agent } = await this.#client();
      const timeout = this.#deps.plan().timeoutMs;
      const res = await request(url, {
        method: req.method,
        dispatcher: agent,
        // the active scenario's timeout, per attempt (the scenario may change at run time)
        headersTimeout: timeout,
        bodyTimeout: timeout,
        headers:
          req.method === 'POST'
            ? { ...req.headers, 'content-type': type, 'user-agent': 'async-stand callbacks' }
            : { ...req.headers, 'user-agent': 'async-stand callbacks' },
        ...(req.method === 'POST' ? { body } : {}),
      });
      await res.body.dump();
      return { status: res.statusCode, error: null };
    } catch (e) {
      const err = e as { code?: string; message?: string };
      return { status: null, error: err.code ?? err.message ?? String(e) };
    }
  }

  #entry(req: CallbackRequest, attempt: number, at: string, outcome: CallbackOutcome): Omit<CallbackEntry, 'seq'> {
    const ok = outcome.status !== null && outcome.status >= 200 && outcome.status < 300;
    return {
      at,
      api: req.ctx.api,
      jobId: req.jobId,
      url: req.url,
      method: req.method,
      attempt,
      status: outcome.status,
      error: outcome.error ?? (ok ? null : `receiver answered ${outcome.status}`),
      ok,
      payload: payloadOf(req),
    };
  }

  #record(req: CallbackRequest, attempt: number, at: string, outcome: CallbackOutcome): void {
    const entry = this.#entry(req, attempt, at, outcome);
    const ok = entry.ok;
    if (this.#closed) return;
    this.#deps.journals.addCallback(entry);
    const plan = this.#deps.plan();
    const log = this.#deps.logger.child({ api: req.ctx.api, job: req.jobId });
    if (ok) {
      log.debug({ url: req.url, attempt }, 'callback delivered');
      return;
    }
    if (attempt > plan.retries) {
      log.warn({ url: req.url, attempt, error: entry.error }, 'callback failed, no retries left');
      return;
    }
    const wait = Math.round(plan.backoffMs * plan.backoffFactor ** (attempt - 1));
    log.info({ url: req.url, attempt, error: entry.error, retryInMs: wait }, 'callback failed, will retry');
    this.#deps.scheduler.after(wait, () => this.#attempt(req, attempt + 1), `callback retry ${req.ctx.api}/${req.jobId}`);
  }
}

/** What a callback sends: its JSON body, or its parameters form-encoded. */
function payloadOf(req: CallbackRequest): string {
  return req.json ?? new URLSearchParams(req.params ?? {}).toString();
}
