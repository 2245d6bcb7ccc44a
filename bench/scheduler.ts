/**
 * The scheduler alone (bench/scheduler-worker.mjs on the build, in a process of its own with --expose-gc):
 * 1,000,000 tasks scheduled and fired on a manual clock, in tasks/s, and heap bytes per pending
 * task; against sorting the same tasks once and calling them in order. Three runs, median.
 */
import { CLIENT_CORE, median, pinned, runCommand, type BenchRow } from './lib.js';

interface Run {
  scheduleMs: number;
  fireMs: number;
  bytesPerTask: number;
  fired: number;
}

const N = 1_000_000;

export default async function schedulerBench(): Promise<BenchRow[]> {
  // The load generator's core is free here; the stand is not running.
  const out = await runCommand(pinned(CLIENT_CORE, [process.execPath, '--expose-gc', 'bench/scheduler-worker.mjs', String(N), '3']));
  const runs = JSON.parse(out.trim().split('\n').at(-1)!) as { ours: Run[]; baseline: Run[] };
  const rate = (rs: Run[]) => median(rs.map((r) => N / ((r.scheduleMs + r.fireMs) / 1000)));
  const bytes = (rs: Run[]) => median(rs.map((r) => r.bytesPerTask));
  const note = `1,000,000 tasks, median of ${runs.ours.length}`;
  return [
    {
      name: 'scheduler: schedule and fire, manual clock',
      ours: rate(runs.ours),
      baseline: rate(runs.baseline),
      unit: 'tasks/s',
      baselineName: 'sort the same tasks once, call in order',
      better: 'higher',
      target: { on: 'ours', op: '>=', value: 1_000_000 },
      note,
    },
    {
      name: 'scheduler: heap per pending task',
      ours: bytes(runs.ours),
      baseline: bytes(runs.baseline),
      unit: 'B',
      baselineName: 'a {time, seq, task} record in an array',
      better: 'lower',
      note,
    },
  ];
}
