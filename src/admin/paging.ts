/** One page of a list the admin API serves (jobs, journals), and how many matched in all. */
export interface Page<T> {
  items: T[];
  /** How many items matched the filters, across all pages. */
  total: number;
  offset: number;
  /** The page size asked for; null when the whole list was asked for. */
  limit: number | null;
  order: 'asc' | 'desc';
}

export interface PageQuery {
  limit?: number | undefined;
  offset?: number | undefined;
  order?: 'asc' | 'desc' | undefined;
}

/**
 * Cuts one page out of a list kept oldest first. `desc` pages from the end without copying the
 * whole list, so the newest 50 of 10,000 journal entries cost 50.
 */
export function page<T>(all: readonly T[], query: PageQuery): Page<T> {
  const order = query.order ?? 'asc';
  const offset = query.offset ?? 0;
  const total = all.length;
  const count = Math.max(0, Math.min(query.limit ?? total, total - offset));
  const items: T[] = [];
  for (let k = 0; k < count; k++) items.push(all[order === 'asc' ? offset + k : total - 1 - offset - k]!);
  return { items, total, offset, limit: query.limit ?? null, order };
}
