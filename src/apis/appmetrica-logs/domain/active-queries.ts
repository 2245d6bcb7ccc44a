import type { ExportJob } from '../model.js';
import type { TableName } from './tables.js';
import { TimeZone } from './time-zone.js';

/**
 * GET /logs/v1/export/get_active_queries: the application's exports not yet ready, as the docs
 * list them (en/mobile-api/logs/request-list, "List of active export requests"; newer than the
 * reference the rest of the API was built from): `entity` the table's number, `output_format`
 * 0 for CSV (and 1 for JSON, which the docs' cut-off list implies), `status` 0 (the docs' example,
 * with progress under way; what other numbers mean is not published: the stand lists only
 * exports queued or being prepared, all 0), `total_progress` a fraction, `request_id` a string
 * of 18 digits (the id a cancel names), `create_time` the app's local time as its rows have it.
 */

/** The docs' `entity` numbers (8 is "deprecated, not used"; 11, notifications, is no table of the stand). */
const ENTITY: Readonly<Record<TableName, number>> = {
  clicks: 0,
  installations: 1,
  events: 2,
  postbacks: 3,
  errors: 4,
  crashes: 5,
  push_tokens: 6,
  sessions_starts: 7,
  deeplinks: 9,
  revenue_events: 10,
  profiles_v2: 12,
  ad_revenue_events: 13,
  ecommerce_events: 14,
};

/** The query's parameters in the docs' example order (application_id, dates, date_dimension, fields), then the rest sorted. */
const LEADING = ['application_id', 'date_since', 'date_until', 'date_dimension', 'fields'];

export interface ActiveQuery {
  application_id: number;
  create_time: string;
  entity: number;
  output_format: number;
  request_id: string;
  query: string;
  status: number;
  total_progress: number;
  total_rows_loaded: number;
  shards_unavailable: number;
}

/** An export's request id: 18 digits drawn from its job id (the docs' example is 18 digits). */
export function requestIdOf(job: ExportJob): string {
  return ((BigInt(`0x${job.id}`) % 900_000_000_000_000_000n) + 100_000_000_000_000_000n).toString();
}

/** The request's query text: its parameters as sent (ExportRequest.key), date_dimension filled in. */
function queryText(job: ExportJob): string {
  const params = new Map<string, string>();
  for (const pair of job.key.slice(job.key.indexOf('?') + 1).split('&')) {
    const eq = pair.indexOf('=');
    if (eq > 0) params.set(pair.slice(0, eq), pair.slice(eq + 1).replace(/%26/g, '&').replace(/%25/g, '%'));
  }
  if (!params.has('date_dimension')) params.set('date_dimension', job.spec.dateDimension);
  const names = [...LEADING.filter((n) => params.has(n)), ...[...params.keys()].filter((n) => !LEADING.includes(n)).sort()];
  return names.map((n) => `${n}=${params.get(n)!}`).join('&');
}

/** One export not yet ready, as the list shows it; `fraction` of its preparation's time gone by. */
export function activeQuery(job: ExportJob, fraction: number): ActiveQuery {
  // Never 1 while it is listed (as the 202's percent stops at 99), to six places as in the docs' example.
  const progress = Math.max(0, Math.min(0.99, Math.round(fraction * 1e6) / 1e6));
  return {
    application_id: job.spec.app.id,
    create_time: new TimeZone(job.spec.app.timeZone).format(job.createdAt),
    entity: ENTITY[job.spec.table],
    output_format: job.spec.format === 'csv' ? 0 : 1,
    request_id: requestIdOf(job),
    query: queryText(job),
    status: 0,
    total_progress: progress,
    total_rows_loaded: Math.floor(job.rows * progress),
    shards_unavailable: 0,
  };
}
