import { jobLogger, type Level, type Logger } from '../../core/logger.js';
import { extendDuration, startStep } from '../../core/steps.js';
import type { ApiContext, JobFilter, JobView } from '../api.js';
import type { AuthedCall } from '../call-context.js';
import { JobTable } from '../job-table.js';
import { jobView, jobWaiting } from '../job-view.js';
import type { Apps } from './domain/apps.js';
import { activeQuery, requestIdOf, type ActiveQuery } from './domain/active-queries.js';
import { specOf, type AppData, type ExportSpec } from './domain/data.js';
import type { RequestQuotas } from './domain/quotas.js';
import { errors } from './errors.js';
import { exportLifecycle, type ExportJob, type ExportState } from './model.js';
import type { AppmetricaPlan } from './plan.js';
import { KNOWN_PARAMS, type ExportRequest } from './schemas.js';

/** What an export request comes to: still waiting (202), or the file (200). */
export type ExportAnswer =
  | { kind: 'accepted'; text: string; retryAfter: number | null }
  | { kind: 'file'; job: ExportJob; data: AppData };

/** An export request as the backend takes it: the parsed query, and the Cache-Control header. */
export interface ExportInput {
  readonly request: ExportRequest;
  readonly cacheControl: string | undefined;
}

/**
 * What an export request of an application comes to: the spec and its estimated rows. A file is
 * a function of the seed, the application and the spec alone. The spec of a range wholly in the
 * past holds no time, so it is worked out once per distinct request (clients poll the same URL,
 * and re-export the same query) and every export of it shares the spec object (the view keeps
 * small files' texts by it). A range reaching past the stand's "now" (or no range, for
 * profiles) holds only the rows received by the time it was asked for: each export of it gets a
 * spec of its own.
 */
interface PreparedRequest {
  readonly data: AppData;
  readonly spec: ExportSpec;
  readonly rows: number;
}

/** Distinct requests kept prepared; past this the whole table starts over (as the route's parse cache). */
const PREPARED_LIMIT = 10_000;

/** What one request (account and key) sees. Made with every field (one object shape for all). */
interface KeyState {
  /** The export being queued or prepared for this request, if any. */
  current: ExportJob | undefined;
  /** The last file ready at this URL, until it expires. */
  file: ExportJob | undefined;
  /** A failed export whose error the next request receives. */
  failed: ExportJob | undefined;
}

const QUEUED_TEXT = 'Your query is added to the queue.';

/**
 * The Logs API's rules: per application, exports are prepared strictly one after another in
 * arrival order; identical requests share one export; a ready file lives `fileTtlMs` at its
 * URL; Cache-Control decides whether a ready file is served or a new one is made.
 * (docs: request-procedure.md, quotas.md)
 */
export class AppmetricaBackend {
  readonly #ctx: ApiContext;
  readonly #apps: Apps;
  readonly #quotas: RequestQuotas;
  readonly #jobs = new JobTable<ExportJob>();
  /** Per account (token), per request key: what that request sees (two maps: no key string is built per poll). */
  readonly #keys = new Map<string, Map<string, KeyState>>();
  /** Per application: the export being prepared, and those waiting behind it. */
  readonly #queues = new Map<number, { running?: ExportJob; waiting: ExportJob[] }>();
  readonly #prepared = new Map<string, PreparedRequest>();
  /** Unfinished exports (queued or preparing) per account, for the per-token quota. */
  readonly #unfinished = new Map<string, number>();
  // The steps' callbacks, one of each per backend: a pending step holds its job and one of these.
  readonly #finishJob = (job: ExportJob) => this.#finish(job);
  readonly #expireJob = (job: ExportJob) => this.#expire(job);
  readonly #viewJob = (job: ExportJob) => this.#view(job);

  constructor(ctx: ApiContext, apps: Apps, quotas: RequestQuotas) {
    this.#ctx = ctx;
    this.#apps = apps;
    this.#quotas = quotas;
  }

