import * as z from 'zod';

/** Thresholds of the client report's myTarget rules (scenario: `mytarget.report`). */
export const MytargetReportKnobs = z.strictObject({
  pollsPerSecond: z
    .number()
    .positive()
    .default(1)
    .describe('status polls per second of the call\'s execution time (exec_time, or the time it was polled over) before a call counts as polled too often'),
  minPolls: z.number().int().min(1).default(5).describe('calls polled fewer times than this are never "polled too often"'),
  heavyPaths: z
    .array(z.string())
    .default(['/api/v2/statistics/*', '/api/v3/statistics/*'])
    .describe('sync API paths (globs) whose reads belong on the async API'),
});
export type MytargetReportKnobs = z.infer<typeof MytargetReportKnobs>;
