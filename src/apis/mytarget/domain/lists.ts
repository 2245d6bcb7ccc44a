import { errors } from '../errors.js';
import type { Resource } from '../model.js';
import { fieldError } from '../schemas.js';
import { readableFields, scalarField, scalarFields, type FieldSpec, type ResourceShape } from './fields.js';

/**
 * The list parameters every collection takes (vk-ads-doc-api info/Устройство API.md, "Стандарты
 * API"): `fields`, `limit` (default 20, at most 50), `offset`, `sorting=[-]f1,[-]f2`, and
 * filters `_<field>` (equality), `_<field>__in` (a comma list), `_<field>__ne|lt|lte|gt|gte` on
 * the top-level fields ("нельзя фильтровать по полям вложенных объектов"); banners also take
 * `_url` and `_textblock` (substring, case-sensitive) and `_campaign_status`
 * (tapioca-mytarget's get_banners docstring, methods/Banners.md). A bad one is a 400
 * `validation_failed` naming the parameter.
 */

export type FilterOp = 'eq' | 'in' | 'ne' | 'lt' | 'lte' | 'gt' | 'gte';

export interface Filter {
  readonly field: string;
  readonly op: FilterOp;
  /** Values in the field's comparable form (numbers for numeric fields, strings otherwise). */
  readonly values: readonly (string | number | boolean)[];
  /** `_url`, `_textblock`, `_campaign_status`: not a field of the object. */
  readonly special: boolean;
}

export interface ListQuery {
  limit: number;
  offset: number;
  fields: readonly string[];
  sorting: { field: string; desc: boolean }[];
  filters: Filter[];
}

export const LIST_DEFAULT_LIMIT = 20;
export const LIST_MAX_LIMIT = 50;

const bad = (param: string, code: string, message: string) => errors.validation({ [param]: fieldError(code, message) });

function count(name: string, raw: string, min: number, max: number): number {
  if (!/^-?\d{1,12}$/.test(raw.trim())) throw bad(name, 'bad_value', 'A valid integer is required.');
  const n = Number(raw.trim());
  if (n < min) throw bad(name, 'min_value', `Ensure this value is greater than or equal to ${min}.`);
  if (n > max) throw bad(name, 'max_value', `Ensure this value is less than or equal to ${max}.`);
  return n;
}

/** `fields=id,name` (spaces allowed), checked against the resource; absent: `defaults`. */
export function parseFields(params: URLSearchParams, shape: ResourceShape, defaults: readonly string[]): readonly string[] {
  const raw = params.get('fields');
  if (raw === null) return defaults;
  const list = raw.split(',').map((f) => f.trim()).filter((f) => f !== '');
  const readable = readableFields(shape);
  const unknown = list.filter((f) => !readable.includes(f));
  if (list.length === 0) throw bad('fields', 'bad_value', 'Name at least one field.');
  if (unknown.length > 0) {
    const message = unknown.includes('banners')
      ? 'banners is not supported in fields; list the banners with GET /api/v2/campaigns/{id}/banners.json.'
      : `Unknown ${shape.name} field ${unknown.map((f) => `'${f}'`).join(', ')}; available: ${readable.join(', ')}.`;
    throw bad('fields', 'bad_value', message);
  }
  return [...new Set(list)];
}

/** A filter's value in the comparable form of its field; a value the field cannot hold is a 400 naming the parameter. */
function filterValue(param: string, f: FieldSpec | undefined, raw: string): string | number | boolean {
  const v = raw.trim();
  switch (f?.type) {
    case 'id':
    case 'integer':
      if (!/^-?\d{1,16}$/.test(v)) throw bad(param, 'bad_value', 'A valid integer is required.');
      return Number(v);
    case 'decimal':
      if (!/^\d{1,15}(\.\d{1,6})?$/.test(v)) throw bad(param, 'bad_value', 'A valid decimal number is required.');
      return Number(v);
    case 'boolean':
      if (!/^(true|false)$/i.test(v)) throw bad(param, 'bad_value', 'Must be true or false.');
      return v.toLowerCase() === 'true';
    case 'date':
      if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) throw bad(param, 'bad_value', 'Must be a date YYYY-MM-DD.');
      return v;
    case 'datetime':
      if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return `${v} 00:00:00`;
      if (!/^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}$/.test(v)) throw bad(param, 'bad_value', 'Must be a datetime YYYY-MM-DD HH:MM:SS (Moscow time).');
      return v.replace('T', ' ');
    case 'choice':
      if (!f.choices!.includes(v)) throw bad(param, 'unallowed_value', `Must be one of: ${f.choices!.join(', ')}.`);
      return v;
    default:
      return raw;
  }
}

