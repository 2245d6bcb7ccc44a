import * as z from 'zod';
import { Duration, FaultRule, Match } from '../../scenarios/common.js';

/** One request rate limit of a token (docs: "Rate limits": per method, per minute, hour or day). */
export const TolokaRateLimit = z.strictObject({
  match: Match.optional().describe('the requests it counts (method, path); all of the token\'s when left out'),
  limit: z.number().int().positive().describe('requests allowed in each interval'),
  interval: z.enum(['SECOND', 'MIN', 'HOUR', 'DAY']).default('MIN').describe('the window, as 429 bodies name it in payload.interval'),
});
export type TolokaRateLimit = z.infer<typeof TolokaRateLimit>;

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
  rateLimits: z
    .array(TolokaRateLimit)
    .default([])
    .describe('per token request limits; a request over one answers 429 TOO_MANY_REQUESTS with payload.interval (no Retry-After)'),
  faults: z.array(FaultRule).default([]),
});
export type TolokaPlan = z.infer<typeof TolokaPlan>;
