import * as z from 'zod';
import type { RawQuery } from '../call-context.js';
import { errors } from './errors.js';
import { TABLES, TABLES_WITHOUT_DATES, TABLES_WITH_OPTIONAL_DATES, TABLE_ALIASES, isTable, type TableName } from './domain/tables.js';

/** Parameters of the Logs API that are not field filters (docs: ref/*.md, plus the loader's parts). */
export const KNOWN_PARAMS: ReadonlySet<string> = new Set([
  'application_id',
  'date_since',
  'date_until',
  'fields',
  'date_dimension',
  'limit',
  'use_utf8_bom',
  'skip_unavailable_shards',
  'parts_count',
  'part_number',
]);

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}):(\d{2}))?$/;

/** `yyyy-mm-dd hh:mm:ss` or a bare `yyyy-mm-dd` (the docs' examples use both) as local wall ms. */
function localDate(name: string, endOfDay: boolean) {
  return z
    .string({ error: `Parameter ${name} is required.` })
    .transform((value, ctx) => {
      const m = DATE_RE.exec(value);
      const [y, mo, d, h, mi, s] = (m?.slice(1) ?? []).map((x) => (x === undefined ? undefined : Number(x)));
      const bare = m !== null && h === undefined;
      const ms = m ? Date.UTC(y!, mo! - 1, d!, bare ? (endOfDay ? 23 : 0) : h!, bare ? (endOfDay ? 59 : 0) : mi!, bare ? (endOfDay ? 59 : 0) : s!) : NaN;
      const back = new Date(ms);
      if (!m || Number.isNaN(ms) || back.getUTCMonth() !== mo! - 1 || back.getUTCDate() !== d! || (h ?? 0) > 23 || (mi ?? 0) > 59 || (s ?? 0) > 59) {
        ctx.addIssue({ code: 'custom', message: `Invalid value of parameter ${name}: '${value}'. Expected yyyy-mm-dd hh:mm:ss or yyyy-mm-dd.` });
        return z.NEVER;
      }
      return ms;
    });
}

function bool(name: string) {
  return z
    .enum(['true', 'false', '1', '0'], { error: (i) => `Invalid value of parameter ${name}: '${String(i.input)}'. Expected true or false.` })
    .transform((v) => v === 'true' || v === '1');
}

/**
 * A whole number, also written as R writes one (`5e+07`: everleazy/appmetricaR's default limit,
 * sent so by httr since 2022), or with a zero fraction.
 */
const INTEGER_TEXT = /^(\d{1,15}(\.0*)?|\d(\.\d{1,14})?[eE]\+?\d{1,2})$/;

function positiveInt(name: string, min: number) {
  return z
    .string()
    .regex(INTEGER_TEXT, { error: (i) => `Invalid value of parameter ${name}: '${String(i.input)}'. Expected an integer.` })
    .transform((text, ctx) => {
      const n = Number(text);
      if (Number.isSafeInteger(n)) return n;
      ctx.issues.push({ code: 'custom', message: `Invalid value of parameter ${name}: '${text}'. Expected an integer.`, input: text });
      return z.NEVER;
    })
    .refine((n) => n >= min, { error: (i) => `Invalid value of parameter ${name}: '${String(i.input)}'. Expected an integer of at least ${min}.` });
}

const Common = z.object({
  application_id: z
    .string({ error: 'Parameter application_id is required.' })
    .regex(/^\d{1,15}$/, { error: (i) => `Invalid value of parameter application_id: '${String(i.input)}'. Expected a number.` })
    .transform(Number),
  fields: z
    .string({ error: 'Parameter fields is required.' })
    .transform((s) => s.split(',').map((f) => f.trim()))
    .refine((list) => list.every((f) => f.length > 0), { message: 'Parameter fields must be a comma-separated list of field names with no empty names.' }),
  date_dimension: z
    .enum(['default', 'receive'], { error: (i) => `Invalid value of parameter date_dimension: '${String(i.input)}'. Expected default or receive.` })
    .default('default'),
  limit: positiveInt('limit', 1).optional(),
  use_utf8_bom: bool('use_utf8_bom').default(false),
  skip_unavailable_shards: bool('skip_unavailable_shards').default(false),
  parts_count: positiveInt('parts_count', 1).default(1),
  part_number: positiveInt('part_number', 0).default(0),
});

const Dated = Common.extend({ date_since: localDate('date_since', false), date_until: localDate('date_until', true) });

/**
 * profiles_v2's own parameters (ref/profiles.md): the profile's version and the Unix time of its
 * update. The docs say no more; like `<any field name>=<value>` they filter on equality.
 */
const PROFILE_PARAMS: ReadonlyMap<string, z.ZodType<string>> = new Map([
  ['version', z.string().regex(/^\d{1,15}$/, { error: (i) => `Invalid value of parameter version: '${String(i.input)}'. Expected an integer.` })],
  ['update_timestamp', z.string().regex(/^\d{1,15}$/, { error: (i) => `Invalid value of parameter update_timestamp: '${String(i.input)}'. Expected a Unix time in seconds.` })],
]);

/** A request for an export, checked against the table; dates still in the app's local time. */
export interface ExportRequest {
  table: TableName;
  format: 'json' | 'csv';
  applicationId: number;
  fields: string[];
  /** Local wall time of the app, as Date.UTC of the given fields. */
  sinceLocal: number | undefined;
  untilLocal: number | undefined;
  dateDimension: 'default' | 'receive';
  filters: [string, string][];
  /**
   * Parameters that are neither the API's nor a field of the table, as sent. Profiles read the
   * ones naming an app's profile attribute as filters; the rest are ignored, unless the scenario
   * refuses unknown parameters (the backend decides: the app and the plan are not known here).
   */
  extras: [string, string][];
  limit: number | undefined;
  bom: boolean;
  partsCount: number;
  partNumber: number;
  /** Identity of the request: same parameters in any order give the same key. */
  key: string;
}

