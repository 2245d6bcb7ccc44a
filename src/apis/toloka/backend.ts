import { schemeTokenReader } from '../../core/auth-header.js';
import { StandError } from '../../core/errors.js';
import { flatText } from '../../core/flat-text.js';
import type { Level, Logger } from '../../core/logger.js';
import { extendDuration, startStep, type DurationSpec } from '../../core/steps.js';
import type { FaultAction } from '../../scenarios/common.js';
import type { MatchContext } from '../../scenarios/engine.js';
import { readFixtures } from '../../scenarios/loader.js';
import type { ApiContext, JobFilter, JobView } from '../api.js';
import { jobView, matchesJobFilter } from '../job-view.js';
import { errors, fieldError, type FieldErrors } from './errors.js';
import { TolokaFixtures, type AccountData } from './fixtures.js';
import {
  operationLifecycle,
  type Account,
  type BatchItem,
  type BatchKind,
  type Counts,
  type LogEntry,
  type Operation,
  type OperationStatus,
  type OperationType,
  type Pool,
  type StoredObject,
} from './model.js';
import { parseListQuery, runList, tolokaTime, type CreateParams, type ListSpec, type RawQuery } from './schemas.js';
import { ObjectFactory } from './objects.js';
import { isObject, validateItem } from './validation.js';

/** Per kind of batch: the operation type, the log step types and the output key (docs: operation log). */
const BATCH: Record<BatchKind, { type: OperationType; create: string; validate: string; output: string; what: string }> = {
  tasks: { type: 'TASK.BATCH_CREATE', create: 'TASK_CREATE', validate: 'TASK_VALIDATE', output: 'task_id', what: 'task' },
  'task-suites': { type: 'TASK_SUITE.BATCH_CREATE', create: 'TASK_SUITE_CREATE', validate: 'TASK_SUITE_VALIDATE', output: 'task_suite_id', what: 'task suite' },
  'user-bonuses': { type: 'USER_BONUS.BATCH_CREATE', create: 'USER_BONUS_PERSIST', validate: 'USER_BONUS_VALIDATE', output: 'user_bonus_id', what: 'user bonus' },
};

const EMPTY_POOL_MESSAGE = 'Pool contains no tasks. Operation is not allowed';

/** What the route sends for a create request. */
export type CreateAnswer = { status: 201 | 202; body: unknown };

export interface CreateCall {
  account: string;
  kind: BatchKind;
  body: unknown;
  params: CreateParams;
  scenarioHeader: string | undefined;
  match: MatchContext;
}

export interface PoolCall {
  account: string;
  poolId: string;
  action: 'open' | 'close';
  scenarioHeader: string | undefined;
  match: MatchContext;
}

const OBJECT_LIST: Record<BatchKind, ListSpec<StoredObject>> = {
  tasks: listSpec({ pool_id: (o) => o.poolId }, 100_000),
  'task-suites': listSpec({ pool_id: (o) => o.poolId }, 100_000),
  'user-bonuses': listSpec({ user_id: (o) => o.userId }, 300),
};

function listSpec(equals: ListSpec<StoredObject>['equals'], maxLimit: number): ListSpec<StoredObject> {
  return { id: (o) => o.id, times: { created: (o) => o.created }, equals, defaultLimit: 50, maxLimit };
}

const OPERATION_LIST: ListSpec<Operation> = {
  id: (o) => o.id,
  times: { submitted: (o) => o.createdAt, finished: (o) => o.finishedAt },
  equals: { type: (o) => o.type, status: (o) => o.state },
  defaultLimit: 50,
  maxLimit: 500,
};

type NewOperation = Pick<Operation, 'id' | 'account' | 'type' | 'createdAt' | 'parameters' | 'plan' | 'batch' | 'poolId' | 'failure'>;

/**
 * An operation with every field it will ever have, in one order: one hidden class, every field
 * in the object. Fields added as the operation moves on went to a separate property array (a
 * heap snapshot: 124 bytes more per operation, and operations are kept as long as the stand).
 */
function newOperation(init: NewOperation): Operation {
  const { state, updatedAt, history } = operationLifecycle.begin(init.createdAt);
  return {
    id: init.id,
    account: init.account,
    type: init.type,
    createdAt: init.createdAt,
    state,
    updatedAt,
    history,
    parameters: init.parameters,
    plan: init.plan,
    batch: init.batch,
    poolId: init.poolId,
    failure: init.failure,
    startedAt: undefined,
    finishedAt: undefined,
    submittedText: flatText(tolokaTime(init.createdAt)),
    startedText: undefined,
    finishedText: undefined,
    runMs: undefined,
    runPolls: undefined,
    step: undefined,
    counts: undefined,
    log: undefined,
    logArchived: false,
    endedJson: undefined,
  };
}

