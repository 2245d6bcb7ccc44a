/**
 * Issue 22: 40 myTarget async calls of 10 MB held 330 MB after they ran. A call keeps its answer
 * until it expires (a day), but not the body it was sent with (src/apis/mytarget/backend.ts).
 * Run by name: `npm run bench -- async-bodies`.
 */
import { CLIENT_CORE, pinned, runCommand, type BenchRow } from './lib.js';

interface Reading {
  rssMb: number;
  heapMb: number;
}

export default async function asyncBodiesBench(): Promise<BenchRow[]> {
  const out = await runCommand(pinned(CLIENT_CORE, [process.execPath, '--expose-gc', 'bench/async-bodies-worker.mjs', '40', '10']));
  const r = JSON.parse(out.trim().split('\n').at(-1)!) as { before: Reading; queued: Reading; ran: Reading };
  return [
    {
      name: 'heap with 40 myTarget async creates of 10 MB queued',
      ours: r.queued.heapMb,
      baseline: r.before.heapMb,
      unit: 'MB',
      baselineName: 'stand heap before them',
      better: 'lower',
    },
    {
      name: 'heap after they ran (their answers live a day, their bodies are dropped)',
      ours: r.ran.heapMb,
      baseline: r.before.heapMb,
      unit: 'MB',
      baselineName: 'stand heap before them',
      better: 'lower',
      note: `RSS ${r.before.rssMb.toFixed(0)} -> ${r.queued.rssMb.toFixed(0)} -> ${r.ran.rssMb.toFixed(0)} MB`,
    },
  ];
}
