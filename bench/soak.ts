/**
 * npm run bench:soak - the stand under sustained load (issue 8).
 *
 * One stand in a process of its own (spawnStand: 127.0.0.1, port 0, real clock at --speed 1000,
 * so a day of virtual time is 86.4 s and every lifecycle - including expiry - happens during the
 * run), and CLIENTS concurrent clients in this process, each running whole flows of the three
 * APIs in turn until the time is up:
 *
 *   AppMetrica  GET export -> 202 -> poll until 200 -> the file
 *   myTarget    async call (a create, a list or the user; some with X-Callback-Location to a
 *               receiver in this process) -> poll status until 303 -> result; now and then a sync list
 *   Toloka      async batch of 3 tasks -> poll the operation until SUCCESS -> its log -> the tasks
 *
 * It prints requests/s, p50/p99 latency per route, the error count (any answer a flow did not
 * expect, or a failed connection: must be 0), and the stand's RSS at start, middle and end next
 * to the objects the stand holds at those moments. Bounded in time (SOAK_SECONDS) and in flows
 * (SOAK_MAX_FLOWS); exits 1 if there was an error.
 *
 *   npm run bench:soak                              # 5 minutes, 200 clients
 *   SOAK_SECONDS=30 npm run bench:soak              # a quick run
 *   npm run bench:soak -- --seconds 60 --clients 50 --speed 1000 --json soak.json
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadavg } from 'node:os';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Agent, WebSocket, request, type MessageEvent } from 'undici';
import { spawnStand, type StandProcess } from './lib.js';

const { values: flags } = parseArgs({
  options: {
    seconds: { type: 'string' },
    clients: { type: 'string' },
    speed: { type: 'string' },
    'max-flows': { type: 'string' },
    json: { type: 'string' },
  },
  strict: true,
});

function setting(flag: string | undefined, env: string, fallback: number): number {
  const raw = flag ?? process.env[env];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${env} must be a positive number, got "${raw}"`);
  return n;
}

const SECONDS = setting(flags.seconds, 'SOAK_SECONDS', 300);
const CLIENTS = Math.round(setting(flags.clients, 'SOAK_CLIENTS', 200));
const SPEED = setting(flags.speed, 'SOAK_SPEED', 1000);
const MAX_FLOWS = Math.round(setting(flags['max-flows'], 'SOAK_MAX_FLOWS', 10_000_000));
/** Wall time between two polls of one job (at speed 1000: 10 s of the stand's time). */
const POLL_MS = 10;
/** A flow this slow is reported (the machine may be shared; a stall shows here and in the event-loop delays). */
const SLOW_FLOW_MS = 10_000;
/** A flow still not done after this long counts as an error: stuck, not slow. */
const FLOW_TIMEOUT_MS = 120_000;
const DAY_MS = 86_400_000;
const API_NAMES = ['appmetrica', 'mytarget', 'toloka'] as const;

// --- measurements --------------------------------------------------------------------------

const latencies = new Map<string, number[]>();
const errors = new Map<string, number>();
const firstErrors: string[] = [];
let requests = 0;

function record(route: string, ms: number): void {
  let list = latencies.get(route);
  if (!list) latencies.set(route, (list = []));
  list.push(ms);
  requests++;
}

function fail(route: string, what: string): void {
  const key = `${route}: ${what.split('\n', 1)[0]!.slice(0, 160)}`;
  errors.set(route, (errors.get(route) ?? 0) + 1);
  if (firstErrors.length < 10) firstErrors.push(key);
}

/** What the stand holds because of the flows (held objects grow RSS; everything else must not). */
const held = {
  /** [wall time ready] of export files: a file lives a day of stand time. */
  files: [] as number[],
  /** [wall time done] of async calls: a result lives a day of stand time. */
  results: [] as number[],
  campaigns: 0,
  operations: 0,
  tasks: 0,
};
const stats = { flows: { appmetrica: 0, mytarget: 0, toloka: 0 }, callbacks: 0, slowFlows: 0, probeMaxMs: 0 };
/** Wall time of whole flows, first request to last answer (polls and waits included). */
const flowTimes = new Map<string, number[]>([['appmetrica', []], ['mytarget', []], ['toloka', []]]);

function alive(times: number[], now: number): number {
  const ttlWall = DAY_MS / SPEED;
  let n = 0;
  for (const t of times) if (now - t < ttlWall) n++;
  return n;
}

// --- HTTP ----------------------------------------------------------------------------------

const agent = new Agent({ connections: CLIENTS + 16, pipelining: 1, keepAliveTimeout: 30_000 });
let base = '';

