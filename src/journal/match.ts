import type { ApiName, RawRequest, RouteMatch } from '../core/journal.js';
import { globMatches } from '../scenarios/glob.js';
import { namesToken } from './mask.js';
import { apiPath, bodyText, header, queryOf, type JobOf } from './render.js';

/**
 * Which journaled requests a query, a count or an expectation means: every field given must
 * hold. The same object works in the library (`stand.requests(match)`, `stand.countRequests`,
 * `expectRequests`) and, as JSON, in the admin API (`GET /_stand/journal/requests?...`,
 * `POST /_stand/journal/verify`).
 */
export interface RequestMatch {
  api?: ApiName | undefined;
  method?: string | undefined;
  /** The path on the API (no prefix such as /toloka, no query); `*` matches any run of characters. */
  path?: string | undefined;
  /** Text the URL (path and query) contains. */
  urlContains?: string | undefined;
  /** The token the request carried: the token itself, or its masked form as the journal shows it. */
  token?: string | undefined;
  /** The same as `token` (the journal's field is `account`). */
  account?: string | undefined;
  status?: number | undefined;
  /** The job (export, async call, operation) the request touched. */
  job?: string | undefined;
  /** Query parameters that must have these values. */
  query?: Record<string, string> | undefined;
  /** Request headers that must have these values (names in lower case). */
  headers?: Record<string, string> | undefined;
  /** Text the request body contains. */
  bodyContains?: string | undefined;
  /** `unmatched`: no route of the API (404); `unemulated`: a real operation the stand does not emulate (501). */
  route?: RouteMatch | undefined;
}

/** The criteria of a RequestMatch, each a test of one journaled request, with its name for messages. */
interface Criterion {
  name: string;
  /** How a request that fails it differs, e.g. `method GET`. */
  describe: (r: RawRequest) => string;
  test: (r: RawRequest) => boolean;
}

function criteria(m: RequestMatch, jobOf: (r: RawRequest) => string | null): Criterion[] {
  const out: Criterion[] = [];
  const add = (name: string, test: Criterion['test'], describe: Criterion['describe']) => out.push({ name, test, describe });
  if (m.api !== undefined) add(`api ${m.api}`, (r) => r.api === m.api, (r) => `api ${r.api}`);
  if (m.method !== undefined) {
    const method = m.method.toUpperCase();
    add(`method ${method}`, (r) => r.method === method, (r) => `method ${r.method}`);
  }
  if (m.path !== undefined) add(`path ${m.path}`, (r) => globMatches(m.path!, apiPath(r.api, r.url)), (r) => `path ${apiPath(r.api, r.url)}`);
  if (m.urlContains !== undefined) add(`a URL containing "${m.urlContains}"`, (r) => r.url.includes(m.urlContains!), (r) => `URL ${r.url}`);
  const token = m.token ?? m.account;
  if (token !== undefined) add(`token ${token}`, (r) => namesToken(token, r.account), (r) => (r.account === null ? 'no token' : 'another token'));
  if (m.status !== undefined) add(`status ${m.status}`, (r) => r.status === m.status, (r) => `status ${r.status}`);
  if (m.job !== undefined) add(`job ${m.job}`, (r) => jobOf(r) === m.job, (r) => `job ${jobOf(r) ?? 'none'}`);
  for (const [k, v] of Object.entries(m.query ?? {})) {
    add(`query ${k}=${v}`, (r) => queryOf(r.url)[k] === v, (r) => (queryOf(r.url)[k] === undefined ? `no ${k} in the query` : `${k}=${queryOf(r.url)[k]}`));
  }
  for (const [k, v] of Object.entries(m.headers ?? {})) {
    const name = k.toLowerCase();
    add(`header ${name}: ${v}`, (r) => header(r.requestHeaders, name) === v, (r) => (header(r.requestHeaders, name) === undefined ? `no ${name} header` : `${name}: ${header(r.requestHeaders, name)}`));
  }
  if (m.bodyContains !== undefined) add(`a body containing "${m.bodyContains}"`, (r) => (bodyText(r.requestBody) ?? '').includes(m.bodyContains!), () => 'another body');
  if (m.route !== undefined) add(`route ${m.route}`, (r) => r.route === m.route, (r) => `route ${r.route}`);
  return out;
}

export function matching(all: readonly RawRequest[], m: RequestMatch, jobOf: JobOf): RawRequest[] {
  const cs = criteria(m, jobOf);
  return all.filter((r) => cs.every((c) => c.test(r)));
}

/** A RequestMatch as text: `GET path /api/v2/campaigns.json`. */
export function describeMatch(m: RequestMatch, jobOf: JobOf): string {
  const cs = criteria(m, jobOf);
  return cs.length === 0 ? 'any request' : cs.map((c) => c.name).join(', ');
}

/**
 * Why no request (or too few) matched: the requests that meet every criterion but one, grouped by
 * that one, e.g. `3 requests with path /api/v2/campaigns.json, none with method DELETE (they had
 * method GET ×2, method POST)`. Empty when nothing came near.
 */
export function nearMisses(all: readonly RawRequest[], m: RequestMatch, jobOf: JobOf): string[] {
  const cs = criteria(m, jobOf);
  if (cs.length < 2) {
    if (cs.length === 1 && all.length > 0) return [`${all.length} request${all.length === 1 ? '' : 's'} in the journal, none with ${cs[0]!.name} (they had ${tally(all.map(cs[0]!.describe))})`];
    return [];
  }
  const out: string[] = [];
  for (let miss = 0; miss < cs.length; miss++) {
    const others = cs.filter((_, i) => i !== miss);
    const near = all.filter((r) => others.every((c) => c.test(r)) && !cs[miss]!.test(r));
    if (near.length === 0) continue;
    out.push(
      `${near.length} request${near.length === 1 ? '' : 's'} with ${others.map((c) => c.name).join(', ')}, none with ${cs[miss]!.name} (they had ${tally(near.map(cs[miss]!.describe))})`,
    );
  }
  return out;
}

function tally(values: string[]): string {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  const parts = [...counts].slice(0, 5).map(([v, n]) => (n > 1 ? `${v} ×${n}` : v));
  return parts.join(', ') + (counts.size > 5 ? `, and ${counts.size - 5} more` : '');
}
