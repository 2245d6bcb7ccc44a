/**
 * Shared pieces of the benchmarks. Every figure is reported next to a baseline measured in the
 * same run, as a ratio: machines here are shared and noisy, absolute numbers mean little.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { request } from 'undici';

export interface BenchRow {
  /** What was measured, e.g. "appmetrica 1M-row CSV gzip". */
  name: string;
  /** Our figure. */
  ours: number;
  /** The baseline's figure, measured in the same run (null when a row has none). */
  baseline: number | null;
  /** Unit of both figures, e.g. "rows/s", "MB", "req/s". */
  unit: string;
  /** What the baseline is. */
  baselineName?: string;
  /** Ratio direction: 'higher' when bigger is better (throughput), 'lower' for time and memory. */
  better: 'higher' | 'lower';
  /** The issue's target for this row: on the ratio, or on our figure itself. */
  target?: { on: 'ratio' | 'ours'; op: '>=' | '<='; value: number };
  /** How it was measured when that varies (load generator, runs). */
  note?: string;
  /** HTTP cases: the same figure per second of server CPU (see compare.ts), ours and the baseline's. */
  perCpu?: { ours: number; baseline: number };
  /** The figure of every run (the --json file). */
  samples?: { ours: number[]; baseline: number[] };
}

/** Settings of this run (flags of bench/run.ts); bench code only, so a module-level object is fine here. */
export const settings = {
  /** Seconds per load run. */
  seconds: 10,
  /** Runs per case (the median counts). */
  runs: 3,
  connections: 50,
  /** Load generator for the poll paths: wrk when installed (autocannon is the limit there), else autocannon. */
  tool: 'auto' as 'auto' | 'autocannon' | 'wrk',
  /** Set by run.ts once dist/ is built: spawned stands then run the built CLI, as shipped. */
  built: false,
};

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return Number.NaN;
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Whether a row meets its target (undefined when it has none or no ratio). */
export function meets(row: BenchRow): boolean | undefined {
  if (!row.target) return undefined;
  const v = row.target.on === 'ratio' ? ratio(row) : row.ours;
  if (v === null || !Number.isFinite(v)) return undefined;
  return row.target.op === '>=' ? v >= row.target.value : v <= row.target.value;
}

function targetText(row: BenchRow): string {
  if (!row.target) return '';
  const t = row.target;
  const met = meets(row);
  const what = t.on === 'ratio' ? 'ratio' : 'ours';
  return `${what} ${t.op === '>=' ? '≥' : '≤'} ${t.value}${t.on === 'ours' ? ` ${row.unit}` : ''}: ${met === undefined ? '?' : met ? 'met' : 'MISSED'}`;
}

export type BenchSuite = () => Promise<BenchRow[]>;

export function ratio(row: BenchRow): number | null {
  if (row.baseline === null || row.baseline === 0) return null;
  return row.ours / row.baseline;
}

/** Wall time of `fn` in ms (bench code only; never in tests). */
export async function timed<T>(fn: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

/** Downloads `url` over HTTP (expects 200): its size, and its bytes when `keep`. */
export async function download(url: string, headers: Record<string, string>, keep: boolean): Promise<{ bytes: number; body: Buffer | null }> {
  const res = await request(url, { headers });
  if (res.statusCode !== 200) throw new Error(`${url}: expected 200, got ${res.statusCode}: ${await res.body.text()}`);
  let bytes = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of res.body) {
    bytes += (chunk as Buffer).length;
    if (keep) chunks.push(chunk as Buffer);
  }
  return { bytes, body: keep ? Buffer.concat(chunks) : null };
}

export function rssMb(): number {
  return process.memoryUsage().rss / 1024 / 1024;
}

