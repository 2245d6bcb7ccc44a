/**
 * One HTTP case against its baseline: a short warm-up of each, then `settings.runs` runs of
 * `settings.seconds` each, ours and the baseline's interleaved (so a noisy neighbour hurts both
 * alike), the median of each reported.
 */
import { settings, median } from './lib.js';
import type { LoadResult, LoadSpec } from './lifecycle-steps.js';
import { loadTool, runLoad, type LoadTool } from './load.js';

export interface Comparison {
  ours: number;
  baseline: number;
  tool: LoadTool;
  /** Every run, for the --json file. */
  runs: { ours: LoadResult[]; baseline: LoadResult[] };
}

const WARMUP_SECONDS = 1;

export async function compareLoad(
  ours: Omit<LoadSpec, 'seconds' | 'connections'>,
  baseline: Omit<LoadSpec, 'seconds' | 'connections'>,
  figure: (r: LoadResult) => number,
  tool: LoadTool = loadTool(),
): Promise<Comparison> {
  const spec = (s: Omit<LoadSpec, 'seconds' | 'connections'>, seconds: number): LoadSpec => ({ ...s, seconds, connections: settings.connections });
  await runLoad(spec(ours, WARMUP_SECONDS), tool);
  await runLoad(spec(baseline, WARMUP_SECONDS), tool);
  const runs = { ours: [] as LoadResult[], baseline: [] as LoadResult[] };
  for (let i = 0; i < settings.runs; i++) {
    runs.ours.push(await runLoad(spec(ours, settings.seconds), tool));
    runs.baseline.push(await runLoad(spec(baseline, settings.seconds), tool));
  }
  for (const r of [...runs.ours, ...runs.baseline]) {
    if (r.errors > 0 || (r.failedJobs ?? 0) > 0 || r.expected < r.requests) {
      process.stderr.write(`bench: warning: ${r.tool} run with ${r.errors} socket errors, ${r.failedJobs ?? 0} failed jobs, ${r.requests - r.expected} unexpected statuses\n`);
    }
  }
  return { ours: median(runs.ours.map(figure)), baseline: median(runs.baseline.map(figure)), tool, runs };
}

export function runsNote(c: Comparison): string {
  return `${c.tool}, ${settings.connections} conn, median of ${settings.runs}x${settings.seconds}s`;
}
