import type { TestStand } from '../../src/testing/index.js';

export const AUTH = { authorization: 'OAuth test-token' };

/** An export URL on the main listener for app 1111's events on one day, a month before the test clock's start (2026-01-01T00:00Z). */
export function exportUrl(params: Record<string, string> = {}, resource = 'events.json'): string {
  const q = new URLSearchParams({
    application_id: '1111',
    date_since: '2025-12-01 00:00:00',
    date_until: '2025-12-01 23:59:59',
    fields: 'event_name,event_datetime,os_name',
    ...params,
  });
  return `/appmetrica/logs/v1/export/${resource}?${q.toString()}`;
}

export async function get(t: TestStand, url: string, headers: Record<string, string> = {}) {
  return t.inject({ method: 'GET', url, headers: { ...AUTH, ...headers } });
}

/** Requests until ready: first 202, then advances the clock an hour and expects 200. */
export async function ready(t: TestStand, url: string, headers: Record<string, string> = {}) {
  const first = await get(t, url, headers);
  if (first.statusCode !== 202) throw new Error(`expected 202, got ${first.statusCode}: ${first.body}`);
  t.advance(3_600_000);
  return get(t, url, headers);
}

/** Preparation of one day of app 1111's events in the default scenario: 3 s + 20,000 rows at 1,000,000 rows/s. */
export const PREP_ONE_DAY = 3_020;

/** RFC 4180 CSV (quoted cells may hold commas, quotes doubled, line breaks) into rows of cells. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  row.push(cell);
  rows.push(row);
  return rows;
}

