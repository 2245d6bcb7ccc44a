import { expect, onTestFinished, test } from 'vitest';
import { DAY, stand } from '../helpers.js';
import { AUTH, AUTH_B, JSON_HEADERS, body, submit } from './helpers.js';

const NEW_CAMPAIGN = { name: 'Created through the async API', package_id: 814 };

test('an async call answers 202 with a Location to its status, on the main listener under /mytarget', async () => {
  const t = await stand();
  onTestFinished(t.close);

  const res = await t.inject({ method: 'POST', url: '/mytarget/async_api/v2/campaigns.json', headers: JSON_HEADERS, payload: JSON.stringify(NEW_CAMPAIGN) });

  expect(res.statusCode).toBe(202);
  expect(res.headers.location).toBe('/mytarget/async_api/v2/requests/1.json');
  expect(res.body).toBe('');
});

test('on the dedicated port (--mytarget-port) the API is at root and Location has no prefix', async () => {
  const t = await stand();
  onTestFinished(t.close);
  const app = { inject: (o: Parameters<typeof t.inject>[0]) => t.injectOwnPort('mytarget', o) };

  const res = await app.inject({ method: 'GET', url: '/async_api/v2/user.json', headers: AUTH });
  expect(res.statusCode).toBe(202);
  expect(res.headers.location).toBe('/async_api/v2/requests/1.json');

  t.advance(1500);
  const status = await app.inject({ url: String(res.headers.location), headers: AUTH });
  expect(status.statusCode).toBe(303);
  expect(status.headers.location).toBe('/async_api/v2/responses/1.json');
  const replay = await app.inject({ url: String(status.headers.location), headers: AUTH });
  expect(replay.statusCode).toBe(200);
  expect(body(replay).username).toBe('advertiser@example.com');
});

test('the status goes enqueued -> started -> 303 See Other with the done document', async () => {
  const t = await stand();
  onTestFinished(t.close);
  const { location } = await submit(t, { method: 'POST', rest: 'v2/campaigns.json', payload: NEW_CAMPAIGN });

  const enqueued = await t.inject({ url: location, headers: AUTH });
  expect(enqueued.statusCode).toBe(200);
  expect(enqueued.headers['content-type']).toMatch(/^application\/json/);
  // The manual clock starts at 2026-01-01T00:00:00Z, which is 03:00 in Moscow.
  expect(body(enqueued)).toEqual({ id: '1', status: 'enqueued', created: '2026-01-01 03:00:00' });

  t.advance(500); // scenario default: 500 ms enqueued
  const started = await t.inject({ url: location, headers: AUTH });
  // The exact bytes, key order included (the real API's order: id, status, created).
  expect(started.body).toBe('{"id":"1","status":"started","created":"2026-01-01 03:00:00"}');

  t.advance(2000); // 1000 ms execution; the extra second shows started != created
  const done = await t.inject({ url: location, headers: AUTH });
  expect(done.statusCode).toBe(303);
  expect(done.headers.location).toBe('/mytarget/async_api/v2/responses/1.json');
  expect(done.body).toBe(
    JSON.stringify({
      id: '1',
      status: 'done',
      response_http_code: 200,
      response_url: '/mytarget/async_api/v2/responses/1.json',
      started: '2026-01-01 03:00:00',
      exec_time: 1,
      created: '2026-01-01 03:00:00',
    }),
  );
});

test('exec_time is an integer, as in the docs\' example (125): seconds (rounded) by default, milliseconds when the scenario says so', async () => {
  const t = await stand();
  onTestFinished(t.close);
  t.stand.activateScenario({ version: 1, mytarget: { enqueued: 0, execution: 1734 } });
  const first = await submit(t, { rest: 'v2/user.json' });
  t.advance(1734);
  expect(body(await t.inject({ url: first.location, headers: AUTH })).exec_time).toBe(2);

  t.stand.activateScenario({ version: 1, mytarget: { enqueued: 0, execution: 1734, execTimeUnit: 'milliseconds' } });
  const second = await submit(t, { rest: 'v2/user.json' });
  t.advance(1734);
  expect(body(await t.inject({ url: second.location, headers: AUTH })).exec_time).toBe(1734);
});

