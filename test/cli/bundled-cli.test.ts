import { spawn, spawnSync, type ChildProcess, type SpawnSyncReturns } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, onTestFinished, test } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Below the root, as dist/cli.js is (the bundle finds the shipped files from the package.json above it); a folder per run. */
const DIR = `${ROOT}.test-build/cli-${process.pid}`;
const OUT = `${DIR}/cli.js`;
const BUNDLE = OUT.replace(/\.js$/, '.bundle.cjs');
const CACHE = `${BUNDLE}.cache`;
/** The dashboard's script, bundled beside the CLI as in dist/. */
const DASHBOARD = `${DIR}/admin/ui/app.js`;
const removeBuild = () => rmSync(DIR, { recursive: true, force: true });

/** Starts the built CLI from another folder; resolves with its admin URL once it listens. */
function start(): { child: ChildProcess; admin: Promise<string> } {
  const child = spawn(process.execPath, [OUT, '--port', '0', '--clock', 'manual', '--log-level', 'warn'], { cwd: '/', stdio: ['ignore', 'ignore', 'pipe'] });
  onTestFinished(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  const admin = new Promise<string>((resolve, reject) => {
    let text = '';
    child.stderr!.on('data', (d: Buffer) => {
      text += d.toString();
      const m = /admin\s+(http\S+)/.exec(text);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`the bundled CLI exited (${code}) before listening: ${text}`)));
  });
  return { child, admin };
}

/**
 * `npm run build` ships the CLI as one bundled file (scripts/bundle-cli.mjs), the file the
 * Docker image and `npx async-stand` run. Bundling can break what the sources under tsx do not:
 * a dependency that needs its own files, a path found from import.meta.url.
 */
let built: SpawnSyncReturns<string>;
beforeAll(() => {
  built = spawnSync(process.execPath, ['scripts/bundle-cli.mjs', OUT], { cwd: ROOT, encoding: 'utf8' });
});
afterAll(removeBuild);

test('the bundled CLI (npm run build) starts from its one file and serves the shipped scenario and fixtures', async () => {
  expect(built.stderr).toBe('');
  expect(built.status).toBe(0);
  expect(existsSync(OUT)).toBe(true);
  // The build started it once, which wrote V8's code cache of the bundle for the next starts.
  expect(statSync(CACHE).size).toBeGreaterThan(100_000);

  // Started from another folder: scenarios and fixtures come from the package, not the cwd.
  const { child, admin: listening } = start();
  const admin = await listening;
  const base = admin.replace(/\/_stand$/, '');

  const health = await fetch(`${admin}/health`);
  expect(health.status).toBe(200);
  // The dashboard's script is the file the build wrote beside the bundle, not bundled again.
  const script = await fetch(`${admin}/ui/app.js`);
  expect(script.status).toBe(200);
  expect(await script.text()).toBe(readFileSync(DASHBOARD, 'utf8'));
  const clock = (await (await fetch(`${admin}/clock`)).json()) as { mode: string; scenario?: string };
  expect(clock.mode).toBe('manual');

  const q = 'application_id=1111&date_since=2026-01-01&date_until=2026-01-01&fields=event_name,os_name&limit=3';
  const url = `${base}/appmetrica/logs/v1/export/events.csv?${q}`;
  const first = await fetch(url, { headers: { authorization: 'OAuth bundled' } });
  expect(first.status).toBe(202);
  expect(await first.text()).toBe('Your query is added to the queue.');
  // The default scenario prepares an export in seconds of virtual time.
  expect((await fetch(`${admin}/clock/advance`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"ms":600000}' })).status).toBe(200);
  const file = await fetch(url, { headers: { authorization: 'OAuth bundled', 'accept-encoding': 'gzip' } });
  expect(file.status).toBe(200);
  expect(file.headers.get('content-type')).toBe('text/csv');
  expect((await file.text()).split('\n')).toHaveLength(4);

  child.kill('SIGTERM');
  expect((await once(child, 'close'))[0]).toBe(0);
});

test.each([
  ['finds no code cache', () => rmSync(CACHE)],
  ['finds a code cache V8 refuses (another Node version wrote it)', () => writeFileSync(CACHE, 'not a code cache')],
])('a start that %s serves as usual and writes a new one once it listens', async (_, spoil) => {
  expect(built.status).toBe(0);
  spoil();
  const { child, admin } = start();
  expect((await fetch(`${await admin}/health`)).status).toBe(200);
  expect(statSync(CACHE).size).toBeGreaterThan(100_000);
  child.kill('SIGTERM');
  expect((await once(child, 'close'))[0]).toBe(0);
});
