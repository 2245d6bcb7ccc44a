import { fieldError, type FieldErrors } from '../errors.js';
import type { FieldSpec } from '../fixtures.js';
import { poolDefaultOverlap, type Account, type BatchKind, type Pool } from '../model.js';
import type { TolokaPlan } from '../plan.js';
import { coerced, type Typed } from './coercion.js';

/**
 * Validation of submitted tasks, task suites and bonuses against the account's pools (their
 * input spec) and Tolokers. The result is Toloka's field-path -> {code, message} map, e.g.
 * `{"input_values.image":{"code":"VALUE_REQUIRED","message":"Value must be present and not equal to null"}}`
 * (docs: create-task, operation log). Unknown top-level keys of an item are accepted (clients
 * add their own, e.g. toloka-kit's `__item_idx`); unknown keys inside `input_values` are not.
 */

export interface ValidationContext {
  readonly account: Account;
  readonly allowDefaults: boolean;
  readonly plan: TolokaPlan;
}

type Obj = Record<string, unknown>;

export function isObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const URL_RE = /^(https?:\/\/|www\.)\S+$/i;
const COORDS_RE = /^\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*$/;

function present(v: unknown): boolean {
  return v !== undefined && v !== null;
}

/** A value the field's `allowed_values` (when it has them) do not list is VALUE_NOT_ALLOWED. */
function checkAllowed(v: string | number | boolean, spec: FieldSpec, path: string, out: FieldErrors): void {
  if (spec.allowed_values && !spec.allowed_values.includes(v)) out[path] = fieldError('VALUE_NOT_ALLOWED', `Value must be one of: ${spec.allowed_values.join(', ')}`);
}

/** One value of an input field (arrays: each element, path `field.N`). */
function checkValue(v: unknown, spec: FieldSpec, type: string, path: string, out: FieldErrors): void {
  switch (type) {
    case 'string':
    case 'file':
    case 'url': {
      if (typeof v !== 'string') {
        out[path] = fieldError('STRING_EXPECTED');
        return;
      }
      if (type === 'url' && !URL_RE.test(v)) {
        out[path] = fieldError('INVALID_URL_SYNTAX');
        return;
      }
      if (spec.min_length !== undefined && v.length < spec.min_length) {
        out[path] = fieldError('STRING_LENGTH_LESS_THAN_MIN', `String length must be at least ${spec.min_length}`);
      } else if (spec.max_length !== undefined && v.length > spec.max_length) {
        out[path] = fieldError('STRING_LENGTH_GREATER_THAN_MAX', `String length must be at most ${spec.max_length}`);
      } else if (spec.pattern !== undefined && !safeRegex(spec.pattern).test(v)) {
        out[path] = fieldError('PATTERN_MISMATCH', `Value must match the pattern ${spec.pattern}`);
      } else checkAllowed(v, spec, path, out);
      return;
    }
    case 'integer':
    case 'float': {
      if (typeof v !== 'number' || !Number.isFinite(v) || (type === 'integer' && !Number.isInteger(v))) {
        out[path] = fieldError(type === 'integer' ? 'INTEGER_EXPECTED' : 'FLOAT_EXPECTED');
      } else if (spec.min_value !== undefined && v < spec.min_value) {
        out[path] = fieldError('VALUE_LESS_THAN_MIN', `Value must be greater than or equal to ${spec.min_value}`);
      } else if (spec.max_value !== undefined && v > spec.max_value) {
        out[path] = fieldError('VALUE_GREATER_THAN_MAX', `Value must be less than or equal to ${spec.max_value}`);
      } else checkAllowed(v, spec, path, out);
      return;
    }
    case 'boolean':
      // docs (guide/concepts/incoming.md): "Allowed values for string, integer, float and boolean data types".
      if (typeof v !== 'boolean') out[path] = fieldError('BOOLEAN_EXPECTED');
      else checkAllowed(v, spec, path, out);
      return;
    case 'coordinates': {
      const m = typeof v === 'string' ? COORDS_RE.exec(v) : null;
      if (!m || Math.abs(Number(m[1])) > 90 || Math.abs(Number(m[2])) > 180) out[path] = fieldError('INVALID_COORDINATES_SYNTAX');
      return;
    }
    case 'json':
      return;
    default: {
      // array_<type>
      if (!Array.isArray(v)) {
        out[path] = fieldError('ARRAY_EXPECTED');
        return;
      }
      const inner = type.slice('array_'.length);
      v.forEach((el, i) => {
        if (!present(el)) out[`${path}.${i}`] = fieldError('VALUE_REQUIRED');
        else checkValue(el, spec, inner, `${path}.${i}`, out);
      });
    }
  }
}

