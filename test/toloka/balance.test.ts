/**
 * The requester's money (docs: guide/concepts/budget.md, pool-run-and-stop.md; OAS
 * Pool.last_close_reason NOT_ENOUGH_BALANCE): bonuses and accepted rewards come off the balance,
 * issued assignments' rewards are reserved, a pool whose tasks cost more than is left does not
 * open, and open pools close when the next assignment cannot be paid.
 */
import { expect, test } from 'vitest';
import type { TestStand } from '../../src/testing/index.js';
import { getJson, IMG, LABEL, post, projectPool, tolokaStand, untilDone } from './helpers.js';

const POOL = { reward_per_assignment: 0.05, defaults: { default_overlap_for_new_task_suites: 1 } };
const TOLOKER = 'ec00d2407f7241258d0faba610110d95';
const bonus = (amount: number, i: number) => ({ user_id: TOLOKER, amount, private_comment: `bonus ${i}`, public_title: { EN: 'Thanks' }, public_message: { EN: 'Well done' } });

/** Pays bonuses until `left` dollars of the fixture's 1000 are left. */
async function spendDownTo(t: TestStand, left: number): Promise<void> {
  const amounts: number[] = [];
  for (let rest = 1000 - left; rest > 0; rest -= Math.min(100, rest)) amounts.push(Math.round(Math.min(100, rest) * 100) / 100);
  const res = await post(t, '/user-bonuses', amounts.map(bonus));
  expect(res.statusCode).toBe(201);
  expect((await getJson(t, '/requester')).balance).toBe(left);
}

/** n tasks of the pool, overlap given, created without opening it. */
async function addTasks(t: TestStand, poolId: string, n: number, overlap: number): Promise<void> {
  const res = await post(t, '/tasks', Array.from({ length: n }, (_, i) => ({ pool_id: poolId, input_values: { image: IMG(i) }, overlap })));
  expect(res.statusCode).toBe(201);
}

test('bonuses are paid in order from what is left: one past it is a NOT_ENOUGH_BALANCE item, and nothing is paid unless skip_invalid_items', async () => {
  const t = await tolokaStand();
  await spendDownTo(t, 150);
  const items = [bonus(100, 1), bonus(40, 2), bonus(20, 3), bonus(10, 4)];
  const refused = await post(t, '/user-bonuses', items);
  expect(refused.statusCode).toBe(400);
  expect(refused.json()).toMatchObject({
    code: 'VALIDATION_ERROR',
    payload: { '2': { amount: { code: 'NOT_ENOUGH_BALANCE', message: 'Not enough money for this bonus: it needs $20, the account has $10 to spend' } } },
  });
  expect((await getJson(t, '/requester')).balance).toBe(150);

  const partly = await post(t, '/user-bonuses?skip_invalid_items=true', items);
  expect(partly.statusCode).toBe(201);
  expect(Object.keys(partly.json().items)).toEqual(['0', '1', '3']);
  expect(Object.keys(partly.json().validation_errors)).toEqual(['2']);
  expect((await getJson(t, '/requester')).balance).toBe(0);
});

test('a pool whose tasks with their overlap cost more than is left does not open: 409 NOT_ENOUGH_BALANCE, and open_pool=true logs a failed POOL_OPEN step', async () => {
  const t = await tolokaStand({ crowd: { workers: 0 } });
  const pool = await projectPool(t, LABEL, POOL);
  await addTasks(t, pool.id, 10, 3); // 30 assignments x $0.05 = $1.50
  await spendDownTo(t, 1.25);
  const open = await post(t, `/pools/${pool.id}/open`);
  expect(open.statusCode).toBe(409);
  expect(open.json()).toEqual({
    code: 'NOT_ENOUGH_BALANCE',
    message: `Not enough money for pool ${pool.id}'s tasks with their overlap: it needs $1.5, the account has $1.25 to spend`,
    request_id: expect.any(String),
    payload: null,
  });
  expect((await getJson(t, `/pools/${pool.id}`)).status).toBe('CLOSED');

  const created = (await post(t, '/tasks?async_mode=true&open_pool=true', [{ pool_id: pool.id, input_values: { image: IMG(99) }, overlap: 1 }])).json();
  untilDone(t, created.id);
  const log = await getJson(t, `/operations/${created.id}/log`);
  expect(log.at(-1)).toMatchObject({ type: 'POOL_OPEN', success: false, input: { pool_id: pool.id }, output: { code: 'NOT_ENOUGH_BALANCE' } });
  expect((await getJson(t, `/pools/${pool.id}`)).status).toBe('CLOSED');

  // What it needs to finish is what counts: with 2 of its 31 assignments' worth of tasks it opens.
  const small = await projectPool(t, LABEL, POOL);
  await addTasks(t, small.id, 2, 1);
  expect((await post(t, `/pools/${small.id}/open`)).statusCode).toBe(202);
});

test('open pools close with NOT_ENOUGH_BALANCE when the next assignment\'s reward cannot be reserved; the balance never goes below zero', async () => {
  const t = await tolokaStand({ crowd: { workers: 5, skipShare: 0, expireShare: 0, accuracy: 1 } });
  const a = await projectPool(t, LABEL, POOL);
  const b = await projectPool(t, LABEL, POOL);
  await addTasks(t, a.id, 20, 1); // $1 each: affordable alone, not both
  await addTasks(t, b.id, 20, 1);
  await spendDownTo(t, 1.5);
  for (const p of [a, b]) untilDone(t, (await post(t, `/pools/${p.id}/open`)).json().id);

  for (let m = 0; m < 120; m++) {
    t.advance(60_000);
    const statuses = await Promise.all([a, b].map(async (p) => (await getJson(t, `/pools/${p.id}`)).status));
    if (statuses.every((s) => s === 'CLOSED')) break;
  }
  t.advance(3_600_000); // assignments taken before the pool closed are still done and paid
  const pools = await Promise.all([a, b].map((p) => getJson(t, `/pools/${p.id}`)));
  expect(pools.map((p) => p.status)).toEqual(['CLOSED', 'CLOSED']);
  expect(pools.map((p) => p.last_close_reason).sort()).toEqual(['COMPLETED', 'NOT_ENOUGH_BALANCE']);
  const accepted = await Promise.all([a, b].map(async (p) => (await getJson(t, `/assignments?pool_id=${p.id}&status=ACCEPTED&limit=100`)).items.length as number));
  expect(accepted[0]! + accepted[1]!).toBe(30); // $1.50 at $0.05 each
  expect((await getJson(t, '/requester')).balance).toBe(0);
});