test('the response replays the wrapped call with all its headers (Content-Type, Date of the run, rate limits) and body; its effects appear when it runs', async () => {
  const t = await stand();
  onTestFinished(t.close);
  const { location } = await submit(t, { method: 'POST', rest: 'v2/campaigns.json?fields=id,name,status', payload: NEW_CAMPAIGN });

  const before = await t.inject({ url: '/mytarget/api/v2/campaigns.json?_name=Created%20through%20the%20async%20API', headers: AUTH });
  expect(body(before).count).toBe(0);

  t.advanceUntil({ api: 'mytarget', id: '1', state: 'done' });
  const status = await t.inject({ url: location, headers: AUTH });
  const replay = await t.inject({ url: String(status.headers.location), headers: AUTH });

  expect(replay.statusCode).toBe(200);
  expect(replay.headers['content-type']).toMatch(/^application\/json/);
  // When the wrapped call ran (created + 500 ms enqueued + 1000 ms running), on the stand's clock.
  expect(replay.headers.date).toBe('Thu, 01 Jan 2026 00:00:01 GMT');
  expect(replay.headers['x-ratelimit-rps-limit']).toBe('10');
  expect(replay.headers['x-ratelimit-daily-remaining']).toBe('19999'); // the one sync call above
  const created = body<{ id: number; name: string; status: string }>(replay);
  expect(created).toEqual({ id: 6711666, name: NEW_CAMPAIGN.name, status: 'active' });

  const after = await t.inject({ url: `/mytarget/api/v2/campaigns/${created.id}.json?fields=id,created`, headers: AUTH });
  expect(body(after)).toEqual({ id: created.id, created: '2026-01-01 03:00:01' });
  // Replays are stable: the same bytes every time.
  expect((await t.inject({ url: String(status.headers.location), headers: AUTH })).body).toBe(replay.body);
});

test('a wrapped call that fails is done too: the 303 carries its code and the response replays the 400', async () => {
  const t = await stand();
  onTestFinished(t.close);
  const { location, id } = await submit(t, { method: 'POST', rest: 'v2/campaigns.json', payload: { package_id: 814, colour: 'red' } });
  t.advanceUntil({ api: 'mytarget', id, state: 'done' });

  const status = await t.inject({ url: location, headers: AUTH });
  expect(status.statusCode).toBe(303);
  expect(body(status).response_http_code).toBe(400);
  const replay = await t.inject({ url: String(status.headers.location), headers: AUTH });
  expect(replay.statusCode).toBe(400);
  expect(replay.headers['x-ratelimit-rps-remaining']).toBe('10');
  expect(body(replay)).toEqual({
    error: {
      fields: {
        name: { code: 'required', message: 'This field is required.' },
        colour: { code: 'unallowed_field', message: 'Unknown field; the writable campaign fields are listed in the README.' },
      },
      message: 'Validation failed',
      code: 'validation_failed',
    },
  });
});

test('an async call to an unknown id or an operation the stand does not emulate replays the 404 or 501', async () => {
  const t = await stand();
  onTestFinished(t.close);
  const missing = await submit(t, { rest: 'v2/campaigns/999.json' });
  const other = await submit(t, { method: 'POST', rest: 'v2/content/static.json', payload: {} });
  t.advance(10_000);

  const a = await t.inject({ url: `/mytarget/async_api/v2/responses/${missing.id}.json`, headers: AUTH });
  expect(a.statusCode).toBe(404);
  expect(body(a)).toEqual({ error: { message: 'Campaign 999 not found', code: 'not_found', resource: 'Campaign' } });
  const b = await t.inject({ url: `/mytarget/async_api/v2/responses/${other.id}.json`, headers: AUTH });
  expect(b.statusCode).toBe(501);
  expect(body<{ error: { message: string } }>(b).error.message).toMatch(/^POST \/api\/v2\/content\/static\.json is a myTarget API operation that async-stand does not emulate/);
});

test('status and response live one day after completion, then answer 404 in the error shape', async () => {
  const t = await stand();
  onTestFinished(t.close);
  const { location, id } = await submit(t, { rest: 'v2/user.json' });
  t.advanceUntil({ api: 'mytarget', id, state: 'done' });
  const response = `/mytarget/async_api/v2/responses/${id}.json`;

  t.advance(DAY - 1);
  expect((await t.inject({ url: location, headers: AUTH })).statusCode).toBe(303);
  expect((await t.inject({ url: response, headers: AUTH })).statusCode).toBe(200);

  t.advance(1);
  const gone = await t.inject({ url: location, headers: AUTH });
  expect(gone.statusCode).toBe(404);
  expect(body<{ error: { code: string } }>(gone).error.code).toBe('not_found');
  expect((await t.inject({ url: response, headers: AUTH })).statusCode).toBe(404);
  expect(t.stand.job('mytarget', id).state).toBe('expired');
});

