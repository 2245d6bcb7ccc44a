import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { adminRoutes } from './admin/routes.js';
import { installCompression } from './http/compress.js';
import type { ApiName } from './core/journal.js';
import type { Stand } from './stand.js';

export interface AppOptions {
  /** Serve only this API, at root (its dedicated port, as on its real host). */
  only?: ApiName;
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
export async function buildApp(stand: Stand, options: AppOptions = {}): Promise<FastifyInstance> {
  const app: FastifyInstance = Fastify({
    // Fastify gets the stand's logger only at debug and trace. Requests are not logged (the
    // journal records them) and the stand logs its own errors, but a Fastify with a logger makes
    // a pino child and a pair of 'finish' listeners for every request: a tenth of a poll's cost.
    ...(FRAMEWORK_LOG_LEVELS.has(stand.config.logLevel)
      ? { loggerInstance: stand.logger as FastifyBaseLogger, logController: new LogController({ disableRequestLogging: true }) }
      : {}),
    bodyLimit: stand.config.bodyLimit,
    forceCloseConnections: true,
    return503OnClosing: true,
    // myTarget and Toloka ids, AppMetrica's table.format: ids are never long.
    routerOptions: { maxParamLength: 500 },
    // Schemas are zod's (admin routes): Fastify's default compilers (ajv, fast-json-stringify)
    // are never used, and loading them was a tenth of the stand's start-up.
    schemaController: { compilersFactory: ZOD_COMPILERS },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // Bodies under 1 KiB are never compressed (it costs far more than it saves); exports are,
  // when the client sends Accept-Encoding: gzip. Only gzip, as the Logs API documents.
  installCompression(app, { threshold: 1024 });

  if (options.only) {
    await app.register(stand.api(options.only).plugin);
    return app;
  }
  for (const api of stand.apiList) await app.register(api.plugin, { prefix: API_PREFIX[api.name] });
  await app.register(adminRoutes(stand), { prefix: '/_stand' });
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
