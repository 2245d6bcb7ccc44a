import * as z from 'zod';
import { MAX_JSON_DEPTH, jsonTooDeep } from '../../core/json-depth.js';
import { errors, type FieldErrors } from './errors.js';
import { AUTOBIDDING_MODES, MIXINGS, OBJECTIVES, type SyncRequest } from './model.js';

/**
 * Inputs of the sync API, parsed once at the edge: JSON bodies of creates and updates (per-field
 * 400s), and the list parameters `limit`, `offset`, `fields`, `sorting` and `_<field>` filters.
 * Basic types follow api_arrangement: an Integer or Decimal may be sent as a string ("123",
 * "1.23"), a Boolean as "true"/"false", a Date as YYYY-MM-DD.
 */

const INTEGER = 'Must be a positive integer.';
const integer = z.union(
  [z.number({ error: INTEGER }).int({ error: INTEGER }).positive({ error: INTEGER }), z.string().regex(/^[1-9]\d{0,17}$/, { error: INTEGER }).transform(Number)],
  { error: INTEGER },
);
const DECIMAL = 'Must be a non-negative decimal number, e.g. "1000.00".';
const decimal = z
  .union([z.number({ error: DECIMAL }).nonnegative({ error: DECIMAL }), z.string().regex(/^\d{1,15}(\.\d{1,6})?$/, { error: DECIMAL })], {
    error: DECIMAL,
  })
  .transform((v) => Number(v).toFixed(2));
const BOOL = 'Must be true or false.';
const bool = z.union([z.boolean({ error: BOOL }), z.enum(['true', 'false'], { error: BOOL }).transform((v) => v === 'true')], { error: BOOL });
const date = z
  .string({ error: 'Must be a date YYYY-MM-DD.' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'Must be a date YYYY-MM-DD.', abort: true })
  // Zod runs a refinement even after a failed check (unless aborted), and toISOString throws
  // on an invalid Date: the check must not throw whatever the string is.
  .refine((s) => isCalendarDate(s), { error: 'Must be a real calendar date.' });

function isCalendarDate(s: string): boolean {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
}
const oneOf = <T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: `Must be one of: ${values.join(', ')}.` });
const object = z.record(z.string(), z.unknown(), { error: 'Must be a JSON object.' });

export const BannerCreate = z.strictObject({
  name: z.string({ error: 'Must be a string.' }).max(255, { error: 'At most 255 characters.' }).optional(),
  urls: object.optional(),
  textblocks: object.optional(),
  content: object.optional(),
});
export type BannerCreate = z.infer<typeof BannerCreate>;

const campaignEditable = {
  name: z.string({ error: 'Must be a string.' }).trim().min(1, { error: 'Must not be empty.' }).max(255, { error: 'At most 255 characters.' }),
  date_start: date.nullable(),
  date_end: date.nullable(),
  budget_limit: decimal.nullable(),
  budget_limit_day: decimal.nullable(),
  price: decimal,
  max_price: decimal,
  mixing: oneOf(MIXINGS),
  autobidding_mode: oneOf(AUTOBIDDING_MODES),
  enable_utm: bool,
  utm: z.string({ error: 'Must be a string.' }).max(1024, { error: 'At most 1024 characters.' }).nullable(),
  targetings: object,
};

export const CampaignCreate = z.strictObject({
  ...campaignEditable,
  package_id: integer,
  objective: oneOf(OBJECTIVES).optional(),
  status: oneOf(['active', 'blocked']).default('active'),
  date_start: campaignEditable.date_start.optional(),
  date_end: campaignEditable.date_end.optional(),
  budget_limit: campaignEditable.budget_limit.optional(),
  budget_limit_day: campaignEditable.budget_limit_day.optional(),
  price: campaignEditable.price.optional(),
  max_price: campaignEditable.max_price.optional(),
  mixing: campaignEditable.mixing.optional(),
  autobidding_mode: campaignEditable.autobidding_mode.optional(),
  enable_utm: campaignEditable.enable_utm.optional(),
  utm: campaignEditable.utm.optional(),
  targetings: campaignEditable.targetings.optional(),
  banners: z.array(BannerCreate, { error: 'Must be a list of banners.' }).max(50, { error: 'At most 50 banners.' }).optional(),
});
export type CampaignCreate = z.infer<typeof CampaignCreate>;

