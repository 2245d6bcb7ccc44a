// A jest suite of a CommonJS project: async-stand/testing by require, a real socket, a myTarget
// async call with its callback received on port 0.
const { createTestStand, expectRequests } = require('async-stand/testing');

test('a myTarget async call: 202, the clock moves, the callback arrives, the status answers 303', async () => {
  const t = await createTestStand({ listen: true });
  expect((await t.inject('/_stand/health')).statusCode).toBe(200); // inject (light-my-request) under jest
  const sink = await t.callbackSink();
  const submitted = await fetch(`${t.url}/mytarget/async_api/v2/campaigns.json`, {
    method: 'POST',
    headers: { authorization: 'Bearer consumer', 'content-type': 'application/json', 'x-callback-location': sink.url },
    body: JSON.stringify({ name: 'From jest', package_id: 814 }),
  });
  expect(submitted.status).toBe(202);
  t.advance(5_000);
  await sink.waitFor(1);
  await t.settle();
  const status = await fetch(`${t.url}${submitted.headers.get('location')}`, { headers: { authorization: 'Bearer consumer' }, redirect: 'manual' });
  expect(status.status).toBe(303);
  expect(t.stand.callbackAttempts()[0].ok).toBe(true);
  expectRequests(t.stand, { api: 'mytarget', method: 'POST' }).toHaveCount(1);
  await t.close();
});
