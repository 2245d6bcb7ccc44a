/**
 * Issue 22: the state file across a real crash. The CLI runs in a child process, is killed with
 * SIGKILL (no shutdown code runs) and started again on the same file.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Writable } from 'node:stream';
import pino from 'pino';
import { expect, onTestFinished, test } from 'vitest';
import { listen, startStand } from '../../src/server.js';
import { buildStand } from '../../src/stand.js';
import { ConfigError } from '../../src/core/errors.js';
import { stateFile } from './state-helpers.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const AM = { authorization: 'OAuth crash' };
const MT = { authorization: 'Bearer crash', 'content-type': 'application/json' };
const TL = { authorization: 'OAuth crash', 'content-type': 'application/json' };
const EXPORT = '/appmetrica/logs/v1/export/events.json?application_id=1111&date_since=2026-01-01&date_until=2026-01-01&fields=event_name&limit=3';

interface Cli {
  child: ChildProcess;
  url: Promise<string>;
  stderr: () => string;
}

/** The CLI from its sources (one node process with tsx's loader), optionally under a shell's `ulimit -f` (KiB). */
function cli(args: string[], fileLimitKiB?: number): Cli {
  const node = [process.execPath, '--import', 'tsx', 'src/cli.ts', '--port', '0', '--clock', 'manual', '--log-level', 'warn', ...args];
  const child =
    fileLimitKiB === undefined
      ? spawn(node[0]!, node.slice(1), { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
      : spawn('bash', ['-c', `ulimit -f ${fileLimitKiB}; exec "$@"`, 'bash', ...node], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  onTestFinished(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  let err = '';
  child.stdout!.resume();
  const url = new Promise<string>((resolve, reject) => {
    child.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
      const m = /^\s+admin\s+(http\S+)\/_stand$/m.exec(err);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`the CLI exited (${code}) before listening: ${err}`)));
  });
  url.catch(() => {}); // a test that expects the CLI to exit reads its code instead
  return { child, url, stderr: () => err };
}

async function kill9(c: Cli): Promise<void> {
  c.child.kill('SIGKILL');
  await once(c.child, 'exit');
}

async function http(base: string, path: string, init: RequestInit = {}) {
  const res = await fetch(`${base}${path}`, { redirect: 'manual', ...init });
  return { status: res.status, text: await res.text() };
}

/** Clock, every job and the callback journal, as the admin API shows them. */
async function snapshot(base: string) {
  const clock = JSON.parse((await http(base, '/_stand/clock')).text) as Record<string, unknown>;
  delete clock.callbacksInFlight;
  return { clock, jobs: JSON.parse((await http(base, '/_stand/jobs?limit=1000')).text), callbacks: JSON.parse((await http(base, '/_stand/journal/callbacks')).text) };
}

test('a stand killed with kill -9 comes back with every acknowledged job: the same ids, states, times and clock', async () => {
  const file = stateFile();
  const first = cli(['--state-file', file]);
  const base = await first.url;
  expect((await http(base, EXPORT, { headers: AM })).status).toBe(202);
  expect((await http(base, '/mytarget/async_api/v2/user.json', { headers: { ...MT, 'x-callback-location': 'http://127.0.0.1:9/cb' } })).status).toBe(202);
  expect((await http(base, '/mytarget/api/v2/campaigns.json', { method: 'POST', headers: MT, body: JSON.stringify({ name: 'Kept', package_id: 814 }) })).status).toBe(200);
  expect((await http(base, '/toloka/api/v1/tasks?async_mode=true', { method: 'POST', headers: TL, body: JSON.stringify([{ pool_id: '1', overlap: 1, input_values: { image: 'https://example.com/a.png' } }]) })).status).toBe(202);
  expect((await http(base, '/_stand/clock/advance', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"ms":700}' })).status).toBe(200);
  expect((await http(base, '/mytarget/async_api/v2/user.json', { headers: MT })).status).toBe(202);
  const before = await snapshot(base);
  expect((before.jobs as { total: number }).total).toBe(4);
  await kill9(first);

  const second = cli(['--state-file', file]);
  expect(await snapshot(await second.url)).toEqual(before);
  expect(statSync(file).mode & 0o777).toBe(0o600);
  await kill9(second);
});

test('a write that fails (the disk is full) refuses the request with 503 and keeps the file good: a restart has every job acknowledged before', async () => {
  const file = stateFile();
  const first = cli(['--state-file', file], 48);
  const base = await first.url;
  const padding = 'x'.repeat(6000);
  const statuses: number[] = [];
  let refused = '';
  for (let i = 0; i < 20 && !refused; i++) {
    const res = await http(base, '/toloka/api/v1/tasks?async_mode=true', { method: 'POST', headers: TL, body: JSON.stringify([{ pool_id: '1', overlap: 1, input_values: { image: `https://example.com/${i}.png?${padding}` } }]) });
    statuses.push(res.status);
    if (res.status !== 202) refused = res.text;
  }
  expect(statuses.at(-1)).toBe(503);
  expect(JSON.parse(refused)).toMatchObject({ code: expect.any(String), message: expect.stringMatching(/state file .* cannot be written \(EFBIG\); nothing was changed/) });
  const acknowledged = statuses.filter((s) => s === 202).length;
  expect((JSON.parse((await http(base, '/_stand/jobs?api=toloka')).text) as { total: number }).total).toBe(acknowledged);
  await kill9(first);
  expect(readdirSync(dirname(file))).toEqual(['state.json']);

  const second = await startStand({ port: 0, clock: 'manual', logLevel: 'silent', stateFile: file });
  onTestFinished(second.close);
  expect(second.jobs({ api: 'toloka' })).toHaveLength(acknowledged);
});

test('a state file that does not fit the stand stops start-up, saying which line and why (the CLI prints it, exit 2), and is left as it is', async () => {
  const file = stateFile();
  const header = { format: 'async-stand-state', version: 2, seed: 1, scenario: 'default', clock: 'manual', origin: Date.parse('2026-01-01T00:00:00Z') };
  const text = `${JSON.stringify(header)}\n${JSON.stringify({ kind: 'scenario', t: header.origin, name: 'gone-since' })}\n`;
  writeFileSync(file, text);
  const misfit = startStand({ port: 0, clock: 'manual', logLevel: 'silent', stateFile: file });
  await expect(misfit).rejects.toBeInstanceOf(ConfigError);
  await expect(misfit).rejects.toThrow(/^state file .*state\.json, line 2: a scenario switch failed on replay \(STAND_SCENARIO_NOT_FOUND: .*gone-since.*\); the file does not fit this stand/);
  expect(readFileSync(file, 'utf8')).toBe(text);
  const request = { kind: 'request', t: header.origin, listener: 'toloka', method: 'GET', url: '/api/v1/operations', headers: {}, body: '' };
  writeFileSync(file, `${JSON.stringify(header)}\n${JSON.stringify(request)}\n`);
  await expect(startStand({ port: 0, clock: 'manual', logLevel: 'silent', stateFile: file })).rejects.toThrow(
    /line 2: a request came in on the toloka port, which is not configured now; start with --toloka-port/,
  );
});

test('a state file in a folder that does not exist is refused at start, in one sentence', async () => {
  await expect(startStand({ port: 0, logLevel: 'silent', stateFile: '/nonexistent-folder-of-stand/state.json' })).rejects.toThrow(
    /^--state-file \/nonexistent-folder-of-stand\/state\.json: the folder \/nonexistent-folder-of-stand does not exist; create it or choose another path$/,
  );
});

test('while a state file is replayed the port answers health 503 "restoring", then 200', async () => {
  const file = stateFile();
  const origin = Date.parse('2026-01-01T00:00:00Z');
  const lines = [JSON.stringify({ format: 'async-stand-state', version: 2, seed: 1, scenario: 'default', clock: 'manual', origin })];
  for (let i = 0; i < 1000; i++) {
    lines.push(JSON.stringify({ kind: 'request', t: origin + i, listener: 'main', method: 'GET', url: '/mytarget/async_api/v2/user.json', headers: { authorization: `Bearer t${i % 50}` }, body: '' }));
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
  // The stand logs where it listens before it replays; the health check goes out as soon as that line is read.
  let seen: Promise<{ status: number; body: string }> | undefined;
  const logger = pino(
    { level: 'info' },
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        const line = JSON.parse(chunk.toString()) as { msg: string; url?: string };
        if (line.url && /restoring/.test(line.msg)) seen = fetch(`${line.url}/_stand/health`).then(async (r) => ({ status: r.status, body: await r.text() }));
        done();
      },
    }),
  );
  const running = await listen(buildStand({ port: 0, clock: 'manual', stateFile: file }, logger));
  onTestFinished(running.close);
  expect(await seen).toEqual({ status: 503, body: '{"status":"restoring"}' });
  expect((await fetch(`${running.url}/_stand/health`)).status).toBe(200);
  expect(running.jobs()).toHaveLength(1000);
});
