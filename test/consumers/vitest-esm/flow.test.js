// A vitest suite of an ES-module project: async-stand/testing by import, inject, the manual clock,
// the verification journal.
import { expect, test } from 'vitest';
import { createTestStand, expectRequests } from 'async-stand/testing';

test('an AppMetrica export: 202 while it is prepared, 200 with the file once the clock moved', async () => {
  const t = await createTestStand();
  const url = '/appmetrica/logs/v1/export/events.json?application_id=1111&date_since=2026-01-01&date_until=2026-01-01&fields=event_name&limit=2';
  const headers = { authorization: 'OAuth consumer' };
  expect((await t.inject({ url, headers })).statusCode).toBe(202);
  t.advance(60_000);
  const ready = await t.inject({ url, headers });
  expect(ready.statusCode).toBe(200);
  expect(JSON.parse(ready.body).data).toHaveLength(2);
  expectRequests(t.stand, { api: 'appmetrica', path: '/logs/v1/export/events.json' }).toHaveCount(2);
  await t.close();
});