export const CampaignUpdate = z
  .strictObject(campaignEditable)
  .partial()
  .extend({ status: oneOf(['active', 'blocked', 'deleted']).optional() });
export type CampaignUpdate = z.infer<typeof CampaignUpdate>;

export const BannerUpdate = BannerCreate.extend({ status: oneOf(['active', 'blocked', 'deleted']).optional() });
export type BannerUpdate = z.infer<typeof BannerUpdate>;

/** Fields clients see but may not send (code `read_only` rather than `unknown_field`). */
const READ_ONLY = new Set(['id', 'created', 'updated', 'last_updated', 'moderation_status', 'campaign_id']);

/**
 * The sync call a request stands for: its path on the API (`/async_api/<rest>` read as
 * `/api/<rest>`), its raw query and body as sent.
 */
export function requestOf(method: string, localPath: string, url: string, body: unknown, contentType: string | undefined): SyncRequest {
  const q = url.indexOf('?');
  return {
    method,
    path: localPath.startsWith('/async_api/') ? `/api/${localPath.slice('/async_api/'.length)}` : localPath,
    query: q < 0 ? '' : url.slice(q + 1),
    body: typeof body === 'string' ? body : '',
    contentType,
  };
}

/** Parses a create or update body with `schema`; any problem is one 400 listing every bad field. */
export function parseBody<T>(what: string, schema: z.ZodType<T>, json: unknown, readOnly: readonly string[] = []): T {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw errors.badRequest(`The ${what} must be a JSON object`);
  }
  const result = schema.safeParse(json);
  if (result.success) return result.data;
  const fields: FieldErrors = {};
  for (const issue of result.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const name = [...issue.path, key].join('.');
        fields[name] =
          READ_ONLY.has(key) || readOnly.includes(key)
            ? { code: 'read_only', message: 'This field is read-only.' }
            : { code: 'unknown_field', message: 'Unknown field.' };
      }
      continue;
    }
    const name = issue.path.join('.') || '(body)';
    if (fields[name]) continue;
    if (valueAt(json, issue.path) === undefined) fields[name] = { code: 'required', message: 'This field is required.' };
    else fields[name] = { code: issue.code === 'invalid_value' ? 'invalid_choice' : 'invalid_value', message: issue.message };
  }
  throw invalid(what, fields);
}

