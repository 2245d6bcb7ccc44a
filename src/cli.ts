#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { ConfigError } from './core/errors.js';
import { createLogger } from './core/logger.js';
import { ENV_NAMES, parseConfig, type StandOptions } from './config.js';
import { listen } from './server.js';
import { StandRuntime } from './stand.js';

const FLAGS = {
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
  'state-file': 'stateFile',
  'admin-token': 'adminToken',
} as const satisfies Record<string, keyof StandOptions>;

const USAGE = `async-stand: a local stand-in for the AppMetrica Logs API, the myTarget async API and Toloka operations

Usage: async-stand [options]   (each option also reads an environment variable)
${Object.entries(FLAGS)
  .map(([flag, key]) => `  --${flag.padEnd(16)} ${ENV_NAMES[key]}`)
  .join('\n')}
  --help`;

/** Flags win over the environment; both are validated together, once. */
function readOptions(argv: string[], env: NodeJS.ProcessEnv): StandOptions {
  const { values } = parseArgs({
    args: argv,
    options: { ...Object.fromEntries(Object.keys(FLAGS).map((f) => [f, { type: 'string' as const }])), help: { type: 'boolean' } },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const options: Record<string, string> = {};
  for (const [flag, key] of Object.entries(FLAGS)) {
    const fromEnv = env[ENV_NAMES[key]];
    const fromFlag = (values as Record<string, string | undefined>)[flag];
    const value = fromFlag ?? (fromEnv === '' ? undefined : fromEnv);
    if (value !== undefined) options[key] = value;
  }
  return options as StandOptions;
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}

async function main(): Promise<void> {
  let stand: StandRuntime;
  try {
    const config = parseConfig(readOptions(process.argv.slice(2), process.env), 'bad option');
    stand = new StandRuntime(config, createLogger(config.logLevel));
  } catch (e) {
    const message = e instanceof ConfigError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') ? (e as Error).message : String(e);
    process.stderr.write(`async-stand: ${message}\n${e instanceof ConfigError ? '' : 'Run async-stand --help for the options.\n'}`);
    process.exit(2);
  }
  let running: Awaited<ReturnType<typeof listen>>;
  try {
    running = await listen(stand);
  } catch (e) {
    if (e instanceof ConfigError) process.stderr.write(`async-stand: ${e.message}\n`);
    else {
      const err = e as NodeJS.ErrnoException;
      process.stderr.write(`async-stand: cannot listen (${err.code ?? err.message}); choose another --port\n`);
    }
    process.exit(2);
  }
  // Before the stand says it listens: a supervisor may stop it as soon as it reads that.
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    stand.logger.info({ signal }, 'closing');
    running.close().then(
      () => process.exit(0),
      (e: unknown) => {
        stand.logger.error({ err: e }, 'close failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  const { config } = stand;
  stand.logger.info(
    { url: running.url, apis: running.urls, admin: `${running.url}/_stand`, dashboard: `${running.url}/_stand/ui`, clock: config.clock, scenario: config.scenario },
    `async-stand listening on ${running.url}`,
  );
  const lines = [
    `async-stand ${config.clock} clock${config.clock === 'real' && config.speed !== 1 ? ` x${config.speed}` : ''}, scenario "${config.scenario}", seed ${config.seed}`,
    ...Object.entries(running.urls).map(([name, url]) => `  ${name.padEnd(11)} ${url}`),
    `  ${'admin'.padEnd(11)} ${running.url}/_stand`,
    `  ${'dashboard'.padEnd(11)} ${running.url}/_stand/ui`,
  ];
  if (config.logLevel !== 'silent') process.stderr.write(`${lines.join('\n')}\n`);
  // dist/cli.js (scripts/cli-launcher.mjs) saves V8's code cache of the bundle on this.
  (process as NodeJS.EventEmitter).emit('async-stand:listening');
  if (!isLoopback(config.host) && config.adminToken === undefined) {
    stand.logger.warn(`listening on ${config.host} with no admin token: anyone who reaches this port can reset the stand and move its clock; set --admin-token (STAND_ADMIN_TOKEN)`);
  }
}

void main();
