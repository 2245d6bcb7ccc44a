import { flatText } from '../../../core/flat-text.js';
import type { Ids } from '../../../core/random.js';
import type { Account, BatchKind, StoredObject } from '../model.js';
import type { TimeTexts } from './time-texts.js';

/** The `reserved_for` / `unavailable_for` of an object that names nobody: one array for all (views are never changed). */
const NOBODY: readonly string[] = Object.freeze([]);

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
  create(account: Account, kind: BatchKind, item: Record<string, unknown>, now: number, allowDefaults: boolean): StoredObject {
    // Objects live as long as the stand: those of one moment share one text of it.
    const created = this.#texts.of(now);
    let obj: StoredObject;
    if (kind === 'user-bonuses') {
      const id = String(this.#ids.counter('toloka-bonus', 10_000_001));
      const view = pick(item, ['user_id', 'amount', 'private_comment', 'public_title', 'public_message']);
      view.without_message = item.without_message === true;
      Object.assign(view, pick(item, ['assignment_id']), { id, created });
      obj = { id, created: now, poolId: undefined, userId: item.user_id as string, view };
    } else {
      const pool = account.pools.get(String(item.pool_id))!;
      const infinite = item.infinite_overlap === true;
      const poolDefault = kind === 'tasks' ? pool.defaults.default_overlap_for_new_tasks : pool.defaults.default_overlap_for_new_task_suites;
      const overlap = typeof item.overlap === 'number' ? item.overlap : allowDefaults ? poolDefault : undefined;
      const overlapFields = infinite || overlap === undefined ? {} : { overlap };
      const common = {
        infinite_overlap: infinite,
        reserved_for: Array.isArray(item.reserved_for) ? item.reserved_for : NOBODY,
        unavailable_for: Array.isArray(item.unavailable_for) ? item.unavailable_for : NOBODY,
      };
      if (kind === 'tasks') {
        const id = this.#taskId(pool.id, now);
        const view: Record<string, unknown> = {
          id,
          created,
          pool_id: pool.id,
          input_values: item.input_values ?? {},
          ...pick(item, ['known_solutions', 'baseline_solutions', 'message_on_unknown_solution']),
          ...overlapFields,
          infinite_overlap: infinite,
          ...(infinite || overlap === undefined ? {} : { remaining_overlap: overlap }),
          reserved_for: common.reserved_for,
          unavailable_for: common.unavailable_for,
        };
        obj = { id, created: now, poolId: pool.id, userId: undefined, view };
      } else {
        const tasks = (item.tasks as Record<string, unknown>[]).map((t) => ({
          id: this.#taskId(pool.id, now),
          input_values: t.input_values ?? {},
          ...pick(t, ['known_solutions', 'message_on_unknown_solution']),
        }));
        const id = this.#taskId(pool.id, now);
        const view: Record<string, unknown> = {
          pool_id: pool.id,
          tasks,
          ...overlapFields,
          ...common,
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
    return obj;
  }

  /**
   * Toloka-style ids, e.g. `00000001--6955a0800123456789000001`: the pool id in hex, `--`, then
   * seconds, the seeded machine part and a counter (like a Mongo ObjectId). Within a pool they
   * grow with creation, so toloka-kit's `id_gte=min, id_lte=max` fetch-back finds the batch.
   */
  #taskId(poolId: string, now: number): string {
    const pool = (Number(poolId) >>> 0).toString(16).padStart(10, '0');
    const secs = Math.floor(now / 1000).toString(16).padStart(8, '0').slice(-8);
    const n = (this.#ids.counter('toloka-object') % 0x1000000).toString(16).padStart(6, '0');
    return flatText(`${pool}--${secs}${this.#machine}${n}`);
  }
}

function pick(obj: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of keys) if (obj[k] !== undefined && obj[k] !== null) out[k] = obj[k];
  return out;
}
