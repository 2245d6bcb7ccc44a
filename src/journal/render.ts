import { constants, gunzipSync } from 'node:zlib';
import { NOT_KEPT, STREAMED, type ApiName, type CallbackEntry, type HeaderBag, type JournaledMessage, type RawRequest, type RequestEntry } from '../core/journal.js';
import { maskHeaderValue, maskToken, maskUrl } from './mask.js';

/** Characters of a body a journal entry shows; the rest is cut (`truncated`). */
export const BODY_CAP = 8 * 1024;

/** The path of a journaled URL on its API: no mount prefix (`/toloka`), no query. */
export function apiPath(api: ApiName, url: string): string {
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  const prefix = `/${api}`;
  return path === prefix ? '/' : path.startsWith(`${prefix}/`) ? path.slice(prefix.length) : path;
}

/** A journaled URL's query as pairs (a repeated name keeps its last value). */
export function queryOf(url: string): Record<string, string> {
  const q = url.indexOf('?');
  return q < 0 ? {} : Object.fromEntries(new URLSearchParams(url.slice(q + 1)));
}

/** One header of a journaled message, as a string (a repeated one joined with ", "). */
export function header(bag: HeaderBag, name: string): string | undefined {
  const v = bag[name];
  return v === undefined ? undefined : Array.isArray(v) ? v.join(', ') : String(v);
}

function headersOf(bag: HeaderBag): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of Object.keys(bag)) {
    const v = header(bag, k);
    if (v !== undefined) out[k] = maskHeaderValue(k, v);
  }
  return out;
}

/**
 * A held body as text: a parsed JSON body as JSON, a Buffer as UTF-8; null when there is none,
 * or when it cannot be written out (a body nested deeper than JSON.stringify's stack allows:
 * the framework's JSON parser took it for a path no route of the API has).
 */
export function bodyText(body: unknown): string | null {
  if (body === undefined || body === null || body === STREAMED || body === NOT_KEPT) return null;
  if (typeof body === 'string') return body;
  if (Buffer.isBuffer(body)) return body.toString('utf8');
  try {
    return JSON.stringify(body) ?? null;
  } catch {
    return null;
  }
}

/**
 * An answer gzipped by the stand itself (AppMetrica's small files) is shown as the client reads
 * it, decoded; the bytes the journal keeps may end early (BODY_KEEP), so what they hold is shown.
 */
function gunzipped(body: Buffer): string | null {
  try {
    return gunzipSync(body, { finishFlush: constants.Z_SYNC_FLUSH }).toString('utf8');
  } catch {
    return null;
  }
}

function message(bag: HeaderBag, body: unknown, answer: boolean): JournaledMessage {
  const text = answer && Buffer.isBuffer(body) && header(bag, 'content-encoding') === 'gzip' ? gunzipped(body) : bodyText(body);
  const cut = text !== null && text.length > BODY_CAP;
  const headers = headersOf(bag);
  // An answer's headers may be the previous answer's object (the journal keeps one for equal
  // ones, content-length aside): its length is the body's own.
  if (answer && typeof body === 'string') headers['content-length'] = String(Buffer.byteLength(body));
  else if (answer && Buffer.isBuffer(body)) headers['content-length'] = String(body.length);
  // A body held but not shown (a stream, one over the cap, one that cannot be written out) is "truncated".
  const unshown = text === null && body !== undefined && body !== null;
  return { headers, body: cut ? text.slice(0, BODY_CAP) : text, truncated: cut || unshown };
}

/** Which job a journaled request touched, as its API reads the exchange (src/apis/<api>/journal-job.ts). */
export type JobOf = (request: RawRequest) => string | null;

/** The public form of a journaled request: times as ISO, tokens masked, bodies as capped text. */
export function renderRequest(r: RawRequest, jobOf: JobOf | undefined): RequestEntry {
  return {
    seq: r.seq,
    at: new Date(r.at).toISOString(),
    api: r.api,
    method: r.method,
    url: maskUrl(r.url),
    status: r.status,
    account: r.account === null ? null : maskToken(r.account),
    fault: r.fault,
    route: r.route,
    latencyMs: r.latencyMs,
    job: jobOf ? jobOf(r) : null,
    request: message(r.requestHeaders, r.requestBody, false),
    response: message(r.responseHeaders, r.responseBody, true),
  };
}

/** A callback attempt as the journal shows it: secrets in the receiver's URL masked. */
export function renderCallback(e: CallbackEntry): CallbackEntry {
  return { ...e, url: maskUrl(e.url) };
}

