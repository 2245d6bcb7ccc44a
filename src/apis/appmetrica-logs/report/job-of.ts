import type { RawRequest } from '../../../core/journal.js';
import { apiPath } from '../../../journal/render.js';
import type { JobView } from '../../api.js';
import { parseExportQuery } from '../schemas.js';

const EXPORT = '/logs/v1/export/';

/** The identity of an export request (its table, format and parameters in any order), or null. */
export function exportKeyOf(url: string): string | null {
  const path = apiPath('appmetrica', url);
  if (!path.startsWith(EXPORT)) return null;
  const q = url.indexOf('?');
  try {
    return parseExportQuery(path.slice(EXPORT.length), q < 0 ? '' : url.slice(q + 1)).key;
  } catch {
    return null;
  }
}

/**
 * Which export each journaled AppMetrica request touched: the account's latest export of the same
 * request made at or before it (exports are found by their request, not by an id in the URL).
 * Built per read of the journal, from the exports there are then.
 */
export function appmetricaJobOf(jobs: readonly JobView[]): (r: RawRequest) => string | null {
  const byKey = new Map<string, JobView[]>();
  for (const j of jobs) {
    const key = `${j.account}\n${String(j.detail.request)}`;
    const list = byKey.get(key);
    if (list) list.push(j);
    else byKey.set(key, [j]);
  }
  return (r) => {
    if (r.account === null) return null;
    const key = exportKeyOf(r.url);
    if (key === null) return null;
    const at = new Date(r.at).toISOString();
    let found: string | null = null;
    for (const j of byKey.get(`${r.account}\n${key}`) ?? []) if (j.createdAt <= at) found = j.id;
    return found;
  };
}
