/**
 * Scenario and fixture files the HTTP suites start their stands with, written to a temporary
 * folder (the shipped ones stay as they are):
 * - scenario "bench-poll": every state lasts until advanced, so a poll always sees the same state;
 * - scenario "bench-lifecycle": each job is done after two polls (as the baseline), results
 *   live 1 s of a real clock so the stand holds a steady number of jobs, not every job of the run;
 * - fixture set "bench" for AppMetrica: app 1111 and the 1,000 applications the lifecycle
 *   exports (one job per application at a time: exports of an application are sequential).
 */
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { APPMETRICA_APP_BASE } from './lifecycle-steps.js';
import { ROOT } from './lib.js';

export interface BenchFiles {
  dir: string;
  /** Flags that point a stand at these files. */
  args(scenario: 'bench-poll' | 'bench-lifecycle'): string[];
  remove(): void;
}

const NO_LIMITS = { perSecond: null, perMinute: null, perHour: null, perDay: null };

export function writeBenchFiles(apps = 1000): BenchFiles {
  const dir = mkdtempSync(join(tmpdir(), 'async-stand-bench-'));
  mkdirSync(join(dir, 'scenarios'));
  mkdirSync(join(dir, 'fixtures', 'appmetrica'), { recursive: true });
  const shipped = JSON.parse(readFileSync(join(ROOT, 'fixtures', 'appmetrica', 'default.json'), 'utf8')) as { apps: Record<string, unknown>[] };
  const app1111 = shipped.apps.find((a) => a.id === 1111)!;
  const bench = Array.from({ length: apps }, (_, i) => ({
    id: APPMETRICA_APP_BASE + i,
    name: `bench app ${i}`,
    timeZone: 'Europe/Moscow',
    packageName: `ru.example.bench${i}`,
    platforms: { android: 0.6, ios: 0.4, windows: 0 },
    devices: 100,
    appVersions: ['1.0.0'],
    eventNames: ['app_open', 'purchase'],
    dailyVolume: { events: 20000 },
    tokens: null,
  }));
  writeFileSync(join(dir, 'fixtures', 'appmetrica', 'bench.json'), JSON.stringify({ apps: [app1111, ...bench] }));
  const poll = {
    version: 1,
    description: 'bench: every state lasts until advanced',
    fixtures: 'bench',
    appmetrica: { preparation: 'manual', maxQueuedPerApp: 100 },
    mytarget: { enqueued: 'manual', execution: 'manual', rateLimits: NO_LIMITS },
    toloka: { pending: 'manual', running: 'manual', crowd: { workers: 0 } },
  };
  const lifecycle = {
    version: 1,
    description: 'bench: done after two polls; results live 1 s',
    fixtures: 'bench',
    appmetrica: { preparation: { polls: 2 }, fileTtlMs: 1000 },
    mytarget: { concurrency: 100_000, enqueued: { polls: 1 }, execution: { polls: 1 }, resultTtlMs: 1000, rateLimits: NO_LIMITS },
    // Nobody does the tasks: the lifecycle is the operation's (submit, polls, log).
    toloka: { pending: { polls: 1 }, running: { polls: 1 }, logTtlMs: 1000, crowd: { workers: 0 } },
  };
  writeFileSync(join(dir, 'scenarios', 'bench-poll.json'), JSON.stringify(poll));
  writeFileSync(join(dir, 'scenarios', 'bench-lifecycle.json'), JSON.stringify(lifecycle));
  return {
    dir,
    args: (scenario) => ['--scenarios', join(dir, 'scenarios'), '--fixtures', join(dir, 'fixtures'), '--scenario', scenario],
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
