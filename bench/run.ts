/**
 * npm run bench: builds dist/, runs every suite, prints one table (ours, baseline, ratio,
 * target); --json FILE writes the rows so two runs can be compared. Suites are plain async
 * functions in this folder. See bench/README.md.
 *
 *   npm run bench                          the default suites (about 9.5 minutes)
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
  'appmetrica-rss': async () => ({ default: (await import('./appmetrica-export.js')).peakRssBench }),
  memory: () => import('./memory.js'),
  // Run by name only (a plain run stays under 10 minutes): Toloka's 10k-task batch; Toloka's
  // memory; in-process (inject) async vs sync calls and the bench process's own RSS (lifecycle
  // and memory measure these against a real stand now).
  toloka: () => import('./toloka.js'),
  'toloka-crowd': () => import('./toloka-crowd.js'),
  'toloka-memory': async () => ({ default: (await import('./memory.js')).tolokaMemoryBench }),
  mytarget: () => import('./mytarget.js'),
  // A 90-day report for 200 banners through the async API, against bare Fastify sending its bytes.
  'mytarget-stats': () => import('./mytarget-statistics.js'),
  // Issue 22: a restart with a state file of 100,000 jobs; another client's latency during a 1 GB download.
  restart: () => import('./restart.js'),
  downloads: () => import('./downloads.js'),
  // Issue 22: what 40 async calls of 10 MB keep after they ran.
  'async-bodies': () => import('./async-bodies.js'),
  // The heap a new token's account keeps, per API.
  tokens: () => import('./tokens.js'),
};
/** What a plain `npm run bench` runs (under 10 minutes). */
const DEFAULT_SUITES = ['poll', 'lifecycle', 'appmetrica', 'coldstart', 'scheduler', 'appmetrica-rss', 'memory', 'toloka-crowd'];
/**
 * Suites that measure memory only (RSS of processes of their own, no timing): consecutive ones
 * run at once, on different cores (the 10M-row stand on the server core, the memory worker on
 * the load core), which keeps the whole run under 10 minutes (a run of them one after the
 * other took 607 s on a slow afternoon of this machine).
 */
const MEMORY_ONLY = new Set(['appmetrica-rss', 'memory']);

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
  const chosen = Object.keys(SUITES).filter((name) => (positionals.length > 0 ? positionals.includes(name) : DEFAULT_SUITES.includes(name)));
  // Groups of suites run at once: each suite alone, but consecutive memory-only ones together.
  const groups: string[][] = [];
  for (const name of chosen) {
    const last = groups.at(-1);
    if (last && MEMORY_ONLY.has(name) && last.every((n) => MEMORY_ONLY.has(n))) last.push(name);
    else groups.push([name]);
  }
  for (const group of groups) {
    const s0 = performance.now();
    const label = group.join(' + ');
    process.stderr.write(`bench: ${label} ...\n`);
    const results = await Promise.all(group.map(async (name) => (await SUITES[name]!()).default()));
    for (const r of results) rows.push(...r);
    process.stderr.write(`bench: ${label} took ${((performance.now() - s0) / 1000).toFixed(0)} s\n`);
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