/** `events.json` -> table and format; unknown table 404, unknown format 400. */
export function parseResource(resource: string): { table: TableName; format: 'json' | 'csv' } {
  const dot = resource.lastIndexOf('.');
  const name = dot < 0 ? resource : resource.slice(0, dot);
  const ext = dot < 0 ? 'json' : resource.slice(dot + 1); // the method-call page: JSON when no format is given
  const table = TABLE_ALIASES[name] ?? name;
  if (!isTable(table)) throw errors.unknownTable(name, Object.keys(TABLES));
  if (ext !== 'json' && ext !== 'csv') throw errors.badFormat(ext);
  return { table, format: ext };
}

/** Parses the query string of an export request into an ExportRequest, or throws a 400 with the reason. */
export function parseExportQuery(resource: string, rawQuery: string): ExportRequest {
  const { table, format } = parseResource(resource);
  const params = new URLSearchParams(rawQuery);
  // No prototype: a parameter named "toString" or "constructor" is a parameter like any other.
  const flat = Object.create(null) as Record<string, string>;
  for (const [k, v] of params) {
    if (Object.hasOwn(flat, k)) throw errors.badParam(`Parameter ${k} is given more than once.`);
    flat[k] = v;
  }
  if ('oauth_token' in flat) throw errors.tokenInUrl();
  const hasDates = 'date_since' in flat || 'date_until' in flat;
  // A table without a date range (push_tokens) ignores dates: Yandex's own loader calls it a
  // "date ignored" source (fields/source.py), and clients that send dates to every table
  // (everleazy/appmetricaR, ngkame/appmetrica_to_gbq) export it too.
  const withDates = !TABLES_WITHOUT_DATES.has(table) && (hasDates || !TABLES_WITH_OPTIONAL_DATES.has(table));
  const parsed = (withDates ? Dated : Common).safeParse(flat);
  if (!parsed.success) throw errors.badParam(parsed.error.issues[0]!.message);
  const q = parsed.data as z.infer<typeof Common> & Partial<{ date_since: number; date_until: number }>;

  const available: readonly string[] = TABLES[table];
  const profiles = table === 'profiles_v2';
  // A profile attribute is asked for by its name: the backend checks it against the app.
  const unknown = profiles ? undefined : q.fields.find((f) => !available.includes(f));
  if (unknown !== undefined) {
    throw errors.badParam(`Unknown field '${unknown}' for ${table}. Available fields: ${available.join(',')}.`);
  }
  const filters: [string, string][] = [];
  const extras: [string, string][] = [];
  for (const [k, v] of Object.entries(flat)) {
    if (KNOWN_PARAMS.has(k)) continue;
    const own = profiles ? PROFILE_PARAMS.get(k) : undefined;
    if (own) {
      const checked = own.safeParse(v);
      if (!checked.success) throw errors.badParam(checked.error.issues[0]!.message);
    }
    if (own || available.includes(k)) filters.push([k, v]);
    else extras.push([k, v]);
  }
  if (q.date_since !== undefined && q.date_until !== undefined && q.date_since > q.date_until) {
    throw errors.badParam(`date_since ${flat.date_since} is after date_until ${flat.date_until}.`);
  }
  if (q.part_number >= q.parts_count) {
    throw errors.badParam(`Invalid value of parameter part_number: ${q.part_number}. It must be less than parts_count (${q.parts_count}); parts are numbered from 0.`);
  }
  // A value's `%` and `&` escaped (a filter may hold them): the key splits back into its parameters (active-queries.ts).
  const key = `${table}.${format}?${[...params].map(([k, v]) => `${k}=${v.replace(/%/g, '%25').replace(/&/g, '%26')}`).sort().join('&')}`;
  return {
    table,
    format,
    applicationId: q.application_id,
    fields: q.fields,
    sinceLocal: q.date_since,
    untilLocal: q.date_until,
    dateDimension: q.date_dimension,
    filters,
    extras,
    limit: q.limit,
    bom: q.use_utf8_bom,
    partsCount: q.parts_count,
    partNumber: q.part_number,
    key,
  };
}

/** Parsed export queries kept: clients poll the same URL until the file is ready. */
const PARSED_CACHE_SIZE = 10_000;

/**
 * The parse of an export URL, kept by URL (path and query: the table is in the path). A poll
 * parses the same query as the last one, and the parse (zod, field lists) is most of a 202's
 * work otherwise. Only successful parses are kept; a result is never changed.
 */
export class ExportQueries {
  readonly #parsed = new Map<string, ExportRequest>();

  parse(url: string, resource: string, rawQuery: string): ExportRequest {
    let parsed = this.#parsed.get(url);
    if (parsed === undefined) {
      parsed = parseExportQuery(resource, rawQuery);
      if (this.#parsed.size >= PARSED_CACHE_SIZE) this.#parsed.clear();
      this.#parsed.set(url, parsed);
    }
    return parsed;
  }
}

/** The `application_id` of a Logs API call that is no export (get_active_queries, cancel), with the exports' errors. */
export function parseLogsApplicationId(query: RawQuery): number {
  const raw = query['application_id'];
  const parsed = Common.shape.application_id.safeParse(Array.isArray(raw) ? raw[0] : raw);
  if (!parsed.success) throw errors.badParam(parsed.error.issues[0]!.message);
  return parsed.data;
}

/** The `{id}` of /management/v1/application/{id}: an application id (a number). */
export function parseApplicationId(raw: string): number {
  if (!/^\d{1,15}$/.test(raw)) throw errors.invalidId(raw);
  return Number(raw);
}
