import type { FastifyError, FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { createHash, timingSafeEqual } from 'node:crypto';
import { isStandError } from '../core/errors.js';
import type { FaultRuleInput } from '../scenarios/common.js';
import type { ScenarioInput } from '../scenarios/schema.js';
import type { StandRuntime } from '../stand.js';
import { RouteMethods } from '../http/route-methods.js';
import { isBodyTooLarge, readRestOfBody } from '../http/body-limit.js';
import { guardAdminWrites } from './exposure.js';
import { dashboardRoutes } from './dashboard.js';
import { page } from './paging.js';
import { JobSnapshot } from './snapshot.js';
import { version } from '../cli-options.js';
import { scenarioJsonSchema } from '../scenarios/json-schema.js';
import { journalRoutes } from './journal-routes.js';
import { reportRoutes } from './report-routes.js';
import { OpenApiCollector } from './openapi.js';
import { AdvanceBody, JobParams, JobsQuery, QueueBody, ScenarioPut } from './schemas.js';

/** Jobs in one page of GET /_stand/jobs when the request names no limit. */
export const JOBS_PAGE = 100;

/**
 * The control plane under /_stand: the same verbs as the library handle (the Stand interface). Errors are
 * `{"error":{"code","message"}}` with a stable STAND_* code.
 */
export function adminRoutes(stand: StandRuntime): FastifyPluginAsync {
  return async (root: FastifyInstance) => {
    const app = root.withTypeProvider<ZodTypeProvider>();
    // Every route below is described in GET /_stand/openapi.json, from its own schemas.
    const openapi = new OpenApiCollector();
    app.addHook('onRoute', openapi.onRoute);

    app.setErrorHandler((error: FastifyError, request, reply) => {
      if (isBodyTooLarge(error)) readRestOfBody(request, reply);
      if (isStandError(error)) return reply.code(error.status).send({ error: { code: error.code, message: error.message } });
      if (hasZodFastifySchemaValidationErrors(error)) {
        const issue = error.validation[0];
        const where = issue?.instancePath ? `${error.validationContext ?? 'body'}${issue.instancePath.replace(/\//g, '.')}` : (error.validationContext ?? 'body');
        return reply.code(400).send({ error: { code: 'STAND_BAD_REQUEST', message: `${where}: ${issue?.message ?? error.message}` } });
      }
      const status = error.statusCode && error.statusCode < 500 ? error.statusCode : 500;
      if (status === 500) stand.logger.error({ err: error, url: request.url }, 'admin route failed');
      return reply.code(status).send({ error: { code: error.code ?? 'STAND_ERROR', message: status === 500 ? 'internal error; see the stand log' : error.message } });
    });
    const routes = new RouteMethods(root);
    app.setNotFoundHandler((request, reply) => {
      const path = request.url.split('?', 1)[0]!;
      const allowed = routes.allowed(path.slice(root.prefix.length));
      if (allowed.length > 0) {
        return reply
          .code(405)
          .header('allow', allowed.join(', '))
          .send({ error: { code: 'STAND_METHOD_NOT_ALLOWED', message: `${request.method} is not allowed on ${path}; allowed: ${allowed.join(', ')}` } });
      }
      return reply.code(404).send({ error: { code: 'STAND_NOT_FOUND', message: `no admin route ${request.method} ${path}` } });
    });

    // Health stays open (container health checks carry no credentials), and so do the
    // dashboard's static files (they hold no data; the page asks for the token). Everything else
    // needs the admin token when one is configured; the event stream may carry it as ?token=,
    // since EventSource cannot send headers.
    app.get('/health', { config: { adminAuth: 'open' } }, async () => ({ status: 'ok' }));
    const adminToken = stand.config.adminToken;
    if (adminToken !== undefined) {
      app.addHook('onRequest', async (request, reply) => {
        const auth = request.routeOptions.config.adminAuth;
        if (auth === 'open') return undefined;
        const m = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
        if (m && sameSecret(m[1]!, adminToken)) return undefined;
        if (auth === 'header-or-query') {
          const q = request.url.indexOf('?');
          const token = q < 0 ? null : new URLSearchParams(request.url.slice(q + 1)).get('token');
          if (token !== null && sameSecret(token, adminToken)) return undefined;
        }
        return reply
          .code(401)
          .header('www-authenticate', 'Bearer realm="async-stand admin"')
          .send({ error: { code: 'STAND_ADMIN_UNAUTHORIZED', message: 'the admin API needs "Authorization: Bearer <admin token>" (--admin-token)' } });
      });
    }

    guardAdminWrites(app, stand.config);
    app.get('/openapi.json', { config: { adminAuth: 'open' } }, async () => openapi.document('/_stand', version()));
    app.get('/schema/scenario', { config: { adminAuth: 'open' } }, async (_request, reply) => reply.type('application/schema+json').send(scenarioJsonSchema()));

    // Built once per change and shared by the reads after it (the dashboard reads jobs often).
    const snapshot = new JobSnapshot(stand);
    dashboardRoutes(app, stand, snapshot);

    app.post('/reset', async () => {
      await stand.reset();
      return { status: 'ok', clock: stand.clockInfo() };
    });

    app.get('/clock', async () => stand.clockInfo());

    app.post('/clock/advance', { schema: { body: AdvanceBody } }, async (request) => {
      const { ms, to } = request.body;
      return ms !== undefined ? stand.advance(ms) : stand.advanceTo(to!);
    });

    app.get('/jobs', { schema: { querystring: JobsQuery } }, async (request) => {
      const { limit, offset, order, ...search } = request.query;
      // Paged by default: 100,000 jobs in one answer were 52 MB and held every other client 1.4 s.
      return page(snapshot.find(search), { limit: limit ?? JOBS_PAGE, offset, order });
    });
    app.get('/jobs/:api/:id', { schema: { params: JobParams } }, async (request) => stand.job(request.params.api, request.params.id));
    app.post('/jobs/:api/:id/advance', { schema: { params: JobParams } }, async (request) =>
      stand.advanceJob(request.params.api, request.params.id),
    );
    app.post('/jobs/:api/:id/complete', { schema: { params: JobParams } }, async (request) =>
      stand.completeJob(request.params.api, request.params.id),
    );

    journalRoutes(app, stand);
    reportRoutes(app, stand);

    app.get('/scenario', async () => stand.scenario());
    app.put('/scenario', { schema: { body: ScenarioPut } }, async (request) => {
      const body = request.body;
      // The document is validated by the scenario engine (a 400 naming what is wrong).
      const { name, scenario } = stand.activateScenario('name' in body ? body.name : (body.scenario as ScenarioInput));
      return { name, scenario };
    });
    app.post('/scenario/queue', { schema: { body: QueueBody } }, async (request, reply) => {
      // The rule is validated by the scenario engine (a 400 naming what is wrong).
      const shot = stand.enqueueFault(request.body.api, request.body.rule as FaultRuleInput);
      reply.code(201);
      return { queued: shot, queue: stand.scenarios.queue() };
    });
  };
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** How an admin route is protected when an admin token is set: the header (default), also ?token=, or not at all. */
    adminAuth?: 'header' | 'header-or-query' | 'open';
  }
}

/** Constant-time comparison (of digests, so the length of the secret does not leak either). */
function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}
