/**
 * Issue 22 found a myTarget body with a key named `__proto__` answered 400 `validation_failed`
 * with empty `fields`: the error tree was a plain object, and `tree[key] ??= problem` saw the
 * prototype's `__proto__` (or `constructor`) and put nothing. Such a key is a field like any other.
 */
import { expect, onTestFinished, test } from 'vitest';
import { stand } from '../helpers.js';

test('a body key named __proto__, constructor or toString is named in the validation error', async () => {
  const t = await stand();
  onTestFinished(t.close);
  for (const key of ['__proto__', 'constructor', 'toString']) {
    const res = await t.inject({
      method: 'POST',
      url: '/mytarget/api/v2/campaigns.json',
      headers: { authorization: 'Bearer a', 'content-type': 'application/json' },
      payload: `{"name":"c","package_id":814,"${key}":{"x":1}}`,
    });
    expect(res.statusCode, key).toBe(400);
    expect(JSON.parse(res.body), key).toEqual({
      error: {
        fields: { [key]: { code: 'unallowed_field', message: 'Unknown field; the writable campaign fields are listed in the README.' } },
        message: 'Validation failed',
        code: 'validation_failed',
      },
    });
  }
  // Nothing was created, and the next good body is created.
  const ok = await t.inject({
    method: 'POST',
    url: '/mytarget/api/v2/campaigns.json',
    headers: { authorization: 'Bearer a', 'content-type': 'application/json' },
    payload: '{"name":"c","package_id":814}',
  });
  expect(ok.statusCode).toBe(200);
});
