import * as z from 'zod';
import { Duration, FaultRule } from '../../scenarios/common.js';
import { AppmetricaReportKnobs } from './report/knobs.js';

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
  appTokens: z
    .record(z.string().regex(/^\d+$/), z.array(z.string()))
    .default({})
    .describe('per application id, the only tokens that may read it (overrides the fixture)'),
  faults: z.array(FaultRule).default([]),
  /** The client report's thresholds (GET /_stand/report). */
  report: AppmetricaReportKnobs.prefault({}),
});
export type AppmetricaPlan = z.infer<typeof AppmetricaPlan>;
