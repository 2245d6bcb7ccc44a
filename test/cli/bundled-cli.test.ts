import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, onTestFinished, test } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** One folder below the root, as dist/cli.js is: the bundle finds the shipped files from there. */
const OUT = `${ROOT}.test-build/cli-${process.pid}.js`;

/**
 * `npm run build` ships the CLI as one bundled file (scripts/bundle-cli.mjs), the file the
 * Docker image and `npx async-stand` run. Bundling can break what the sources under tsx do not:
 * a dependency that needs its own files, a path found from import.meta.url.
 */
test('the bundled CLI (npm run build) starts from its one file and serves the shipped scenario and fixtures', async () => {
  onTestFinished(() => rmSync(OUT, { force: true }));
  const built = spawnSync(process.execPath, ['scripts/bundle-cli.mjs', OUT], { cwd: ROOT, encoding: 'utf8' });
  expect(built.stderr).toBe('');
  expect(built.status).toBe(0);
  expect(existsSync(OUT)).toBe(true);

  const child = spawn(process.execPath, [OUT, '--port', '0', '--clock', 'manual', '--log-level', 'warn'], { cwd: '/', stdio: ['ignore', 'ignore', 'pipe'] });
  onTestFinished(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  // Started from another folder: scenarios and fixtures come from the package, not the cwd.
  const admin = await new Promise<string>((resolve, reject) => {
    let text = '';
    child.stderr!.on('data', (d: Buffer) => {
      text += d.toString();
      const m = /admin\s+(http\S+)/.exec(text);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`the bundled CLI exited (${code}) before listening: ${text}`)));
  });
  const base = admin.replace(/\/_stand$/, '');

  const health = await fetch(`${admin}/health`);
  expect(health.status).toBe(200);
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
  expect(file.headers.get('content-type')).toBe('text/csv; charset=utf-8');
  expect((await file.text()).split('\n')).toHaveLength(4);

  child.kill('SIGTERM');
  expect((await once(child, 'exit'))[0]).toBe(0);
});
