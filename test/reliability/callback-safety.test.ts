import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, onTestFinished, test } from 'vitest';
import { createTestStand } from '../../src/testing/index.js';

test('callbacks never follow a redirect to another host and never carry the caller\'s token', async () => {
  const t = await createTestStand();
  onTestFinished(t.close);
  const elsewhere = await t.callbackSink();
  // the receiver answers 302 to another host
  const redirector = createServer((_req, res) => res.writeHead(302, { location: `${elsewhere.url}/stolen` }).end());
  await new Promise<void>((resolve) => redirector.listen(0, '127.0.0.1', resolve));
  onTestFinished(() => new Promise<void>((resolve) => redirector.close(() => resolve())));
  const target = `http://localhost:${(redirector.address() as AddressInfo).port}/cb`;

  const sink = await t.callbackSink();
  await t.inject({ url: '/mytarget/async_api/v2/user.json', headers: { authorization: 'Bearer secret-token', 'x-callback-location': `${sink.url}/ok` } });
  await t.inject({ url: '/mytarget/async_api/v2/user.json', headers: { authorization: 'Bearer secret-token', 'x-callback-location': target } });
  t.advance(10_000);
  const [ok] = await sink.waitFor(1);
  expect(ok!.headers.authorization).toBeUndefined();
  expect(JSON.stringify(ok!.headers)).not.toContain('secret-token');
  await t.stand.settle();
  const redirected = t.stand.callbackAttempts().find((a) => a.url === target);
  expect(redirected).toMatchObject({ status: 302, ok: false });
  expect(elsewhere.received).toHaveLength(0);
});

test('an allow-list of callback hosts refuses others at submission with 400', async () => {
  const t = await createTestStand();
  onTestFinished(t.close);
  t.stand.activateScenario({ version: 1, callbacks: { allowHosts: ['hooks.example'] } });
  const res = await t.inject({ url: '/mytarget/async_api/v2/user.json', headers: { authorization: 'Bearer a', 'x-callback-location': 'http://127.0.0.1:9/cb' } });
  expect(res.statusCode).toBe(400);
  expect(JSON.parse(res.body).error.message).toMatch(/127\.0\.0\.1/);
  expect(t.stand.jobs({ api: 'mytarget' })).toHaveLength(0);
});

test('a receiver that never answers times out (scenario timeout) and the attempt is journaled as failed', async () => {
  const t = await createTestStand();
  onTestFinished(t.close);
  t.stand.activateScenario({ version: 1, callbacks: { timeoutMs: 200, retries: 0 } });
  const sink = await t.callbackSink(() => 'hang');
  await t.inject({ url: '/mytarget/async_api/v2/user.json', headers: { authorization: 'Bearer a', 'x-callback-location': sink.url } });
  t.advance(10_000);
  await sink.waitFor(1);
  await t.stand.settle();
  expect(t.stand.callbackAttempts()[0]).toMatchObject({ ok: false, status: null, error: expect.stringMatching(/Timeout/i) });
});
