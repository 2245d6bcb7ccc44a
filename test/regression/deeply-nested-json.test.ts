/**
 * Found by the fuzz suite: JSON.parse builds documents of any depth, but JSON.stringify overflows
 * the stack at a few thousand levels. A Toloka task whose `json` field (pool 4's `meta`) or an
 * unknown input value held ~5,000 nested arrays was accepted, and then its view, the list of the
 * pool's tasks, or the operation's log answered 500 for good. A myTarget campaign with such
 * `targetings` made `fields=targetings` reads 500 (and an async call of it threw in the scheduler).
 * Now a body nested deeper than 1,000 levels (Jackson's default limit) is a 400 in the API's shape.
 */
import { expect, onTestFinished, test } from 'vitest';
import { jsonTooDeep } from '../../src/core/json-depth.js';
import { stand } from '../helpers.js';

const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);
const TOLOKA = { authorization: 'OAuth deep', 'content-type': 'application/json' };
const MYTARGET = { authorization: 'Bearer deep', 'content-type': 'application/json' };

test('Toloka: a body nested deeper than 1,000 levels is a 400 VALIDATION_ERROR; 1,000 levels are fine', async () => {
  const t = await stand();
  onTestFinished(t.close);
  const task = (meta: string) => `{"pool_id":"4","overlap":1,"input_values":{"label":"cat","meta":${meta}}}`;

  const tooDeep = await t.inject({ method: 'POST', url: '/toloka/api/v1/tasks', headers: TOLOKA, payload: task(deep(5000)) });
  expect(tooDeep.statusCode).toBe(400);
  expect(tooDeep.json()).toMatchObject({
    code: 'VALIDATION_ERROR',
    message: 'Request body is not valid JSON',
    payload: { body: { code: 'JSON_EXPECTED', message: 'Request body is not valid JSON: arrays and objects are nested deeper than 1000 levels' } },
  });
  const batch = await t.inject({ method: 'POST', url: '/toloka/api/v1/tasks?async_mode=true', headers: TOLOKA, payload: `[${task(deep(5000))}]` });
  expect(batch.statusCode).toBe(400);
  expect(t.stand.jobs({ api: 'toloka' })).toEqual([]);

  // 2 levels of the task + 998 arrays = 1,000.
  const ok = await t.inject({ method: 'POST', url: '/toloka/api/v1/tasks', headers: TOLOKA, payload: task(deep(998)) });
  expect(ok.statusCode).toBe(201);
  expect((await t.inject({ url: '/toloka/api/v1/tasks?pool_id=4', headers: TOLOKA })).statusCode).toBe(200);
});

test('myTarget: deeply nested targetings are a 400 (sync, and replayed by the async API); reads keep working', async () => {
  const t = await stand();
  onTestFinished(t.close);
  const payload = `{"name":"Deep","package_id":814,"targetings":{"a":${deep(5000)}}}`;

  const sync = await t.inject({ method: 'POST', url: '/mytarget/api/v2/campaigns.json', headers: MYTARGET, payload });
  expect(sync.statusCode).toBe(400);
  expect(sync.json()).toEqual({ error: { code: 'bad_request', message: 'Request body is not valid JSON: arrays and objects are nested deeper than 1000 levels' } });

  const call = await t.inject({ method: 'POST', url: '/mytarget/async_api/v2/campaigns.json', headers: MYTARGET, payload });
  expect(call.statusCode).toBe(202);
  t.advance(1500);
  const status = await t.inject({ url: String(call.headers.location), headers: MYTARGET });
  expect(status.json()).toMatchObject({ status: 'done', response_http_code: 400 });

  expect((await t.inject({ url: '/mytarget/api/v2/campaigns.json?fields=id,targetings', headers: MYTARGET })).statusCode).toBe(200);
});

test('brackets inside strings do not count as nesting', () => {
  expect(jsonTooDeep(JSON.stringify({ text: '['.repeat(5000) }))).toBe(false);
  expect(jsonTooDeep(JSON.stringify({ text: '"\\['.repeat(2000) }))).toBe(false);
  expect(jsonTooDeep(deep(1000))).toBe(false);
  expect(jsonTooDeep(deep(1001))).toBe(true);
  expect(jsonTooDeep(`{"a":${deep(1000)}}`)).toBe(true);
});

// Found by the fuzz suite (seed 741553145, 2,000 cases): a path no Toloka route has is answered
// by the API plugin's not-found handler, whose context still had the framework's JSON parser.
// A DELETE /user-restrictions/1 (a real route the stand does not emulate: 501) with a body of
// ~5,000 nested arrays was parsed, journaled, and every read of the journal then answered 500
// (the body could not be written out, and the fallback overflowed the stack as well).
test('a deeply nested body on a path no route has: the journal still reads, the body shown as not kept', async () => {
  const t = await stand();
  onTestFinished(t.close);
  // (A PUT: no route has it there, so the not-found handler answers, 405.)
  const r = await t.inject({ method: 'PUT', url: '/toloka/api/app/v0/app-projects', headers: TOLOKA, payload: deep(5000) });
  expect(r.statusCode).toBe(405);
  const journal = await t.inject({ url: '/_stand/journal/requests?api=toloka' });
  expect(journal.statusCode).toBe(200);
  const entry = (journal.json().items as { method: string; request: { body: string | null; truncated: boolean } }[]).find((e) => e.method === 'PUT');
  expect(entry?.request).toMatchObject({ body: null, truncated: true });
  expect((await t.inject({ url: '/_stand/report' })).statusCode).toBe(200);
  expect((await t.inject({ method: 'POST', url: '/_stand/journal/verify', payload: { api: 'toloka', bodyContains: 'x' } })).statusCode).not.toBe(500);
});
