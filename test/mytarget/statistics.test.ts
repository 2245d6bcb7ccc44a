import { expect, onTestFinished, test } from 'vitest';
import { DAY, HOUR, stand } from '../helpers.js';
import { AUTH, JSON_HEADERS, body, submit } from './helpers.js';

type Base = { shows: number; clicks: number; goals: number; spent: string; cpm: string; ctr: number };
type Item = { id: number; rows?: { date: string; base: Base }[]; total: { base: Base } };
type V2 = { items: Item[]; total: { base: Base } };

const STATS = '/mytarget/api/v2/statistics';
// The manual clock starts at 2026-01-01 03:00 Moscow time; the fixture's banners were created in December 2025.
const get = async (t: Awaited<ReturnType<typeof stand>>, url: string) => {
  t.advance(100); // under the 10 requests a second
  return t.inject({ url, headers: AUTH });
};

test('v2 day.json: items with id, rows by date and a total, and a total of all; counts are integers, money strings, ratios numbers', async () => {
  const t = await stand();
  onTestFinished(t.close);
  const res = await get(t, `${STATS}/banners/day.json?id=48123001,48200500&date_from=2025-12-30&date_to=2025-12-31`);
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  const b = body<V2>(res);
  expect(b.items.map((i) => [i.id, i.rows!.map((r) => r.date)])).toEqual([
    [48123001, ['2025-12-30', '2025-12-31']],
    [48200500, ['2025-12-30', '2025-12-31']],
  ]);
  expect(Object.keys(b.items[0]!)).toEqual(['id', 'rows', 'total']);
  const row = b.items[0]!.rows![0]!.base;
  expect(Object.keys(row)).toEqual(['shows', 'clicks', 'goals', 'spent', 'a_amount', 'n_amount', 'cpm', 'cpc', 'cpa', 'ctr', 'cr']);
  expect(Number.isInteger(row.shows) && row.shows > 0).toBe(true);
  expect(row.spent).toMatch(/^\d+(\.\d{1,2})?$/);
  expect(row.ctr).toBeCloseTo((row.clicks / row.shows) * 100, 10);
  // Sums: an item's total is the sum of its rows, the answer's total the sum of the items.
  const sum = (xs: number[]) => xs.reduce((a, x) => a + x, 0);
  for (const item of b.items) expect(item.total.base.shows).toBe(sum(item.rows!.map((r) => r.base.shows)));
  expect(b.total.base.shows).toBe(sum(b.items.map((i) => i.total.base.shows)));
  // The same request, the same bytes; attribution does not change the stand's numbers (README, known differences).
  expect((await get(t, `${STATS}/banners/day.json?id=48123001,48200500&date_from=2025-12-30&date_to=2025-12-31`)).body).toBe(res.body);
  expect((await get(t, `${STATS}/banners/day.json?id=48123001,48200500&date_from=2025-12-30&date_to=2025-12-31&attribution=impression`)).body).toBe(res.body);
});

test('a campaign is the sum of its banners, the user the sum of all; summary.json is the sum of every day since the start', async () => {
  const t = await stand();
  onTestFinished(t.close);
  const shows = async (url: string) => body<V2>(await get(t, url)).items.map((i) => i.total.base.shows);
  const period = 'date_from=2025-12-01&date_to=2025-12-31';
  const [b1, b2] = await shows(`${STATS}/banners/day.json?id=48123001&id=48123002&${period}`);
  expect(await shows(`${STATS}/campaigns/day.json?id=6617841&${period}`)).toEqual([b1! + b2!]);
  const [c1, c2] = await shows(`${STATS}/campaigns/day.json?id=6617841,6711647&${period}`);
  expect(await shows(`${STATS}/users/day.json?id=4030215&${period}`)).toEqual([c1! + c2!]);
  // All time: December and the first hours of today (03:00 Moscow), as day.json over that time gives.
  const summary = body<V2>(await get(t, `${STATS}/campaigns/summary.json?id=6617841`));
  expect(Object.keys(summary.items[0]!)).toEqual(['id', 'total']);
  const days = body<V2>(await get(t, `${STATS}/campaigns/day.json?id=6617841&date_from=2025-12-01&date_to=2026-01-01`));
  expect(summary.items[0]!.total).toEqual(days.items[0]!.total);
});

