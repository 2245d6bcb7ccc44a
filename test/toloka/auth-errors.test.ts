import { expect, test } from 'vitest';
import { API, get, post, task, tolokaStand } from './helpers.js';

test('both Authorization prefixes are accepted: OAuth <token> and ApiKey <key>', async () => {
  const t = await tolokaStand();
  for (const authorization of ['OAuth some-token', 'ApiKey abcdefghijklmnopqrstuvw.xyz.123']) {
    const res = await post(t, '/tasks?async_mode=true', [task(1)], { authorization });
    expect(res.statusCode).toBe(202);
    const id = JSON.parse(res.body).id;
    expect((await get(t, `/operations/${id}`, { authorization })).statusCode).toBe(200);
  }
  // The journal records the account (masked when shown; a filter takes the token itself).
  expect(t.stand.countRequests({ api: 'toloka', token: 'abcdefghijklmnopqrstuvw.xyz.123' })).toBe(2);
});

test('no Authorization header answers 401 with the JSON error body, on every route, before the body is read', async () => {
  const t = await tolokaStand();
  const cases = [
    await get(t, '/operations', {}),
    await get(t, '/operations/whatever/log', {}),
    await post(t, '/tasks?async_mode=true', [task(1)], {}),
    await t.inject({ method: 'POST', url: `${API}/tasks`, headers: { 'content-type': 'application/json' }, payload: '{not json' }),
    await get(t, '/tasks', { authorization: 'Bearer abc' }),
  ];
  for (const res of cases) {
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    const body = JSON.parse(res.body);
    expect(Object.keys(body)).toEqual(['request_id', 'code', 'message', 'payload']);
    expect(body.code).toBe('AUTHENTICATION_ERROR');
    expect(body.request_id).toMatch(/^[0-9a-f-]{36}$/);
  }
});

test('a scenario with "tokens" makes every other token a 401', async () => {
  const t = await tolokaStand();
  t.stand.activateScenario({ version: 1, tokens: ['only-me'] });
  expect((await get(t, '/operations', { authorization: 'OAuth only-me' })).statusCode).toBe(200);
  const other = await get(t, '/operations', { authorization: 'OAuth stranger' });
  expect(other.statusCode).toBe(401);
  expect(JSON.parse(other.body).code).toBe('AUTHENTICATION_ERROR');
});

test('an unknown operation is a 404 DOES_NOT_EXIST in the Toloka shape', async () => {
  const t = await tolokaStand();
  const res = await get(t, '/operations/nope');
  expect(res.statusCode).toBe(404);
  const body = JSON.parse(res.body);
  expect(body).toEqual({ request_id: expect.stringMatching(/^[0-9a-f-]{36}$/), code: 'DOES_NOT_EXIST', message: expect.stringContaining('nope'), payload: null });
  expect((await get(t, '/operations/nope/log')).statusCode).toBe(404);
});

test('request ids come from the seed: two stands with one seed answer byte-identical errors', async () => {
  const bodies: string[][] = [];
  for (let i = 0; i < 2; i++) {
    const t = await tolokaStand(undefined, { seed: 42 });
    bodies.push([(await get(t, '/operations/nope')).body, (await get(t, '/operations', {})).body]);
  }
  expect(bodies[0]).toEqual(bodies[1]);
  expect(bodies[0]![0]).not.toEqual(bodies[0]![1]);
});

test('unknown Toloka routes answer 404; a wrong method on a real one 405, also on the Apps API', async () => {
  const t = await tolokaStand();
  // Toloka Apps (toloka-kit's get_app_projects, create_app_batch, ...): no DELETE there.
  const apps = await t.inject({ method: 'DELETE', url: '/toloka/api/app/v0/app-projects/12/batches', headers: { authorization: 'OAuth x' } });
  expect(apps.statusCode).toBe(405);
  expect(JSON.parse(apps.body)).toMatchObject({ code: 'METHOD_NOT_ALLOWED', message: expect.stringContaining('allowed: GET, POST') });
  const unknown = await get(t, '/no-such-thing');
  expect(unknown.statusCode).toBe(404);
  expect(JSON.parse(unknown.body).code).toBe('DOES_NOT_EXIST');
  const wrong = await t.inject({ method: 'DELETE', url: `${API}/operations`, headers: { authorization: 'OAuth x' } });
  expect(wrong.statusCode).toBe(405);
  expect(JSON.parse(wrong.body).code).toBe('METHOD_NOT_ALLOWED');
});