const FILTER = /^_([a-z][a-z0-9_]*?)(?:__(in|ne|lt|lte|gt|gte))?$/;

/** The list parameters of a request; other parameters are ignored. */
export function parseListQuery(params: URLSearchParams, shape: ResourceShape, specialFields: Record<string, FieldSpec> = {}): ListQuery {
  const limitRaw = params.get('limit');
  const offsetRaw = params.get('offset');
  const query: ListQuery = {
    limit: limitRaw === null ? LIST_DEFAULT_LIMIT : count('limit', limitRaw, 1, LIST_MAX_LIMIT),
    offset: offsetRaw === null ? 0 : count('offset', offsetRaw, 0, 1_000_000_000),
    fields: parseFields(params, shape, shape.listDefaultFields),
    sorting: [],
    filters: [],
  };
  const sorting = params.get('sorting');
  if (sorting !== null) {
    for (const part of sorting.split(',').map((s) => s.trim()).filter((s) => s !== '')) {
      const desc = part.startsWith('-');
      const field = desc ? part.slice(1) : part;
      if (!scalarField(shape, field)) throw bad('sorting', 'bad_value', `Cannot sort by '${field}'; sortable: ${scalarFields(shape).join(', ')}.`);
      query.sorting.push({ field, desc });
    }
  }
  const specials = shape.specialFilters ?? [];
  for (const [key, value] of params) {
    if (!key.startsWith('_')) continue;
    const m = FILTER.exec(key);
    const field = m?.[1] ?? '';
    const special = specials.includes(field);
    const spec = special ? specialFields[field] : scalarField(shape, field);
    if (!m || (!special && !spec)) {
      throw bad(key, 'unallowed_field', `Unknown filter; filter with _<field>, _<field>__in, __ne, __lt, __lte, __gt or __gte on: ${[...scalarFields(shape), ...specials].join(', ')}.`);
    }
    const op = (m[2] ?? 'eq') as FilterOp;
    if (special && spec === undefined && op !== 'eq') throw bad(key, 'unallowed_field', `_${field} takes a text to look for, without a lookup.`);
    const raws = op === 'in' ? value.split(',') : [value];
    query.filters.push({ field, op, values: raws.map((r) => filterValue(key, spec, r)), special });
  }
  return query;
}

/** The comparable value of a field of a row: numbers for numeric fields, strings for the rest (null stays null). */
export function comparable(shape: ResourceShape, row: Resource, field: string): string | number | boolean | null {
  const v = row[field];
  if (v === null || v === undefined) return null;
  const type = shape.fields[field]?.type;
  if (type === 'decimal') return Number(v);
  return typeof v === 'number' || typeof v === 'boolean' ? v : String(v);
}

/** Whether a value passes a filter (null passes only `__ne`). */
export function passes(f: Filter, v: string | number | boolean | null): boolean {
  if (v === null) return f.op === 'ne';
  const x = f.values[0]!;
  switch (f.op) {
    case 'eq':
    case 'in':
      return f.values.includes(v);
    case 'ne':
      return v !== x;
    case 'lt':
      return v < x;
    case 'lte':
      return v <= x;
    case 'gt':
      return v > x;
    case 'gte':
      return v >= x;
  }
}

/** Sorts rows by the query's order (then by id). */
export function sortRows(shape: ResourceShape, rows: Resource[], sorting: ListQuery['sorting']): Resource[] {
  return rows.sort((a, b) => {
    for (const { field, desc } of sorting) {
      const d = compare(comparable(shape, a, field), comparable(shape, b, field));
      if (d !== 0) return desc ? -d : d;
    }
    return a.id - b.id;
  });
}

function compare(a: string | number | boolean | null, b: string | number | boolean | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a < b ? -1 : 1;
}

/** The object with only `fields`, in that order. */
export function project(item: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) out[f] = item[f] ?? null;
  return out;
}
