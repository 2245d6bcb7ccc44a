/**
 * How deep a JSON request body may nest arrays and objects. Jackson's default
 * (StreamReadConstraints.maxNestingDepth, 1000), so a Java API such as Toloka's answers deeper
 * documents with a 400; the stand needs a limit anyway: it echoes bodies back (Toloka's log and
 * created objects, myTarget's stored fields), and JSON.stringify overflows the stack at a few
 * thousand levels, which JSON.parse happily builds.
 */
export const MAX_JSON_DEPTH = 1000;

/** Whether JSON text nests deeper than `limit`, counted without parsing (brackets in strings do not count). */
export function jsonTooDeep(text: string, limit = MAX_JSON_DEPTH): boolean {
  if (text.length <= limit) return false;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return true;
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
  return false;
}
