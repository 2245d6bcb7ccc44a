import type { JobView } from '../apis/api.js';
import type { ApiName } from '../core/journal.js';
import { PHASES, type Phase } from '../core/phase.js';
import type { OneShot } from '../scenarios/engine.js';
import type { StandRuntime } from '../stand.js';
import type { ApiOverview as WireApiOverview, QueueGroup as WireQueueGroup } from './wire.js';

/**
 * The queue a job waits in. An API says so with `detail.queue` (AppMetrica: one queue per
 * application); otherwise each account is a queue of its own (myTarget's async queue, Toloka's
 * operations).
 */
export function queueOf(job: JobView): string {
  const q = job.detail['queue'];
  return typeof q === 'string' && q !== '' ? q : `account ${job.account}`;
}

export type QueueGroup = WireQueueGroup<ApiName>;
export type ApiOverview = WireApiOverview<ApiName>;

export interface Overview {
  /** The stand's change counter when this was taken (the event stream carries it too). */
  version: number;
  clock: ReturnType<StandRuntime['clockInfo']>;
  scenario: { name: string; description: string; available: string[]; queue: OneShot[] };
  apis: ApiOverview[];
  journals: {
    requests: { kept: number; total: number };
    callbacks: { kept: number; total: number; failed: number };
  };
  adminToken: boolean;
}

const MAX_GROUPS = 50;
const MAX_WAITING_SHOWN = 5;

/** What the stand is doing, at a glance: the dashboard's top half in one answer. */
export function overview(stand: StandRuntime, all: readonly JobView[] = stand.jobs()): Overview {
  const apis = stand.apiList.map((api): ApiOverview => {
    const jobs = all.filter((j) => j.api === api.name);
    const byState: Record<string, number> = {};
    const phases: Record<string, Phase> = {};
    const byPhase = Object.fromEntries(PHASES.map((p) => [p, 0])) as Record<Phase, number>;
    const groups = new Map<string, { running: JobView[]; waiting: JobView[] }>();
    for (const job of jobs) {
      byState[job.state] = (byState[job.state] ?? 0) + 1;
      const { phase } = job;
      phases[job.state] = phase;
      byPhase[phase]++;
      if (phase !== 'waiting' && phase !== 'running') continue;
      const key = queueOf(job);
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { running: [], waiting: [] }));
      g[phase].push(job);
    }
    const queues = [...groups.entries()]
      .map(([key, g]): QueueGroup => ({
        key,
        // `all` is oldest first, so each group is too.
        running: g.running,
        waiting: g.waiting.slice(0, MAX_WAITING_SHOWN),
        waitingTotal: g.waiting.length,
      }))
      .sort((a, b) => b.running.length - a.running.length || b.waitingTotal - a.waitingTotal || a.key.localeCompare(b.key));
    return {
      name: api.name,
      title: api.title,
      jobs: jobs.length,
      byState,
      phases,
      byPhase,
      queues: queues.slice(0, MAX_GROUPS),
      queuesTotal: queues.length,
      progress: api.progress?.() ?? [],
    };
  });
  const callbacks = stand.journals.callbackEntries();
  return {
    version: stand.version,
    clock: stand.clockInfo(),
    scenario: {
      name: stand.scenarios.name,
      description: stand.scenarios.active.description,
      available: stand.scenarios.library.names(),
      queue: stand.scenarios.queue(),
    },
    apis,
    journals: {
      requests: { kept: stand.journals.requests.size, total: stand.journals.requests.total },
      callbacks: { kept: callbacks.length, total: stand.journals.callbacks.total, failed: callbacks.filter((c) => !c.ok).length },
    },
    adminToken: stand.config.adminToken !== undefined,
  };
}