export function invalid(what: string, fields: FieldErrors): never {
  const list = Object.entries(fields).map(([k, v]) => `${k} (${v.message})`);
  throw errors.badRequest(`Invalid ${what}: ${list.join('; ')}`, fields);
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = root;
  for (const key of path) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

/** Parses a request body: JSON only; '' is "no body". */
export function parseJson(body: string, contentType: string | undefined): unknown {
  if (contentType && !/json|^text\/plain/i.test(contentType)) {
    throw errors.forStatus(415, `Unsupported Content-Type ${contentType.split(';', 1)[0]}; send application/json`);
  }
  if (body.trim() === '') throw errors.badRequest('Request body is empty; send a JSON object');
  if (jsonTooDeep(body)) throw errors.invalidJson(`arrays and objects are nested deeper than ${MAX_JSON_DEPTH} levels`);
  try {
    return JSON.parse(body) as unknown;
  } catch (e) {
    throw errors.invalidJson((e as Error).message);
  }
}

// --- lists ---------------------------------------------------------------------------------------

/** What a list or a single read may show and filter. */
export interface ResourceShape {
  /** "campaign", "banner" (messages). */
  readonly name: string;
  readonly fields: readonly string[];
  readonly defaultFields: readonly string[];
  /** Fields usable as `_<field>` filters and in `sorting`. */
  readonly filterable: readonly string[];
}

export interface ListQuery {
  limit: number;
  offset: number;
  fields: readonly string[];
  sorting: { field: string; desc: boolean }[];
  filters: { field: string; op: 'eq' | 'in' | 'ne'; values: string[] }[];
}

export const LIST_DEFAULT_LIMIT = 20;
export const LIST_MAX_LIMIT = 250;

function nonNegativeInt(name: string, raw: string, min: number, max: number): number {
  if (!/^\d{1,9}$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw errors.badRequest(`Invalid value of parameter ${name}: '${raw}'; expected an integer from ${min} to ${max}`, {
      [name]: { code: 'invalid_value', message: `Must be an integer from ${min} to ${max}.` },
    });
  }
  return Number(raw);
}

/** `fields=id,name` (spaces allowed), checked against the resource; absent: the default fields. */
export function parseFields(params: URLSearchParams, shape: ResourceShape): readonly string[] {
  const raw = params.get('fields');
  if (raw === null) return shape.defaultFields;
  const list = raw.split(',').map((f) => f.trim()).filter((f) => f !== '');
  const unknown = list.filter((f) => !shape.fields.includes(f));
  if (unknown.length > 0 || list.length === 0) {
    const message = list.length === 0 ? 'Must name at least one field.' : `Unknown ${shape.name} field ${unknown.map((f) => `'${f}'`).join(', ')}; available: ${shape.fields.join(', ')}.`;
    throw errors.badRequest(`Invalid value of parameter fields: ${message}`, { fields: { code: 'invalid_value', message } });
  }
  return [...new Set(list)];
}

/**
 * List parameters (observed in clients: `limit`, `offset`, `fields`, `_status=active`,
 * `_id=123`): `_<field>` is equality, `_<field>__in` a comma list, `_<field>__ne` inequality;
 * `sorting=<field>` or `-<field>` (descending), comma-separated. Other parameters are ignored.
 */
export function parseListQuery(params: URLSearchParams, shape: ResourceShape): ListQuery {
  const limitRaw = params.get('limit');
  const offsetRaw = params.get('offset');
  const query: ListQuery = {
    limit: limitRaw === null ? LIST_DEFAULT_LIMIT : nonNegativeInt('limit', limitRaw, 1, LIST_MAX_LIMIT),
    offset: offsetRaw === null ? 0 : nonNegativeInt('offset', offsetRaw, 0, 1_000_000_000),
    fields: parseFields(params, shape),
    sorting: [],
    filters: [],
  };
  const sorting = params.get('sorting');
  if (sorting !== null) {
    for (const part of sorting.split(',').map((s) => s.trim()).filter((s) => s !== '')) {
      const desc = part.startsWith('-');
      const field = desc ? part.slice(1) : part;
      if (!shape.filterable.includes(field)) {
        const message = `Cannot sort by '${field}'; sortable: ${shape.filterable.join(', ')}.`;
        throw errors.badRequest(`Invalid value of parameter sorting: ${message}`, { sorting: { code: 'invalid_value', message } });
      }
      query.sorting.push({ field, desc });
    }
  }
  for (const [key, value] of params) {
    if (!key.startsWith('_')) continue;
    const m = /^_([a-z_]+?)(?:__(in|ne))?$/.exec(key);
    const field = m?.[1];
    if (!m || !field || !shape.filterable.includes(field)) {
      const message = `Unknown filter '${key}'; filter with _<field>, _<field>__in or _<field>__ne on: ${shape.filterable.join(', ')}.`;
      throw errors.badRequest(message, { [key]: { code: 'unknown_filter', message } });
    }
    const op = (m[2] ?? 'eq') as 'eq' | 'in' | 'ne';
    query.filters.push({ field, op, values: op === 'in' ? value.split(',').map((v) => v.trim()) : [value] });
  }
  return query;
}
