/**
 * Restart with a state file of 100,000 jobs (issue 22): how long the stand takes from its
 * process start to its port answering (503 "restoring" meanwhile) and to the state being back
 * (health 200, every job there). Baseline: the same stand started with no state file, same run.
 *
 * The file is written as a stand writes it: a header, then one line per state-changing request
 * (myTarget async calls and Toloka async batches of one task, over 20 tokens, a millisecond
 * apart), and the request journal's last 10,000 lines (each with its exchange: headers, bodies).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { median, pinned, settings, SERVER_CORE, standArgv, ROOT, type BenchRow } from './lib.js';

const JOBS = 100_000;
const ORIGIN = Date.parse('2026-01-01T00:00:00Z');

function stateFile(dir: string): string {
  const lines: string[] = [JSON.stringify({ format: 'async-stand-state', version: 2, seed: 1, scenario: 'default', clock: 'manual', origin: ORIGIN })];
  const task = Buffer.from(JSON.stringify([{ pool_id: '1', overlap: 1, input_values: { image: 'https://example.com/a.png' } }])).toString('base64');
  for (let i = 0; i < JOBS; i++) {
    const token = `bench-${i % 20}`;
    const t = ORIGIN + i;
    lines.push(
      i % 2 === 0
        ? JSON.stringify({ kind: 'request', t, listener: 'main', method: 'GET', url: '/mytarget/async_api/v2/user.json', headers: { host: 'stand', authorization: `Bearer ${token}` }, body: '' })
        : JSON.stringify({
            kind: 'request',
            t,
            listener: 'main',
            method: 'POST',
            url: '/toloka/api/v1/tasks?async_mode=true',
            headers: { host: 'stand', authorization: `OAuth ${token}`, 'content-type': 'application/json' },
            body: task,
          }),
    );
  }
  // A poll's journal line with its exchange, as the stand writes it.
  const exchange = {
    route: 'matched',
    latencyMs: 0.215,
    requestHeaders: { host: 'stand', authorization: 'Bearer bench-0', 'user-agent': 'undici' },
    requestBody: null,
    responseHeaders: { 'content-type': 'application/json; charset=utf-8' },
    responseBody: { text: '{"id":"1","status":"done","method":"GET","path":"/api/v2/user.json","result":"/mytarget/async_api/v2/requests/1/result.json"}' },
  };
  for (let i = 0; i < 10_000; i++) {
    const at = new Date(ORIGIN + JOBS).toISOString();
    lines.push(JSON.stringify({ kind: 'served', entry: { seq: JOBS + i + 1, at, api: 'mytarget', method: 'GET', url: '/mytarget/async_api/v2/requests/1.json', status: 200, account: 'bench-0', fault: null, exchange } }));
  }
  const file = join(dir, 'state.json');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

/** Starts the CLI; resolves with the ms until its port answered (the "restoring" log line, or the listening line) and until it was ready. */
async function start(args: string[]): Promise<{ openMs: number; readyMs: number; url: string; stop: () => Promise<void> }> {
  const argv = pinned(SERVER_CORE, standArgv(['--port', '0', '--clock', 'manual', '--log-level', 'info', ...args]));
  const t0 = performance.now();
  const child = spawn(argv[0]!, argv.slice(1), { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let openMs: number | undefined;
  let out = '';
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    if (openMs === undefined && /"msg":"listening; restoring/.test(out)) openMs = performance.now() - t0;
  });
  let err = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
      const m = /admin\s+(http\S+)\/_stand/.exec(err);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`the stand exited (${code}): ${err}`)));
  });
  const readyMs = performance.now() - t0;
  const health = await fetch(`${url}/_stand/health`);
  if (health.status !== 200) throw new Error(`health answered ${health.status} after the restore`);
  return {
    openMs: openMs ?? readyMs,
    readyMs,
    url,
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

export default async function restartBench(): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-restart-'));
  try {
    const file = stateFile(dir);
    const mb = statSync(file).size / 1024 / 1024;
    const runs = Math.max(1, settings.runs);
    const cold: number[] = [];
    const open: number[] = [];
    const ready: number[] = [];
    for (let i = 0; i < runs; i++) {
      const empty = await start([]);
      cold.push(empty.readyMs);
      await empty.stop();
      const restored = await start(['--state-file', file]);
      const jobs = (await (await fetch(`${restored.url}/_stand/jobs?limit=1`)).json()) as { total: number };
      if (jobs.total !== JOBS) throw new Error(`restored ${jobs.total} jobs, expected ${JOBS}`);
      open.push(restored.openMs);
      ready.push(restored.readyMs);
      await restored.stop();
    }
    const note = `median of ${runs}; ${JOBS.toLocaleString('en')} state lines and 10,000 journal lines, ${mb.toFixed(1)} MB`;
    return [
      { name: 'restart with 100,000 jobs: port open (503 restoring)', ours: median(open), baseline: median(cold), unit: 'ms', baselineName: 'start with no state file', better: 'lower', note },
      { name: 'restart with 100,000 jobs: state restored (health 200)', ours: median(ready), baseline: median(cold), unit: 'ms', baselineName: 'start with no state file', better: 'lower', note },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