interface Answer {
  status: number;
  location: string | undefined;
  body: string;
}

async function call(route: string, method: 'GET' | 'POST', path: string, headers: Record<string, string>, body?: string): Promise<Answer> {
  const t0 = performance.now();
  const res = await request(`${base}${path}`, { method, headers, body, dispatcher: agent });
  const text = await res.body.text();
  record(route, performance.now() - t0);
  return { status: res.statusCode, location: res.headers.location as string | undefined, body: text };
}

function expectStatus(route: string, a: Answer, ...statuses: number[]): boolean {
  if (statuses.includes(a.status)) return true;
  fail(route, `${a.status} ${a.body.slice(0, 200)}`);
  return false;
}

// --- flows -----------------------------------------------------------------------------------

async function appmetricaFlow(token: string, n: number): Promise<void> {
  const auth = { authorization: `OAuth ${token}` };
  // A new export every time (limit differs), one day of app 1111's events, first rows only.
  const day = String(1 + (n % 28)).padStart(2, '0');
  const url = `/appmetrica/logs/v1/export/events.${n % 2 === 0 ? 'json' : 'csv'}?application_id=1111&date_since=2026-01-${day}&date_until=2026-01-${day}&fields=event_name,event_datetime,os_name,city&limit=${50 + n}`;
  const first = await call('appmetrica GET export -> 202 queued', 'GET', url, auth);
  if (!expectStatus('appmetrica GET export -> 202 queued', first, 202)) return;
  for (;;) {
    await sleep(POLL_MS);
    const poll = await call('appmetrica GET export (poll) -> 202 | 200 file', 'GET', url, auth);
    if (poll.status === 202) continue;
    if (expectStatus('appmetrica GET export (poll) -> 202 | 200 file', poll, 200)) held.files.push(performance.now());
    return;
  }
}

async function mytargetFlow(token: string, n: number, sink: string): Promise<void> {
  const auth = { authorization: `Bearer ${token}` };
  const kind = n % 4;
  let submitted: Answer;
  if (kind === 0) {
    const headers = { ...auth, 'content-type': 'application/json', ...(n % 8 === 0 ? { 'x-callback-location': `${sink}/done/${token}` } : {}) };
    submitted = await call('mytarget POST /async_api/v2/campaigns.json', 'POST', '/mytarget/async_api/v2/campaigns.json', headers, JSON.stringify({ name: `Soak ${token} ${n}`, package_id: 814 }));
    if (submitted.status === 202) held.campaigns++;
  } else if (kind === 1) {
    submitted = await call('mytarget GET /async_api/v2/campaigns.json', 'GET', '/mytarget/async_api/v2/campaigns.json?limit=5&fields=id,name,status', auth);
  } else {
    submitted = await call('mytarget GET /async_api/v2/user.json', 'GET', '/mytarget/async_api/v2/user.json', { ...auth, ...(kind === 3 ? { 'x-callback-location': `${sink}/user/${token}`, 'x-callback-method': 'GET' } : {}) });
  }
  if (!expectStatus(kind === 0 ? 'mytarget POST /async_api/v2/campaigns.json' : kind === 1 ? 'mytarget GET /async_api/v2/campaigns.json' : 'mytarget GET /async_api/v2/user.json', submitted, 202)) return;
  let status: Answer;
  for (;;) {
    await sleep(POLL_MS);
    status = await call('mytarget GET /async_api/v2/requests/{id}.json', 'GET', submitted.location!, auth);
    if (status.status === 200) continue;
    break;
  }
  if (!expectStatus('mytarget GET /async_api/v2/requests/{id}.json', status, 303)) return;
  held.results.push(performance.now());
  const result = await call('mytarget GET /async_api/v2/responses/{id}.json', 'GET', status.location!, auth);
  expectStatus('mytarget GET /async_api/v2/responses/{id}.json', result, 200);
  if (n % 5 === 0) {
    const sync = await call('mytarget GET /api/v2/campaigns.json (sync)', 'GET', '/mytarget/api/v2/campaigns.json?limit=3', auth);
    expectStatus('mytarget GET /api/v2/campaigns.json (sync)', sync, 200);
  }
}

