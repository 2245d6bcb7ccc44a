/**
 * Found by the fuzz suite: a request to a path outside the APIs (a 404) whose body fails to parse
 * (bad JSON, an unsupported Content-Type) was answered in Fastify's default error shape
 * `{"statusCode":400,"code":"FST_ERR_CTP_INVALID_JSON_BODY","error":"Bad Request",...}`: the body
 * is parsed before the not-found handler runs, and the root had no error handler.
 */
import { expect, onTestFinished, test } from 'vitest';
import { stand } from '../helpers.js';

test('an unknown path with a body that does not parse answers in the admin error shape', async () => {
  const t = await stand();
  onTestFinished(t.close);

  const badJson = await t.inject({ method: 'POST', url: '/nowhere', headers: { 'content-type': 'application/json' }, payload: '{"a":' });
  expect(badJson.statusCode).toBe(400);
  expect(badJson.json()).toEqual({ error: { code: 'FST_ERR_CTP_INVALID_JSON_BODY', message: expect.any(String) } });

  const badType = await t.inject({ method: 'PUT', url: '/a/../../b', headers: { 'content-type': 'application/xml' }, payload: '<a/>' });
  expect(badType.statusCode).toBe(404);
  expect(badType.json()).toEqual({ error: { code: 'STAND_NOT_FOUND', message: expect.any(String) } });

  const proto = await t.inject({ method: 'OPTIONS', url: '/', headers: { 'content-type': 'application/json' }, payload: '{"constructor":{"prototype":{"polluted":1}}}' });
  expect(proto.statusCode).toBe(400);
  expect(Object.keys(proto.json())).toEqual(['error']);
});
