import { expect, onTestFinished, test } from 'vitest';
import { DAY, HOUR, stand } from '../helpers.js';
import { AUTH, AUTH_B, body, submit } from './helpers.js';

const USER = '/mytarget/api/v2/user.json';

test('every sync answer carries X-RateLimit-* headers that count down per token', async () => {
  const t = await stand();
  onTestFinished(t.close);
  const first = await t.inject({ url: USER, headers: AUTH });
  expect(Object.keys(first.headers).filter((h) => h.startsWith('x-ratelimit-'))).toEqual([
    'x-ratelimit-rps-limit',
    'x-ratelimit-rps-remaining',
    'x-ratelimit-hourly-limit',
    'x-ratelimit-hourly-remaining',
    'x-ratelimit-daily-limit',
    'x-ratelimit-daily-remaining',
  ]);
  expect(first.headers['x-ratelimit-rps-limit']).toBe('10');
  expect(first.headers['x-ratelimit-rps-remaining']).toBe('9');
  expect(first.headers['x-ratelimit-hourly-remaining']).toBe('1999');
  expect(first.headers['x-ratelimit-daily-remaining']).toBe('19999');

  const second = await t.inject({ url: '/mytarget/api/v2/campaigns/1.json', headers: AUTH }); // a 404 counts too
  expect(second.statusCode).toBe(404);
  expect(second.headers['x-ratelimit-rps-remaining']).toBe('8');
  // Another token has limits of its own.
  expect((await t.inject({ url: USER, headers: AUTH_B })).headers['x-ratelimit-rps-remaining']).toBe('9');
});

test('over the per-second limit: 429 with {limits, remaining}; the next second of the stand clock is fresh', async () => {
  const t = await stand();
  onTestFinished(t.close);
  for (let i = 0; i < 10; i++) expect((await t.inject({ url: USER, headers: AUTH })).statusCode).toBe(200);

  const over = await t.inject({ url: USER, headers: AUTH });
  expect(over.statusCode).toBe(429);
  expect(over.headers['content-type']).toMatch(/^application\/json/);
  expect(over.headers['x-ratelimit-rps-remaining']).toBe('0');
  expect(body(over)).toEqual({ limits: { '1': 10, '3600': 2000, '86400': 20000 }, remaining: { '1': 0, '3600': 1990, '86400': 19990 } });

  t.advance(1000);
  const next = await t.inject({ url: USER, headers: AUTH });
  expect(next.statusCode).toBe(200);
  expect(next.headers['x-ratelimit-rps-remaining']).toBe('9');
  expect(next.headers['x-ratelimit-hourly-remaining']).toBe('1989'); // the 429 did not count
});

test('hourly and daily windows, and a per-minute window when the scenario sets one', async () => {
  const t = await stand();
  onTestFinished(t.close);
  t.stand.activateScenario({ version: 1, mytarget: { rateLimits: { perSecond: null, perMinute: 3, perHour: 4, perDay: 5 } } });
  const codes = [];
  for (let i = 0; i < 4; i++) codes.push((await t.inject({ url: USER, headers: AUTH })).statusCode);
  expect(codes).toEqual([200, 200, 200, 429]);

  t.advance(60_000);
  const fourth = await t.inject({ url: USER, headers: AUTH });
  expect(fourth.statusCode).toBe(200);
  expect(fourth.headers['x-ratelimit-minutely-limit']).toBe('3');
  expect(fourth.headers['x-ratelimit-rps-limit']).toBeUndefined();
  const hourly = await t.inject({ url: USER, headers: AUTH });
  expect(hourly.statusCode).toBe(429);
  expect(body(hourly)).toEqual({ limits: { '60': 3, '3600': 4, '86400': 5 }, remaining: { '60': 2, '3600': 0, '86400': 1 } });

  t.advance(HOUR);
  expect((await t.inject({ url: USER, headers: AUTH })).statusCode).toBe(200);
  expect((await t.inject({ url: USER, headers: AUTH })).statusCode).toBe(429); // daily: 5 used
  // The day is the Moscow day: 2026-01-01 00:00 UTC is 03:00 MSK, so it ends at 21:00 UTC.
  t.advance(Date.parse('2026-01-01T21:00:00Z') - 1 - t.stand.now());
  expect((await t.inject({ url: USER, headers: AUTH })).statusCode).toBe(429);
  t.advance(1);
  expect((await t.inject({ url: USER, headers: AUTH })).statusCode).toBe(200);
});

test('the async API is not subject to the limits: submissions and polls never answer 429', async () => {
  const t = await stand();
  onTestFinished(t.close);
  t.stand.activateScenario({ version: 1, mytarget: { enqueued: 0, execution: 0, rateLimits: { perSecond: 2 } } });
  const ids = [];
  for (let i = 0; i < 20; i++) {
    const { res, id } = await submit(t, { rest: 'v2/user.json' });
    expect(res.statusCode).toBe(202);
    expect(res.headers['x-ratelimit-rps-limit']).toBeUndefined();
    ids.push(id);
  }
  t.advance(0);
  for (const id of ids) {
    const replay = await t.inject({ url: `/mytarget/async_api/v2/responses/${id}.json`, headers: AUTH });
    expect(replay.statusCode).toBe(200);
    expect(replay.headers['x-ratelimit-rps-remaining']).toBe('2'); // the async calls did not spend the quota
  }
  expect((await t.inject({ url: USER, headers: AUTH })).headers['x-ratelimit-rps-remaining']).toBe('1');
});

test('throttling.json: resource -> namespace -> operation -> {remaining, limits} keyed by window seconds, the real nested shape', async () => {
  const t = await stand();
  onTestFinished(t.close);
  await t.inject({ url: USER, headers: AUTH });
  const res = body<Record<string, Record<string, Record<string, unknown>>>>(await t.inject({ url: '/mytarget/api/v2/throttling.json', headers: AUTH }));
  expect(Object.keys(res)).toEqual(['CAMPAIGN', 'BANNER', 'PACKAGE', 'USER', 'STATISTICS']);
  expect(Object.keys(res.CAMPAIGN!.all!)).toEqual(['READ', 'CREATE', 'UPDATE', 'DELETE']);
  // The stand's limits are one set per token: every operation shows the same counts.
  expect(res.BANNER!.all!.UPDATE).toEqual({ remaining: { '1': 8, '3600': 1998, '86400': 19998 }, limits: { '1': 10, '3600': 2000, '86400': 20000 } });
  t.advance(DAY);
  const later = body<{ USER: { all: { READ: { remaining: Record<string, number> } } } }>(await t.inject({ url: '/mytarget/api/v3/throttling.json', headers: AUTH }));
  expect(later.USER.all.READ.remaining).toEqual({ '1': 9, '3600': 1999, '86400': 19999 });
});
