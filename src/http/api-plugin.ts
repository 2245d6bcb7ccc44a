import { performance } from 'node:perf_hooks';
import { Transform } from 'node:stream';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requestHeaders } from '../state/events.js';
import { RouteMethods } from './route-methods.js';
import { isBodyTooLarge, readRestOfBody } from './body-limit.js';
import { isStandError, type StandError } from '../core/errors.js';
import { wallDelay } from '../core/clock.js';
import type { ApiContext, EmulatedApi, WireError } from '../apis/api.js';
import { internalContext, type CallContext, type RawQuery } from '../apis/call-context.js';
import { REQUEST_FAULTS } from '../scenarios/common.js';
import { SCENARIO_HEADER } from '../scenarios/engine.js';
import { journalHook } from './journal-hook.js';
import { sentUrl } from './url-rewrite.js';
import type { RestoredRequest } from '../core/journal.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The call as the backends see it, resolved once by the API plugin's first hook. */
    call: CallContext;
    /** The scripted fault applied to this request, for the journal. */
    standFault?: string;
    /** delayAnswer: real ms to hold the answer after the handler ran. */
    standDelayMs?: number;
    /** The raw body as it arrived (only when a state file records requests). */
    standBody?: Buffer[];
    standRecorded?: boolean;
    /** With a state file: the stand's change mark when the request came in (persistence.mark). */
    standMark?: number;
    /** With a state file: the virtual time its handler ran at (or it was answered without one). */
    standAt?: number;
  }
}

export function sendWireError(reply: FastifyReply, wire: WireError): FastifyReply {
  reply.code(wire.status).headers(wire.headers);
  return reply.send(typeof wire.body === 'string' ? wire.body : JSON.stringify(wire.body));
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** The path of a request on the API: without the mount prefix and the query. */
export function localPath(url: string, prefix: string): string {
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  return prefix && path.startsWith(prefix) ? path.slice(prefix.length) || '/' : path;
}

/**
 * The request's CallContext. The X-Stand-Scenario header is parsed here, once; a bad one throws
 * the 400 the API answers.
 */
function callOf(api: EmulatedApi, ctx: ApiContext, request: FastifyRequest, prefix: string): CallContext {
  return {
    api: api.name,
    account: api.accountOf(request.headers.authorization),
    authorization: request.headers.authorization,
    method: request.method,
    path: localPath(request.url, prefix),
    query: (request.query ?? {}) as RawQuery,
    rules: ctx.scenarios.rulesOf(firstHeader(request.headers[SCENARIO_HEADER])),
    prefix,
  };
}

/** Maps a framework error (bad JSON, too large, wrong content type) to the API's own error. */
function toStandError(api: EmulatedApi, error: FastifyError): StandError {
  if (isStandError(error)) return error;
  const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return api.errorFor(413, 'Request body is too large');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return api.errorFor(415, `Unsupported Content-Type; send application/json`);
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return api.errorFor(400, 'Body is empty but Content-Type is application/json');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return api.errorFor(400, `Invalid JSON in request body: ${error.message}`);
    default:
      if (error.code === 'FST_ERR_VALIDATION' || error.validation) return api.errorFor(400, error.message);
      return api.errorFor(status, status === 500 ? undefined : error.message);
  }
}

/**
 * Shared wiring of an emulated API's plugin: the call context of every request, scripted request
 * faults, its error shape for every error (also the framework's), its not-found answer, and the
 * request journal.
 */
