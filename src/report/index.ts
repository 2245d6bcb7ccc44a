import type { StandRuntime } from '../stand.js';
import { buildReport } from './engine.js';
import { rulesOf } from './registry.js';
import type { Report, ReportQuery } from './types.js';

export type { Finding, ClientReport, Report, ReportQuery, Severity, EvidenceRequest } from './types.js';

/** The client report of a stand, from its journals and jobs as they are now (stand.report()). */
export function reportOf(stand: StandRuntime, query: ReportQuery = {}): Report {
  const scenario = stand.scenarios.active;
  return buildReport(
    {
      now: stand.now(),
      requests: stand.journals.requests.raw(),
      jobs: stand.jobs(),
      callbacks: stand.journals.callbackEntries(),
      jobOf: stand.journal.jobOf(),
      rulesOf: (api) => rulesOf(api, scenario),
    },
    query,
  );
}
