import type { CallbackEntry, ClientReport, JobView, Overview, Page, RequestEntry } from './types.js';

/** Rows per page of each list. */
export const PAGE = 50;

/** One list the page shows a page of: its filters (sent as they are), where it is, what it read. */
export interface List<K extends string, T> {
  filters: Record<K, string>;
  offset: number;
  limit: number;
  page: Page<T> | null;
}

/** The stand's clock as last read, and when (performance.now()), to move a real clock on. */
export interface ClockBase {
  now: number;
  at: number;
  mode: 'real' | 'manual';
  speed: number;
}

export interface PageState {
  token: string;
  overview: Overview | null;
  /** The stand's change counter of the last overview: an event with another one means re-read. */
  version: number;
  clockBase: ClockBase | null;
  jobs: List<'api' | 'state' | 'account' | 'q', JobView>;
  requests: List<'api' | 'account' | 'status' | 'path', RequestEntry>;
  callbacks: List<'api' | 'jobId', CallbackEntry>;
  /** The client report (GET /_stand/report). */
  report: ClientReport | null;
  selected: { api: string; id: string } | null;
  selectedJob: JobView | null;
  /** A read is under way; `dirty`: something changed during it, read once more after it. */
  loading: boolean;
  dirty: boolean;
  es: EventSource | null;
  needsLogin: boolean;
  /** The scenario picked in the list but not switched to yet (a re-render must not undo it). */
  scenarioPicked: string | null;
}

export function createState(token: string): PageState {
  const list = <K extends string>(...keys: K[]) => ({
    filters: Object.fromEntries(keys.map((k) => [k, ''])) as Record<K, string>,
    offset: 0,
    limit: PAGE,
    page: null,
  });
  return {
    token,
    overview: null,
    version: -1,
    clockBase: null,
    jobs: list('api', 'state', 'account', 'q'),
    requests: list('api', 'account', 'status', 'path'),
    callbacks: list('api', 'jobId'),
    report: null,
    selected: null,
    selectedJob: null,
    loading: false,
    dirty: false,
    es: null,
    needsLogin: false,
    scenarioPicked: null,
  };
}

/** The stand's time now: as last read, moved on by the wall clock when the stand's clock is real. */
export function nowMs(b: ClockBase): number {
  if (b.mode !== 'real') return b.now;
  return b.now + (performance.now() - b.at) * b.speed;
}
