import * as z from 'zod';
import { Duration, FaultRule } from '../../scenarios/common.js';
import { AppmetricaReportKnobs } from './report/knobs.js';

const limit = z.number().int().positive().nullable();

/**
 * Quotas beyond the queue of 3 per application (en/mobile-api/logs/quotas.md). The Logs API
 * documents none; the AppMetrica API's general quotas (en/mobile-api/intro/quotas.md) are 30
 * requests a second per IP and 5000 a day per user, answered `420 Too Many Requests` in the
 * English text and `429` in the Russian one; Yandex Metrica's page, the sister API's, adds 3
 * parallel requests per user. Off by default: the stand counts per token, not per IP.
 */
export const AppmetricaQuotas = z.strictObject({
  maxQueuedPerToken: limit
    .default(null)
    .describe('unfinished exports of one token across its applications before 429 (Metrica documents 3 parallel requests per user; null: no limit)'),
  requestsPerSecond: limit.default(null).describe('requests of one token in one second of the stand clock before the quota error (the docs: 30 per IP; null: no limit)'),
  requestsPerDay: limit.default(null).describe('requests of one token in one UTC day before the quota error (the docs: 5000 per user, unblocked at 00:00 GMT; null: no limit)'),
  status: z
    .union([z.literal(429), z.literal(420)])
    .default(429)
    .describe('the status of a quota error: 429 (the Russian docs, the Management API\'s error list) or 420 (the English docs)'),
});
export type AppmetricaQuotas = z.infer<typeof AppmetricaQuotas>;

/** The AppMetrica Logs API's part of a scenario: how exports are prepared and what goes wrong. */
export const AppmetricaPlan = z.strictObject({
  preparation: Duration.default(3000).describe('time an export spends preparing before rows are counted in'),
  rowsPerSecond: z
    .number()
    .positive()
    .default(1_000_000)
    .describe('preparation speed: rows/rowsPerSecond seconds are added to "preparation" (timer durations only)'),
  maxQueuedPerApp: z.number().int().positive().default(3).describe('unfinished exports per application before 429'),
  maxRowsPerPart: z
    .number()
    .int()
    .positive()
    .default(10_000_000)
    .describe('an export (or part) estimated above this answers 400 "Try to use more parts."'),
  fileTtlMs: z.number().int().positive().default(86_400_000).describe('how long a ready file lives at its URL'),
  retryAfter: z
    .number()
    .int()
    .nonnegative()
    .nullable()
    .default(null)
    .describe('seconds sent as Retry-After on 202 and 429 (the real API is not known to send it)'),
  unknownParameters: z
    .enum(['ignore', 'refuse'])
    .default('ignore')
    .describe('a query parameter that is neither the API\'s nor a field of the table: ignored (clients send extras such as lang) or 400'),
  quotas: AppmetricaQuotas.prefault({}),
  appTokens: z
    .record(z.string().regex(/^\d+$/), z.array(z.string()))
    .default({})
    .describe('per application id, the only tokens that may read it (overrides the fixture)'),
  faults: z.array(FaultRule).default([]),
  /** The client report's thresholds (GET /_stand/report). */
  report: AppmetricaReportKnobs.prefault({}),
});
export type AppmetricaPlan = z.infer<typeof AppmetricaPlan>;
