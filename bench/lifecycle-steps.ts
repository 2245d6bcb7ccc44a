/**
 * What a client does in one full lifecycle of each API, shared by the autocannon worker, the
 * suite (which walks one lifecycle first to capture the bodies the baseline answers) and, in
 * Lua, bench/lifecycle.lua (keep the two in step).
 *
 * - appmetrica: GET the export (Cache-Control: no-cache, so each lifecycle is a new file) -> 202,
 *   the same GET -> 202, the same GET -> 200 with the file. Each job exports its own application
 *   (exports of one application are prepared one after another).
 * - mytarget: GET /async_api/v2/campaigns/{id}.json -> 202 + Location, poll -> 200 "started",
 *   poll -> 303 + Location, GET the response -> 200.
 * - toloka: POST /api/v1/tasks?async_mode=true (one task) -> 202 + operation, GET the operation
 *   -> RUNNING, again -> SUCCESS, GET its log -> 200.
 */
export type LifecycleApi = 'appmetrica' | 'mytarget' | 'toloka';

export interface LoadSpec {
  kind: 'fixed' | 'lifecycle';
  /** Base URL of the server (lifecycle) or the full URL (fixed). */
  url: string;
  connections: number;
  seconds: number;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** fixed: the status every answer should have (the share that had it is reported). */
  expectStatus?: number;
  api?: LifecycleApi;
  jobsPerConnection?: number;
}

export interface LoadResult {
  tool: 'autocannon' | 'wrk';
  seconds: number;
  requests: number;
  reqPerSec: number;
  /** Answers with the expected status (fixed), or all answers. */
  expected: number;
  errors: number;
  jobs?: number;
  jobsPerSec?: number;
  failedJobs?: number;
}

export interface StepRequest {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface Step {
  /** The request of this step for a job (`loc`: what the previous step returned; `slot`: the job's slot). */
  request(loc: string, slot: number): StepRequest;
  /**
   * The next step's `loc` (often `loc` itself); null when the answer is not the expected one;
   * undefined to start the job over without counting a failure (a job the previous run left half done).
   */
  response(status: number, headers: Record<string, string | string[] | undefined>, body: string, loc: string): string | null | undefined;
}

/** AppMetrica lifecycle jobs export applications APPMETRICA_APP_BASE + slot (the suite writes these fixtures). */
export const APPMETRICA_APP_BASE = 100_000;
export const APPMETRICA_FIELDS = 'event_name,event_datetime,os_name';

export function appmetricaPath(appId: number | string): string {
  return `/appmetrica/logs/v1/export/events.csv?application_id=${appId}&date_since=2026-01-01&date_until=2026-01-01&fields=${APPMETRICA_FIELDS}&limit=5`;
}

export const MYTARGET_SUBMIT = '/mytarget/async_api/v2/campaigns/6617841.json';
export const TOLOKA_TASK = JSON.stringify([{ pool_id: '1', overlap: 1, input_values: { image: 'https://example.com/1.jpg' } }]);

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export function lifecycleSteps(api: LifecycleApi): Step[] {
  if (api === 'appmetrica') {
    const get = (slot: number): StepRequest => ({
      method: 'GET',
      path: appmetricaPath(APPMETRICA_APP_BASE + slot),
      headers: { authorization: 'OAuth bench', 'cache-control': 'no-cache' },
    });
    // A 200 before the second poll: the file of a job the previous run left half-polled.
    const early = (s: number) => (s === 202 ? '' : s === 200 ? undefined : null);
    return [
      { request: (_l, slot) => get(slot), response: early },
      { request: (_l, slot) => get(slot), response: early },
      { request: (_l, slot) => get(slot), response: (s) => (s === 200 ? '' : null) },
    ];
  }
  if (api === 'mytarget') {
    const auth = { authorization: 'Bearer bench' };
    const get = (loc: string): StepRequest => ({ method: 'GET', path: loc, headers: auth });
    return [
      { request: () => get(MYTARGET_SUBMIT), response: (s, h) => (s === 202 ? (first(h.location) ?? null) : null) },
      { request: get, response: (s, _h, _b, loc) => (s === 200 ? loc : null) },
      { request: get, response: (s, h) => (s === 303 ? (first(h.location) ?? null) : null) },
      { request: get, response: (s, _h, _b, loc) => (s === 200 ? loc : null) },
    ];
  }
  const auth = { authorization: 'OAuth bench' };
  const idOf = (body: string) => /"id":"([^"]+)"/.exec(body)?.[1] ?? null;
  return [
    {
      request: () => ({ method: 'POST', path: '/toloka/api/v1/tasks?async_mode=true', headers: { ...auth, 'content-type': 'application/json' }, body: TOLOKA_TASK }),
      response: (s, _h, b) => (s === 202 ? idOf(b) : null),
    },
    { request: (id) => ({ method: 'GET', path: `/toloka/api/v1/operations/${id}`, headers: auth }), response: (s, _h, _b, id) => (s === 200 ? id : null) },
    {
      request: (id) => ({ method: 'GET', path: `/toloka/api/v1/operations/${id}`, headers: auth }),
      response: (s, _h, b, id) => (s === 200 && b.includes('"status":"SUCCESS"') ? id : null),
    },
    { request: (id) => ({ method: 'GET', path: `/toloka/api/v1/operations/${id}/log`, headers: auth }), response: (s, _h, _b, id) => (s === 200 ? id : null) },
  ];
}
