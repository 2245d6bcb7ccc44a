import * as z from 'zod';
import { Duration, FaultRule } from '../../scenarios/common.js';
import { MytargetReportKnobs } from './report/knobs.js';

const limit = z.number().int().positive().nullable();

/** The myTarget API's part of a scenario: the async queue and the sync API's rate limits. */
export const MytargetPlan = z.strictObject({
  concurrency: z.number().int().positive().default(1).describe('async calls of one account running at once'),
  enqueued: Duration.default(500).describe('time an async call waits before it starts (once a slot is free)'),
  execution: Duration.default(1000).describe('time an async call runs before it is done'),
  resultTtlMs: z.number().int().positive().default(86_400_000).describe('how long statuses and results live after completion'),
  execTimeUnit: z
    .enum(['seconds', 'milliseconds'])
    .default('seconds')
    .describe('unit of "exec_time" in a done status (the real unit is not documented; seconds as a float by default)'),
  rateLimits: z
    .strictObject({
      perSecond: limit.default(10),
      perMinute: limit.default(null),
      perHour: limit.default(2000),
      perDay: limit.default(20000),
    })
    .prefault({})
    .describe('per token limits of the sync API (null: no such window)'),
  faults: z.array(FaultRule).default([]),
  /** The client report's thresholds (GET /_stand/report). */
  report: MytargetReportKnobs.prefault({}),
});
export type MytargetPlan = z.infer<typeof MytargetPlan>;
export type RateLimitPlan = MytargetPlan['rateLimits'];
