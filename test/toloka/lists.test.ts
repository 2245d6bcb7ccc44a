import { expect, test } from 'vitest';
import type { TestStand } from '../../src/testing/index.js';
import { get, getJson, post, task, tolokaStand, untilDone } from './helpers.js';

const USER = 'ec00d2407f7241258d0faba610110d95';
const bonus = (n: number) => ({ user_id: USER, amount: n, without_message: true });

/** Starts an operation and lets it finish; returns its id. */
async function run(t: TestStand, path: string, body: unknown): Promise<string> {
  const res = await post(t, path, body);
  expect(res.statusCode).toBe(202);
  const id = JSON.parse(res.body).id as string;
  untilDone(t, id);
  return id;
}

test('operations list: type and status filters, sort=id, limit, then id_gt paging to the end', async () => {
  const t = await tolokaStand();
  const bonusOps: string[] = [];
  for (let i = 0; i < 5; i++) bonusOps.push(await run(t, '/user-bonuses?async_mode=true', [bonus(1)]));
  await run(t, '/tasks?async_mode=true', [task(1)]);
  const failed = await run(t, '/user-bonuses?async_mode=true', [{ user_id: 'nobody', amount: 1 }]);

  const seen: string[] = [];
  let query = 'type=USER_BONUS.BATCH_CREATE&status=SUCCESS&sort=id&limit=2';
  let pages = 0;
  for (;;) {
    const page = await getJson(t, `/operations?${query}`);
    pages++;
    expect(page.items.length).toBeLessThanOrEqual(2);
    for (const op of page.items) {
      expect(op).toMatchObject({ type: 'USER_BONUS.BATCH_CREATE', status: 'SUCCESS' });
      seen.push(op.id);
    }
    if (!page.has_more) break;
    query = `type=USER_BONUS.BATCH_CREATE&status=SUCCESS&sort=id&limit=2&id_gt=${page.items.at(-1).id}`;
  }
  expect(pages).toBe(3);
  expect(seen).toEqual([...bonusOps].sort());
  expect((await getJson(t, '/operations?status=FAIL')).items.map((o: { id: string }) => o.id)).toEqual([failed]);
  expect((await getJson(t, '/operations')).items).toHaveLength(7);
});

test('operations list: submitted_* and finished_* filters (no zone = UTC), sort=-submitted, unfinished ones have no finished', async () => {
  const t = await tolokaStand();
  const a = await run(t, '/tasks?async_mode=true', [task(1)]);
  t.advance(3_600_000);
  const b = await run(t, '/tasks?async_mode=true', [task(2)]);
  t.advance(3_600_000);
  const pending = JSON.parse((await post(t, '/tasks?async_mode=true', [task(3)])).body).id;

  const ids = async (q: string) => (await getJson(t, `/operations?${q}`)).items.map((o: { id: string }) => o.id);
  expect(await ids('sort=-submitted')).toEqual([pending, b, a]);
  expect(await ids('sort=submitted&submitted_gte=2026-01-01T01:00:00')).toEqual([b, pending]);
  expect(await ids('sort=submitted&submitted_lt=2026-01-01T01:00:00.000Z')).toEqual([a]);
  expect(await ids('sort=submitted&submitted_gte=2026-01-01')).toEqual([a, b, pending]);
  expect(await ids('sort=finished&finished_gt=2026-01-01T00:00:00')).toEqual([a, b]);
  expect(await ids('sort=submitted&finished_lte=2026-01-01T00:30:00')).toEqual([a]);
  const bad = await get(t, '/operations?submitted_gte=yesterday');
  expect(bad.statusCode).toBe(400);
  expect(JSON.parse(bad.body).payload).toMatchObject({ submitted_gte: { code: 'INVALID_DATE_TIME_SYNTAX' } });
});

test('operations list: limit defaults to 50, 500 at most; a bad sort is a 400', async () => {
  const t = await tolokaStand();
  for (let i = 0; i < 51; i++) await post(t, '/user-bonuses?async_mode=true', [bonus(1)]);
  const page = await getJson(t, '/operations');
  expect(page.items).toHaveLength(50);
  expect(page.has_more).toBe(true);
  expect((await getJson(t, '/operations?limit=500')).items).toHaveLength(51);
  const over = await get(t, '/operations?limit=501');
  expect(over.statusCode).toBe(400);
  expect(JSON.parse(over.body).payload).toMatchObject({ limit: { code: 'VALUE_GREATER_THAN_MAX' } });
  const sort = await get(t, '/operations?sort=colour');
  expect(sort.statusCode).toBe(400);
  expect(JSON.parse(sort.body).payload).toMatchObject({ sort: { code: 'VALUE_NOT_ALLOWED' } });
});

