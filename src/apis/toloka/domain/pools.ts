import type { Ids } from '../../../core/random.js';
import type { Scheduler } from '../../../core/scheduler.js';
import { errors, fieldError } from '../errors.js';
import { poolLifecycle, type Account, type CloseReason, type LogEntry, type Operation, type OperationStatus, type OperationType, type Pool } from '../model.js';
import type { TolokaPlan } from '../plan.js';
import type { PoolForm, TrainingForm } from './forms.js';
import type { ListSpec } from './lists.js';
import type { Operations } from './operations.js';
import { available, notEnoughText } from './balance.js';
import { firstFreeId } from './projects.js';
import type { TimeTexts } from './time-texts.js';

const EMPTY_POOL_MESSAGE = 'Pool contains no tasks. Operation is not allowed';

/** docs (close-for-update): "If you don't open the pool manually after editing, it opens automatically in 15 minutes." */
const REOPEN_AFTER_UPDATE_MS = 15 * 60_000;

const timeOf = (text: string | undefined) => (text === undefined ? undefined : Date.parse(`${text}Z`));

/** GET /pools (docs: get-pools), and GET /trainings (the same filters): status, project_id, id, created and last_started. */
export const POOL_LIST: ListSpec<Pool> = {
  id: (p) => p.id,
  numericIds: true,
  times: { created: (p) => timeOf(p.created), last_started: (p) => timeOf(p.last_started) },
  equals: { status: (p) => p.status, project_id: (p) => p.project_id },
  // toloka-java-sdk's byOwnerId/byOwnerCompanyId: every pool of an account is its requester's own.
  ignored: ['owner_id', 'owner_company_id'],
  defaultLimit: 20,
  maxLimit: 300,
};

export type PoolAction = 'open' | 'close' | 'close-for-update' | 'archive' | 'clone';

/** What a pool action comes to: an operation, or nothing to do (the pool is there already: 204). */
export type PoolActionResult = { kind: 'operation'; op: Operation } | { kind: 'unchanged' };

export interface PoolActionInput {
  readonly poolId: string;
  /** A training pool's action (/trainings/{id}/...): TRAINING.* operations with `training_id`. */
  readonly training: boolean;
  readonly action: PoolAction;
  readonly plan: TolokaPlan;
  /** A scripted failure of the operation, if a rule fires (asked only when an operation is made). */
  readonly failure: () => { message: string | undefined } | undefined;
}

const OPERATION: Record<PoolAction, 'OPEN' | 'CLOSE' | 'ARCHIVE' | 'CLONE'> = {
  open: 'OPEN',
  close: 'CLOSE',
  // docs: close-for-update answers a POOL.CLOSE operation (toloka-kit structures it so too).
  'close-for-update': 'CLOSE',
  archive: 'ARCHIVE',
  clone: 'CLONE',
};

/** The id parameter of a pool's or a training's operation and log steps (docs: training-open-operation.yaml `training_id`). */
const idParameter = (pool: Pool) => (pool.training ? { training_id: pool.id } : { pool_id: pool.id });

/**
 * Pools (docs: pools): created CLOSED in an active project, replaced whole while closed (PUT),
 * their priority patched, opened, closed (for good or for an update), archived and cloned
 * through operations, with the status checks of the reference: 204 when the pool is there
 * already, 409 when the action is not allowed in its status (INAPPROPRIATE_STATUS with the
 * statuses it needs), 409 EMPTY_POOL for a pool without tasks.
 */
export class Pools {
  readonly #ids: Ids;
  readonly #scheduler: Scheduler;
  readonly #operations: Operations;
  readonly #texts: TimeTexts;
  /** POOL.CLOSE operations that close a pool for an update (their pools reopen by themselves). */
  readonly #forUpdate = new WeakSet<Operation>();
  /** Told when a pool opens (the crowd comes for its tasks). */
  onOpen: (account: Account, pool: Pool) => void = () => {};
  /** What the rewards of a pool's open work come to (the crowd counts it). */
  costToFinish: (account: Account, pool: Pool) => number = () => 0;
  /** A pool closed by itself (its will_expire passed): the webhooks tell. */
  onClosedBySelf: (account: Account, pool: Pool) => void = () => {};