function safeRegex(pattern: string): RegExp {
  try {
    return new RegExp(`^(?:${pattern})$`);
  } catch {
    return /^$/;
  }
}

/** `input_values` against the pool's input spec: required fields first, then unknown names. */
export function checkInputValues(values: unknown, spec: Readonly<Record<string, FieldSpec>>, prefix: string, out: FieldErrors): void {
  if (present(values) && !isObject(values)) {
    out[prefix] = fieldError('OBJECT_EXPECTED');
    return;
  }
  const given: Obj = (values as Obj | undefined | null) ?? {};
  for (const [name, field] of Object.entries(spec)) {
    const v = given[name];
    const path = `${prefix}.${name}`;
    if (!present(v)) {
      if (field.required) out[path] = fieldError('VALUE_REQUIRED');
      continue;
    }
    checkValue(v, field, field.type, path, out);
  }
  for (const name of Object.keys(given)) {
    if (!Object.hasOwn(spec, name)) out[`${prefix}.${name}`] = fieldError('VALUE_NOT_ALLOWED', 'Unknown field name');
  }
}

/** `pool_id`: present, a pool of this account, not archived. */
function checkPool(item: Obj, ctx: ValidationContext, out: FieldErrors): Pool | undefined {
  const raw = item.pool_id;
  if (!present(raw)) {
    out.pool_id = fieldError('VALUE_REQUIRED');
    return undefined;
  }
  if (typeof raw !== 'string' && typeof raw !== 'number') {
    out.pool_id = fieldError('STRING_EXPECTED');
    return undefined;
  }
  const pool = ctx.account.pools.get(String(raw));
  if (!pool) {
    out.pool_id = fieldError('ENTITY_DOES_NOT_EXIST');
    return undefined;
  }
  if (pool.status === 'ARCHIVED') {
    out.pool_id = fieldError('VALUE_NOT_ALLOWED', `Pool ${pool.id} is archived: objects can be added to open or closed pools only`);
    return undefined;
  }
  return pool;
}

/**
 * `overlap` (docs: TaskFormV1.overlap, TaskSuiteFormV1.overlap): "required if allow_defaults is
 * false and the overlap is not specified in the pool parameters". An item without one takes the
 * pool's default, whatever allow_defaults says; without a default it is VALUE_REQUIRED (with
 * allow_defaults=true too: there is nothing to take then). `requireOverlap: false` in the
 * scenario lets such items through without an overlap.
 */
function checkOverlap(item: Obj, pool: Pool | undefined, poolDefault: number | undefined, ctx: ValidationContext, out: FieldErrors): void {
  if (present(item.infinite_overlap) && typeof item.infinite_overlap !== 'boolean') out.infinite_overlap = fieldError('BOOLEAN_EXPECTED');
  const overlap = item.overlap;
  if (present(overlap)) {
    if (typeof overlap !== 'number' || !Number.isInteger(overlap)) out.overlap = fieldError('INTEGER_EXPECTED');
    else if (overlap < 1) out.overlap = fieldError('VALUE_LESS_THAN_MIN', 'Value must be greater than or equal to 1');
    else if (overlap > 30000) out.overlap = fieldError('VALUE_GREATER_THAN_MAX', 'Value must be less than or equal to 30000');
    return;
  }
  if (item.infinite_overlap === true || !pool) return;
  if (poolDefault === undefined && ctx.plan.requireOverlap) out.overlap = fieldError('VALUE_REQUIRED');
}