/** Runs a GC if node was started with --expose-gc, so RSS readings settle. */
export function settle(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

export function formatTable(rows: BenchRow[]): string {
  const fmt = (n: number | null) => (n === null ? '-' : n >= 100 ? n.toFixed(0) : n >= 1 ? n.toFixed(2) : n.toPrecision(3));
  const lines = rows.map((r) => [
    r.name,
    `${fmt(r.ours)} ${r.unit}`,
    r.baseline === null ? '-' : `${fmt(r.baseline)} ${r.unit}`,
    fmt(ratio(r)),
    r.perCpu ? fmt(r.perCpu.ours / r.perCpu.baseline) : '',
    targetText(r),
    [r.baselineName, r.note].filter(Boolean).join('; '),
  ]);
  const head = ['case', 'ours', 'baseline', 'ratio', 'per CPU-s', 'target', 'baseline is'];
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const row = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [row(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...lines.map(row)].join('\n');
}


export const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The core servers run on, and the core load generators run on (when taskset exists). */
export const SERVER_CORE = 1;
export const CLIENT_CORE = 0;

export interface ServerProcess {
  child: ChildProcess;
  /** Base URL of the main listener. */
  url: string;
  /** What the process wrote to stderr while starting (e.g. the inspector's URL with --inspect). */
  startup: string;
  /** Current and peak resident memory of the process, in MB (Linux /proc). */
  memory(): { rssMb: number; peakMb: number };
  close(): Promise<void>;
}
export type StandProcess = ServerProcess;

/** `argv` prefixed with taskset pinning it to `core`, when taskset exists. */
export function pinned(core: number, argv: string[]): string[] {
  return hasTaskset() ? ['taskset', '-c', String(core), ...argv] : argv;
}

/** Starts a server process and waits until its stderr shows `ready` (a regex whose group 1 is the base URL). */
export async function spawnServer(argv: string[], ready: RegExp, pin: boolean): Promise<ServerProcess> {
  const cmd = pin ? pinned(SERVER_CORE, argv) : argv;
  const child = spawn(cmd[0]!, cmd.slice(1), { cwd: ROOT, stdio: ['ignore', process.env.GCOUT ? 'inherit' : 'ignore', 'pipe'] });
  // Listen without `for await`: breaking out of it would destroy the pipe, and the server's next
  // write to stderr would fail with EPIPE.
  let text = '';
  const match = await new Promise<RegExpExecArray | null>((resolve) => {
    const onData = (chunk: Buffer) => {
      text += chunk.toString();
      const m = ready.exec(text);
      if (!m) return;
      child.stderr!.off('data', onData);
      child.stderr!.resume();
      resolve(m);
    };
    child.stderr!.on('data', onData);
    child.once('exit', () => resolve(null));
  });
  if (!match) throw new Error(`${argv.join(' ')} did not start: ${text}`);
  return {
    child,
    url: match[1]!,
    startup: text,
    memory: () => procMemory(child.pid!),
    close: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** The stand's CLI: the build in dist/ when run.ts built it, else the sources through tsx. */
export function standArgv(args: string[], nodeArgs: string[] = []): string[] {
  return settings.built ? [process.execPath, ...nodeArgs, 'dist/cli.js', ...args] : [process.execPath, ...nodeArgs, '--import', 'tsx', 'src/cli.ts', ...args];
}

/**
 * Starts the stand in a process of its own (the load comes from another), manual clock, port 0.
 * Pinned to SERVER_CORE with taskset when `pin` and taskset exists, so client and server do not share.
 */
export async function spawnStand(args: string[] = [], pin = false, nodeArgs: string[] = []): Promise<StandProcess> {
  return spawnServer(standArgv(['--port', '0', '--clock', 'manual', '--log-level', 'warn', ...args], nodeArgs), /admin\s+(http\S+)\/_stand/, pin);
}

/** Starts the bare Fastify baseline (bench/baseline-server.mjs) with `config`, the same way. */
export async function spawnBaseline(config: Record<string, unknown>, pin = true): Promise<ServerProcess> {
  return spawnServer([process.execPath, 'bench/baseline-server.mjs', JSON.stringify(config)], /baseline listening (http\S+)/, pin);
}

export function hasTaskset(): boolean {
  return onPath('taskset');
}

export function hasWrk(): boolean {
  return onPath('wrk');
}

function onPath(name: string): boolean {
  return (process.env.PATH ?? '/usr/bin:/bin').split(':').some((dir) => dir !== '' && existsSync(join(dir, name)));
}

export function procMemory(pid: number): { rssMb: number; peakMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
}

/** Runs a command to its end; resolves with its stdout (rejects with stderr on a non-zero exit). */
export function runCommand(argv: string[], options: { cwd?: string } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0]!, argv.slice(1), { cwd: options.cwd ?? ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`${argv.join(' ')} exited ${code}: ${err.slice(-2000)}`))));
  });
}
