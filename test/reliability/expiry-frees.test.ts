/**
 * Expired results leave memory: what the stand still holds after expiry is bounded (the last
 * 1,000 finished jobs per API, for the admin API), whatever the number of jobs that ran.
 * (RSS after 100,000 and 1,000,000 expired jobs is measured in bench/, not asserted here.)
 */
import { expect, onTestFinished, test } from 'vitest';
import { createTestStand } from '../../src/testing/index.js';

test('3,000 async calls and exports complete and expire: the stand keeps only the last 1,000 of each, results gone', async () => {
  const t = await createTestStand({ scenario: 'expiry' });
  onTestFinished(t.close);
  t.stand.activateScenario({ version: 1, mytarget: { concurrency: 50, enqueued: 0, execution: 1, resultTtlMs: 60_000 }, appmetrica: { fileTtlMs: 60_000, preparation: 0, maxQueuedPerApp: 100_000 } });
  const first = await t.inject({ url: '/mytarget/async_api/v2/user.json', headers: { authorization: 'Bearer many' } });
  for (let i = 1; i < 3_000; i++) await t.inject({ url: '/mytarget/async_api/v2/user.json', headers: { authorization: 'Bearer many' } });
  for (let i = 0; i < 3_000; i++) {
    await t.inject({ url: `/appmetrica/logs/v1/export/events.csv?application_id=1111&date_since=2026-01-01&date_until=2026-01-01&fields=event_name&limit=${i + 1}`, headers: { authorization: 'OAuth many' } });
  }
  t.advance(60_000 + 1_000);
  t.advance(120_000);
  const mt = t.stand.jobs({ api: 'mytarget' });
  const am = t.stand.jobs({ api: 'appmetrica' });
  expect(mt).toHaveLength(1_000);
  expect(am).toHaveLength(1_000);
  expect(new Set(mt.map((j) => j.state))).toEqual(new Set(['expired']));
  expect(new Set(am.map((j) => j.state))).toEqual(new Set(['expired']));
  const gone = await t.inject({ url: String(first.headers.location).replace('requests', 'responses'), headers: { authorization: 'Bearer many' } });
  expect(gone.statusCode).toBe(404);
});
