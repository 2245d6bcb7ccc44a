import { expect, onTestFinished, test } from 'vitest';
import { stand } from '../helpers.js';
import { PREP_ONE_DAY, exportUrl, get } from './helpers.js';

async function t0() {
  const t = await stand({ listen: false });
  onTestFinished(t.close);
  return t;
}

test('a one-shot "the next export fails with 500": the poll after preparation answers it once, then a new export queues', async () => {
  const t = await t0();
  t.stand.enqueueFault('appmetrica', { action: { type: 'fail', status: 500, message: 'Internal error, try again' } });
  const url = exportUrl();
  expect((await get(t, url)).statusCode).toBe(202);
  t.advance(PREP_ONE_DAY);
  const failed = await get(t, url);
  expect(failed.statusCode).toBe(500);
  expect(failed.headers['content-type']).toBe('text/plain');
  expect(failed.body).toBe('Internal error, try again');
  const again = await get(t, url);
  expect(again.statusCode).toBe(202);
  expect(again.body).toBe('Your query is added to the queue.');
  t.advance(PREP_ONE_DAY);
  expect((await get(t, url)).statusCode).toBe(200);
});

test('a status fault on the Nth matching request answers the API\'s own error shape', async () => {
  const t = await t0();
  t.stand.activateScenario({
    version: 1,
    appmetrica: { faults: [{ match: { path: '/logs/v1/export/*' }, nth: 2, action: { type: 'status', status: 503, retryAfter: 30 } }] },
  });
  expect((await get(t, exportUrl())).statusCode).toBe(202);
  const second = await get(t, exportUrl());
  expect(second.statusCode).toBe(503);
  expect(second.headers['retry-after']).toBe('30');
  expect(second.body).toBe('Service temporarily unavailable.');
  expect((await get(t, exportUrl())).statusCode).toBe(202);
  expect(t.stand.requests().map((r) => r.fault)).toEqual([null, 'status', null]);
});

test('the X-Stand-Scenario header applies an inline rule to one request', async () => {
  const t = await t0();
  const rule = JSON.stringify({ action: { type: 'status', status: 429, message: 'slow down' } });
  const res = await get(t, exportUrl(), { 'x-stand-scenario': rule });
  expect(res.statusCode).toBe(429);
  expect(res.body).toBe('slow down');
  expect((await get(t, exportUrl())).statusCode).toBe(202);
});

test('a bad X-Stand-Scenario header is a 400 in the API\'s shape, naming the problem', async () => {
  const t = await t0();
  const bad = await get(t, exportUrl(), { 'x-stand-scenario': '{"action":{"type":"explode"}}' });
  expect(bad.statusCode).toBe(400);
  expect(bad.headers['content-type']).toBe('text/plain');
  expect(bad.body).toMatch(/^X-Stand-Scenario: action\.type: /);
  const unknown = await get(t, exportUrl(), { 'x-stand-scenario': 'no-such-scenario' });
  expect(unknown.statusCode).toBe(400);
  expect(unknown.body).toMatch(/unknown scenario "no-such-scenario"; use one of: default/);
});

test('a drop fault closes the connection without an answer', async () => {
  const t = await stand({ listen: true });
  onTestFinished(t.close);
  t.stand.enqueueFault('appmetrica', { action: { type: 'drop' } });
  await expect(fetch(`${t.url}${exportUrl()}`, { headers: { authorization: 'OAuth x' } })).rejects.toThrow();
  const next = await fetch(`${t.url}${exportUrl()}`, { headers: { authorization: 'OAuth x' } });
  expect(next.status).toBe(202);
});

test('a delay fault answers later, without moving the stand clock', async () => {
  const t = await t0();
  t.stand.enqueueFault('appmetrica', { action: { type: 'delay', ms: 50 } });
  const before = t.stand.now();
  const res = await get(t, exportUrl());
  expect(res.statusCode).toBe(202);
  expect(t.stand.now()).toBe(before);
  expect(t.stand.requests()[0]!.fault).toBe('delay');
});

test('preparation "after N polls": the Nth poll sees the file', async () => {
  const t = await t0();
  t.stand.activateScenario({ version: 1, appmetrica: { preparation: { polls: 2 } } });
  const url = exportUrl();
  expect((await get(t, url)).statusCode).toBe(202);
  expect((await get(t, url)).statusCode).toBe(202);
  expect((await get(t, url)).statusCode).toBe(200);
});

test('preparation "manual": only an explicit advance makes the file', async () => {
  const t = await t0();
  t.stand.activateScenario({ version: 1, appmetrica: { preparation: 'manual' } });
  const url = exportUrl();
  await get(t, url);
  t.advance(30 * 86_400_000);
  expect((await get(t, url)).statusCode).toBe(202);
  const [job] = t.stand.jobs();
  t.stand.advanceJob('appmetrica', job!.id);
  expect((await get(t, url)).statusCode).toBe(200);
});
