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
  /**
   * Hears of every attempt's outcome as it is journaled (a state file keeps them): `n` numbers
   * the attempts in the order they were started (0 for a probe, which nothing retries).
   */
  onOutcome?: (n: number, entry: CallbackEntry) => void;
}

/** Attempts on the wire at once; later ones wait their turn (5,000 callbacks to closed ports made polls take seconds). */
export const MAX_ATTEMPTS_ON_WIRE = 64;

/**
 * One attempt: what it sends, which try it is, when it was due, its place in the journal, and (for
 * a scripted failure) its outcome.
 */
interface Attempt {
  readonly n: number;
  /**
   * The callback journal's seq, taken when the attempt starts: attempts started together are
   * listed in that order, whatever order their receivers answer in.
   */
  readonly seq: number;
  readonly req: CallbackRequest;
  readonly attempt: number;
  readonly at: string;
  readonly generation: number;
  /** Known without the network: a scripted receiver failure, or a URL that cannot be called. */
  readonly known: CallbackOutcome | undefined;
}

/**
 * Delivers callbacks through undici without ever blocking the API or the scheduler: an attempt
 * is started from a scheduler task and runs on its own; a failure (refused, timeout, non-2xx)
 * schedules a retry with backoff on the stand's clock. Every attempt is journaled.
 * Redirects are never followed, and no credentials of the caller are sent. At most
 * MAX_ATTEMPTS_ON_WIRE attempts are on the wire at once, and each has a deadline for its whole
 * answer (headers and body): a receiver that trickles its answer is cut then, and retried.
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
  /** Attempts started since the last reset (their numbers). */
  #started = 0;
  /** Attempts on the wire, and those waiting for a place there. */
  #onWire = 0;
  readonly #waiting: (() => void)[] = [];
  /** While a state file is replayed: attempts started and not yet resolved by a recorded outcome. */
  #replay: Map<number, Attempt> | undefined;
  /**
   * Retries by the time they are due. Those due at one time start in the order of the attempts
   * they follow, not in the order those attempts' outcomes came in (real time, the receivers').
   */
  readonly #retries = new Map<number, Attempt[]>();

  constructor(deps: CallbackDeps) {
    this.#deps = deps;
  }

  get inFlight(): number {
    return this.#inFlight.size;
  }

  /** Starts the first attempt now; it runs on its own and never delays the caller. */
  send(req: CallbackRequest): void {
    this.#start(req, 1);
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
    this.#replay?.clear();
    this.#retries.clear();
    this.#closing = old ? old.destroy().catch(() => {}) : Promise.resolve();
  }

  /** A reset: attempts are numbered from 1 again (a state file starts over with it). */
  resetCount(): void {
    this.#started = 0;
  }

  /** Resolves once the connections of the last generation are closed. */
  settled(): Promise<void> {
    return this.#closing;
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#waiting.length = 0;
    await this.#agent?.destroy().catch(() => {});
  }

  // --- a state file's replay -----------------------------------------------------------------

  /**
   * While a state file is replayed, attempts go nowhere: each waits for the outcome the log
   * recorded for it (`replayOutcome`), which journals nothing (the log restores the journal)
   * and schedules the retry it scheduled then.
   */
  beginReplay(): void {
    this.#replay = new Map();
  }

  /** The recorded outcome of attempt `n`; false when no such attempt was started (the log does not fit this stand). */
  replayOutcome(n: number, entry: CallbackEntry): boolean {
    const a = this.#replay?.get(n);
    if (!a) return false;
    this.#replay!.delete(n);
    this.#followUp(a, entry);
    return true;
  }

  /** The replay is over: attempts that were on the wire when the stand stopped go out now (their receivers may hear them twice). */
  endReplay(): number {
    const pending = [...(this.#replay?.values() ?? [])];
    this.#replay = undefined;
    for (const a of pending) this.#launch(a);
    return pending.length;
  }

  // --- attempts ------------------------------------------------------------------------------

  async #client(): Promise<{ request: (typeof import('undici'))['request']; agent: Agent }> {
    const undici = await (this.#undici ??= import('undici'));
    if (!this.#agent) {
      const timeout = this.#deps.plan().timeoutMs;
      this.#agent = new undici.Agent({ connectTimeout: timeout, headersTimeout: timeout, bodyTimeout: timeout, keepAliveTimeout: 1000 });
    }
    return { request: undici.request, agent: this.#agent };
  }

  #start(req: CallbackRequest, attempt: number): void {
    if (this.#closed) return;
    // The scripted outcome is drawn now, in the order attempts fall due (a replay draws the same).
    const a: Attempt = {
      n: ++this.#started,
      seq: this.#deps.journals.takeSeq(),
      req,
      attempt,
      at: this.#deps.isoNow(),
      generation: this.#generation,
      known: this.#known(req),
    };
    if (this.#replay) this.#replay.set(a.n, a);
    else this.#launch(a);
  }

  #launch(a: Attempt): void {
    const p = (a.known ? Promise.resolve(a.known) : this.#onWireTurn(() => this.#deliver(a.req)))
      .then((outcome) => {
        if (a.generation === this.#generation) this.#finish(a, outcome);
      })
      .finally(() => this.#inFlight.delete(p));
    this.#inFlight.add(p);
  }

  /** Runs `fn` once fewer than MAX_ATTEMPTS_ON_WIRE attempts are on the wire. */
  async #onWireTurn<T>(fn: () => Promise<T>): Promise<T> {
    if (this.#onWire >= MAX_ATTEMPTS_ON_WIRE) await new Promise<void>((resolve) => this.#waiting.push(resolve));
    this.#onWire++;
    try {
      return await fn();
    } finally {
      this.#onWire--;
      this.#waiting.shift()?.();
    }
  }

  /**
   * One attempt now, its outcome awaited (Toloka's POST /webhook-subscriptions/{id}/test): journaled
   * like any attempt, retried never. A replayed probe sends nothing (its journal entry comes back from the log).
   */
  async probe(req: CallbackRequest): Promise<CallbackOutcome> {
    if (this.#replay) return { status: null, error: 'not sent again: the stand is restoring its state' };
    const at = this.#deps.isoNow();
    const seq = this.#deps.journals.takeSeq();
    const outcome = this.#known(req) ?? (await this.#onWireTurn(() => this.#deliver(req)));
    if (!this.#closed) this.#deps.onOutcome?.(0, this.#deps.journals.addCallback(this.#entry(req, seq, 1, at, outcome)));
    return outcome;
  }

  /** An outcome known without the network: a URL that cannot be called, or a scripted failure. */
  #known(req: CallbackRequest): CallbackOutcome | undefined {
    let host: string;
    try {
      host = new URL(req.url).hostname;
    } catch {
      return { status: null, error: 'invalid URL' };
    }
    const fault = this.#deps.fault({ ...req.ctx, host });
    if (fault?.type !== 'callback') return undefined;
    if (fault.outcome === 'refuse') return { status: null, error: 'ECONNREFUSED (scripted)' };
    if (fault.outcome === 'timeout') return { status: null, error: 'timeout (scripted)' };
    return { status: fault.outcome, error: null };
  }

  async #deliver(req: CallbackRequest): Promise<CallbackOutcome> {
    const body = payloadOf(req);
    const url = new URL(req.url);
    if (req.method === 'GET') {
      for (const [k, v] of Object.entries(req.params ?? {})) url.searchParams.set(k, v);
    }
    const type = req.json !== undefined ? 'application/json' : 'application/x-www-form-urlencoded';
    // the active scenario's timeout, per attempt (the scenario may change at run time): the
    // deadline of the whole answer, headers and body (undici's own timeouts are per chunk).
    const timeout = this.#deps.plan().timeoutMs;
    const deadline = AbortSignal.timeout(timeout);
    try {
      const { request, agent } = await this.#client();
      const res = await request(url, {
        method: req.method,
        dispatcher: agent,
        signal: deadline,
        headersTimeout: timeout,
        bodyTimeout: timeout,
        headers:
          req.method === 'POST'
            ? { ...req.headers, 'content-type': type, 'user-agent': 'async-stand callbacks' }
            : { ...req.headers, 'user-agent': 'async-stand callbacks' },
        ...(req.method === 'POST' ? { body } : {}),
      });
      await res.body.dump({ limit: 128 * 1024, signal: deadline });
      return { status: res.statusCode, error: null };
    } catch (e) {
      if (deadline.aborted) return { status: null, error: `timeout: no whole answer within ${timeout} ms` };
      const err = e as { code?: string; message?: string };
      return { status: null, error: err.code ?? err.message ?? String(e) };
    }
  }

  #entry(req: CallbackRequest, seq: number, attempt: number, at: string, outcome: CallbackOutcome): CallbackEntry {
    const ok = outcome.status !== null && outcome.status >= 200 && outcome.status < 300;
    return {
      seq,
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

  #finish(a: Attempt, outcome: CallbackOutcome): void {
    if (this.#closed) return;
    const entry = this.#deps.journals.addCallback(this.#entry(a.req, a.seq, a.attempt, a.at, outcome));
    this.#deps.onOutcome?.(a.n, entry);
    this.#followUp(a, entry);
  }

  /** After an outcome: nothing more, or a retry with backoff on the stand's clock. */
  #followUp(a: Attempt, entry: CallbackEntry): void {
    const { req, attempt } = a;
    const plan = this.#deps.plan();
    const log = this.#deps.logger.child({ api: req.ctx.api, job: req.jobId });
    if (entry.ok) {
      log.debug({ url: req.url, attempt }, 'callback delivered');
      return;
    }
    if (attempt > plan.retries) {
      log.warn({ url: req.url, attempt, error: entry.error }, 'callback failed, no retries left');
      return;
    }
    const wait = Math.round(plan.backoffMs * plan.backoffFactor ** (attempt - 1));
    log.info({ url: req.url, attempt, error: entry.error, retryInMs: wait }, 'callback failed, will retry');
    this.#retryAt(this.#deps.scheduler.clock.now() + wait, a);
  }

  /** Schedules the retry of `a` with the others due at `due`, in the order of the attempts they follow. */
  #retryAt(due: number, a: Attempt): void {
    const waiting = this.#retries.get(due);
    if (waiting) {
      waiting.push(a);
      return;
    }
    const batch = [a];
    this.#retries.set(due, batch);
    this.#deps.scheduler.at(
      due,
      () => {
        this.#retries.delete(due);
        batch.sort((x, y) => x.n - y.n);
        for (const r of batch) this.#start(r.req, r.attempt + 1);
      },
      `callback retries due at ${due}`,
    );
  }
}

/** What a callback sends: its JSON body, or its parameters form-encoded. */
function payloadOf(req: CallbackRequest): string {
  return req.json ?? new URLSearchParams(req.params ?? {}).toString();
}
