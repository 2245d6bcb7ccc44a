/**
 * Memory of jobs (bench/memory-worker.mjs, in a process of its own with --expose-gc, on the
 * build): RSS with 100,000 myTarget async calls in flight, and after 1,000,000 (ten waves of
 * 100,000) ran to the end of their lives (results expire after a day), against the stand's RSS
 * before them. Toloka for comparison (suite toloka-memory): operations and the tasks they
 * create are kept (the real API lists them), so its memory after a wave is what it holds by
 * design, not a leak.
 */
import { CLIENT_CORE, pinned, runCommand, type BenchRow } from './lib.js';

interface Reading {
  rssMb: number;
  heapMb: number;
}

interface Result {
  api: string;
  wave: number;
  before: Reading;
  waves: { inFlight: Reading; after: Reading }[];
  peakRssMb: number;
}

async function run(api: string, wave: number, waves: number): Promise<Result> {
  const out = await runCommand(pinned(CLIENT_CORE, [process.execPath, '--expose-gc', 'bench/memory-worker.mjs', api, String(wave), String(waves)]));
  return JSON.parse(out.trim().split('\n').at(-1)!) as Result;
}

export default async function memoryBench(): Promise<BenchRow[]> {
  const mt = await run('mytarget', 100_000, 10);
  const first = mt.waves[0]!;
  const last = mt.waves.at(-1)!;
  const inFlightMax = Math.max(...mt.waves.map((w) => w.inFlight.rssMb));
  return [
    {
      name: 'RSS with 100,000 myTarget async calls in flight',
      ours: inFlightMax,
      baseline: mt.before.rssMb,
      unit: 'MB',
      baselineName: 'stand RSS before them',
      better: 'lower',
      target: { on: 'ours', op: '<=', value: 200 },
      note: 'highest of 10 waves',
    },
    {
      name: 'RSS after 1,000,000 myTarget calls expired (10 waves)',
      ours: last.after.rssMb,
      baseline: mt.before.rssMb,
      unit: 'MB',
      baselineName: 'stand RSS before them',
      better: 'lower',
      target: { on: 'ratio', op: '<=', value: 1.2 },
    },
    {
      name: 'heap per myTarget async call in flight',
      ours: ((first.inFlight.heapMb - mt.before.heapMb) * 1024 * 1024) / mt.wave,
      baseline: null,
      unit: 'B',
      better: 'lower',
    },
  ];
}

/** Toloka for comparison (suite toloka-memory, run by name): what 100,000 operations hold. */
export async function tolokaMemoryBench(): Promise<BenchRow[]> {
  const tl = await run('toloka', 100_000, 1);
  return [
    {
      name: 'RSS with 100,000 Toloka operations in flight',
      ours: tl.waves[0]!.inFlight.rssMb,
      baseline: tl.before.rssMb,
      unit: 'MB',
      baselineName: 'stand RSS before them',
      better: 'lower',
    },
    {
      name: 'RSS after they finished (operations and tasks are kept)',
      ours: tl.waves[0]!.after.rssMb,
      baseline: tl.before.rssMb,
      unit: 'MB',
      baselineName: 'stand RSS before them',
      better: 'lower',
    },
  ];
}
