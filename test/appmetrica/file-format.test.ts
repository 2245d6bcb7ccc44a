import { gunzipSync } from 'node:zlib';
import { expect, onTestFinished, test } from 'vitest';
import { HOUR, stand } from '../helpers.js';
import { exportUrl, get, ready } from './helpers.js';

async function t0() {
  const t = await stand();
  onTestFinished(t.close);
  return t;
}

test('gzip when asked: Content-Encoding gzip and the same rows', async () => {
  const t = await t0();
  const url = exportUrl();
  const plain = await ready(t, url);
  const gz = await t.inject({ url, headers: { authorization: 'OAuth test-token', 'accept-encoding': 'gzip' } });
  expect(gz.statusCode).toBe(200);
  expect(gz.headers['content-encoding']).toBe('gzip');
  expect(gunzipSync(gz.rawPayload).toString('utf8')).toBe(plain.body);
  expect(plain.headers['content-encoding']).toBeUndefined();
});

test('the poll texts (202) are never gzipped', async () => {
  const t = await t0();
  const res = await t.inject({ url: exportUrl(), headers: { authorization: 'OAuth test-token', 'accept-encoding': 'gzip' } });
  expect(res.statusCode).toBe(202);
  expect(res.headers['content-encoding']).toBeUndefined();
});