export function installApiHooks(app: FastifyInstance, api: EmulatedApi, ctx: ApiContext, options: { replay?: boolean } = {}): void {
  const prefix = app.prefix;
  const adminToken = ctx.config.adminToken;
  const urlLimit = ctx.config.urlLimit;
  app.decorateRequest('call', null as unknown as CallContext);
  // Hooks run on every request of the API, so they are callback hooks (no promise per request)
  // and do only what the request needs: fault rules are matched only when one could apply.
  // An app a state file is replayed into records nothing: what it is told is in the file already.
  const recorder = options.replay ? undefined : ctx.persistence.recorder;
  app.addHook('onRequest', (request, reply, done) => {
    request.standStart = performance.now();
    // A real clock's timers may run late under load: the work due by now is done first (a
    // restart replays this request after it too).
    ctx.scheduler.catchUp();
    if (recorder) {
      request.standMark = ctx.persistence.mark();
      request.standAt = ctx.clock.now();
    }
    if (request.url.length > urlLimit) {
      sendWireError(reply, api.renderError(api.errorFor(414, `Request URL is ${request.url.length} bytes long; the limit is ${urlLimit} (--url-limit)`), localPath(request.url, prefix)));
      return;
    }
    let call: CallContext;
    try {
      call = callOf(api, ctx, request, prefix);
    } catch (e) {
      if (!isStandError(e)) throw e;
      // The journal still names the request's account.
      request.call = { ...internalContext(api.name, request.method, localPath(request.url, prefix)), account: api.accountOf(request.headers.authorization), prefix };
      sendWireError(reply, api.renderError(e, request.call.path));
      return;
    }
    request.call = call;
    // Emulated routes never accept the admin credentials, not even as an API token.
    if (adminToken !== undefined && (call.account === adminToken || request.headers.authorization === `Bearer ${adminToken}`)) {
      sendWireError(reply, api.renderError(api.errorFor(401, 'Invalid token'), call.path));
      return;
    }
    const fault = ctx.scenarios.mayFault(api.name, call.rules, REQUEST_FAULTS) ? ctx.scenarios.requestFault(call) : undefined;
    if (!fault) {
      onCall(request, reply, done);
      return;
    }
    request.standFault = fault.type;
    if (fault.type === 'delay') {
      if (ctx.persistence.restoring) onCall(request, reply, done); // a replayed request does not wait again
      else wallDelay(fault.ms).then(() => onCall(request, reply, done), done);
    } else if (fault.type === 'drop') {
      // The rule counted it: a restart must count it too.
      if (recorder) recordIfChanged(ctx, request, prefix ? 'main' : api.name);
      reply.hijack();
      if (ctx.persistence.restoring) reply.raw.end(); // a replayed request has no socket to drop
      else request.raw.socket?.destroy();
    } else if (fault.type === 'status') {
      const wire = api.renderError(api.errorFor(fault.status, fault.message), call.path);
      if (fault.retryAfter !== undefined) wire.headers['retry-after'] = String(fault.retryAfter);
      sendWireError(reply, wire);
    } else {
      // dropAnswer, delayAnswer: the handler runs; the answer is lost or late (onSend below).
      if (fault.type === 'delayAnswer') request.standDelayMs = fault.ms;
      onCall(request, reply, done);
    }
  });
  /** The API's own first step (Toloka: authentication and rate limits), in the same hook: no hook more per request. */
  const onCall = (request: FastifyRequest, reply: FastifyReply, done: (err?: Error) => void): void => {
    if (api.onCall) {
      try {
        api.onCall(request.call);
      } catch (e) {
        if (!isStandError(e)) throw e;
        sendWireError(reply, api.renderError(e, request.call.path));
        return;
      }
    }
    done();
  };

  if (recorder) recordRequests(app, api, ctx, prefix ? 'main' : api.name);

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (isBodyTooLarge(error)) readRestOfBody(request, reply);
    const err = toStandError(api, error);
    if (err.status >= 500 && !isStandError(error)) {
      ctx.logger.error({ api: api.name, err: error, url: request.url }, 'unexpected error');
    }
    return sendWireError(reply, api.renderError(err, localPath(request.url, prefix)));
  });

  const routes = new RouteMethods(app);
  app.setNotFoundHandler((request, reply) => {
    const path = localPath(request.url, prefix);
    const notFound = api.notFound(request.method, path);
    request.standRoute = notFound.status === 501 ? 'unemulated' : 'unmatched';
    // A path routed for other methods (PROPFIND, SEARCH, ... on a known path): 405, not 404.
    const allowed = notFound.status === 404 ? routes.allowed(path) : [];
    if (allowed.length === 0) return sendWireError(reply, api.renderError(notFound, path));
    request.standRoute = 'matched';
    const wire = api.renderError(api.errorFor(405, `Method ${request.method} is not allowed on ${path}; allowed: ${allowed.join(', ')}`), path);
    wire.headers.allow = allowed.join(', ');
    return sendWireError(reply, wire);
  });

  // With a state file, each journal entry is written to it too (a replayed request is not
  // journaled again: the file gives back the journal as it was).
  const served = recorder
    ? (request: FastifyRequest, entry: RestoredRequest) => {
        recordIfChanged(ctx, request, prefix ? 'main' : api.name);
        recorder.served(entry);
      }
    : undefined;
  journalHook(app, api, ctx, served, (request, _reply, payload, done) => {
    if (request.standFault === 'dropAnswer' && !ctx.persistence.restoring) {
      // The handler ran (the job, the objects exist); the client never hears of it.
      request.raw.socket?.destroy();
      done(null, payload);
    } else if (request.standDelayMs !== undefined && !ctx.persistence.restoring) {
      wallDelay(request.standDelayMs).then(() => done(null, payload), done);
    } else {
      done(null, payload);
    }
  });
}

