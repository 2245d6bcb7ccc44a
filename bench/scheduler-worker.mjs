/**
 * The scheduler alone, on the build in dist/, in a process of its own (a clean heap; started
 * with --expose-gc by bench/scheduler.ts): schedule N tasks at seeded random times on a manual
 * clock, then advance past the last so every one fires. Prints one JSON line.
 *
 * Baseline, the ceiling for "run these tasks in time order": the same tasks as plain records
 * in an array, sorted once by (time, order of scheduling), then called in order. It knows every
 * task up front; a scheduler takes them one at a time, interleaved with running them.
 *
 *   node --expose-gc bench/scheduler-worker.mjs 1000000 3
 */
import { performance } from 'node:perf_hooks';
import { ManualClock } from '../dist/core/clock.js';
import { Random } from '../dist/core/random.js';
import { Scheduler } from '../dist/core/scheduler.js';

const N = Number(process.argv[2] ?? 1_000_000);
const RUNS = Number(process.argv[3] ?? 3);
const SPAN_MS = 1_000_000;

const heap = () => {
  globalThis.gc();
  globalThis.gc();
  return process.memoryUsage().heapUsed;
};

function times(n) {
  const r = new Random(42);
  const t = new Float64Array(n);
  for (let i = 0; i < n; i++) t[i] = 1 + Math.floor(r.float() * SPAN_MS);
  return t;
}

function ours(at) {
  const n = at.length;
  const clock = new ManualClock(0);
  const scheduler = new Scheduler(clock, {
    onTaskError: (label, e) => {
      throw new Error(`${label}: ${String(e)}`);
    },
  });
  let fired = 0;
  const task = () => {
    fired++;
  };
  const before = heap();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) scheduler.at(at[i], task);
  const t1 = performance.now();
  const bytesPerTask = (heap() - before) / n;
  const t2 = performance.now();
  scheduler.advance(SPAN_MS + 1);
  const t3 = performance.now();
  if (fired !== n || scheduler.size !== 0) throw new Error(`fired ${fired} of ${n}, ${scheduler.size} left`);
  return { scheduleMs: t1 - t0, fireMs: t3 - t2, bytesPerTask };
}

function baseline(at) {
  const n = at.length;
  let fired = 0;
  const task = () => {
    fired++;
  };
  const before = heap();
  const t0 = performance.now();
  const recs = [];
  for (let i = 0; i < n; i++) recs.push({ time: at[i], seq: i, task });
  const t1 = performance.now();
  const bytesPerTask = (heap() - before) / n;
  const t2 = performance.now();
  recs.sort((a, b) => a.time - b.time || a.seq - b.seq);
  for (const r of recs) r.task();
  const t3 = performance.now();
  if (fired !== n) throw new Error(`baseline fired ${fired} of ${n}`);
  return { scheduleMs: t1 - t0, fireMs: t3 - t2, bytesPerTask };
}

const at = times(N);
// A warm-up of each (the JIT), then the measured runs, alternated; bench/scheduler.ts takes the median.
ours(at.subarray(0, 100_000));
baseline(at.subarray(0, 100_000));
const runs = { ours: [], baseline: [] };
for (let i = 0; i < RUNS; i++) {
  runs.ours.push(ours(at));
  runs.baseline.push(baseline(at));
}
process.stdout.write(`${JSON.stringify(runs)}\n`);
