import { jobLogger, type Level, type Logger } from '../../../core/logger.js';
import { extendDuration, startStep, type DurationSpec } from '../../../core/steps.js';
import type { ApiContext } from '../../api.js';
import type { JobView } from '../../api.js';
import { jobNotFound, jobTerminal, jobView } from '../../job-view.js';
import { errors } from '../errors.js';
import { operationHistory, operationLifecycle, progressOf, type Account, type LogEntry, type Operation, type OperationStatus } from '../model.js';
import type { ListSpec } from './lists.js';
import type { TimeTexts } from './time-texts.js';
import type { Accounts } from './accounts.js';

/** GET /operations (docs: get-operations): type, status, id, submitted and finished filters. */
export const OPERATION_LIST: ListSpec<Operation> = {
  id: (o) => o.id,
  times: { submitted: (o) => o.createdAt, finished: (o) => o.finishedAt },
  equals: { type: (o) => o.type, status: (o) => o.state },
  defaultLimit: 50,
  maxLimit: 500,
};

/** An operation as the admin API and the dashboard show it. */
export function operationJobView(op: Operation, now: number): JobView {
  return jobView(
    'toloka',
    operationLifecycle,
    op,
    op.type,
    {
      parameters: op.parameters,
      items: op.counts?.total_count ?? op.batch?.items.length ?? null,
      invalidItems: op.batch ? op.batch.items.filter((i) => i.errors).length : null,
      progress: progressOf(op, now),
      details: op.counts ?? op.details ?? null,
      failure: op.failure ?? null,
      logArchived: op.logArchived,
    },
    operationHistory(op),
  );
}

/** What an operation of one type does when it ends: its final status and log. */
export type Finisher = (account: Account, op: Operation, now: number) => { status: OperationStatus; log: LogEntry[] };

type NewOperation = Pick<Operation, 'id' | 'account' | 'type' | 'createdAt' | 'submittedText' | 'parameters' | 'plan' | 'batch' | 'poolId' | 'failure'>;

/**
 * An operation with every field it will ever have, in one order: one hidden class, every field
 * in the object. Fields added as the operation moves on went to a separate property array (a
 * heap snapshot: 124 bytes more per operation, and operations are kept as long as the stand).
 */
export function newOperation(init: NewOperation): Operation {
  return {
    id: init.id,
    account: init.account,
    type: init.type,
    createdAt: init.createdAt,
    state: operationLifecycle.initial,
    updatedAt: init.createdAt,
    parameters: init.parameters,
    plan: init.plan,
    batch: init.batch,
    poolId: init.poolId,
    failure: init.failure,
    startedAt: undefined,
    finishedAt: undefined,
    submittedText: init.submittedText,
    startedText: undefined,
    finishedText: undefined,
    runMs: undefined,
    runPolls: undefined,
    step: undefined,
    expiry: undefined,
    counts: undefined,
    log: undefined,
    logArchived: false,
  };
}

/**
 * Operations on the stand's clock (docs: operations): PENDING for `pending`, RUNNING for
 * `running` (plus `perItemMs` per item), then the type's finisher decides SUCCESS or FAIL and
 * writes the log, which is archived `logTtlMs` later. Every move is a step of the operation, so
 * a reset (which cancels the steps) leaves nothing behind to fire in the next generation.
 */
export class Operations {
  readonly #ctx: ApiContext;
  readonly #accounts: Accounts;
  readonly #finisher: (op: Operation) => Finisher;
  // The steps' callbacks, one of each: a pending step holds its operation and one of these.
  readonly #startOp = (op: Operation) => this.#start(op);
  readonly #finishOp = (op: Operation) => this.#finish(op);
  readonly #archiveOp = (op: Operation) => this.#archive(op);
  /** Toloka's texts of times: every object and operation step of one moment shares one string. */
  readonly #texts: TimeTexts;

  constructor(ctx: ApiContext, accounts: Accounts, finisher: (op: Operation) => Finisher, texts: TimeTexts) {
    this.#ctx = ctx;
    this.#accounts = accounts;
    this.#finisher = finisher;
    this.#texts = texts;
  }

