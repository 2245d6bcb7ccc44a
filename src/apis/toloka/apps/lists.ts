/**
 * The Apps API's lists (OAS: each GET list's parameters): `{"content", "has_more"}`, `limit` 100
 * by default, the filters and sort keys of domain/lists.ts, and `after_id`.
 */
import { runList, type ListSpec } from '../domain/lists.js';
import { one, parseListQuery, type RawQuery } from '../schemas.js';
import type { AppDefinition } from './catalogue.js';
import type { AppBatch, AppItem, AppProject } from './model.js';

export interface AppsPage<T> { content: T[]; has_more: boolean }

const base = { defaultLimit: 100, maxLimit: 1000 } as const;
export const APP_LIST: ListSpec<AppDefinition> = { id: (a) => a.id, times: {}, equals: {}, ignored: ['lang'], ...base };
export const PROJECT_LIST: ListSpec<AppProject> = {
  id: (p) => p.id,
  times: { created: (p) => p.created },
  texts: { name: (p) => p.name },
  textRanges: ['name'],
  equals: { app_id: (p) => p.appId, parent_app_project_id: (p) => p.parentId, status: (p) => p.status },
  // scope (MY, COMPANY, REQUESTER_LIST) and requester_ids: every project of a token is its own.
  ignored: ['scope', 'requester_ids'],
  defaultLimit: 100,
  maxLimit: 5000,
};
export const ITEM_LIST: ListSpec<AppItem> = {
  id: (i) => i.id,
  times: { created: (i) => i.created, finished: (i) => i.finished },
  texts: { status: (i) => i.status },
  equals: { batch_id: (i) => i.batchId, status: (i) => i.status },
  ...base,
};
export const BATCH_LIST: ListSpec<AppBatch> = {
  id: (b) => b.id,
  times: { created: (b) => b.created },
  texts: { name: (b) => b.name, status: (b) => b.status },
  textRanges: ['name'],
  equals: { status: (b) => b.status },
  ...base,
};

/**
 * One page of a list, `{"content", "has_more"}`: the lists' filters (lists.ts), then `after_id`
 * (OAS: "The ID of the ... used for cursor pagination"): what comes after that object in the
 * order asked for; an id not in the list reads as `id_gt`.
 */
export function page<T>(all: Iterable<T>, query: RawQuery, spec: ListSpec<T>): AppsPage<T> {
  const { after_id: _after, ...rest } = query;
  const after = one(query, 'after_id');
  const q = parseListQuery(rest, spec);
  if (after === undefined || after === '') {
    const { items, has_more } = runList(all, q, spec);
    return { content: items, has_more };
  }
  const sorted = runList(all, { ...q, limit: Number.MAX_SAFE_INTEGER }, spec).items;
  const at = sorted.findIndex((x) => spec.id(x) === after);
  const next = at >= 0 ? sorted.slice(at + 1) : sorted.filter((x) => spec.id(x) > after);
  return { content: next.slice(0, q.limit), has_more: next.length > q.limit };
}
