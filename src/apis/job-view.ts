import { StandError } from '../core/errors.js';
import type { Lifecycle, Transition } from '../core/lifecycle.js';
import type { ApiName } from '../core/journal.js';
import type { PendingStep } from '../core/steps.js';
import type { JobFilter, JobView } from './api.js';

interface ViewableJob<S extends string> {
  id: string;
  account: string;
  state: S;
  createdAt: number;
  updatedAt: number;
  history?: Transition<S>[];
  step?: PendingStep | undefined;
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The admin API's view of any job: state and its phase (from the job's lifecycle, so readers
 * need not know the API's state names), timestamps (ISO, virtual time), what moves it next.
 */
export function jobView<S extends string>(
  api: ApiName,
  lifecycle: Lifecycle<S>,
  job: ViewableJob<S>,
  kind: string,
  detail: Record<string, unknown>,
  history = job.history ?? [],
): JobView {
  const step = job.step && !job.step.done ? job.step : undefined;
  return {
    api,
    id: job.id,
    kind,
    state: job.state,
    phase: lifecycle.phaseOf(job.state),
    account: job.account,
    createdAt: iso(job.createdAt),
    updatedAt: iso(job.updatedAt),
    history: history.map((h) => ({ state: h.state, phase: lifecycle.phaseOf(h.state), at: iso(h.at) })),
    next: step
      ? { mode: step.mode, dueAt: step.dueAt === undefined ? null : iso(step.dueAt), pollsLeft: step.pollsLeft ?? null }
      : null,
    detail,
  };
}

export function matchesJobFilter(v: JobView, f: JobFilter): boolean {
  return (!f.state || v.state === f.state) && (!f.account || v.account === f.account) && (!f.kind || v.kind.includes(f.kind));
}

/**
 * The control plane's answers when a job cannot move, the same in every API: no such job (404),
 * a job that ended (409, whatever its final state), a job that waits behind another (409).
 */
export function jobNotFound(api: ApiName, id: string): StandError {
  return new StandError(404, 'STAND_JOB_NOT_FOUND', `no ${api} job with id ${id}; GET /_stand/jobs?api=${api} lists them`);
}

export function jobTerminal(api: ApiName, id: string, state: string): StandError {
  return new StandError(409, 'STAND_JOB_TERMINAL', `${api} job ${id} is ${state}, a final state; nothing moves it`);
}

export function jobWaiting(api: ApiName, id: string, why: string): StandError {
  return new StandError(409, 'STAND_JOB_WAITING', `${api} job ${id} ${why}`);
}