/**
 * Toloka's rules, without HTTP: accounts (one per token, each with its own copy of the
 * fixtures), batch creates (validated at submission, created when the operation ends), pool
 * open/close, operations on the stand's clock, their logs and the lists.
 * Docs: https://toloka.ai/docs/api/api-reference/ and https://yandex.ru/dev/tasks-api/doc/ru/
 */
export class TolokaBackend {
  readonly #ctx: ApiContext;
  #fixtures!: TolokaFixtures;
  #fixtureSet = '';
  readonly #accounts = new Map<string, Account>();
  /** Every operation of every account, for the admin API (ids may repeat across accounts). */
  readonly #operations: Operation[] = [];
  readonly #objects: ObjectFactory;
  // The steps' callbacks, one of each per backend: a pending step holds its operation and one of these.
  readonly #startOp = (op: Operation) => this.#start(op);
  readonly #finishOp = (op: Operation) => this.#finish(op);

  constructor(ctx: ApiContext) {
    this.#ctx = ctx;
    this.loadFixtures();
    this.#objects = new ObjectFactory(ctx.ids);
  }

  /** Reads the fixture set the active scenario names (fixtures/toloka/<set>.json, else default.json). */
  loadFixtures(): void {
    const set = this.#ctx.scenarios.active.fixtures;
    if (set === this.#fixtureSet) return;
    this.#fixtures = readFixtures(this.#ctx, 'toloka', set, TolokaFixtures);
    this.#fixtureSet = set;
  }

  /** Next request id of an error body or a failed log step (seeded, so runs repeat byte for byte). */
  requestId(): string {
    return this.#ctx.ids.uuid('toloka-request');
  }

  /** `Authorization: OAuth <token>` or `ApiKey <key>` -> the account; a 401 otherwise. */
  authenticate(authorization: string | undefined): string {
    if (!authorization || authorization.trim() === '') throw errors.noAuth();
    const token = tokenOf(authorization);
    if (token === null) throw errors.badAuthScheme();
    const allowed = this.#ctx.scenarios.active.tokens;
    if (allowed && !allowed.includes(token)) throw errors.unknownToken();
    return token;
  }

  #account(token: string): Account {
    let account = this.#accounts.get(token);
    if (!account) {
      // Own keys only: a token may be any string, "constructor" and "__proto__" included.
      const own = Object.hasOwn(this.#fixtures.accounts, token) ? this.#fixtures.accounts[token] : undefined;
      account = newAccount(token, own ?? this.#fixtures.default);
      this.#accounts.set(token, account);
    }
    return account;
  }

  // --- batch creates ----------------------------------------------------------------------

  create(call: CreateCall): CreateAnswer {
    const { params, kind } = call;
    const account = this.#account(call.account);
    const plan = this.#ctx.scenarios.scenarioFor(call.scenarioHeader).toloka;
    const body = call.body;
    if (!isObject(body) && !Array.isArray(body)) throw errors.noBody();
    const inputs: unknown[] = Array.isArray(body) ? body : [body];
    const max = params.asyncMode ? plan.maxAsyncItems : plan.maxSyncItems;
    if (inputs.length > max) throw errors.tooManyItems(inputs.length, max, params.asyncMode ? 'async' : 'sync');
    if (params.asyncMode && params.operationId !== undefined && account.operations.has(params.operationId)) {
      throw errors.operationExists(params.operationId);
    }
    // A sync call never consumes a "fail" rule: only operations fail.
    const fault = this.#ctx.scenarios.jobFault('toloka', call.match, call.scenarioHeader, params.asyncMode ? ['fail', 'invalid'] : ['invalid']);
    const vctx = { account, allowDefaults: params.allowDefaults, plan };
    const items: BatchItem[] = inputs.map((input, i) => ({ input, errors: withFault(validateItem(kind, input, vctx), fault, i) }));
    if (!params.asyncMode) return this.#createSync(account, kind, items, !Array.isArray(body), params);

    const op = newOperation({
      id: params.operationId ?? this.#ctx.ids.uuid('toloka-operation'),
      account: call.account,
      type: BATCH[kind].type,
      createdAt: this.#ctx.clock.now(),
      parameters:
        kind === 'user-bonuses'
          ? { skip_invalid_items: params.skipInvalidItems }
          : { open_pool: params.openPool, allow_defaults: params.allowDefaults, skip_invalid_items: params.skipInvalidItems },
      plan,
      batch: { kind, items, skipInvalid: params.skipInvalidItems, allowDefaults: params.allowDefaults, openPool: params.openPool },
      poolId: undefined,
      failure: fault?.type === 'fail' ? { message: fault.message } : undefined,
    });
    this.#submit(account, op, items.length);
    return { status: 202, body: this.#view(op) };
  }

  /** async_mode=false: everything now, 201 with the object (one) or {items, validation_errors} (array). */
  #createSync(account: Account, kind: BatchKind, items: BatchItem[], single: boolean, params: CreateParams): CreateAnswer {
    const now = this.#ctx.clock.now();
    if (single) {
      const item = items[0]!;
      if (item.errors) throw errors.validation(item.errors);
      const obj = this.#objects.create(account, kind, item.input as Record<string, unknown>, now, params.allowDefaults);
      if (params.openPool && obj.poolId) this.#openNow(account, obj.poolId, now);
      return { status: 201, body: obj.view };
    }
    const invalid: Record<string, FieldErrors> = {};
    let valid = 0;
    items.forEach((it, i) => {
      if (it.errors) invalid[String(i)] = it.errors;
      else valid++;
    });
    // Nothing is created when an item is invalid and skip_invalid_items is off, or when no item is valid.
    if (Object.keys(invalid).length > 0 && (!params.skipInvalidItems || valid === 0)) throw errors.validation(invalid);
    const created: Record<string, unknown> = {};
    const pools = new Set<string>();
    items.forEach((it, i) => {
      if (it.errors) return;
      const obj = this.#objects.create(account, kind, it.input as Record<string, unknown>, now, params.allowDefaults);
      created[String(i)] = obj.view;
      if (obj.poolId) pools.add(obj.poolId);
    });
    if (params.openPool) for (const p of pools) this.#openNow(account, p, now);
    return { status: 201, body: { items: created, validation_errors: invalid } };
  }

  // --- pools -------------------------------------------------------------------------------

  getPool(token: string, id: string): Record<string, unknown> {
    const pool = this.#account(token).pools.get(id);
    if (!pool) throw errors.notFound('pool', id);
    return poolView(pool);
  }

  /** POST /pools/{id}/open|close: 202 with an operation, or 204 when the pool is already there. */
  poolAction(call: PoolCall): { status: 202; body: unknown } | { status: 204 } {
    const account = this.#account(call.account);
    const pool = account.pools.get(call.poolId);
    if (!pool) throw errors.notFound('pool', call.poolId);
    if (pool.status === 'ARCHIVED') throw errors.inappropriateStatus(pool.status);
    const target = call.action === 'open' ? 'OPEN' : 'CLOSED';
    // docs: "If the pool is already open, an empty response with status 204 is returned."
    if (pool.status === target) return { status: 204 };
    const plan = this.#ctx.scenarios.scenarioFor(call.scenarioHeader).toloka;
    const fault = this.#ctx.scenarios.jobFault('toloka', call.match, call.scenarioHeader, ['fail']);
    const op = newOperation({
      id: this.#ctx.ids.uuid('toloka-operation'),
      account: call.account,
      type: call.action === 'open' ? 'POOL.OPEN' : 'POOL.CLOSE',
      createdAt: this.#ctx.clock.now(),
      parameters: { pool_id: pool.id },
      plan,
      batch: undefined,
      poolId: pool.id,
      failure: fault?.type === 'fail' ? { message: fault.message } : undefined,
    });
    this.#submit(account, op, 1);
    return { status: 202, body: this.#view(op) };
  }

  /** open_pool=true: opens a closed pool the created objects went to. */
  #openNow(account: Account, poolId: string, now: number): LogEntry | undefined {
    const pool = account.pools.get(poolId);
    if (!pool || pool.status !== 'CLOSED') return undefined;
    if (pool.itemCount === 0) return this.#failedStep('POOL_OPEN', { pool_id: pool.id }, 'EMPTY_POOL', EMPTY_POOL_MESSAGE);
    pool.status = 'OPEN';
    pool.last_started = tolokaTime(now);
    return { type: 'POOL_OPEN', success: true, input: { pool_id: pool.id }, output: {} };
  }

  // --- operations --------------------------------------------------------------------------

  #submit(account: Account, op: Operation, items: number): void {
    if (account.liveOperations >= this.#ctx.config.maxJobsPerAccount) throw errors.tooManyOperations(this.#ctx.config.maxJobsPerAccount);
    account.liveOperations++;
    account.operations.set(op.id, op);
    this.#operations.push(op);
    this.#log(op, 'info')?.info({ type: op.type, items }, 'operation submitted');
    op.step = startStep(this.#ctx.scheduler, op.plan.pending, this.#ctx.ids.random('toloka-durations'), op, this.#startOp, 'toloka operation');
  }

  #start(op: Operation): void {
    const now = this.#ctx.clock.now();
    this.#move(op, 'RUNNING');
    op.startedAt = now;
    op.startedText = flatText(tolokaTime(now));
    const items = op.batch?.items.length ?? 1;
    const duration: DurationSpec = extendDuration(op.plan.running, Math.round(items * op.plan.perItemMs));
    op.runPolls = typeof duration === 'object' && 'polls' in duration ? duration.polls : undefined;
    op.step = startStep(this.#ctx.scheduler, duration, this.#ctx.ids.random('toloka-durations'), op, this.#finishOp, 'toloka operation');
    op.runMs = op.step.dueAt === undefined ? undefined : op.step.dueAt - now;
    this.#log(op, 'debug')?.debug('operation running');
  }

  #finish(op: Operation): void {
    const now = this.#ctx.clock.now();
    op.step = undefined;
    const account = this.#account(op.account);
    const { status, log } = op.batch ? this.#finishBatch(account, op, now) : this.#finishPool(account, op, now);
    op.log = log;
    op.finishedAt = now;
    op.finishedText = flatText(tolokaTime(now));
    this.#move(op, status);
    this.#log(op, 'info')?.info({ status, counts: op.counts }, 'operation finished');
    // Logs are kept logTtlMs (a month); then they answer OPERATION_LOGS_ARCHIVED and the memory is freed.
    this.#ctx.scheduler.at(now + op.plan.logTtlMs, () => this.#archive(op), `toloka log expiry ${op.id}`);
  }

  #finishBatch(account: Account, op: Operation, now: number): { status: OperationStatus; log: LogEntry[] } {
    const batch = op.batch!;
    const meta = BATCH[batch.kind];
    const total = batch.items.length;
    const valid = batch.items.reduce((n, it) => n + (it.errors ? 0 : 1), 0);
    const invalid = total - valid;
    const create = !op.failure && (invalid === 0 || (batch.skipInvalid && valid > 0));
    const log: LogEntry[] = [];
    const pools: string[] = [];
    for (const it of batch.items) {
      if (it.errors) {
        log.push({ type: meta.validate, success: false, input: it.input, output: it.errors });
      } else if (create) {
        const obj = this.#objects.create(account, batch.kind, it.input as Record<string, unknown>, now, batch.allowDefaults);
        if (obj.poolId && !pools.includes(obj.poolId)) pools.push(obj.poolId);
        log.push({ type: meta.create, success: true, input: it.input, output: { [meta.output]: obj.id } });
      } else if (op.failure) {
        log.push(this.#failedStep(meta.create, it.input, 'OPERATION_EXECUTION_ERROR', op.failure.message ?? 'Operation execution failed; nothing was created'));
      } else {
        // A valid item of a batch that was not created (another item is invalid and
        // skip_invalid_items is off): a failed step with no field errors, so that clients that map
        // the log back (toloka-kit) see it as not created.
        log.push({ type: meta.validate, success: false, input: it.input, output: {} });
      }
    }
    if (create && batch.openPool) {
      for (const p of pools) {
        const step = this.#openNow(account, p, now);
        if (step) log.push(step);
      }
    }
    const counts: Counts = {
      total_count: total,
      valid_count: valid,
      not_valid_count: invalid,
      success_count: create ? valid : 0,
      failed_count: create ? invalid : total,
    };
    op.counts = counts;
    return { status: create ? 'SUCCESS' : 'FAIL', log };
  }

  #finishPool(account: Account, op: Operation, now: number): { status: OperationStatus; log: LogEntry[] } {
    const pool = account.pools.get(op.poolId!)!;
    const stepType = op.type === 'POOL.OPEN' ? 'POOL_OPEN' : 'POOL_CLOSE';
    const input = { pool_id: pool.id };
    if (op.failure) {
      return { status: 'FAIL', log: [this.#failedStep(stepType, input, 'OPERATION_EXECUTION_ERROR', op.failure.message ?? 'Operation execution failed')] };
    }
    if (op.type === 'POOL.OPEN') {
      if (pool.status === 'OPEN') return { status: 'SUCCESS', log: [{ type: stepType, success: true, input, output: {} }] };
      const step = this.#openNow(account, pool.id, now)!;
      return { status: step.success ? 'SUCCESS' : 'FAIL', log: [step] };
    }
    if (pool.status === 'OPEN') {
      pool.status = 'CLOSED';
      pool.last_stopped = tolokaTime(now);
      pool.last_close_reason = 'MANUAL';
    }
    return { status: 'SUCCESS', log: [{ type: stepType, success: true, input, output: {} }] };
  }

  /** A failed non-validation step: `{code, message, request_id}` (docs: operation log; seen with EMPTY_POOL). */
  #failedStep(type: string, input: unknown, code: string, message: string): LogEntry {
    return { type, success: false, input, output: { code, message, request_id: this.requestId() } };
  }

  #archive(op: Operation): void {
    op.log = undefined;
    // the inputs (as big as the log) and the kept answer go with it; the operation itself stays readable
    if (op.batch) op.batch = { ...op.batch, items: [] };
    op.endedJson = undefined;
    op.logArchived = true;
    const account = this.#accounts.get(op.account);
    if (account) account.liveOperations--;
  }

  /**
   * `GET /operations/{id}` as JSON text. An ended operation (SUCCESS, FAIL) never changes: its
   * text is made once and kept with it, since clients poll until they see the end.
   */
  getOperation(token: string, id: string): string {
    const op = this.#op(token, id);
    if (typeof op.endedJson === 'string') return op.endedJson;
    // A scenario's {"polls": N} counts polls of the operation.
    op.step?.poll();
    const json = JSON.stringify(this.#view(op));
    // Kept from the second read of the end on: a client that stops at the end (most do) leaves
    // no copy behind, one that keeps polling gets it without a stringify.
    if (operationLifecycle.isTerminal(op.state)) op.endedJson = op.endedJson === null ? json : null;
    return json;
  }

  listOperations(token: string, query: RawQuery): { items: unknown[]; has_more: boolean } {
    const q = parseListQuery(query, OPERATION_LIST);
    const page = runList(this.#account(token).operations.values(), q, OPERATION_LIST);
    return { items: page.items.map((o) => this.#view(o)), has_more: page.has_more };
  }

  /** The log: one step per input item, in input order (plus POOL_OPEN steps of open_pool); [] until the operation ends. */
  operationLog(token: string, id: string): LogEntry[] {
    const op = this.#op(token, id);
    if (op.logArchived || (op.finishedAt !== undefined && this.#ctx.clock.now() >= op.finishedAt + op.plan.logTtlMs)) {
      throw errors.logsArchived(op.id);
    }
    return op.log ?? [];
  }

  #op(token: string, id: string): Operation {
    const op = this.#account(token).operations.get(id);
    if (!op) throw errors.notFound('operation', id);
    return op;
  }

  #view(op: Operation): Record<string, unknown> {
    const view: Record<string, unknown> = { id: op.id, type: op.type, status: op.state, submitted: op.submittedText };
    if (op.startedText !== undefined) view.started = op.startedText;
    if (op.finishedText !== undefined) view.finished = op.finishedText;
    view.progress = this.#progress(op);
    view.parameters = op.parameters;
    if (op.counts) view.details = op.counts;
    else if (op.batch) view.details = { items_count: op.batch.items.length };
    return view;
  }

  #progress(op: Operation): number {
    if (op.state === 'SUCCESS' || op.state === 'FAIL') return 100;
    if (op.state !== 'RUNNING' || !op.step) return 0;
    let p = 0;
    if (op.step.mode === 'timer' && op.runMs) p = ((this.#ctx.clock.now() - op.startedAt!) / op.runMs) * 100;
    else if (op.step.mode === 'polls' && op.runPolls) p = ((op.runPolls - (op.step.pollsLeft ?? op.runPolls)) / op.runPolls) * 100;
    return Math.max(0, Math.min(99, Math.floor(p)));
  }

  // --- created objects ---------------------------------------------------------------------

  getObject(token: string, kind: BatchKind, id: string): unknown {
    const obj = this.#account(token).objects[kind].get(id);
    if (!obj) throw errors.notFound(BATCH[kind].what, id);
    return obj.view;
  }

  listObjects(token: string, kind: BatchKind, query: RawQuery): { items: unknown[]; has_more: boolean } {
    const spec = OBJECT_LIST[kind];
    const q = parseListQuery(query, spec);
    const page = runList(this.#account(token).objects[kind].values(), q, spec);
    return { items: page.items.map((o) => o.view), has_more: page.has_more };
  }

  #move(op: Operation, to: OperationStatus): void {
    operationLifecycle.move(op, to, this.#ctx.clock.now());
  }

  /**
   * The job's child logger, or undefined when `level` is off: a pino child costs more than the
   * step it would log, and most job steps log at info or debug.
   */
  #log(op: Operation, level: Level): Logger | undefined {
    const logger = this.#ctx.logger;
    return logger.isLevelEnabled(level) ? logger.child({ api: 'toloka', job: op.id }) : undefined;
  }

  // --- control plane -----------------------------------------------------------------------

  jobs(filter: JobFilter = {}): JobView[] {
    return this.#operations.map((o) => this.#jobView(o)).filter((v) => matchesJobFilter(v, filter));
  }

  job(id: string): JobView | undefined {
    const op = this.#find(id);
    return op && this.#jobView(op);
  }

  /** PENDING -> RUNNING, or RUNNING -> SUCCESS/FAIL, now. */
  advance(id: string): JobView {
    const op = this.#live(id);
    op.step?.fire();
    return this.#jobView(op);
  }

  /** Through to SUCCESS (or FAIL, if the batch or a scripted fault says so) now. */
  complete(id: string): JobView {
    const op = this.#live(id);
    while (!operationLifecycle.isTerminal(op.state) && op.step) op.step.fire();
    return this.#jobView(op);
  }

  #find(id: string): Operation | undefined {
    for (let i = this.#operations.length - 1; i >= 0; i--) if (this.#operations[i]!.id === id) return this.#operations[i];
    return undefined;
  }

  #live(id: string): Operation {
    const op = this.#find(id);
    if (!op) throw new StandError(404, 'STAND_JOB_NOT_FOUND', `no Toloka operation with id ${id}; GET /_stand/jobs?api=toloka lists them`);
    if (operationLifecycle.isTerminal(op.state)) {
      throw new StandError(409, 'STAND_JOB_FINISHED', `Toloka operation ${id} already ended ${op.state}; only PENDING and RUNNING operations move on`);
    }
    return op;
  }

  #jobView(op: Operation): JobView {
    return jobView('toloka', op, op.type, {
      parameters: op.parameters,
      items: op.counts?.total_count ?? op.batch?.items.length ?? null,
      invalidItems: op.batch ? op.batch.items.filter((i) => i.errors).length : null,
      progress: this.#progress(op),
      details: op.counts ?? null,
      failure: op.failure ?? null,
      logArchived: op.logArchived,
    });
  }

  reset(): void {
    for (const op of this.#operations) op.step?.cancel();
    this.#operations.length = 0;
    this.#accounts.clear();
    this.#fixtureSet = '';
    this.loadFixtures();
    this.#objects.reset();
  }
}

/** The token of `Authorization: OAuth <token>` or `Authorization: ApiKey <key>`; null otherwise. */
export const tokenOf = schemeTokenReader(['OAuth', 'ApiKey']);

function newAccount(token: string, data: AccountData): Account {
  return {
    token,
    projects: new Map(data.projects.map((p) => [p.id, { ...p }])),
    pools: new Map(data.pools.map((p): [string, Pool] => [p.id, { ...p, defaults: { ...p.defaults }, itemCount: 0 }])),
    users: new Set(data.users.map((u) => u.id)),
    objects: { tasks: new Map(), 'task-suites': new Map(), 'user-bonuses': new Map() },
    operations: new Map(),
    liveOperations: 0,
  };
}

function poolView(p: Pool): Record<string, unknown> {
  return {
    id: p.id,
    project_id: p.project_id,
    private_name: p.private_name,
    status: p.status,
    type: p.type,
    created: p.created,
    defaults: p.defaults,
    ...(p.last_started ? { last_started: p.last_started } : {}),
    ...(p.last_stopped ? { last_stopped: p.last_stopped } : {}),
    ...(p.last_close_reason ? { last_close_reason: p.last_close_reason } : {}),
  };
}


/** A scenario's "invalid" fault: the item (or every item) also fails on `field`. */
function withFault(errs: FieldErrors | null, fault: FaultAction | undefined, index: number): FieldErrors | null {
  if (fault?.type !== 'invalid' || (fault.item !== undefined && fault.item !== index)) return errs;
  return { ...(errs ?? {}), [fault.field]: fieldError(fault.code, fault.message) };
}
