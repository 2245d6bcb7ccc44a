/** The client report's AppMetrica rules: a client that breaks each, and the official loader's ways that do not. */
import { expect, onTestFinished, test } from 'vitest';
import { createTestStand, expectCleanClient, type TestStand } from 'async-stand/testing';

const Q = 'application_id=1111&date_since=2026-01-01&date_until=2026-01-01&fields=event_name';
const URL1 = `/appmetrica/logs/v1/export/events.json?${Q}`;

async function stand(appmetrica: Record<string, unknown> = {}): Promise<TestStand> {
  const t = await createTestStand();
  onTestFinished(t.close);
  t.stand.activateScenario({ version: 1, appmetrica: { preparation: 60_000, ...appmetrica } });
  return t;
}

const get = (t: TestStand, url: string, headers: Record<string, string> = {}) => t.inject({ url, headers: { authorization: 'OAuth client', ...headers } });
const codes = (t: TestStand) => t.stand.report({ token: 'client' }).clients.flatMap((c) => c.findings.map((f) => f.code));

test('the official loader: no-cache on the first request only, a poll every 10 s, one gzip download: no finding', async () => {
  const t = await stand();
  const gzip = { 'accept-encoding': 'gzip' };
  expect((await get(t, URL1, { 'cache-control': 'no-cache', ...gzip })).statusCode).toBe(202);
  let status = 202;
  while (status === 202) {
    t.advance(10_000);
    status = (await get(t, URL1, gzip)).statusCode;
  }
  expect(status).toBe(200);
  expect(codes(t)).toEqual([]);
  expectCleanClient(t.stand, { token: 'client' });
});

test('no-cache on every poll, polls every second, the file downloaded three times: three findings with evidence', async () => {
  const t = await stand();
  for (let i = 0; i < 5; i++) {
    await get(t, URL1, { 'cache-control': 'no-cache' });
    t.advance(1_000);
  }
  t.advance(60_000);
  for (let i = 0; i < 3; i++) expect((await get(t, URL1)).statusCode).toBe(200);
  const report = t.stand.report({ api: 'appmetrica', token: 'client' });
  const findings = report.clients[0]!.findings;
  expect(findings.map((f) => f.code).sort()).toEqual(['APPMETRICA_FILE_DOWNLOADED_AGAIN', 'APPMETRICA_NO_CACHE_EVERY_POLL', 'APPMETRICA_POLLING_TOO_FAST']);
  const noCache = findings.find((f) => f.code === 'APPMETRICA_NO_CACHE_EVERY_POLL')!;
  expect(noCache).toMatchObject({ severity: 'error', token: expect.stringMatching(/^cl…\(\w{4}\)$/) });
  expect(noCache.evidence.map((e) => [e.seq, e.at])).toEqual([
    [1, '2026-01-01T00:00:00.000Z'],
    [2, '2026-01-01T00:00:01.000Z'],
    [3, '2026-01-01T00:00:02.000Z'],
    [4, '2026-01-01T00:00:03.000Z'],
    [5, '2026-01-01T00:00:04.000Z'],
  ]);
  expect(noCache.source.says).toContain('Cache-Control: no-cache');
  expect(() => expectCleanClient(t.stand, { token: 'client' })).toThrow(/client cl…\(\w{4}\) has 3 findings:\n {2}ERROR APPMETRICA_NO_CACHE_EVERY_POLL \(appmetrica\): 5 of 8 requests for/);
});

test('a large export without Accept-Encoding: gzip is a finding; with it, none (threshold gzipRows)', async () => {
  const t = await stand({ preparation: 1_000, report: { gzipRows: 100 } });
  await get(t, URL1);
  t.advance(2_000);
  expect((await get(t, URL1)).statusCode).toBe(200);
  expect(codes(t)).toEqual(['APPMETRICA_LARGE_EXPORT_WITHOUT_GZIP']);
  const fixed = await stand({ preparation: 1_000, report: { gzipRows: 100 } });
  await get(fixed, URL1, { 'accept-encoding': 'gzip' });
  fixed.advance(2_000);
  await get(fixed, URL1, { 'accept-encoding': 'gzip' });
  expect(codes(fixed)).toEqual([]);
});

test('more exports than the queue allows, and the 429 retried at once: two findings; a client that waits gets none', async () => {
  const t = await stand({ maxQueuedPerApp: 2 });
  for (const day of ['01', '02', '03']) await get(t, URL1.replaceAll('2026-01-01', `2026-01-${day}`));
  await get(t, URL1.replaceAll('2026-01-01', '2026-01-03'));
  expect(codes(t).sort()).toEqual(['APPMETRICA_QUEUE_QUOTA_EXCEEDED', 'APPMETRICA_RETRIED_UNCHANGED']);
  const patient = await stand({ maxQueuedPerApp: 2 });
  for (const day of ['01', '02']) await get(patient, URL1.replaceAll('2026-01-01', `2026-01-${day}`));
  expect(codes(patient)).toEqual([]);
});

test('"Try to use more parts." retried unchanged is a finding; split into parts, none', async () => {
  const t = await stand({ maxRowsPerPart: 10 });
  expect((await get(t, URL1)).statusCode).toBe(400);
  await get(t, URL1);
  expect(codes(t)).toEqual(['APPMETRICA_RETRIED_UNCHANGED']);
  const split = await stand({ maxRowsPerPart: 10 });
  await get(split, URL1);
  await get(split, `${URL1}&parts_count=4&part_number=0`);
  expect(codes(split)).toEqual([]);
});
