#!/usr/bin/env node
import { banner } from './cli-banner.js';
import { keepHealthFile } from './cli-health.js';
import { summaryLines } from './report/engine.js';
import { readCli, startupMessage, USAGE, version } from './cli-options.js';
import { ConfigError } from './core/errors.js';
import { createLogger } from './core/logger.js';
import { listen } from './server.js';
import { StandRuntime } from './stand.js';

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}

async function main(): Promise<void> {
  let stand: StandRuntime;
  try {
    const read = readCli(process.argv.slice(2), process.env);
    if (read.kind === 'help' || read.kind === 'version') {
      process.stdout.write(`${read.kind === 'help' ? USAGE : version()}\n`);
      process.exit(0);
    }
    const format = read.config.logFormat ?? (process.stdout.isTTY ? 'pretty' : 'json');
    stand = new StandRuntime(read.config, createLogger(read.config.logLevel, process.stdout, format));
  } catch (e) {
    process.stderr.write(startupMessage(e));
    process.exit(2);
  }
  let running: Awaited<ReturnType<typeof listen>>;
  try {
    running = await listen(stand);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (e instanceof ConfigError) process.stderr.write(`async-stand: ${e.message}\n`);
    else if (err.syscall === 'listen') process.stderr.write(`async-stand: cannot listen (${err.code ?? err.message}); choose another --port\n`);
    else process.stderr.write(`async-stand: could not start (${err.message})\n`);
    process.exit(2);
  }
  // Before the stand says it listens: a supervisor may stop it as soon as it reads that.
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    removeHealthFile();
    // What the clients did that the real APIs would punish: one line per client (GET /_stand/report says more).
    const findings = summaryLines(stand.report());
    if (findings.length > 0) process.stderr.write(`async-stand: client report (GET /_stand/report for the evidence):\n${findings.map((l) => `  ${l}`).join('\n')}\n`);
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
  const removeHealthFile = config.healthFile ? keepHealthFile(config.healthFile) : () => {};
  const lines = banner(config, running.url, running.urls);
  if (config.logLevel !== 'silent') process.stderr.write(`${lines.join('\n')}\n`);
  // dist/cli.js (scripts/cli-launcher.mjs) saves V8's code cache of the bundle on this.
  (process as NodeJS.EventEmitter).emit('async-stand:listening');
  if (!isLoopback(config.host) && config.adminToken === undefined) {
    stand.logger.warn(`listening on ${config.host} with no admin token: admin changes (reset, clock, scenarios) are taken from this machine only, and anyone who reaches this port reads the jobs; set --admin-token (STAND_ADMIN_TOKEN)`);
  }
}

void main();
