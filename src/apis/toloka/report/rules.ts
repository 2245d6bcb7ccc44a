import type { RawRequest } from '../../../core/journal.js';
import { answerJson, groupBy, pairs, pathOf, requestJson, seconds } from '../../../report/detect.js';
import { queryOf } from '../../../journal/render.js';
import type { Hit, Rule } from '../../../report/types.js';
import type { TolokaReportKnobs } from './knobs.js';

const API_DOC = 'Toloka docs, en/api/reference/fullApi.yaml; Toloka/toloka-kit src/client';
const LOG_DOC = 'Toloka docs, "Operation log" (GET /operations/{id}/log)';

const BATCH = /^\/api\/v1\/(tasks|task-suites|user-bonuses)$/;
const isAsyncBatch = (r: RawRequest) => r.method === 'POST' && BATCH.test(pathOf(r)) && queryOf(r.url).async_mode === 'true';
const isOperation = (r: RawRequest) => r.method === 'GET' && /^\/api\/v1\/operations\/[^/]+$/.test(pathOf(r));
const isLog = (r: RawRequest) => r.method === 'GET' && /^\/api\/v1\/operations\/[^/]+\/log$/.test(pathOf(r));
/** GET /api/app/v0/app-projects/{project}/batches/{batch}: the batch's id. */
const APP_BATCH = /^\/api\/app\/v0\/app-projects\/[^/]+\/batches\/([^/]+)$/;
const APP_START = /^\/api\/app\/v0\/app-projects\/[^/]+\/batches\/([^/]+)\/start$/;
const WINDOW_MS: Record<string, number> = { SECOND: 1000, MIN: 60_000, MINUTE: 60_000, HOUR: 3_600_000, DAY: 86_400_000 };

