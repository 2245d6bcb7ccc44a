/**
 * A pool's `filter` on Tolokers, as far as the stand's Tolokers have what it asks about: their
 * skills (docs: concepts/filter-skill.md, guide/concepts/filters.md). A filter is a tree of
 * `{"and": [...]}` and `{"or": [...]}` over conditions `{category, key, operator, value}`.
 *
 * - `skill`: the Toloker's value of skill `key` (the fractional one) against `value` with EQ, NE,
 *   GT, GTE, LT or LTE. A Toloker without the skill matches only `EQ` with no value ("filter
 *   Tolokers without a skill"), and `NE` with no value is "has the skill"; any comparison with a
 *   value needs the skill.
 * - Every other category (`profile`: languages, country, gender...; `computed`: client_type,
 *   region_by_phone, rating...) is about a profile the simulated Tolokers do not have: such a
 *   condition holds for all of them (README, known differences).
 */

import { holds, type Cmp } from './lists.js';

/** A condition's operator as a comparison of lists.ts (NE is told apart first). */
const COMPARISONS: Readonly<Record<string, Cmp | 'eq'>> = { EQ: 'eq', GT: 'gt', GTE: 'gte', LT: 'lt', LTE: 'lte' };

/** A Toloker's value of a skill, undefined when they do not have it. */
export type SkillOf = (skillId: string) => number | undefined;

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Whether the filter lets a Toloker with these skills in; no filter lets everyone in. */
export function filterAdmits(filter: unknown, skillOf: SkillOf): boolean {
  if (!isObject(filter)) return true;
  if (Array.isArray(filter.and)) return filter.and.every((f) => filterAdmits(f, skillOf));
  if (Array.isArray(filter.or)) return filter.or.length === 0 || filter.or.some((f) => filterAdmits(f, skillOf));
  if (filter.category !== 'skill') return true;
  const have = skillOf(String(filter.key));
  const want = typeof filter.value === 'number' ? filter.value : undefined;
  const op = filter.operator;
  if (want === undefined) return op === 'NE' ? have !== undefined : op === 'EQ' ? have === undefined : true;
  if (have === undefined) return false;
  if (op === 'NE') return have !== want;
  const cmp = typeof op === 'string' && Object.hasOwn(COMPARISONS, op) ? COMPARISONS[op] : undefined;
  return cmp === undefined ? true : holds(cmp, have, want);
}

/** Whether any condition of the filter is about skills (the crowd asks for them only then). */
export function usesSkills(filter: unknown): boolean {
  if (!isObject(filter)) return false;
  for (const list of [filter.and, filter.or]) if (Array.isArray(list) && list.some(usesSkills)) return true;
  return filter.category === 'skill';
}
