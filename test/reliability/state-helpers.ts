import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';
import { startStand, type RunningStand } from '../../src/server.js';
import type { StandOptions } from '../../src/config.js';

/** A fresh state file path in a folder of its own. */
export function stateFile(): string {
  return join(mkdtempSync(join(tmpdir(), 'stand-state-')), 'state.json');
}

/** The file as a stand killed right now would leave it (what is written; buffered journal lines are not). */
export function crashCopy(file: string): string {
  const copy = stateFile();
  copyFileSync(file, copy);
  return copy;
}

export async function start(options: StandOptions): Promise<RunningStand> {
  const running = await startStand({ port: 0, clock: 'manual', logLevel: 'silent', ...options });
  onTestFinished(running.close);
  return running;
}

export async function call(r: RunningStand, path: string, init: RequestInit = {}) {
  try {
    const res = await fetch(`${r.url}${path}`, { redirect: 'manual', ...init });
    return { status: res.status, body: await res.text(), location: res.headers.get('location') };
  } catch {
    return { status: 0, body: '', location: null }; // a dropped connection
  }
}

/** What the admin API shows of the state: clock, every job, the callback journal, the scenario. */
export async function snapshot(r: RunningStand, withRequests = false): Promise<Record<string, unknown>> {
  const get = async (path: string) => {
    const res = await call(r, `/_stand${path}`);
    if (res.status !== 200) throw new Error(`GET /_stand${path}: ${res.status} ${res.body}`);
    return JSON.parse(res.body) as unknown;
  };
  const clock = (await get('/clock')) as Record<string, unknown>;
  delete clock.callbacksInFlight;
  return {
    clock,
    jobs: await get('/jobs?limit=1000'),
    callbacks: await get('/journal/callbacks'),
    scenario: await get('/scenario'),
    ...(withRequests ? { requests: await get('/journal/requests') } : {}),
  };
}

/** The kinds of the file's lines after the header, counted. */
export function lineKinds(file: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of readFileSync(file, 'utf8').split('\n').slice(1)) {
    if (!line) continue;
    const kind = (JSON.parse(line) as { kind: string }).kind;
    out[kind] = (out[kind] ?? 0) + 1;
  }
  return out;
}