  /** One export request: 202 while its export is queued or preparing, the file when ready (Cache-Control permitting). */
  export(call: AuthedCall, input: ExportInput): ExportAnswer {
    const req = input.request;
    const plan = this.#ctx.scenarios.scenarioOf(call).appmetrica;
    const over = this.#quotas.take('logs', call.account, plan.quotas, this.#ctx.clock.now());
    if (over !== null) throw errors.quota(over, plan.quotas.status, plan.retryAfter);
    const data = this.#apps.readable(req.applicationId, call.account);
    // An unknown application and one the token may not read look the same: 403.
    if (!data) throw errors.noAccess(req.applicationId);
    // Made only when an export is queued (#enqueue): a refused request leaves nothing behind.
    const state = this.#keys.get(call.account)?.get(req.key);

    // Identical request while the export is queued or preparing: 202, whatever Cache-Control says.
    // (A scenario's "after N polls" duration counts this poll, and may finish it right now.)
    state?.current?.step?.poll();
    if (state?.current) return this.#wait(state.current, plan);
    if (state?.failed) {
      // A scripted failure answers the next identical request once; the one after queues anew.
      const failure = state.failed.failure!;
      state.failed = undefined;
      this.#ctx.persistence.touch(); // answered once: a state file keeps the read that took it
      throw errors.exportFailed(failure.status, failure.message);
    }
    const file = state?.file;
    if (file && this.#acceptable(file, input.cacheControl)) {
      file.downloads++;
      // A file once downloaded is no longer the new file a no-cache request asks for: a state file keeps the download.
      this.#ctx.persistence.touch();
      return { kind: 'file', job: file, data };
    }
    return this.#enqueue(state, req, data, plan, call);
  }

  /**
   * The request's spec and rows: from the table when this request was seen with this app data
   * and its range is past; made now (and kept only if its range is past) otherwise. Throws the
   * 400 of a field (or, when the scenario refuses them, a parameter) the app does not know: a
   * profile attribute is the app's own.
   */
  #prepare(req: ExportRequest, data: AppData, plan: AppmetricaPlan): PreparedRequest {
    if (plan.unknownParameters === 'refuse') {
      const extra = req.extras.filter(([name]) => !data.isAttribute(req.table, name)).map(([name]) => name);
      if (extra.length > 0) throw errors.unknownParams(extra, req.table, [...KNOWN_PARAMS]);
    }
    const known = this.#prepared.get(req.key);
    if (known?.data === data) return known;
    const unknown = data.unknownField(req.table, req.fields);
    if (unknown !== undefined) throw errors.unknownField(unknown, req.table, data.fieldNames(req.table));
    const spec = specOf(req, data, this.#ctx.clock.now());
    const prepared: PreparedRequest = { data, spec, rows: data.estimateRows(spec) };
    if (spec.cap === undefined) {
      if (this.#prepared.size >= PREPARED_LIMIT) this.#prepared.clear();
      this.#prepared.set(req.key, prepared);
    }
    return prepared;
  }

  /** Cache-Control: none -> the last file; no-cache -> a new file; max-age=N -> a file at most N s old. */
  #acceptable(file: ExportJob, cacheControl: string | undefined): boolean {
    // The two a poller sends most, without splitting the header.
    if (cacheControl === undefined || cacheControl === '') return true;
    if (cacheControl === 'no-cache') return file.downloads === 0;
    const directives = cacheControl.toLowerCase().split(',').map((d) => d.trim());
    if (directives.includes('no-cache')) {
      // A file made after the no-cache request and not yet downloaded is the new file it asked for,
      // so clients that send no-cache on every poll still get it.
      return file.downloads === 0;
    }
    const maxAge = directives.map((d) => /^max-age=(\d+)$/.exec(d)?.[1]).find((v) => v !== undefined);
    if (maxAge !== undefined) return this.#ctx.clock.now() - file.readyAt! <= Number(maxAge) * 1000;
    return true;
  }

  /** GET /logs/v1/export/get_active_queries: the app's exports queued or being prepared, the one being prepared first. */
  activeQueries(call: AuthedCall, appId: number): ActiveQuery[] {
    return this.#active(call, appId).map((job) => activeQuery(job, this.#fraction(job)));
  }

  /** The app's exports queued or being prepared, the one being prepared first; 403 for an app the token may not read. */
  #active(call: AuthedCall, appId: number): ExportJob[] {
    if (!this.#apps.readable(appId, call.account)) throw errors.noAccess(appId);
    const q = this.#queues.get(appId);
    return q ? (q.running ? [q.running, ...q.waiting] : q.waiting) : [];
  }

