import { performance } from 'node:perf_hooks';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ApiContext, EmulatedApi } from '../apis/api.js';
import { maskToken, maskUrl } from '../journal/mask.js';
import { NOT_KEPT, STREAMED, type HeaderBag, type RestoredRequest, type RouteMatch } from '../core/journal.js';
import { sentUrl } from './url-rewrite.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** performance.now() when the request arrived (its latency in the journal). */
    standStart: number;
    /** Set by the not-found handler: no route of the API matched (404), or the stand does not emulate it (501). */
    standRoute: RouteMatch;
  }
}

/** What a state file is told of each entry (its request was recorded already, or is now). */
export type Served = (request: FastifyRequest, entry: RestoredRequest) => void;

/** What runs after the entry is made, in the same hook (scripted answer faults). */
export type AfterJournal = (request: FastifyRequest, reply: FastifyReply, payload: unknown, done: (err: Error | null, payload?: unknown) => void) => void;

/** Bodies held by the journal at most (larger ones, by Content-Length, are not kept; answers are cut). */
export const BODY_KEEP = 64 * 1024;

/** The reply's own headers object (Fastify keeps it under a symbol); getHeaders() would copy it per request. */
function headersSymbolOf(reply: FastifyReply): symbol | undefined {
  return Object.getOwnPropertySymbols(reply).find((s) => s.description === 'fastify.reply.headers');
}

