/**
 * Issue 22: the Docker image listens on 0.0.0.0 with no admin token, and anyone who reached the
 * port could reset the stand; the request journal showed every client's token. Beyond loopback
 * and without a token, admin changes are taken from the stand's own machine only; journals
 * show tokens masked.
 */
import { expect, onTestFinished, test } from 'vitest';
import { stand } from '../helpers.js';

test('listening beyond loopback with no admin token: admin changes from another machine get 403, reads and local changes work', async () => {
  const t = await stand({ host: '0.0.0.0' });
  onTestFinished(t.close);
  const remote = { remoteAddress: '172.17.0.1' };
  const reset = await t.inject({ method: 'POST', url: '/_stand/reset', ...remote });
  expect(reset.statusCode).toBe(403);
  expect(reset.json().error).toMatchObject({ code: 'STAND_ADMIN_LOCKED', message: expect.stringMatching(/--admin-token \(STAND_ADMIN_TOKEN\)/) });
  expect((await t.inject({ method: 'POST', url: '/_stand/clock/advance', payload: { ms: 1000 }, ...remote })).statusCode).toBe(403);
  expect((await t.inject({ method: 'GET', url: '/_stand/clock', ...remote })).statusCode).toBe(200);
  expect((await t.inject({ method: 'POST', url: '/_stand/reset', remoteAddress: '127.0.0.1' })).statusCode).toBe(200);
  // With a token, a remote client may (it sends the token).
  const withToken = await stand({ host: '0.0.0.0', adminToken: 'secret-admin-token' });
  onTestFinished(withToken.close);
  expect((await withToken.inject({ method: 'POST', url: '/_stand/reset', headers: { authorization: 'Bearer secret-admin-token' }, ...remote })).statusCode).toBe(200);
  // On loopback nothing changes.
  const local = await stand();
  onTestFinished(local.close);
  expect((await local.inject({ method: 'POST', url: '/_stand/reset', ...remote })).statusCode).toBe(200);
});

test('the request journal shows tokens masked; its account filter takes the whole token', async () => {
  const t = await stand();
  onTestFinished(t.close);
  await t.inject({ url: '/mytarget/async_api/v2/user.json', headers: { authorization: 'Bearer a-long-secret-token' } });
  await t.inject({ url: '/toloka/api/v1/operations', headers: { authorization: 'OAuth short' } });
  const items = (await t.inject('/_stand/journal/requests')).json().items as { account: string }[];
  expect(items.map((e) => e.account)).toEqual(['a-lo…(a880)', 's…(f9b0)']);
  expect((await t.inject('/_stand/journal/requests')).body).not.toContain('secret');
  expect((await t.inject('/_stand/journal/requests?account=a-long-secret-token')).json().total).toBe(1);
});
