import { expect, onTestFinished, test } from 'vitest';
import { DAY, stand } from '../helpers.js';
import { AUTH, JSON_HEADERS, body, submit } from './helpers.js';

/**
 * The async API exists for heavy calls: a 90-day report by day for 200 banners goes 202 ->
 * enqueued -> started -> 303 -> the replayed rows, its callback fires, and the result expires
 * a day later. On the manual clock, in-process.
 */
test('a 90-day statistics report for 200 banners through the async API, end to end with its callback and expiry', async () => {
  const t = await stand();
  onTestFinished(t.close);
  const sink = await t.callbackSink();
  // 200 banners in 4 campaigns, created 100 days before the report.
  const ids: number[] = [];
  for (let c = 0; c < 4; c++) {
    const banners = Array.from({ length: 50 }, (_, i) => ({ name: `b${c * 50 + i}` }));
    const res = await t.inject({ method: 'POST', url: '/mytarget/api/v2/campaigns.json', headers: JSON_HEADERS, payload: JSON.stringify({ name: `c${c}`, package_id: 814, banners }) });
    ids.push(...body<{ banners: { id: number }[] }>(res).banners.map((b) => b.id));
  }
  t.advance(100 * DAY); // 2026-04-11, 03:00 Moscow
  const query = `id=${ids.join(',')}&date_from=2026-01-11&date_to=2026-04-10`;

  const { res, location, id } = await submit(t, { rest: `v2/statistics/banners/day.json?${query}`, headers: { 'x-callback-location': `${sink.url}/report-ready` } });
  expect([res.statusCode, location]).toEqual([202, `/mytarget/async_api/v2/requests/${id}.json`]);
  expect(body(await t.inject({ url: location, headers: AUTH })).status).toBe('enqueued');
  t.advance(500);
  expect(body(await t.inject({ url: location, headers: AUTH })).status).toBe('started');
  t.advance(1000);
  const done = await t.inject({ url: location, headers: AUTH });
  expect(done.statusCode).toBe(303);
  expect(body(done)).toMatchObject({ status: 'done', response_http_code: 200, exec_time: 1 });

  const [callback] = await sink.waitFor(1);
  expect(callback!.form).toMatchObject({ response_id: id, response_http_code: '200' });

  const replay = await t.inject({ url: String(done.headers.location), headers: AUTH });
  expect(replay.statusCode).toBe(200);
  expect(replay.headers['content-type']).toMatch(/^application\/json/);
  expect(replay.headers['x-ratelimit-rps-limit']).toBe('10');
  // Made as it is sent (README, known differences): no Content-Length.
  expect(replay.headers['content-length']).toBeUndefined();
  const report = body<{ items: { id: number; rows: { date: string }[] }[] }>(replay);
  expect(report.items.map((i) => i.id)).toEqual(ids);
  expect(report.items.every((i) => i.rows.length === 90 && i.rows[0]!.date === '2026-01-11' && i.rows[89]!.date === '2026-04-10')).toBe(true);
  // Past days: the sync call made now answers the same rows, and a second replay the same bytes.
  const sync = await t.inject({ url: `/mytarget/api/v2/statistics/banners/day.json?${query}`, headers: AUTH });
  expect(sync.body).toBe(replay.body);
  expect((await t.inject({ url: String(done.headers.location), headers: AUTH })).body).toBe(replay.body);

  t.advance(DAY);
  expect((await t.inject({ url: location, headers: AUTH })).statusCode).toBe(404);
  expect((await t.inject({ url: String(done.headers.location), headers: AUTH })).statusCode).toBe(404);
});