test('a scripted crash after the start leaves the call "unknown" for good (inline X-Stand-Scenario rule)', async () => {
  const t = await stand();
  onTestFinished(t.close);
  const { location, id } = await submit(t, {
    method: 'POST',
    rest: 'v2/campaigns.json',
    payload: NEW_CAMPAIGN,
    headers: { 'x-stand-scenario': JSON.stringify({ action: { type: 'unknown' } }) },
  });

  t.advance(500);
  expect(body(await t.inject({ url: location, headers: AUTH })).status).toBe('started');
  t.advance(1000);
  const res = await t.inject({ url: location, headers: AUTH });
  expect(res.statusCode).toBe(200);
  expect(body(res)).toEqual({ id, status: 'unknown', created: '2026-01-01 03:00:00' });

  t.advance(3 * DAY);
  expect(body(await t.inject({ url: location, headers: AUTH })).status).toBe('unknown');
  const result = await t.inject({ url: `/mytarget/async_api/v2/responses/${id}.json`, headers: AUTH });
  expect(result.statusCode).toBe(404);
});

test('a scenario rule can make the 3rd async call end unknown; the others are done', async () => {
  const t = await stand();
  onTestFinished(t.close);
  t.stand.activateScenario({ version: 1, mytarget: { enqueued: 0, execution: 10, faults: [{ nth: 3, action: { type: 'unknown' } }] } });
  const ids: string[] = [];
  for (let i = 0; i < 4; i++) ids.push((await submit(t, { rest: 'v2/user.json' })).id);
  t.advance(1000);
  expect(ids.map((id) => t.stand.job('mytarget', id).state)).toEqual(['done', 'done', 'unknown', 'done']);
});

test('one-shot queue: "the next async call crashes" via the library (also POST /_stand/scenario/queue)', async () => {
  const t = await stand();
  onTestFinished(t.close);
  const queued = await t.inject({ method: 'POST', url: '/_stand/scenario/queue', payload: { api: 'mytarget', rule: { action: { type: 'unknown' } } } });
  expect(queued.statusCode).toBe(201);
  const first = await submit(t, { rest: 'v2/user.json' });
  const second = await submit(t, { rest: 'v2/user.json' });
  t.advance(10_000);
  expect(t.stand.job('mytarget', first.id).state).toBe('unknown');
  expect(t.stand.job('mytarget', second.id).state).toBe('done');
});

test("one token cannot see another token's calls: status and response answer 404", async () => {
  const t = await stand();
  onTestFinished(t.close);
  const { location, id } = await submit(t, { rest: 'v2/user.json' });
  t.advance(10_000);

  const status = await t.inject({ url: location, headers: AUTH_B });
  expect(status.statusCode).toBe(404);
  expect(body(status)).toEqual({
    error: { message: `Async request ${id} not found: it never existed for this token, or its result expired (results live one day)`, code: 'not_found' },
  });
  expect((await t.inject({ url: `/mytarget/async_api/v2/responses/${id}.json`, headers: AUTH_B })).statusCode).toBe(404);
  expect((await t.inject({ url: location, headers: AUTH })).statusCode).toBe(303);
});

test('calls of one account run in order, one at a time by default; other accounts have queues of their own', async () => {
  const t = await stand();
  onTestFinished(t.close);
  const a1 = await submit(t, { rest: 'v2/user.json' });
  const a2 = await submit(t, { rest: 'v2/user.json' });
  const b1 = await submit(t, { rest: 'v2/user.json', headers: AUTH_B });
  const state = (id: string) => t.stand.job('mytarget', id).state;

  t.advance(500);
  expect([state(a1.id), state(a2.id), state(b1.id)]).toEqual(['started', 'enqueued', 'started']);
  t.advance(1000);
  expect([state(a1.id), state(a2.id), state(b1.id)]).toEqual(['done', 'enqueued', 'done']);
  t.advance(500);
  expect(state(a2.id)).toBe('started');
  t.advance(1000);
  expect(state(a2.id)).toBe('done');
});

test('concurrency from the scenario lets N calls of an account run at once', async () => {
  const t = await stand();
  onTestFinished(t.close);
  t.stand.activateScenario({ version: 1, mytarget: { concurrency: 2, enqueued: 0, execution: 1000 } });
  const calls = [];
  for (let i = 0; i < 3; i++) calls.push(await submit(t, { rest: 'v2/user.json' }));
  t.advance(0);
  expect(calls.map((c) => t.stand.job('mytarget', c.id).state)).toEqual(['started', 'started', 'enqueued']);
  t.advance(1000);
  expect(calls.map((c) => t.stand.job('mytarget', c.id).state)).toEqual(['done', 'done', 'started']);
});

test('"after N polls" durations move a call only when its status is polled', async () => {
  const t = await stand();
  onTestFinished(t.close);
  t.stand.activateScenario({ version: 1, mytarget: { enqueued: { polls: 2 }, execution: { polls: 1 } } });
  const { location } = await submit(t, { rest: 'v2/user.json' });
  t.advance(DAY);

  const statuses = [];
  for (let i = 0; i < 4; i++) statuses.push((await t.inject({ url: location, headers: AUTH })).statusCode);
  // poll 1: enqueued; poll 2 moves it to started; poll 3 runs it: 303.
  expect(statuses).toEqual([200, 200, 303, 303]);
});