test("today's numbers grow through the day; once the day is past they never change", async () => {
  const t = await stand();
  onTestFinished(t.close);
  const today = async () => body<V2>(await get(t, `${STATS}/banners/day.json?id=48123001&date_from=2026-01-01&date_to=2026-01-01`)).items[0]!.rows![0]!.base;
  const morning = await today();
  t.advance(12 * HOUR);
  const evening = await today();
  expect(evening.shows).toBeGreaterThan(morning.shows);
  t.advance(DAY);
  const final = await today();
  expect(final.shows).toBeGreaterThan(evening.shows);
  // Neither time nor a change of status rewrites a past day.
  await t.inject({ method: 'DELETE', url: '/mytarget/api/v2/banners/48123001.json', headers: AUTH });
  t.advance(30 * DAY);
  expect(await today()).toEqual(final);
  // Days to come are zero.
  const future = body<V2>(await get(t, `${STATS}/banners/day.json?id=48123001&date_from=2026-02-10&date_to=2026-02-11`)).items[0]!.rows!;
  expect(future.map((r) => r.base.shows)).toEqual([0, 0]);
  expect(future[0]!.base).toMatchObject({ spent: '0', cpm: '0', ctr: 0 });
});

test('metrics: the documented groups and their fields; the answer\'s total has no uniques', async () => {
  const t = await stand();
  onTestFinished(t.close);
  const all = body<{ items: { rows: Record<string, unknown>[]; total: Record<string, unknown> }[]; total: Record<string, unknown> }>(
    await get(t, `${STATS}/campaigns/day.json?id=6617841&date_from=2025-12-31&metrics=all`),
  );
  const groups = ['base', 'events', 'uniques', 'video', 'viral', 'carousel', 'playable', 'tps', 'moat', 'romi'];
  expect(Object.keys(all.items[0]!.rows[0]!)).toEqual(['date', ...groups]);
  expect(Object.keys(all.total)).toEqual(groups.filter((g) => g !== 'uniques'));
  expect(Object.keys(all.items[0]!.total.uniques as object)).toEqual(['reach', 'total', 'increment', 'frequency', 'frequency_total']);
  expect(Object.keys(all.total.viral as object)).not.toContain('reach');
  expect(all.items[0]!.rows[0]!.tps).toMatchObject({ tps: expect.stringMatching(/^\d+(\.\d+)?$/) });
  const two = body<{ items: { rows: Record<string, unknown>[] }[] }>(await get(t, `${STATS}/banners/day.json?id=48123001&date_from=2025-12-31&metrics=video,events`));
  expect(Object.keys(two.items[0]!.rows[0]!)).toEqual(['date', 'events', 'video']);
});

test('limits and errors: 200 ids, 92 days back, dates, unknown objects and methods, in the statistics error shape', async () => {
  const t = await stand();
  onTestFinished(t.close);
  const error = async (url: string, status = 400) => {
    const res = await get(t, `${STATS}/${url}`);
    expect(res.statusCode).toBe(status);
    const { error } = body<{ error: { message: string; code: string } }>(res);
    expect(Object.keys(error)).toEqual(['message', 'code']);
    return error.code;
  };
  const ids = Array.from({ length: 201 }, (_, i) => 48_000_000 + i).join(',');
  expect(await error(`banners/day.json?id=${ids}&date_from=2025-12-31`)).toBe('LIMIT_EXCEEDED');
  expect(await error('banners/day.json?id=48123001&date_from=2025-09-30')).toBe('LIMIT_EXCEEDED'); // 93 days before today
  expect(await error('banners/day.json?id=48123001&date_from=2025-12-31&date_to=2026-06-01')).toBe('LIMIT_EXCEEDED');
  expect(await error('banners/day.json?id=48123001&date_from=2025-02-30')).toBe('WRONG_DATE');
  expect(await error('banners/day.json?id=48123001&date_from=2025-12-31&date_to=2025-12-30')).toBe('WRONG_DATE');
  expect(await error('banners/day.json?id=48123001')).toBe('WRONG_PARAMETER');
  expect(await error('banners/day.json?date_from=2025-12-31')).toBe('WRONG_PARAMETER');
  expect(await error('banners/day.json?id=48123001&date_from=2025-12-31&metrics=base,colour')).toBe('WRONG_PARAMETER');
  expect(await error('banners/day.json?id=48123001&date_from=2025-12-31&metrics=uniques_video')).toBe('WRONG_PARAMETER'); // VK-era group
  // As kradwhite's live StatisticsTest saw it: an id that is not the account's.
  expect(await error('banners/day.json?id=123&date_from=2025-12-31')).toBe('WRONG_BANNERS');
  expect(await error('campaigns/summary.json?id=6617841,1')).toBe('WRONG_CAMPAIGNS');
  expect(await error('users/summary.json?id=1')).toBe('WRONG_USERS');
  expect(await error('banner/day.json?id=1', 404)).toBe('WRONG_RESOURCE');
  expect((await get(t, `${STATS}/banners/day.json?id=48123001&date_from=2025-10-01`)).statusCode).toBe(200); // 92 days: fine
  t.stand.activateScenario({ version: 1, mytarget: { statisticsErrorCodes: 'documented', statisticsDays: 366 } });
  expect(await error('banners/day.json?id=123&date_from=2025-12-31')).toBe('ERR_WRONG_BANNERS');
  expect((await get(t, `${STATS}/banners/day.json?id=48123001&date_from=2025-09-30`)).statusCode).toBe(200);
});

