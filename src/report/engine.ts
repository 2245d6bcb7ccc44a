import type { JobView } from '../apis/api.js';
import { API_NAMES, type ApiName, type CallbackEntry, type RawRequest } from '../core/journal.js';
import { maskToken, namesToken } from '../journal/mask.js';
import type { JobOf } from '../journal/render.js';
import type { ClientReport, ClientView, Finding, Report, ReportQuery, Rule } from './types.js';

/** An API's rules and the scenario knobs they read. */
export interface ApiRules {
  // Rules of one API share its knobs object; the any-API rules take their own.
  rules: readonly Rule<never>[];
  knobs: unknown;
}

export interface ReportSource {
  now: number;
  requests: readonly RawRequest[];
  jobs: readonly JobView[];
  callbacks: readonly CallbackEntry[];
  jobOf: JobOf;
  rulesOf(api: ApiName): ApiRules[];
}

const EVIDENCE_KEPT = 10;
const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;

function evidence(requests: RawRequest[]): Finding['evidence'] {
  return requests.slice(0, EVIDENCE_KEPT).map((r) => ({ seq: r.seq, at: new Date(r.at).toISOString(), method: r.method, url: r.url, status: r.status }));
}

/**
 * The client report: the journal grouped by API and token, each group run through its API's
 * rules and the rules every API shares. Nothing here runs per request; a report reads the
 * journal when it is asked for.
 */
export function buildReport(source: ReportSource, query: ReportQuery = {}): Report {
  const groups = new Map<string, { api: ApiName; token: string; requests: RawRequest[] }>();
  for (const r of source.requests) {
    if (r.account === null || (query.api && r.api !== query.api) || (query.token && !namesToken(query.token, r.account))) continue;
    const key = `${r.api}\n${r.account}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { api: r.api, token: r.account, requests: [] }));
    g.requests.push(r);
  }
  const jobsOfApi = new Map<ApiName, JobView[]>(API_NAMES.map((a) => [a, source.jobs.filter((j) => j.api === a)]));
  const clients: ClientReport[] = [];
  for (const g of [...groups.values()].sort((a, b) => API_NAMES.indexOf(a.api) - API_NAMES.indexOf(b.api) || a.requests[0]!.seq - b.requests[0]!.seq)) {
    const jobs = jobsOfApi.get(g.api)!.filter((j) => j.account === g.token);
    const ids = new Set(jobs.map((j) => j.id));
    const view: ClientView = {
      api: g.api,
      token: g.token,
      requests: g.requests,
      jobs,
      jobOf: source.jobOf,
      callbacks: source.callbacks.filter((c) => c.api === g.api && ids.has(c.jobId)),
      now: source.now,
    };
    const masked = maskToken(g.token);
    const findings: Finding[] = [];
    for (const { rules, knobs } of source.rulesOf(g.api)) {
      for (const rule of rules as readonly Rule<unknown>[]) {
        const hits = rule.detect(view, knobs);
        if (hits.length === 0) continue;
        findings.push({
          code: rule.code,
          severity: rule.severity,
          api: g.api,
          token: masked,
          title: rule.title,
          detail: hits[0]!.detail,
          occurrences: hits.length,
          evidence: evidence(hits.flatMap((h) => h.requests)),
          source: rule.source,
          instead: rule.instead,
        });
      }
    }
    findings.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
    clients.push({ api: g.api, token: masked, requests: g.requests.length, findings });
  }
  const all = clients.flatMap((c) => c.findings);
  return {
    at: new Date(source.now).toISOString(),
    clients,
    summary: {
      clients: clients.length,
      findings: all.length,
      errors: all.filter((f) => f.severity === 'error').length,
      warnings: all.filter((f) => f.severity === 'warning').length,
    },
  };
}

/** One line per client with findings (the CLI prints these when it stops). */
export function summaryLines(report: Report): string[] {
  return report.clients
    .filter((c) => c.findings.length > 0)
    .map((c) => `${c.api} ${c.token}: ${c.findings.length} finding${c.findings.length === 1 ? '' : 's'} (${c.findings.map((f) => f.code).join(', ')}) in ${c.requests} requests`);
}
