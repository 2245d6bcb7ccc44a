/**
 * Callbacks that fall due in one clock step are journaled, and retried, in the order they were
 * started, whatever order their receivers answer in: the same seed and clock steps give the same
 * callback journal.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, onTestFinished, test } from 'vitest';
import { createTestStand } from '../../src/testing/index.js';

const CALLS = 5;

/**
 * A receiver that holds the first CALLS requests until all have come, then answers them 500 at
 * once, in arrival order or the reverse; later requests (the retries) get 200 at once.
 */
async function batchReceiver(reverse: boolean): Promise<{ url: string; arrived: string[]; close: () => Promise<void> }> {
  const arrived: string[] = [];
  const held: ServerResponse[] = [];
  const server = createServer((req, res) => {
    req.resume();
    arrived.push(req.url ?? '');
    if (arrived.length > CALLS) return void res.writeHead(200).end('ok');
    held.push(res);
    if (held.length < CALLS) return;
    for (const r of reverse ? held.reverse() : held) r.writeHead(500).end('failed');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    arrived,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** CALLS myTarget async calls with callbacks, all done in one step; their first attempts fail, the retries succeed. */
async function run(reverse: boolean) {
  const t = await createTestStand({ seed: 7 });
  onTestFinished(t.close);
  const receiver = await batchReceiver(reverse);
  onTestFinished(receiver.close);
  t.stand.activateScenario({ version: 1, callbacks: { retries: 1, backoffMs: 1_000, backoffFactor: 1 } });
  for (let i = 0; i < CALLS; i++) {
    // Each on its own account, so all run at once and end in the same step.
    const res = await t.inject({ url: '/mytarget/async_api/v2/user.json', headers: { authorization: `Bearer order-${i}`, 'x-callback-location': `${receiver.url}/cb/${i}` } });
    expect(res.statusCode).toBe(202);
  }
  t.advance(10_000);
  await t.stand.settle();
  const first = t.stand.callbackAttempts();
  t.advance(1_000);
  await t.stand.settle();
  const all = t.stand.callbackAttempts().map((a) => ({ ...a, url: a.url.replace(receiver.url, 'RECEIVER') }));
  return { first, all, arrived: receiver.arrived };
}

test('callbacks due in one step are journaled and retried in the order they started, not in the order their receivers answered', async () => {
  const reversed = await run(true);
  // The receiver had all five before it answered any, and answered the last first.
  expect(reversed.arrived.slice(0, CALLS).sort()).toEqual([0, 1, 2, 3, 4].map((i) => `/cb/${i}`));

  // The journal lists the first attempts as they were started (the jobs' order), seq rising.
  expect(reversed.first.map((a) => [a.url.replace(/.*\/cb\//, ''), a.attempt, a.status])).toEqual([0, 1, 2, 3, 4].map((i) => [String(i), 1, 500]));
  // The retries go out, and are listed, in that order too.
  const retries = reversed.all.filter((a) => a.attempt === 2);
  expect(retries.map((a) => [a.url, a.status])).toEqual([0, 1, 2, 3, 4].map((i) => [`RECEIVER/cb/${i}`, 200]));
  const seqs = reversed.all.map((a) => a.seq);
  expect(seqs).toEqual([...seqs].sort((a, b) => a - b));

  // A receiver answering in the other order leaves the very same journal.
  const inOrder = await run(false);
  expect(inOrder.all).toEqual(reversed.all);
});
