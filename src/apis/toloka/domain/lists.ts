/**
 * Toloka's lists (operations, tasks, task suites, bonuses...): filters, sort and keyset paging,
 * as `{"items", "has_more"}` (docs: the GET list operations). Parsing their query parameters is
 * schemas.ts's (parseListQuery).
 */

/** How one list resource is searched: its time fields, equality filters and limits. */
export interface ListSpec<T> {
  readonly id: (x: T) => string;
  /** `created`, or `submitted` and `finished`: epoch ms, undefined when not (yet) set. */
  readonly times: Readonly<Record<string, (x: T) => number | undefined>>;
  /** Exact-match filters, e.g. pool_id, type, status. */
  readonly equals: Readonly<Record<string, (x: T) => string | undefined>>;
  readonly defaultLimit: number;
  readonly maxLimit: number;
}

export type Cmp = 'gt' | 'gte' | 'lt' | 'lte';

export interface ListQuery {
  ids: [Cmp, string][];
  times: [string, Cmp, number][];
  equals: [string, string][];
  sort: { field: string; desc: boolean }[];
  limit: number;
}

function holds(c: Cmp, a: string | number, b: string | number): boolean {
  switch (c) {
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

/**
 * Filters, sorts and cuts a list: `{"items", "has_more"}`. Without `sort` the order is by id;
 * ties of any sort are broken by id, so keyset paging (`id_gt=<last id>` with `sort=id`) never
 * skips or repeats an item. Ids compare as strings (Toloka's ids of one kind have one width).
 */
export function runList<T>(all: Iterable<T>, q: ListQuery, spec: ListSpec<T>): { items: T[]; has_more: boolean } {
  const out: T[] = [];
  for (const x of all) {
    const id = spec.id(x);
    if (!q.ids.every(([c, v]) => holds(c, id, v))) continue;
    if (!q.times.every(([f, c, v]) => {
      const t = spec.times[f]!(x);
      return t !== undefined && holds(c, t, v);
    })) continue;
    if (!q.equals.every(([f, v]) => spec.equals[f]!(x) === v)) continue;
    out.push(x);
  }
  const keys = q.sort.length > 0 ? q.sort : [{ field: 'id', desc: false }];
  const value = (x: T, field: string): string | number => (field === 'id' ? spec.id(x) : (spec.times[field]!(x) ?? Number.POSITIVE_INFINITY));
  out.sort((a, b) => {
    for (const { field, desc } of keys) {
      const va = value(a, field);
      const vb = value(b, field);
      if (va !== vb) return (va < vb ? -1 : 1) * (desc ? -1 : 1);
    }
    const ia = spec.id(a);
    const ib = spec.id(b);
    return ia < ib ? -1 : ia > ib ? 1 : 0;
  });
  return { items: out.slice(0, q.limit), has_more: out.length > q.limit };
}
