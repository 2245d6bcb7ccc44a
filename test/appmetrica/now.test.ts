/** No rows from the future: an export holds the rows the server had received when it was asked for. */
import { expect, onTestFinished, test } from 'vitest';
import { HOUR, stand } from '../helpers.js';
import { exportUrl, get, ready } from './helpers.js';

async function t0() {
  const t = await stand();
  onTestFinished(t.close);
  return t;
}

type Row = { event_datetime: string; event_receive_timestamp: string };
const rowsOf = (body: string) => (JSON.parse(body) as { data: Row[] }).data;
const TODAY = { date_since: '2026-01-01 00:00:00', date_until: '2026-01-01 23:59:59', fields: 'event_datetime,event_receive_timestamp' };

test('a range past the stand\'s "now" holds no row received after now (it held the whole day)', async () => {
  const t = await t0();
  t.advance(7 * HOUR); // 2026-01-01 07:00 UTC, 10:00 in Moscow, the app's zone
  const asked = t.stand.now();
  const res = await ready(t, exportUrl(TODAY));
  const rows = rowsOf(res.body);
  // 10 of the day's 24 hours of 20,000 events, less the last rows not received yet.
  expect(rows.length).toBeGreaterThan(8_300);
  expect(rows.length).toBeLessThanOrEqual(Math.ceil((20_000 * 10) / 24));
  expect(rows.filter((r) => Number(r.event_receive_timestamp) * 1000 > asked)).toEqual([]);
  expect(rows.at(-1)!.event_datetime >= '2026-01-01 09:55:00').toBe(true);
  // A range wholly in the future holds nothing; the estimate says so (no "Try to use more parts.").
  const next = await ready(t, exportUrl({ ...TODAY, date_since: '2026-06-01', date_until: '2026-12-31' }));
  expect(rowsOf(next.body)).toEqual([]);
});

test('an export of today grows as the day passes on the stand clock; the file already made stays as it was', async () => {
  const t = await t0();
  t.advance(7 * HOUR);
  const url = exportUrl(TODAY, 'events.csv');
  const morning = await ready(t, url); // asked at 10:00 Moscow, downloaded at 11:00
  t.advance(4 * HOUR);
  const again = await get(t, url);
  expect(again.statusCode).toBe(200);
  expect(again.body).toBe(morning.body);
  const afternoon = await ready(t, url, { 'cache-control': 'no-cache' });
  const lines = (text: string) => text.split('\n');
  expect(lines(afternoon.body).length).toBeGreaterThan(lines(morning.body).length + 3_000);
  // Every row of the morning file is in the afternoon's (the same rows, and those received since).
  const later = new Set(lines(afternoon.body));
  expect(lines(morning.body).filter((l) => !later.has(l))).toEqual([]);
});

test('a range wholly in the past gives the same bytes whenever it is asked for', async () => {
  const t = await t0();
  const url = exportUrl({ limit: '300' });
  const first = await ready(t, url);
  t.advance(30 * 24 * HOUR);
  const later = await ready(t, url, { 'cache-control': 'no-cache' });
  expect(later.body).toBe(first.body);
});

test('receive time decides: with date_dimension=receive the range ends at now too', async () => {
  const t = await t0();
  t.advance(7 * HOUR);
  const asked = t.stand.now();
  const rows = rowsOf((await ready(t, exportUrl({ ...TODAY, date_dimension: 'receive' }))).body);
  expect(rows.length).toBeGreaterThan(8_300);
  expect(rows.filter((r) => Number(r.event_receive_timestamp) * 1000 > asked)).toEqual([]);
});
