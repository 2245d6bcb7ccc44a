import type { Phase } from '../core/phase.js';

/**
 * The admin API's JSON that the dashboard's browser script (ui/client/) reads too, declared once
 * for both. The browser's TypeScript project checks this file without Node's types, so it imports
 * nothing but core/phase.ts; the server narrows `Api` to its ApiName (apis/api.ts, overview.ts)
 * and re-exports ClockInfo with the public Stand (stand-interface.ts).
 */

/** The stand's clock: `GET /_stand/clock`, and in the overview. */
export interface ClockInfo {
  /** Virtual now, ISO 8601 UTC. */
  now: string;
  mode: 'real' | 'manual';
  /** Virtual ms per wall ms (a real clock). */
  speed: number;
  /** Work scheduled on the clock (job steps, expiries, callback retries). */
  pendingTasks: number;
  /** When the next of it is due, or null. */
  nextTaskAt: string | null;
  /** Callback attempts on the wire now. */
  callbacksInFlight: number;
}

/** A job as the admin API and the library show it. */
export interface JobView<Api extends string = string> {
  api: Api;
  id: string;
  kind: string;
  state: string;
  /** Where `state` stands in any job's life, as the job's lifecycle declares it. */
  phase: Phase;
  account: string;
  createdAt: string;
  updatedAt: string;
  history: { state: string; phase: Phase; at: string }[];
  /** When and how the job moves next, if it is not terminal (core/steps.ts StepMode). */
  next: { mode: 'timer' | 'polls' | 'manual'; dueAt: string | null; pollsLeft: number | null } | null;
  detail: Record<string, unknown>;
}

/** One queue of an API in the overview. */
export interface QueueGroup<Api extends string = string> {
  key: string;
  /** The jobs being worked on now, oldest first. */
  running: JobView<Api>[];
  /** The first waiting jobs, in arrival order. */
  waiting: JobView<Api>[];
  waitingTotal: number;
}

/**
 * How far a unit of an API's work is, beyond its jobs (Toloka: a pool the crowd works on): its
 * answers done of those planned, its items by status, and samples of `done` over virtual time.
 */
export interface ProgressRow {
  key: string;
  label: string;
  status: string;
  done: number;
  /** null when the work has no end (infinite overlap). */
  total: number | null;
  counts: Record<string, number>;
  /** [virtual time (ISO), done] samples, oldest first. */
  history: [string, number][];
}

/** One API in the overview: its jobs by state and phase, its busiest queues. */
export interface ApiOverview<Api extends string = string> {
  name: Api;
  title: string;
  jobs: number;
  byState: Record<string, number>;
  /** The phase of each state in byState, as the API's lifecycle declares it (for colouring). */
  phases: Record<string, Phase>;
  byPhase: Record<Phase, number>;
  /** Queues with work in them, busiest first (at most MAX_GROUPS of overview.ts). */
  queues: QueueGroup<Api>[];
  queuesTotal: number;
  /** Progress beyond jobs (Toloka's pools); empty when the API has none. */
  progress: ProgressRow[];
}
