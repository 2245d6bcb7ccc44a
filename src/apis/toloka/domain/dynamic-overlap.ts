import type { Pool } from '../model.js';
import { capacityOf, type Unit } from './crowd-pools.js';
import { isObject } from './validation.js';

/**
 * Dynamic overlap (docs: create-pool, `dynamic_overlap_config`, also called incremental
 * relabeling), type BASIC: a task's overlap grows by one while the confidence of its aggregated
 * answer on `fields` is under `min_confidence` and its overlap under `max_overlap`. The
 * confidence is the winning answer's share of the answers, as the stand's
 * WEIGHTED_DYNAMIC_OVERLAP aggregation gives it (README, known differences: every Toloker weighs
 * 1, `answer_weight_skill_id` is kept and not used), so an aggregation after the pool closed
 * shows each task at `min_confidence` or above, or at `max_overlap`.
 */
export interface DynamicOverlap {
  readonly max: number;
  readonly minConfidence: number;
  readonly fields: readonly string[];
}

/** The pool's dynamic overlap, if it has a complete BASIC one. */
export function dynamicOverlapOf(pool: Pool): DynamicOverlap | undefined {
  const c = pool.form.dynamic_overlap_config;
  if (!isObject(c) || c.type !== 'BASIC' || typeof c.max_overlap !== 'number' || typeof c.min_confidence !== 'number' || !Array.isArray(c.fields)) return undefined;
  const fields = c.fields.flatMap((f) => (isObject(f) && typeof f.name === 'string' ? [f.name] : []));
  return fields.length === 0 ? undefined : { max: c.max_overlap, minConfidence: c.min_confidence, fields };
}

/** One more submitted answer to the unit's task (its `done` already counted); whether its overlap grew by one. */
export function countAnswer(unit: Unit, rule: DynamicOverlap, answer: Record<string, unknown>): boolean {
  const key = JSON.stringify(rule.fields.map((f) => answer[f] ?? null));
  const votes = (unit.votes ??= new Map());
  votes.set(key, (votes.get(key) ?? 0) + 1);
  const capacity = capacityOf(unit);
  if (unit.done < capacity || capacity >= rule.max) return false;
  let all = 0;
  let best = 0;
  for (const n of votes.values()) {
    all += n;
    best = Math.max(best, n);
  }
  if (best / all >= rule.minConfidence) return false;
  unit.extra++;
  return true;
}