test('bad JSON, a wrong content type, a missing body and a huge body answer 4xx in the Toloka shape', async () => {
  const t = await tolokaStand(undefined, { bodyLimit: 1024 });
  const auth = { authorization: 'OAuth x' };
  const badJson = await t.inject({ method: 'POST', url: `${API}/tasks`, headers: { ...auth, 'content-type': 'application/json' }, payload: '[{"pool_id":' });
  expect(badJson.statusCode).toBe(400);
  expect(JSON.parse(badJson.body)).toMatchObject({ code: 'VALIDATION_ERROR' });
  const xml = await t.inject({ method: 'POST', url: `${API}/tasks`, headers: { ...auth, 'content-type': 'application/xml' }, payload: '<task/>' });
  expect(xml.statusCode).toBe(415);
  expect(JSON.parse(xml.body).code).toBe('UNSUPPORTED_MEDIA_TYPE');
  const text = await t.inject({ method: 'POST', url: `${API}/tasks`, headers: { ...auth, 'content-type': 'text/plain' }, payload: '[]' });
  expect(text.statusCode).toBe(415);
  const none = await t.inject({ method: 'POST', url: `${API}/tasks?async_mode=true`, headers: auth });
  expect(none.statusCode).toBe(400);
  expect(JSON.parse(none.body)).toMatchObject({ code: 'VALIDATION_ERROR', payload: { body: { code: 'VALUE_REQUIRED' } } });
  const scalar = await post(t, '/tasks', 42, auth);
  expect(scalar.statusCode).toBe(400);
  const huge = await post(t, '/tasks', Array.from({ length: 50 }, (_, i) => task(i)), auth);
  expect(huge.statusCode).toBe(413);
  const body = JSON.parse(huge.body);
  expect(Object.keys(body)).toEqual(['request_id', 'code', 'message', 'payload']);
  const badBool = await post(t, '/tasks?async_mode=yes', [task(1)], auth);
  expect(badBool.statusCode).toBe(400);
  expect(JSON.parse(badBool.body).payload).toMatchObject({ async_mode: { code: 'BOOLEAN_EXPECTED' } });
});

test('a scenario status fault answers 429 TOO_MANY_REQUESTS with the JSON body', async () => {
  const t = await tolokaStand({ faults: [{ match: { method: 'POST', path: '/api/v1/tasks' }, nth: 2, action: { type: 'status', status: 429 } }] });
  expect((await post(t, '/tasks', [task(1)])).statusCode).toBe(201);
  const limited = await post(t, '/tasks', [task(1)]);
  expect(limited.statusCode).toBe(429);
  expect(JSON.parse(limited.body)).toMatchObject({ code: 'TOO_MANY_REQUESTS', message: 'Too many requests', payload: null });
});

test('on its own port the API answers at root: /api/v1/...', async () => {
  const t = await tolokaStand();
  const app = { inject: (o: Parameters<typeof t.inject>[0]) => t.injectOwnPort('toloka', o) };
  {
    const res = await app.inject({ method: 'GET', url: '/api/v1/operations', headers: { authorization: 'OAuth x' } });
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ items: [], has_more: false });
    const missing = await app.inject({ method: 'GET', url: '/api/v1/operations/x' , headers: { authorization: 'OAuth x' } });
    expect(JSON.parse(missing.body).code).toBe('DOES_NOT_EXIST');
  }
});

test('a bare POST with Content-Type: application/json and no body works; a body with __proto__ is refused', async () => {
  const t = await tolokaStand();
  await post(t, '/tasks', [{ pool_id: '2', input_values: { image: 'https://example.com/a.png' }, overlap: 1 }]);
  const open = await t.inject({ method: 'POST', url: `${API}/pools/2/open`, headers: { authorization: 'OAuth toloka-test-token', 'content-type': 'application/json' } });
  expect(open.statusCode).toBe(202);
  const poisoned = await t.inject({
    method: 'POST',
    url: `${API}/tasks`,
    headers: { authorization: 'OAuth x', 'content-type': 'application/json' },
    payload: '{"pool_id":"1","__proto__":{"polluted":true}}',
  });
  expect(poisoned.statusCode).toBe(400);
  expect(JSON.parse(poisoned.body)).toMatchObject({ code: 'VALIDATION_ERROR', payload: { body: { code: 'JSON_EXPECTED' } } });
});
