import { DashboardScript } from './admin/ui/script.js';
import { CallbackDispatcher } from './core/callbacks.js';
import { ManualClock, RealClock, type Clock } from './core/clock.js';
import { StandError } from './core/errors.js';
import { API_NAMES, Journals, type ApiName, type CallbackEntry, type RequestEntry } from './core/journal.js';
import { createLogger, type Logger } from './core/logger.js';
import { Ids } from './core/random.js';
import { Scheduler } from './core/scheduler.js';
import { MANUAL_START, parseConfig, type StandConfig, type StandOptions } from './config.js';
import { ScenarioEngine, type OneShot } from './scenarios/engine.js';
import { Recorder } from './state/recorder.js';
import { headerOf } from './state/state-file.js';
import { ScenarioLibrary } from './scenarios/loader.js';
import { FileWatcher } from './scenarios/watch.js';
import type { Scenario } from './scenarios/schema.js';
import type { ApiContext, EmulatedApi, JobView, Persistence } from './apis/api.js';
import type { FaultRuleInput } from './scenarios/common.js';
import type { ScenarioInput } from './scenarios/schema.js';
import type { CallbackQuery, ClockInfo, CountExpectation, JobQuery, RequestMatch, RequestQuery, ScenarioState, Stand, Verification } from './stand-interface.js';
import { JournalReader } from './journal/reader.js';
import { reportOf, type Report, type ReportQuery } from './report/index.js';
import { renderCallback } from './journal/render.js';
import { createAppmetricaApi } from './apis/appmetrica-logs/index.js';
import { createMytargetApi } from './apis/mytarget/index.js';
import { createTolokaApi } from './apis/toloka/index.js';

export type { JobQuery, RequestQuery, CallbackQuery } from './stand-interface.js';

/**
 * One stand: clock, scheduler, ids, scenarios, journals and the three APIs, built from one
 * config. No module-level state, so several stands can live in one process. Its public face is
 * the `Stand` interface (stand-interface.ts): the control verbs, which the admin routes under
 * /_stand call too. The rest (the engine's parts) is for the stand's own modules.
 */
export class StandRuntime implements Stand {
  readonly config: StandConfig;
  readonly clock: Clock;
  readonly scheduler: Scheduler;
  readonly ids: Ids;
  readonly logger: Logger;
  readonly journals: Journals;
  readonly scenarios: ScenarioEngine;
  readonly callbacks: CallbackDispatcher;
  readonly apis: Readonly<Record<ApiName, EmulatedApi>>;
  readonly startedAt: number;
  /** The state-file recorder (only with config.stateFile) and the restore flag. */
  readonly persistence: Persistence;
  /** The dashboard's script, read or bundled on its first request and kept (admin/ui/script.ts). */
  readonly dashboardScript = new DashboardScript();

  constructor(config: StandConfig, logger?: Logger) {
    this.config = config;
    this.logger = logger ?? createLogger(config.logLevel);
    const start = config.startTime !== undefined ? Date.parse(config.startTime) : undefined;
    this.clock = config.clock === 'manual' ? new ManualClock(start ?? MANUAL_START) : new RealClock(config.speed, start);
    this.scheduler = new Scheduler(this.clock, {
      onTaskError: (label, error) => this.logger.error({ err: error, task: label }, 'scheduled task failed'),
      onTick: () => this.#changed(),
    });
    this.ids = new Ids(config.seed);
    this.persistence = {
      recorder: config.stateFile ? new Recorder() : undefined,
      restoring: false,
      touch: () => {
        this.#touched++;
      },
      mark: () => this.#touched + this.scheduler.changes + this.ids.changes + this.scenarios.changes,
    };
    this.journals = new Journals(config.journalLimit);
    this.journals.onEntry = () => this.#changed();
    this.journal = new JournalReader(this.journals.requests, () => this.apiList);
    const library = new ScenarioLibrary(config.scenariosDir);
    const scenarioName = config.scenario;
    this.scenarios = new ScenarioEngine(library, scenarioName, library.get(scenarioName), this.ids);
    this.callbacks = new CallbackDispatcher({
      scheduler: this.scheduler,
      journals: this.journals,
      logger: this.logger,
      plan: () => this.scenarios.active.callbacks,
      fault: (ctx) => this.scenarios.jobFault(ctx, ['callback']),
      isoNow: () => new Date(this.clock.now()).toISOString(),
      onOutcome: (n, entry) => this.recorder?.callback(this.clock.now(), n, entry),
    });
    // The stand itself is the APIs' context: the shared engine, nothing global.
    const ctx: ApiContext = this;
    this.apis = {
      appmetrica: createAppmetricaApi(ctx),
      mytarget: createMytargetApi(ctx),
      toloka: createTolokaApi(ctx),
    };
    this.scenarios.onChange = (previous: Scenario) => {
      // Another fixture set: every API starts over from it, in a new generation.
      if (previous.fixtures !== this.scenarios.active.fixtures) this.#newGeneration();
      else for (const api of this.apiList) api.scenarioChanged?.();
      this.#changed();
    };
    this.scenarios.onQueued = () => this.#changed();
    this.startedAt = this.clock.now();
    this.watcher = config.watch ? new FileWatcher(this) : undefined;
  }

