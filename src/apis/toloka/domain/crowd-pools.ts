import type { AssignedTask, StoredObject } from '../model.js';

/**
 * The crowd's bookkeeping of an account's pools (crowd.ts runs the Tolokers over it): what each
 * assignment is issued from (a unit), each pool's units in issuing order with the counters that
 * keep a take from scanning the whole pool, and the counts and progress the dashboard shows.
 */

/** What one assignment is issued from: a task suite, or one task (Toloka's mixer makes a suite of it). */
export interface Unit {
  readonly obj: StoredObject;
  /** Its place in its pool's list. */
  readonly index: number;
  /** General, control or training (the mixer puts each kind in its own lane). */
  readonly kind: TaskKind;
  /** Its place in its pool's lane of its kind. */
  readonly laneIndex: number;
  readonly pool: PoolCrowd;
  /** Whether it counts in its pool's `unfinished` (its answers are short of its overlap). */
  unfinished: boolean;
  readonly tasks: readonly AssignedTask[];
  /** Assignments holding its overlap: active, submitted, accepted, rejected. */
  issued: number;
  /** Overlap added by the pool's dynamic overlap (domain/dynamic-overlap.ts). */
  extra: number;
  /** Dynamic overlap: the answers so far on the pool's fields, by answer (JSON), with their counts. */
  votes: Map<string, number> | undefined;
  /** Of those, submitted (so accepted and rejected too). */
  done: number;
  /** Tolokers who had it: nobody gets a task twice. */
  readonly by: Set<string>;
}

export interface Worker {
  readonly id: string;
  /** Working on an assignment, or waiting to take the next. */
  busy: boolean;
}

/**
 * A pool's units in issuing order, with counters that keep a take and the end of an assignment
 * from scanning the whole pool (a 10,000-task pool takes 30,000 assignments).
 */
export interface PoolCrowd {
  readonly units: Unit[];
  /**
   * Tasks and suites added since the pool's units were last read, in creation order: they
   * become units when the crowd (or its counts) first needs them. With no Tolokers working the
   * pool, as in a lifecycle that only creates tasks, a task costs the crowd an array slot, not a
   * unit with its set of Tolokers (the bench's Toloka lifecycle: ~8 µs of CPU a job).
   */
  waiting: StoredObject[];
  /** No unit before this one has a free slot (a slot freed further back moves it back). */
  cursor: number;
  /** The units of each kind in issuing order, with a cursor like the pool's (the mixer takes from them). */
  readonly lanes: Record<TaskKind, Lane>;
  /** Units whose answers are short of their overlap. */
  unfinished: number;
  /** Of those, control and training tasks (a mixing pool completes without them). */
  unfinishedChecks: number;
  /** Virtual ms of the last task added (or overlap grown): `force_last_assignment_delay_seconds` counts from it. */
  lastAddedAt: number;
  /** Active assignments in the pool. */
  active: number;
  /** Assignments by status (the dashboard). */
  readonly counts: Record<string, number>;
  /** [virtual ms, answers done] samples, at most one per virtual minute (the dashboard). */
  readonly history: [number, number][];
  /** Answers done in all (accepted or not). */
  done: number;
  /** Tasks each Toloker submitted in the pool (the mixer's distribution functions count them). */
  readonly doneBy: Map<string, number>;
}

/** General, control (known solutions) or training (known solutions and a hint) task. */
export type TaskKind = 'real' | 'golden' | 'training';

export function kindOf(obj: StoredObject): TaskKind {
  const v = obj.view;
  if (Array.isArray(v.tasks) || !Array.isArray(v.known_solutions) || v.known_solutions.length === 0) return 'real';
  return v.message_on_unknown_solution === undefined ? 'golden' : 'training';
}

/** Units of one kind, and the first that may have a free slot. */
export interface Lane {
  readonly units: Unit[];
  cursor: number;
}

/** A pool's crowd bookkeeping before any work (its tasks added as they come). */
export function newPoolCrowd(): PoolCrowd {
  const lane = (): Lane => ({ units: [], cursor: 0 });
  return {
    units: [],
    waiting: [],
    cursor: 0,
    lanes: { real: lane(), golden: lane(), training: lane() },
    unfinished: 0,
    unfinishedChecks: 0,
    lastAddedAt: 0,
    active: 0,
    counts: {},
    history: [],
    done: 0,
    doneBy: new Map(),
  };
}

/** Samples of a pool's progress kept for the dashboard. */
const HISTORY = 120;

/** One account's crowd: its Tolokers, and its pools' units. */
export interface AccountCrowd {
  readonly workers: Worker[];
  readonly pools: Map<string, PoolCrowd>;
  readonly unitOf: Map<StoredObject, Unit>;
}

