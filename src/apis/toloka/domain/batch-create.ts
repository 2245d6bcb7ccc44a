import type { Ids } from '../../../core/random.js';
import type { FaultAction } from '../../../scenarios/common.js';
import { errors, fieldError, type FieldErrors } from '../errors.js';
import type { Account, BatchItem, BatchKind, Counts, LogEntry, Operation, OperationStatus, OperationType, StoredObject } from '../model.js';
import type { TolokaPlan } from '../plan.js';
import type { CreateParams } from '../schemas.js';
import { available, notEnoughText } from './balance.js';
import { ObjectFactory } from './objects.js';
import { newOperation, type Operations } from './operations.js';
import type { TimeTexts } from './time-texts.js';
import type { Pools } from './pools.js';
import { isObject, readItem, validateItem } from './validation.js';

/** Per kind of batch: the operation type, the log step types and the output key (docs: operation log). */
export const BATCH: Record<BatchKind, { type: OperationType; create: string; validate: string; output: string; what: string }> = {
  tasks: { type: 'TASK.BATCH_CREATE', create: 'TASK_CREATE', validate: 'TASK_VALIDATE', output: 'task_id', what: 'task' },
  'task-suites': { type: 'TASK_SUITE.BATCH_CREATE', create: 'TASK_SUITE_CREATE', validate: 'TASK_SUITE_VALIDATE', output: 'task_suite_id', what: 'task suite' },
  'user-bonuses': { type: 'USER_BONUS.BATCH_CREATE', create: 'USER_BONUS_PERSIST', validate: 'USER_BONUS_VALIDATE', output: 'user_bonus_id', what: 'user bonus' },
};

/** What a create request comes to: an operation (async_mode), one object, or a batch's objects and errors. */
export type CreateResult =
  | { kind: 'operation'; op: Operation }
  | { kind: 'object'; object: StoredObject }
  | { kind: 'batch'; items: Record<string, StoredObject>; validationErrors: Record<string, FieldErrors> };

/** One create request, validated at the edge for its query and body shape. */
export interface CreateInput {
  readonly kind: BatchKind;
  readonly body: unknown;
  readonly params: CreateParams;
  readonly plan: TolokaPlan;
  /** The scripted fault of this request (fail, invalid), if one fired. */
  readonly fault: FaultAction | undefined;
}

/**
 * Batch creates of tasks, task suites and user bonuses (docs: create-task, create-task-suite,
 * create-bonus): items are validated at submission against the account's pools and Tolokers;
 * synchronous creates answer at once, asynchronous ones create when their operation ends.
 */
export class BatchCreates {
  readonly #ids: Ids;
  readonly #operations: Operations;
  readonly #pools: Pools;
  readonly objects: ObjectFactory;

  readonly #texts: TimeTexts;

  constructor(ids: Ids, operations: Operations, pools: Pools, texts: TimeTexts) {
    this.#ids = ids;
    this.#operations = operations;
    this.#pools = pools;
    this.#texts = texts;
    this.objects = new ObjectFactory(ids, texts);
  }