async function tolokaFlow(token: string, n: number): Promise<void> {
  const auth = { authorization: `OAuth ${token}` };
  const tasks = [0, 1, 2].map((k) => ({ pool_id: '1', overlap: 1, input_values: { image: `https://example.com/${token}/${n}/${k}.png` } }));
  const created = await call('toloka POST /api/v1/tasks?async_mode=true', 'POST', '/toloka/api/v1/tasks?async_mode=true', { ...auth, 'content-type': 'application/json' }, JSON.stringify(tasks));
  if (!expectStatus('toloka POST /api/v1/tasks?async_mode=true', created, 202)) return;
  held.operations++;
  const id = (JSON.parse(created.body) as { id: string }).id;
  for (;;) {
    await sleep(POLL_MS);
    const op = await call('toloka GET /api/v1/operations/{id}', 'GET', `/toloka/api/v1/operations/${id}`, auth);
    if (!expectStatus('toloka GET /api/v1/operations/{id}', op, 200)) return;
    const state = (JSON.parse(op.body) as { status: string }).status;
    if (state === 'PENDING' || state === 'RUNNING') continue;
    if (state !== 'SUCCESS') return fail('toloka GET /api/v1/operations/{id}', `operation ended ${state}`);
    break;
  }
  held.tasks += 3;
  const log = await call('toloka GET /api/v1/operations/{id}/log', 'GET', `/toloka/api/v1/operations/${id}/log`, auth);
  expectStatus('toloka GET /api/v1/operations/{id}/log', log, 200);
  if (n % 3 === 0) {
    const list = await call('toloka GET /api/v1/tasks', 'GET', '/toloka/api/v1/tasks?pool_id=1&limit=5&sort=-id', auth);
    expectStatus('toloka GET /api/v1/tasks', list, 200);
  }
}

// --- the stand's heap, through its inspector (127.0.0.1, port 0) ----------------------------------

/** Heap used after a full GC in the stand's process: what it really holds (RSS also counts garbage not yet collected). */
class Inspector {
  readonly #ws: WebSocket;
  #id = 0;
  readonly #pending = new Map<number, (r: unknown) => void>();

  private constructor(ws: WebSocket) {
    this.#ws = ws;
    ws.onmessage = (e: MessageEvent) => {
      const msg = JSON.parse(String(e.data)) as { id?: number; result?: unknown };
      if (msg.id !== undefined) this.#pending.get(msg.id)?.(msg.result);
    };
  }

  static async connect(startup: string): Promise<Inspector | undefined> {
    const url = /ws:\/\/127\.0\.0\.1:\d+\/[\w-]+/.exec(startup)?.[0];
    if (!url) return undefined;
    const ws = new WebSocket(url);
    await new Promise<void>((resolve, reject) => {
      ws.onopen = () => resolve();
      ws.onerror = () => reject(new Error(`cannot reach the stand's inspector at ${url}`));
    });
    return new Inspector(ws);
  }

  send(method: string): Promise<unknown> {
    const id = ++this.#id;
    return new Promise((resolve) => {
      this.#pending.set(id, resolve);
      this.#ws.send(JSON.stringify({ id, method }));
    });
  }

  async heapAfterGcMb(): Promise<number> {
    await this.send('HeapProfiler.collectGarbage');
    const usage = (await this.send('Runtime.getHeapUsage')) as { usedSize: number };
    return usage.usedSize / 1024 / 1024;
  }

  close(): void {
    this.#ws.close();
  }
}

// --- run ---------------------------------------------------------------------------------------

interface Sample {
  at: string;
  seconds: number;
  rssMb: number;
  /** Heap used after a full GC (start, middle and end only; null on the 10 s ticks). */
  heapMb: number | null;
  pendingTasks: number;
  exportFiles: number;
  asyncResults: number;
  campaigns: number;
  operations: number;
  tasks: number;
}

