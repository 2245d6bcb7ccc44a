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
export type OperationType =
  | 'TASK.BATCH_CREATE'
  | 'TASK_SUITE.BATCH_CREATE'
  | 'USER_BONUS.BATCH_CREATE'
  | 'POOL.OPEN'
  | 'POOL.CLOSE'
  | 'POOL.ARCHIVE'
  | 'POOL.CLONE'
  | 'TRAINING.OPEN'
  | 'TRAINING.CLOSE'
  | 'TRAINING.ARCHIVE'
  | 'TRAINING.CLONE'
  | 'PROJECT.ARCHIVE'
  | 'SOLUTION.AGGREGATE'
  | 'ANALYTICS';

/**
 * A pool's status (docs: PoolViewV1.status): created CLOSED, opened and closed by POOL.OPEN and
 * POOL.CLOSE operations (the crowd's own end closes it too: COMPLETED), archived from CLOSED by
 * POOL.ARCHIVE, for good. LOCKED ("no possible actions") is never entered by the stand.
 */
export type PoolStatus = 'OPEN' | 'CLOSED' | 'ARCHIVED' | 'LOCKED';

export const poolLifecycle = new Lifecycle<PoolStatus>('toloka pool', {
  initial: 'CLOSED',
  transitions: { CLOSED: ['OPEN', 'ARCHIVED'], OPEN: ['CLOSED'], ARCHIVED: [], LOCKED: [] },
  phases: { CLOSED: 'waiting', OPEN: 'running', ARCHIVED: 'ended', LOCKED: 'other' },
});

/** docs: PoolViewV1.last_close_reason. */
export type CloseReason = 'MANUAL' | 'EXPIRED' | 'COMPLETED' | 'NOT_ENOUGH_BALANCE' | 'ASSIGNMENTS_LIMIT_EXCEEDED' | 'BLOCKED' | 'FOR_UPDATE';

/** A pool as one account sees it: its writable fields as last set, and what the stand keeps of its life. */
export interface Pool {
  readonly id: string;
  project_id: string;
  status: PoolStatus;
  updatedAt: number;
  readonly created: string;
  /** The pool's fields a client sets (PoolFormV1), as the wire shows them: private_name, reward_per_assignment, defaults, ... */
  form: Record<string, unknown>;
  /** Tasks and task suites created in it (an empty pool cannot be opened). */
  itemCount: number;
  /** A training pool (docs: TrainingViewV1; /trainings, not /pools): its form is a TrainingForm, its operations TRAINING.*. */
  readonly training?: true;
  last_started?: string;
  last_stopped?: string;
  last_close_reason?: CloseReason;
}

export type ProjectStatus = 'ACTIVE' | 'ARCHIVED';

export const projectLifecycle = new Lifecycle<ProjectStatus>('toloka project', {
  initial: 'ACTIVE',
  transitions: { ACTIVE: ['ARCHIVED'], ARCHIVED: [] },
  phases: { ACTIVE: 'running', ARCHIVED: 'ended' },
});

/** A project: its fields as last set (ProjectFormV1: public_name, task_spec, ...) and its status. */
export interface Project {
  readonly id: string;
  status: ProjectStatus;
  updatedAt: number;
  readonly created: string;
  form: Record<string, unknown> & { task_spec: TaskSpec };
}

/** docs: TaskSpec: the input and output fields of a project's tasks (and its view, kept as given). */
export interface TaskSpec {
  input_spec: Record<string, FieldSpec>;
  output_spec: Record<string, FieldSpec>;
  [key: string]: unknown;
}

/** The requester an account stands for (docs: RequesterViewV1). */
export interface Requester {
  readonly id: string;
  readonly public_name: Readonly<Record<string, string>>;
  readonly company_id: string;
  /** USD; bonuses paid come off it. */
  balance: number;
}

/** The overlap a pool gives new tasks or task suites that name none (docs: PoolViewV1.defaults). */
export function poolDefaultOverlap(pool: Pool, kind: 'tasks' | 'task-suites'): number | undefined {
  const defaults = (pool.form.defaults ?? {}) as Record<string, unknown>;
  const v = kind === 'tasks' ? defaults.default_overlap_for_new_tasks : defaults.default_overlap_for_new_task_suites;
  return typeof v === 'number' ? v : undefined;
}

