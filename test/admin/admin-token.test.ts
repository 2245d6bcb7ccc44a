import { expect, onTestFinished, test } from 'vitest';
import { stand } from '../helpers.js';
import { exportUrl } from '../appmetrica/helpers.js';

const TOKEN = 'admin-secret-123';

test('with --admin-token, admin routes need it; health stays open', async () => {
  const t = await stand({ adminToken: TOKEN });
  onTestFinished(t.close);
  expect((await t.inject('/_stand/health')).statusCode).toBe(200);
  const none = await t.inject('/_stand/jobs');
  expect(none.statusCode).toBe(401);
  expect(none.json().error.code).toBe('STAND_ADMIN_UNAUTHORIZED');
  expect((await t.inject({ url: '/_stand/jobs', headers: { authorization: 'Bearer wrong-token' } })).statusCode).toBe(401);
  expect((await t.inject({ method: 'POST', url: '/_stand/clock/advance', payload: { ms: 1 } })).statusCode).toBe(401);
  const ok = await t.inject({ url: '/_stand/jobs', headers: { authorization: `Bearer ${TOKEN}` } });
  expect(ok.statusCode).toBe(200);
});

test('emulated routes never accept the admin credentials, even as an API token', async () => {
  const t = await stand({ adminToken: TOKEN });
  onTestFinished(t.close);
  const res = await t.inject({ url: exportUrl(), headers: { authorization: `OAuth ${TOKEN}` } });
  expect(res.statusCode).toBe(401);
  expect((await t.inject({ url: exportUrl(), headers: { authorization: 'OAuth someone' } })).statusCode).toBe(202);
});

test('an admin token shorter than 8 characters is refused at start-up', async () => {
  await expect(stand({ adminToken: 'short' })).rejects.toThrow(/adminToken: must be at least 8 characters/);
});