test('"manual" durations wait for the admin API: advance moves one step, complete drives it to done', async () => {
  const t = await stand();
  onTestFinished(t.close);
  t.stand.activateScenario({ version: 1, mytarget: { enqueued: 'manual', execution: 'manual' } });
  const first = await submit(t, { rest: 'v2/user.json' });
  const second = await submit(t, { rest: 'v2/user.json' });
  t.advance(DAY);

  const waiting = await t.inject({ method: 'POST', url: `/_stand/jobs/mytarget/${second.id}/advance` });
  expect(waiting.statusCode).toBe(409);
  expect(body<{ error: { code: string } }>(waiting).error.code).toBe('STAND_JOB_WAITING');

  const advanced = await t.inject({ method: 'POST', url: `/_stand/jobs/mytarget/${first.id}/advance` });
  expect(body(advanced).state).toBe('started');
  const completed = await t.inject({ method: 'POST', url: `/_stand/jobs/mytarget/${second.id}/complete` });
  expect(body(completed).state).toBe('done');
  expect(t.stand.job('mytarget', first.id).state).toBe('done');

  const jobs = body<{ items: { id: string; kind: string; detail: { responseHttpCode: number } }[] }>(await t.inject({ url: '/_stand/jobs?api=mytarget' }));
  expect(jobs.items.map((j) => [j.id, j.kind, j.detail.responseHttpCode])).toEqual([
    [first.id, 'async GET /api/v2/user.json', 200],
    [second.id, 'async GET /api/v2/user.json', 200],
  ]);
});

test('the response of a call not done yet is 404 with what to do; status paths take GET only', async () => {
  const t = await stand();
  onTestFinished(t.close);
  const { id } = await submit(t, { rest: 'v2/user.json' });

  const early = await t.inject({ url: `/mytarget/async_api/v2/responses/${id}.json`, headers: AUTH });
  expect(early.statusCode).toBe(404);
  expect(body<{ error: { message: string } }>(early).error.message).toContain(`its status is "enqueued"; poll /async_api/v2/requests/${id}.json`);

  const post = await t.inject({ method: 'POST', url: `/mytarget/async_api/v2/requests/${id}.json`, headers: AUTH });
  expect(post.statusCode).toBe(405);
  expect(post.headers.allow).toBe('GET');
  expect((await t.inject({ url: '/mytarget/async_api/v2/requests/abc.json', headers: AUTH })).statusCode).toBe(404);
});

test('the async API needs a token too: 401 at submission and on status', async () => {
  const t = await stand();
  onTestFinished(t.close);
  const res = await t.inject({ url: '/mytarget/async_api/v2/user.json' });
  expect(res.statusCode).toBe(401);
  expect(res.headers['www-authenticate']).toBe('Bearer realm="api", error="invalid_token", error_description="Unknown access token"');
  expect(body(res)).toEqual({ code: 'invalid_token', message: 'Unknown access token' });
  expect((await t.inject({ url: '/mytarget/async_api/v2/requests/1.json', headers: { authorization: 'OAuth x' } })).statusCode).toBe(401);
});

test('a body that is not JSON is accepted by the async API and answered 400 by the wrapped call', async () => {
  const t = await stand();
  onTestFinished(t.close);
  const res = await t.inject({ method: 'POST', url: '/mytarget/async_api/v2/campaigns.json', headers: JSON_HEADERS, payload: '{"name": ' });
  expect(res.statusCode).toBe(202);
  t.advance(10_000);
  const replay = await t.inject({ url: '/mytarget/async_api/v2/responses/1.json', headers: AUTH });
  expect(replay.statusCode).toBe(400);
  expect(body<{ error: { message: string } }>(replay).error.message).toMatch(/^Request body is not valid JSON: /);
});

test('regression: a reset with async calls in flight left the scheduler counting -1 pending tasks', async () => {
  const t = await stand();
  onTestFinished(t.close);
  await submit(t, { rest: 'v2/user.json' });
  await submit(t, { rest: 'v2/user.json' });
  expect(t.stand.clockInfo().pendingTasks).toBe(1);

  const reset = await t.inject({ method: 'POST', url: '/_stand/reset' });
  expect(reset.statusCode).toBe(200);
  expect(t.stand.clockInfo().pendingTasks).toBe(0);
  expect(t.stand.jobs({ api: 'mytarget' })).toEqual([]);

  const again = await submit(t, { rest: 'v2/user.json' });
  expect(again.id).toBe('1'); // ids start over
  expect(t.stand.clockInfo().pendingTasks).toBe(1);
});