test('v3 day.json: one total per object with user_id, paged, filtered, sorted; fields by group or group.field', async () => {
  const t = await stand();
  onTestFinished(t.close);
  const v3 = async (q: string) => body<{ items: { id: number; user_id: number; total: Record<string, Record<string, unknown>> }[]; total: Record<string, unknown>; limit: number; offset: number; count: number }>(
    await get(t, `/mytarget/api/v3/statistics/${q}`),
  );
  const all = await v3('banners/day.json?date_from=2025-12-01&date_to=2025-12-31');
  expect(all).toMatchObject({ limit: 20, offset: 0, count: 3 });
  expect(all.items.map((i) => [i.id, i.user_id, Object.keys(i.total)])).toEqual([
    [48123001, 4030215, ['base']],
    [48123002, 4030215, ['base']],
    [48200500, 4030215, ['base']],
  ]);
  const v2 = body<V2>(await get(t, `${STATS}/banners/day.json?id=48123001&date_from=2025-12-01&date_to=2025-12-31`));
  expect(all.items[0]!.total.base).toEqual(v2.items[0]!.total.base);

  const sorted = await v3('banners/day.json?date_from=2025-12-01&date_to=2025-12-31&fields=base.shows,base.spent&sort_by=base.shows&d=desc&limit=2&offset=1');
  const shows = all.items.map((i) => i.total.base!.shows as number).sort((a, b) => b - a);
  expect(sorted.items.map((i) => i.total.base!.shows)).toEqual(shows.slice(1, 3));
  expect(Object.keys(sorted.items[0]!.total.base!)).toEqual(['shows', 'spent']);
  expect(sorted.count).toBe(3);
  expect((await v3('banners/day.json?date_from=2025-12-31&banner_status=blocked')).items.map((i) => i.id)).toEqual([48123002]);
  expect((await v3('banners/day.json?date_from=2025-12-31&campaign_id=6711647')).items.map((i) => i.id)).toEqual([48200500]);
  expect((await v3('campaigns/day.json?date_from=2025-12-31&campaign_status_ne=deleted&package_id=814,960')).items.map((i) => i.id)).toEqual([6617841, 6711647]);
  expect((await v3('users/day.json?date_from=2025-12-31')).items.map((i) => i.id)).toEqual([4030215]);
  expect((await get(t, '/mytarget/api/v3/statistics/banners/day.json?date_from=2025-12-31&sort_by=uniques.reach')).statusCode).toBe(400);
  expect((await get(t, '/mytarget/api/v3/statistics/banners/day.json?date_from=2025-12-31&limit=251')).statusCode).toBe(400);
  expect((await get(t, '/mytarget/api/v3/statistics/banners/summary.json?date_from=2025-12-31')).statusCode).toBe(404);
});

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

