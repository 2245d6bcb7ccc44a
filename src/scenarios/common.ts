import * as z from 'zod';
import { MAX_GLOB_LENGTH } from './glob.js';

/**
 * Pieces of the scenario schema shared by the three APIs: durations and fault rules.
 * The scenario schema (schema.ts) is the one source: the loader validates with it and
 * `npm run schema` publishes it as JSON Schema for editors.
 */

const ms = z.number().int().nonnegative();

export const Duration = z
  .union([
    ms.describe('fixed virtual milliseconds'),
    z.strictObject({ min: ms, max: ms }).describe('a seeded random duration in [min, max] ms'),
    z.strictObject({ polls: z.number().int().positive() }).describe('the Nth poll sees the next state'),
    z.literal('manual').describe('only an explicit advance (admin API or library) moves the job on'),
  ])
  .refine((d) => typeof d !== 'object' || !('min' in d) || d.min <= d.max, { message: 'min must not be greater than max' })
  .describe('How long a state lasts: ms, {"min","max"}, {"polls"} or "manual"');

export type Duration = z.infer<typeof Duration>;

/** Which requests (or jobs, or callbacks) a rule applies to. Every given key must match. */
export const Match = z.strictObject({
  method: z.string().toUpperCase().optional().describe('HTTP method, e.g. "GET"'),
  path: z
    .string()
    .max(MAX_GLOB_LENGTH)
    .optional()
    .describe('path on the API (without the /appmetrica, /mytarget or /toloka prefix); * matches any run of characters'),
  query: z.record(z.string(), z.string()).optional().describe('query parameters that must be present with these values'),
  token: z.string().optional().describe('the token (account) of the request'),
  host: z.string().optional().describe('callbacks only: the host of the callback URL'),
});
export type Match = z.infer<typeof Match>;

const status = z.number().int().min(400).max(599);

export const FaultAction = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('status'),
    status,
    message: z.string().optional().describe("the error text, in the API's real error shape"),
    retryAfter: z.number().int().nonnegative().optional().describe('seconds, sent as Retry-After'),
  }).describe('answer the request with this HTTP error instead of handling it'),
  z.strictObject({ type: z.literal('delay'), ms: ms.max(600_000) }).describe('answer after this much real time (not virtual)'),
  z.strictObject({ type: z.literal('drop') }).describe('close the connection without an answer'),
  z.strictObject({ type: z.literal('dropAnswer') }).describe(
    'handle the request (its job or objects exist), then close the connection instead of answering: the answer is lost, a retry meets what the first try made',
  ),
  z.strictObject({ type: z.literal('delayAnswer'), ms: ms.max(600_000) }).describe('handle the request, then answer after this much real time'),
  z.strictObject({
    type: z.literal('fail'),
    status: status.optional(),
    message: z.string().optional(),
  }).describe('the job fails: an AppMetrica export answers an error, a Toloka operation ends FAIL'),
  z.strictObject({ type: z.literal('unknown') }).describe('myTarget: the async call crashes after it started and stays "unknown"'),
  z.strictObject({
    type: z.literal('invalid'),
    item: z.number().int().nonnegative().optional().describe('the input index that fails (default: every item)'),
    field: z.string().default('input_values').describe('the field path reported'),
    code: z.string().default('INVALID_VALUE'),
    message: z.string().default('Invalid value'),
  }).describe('Toloka: an item fails validation'),
  z.strictObject({
    type: z.literal('callback'),
    outcome: z.union([z.number().int().min(100).max(599), z.literal('refuse'), z.literal('timeout')]).default(500),
  }).describe('the callback receiver seems to fail this way (the stand does not call it)'),
]);
export type FaultAction = z.infer<typeof FaultAction>;

export const FaultRule = z.strictObject({
  match: Match.optional(),
  nth: z.number().int().positive().optional().describe('fire on the Nth matching request only (1-based)'),
  probability: z.number().min(0).max(1).optional().describe('fire with this probability, drawn from the seed'),
  times: z.number().int().positive().optional().describe('fire at most this many times'),
  action: FaultAction,
});
export type FaultRule = z.infer<typeof FaultRule>;
export type FaultKind = FaultAction['type'];

/** Request-level actions: applied before the API handles the request. */
export const REQUEST_FAULTS: readonly FaultKind[] = ['status', 'delay', 'drop', 'dropAnswer', 'delayAnswer'];

/** A fault rule as written (defaults may be left out): what `enqueueFault` and scenario files take. */
export type FaultRuleInput = z.input<typeof FaultRule>;
