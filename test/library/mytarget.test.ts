/** A user's suite testing a myTarget async client with callbacks, against the stand. */
import { createTestStand } from 'async-stand/testing';
import { expect, onTestFinished, test } from 'vitest';

test('submit with a callback; the sink receives it once the stand clock has moved', async () => {
  const t = await createTestStand();
  onTestFinished(t.close);
  const sink = await t.callbackSink();
  const submit = await t.inject({
    method: 'POST',
    url: '/mytarget/async_api/v2/campaigns.json?fields=name',
    headers: { authorization: 'Bearer lib', 'content-type': 'application/json', 'x-callback-location': `${sink.url}/done` },
    payload: { name: 'From a library test', package_id: 814 },
  });
  expect(submit.statusCode).toBe(202);
  const id = /requests\/(\w+)\.json$/.exec(String(submit.headers.location))![1]!;
  t.advanceUntil({ api: 'mytarget', id, state: 'done' });
  const [callback] = await sink.waitFor(1);
  expect(callback!.form.response_http_code).toBe('200');
  const result = await t.inject({ url: new URL(callback!.form.response_url!).pathname, headers: { authorization: 'Bearer lib' } });
  expect(result.statusCode).toBe(200);
  expect(JSON.parse(result.body)).toMatchObject({ name: 'From a library test' });
  await t.stand.settle();
  expect(t.stand.callbackAttempts({ api: 'mytarget', jobId: id })).toEqual([expect.objectContaining({ attempt: 1, ok: true, status: 200 })]);
});

test('a receiver that fails twice gets the third attempt, each one in the journal', async () => {
  const t = await createTestStand();
  onTestFinished(t.close);
  const sink = await t.callbackSink((n) => (n < 2 ? 503 : 200));
  const submit = await t.inject({ url: '/mytarget/async_api/v2/user.json', headers: { authorization: 'Bearer lib', 'x-callback-location': sink.url } });
  const id = /requests\/(\w+)\.json$/.exec(String(submit.headers.location))![1]!;
  t.advanceUntil({ api: 'mytarget', id, state: 'done' });
  await sink.waitFor(1);
  await t.stand.settle();
  for (const attempt of [2, 3]) {
    // the retry waits on the stand's clock (backoff); move it until the attempt is on the wire
    t.advanceUntil(() => t.stand.clockInfo().callbacksInFlight > 0, { maxMs: 3_600_000 });
    await sink.waitFor(attempt);
    await t.stand.settle();
  }
  expect(t.stand.callbackAttempts({ jobId: id }).map((a) => [a.attempt, a.status, a.ok])).toEqual([
    [1, 503, false],
    [2, 503, false],
    [3, 200, true],
  ]);
});