function checkOptional(item: Obj, out: FieldErrors, prefix = ''): void {
  for (const key of ['known_solutions', 'baseline_solutions', 'reserved_for', 'unavailable_for']) {
    if (present(item[key]) && !Array.isArray(item[key])) out[`${prefix}${key}`] = fieldError('ARRAY_EXPECTED');
  }
  // OAS TaskFormV1 / TaskSuiteFormV1: traits are lists of texts (toloka-kit's task_map sends them).
  for (const key of TRAITS) {
    const v = item[key];
    if (present(v) && !(Array.isArray(v) && v.every((x) => typeof x === 'string'))) out[`${prefix}${key}`] = fieldError('ARRAY_EXPECTED', 'Value must be an array of strings');
  }
  if (present(item.message_on_unknown_solution) && typeof item.message_on_unknown_solution !== 'string') {
    out[`${prefix}message_on_unknown_solution`] = fieldError('STRING_EXPECTED');
  }
}

/** The traits of a task or suite: who may (all of, any of) or may not (none of) take it. */
export const TRAITS = ['traits_all_of', 'traits_any_of', 'traits_none_of_any'] as const;

function validateTask(item: Obj, ctx: ValidationContext, out: FieldErrors): void {
  const pool = checkPool(item, ctx, out);
  if (pool) checkInputValues(item.input_values, inputSpecOf(ctx.account, pool), 'input_values', out);
  else if (present(item.input_values) && !isObject(item.input_values)) out.input_values = fieldError('OBJECT_EXPECTED');
  checkOverlap(item, pool, pool && poolDefaultOverlap(pool, 'tasks'), ctx, out);
  checkOptional(item, out);
}

function validateSuite(item: Obj, ctx: ValidationContext, out: FieldErrors): void {
  const pool = checkPool(item, ctx, out);
  const tasks = item.tasks;
  if (!present(tasks)) out.tasks = fieldError('VALUE_REQUIRED');
  else if (!Array.isArray(tasks)) out.tasks = fieldError('ARRAY_EXPECTED');
  else if (tasks.length === 0) out.tasks = fieldError('ARRAY_SIZE_LESS_THAN_MIN', 'Array must contain at least 1 element');
  else {
    tasks.forEach((t, i) => {
      const prefix = `tasks.${i}`;
      if (!isObject(t)) {
        out[prefix] = fieldError('OBJECT_EXPECTED');
        return;
      }
      if (pool) checkInputValues(t.input_values, inputSpecOf(ctx.account, pool), `${prefix}.input_values`, out);
      // docs: TaskFormV1.baseline_solutions "can't be used when creating a task suite".
      if (present(t.baseline_solutions)) out[`${prefix}.baseline_solutions`] = fieldError('VALUE_NOT_ALLOWED', 'Baseline solutions are not allowed in task suites');
      checkOptional({ ...t, baseline_solutions: undefined }, out, `${prefix}.`);
    });
  }
  checkOverlap(item, pool, pool && poolDefaultOverlap(pool, 'task-suites'), ctx, out);
  // A suite's place (toloka-kit task_suite_map; OAS TaskSuiteFormV1): degrees.
  for (const [key, limit] of [['longitude', 180], ['latitude', 90]] as const) {
    const v = item[key];
    if (present(v) && (typeof v !== 'number' || !Number.isFinite(v))) out[key] = fieldError('FLOAT_EXPECTED');
    else if (typeof v === 'number' && Math.abs(v) > limit) out[key] = fieldError('VALUE_OUT_OF_BOUNDS', `Value must be between -${limit} and ${limit}`);
  }
  const order = item.issuing_order_override;
  if (present(order) && (typeof order !== 'number' || !Number.isFinite(order))) out.issuing_order_override = fieldError('FLOAT_EXPECTED');
  else if (typeof order === 'number' && Math.abs(order) > 99999.99999) out.issuing_order_override = fieldError('VALUE_OUT_OF_BOUNDS', 'Value must be between -99999.99999 and 99999.99999');
  checkOptional({ ...item, known_solutions: undefined, baseline_solutions: undefined, message_on_unknown_solution: undefined }, out);
}