test('a small ready file (under 1 KiB) is gzipped when the client takes gzip (it was sent plain), and sent whole', async () => {
  // The docs: "To get compressed data, send the HTTP Accept-Encoding: gzip header" (request-procedure.md), whatever the size.
  const t = await t0();
  const url = exportUrl({ limit: '10' }, 'events.csv');
  const plain = await ready(t, url);
  expect(Buffer.byteLength(plain.body)).toBeLessThan(1024);
  expect(plain.headers['content-encoding']).toBeUndefined();
  expect(plain.headers['content-length']).toBe(String(Buffer.byteLength(plain.body)));
  expect(plain.body.split('\n')).toHaveLength(11);
  for (let i = 0; i < 2; i++) {
    const res = await get(t, url, { 'accept-encoding': 'gzip' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.headers.vary).toBe('accept-encoding');
    expect(res.headers['content-length']).toBe(String(res.rawPayload.length));
    expect(gunzipSync(res.rawPayload).toString('utf8')).toBe(plain.body);
    // The journal shows the gzipped answer as the client reads it, with the length sent.
    const entry = t.stand.requests({ status: 200 }).at(-1)!;
    expect(entry.response.headers['content-encoding']).toBe('gzip');
    expect(entry.response.headers['content-length']).toBe(String(res.rawPayload.length));
    expect(entry.response.body).toBe(plain.body);
  }
  const refused = await get(t, url, { 'accept-encoding': 'gzip;q=0, identity' });
  expect(refused.headers['content-encoding']).toBeUndefined();
  expect(refused.body).toBe(plain.body);
});

test('a large export (streamed, 20,000 rows) is still gzipped when accepted', async () => {
  const t = await t0();
  const url = exportUrl({}, 'events.csv');
  const plain = await ready(t, url);
  expect(plain.body.split('\n')).toHaveLength(20_001);
  const gz = await get(t, url, { 'accept-encoding': 'gzip' });
  expect(gz.headers['content-encoding']).toBe('gzip');
  expect(gunzipSync(gz.rawPayload).toString('utf8')).toBe(plain.body);
});

test('Accept-Encoding is read as HTTP says: q-values, "*", x-gzip, any case; X-No-Compression and other codings get the plain file', async () => {
  const t = await t0();
  // 100 rows: a file sent whole (over 1 KiB); 20,000 rows: a streamed one.
  for (const limit of ['100', '20000']) {
    const url = exportUrl({ limit }, 'events.csv');
    const plain = await ready(t, url);
    expect(Buffer.byteLength(plain.body)).toBeGreaterThan(1024);
    for (const accept of ['gzip', 'GZIP', 'deflate, gzip;q=0.5', 'x-gzip', '*', 'br;q=1, gzip;q=0.1']) {
      const res = await get(t, url, { 'accept-encoding': accept });
      expect(res.headers['content-encoding'], `${limit} rows, Accept-Encoding: ${accept}`).toBe('gzip');
      expect(res.headers.vary).toBe('accept-encoding');
      expect(gunzipSync(res.rawPayload).toString('utf8')).toBe(plain.body);
      if (limit === '100') expect(res.headers['content-length']).toBe(String(res.rawPayload.length));
    }
    const refused: Record<string, string>[] = [{ 'accept-encoding': 'gzip;q=0' }, { 'accept-encoding': 'br' }, { 'accept-encoding': 'identity' }, { 'accept-encoding': 'gzip', 'x-no-compression': '1' }];
    for (const headers of refused) {
      const res = await get(t, url, headers);
      expect(res.headers['content-encoding'], `${limit} rows, ${JSON.stringify(headers)}`).toBeUndefined();
      expect(res.body).toBe(plain.body);
    }
  }
});

test('content types as the real API sends them: text/plain texts, application/json and text/csv files (they all carried a charset)', async () => {
  // 202 and 429: the docs' "Content-Type: text/plain"; JSON: a third party's record of a real answer; CSV: a guess (README).
  const t = await t0();
  const json = exportUrl({ limit: '1' });
  const queued = await get(t, json);
  expect([queued.statusCode, queued.headers['content-type']]).toEqual([202, 'text/plain']);
  const error = await get(t, exportUrl({ limit: '0' }));
  expect([error.statusCode, error.headers['content-type']]).toEqual([400, 'text/plain']);
  expect((await ready(t, json)).headers['content-type']).toBe('application/json');
  expect((await ready(t, exportUrl({ limit: '1' }, 'events.csv'))).headers['content-type']).toBe('text/csv');
});

test('CSV: header in fields order, RFC 4180 quoting, no BOM by default', async () => {
  const t = await t0();
  const res = await ready(t, exportUrl({ fields: 'os_name,event_name,event_json', limit: '200' }, 'events.csv'));
  expect(res.headers['content-type']).toBe('text/csv');
  const lines = res.body.split('\n');
  expect(lines[0]).toBe('os_name,event_name,event_json');
  expect(lines).toHaveLength(201);
  expect(res.body.charCodeAt(0)).not.toBe(0xfeff);
  // the fixture has an event name with a comma and quotes, and event_json holds quotes
  expect(res.body).toContain('"share, with ""quotes"""');
  expect(lines[1]).toMatch(/^(android|ios),[^,]+|"[^"]*(""[^"]*)*",/);
  for (const line of lines.slice(1)) expect(line).toMatch(/,"\{""screen"":""\w+"",""value"":""\d+""\}"$/);
});

test('use_utf8_bom=true starts the file with a UTF-8 BOM', async () => {
  const t = await t0();
  const res = await ready(t, exportUrl({ use_utf8_bom: 'true', limit: '1' }, 'events.csv'));
  expect([...res.rawPayload.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  expect(res.rawPayload.subarray(3).toString('utf8').split('\n')[0]).toBe('event_name,event_datetime,os_name');
});

test('JSON: every value is a string, keys in fields order, empty values are ""', async () => {
  const t = await t0();
  const fields = 'application_id,event_timestamp,ios_ifa,google_aid,appmetrica_device_id,mcc';
  const res = await ready(t, exportUrl({ fields, limit: '300' }));
  const { data } = JSON.parse(res.body) as { data: Record<string, unknown>[] };
  expect(data).toHaveLength(300);
  for (const row of data) {
    expect(Object.keys(row)).toEqual(fields.split(','));
    for (const v of Object.values(row)) expect(typeof v).toBe('string');
    expect(row.application_id).toBe('1111');
    expect(row.event_timestamp).toMatch(/^\d{10}$/);
    expect(row.ios_ifa === '' || row.google_aid === '').toBe(true);
  }
  expect(data.some((r) => BigInt(r.appmetrica_device_id as string) > 2n ** 63n)).toBe(true);
  expect(res.body.startsWith('{\n"data" :\n[\n{')).toBe(true);
});

test('datetimes are in the app time zone and inside the asked range; date_dimension=receive uses receive time', async () => {
  const t = await t0();
  const fields = 'event_datetime,event_timestamp,event_receive_datetime';
  const res = await ready(t, exportUrl({ fields, date_since: '2025-12-01 10:00:00', date_until: '2025-12-01 10:59:59' }));
  type Row = { event_datetime: string; event_timestamp: string; event_receive_datetime: string };
  const { data } = JSON.parse(res.body) as { data: Row[] };
  expect(data.length).toBeGreaterThan(700);
  for (const row of data) {
    expect(row.event_datetime >= '2025-12-01 10:00:00' && row.event_datetime <= '2025-12-01 10:59:59').toBe(true);
    // Europe/Moscow is UTC+3
    const utc = new Date(Number(row.event_timestamp) * 1000 + 3 * 3_600_000).toISOString().replace('T', ' ').slice(0, 19);
    expect(utc).toBe(row.event_datetime);
  }
  const rec = await ready(t, exportUrl({ fields, date_since: '2025-12-01 10:00:00', date_until: '2025-12-01 10:59:59', date_dimension: 'receive' }));
  const recRows = (JSON.parse(rec.body) as { data: Row[] }).data;
  for (const row of recRows) expect(row.event_receive_datetime >= '2025-12-01 10:00:00' && row.event_receive_datetime <= '2025-12-01 10:59:59').toBe(true);
});

test('equality filters keep only matching rows; limit caps the count', async () => {
  const t = await t0();
  const res = await ready(t, exportUrl({ os_name: 'ios', fields: 'os_name,device_manufacturer' }));
  const { data } = JSON.parse(res.body) as { data: Record<string, string>[] };
  expect(data.length).toBeGreaterThan(5000);
  expect(data.length).toBeLessThan(15000);
  for (const row of data) {
    expect(row.os_name).toBe('ios');
    expect(row.device_manufacturer).toBe('Apple');
  }
  const limited = await ready(t, exportUrl({ os_name: 'android', limit: '7' }));
  const rows = (JSON.parse(limited.body) as { data: Record<string, string>[] }).data;
  expect(rows).toHaveLength(7);
  expect(rows.every((r) => r.os_name === 'android')).toBe(true);
});

test('an over-large range answers 400 "Try to use more parts."; the parts together hold every row once', async () => {
  const t = await stand({ scenario: 'default' });
  onTestFinished(t.close);
  t.stand.activateScenario({ version: 1, appmetrica: { maxRowsPerPart: 15_000 } });
  const res = await t.inject({ url: exportUrl({ fields: 'event_timestamp,session_id' }), headers: { authorization: 'OAuth a' } });
  expect(res.statusCode).toBe(400);
  expect(res.body).toBe('Try to use more parts.');
  const all: string[] = [];
  for (const part of ['0', '1']) {
    const r = await ready(t, exportUrl({ fields: 'event_timestamp,session_id', parts_count: '2', part_number: part }));
    expect(r.statusCode).toBe(200);
    all.push(...(JSON.parse(r.body) as { data: Record<string, string>[] }).data.map((x) => `${x.event_timestamp}/${x.session_id}`));
  }
  expect(all).toHaveLength(20_000);
  expect(new Set(all).size).toBe(all.length);
});

test('push_tokens are exported without a date range, one per device', async () => {
  const t = await t0();
  const url = '/appmetrica/logs/v1/export/push_tokens.json?application_id=1111&fields=token,os_name,token_datetime';
  const res = await ready(t, url);
  expect(res.statusCode).toBe(200);
  const { data } = JSON.parse(res.body) as { data: { token: string }[] };
  expect(data).toHaveLength(5000);
  expect(data[0]!.token.length).toBeGreaterThan(20);
});

test('the same seed gives the same rows; another seed other rows', async () => {
  const a = await stand({ seed: 7 });
  const b = await stand({ seed: 7 });
  const c = await stand({ seed: 8 });
  onTestFinished(async () => {
    await Promise.all([a.close(), b.close(), c.close()]);
  });
  const url = exportUrl({ fields: 'appmetrica_device_id,event_name,event_datetime', limit: '50' });
  const [ra, rb, rc] = [await ready(a, url), await ready(b, url), await ready(c, url)];
  expect(ra.body).toBe(rb.body);
  expect(ra.body).not.toBe(rc.body);
});

// --- No rows from the future: an export holds the rows the server had received when it was asked for.

type Received = { event_datetime: string; event_receive_timestamp: string };
const receivedRows = (body: string) => (JSON.parse(body) as { data: Received[] }).data;
const TODAY = { date_since: '2026-01-01 00:00:00', date_until: '2026-01-01 23:59:59', fields: 'event_datetime,event_receive_timestamp' };

test('a range past the stand\'s "now" holds no row received after now (it held the whole day)', async () => {
  const t = await t0();
  t.advance(7 * HOUR); // 2026-01-01 07:00 UTC, 10:00 in Moscow, the app's zone
  const asked = t.stand.now();
  const res = await ready(t, exportUrl(TODAY));
  const rows = receivedRows(res.body);
  // 10 of the day's 24 hours of 20,000 events, less the last rows not received yet.
  expect(rows.length).toBeGreaterThan(8_300);
  expect(rows.length).toBeLessThanOrEqual(Math.ceil((20_000 * 10) / 24));
  expect(rows.filter((r) => Number(r.event_receive_timestamp) * 1000 > asked)).toEqual([]);
  expect(rows.at(-1)!.event_datetime >= '2026-01-01 09:55:00').toBe(true);
  // A range wholly in the future holds nothing; the estimate says so (no "Try to use more parts.").
  const next = await ready(t, exportUrl({ ...TODAY, date_since: '2026-06-01', date_until: '2026-12-31' }));
  expect(receivedRows(next.body)).toEqual([]);
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
  const rows = receivedRows((await ready(t, exportUrl({ ...TODAY, date_dimension: 'receive' }))).body);
  expect(rows.length).toBeGreaterThan(8_300);
  expect(rows.filter((r) => Number(r.event_receive_timestamp) * 1000 > asked)).toEqual([]);
});
