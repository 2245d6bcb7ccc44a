import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { expect, onTestFinished, test } from 'vitest';
import { readCli, startupMessage } from '../../src/cli-options.js';
import { buildStand } from '../../src/stand.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The CLI from its sources, in one node process with tsx's loader: a signal reaches the stand
 * itself. (The tsx binary is a second process that relays signals and SIGKILLs a child that has
 * not confirmed one within 30 ms: on a loaded machine a graceful stop then exits 143.)
 */
function run(args: string[], env: Record<string, string> = {}): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  onTestFinished(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  return child;
}

function collect(child: ChildProcess): { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  return { out: () => out, err: () => err };
}

/**
 * Resolves with the URLs the CLI prints once it listens. The pipe stays open and drained
 * afterwards (breaking out of `for await` would destroy it, and a later write by the child,
 * such as a warning, would then fail with EPIPE).
 */
function urls(child: ChildProcess): Promise<Record<string, string>> {
  return new Promise((resolve, reject) => {
    let text = '';
    const onData = (chunk: Buffer) => {
      text += chunk.toString();
      if (!/admin\s+http/.test(text)) return;
      child.stderr!.off('data', onData);
      child.stderr!.resume();
      resolve(Object.fromEntries([...text.matchAll(/^\s+(\w+)\s+(http\S+)$/gm)].map((m) => [m[1]!, m[2]!])));
    };
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`the CLI exited (${code}) before listening: ${text}`)));
  });
}

/** What the CLI would print for these flags and environment before exiting 2, or undefined when it would start. */
function startupError(argv: string[], env: Record<string, string> = {}): string | undefined {
  try {
    const read = readCli(argv, env);
    if (read.kind === 'config') buildStand(read.config);
    return undefined;
  } catch (e) {
    return startupMessage(e);
  }
}

test('a bad option, an unknown flag, a bad environment value: one clear sentence each', () => {
  expect(startupError(['--port', '99999', '--clock', 'manual'])).toMatch(/^async-stand: bad option: port: .*65535/);
  expect(startupError(['--colour', 'red'])).toMatch(/Unknown option '--colour'/);
  expect(startupError(['--colour', 'red'])).toMatch(/Run async-stand --help for the options/);
  expect(startupError([], { STAND_CLOCK: 'sundial' })).toMatch(/clock: /);
  expect(startupError(['--clock', 'manual'], { STAND_CLOCK: 'sundial' })).toBeUndefined(); // flags win
  expect(readCli(['--help'], {})).toEqual({ kind: 'help' });
});

test('a missing scenario names the known ones', () => {
  expect(startupError(['--scenario', 'nope', '--port', '0'])).toMatch(/scenario "nope" not found .* use one of: default/);
});

test('the CLI exits 2 with that sentence on stderr', async () => {
  const child = run(['--port', '99999', '--clock', 'manual']);
  const io = collect(child);
  const [code] = await once(child, 'close');
  expect(code).toBe(2);
  expect(io.err()).toMatch(/^async-stand: bad option: port: .*65535/m);
});

test('the CLI serves every API on the main port and on a dedicated one, and closes gracefully on SIGTERM', async () => {
  // At debug: an access line per request (tokens masked); on SIGTERM a line per client with findings.
  const child = run(['--port', '0', '--appmetrica-port', '0', '--clock', 'manual', '--log-level', 'debug', '--log-format', 'json']);
  const io = collect(child);
  const found = await urls(child);
  expect(found.admin).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/_stand$/);
  expect(found.appmetrica).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  const health = await fetch(`${found.admin}/health`);
  expect(await health.json()).toEqual({ status: 'ok' });
  const q = 'application_id=1111&date_since=2026-01-01&date_until=2026-01-01&fields=event_name';
  const viaPort = await fetch(`${found.appmetrica}/logs/v1/export/events.json?${q}`, { headers: { authorization: 'OAuth cli' } });
  expect(viaPort.status).toBe(202);
  expect(await viaPort.text()).toBe('Your query is added to the queue.');
  await fetch(`${found.admin}/clock/advance`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"ms":60000}' });
  const prefixed = found.admin!.replace('/_stand', '/appmetrica');
  const ready = await fetch(`${prefixed}/logs/v1/export/events.json?${q}`, { headers: { authorization: 'OAuth cli' } });
  expect(ready.status).toBe(200); // the same stand behind both listeners
  await fetch(`${found.toloka}/api/v1/no-such-route`, { headers: { authorization: 'OAuth secret-token-1' } });
  child.kill('SIGTERM');
  const [code] = await once(child, 'close');
  expect(code).toBe(0);
  const access = io
    .out()
    .split('\n')
    .filter((l) => l.includes('"msg":"request"'))
    .map((l) => JSON.parse(l));
  expect(access.map((a) => [a.level, a.api, a.status])).toEqual([
    [20, 'appmetrica', 202],
    [20, 'appmetrica', 200],
    [20, 'toloka', 404],
  ]);
  expect(access[2]).toMatchObject({ method: 'GET', url: '/toloka/api/v1/no-such-route', token: expect.stringMatching(/^secr…\(\w{4}\)$/) });
  expect(io.out()).not.toContain('secret-token-1');
  expect(io.err()).toMatch(/client report .*\n {2}toloka secr…\(\w{4}\): 1 finding \(UNEMULATED_CALL\) in 1 requests/);
});

