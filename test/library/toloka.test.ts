/** A user's suite testing a Toloka batch upload against the stand. */
import { createTestStand } from 'async-stand/testing';
import { expect, onTestFinished, test } from 'vitest';

const HEADERS = { authorization: 'OAuth lib', 'content-type': 'application/json' };

test('an async batch: poll the operation until it ends, then map the log back to the input', async () => {
  const t = await createTestStand();
  onTestFinished(t.close);
  const items = [0, 1, 2].map((i) => ({ pool_id: '1', overlap: 1, input_values: i === 1 ? {} : { image: `https://example.com/${i}.png` }, __item_idx: String(i) }));
  const res = await t.inject({ method: 'POST', url: '/toloka/api/v1/tasks?async_mode=true&skip_invalid_items=true', headers: HEADERS, payload: items });
  expect(res.statusCode).toBe(202);
  const op = JSON.parse(res.body) as { id: string };
  t.advanceUntil({ api: 'toloka', id: op.id, state: 'SUCCESS' });
  const done = JSON.parse((await t.inject({ url: `/toloka/api/v1/operations/${op.id}`, headers: HEADERS })).body);
  expect(done.details).toMatchObject({ total_count: 3, valid_count: 2, not_valid_count: 1 });
  const log = JSON.parse((await t.inject({ url: `/toloka/api/v1/operations/${op.id}/log`, headers: HEADERS })).body) as {
    type: string;
    success: boolean;
    input: { __item_idx: string };
  }[];
  expect(log.map((e) => [e.input.__item_idx, e.type, e.success])).toEqual([
    ['0', 'TASK_CREATE', true],
    ['1', 'TASK_VALIDATE', false],
    ['2', 'TASK_CREATE', true],
  ]);
});

test('the one-shot queue makes the next operation fail, and only the next', async () => {
  const t = await createTestStand();
  onTestFinished(t.close);
  t.stand.enqueueFault('toloka', { action: { type: 'fail' } });
  const batch = { pool_id: '1', overlap: 1, input_values: { image: 'https://example.com/a.png' } };
  const first = JSON.parse((await t.inject({ method: 'POST', url: '/toloka/api/v1/tasks?async_mode=true', headers: HEADERS, payload: [batch] })).body);
  const second = JSON.parse((await t.inject({ method: 'POST', url: '/toloka/api/v1/tasks?async_mode=true', headers: HEADERS, payload: [batch] })).body);
  t.advance(60_000);
  expect([t.stand.job('toloka', first.id).state, t.stand.job('toloka', second.id).state]).toEqual(['FAIL', 'SUCCESS']);
});
