/**
 * Issue 22: PROPFIND (or any method no route takes) on a path the stand knows answered 404, as
 * if the path did not exist; it is a 405 naming the methods the path takes, in the shape of the
 * API (or the admin API) it belongs to.
 */
import { expect, onTestFinished, test } from 'vitest';
import { stand } from '../helpers.js';

// light-my-request 6.6's method type (the version on Node 20) lacks PROPFIND; it sends it all the same.
const PROPFIND = 'PROPFIND' as 'POST';

test('PROPFIND on a known path answers 405 with Allow, in the shape of its API', async () => {
  const t = await stand();
  onTestFinished(t.close);
  const status = await t.inject({ method: PROPFIND, url: '/mytarget/async_api/v2/requests/1.json', headers: { authorization: 'Bearer a' } });
  expect(status.statusCode).toBe(405);
  expect(status.headers.allow).toBe('GET, HEAD');
  expect(JSON.parse(status.body)).toEqual({ error: { code: 'method_not_allowed', message: 'Method PROPFIND is not allowed on /async_api/v2/requests/1.json; allowed: GET, HEAD' } });
  const sync = await t.inject({ method: PROPFIND, url: '/mytarget/api/v2/campaigns.json', headers: { authorization: 'Bearer a' } });
  expect(sync.statusCode).toBe(405);
  expect(JSON.parse(sync.body).error.code).toBe('method_not_allowed');
  const admin = await t.inject({ method: PROPFIND, url: '/_stand/jobs' });
  expect(admin.statusCode).toBe(405);
  expect(admin.headers.allow).toBe('GET, HEAD');
  expect(JSON.parse(admin.body).error.code).toBe('STAND_METHOD_NOT_ALLOWED');
  expect((await t.inject({ method: 'DELETE', url: '/_stand/jobs/mytarget/1' })).statusCode).toBe(405);
  // Unknown paths stay 404.
  expect((await t.inject({ method: PROPFIND, url: '/mytarget/nothing/here', headers: { authorization: 'Bearer a' } })).statusCode).toBe(404);
  expect((await t.inject({ method: PROPFIND, url: '/_stand/nothing' })).statusCode).toBe(404);
});
