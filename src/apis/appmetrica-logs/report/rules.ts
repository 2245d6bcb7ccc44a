import type { RawRequest } from '../../../core/journal.js';
import { answerHeader, groupBy, pairs, pathOf, requestHeader, seconds } from '../../../report/detect.js';
import type { Hit, Rule } from '../../../report/types.js';
import { exportKeyOf } from './job-of.js';
import type { AppmetricaReportKnobs } from './knobs.js';

const DOC = 'AppMetrica docs, mobile-api/logs/request-procedure.md';
const LOADER = 'yandexmobile/appmetrica-logsapi-loader, Yandex\'s own client (logs_api/loader.py)';

const isExport = (r: RawRequest) => r.method === 'GET' && pathOf(r).startsWith('/logs/v1/export/');
/** A client's export requests by what they ask for (the same parameters in any order). */
const byExport = (requests: readonly RawRequest[]) => groupBy(requests.filter(isExport), (r) => exportKeyOf(r.url));
const noCache = (r: RawRequest) => /(^|,)\s*no-cache\s*(,|$)/i.test(requestHeader(r, 'cache-control') ?? '');

/** The AppMetrica rules of the client report; thresholds are `appmetrica.report` in a scenario. */
export const APPMETRICA_RULES: readonly Rule<AppmetricaReportKnobs>[] = [
  {
    code: 'APPMETRICA_NO_CACHE_EVERY_POLL',
    severity: 'error',
    title: 'Cache-Control: no-cache sent on the polls of an export',
    source: { doc: DOC, says: 'Для формирования нового файла отправить при запросе заголовок `Cache-Control: no-cache` (send no-cache to have a new file made).' },
    instead: 'Send no-cache on the first request only (as Yandex\'s loader does), then poll the same URL without it; against the real API every no-cache can start the file over.',
    detect(client, knobs) {
      const hits: Hit[] = [];
      for (const list of byExport(client.requests).values()) {
        const sent = list.filter(noCache);
        if (sent.length > knobs.noCachePerExport) hits.push({ requests: sent, detail: `${sent.length} of ${list.length} requests for ${list[0]!.url} sent Cache-Control: no-cache (#${sent.map((r) => r.seq).slice(0, 5).join(', #')})` });
      }
      return hits;
    },
  },
  {
    code: 'APPMETRICA_POLLING_TOO_FAST',
    severity: 'warning',
    title: 'A preparing export polled faster than the official loader\'s pace',
    source: { doc: LOADER, says: 'The loader sleeps 10 s after every 202 before it asks again; every identical request while the file is prepared answers 202.' },
    instead: 'Wait about 10 s between polls (the 202\'s "Progress is N%" tells how far it is), or move the clock in tests.',
    detect(client, knobs) {
      const hits: Hit[] = [];
      for (const list of byExport(client.requests).values()) {
        const fast = [...pairs(list)].filter(([a, b]) => a.status === 202 && b.at - a.at < knobs.minPollIntervalMs).map(([, b]) => b);
        if (fast.length >= knobs.tooFastPolls) {
          const gaps = [...pairs(list)].filter(([a]) => a.status === 202).map(([a, b]) => b.at - a.at);
          hits.push({ requests: fast, detail: `${fast.length} polls of ${list[0]!.url} came sooner than ${seconds(knobs.minPollIntervalMs)} after a 202 (shortest gap ${seconds(Math.min(...gaps))})` });
        }
      }
      return hits;
    },
  },
  {
    code: 'APPMETRICA_FILE_DOWNLOADED_AGAIN',
    severity: 'warning',
    title: 'The same ready file downloaded again and again',
    source: { doc: DOC, says: 'Файл доступен для загрузки в течение 24 часов по URL первоначального запроса (the file stays at the request\'s URL for 24 h).' },
    instead: 'Keep the file once downloaded (or its rows); a large export is gigabytes each time.',
    detect(client, knobs) {
      const hits: Hit[] = [];
      for (const list of groupBy(client.requests.filter((r) => isExport(r) && r.status === 200), (r) => client.jobOf(r)).values()) {
        if (list.length > knobs.downloadsPerFile) hits.push({ requests: list.slice(knobs.downloadsPerFile), detail: `the file of ${list[0]!.url} was downloaded ${list.length} times (#${list.map((r) => r.seq).slice(0, 5).join(', #')})` });
      }
      return hits;
    },
  },
  {
    code: 'APPMETRICA_LARGE_EXPORT_WITHOUT_GZIP',
    severity: 'warning',
    title: 'A large export downloaded without Accept-Encoding: gzip',
    source: { doc: DOC, says: 'Чтобы получать данные в сжатом виде, необходимо в запросе передать HTTP заголовок `Accept-Encoding: gzip` (send Accept-Encoding: gzip to get the data compressed).' },
    instead: 'Send Accept-Encoding: gzip on export requests (Yandex\'s loader always does) and decompress by the answer\'s Content-Encoding.',
    detect(client, knobs) {
      const rowsOf = new Map(client.jobs.map((j) => [j.id, Number(j.detail.rows ?? 0)]));
      return client.requests
        .filter((r) => isExport(r) && r.status === 200 && !/\bgzip\b/i.test(requestHeader(r, 'accept-encoding') ?? ''))
        .filter((r) => (rowsOf.get(client.jobOf(r) ?? '') ?? 0) >= knobs.gzipRows)
        .map((r) => ({ requests: [r], detail: `#${r.seq} downloaded ${rowsOf.get(client.jobOf(r)!)} rows of ${r.url} uncompressed` }));
    },
  },
  {
    code: 'APPMETRICA_QUEUE_QUOTA_EXCEEDED',
    severity: 'error',
    title: 'More exports at once than the queue quota allows (429)',
    source: { doc: 'AppMetrica docs, mobile-api/logs/quotas.md', says: 'There are already 3 enqueued queries for given application_id. Wait until they are completed.' },
    instead: 'Keep at most the quota of exports queued per application: ask for the next one when one is ready.',
    detect(client) {
      return client.requests.filter((r) => isExport(r) && r.status === 429).map((r) => ({ requests: [r], detail: `#${r.seq} ${r.url} was refused: the application's queue was full` }));
    },
  },
  {
    code: 'APPMETRICA_RETRIED_UNCHANGED',
    severity: 'error',
    title: 'A 429 or a "Try to use more parts." retried unchanged',
    source: { doc: LOADER, says: 'On 400 "Try to use more parts." the loader asks again with parts_count=N&part_number=0..N-1; on 429 it sleeps 60 s.' },
    instead: 'After "Try to use more parts." split the request (parts_count, part_number); after a 429 wait (the loader waits 60 s) or for a queued export to finish.',
    detect(client) {
      const hits: Hit[] = [];
      for (const list of groupBy(client.requests.filter(isExport), (r) => r.url).values()) {
        for (const [refused, again] of pairs(list)) {
          const parts = refused.status === 400 && typeof refused.responseBody === 'string' && refused.responseBody.includes('Try to use more parts.');
          const quota = refused.status === 429;
          if (!parts && !quota) continue;
          const retryAfter = Number(answerHeader(refused, 'retry-after') ?? 0) * 1000;
          if (quota && again.at - refused.at >= Math.max(retryAfter, 1000)) continue;
          hits.push({ requests: [refused, again], detail: `#${refused.seq} was answered ${refused.status}${parts ? ' "Try to use more parts."' : ''} and #${again.seq} asked for the very same URL ${seconds(again.at - refused.at)} later` });
        }
      }
      return hits;
    },
  },
];
