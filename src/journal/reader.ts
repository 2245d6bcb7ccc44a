import type { EmulatedApi } from '../apis/api.js';
import { appmetricaJobOf } from '../apis/appmetrica-logs/report/job-of.js';
import { mytargetJobOf } from '../apis/mytarget/report/job-of.js';
import { tolokaJobOf } from '../apis/toloka/report/job-of.js';
import type { ApiName, RawRequest, RequestEntry, RequestLog } from '../core/journal.js';
import { describeMatch, matching, nearMisses, type RequestMatch } from './match.js';
import { renderRequest, type JobOf } from './render.js';

/** What `verifyRequests` found: the count, whether it is the one expected, and why not. */
export interface Verification {
  ok: boolean;
  count: number;
  /** What was expected, as text: `exactly 1`, `at least 1`. */
  expected: string;
  /** One paragraph for a person: what was looked for, what was found, what came near. */
  message: string;
  /** Requests that met every criterion but one, grouped by it. */
  nearMisses: string[];
  /** The matching requests (at most 20), oldest first. */
  requests: RequestEntry[];
}

/** How many requests a verification expects. */
export type CountExpectation = number | { atLeast?: number; atMost?: number };

function expectationText(e: CountExpectation): string {
  if (typeof e === 'number') return `exactly ${e}`;
  if (e.atLeast !== undefined && e.atMost !== undefined) return `between ${e.atLeast} and ${e.atMost}`;
  if (e.atMost !== undefined) return `at most ${e.atMost}`;
  return `at least ${e.atLeast ?? 1}`;
}

function meets(count: number, e: CountExpectation): boolean {
  if (typeof e === 'number') return count === e;
  return count >= (e.atLeast ?? (e.atMost === undefined ? 1 : 0)) && (e.atMost === undefined || count <= e.atMost);
}

/**
 * The read side of the request journal (library verbs and admin routes alike): filters,
 * counts, verifications with near-miss help, and the job each request touched. Everything is
 * computed when read; recording a request costs nothing here.
 */
export class JournalReader {
  constructor(
    private readonly log: RequestLog,
    private readonly apis: () => readonly EmulatedApi[],
  ) {}

  /** Which job a request touched, for this read (AppMetrica's needs the exports there are now). */
  jobOf(): JobOf {
    let appmetrica: JobOf | undefined;
    const own: Record<ApiName, JobOf> = {
      appmetrica: (r) => (appmetrica ??= appmetricaJobOf(this.apis().find((a) => a.name === 'appmetrica')?.jobs() ?? []))(r),
      mytarget: mytargetJobOf,
      toloka: tolokaJobOf,
    };
    const memo = new Map<number, string | null>();
    return (r: RawRequest) => {
      let job = memo.get(r.seq);
      if (job === undefined) memo.set(r.seq, (job = own[r.api](r)));
      return job;
    };
  }

  raw(match: RequestMatch = {}, jobOf: JobOf = this.jobOf()): RawRequest[] {
    return matching(this.log.raw(), match, jobOf);
  }

  requests(match: RequestMatch = {}): RequestEntry[] {
    const jobOf = this.jobOf();
    return this.raw(match, jobOf).map((r) => renderRequest(r, jobOf));
  }

  count(match: RequestMatch = {}): number {
    return this.raw(match).length;
  }

  verify(match: RequestMatch, expected: CountExpectation = { atLeast: 1 }): Verification {
    const jobOf = this.jobOf();
    const all = this.log.raw();
    const found = matching(all, match, jobOf);
    const ok = meets(found.length, expected);
    const near = ok ? [] : nearMisses(all, match, jobOf);
    const wanted = expectationText(expected);
    const what = describeMatch(match, jobOf);
    let message = `expected ${wanted} request${wanted.endsWith(' 1') ? '' : 's'} with ${what}; found ${found.length}`;
    if (!ok && found.length > 0) message += ` (${found.slice(0, 5).map((r) => `#${r.seq} ${r.method} ${r.url} -> ${r.status}`).join('; ')}${found.length > 5 ? '; …' : ''})`;
    if (near.length > 0) message += `. Near misses: ${near.join('; ')}`;
    else if (!ok && found.length === 0) message += `. The journal holds ${all.length} request${all.length === 1 ? '' : 's'}${all.length > 0 ? ` (${[...new Set(all.map((r) => r.api))].join(', ')})` : ''}`;
    return { ok, count: found.length, expected: wanted, message, nearMisses: near, requests: found.slice(0, 20).map((r) => renderRequest(r, jobOf)) };
  }
}
