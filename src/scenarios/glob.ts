/**
 * `*` globs of fault rules' paths (`/api/v1/operations/*`), matched without a regular
 * expression: a pattern of many stars compiled to `.*` runs made V8's backtracking regex engine
 * take seconds on one long path (a rule in an X-Stand-Scenario header froze the stand for 27 s).
 * This walk is linear in the path for each star-free piece: O(path × pattern) at worst, and
 * patterns are at most MAX_GLOB_LENGTH long (the scenario schema says so).
 */
export const MAX_GLOB_LENGTH = 512;

/** Whether `text` matches `pattern`, where `*` stands for any run of characters (none included). */
export function globMatches(pattern: string, text: string): boolean {
  const pieces = pattern.split('*');
  if (pieces.length === 1) return pattern === text;
  const first = pieces[0]!;
  const last = pieces[pieces.length - 1]!;
  if (!text.startsWith(first) || text.length < first.length + last.length || !text.endsWith(last)) return false;
  // The middle pieces, each at its first place after the previous one: taking the earliest match
  // of each is never worse for the pieces after it, so no backtracking is needed.
  let at = first.length;
  const end = text.length - last.length;
  for (let i = 1; i < pieces.length - 1; i++) {
    const piece = pieces[i]!;
    if (piece === '') continue;
    const found = text.indexOf(piece, at);
    if (found < 0 || found + piece.length > end) return false;
    at = found + piece.length;
  }
  return true;
}
