import * as z from 'zod';
import { MAX_JSON_DEPTH, jsonTooDeep } from '../../core/json-depth.js';
import type { FieldSpec, ResourceShape } from './domain/fields.js';
import { errors, type FieldError, type FieldErrors } from './errors.js';
import type { SyncRequest } from './model.js';

/**
 * Inputs of the sync API, parsed once at the edge: JSON bodies of creates and updates, checked
 * against the field tables (domain/fields.ts) into one 400 `validation_failed` listing every bad
 * field, and the form bodies of the token endpoint. Basic types follow api_arrangement: an
 * Integer or Decimal may be sent as a string ("123", "1.23"), a Boolean as "true"/"false", a
 * Date as YYYY-MM-DD (a datetime "YYYY-MM-DD HH:MM:SS" is taken for its date, as the documented
 * create example sends it).
 */

export const fieldError = (code: string, message: string): FieldError => ({ code, message });

const BAD_INTEGER = 'A valid integer is required.';
const BAD_DECIMAL = 'A valid non-negative decimal number is required, e.g. "1000.00".';
const BAD_BOOLEAN = 'Must be true or false.';
const BAD_DATE = 'Must be a date YYYY-MM-DD.';

function isCalendarDate(s: string): boolean {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
}

const integer = (min: number, max: number) =>
  z
    .union([z.number({ error: BAD_INTEGER }), z.string().regex(/^-?\d{1,16}$/, { error: BAD_INTEGER }).transform(Number)], { error: BAD_INTEGER })
    .pipe(
      z
        .number()
        .int({ error: BAD_INTEGER })
        .min(min, { error: `Ensure this value is greater than or equal to ${min}.` })
        .max(max, { error: `Ensure this value is less than or equal to ${max}.` }),
    );

const decimal = (max: number) =>
  z
    .union([z.number({ error: BAD_DECIMAL }), z.string().regex(/^\d{1,15}(\.\d{1,6})?$/, { error: BAD_DECIMAL }).transform(Number)], { error: BAD_DECIMAL })
    .pipe(z.number().min(0, { error: BAD_DECIMAL }).max(max, { error: `Ensure this value is less than or equal to ${max}.` }))
    .transform((v) => v.toFixed(2));

const boolean = z.union([z.boolean({ error: BAD_BOOLEAN }), z.string().regex(/^(true|false)$/i, { error: BAD_BOOLEAN }).transform((v) => v.toLowerCase() === 'true')], {
  error: BAD_BOOLEAN,
});

const date = z
  .string({ error: BAD_DATE })
  .regex(/^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}:\d{2})?$/, { error: BAD_DATE, abort: true })
  .transform((s) => s.slice(0, 10))
  // Zod runs a refinement even after a failed check unless aborted; toISOString throws on an
  // invalid Date, so the check must not throw whatever the string is.
  .refine((s) => isCalendarDate(s), { error: 'Must be a real calendar date.' });

const object = z.record(z.string(), z.unknown(), { error: 'Must be a JSON object.' });

/** The zod type of one writable field. */
function fieldSchema(f: FieldSpec): z.ZodType {
  let s: z.ZodType;
  switch (f.type) {
    case 'id':
      s = integer(1, f.max ?? 2_147_483_647);
      break;
    case 'integer':
      s = integer(0, f.max ?? 2_147_483_647);
      break;
    case 'decimal':
      s = decimal(f.max ?? 1e15);
      break;
    case 'boolean':
      s = boolean;
      break;
    case 'date':
      s = date;
      break;
    case 'choice':
      s = z.enum(f.choices as [string, ...string[]], { error: `Must be one of: ${f.choices!.join(', ')}.` });
      break;
    case 'object':
      s = object;
      break;
    case 'list':
      s = z.array(object, { error: 'Must be a list of objects.' });
      break;
    default: {
      let str = z.string({ error: 'Must be a string.' });
      if (f.maxLength !== undefined) str = str.max(f.maxLength, { error: `Ensure this field has no more than ${f.maxLength} characters.` });
      if (f.pattern) str = str.regex(f.pattern, { error: `Does not match the pattern ${f.pattern.source} (${f.patternText ?? ''}).` });
      s = str;
    }
  }
  return f.nullable ? s.nullable() : s;
}

/**
 * The body schema of a create (`required` fields required) or an update (every writable field
 * optional, create-only ones refused) of a resource; `lists` gives the item schema of a list
 * field (a campaign's `banners`).
 */
export function writeSchema(shape: ResourceShape, mode: 'create' | 'update', lists: Record<string, z.ZodType> = {}): z.ZodType<Record<string, unknown>> {
  const entries: Record<string, z.ZodType> = {};
  for (const [name, f] of Object.entries(shape.fields)) {
    if (!f.writable || (mode === 'update' && f.createOnly)) continue;
    const item = lists[name];
    const s = item ? z.array(item, { error: 'Must be a list.' }).max(50, { error: 'Ensure this list has no more than 50 items.' }) : fieldSchema(f);
    entries[name] = mode === 'create' && f.required ? s : s.optional();
  }
  return z.strictObject(entries) as unknown as z.ZodType<Record<string, unknown>>;
}

