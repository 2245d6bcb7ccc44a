/**
 * A pool's `filter` on Tolokers (docs: guide/concepts/filters.md, concepts/filter-skill.md;
 * the JSON toloka-kit's `toloka.filter` classes write): a tree of `{"and": [...]}` and
 * `{"or": [...]}` over conditions `{category, key, operator, value}`.
 *
 * - `skill`: the Toloker's value of skill `key` (the fractional one) against `value` with EQ, NE,
 *   GT, GTE, LT or LTE. A Toloker without the skill matches only `EQ` with no value ("filter
 *   Tolokers without a skill"), and `NE` with no value is "has the skill"; any comparison with a
 *   value needs the skill.
 * - `profile` and `computed`: the Toloker's profile (profiles.ts): `languages` IN / NOT_IN,
 *   `country`, `citizenship`, `adult_allowed`, `client_type`, `device_category`, `os_family`,
 *   `user_agent_type` EQ / NE (IN / NOT_IN), the OS versions compared as numbers. A key the
 *   stand's Tolokers have no value for (gender, education, city, regions, user agent family and
 *   version, rating...) holds for every one of them (README, known differences).
 */
import { holds, type Cmp } from './lists.js';
import { profileValue, type Profile } from './profiles.js';
import { isObject } from './validation.js';

/** A condition's operator as a comparison of lists.ts (NE is told apart first). */
const COMPARISONS: Readonly<Record<string, Cmp | 'eq'>> = { EQ: 'eq', GT: 'gt', GTE: 'gte', LT: 'lt', LTE: 'lte' };

/** What a filter asks of one Toloker: their value of a skill (undefined: none), and their profile. */
export interface FilteredToloker {
  skill(skillId: string): number | undefined;
  readonly profile: Profile;
}

/**
 * `have` against `want` by a condition's operator (EQ, NE, GT, GTE, LT, LTE, IN, NOT_IN), as pool
 * filters and quality control rules write them; undefined for an operator it does not know.
 */
export function compare(op: unknown, have: string | number | boolean, want: unknown): boolean | undefined {
  if (op === 'NE') return have !== want;
  if (op === 'IN') return Array.isArray(want) ? want.includes(have) : have === want;
  if (op === 'NOT_IN') return Array.isArray(want) ? !want.includes(have) : have !== want;
  const cmp = typeof op === 'string' && Object.hasOwn(COMPARISONS, op) ? COMPARISONS[op] : undefined;
  if (cmp === undefined) return undefined;
  if (cmp === 'eq') return have === want;
  return typeof have === 'number' && typeof want === 'number' && holds(cmp, have, want);
}

function skillAdmits(c: Record<string, unknown>, toloker: FilteredToloker): boolean {
  const have = toloker.skill(String(c.key));
  const want = typeof c.value === 'number' ? c.value : undefined;
  if (want === undefined) return c.operator === 'NE' ? have !== undefined : c.operator === 'EQ' ? have === undefined : true;
  return have !== undefined && (compare(c.operator, have, want) ?? true);
}

/** Whether the filter lets this Toloker in; no filter lets everyone in. */
export function filterAdmits(filter: unknown, toloker: FilteredToloker): boolean {
  if (!isObject(filter)) return true;
  if (Array.isArray(filter.and)) return filter.and.every((f) => filterAdmits(f, toloker));
  if (Array.isArray(filter.or)) return filter.or.length === 0 || filter.or.some((f) => filterAdmits(f, toloker));
  if (filter.category === 'skill') return skillAdmits(filter, toloker);
  if (filter.category !== 'profile' && filter.category !== 'computed') return true;
  const have = profileValue(toloker.profile, String(filter.key));
  if (have === undefined) return true;
  if (typeof have === 'object') {
    // A list (languages): IN is "among them", NOT_IN "not among them".
    const wants = Array.isArray(filter.value) ? filter.value : [filter.value];
    const among = wants.some((w) => have.includes(w as string));
    return filter.operator === 'NOT_IN' || filter.operator === 'NE' ? !among : among;
  }
  return compare(filter.operator, have, filter.value) ?? true;
}

/** A mistake in a filter: where (a path under the filter's field), Toloka's code and a text. */
export interface FilterIssue {
  readonly path: (string | number)[];
  readonly code: string;
  readonly message: string;
}

const CATEGORIES = ['profile', 'computed', 'skill'];
const OPERATORS = ['EQ', 'NE', 'GT', 'GTE', 'LT', 'LTE', 'IN', 'NOT_IN'];

/**
 * The mistakes of a filter's shape: `and`/`or` lists of filters, conditions with a known
 * `category` and `operator`, a `key`, and a simple `value` (a real 400 in toloka-kit's
 * tests/test_exceptions.py: `filter.and.0.value` SIMPLE_VALUE_EXPECTED "Value must not be an
 * object or an array"). Keys are not checked against a list: toloka-kit's key enums are
 * extendable, and the real API may know more than the stand.
 */
export function filterIssues(filter: unknown, path: (string | number)[] = []): FilterIssue[] {
  if (!isObject(filter)) return [{ path, code: 'OBJECT_EXPECTED', message: 'Value must be an object' }];
  for (const join of ['and', 'or'] as const) {
    if (!(join in filter)) continue;
    const list = filter[join];
    if (!Array.isArray(list)) return [{ path: [...path, join], code: 'ARRAY_EXPECTED', message: 'Value must be an array' }];
    return list.flatMap((f, i) => filterIssues(f, [...path, join, i]));
  }
  const issues: FilterIssue[] = [];
  const required = (name: string) => issues.push({ path: [...path, name], code: 'VALUE_REQUIRED', message: 'Value must be present and not equal to null' });
  if (filter.category === undefined || filter.category === null) required('category');
  else if (typeof filter.category !== 'string' || !CATEGORIES.includes(filter.category)) {
    issues.push({ path: [...path, 'category'], code: 'UNKNOWN_ENUM_VALUE', message: `Value must be one of: ${CATEGORIES.join(', ')}` });
  }
  if (filter.key === undefined || filter.key === null || filter.key === '') required('key');
  if (filter.operator === undefined || filter.operator === null) required('operator');
  else if (typeof filter.operator !== 'string' || !OPERATORS.includes(filter.operator)) {
    issues.push({ path: [...path, 'operator'], code: 'UNKNOWN_ENUM_VALUE', message: `Value must be one of: ${OPERATORS.join(', ')}` });
  }
  if (typeof filter.value === 'object' && filter.value !== null) {
    issues.push({ path: [...path, 'value'], code: 'SIMPLE_VALUE_EXPECTED', message: 'Value must not be an object or an array' });
  }
  return issues;
}
