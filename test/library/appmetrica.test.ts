/**
 * How a user's own suite tests an AppMetrica Logs API client against the stand: the client's
 * sleep between polls moves the stand's clock instead of waiting.
 */
import { startStand } from 'async-stand';
import { createTestStand } from 'async-stand/testing';
import { expect, onTestFinished, test } from 'vitest';

/** A typical client: polls every 10 s while 202, waits 60 s on 429, returns the rows. */
async function downloadEvents(base: string, token: string, sleep: (ms: number) => Promise<void> | void): Promise<{ rows: unknown[]; polls: number }> {
  const url = `${base}/logs/v1/export/events.json?application_id=1111&date_since=2025-12-31&date_until=2025-12-31&fields=event_name,os_name`;
  for (let polls = 1; polls < 100; polls++) {
    const res = await fetch(url, { headers: { authorization: `OAuth ${token}` } });
    if (res.status === 200) return { rows: ((await res.json()) as { data: unknown[] }).data, polls };
    if (res.status !== 202 && res.status !== 429) throw new Error(`export failed: ${res.status} ${await res.text()}`);
    await sleep(res.status === 429 ? 60_000 : 10_000);
  }
  throw new Error('gave up');
}

test('a polling client gets its rows; its sleeps are the stand clock moving', async () => {
  const t = await createTestStand({ listen: true });
  onTestFinished(t.close);
  const { rows, polls } = await downloadEvents(`${t.url}/appmetrica`, 'lib', (ms) => t.advance(ms));
  expect(rows).toHaveLength(20_000);
  expect(polls).toBe(2);
  expect(t.stand.requests({ api: 'appmetrica' }).map((r) => r.status)).toEqual([202, 200]);
});

test('the client survives a scripted failure of the first export', async () => {
  const t = await createTestStand({ listen: true });
  onTestFinished(t.close);
  t.stand.enqueueFault('appmetrica', { action: { type: 'fail', status: 500 } });
  await expect(downloadEvents(`${t.url}/appmetrica`, 'lib', (ms) => t.advance(ms))).rejects.toThrow('export failed: 500');
  const { rows } = await downloadEvents(`${t.url}/appmetrica`, 'lib', (ms) => t.advance(ms));
  expect(rows.length).toBe(20_000);
});

test('startStand on port 0 with the export API on a port of its own, as on its real host', async () => {
  const running = await startStand({ port: 0, appmetricaPort: 0, clock: 'manual', logLevel: 'silent' });
  onTestFinished(running.close);
  expect(running.urls.appmetrica).not.toContain('/appmetrica');
  const { rows } = await downloadEvents(running.urls.appmetrica, 'lib', (ms) => {
    running.advance(ms);
  });
  expect(rows.length).toBe(20_000);
});

test('the handle startStand returns carries the admin verbs: clock, advance, jobs, reset', async () => {
  const running = await startStand({ port: 0, clock: 'manual', logLevel: 'silent' });
  onTestFinished(running.close);
  const url = `${running.urls.appmetrica}/logs/v1/export/events.json?application_id=1111&date_since=2025-12-31&date_until=2025-12-31&fields=event_name`;
  expect((await fetch(url, { headers: { authorization: 'OAuth h' } })).status).toBe(202);
  expect(running.jobs()[0]!.state).toBe('preparing');
  running.advance(60_000);
  expect(running.now()).toBe(Date.parse('2026-01-01T00:01:00Z'));
  expect(running.jobs()[0]!.state).toBe('ready');
  await running.reset();
  expect(running.jobs()).toEqual([]);
  expect(running.clockInfo().now).toBe('2026-01-01T00:00:00.000Z');
});
