/**
 * The scheduler alone, in a process of its own (a clean heap; started with --expose-gc by
 * bench/scheduler.ts): schedule 1,000,000 tasks at seeded random times on a manual clock, then
 * advance past the last so every one fires. Prints one JSON line.
 *
 * Baseline, the ceiling for "run these tasks in time order": the same tasks as plain records
 * in an array, sorted once by (time, order of scheduling), then called in order. It knows every
 * task up front; a scheduler takes them one at a time, interleaved with running them.
 */
import { performance } from 'node:perf_hooks';
import { ManualClock } from '../src/core/clock.js';
import { Random } from '../src/core/random.js';
import { Scheduler } from '../src/core/scheduler.js';

const N = Number(process.argv[2] ?? 1_000_000);
const SPAN_MS = 1_000_000;

const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const heap = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};

function times(): Float64Array {
  const r = new Random(42);
  const t = new Float64Array(N);
  for (let i = 0; i < N; i++) t[i] = 1 + Math.floor(r.float() * SPAN_MS);
  return t;
}

function ours(at: Float64Array): { scheduleMs: number; fireMs: number; bytesPerTask: number; fired: number } {
  const clock = new ManualClock(0);
  const scheduler = new Scheduler(clock, { onTaskError: (label, e) => { throw new Error(`${label}: ${String(e)}`); } });
  let fired = 0;
  const task = () => {
    fired++;
  };
  const n = at.length;
  const before = heap();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) scheduler.at(at[i]!, task);
  const t1 = performance.now();
  const bytesPerTask = (heap() - before) / n;
  const t2 = performance.now();
  scheduler.advance(SPAN_MS + 1);
  const t3 = performance.now();
  if (fired !== n || scheduler.size !== 0) throw new Error(`fired ${fired} of ${n}, ${scheduler.size} left`);
  return { scheduleMs: t1 - t0, fireMs: t3 - t2, bytesPerTask, fired };
}

interface Rec {
  time: number;
  seq: number;
  task: () => void;
}

function baseline(at: Float64Array): { scheduleMs: number; fireMs: number; bytesPerTask: number; fired: number } {
  let fired = 0;
  const task = () => {
    fired++;
  };
  const n = at.length;
  const before = heap();
  const t0 = performance.now();
  const recs: Rec[] = [];
  for (let i = 0; i < n; i++) recs.push({ time: at[i]!, seq: i, task });
  const t1 = performance.now();
  const bytesPerTask = (heap() - before) / n;
  const t2 = performance.now();
  recs.sort((a, b) => a.time - b.time || a.seq - b.seq);
  for (const r of recs) r.task();
  const t3 = performance.now();
  if (fired !== n) throw new Error(`baseline fired ${fired} of ${n}`);
  return { scheduleMs: t1 - t0, fireMs: t3 - t2, bytesPerTask, fired };
}

const at = times();
// A warm-up of each (the JIT), then the measured runs, alternated; the median counts (bench/scheduler.ts).
ours(at.subarray(0, 100_000) as Float64Array);
baseline(at.subarray(0, 100_000) as Float64Array);
const runs: { ours: ReturnType<typeof ours>[]; baseline: ReturnType<typeof baseline>[] } = { ours: [], baseline: [] };
for (let i = 0; i < Number(process.argv[3] ?? 3); i++) {
  runs.ours.push(ours(at));
  runs.baseline.push(baseline(at));
}
process.stdout.write(`${JSON.stringify(runs)}\n`);
