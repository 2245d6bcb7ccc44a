/**
 * Toloka's simulated crowd (issue 21): a 10,000-task pool with overlap 3 from open to closed on
 * the manual clock (bench/crowd-worker.mjs, a process of its own on the build in dist/): how many
 * assignments the stand makes, takes, answers and accepts per second of wall time, and the RSS of
 * the stand that then holds the 10,000 tasks and 30,000-odd assignments, next to its RSS before.
 */
import { runCommand, type BenchRow } from './lib.js';

interface CrowdRun {
  assignments: number;
  accepted: number;
  hours: number;
  ms: number;
  beforeMb: number;
  afterMb: number;
}

export default async function tolokaCrowdBench(): Promise<BenchRow[]> {
  const out = await runCommand([process.execPath, '--expose-gc', 'bench/crowd-worker.mjs', '10000', '3', '50']);
  const run = JSON.parse(out.trim().split('\n').pop()!) as CrowdRun;
  return [
    {
      name: `toloka crowd: 10,000-task pool, overlap 3, open to COMPLETED (${run.assignments} assignments, ${run.hours} h of stand time, 50 Tolokers)`,
      ours: run.assignments / (run.ms / 1000),
      baseline: null,
      unit: 'assignments/s',
      baselineName: '-',
      better: 'higher',
    },
    {
      name: 'toloka crowd: RSS with the closed pool\'s tasks and assignments',
      ours: run.afterMb,
      baseline: run.beforeMb,
      unit: 'MB',
      baselineName: 'the same stand before the tasks',
      better: 'lower',
    },
  ];
}
