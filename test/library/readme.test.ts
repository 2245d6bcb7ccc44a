/**
 * The README's library snippets ("As a library", "In your tests"), as they stand there, with
 * their comments turned into assertions.
 */
import { expect, test } from 'vitest';
import { startStand } from 'async-stand';
import { createTestStand } from 'async-stand/testing';

test('README, "As a library": submit, advance, settle, the 303 and the journaled callback', async () => {
  const stand = await startStand({ port: 0, clock: 'manual', logLevel: 'silent' });
  try {
    const submitted = await fetch(`${stand.urls.mytarget}/async_api/v2/user.json`, {
      headers: { authorization: 'Bearer my-token', 'x-callback-location': 'http://127.0.0.1:9/done' },
    });
    const status = `${stand.url}${submitted.headers.get('location')}`;
    stand.advance(2_000);
    await stand.settle();
    const done = await fetch(status, { headers: { authorization: 'Bearer my-token' }, redirect: 'manual' });
    expect(done.status).toBe(303);
    expect(stand.callbackAttempts()[0]?.error).toBe('ECONNREFUSED');
  } finally {
    await stand.close();
  }
});

test('README, "In your tests": 202, advance, 200', async () => {
  const t = await createTestStand();
  const url = '/appmetrica/logs/v1/export/events.json?application_id=1111&date_since=2026-01-01&date_until=2026-01-01&fields=event_name';
  const headers = { authorization: 'OAuth test' };
  expect((await t.inject({ url, headers })).statusCode).toBe(202);
  t.advance(60_000);
  expect((await t.inject({ url, headers })).statusCode).toBe(200);
  await t.close();
});
