import { formatIsoMillis } from '../../core/time-format.js';
import { errors } from './errors.js';
import type { Cmp, ListQuery, ListSpec } from './domain/lists.js';

/**
 * Parsing of Toloka's query parameters and time stamps, once, at the edge. Problems answer
 * 400 VALIDATION_ERROR with the parameter as the payload key, like Toloka's field errors.
 */

export type { RawQuery } from '../call-context.js';
import type { RawQuery } from '../call-context.js';

/** Toloka's time stamps: UTC, ISO 8601 without a zone suffix, e.g. `2020-12-23T16:26:20.131`. */
export function tolokaTime(ms: number): string {
  return formatIsoMillis(ms);
}

const TIME_RE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * A time parameter (`submitted_gte=2022-07-07T00:00:00`, or a bare date as in the docs'
 * examples) -> epoch ms. No zone means UTC; `Z` and `+03:00` are accepted too.
 */
export function parseTime(value: string): number | undefined {
  const m = TIME_RE.exec(value.trim());
  if (!m) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '0', zone] = m;
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), Number(frac.padEnd(3, '0').slice(0, 3)));
  const check = new Date(ms);
  if (Number.isNaN(ms) || check.getUTCMonth() !== Number(mo) - 1 || check.getUTCDate() !== Number(d) || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) {
    return undefined;
  }
  if (!zone || zone === 'Z') return ms;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return ms - sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
}

/** The first value of a query parameter (a repeated one counts once). */
export function one(query: RawQuery, name: string): string | undefined {
  const v = query[name];
  return Array.isArray(v) ? v[0] : v;
}

export function boolParam(query: RawQuery, name: string, fallback: boolean): boolean {
  const v = one(query, name);
  if (v === undefined || v === '') return fallback;
  const lower = v.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  throw errors.param(name, 'BOOLEAN_EXPECTED', `Value must be true or false, got "${v}"`);
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Query parameters of POST /tasks, /task-suites, /user-bonuses (docs: create-task). */
export interface CreateParams {
  asyncMode: boolean;
  skipInvalidItems: boolean;
  allowDefaults: boolean;
  openPool: boolean;
  operationId: string | undefined;
}

export function parseCreateParams(query: RawQuery): CreateParams {
  const operationId = one(query, 'operation_id');
  if (operationId !== undefined && !UUID_RE.test(operationId)) {
    throw errors.param('operation_id', 'UUID_EXPECTED', `Value must be a UUID (RFC 4122), got "${operationId}"`);
  }
  return {
    asyncMode: boolParam(query, 'async_mode', false),
    skipInvalidItems: boolParam(query, 'skip_invalid_items', false),
    allowDefaults: boolParam(query, 'allow_defaults', false),
    openPool: boolParam(query, 'open_pool', false),
    operationId: operationId === undefined ? undefined : operationId.toLowerCase(),
  };
}

const CMPS: readonly Cmp[] = ['gt', 'gte', 'lt', 'lte'];

export function parseListQuery<T>(query: RawQuery, spec: ListSpec<T>): ListQuery {
  const q: ListQuery = { ids: [], times: [], equals: [], sort: [], limit: spec.defaultLimit };
  for (const c of CMPS) {
    const v = one(query, `id_${c}`);
    if (v !== undefined) q.ids.push([c, v]);
    for (const field of Object.keys(spec.times)) {
      const name = `${field}_${c}`;
      const t = one(query, name);
      if (t === undefined) continue;
      const ms = parseTime(t);
      if (ms === undefined) throw errors.param(name, 'INVALID_DATE_TIME_SYNTAX', `Value must be a date (YYYY-MM-DD) or a date and time (YYYY-MM-DDThh:mm:ss[.sss], UTC), got "${t}"`);
      q.times.push([field, c, ms]);
    }
  }
  for (const field of Object.keys(spec.equals)) {
    const v = one(query, field);
    if (v !== undefined) q.equals.push([field, v]);
  }
  const sort = one(query, 'sort');
  if (sort !== undefined && sort !== '') {
    const allowed = ['id', ...Object.keys(spec.times)];
    for (const part of sort.split(',')) {
      const key = part.trim();
      const desc = key.startsWith('-');
      const field = desc ? key.slice(1) : key;
      if (!allowed.includes(field)) {
        throw errors.param('sort', 'VALUE_NOT_ALLOWED', `Cannot sort by "${field}"; sort by ${allowed.join(', ')} (prefix - for descending, comma-separated)`);
      }
      q.sort.push({ field, desc });
    }
  }
  const limit = one(query, 'limit');
  if (limit !== undefined) {
    if (!/^\d{1,9}$/.test(limit)) throw errors.param('limit', 'INTEGER_EXPECTED', `Value must be an integer, got "${limit}"`);
    const n = Number(limit);
    if (n < 1) throw errors.param('limit', 'VALUE_LESS_THAN_MIN', 'Value must be greater than or equal to 1');
    if (n > spec.maxLimit) throw errors.param('limit', 'VALUE_GREATER_THAN_MAX', `Value must be less than or equal to ${spec.maxLimit}`);
    q.limit = n;
  }
  return q;
}
