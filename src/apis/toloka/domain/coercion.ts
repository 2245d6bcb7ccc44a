/**
 * Jackson's coercion of scalars, on by default (MapperFeature.ALLOW_COERCION_OF_SCALARS), which
 * Toloka's API shows: it reads `"true"`/`"false"` as a boolean field, a number's text as a number
 * field, `"null"` as null, and a number as a text field (an id sent as `1`). AutoToloka (on
 * PyPI; its quick start's flow) makes every pool with `"auto_accept_solutions": "false"` and sets
 * `"overlap": "null", "infinite_overlap": "true"`. Only typed fields are coerced (the forms'
 * fields, the pool's `assignments_issuing_config` and `mixer_config`, batch items' own fields):
 * free-form values (input_values, solutions, the other config objects) are kept as sent and
 * checked against their spec as they are.
 */

const TRUE = new Set(['true', 'True', 'TRUE']);
const FALSE = new Set(['false', 'False', 'FALSE']);
const NUMBER_TEXT = /^\s*-?\d+(\.\d+)?\s*$/;

/** A boolean field's value: `"true"`, `"false"` (Jackson takes these three spellings each) and `"null"` read as such. */
export function booleanOf(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  if (TRUE.has(value)) return true;
  if (FALSE.has(value)) return false;
  return value === 'null' ? null : value;
}

/** A number field's value: the text of a number reads as the number, `"null"` as null. */
export function numberOf(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  if (NUMBER_TEXT.test(value)) return Number(value);
  return value === 'null' ? null : value;
}

/** A text field's value: a number reads as its text (Jackson writes it as Java's toString would; JSON's own form here). */
export function textOf(value: unknown): unknown {
  return typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
}

/** Which fields of an object are booleans, numbers and texts. */
export interface Typed {
  readonly booleans: readonly string[];
  readonly numbers: readonly string[];
  readonly texts: readonly string[];
}

/**
 * The object as the API reads it: a copy with its typed fields coerced, or the object itself
 * when none needs it (the usual case). Never changed in place: the request journal keeps the
 * body as it was sent.
 */
export function coerced(item: Record<string, unknown>, typed: Typed): Record<string, unknown> {
  let out: Record<string, unknown> | undefined;
  const put = (key: string, value: unknown) => {
    if (value !== item[key]) (out ??= { ...item })[key] = value;
  };
  for (const key of typed.booleans) if (typeof item[key] === 'string') put(key, booleanOf(item[key]));
  for (const key of typed.numbers) if (typeof item[key] === 'string') put(key, numberOf(item[key]));
  for (const key of typed.texts) if (typeof item[key] === 'number') put(key, textOf(item[key]));
  return out ?? item;
}
