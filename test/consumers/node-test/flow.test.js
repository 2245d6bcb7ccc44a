// node --test, no test framework at all: the library's startStand on port 0, a Toloka batch
// create with async_mode, its operation polled, its log read.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startStand } from 'async-stand';

test('a Toloka batch create: the operation, polled to SUCCESS, and its log', async () => {
  const stand = await startStand({ port: 0, clock: 'manual' });
  try {
    const headers = { authorization: 'OAuth consumer', 'content-type': 'application/json' };
    const created = await fetch(`${stand.urls.toloka}/api/v1/tasks?async_mode=true&operation_id=0b0f5d2c-7e1a-4b6e-9f1d-2b3c4d5e6f70`, {
      method: 'POST',
      headers,
      body: JSON.stringify([{ pool_id: '1', overlap: 1, input_values: { image: 'https://example.com/1.jpg' } }]),
    });
    assert.equal(created.status, 202);
    const op = await created.json();
    stand.advance(10_000);
    const polled = await (await fetch(`${stand.urls.toloka}/api/v1/operations/${op.id}`, { headers })).json();
    assert.equal(polled.status, 'SUCCESS');
    const log = await (await fetch(`${stand.urls.toloka}/api/v1/operations/${op.id}/log`, { headers })).json();
    assert.equal(log[0].type, 'TASK_CREATE');
    assert.equal(stand.countRequests({ api: 'toloka' }), 3);
  } finally {
    await stand.close();
  }
});
