/**
 * Load from a process of its own, pinned to CLIENT_CORE (the servers are on SERVER_CORE):
 * wrk (Debian's, with bench/fixed.lua or bench/lifecycle.lua) when installed, else autocannon
 * (bench/load-worker.ts). Both report the same LoadResult.
 */
import {
  APPMETRICA_APP_BASE,
  MYTARGET_SUBMIT,
  TOLOKA_TASK,
  appmetricaPath,
  lifecycleSteps,
  type LoadResult,
  type LoadSpec,
} from './lifecycle-steps.js';
import { CLIENT_CORE, hasWrk, pinned, runCommand, settings } from './lib.js';

export type LoadTool = 'autocannon' | 'wrk';

/** The generator a run uses: wrk when asked for or installed (auto), else autocannon. */
export function loadTool(): LoadTool {
  if (settings.tool === 'autocannon') return 'autocannon';
  if (settings.tool === 'wrk') {
    if (!hasWrk()) throw new Error('--tool wrk: wrk is not installed (apt-get install -y wrk)');
    return 'wrk';
  }
  return hasWrk() ? 'wrk' : 'autocannon';
}

export async function runLoad(spec: LoadSpec, tool: LoadTool = loadTool()): Promise<LoadResult> {
  return tool === 'wrk' ? runWrk(spec) : runAutocannon(spec);
}

async function runAutocannon(spec: LoadSpec): Promise<LoadResult> {
  const out = await runCommand(pinned(CLIENT_CORE, [process.execPath, '--import', 'tsx', 'bench/load-worker.ts', JSON.stringify(spec)]));
  const line = out.trim().split('\n').at(-1) ?? '';
  return JSON.parse(line) as LoadResult;
}

async function runWrk(spec: LoadSpec): Promise<LoadResult> {
  const base = ['wrk', '-d', `${spec.seconds}s`, '--timeout', '10s'];
  let argv: string[];
  if (spec.kind === 'lifecycle') {
    // One thread: its queue holds every job not on the wire (see bench/lifecycle.lua).
    argv = [
      ...base,
      '-t',
      '1',
      '-c',
      String(spec.connections),
      '-s',
      'bench/lifecycle.lua',
      spec.url,
      '--',
      spec.api!,
      String(spec.connections * (spec.jobsPerConnection ?? 20)),
      appmetricaPath('APP_ID'),
      MYTARGET_SUBMIT,
      TOLOKA_TASK,
      String(APPMETRICA_APP_BASE),
    ];
  } else {
    if ((spec.method ?? 'GET') !== 'GET' || spec.body !== undefined) throw new Error('wrk fixed runs are GETs without a body');
    const headers = Object.entries(spec.headers ?? {}).flatMap(([k, v]) => ['-H', `${k}: ${v}`]);
    argv = [...base, '-t', '1', '-c', String(spec.connections), ...headers, '-s', 'bench/fixed.lua', spec.url];
  }
  const out = await runCommand(pinned(CLIENT_CORE, argv));
  const m = /BENCH_RESULT (\{.*\})/.exec(out);
  if (!m) throw new Error(`wrk printed no result: ${out.slice(-1000)}`);
  const r = JSON.parse(m[1]!) as { requests: number; duration_us: number; errors: number; status_errors?: number; jobs?: number; failed?: number };
  const seconds = r.duration_us / 1e6;
  return {
    tool: 'wrk',
    seconds,
    requests: r.requests,
    reqPerSec: r.requests / seconds,
    expected: r.requests - (r.status_errors ?? 0),
    errors: r.errors,
    // Jobs per second from the requests (each job makes the same number): wrk's queue moves the
    // 1,000 jobs in waves (bench/lifecycle.lua), so jobs end a thousand at a time and their count
    // in a 10 s run was a multiple of ~1,000, up to 2% off (7% in a 3 s run).
    ...(r.jobs !== undefined ? { jobs: r.jobs, jobsPerSec: r.requests / lifecycleSteps(spec.api!).length / seconds, failedJobs: r.failed ?? 0 } : {}),
  };
}