  /** --watch: reloads scenario and fixture files when they change. */
  readonly watcher: FileWatcher | undefined;

  /** Every API starts over from the fixture files as they are now (the watcher, after an edit). */
  reloadFixtures(): void {
    this.#newGeneration();
  }

  /** Tells listeners that something changed (the watcher, after a reload). */
  changed(): void {
    this.#changed();
  }

  readonly #listeners = new Set<() => void>();
  #version = 0;
  /** Changes the APIs report themselves (persistence.touch): rate-limit counts. */
  #touched = 0;

  /**
   * Something may have changed (a request was answered, time moved, a callback was attempted,
   * a control verb ran). Jobs only change inside those, so listeners (the dashboard's event
   * stream) hear of every change. Returns the function that stops listening.
   */
  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Increases with every change; lets a listener skip work when nothing happened. */
  get version(): number {
    return this.#version;
  }

  #changed(): void {
    this.#version++;
    for (const l of this.#listeners) {
      try {
        l();
      } catch (e) {
        this.logger.error({ err: e }, 'change listener failed');
      }
    }
  }

  /** The APIs this stand emulates, in a fixed order. */
  get apiList(): EmulatedApi[] {
    return API_NAMES.map((n) => this.apis[n]).filter((a): a is EmulatedApi => a !== undefined);
  }

  #eachApi(fn: (api: EmulatedApi) => void): void {
    for (const api of this.apiList) fn(api);
  }

  now(): number {
    return this.clock.now();
  }

  advance(ms: number): ClockInfo {
    this.recorder?.ensureWritable();
    this.scheduler.advance(ms);
    const clock = this.clock;
    if (clock instanceof RealClock) this.recorder?.clock(clock.anchor.virtual, clock.anchor.wall);
    else this.recorder?.clock(clock.now(), undefined);
    return this.clockInfo();
  }

  advanceTo(iso: string): ClockInfo {
    const target = Date.parse(iso);
    if (Number.isNaN(target)) throw new StandError(400, 'STAND_BAD_TIME', `"${iso}" is not an ISO 8601 time, e.g. 2026-01-02T00:00:00Z`);
    const delta = target - this.clock.now();
    if (delta < 0) {
      throw new StandError(400, 'STAND_CLOCK_BACKWARDS', `"${iso}" is ${-delta} ms before the stand's now (${new Date(this.clock.now()).toISOString()}); time only moves forward`);
    }
    return this.advance(delta);
  }

  clockInfo(): ClockInfo {
    const next = this.scheduler.nextTime();
    return {
      now: new Date(this.clock.now()).toISOString(),
      mode: this.clock.mode,
      speed: this.clock.speed,
      pendingTasks: this.scheduler.size,
      nextTaskAt: next === undefined ? null : new Date(next).toISOString(),
      callbacksInFlight: this.callbacks.inFlight,
    };
  }

  async settle(): Promise<void> {
    for (;;) {
      this.scheduler.runDue();
      if (this.callbacks.inFlight === 0) {
        const next = this.scheduler.nextTime();
        if (next === undefined || next > this.clock.now()) return;
        continue;
      }
      await this.callbacks.idle();
    }
  }

  api(name: string): EmulatedApi {
    const api = (this.apis as Partial<Record<string, EmulatedApi>>)[name];
    if (!api) throw new StandError(404, 'STAND_UNKNOWN_API', `unknown API "${name}"; use one of: ${this.apiList.map((a) => a.name).join(', ')}`);
    return api;
  }

  jobs(query: JobQuery = {}): JobView[] {
    const apis = query.api ? [this.api(query.api)] : this.apiList;
    return sortJobs(apis.flatMap((a) => a.jobs(query)));
  }

  job(api: string, id: string): JobView {
    const view = this.api(api).job(id);
    if (!view) throw new StandError(404, 'STAND_JOB_NOT_FOUND', `no ${api} job with id ${id}; GET /_stand/jobs?api=${api} lists them`);
    return view;
  }

  get recorder(): Recorder | undefined {
    return this.persistence.recorder;
  }

  get restoring(): boolean {
    return this.persistence.restoring;
  }

  set restoring(value: boolean) {
    this.persistence.restoring = value;
  }

  scenario(): ScenarioState {
    return {
      name: this.scenarios.name,
      scenario: this.scenarios.active,
      available: this.scenarios.library.names(),
      queue: this.scenarios.queue(),
      reload: this.watcher?.last ?? null,
    };
  }

  activateScenario(nameOrDoc: string | ScenarioInput): { name: string; scenario: Scenario } {
    this.#beforeVerb();
    const result = this.scenarios.activate(nameOrDoc);
    this.recorder?.after(typeof nameOrDoc === 'string' ? { kind: 'scenario', t: this.now(), name: nameOrDoc } : { kind: 'scenario', t: this.now(), doc: nameOrDoc });
    return result;
  }

  enqueueFault(api: ApiName, rule: FaultRuleInput): OneShot {
    this.#beforeVerb();
    const shot = this.scenarios.enqueue(api, rule);
    this.recorder?.after({ kind: 'enqueue', t: this.now(), api, rule });
    return shot;
  }

  /**
   * Before a control verb: the work due by now is done (a real clock's timer may be late; a
   * replay does it at the verb's time too), and a state file that cannot be written refuses it.
   */
  #beforeVerb(): void {
    this.recorder?.ensureWritable();
    if (this.clock.mode === 'real') this.scheduler.runDue();
  }

  advanceJob(api: ApiName, id: string): JobView {
    return this.#moveJob(api, id, 'advance');
  }

  completeJob(api: ApiName, id: string): JobView {
    return this.#moveJob(api, id, 'complete');
  }

  #moveJob(api: ApiName, id: string, verb: 'advance' | 'complete'): JobView {
    const target = this.api(api);
    this.#beforeVerb();
    const view = verb === 'advance' ? target.advanceJob(id) : target.completeJob(id);
    this.recorder?.after({ kind: 'job', t: this.now(), verb, api, id });
    this.scheduler.runDue();
    this.#changed();
    return view;
  }

  /** The read side of the request journal: filters, counts, verifications, jobs touched. */
  readonly journal: JournalReader;

  requests(query: RequestQuery = {}): RequestEntry[] {
    return this.journal.requests(query);
  }

  countRequests(match: RequestMatch = {}): number {
    return this.journal.count(match);
  }

  unmatchedRequests(): RequestEntry[] {
    return this.journal.requests().filter((e) => e.route !== 'matched');
  }

  verifyRequests(match: RequestMatch, expected?: CountExpectation): Verification {
    return this.journal.verify(match, expected);
  }

  report(query?: ReportQuery): Report {
    return reportOf(this, query);
  }

  callbackAttempts(query: CallbackQuery = {}): CallbackEntry[] {
    return this.journals
      .callbackEntries()
      .filter((e) => (!query.api || e.api === query.api) && (!query.jobId || e.jobId === query.jobId))
      .map(renderCallback);
  }

  async reset(): Promise<void> {
    this.scheduler.clear();
    const clock = this.clock;
    if (clock instanceof ManualClock || clock instanceof RealClock) clock.reset();
    this.ids.reset();
    this.journals.reset();
    this.callbacks.resetCount();
    const fixtures = this.scenarios.active.fixtures;
    this.scenarios.reset();
    // Back to another fixture set, the scenario's reset started the new generation already.
    if (this.scenarios.active.fixtures === fixtures) this.#newGeneration();
    // The state file starts over too: a header at the reset's time.
    this.recorder?.startOver(headerOf(this));
    await this.callbacks.settled();
    this.#changed();
  }

  /**
   * Ends the work of the jobs there are (reset, or a switch to another fixture set): no timer,
   * no callback on the wire, no kept answer of theirs reaches the jobs that follow. The scheduler
   * drops every task; the dispatcher forgets its attempts (their outcomes, when they come, are
   * not recorded and retry nothing); every API starts over, its views' kept texts with it.
   */
  #newGeneration(): void {
    this.scheduler.clear();
    this.callbacks.newGeneration();
    this.#eachApi((api) => api.reset());
  }

  async close(): Promise<void> {
    this.watcher?.close();
    this.scheduler.close();
    await this.callbacks.close();
    this.recorder?.close();
  }
}

/** Builds a stand from options (validated once; a bad value throws ConfigError). */
export function buildStand(options: StandOptions = {}, logger?: Logger): StandRuntime {
  return new StandRuntime(parseConfig(options, 'options'), logger);
}

/** The runtime behind a public Stand handle (the stand's own modules need its parts). */
export function runtimeOf(stand: Stand): StandRuntime {
  if (stand instanceof StandRuntime) return stand;
  const inner = (stand as { stand?: unknown }).stand;
  if (inner instanceof StandRuntime) return inner;
  throw new TypeError('not a stand made by async-stand (startStand, createTestStand)');
}

/** Jobs oldest first; ISO times of one format compare as strings (localeCompare costs ten times more). */
export function sortJobs(jobs: JobView[]): JobView[] {
  return jobs.sort((x, y) => (x.createdAt < y.createdAt ? -1 : x.createdAt > y.createdAt ? 1 : 0));
}
