import type { Ids } from '../../../core/random.js';
import { errors } from '../errors.js';
import type { Account, LogEntry, Operation, OperationStatus, Pool } from '../model.js';
import type { TolokaPlan } from '../plan.js';
import { newOperation, type Operations } from './operations.js';
import type { TimeTexts } from './time-texts.js';

const EMPTY_POOL_MESSAGE = 'Pool contains no tasks. Operation is not allowed';

/** What a pool action comes to: an operation, or nothing to do (the pool is there already: 204). */
export type PoolActionResult = { kind: 'operation'; op: Operation } | { kind: 'unchanged' };

export interface PoolActionInput {
  readonly poolId: string;
  readonly action: 'open' | 'close';
  readonly plan: TolokaPlan;
  /** A scripted failure of the operation, if a rule fires (asked only when an operation is made). */
  readonly failure: () => { message: string | undefined } | undefined;
}

/** Pools (docs: pools): reading one, and opening and closing it through POOL.OPEN / POOL.CLOSE operations. */
export class Pools {
  readonly #ids: Ids;
  readonly #operations: Operations;

  readonly #texts: TimeTexts;

  constructor(ids: Ids, operations: Operations, texts: TimeTexts) {
    this.#ids = ids;
    this.#operations = operations;
    this.#texts = texts;
  }

  get(account: Account, id: string): Pool {
    const pool = account.pools.get(id);
    if (!pool) throw errors.notFound('pool', id);
    return pool;
  }

  /** POST /pools/{id}/open|close: an operation, or nothing when the pool is already there. */
  action(account: Account, input: PoolActionInput, now: number): PoolActionResult {
    const pool = this.get(account, input.poolId);
    if (pool.status === 'ARCHIVED') throw errors.inappropriateStatus(pool.status);
    const target = input.action === 'open' ? 'OPEN' : 'CLOSED';
    // docs: "If the pool is already open, an empty response with status 204 is returned."
    if (pool.status === target) return { kind: 'unchanged' };
    const op = newOperation({
      id: this.#ids.uuid('toloka-operation'),
      account: account.token,
      type: input.action === 'open' ? 'POOL.OPEN' : 'POOL.CLOSE',
      createdAt: now,
      submittedText: this.#texts.of(now),
      parameters: { pool_id: pool.id },
      plan: input.plan,
      batch: undefined,
      poolId: pool.id,
      failure: input.failure(),
    });
    this.#operations.submit(account, op, 1);
    return { kind: 'operation', op };
  }

  /** open_pool=true: opens a closed pool the created objects went to; its log step (undefined when there is nothing to open). */
  openNow(account: Account, poolId: string, now: number): LogEntry | undefined {
    const pool = account.pools.get(poolId);
    if (!pool || pool.status !== 'CLOSED') return undefined;
    if (pool.itemCount === 0) return this.#operations.failedStep('POOL_OPEN', { pool_id: pool.id }, 'EMPTY_POOL', EMPTY_POOL_MESSAGE);
    pool.status = 'OPEN';
    pool.last_started = this.#texts.of(now);
    return { type: 'POOL_OPEN', success: true, input: { pool_id: pool.id }, output: {} };
  }

  /** The end of a POOL.OPEN or POOL.CLOSE operation. */
  finish(account: Account, op: Operation, now: number): { status: OperationStatus; log: LogEntry[] } {
    const pool = account.pools.get(op.poolId!)!;
    const stepType = op.type === 'POOL.OPEN' ? 'POOL_OPEN' : 'POOL_CLOSE';
    const input = { pool_id: pool.id };
    if (op.failure) {
      return { status: 'FAIL', log: [this.#operations.failedStep(stepType, input, 'OPERATION_EXECUTION_ERROR', op.failure.message ?? 'Operation execution failed')] };
    }
    if (op.type === 'POOL.OPEN') {
      if (pool.status === 'OPEN') return { status: 'SUCCESS', log: [{ type: stepType, success: true, input, output: {} }] };
      const step = this.openNow(account, pool.id, now)!;
      return { status: step.success ? 'SUCCESS' : 'FAIL', log: [step] };
    }
    if (pool.status === 'OPEN') {
      pool.status = 'CLOSED';
      pool.last_stopped = this.#texts.of(now);
      pool.last_close_reason = 'MANUAL';
    }
    return { status: 'SUCCESS', log: [{ type: stepType, success: true, input, output: {} }] };
  }
}
