import * as z from 'zod';
import { Duration, FaultRule, Match } from '../../scenarios/common.js';
import { TolokaReportKnobs } from './report/knobs.js';

/** One request rate limit of a token (docs: "Rate limits": per method, per minute, hour or day). */
export const TolokaRateLimit = z.strictObject({
  match: Match.optional().describe('the requests it counts (method, path); all of the token\'s when left out'),
  limit: z.number().int().positive().describe('requests allowed in each interval'),
  interval: z.enum(['SECOND', 'MIN', 'HOUR', 'DAY']).default('MIN').describe('the window, as 429 bodies name it in payload.interval'),
});
export type TolokaRateLimit = z.infer<typeof TolokaRateLimit>;

/**
 * The simulated crowd: Tolokers who take the task suites of open pools, on the stand's clock,
 * deterministically from the seed. The defaults finish a small pool in minutes of stand time.
 */
const ms = z.number().int().nonnegative();
const CrowdDuration = z
  .union([ms, z.strictObject({ min: ms, max: ms })])
  .refine((d) => typeof d === 'number' || d.min <= d.max, { message: 'min must not be greater than max' })
  .describe('virtual ms, or {"min","max"} drawn from the seed');

export const CrowdPlan = z.strictObject({
  workers: z.number().int().min(0).max(10_000).default(10).describe('Tolokers working on every account\'s open pools (0: nobody does the tasks)'),
  takeMs: CrowdDuration.default({ min: 1000, max: 10_000 }).describe('how long a Toloker takes to pick the next task suite after the last one'),
  solveMs: CrowdDuration.default({ min: 20_000, max: 90_000 }).describe('how long a Toloker works on a task suite before submitting it'),
  accuracy: z.number().min(0).max(1).default(0.8).describe('how often an answer is the right one (the known solution, or the task\'s hidden true answer)'),
  skipShare: z.number().min(0).max(1).default(0.03).describe('share of assignments the Toloker skips (SKIPPED, soon after taking it)'),
  expireShare: z.number().min(0).max(1).default(0.02).describe('share of assignments left to expire (EXPIRED after the pool\'s assignment_max_duration_seconds)'),
});
export type CrowdPlan = z.infer<typeof CrowdPlan>;

/** Toloka Apps (apps/): how long a new app project is checked, and how its items are labeled. */
export const AppsPlan = z.strictObject({
  checkMs: ms.default(60_000).describe('how long a new app project stays CREATING before it is READY (or ERROR)'),
  itemMs: CrowdDuration.default({ min: 30_000, max: 300_000 }).describe('how long one item takes to label (PROCESSING to COMPLETED)'),
  concurrency: z.number().int().min(1).max(100_000).default(10).describe('items of one account labeled at once; the others wait in line (their batch QUEUED)'),
});
export type AppsPlan = z.infer<typeof AppsPlan>;

/** Toloka's part of a scenario: how operations progress and what goes wrong. */
export const TolokaPlan = z.strictObject({
  pending: Duration.default(200).describe('time an operation stays PENDING'),
  running: Duration.default(1000).describe('time an operation stays RUNNING (plus perItemMs per item)'),
  perItemMs: z.number().nonnegative().default(1).describe('extra RUNNING time per input item (timer durations only)'),
  logTtlMs: z
    .number()
    .int()
    .positive()
    .default(30 * 86_400_000)
    .describe('how long operation logs are kept before they answer OPERATION_LOGS_ARCHIVED'),
  maxSyncItems: z
    .number()
    .int()
    .positive()
    .default(5000)
    .describe('most items a synchronous (async_mode=false) create accepts; more answers 413 (the docs: 5000 tasks)'),
  maxAsyncItems: z
    .number()
    .int()
    .positive()
    .default(100_000)
    .describe('most items one asynchronous create accepts; more answers 413'),
  requireOverlap: z
    .boolean()
    .default(true)
    .describe('a task or task suite without "overlap" is invalid (overlap: VALUE_REQUIRED) unless allow_defaults=true takes the pool default'),
  crowd: CrowdPlan.prefault({}),
  apps: AppsPlan.prefault({}),
  rateLimits: z
    .array(TolokaRateLimit)
    .default([])
    .describe('per token request limits; a request over one answers 429 TOO_MANY_REQUESTS with payload.interval (no Retry-After)'),
  faults: z.array(FaultRule).default([]),
  /** The client report's thresholds (GET /_stand/report). */
  report: TolokaReportKnobs.prefault({}),
});
export type TolokaPlan = z.infer<typeof TolokaPlan>;
