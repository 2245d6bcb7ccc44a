/** Quotas beyond the queue of 3 per application, as scenario knobs (appmetrica.quotas; README "Scenario knobs"). */
import { expect, onTestFinished, test } from 'vitest';
import { HOUR, stand } from '../helpers.js';
import { exportUrl, get } from './helpers.js';

async function t0(quotas: Record<string, unknown>) {
  const t = await stand();
  onTestFinished(t.close);
  t.stand.activateScenario({ version: 1, appmetrica: { quotas } });
  return t;
}

test('requestsPerSecond: the next request of that token in the same second gets 429 naming the quota; other tokens and the next second go on', async () => {
  const t = await t0({ requestsPerSecond: 3 });
  const url = exportUrl();
  for (let i = 0; i < 3; i++) expect((await get(t, url)).statusCode).toBe(202);
  const over = await get(t, url);
  expect(over.statusCode).toBe(429);
  expect(over.headers['content-type']).toBe('text/plain');
  expect(over.body).toBe('Quota exceeded: more than 3 requests per second; wait until the next second.');
  expect((await t.inject({ url, headers: { authorization: 'OAuth another' } })).statusCode).toBe(202);
  t.advance(1000);
  expect((await get(t, url)).statusCode).toBe(202);
});

test('requestsPerDay with status 420 (the English docs): blocked until 00:00 GMT', async () => {
  const t = await t0({ requestsPerDay: 2, status: 420 });
  t.advance(22 * HOUR);
  const url = exportUrl();
  expect((await get(t, url)).statusCode).toBe(202);
  expect((await get(t, url)).statusCode).toBe(202);
  const over = await get(t, url);
  expect(over.statusCode).toBe(420);
  expect(over.body).toBe('Quota exceeded: more than 2 requests per day; the quota is reset at 00:00 GMT.');
  t.advance(HOUR);
  expect((await get(t, url)).statusCode).toBe(420);
  t.advance(HOUR); // 00:00 GMT
  expect((await get(t, url)).statusCode).not.toBe(420);
});

test('maxQueuedPerToken: a token with that many unfinished exports across applications gets 429 until one finishes', async () => {
  const t = await t0({ maxQueuedPerToken: 2 });
  const mine = { authorization: 'OAuth app2222-token' };
  expect((await t.inject({ url: exportUrl({ fields: 'event_name' }), headers: mine })).statusCode).toBe(202);
  expect((await t.inject({ url: exportUrl({ application_id: '2222' }), headers: mine })).statusCode).toBe(202);
  const third = await t.inject({ url: exportUrl({ fields: 'os_name' }), headers: mine });
  expect(third.statusCode).toBe(429);
  expect(third.body).toBe('There are already 2 enqueued queries for given token. Wait until they are completed.');
  // Polling the two is fine, and another token is not affected.
  expect((await t.inject({ url: exportUrl({ fields: 'event_name' }), headers: mine })).statusCode).toBe(202);
  expect((await get(t, exportUrl({ fields: 'city' }))).statusCode).toBe(202);
  t.advance(60_000);
  expect((await t.inject({ url: exportUrl({ fields: 'os_name' }), headers: mine })).statusCode).toBe(202);
});

test('the Management API counts apart and answers its quota error as JSON ("quota")', async () => {
  const t = await t0({ requestsPerSecond: 1 });
  const headers = { authorization: 'OAuth loader' };
  expect((await t.inject({ url: '/appmetrica/management/v1/applications', headers })).statusCode).toBe(200);
  const over = await t.inject({ url: '/appmetrica/management/v1/application/1111', headers });
  expect(over.statusCode).toBe(429);
  const message = 'Quota exceeded: more than 1 requests per second; wait until the next second.';
  expect(over.json()).toEqual({ errors: [{ error_type: 'quota', message }], code: 429, message });
  // The export of the same token in the same second is another group.
  expect((await t.inject({ url: exportUrl(), headers })).statusCode).toBe(202);
});

test('the quotas are off by default: a burst of polls is answered', async () => {
  const t = await stand();
  onTestFinished(t.close);
  for (let i = 0; i < 50; i++) expect((await get(t, exportUrl())).statusCode).toBe(202);
});
