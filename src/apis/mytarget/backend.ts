import { jobLogger, type Level, type Logger } from '../../core/logger.js';
import { flatText } from '../../core/flat-text.js';
import { startStep } from '../../core/steps.js';
import type { ApiContext, JobFilter, JobView } from '../api.js';
import { parseRawQuery, type AuthedCall, type CallContext } from '../call-context.js';
import { JobTable } from '../job-table.js';
import { jobView, jobWaiting } from '../job-view.js';
import { isStandError } from '../../core/errors.js';
import { accountOf } from './auth.js';
import { SyncApi } from './domain/sync-api.js';
import { errors } from './errors.js';
import { callLifecycle, moscowDateTime, type AsyncCall, type CallState, type SyncAnswer, type SyncRequest } from './model.js';

/** A submission of `/async_api/<rest>`, as the route hands it over. */
export interface Submission {
  readonly request: SyncRequest;
  /** The bearer token as sent (the call's account may be the name of the user a token of the stand's stands for). */
  readonly token: string;
  /** protocol + host + the API's mount prefix (or config.publicUrl + prefix): the base of the callback's response_url. */
  readonly publicBase: string;
  readonly callbackLocation: string | undefined;
  readonly callbackMethod: string | undefined;
}

/** Paths of the async API itself, relative to its mount prefix. */
export const requestsPath = (id: string) => `/async_api/v2/requests/${id}.json`;
export const responsesPath = (id: string) => `/async_api/v2/responses/${id}.json`;

