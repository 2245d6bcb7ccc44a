import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { PACKAGE_ROOT } from './scenarios/loader.js';
import { ConfigError } from './core/errors.js';
import { ENV_NAMES, parseConfig, type StandConfig, type StandOptions } from './config.js';

/**
 * The CLI's flags: the config key each sets (every one also reads an environment variable,
 * ENV_NAMES), what it does and its default, as `--help` prints them.
 */
export const FLAGS = {
  port: ['port', 'main listener: every API under its prefix, the admin API under /_stand', '8080'],
  host: ['host', 'address to listen on (0.0.0.0 in a container)', '127.0.0.1'],
  clock: ['clock', 'real (wall time x speed) or manual (moves only when advanced)', 'real'],
  speed: ['speed', 'real clock: virtual ms per wall ms (60: a 24 h expiry takes 24 min)', '1'],
  seed: ['seed', 'ids, generated rows and random durations follow it', '1'],
  'start-time': ['startTime', 'virtual time at start, ISO 8601', 'now (real), 2026-01-01T00:00:00Z (manual)'],
  scenario: ['scenario', 'a scenario name in the scenarios folder, or a path to a .json/.jsonc file', 'default'],
  scenarios: ['scenariosDir', 'your scenario files (the shipped ones are found too)', './scenarios'],
  fixtures: ['fixturesDir', 'your fixture sets, <dir>/<api>/<set>.json (the shipped ones are found too)', './fixtures'],
  watch: ['watch', 'reload scenario and fixture files when they change (a flag; the variable takes true/false)', 'off (on under npm run dev)'],
  'appmetrica-port': ['appmetricaPort', 'also serve the AppMetrica Logs API at root on this port', 'off'],
  'mytarget-port': ['mytargetPort', 'also serve myTarget at root on this port', 'off'],
  'toloka-port': ['tolokaPort', 'also serve Toloka at root on this port', 'off'],
  'public-url': ['publicUrl', 'base URL clients reach the stand at (absolute URLs in callbacks, the banner)', 'from the request'],
  'log-level': ['logLevel', 'fatal, error, warn, info (job transitions), debug (a line per request), trace, silent', 'info'],
  'log-format': ['logFormat', 'json (pino lines) or pretty (one short line each)', 'pretty on a terminal, json otherwise'],
  'journal-limit': ['journalLimit', 'entries kept in each journal', '10000'],
  'body-limit': ['bodyLimit', 'largest request body, bytes (413 in the API\'s error shape)', '10485760'],
  'url-limit': ['urlLimit', 'longest request URL, bytes (414 in the API\'s error shape)', '8192'],
  'max-jobs-per-account': ['maxJobsPerAccount', 'live async jobs one account may hold; more get 429', '100000'],
  'max-connections': ['maxConnections', 'open connections each listener takes; more are closed as they come', '1024'],
  'request-timeout': ['requestTimeout', 'wall ms a client has to send a whole request, body included (408 after it)', '30000'],
  'state-file': ['stateFile', 'keep the state across restarts and crashes in this file: every change is written as it happens, replayed at start', 'none'],
  'health-file': ['healthFile', 'a file that exists while the stand listens, touched every 10 s (for a container health check)', 'none'],
  'admin-token': ['adminToken', '/_stand routes (but health) need "Authorization: Bearer <token>"; without one, a stand beyond loopback takes admin changes from its own machine only', 'none'],
} as const satisfies Record<string, readonly [keyof StandOptions, string, string]>;

const FLAG_KEYS = Object.fromEntries(Object.entries(FLAGS).map(([flag, [key]]) => [flag, key])) as Record<keyof typeof FLAGS, keyof StandOptions>;

export const USAGE = `async-stand: a local stand-in for the AppMetrica Logs API, the myTarget async API and Toloka operations

Usage: async-stand [options]
Every option also reads an environment variable; a flag wins over it.

${Object.entries(FLAGS)
  .map(([flag, [key, what, def]]) => `  --${flag.padEnd(21)} ${what}\n  ${' '.repeat(23)} env ${ENV_NAMES[key]}, default: ${def}`)
  .join('\n')}
  --help                  this text
  --version               the version

The admin API is at /_stand (GET /_stand/openapi.json describes it), the dashboard at /_stand/ui.`;

/** The package's version (package.json at the package root). */
export function version(): string {
  return (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

/** What the command line asks for: the usage text, or a stand with this configuration. */
export type CliRead = { kind: 'help' } | { kind: 'version' } | { kind: 'config'; config: StandConfig };

/**
 * Flags win over the environment; both are validated together, once. A bad flag or value
 * throws (startupMessage says it in one sentence); nothing here exits or prints.
 */
export function readCli(argv: string[], env: NodeJS.ProcessEnv): CliRead {
  const { values } = parseArgs({
    args: argv,
    options: { ...Object.fromEntries(Object.keys(FLAGS).map((f) => [f, { type: f === 'watch' ? ('boolean' as const) : ('string' as const) }])), help: { type: 'boolean' }, version: { type: 'boolean' } },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };
  const options: Record<string, string> = {};
  for (const [flag, key] of Object.entries(FLAG_KEYS)) {
    const fromEnv = env[ENV_NAMES[key]];
    const given = (values as Record<string, string | boolean | undefined>)[flag];
    const fromFlag = typeof given === 'boolean' ? String(given) : given;
    const value = fromFlag ?? (fromEnv === '' ? undefined : fromEnv);
    if (value !== undefined) options[key] = value;
  }
  // The CLI says what it does at info (the library, at warn, stays quiet in test output).
  options.logLevel ??= 'info';
  return { kind: 'config', config: parseConfig(options as StandOptions, 'bad option') };
}

/** What the CLI prints before it exits 2 on a start-up problem: one sentence, and where the options are. */
export function startupMessage(e: unknown): string {
  const known = e instanceof ConfigError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
  const message = known ? (e as Error).message : String(e);
  return `async-stand: ${message}\n${e instanceof ConfigError ? '' : 'Run async-stand --help for the options.\n'}`;
}