async function sample(stand: StandProcess, t0: number, label: string, inspector?: Inspector): Promise<Sample> {
  const heapMb = inspector ? Math.round((await inspector.heapAfterGcMb()) * 10) / 10 : null;
  const p0 = performance.now();
  const clock = await request(`${base}/_stand/clock`, { dispatcher: agent });
  const info = (await clock.body.json()) as { pendingTasks: number };
  if (!inspector) stats.probeMaxMs = Math.max(stats.probeMaxMs, performance.now() - p0);
  const now = performance.now();
  return {
    at: label,
    seconds: Math.round((now - t0) / 1000),
    rssMb: Math.round(stand.memory().rssMb * 10) / 10,
    heapMb,
    pendingTasks: info.pendingTasks,
    exportFiles: alive(held.files, now),
    asyncResults: alive(held.results, now),
    campaigns: held.campaigns,
    operations: held.operations,
    tasks: held.tasks,
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function main(): Promise<void> {
  // Callbacks of the myTarget flows land here (127.0.0.1 only) and are answered 200 at once.
  const sinkServer = createServer((req, res) => {
    stats.callbacks++;
    req.resume();
    req.on('end', () => res.writeHead(200).end('ok'));
  });
  await new Promise<void>((resolve) => sinkServer.listen(0, '127.0.0.1', resolve));
  const sink = `http://127.0.0.1:${(sinkServer.address() as AddressInfo).port}`;

  // Not pinned: on a shared 2-core machine another benchmark may hold the CPU spawnStand pins to.
  const stand = await spawnStand(['--clock', 'real', '--speed', String(SPEED), '--scenario', 'bench/soak-scenario.json', '--host', '127.0.0.1'], false, ['--inspect=127.0.0.1:0']);
  base = stand.url;
  const inspector = await Inspector.connect(stand.startup);
  process.stderr.write(`soak: ${CLIENTS} clients for ${SECONDS} s against ${base} (real clock x${SPEED}; stand pid ${stand.child.pid})\n`);

  const load0 = loadavg()[0]!;
  const loopDelay = monitorEventLoopDelay({ resolution: 20 });
  loopDelay.enable();
  const t0 = performance.now();
  const deadline = t0 + SECONDS * 1000;
  let flows = 0;
  const samples: Sample[] = [];
  samples.push(await sample(stand, t0, 'start', inspector));

  // RSS every 10 s; at half time also the heap after a full GC.
  const timeline: Sample[] = [];
  const monitor = (async () => {
    let middle = false;
    while (performance.now() < deadline) {
      await sleep(Math.min(10_000, Math.max(0, deadline - performance.now())));
      if (performance.now() >= deadline) break;
      const half = !middle && performance.now() - t0 >= (SECONDS * 1000) / 2;
      const s = await sample(stand, t0, half ? 'middle' : 'tick', half ? inspector : undefined);
      if (half) {
        middle = true;
        samples.push(s);
      }
      timeline.push(s);
    }
  })();

  const client = async (i: number) => {
    const token = `soak-${i}`;
    for (let n = 0; performance.now() < deadline && flows < MAX_FLOWS; n++) {
      flows++;
      const api = (i + n) % 3;
      const name = API_NAMES[api]!;
      const flow = name === 'appmetrica' ? appmetricaFlow(token, n) : name === 'mytarget' ? mytargetFlow(token, n, sink) : tolokaFlow(token, n);
      const timer = new AbortController();
      const timeout = sleep(FLOW_TIMEOUT_MS, 'timeout' as const, { signal: timer.signal }).catch(() => 'done' as const);
      const started = performance.now();
      try {
        const r = await Promise.race([flow.then(() => 'done' as const), timeout]);
        if (r === 'done') {
          const ms = performance.now() - started;
          flowTimes.get(name)!.push(ms);
          if (ms > SLOW_FLOW_MS) stats.slowFlows++;
        }
        if (r === 'timeout') fail(`${name} flow`, `did not finish within ${FLOW_TIMEOUT_MS} ms`);
        else stats.flows[name]++;
      } catch (e) {
        fail(`${name} flow`, `connection error: ${(e as Error).message}`);
      } finally {
        timer.abort();
      }
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, (_, i) => client(i)));
  const wall = (performance.now() - t0) / 1000;
  loopDelay.disable();
  const load1 = loadavg()[0]!;
  await monitor;
  if (samples.length < 2) samples.push({ ...samples[0]!, at: 'middle' });
  samples.push(await sample(stand, t0, 'end', inspector));
  inspector?.close();

  // Let the callbacks drain, then stop everything.
  await sleep(200);
  await stand.close();
  await agent.close();
  sinkServer.closeAllConnections();
  await new Promise<void>((resolve) => sinkServer.close(() => resolve()));

  // --- report ---
  const rows = [...latencies].map(([route, list]) => {
    const sorted = Float64Array.from(list).sort();
    return { route, count: list.length, perS: list.length / wall, p50: percentile([...sorted], 50), p99: percentile([...sorted], 99), errors: errors.get(route) ?? 0 };
  });
  for (const [route, count] of errors) if (!latencies.has(route)) rows.push({ route, count: 0, perS: 0, p50: 0, p99: 0, errors: count });
  rows.sort((a, b) => a.route.localeCompare(b.route));
  const errorCount = [...errors.values()].reduce((a, b) => a + b, 0);
  const w = Math.max(...rows.map((r) => r.route.length), 5);
  const out: string[] = [];
  out.push(`soak: ${CLIENTS} clients, ${wall.toFixed(0)} s, real clock x${SPEED}: ${requests} requests, ${(requests / wall).toFixed(0)} req/s; flows done: appmetrica ${stats.flows.appmetrica}, mytarget ${stats.flows.mytarget}, toloka ${stats.flows.toloka}; callbacks received ${stats.callbacks}`);
  out.push('');
  out.push(`| ${'route'.padEnd(w)} | requests |  req/s | p50 ms | p99 ms | errors |`);
  out.push(`|${'-'.repeat(w + 2)}|----------|--------|--------|--------|--------|`);
  for (const r of rows) {
    out.push(`| ${r.route.padEnd(w)} | ${String(r.count).padStart(8)} | ${r.perS.toFixed(1).padStart(6)} | ${r.p50.toFixed(1).padStart(6)} | ${r.p99.toFixed(1).padStart(6)} | ${String(r.errors).padStart(6)} |`);
  }
  out.push('');
  out.push('| whole flow (wall time, first request to last answer) | flows | p50 ms | p99 ms |    max ms |');
  out.push('|------------------------------------------------------|-------|--------|--------|-----------|');
  for (const [name, list] of flowTimes) {
    const sorted = [...Float64Array.from(list).sort()];
    out.push(`| ${name.padEnd(52)} | ${String(list.length).padStart(5)} | ${percentile(sorted, 50).toFixed(0).padStart(6)} | ${percentile(sorted, 99).toFixed(0).padStart(6)} | ${(sorted.at(-1) ?? 0).toFixed(0).padStart(9)} |`);
  }
  out.push('');
  out.push('| when   | at s | stand RSS MB | heap after GC MB | scheduled tasks | live export files | live async results | campaigns created | operations | tasks |');
  out.push('|--------|------|--------------|------------------|-----------------|-------------------|--------------------|-------------------|------------|-------|');
  for (const s of samples) {
    out.push(`| ${s.at.padEnd(6)} | ${String(s.seconds).padStart(4)} | ${s.rssMb.toFixed(1).padStart(12)} | ${(s.heapMb === null ? '-' : s.heapMb.toFixed(1)).padStart(16)} | ${String(s.pendingTasks).padStart(15)} | ${String(s.exportFiles).padStart(17)} | ${String(s.asyncResults).padStart(18)} | ${String(s.campaigns).padStart(17)} | ${String(s.operations).padStart(10)} | ${String(s.tasks).padStart(5)} |`);
  }
  out.push('');
  out.push(`RSS every 10 s: ${timeline.map((s) => s.rssMb.toFixed(0)).join(' ')}`);
  const [, mid, end] = samples as [Sample, Sample, Sample];
  const kept = end.operations - mid.operations;
  const per = (mb: number) => (kept > 0 ? `${((mb * 1024) / kept).toFixed(1)} KB` : '-');
  const signed = (mb: number) => `${mb >= 0 ? '+' : ''}${mb.toFixed(1)} MB`;
  const heapGrowth = end.heapMb !== null && mid.heapMb !== null ? end.heapMb - mid.heapMb : null;
  out.push(
    `middle -> end: RSS ${signed(end.rssMb - mid.rssMb)}, heap after GC ${heapGrowth === null ? '-' : signed(heapGrowth)}, while the stand took on ${kept} more Toloka operations ` +
      `(${end.tasks - mid.tasks} tasks, their logs) and ${end.campaigns - mid.campaigns} campaigns, which it keeps by design, and went from ${mid.exportFiles} to ${end.exportFiles} ` +
      `live export files and ${mid.asyncResults} to ${end.asyncResults} live async results (those live a day of stand time, ${(DAY_MS / SPEED / 1000).toFixed(1)} s here). ` +
      `Per kept operation: heap ${heapGrowth === null ? '-' : per(heapGrowth)}, RSS ${per(end.rssMb - mid.rssMb)}.`,
  );
  out.push(
    `flows over ${SLOW_FLOW_MS / 1000} s: ${stats.slowFlows}; slowest answer of the stand to GET /_stand/clock (every 10 s): ${stats.probeMaxMs.toFixed(0)} ms; ` +
      `event-loop delay of the clients' process p99 ${(loopDelay.percentile(99) / 1e6).toFixed(0)} ms, max ${(loopDelay.max / 1e6).toFixed(0)} ms; load average ${load0.toFixed(1)} at start, ${load1.toFixed(1)} at end (${CLIENTS} clients + the stand on this machine's cores)`,
  );
  out.push(`errors: ${errorCount}${firstErrors.length > 0 ? `\n  ${firstErrors.join('\n  ')}` : ''}`);
  process.stdout.write(`${out.join('\n')}\n`);
  if (flags.json) writeFileSync(flags.json, `${JSON.stringify({ clients: CLIENTS, seconds: wall, speed: SPEED, requests, rows, samples, timeline, errors: errorCount, firstErrors, flows: stats.flows }, null, 2)}\n`);
  process.exit(errorCount === 0 ? 0 : 1);
}

void main();
