/**
 * The admin API's JSON as the page reads it. Jobs, the clock and the overview's APIs are declared
 * once for server and page (admin/wire.ts); the rest here lists the fields the page uses, since the
 * server's own types (admin/overview.ts, core/journal.ts) import Node-only modules this browser
 * project cannot check. The page's tests (test/admin/dashboard.test.ts,
 * test/e2e/dashboard.e2e.test.ts) read the real answers through it.
 */
import type { ApiOverview, ClockInfo } from '../../wire.js';

export type { Phase } from '../../../core/phase.js';
export type { ApiOverview, ClockInfo, JobView } from '../../wire.js';

/** GET /_stand/jobs, /_stand/journal/requests, /_stand/journal/callbacks with a limit. */
export interface Page<T> {
  items: T[];
  total: number;
  offset: number;
}

/** A one-shot fault rule, as far as the page describes it. */
export interface FaultRule {
  match?: { path?: string };
  action: { type: string; status?: number; outcome?: number | string; ms?: number; retryAfter?: number; message?: string; item?: number };
}

/** GET /_stand/overview */
export interface Overview {
  version: number;
  clock: ClockInfo;
  scenario: { name: string; description: string; available: string[]; queue: { api: string; rule: FaultRule }[] };
  apis: ApiOverview[];
  journals: {
    requests: { kept: number; total: number };
    callbacks: { kept: number; total: number; failed: number };
  };
}

export interface RequestEntry {
  at: string;
  api: string;
  method: string;
  url: string;
  status: number;
  account: string | null;
  fault: string | null;
}

export interface CallbackEntry {
  at: string;
  api: string;
  jobId: string;
  url: string;
  method: string;
  attempt: number;
  status: number | null;
  error: string | null;
  ok: boolean;
  payload: string;
}

/** The event stream's `hello` and `change` data. */
export interface StandEvent {
  version: number;
  now: string;
}

/** One finding of GET /_stand/report (src/report/types.ts, the fields the page uses). */
export interface ReportFinding {
  code: string;
  severity: 'error' | 'warning' | 'info';
  api: string;
  token: string;
  title: string;
  detail: string;
  occurrences: number;
  evidence: { seq: number; at: string; method: string; url: string; status: number }[];
  source: { doc: string; says: string };
  instead: string;
}

/** GET /_stand/report */
export interface ClientReport {
  clients: { api: string; token: string; requests: number; findings: ReportFinding[] }[];
  summary: { clients: number; findings: number; errors: number; warnings: number };
}
