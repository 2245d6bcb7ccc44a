import type { ApiName } from '../core/journal.js';
import { Ring } from '../core/ring.js';
import type { Lifecycle } from '../core/lifecycle.js';
import type { PendingStep } from '../core/steps.js';
import type { JobFilter, JobView } from './api.js';
import { jobNotFound, jobTerminal, matchesJobFilter } from './job-view.js';

/** What the table needs of a job: its id and state, and the pending step a reset cancels. */
export interface TableJob {
  readonly id: string;
  readonly state: string;
  step?: PendingStep | undefined;
}

/** Ended jobs kept visible to the control plane after they leave the live set. */
const FINISHED_KEPT = 1000;

/**
 * The jobs of an API that keeps its live jobs by id and only the last 1000 ended ones (their
 * answers freed): AppMetrica's exports and myTarget's async calls.
 */
export class JobTable<J extends TableJob> {
  readonly #live = new Map<string, J>();
  readonly #finished = new Ring<J>(FINISHED_KEPT);

  add(job: J): void {
    this.#live.set(job.id, job);
  }

  /** A live job by id. */
  live(id: string): J | undefined {
    return this.#live.get(id);
  }

  /** A job by id, live or among the kept ended ones. */
  find(id: string): J | undefined {
    return this.#live.get(id) ?? this.#finished.toArray().find((x) => x.id === id);
  }

  /** A job that ended leaves the live set (its pending step cancelled); the last 1000 stay findable. */
  retire(job: J): void {
    job.step?.cancel();
    job.step = undefined;
    this.#live.delete(job.id);
    this.#finished.push(job);
  }

  /** Every job kept: the ended ones, then the live ones. */
  all(): J[] {
    return [...this.#finished.toArray(), ...this.#live.values()];
  }

  /** The control plane's views of the jobs kept that pass the filter. */
  views(view: (job: J) => JobView, filter: JobFilter = {}): JobView[] {
    return this.all().map(view).filter((v) => matchesJobFilter(v, filter));
  }

  /** A job the control plane may move: 404 when there is none, 409 when it ended. */
  moving(api: ApiName, id: string, lifecycle: Lifecycle<J['state']>): J {
    const job = this.find(id);
    if (!job) throw jobNotFound(api, id);
    if (lifecycle.isTerminal(job.state)) throw jobTerminal(api, id, job.state);
    return job;
  }

  /** No jobs; every live job's pending step cancelled. */
  clear(): void {
    for (const j of this.#live.values()) j.step?.cancel();
    this.#live.clear();
    this.#finished.clear();
  }
}
