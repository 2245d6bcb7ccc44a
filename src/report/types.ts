import type { JobView } from '../apis/api.js';
import type { ApiName, CallbackEntry, RawRequest } from '../core/journal.js';
import type { JobOf } from '../journal/render.js';

export type Severity = 'error' | 'warning' | 'info';

/** One request a finding points at: its journal seq (GET /_stand/journal/requests) and its virtual time. */
export interface EvidenceRequest {
  seq: number;
  at: string;
  method: string;
  url: string;
  status: number;
}

/** What a client (token) did on one API that the real API would punish, and what to do instead. */
export interface Finding {
  /** Stable, e.g. APPMETRICA_NO_CACHE_EVERY_POLL. */
  code: string;
  severity: Severity;
  api: ApiName;
  /** The client's token, masked as the journals show it. */
  token: string;
  title: string;
  /** The first occurrence in words, with its figures. */
  detail: string;
  /** How many times the client did it. */
  occurrences: number;
  /** The requests of the first occurrences (at most 10), oldest first. */
  evidence: EvidenceRequest[];
  /** Where the rule comes from: the document and what it says. */
  source: { doc: string; says: string };
  instead: string;
}

/** One client (token) on one API: how many requests it made and what was found. */
export interface ClientReport {
  api: ApiName;
  token: string;
  requests: number;
  findings: Finding[];
}

/** GET /_stand/report, stand.report(): every client with requests in the journal (or those filtered). */
export interface Report {
  /** The stand's virtual now when the report was made. */
  at: string;
  clients: ClientReport[];
  summary: { clients: number; findings: number; errors: number; warnings: number };
}

export interface ReportQuery {
  api?: ApiName | undefined;
  /** The token (or its masked form). */
  token?: string | undefined;
}

/** One occurrence of a rule's breach: the requests that show it and a sentence with its figures. */
export interface Hit {
  requests: RawRequest[];
  detail: string;
}

/** What a detector sees: one client's requests on one API, oldest first, and what the stand knows besides. */
export interface ClientView {
  api: ApiName;
  /** The token itself (detectors may compare it with jobs' accounts). */
  token: string;
  requests: RawRequest[];
  /** The API's jobs of this client. */
  jobs: JobView[];
  jobOf: JobOf;
  /** Callback attempts for this client's jobs. */
  callbacks: CallbackEntry[];
  /** Virtual now, epoch ms. */
  now: number;
}

/**
 * A rule of the client report: a small declarative entry next to its API (src/apis/<api>/report/),
 * with the docs' sentence it comes from. `detect` reads the journal only when a report is asked for.
 */
export interface Rule<K = Record<string, never>> {
  code: string;
  severity: Severity;
  title: string;
  source: { doc: string; says: string };
  instead: string;
  detect(client: ClientView, knobs: K): Hit[];
}
