import { parseArgs } from 'node:util';
import { ConfigError } from './core/errors.js';
import { ENV_NAMES, parseConfig, type StandConfig, type StandOptions } from './config.js';

/** The CLI's flags, by the config key each sets (every one also reads an environment variable, ENV_NAMES). */
export const FLAGS = {
  port: 'port',
  host: 'host',
  clock: 'clock',
  speed: 'speed',
  seed: 'seed',
  'start-time': 'startTime',
  scenario: 'scenario',
  scenarios: 'scenariosDir',
  fixtures: 'fixturesDir',
  'appmetrica-port': 'appmetricaPort',
  'mytarget-port': 'mytargetPort',
  'toloka-port': 'tolokaPort',
  'public-url': 'publicUrl',
  'log-level': 'logLevel',
  'journal-limit': 'journalLimit',
  'body-limit': 'bodyLimit',
  'url-limit': 'urlLimit',
  'max-jobs-per-account': 'maxJobsPerAccount',
  'max-connections': 'maxConnections',
  'request-timeout': 'requestTimeout',
  'state-file': 'stateFile',
  'admin-token': 'adminToken',
} as const satisfies Record<string, keyof StandOptions>;

export const USAGE = `async-stand: a local stand-in for the AppMetrica Logs API, the myTarget async API and Toloka operations

Usage: async-stand [options]   (each option also reads an environment variable)
${Object.entries(FLAGS)
  .map(([flag, key]) => `  --${flag.padEnd(16)} ${ENV_NAMES[key]}`)
  .join('\n')}
  --help`;

/** What the command line asks for: the usage text, or a stand with this configuration. */
export type CliRead = { kind: 'help' } | { kind: 'config'; config: StandConfig };

/**
 * Flags win over the environment; both are validated together, once. A bad flag or value
 * throws (startupMessage says it in one sentence); nothing here exits or prints.
 */
export function readCli(argv: string[], env: NodeJS.ProcessEnv): CliRead {
  const { values } = parseArgs({
    args: argv,
    options: { ...Object.fromEntries(Object.keys(FLAGS).map((f) => [f, { type: 'string' as const }])), help: { type: 'boolean' } },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) return { kind: 'help' };
  const options: Record<string, string> = {};
  for (const [flag, key] of Object.entries(FLAGS)) {
    const fromEnv = env[ENV_NAMES[key]];
    const fromFlag = (values as Record<string, string | undefined>)[flag];
    const value = fromFlag ?? (fromEnv === '' ? undefined : fromEnv);
    if (value !== undefined) options[key] = value;
  }
  return { kind: 'config', config: parseConfig(options as StandOptions, 'bad option') };
}

/** What the CLI prints before it exits 2 on a start-up problem: one sentence, and where the options are. */
export function startupMessage(e: unknown): string {
  const known = e instanceof ConfigError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
  const message = known ? (e as Error).message : String(e);
  return `async-stand: ${message}\n${e instanceof ConfigError ? '' : 'Run async-stand --help for the options.\n'}`;
}