/** docs: UserBonusFormV1 (amount 0.005..100 USD; title and message unless without_message). */
function validateBonus(item: Obj, ctx: ValidationContext, out: FieldErrors): void {
  const user = item.user_id;
  if (!present(user)) out.user_id = fieldError('VALUE_REQUIRED');
  else if (typeof user !== 'string') out.user_id = fieldError('STRING_EXPECTED');
  else if (!ctx.account.users.has(user)) out.user_id = fieldError('ENTITY_DOES_NOT_EXIST');
  const amount = item.amount;
  if (!present(amount)) out.amount = fieldError('VALUE_REQUIRED');
  else if (typeof amount !== 'number' || !Number.isFinite(amount)) out.amount = fieldError('FLOAT_EXPECTED');
  else if (amount < 0.005) out.amount = fieldError('VALUE_LESS_THAN_MIN', 'Value must be greater than or equal to 0.005');
  else if (amount > 100) out.amount = fieldError('VALUE_GREATER_THAN_MAX', 'Value must be less than or equal to 100');
  const withoutMessage = item.without_message;
  if (present(withoutMessage) && typeof withoutMessage !== 'boolean') out.without_message = fieldError('BOOLEAN_EXPECTED');
  for (const key of ['public_title', 'public_message']) {
    const v = item[key];
    if (!present(v)) {
      if (withoutMessage !== true) out[key] = fieldError('VALUE_REQUIRED');
    } else if (!isObject(v) || !Object.values(v).every((s) => typeof s === 'string')) {
      out[key] = fieldError('OBJECT_EXPECTED', 'Value must be an object of language code -> text, e.g. {"EN": "Good job!"}');
    }
  }
  for (const key of ['private_comment', 'assignment_id']) {
    if (present(item[key]) && typeof item[key] !== 'string') out[key] = fieldError('STRING_EXPECTED');
  }
}

const VALIDATORS: Record<BatchKind, (item: Obj, ctx: ValidationContext, out: FieldErrors) => void> = {
  tasks: validateTask,
  'task-suites': validateSuite,
  'user-bonuses': validateBonus,
};

/** The typed fields of each kind of item that may come as text or numbers (coercion.ts). */
const TYPED: Record<BatchKind, Typed> = {
  tasks: { booleans: ['infinite_overlap'], numbers: ['overlap'], texts: ['pool_id'] },
  'task-suites': { booleans: ['infinite_overlap'], numbers: ['overlap', 'issuing_order_override', 'longitude', 'latitude'], texts: ['pool_id'] },
  'user-bonuses': { booleans: ['without_message'], numbers: ['amount'], texts: ['user_id', 'assignment_id'] },
};

/** A submitted item as the API reads it: its typed fields coerced in a copy (the request's body stays as sent). */
export function readItem(kind: BatchKind, item: unknown): unknown {
  return isObject(item) ? coerced(item, TYPED[kind]) : item;
}

/** Validates one submitted item; null when it is valid. */
export function validateItem(kind: BatchKind, item: unknown, ctx: ValidationContext): FieldErrors | null {
  const out: FieldErrors = {};
  if (!isObject(item)) return { '': fieldError('OBJECT_EXPECTED') };
  VALIDATORS[kind](item, ctx, out);
  return Object.keys(out).length > 0 ? out : null;
}

/** The input fields of a pool's tasks: its project's task_spec.input_spec (docs: TaskSpec). */
export function inputSpecOf(account: Account, pool: Pool): Readonly<Record<string, FieldSpec>> {
  return account.projects.get(pool.project_id)?.form.task_spec.input_spec ?? {};
}
