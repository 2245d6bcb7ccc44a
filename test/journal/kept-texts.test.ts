/** What the request journal shows of the requests it still keeps, once older ones fell off (its texts are kept outside the heap). */
import { expect, test } from 'vitest';
import { createTestStand } from 'async-stand/testing';

const MT = { authorization: 'Bearer client-token', 'content-type': 'application/json' };

test('the last journalLimit requests keep their URLs and answers exactly: non-ASCII, long answers, long URLs', async () => {
  const t = await createTestStand({ journalLimit: 40 });
  const sent: { url: string; body: string }[] = [];
  const call = async (method: 'GET' | 'POST', url: string, payload?: object) => {
    const answer = await t.inject({ method, url, headers: MT, ...(payload ? { payload } : {}) });
    sent.push({ url, body: answer.body });
    return answer;
  };
  for (let i = 0; i < 150; i++) {
    t.advance(1_000); // under myTarget's rate limits
    const created = await call('POST', '/mytarget/api/v2/campaigns.json?fields=id,name', { name: `Кампания ${i} ${'ё'.repeat(60 + (i % 90))}`, package_id: 814 });
    expect(created.statusCode).toBe(200);
    await call('GET', `/mytarget/api/v2/campaigns/${created.json().id}.json?fields=id,name`);
  }
  // A poller: the same URL and the same answer again and again.
  for (let i = 0; i < 5; i++) await call('GET', '/mytarget/api/v2/campaigns.json?fields=id&limit=1&sorting=-id');
  const list = await call('GET', '/mytarget/api/v2/campaigns.json?fields=id,name&limit=50&sorting=-id');
  expect(list.body.length).toBeGreaterThan(4096);
  await call('GET', `/mytarget/api/v2/campaigns.json?fields=id&_=${'p'.repeat(6000)}`);

  const entries = t.stand.requests({ api: 'mytarget' });
  expect(entries.map((e) => e.url)).toEqual(sent.slice(-40).map((s) => s.url));
  expect(entries.map((e) => e.response.body)).toEqual(sent.slice(-40).map((s) => s.body));
  expect(JSON.parse(entries[32]!.response.body!)).toEqual({ id: expect.any(Number), name: `Кампания 149 ${'ё'.repeat(60 + (149 % 90))}` });
  await t.close();
});
