/**
 * npm run bench: builds dist/, runs every suite, prints one table (ours, baseline, ratio,
 * target); --json FILE writes the rows so two runs can be compared. Suites are plain async
 * functions in this folder. See bench/README.md.
 *
 *   npm run bench                          everything (about 9 minutes)
 *   npm run bench -- poll lifecycle        only these suites
 *   npm run bench -- --seconds 3 --runs 1  shorter runs while working on something
 *   npm run bench -- --tool autocannon     autocannon even where wrk is installed
 *   npm run bench -- --json out.json
 *   npm run bench -- --compare before.json   the ratios of an earlier --json run next to these
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { CLIENT_CORE, formatTable, hasTaskset, hasWrk, ratio, runCommand, settings, type BenchRow, type BenchSuite } from './lib.js';

const SUITES: Record<string, () => Promise<{ default: BenchSuite }>> = {
  poll: () => import('./poll.js'),
  lifecycle: () => import('./lifecycle.js'),
  appmetrica: () => import('./appmetrica-export.js'),
  coldstart: () => import('./cold-start.js'),
  scheduler: () => import('./scheduler.js'),
  memory: () => import('./memory.js'),
  // Run by name only (a plain run stays under 10 minutes): Toloka's 10k-task batch; Toloka's
  // memory; in-process (inject) async vs sync calls and the bench process's own RSS (lifecycle
  // and memory measure these against a real stand now).
  toloka: () => import('./toloka.js'),
  'toloka-memory': async () => ({ default: (await import('./memory.js')).tolokaMemoryBench }),
  mytarget: () => import('./mytarget.js'),
};
/** What a plain `npm run bench` runs (under 10 minutes). */
const DEFAULT_SUITES = ['poll', 'lifecycle', 'appmetrica', 'coldstart', 'scheduler', 'memory'];

/** This run's ratios next to those of an earlier --json file, row by row (same name and unit). */
function compareRuns(file: string, rows: BenchRow[]): string {
  const old = (JSON.parse(readFileSync(file, 'utf8')) as { rows: BenchRow[] }).rows;
  const fmt = (n: number | null | undefined) => (n === null || n === undefined ? '-' : n.toPrecision(3));
  const lines = rows.map((r) => {
    const o = old.find((x) => x.name === r.name && x.unit === r.unit);
    const before = o ? ratio(o) : null;
    const now = ratio(r);
    return `| ${r.name} | ${fmt(before)} | ${fmt(now)} | ${before && now ? `${((now / before - 1) * 100).toFixed(0)}%` : '-'} |`;
  });
  return [`| case | ratio in ${file} | ratio now | change |`, '|---|---|---|---|', ...lines].join('\n');
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    args: process.argv.slice(2),
    options: {
      json: { type: 'string' },
      compare: { type: 'string' },
      seconds: { type: 'string' },
      runs: { type: 'string' },
      connections: { type: 'string' },
      tool: { type: 'string' },
    },
    allowPositionals: true,
  });
  if (values.seconds) settings.seconds = Number(values.seconds);
  if (values.runs) settings.runs = Number(values.runs);
  if (values.connections) settings.connections = Number(values.connections);
  if (values.tool) settings.tool = values.tool as typeof settings.tool;
  const unknown = positionals.filter((p) => !(p in SUITES));
  if (unknown.length > 0) throw new Error(`unknown suite ${unknown.join(', ')}; the suites are ${Object.keys(SUITES).join(', ')}`);

  const t0 = performance.now();
  // This process is the load side too (cold-start probes, the zlib baseline, undici downloads):
  // on the load generators' core, off the servers'.
  if (hasTaskset()) await runCommand(['taskset', '-a', '-p', '-c', String(CLIENT_CORE), String(process.pid)]);
  process.stderr.write(
    `bench: ${settings.runs} runs x ${settings.seconds}s, ${settings.connections} connections; taskset ${hasTaskset() ? 'yes' : 'no (server and load share cores)'}; wrk ${hasWrk() ? 'yes' : 'no (autocannon only)'}\n`,
  );
  process.stderr.write('bench: npm run build ...\n');
  await runCommand(['npm', 'run', 'build']);
  settings.built = true;

  const rows: BenchRow[] = [];
  for (const [name, load] of Object.entries(SUITES)) {
    if (positionals.length > 0 ? !positionals.includes(name) : !DEFAULT_SUITES.includes(name)) continue;
    const s0 = performance.now();
    process.stderr.write(`bench: ${name} ...\n`);
    const suite = (await load()).default;
    rows.push(...(await suite()));
    process.stderr.write(`bench: ${name} took ${((performance.now() - s0) / 1000).toFixed(0)} s\n`);
  }
  process.stdout.write(`${formatTable(rows)}\n`);
  if (values.compare) process.stdout.write(`\n${compareRuns(values.compare, rows)}\n`);
  process.stderr.write(`bench: done in ${((performance.now() - t0) / 1000).toFixed(0)} s\n`);
  if (values.json) {
    writeFileSync(values.json, `${JSON.stringify({ settings, rows }, null, 2)}\n`);
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`bench: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
