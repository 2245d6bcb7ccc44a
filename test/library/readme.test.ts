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
