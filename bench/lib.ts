/**
 * Shared pieces of the benchmarks. Every figure is reported next to a baseline measured in the
 * same run, as a ratio: machines here are shared and noisy, absolute numbers mean little.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

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

export function rssMb(): number {
  return process.memoryUsage().rss / 1024 / 1024;
}

/** Runs a GC if node was started with --expose-gc, so RSS readings settle. */
export function settle(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

export function formatTable(rows: BenchRow[]): string {
  const fmt = (n: number | null) => (n === null ? '-' : n >= 100 ? n.toFixed(0) : n >= 1 ? n.toFixed(2) : n.toPrecision(3));
  const lines = rows.map((r) => [r.name, `${fmt(r.ours)} ${r.unit}`, r.baseline === null ? '-' : `${fmt(r.baseline)} ${r.unit}`, fmt(ratio(r)), r.baselineName ?? '']);
  const head = ['case', 'ours', 'baseline', 'ratio', 'baseline is'];
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const row = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [row(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...lines.map(row)].join('\n');
}


export const ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface StandProcess {
  child: ChildProcess;
  /** Base URL of the main listener. */
  url: string;
  /** What the process wrote to stderr while starting (e.g. the inspector's URL with --inspect). */
  startup: string;
  /** Current and peak resident memory of the stand's process, in MB (Linux /proc). */
  memory(): { rssMb: number; peakMb: number };
  close(): Promise<void>;
}

/**
 * Starts the stand in a process of its own (the load comes from this one), manual clock, port 0;
 * `args` go to the CLI (later flags win), `nodeArgs` to node (e.g. --inspect=127.0.0.1:0).
 * Pinned to CPU 1 with taskset when `pin` and taskset exists, so client and server do not share.
 */
export async function spawnStand(args: string[] = [], pin = false, nodeArgs: string[] = []): Promise<StandProcess> {
  const node = [process.execPath, ...nodeArgs, '--import', 'tsx', 'src/cli.ts', '--port', '0', '--clock', 'manual', '--log-level', 'warn', ...args];
  const cmd = pin && hasTaskset() ? ['taskset', '-c', '1', ...node] : node;
  const child = spawn(cmd[0]!, cmd.slice(1), { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  let text = '';
  for await (const chunk of child.stderr!) {
    text += (chunk as Buffer).toString();
    if (/admin\s+http/.test(text)) break;
  }
  const admin = /admin\s+(http\S+)\/_stand/.exec(text);
  if (!admin) throw new Error(`the stand did not start: ${text}`);
  child.stderr!.resume();
  return {
    child,
    url: admin[1]!,
    startup: text,
    memory: () => procMemory(child.pid!),
    close: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

function hasTaskset(): boolean {
  try {
    return readFileSync('/usr/bin/taskset').length > 0;
  } catch {
    return false;
  }
}

export function procMemory(pid: number): { rssMb: number; peakMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
}
