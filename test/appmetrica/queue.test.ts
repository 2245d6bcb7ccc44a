import { expect, onTestFinished, test } from 'vitest';
import { stand } from '../helpers.js';
import { AUTH, PREP_ONE_DAY, exportUrl, get } from './helpers.js';

test('identical requests share one export, whatever the order of their parameters', async () => {
  const t = await stand();
  onTestFinished(t.close);
  const a = await get(t, '/appmetrica/logs/v1/export/events.json?application_id=1111&date_since=2025-12-01&date_until=2025-12-01&fields=event_name');
  const b = await get(t, '/appmetrica/logs/v1/export/events.json?fields=event_name&date_until=2025-12-01&application_id=1111&date_since=2025-12-01');
  expect(a.body).toBe('Your query is added to the queue.');
  expect(b.statusCode).toBe(202);
  expect(b.body).toMatch(/^Wait for result\. Progress is \d+%\.$/);
  expect(t.stand.jobs({ api: 'appmetrica' })).toHaveLength(1);
});

test('progress rises while the export prepares', async () => {
  const t = await stand({ scenario: 'default' });
  onTestFinished(t.close);
  const url = exportUrl({ date_until: '2025-12-31 23:59:59' }); // 620,000 rows: 3 s + 0.62 s
  await get(t, url);
  const [job] = t.stand.jobs({ api: 'appmetrica' });
  const total = Date.parse(job!.next!.dueAt!) - t.stand.now();
  t.advance(Math.floor(total / 2));
  const half = await get(t, url);
  expect(half.body).toBe('Wait for result. Progress is 50%.');
});

test('exports of one application prepare strictly one after another, in arrival order', async () => {
  const t = await stand();
  onTestFinished(t.close);
  const first = exportUrl({ fields: 'event_name' });
  const second = exportUrl({ fields: 'os_name' });
  await get(t, first);
  await get(t, second);
  const jobs = () => t.stand.jobs({ api: 'appmetrica' });
  expect(jobs().map((j) => j.state)).toEqual(['preparing', 'queued']);

  t.advance(PREP_ONE_DAY - 1);
  expect((await get(t, second)).statusCode).toBe(202);
  expect(jobs().map((j) => j.state)).toEqual(['preparing', 'queued']);
  t.advance(1); // the first is ready; only now does the second start
  expect(jobs().map((j) => j.state)).toEqual(['ready', 'preparing']);
  const [a, b] = jobs();
  expect(Date.parse(b!.history.find((h) => h.state === 'preparing')!.at)).toBe(Date.parse(a!.history.find((h) => h.state === 'ready')!.at));
  expect((await get(t, first)).statusCode).toBe(200);
  expect((await get(t, second)).statusCode).toBe(202);
  t.advance(PREP_ONE_DAY);
  expect((await get(t, second)).statusCode).toBe(200);
});

test('a fourth unfinished export of one application gets the real 429; another application is not affected', async () => {
  const t = await stand();
  onTestFinished(t.close);
  for (const f of ['event_name', 'os_name', 'city']) expect((await get(t, exportUrl({ fields: f }))).statusCode).toBe(202);
  const fourth = await get(t, exportUrl({ fields: 'session_id' }));
  expect(fourth.statusCode).toBe(429);
  expect(fourth.headers['content-type']).toBe('text/plain');
  expect(fourth.headers['retry-after']).toBeUndefined();
  expect(fourth.body).toBe('There are already 3 enqueued queries for given application_id. Wait until they are completed.');
  // polling one of the three is still fine
  expect((await get(t, exportUrl({ fields: 'city' }))).statusCode).toBe(202);
  const other = await t.inject({ url: exportUrl({ application_id: '2222' }), headers: { authorization: 'OAuth app2222-token' } });
  expect(other.statusCode).toBe(202);
  t.advance(PREP_ONE_DAY); // one finished: room for one more
  expect((await get(t, exportUrl({ fields: 'session_id' }))).statusCode).toBe(202);
});

test('a ready file lives 24 hours at its URL; the next request after that queues a new one', async () => {
  const t = await stand();
  onTestFinished(t.close);
  const url = exportUrl();
  await get(t, url);
  t.advance(PREP_ONE_DAY);
  expect((await get(t, url)).statusCode).toBe(200);
  t.advance(86_400_000 - 1);
  expect((await get(t, url)).statusCode).toBe(200);
  t.advance(1);
  const after = await get(t, url);
  expect(after.statusCode).toBe(202);
  expect(after.body).toBe('Your query is added to the queue.');
  const states = t.stand.jobs({ api: 'appmetrica' }).map((j) => j.state);
  expect(states).toEqual(['expired', 'preparing']);
});

test('exports are per token: another token asking the same gets its own export', async () => {
  const t = await stand();
  onTestFinished(t.close);
  const url = exportUrl();
  await get(t, url);
  t.advance(PREP_ONE_DAY);
  expect((await get(t, url)).statusCode).toBe(200);
  const other = await t.inject({ url, headers: { authorization: 'OAuth someone-else' } });
  expect(other.statusCode).toBe(202);
  expect(other.body).toBe('Your query is added to the queue.');
  // The first token still has its file, and each token has its export.
  expect((await get(t, url)).statusCode).toBe(200);
  expect(t.stand.jobs({ api: 'appmetrica' }).map((j) => [j.account, j.state])).toEqual([
    [AUTH.authorization.slice('OAuth '.length), 'ready'],
    ['someone-else', 'preparing'],
  ]);
});
