/**
 * Found by the fuzz suite: a path with a malformed %-escape (`/toloka/api/v1/tasks/%zz`) or a path
 * segment over 500 characters was answered by Fastify's router itself, in Fastify's shape
 * `{"error":"Bad Request","code":"FST_ERR_BAD_URL",...}`, not in the shape of the API it was sent to.
 */
import { expect, onTestFinished, test } from 'vitest';
import { stand } from '../helpers.js';

test('a malformed %-escape in the path answers 400 in the shape of the API it was sent to', async () => {
  const t = await stand();
  onTestFinished(t.close);

  const am = await t.inject({ url: '/appmetrica/logs/v1/export/%zz.json', headers: { authorization: 'OAuth a' } });
  expect(am.statusCode).toBe(400);
  expect(am.headers['content-type']).toBe('text/plain');
  expect(am.body).toMatch(/^The URL path is not valid: it has a malformed %-escape/);

  const mt = await t.inject({ url: '/mytarget/async_api/v2/requests/%E0%A4%A.json', headers: { authorization: 'Bearer a' } });
  expect(mt.statusCode).toBe(400);
  expect(mt.json()).toEqual({ error: { code: 'bad_request', message: expect.stringMatching(/malformed %-escape/) } });

  const tk = await t.inject({ url: '/toloka/api/v1/operations/%c0/log', headers: { authorization: 'OAuth a' } });
  expect(tk.statusCode).toBe(400);
  expect(Object.keys(tk.json()).sort()).toEqual(['code', 'message', 'payload', 'request_id']);
  expect(tk.json()).toMatchObject({ code: 'VALIDATION_ERROR', payload: null });

  for (const url of ['/_stand/jobs/toloka/%ff', '/%zz']) {
    const res = await t.inject({ url });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ error: { code: 'STAND_BAD_URL', message: expect.stringMatching(/malformed %-escape/) } });
  }
});

test('a path segment over 500 characters answers 414 in the API\'s shape', async () => {
  const t = await stand();
  onTestFinished(t.close);
  const res = await t.inject({ url: `/toloka/api/v1/tasks/${'a'.repeat(600)}`, headers: { authorization: 'OAuth a' } });
  expect(res.statusCode).toBe(414);
  expect(res.json()).toMatchObject({ code: expect.any(String), message: expect.stringMatching(/longer than 500 characters/), payload: null });
  const admin = await t.inject({ url: `/_stand/jobs/toloka/${'a'.repeat(600)}` });
  expect(admin.statusCode).toBe(414);
  expect(admin.json()).toMatchObject({ error: { code: 'STAND_URL_TOO_LONG' } });
});

test('on an API\'s own port every path is that API\'s, malformed or not', async () => {
  const t = await stand();
  onTestFinished(t.close);
  const app = { inject: (o: Parameters<typeof t.inject>[0]) => t.injectOwnPort('mytarget', o) };
  const res = await app.inject({ url: '/_stand/%zz' });
  expect(res.statusCode).toBe(400);
  expect(res.json()).toMatchObject({ error: { code: 'bad_request' } });
});

// Found by the fuzz suite after the journal learned to mask secret query values: a secret-looking
// parameter with a malformed escape (`?token=%E0%A4%A`) made GET /_stand/journal/requests a 500.
test('a secret query value with a malformed %-escape is masked as it came, and the journal still reads', async () => {
  const t = await stand();
  onTestFinished(t.close);
  await t.inject({ url: '/toloka/api/v1/pools?token=%E0%A4%A', headers: { authorization: 'OAuth a' } });
  const res = await t.inject({ url: '/_stand/journal/requests' });
  expect(res.statusCode).toBe(200);
  const url = (res.json() as { items: { url: string }[] }).items.map((e) => e.url).find((u) => u.includes('token='));
  expect(url).toMatch(/^\/toloka\/api\/v1\/pools\?token=%25E%E2%80%A6\([0-9a-f]{4}\)$/); // '%E…(b02e)', escaped
  expect(url).not.toContain('token=%E0%A4%A');
});
