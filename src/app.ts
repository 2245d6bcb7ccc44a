import compress from '@fastify/compress';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { adminRoutes } from './admin/routes.js';
import type { ApiName } from './core/journal.js';
import { sendWireError } from './http/api-plugin.js';
import type { Stand } from './stand.js';

export interface AppOptions {
  /** Serve only this API, at root (its dedicated port, as on its real host). */
  only?: ApiName;
}

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
export async function buildApp(stand: Stand, options: AppOptions = {}): Promise<FastifyInstance> {
  const app: FastifyInstance = Fastify({
    loggerInstance: stand.logger as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: stand.config.bodyLimit,
    forceCloseConnections: true,
    return503OnClosing: true,
    // myTarget and Toloka ids, AppMetrica's table.format: ids are never long.
    routerOptions: { maxParamLength: 500 },
    // Errors the router raises before any plugin sees the request (a malformed %-escape in the
    // path, a path segment over maxParamLength): answered in the shape of the API the path
    // belongs to, not Fastify's own {"error","code","message","statusCode"}.
    frameworkErrors: (error, request, reply) => routerError(stand, options, error, request, reply),
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // Bodies under 1 KiB are never compressed (it costs far more than it saves); exports are,
  // when the client sends Accept-Encoding: gzip. Only gzip, as the Logs API documents.
  await app.register(compress, { global: true, threshold: 1024, encodings: ['gzip'] });

  if (options.only) {
    await app.register(stand.api(options.only).plugin);
    return app;
  }
  for (const api of stand.apiList) await app.register(api.plugin, { prefix: API_PREFIX[api.name] });
  await app.register(adminRoutes(stand), { prefix: '/_stand' });
  // Paths outside the APIs answer in the admin shape, also when their body fails to parse
  // (Fastify parses it before the not-found handler runs).
  app.setErrorHandler((error: FastifyError, request, reply) => {
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

/** The answer to an error of the router, in the owning API's error shape (or the admin API's). */
function routerError(stand: Stand, options: AppOptions, error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const path = request.url.split('?', 1)[0]!;
  const tooLong = error.code === 'FST_ERR_MAX_PARAM_LENGTH';
  const status = tooLong ? 414 : 400;
  const message = tooLong
    ? 'A segment of the URL path is longer than 500 characters; no id is that long'
    : `The URL path is not valid: it has a malformed %-escape (${path.slice(0, 200)}); send "%" as %25`;
  const owner = options.only ?? stand.apiList.find((a) => path === API_PREFIX[a.name] || path.startsWith(`${API_PREFIX[a.name]}/`))?.name;
  if (owner) {
    const api = stand.api(owner);
    sendWireError(reply, api.renderError(api.errorFor(status, message)));
    return;
  }
  void reply.code(status).send({ error: { code: tooLong ? 'STAND_URL_TOO_LONG' : 'STAND_BAD_URL', message } });
}
