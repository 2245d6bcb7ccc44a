/**
 * Issue 8: callback receivers that hang, reset the connection or answer slowly never stall the
 * API or the scheduler. 100 callbacks are in flight at once (myTarget async calls with
 * X-Callback-Location) while clients poll every API over real sockets: every poll answers, and
 * the scheduler keeps running due work (operations finish, callback retries go out). Nothing
 * here is timed but the test's own (generous) timeout.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { expect, onTestFinished, test } from 'vitest';
import { stand } from '../helpers.js';

/** A receiver that answers 200 after `ms` of wall time (a slow client endpoint). */
async function slowReceiver(ms: number): Promise<{ url: string; received: () => number; close: () => Promise<void> }> {
  let received = 0;
  const open = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    received++;
    open.add(res);
    req.resume();
    // Test code, not the stand: a wall-clock delay is the point of this receiver.
    setTimeout(() => {
      open.delete(res);
      res.writeHead(200).end('ok');
    }, ms);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received: () => received,
    close: async () => {
      for (const res of open) res.socket?.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

test(
  '100 callbacks to receivers that hang, reset or answer slowly: polls of every API answer and due work keeps running',
  async () => {
    const t = await stand({ listen: true });
    onTestFinished(t.close);
    const hang = await t.callbackSink(() => 'hang');
    const reset = await t.callbackSink(() => 'reset');
    const slow = await slowReceiver(1_500);
    onTestFinished(slow.close);
    const base = t.url!;
    const get = async (path: string, authorization: string) => {
      const res = await request(`${base}${path}`, { headers: { authorization } });
      const text = await res.body.text();
      return { status: res.statusCode, text, location: res.headers.location as string | undefined };
    };

    // 100 async calls, each of its own account (so all run at once), a third to each receiver.
    const receivers = [hang.url, reset.url, slow.url];
    const calls: { token: string; location: string; receiver: number }[] = [];
    for (let i = 0; i < 100; i++) {
      const token = `cb-${i}`;
      const res = await request(`${base}/mytarget/async_api/v2/user.json`, {
        headers: { authorization: `Bearer ${token}`, 'x-callback-location': `${receivers[i % 3]}/cb/${i}` },
      });
      await res.body.dump();
      expect(res.statusCode).toBe(202);
      calls.push({ token, location: String(res.headers.location), receiver: i % 3 });
    }
    const perReceiver = (r: number) => calls.filter((c) => c.receiver === r).length;

    // All done at once: 100 callbacks go out; the receivers have them, none is answered yet.
    t.advance(1_500);
    await hang.waitFor(perReceiver(0));
    await reset.waitFor(perReceiver(1));
    expect(t.stand.clockInfo().callbacksInFlight).toBeGreaterThanOrEqual(perReceiver(0));

    // Meanwhile every API answers polls over the same event loop.
    for (const c of calls) {
      const status = await get(c.location, `Bearer ${c.token}`);
      expect(status.status).toBe(303);
      expect((await get(status.location!, `Bearer ${c.token}`)).status).toBe(200);
    }
    const exportUrl = '/appmetrica/logs/v1/export/events.json?application_id=1111&date_since=2026-01-01&date_until=2026-01-01&fields=event_name&limit=3';
    expect((await get(exportUrl, 'OAuth cb')).status).toBe(202);
    const op = await request(`${base}/toloka/api/v1/pools/2/close`, { method: 'POST', headers: { authorization: 'OAuth cb' } });
    await op.body.dump();
    expect(op.statusCode).toBe(204); // pool 2 is closed already
    const open = await request(`${base}/toloka/api/v1/pools/1/close`, { method: 'POST', headers: { authorization: 'OAuth cb' } });
    const opId = ((await open.body.json()) as { id: string }).id;
    expect((await get('/_stand/health', '')).status).toBe(200);

    // The scheduler keeps running due work while the callbacks hang: the export gets ready,
    // the operation ends, new async calls run, and the reset callbacks' retries go out.
    t.advance(60_000);
    expect((await get(exportUrl, 'OAuth cb')).status).toBe(200);
    expect(JSON.parse((await get(`/toloka/api/v1/operations/${opId}`, 'OAuth cb')).text)).toMatchObject({ status: 'SUCCESS' });
    const more = await request(`${base}/mytarget/async_api/v2/packages.json`, { headers: { authorization: 'Bearer cb-more' } });
    await more.body.dump();
    t.advance(1_500);
    expect((await get(String(more.headers.location), 'Bearer cb-more')).status).toBe(303);
    await reset.waitFor(perReceiver(1) * 2);

    // Every first attempt ends (a hanging one at the callback timeout) and is journaled; a failed
    // one is retried on the stand's clock, so the hanging ones' retries go out once it moves.
    await t.stand.settle();
    const first = t.stand.callbackAttempts({ api: 'mytarget' }).filter((a) => a.attempt === 1);
    expect(first).toHaveLength(100);
    expect(first.filter((a) => a.ok)).toHaveLength(perReceiver(2));
    expect(slow.received()).toBe(perReceiver(2));
    t.advance(1_000); // scenario default backoff: 1 s
    await hang.waitFor(perReceiver(0) * 2);
  },
  60_000,
);
