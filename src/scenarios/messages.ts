import type { z } from 'zod';

/**
 * Turns a zod error into one sentence a person can act on: where (file and JSON path), what is
 * wrong, and how to fix it ("did you mean ...?" for a misspelt key).
 */
export function describeIssues(source: string, error: z.ZodError, knownKeys?: (path: PropertyKey[]) => string[]): string {
  const parts = error.issues.slice(0, 5).map((issue) => {
    const path = formatPath(issue.path);
    let text = `${path}: ${issue.message}`;
    if (issue.code === 'unrecognized_keys' && knownKeys) {
      const known = knownKeys(issue.path);
      const hints = issue.keys.map((k) => {
        const near = closest(k, known);
        return near ? `rename "${k}" to "${near}"` : `remove "${k}"`;
      });
      text += ` (fix: ${hints.join(', ')}; allowed keys: ${known.join(', ')})`;
    }
    return text;
  });
  const more = error.issues.length > 5 ? ` (and ${error.issues.length - 5} more)` : '';
  return `${source}: ${parts.join('; ')}${more}`;
}

export function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(top level)';
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join('');
}

/** The known word nearest to `word`, if it is close enough to be a typo. */
export function closest(word: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const k of known) {
    const d = distance(word.toLowerCase(), k.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = k;
    }
  }
  return best;
}

function distance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(up + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}
