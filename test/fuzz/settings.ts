/**
 * Seed and size of the fuzz runs. `npm test` uses a fixed seed and the default case counts, so a
 * failure there reproduces by itself. `npm run fuzz` (scripts/fuzz.ts) picks a random seed,
 * prints it, and runs many more cases; replay any run with the same FUZZ_SEED (and FUZZ_RUNS).
 *
 *   FUZZ_SEED=1234 FUZZ_RUNS=20000 npm run fuzz
 */
export const FUZZ_SEED = envInt('FUZZ_SEED') ?? 20_260_308;

/** Cases of a property: its default, or FUZZ_RUNS when set (the same for every property). */
export function runs(defaultRuns: number): number {
  return envInt('FUZZ_RUNS') ?? defaultRuns;
}

/** A test timeout that grows with the number of cases (long runs are slow on purpose). */
export function timeoutFor(cases: number, msPerCase: number): number {
  return Math.max(60_000, cases * msPerCase * 3);
}

/** fast-check parameters: fixed seed, cases, and a readable report on failure. */
export function fcParams(numRuns: number): { seed: number; numRuns: number; verbose: 1; endOnFailure: true } {
  return { seed: FUZZ_SEED, numRuns, verbose: 1, endOnFailure: true };
}

function envInt(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  const n = Number(raw);
  if (!Number.isSafeInteger(n)) throw new Error(`${name} must be an integer, got "${raw}"`);
  return n;
}
