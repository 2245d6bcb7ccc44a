/**
 * Regression (issue 17): a callback on the wire while POST /_stand/reset ran landed in the fresh
 * journal, and its failure scheduled a retry for a job id the next run reuses. A reset now ends
 * the stand's generation: the attempt is dropped, nothing of it survives into the next one.
 */
import { expect, onTestFinished, test } from 'vitest';
import { stand } from '../helpers.js';
import { AUTH } from '../mytarget/helpers.js';

test('a callback in flight during a reset leaves no journal entry and no retry behind', async () => {
  const t = await stand({ listen: true });
  onTestFinished(t.close);
  const sink = await t.callbackSink(() => 'hang');
  const submitted = await t.inject({ url: '/mytarget/async_api/v2/user.json', headers: { ...AUTH, 'x-callback-location': `${sink.url}/cb` } });
  expect(submitted.statusCode).toBe(202);
  t.advance(60_000);
  await sink.waitFor(1); // the attempt is on the wire, and the receiver never answers

  const reset = await t.inject({ method: 'POST', url: '/_stand/reset' });
  expect(reset.statusCode).toBe(200);
  await t.stand.settle();

  expect(t.stand.callbackAttempts()).toEqual([]);
  expect(t.stand.clockInfo().pendingTasks).toBe(0);
  // The next run reuses job id 1: its own callback is the only one the receiver sees.
  const again = await t.inject({ url: '/mytarget/async_api/v2/user.json', headers: AUTH });
  expect(again.headers.location).toBe(submitted.headers.location);
  t.advance(3_600_000);
  await t.stand.settle();
  expect(sink.received).toHaveLength(1);
  expect(t.stand.callbackAttempts()).toEqual([]);
});