test('listening beyond loopback without an admin token prints one warning line', async () => {
  const child = run(['--port', '0', '--host', '0.0.0.0', '--clock', 'manual', '--log-level', 'warn']);
  const io = collect(child);
  await urls(child);
  child.kill('SIGTERM');
  // 'close', not 'exit': the child's output may still be in the pipe when it has exited.
  await once(child, 'close');
  const warnings = io.out().split('\n').filter((l) => l.includes('no admin token'));
  expect(warnings).toHaveLength(1);
  expect(JSON.parse(warnings[0]!).level).toBe(40);
});

test('--state-file: SIGTERM saves the state, the next start restores it', async () => {
  const dir = (await import('node:fs')).mkdtempSync(`${(await import('node:os')).tmpdir()}/stand-cli-state-`);
  const file = `${dir}/state.json`;
  const args = ['--port', '0', '--clock', 'manual', '--log-level', 'warn', '--state-file', file];
  const first = run(args);
  const a = await urls(first);
  const q = 'application_id=1111&date_since=2026-01-01&date_until=2026-01-01&fields=event_name';
  expect((await fetch(`${a.appmetrica}/logs/v1/export/events.json?${q}`, { headers: { authorization: 'OAuth cli' } })).status).toBe(202);
  first.kill('SIGTERM');
  expect((await once(first, 'close'))[0]).toBe(0);

  const second = run(args);
  const b = await urls(second);
  const jobs = (await (await fetch(`${b.admin}/jobs`)).json()) as { items: { state: string }[] };
  expect(jobs.items.map((j) => j.state)).toEqual(['preparing']);
  second.kill('SIGTERM');
  expect((await once(second, 'close'))[0]).toBe(0);
});

test('--help names every flag with its environment variable and default; --version prints the version', async () => {
  const { FLAGS, USAGE } = await import('../../src/cli-options.js');
  const { ENV_NAMES } = await import('../../src/config.js');
  for (const [flag, [key, , def]] of Object.entries(FLAGS)) {
    expect(USAGE).toContain(`--${flag}`);
    expect(USAGE).toContain(`env ${ENV_NAMES[key]}, default: ${def}`);
  }
  // Every option the config has is a flag.
  expect(Object.values(FLAGS).map(([key]) => key).sort()).toEqual(Object.keys(ENV_NAMES).sort());
  expect(readCli(['--version'], {})).toEqual({ kind: 'version' });
  const { version } = await import('../../src/cli-options.js');
  expect(version()).toMatch(/^\d+\.\d+\.\d+/);
});

test('the CLI logs at info (job transitions), the library at warn; --log-format pretty gives one short line each', async () => {
  const read = readCli([], {});
  expect(read.kind === 'config' && read.config.logLevel).toBe('info');
  expect(buildStand({}).config.logLevel).toBe('warn');
  const { prettyLine } = await import('../../src/core/pretty-log.js');
  const line = prettyLine(JSON.stringify({ level: 30, time: Date.parse('2026-01-01T10:00:01.234Z'), msg: 'appmetrica export: queued -> preparing', job: 'ab12', name: 'async-stand' }), false);
  expect(line).toBe('10:00:01.234 INFO  appmetrica export: queued -> preparing  job=ab12');
});

test('--health-file: the file is there while the stand listens, and gone once it closes', async () => {
  const { existsSync, mkdtempSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { keepHealthFile } = await import('../../src/cli-health.js');
  const file = `${mkdtempSync(`${tmpdir()}/stand-health-`)}/health`;
  const remove = keepHealthFile(file);
  expect(existsSync(file)).toBe(true);
  remove();
  expect(existsSync(file)).toBe(false);
});
