import * as z from 'zod';

/** Thresholds of the client report's AppMetrica rules (scenario: `appmetrica.report`). */
export const AppmetricaReportKnobs = z.strictObject({
  noCachePerExport: z.number().int().min(1).default(1).describe('requests of one export that may send Cache-Control: no-cache (the official loader sends it once)'),
  minPollIntervalMs: z.number().int().nonnegative().default(5000).describe('polls of a preparing export closer than this are too fast (the official loader waits 10 s)'),
  tooFastPolls: z.number().int().min(1).default(3).describe('how many too-fast polls of one export make a finding'),
  downloadsPerFile: z.number().int().min(1).default(1).describe('downloads of one ready file before it counts as downloaded again and again'),
  gzipRows: z.number().int().nonnegative().default(100_000).describe('an export of at least this many rows downloaded without Accept-Encoding: gzip is a finding'),
});
export type AppmetricaReportKnobs = z.infer<typeof AppmetricaReportKnobs>;