  /** A failed step that is not a validation: `{code, message, request_id}` (docs: operation log; seen with EMPTY_POOL). */
  failedStep(type: string, input: unknown, code: string, message: string): LogEntry {
    return { type, success: false, input, output: { code, message, request_id: this.#ctx.ids.uuid('toloka-request') } };
  }

  /** A new operation of the stand's id (not a batch: those may carry the client's operation_id), submitted now. */
  launch(account: Account, init: Pick<Operation, 'type' | 'parameters' | 'plan' | 'poolId' | 'failure'>, now: number, items = 1): Operation {
    const op = newOperation({
      id: this.#ctx.ids.uuid('toloka-operation'),
      account: account.token,
      createdAt: now,
      submittedText: this.#texts.of(now),
      batch: undefined,
      ...init,
    });
    this.submit(account, op, items);
    return op;
  }

  /** Takes an operation in: counted against the account's limit, PENDING from now. */
  submit(account: Account, op: Operation, items: number): void {
    if (account.liveOperations >= this.#ctx.config.maxJobsPerAccount) throw errors.tooManyOperations(this.#ctx.config.maxJobsPerAccount);
    account.liveOperations++;
    account.operations.set(op.id, op);
    this.#log(op, 'info')?.info({ type: op.type, items }, 'operation submitted');
    op.step = startStep(this.#ctx.scheduler, op.plan.pending, this.#random(), op, this.#startOp, 'toloka operation');
  }

  #start(op: Operation): void {
    const now = this.#ctx.clock.now();
    this.#move(op, 'RUNNING');
    op.startedAt = now;
    op.startedText = this.#texts.of(now);
    const items = op.batch?.items.length ?? 1;
    const duration: DurationSpec = extendDuration(op.plan.running, Math.round(items * op.plan.perItemMs));
    op.runPolls = typeof duration === 'object' && 'polls' in duration ? duration.polls : undefined;
    op.step = startStep(this.#ctx.scheduler, duration, this.#random(), op, this.#finishOp, 'toloka operation');
    op.runMs = op.step.dueAt === undefined ? undefined : op.step.dueAt - now;
    this.#log(op, 'debug')?.debug('operation running');
  }

  #finish(op: Operation): void {
    const now = this.#ctx.clock.now();
    op.step = undefined;
    const { status, log } = this.#finisher(op)(this.#accounts.get(op.account), op, now);
    op.log = log;
    op.finishedAt = now;
    op.finishedText = this.#texts.of(now);
    this.#move(op, status);
    this.#log(op, 'info')?.info({ status, counts: op.counts }, 'operation finished');
    // Logs are kept logTtlMs (a month); then they answer OPERATION_LOGS_ARCHIVED and the memory is freed.
    op.expiry = startStep(this.#ctx.scheduler, op.plan.logTtlMs, this.#random(), op, this.#archiveOp, 'toloka log expiry');
  }

  #archive(op: Operation): void {
    op.expiry = undefined;
    op.log = undefined;
    // The inputs (as big as the log) go with it; the operation itself stays readable, its
    // details from its counts.
    op.batch = undefined;
    op.logArchived = true;
    const account = this.#accounts.peek(op.account);
    if (account) account.liveOperations--;
  }

  /** The operation of this account; DOES_NOT_EXIST otherwise (another token's operation too). */
  get(account: Account, id: string): Operation {
    const op = account.operations.get(id);
    if (!op) throw errors.notFound('operation', id);
    return op;
  }

  /** An ended operation's log: one step per input item, in input order; [] until it ends; OPERATION_LOGS_ARCHIVED after logTtlMs. */
  log(op: Operation): LogEntry[] {
    if (op.logArchived || (op.finishedAt !== undefined && this.#ctx.clock.now() >= op.finishedAt + op.plan.logTtlMs)) {
      throw errors.logsArchived(op.id);
    }
    return op.log ?? [];
  }

  /** Every operation of every account (ids may repeat across accounts: operation_id is the client's). */
  *all(): IterableIterator<Operation> {
    for (const account of this.#accounts.all()) yield* account.operations.values();
  }

  /** An operation by id, in any account (the control plane); the latest one when accounts share the id. */
  find(id: string): Operation | undefined {
    let found: Operation | undefined;
    for (const account of this.#accounts.all()) {
      const op = account.operations.get(id);
      if (op && (!found || op.createdAt >= found.createdAt)) found = op;
    }
    return found;
  }

  /** PENDING -> RUNNING, or RUNNING -> SUCCESS/FAIL, now. */
  advance(id: string): Operation {
    const op = this.#moving(id);
    op.step?.fire();
    return op;
  }

  /** Through to SUCCESS (or FAIL, if the batch or a scripted fault says so) now. */
  complete(id: string): Operation {
    const op = this.#moving(id);
    while (!operationLifecycle.isTerminal(op.state) && op.step) op.step.fire();
    return op;
  }

  #moving(id: string): Operation {
    const op = this.find(id);
    if (!op) throw jobNotFound('toloka', id);
    if (operationLifecycle.isTerminal(op.state)) throw jobTerminal('toloka', id, op.state);
    return op;
  }

  /** Cancels every operation's steps (the accounts are dropped with them). */
  reset(): void {
    for (const op of this.all()) {
      op.step?.cancel();
      op.expiry?.cancel();
    }
  }

  #move(op: Operation, to: OperationStatus): void {
    operationLifecycle.move(op, to, this.#ctx.clock.now(), this.#ctx.logger);
  }

  #random() {
    return this.#ctx.ids.random('toloka-durations');
  }

  #log(op: Operation, level: Level): Logger | undefined {
    return jobLogger(this.#ctx.logger, 'toloka', op.id, level);
  }
}
