/**
 * Jackson's coercion of scalars, on by default (MapperFeature.ALLOW_COERCION_OF_SCALARS), which
 * Toloka's API shows: it reads `"true"`/`"false"` as a boolean field, a number's text as a number
 * field, and `"null"` as null. AutoToloka (on PyPI; its quick start's flow) makes every pool with
 * `"auto_accept_solutions": "false"` and sets `"overlap": "null", "infinite_overlap": "true"`.
 * Only typed fields are coerced: free-form values (input_values, solutions, a pool's config
 * objects) are kept as sent and checked against their spec as they are.
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

/** Coerces the named fields of a parsed JSON object in place (a request's own item). */
export function coerceFields(item: Record<string, unknown>, booleans: readonly string[], numbers: readonly string[]): void {
  for (const key of booleans) if (typeof item[key] === 'string') item[key] = booleanOf(item[key]);
  for (const key of numbers) if (typeof item[key] === 'string') item[key] = numberOf(item[key]);
}
