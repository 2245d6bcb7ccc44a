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
