/**
 * Found by the fuzz suite: a Toloka token that is also the name of an Object.prototype member
 * (`Authorization: OAuth constructor`, `__proto__`, `toString`, `hasOwnProperty`) answered 500 on
 * every route: the fixtures' per-token `accounts` map was read with `accounts[token]`, which
 * found the inherited member instead of no entry, and building the account from it threw.
 */
import { expect, onTestFinished, test } from 'vitest';
import { stand } from '../helpers.js';

test('tokens named like Object.prototype members are ordinary accounts with the default fixtures', async () => {
  const t = await stand();
  onTestFinished(t.close);
  for (const token of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf']) {
    const pool = await t.inject({ url: '/toloka/api/v1/pools/1', headers: { authorization: `OAuth ${token}` } });
    expect(pool.statusCode, token).toBe(200);
    expect(pool.json()).toMatchObject({ id: '1', status: 'OPEN' });
    const created = await t.inject({
      method: 'POST',
      url: '/toloka/api/v1/tasks',
      headers: { authorization: `ApiKey ${token}`, 'content-type': 'application/json' },
      payload: JSON.stringify({ pool_id: '1', overlap: 1, input_values: { image: 'https://example.com/a.png' } }),
    });
    expect(created.statusCode, token).toBe(201);
  }
  // Each is an account of its own.
  const list = await t.inject({ url: '/toloka/api/v1/tasks?pool_id=1', headers: { authorization: 'OAuth constructor' } });
  expect(list.json().items).toHaveLength(1);
});
