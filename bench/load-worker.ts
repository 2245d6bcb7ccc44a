/**
 * The autocannon load generator, run in a process of its own (pinned to another core than the
 * server by bench/load.ts): `node --import tsx bench/load-worker.ts '<json LoadSpec>'`.
 * Prints one JSON LoadResult line on stdout.
 *
 * - "fixed": the same request again and again (poll paths).
 * - "lifecycle": each connection keeps `jobsPerConnection` jobs going, moving every job one
 *   step per turn (submit, poll, poll, result), so connections x jobsPerConnection jobs are
 *   in flight; a job counts when its result arrives with the expected status.
 */
import autocannon from 'autocannon';
import { lifecycleSteps, type LifecycleApi, type LoadResult, type LoadSpec } from './lifecycle-steps.js';

const spec = JSON.parse(process.argv[2] ?? '{}') as LoadSpec;

function fixed(): autocannon.Options {
  return {
    url: spec.url,
    connections: spec.connections,
    duration: spec.seconds,
    method: (spec.method ?? 'GET') as autocannon.Request['method'],
    headers: spec.headers ?? {},
    ...(spec.body !== undefined ? { body: spec.body } : {}),
  };
}

interface Job {
  phase: number;
  loc: string;
  /** Index of the job's slot (AppMetrica: which application it exports), held from submit to result. */
  slot: number;
}

/** Free slots: as many as jobs in flight, so no two live jobs share one (an application exports one file at a time). */
const slots: number[] = [];

let completed = 0;
let failed = 0;

/**
 * One connection's request list: phase p of job j is entry p * jobs + j, so every job moves one
 * step per pass over its siblings and autocannon's per-pass context reset (it restarts the
 * list) falls between whole lifecycles.
 */
function lifecycleRequests(api: LifecycleApi, jobs: number): autocannon.Request[] {
  const steps = lifecycleSteps(api);
  const out: autocannon.Request[] = [];
  for (let p = 0; p < steps.length; p++) {
    const step = steps[p]!;
    for (let j = 0; j < jobs; j++) {
      out.push({
        setupRequest: (req, context) => {
          const ctx = context as { jobs?: Job[] };
          const list = (ctx.jobs ??= Array.from({ length: jobs }, () => ({ phase: -1, loc: '', slot: -1 })));
          const job = list[j]!;
          if (p === 0) {
            job.slot = slots.pop() ?? -1;
            job.phase = job.slot >= 0 ? 0 : -1;
          }
          // A job that failed a step idles (a 404) until the next pass starts it anew.
          if (job.phase !== p) return { ...req, method: 'GET', path: '/', headers: {}, body: Buffer.alloc(0) } as autocannon.Request;
          const r = step.request(job.loc, job.slot);
          return { ...req, method: r.method, path: r.path, headers: r.headers, body: r.body ?? Buffer.alloc(0) } as autocannon.Request;
        },
        onResponse: (status, body, context, headers) => {
          const ctx = context as { jobs?: Job[] };
          const job = ctx.jobs?.[j];
          if (!job || job.phase !== p) return;
          const next = step.response(status, headers as Record<string, string>, body, job.loc);
          if (next === null || next === undefined || p === steps.length - 1) {
            if (next === null) failed++;
            else if (next !== undefined) completed++;
            job.phase = -1;
            slots.push(job.slot);
            job.slot = -1;
          } else {
            job.loc = next;
            job.phase = p + 1;
          }
        },
      });
    }
  }
  return out;
}

async function main(): Promise<void> {
  for (let i = spec.connections * (spec.jobsPerConnection ?? 20) - 1; i >= 0; i--) slots.push(i);
  const opts =
    spec.kind === 'lifecycle'
      ? { url: spec.url, connections: spec.connections, duration: spec.seconds, requests: lifecycleRequests(spec.api!, spec.jobsPerConnection ?? 20) }
      : fixed();
  const result = await autocannon(opts);
  const stats = (result as unknown as { statusCodeStats?: Record<string, { count: number }> }).statusCodeStats ?? {};
  const expected = spec.expectStatus === undefined ? result.requests.total : Number(stats[String(spec.expectStatus)]?.count ?? 0);
  const out: LoadResult = {
    tool: 'autocannon',
    seconds: result.duration,
    requests: result.requests.total,
    reqPerSec: result.requests.total / result.duration,
    expected,
    errors: result.errors + result.timeouts,
    ...(spec.kind === 'lifecycle' ? { jobs: completed, jobsPerSec: completed / result.duration, failedJobs: failed } : {}),
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

void main();