/** A FIFO with O(1) shift (an account may queue 100,000 calls). */
class Fifo<T> {
  #items: (T | undefined)[] = [];
  #head = 0;
  get length(): number {
    return this.#items.length - this.#head;
  }
  push(item: T): void {
    this.#items.push(item);
  }
  shift(): T | undefined {
    if (this.#head >= this.#items.length) return undefined;
    const item = this.#items[this.#head];
    this.#items[this.#head++] = undefined;
    if (this.#head > 1024 && this.#head * 2 > this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
    return item;
  }
}

interface AccountQueue {
  waiting: Fifo<AsyncCall>;
  /** Calls holding a slot (waiting out `enqueued`, or started). */
  active: Set<AsyncCall>;
}

/**
 * The async API's rules (docs: async API): any call is queued per account and answered at once;
 * calls of an account run in arrival order, `concurrency` at a time; each waits `enqueued`, runs
 * `execution`, and is then executed against the sync API (its effects appear then). The answer
 * is kept `resultTtlMs` after completion. A scripted crash leaves a call `unknown` for good.
 * Callbacks go out through the stand's dispatcher and never hold the queue.
 */
export class MytargetBackend {
  readonly #ctx: ApiContext;
  readonly sync: SyncApi;
  readonly #calls = new JobTable<AsyncCall>();
  /** Live (not yet expired) calls per account, for the --max-jobs-per-account limit. */
  readonly #perAccount = new Map<string, number>();
  readonly #queues = new Map<string, AccountQueue>();
  // The steps' callbacks, one of each per backend: a pending step holds its call and one of these.
  readonly #startCall = (call: AsyncCall) => this.#start(call);
  readonly #finishCall = (call: AsyncCall) => this.#finish(call);
  readonly #expireCall = (call: AsyncCall) => this.#expire(call);

  constructor(ctx: ApiContext) {
    this.#ctx = ctx;
    this.sync = new SyncApi(ctx);
  }

  /** A call of the sync API over HTTP: counted against the account's limits. */
  callSync(ctx: AuthedCall, request: SyncRequest): SyncAnswer {
    this.#ctx.persistence.touch(); // it counts against the token's rate limits: a state file keeps it
    return this.sync.handle(request, ctx.account, this.#ctx.scenarios.scenarioOf(ctx).mytarget, true);
  }

  /** A call of the token endpoint over HTTP: no bearer token, no account, no rate limits. */
  callOauth(ctx: CallContext, request: SyncRequest): SyncAnswer {
    return this.sync.handle(request, '', this.#ctx.scenarios.scenarioOf(ctx).mytarget, false);
  }

  /** Queues a call; a bad callback URL is refused here with 400 (nothing is queued). */
  submit(ctx: AuthedCall, s: Submission): AsyncCall {
    const live = this.#perAccount.get(ctx.account) ?? 0;
    if (live >= this.#ctx.config.maxJobsPerAccount) throw errors.tooManyJobs(this.#ctx.config.maxJobsPerAccount);
    const scenario = this.#ctx.scenarios.scenarioOf(ctx);
    const callback = this.#callbackOf(s, scenario.callbacks.allowHosts);
    const fault = this.#ctx.scenarios.jobFault(ctx, ['unknown']);
    const now = this.#ctx.clock.now();
    const call: AsyncCall = {
      id: String(this.#ctx.ids.counter('mytarget-async-call')),
      account: ctx.account,
      token: s.token === ctx.account ? undefined : s.token,
      request: s.request,
      rules: ctx.rules,
      createdAt: now,
      // Held by every call in flight (bench/memory.ts holds 100,000 of them).
      createdText: flatText(moscowDateTime(now)),
      plan: scenario.mytarget,
      publicBase: s.publicBase,
      callback,
      crash: fault?.type === 'unknown',
      ...callLifecycle.begin(now),
      slotted: false,
    };
    this.#calls.add(call);
    this.#perAccount.set(call.account, live + 1);
    this.#queue(call.account).waiting.push(call);
    this.#log(call, 'debug')?.debug({ method: s.request.method, path: s.request.path, callback: callback?.url ?? null }, 'async call queued');
    this.#pump(call.account);
    return call;
  }

  /** A call of this account, for its status; a poll also counts for `{polls: N}` durations. */
  status(ctx: AuthedCall, id: string): AsyncCall {
    const call = this.#own(ctx.account, id);
    call.step?.poll();
    return call;
  }

  /** The stored answer of a done call, to replay as it was. */
  response(ctx: AuthedCall, id: string): SyncAnswer {
    const call = this.#own(ctx.account, id);
    if (call.state !== 'done') throw errors.resultNotReady(id, call.state);
    return call.answer!;
  }

  /** A call of this account that still lives; another token's call is "not found" too. */
  #own(account: string, id: string): AsyncCall {
    const call = this.#calls.live(id);
    if (!call || call.account !== account) throw errors.asyncNotFound(id);
    return call;
  }

  /** X-Callback-Location / X-Callback-Method, checked at submission. */
  #callbackOf(s: Submission, allowHosts: readonly string[] | null): AsyncCall['callback'] {
    const location = s.callbackLocation?.trim();
    if (location === undefined || location === '') {
      if (s.callbackMethod !== undefined) throw errors.badCallback('X-Callback-Method needs X-Callback-Location: send the URL to call when the request is done');
      return undefined;
    }
    const method = (s.callbackMethod ?? 'POST').trim().toUpperCase();
    if (method !== 'POST' && method !== 'GET') {
      throw errors.badCallback(`X-Callback-Method must be POST or GET, got "${s.callbackMethod}"`);
    }
    let url: URL;
    try {
      url = new URL(location);
    } catch {
      throw errors.badCallback(`X-Callback-Location is not an absolute URL: "${location}"; send e.g. https://client.example/callback`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw errors.badCallback(`X-Callback-Location must be an http or https URL, got ${url.protocol.replace(/:$/, '')}`);
    }
    if (allowHosts && !allowHosts.includes(url.hostname) && !allowHosts.includes(url.host)) {
      throw errors.badCallback(`X-Callback-Location host ${url.host} is not allowed; the scenario allows callbacks to: ${allowHosts.join(', ') || '(no host)'}`);
    }
    return { url: url.toString(), method };
  }

  // --- the queue ---------------------------------------------------------------------------

  #queue(account: string): AccountQueue {
    let q = this.#queues.get(account);
    if (!q) this.#queues.set(account, (q = { waiting: new Fifo(), active: new Set() }));
    return q;
  }

  /** Gives free slots to the calls first in line; each then waits out `enqueued`. */
  #pump(account: string): void {
    const q = this.#queue(account);
    const concurrency = this.#ctx.scenarios.active.mytarget.concurrency;
    while (q.active.size < concurrency) {
      const call = q.waiting.shift();
      if (!call) break;
      q.active.add(call);
      call.slotted = true;
      call.step = startStep(this.#ctx.scheduler, call.plan.enqueued, this.#random(), call, this.#startCall, 'mytarget start');
    }
    if (q.active.size === 0 && q.waiting.length === 0) this.#queues.delete(account);
  }

  #start(call: AsyncCall): void {
    this.#move(call, 'started');
    call.startedAt = this.#ctx.clock.now();
    call.step = startStep(this.#ctx.scheduler, call.plan.execution, this.#random(), call, this.#finishCall, 'mytarget run');
  }

  /** The call is sent to the sync API now; its answer is stored (or lost, for a scripted crash). */
  #finish(call: AsyncCall): void {
    call.step = undefined;
    const answer = this.#run(call);
    // Issue 22: 40 calls of 10 MB held 431 MB of heap after they ran (npm run bench --
    // async-bodies). What is kept is the answer (it lives until the call expires) and the method,
    // path and query (the status and callback name them).
    if (call.request.body !== '') call.request = { ...call.request, body: '' };
    const q = this.#queue(call.account);
    q.active.delete(call);
    call.slotted = false;
    if (call.crash) {
      // The API answered, but the async API "crashed" before storing it: the effects stay, the answer is lost.
      this.#move(call, 'unknown');
      this.#log(call, 'warn')?.warn({ lost: answer.status }, 'async call ended unknown (scripted crash)');
    } else {
      this.#move(call, 'done');
      call.doneAt = this.#ctx.clock.now();
      call.answer = answer;
      call.step = startStep(this.#ctx.scheduler, call.plan.resultTtlMs, this.#random(), call, this.#expireCall, 'mytarget expiry');
      this.#log(call, 'debug')?.debug({ status: answer.status }, 'async call done');
      if (call.callback) {
        this.#ctx.callbacks.send({
          ctx: callbackContext(call),
          jobId: call.id,
          url: call.callback.url,
          method: call.callback.method,
          params: {
            response_id: call.id,
            response_url: `${call.publicBase}${responsesPath(call.id)}`,
            response_http_code: String(answer.status),
          },
        });
      }
    }
    this.#pump(call.account);
  }

  /**
   * The wrapped call, sent now. A token the stand issued is checked again: expired or refreshed
   * away since the submission, the call is the API's 401 (with its WWW-Authenticate).
   */
  #run(call: AsyncCall): SyncAnswer {
    if (call.token !== undefined) {
      try {
        accountOf(this.#ctx, this.sync.oauth, call.token, call.plan);
      } catch (e) {
        if (!isStandError(e)) throw e;
        return this.sync.errorAnswer(e, this.#ctx.clock.now());
      }
    }
    return this.sync.handle(call.request, call.account, call.plan, false);
  }

  #expire(call: AsyncCall): void {
    if (call.state !== 'done') return;
    call.step = undefined;
    this.#move(call, 'expired');
    call.answer = undefined;
    this.#calls.retire(call);
    this.#perAccount.set(call.account, (this.#perAccount.get(call.account) ?? 1) - 1);
    this.#log(call, 'debug')?.debug('async call expired');
  }

  #move(call: AsyncCall, to: CallState): void {
    callLifecycle.move(call, to, this.#ctx.clock.now(), this.#ctx.logger);
  }

  #random() {
    return this.#ctx.ids.random('mytarget-durations');
  }

  #log(call: AsyncCall, level: Level): Logger | undefined {
    return jobLogger(this.#ctx.logger, 'mytarget', call.id, level);
  }

  // --- control plane ---------------------------------------------------------------------

  /** Calls still answering (any state but expired), plus the last 1000 expired ones. */
  jobs(filter?: JobFilter): JobView[] {
    return this.#calls.views((c) => this.#view(c), filter);
  }

  job(id: string): JobView | undefined {
    const c = this.#calls.find(id);
    return c && this.#view(c);
  }

  /** Moves a call to its next state: enqueued (holding a slot) -> started -> done -> expired. */
  advance(id: string): JobView {
    const call = this.#live(id);
    if (call.state === 'enqueued' && !call.slotted) {
      throw jobWaiting(
        'mytarget',
        id,
        `waits for a free slot of its account (concurrency ${this.#ctx.scenarios.active.mytarget.concurrency}); advance or complete the calls ahead of it first`,
      );
    }
    call.step?.fire();
    return this.#view(call);
  }

  /** Drives a call to done (or unknown, if scripted), finishing the calls of its account ahead of it first. */
  complete(id: string): JobView {
    const call = this.#live(id);
    while (call.state === 'enqueued' || call.state === 'started') {
      const step = call.slotted ? call.step : [...(this.#queues.get(call.account)?.active ?? [])][0]?.step;
      if (!step) break;
      step.fire();
    }
    return this.#view(call);
  }

  /** A call that can still move; an ended one (unknown, expired) is a 409, as in every API. */
  #live(id: string): AsyncCall {
    return this.#calls.moving('mytarget', id, callLifecycle);
  }

  #view(c: AsyncCall): JobView {
    const query = c.request.query ? `?${c.request.query}` : '';
    return jobView('mytarget', callLifecycle, c, `async ${c.request.method} ${c.request.path}`, {
      request: `${c.request.method} ${c.request.path}${query}`,
      responseHttpCode: c.answer?.status ?? null,
      startedAt: c.startedAt === undefined ? null : new Date(c.startedAt).toISOString(),
      doneAt: c.doneAt === undefined ? null : new Date(c.doneAt).toISOString(),
      callback: c.callback ?? null,
      crash: c.crash,
    });
  }

  reset(): void {
    this.#calls.clear();
    this.#perAccount.clear();
    this.#queues.clear();
    this.sync.reset();
  }
}

/**
 * The context a call's callback is matched in: the call's token, its submitted path and query
 * on the API (`/async_api/...`), its X-Stand-Scenario rules, and the callback's method (the
 * dispatcher adds the host of the callback URL).
 */
function callbackContext(call: AsyncCall): CallContext {
  return {
    api: 'mytarget',
    account: call.account,
    authorization: undefined,
    method: call.callback!.method,
    path: `/async_api/${call.request.path.slice('/api/'.length)}`,
    query: parseRawQuery(call.request.query),
    rules: call.rules,
    prefix: '',
  };
}
