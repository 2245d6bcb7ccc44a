import compress from '@fastify/compress';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import Fastify, { LogController, type onRequestHookHandler, type FastifyBaseLogger, type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { adminRoutes } from './admin/routes.js';
import type { ApiName } from './core/journal.js';
import { localPath, sendWireError } from './http/api-plugin.js';
import { isBodyTooLarge, readRestOfBody } from './http/body-limit.js';
import { trailingSlashRewrite } from './http/url-rewrite.js';
import type { StandRuntime } from './stand.js';

export interface AppOptions {
  /** Serve only this API, at root (its dedicated port, as on its real host). */
  only?: ApiName;
  /** An app a state file is replayed into: it never listens, and is not held back while the state is restored. */
  replay?: boolean;
}

/** Fastify's compiler factories giving zod's compilers (typed for ajv's; Fastify only calls them for a compiler). */
const ZOD_COMPILERS = {
  buildValidator: () => validatorCompiler,
  buildSerializer: () => serializerCompiler,
} as unknown as NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>;

/** Log levels at which Fastify's own messages (framework warnings, client errors) are logged. */
const FRAMEWORK_LOG_LEVELS: ReadonlySet<string> = new Set(['debug', 'trace']);

/** The URL prefix of each API on the main listener. */
export const API_PREFIX: Readonly<Record<ApiName, string>> = {
  appmetrica: '/appmetrica',
  mytarget: '/mytarget',
  toloka: '/toloka',
};

/**
 * The Fastify app of a stand: compression, the emulated APIs (each under its prefix, or one at
 * root) and, on the main listener, the admin API under /_stand. It never listens by itself.
 */
export async function buildApp(stand: StandRuntime, options: AppOptions = {}): Promise<FastifyInstance> {
  const app: FastifyInstance = Fastify({
    // Fastify gets the stand's logger only at debug and trace. Requests are not logged (the
    // journal records them) and the stand logs its own errors, but a Fastify with a logger makes
    // a pino child and a pair of 'finish' listeners for every request: a tenth of a poll's cost.
    ...(FRAMEWORK_LOG_LEVELS.has(stand.config.logLevel)
      ? { loggerInstance: stand.logger as FastifyBaseLogger, logController: new LogController({ disableRequestLogging: true }) }
      : {}),
    bodyLimit: stand.config.bodyLimit,
    // A whole request, body included, within requestTimeout (Fastify's default is none: a body
    // sent a byte a second held its connection for ever), checked every second. Idle keep-alive
    // connections close after 30 s (Fastify's 72 s held them against the cap longer; Node's 5 s
    // races clients that block their event loop a few seconds between two requests: undici then
    // sends on a socket the stand has just closed, "other side closed").
    requestTimeout: stand.config.requestTimeout,
    http: {
      requestTimeout: stand.config.requestTimeout,
      // Node checks the request timeout only when the headers' is no longer than it.
      headersTimeout: Math.min(60_000, stand.config.requestTimeout),
      connectionsCheckingInterval: Math.min(1000, stand.config.requestTimeout),
    },
    keepAliveTimeout: 30_000,
    // On close: idle connections at once; requests in flight may finish (server.ts bounds the wait).
    forceCloseConnections: 'idle',
    return503OnClosing: true,
    // myTarget and Toloka ids, AppMetrica's table.format: ids are never long.
    routerOptions: { maxParamLength: 500 },
    // Toloka routes a path with a trailing slash as the path without it (EmulatedApi.trailingSlash).
    rewriteUrl: trailingSlashRewrite(
      (options.only ? [stand.api(options.only)] : stand.apiList).filter((a) => a.trailingSlash === 'ignore').map((a) => (options.only ? '/' : `${API_PREFIX[a.name]}/`)),
    ),
    // Errors the router raises before any plugin sees the request (a malformed %-escape in the
    // path, a path segment over maxParamLength): answered in the shape of the API the path
    // belongs to, not Fastify's own {"error","code","message","statusCode"}.
    frameworkErrors: (error, request, reply) => routerError(stand, options, error, request, reply),
    // Requests Node's HTTP parser refuses (a NUL or a bare word in the headers, a space in the
    // target, an unknown method, headers over 16 KiB) never become requests; answer them in the
    // shape of the API named by the request line rather than Fastify's {"error","message","statusCode"}.
    clientErrorHandler: (error, socket) => clientError(stand, options, error, socket),
    // Schemas are zod's (admin routes): Fastify's default compilers (ajv, fast-json-stringify)
    // are never used, and loading them was a tenth of the stand's start-up.
    schemaController: { compilersFactory: ZOD_COMPILERS },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // Bodies under 1 KiB are never compressed (it costs far more than it saves); larger ones are,
  // and streams always, when the client sends Accept-Encoding: gzip. Only gzip, as the Logs API
  // documents. Routes whose answers are always small leave the plugin's hooks off
  // (src/http/route-options.ts).
  await app.register(compress, { global: true, threshold: 1024, encodings: ['gzip'], zlibOptions: { chunkSize: 128 * 1024 } });
  if (stand.config.stateFile !== undefined && !options.replay) app.addHook('onRequest', restoringGate(stand, options));

  if (options.only) {
    await app.register(stand.api(options.only).plugin, { replay: options.replay === true });
    return app;
  }
  for (const api of stand.apiList) await app.register(api.plugin, { prefix: API_PREFIX[api.name], replay: options.replay === true });
  await app.register(adminRoutes(stand), { prefix: '/_stand' });
  // Paths outside the APIs answer in the admin shape, also when their body fails to parse
  // (Fastify parses it before the not-found handler runs).
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (isBodyTooLarge(error)) readRestOfBody(request, reply);
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) request.log.error({ err: error }, 'request failed');
    return reply.code(status).send({ error: { code: error.code ?? 'STAND_ERROR', message: status === 500 ? 'internal error; see the stand log' : error.message } });
  });
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({
      error: {
        code: 'STAND_NOT_FOUND',
        message: `no route ${request.method} ${request.url.split('?', 1)[0]}; the APIs live under ${Object.values(API_PREFIX).join(', ')} and the admin API under /_stand`,
      },
    }),
  );
  return app;
}

