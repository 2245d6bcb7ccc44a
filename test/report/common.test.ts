/** The rules every API shares, the report's routes, and expectCleanClient as the README shows it. */
import { expect, onTestFinished, test } from 'vitest';
import { createTestStand, expectCleanClient } from 'async-stand/testing';

test('a 5xx retried at once is a finding; retried after a backoff it is not', async () => {
  const t = await createTestStand();
  onTestFinished(t.close);
  const url = '/mytarget/api/v2/user.json';
  const headers = { authorization: 'Bearer hasty' };
  t.stand.enqueueFault('mytarget', { action: { type: 'status', status: 503 } });
  await t.inject({ url, headers });
  await t.inject({ url, headers });
  expect(t.stand.report({ token: 'hasty' }).clients[0]!.findings.map((f) => f.code)).toEqual(['RETRY_WITHOUT_BACKOFF']);
  t.stand.enqueueFault('mytarget', { action: { type: 'status', status: 503 } });
  await t.inject({ url, headers: { authorization: 'Bearer calm' } });
  t.advance(2_000);
  await t.inject({ url, headers: { authorization: 'Bearer calm' } });
  expectCleanClient(t.stand, { token: 'calm' });
});

test('GET /_stand/report filters by API and token, and reads as markdown', async () => {
  const t = await createTestStand();
  onTestFinished(t.close);
  await t.inject({ url: '/toloka/api/v1/nothing-here', headers: { authorization: 'OAuth lost' } });
  await t.inject({ url: '/appmetrica/logs/v1/export/events.json?application_id=1111&date_since=2026-01-01&date_until=2026-01-01&fields=event_name', headers: { authorization: 'OAuth other' } });
  const all = (await t.inject('/_stand/report')).json();
  expect(all.summary).toEqual({ clients: 2, findings: 1, errors: 0, warnings: 0 });
  const one = (await t.inject('/_stand/report?api=toloka&token=lost')).json();
  expect(one.clients).toHaveLength(1);
  expect(one.clients[0].findings[0]).toMatchObject({ code: 'UNEMULATED_CALL', severity: 'info', evidence: [{ seq: 1, at: '2026-01-01T00:00:00.000Z', status: 404 }] });
  const md = await t.inject('/_stand/report?format=md');
  expect(md.headers['content-type']).toMatch(/^text\/markdown/);
  expect(md.body).toContain('### INFO UNEMULATED_CALL');
  // Info findings do not fail expectCleanClient unless asked.
  expectCleanClient(t.stand, { token: 'lost' });
  expect(() => expectCleanClient(t.stand, { token: 'lost', minSeverity: 'info' })).toThrow(/UNEMULATED_CALL/);
});
