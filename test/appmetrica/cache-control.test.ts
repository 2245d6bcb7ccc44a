import { expect, onTestFinished, test } from 'vitest';
import { stand } from '../helpers.js';
import { PREP_ONE_DAY, exportUrl, get } from './helpers.js';

async function readyFile() {
  const t = await stand();
  onTestFinished(t.close);
  const url = exportUrl();
  await get(t, url);
  t.advance(PREP_ONE_DAY);
  expect((await get(t, url)).statusCode).toBe(200);
  return { t, url };
}

test('no Cache-Control: the last file is served', async () => {
  const { t, url } = await readyFile();
  t.advance(3_600_000);
  expect((await get(t, url)).statusCode).toBe(200);
});

test('Cache-Control: no-cache forces a new file', async () => {
  const { t, url } = await readyFile();
  const fresh = await get(t, url, { 'cache-control': 'no-cache' });
  expect(fresh.statusCode).toBe(202);
  expect(fresh.body).toBe('Your query is added to the queue.');
  t.advance(PREP_ONE_DAY);
  expect((await get(t, url)).statusCode).toBe(200);
  expect(t.stand.jobs({ api: 'appmetrica' }).map((j) => j.state)).toEqual(['replaced', 'ready']);
});

test('no-cache while the export is still preparing does not restart it', async () => {
  const t = await stand();
  onTestFinished(t.close);
  const url = exportUrl();
  await get(t, url, { 'cache-control': 'no-cache' });
  t.advance(2_000);
  const poll = await get(t, url, { 'cache-control': 'no-cache' });
  expect(poll.statusCode).toBe(202);
  expect(poll.body).toMatch(/^Wait for result/);
  t.advance(PREP_ONE_DAY - 2_000);
  expect((await get(t, url)).statusCode).toBe(200);
  expect(t.stand.jobs({ api: 'appmetrica' })).toHaveLength(1);
});

test('a client sending no-cache on every poll gets the file it asked for, once', async () => {
  const t = await stand();
  onTestFinished(t.close);
  const url = exportUrl();
  const nc = { 'cache-control': 'no-cache' };
  expect((await get(t, url, nc)).statusCode).toBe(202);
  t.advance(PREP_ONE_DAY);
  expect((await get(t, url, nc)).statusCode).toBe(200);
  expect((await get(t, url, nc)).statusCode).toBe(202); // a downloaded file is not new any more
});

test('Cache-Control: max-age=N serves a file at most N seconds old, else makes a new one', async () => {
  const { t, url } = await readyFile();
  t.advance(59_000);
  expect((await get(t, url, { 'cache-control': 'max-age=60' })).statusCode).toBe(200);
  t.advance(1_000);
  expect((await get(t, url, { 'cache-control': 'max-age=60' })).statusCode).toBe(200);
  t.advance(1_000);
  const stale = await get(t, url, { 'cache-control': 'max-age=60' });
  expect(stale.statusCode).toBe(202);
  expect(stale.body).toBe('Your query is added to the queue.');
});

test('a small file downloaded again, and the same query exported anew, are the same bytes (in any header order and case of Cache-Control)', async () => {
  const { t, url } = await readyFile();
  const small = exportUrl({ limit: '7' }, 'events.csv');
  await get(t, small);
  t.advance(PREP_ONE_DAY);
  const first = await get(t, small);
  expect(first.statusCode).toBe(200);
  expect(first.body.split('\n')).toHaveLength(8);
  expect((await get(t, small)).body).toBe(first.body);
  // A new export of the same query (the old file was downloaded): queued, then the same rows.
  expect((await get(t, small, { 'cache-control': 'No-Cache' })).statusCode).toBe(202);
  t.advance(PREP_ONE_DAY);
  const again = await get(t, small, { 'cache-control': 'max-age=60, no-cache' });
  expect(again.statusCode).toBe(200);
  expect(again.body).toBe(first.body);
  // The same parameters in another order are the identical request: its file, not a new export.
  const reordered = `/appmetrica/logs/v1/export/events.csv?${new URLSearchParams([...new URL(small, 'http://x').searchParams].reverse()).toString()}`;
  expect((await get(t, reordered)).body).toBe(first.body);
  expect(t.stand.jobs({ api: 'appmetrica' }).map((j) => j.state)).toEqual(['ready', 'replaced', 'ready']);
  expect((await get(t, url)).statusCode).toBe(200);
});
