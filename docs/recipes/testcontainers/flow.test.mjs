// Testcontainers for Node with async-stand/testcontainers (run by npm run test:docker against
// the image it builds: ASYNC_STAND_IMAGE).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GenericContainer, Wait } from 'testcontainers';
import { startStandContainer } from 'async-stand/testcontainers';

test('the stand in a container: an export prepared on the manual clock', async () => {
  const stand = await startStandContainer({ GenericContainer, Wait }, { image: process.env.ASYNC_STAND_IMAGE ?? 'async-stand', env: { STAND_CLOCK: 'manual' } });
  try {
    const url = `${stand.urls.appmetrica}/logs/v1/export/events.json?application_id=1111&date_since=2026-01-01&date_until=2026-01-01&fields=event_name`;
    const headers = { authorization: 'OAuth tc' };
    assert.equal((await fetch(url, { headers })).status, 202);
    await stand.admin.advance(60_000);
    assert.equal((await fetch(url, { headers })).status, 200);
    assert.equal((await stand.admin.verify({ api: 'appmetrica', count: 2 })).ok, true);
  } finally {
    await stand.stop();
  }
});