  constructor(ids: Ids, scheduler: Scheduler, operations: Operations, texts: TimeTexts) {
    this.#ids = ids;
    this.#scheduler = scheduler;
    this.#operations = operations;
    this.#texts = texts;
  }

  /** A pool, or with `training` a training pool (the one is not found as the other). */
  get(account: Account, id: string, training = false): Pool {
    const pool = account.pools.get(id);
    if (!pool || (pool.training === true) !== training) throw errors.notFound(training ? 'training' : 'pool', id);
    return pool;
  }

  /** POST /pools, /trainings: a CLOSED pool of an active project (trainings share the pools' ids, as tasks name either by `pool_id`). */
  create(account: Account, form: PoolForm | TrainingForm, now: number, training = false): Pool {
    this.#checkProject(account, form.project_id);
    const { project_id, ...rest } = this.#withCollectorIds(form);
    const id = String(this.#ids.counter(`toloka-pool:${account.token}`, firstFreeId(account.pools)));
    const base = { id, project_id, status: 'CLOSED' as const, updatedAt: now, created: this.#texts.of(now), itemCount: 0 };
    const pool: Pool = training ? { ...base, form: rest, training: true } : { ...base, form: { type: 'REGULAR', ...rest } };
    account.pools.set(id, pool);
    return pool;
  }

  /** PUT /pools/{id}, /trainings/{id}: the whole pool again; "the pool can't be edited if it's open" (docs: update-pool). */
  update(account: Account, id: string, form: PoolForm | TrainingForm, now: number, training = false): Pool {
    const pool = this.get(account, id, training);
    if (pool.status !== 'CLOSED') throw errors.inappropriateStatus(pool.status, ['CLOSED']);
    this.#checkProject(account, form.project_id);
    const { project_id, ...rest } = this.#withCollectorIds(form);
    pool.project_id = project_id;
    pool.form = training ? rest : { type: 'REGULAR', ...rest };
    pool.updatedAt = now;
    return pool;
  }

  /**
   * The form with an id for each quality control collector that has none: the server makes it
   * (OAS CollectorConfigDtoV1 requires `uuid`; the example pool-id.yaml shows one). A clone keeps
   * its source's (toloka-kit: "both pools start using the same collector").
   */
  #withCollectorIds<F extends PoolForm | TrainingForm>(form: F): F {
    const qc = (form as { quality_control?: Record<string, unknown> }).quality_control;
    const configs = qc?.configs;
    if (!Array.isArray(configs)) return form;
    const withIds = configs.map((c: unknown) => {
      if (typeof c !== 'object' || c === null) return c;
      const collector = (c as { collector_config?: unknown }).collector_config;
      if (typeof collector !== 'object' || collector === null || typeof (collector as { uuid?: unknown }).uuid === 'string') return c;
      return { ...c, collector_config: { ...collector, uuid: this.#ids.uuid('toloka-collector') } };
    });
    return { ...form, quality_control: { ...qc, configs: withIds } };
  }

  /** PATCH /pools/{id}: the priority of an open or closed pool. */
  patch(account: Account, id: string, priority: number, now: number): Pool {
    const pool = this.get(account, id);
    if (pool.status !== 'OPEN' && pool.status !== 'CLOSED') throw errors.inappropriateStatus(pool.status);
    // A new form, not a change of this one: forms may be shared with other accounts (accounts.ts).
    pool.form = { ...pool.form, priority };
    pool.updatedAt = now;
    return pool;
  }

  #checkProject(account: Account, projectId: string): void {
    const project = account.projects.get(projectId);
    if (!project) throw errors.validation({ project_id: fieldError('ENTITY_DOES_NOT_EXIST') });
    if (project.status !== 'ACTIVE') throw errors.projectInappropriateStatus(projectId);
  }

  /** POST /pools/{id}/open|close|close-for-update|archive|clone. */
  action(account: Account, input: PoolActionInput, now: number): PoolActionResult {
    const pool = this.get(account, input.poolId, input.training);
    const status = pool.status;
    switch (input.action) {
      case 'open':
        // docs: "If the pool is already open, an empty response with status 204 is returned."
        if (status === 'OPEN') return { kind: 'unchanged' };
        if (status !== 'CLOSED') throw errors.inappropriateStatus(status, ['CLOSED']);
        if (pool.itemCount === 0) throw errors.emptyPool();
        {
          const short = this.#shortOf(account, pool);
          if (short !== undefined) throw errors.notEnoughBalance(short);
        }
        break;
      case 'close':
      case 'close-for-update':
        if (status === 'CLOSED') return { kind: 'unchanged' };
        if (status !== 'OPEN') throw errors.inappropriateStatus(status, ['OPEN']);
        break;
      case 'archive':
        if (status === 'ARCHIVED') return { kind: 'unchanged' };
        if (status !== 'CLOSED') throw errors.inappropriateStatus(status, ['CLOSED']);
        break;
      case 'clone':
        break;
    }
    const type = `${input.training ? 'TRAINING' : 'POOL'}.${OPERATION[input.action]}` as OperationType;
    const op = this.#operations.launch(account, { type, parameters: idParameter(pool), plan: input.plan, poolId: pool.id, failure: input.failure() }, now);
    if (input.action === 'close-for-update') this.#forUpdate.add(op);
    return { kind: 'operation', op };
  }

  /** open_pool=true: opens a closed pool the created objects went to; its log step (undefined when there is nothing to open). */
  openNow(account: Account, poolId: string, now: number): LogEntry | undefined {
    const pool = account.pools.get(poolId);
    if (!pool || pool.status !== 'CLOSED') return undefined;
    if (pool.itemCount === 0) return this.#operations.failedStep('POOL_OPEN', { pool_id: pool.id }, 'EMPTY_POOL', EMPTY_POOL_MESSAGE);
    const short = this.#shortOf(account, pool);
    if (short !== undefined) return this.#operations.failedStep('POOL_OPEN', { pool_id: pool.id }, 'NOT_ENOUGH_BALANCE', short);
    this.#open(account, pool, now);
    return { type: 'POOL_OPEN', success: true, input: { pool_id: pool.id }, output: {} };
  }

  /**
   * docs (guide/concepts/pool-run-and-stop.md): a pool starts if "you have enough money in your
   * account to pay for the pool tasks, including the overlap". The refusal's text when the money
   * left to spend is short of what the pool's open work costs (`costToFinish`); undefined when it is not.
   */
  #shortOf(account: Account, pool: Pool): string | undefined {
    const cost = this.costToFinish(account, pool);
    const left = available(account);
    return cost > left ? notEnoughText(`pool ${pool.id}'s tasks with their overlap`, cost, left) : undefined;
  }

  /** Closes an open pool (a POOL.CLOSE operation, or the crowd when every task is done). */
  close(pool: Pool, reason: CloseReason, now: number): void {
    if (pool.status !== 'OPEN') return;
    poolLifecycle.moveStatus(pool, 'CLOSED', now);
    pool.last_stopped = this.#texts.of(now);
    pool.last_close_reason = reason;
  }

  #open(account: Account, pool: Pool, now: number): void {
    poolLifecycle.moveStatus(pool, 'OPEN', now);
    pool.last_started = this.#texts.of(now);
    this.onOpen(account, pool);
    this.#expireAt(account, pool, now);
  }