/** The Toloka rules of the client report; thresholds are `toloka.report` in a scenario. */
export const TOLOKA_RULES: readonly Rule<TolokaReportKnobs>[] = [
  {
    code: 'TOLOKA_BATCH_WITHOUT_OPERATION_ID',
    severity: 'warning',
    title: 'Batch creates sent without operation_id',
    source: { doc: API_DOC, says: 'operation_id: the ID of the operation that the request creates; repeating a request with the same operation_id does not create the items again.' },
    instead: 'Send a fresh UUID as operation_id with each batch and reuse it on a retry: an answer lost on the wire then cannot create the tasks (or pay the bonuses) twice.',
    detect(client) {
      return client.requests
        .filter((r) => isAsyncBatch(r) && !queryOf(r.url).operation_id)
        .map((r) => ({ requests: [r], detail: `#${r.seq} POST ${pathOf(r)} (async_mode) had no operation_id: a retry after a lost answer would create the items again` }));
    },
  },
  {
    code: 'TOLOKA_OPERATION_POLLED_TOO_OFTEN',
    severity: 'warning',
    title: 'An operation polled more often than once a second',
    source: { doc: API_DOC, says: 'Rate limits apply per method; toloka-kit waits between operation polls (wait_operation sleeps with a growing interval).' },
    instead: 'Poll an operation at most once a second, better with a growing interval, until it is SUCCESS or FAIL.',
    detect(client, knobs) {
      const hits: Hit[] = [];
      for (const [id, polls] of groupBy(client.requests.filter(isOperation), (r) => client.jobOf(r))) {
        const fast = [...pairs(polls)].filter(([a, b]) => b.at - a.at < knobs.minPollIntervalMs).map(([, b]) => b);
        if (fast.length >= knobs.tooFastPolls) hits.push({ requests: fast, detail: `operation ${id} was polled ${polls.length} times, ${fast.length} of them sooner than ${seconds(knobs.minPollIntervalMs)} after the last` });
      }
      return hits;
    },
  },
  {
    code: 'TOLOKA_LOG_NOT_READ_AFTER_FAIL',
    severity: 'error',
    title: 'An operation seen FAIL whose log was never read',
    source: { doc: LOG_DOC, says: 'GET /api/v1/operations/{id}/log: one step per item; a rejected item has a *_VALIDATE step with the error.' },
    instead: 'When an operation ends FAIL (or with not_valid_count > 0), read its log: it says which items failed validation and why.',
    detect(client) {
      const hits: Hit[] = [];
      for (const [id, polls] of groupBy(client.requests.filter(isOperation), (r) => client.jobOf(r))) {
        const failed = polls.find((r) => (answerJson(r) as { status?: unknown } | undefined)?.status === 'FAIL');
        if (!failed) continue;
        if (client.requests.some((r) => isLog(r) && client.jobOf(r) === id && r.at >= failed.at && r.status === 200)) continue;
        hits.push({ requests: [failed], detail: `operation ${id} was seen FAIL at #${failed.seq} and its log was never read` });
      }
      return hits;
    },
  },
  {
    code: 'TOLOKA_429_RETRIED_EARLY',
    severity: 'error',
    title: 'A 429 retried before its interval was over',
    source: { doc: API_DOC, says: '429 TOO_MANY_REQUESTS carries payload.interval (SECOND, MIN, HOUR, DAY): the window the limit counts in; toloka-kit waits for it.' },
    instead: 'After a 429 wait until the window named by payload.interval is over before the next request.',
    detect(client) {
      const hits: Hit[] = [];
      for (const [refused, next] of pairs(client.requests)) {
        if (refused.status !== 429) continue;
        const interval = String((answerJson(refused) as { payload?: { interval?: unknown } } | undefined)?.payload?.interval ?? 'SECOND');
        const window = WINDOW_MS[interval] ?? 1000;
        const end = Math.floor(refused.at / window) * window + window;
        if (next.at < end) hits.push({ requests: [refused, next], detail: `#${refused.seq} was refused (payload.interval ${interval}) and #${next.seq} came ${seconds(next.at - refused.at)} later, ${seconds(end - next.at)} before the window ended` });
      }
      return hits;
    },
  },
  {
    code: 'TOLOKA_BONUS_WITHOUT_DUPLICATE_CHECK',
    severity: 'error',
    title: 'A bonus paid again (same user, same private_comment) without checking for the earlier one',
    source: { doc: API_DOC, says: 'POST /user-bonuses pays a Toloker; GET /user-bonuses?user_id=... lists the bonuses paid (private_comment is yours, for telling them apart).' },
    instead: 'Before paying, list the user\'s bonuses (GET /user-bonuses?user_id=...) and skip one with the same private_comment; or send the batch with an operation_id.',
    detect(client) {
      const hits: Hit[] = [];
      const paid = new Map<string, RawRequest>();
      let lastCheck = -1;
      for (const r of client.requests) {
        if (r.method === 'GET' && pathOf(r) === '/api/v1/user-bonuses') lastCheck = r.at;
        if (r.method !== 'POST' || pathOf(r) !== '/api/v1/user-bonuses' || r.status >= 400) continue;
        const body = requestJson(r);
        for (const bonus of (Array.isArray(body) ? body : [body]) as { user_id?: unknown; private_comment?: unknown }[]) {
          if (typeof bonus?.user_id !== 'string' || typeof bonus.private_comment !== 'string') continue;
          const key = `${bonus.user_id}\n${bonus.private_comment}`;
          const earlier = paid.get(key);
          if (earlier && lastCheck < earlier.at) hits.push({ requests: [earlier, r], detail: `user ${bonus.user_id} was paid "${bonus.private_comment}" at #${earlier.seq} and again at #${r.seq}, with no GET /user-bonuses in between` });
          if (!earlier) paid.set(key, r);
        }
      }
      return hits;
    },
  },
  {
    code: 'TOLOKA_APP_BATCH_NEVER_STARTED',
    severity: 'error',
    title: 'An app batch polled while NEW and never started',
    source: { doc: 'Toloka docs, en/toloka-apps/api/concepts/quickstart-api.md', says: 'After the batch is created, send it for labeling: POST /app-projects/{app_project_id}/batches/{batch_id}/start (the batch stays NEW until then).' },
    instead: 'Start each batch once its items are uploaded (toloka-kit start_app_batch); a NEW batch is never labeled, however long it is polled.',
    detect(client) {
      const started = new Set(client.requests.flatMap((r) => (r.method === 'POST' && r.status < 400 ? (APP_START.exec(pathOf(r))?.slice(1, 2) ?? []) : [])));
      const hits: Hit[] = [];
      const polls = client.requests.filter((r) => r.method === 'GET' && r.status === 200 && APP_BATCH.test(pathOf(r)) && (answerJson(r) as { status?: unknown } | undefined)?.status === 'NEW');
      for (const [id, seen] of groupBy(polls, (r) => APP_BATCH.exec(pathOf(r))![1]!)) {
        if (seen.length >= 2 && !started.has(id)) hits.push({ requests: seen, detail: `app batch ${id} was polled ${seen.length} times while NEW and never started` });
      }
      return hits;
    },
  },
];
