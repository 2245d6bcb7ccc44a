import type { Ids } from '../../../core/random.js';
import { errors, fieldError } from '../errors.js';
import { poolDefaultOverlap, type Account, type Assignment, type BatchKind, type StoredObject } from '../model.js';
import type { ListSpec } from './lists.js';
import { TRAITS } from './validation.js';
import type { TimeTexts } from './time-texts.js';
import { pay } from './balance.js';

/** A task's optional fields, kept when given (docs: TaskViewV1), in the order they are shown. */
const SOLUTION_EXTRAS = ['known_solutions', 'baseline_solutions', 'message_on_unknown_solution'] as const;
/** Whatever makes a task other than the usual one (its view is made field by field). */
const TASK_EXTRAS = [...SOLUTION_EXTRAS, ...TRAITS] as const;

/** The `reserved_for` / `unavailable_for` of an object that names nobody: one array for all (views are never changed). */
const NOBODY: readonly string[] = Object.freeze([]);

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
const num = (v: unknown) => (typeof v === 'number' ? v : undefined);
const created = (o: StoredObject) => o.created;

/** toloka-java-sdk's byOwnerId/byOwnerCompanyId: taken, not filtered on (every object of an account is its requester's). */
const OWNER = ['owner_id', 'owner_company_id'];

/** GET /tasks, /task-suites, /user-bonuses (docs: get-tasks, get-task-suites, get-user-bonuses). */
export const OBJECT_LIST: Record<BatchKind, ListSpec<StoredObject>> = {
  tasks: {
    id: (o) => o.id,
    times: { created },
    numbers: { overlap: (o) => num(o.view.overlap) },
    equals: { pool_id: (o) => o.poolId },
    required: ['pool_id'],
    ignored: OWNER,
    defaultLimit: 50,
    maxLimit: 100_000,
  },
  'task-suites': {
    id: (o) => o.id,
    times: { created },
    numbers: { overlap: (o) => num(o.view.overlap) },
    equals: { pool_id: (o) => o.poolId, task_id: (o) => (o.view.tasks as { id: string }[]).map((t) => t.id) },
    required: ['pool_id', 'task_id'],
    ignored: OWNER,
    defaultLimit: 50,
    maxLimit: 100_000,
  },
  'user-bonuses': {
    id: (o) => o.id,
    times: { created },
    // private_comment: toloka-kit's UserBonusSearchRequest (integrations look a bonus up by it before paying one twice).
    equals: { user_id: (o) => o.userId, assignment_id: (o) => str(o.view.assignment_id), private_comment: (o) => str(o.view.private_comment) },
    defaultLimit: 50,
    maxLimit: 300,
  },
};

/**
 * Makes the created objects (tasks, task suites, bonuses) of valid items: their ids and their
 * wire views (docs: TaskViewV1, TaskSuiteViewV1, UserBonusViewV1), and stores them in the
 * account. Only the documented fields are kept; unknown keys of an item live on in the log only.
 */
export class ObjectFactory {
  readonly #ids: Ids;
  readonly #texts: TimeTexts;
  /** The middle of Toloka-style object ids, drawn from the seed (like a Mongo ObjectId's machine part). */
  #machine: string;
  /** The last pool and second an id was made for, and their hex (a batch's ids share both). */
  #idPool = '';
  #idPoolHex = '';
  #idSecond = Number.NaN;
  #idSecondHex = '';

  /** Told of every task and task suite made (the crowd issues them). */
  onCreate: (account: Account, obj: StoredObject) => void = () => {};

  constructor(ids: Ids, texts: TimeTexts) {
    this.#ids = ids;
    this.#texts = texts;
    this.#machine = ids.hex('toloka-machine', 10);
  }

  /** After the stand's ids were reset: the same machine part again. */
  reset(): void {
    this.#machine = this.#ids.hex('toloka-machine', 10);
  }