  /**
   * OAS `will_expire`: "when the pool needs to be closed (even if not all task suites have been
   * completed)"; it closes with `last_close_reason` EXPIRED. A pool opened past it closes at once.
   */
  #expireAt(account: Account, pool: Pool, now: number): void {
    const text = pool.form.will_expire;
    const at = typeof text === 'string' ? Date.parse(`${text}Z`) : Number.NaN;
    if (!Number.isFinite(at)) return;
    const started = pool.last_started;
    const expire = () => {
      // The same opening of the same pool, and the same deadline (a closed pool's form may be replaced).
      if (account.pools.get(pool.id) !== pool || pool.status !== 'OPEN' || pool.last_started !== started || pool.form.will_expire !== text) return;
      this.close(pool, 'EXPIRED', this.#scheduler.clock.now());
      this.onClosedBySelf(account, pool);
    };
    if (at <= now) expire();
    else this.#scheduler.at(at, expire, `toloka pool ${pool.id} expires`);
  }

  /** The end of a POOL.* or TRAINING.* operation. */
  finish(account: Account, op: Operation, now: number): { status: OperationStatus; log: LogEntry[] } {
    const pool = account.pools.get(op.poolId!)!;
    const stepType = op.type.replace('.', '_');
    const input = idParameter(pool);
    const ok = (output: Record<string, unknown> = {}) => ({ status: 'SUCCESS' as const, log: [{ type: stepType, success: true, input, output }] });
    if (op.failure) {
      return { status: 'FAIL', log: [this.#operations.failedStep(stepType, input, 'OPERATION_EXECUTION_ERROR', op.failure.message ?? 'Operation execution failed')] };
    }
    switch (op.type.slice(op.type.indexOf('.') + 1)) {
      case 'OPEN': {
        if (pool.status === 'OPEN') return ok();
        const step = this.openNow(account, pool.id, now);
        if (!step) return { status: 'FAIL', log: [this.#operations.failedStep(stepType, input, 'INAPPROPRIATE_STATUS', `The pool is ${pool.status}, operation is not allowed`)] };
        return { status: step.success ? 'SUCCESS' : 'FAIL', log: [{ ...step, type: stepType, input }] };
      }
      case 'CLOSE': {
        const forUpdate = this.#forUpdate.has(op);
        this.close(pool, forUpdate ? 'FOR_UPDATE' : 'MANUAL', now);
        if (forUpdate) this.#reopenLater(account, pool, now);
        return ok();
      }
      case 'ARCHIVE':
        if (pool.status === 'CLOSED') poolLifecycle.moveStatus(pool, 'ARCHIVED', now);
        return ok();
      case 'CLONE': {
        // docs (clone-pool): "an empty pool with the same parameters"; details.pool_id (training_id) is the new one.
        const id = String(this.#ids.counter(`toloka-pool:${account.token}`, firstFreeId(account.pools)));
        const base = { id, project_id: pool.project_id, status: 'CLOSED' as const, updatedAt: now, created: this.#texts.of(now), form: structuredClone(pool.form), itemCount: 0 };
        const clone: Pool = pool.training ? { ...base, training: true } : base;
        account.pools.set(id, clone);
        op.details = idParameter(clone);
        return ok(idParameter(clone));
      }
      default:
        throw new Error(`no pool finisher for ${op.type}`);
    }
  }

  /** A pool closed for an update opens again by itself 15 minutes later, unless it was opened or closed again meanwhile. */
  #reopenLater(account: Account, pool: Pool, now: number): void {
    const stopped = pool.last_stopped;
    this.#scheduler.at(
      now + REOPEN_AFTER_UPDATE_MS,
      () => {
        if (account.pools.get(pool.id) !== pool || pool.status !== 'CLOSED' || pool.last_close_reason !== 'FOR_UPDATE' || pool.last_stopped !== stopped) return;
        if (pool.itemCount > 0) this.#open(account, pool, this.#scheduler.clock.now());
      },
      `toloka pool ${pool.id} reopens after an update`,
    );
  }
}
