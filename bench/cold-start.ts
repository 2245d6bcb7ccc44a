/**
 * Cold start: from spawning `node dist/cli.js` (the built CLI, default options but the port) to
 * the first 200 on /_stand/health, against the bare Fastify app (bench/baseline-server.mjs,
 * one health route) started the same way. Both pinned to the server core; the poller runs here.
 * Ten starts of each, interleaved; the median counts.
 */
import { spawn } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import { performance } from 'node:perf_hooks';
import { ROOT, median, pinned, SERVER_CORE, type BenchRow } from './lib.js';

/** Starts of each, interleaved (6: the whole run stays under 10 minutes). */
const STARTS = 6;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** One GET on a fresh connection: the status, or 0 when nothing listens yet. */
function probe(port: number): Promise<number> {
  return new Promise((resolve) => {
    const req = httpRequest({ host: '127.0.0.1', port, path: '/_stand/health', agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', () => resolve(0));
    req.end();
  });
}

/** ms from spawn to the first 200 on /_stand/health. */
async function coldStart(argv: (port: number) => string[]): Promise<number> {
  const port = await freePort();
  const cmd = pinned(SERVER_CORE, argv(port));
  const t0 = performance.now();
  const child = spawn(cmd[0]!, cmd.slice(1), { cwd: ROOT, stdio: 'ignore' });
  let exited = false;
  child.once('exit', () => (exited = true));
  try {
    for (;;) {
      if (exited) throw new Error(`${argv(port).join(' ')} exited before answering`);
      if ((await probe(port)) === 200) return performance.now() - t0;
      await new Promise((resolve) => setTimeout(resolve, 1));
      if (performance.now() - t0 > 30_000) throw new Error(`${argv(port).join(' ')}: no 200 on /_stand/health in 30 s`);
    }
  } finally {
    if (!exited) {
      const gone = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await gone;
    }
  }
}

export default async function coldStartBench(): Promise<BenchRow[]> {
  const ours = (port: number) => [process.execPath, 'dist/cli.js', '--port', String(port)];
  const bare = (port: number) => [process.execPath, 'bench/baseline-server.mjs', JSON.stringify({ mode: 'health', port })];
  // One start of each first: the file system cache, not the start, would be measured.
  await coldStart(ours);
  await coldStart(bare);
  const oursMs: number[] = [];
  const bareMs: number[] = [];
  for (let i = 0; i < STARTS; i++) {
    oursMs.push(await coldStart(ours));
    bareMs.push(await coldStart(bare));
  }
  const note = `median of ${STARTS}`;
  return [
    {
      name: 'cold start: node dist/cli.js to first 200 on /_stand/health',
      ours: median(oursMs),
      baseline: median(bareMs),
      unit: 'ms',
      baselineName: 'bare Fastify app, one route, same way',
      better: 'lower',
      target: { on: 'ratio', op: '<=', value: 1.5 },
      note,
    },
    {
      name: 'cold start, absolute',
      ours: median(oursMs),
      baseline: null,
      unit: 'ms',
      better: 'lower',
      target: { on: 'ours', op: '<=', value: 300 },
      note: 'target where the machine allows',
    },
  ];
}
