/**
 * A restart from --state-file gives back the request journal as it was, exchanges included, and
 * the reads that changed something: before, restored entries came back without headers, bodies
 * or latency (the client report then read other requests than it had: a no-cache sent on every
 * poll went unseen), an AppMetrica download was not kept (after a restart a no-cache request
 * got the old file instead of a new one), neither was a read counted by AppMetrica's request
 * quotas, nor the read that took a scripted export failure (answered again after a restart).
 */
import { gzipSync } from 'node:zlib';
import { expect, test } from 'vitest';
import type { RunningStand } from '../../src/server.js';
import { call, snapshot, start, stateFile } from './state-helpers.js';

const AM = { authorization: 'OAuth restart', 'accept-encoding': 'gzip', 'cache-control': 'no-cache' };
const EXPORT = '/appmetrica/logs/v1/export/events.json?application_id=1111&date_since=2026-01-01&date_until=2026-01-01&fields=event_name&limit=3';
const TL = { authorization: 'OAuth restart', 'content-type': 'application/json' };
const MT = { authorization: 'Bearer restart' };

async function get(r: RunningStand, path: string): Promise<unknown> {
  const res = await call(r, path);
  expect(res.status, `GET ${path}: ${res.body}`).toBe(200);
  return JSON.parse(res.body);
}

test('journal-after-restart: the journal comes back with every exchange, and the client report reads the same requests', async () => {
  const file = stateFile();
  const first = await start({ stateFile: file });
  // AppMetrica: no-cache on every poll (a report finding read from request headers), gzip answers.
  for (let i = 0; i < 4; i++) {
    await call(first, EXPORT, { headers: AM });
    first.advance(60_000);
    await first.settle();
  }
  // Toloka: a JSON body kept parsed; a gzipped body; an unknown path (404, route "unmatched").
  await call(first, '/toloka/api/v1/tasks?async_mode=true', { method: 'POST', headers: TL, body: JSON.stringify([{ pool_id: '1', overlap: 1, input_values: { image: 'https://example.com/ж.png' } }]) });
  await call(first, '/toloka/api/v1/tasks?async_mode=true', { method: 'POST', headers: { ...TL, 'content-encoding': 'gzip' }, body: gzipSync(JSON.stringify([{ pool_id: '1', input_values: { image: 'x' } }])) });
  await call(first, '/toloka/api/v1/no-such-thing', { headers: TL });
  // myTarget: an update (204: Fastify drops its content-type after the journal saw it), an async call and its polls.
  await call(first, '/mytarget/api/v2/campaigns/6617841.json', { method: 'POST', headers: { ...MT, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'x' }) });
  await call(first, '/mytarget/async_api/v2/user.json', { headers: MT });
  first.advance(60_000);
  await first.settle();
  await call(first, '/mytarget/async_api/v2/requests/1.json', { headers: MT });

  const journal = await get(first, '/_stand/journal/requests?limit=1000');
  const report = await get(first, '/_stand/report');
  const state = await snapshot(first);
  expect(JSON.stringify(report)).toContain('APPMETRICA_NO_CACHE_EVERY_POLL');
  await first.close();

  const second = await start({ stateFile: file });
  expect(await get(second, '/_stand/journal/requests?limit=1000')).toEqual(journal);
  expect(await get(second, '/_stand/report')).toEqual(report);
  expect(await snapshot(second)).toEqual(state);
});

test('journal-after-restart: a download is kept, so no-cache after it still makes a new file after a restart', async () => {
  const file = stateFile();
  const first = await start({ stateFile: file });
  const plain = { authorization: 'OAuth restart' };
  await call(first, EXPORT, { headers: plain });
  first.advance(60_000);
  await first.settle();
  expect((await call(first, EXPORT, { headers: plain })).status).toBe(200); // downloaded once
  await first.close();

  const second = await start({ stateFile: file });
  // The file was downloaded: no-cache asks for a new one (202), not the old file again (200).
  expect((await call(second, EXPORT, { headers: { ...plain, 'cache-control': 'no-cache' } })).status).toBe(202);
  const jobs = (await get(second, '/_stand/jobs')) as { items: { state: string; detail: { downloads: number } }[] };
  // The old file stays until the new one is ready.
  expect(jobs.items.map((j) => [j.state, j.detail.downloads])).toEqual([
    ['ready', 1],
    ['preparing', 0],
  ]);
});

test('journal-after-restart: reads counted by AppMetrica request quotas still count after a restart', async () => {
  const file = stateFile();
  const first = await start({ stateFile: file });
  const put = await call(first, '/_stand/scenario', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ scenario: { version: 1, appmetrica: { quotas: { requestsPerDay: 3 } } } }) });
  expect(put.status).toBe(200);
  const plain = { authorization: 'OAuth restart' };
  await call(first, EXPORT, { headers: plain }); // queues the export (kept anyway)
  await call(first, EXPORT, { headers: plain }); // a poll that changed nothing but the quota
  await first.close();

  const second = await start({ stateFile: file });
  expect((await call(second, EXPORT, { headers: plain })).status).toBe(202); // the third of 3
  const over = await call(second, EXPORT, { headers: plain });
  expect(over.status).toBe(429);
  expect(over.body).toContain('more than 3 requests per day');
});

test('journal-after-restart: a scripted export failure answered before a restart is not answered again after it', async () => {
  const file = stateFile();
  const first = await start({ stateFile: file });
  const plain = { authorization: 'OAuth restart' };
  const queued = await call(first, '/_stand/scenario/queue', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ api: 'appmetrica', rule: { action: { type: 'fail', status: 500, message: 'Internal error, try again' } } }) });
  expect(queued.status).toBe(201);
  await call(first, EXPORT, { headers: plain });
  first.advance(60_000);
  await first.settle();
  expect((await call(first, EXPORT, { headers: plain })).status).toBe(500); // the failure, once
  await first.close();

  const second = await start({ stateFile: file });
  const next = await call(second, EXPORT, { headers: plain });
  expect([next.status, next.body]).toEqual([202, 'Your query is added to the queue.']);
});

test('journal-after-restart: accounts first seen by a read come back in the same order (jobs list, and the crowd visits accounts in it)', async () => {
  const file = stateFile();
  const first = await start({ stateFile: file });
  const tl = (token: string) => ({ authorization: `OAuth ${token}`, 'content-type': 'application/json' });
  await call(first, '/toloka/api/v1/requester', { headers: tl('t3') }); // t3's account is made by a read
  await call(first, '/toloka/api/v1/user-bonuses?async_mode=true', { method: 'POST', headers: tl('t1'), body: JSON.stringify([{ user_id: 'ec00d2407f7241258d0faba610110d95', amount: 1, public_title: { EN: 'b' }, public_message: { EN: 'm' } }]) });
  await call(first, '/toloka/api/v1/tasks?async_mode=true', { method: 'POST', headers: tl('t3'), body: JSON.stringify([{ pool_id: '1', overlap: 1, input_values: { image: 'https://example.com/a.png' } }]) });
  const jobs = await get(first, '/_stand/jobs');
  await first.close();

  const second = await start({ stateFile: file });
  expect(await get(second, '/_stand/jobs')).toEqual(jobs);
});

