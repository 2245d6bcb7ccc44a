import type { JobView } from '../apis/api.js';
import { matchesJobFilter } from '../apis/job-view.js';
import { sortJobs, type JobQuery, type StandRuntime } from '../stand.js';

export interface JobSearch extends JobQuery {
  /** Text the id, kind or account contains. */
  q?: string | undefined;
}

/**
 * Every job's view, built once per state of the stand and shared by the reads of that moment:
 * after a change, each open dashboard reads the overview and a page of jobs, and with 10,000
 * jobs building the views is most of the work. The key is the stand's change counter and its
 * clock (a real clock moves without changes, and views show progress).
 */
export class JobSnapshot {
  readonly #stand: StandRuntime;
  #key = '';
  #jobs: JobView[] = [];

  constructor(stand: StandRuntime) {
    this.#stand = stand;
  }

  /** All jobs of all APIs, oldest first (the order of stand.jobs()). */
  all(): readonly JobView[] {
    const key = `${this.#stand.version}@${this.#stand.now()}`;
    if (key !== this.#key) {
      // A plain comparison of ISO strings: localeCompare costs ten times more on 10,000 jobs.
      this.#jobs = sortJobs(this.#stand.apiList.flatMap((a) => a.jobs()));
      this.#key = key;
    }
    return this.#jobs;
  }

  find(search: JobSearch): JobView[] {
    if (search.api) this.#stand.api(search.api); // an unknown API is a 404, as with stand.jobs()
    const { q } = search;
    return this.all().filter(
      (j) => (!search.api || j.api === search.api) && matchesJobFilter(j, search) && (!q || j.id.includes(q) || j.kind.includes(q) || j.account.includes(q)),
    );
  }
}
