/**
 * Found by the fuzz suite: a myTarget date that is not YYYY-MM-DD ("", "x") or not a calendar
 * date of that form ("2026-13-45") in date_start/date_end answered 500: zod ran the calendar
 * refinement after the failed format check, and `new Date(...).toISOString()` threw a RangeError.
 * Through the async API the same body made the scheduled execution throw, and the call stayed
 * "started" for good (no answer, no callback, never expired).
 */
import { expect, onTestFinished, test } from 'vitest';
import { stand } from '../helpers.js';

const HEADERS = { authorization: 'Bearer dates', 'content-type': 'application/json' };

test('a malformed date answers 400 with the field, on create and update', async () => {
  const t = await stand();
  onTestFinished(t.close);
  for (const [date, message] of [
    ['', 'Must be a date YYYY-MM-DD.'],
    ['x', 'Must be a date YYYY-MM-DD.'],
    ['2026-13-45', 'Must be a real calendar date.'],
    ['2026-02-30', 'Must be a real calendar date.'],
  ]) {
    const create = await t.inject({ method: 'POST', url: '/mytarget/api/v2/campaigns.json', headers: HEADERS, payload: JSON.stringify({ name: 'x', package_id: 814, date_start: date }) });
    expect(create.statusCode, date).toBe(400);
    expect(create.json().error.fields).toEqual({ date_start: { code: 'bad_value', message } });
    const update = await t.inject({ method: 'POST', url: '/mytarget/api/v2/campaigns/6617841.json', headers: HEADERS, payload: JSON.stringify({ date_end: date }) });
    expect(update.statusCode, date).toBe(400);
  }
});

test('through the async API the call ends done with the 400 replayed, not stuck in "started"', async () => {
  const t = await stand();
  onTestFinished(t.close);
  const res = await t.inject({ method: 'POST', url: '/mytarget/async_api/v2/campaigns.json', headers: HEADERS, payload: JSON.stringify({ name: 'x', package_id: 814, date_end: '' }) });
  expect(res.statusCode).toBe(202);
  t.advance(1500);
  const status = await t.inject({ url: String(res.headers.location), headers: HEADERS });
  expect(status.statusCode).toBe(303);
  expect(status.json()).toMatchObject({ status: 'done', response_http_code: 400 });
  const replay = await t.inject({ url: String(status.headers.location), headers: HEADERS });
  expect(replay.json().error.fields).toEqual({ date_end: { code: 'bad_value', message: 'Must be a date YYYY-MM-DD.' } });
});
