/**
 * Toloka's lists (projects, pools, operations, tasks, task suites, bonuses, assignments):
 * filters, sort and keyset paging, as `{"items", "has_more"}` (docs: the GET list operations;
 * "Filtering", "Sorting responses"). Parsing their query parameters is schemas.ts's
 * (parseListQuery), from the same spec.
 */

type Value = string | number | undefined;

/** How one list resource is searched: the documented filters and sort keys, and its limits. */
export interface ListSpec<T> {
  readonly id: (x: T) => string;
  /** The name of the id in filters and sort (`task_id` for aggregated solutions); `id` by default. */
  readonly idName?: string;
  /** Ids compared as numbers (projects and pools: "10" after "9"); else as strings (hex ids of one width). */
  readonly numericIds?: boolean;
  /** Times: `<name>_gt|gte|lt|lte` filters, and sort keys (`created`, `submitted`, ...): epoch ms, undefined when not (yet) set. */
  readonly times: Readonly<Record<string, (x: T) => number | undefined>>;
  /** Numbers: `<name>` and `<name>_gt|gte|lt|lte` filters (tasks' `overlap`). */
  readonly numbers?: Readonly<Record<string, (x: T) => number | undefined>>;
  /** Exact-match filters (pool_id, status...); a list value matches when any of its values does. */
  readonly equals: Readonly<Record<string, (x: T) => string | readonly string[] | undefined>>;
  /** Equality filters that take a comma-separated list of values (assignments' `status=SUBMITTED,ACCEPTED`); each also has its `<name>_ne` (message threads' `folder_ne`). */
  readonly lists?: readonly string[];
  /** More sort keys beyond `id` and the times (projects: public_name, private_comment). */
  readonly texts?: Readonly<Record<string, (x: T) => string | undefined>>;
  /** Of those, the ones that also take `<name>_gt|gte|lt|lte` filters, compared as strings (Toloka Apps' `name`). */
  readonly textRanges?: readonly string[];
  /** At least one of these filters must be given (GET /tasks: pool_id; GET /task-suites: pool_id or task_id). */
  readonly required?: readonly string[];
  /** Documented parameters the stand takes and does not filter on (projects' `owner`). */
  readonly ignored?: readonly string[];
  readonly defaultLimit: number;
  readonly maxLimit: number;
}

export type Cmp = 'gt' | 'gte' | 'lt' | 'lte';

export interface ListQuery {
  ids: [Cmp, string][];
  times: [string, Cmp, number][];
  numbers: [string, Cmp | 'eq', number][];
  texts: [string, Cmp, string][];
  equals: [string, readonly string[]][];
  /** `<name>_ne` of a list filter: none of these values. */
  excludes: [string, readonly string[]][];
  sort: { field: string; desc: boolean }[];
  limit: number;
}

/** `a` against `b` by a comparison of filters (also the pool filters' skill conditions, filters.ts). */
export function holds(c: Cmp | 'eq', a: string | number, b: string | number): boolean {
  switch (c) {
    case 'eq':
      return a === b;
    case 'gt':
      return a > b;
    case 'gte':
      return a >= b;
    case 'lt':
      return a < b;
    case 'lte':
      return a <= b;
  }
}

/** An id as compared: a number for numeric ids (a non-numeric one never matches a bound). */
function idKey<T>(spec: ListSpec<T>, id: string): string | number {
  return spec.numericIds ? (/^\d+$/.test(id) ? Number(id) : Number.NaN) : id;
}

function matches<T>(x: T, q: ListQuery, spec: ListSpec<T>): boolean {
  const id = idKey(spec, spec.id(x));
  for (const [c, v] of q.ids) if (!holds(c, id, idKey(spec, v))) return false;
  for (const [f, c, v] of q.times) {
    const t = spec.times[f]!(x);
    if (t === undefined || !holds(c, t, v)) return false;
  }
  for (const [f, c, v] of q.numbers) {
    const n = spec.numbers![f]!(x);
    if (n === undefined || !holds(c, n, v)) return false;
  }
  for (const [f, c, v] of q.texts) {
    const t = spec.texts![f]!(x);
    if (t === undefined || !holds(c, t, v)) return false;
  }
  for (const [f, values] of q.equals) {
    const got = spec.equals[f]!(x);
    if (got === undefined) return false;
    if (typeof got === 'string' ? !values.includes(got) : !got.some((g) => values.includes(g))) return false;
  }
  for (const [f, values] of q.excludes) {
    const got = spec.equals[f]!(x);
    if (got !== undefined && (typeof got === 'string' ? values.includes(got) : got.some((g) => values.includes(g)))) return false;
  }
  return true;
}

/**
 * Filters, sorts and cuts a list: `{"items", "has_more"}`. Without `sort` the order is by id;
 * ties of any sort are broken by id, so keyset paging (`id_gt=<last id>` with `sort=id`, or
 * `<time>_gt` with `sort=<time>`) never skips or repeats an item.
 */
export function runList<T>(all: Iterable<T>, q: ListQuery, spec: ListSpec<T>): { items: T[]; has_more: boolean } {
  const out: T[] = [];
  for (const x of all) if (matches(x, q, spec)) out.push(x);
  const keys = q.sort.length > 0 ? q.sort : [{ field: spec.idName ?? 'id', desc: false }];
  const value = (x: T, field: string): Value => {
    if (field === (spec.idName ?? 'id')) return idKey(spec, spec.id(x));
    const time = spec.times[field];
    return time ? (time(x) ?? Number.POSITIVE_INFINITY) : (spec.texts?.[field]?.(x) ?? '');
  };
  out.sort((a, b) => {
    for (const { field, desc } of keys) {
      const va = value(a, field)!;
      const vb = value(b, field)!;
      if (va !== vb) return (va < vb ? -1 : 1) * (desc ? -1 : 1);
    }
    const ia = idKey(spec, spec.id(a));
    const ib = idKey(spec, spec.id(b));
    return ia < ib ? -1 : ia > ib ? 1 : 0;
  });
  return { items: out.slice(0, q.limit), has_more: out.length > q.limit };
}
