import * as z from 'zod';
import { AppmetricaPlan } from '../apis/appmetrica-logs/plan.js';
import { MytargetPlan } from '../apis/mytarget/plan.js';
import { TolokaPlan } from '../apis/toloka/plan.js';
import { CommonReportKnobs } from '../report/common-rules.js';

/** How the stand delivers callbacks (myTarget's X-Callback-Location). */
export const CallbackPlan = z.strictObject({
  timeoutMs: z.number().int().positive().default(5000).describe('real ms before an attempt counts as failed'),
  retries: z.number().int().nonnegative().default(3).describe('attempts after the first one'),
  backoffMs: z.number().int().nonnegative().default(1000).describe('virtual ms before the first retry'),
  backoffFactor: z.number().min(1).default(2).describe('each further retry waits this many times longer'),
  allowHosts: z
    .array(z.string())
    .nullable()
    .default(null)
    .describe('hosts callbacks may go to (null: any host); others are refused at submission with 400'),
});
export type CallbackPlan = z.infer<typeof CallbackPlan>;

/** A scenario file: behaviour of the three APIs. Version 1. */
export const Scenario = z.strictObject({
  $schema: z.string().optional(),
  version: z.literal(1).describe('the format version; 1'),
  description: z.string().default(''),
  fixtures: z.string().regex(/^[\w.-]+$/).default('default').describe('the fixture set: fixtures/<api>/<set>.json'),
  tokens: z
    .array(z.string().min(1))
    .nullable()
    .default(null)
    .describe('the only tokens that exist (null: any token is an account of its own)'),
  appmetrica: AppmetricaPlan.prefault({}),
  mytarget: MytargetPlan.prefault({}),
  toloka: TolokaPlan.prefault({}),
  callbacks: CallbackPlan.prefault({}),
  /** Thresholds of the client report's rules every API shares. */
  report: CommonReportKnobs.prefault({}),
});
export type Scenario = z.infer<typeof Scenario>;
export type ScenarioInput = z.input<typeof Scenario>;
