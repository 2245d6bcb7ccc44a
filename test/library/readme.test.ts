/**
 * The README's library snippets ("As a library", "In your tests"), as they stand there, with
 * their comments turned into assertions.
 */
import { expect, test } from 'vitest';
import { startStand } from 'async-stand';
import { createTestStand } from 'async-stand/testing';

test('README, "As a library": submit, advance, settle, the 303 and the journaled callback', async () => {
  const stand = await startStand({ port: 0, clock: 'manual', logLevel: 'silent' });
  try {
    const submitted = await fetch(`${stand.urls.mytarget}/async_api/v2/user.json`, {
      headers: { authorization: 'Bearer my-token', 'x-callback-location': 'http://127.0.0.1:9/done' },
    });
    const status = `${stand.url}${submitted.headers.get('location')}`;
    stand.advance(2_000);
    await stand.settle();
    const done = await fetch(status, { headers: { authorization: 'Bearer my-token' }, redirect: 'manual' });
    expect(done.status).toBe(303);
    expect(stand.callbackAttempts()[0]?.error).toBe('ECONNREFUSED');
  } finally {
    await stand.close();
  }
});

test('README, "In your tests": 202, advance, 200', async () => {
  const t = await createTestStand();
  const url = '/appmetrica/logs/v1/export/events.json?application_id=1111&date_since=2026-01-01&date_until=2026-01-01&fields=event_name';
  const headers = { authorization: 'OAuth test' };
  expect((await t.inject({ url, headers })).statusCode).toBe(202);
  t.advance(60_000);
  expect((await t.inject({ url, headers })).statusCode).toBe(200);
  await t.close();
});

test('README, "Verifying what your client sent": counts, and a failing expectation naming the near misses', async () => {
  const { expectRequests } = await import('async-stand/testing');
  const t = await createTestStand();
  for (let i = 0; i < 3; i++) await t.inject({ url: '/mytarget/api/v2/campaigns.json', headers: { authorization: 'Bearer b' } });
  expectRequests(t.stand, { api: 'mytarget', path: '/api/v2/campaigns.json' }).toHaveCount(3);
  expect(() => expectRequests(t.stand, { api: 'mytarget', method: 'DELETE', path: '/api/v2/campaigns.json' }).toHaveCount(1)).toThrow(
    'expected exactly 1 request with api mytarget, method DELETE, path /api/v2/campaigns.json; found 0. Near misses: 3 requests with api mytarget, path /api/v2/campaigns.json, none with method DELETE (they had method GET ×3)',
  );
  expect(t.stand.unmatchedRequests()).toEqual([]);
  await t.close();
});

test('every relative link of the README names a file the package ships (the registry page shows the README)', async () => {
  const { readFileSync } = await import('node:fs');
  const { execFileSync } = await import('node:child_process');
  const root = new URL('../..', import.meta.url);
  const readme = readFileSync(new URL('README.md', root), 'utf8');
  const links = [...readme.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)].map((m) => m[1]!).filter((l) => !/^[a-z]+:/.test(l));
  expect(links.length).toBeGreaterThan(5);
  const packed = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' }))[0].files.map((f: { path: string }) => f.path);
  expect(links.filter((l) => !packed.includes(l))).toEqual([]);
});

test('README, "The client report": the naive client fails expectCleanClient, the fixed one passes', async () => {
  const { expectCleanClient } = await import('async-stand/testing');
  const t = await createTestStand();
  const url = '/appmetrica/logs/v1/export/events.json?application_id=1111&date_since=2026-01-01&date_until=2026-01-01&fields=event_name';
  const naive = { authorization: 'OAuth naive', 'cache-control': 'no-cache' };
  while ((await t.inject({ url, headers: naive })).statusCode === 202) t.advance(1_000);
  expect(() => expectCleanClient(t.stand, { token: 'naive' })).toThrow(
    /^client n…\(1ec5\) has 2 findings:\n {2}ERROR APPMETRICA_NO_CACHE_EVERY_POLL \(appmetrica\): 5 of 5 requests for \/appmetrica\/logs\/v1\/export\/events\.json\?.* sent Cache-Control: no-cache \(#1, #2, #3, #4, #5\)\n {4}evidence: #1 at 2026-01-01T00:00:00\.000Z, #2 at 2026-01-01T00:00:01\.000Z.*\n {4}source: AppMetrica docs, mobile-api\/logs\/request-procedure\.md\n {4}instead: Send no-cache on the first request only[^\n]*\n {2}WARNING APPMETRICA_POLLING_TOO_FAST \(appmetrica\): 4 polls of .* came sooner than 5\.0 s after a 202 \(shortest gap 1\.0 s\)/,
  );

  const fixed = { authorization: 'OAuth fixed', 'accept-encoding': 'gzip' };
  let res = await t.inject({ url, headers: { ...fixed, 'cache-control': 'no-cache' } });
  while (res.statusCode === 202) {
    t.advance(10_000);
    res = await t.inject({ url, headers: fixed });
  }
  expectCleanClient(t.stand, { token: 'fixed' });
  await t.close();
});
