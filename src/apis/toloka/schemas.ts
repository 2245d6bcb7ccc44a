import type { FastifyRequest } from 'fastify';
import { formatIsoMillis } from '../../core/time-format.js';
import type * as z from 'zod';
import { errors, fieldError, type FieldErrors } from './errors.js';
import type { Cmp, ListQuery, ListSpec } from './domain/lists.js';
import { RESULT_FIELDS, type ResultsQuery } from './domain/results-tsv.js';

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

/**
 * A query parameter the route does not document. What Toloka answers for one is not published;
 * the stand refuses it as a validation error on the parameter (README, "known differences"),
 * so a misspelt filter is never silently ignored.
 */
function unknownParam(name: string): never {
  throw errors.param(name, 'VALUE_NOT_ALLOWED', `Unknown parameter "${name}"`);
}

/** Refuses any query parameter but `allowed` (the routes that are not lists). */
export function onlyParams(query: RawQuery, allowed: readonly string[]): void {
  for (const name of Object.keys(query)) if (!allowed.includes(name)) unknownParam(name);
}

function timeValue(name: string, t: string): number {
  const ms = parseTime(t);
  if (ms === undefined) throw errors.param(name, 'INVALID_DATE_TIME_SYNTAX', `Value must be a date (YYYY-MM-DD) or a date and time (YYYY-MM-DDThh:mm:ss[.sss], UTC), got "${t}"`);
  return ms;
}

function numberValue(name: string, v: string): number {
  if (!/^-?\d{1,15}(\.\d+)?$/.test(v)) throw errors.param(name, 'INTEGER_EXPECTED', `Value must be an integer, got "${v}"`);
  return Number(v);
}

/** `<name>_gt|gte|lt|lte` -> [name, cmp], or undefined. */
function ranged(param: string): [string, Cmp] | undefined {
  const m = /^(.+)_(gt|gte|lt|lte)$/.exec(param);
  return m ? [m[1]!, m[2] as Cmp] : undefined;
}

/** A list's query parameters, checked against its spec: filters, sort, limit; anything else is refused. */
export function parseListQuery<T>(query: RawQuery, spec: ListSpec<T>): ListQuery {
  const q: ListQuery = { ids: [], times: [], numbers: [], texts: [], equals: [], excludes: [], sort: [], limit: spec.defaultLimit };
  for (const name of Object.keys(query)) {
    const v = one(query, name);
    if (v === undefined || name === 'sort' || name === 'limit' || spec.ignored?.includes(name)) continue;
    const range = ranged(name);
    if (range?.[0] === (spec.idName ?? 'id')) q.ids.push([range[1], v]);
    else if (range && Object.hasOwn(spec.times, range[0])) q.times.push([range[0], range[1], timeValue(name, v)]);
    else if (range && spec.numbers && Object.hasOwn(spec.numbers, range[0])) q.numbers.push([range[0], range[1], numberValue(name, v)]);
    else if (spec.numbers && Object.hasOwn(spec.numbers, name)) q.numbers.push([name, 'eq', numberValue(name, v)]);
    else if (range && spec.textRanges?.includes(range[0])) q.texts.push([range[0], range[1], v]);
    else if (Object.hasOwn(spec.equals, name)) q.equals.push([name, spec.lists?.includes(name) ? v.split(',').map((x) => x.trim()) : [v]]);
    else if (name.endsWith('_ne') && spec.lists?.includes(name.slice(0, -3))) q.excludes.push([name.slice(0, -3), v.split(',').map((x) => x.trim())]);
    else unknownParam(name);
  }
  if (spec.required && !spec.required.some((name) => one(query, name) !== undefined)) {
    const [first, ...rest] = spec.required;
    throw errors.param(first!, 'VALUE_REQUIRED', rest.length ? `Specify ${spec.required.join(' or ')}` : 'Value must be present and not equal to null');
  }
  const sort = one(query, 'sort');
  if (sort !== undefined && sort !== '') {
    const allowed = [spec.idName ?? 'id', ...Object.keys(spec.times), ...Object.keys(spec.texts ?? {})];
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
    if (!/^[-+]?\d+$/.test(limit)) throw errors.param('limit', 'INTEGER_EXPECTED', `Value must be an integer, got "${limit}"`);
    const n = Number(limit);
    if (n < 1) throw errors.param('limit', 'VALUE_LESS_THAN_MIN', 'Value must be greater than or equal to 1');
    if (n > spec.maxLimit) throw errors.param('limit', 'VALUE_GREATER_THAN_MAX', `Value must be less than or equal to ${spec.maxLimit}`);
    q.limit = n;
  }
  return q;
}

const FILE_STATUSES = ['ACTIVE', 'SUBMITTED', 'APPROVED', 'REJECTED', 'SKIPPED', 'EXPIRED'];

