import { Lifecycle, type Transition } from '../../core/lifecycle.js';
import type { PendingStep } from '../../core/steps.js';
import type { FieldErrors } from './errors.js';
import type { FieldSpec } from './fixtures.js';
import type { TolokaPlan } from './plan.js';

/**
 * An operation's life (docs: https://toloka.ai/docs/api/api-reference/#get-/operations/-id-):
 * PENDING (queued), RUNNING (progress rises), then SUCCESS or FAIL. Terminal states stay; only
 * the log expires (after `logTtlMs`, one month by default).
 */
export type OperationStatus = 'PENDING' | 'RUNNING' | 'SUCCESS' | 'FAIL';

export const operationLifecycle = new Lifecycle<OperationStatus>('toloka operation', {
  initial: 'PENDING',
  transitions: {
    PENDING: ['RUNNING'],
    RUNNING: ['SUCCESS', 'FAIL'],
    SUCCESS: [],
    FAIL: [],
  },
  phases: { PENDING: 'waiting', RUNNING: 'running', SUCCESS: 'ok', FAIL: 'failed' },
});

export type BatchKind = 'tasks' | 'task-suites' | 'user-bonuses';
export type OperationType = 'TASK.BATCH_CREATE' | 'TASK_SUITE.BATCH_CREATE' | 'USER_BONUS.BATCH_CREATE' | 'POOL.OPEN' | 'POOL.CLOSE';

export type PoolStatus = 'OPEN' | 'CLOSED' | 'ARCHIVED';

/** A pool as one account sees it (its own copy of the fixture). */
export interface Pool {
  readonly id: string;
  readonly project_id: string;
  readonly private_name: string;
  status: PoolStatus;
  readonly type: 'REGULAR' | 'TRAINING';
  readonly created: string;
  readonly input_spec: Readonly<Record<string, FieldSpec>>;
  readonly defaults: { default_overlap_for_new_tasks?: number | undefined; default_overlap_for_new_task_suites?: number | undefined };
  /** Tasks and task suites created in it on the stand (an empty pool cannot be opened). */
  itemCount: number;
  last_started?: string;
  last_stopped?: string;
  last_close_reason?: string;
}

/** A created task, task suite or bonus: its wire view and what lists filter on. */
export interface StoredObject {
  readonly id: string;
  readonly created: number;
  readonly poolId: string | undefined;
  readonly userId: string | undefined;
  readonly view: Record<string, unknown>;
}

/** One account (token): its copy of the fixtures and everything it created. */
export interface Account {
  readonly token: string;
  readonly pools: Map<string, Pool>;
  readonly projects: Map<string, { id: string; public_name: string; status: string }>;
  readonly users: ReadonlySet<string>;
  readonly objects: Record<BatchKind, Map<string, StoredObject>>;
  readonly operations: Map<string, Operation>;
  /** Operations whose log is not archived yet (the --max-jobs-per-account limit). */
  liveOperations: number;
}

/** One log step: `input` is the submitted object itself (unknown keys too). */
export interface LogEntry {
  type: string;
  success: boolean;
  input: unknown;
  output: Record<string, unknown>;
}

/** An item of a batch as validated at submission. */
export interface BatchItem {
  readonly input: unknown;
  /** Field path -> error; null when the item is valid. */
  readonly errors: FieldErrors | null;
}

export interface Counts {
  total_count: number;
  valid_count: number;
  not_valid_count: number;
  success_count: number;
  failed_count: number;
}

export interface Operation {
  readonly id: string;
  readonly account: string;
  readonly type: OperationType;
  readonly createdAt: number;
  state: OperationStatus;
  updatedAt: number;
  readonly parameters: Record<string, unknown>;
  readonly plan: TolokaPlan;
  /** Batch operations: what was submitted, validated; the kind of object it creates. */
  batch?: { kind: BatchKind; items: BatchItem[]; skipInvalid: boolean; allowDefaults: boolean; openPool: boolean };
  /** Pool operations: the pool. */
  readonly poolId?: string;
  /** A scripted failure (scenario "fail" fault): the operation ends FAIL with this message. */
  readonly failure?: { message: string | undefined };
  startedAt?: number;
  finishedAt?: number;
  /**
   * `submitted`, `started` and `finished` as the wire writes them, made when each time is set:
   * clients poll an operation many times, and three timestamps formatted on every poll were
   * the largest share of what a poll allocated.
   */
  readonly submittedText: string;
  startedText?: string;
  finishedText?: string;
  /** RUNNING length in virtual ms (timer durations), for progress. */
  runMs?: number;
  /** Total polls of a {polls:N} RUNNING step, for progress. */
  runPolls?: number;
  /** The move to RUNNING, then to the end. */
  step?: PendingStep;
  /** After the end: the log's archiving, logTtlMs later. */
  expiry?: PendingStep;
  counts?: Counts;
  /** Written when the operation ends; dropped (archived) logTtlMs later. */
  log?: LogEntry[];
  logArchived: boolean;
}

/**
 * An operation's history, from its times: it keeps no list of transitions (operations are kept
 * as long as the stand, and a list of three transitions was a fifth of what each one kept).
 */
export function operationHistory(op: Operation): Transition<OperationStatus>[] {
  const history: Transition<OperationStatus>[] = [{ state: 'PENDING', at: op.createdAt }];
  if (op.startedAt !== undefined) history.push({ state: 'RUNNING', at: op.startedAt });
  if (op.finishedAt !== undefined) history.push({ state: op.state, at: op.finishedAt });
  return history;
}

/** An operation's `progress`, 0..100 (docs: Operation.progress): how far its RUNNING time or polls have gone. */
export function progressOf(op: Operation, now: number): number {
  if (op.state === 'SUCCESS' || op.state === 'FAIL') return 100;
  if (op.state !== 'RUNNING' || !op.step) return 0;
  let p = 0;
  if (op.step.mode === 'timer' && op.runMs) p = ((now - op.startedAt!) / op.runMs) * 100;
  else if (op.step.mode === 'polls' && op.runPolls) p = ((op.runPolls - (op.step.pollsLeft ?? op.runPolls)) / op.runPolls) * 100;
  return Math.max(0, Math.min(99, Math.floor(p)));
}