  /** Creates and stores one valid object; its id and `created` are the stand's. */
  create(account: Account, kind: BatchKind, item: Record<string, unknown>, now: number): StoredObject {
    // Objects live as long as the stand: those of one moment share one text of it.
    const created = this.#texts.of(now);
    let obj: StoredObject;
    if (kind === 'user-bonuses') {
      const id = String(this.#ids.counter('toloka-bonus', 10_000_001));
      const view = pick(item, ['user_id', 'amount', 'private_comment', 'public_title', 'public_message']);
      view.without_message = item.without_message === true;
      Object.assign(view, pick(item, ['assignment_id']), { id, created });
      // A bonus is paid from the requester's balance (docs: user bonuses).
      if (typeof item.amount === 'number') pay(account, item.amount);
      // The assignment it is for lists it (OAS AssignmentViewV1.bonus_ids).
      const assignment = typeof item.assignment_id === 'string' ? account.assignments.get(item.assignment_id) : undefined;
      if (assignment) (assignment.bonusIds ??= []).push(id);
      obj = { id, created: now, poolId: undefined, userId: item.user_id as string, view };
    } else {
      const pool = account.pools.get(String(item.pool_id))!;
      const infinite = item.infinite_overlap === true;
      // No overlap of its own: the pool's default (validation.ts, checkOverlap).
      const overlap = typeof item.overlap === 'number' ? item.overlap : poolDefaultOverlap(pool, kind);
      const reservedFor = Array.isArray(item.reserved_for) ? item.reserved_for : NOBODY;
      const unavailableFor = Array.isArray(item.unavailable_for) ? item.unavailable_for : NOBODY;
      const overlapFields = infinite || overlap === undefined ? {} : { overlap };
      if (kind === 'tasks') {
        const id = this.objectId(pool.id, now);
        const input = item.input_values ?? {};
        const plain = !infinite && overlap !== undefined && !TASK_EXTRAS.some((k) => item[k] !== undefined && item[k] !== null);
        // The usual task (an overlap, none of the extras) in one literal: every field in the object
        // itself, no spread copies. Tasks are kept as long as the stand. The same fields in the same order as below.
        const view: Record<string, unknown> = plain
          ? { id, created, pool_id: pool.id, input_values: input, overlap, infinite_overlap: false, remaining_overlap: overlap, reserved_for: reservedFor, unavailable_for: unavailableFor }
          : {
              id,
              created,
              pool_id: pool.id,
              input_values: input,
              ...pick(item, SOLUTION_EXTRAS),
              ...overlapFields,
              infinite_overlap: infinite,
              ...(infinite || overlap === undefined ? {} : { remaining_overlap: overlap }),
              reserved_for: reservedFor,
              unavailable_for: unavailableFor,
              ...pick(item, TRAITS),
            };
        obj = { id, created: now, poolId: pool.id, userId: undefined, view };
      } else {
        const tasks = (item.tasks as Record<string, unknown>[]).map((t) => ({
          id: this.objectId(pool.id, now),
          input_values: t.input_values ?? {},
          ...pick(t, ['known_solutions', 'message_on_unknown_solution']),
        }));
        const id = this.objectId(pool.id, now);
        const view: Record<string, unknown> = {
          pool_id: pool.id,
          tasks,
          ...overlapFields,
          infinite_overlap: infinite,
          reserved_for: reservedFor,
          unavailable_for: unavailableFor,
          ...pick(item, [...TRAITS, 'longitude', 'latitude']),
          issuing_order_override: typeof item.issuing_order_override === 'number' ? item.issuing_order_override : 0,
          id,
          mixed: false,
          automerged: false,
          created,
          ...(infinite || overlap === undefined ? {} : { remaining_overlap: overlap }),
        };
        obj = { id, created: now, poolId: pool.id, userId: undefined, view };
      }
      pool.itemCount++;
    }
    account.objects[kind].set(obj.id, obj);
    this.onCreate(account, obj);
    return obj;
  }

  /**
   * PATCH /tasks/{id}, /task-suites/{id} and their set-overlap-or-min forms (docs: TaskPatchV1,
   * TaskSuitePatchV1, ...): the fields given change; an overlap of null with infinite_overlap
   * makes the overlap infinite. `minOverlap` is what the object's assignments already hold: the
   * "or min" forms set at least that, the others refuse less (VALUE_LESS_THAN_MIN).
   */
  patch(obj: StoredObject, changes: Record<string, unknown>, orMin: boolean, minOverlap: number): StoredObject {
    const view = obj.view;
    if (changes.infinite_overlap === true) {
      view.infinite_overlap = true;
      delete view.overlap;
      delete view.remaining_overlap;
    } else if (typeof changes.overlap === 'number') {
      if (!orMin && changes.overlap < minOverlap) {
        throw errors.validation({ overlap: fieldError('VALUE_LESS_THAN_MIN', `Value must be greater than or equal to ${minOverlap}: the task's assignments already hold that much`) });
      }
      const overlap = Math.max(changes.overlap, minOverlap);
      view.overlap = overlap;
      view.infinite_overlap = false;
      view.remaining_overlap = overlap - minOverlap;
    } else if (changes.infinite_overlap === false && view.infinite_overlap === true) {
      throw errors.validation({ overlap: fieldError('VALUE_REQUIRED', 'An overlap is needed to end infinite overlap') });
    }
    for (const key of ['baseline_solutions', 'known_solutions', 'message_on_unknown_solution', 'issuing_order_override'] as const) {
      if (changes[key] !== undefined) view[key] = changes[key];
    }
    return obj;
  }

  /**
   * The suite smart mixing made for an assignment, as GET /task-suites shows it (the OAS example
   * task-suite-id.yaml: its tasks' ids and input values, overlap 1, none left, `mixed: true`).
   * Made when read: the assignment keeps what it holds.
   */
  mixedSuite(a: Assignment): StoredObject {
    const view = {
      pool_id: a.poolId,
      tasks: a.tasks.map((t) => ({ id: t.id, input_values: t.input_values })),
      overlap: 1,
      infinite_overlap: false,
      reserved_for: [],
      unavailable_for: [],
      issuing_order_override: 0,
      id: a.taskSuiteId,
      mixed: true,
      automerged: false,
      created: this.#texts.of(a.created),
      remaining_overlap: 0,
    };
    return { id: a.taskSuiteId, created: a.created, poolId: a.poolId, userId: undefined, view };
  }

  /** An object of the account by id, or the 404 naming `what`; with `mixed`, also a suite smart mixing made. */
  find(account: Account, kind: BatchKind, id: string, what: string, mixed: boolean): StoredObject {
    const made = mixed && kind === 'task-suites' ? account.mixedSuites.get(id) : undefined;
    const obj = made ? this.mixedSuite(made) : account.objects[kind].get(id);
    if (!obj) throw errors.notFound(what, id);
    return obj;
  }

  /** The objects a list looks through: the stored ones, and for suites those smart mixing made (of the pool or task asked for). */
  all(account: Account, kind: BatchKind, query: Readonly<Record<string, string | string[] | undefined>>): Iterable<StoredObject> {
    const stored = account.objects[kind].values();
    if (kind !== 'task-suites') return stored;
    const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
    return [...stored, ...this.#mixedSuites(account, one(query.pool_id), one(query.task_id))];
  }

  /** The suites smart mixing made in the pool, or holding the task (a list asks for one of the two). */
  #mixedSuites(account: Account, poolId: string | undefined, taskId: string | undefined): StoredObject[] {
    const out: StoredObject[] = [];
    for (const a of account.mixedSuites.values()) {
      if (poolId !== undefined && a.poolId !== poolId) continue;
      if (taskId !== undefined && !a.tasks.some((t) => t.id === taskId)) continue;
      out.push(this.mixedSuite(a));
    }
    return out;
  }

  /**
   * Toloka-style ids, e.g. `00000001--6955a0800123456789000001`: the pool id in hex, `--`, then
   * seconds, the seeded machine part and a counter (like a Mongo ObjectId). Within a pool they
   * grow with creation, so toloka-kit's `id_gte=min, id_lte=max` fetch-back finds the batch.
   */
  objectId(poolId: string, now: number): string {
    if (poolId !== this.#idPool) {
      this.#idPool = poolId;
      this.#idPoolHex = (Number(poolId) >>> 0).toString(16).padStart(10, '0');
    }
    const second = Math.floor(now / 1000);
    if (second !== this.#idSecond) {
      this.#idSecond = second;
      this.#idSecondHex = second.toString(16).padStart(8, '0').slice(-8);
    }
    const n = (this.#ids.counter('toloka-object') % 0x1000000).toString(16).padStart(6, '0');
    // join() makes one flat string (ids are kept as long as the stand; see flatText), for half
    // the cost of flatText's copy.
    return [this.#idPoolHex, '--', this.#idSecondHex, this.#machine, n].join('');
  }
}

function pick(obj: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of keys) if (obj[k] !== undefined && obj[k] !== null) out[k] = obj[k];
  return out;
}