test('tasks list: pool_id, id_*, created_*, sort=-id, and keyset paging through 120 tasks', async () => {
  const t = await tolokaStand();
  const created = JSON.parse((await post(t, '/tasks', Array.from({ length: 100 }, (_, i) => task(i)))).body).items;
  t.advance(60_000);
  JSON.parse((await post(t, '/tasks', Array.from({ length: 20 }, (_, i) => task(100 + i)))).body);
  await post(t, '/tasks', [{ pool_id: '4', input_values: { label: 'cat' }, overlap: 1 }]);

  const ids: string[] = [];
  let q = 'pool_id=1&sort=id&limit=50';
  for (;;) {
    const page = await getJson(t, `/tasks?${q}`);
    ids.push(...page.items.map((x: { id: string }) => x.id));
    if (!page.has_more) break;
    q = `pool_id=1&sort=id&limit=50&id_gt=${ids.at(-1)}`;
  }
  expect(ids).toHaveLength(120);
  expect(new Set(ids).size).toBe(120);
  expect([...ids].sort()).toEqual(ids);
  // Creation order is id order within a pool.
  expect(ids.slice(0, 100)).toEqual(Object.values(created).map((x) => (x as { id: string }).id));

  const desc = await getJson(t, '/tasks?pool_id=1&sort=-id&limit=3');
  expect(desc.items.map((x: { id: string }) => x.id)).toEqual(ids.slice(-3).reverse());
  const late = await getJson(t, '/tasks?pool_id=1&created_gte=2026-01-01T00:01:00&limit=100');
  expect(late.items).toHaveLength(20);
  const early = await getJson(t, '/tasks?pool_id=1&created_lt=2026-01-01T00:01:00&sort=created&limit=100000');
  expect(early.items).toHaveLength(100);
  expect((await getJson(t, '/tasks?pool_id=4')).items).toHaveLength(1);
  expect((await getJson(t, '/tasks?pool_id=1&limit=1000')).items).toHaveLength(120);
  const range = await getJson(t, `/tasks?pool_id=1&id_gte=${ids[10]}&id_lte=${ids[19]}&limit=100`);
  expect(range.items.map((x: { id: string }) => x.id)).toEqual(ids.slice(10, 20));
});

test('user bonuses list: user_id filter and paging; unknown ids are 404', async () => {
  const t = await tolokaStand();
  await post(t, '/user-bonuses', [bonus(1), bonus(2), bonus(3), { user_id: 'a1b0b42923c429daa2c764d7ccfc364d', amount: 4, without_message: true }]);
  const mine = await getJson(t, `/user-bonuses?user_id=${USER}&sort=id&limit=2`);
  expect(mine.items.map((b: { amount: number }) => b.amount)).toEqual([1, 2]);
  expect(mine.has_more).toBe(true);
  const rest = await getJson(t, `/user-bonuses?user_id=${USER}&sort=id&limit=2&id_gt=${mine.items[1].id}`);
  expect(rest).toMatchObject({ items: [{ amount: 3 }], has_more: false });
  for (const path of ['/user-bonuses/1', '/tasks/nope', '/task-suites/nope']) {
    const r = await get(t, path);
    expect(r.statusCode).toBe(404);
    expect(JSON.parse(r.body).code).toBe('DOES_NOT_EXIST');
  }
});

test('an operation\'s JSON is the same document in GET /operations/{id} and in the list, at every stage', async () => {
  const t = await tolokaStand({ pending: 1000, running: 1000 });
  for (const body of [[task(1)], [task(2), { pool_id: '1', input_values: {} }]]) {
    expect((await post(t, '/tasks?async_mode=true&skip_invalid_items=true', body)).statusCode).toBe(202);
  }
  await post(t, '/pools/1/close');
  for (const step of [0, 1500, 1000]) {
    t.advance(step);
    const list = (await getJson<{ items: Record<string, unknown>[] }>(t, '/operations?limit=10')).items;
    for (const item of list) {
      const one = await get(t, `/operations/${String(item.id)}`);
      // Compact JSON, key for key the list's item.
      expect(one.body).toBe(JSON.stringify(item));
    }
    const expected = { 0: ['PENDING', 'PENDING', 'PENDING'], 1500: ['RUNNING', 'RUNNING', 'RUNNING'], 1000: ['SUCCESS', 'SUCCESS', 'SUCCESS'] }[step];
    expect(list.map((o) => o.status).sort()).toEqual(expected);
  }
});

test('the largest limit of each list is toloka-kit\'s where the OAS names none: user restrictions 500, skills and attachments 100, user skills 1,000', async () => {
  const t = await tolokaStand();
  const cases: [string, number][] = [
    ['/user-restrictions?', 500],
    ['/skills?', 100],
    ['/attachments?pool_id=1&', 100],
    ['/user-skills?', 1000],
    ['/message-threads?', 300],
  ];
  for (const [path, max] of cases) {
    expect([path, (await get(t, `${path}limit=${max}`)).statusCode]).toEqual([path, 200]);
    const over = await get(t, `${path}limit=${max + 1}`);
    expect([path, over.statusCode, JSON.parse(over.body).payload]).toEqual([path, 400, { limit: { code: 'VALUE_GREATER_THAN_MAX', message: `Value must be less than or equal to ${max}` } }]);
  }
});