/** Reads (GET, HEAD) are kept in a state file only when they changed something (a poll counted, an id drawn, a rule counted). */
function isRead(method: string): boolean {
  return method === 'GET' || method === 'HEAD';
}

/** The state file's line of a request. */
function requestEvent(ctx: ApiContext, request: FastifyRequest, listener: 'main' | EmulatedApi['name']) {
  return {
    kind: 'request' as const,
    t: request.standAt ?? ctx.clock.now(),
    listener,
    method: request.method,
    url: sentUrl(request),
    headers: requestHeaders(request.headers),
    body: Buffer.concat(request.standBody ?? []).toString('base64'),
  };
}

/** After a request was handled (or answered without a handler): kept if it is no read, or changed something. */
function recordIfChanged(ctx: ApiContext, request: FastifyRequest, listener: 'main' | EmulatedApi['name']): void {
  if (request.standRecorded || ctx.persistence.restoring) return;
  if (isRead(request.method) && request.standMark === ctx.persistence.mark()) return;
  request.standRecorded = true;
  ctx.persistence.recorder!.after(requestEvent(ctx, request, listener));
}

/**
 * With a state file, requests that may change the state are written there before their handler
 * runs (write-ahead; a file that cannot be written refuses the request with 503, unhandled);
 * reads are written after, only if they changed something (recordIfChanged, from onSend). The
 * raw body is kept as it arrived, so a restart replays the request as it was.
 */
function recordRequests(app: FastifyInstance, api: EmulatedApi, ctx: ApiContext, listener: 'main' | EmulatedApi['name']): void {
  const recorder = ctx.persistence.recorder;
  if (!recorder) return;
  app.addHook('preParsing', async (request, _reply, payload) => {
    const chunks: Buffer[] = [];
    request.standBody = chunks;
    return payload.pipe(
      new Transform({
        transform(chunk: Buffer, _encoding, done) {
          chunks.push(chunk);
          done(null, chunk);
        },
      }),
    );
  });
  app.addHook('preHandler', (request, reply, done) => {
    ctx.scheduler.catchUp();
    request.standAt = ctx.clock.now();
    if (isRead(request.method) || ctx.persistence.restoring) {
      done();
      return;
    }
    try {
      recorder.ahead(requestEvent(ctx, request, listener));
      request.standRecorded = true;
    } catch (e) {
      if (!isStandError(e)) throw e;
      sendWireError(reply, api.renderError(api.errorFor(503, e.message)));
      return;
    }
    done();
  });
}
