/**
 * Full lifecycles over loopback, 1,000 jobs in flight (50 connections x 20 jobs each), in
 * jobs/s: submit -> poll -> poll -> result (bench/lifecycle-steps.ts), each job done after two
 * polls. The stand runs scenario "bench-lifecycle" on a real clock, results living 1 s, so it
 * holds a steady number of jobs and its expiry timers run during the load.
 * Baseline: a bare Fastify app keeping jobs in a Map, "done" after two polls, answering the
 * stand's bodies (captured from one lifecycle first), started the same way in the same run.
 */
import { compareLoad, runsNote } from './compare.js';
import { spawnBaseline, spawnStand, type BenchRow, type ServerProcess } from './lib.js';
import { lifecycleSteps, type LifecycleApi } from './lifecycle-steps.js';
import { call, type Answer } from './poll.js';
import { writeBenchFiles } from './setup.js';

const JOBS_PER_CONNECTION = 20;

/** Walks one lifecycle by hand; the answers of each step, or an error naming the step that failed. */
async function walk(base: string, api: LifecycleApi, slot: number): Promise<Answer[]> {
  const answers: Answer[] = [];
  let loc = '';
  for (const [i, step] of lifecycleSteps(api).entries()) {
    const r = step.request(loc, slot);
    const a = await call(base, r.path, r.headers, r.method, r.body);
    const next = step.response(a.status, a.headers, a.body, loc);
    if (next === null || next === undefined) throw new Error(`${api} lifecycle step ${i + 1} (${r.method} ${r.path}) got ${a.status}: ${a.body.slice(0, 300)}`);
    loc = next;
    answers.push(a);
  }
  return answers;
}

function bodiesOf(api: LifecycleApi, a: Answer[]): Record<string, string> {
  const b = a.map((x) => x.body);
  if (api === 'appmetrica') return { queued: b[0]!, waiting: b[1]!, file: b[2]! };
  if (api === 'mytarget') return { started: b[1]!, done: b[2]!, result: b[3]! };
  return { submitted: b[0]!, running: b[1]!, success: b[2]!, log: b[3]! };
}

export default async function lifecycleBench(): Promise<BenchRow[]> {
  const files = writeBenchFiles(1000);
  const rows: BenchRow[] = [];
  try {
    for (const api of ['appmetrica', 'mytarget', 'toloka'] as const) {
      process.stderr.write(`bench:   ${api} lifecycle\n`);
      let stand: ServerProcess | undefined;
      let baseline: ServerProcess | undefined;
      try {
        stand = await spawnStand([...files.args('bench-lifecycle'), '--clock', 'real'], true);
        const bodies = bodiesOf(api, await walk(stand.url, api, 999));
        baseline = await spawnBaseline({ mode: 'lifecycle', api, bodies });
        await walk(baseline.url, api, 999);
        const cmp = await compareLoad(
          { kind: 'lifecycle', url: stand.url, api, jobsPerConnection: JOBS_PER_CONNECTION, pid: stand.child.pid! },
          { kind: 'lifecycle', url: baseline.url, api, jobsPerConnection: JOBS_PER_CONNECTION, pid: baseline.child.pid! },
          (r) => r.jobsPerSec ?? 0,
        );
        rows.push({
          name: `${api} full lifecycle (submit, 2 polls, result), 1,000 in flight`,
          ours: cmp.ours,
          baseline: cmp.baseline,
          unit: 'jobs/s',
          baselineName: 'bare Fastify, jobs in a Map, done after 2 polls',
          note: runsNote(cmp),
          better: 'higher',
          target: { on: 'ratio', op: '>=', value: 0.6 },
          perCpu: { ours: cmp.oursPerCpu, baseline: cmp.baselinePerCpu },
          samples: cmp.samples,
        });
      } finally {
        await baseline?.close();
        await stand?.close();
      }
    }
  } finally {
    files.remove();
  }
  return rows;
}
