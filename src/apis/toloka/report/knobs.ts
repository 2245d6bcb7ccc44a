import * as z from 'zod';

/** Thresholds of the client report's Toloka rules (scenario: `toloka.report`). */
export const TolokaReportKnobs = z.strictObject({
  minPollIntervalMs: z.number().int().nonnegative().default(1000).describe('polls of one operation closer than this are too frequent (docs: at most once a second)'),
  tooFastPolls: z.number().int().min(1).default(2).describe('how many too-frequent polls of one operation make a finding'),
});
export type TolokaReportKnobs = z.infer<typeof TolokaReportKnobs>;