  create(account: Account, input: CreateInput, now: number): CreateResult {
    const { params, kind, plan, fault } = input;
    const body = input.body;
    if (!isObject(body) && !Array.isArray(body)) throw errors.noBody();
    const inputs: unknown[] = Array.isArray(body) ? body : [body];
    // OAS post /user-bonuses: "Maximum of 100 bonuses per request" without async_mode.
    const max = params.asyncMode ? plan.maxAsyncItems : kind === 'user-bonuses' ? Math.min(SYNC_BONUSES, plan.maxSyncItems) : plan.maxSyncItems;
    if (inputs.length > max) throw errors.tooManyItems(inputs.length, max, params.asyncMode ? 'async' : 'sync');
    // operation_id is the request's idempotency key in either mode (OAS: "Can be used for any
    // method of request processing"; toloka-kit's sync create_user_bonus sends one): a repeat is 409.
    if (params.operationId !== undefined && (account.operations.has(params.operationId) || account.syncOperationIds.has(params.operationId))) {
      throw errors.operationExists(params.operationId);
    }
    const vctx = { account, allowDefaults: params.allowDefaults, plan };
    // Bonuses are paid from the money left to spend, in the request's order (domain/balance.ts).
    let left = kind === 'user-bonuses' ? available(account) : 0;
    const items: BatchItem[] = inputs.map((sent, i) => {
      const item = readItem(kind, sent);
      let found = validateItem(kind, item, vctx);
      if (kind === 'user-bonuses' && found === null) {
        const amount = (item as { amount: number }).amount;
        if (amount > left) found = { amount: fieldError('NOT_ENOUGH_BALANCE', notEnoughText('this bonus', amount, left)) };
        else left -= amount;
      }
      return { input: item, errors: withFault(found, fault, i) };
    });
    if (kind === 'user-bonuses' && hasTwinBonuses(items)) throw errors.bonusConflict();
    if (!params.asyncMode) {
      const created = this.#createSync(account, kind, items, !Array.isArray(body), params, now);
      if (params.operationId !== undefined) account.syncOperationIds.add(params.operationId);
      return created;
    }

    const op = newOperation({
      id: params.operationId ?? this.#ids.uuid('toloka-operation'),
      account: account.token,
      type: BATCH[kind].type,
      createdAt: now,
      submittedText: this.#texts.of(now),
      parameters: batchParameters(kind, params),
      plan,
      batch: { kind, items, skipInvalid: params.skipInvalidItems, allowDefaults: params.allowDefaults, openPool: params.openPool },
      poolId: undefined,
      failure: fault?.type === 'fail' ? { message: fault.message } : undefined,
    });
    this.#operations.submit(account, op, items.length);
    return { kind: 'operation', op };
  }

  /** async_mode=false: everything now, the object (one) or {items, validation_errors} (array). */
  #createSync(account: Account, kind: BatchKind, items: BatchItem[], single: boolean, params: CreateParams, now: number): CreateResult {
    if (single) {
      const item = items[0]!;
      if (item.errors) throw errors.validation(item.errors);
      const object = this.objects.create(account, kind, item.input as Record<string, unknown>, now);
      if (params.openPool && object.poolId) this.#pools.openNow(account, object.poolId, now);
      return { kind: 'object', object };
    }
    const invalid: Record<string, FieldErrors> = {};
    let valid = 0;
    items.forEach((it, i) => {
      if (it.errors) invalid[String(i)] = it.errors;
      else valid++;
    });
    // Nothing is created when an item is invalid and skip_invalid_items is off, or when no item is valid.
    if (Object.keys(invalid).length > 0 && (!params.skipInvalidItems || valid === 0)) throw errors.validation(invalid);
    const created: Record<string, StoredObject> = {};
    const pools = new Set<string>();
    items.forEach((it, i) => {
      if (it.errors) return;
      const object = this.objects.create(account, kind, it.input as Record<string, unknown>, now);
      created[String(i)] = object;
      if (object.poolId) pools.add(object.poolId);
    });
    if (params.openPool) for (const p of pools) this.#pools.openNow(account, p, now);
    return { kind: 'batch', items: created, validationErrors: invalid };
  }

  /** The end of a batch operation: its objects are created now (all, the valid ones, or none), one log step per item. */
  finish(account: Account, op: Operation, now: number): { status: OperationStatus; log: LogEntry[] } {
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
        const obj = this.objects.create(account, batch.kind, it.input as Record<string, unknown>, now);
        if (obj.poolId && !pools.includes(obj.poolId)) pools.push(obj.poolId);
        log.push({ type: meta.create, success: true, input: it.input, output: { [meta.output]: obj.id } });
      } else if (op.failure) {
        log.push(this.#operations.failedStep(meta.create, it.input, 'OPERATION_EXECUTION_ERROR', op.failure.message ?? 'Operation execution failed; nothing was created'));
      } else {
        // A valid item of a batch that was not created (another item is invalid and
        // skip_invalid_items is off): a failed step with no field errors, so that clients that map
        // the log back (toloka-kit) see it as not created.
        log.push({ type: meta.validate, success: false, input: it.input, output: {} });
      }
    }
    if (create && batch.openPool) {
      for (const p of pools) {
        const step = this.#pools.openNow(account, p, now);
        if (step) log.push(step);
      }
    }
    op.counts = this.#counts(total, valid, create);
    return { status: create ? 'SUCCESS' : 'FAIL', log };
  }

  /**
   * An operation's counts: one frozen object per combination, shared by the operations that end
   * with it (operations are kept as long as the stand, and most batches end alike). At most
   * COUNTS_KEPT combinations are kept; others get their own.
   */
  #counts(total: number, valid: number, create: boolean): Counts {
    const key = `${total} ${valid} ${create}`;
    let counts = this.#countsSeen.get(key);
    if (counts) return counts;
    counts = Object.freeze({
      total_count: total,
      valid_count: valid,
      not_valid_count: total - valid,
      success_count: create ? valid : 0,
      failed_count: create ? total - valid : total,
    });
    if (this.#countsSeen.size < COUNTS_KEPT) this.#countsSeen.set(key, counts);
    return counts;
  }

  readonly #countsSeen = new Map<string, Counts>();

  reset(): void {
    this.objects.reset();
  }
}

