/**
 * Issue 22: closing the stand (SIGTERM) cut the requests in flight: their clients saw a reset.
 * A closing stand lets them finish (for DRAIN_MS at most), then exits.
 */
import { expect, test } from 'vitest';
import { startStand } from '../../src/server.js';

test('a request in flight when the stand closes still gets its answer', async () => {
  const running = await startStand({ port: 0, clock: 'manual', logLevel: 'silent' });
  // Handled at once, answered 600 ms of wall time later.
  const answer = fetch(`${running.url}/toloka/api/v1/operations`, {
    headers: { authorization: 'OAuth drain', 'x-stand-scenario': '{"action":{"type":"delayAnswer","ms":600}}' },
  }).then(async (r) => ({ status: r.status, body: await r.text() }), (e: Error) => ({ status: 0, body: String(e.cause ?? e) }));
  // The journal has it once it was handled (its answer is then held).
  while (running.requests().length === 0) await new Promise((resolve) => setImmediate(resolve));
  const closed = running.close();
  expect(await answer).toMatchObject({ status: 200 });
  await closed;
});
