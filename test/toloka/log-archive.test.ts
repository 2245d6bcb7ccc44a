import { expect, test } from 'vitest';
import { DAY } from '../helpers.js';
import { get, getJson, post, task, tolokaStand, untilDone } from './helpers.js';

test('an operation log older than one month answers 409 OPERATION_LOGS_ARCHIVED; the operation itself stays', async () => {
  const t = await tolokaStand();
  const id = JSON.parse((await post(t, '/tasks?async_mode=true', [task(1)])).body).id;
  untilDone(t, id);
  // The answer of an ended operation is kept from its second read on, and dropped with the log:
  // every read, before and after, is the same text.
  const ended = (await get(t, `/operations/${id}`)).body;
  const finished = JSON.parse(ended).finished;
  for (let i = 0; i < 3; i++) expect((await get(t, `/operations/${id}`)).body).toBe(ended);

  t.advance(30 * DAY - 2000);
  expect(await getJson<any[]>(t, `/operations/${id}/log`)).toHaveLength(1);

  t.advance(2000);
  const res = await get(t, `/operations/${id}/log`);
  expect(res.statusCode).toBe(409);
  const body = JSON.parse(res.body);
  expect(Object.keys(body)).toEqual(['request_id', 'code', 'message', 'payload']);
  expect(body.code).toBe('OPERATION_LOGS_ARCHIVED');
  expect(await getJson(t, `/operations/${id}`)).toMatchObject({ id, status: 'SUCCESS', finished });
  for (let i = 0; i < 2; i++) expect((await get(t, `/operations/${id}`)).body).toBe(ended);
  expect(t.stand.job('toloka', id).detail.logArchived).toBe(true);
});

test('logTtlMs in the scenario shortens the retention', async () => {
  const t = await tolokaStand({ logTtlMs: 60_000 });
  const id = JSON.parse((await post(t, '/user-bonuses?async_mode=true', [{ user_id: 'ec00d2407f7241258d0faba610110d95', amount: 1, without_message: true }])).body).id;
  untilDone(t, id);
  expect((await get(t, `/operations/${id}/log`)).statusCode).toBe(200);
  t.advance(60_000);
  expect((await get(t, `/operations/${id}/log`)).statusCode).toBe(409);
});