/** Combinations of counts shared (BatchCreates.#counts). */
const COUNTS_KEPT = 10_000;

/**
 * The `parameters` of a batch operation (docs: Operation): a constant table of one frozen object
 * per combination, shared by every operation (operations are kept as long as the stand).
 */
const BOOLS = [false, true] as const;
const PARAMETERS: ReadonlyMap<string, Readonly<Record<string, boolean>>> = new Map(
  BOOLS.flatMap((open_pool) =>
    BOOLS.flatMap((allow_defaults) =>
      BOOLS.flatMap((skip_invalid_items) => [
        [`batch ${open_pool} ${allow_defaults} ${skip_invalid_items}`, Object.freeze({ open_pool, allow_defaults, skip_invalid_items })] as const,
        [`bonus ${skip_invalid_items}`, Object.freeze({ skip_invalid_items })] as const,
      ]),
    ),
  ),
);

function batchParameters(kind: BatchKind, p: CreateParams): Readonly<Record<string, boolean>> {
  const key = kind === 'user-bonuses' ? `bonus ${p.skipInvalidItems}` : `batch ${p.openPool} ${p.allowDefaults} ${p.skipInvalidItems}`;
  return PARAMETERS.get(key)!;
}

/** A scenario's "invalid" fault: the item (or every item) also fails on `field`. */
function withFault(errs: FieldErrors | null, fault: FaultAction | undefined, index: number): FieldErrors | null {
  if (fault?.type !== 'invalid' || (fault.item !== undefined && fault.item !== index)) return errs;
  return { ...(errs ?? {}), [fault.field]: fieldError(fault.code, fault.message) };
}

/** Most bonuses one synchronous request takes (OAS post /user-bonuses, `async_mode`). */
const SYNC_BONUSES = 100;

/**
 * Two valid bonuses of one request alike: the same Toloker, amount, title, message and comment
 * (OAS post /user-bonuses 409). Also in an async request, answered at submission (README, known differences).
 */
function hasTwinBonuses(items: readonly BatchItem[]): boolean {
  const seen = new Set<string>();
  for (const it of items) {
    if (it.errors) continue;
    const b = it.input as Record<string, unknown>;
    const key = JSON.stringify([b.user_id, b.amount, b.public_title ?? null, b.public_message ?? null, b.private_comment ?? null]);
    if (seen.has(key)) return true;
    seen.add(key);
  }
  return false;
}
