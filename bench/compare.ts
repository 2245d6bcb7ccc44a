/**
 * One HTTP case against its baseline: a short warm-up of both at once, then `settings.runs` runs of
 * `settings.seconds` each, ours and the baseline's interleaved (so a noisy neighbour hurts both
 * alike), the median of each reported.
 */
import { readFileSync } from 'node:fs';
import { settings, median } from './lib.js';
import type { LoadResult, LoadSpec } from './lifecycle-steps.js';
import { loadTool, runLoad, type LoadTool } from './load.js';

export interface Comparison {
  ours: number;
  baseline: number;
  /**
   * The figure per second of server CPU (user + system) instead of per second of wall time:
   * what the server does with the CPU it was given. On a machine where other processes share
   * the server's core, the wall-time figure also measures how much of the core the server got.
   */
  oursPerCpu: number;
  baselinePerCpu: number;
  /** The figure of every run, for the --json file. */
  samples: { ours: number[]; baseline: number[] };
  tool: LoadTool;
  /** Every run, for the --json file. */
  runs: { ours: LoadResult[]; baseline: LoadResult[] };
}

const WARMUP_SECONDS = 1;

/** CPU seconds (user + system) a process has used so far (Linux /proc; 0 elsewhere). */
export function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // USER_HZ is 100 on Linux
  } catch {
    return 0;
  }
}

type Side = Omit<LoadSpec, 'seconds' | 'connections'> & { pid: number };

export async function compareLoad(ours: Side, baseline: Side, figure: (r: LoadResult) => number, tool: LoadTool = loadTool()): Promise<Comparison> {
  const spec = (s: Side, seconds: number): LoadSpec => {
    const { pid: _pid, ...rest } = s;
    return { ...rest, seconds, connections: settings.connections };
  };
  // Both warm up at once (sharing the server core: each still takes 15-25k requests, plenty for
  // the JIT); nothing is measured there, and the whole run stays under 10 minutes.
  await Promise.all([runLoad(spec(ours, WARMUP_SECONDS), tool), runLoad(spec(baseline, WARMUP_SECONDS), tool)]);
  const runs = { ours: [] as LoadResult[], baseline: [] as LoadResult[] };
  const perCpu = { ours: [] as number[], baseline: [] as number[] };
  const measured = async (side: Side, into: LoadResult[], cpu: number[]) => {
    const c0 = cpuSeconds(side.pid);
    const r = await runLoad(spec(side, settings.seconds), tool);
    const used = cpuSeconds(side.pid) - c0;
    into.push(r);
    cpu.push(used > 0 ? (figure(r) * r.seconds) / used : Number.NaN);
  };
  for (let i = 0; i < settings.runs; i++) {
    await measured(ours, runs.ours, perCpu.ours);
    await measured(baseline, runs.baseline, perCpu.baseline);
  }
  for (const r of [...runs.ours, ...runs.baseline]) {
    if (r.errors > 0 || (r.failedJobs ?? 0) > 0 || r.expected < r.requests) {
      process.stderr.write(`bench: warning: ${r.tool} run with ${r.errors} socket errors, ${r.failedJobs ?? 0} failed jobs, ${r.requests - r.expected} unexpected statuses\n`);
    }
  }
  return {
    ours: median(runs.ours.map(figure)),
    baseline: median(runs.baseline.map(figure)),
    oursPerCpu: median(perCpu.ours),
    baselinePerCpu: median(perCpu.baseline),
    samples: { ours: runs.ours.map(figure), baseline: runs.baseline.map(figure) },
    tool,
    runs,
  };
}

export function runsNote(c: Comparison): string {
  return `${c.tool}, ${settings.connections} conn, median of ${settings.runs}x${settings.seconds}s`;
}