/**
 * While a state file is replayed the ports are open but answer 503 with Retry-After: health
 * `{"status":"restoring"}`, the APIs in their own error shape, the admin API STAND_RESTORING.
 */
function restoringGate(stand: StandRuntime, options: AppOptions): onRequestHookHandler {
  return (request, reply, done) => {
    if (!stand.restoring) {
      done();
      return;
    }
    const path = request.url.split('?', 1)[0]!;
    reply.header('retry-after', '1');
    const message = 'the stand is restoring its state file; try again in a moment';
    const owner = ownerOf(stand, options, path);
    if (owner) {
      const api = stand.api(owner);
      sendWireError(reply, api.renderError(api.errorFor(503, message)));
    } else if (path === '/_stand/health') {
      void reply.code(503).send({ status: 'restoring' });
    } else {
      void reply.code(503).send({ error: { code: 'STAND_RESTORING', message } });
    }
  };
}

/** The API a path belongs to on this listener, if any. */
function ownerOf(stand: StandRuntime, options: AppOptions, path: string): ApiName | undefined {
  return options.only ?? stand.apiList.find((a) => path === API_PREFIX[a.name] || path.startsWith(`${API_PREFIX[a.name]}/`))?.name;
}

/** The answer to a request the HTTP parser refused; then the connection is closed. */
function clientError(stand: StandRuntime, options: AppOptions, error: Error & { code?: string; rawPacket?: unknown }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const status = error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : error.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
  const message =
    status === 408
      ? 'The request was not received in time'
      : status === 431
        ? 'The request headers are too large (over 16 KiB)'
        : `The request is not valid HTTP (${error.code ?? 'parse error'}); check the request line and the headers`;
  // The request line, as far as it was read: "METHOD /path?query HTTP/1.1".
  const packet = Buffer.isBuffer(error.rawPacket) ? error.rawPacket.toString('latin1') : '';
  const target = /^[^ \r\n]* ([^ \r\n?]*)/.exec(packet)?.[1] ?? '';
  const owner = ownerOf(stand, options, target);
  let type = 'application/json; charset=utf-8';
  let body: string;
  if (owner) {
    const api = stand.api(owner);
    const wire = api.renderError(api.errorFor(status, message), localPath(target, options.only ? '' : API_PREFIX[owner]));
    type = wire.headers['content-type'] ?? type;
    body = typeof wire.body === 'string' ? wire.body : JSON.stringify(wire.body);
  } else {
    body = JSON.stringify({ error: { code: status === 431 ? 'STAND_HEADERS_TOO_LARGE' : status === 408 ? 'STAND_TIMEOUT' : 'STAND_BAD_REQUEST', message } });
  }
  if (socket.writable) {
    socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: ${type}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  }
  socket.destroy(error);
}

/** The answer to an error of the router, in the owning API's error shape (or the admin API's). */
function routerError(stand: StandRuntime, options: AppOptions, error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const path = request.url.split('?', 1)[0]!;
  const tooLong = error.code === 'FST_ERR_MAX_PARAM_LENGTH';
  const status = tooLong ? 414 : 400;
  const message = tooLong
    ? 'A segment of the URL path is longer than 500 characters; no id is that long'
    : `The URL path is not valid: it has a malformed %-escape (${path.slice(0, 200)}); send "%" as %25`;
  const owner = ownerOf(stand, options, path);
  if (owner) {
    const api = stand.api(owner);
    sendWireError(reply, api.renderError(api.errorFor(status, message), localPath(path, options.only ? '' : API_PREFIX[owner])));
    return;
  }
  void reply.code(status).send({ error: { code: tooLong ? 'STAND_URL_TOO_LONG' : 'STAND_BAD_URL', message } });
}