/** A comma-separated list of names, each one of `allowed`; `fallback` when not given. */
function namesParam(query: RawQuery, name: string, allowed: readonly string[], fallback: readonly string[]): readonly string[] {
  const v = one(query, name);
  if (v === undefined || v === '') return fallback;
  const names = v.split(',').map((x) => x.trim());
  const bad = names.find((x) => !allowed.includes(x));
  if (bad !== undefined) throw errors.param(name, 'VALUE_NOT_ALLOWED', `"${bad}" is not one of: ${allowed.join(', ')}`);
  return names;
}

/**
 * GET /api/new/requester/pools/{id}/assignments.tsv (toloka-kit GetAssignmentsTsvParameters):
 * `status` and `field` as comma-separated lists (defaults: kit's, APPROVED and the link, ids,
 * status and start), `startTimeFrom`, `startTimeTo`, `excludeBanned`, `addRowDelimiter`.
 */
export function parseResultsQuery(query: RawQuery): ResultsQuery {
  onlyParams(query, ['status', 'field', 'startTimeFrom', 'startTimeTo', 'excludeBanned', 'addRowDelimiter']);
  const from = one(query, 'startTimeFrom');
  const to = one(query, 'startTimeTo');
  return {
    statuses: namesParam(query, 'status', FILE_STATUSES, ['APPROVED']),
    startFrom: from === undefined ? undefined : timeValue('startTimeFrom', from),
    startTo: to === undefined ? undefined : timeValue('startTimeTo', to),
    excludeBanned: boolParam(query, 'excludeBanned', false),
    fields: namesParam(query, 'field', RESULT_FIELDS, ['ASSIGNMENT:link', 'ASSIGNMENT:assignment_id', 'ASSIGNMENT:worker_id', 'ASSIGNMENT:status', 'ASSIGNMENT:started']),
    rowDelimiter: boolParam(query, 'addRowDelimiter', false),
  };
}

/** Toloka's code for a zod issue on a field (the codes of toloka-kit's ValidationErrorCodes). */
function issueError(issue: z.core.$ZodIssue, value: unknown): { code: string; message?: string } {
  switch (issue.code) {
    case 'invalid_type': {
      if (value === undefined || value === null) return { code: 'VALUE_REQUIRED' };
      const expected = String(issue.expected);
      if (expected === 'int') return { code: 'INTEGER_EXPECTED' };
      if (expected === 'number') return { code: 'FLOAT_EXPECTED' };
      if (expected === 'boolean') return { code: 'BOOLEAN_EXPECTED' };
      if (expected === 'array') return { code: 'ARRAY_EXPECTED' };
      if (expected === 'object' || expected === 'record') return { code: 'OBJECT_EXPECTED' };
      return { code: 'STRING_EXPECTED' };
    }
    case 'too_small':
      return issue.origin === 'string' || issue.origin === 'array'
        ? { code: issue.origin === 'string' ? 'STRING_LENGTH_LESS_THAN_MIN' : 'ARRAY_SIZE_LESS_THAN_MIN', message: `Size must be at least ${String(issue.minimum)}` }
        : { code: 'VALUE_LESS_THAN_MIN', message: `Value must be greater than or equal to ${String(issue.minimum)}` };
    case 'too_big':
      return issue.origin === 'string' || issue.origin === 'array'
        ? { code: issue.origin === 'string' ? 'STRING_LENGTH_GREATER_THAN_MAX' : 'ARRAY_SIZE_GREATER_THAN_MAX', message: `Size must be at most ${String(issue.maximum)}` }
        : { code: 'VALUE_GREATER_THAN_MAX', message: `Value must be less than or equal to ${String(issue.maximum)}` };
    case 'invalid_value':
      return { code: 'UNKNOWN_ENUM_VALUE', message: `Value must be one of: ${issue.values.map(String).join(', ')}` };
    case 'invalid_format':
      return { code: 'PATTERN_MISMATCH', message: issue.message };
    case 'custom':
      // A refinement names its Toloka code in its params.
      return { code: typeof issue.params?.code === 'string' ? issue.params.code : 'VALUE_NOT_ALLOWED', message: issue.message };
    default:
      return { code: 'VALUE_NOT_ALLOWED', message: issue.message };
  }
}

/**
 * A JSON body against one of Toloka's forms (domain/forms.ts): the parsed form, or a 400
 * VALIDATION_ERROR whose payload maps each field path to `{code, message}` (docs: errors; the
 * shape toloka-kit's ValidationApiError reads).
 */
export function parseForm<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  if (body === undefined) throw errors.noBody();
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const fields: FieldErrors = {};
  for (const issue of result.error.issues) {
    const path = issue.path.join('.') || 'body';
    if (fields[path]) continue;
    let value: unknown = body;
    for (const key of issue.path) value = value !== null && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[key] : undefined;
    const { code, message } = issueError(issue, value);
    fields[path] = fieldError(code, message);
  }
  throw errors.validation(fields);
}

/** A request's JSON body: any other Content-Type is 415 (docs: "Content-Type: application/json" on POST, PUT, PATCH). */
export function jsonBody(request: FastifyRequest): unknown {
  const type = request.headers['content-type'];
  if (request.body !== undefined && !/^application\/json\b/i.test(type ?? '')) throw errors.unsupportedMedia(type);
  return request.body;
}