  /**
   * POST /logs/v1/export/{request_id}/cancel (docs: request-cancel): an export queued or being
   * prepared ends now, and its request queues anew when asked again; one that ended cannot be.
   */
  cancel(call: AuthedCall, appId: number, requestId: string): 'scheduled' | 'finished' {
    const job = this.#active(call, appId).find((j) => requestIdOf(j) === requestId);
    if (!job) {
      const ended = this.#jobs.all().some((j) => j.spec.app.id === appId && requestIdOf(j) === requestId);
      if (ended) return 'finished';
      throw errors.noRequest(requestId);
    }
    job.step?.cancel();
    const q = this.#queue(appId);
    if (q.running === job) q.running = undefined;
    else q.waiting.splice(q.waiting.indexOf(job), 1);
    this.#done(job);
    this.#move(job, 'cancelled');
    this.#retire(job);
    this.#startNext(appId);
    return 'scheduled';
  }

  #wait(job: ExportJob, plan: AppmetricaPlan): ExportAnswer {
    return { kind: 'accepted', text: `Wait for result. Progress is ${this.#progress(job)}%.`, retryAfter: plan.retryAfter };
  }

  /** How far its preparation is, in whole percent (the 202's text), at most 99. */
  #progress(job: ExportJob): number {
    return Math.max(0, Math.min(99, Math.floor(this.#fraction(job) * 100)));
  }

  /** The share of its preparation's time gone by: 0 before it starts, and for a step counted in polls. */
  #fraction(job: ExportJob): number {
    if (job.state !== 'preparing' || job.step?.mode !== 'timer' || !job.prepareMs) return 0;
    return (this.#ctx.clock.now() - job.startedAt!) / job.prepareMs;
  }

  #enqueue(known: KeyState | undefined, req: ExportRequest, data: AppData, plan: AppmetricaPlan, call: AuthedCall): ExportAnswer {
    const { spec, rows } = this.#prepare(req, data, plan);
    if (rows > plan.maxRowsPerPart) throw errors.tooLarge();
    const queue = this.#queue(req.applicationId);
    const unfinished = queue.waiting.length + (queue.running ? 1 : 0);
    if (unfinished >= plan.maxQueuedPerApp) throw errors.queueFull(plan.maxQueuedPerApp, plan.retryAfter);
    const perToken = plan.quotas.maxQueuedPerToken;
    const mine = this.#unfinished.get(call.account) ?? 0;
    if (perToken !== null && mine >= perToken) throw errors.tokenQueueFull(perToken, plan.quotas.status, plan.retryAfter);
    this.#unfinished.set(call.account, mine + 1);

    const now = this.#ctx.clock.now();
    const fault = this.#ctx.scenarios.jobFault(call, ['fail']);
    const job: ExportJob = {
      id: this.#ctx.ids.hex('appmetrica-export', 16),
      account: call.account,
      key: req.key,
      spec,
      rows,
      plan,
      createdAt: now,
      ...exportLifecycle.begin(now),
      downloads: 0,
      ...(fault?.type === 'fail' ? { failure: { status: fault.status ?? 500, message: fault.message } } : {}),
    };
    this.#jobs.add(job);
    const state = known ?? this.#newState(call.account, req.key);
    state.current = job;
    queue.waiting.push(job);
    this.#log(job, 'info')?.info({ table: spec.table, rows }, 'export queued');
    this.#startNext(req.applicationId);
    return { kind: 'accepted', text: QUEUED_TEXT, retryAfter: plan.retryAfter };
  }

  /** A key's state, made with every field (one object shape for all). */
  #newState(account: string, key: string): KeyState {
    let states = this.#keys.get(account);
    if (!states) this.#keys.set(account, (states = new Map()));
    const state: KeyState = { current: undefined, file: undefined, failed: undefined };
    states.set(key, state);
    return state;
  }

  #queue(appId: number): { running?: ExportJob; waiting: ExportJob[] } {
    let q = this.#queues.get(appId);
    if (!q) this.#queues.set(appId, (q = { waiting: [] }));
    return q;
  }

  /** Strictly one export of an application prepares at a time; the next starts when it ends. */
  #startNext(appId: number): void {
    const queue = this.#queue(appId);
    if (queue.running) return;
    const job = queue.waiting.shift();
    if (!job) return;
    queue.running = job;
    const plan = job.plan;
    this.#move(job, 'preparing');
    job.startedAt = this.#ctx.clock.now();
    const duration = extendDuration(plan.preparation, Math.round((job.rows / plan.rowsPerSecond) * 1000));
    job.prepareMs = typeof duration === 'number' ? duration : undefined;
    job.step = startStep(
      this.#ctx.scheduler,
      duration,
      this.#ctx.ids.random('appmetrica-durations'),
      job,
      this.#finishJob,
      'appmetrica export',
    );
    if (job.step.dueAt !== undefined) job.prepareMs = job.step.dueAt - job.startedAt;
  }

  /** An export is no longer queued or being prepared: its token's count and its request's state let go of it. */
  #done(job: ExportJob): KeyState {
    const mine = this.#unfinished.get(job.account)! - 1;
    if (mine > 0) this.#unfinished.set(job.account, mine);
    else this.#unfinished.delete(job.account);
    const state = this.#keys.get(job.account)!.get(job.key)!;
    state.current = undefined;
    job.step = undefined;
    return state;
  }

  #finish(job: ExportJob): void {
    const appId = job.spec.app.id;
    const state = this.#done(job);
    if (job.failure) {
      this.#move(job, 'failed');
      state.failed = job;
      this.#retire(job);
      this.#log(job, 'warn')?.warn({ status: job.failure.status }, 'export failed (scripted)');
    } else {
      this.#move(job, 'ready');
      job.readyAt = this.#ctx.clock.now();
      if (state.file) {
        this.#move(state.file, 'replaced');
        this.#retire(state.file);
      }
      state.file = job;
      const ttl = job.plan.fileTtlMs;
      job.step = startStep(this.#ctx.scheduler, ttl, this.#ctx.ids.random('appmetrica-durations'), job, this.#expireJob, 'appmetrica expiry');
      this.#log(job, 'info')?.info('export ready');
    }
    this.#queue(appId).running = undefined;
    this.#startNext(appId);
  }

  #expire(job: ExportJob): void {
    if (job.state !== 'ready') return;
    job.step = undefined;
    this.#move(job, 'expired');
    const states = this.#keys.get(job.account);
    const state = states?.get(job.key);
    if (state?.file === job) state.file = undefined;
    if (state && !state.file && !state.current && !state.failed) {
      states!.delete(job.key);
      if (states!.size === 0) this.#keys.delete(job.account);
    }
    this.#retire(job);
  }

  /** A terminal job leaves the live set; the last 1000 stay visible to the admin API. */
  #retire(job: ExportJob): void {
    this.#jobs.retire(job);
  }

  #move(job: ExportJob, to: ExportState): void {
    exportLifecycle.move(job, to, this.#ctx.clock.now(), this.#ctx.logger);
  }

  #log(job: ExportJob, level: Level): Logger | undefined {
    return jobLogger(this.#ctx.logger, 'appmetrica', job.id, level);
  }

  // --- control plane ---------------------------------------------------------------------

  jobs(filter?: JobFilter): JobView[] {
    return this.#jobs.views(this.#viewJob, filter);
  }

  job(id: string): JobView | undefined {
    const j = this.#jobs.find(id);
    return j && this.#view(j);
  }

  /** Moves an export to its next state: queued -> preparing (if first in line), preparing -> ready, ready -> expired. */
  advance(id: string): JobView {
    const job = this.#live(id);
    if (job.state === 'queued') {
      const running = this.#queue(job.spec.app.id).running;
      throw jobWaiting('appmetrica', id, `is queued behind ${running?.id ?? 'another export'} of application ${job.spec.app.id}: exports prepare one at a time; advance that one first`);
    }
    if (job.state === 'preparing' || job.state === 'ready') job.step?.fire();
    return this.#view(job);
  }

  /** Drives an export to ready, finishing the exports queued ahead of it first (strict order). */
  complete(id: string): JobView {
    const job = this.#live(id);
    while (job.state === 'queued' || job.state === 'preparing') {
      const running = this.#queue(job.spec.app.id).running;
      running?.step?.fire();
      if (!running) break;
    }
    return this.#view(job);
  }

  #live(id: string): ExportJob {
    return this.#jobs.moving('appmetrica', id, exportLifecycle);
  }

  #view(j: ExportJob): JobView {
    return jobView('appmetrica', exportLifecycle, j, `export ${j.spec.table}.${j.spec.format}`, {
      // Exports queue per application (the dashboard groups by this).
      queue: `application ${j.spec.app.id}`,
      applicationId: j.spec.app.id,
      request: j.key,
      rows: j.rows,
      progress: this.#progress(j),
      readyAt: j.readyAt === undefined ? null : new Date(j.readyAt).toISOString(),
      downloads: j.downloads,
      failure: j.failure ?? null,
    });
  }

  reset(): void {
    this.#jobs.clear();
    this.#keys.clear();
    this.#queues.clear();
    this.#prepared.clear();
    this.#unfinished.clear();
    this.#quotas.reset();
    this.#apps.load();
  }
}
