import type { RawRequest } from '../../../core/journal.js';
import { answerHeader, answerJson, groupBy, pairs, pathOf, seconds } from '../../../report/detect.js';
import type { Hit, Rule } from '../../../report/types.js';
import { globMatches } from '../../../scenarios/glob.js';
import type { MytargetReportKnobs } from './knobs.js';

const DOC = 'myTarget docs, async API (target.vk.ru: "Асинхронный API")';
const LIMITS = 'myTarget docs, api_arrangement "Limits"; Digsolab/mytarget-php-ads-sdk src/Limiting';

const isSync = (r: RawRequest) => pathOf(r).startsWith('/api/');
const isStatus = (r: RawRequest) => r.method === 'GET' && /^\/async_api\/v2\/requests\/[^/]+\.json$/.test(pathOf(r));
const isResult = (r: RawRequest) => r.method === 'GET' && /^\/async_api\/v2\/responses\/[^/]+\.json$/.test(pathOf(r));
const exhausted = (r: RawRequest) => ['rps', 'minutely', 'hourly', 'daily'].filter((w) => answerHeader(r, `x-ratelimit-${w}-remaining`) === '0');
const WINDOW_MS: Record<string, number> = { rps: 1000, minutely: 60_000, hourly: 3_600_000, daily: 86_400_000 };

