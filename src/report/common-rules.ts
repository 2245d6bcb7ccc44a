import * as z from 'zod';
import type { Hit, Rule } from './types.js';
import { groupBy, pairs, seconds } from './detect.js';

/** Knobs of the rules every API shares (scenario: `report` at the top level). */
export const CommonReportKnobs = z.strictObject({
  minRetryBackoffMs: z
    .number()
    .int()
    .nonnegative()
    .default(1000)
    .describe('a retry of a request answered 5xx (or left without an answer) sooner than this is "without backoff"'),
});
export type CommonReportKnobs = z.infer<typeof CommonReportKnobs>;

/** Faults that leave the client without an answer, as a timeout would. */
const NO_ANSWER = new Set(['drop', 'dropAnswer']);

export const COMMON_RULES: readonly Rule<CommonReportKnobs>[] = [
  {
    code: 'RETRY_WITHOUT_BACKOFF',
    severity: 'warning',
    title: '5xx answers and lost answers retried without backoff',
    source: {
      doc: 'RFC 9110 §15.6 and the APIs\' error pages (AppMetrica: "Internal server error. Try again later."; myTarget: 5xx, 503 temporarily unavailable; Toloka: errors.md)',
      says: 'A 5xx answer means the server could not serve the request now; retrying at once adds load when the service is already failing.',
    },
    instead: 'Retry with exponential backoff and jitter (e.g. 1 s, 2 s, 4 s, with a cap), and give up after a few attempts.',
    detect(client, knobs) {
      const hits: Hit[] = [];
      const byCall = groupBy(client.requests, (r) => `${r.method} ${r.url}`);
      for (const list of byCall.values()) {
        for (const [failed, retry] of pairs(list)) {
          const lost = failed.fault !== null && NO_ANSWER.has(failed.fault);
          if (failed.status < 500 && !lost) continue;
          const gap = retry.at - failed.at;
          if (gap >= knobs.minRetryBackoffMs) continue;
          hits.push({
            requests: [failed, retry],
            detail: `${failed.method} ${failed.url} was ${lost ? 'left without an answer' : `answered ${failed.status}`} (#${failed.seq}) and sent again ${seconds(gap)} later (#${retry.seq}), under the ${seconds(knobs.minRetryBackoffMs)} a backoff would wait`,
          });
        }
      }
      return hits;
    },
  },
  {
    code: 'UNEMULATED_CALL',
    severity: 'info',
    title: 'Calls the stand could not check (no such route, or a real operation it does not emulate)',
    source: { doc: 'the API folder\'s README (src/apis/<api>/README.md): the operations emulated', says: 'An operation of the real API that is not emulated answers 501 and names itself; an unknown path answers 404.' },
    instead: 'Check the path against the API\'s reference; for a real operation the stand lacks, test it against the real API or open an issue for the stand.',
    detect(client) {
      return client.requests
        .filter((r) => r.route !== 'matched')
        .map((r) => ({ requests: [r], detail: `${r.method} ${r.url} (#${r.seq}) was ${r.route === 'unemulated' ? 'a real operation the stand does not emulate (501)' : 'answered by no route (404)'}` }));
    },
  },
];