test('a banner shows from the moment it is created; a stopped banner, or a campaign past its date_end, stops showing then; earlier days stay as they were', async () => {
  const t = await stand();
  onTestFinished(t.close);
  const shows = async (entity: string, id: number, from: string, to: string) =>
    body<V2>(await get(t, `${STATS}/${entity}/day.json?id=${id}&date_from=${from}&date_to=${to}`)).items[0]!.rows!.map((r) => r.base.shows);
  const post = (url: string, payload: unknown) => t.inject({ method: 'POST', url: `/mytarget/api/v2/${url}`, headers: JSON_HEADERS, payload: JSON.stringify(payload) });

  // Created at 03:00 Moscow time on 2026-01-01: nothing yet; six hours later about a quarter of a day.
  const made = body<{ id: number; banners: { id: number }[] }>(await post('campaigns.json', { name: 'New', package_id: 814, banners: [{ name: 'b', textblocks: { title_25: { text: 'Hi' } } }] }));
  const banner = made.banners[0]!.id;
  expect(await shows('banners', banner, '2025-12-31', '2026-01-01')).toEqual([0, 0]);
  t.advance(6 * HOUR);
  const [, sixHours] = await shows('banners', banner, '2025-12-31', '2026-01-01');
  expect(sixHours).toBeGreaterThan(0);
  t.advance(2 * DAY);
  const [fullDay] = await shows('banners', banner, '2026-01-02', '2026-01-02');
  expect(sixHours! / fullDay!).toBeGreaterThan(0.1);
  expect(sixHours! / fullDay!).toBeLessThan(0.45);

  // Stopped at 09:00 on 2026-01-03: that day counts until then, the next ones are 0, the days before are as they were.
  const before = await shows('banners', 48123001, '2025-12-30', '2026-01-02');
  expect((await post('banners/48123001.json', { status: 'blocked' })).statusCode).toBe(204);
  t.advance(2 * DAY);
  const after = await shows('banners', 48123001, '2025-12-30', '2026-01-05');
  expect(after.slice(0, 4)).toEqual(before);
  expect(after[4]).toBeGreaterThan(0);
  expect(after[4]).toBeLessThan(after[3]!);
  expect(after.slice(5)).toEqual([0, 0]);

  // A campaign whose date_end passed shows nothing after it.
  expect((await post('campaigns/6711647.json', { date_end: '2025-12-30' })).statusCode).toBe(204);
  expect(await shows('campaigns', 6711647, '2025-12-29', '2026-01-02')).toEqual([expect.any(Number), expect.any(Number), 0, 0, 0]);
  expect((await shows('campaigns', 6711647, '2025-12-29', '2025-12-29'))[0]).toBeGreaterThan(0);
});

test("a campaign's banners together spend no more in a day than its budget_limit_day: each shows that share of the day", async () => {
  const t = await stand();
  onTestFinished(t.close);
  type Row = { date: string; base: Base };
  const days = async (entity: string, ids: string) =>
    body<V2>(await get(t, `${STATS}/${entity}/day.json?id=${ids}&date_from=2025-12-20&date_to=2025-12-31`)).items.map((i) => i.rows!.map((r: Row) => r.base));
  // Campaign 6617841 (fixture): budget_limit_day 2500.00.
  const [capped] = await days('campaigns', '6617841');
  expect(capped!.every((b) => Number(b.spent) <= 2500)).toBe(true);
  expect(capped!.some((b) => Number(b.spent) > 2400)).toBe(true); // the budget binds
  // Its banners are scaled alike: the campaign is still their sum.
  const [b1, b2] = await days('banners', '48123001,48123002');
  expect(capped!.map((b) => b.shows)).toEqual(b1!.map((b, i) => b.shows + b2![i]!.shows));
  // Without the budget the same days spend more.
  const post = await t.inject({ method: 'POST', url: '/mytarget/api/v2/campaigns/6617841.json', headers: JSON_HEADERS, payload: JSON.stringify({ budget_limit_day: null }) });
  expect(post.statusCode).toBe(204);
  const [free] = await days('campaigns', '6617841');
  expect(free!.some((b) => Number(b.spent) > 2500)).toBe(true);
  expect(free!.every((b, i) => b.shows >= capped![i]!.shows)).toBe(true);
});

test("a capped day spends its budget to the kopeck, shared by its banners; today's spend never goes down as the day goes on", async () => {
  const t = await stand();
  onTestFinished(t.close);
  type Row = { date: string; base: Base };
  const spent = async (entity: string, ids: string, from: string, to: string) =>
    body<V2>(await get(t, `${STATS}/${entity}/day.json?id=${ids}&date_from=${from}&date_to=${to}`)).items.map((i) => i.rows!.map((r: Row) => r.base.spent));
  // Campaign 6617841 (fixture): budget_limit_day 2500.00, banners 48123001 and 48123002.
  const [past] = await spent('campaigns', '6617841', '2025-12-01', '2025-12-31');
  const bound = past!.filter((s) => Number(s) > 2499);
  expect(bound.length).toBeGreaterThan(5);
  expect(new Set(bound)).toEqual(new Set(['2500']));
  const [b1, b2] = await spent('banners', '48123001,48123002', '2025-12-01', '2025-12-31');
  expect(past!.map((s, i) => (Number(s) === 2500 ? Math.round((Number(b1![i]) + Number(b2![i])) * 100) : 250000))).toEqual(past!.map(() => 250000));
  // Today (2026-01-01, from 03:00 Moscow), ten minutes at a time.
  const seen: number[] = [];
  for (let step = 0; step < 120; step++) {
    seen.push(Number((await spent('campaigns', '6617841', '2026-01-01', '2026-01-01'))[0]![0]));
    t.advance(10 * 60_000);
  }
  expect(seen.every((s, i) => i === 0 || s >= seen[i - 1]!)).toBe(true);
  expect(seen.at(-1)).toBe(2500);
});