/** The myTarget rules of the client report; thresholds are `mytarget.report` in a scenario. */
export const MYTARGET_RULES: readonly Rule<MytargetReportKnobs>[] = [
  {
    code: 'MYTARGET_RATE_LIMIT_IGNORED',
    severity: 'error',
    title: 'Sync calls made while over the rate limit, ignoring X-RateLimit-*-Remaining',
    source: { doc: LIMITS, says: 'Every answer carries X-RateLimit-{RPS,Hourly,Daily}-Limit and -Remaining; over a limit the API answers 429 with {limits, remaining}.' },
    instead: 'Read X-RateLimit-*-Remaining and wait for the window (a second, an hour, the day) when it reaches 0; after a 429 wait before retrying.',
    detect(client) {
      const hits: Hit[] = [];
      for (const [before, next] of pairs(client.requests.filter(isSync))) {
        const windows = before.status === 429 ? ['rps'] : exhausted(before);
        const open = windows.filter((w) => next.at - before.at < WINDOW_MS[w]!);
        if (open.length === 0) continue;
        hits.push({
          requests: [before, next],
          detail: `#${next.seq} ${next.method} ${next.url} came ${seconds(next.at - before.at)} after #${before.seq} ${before.status === 429 ? 'was refused with 429' : `left ${open.join(', ')} remaining at 0`}`,
        });
      }
      return hits;
    },
  },
  {
    code: 'MYTARGET_STATUS_POLLED_TOO_OFTEN',
    severity: 'warning',
    title: 'An async call\'s status polled far more often than its execution time warrants',
    source: { doc: DOC, says: 'The status answers enqueued/started until the call is done, then 303 to its result; exec_time gives how long it ran.' },
    instead: 'Poll with a growing interval (1 s, 2 s, 4 s ...), or give X-Callback-Location and wait for the callback.',
    detect(client, knobs) {
      const hits: Hit[] = [];
      for (const [id, polls] of groupBy(client.requests.filter(isStatus), (r) => client.jobOf(r))) {
        if (polls.length < knobs.minPolls) continue;
        const done = polls.find((r) => r.status === 303);
        const execSeconds = Number((done && (answerJson(done) as { exec_time?: unknown } | undefined)?.exec_time) ?? 0);
        const span = (polls.at(-1)!.at - polls[0]!.at) / 1000;
        const allowed = Math.max(knobs.minPolls, Math.ceil(Math.max(execSeconds, span) * knobs.pollsPerSecond));
        if (polls.length <= allowed) continue;
        hits.push({ requests: polls, detail: `call ${id} was polled ${polls.length} times in ${seconds(span * 1000)}${execSeconds ? ` for an exec_time of ${execSeconds} s` : ''}; ${allowed} would do` });
      }
      return hits;
    },
  },
  {
    code: 'MYTARGET_303_NOT_FOLLOWED',
    severity: 'warning',
    title: 'The status kept being polled after its 303, the result never fetched',
    source: { doc: DOC, says: 'Once done, the status answers 303 See Other with Location: /async_api/v2/responses/{id}.json, which replays the call\'s answer.' },
    instead: 'Follow the 303 (or read response_url from the callback) and stop polling the status.',
    detect(client) {
      const results = new Set(client.requests.filter(isResult).map((r) => client.jobOf(r)));
      const hits: Hit[] = [];
      for (const [id, polls] of groupBy(client.requests.filter(isStatus), (r) => client.jobOf(r))) {
        const seeOther = polls.filter((r) => r.status === 303);
        if (seeOther.length >= 2 && !results.has(id)) hits.push({ requests: seeOther, detail: `call ${id} answered 303 ${seeOther.length} times and its result was never fetched` });
      }
      return hits;
    },
  },
  {
    code: 'MYTARGET_RESULT_FETCHED_AFTER_EXPIRY',
    severity: 'error',
    title: 'An async result fetched after it expired',
    source: { doc: DOC, says: 'Results of async calls are kept one day.' },
    instead: 'Fetch the result when the call is done (the 303 or the callback), within a day.',
    detect(client) {
      const expiredAt = new Map(client.jobs.map((j) => [j.id, j.history.find((h) => h.state === 'expired')?.at]));
      return client.requests
        .filter((r) => (isResult(r) || isStatus(r)) && r.status >= 400)
        .filter((r) => {
          const at = expiredAt.get(client.jobOf(r) ?? '');
          return at !== undefined && r.at >= Date.parse(at);
        })
        .map((r) => ({ requests: [r], detail: `#${r.seq} ${r.url} came after call ${client.jobOf(r)} expired and was answered ${r.status}` }));
    },
  },
  {
    code: 'MYTARGET_CALLBACK_NEVER_2XX',
    severity: 'warning',
    title: 'A callback URL that never answered 2xx',
    source: { doc: DOC, says: 'X-Callback-Location (and X-Callback-Method) make the API call back with response_id, response_url and response_http_code.' },
    instead: 'Answer the callback with 2xx at once (do the work afterwards), and make sure the URL is reachable from the API.',
    detect(client) {
      const hits: Hit[] = [];
      const byJob = new Map<string, typeof client.callbacks>();
      for (const c of client.callbacks) byJob.set(c.jobId, [...(byJob.get(c.jobId) ?? []), c]);
      for (const [jobId, attempts] of byJob) {
        if (attempts.some((a) => a.ok)) continue;
        const submit = client.requests.find((r) => client.jobOf(r) === jobId && r.status === 202);
        hits.push({
          requests: submit ? [submit] : [],
          detail: `the callback of call ${jobId} to ${attempts[0]!.url} failed ${attempts.length} time${attempts.length === 1 ? '' : 's'} (${attempts.map((a) => a.status ?? a.error).join(', ')})`,
        });
      }
      return hits;
    },
  },
  {
    code: 'MYTARGET_HEAVY_READ_ON_SYNC_API',
    severity: 'info',
    title: 'Heavy reads (statistics) made on the sync API while the async one exists',
    source: { doc: DOC, says: 'The async API (/async_api/...) mirrors any /api/... call: it is queued and answered through a status and a result.' },
    instead: 'Call the same path under /async_api/ and poll or take a callback: heavy reads count against the sync rate limits and time out.',
    detect(client, knobs) {
      return client.requests
        .filter((r) => isSync(r) && r.method === 'GET' && knobs.heavyPaths.some((g) => globMatches(g, pathOf(r))))
        .map((r) => ({ requests: [r], detail: `#${r.seq} ${r.url} read statistics on the sync API` }));
    },
  },
];