/**
 * Parses a create or update body; any problem is one 400 `validation_failed` with every bad
 * field: `required`, `bad_value`, `unallowed_value` (not a choice), `max_value`/`min_value`,
 * `read_only_field` (a readable field that cannot be written) or `unallowed_field` (no such
 * writable field), codes of vk-ads-doc-api methods/AdGroups.md.
 */
export function parseBody(shape: ResourceShape, schema: z.ZodType<Record<string, unknown>>, json: unknown, shapes: Record<string, ResourceShape> = {}): Record<string, unknown> {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw errors.badRequest(`The ${shape.name} must be a JSON object`);
  const result = schema.safeParse(json);
  if (result.success) return result.data;
  const problems: FieldErrors = {};
  for (const issue of result.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      const owner = issue.path.length === 0 ? shape : (shapes[String(issue.path[0])] ?? shape);
      for (const key of issue.keys) {
        const known = Object.hasOwn(owner.fields, key) ? owner.fields[key] : undefined;
        const problem =
          known?.readable !== false && known !== undefined && !known.writable
            ? fieldError('read_only_field', 'This field is read only.')
            : fieldError('unallowed_field', known?.createOnly ? 'This field can only be set on create.' : `Unknown field; the writable ${owner.name} fields are listed in the README.`);
        put(problems, [...issue.path, key], problem);
      }
      continue;
    }
    const missing = valueAt(json, issue.path) === undefined;
    const code = missing
      ? 'required'
      : issue.code === 'too_big'
        ? 'max_value'
        : issue.code === 'too_small' && issue.origin !== 'string'
          ? 'min_value'
          : issue.code === 'invalid_value'
            ? 'unallowed_value'
            : 'bad_value';
    put(problems, issue.path, fieldError(code, missing ? 'This field is required.' : issue.message));
  }
  throw errors.validation(problems);
}

/**
 * A field's entry of an error tree, as an own property whatever its name: a body key named
 * `__proto__` or `constructor` is a field like any other (`tree[key] ??=` saw the prototype's
 * and left the error without its field).
 */
function own(tree: FieldErrors, key: string): FieldErrors[string] | undefined {
  return Object.hasOwn(tree, key) ? tree[key] : undefined;
}

function setOwn(tree: FieldErrors, key: string, value: FieldErrors[string]): void {
  Object.defineProperty(tree, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Puts a problem at a path of the tree; list positions nest as `{"items": [...]}` (vk-ads-doc-api methods/SharingKey.md). */
export function put(tree: FieldErrors, path: readonly PropertyKey[], problem: FieldError): void {
  if (path.length === 0) {
    if (!own(tree, '(body)')) setOwn(tree, '(body)', problem);
    return;
  }
  const [head, ...rest] = path;
  const key = String(head);
  if (rest.length === 0) {
    if (!own(tree, key)) setOwn(tree, key, problem);
    return;
  }
  const next = rest[0];
  if (typeof next === 'number') {
    const had = own(tree, key);
    const holder = had && 'items' in had ? (had as { items: (FieldErrors | FieldError)[] }) : { items: [] };
    setOwn(tree, key, holder as FieldErrors[string]);
    while (holder.items.length <= next) holder.items.push({});
    const at = holder.items[next]!;
    if (rest.length === 1) {
      if (Object.keys(at).length === 0) holder.items[next] = problem;
      return;
    }
    if (!('code' in at)) put(at as FieldErrors, rest.slice(1), problem);
    return;
  }
  const had = own(tree, key);
  const sub = had && !('code' in had) && !('items' in had) ? (had as FieldErrors) : {};
  setOwn(tree, key, sub as FieldErrors[string]);
  put(sub, rest, problem);
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = root;
  for (const key of path) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = Object.hasOwn(v, key) ? (v as Record<PropertyKey, unknown>)[key] : undefined;
  }
  return v;
}

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

/**
 * The fields of a token request: `application/x-www-form-urlencoded` as documented, or
 * `multipart/form-data` (Digsolab/mytarget-php-ads-sdk's TokenOperator sends that); the first
 * value of a repeated field counts.
 */
export function parseForm(body: string, contentType: string | undefined): Map<string, string> {
  const type = (contentType ?? 'application/x-www-form-urlencoded').split(';', 1)[0]!.trim().toLowerCase();
  const out = new Map<string, string>();
  const add = (k: string, v: string) => {
    if (!out.has(k)) out.set(k, v);
  };
  if (type === 'application/x-www-form-urlencoded') {
    for (const [k, v] of new URLSearchParams(body)) add(k, v);
    return out;
  }
  const boundary = /;\s*boundary="?([^";]+)"?/i.exec(contentType ?? '')?.[1];
  if (type === 'multipart/form-data' && boundary) {
    for (const part of body.split(`--${boundary}`)) {
      const split = part.indexOf('\r\n\r\n');
      if (split < 0) continue;
      const name = /content-disposition:[^\r\n]*\bname="([^"]*)"/i.exec(part.slice(0, split))?.[1];
      if (name !== undefined) add(name, part.slice(split + 4).replace(/\r\n$/, ''));
    }
    return out;
  }
  throw errors.oauth(400, 'invalid_request', `Unsupported Content-Type ${type}; send the fields as application/x-www-form-urlencoded`);
}