/** The pool's units, its waiting tasks made units first (in creation order). */
export function unitsOf(crowd: AccountCrowd, pool: PoolCrowd): Unit[] {
  if (pool.waiting.length === 0) return pool.units;
  for (const obj of pool.waiting) {
    const tasks = (Array.isArray(obj.view.tasks) ? obj.view.tasks : [obj.view]) as Record<string, unknown>[];
    const kind = kindOf(obj);
    const lane = pool.lanes[kind];
    const unit: Unit = { obj, index: pool.units.length, kind, laneIndex: lane.units.length, pool, unfinished: false, tasks: tasks.map(assignedTask), issued: 0, extra: 0, votes: undefined, done: 0, by: new Set() };
    pool.units.push(unit);
    lane.units.push(unit);
    crowd.unitOf.set(obj, unit);
    settle(unit);
  }
  pool.waiting = [];
  return pool.units;
}

function assignedTask(t: Record<string, unknown>): AssignedTask {
  const out: { -readonly [K in keyof AssignedTask]: AssignedTask[K] } = { id: String(t.id), input_values: t.input_values ?? {} };
  if (t.known_solutions !== undefined) out.known_solutions = t.known_solutions;
  if (t.message_on_unknown_solution !== undefined) out.message_on_unknown_solution = t.message_on_unknown_solution;
  return out;
}

/** Whether a unit has a slot left under its overlap. */
export function hasRoom(unit: Unit): boolean {
  return unit.issued < capacityOf(unit);
}

/** Whether a Toloker may take the unit now: a slot left, not had before, not reserved for others. */
export function mayTake(unit: Unit, worker: string): boolean {
  if (!hasRoom(unit) || unit.by.has(worker)) return false;
  const reserved = unit.obj.view.reserved_for as string[] | undefined;
  const unavailable = unit.obj.view.unavailable_for as string[] | undefined;
  return !((reserved && reserved.length > 0 && !reserved.includes(worker)) || unavailable?.includes(worker));
}

/** A unit's overlap now: its task's (or suite's), and what dynamic overlap added. */
export function capacityOf(unit: Unit): number {
  return overlapOf(unit.obj) + unit.extra;
}

/** A unit's overlap: its own, infinite, or none given (1). */
export function overlapOf(obj: StoredObject): number {
  if (obj.view.infinite_overlap === true) return Number.POSITIVE_INFINITY;
  return typeof obj.view.overlap === 'number' ? obj.view.overlap : 1;
}

/** An assignment moves from one status (none: new) to another in its pool's counts. */
export function count(pool: PoolCrowd, from: string | undefined, to: string): void {
  if (from !== undefined) pool.counts[from] = (pool.counts[from] ?? 1) - 1;
  pool.counts[to] = (pool.counts[to] ?? 0) + 1;
}

/** A slot of the unit is free again (a skip, an expiry, a grown overlap): takes look from it again. */
export function freed(unit: Unit): void {
  unit.pool.cursor = Math.min(unit.pool.cursor, unit.index);
  const lane = unit.pool.lanes[unit.kind];
  lane.cursor = Math.min(lane.cursor, unit.laneIndex);
}

/** `n` more answers done: a sample of the pool's progress (one per virtual minute; the last minute's is updated). */
export function sample(pool: PoolCrowd, now: number, n = 1): void {
  pool.done += n;
  const last = pool.history[pool.history.length - 1];
  if (last && now - last[0] < 60_000) last[1] = pool.done;
  else {
    pool.history.push([now, pool.done]);
    if (pool.history.length > HISTORY) pool.history.shift();
  }
}

/** After its answers or its overlap changed: the unit's remaining overlap, and its pool's count of unfinished units. */
export function settle(unit: Unit): void {
  const overlap = settleView(unit.obj, unit.done, unit.extra);
  const unfinished = unit.done < overlap;
  if (unfinished !== unit.unfinished) {
    unit.pool.unfinished += unfinished ? 1 : -1;
    if (unit.kind !== 'real') unit.pool.unfinishedChecks += unfinished ? 1 : -1;
  }
  unit.unfinished = unfinished;
}

/** Writes a task's (or suite's) remaining overlap with `done` answers (and `extra` overlap) on its view; its overlap. */
export function settleView(obj: StoredObject, done: number, extra = 0): number {
  const overlap = overlapOf(obj) + extra;
  if (Number.isFinite(overlap)) obj.view.remaining_overlap = Math.max(0, overlap - done);
  return overlap;
}
