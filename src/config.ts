import { join } from 'node:path';
import * as z from 'zod';
import { ConfigError } from './core/errors.js';
import { PACKAGE_ROOT } from './scenarios/loader.js';
import { describeIssues } from './scenarios/messages.js';

const port = z.coerce.number().int().min(0).max(65535);
const optionalPort = z.preprocess((v) => (v === '' ? undefined : v), port.optional());

/** The stand's configuration, validated once (from the CLI, the environment or the library) and frozen. */
export const ConfigSchema = z.strictObject({
  port: port.default(8080).describe('the main listener: every API under its prefix, and /_stand'),
  host: z.string().min(1).default('127.0.0.1'),
  clock: z.enum(['real', 'manual']).default('real'),
  speed: z.coerce.number().positive().max(1_000_000).default(1).describe('real clock: virtual ms per wall ms'),
  seed: z.coerce.number().int().min(0).max(2 ** 32 - 1).default(1),
  startTime: z
    .string()
    .refine((s) => !Number.isNaN(Date.parse(s)), { message: 'must be an ISO 8601 date-time, e.g. 2026-01-01T00:00:00Z' })
    .optional()
    .describe('virtual time at start; default: now for a real clock, 2026-01-01T00:00:00Z for a manual one'),
  scenario: z.string().min(1).default('default').describe('a scenario name in the scenarios folder, or a path to a .json file'),
  scenariosDir: z.string().min(1).default(join(PACKAGE_ROOT, "scenarios")).describe("your scenarios; the shipped ones are found too"),
  fixturesDir: z.string().min(1).default(join(PACKAGE_ROOT, "fixtures")).describe("your fixture sets; the shipped ones are found too"),
  watch: z
    .union([z.boolean(), z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1')])
    .default(false)
    .describe('reload scenario and fixture files when they change'),
  appmetricaPort: optionalPort.describe('also serve the AppMetrica Logs API at root on this port'),
  mytargetPort: optionalPort,
  tolokaPort: optionalPort,
  publicUrl: z.url().optional().describe('the base URL clients reach the stand at (for absolute URLs in callbacks)'),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('warn').describe('the library logs warnings and errors only; the CLI defaults to info'),
  logFormat: z.enum(['json', 'pretty']).optional().describe('pino JSON lines, or one short line each (default: pretty on a terminal, json otherwise)'),
  journalLimit: z.coerce.number().int().positive().max(10_000_000).default(10_000),
  bodyLimit: z.coerce.number().int().positive().default(10 * 1024 * 1024).describe('largest request body, bytes'),
  urlLimit: z.coerce
    .number()
    .int()
    .min(256)
    .max(16_000)
    .default(8192)
    .describe('longest request URL (path and query), bytes; longer ones get 414 in the API\'s error shape'),
  maxJobsPerAccount: z.coerce
    .number()
    .int()
    .positive()
    .default(100_000)
    .describe('live async jobs one account may hold (myTarget calls, Toloka operations with their logs); more get 429'),
  maxConnections: z.coerce
    .number()
    .int()
    .positive()
    .default(1024)
    .describe('open connections each listener takes; more are closed at once (one client held 19,974 sockets and ran the process out of file descriptors)'),
  requestTimeout: z.coerce
    .number()
    .int()
    .min(100)
    .default(30_000)
    .describe('wall ms a client has to send a whole request, body included; then 408 and the connection closes'),
  stateFile: z
    .string()
    .min(1)
    .optional()
    .describe('keep the state here across restarts: every change is written as it happens, replayed at start'),
  healthFile: z
    .string()
    .min(1)
    .optional()
    .describe('a file that exists while the stand listens, touched every 10 s (container health checks)'),
  adminToken: z
    .string()
    .min(8, { message: 'must be at least 8 characters' })
    .optional()
    .describe('when set, /_stand routes (but health) need "Authorization: Bearer <admin token>"'),
});

export type StandConfig = Readonly<z.infer<typeof ConfigSchema>>;
export type StandOptions = z.input<typeof ConfigSchema>;

/** The manual clock's default start, so that runs are reproducible. */
export const MANUAL_START = Date.parse('2026-01-01T00:00:00.000Z');

export function parseConfig(input: unknown, source = 'config'): StandConfig {
  // Parsed once per stand: zod's compiled fast path would cost more than it saves (see parseDocument).
  const result = ConfigSchema.safeParse(input, { jitless: true });
  if (!result.success) throw new ConfigError('STAND_CONFIG_INVALID', describeIssues(source, result.error));
  return Object.freeze(result.data);
}

/** The environment variables the CLI and the Docker image read, by config key. */
export const ENV_NAMES = {
  port: 'STAND_PORT',
  host: 'STAND_HOST',
  clock: 'STAND_CLOCK',
  speed: 'STAND_SPEED',
  seed: 'STAND_SEED',
  startTime: 'STAND_START_TIME',
  scenario: 'STAND_SCENARIO',
  scenariosDir: 'STAND_SCENARIOS_DIR',
  fixturesDir: 'STAND_FIXTURES_DIR',
  watch: 'STAND_WATCH',
  appmetricaPort: 'STAND_APPMETRICA_PORT',
  mytargetPort: 'STAND_MYTARGET_PORT',
  tolokaPort: 'STAND_TOLOKA_PORT',
  publicUrl: 'STAND_PUBLIC_URL',
  logLevel: 'STAND_LOG_LEVEL',
  logFormat: 'STAND_LOG_FORMAT',
  journalLimit: 'STAND_JOURNAL_LIMIT',
  bodyLimit: 'STAND_BODY_LIMIT',
  urlLimit: 'STAND_URL_LIMIT',
  maxJobsPerAccount: 'STAND_MAX_JOBS_PER_ACCOUNT',
  maxConnections: 'STAND_MAX_CONNECTIONS',
  requestTimeout: 'STAND_REQUEST_TIMEOUT',
  stateFile: 'STAND_STATE_FILE',
  healthFile: 'STAND_HEALTH_FILE',
  adminToken: 'STAND_ADMIN_TOKEN',
} as const satisfies Record<keyof StandOptions, string>;