/** A created task, task suite or bonus: its wire view and what lists filter on. */
export interface StoredObject {
  readonly id: string;
  readonly created: number;
  readonly poolId: string | undefined;
  readonly userId: string | undefined;
  readonly view: Record<string, unknown>;
}

/** docs: AssignmentViewV1.status. */
export type AssignmentStatus = 'ACTIVE' | 'SUBMITTED' | 'ACCEPTED' | 'REJECTED' | 'SKIPPED' | 'EXPIRED';

/**
 * An assignment's life (docs: assignments; PATCH /assignments/{id}): ACTIVE while the Toloker
 * works, then SUBMITTED, SKIPPED or EXPIRED; a submitted one is ACCEPTED or REJECTED (by the
 * requester, or accepted by itself: auto_accept_solutions, auto_accept_period_day); a rejected
 * one may still be accepted.
 */
export const assignmentLifecycle = new Lifecycle<AssignmentStatus>('toloka assignment', {
  initial: 'ACTIVE',
  transitions: { ACTIVE: ['SUBMITTED', 'SKIPPED', 'EXPIRED'], SUBMITTED: ['ACCEPTED', 'REJECTED'], REJECTED: ['ACCEPTED'], ACCEPTED: [], SKIPPED: [], EXPIRED: [] },
  phases: { ACTIVE: 'running', SUBMITTED: 'waiting', ACCEPTED: 'ok', REJECTED: 'failed', SKIPPED: 'ended', EXPIRED: 'ended' },
});

/** A task as an assignment shows it (docs: AssignmentViewV1.tasks). */
export interface AssignedTask {
  readonly id: string;
  readonly input_values: unknown;
  readonly known_solutions?: unknown;
  readonly message_on_unknown_solution?: unknown;
}

/**
 * A task suite one Toloker took (docs: AssignmentViewV1). Times are epoch ms (the wire's texts
 * are made by the views); `solutions` are the answers, one per task, once submitted.
 */
export interface Assignment {
  readonly id: string;
  readonly poolId: string;
  readonly taskSuiteId: string;
  /** The suite was made by smart mixing for this assignment (`mixed: true`), not uploaded. */
  readonly mixed: boolean;
  readonly tasks: readonly AssignedTask[];
  readonly userId: string;
  status: AssignmentStatus;
  updatedAt: number;
  readonly reward: number;
  readonly created: number;
  submitted: number | undefined;
  accepted: number | undefined;
  rejected: number | undefined;
  skipped: number | undefined;
  expired: number | undefined;
  solutions: { output_values: Record<string, unknown> }[] | undefined;
  public_comment: string | undefined;
  /** The bonuses given for it (`bonus_ids`), when there are any. */
  bonusIds?: string[];
}

/** One account (token): its copy of the fixtures and everything it created. */
export interface Account {
  readonly token: string;
  readonly requester: Requester;
  readonly pools: Map<string, Pool>;
  readonly projects: Map<string, Project>;
  /** Tolokers: the fixture's, and the crowd's as they start working. */
  readonly users: Set<string>;
  /** The fixture's Tolokers' countries (their profiles, domain/profiles.ts). */
  readonly countries: ReadonlyMap<string, string>;
  readonly objects: Record<BatchKind, Map<string, StoredObject>>;
  readonly operations: Map<string, Operation>;
  /** The assignments Tolokers took in the account's pools (the simulated crowd's). */
  readonly assignments: Map<string, Assignment>;
  /** The operation_id of synchronous creates that created something: a repeat is 409, as an async one's. */
  readonly syncOperationIds: Set<string>;
  /** The suites smart mixing made, by id: the assignment each was made for (GET /task-suites reads them). */
  readonly mixedSuites: Map<string, Assignment>;
  /** Operations whose log is not archived yet (the --max-jobs-per-account limit). */
  liveOperations: number;
  /** Rewards of assignments issued and not yet reviewed (domain/balance.ts). */
  reserved: number;
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
  readonly total_count: number;
  readonly valid_count: number;
  readonly not_valid_count: number;
  readonly success_count: number;
  readonly failed_count: number;
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
  /** `details` of an operation that is not a batch (POOL.CLONE: the new pool; ANALYTICS: the results), set when it ends. */
  details?: Record<string, unknown>;
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
