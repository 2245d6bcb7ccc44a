/**
 * npm run fuzz: the fuzz suite (test/fuzz) with many more cases than `npm test` and a random
 * seed, printed first and last so a failure can be replayed:
 *
 *   npm run fuzz                                  # random seed, 10,000 cases per property
 *   FUZZ_SEED=123456 FUZZ_RUNS=50000 npm run fuzz # replay / lengthen
 *   npm run fuzz -- -t toloka                     # extra arguments go to vitest
 */
import { spawnSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { fileURLToPath } from 'node:url';

const seed = process.env.FUZZ_SEED?.trim() || String(randomInt(1, 2 ** 31 - 1));
const runs = process.env.FUZZ_RUNS?.trim() || '10000';
const replay = `FUZZ_SEED=${seed} FUZZ_RUNS=${runs} npm run fuzz`;
process.stdout.write(`fuzz: seed ${seed}, ${runs} cases per property (replay: ${replay})\n`);

const root = fileURLToPath(new URL('..', import.meta.url));
const vitest = fileURLToPath(new URL('../node_modules/vitest/vitest.mjs', import.meta.url));
const result = spawnSync(process.execPath, [vitest, 'run', 'test/fuzz', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, FUZZ_SEED: seed, FUZZ_RUNS: runs, FUZZ_VERBOSE: '1' },
});
process.stdout.write(`fuzz: seed ${seed}, ${runs} cases per property: ${result.status === 0 ? 'passed' : `FAILED (replay: ${replay})`}\n`);
process.exit(result.status ?? 1);
