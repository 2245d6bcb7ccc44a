/**
 * Issue 22: no callback receiver can hold the stand. An attempt has a deadline for its whole
 * answer (a receiver trickling its body used to hold it for ever), and only so many attempts
 * are on the wire at once (5,000 callbacks to closed ports made a status poll take 5 s).
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, onTestFinished, test } from 'vitest';
import { MAX_ATTEMPTS_ON_WIRE } from '../../src/core/callbacks.js';
import { stand } from '../helpers.js';

/** A receiver the test drives: `answer` gets each request's response; it counts how many are open at once. */
async function receiver(answer: (res: ServerResponse) => void) {
  let open = 0;
  let most = 0;
  let received = 0;
  const responses = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    received++;
    most = Math.max(most, ++open);
    responses.add(res);
    res.on('close', () => {
      open--;
      responses.delete(res);
    });
    req.resume();
    answer(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onTestFinished(async () => {
    for (const res of responses) res.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/cb`, most: () => most, received: () => received };
}

test('a receiver that trickles its answer is cut at the deadline (headers and body), journaled, and retried', async () => {
  const timers = new Set<NodeJS.Timeout>();
  onTestFinished(() => timers.forEach(clearInterval));
  // Headers at once, then one byte every 50 ms: every chunk is in time, the whole never is.
  const r = await receiver((res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    const timer = setInterval(() => res.write('.'), 50);
    timers.add(timer);
    res.on('close', () => clearInterval(timer));
  });
  const t = await stand();
  onTestFinished(t.close);
  t.stand.activateScenario({ version: 1, callbacks: { timeoutMs: 300, retries: 1, backoffMs: 1000 } });
  await t.inject({ url: '/mytarget/async_api/v2/user.json', headers: { authorization: 'Bearer slow', 'x-callback-location': r.url } });
  t.advance(10_000);
  await t.stand.settle();
  expect(t.stand.callbackAttempts()).toMatchObject([{ attempt: 1, ok: false, status: null, error: 'timeout: no whole answer within 300 ms' }]);
  t.advance(1_000);
  await t.stand.settle();
  expect(t.stand.callbackAttempts().map((a) => [a.attempt, a.error])).toEqual([
    [1, 'timeout: no whole answer within 300 ms'],
    [2, 'timeout: no whole answer within 300 ms'],
  ]);
});

test(`many callbacks at once: at most ${MAX_ATTEMPTS_ON_WIRE} are on the wire, the rest wait their turn, and polls are answered meanwhile`, async () => {
  // The receiver holds every callback until the test lets them go; a probe of its own is answered at once.
  const held: ServerResponse[] = [];
  let releasing = false;
  let arrived: (() => void) | undefined;
  const r = await receiver((res) => {
    if (res.req.url === '/probe' || releasing) return void res.writeHead(200).end('ok');
    held.push(res);
    if (held.length === MAX_ATTEMPTS_ON_WIRE) arrived?.();
  });
  const full = new Promise<void>((resolve) => (arrived = resolve));
  const t = await stand();
  onTestFinished(t.close);
  const calls = 3 * MAX_ATTEMPTS_ON_WIRE;
  for (let i = 0; i < calls; i++) {
    await t.inject({ url: '/mytarget/async_api/v2/user.json', headers: { authorization: `Bearer many-${i}`, 'x-callback-location': r.url } });
  }
  t.advance(10_000);
  await full;
  // Connections are accepted in the order they were opened: once the probe, opened after every
  // attempt that was started, has its answer, every started attempt has arrived.
  await fetch(r.url.replace('/cb', '/probe')).then((res) => res.text());
  expect(r.received() - 1).toBe(MAX_ATTEMPTS_ON_WIRE);
  expect((await t.inject({ url: '/mytarget/async_api/v2/requests/1.json', headers: { authorization: 'Bearer many-0' } })).statusCode).toBe(303);
  releasing = true;
  for (const h of held.splice(0)) h.writeHead(200).end('ok');
  await t.stand.settle();
  expect(r.received() - 1).toBe(calls);
  expect(t.stand.callbackAttempts().filter((a) => a.ok)).toHaveLength(calls);
});
