import { expect, onTestFinished, test } from 'vitest';
import { createTestStand } from '../../src/testing/index.js';
import type { StandOptions } from '../../src/config.js';

const MT = { authorization: 'Bearer lim', 'content-type': 'application/json' };
const TL = { authorization: 'OAuth lim', 'content-type': 'application/json' };

async function t0(options: StandOptions = {}) {
  const t = await createTestStand(options);
  onTestFinished(t.close);
  return t;
}

test('jobs per account: the next async call or operation over the limit gets 429 in the API\'s shape; other accounts are not affected', async () => {
  const t = await t0({ maxJobsPerAccount: 2 });
  for (let i = 0; i < 2; i++) expect((await t.inject({ url: '/mytarget/async_api/v2/user.json', headers: MT })).statusCode).toBe(202);
  const over = await t.inject({ url: '/mytarget/async_api/v2/user.json', headers: MT });
  expect(over.statusCode).toBe(429);
  expect(JSON.parse(over.body).error).toMatchObject({ code: 'too_many_async_requests', message: expect.stringMatching(/already has 2 async requests/) });
  expect((await t.inject({ url: '/mytarget/async_api/v2/user.json', headers: { ...MT, authorization: 'Bearer other' } })).statusCode).toBe(202);
  t.advance(2 * 86_400_000); // results expire: room again
  expect((await t.inject({ url: '/mytarget/async_api/v2/user.json', headers: MT })).statusCode).toBe(202);

  const batch = JSON.stringify([{ pool_id: '1', overlap: 1, input_values: { image: 'https://example.com/a.png' } }]);
  for (let i = 0; i < 2; i++) expect((await t.inject({ method: 'POST', url: '/toloka/api/v1/tasks?async_mode=true', headers: TL, payload: batch })).statusCode).toBe(202);
  const tooMany = await t.inject({ method: 'POST', url: '/toloka/api/v1/tasks?async_mode=true', headers: TL, payload: batch });
  expect(tooMany.statusCode).toBe(429);
  expect(JSON.parse(tooMany.body)).toMatchObject({ code: 'TOO_MANY_REQUESTS', request_id: expect.any(String) });
});

test('request bodies over --body-limit get 413 in each API\'s error shape', async () => {
  const t = await t0({ bodyLimit: 1024 });
  const big = JSON.stringify({ name: 'x'.repeat(2000), package_id: 814 });
  const mt = await t.inject({ method: 'POST', url: '/mytarget/api/v2/campaigns.json', headers: MT, payload: big });
  expect(mt.statusCode).toBe(413);
  expect(JSON.parse(mt.body).error.message).toMatch(/too large/i);
  const tl = await t.inject({ method: 'POST', url: '/toloka/api/v1/tasks', headers: TL, payload: big });
  expect(tl.statusCode).toBe(413);
  expect(JSON.parse(tl.body)).toMatchObject({ code: expect.any(String), request_id: expect.any(String) });
  const admin = await t.inject({ method: 'PUT', url: '/_stand/scenario', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ scenario: { description: 'x'.repeat(2000) } }) });
  expect(admin.statusCode).toBe(413);
});

test('URLs over --url-limit get 414 in each API\'s error shape', async () => {
  const t = await t0({ urlLimit: 300 });
  const long = 'x'.repeat(400);
  const mt = await t.inject({ url: `/mytarget/api/v2/campaigns.json?fields=${long}`, headers: MT });
  expect(mt.statusCode).toBe(414);
  expect(JSON.parse(mt.body).error).toBeDefined();
  const tl = await t.inject({ url: `/toloka/api/v1/operations?type=${long}`, headers: TL });
  expect(tl.statusCode).toBe(414);
  expect(JSON.parse(tl.body).code).toBeDefined();
});