/** Same raw headers (Node's rawHeaders array): a poll repeating an earlier request's. */
export function sameRaw(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Same headers, leaving out content-length (set after onSend, and the body is journaled anyway). */
export function sameHeaders(a: HeaderBag, b: HeaderBag): boolean {
  let n = 0;
  for (const k in a) {
    if (k === 'content-length') continue;
    if (a[k] !== b[k]) return false;
    n++;
  }
  for (const k in b) if (k !== 'content-length') n--;
  return n === 0;
}

/**
 * The request headers of the last few distinct header sets (raw as sent, and Node's object of
 * them): a client's submits and polls alternate between a few sets, and an equal set is kept as
 * the object the journal holds already.
 */
class RecentHeaders {
  readonly #raw: (readonly string[])[] = [];
  readonly #headers: HeaderBag[] = [];
  #next = 0;

  /** `headers`, or the equal set seen before. */
  intern(raw: readonly string[], headers: HeaderBag): HeaderBag {
    for (let i = 0; i < this.#raw.length; i++) if (sameRaw(raw, this.#raw[i]!)) return this.#headers[i]!;
    this.#raw[this.#next] = raw;
    this.#headers[this.#next] = headers;
    this.#next = (this.#next + 1) % RECENT_SETS;
    return headers;
  }
}

/**
 * The journal shows the reply's own headers, which Fastify completes after onSend; a state file
 * keeps a copy made in onSend, so it makes the changes Fastify makes then (reply.js onSendEnd):
 * `content-length: 0` on an answer with no body, no `content-type` or `content-length` on a 204
 * or 1xx answer that had one.
 */
function asSent(headers: HeaderBag, payload: unknown, status: number, method: string): HeaderBag {
  if (payload === undefined || payload === null) {
    return status >= 200 && status !== 204 && status !== 304 && method !== 'HEAD' ? { ...headers, 'content-length': '0' } : headers;
  }
  if (status !== 204 && (status < 100 || status >= 200)) return headers;
  const { 'content-type': _type, 'content-length': _length, ...rest } = headers;
  return rest;
}

/** Header sets RecentHeaders compares a request's with. */
const RECENT_SETS = 4;

function keptBody(payload: unknown): unknown {
  if (payload === null || payload === undefined) return undefined;
  if (typeof payload === 'string') return payload.length > BODY_KEEP ? `${payload.slice(0, BODY_KEEP)}` : payload;
  if (Buffer.isBuffer(payload)) return payload.length > BODY_KEEP ? Buffer.from(payload.subarray(0, BODY_KEEP)) : payload;
  return STREAMED;
}

/**
 * The journal entry of every answered request, taken as the answer goes out (onSend: an
 * onResponse hook makes Fastify set up 'finish' listeners for every request). This is on the
 * path of every poll, so it holds references and builds nothing: the answer's headers equal to
 * the previous request's, and request headers equal to one of the last four sets
 * (RecentHeaders), are stored as those same objects (RequestLog does the same for a repeated URL
 * and answer), so a poll adds nothing the journal holds on to.
 */
export function journalHook(app: FastifyInstance, api: EmulatedApi, ctx: ApiContext, served: Served | undefined, then: AfterJournal): void {
  app.decorateRequest('standStart', 0);
  app.decorateRequest('standRoute', 'matched' as RouteMatch);
  const recentHeaders = new RecentHeaders();
  let lastReplyHeaders: HeaderBag = {};
  let replyHeaders: symbol | undefined;
  // The access log: a line per request at debug (the level is fixed for a stand's life).
  const access = ctx.logger.isLevelEnabled('debug') ? ctx.logger.child({ api: api.name }) : undefined;
  // Every answer's Date is the stand's time (as myTarget's sync answers set it themselves), so
  // the same seed and clock steps give the same bytes; the text is made once a second.
  let dateSecond = Number.NaN;
  let dateText = '';
  app.addHook('onSend', (request, reply, payload, done) => {
    const url = sentUrl(request);
    // A replayed request is not journaled again: the state file gives back the journal as it was.
    if (ctx.persistence.restoring) return then(request, reply, payload, done);
    // A request refused before its context was made (a URL over the limit) has none.
    const account = request.call ? request.call.account : api.accountOf(request.headers.authorization);
    const at = ctx.clock.now();
    replyHeaders ??= headersSymbolOf(reply);
    const own = replyHeaders ? (reply as unknown as Record<symbol, Record<string, unknown>>)[replyHeaders] : undefined;
    if (own ? own.date === undefined : !reply.hasHeader('date')) {
      const second = Math.floor(at / 1000);
      if (second !== dateSecond) {
        dateSecond = second;
        dateText = new Date(second * 1000).toUTCString();
      }
      // Set in the reply's own headers object (lower-case, as Fastify keeps them): reply.header() per poll cost more.
      if (own) own.date = dateText;
      else reply.header('date', dateText);
    }
    const fault = request.standFault ?? null;
    const slot = ctx.journals.recordRequest(at, api.name, request.method, url, reply.statusCode, account, fault);
    const headers = recentHeaders.intern(request.raw.rawHeaders, request.headers);
    let answerHeaders = (own as HeaderBag | undefined) ?? reply.getHeaders();
    if (sameHeaders(answerHeaders, lastReplyHeaders)) answerHeaders = lastReplyHeaders;
    else lastReplyHeaders = answerHeaders;
    const length = request.headers['content-length'];
    const body = length !== undefined && Number(length) > BODY_KEEP ? NOT_KEPT : request.body;
    const latency = performance.now() - request.standStart;
    const answer = keptBody(payload);
    ctx.journals.requests.detail(slot, request.standRoute, latency, headers, body, answerHeaders, answer);
    if (served) {
      const responseHeaders = asSent(answerHeaders, payload, reply.statusCode, request.method);
      const exchange = { route: request.standRoute, latencyMs: latency, requestHeaders: headers, requestBody: body, responseHeaders, responseBody: answer };
      served(request, { seq: ctx.journals.lastSeq, at: new Date(at).toISOString(), api: api.name, method: request.method, url, status: reply.statusCode, account, fault, exchange });
    }
    access?.debug(
      { method: request.method, url: maskUrl(url), status: reply.statusCode, ms: Math.round(latency * 10) / 10, token: account === null ? null : maskToken(account), ...(request.standFault ? { fault: request.standFault } : {}) },
      'request',
    );
    then(request, reply, payload, done);
  });
}
