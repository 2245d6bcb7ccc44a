/**
 * Found by the fuzz suite: OPTIONS, TRACE, PROPFIND, ... on the export path
 * (/logs/v1/export/events.json) answered 501 "... is an AppMetrica API operation that async-stand
 * does not emulate". Only POST/PUT/DELETE/PATCH were routed to the 405; the other methods fell
 * to the not-found handler, which took any /logs/ path for a real operation (so did a deeper
 * path such as /logs/v1/export/events.json/x, which is no resource at all).
 */
import { expect, onTestFinished, test } from 'vitest';
import { stand } from '../helpers.js';

test('any method but GET and HEAD on the export path answers 405 in text/plain; a deeper path 404', async () => {
  const t = await stand();
  onTestFinished(t.close);
  for (const method of ['OPTIONS', 'TRACE', 'PROPFIND', 'SEARCH', 'LOCK', 'POST'] as const) {
    // light-my-request 6.6's method type (the version on Node 20) lacks TRACE; it sends it all the same.
    const res = await t.inject({ method: method as 'POST', url: '/appmetrica/logs/v1/export/events.json?application_id=1111', headers: { authorization: 'OAuth a' } });
    expect(res.statusCode, method).toBe(405);
    expect(res.headers['content-type']).toBe('text/plain');
    expect(res.body).toBe(`Method ${method} is not allowed. Use GET.`);
  }
  // Below the export path there is nothing: 404 (also for GET).
  for (const method of ['GET', 'PUT'] as const) {
    const deeper = await t.inject({ method, url: '/appmetrica/logs/v1/export/events.json/x', headers: { authorization: 'OAuth a' } });
    expect(deeper.statusCode, method).toBe(404);
    expect(deeper.body).toBe('Not found: /logs/v1/export/events.json/x');
  }
  // Other /logs/ paths are still real operations the stand does not emulate.
  expect((await t.inject({ method: 'OPTIONS', url: '/appmetrica/logs/v1/other', headers: { authorization: 'OAuth a' } })).statusCode).toBe(501);
});

test('a POST to the export path with a JSON body that does not parse is still a 405 (issue 22: it was a 400)', async () => {
  const t = await stand();
  onTestFinished(t.close);
  for (const payload of ['{bad', '']) {
    const res = await t.inject({ method: 'POST', url: '/appmetrica/logs/v1/export/events.json?application_id=1111', headers: { authorization: 'OAuth a', 'content-type': 'application/json' }, payload });
    expect(res.statusCode).toBe(405);
    expect(res.body).toBe('Method POST is not allowed. Use GET.');
  }
});
