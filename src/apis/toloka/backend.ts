import type { ApiContext, JobFilter, JobView } from '../api.js';
import type { AuthedCall } from '../call-context.js';
import { jobView, matchesJobFilter } from '../job-view.js';
import { Accounts } from './domain/accounts.js';
import { BATCH, BatchCreates, type CreateResult } from './domain/batch-create.js';
import { runList, type ListSpec } from './domain/lists.js';
import { Operations, type Finisher } from './domain/operations.js';
import { Pools, type PoolActionResult } from './domain/pools.js';
import { TimeTexts } from './domain/time-texts.js';
import { errors } from './errors.js';
import { operationHistory, operationLifecycle, progressOf, type BatchKind, type LogEntry, type Operation, type Pool, type StoredObject } from './model.js';
import { parseListQuery, type CreateParams, type RawQuery } from './schemas.js';

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

/** One page of a list: `{"items", "has_more"}`. */
export interface ListPage<T> {
  items: T[];
  has_more: boolean;
}

/**
 * Toloka's rules, without HTTP: one call per request, each taking the call's context. The work
 * is split by concern (docs: https://toloka.ai/docs/api/api-reference/):
 * - domain/accounts.ts: an account per token, each with its own copy of the fixtures;
 * - domain/operations.ts: operations on the stand's clock, their logs and archiving;
 * - domain/batch-create.ts: creates of tasks, task suites and bonuses (sync and async);
 * - domain/pools.ts: pools, opening and closing them.
 */
export class TolokaBackend {
  readonly #ctx: ApiContext;
  readonly #accounts: Accounts;
  readonly #operations: Operations;
  readonly #pools: Pools;
  readonly #creates: BatchCreates;
  // What ends each kind of operation: a batch creates its objects, a pool operation moves the pool.
  readonly #finishBatch: Finisher = (account, op, now) => this.#creates.finish(account, op, now);
  readonly #finishPool: Finisher = (account, op, now) => this.#pools.finish(account, op, now);

  constructor(ctx: ApiContext) {
    this.#ctx = ctx;
    this.#accounts = new Accounts(ctx);
    const texts = new TimeTexts();
    this.#operations = new Operations(ctx, this.#accounts, (op) => (op.batch ? this.#finishBatch : this.#finishPool), texts);
    this.#pools = new Pools(ctx.ids, this.#operations, texts);
    this.#creates = new BatchCreates(ctx.ids, this.#operations, this.#pools, texts);
  }

  /** POST /tasks, /task-suites, /user-bonuses: validated at submission, created now or when the operation ends. */
  create(call: AuthedCall, kind: BatchKind, body: unknown, params: CreateParams): CreateResult {
    // A sync call never consumes a "fail" rule: only operations fail.
    const fault = this.#ctx.scenarios.jobFault(call, params.asyncMode ? ['fail', 'invalid'] : ['invalid']);
    const plan = this.#ctx.scenarios.scenarioOf(call).toloka;
    return this.#creates.create(this.#accounts.get(call.account), { kind, body, params, plan, fault }, this.#ctx.clock.now());
  }

  getPool(call: AuthedCall, id: string): Pool {
    return this.#pools.get(this.#accounts.get(call.account), id);
  }

  /** POST /pools/{id}/open|close. */
  poolAction(call: AuthedCall, poolId: string, action: 'open' | 'close'): PoolActionResult {
    const account = this.#accounts.get(call.account);
    const plan = this.#ctx.scenarios.scenarioOf(call).toloka;
    // A fault rule fires only for a request that makes an operation.
    const failure = () => {
      const fault = this.#ctx.scenarios.jobFault(call, ['fail']);
      return fault?.type === 'fail' ? { message: fault.message } : undefined;
    };
    return this.#pools.action(account, { poolId, action, plan, failure }, this.#ctx.clock.now());
  }

  /** GET /operations/{id}: the operation (a poll also counts for `{polls: N}` durations). */
  getOperation(call: AuthedCall, id: string): Operation {
    const op = this.#operations.get(this.#accounts.get(call.account), id);
    op.step?.poll();
    return op;
  }

  listOperations(call: AuthedCall, query: RawQuery): ListPage<Operation> {
    const q = parseListQuery(query, OPERATION_LIST);
    return runList(this.#accounts.get(call.account).operations.values(), q, OPERATION_LIST);
  }

  operationLog(call: AuthedCall, id: string): LogEntry[] {
    return this.#operations.log(this.#operations.get(this.#accounts.get(call.account), id));
  }

  getObject(call: AuthedCall, kind: BatchKind, id: string): StoredObject {
    const obj = this.#accounts.get(call.account).objects[kind].get(id);
    if (!obj) throw errors.notFound(BATCH[kind].what, id);
    return obj;
  }

  listObjects(call: AuthedCall, kind: BatchKind, query: RawQuery): ListPage<StoredObject> {
    const spec = OBJECT_LIST[kind];
    const q = parseListQuery(query, spec);
    return runList(this.#accounts.get(call.account).objects[kind].values(), q, spec);
  }

  // --- control plane -----------------------------------------------------------------------

  jobs(filter: JobFilter = {}): JobView[] {
    return [...this.#operations.all()].map((o) => this.#jobView(o)).filter((v) => matchesJobFilter(v, filter));
  }

  job(id: string): JobView | undefined {
    const op = this.#operations.find(id);
    return op && this.#jobView(op);
  }

  advance(id: string): JobView {
    return this.#jobView(this.#operations.advance(id));
  }

  complete(id: string): JobView {
    return this.#jobView(this.#operations.complete(id));
  }

  #jobView(op: Operation): JobView {
    return jobView(
      'toloka',
      operationLifecycle,
      op,
      op.type,
      {
      parameters: op.parameters,
      items: op.counts?.total_count ?? op.batch?.items.length ?? null,
      invalidItems: op.batch ? op.batch.items.filter((i) => i.errors).length : null,
      progress: progressOf(op, this.#ctx.clock.now()),
      details: op.counts ?? null,
      failure: op.failure ?? null,
      logArchived: op.logArchived,
      },
      operationHistory(op),
    );
  }

  reset(): void {
    this.#operations.reset();
    this.#accounts.reset();
    this.#creates.reset();
  }
}
