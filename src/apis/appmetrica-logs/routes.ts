import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { GET_ROUTE } from '../../http/route-options.js';
import type { AuthedCall, CallContext } from '../call-context.js';
import type { AppmetricaBackend } from './backend.js';
import { errors } from './errors.js';
import type { ManagementBackend } from './domain/management.js';
import { ExportQueries, parseApplicationId, parseLogsApplicationId } from './schemas.js';
import type { AppmetricaViews } from './views.js';

function joined(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}

/** `pretty=1` formats a Management API answer (management/formats.md). */
function pretty(call: CallContext): boolean {
  return call.query['pretty'] === '1';
}

/**
 * GET /logs/v1/export/{table}.{json|csv}: 202 while preparing, 200 with the file when ready.
 * GET /logs/v1/export/get_active_queries and POST /logs/v1/export/{request_id}/cancel.
 * GET /management/v1/applications and /management/v1/application/{id}: the Management API's
 * reads (its other operations answer 501 in its JSON shape, index.ts).
 */
export function appmetricaRoutes(
  backend: AppmetricaBackend,
  management: ManagementBackend,
  views: AppmetricaViews,
  authenticate: (call: CallContext) => AuthedCall,
): FastifyPluginAsync {
  return async (app: FastifyInstance) => {
    const queries = new ExportQueries();
    // A plain function that sends (no promise per poll); Fastify catches a throw.
    app.get<{ Params: { resource: string } }>('/logs/v1/export/:resource', GET_ROUTE, (request, reply) => {
      const call = authenticate(request.call);
      const q = request.url.indexOf('?');
      const input = {
        request: queries.parse(request.url, request.params.resource, q < 0 ? '' : request.url.slice(q + 1)),
        cacheControl: joined(request.headers['cache-control']),
      };
      views.export(reply, backend.export(call, input));
    });
    // No operation of the Logs API takes a body: whatever a POST carries is not read (a JSON
    // body that does not parse made the 405 a 400).
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', (_request, payload, done) => {
      payload.resume();
      done(null, undefined);
    });
    app.route({
      method: ['POST', 'PUT', 'DELETE', 'PATCH'],
      url: '/logs/v1/export/:resource',
      handler: async (request) => {
        throw errors.methodNotAllowed(request.method);
      },
    });

    // The app's export requests not yet ready, and their cancel (docs: request-list, request-cancel).
    app.get('/logs/v1/export/get_active_queries', GET_ROUTE, (request, reply) => {
      const call = authenticate(request.call);
      views.activeQueries(reply, backend.activeQueries(call, parseLogsApplicationId(call.query)));
    });
    app.post<{ Params: { requestId: string } }>('/logs/v1/export/:requestId/cancel', (request, reply) => {
      const call = authenticate(request.call);
      views.cancelled(reply, backend.cancel(call, parseLogsApplicationId(call.query), request.params.requestId));
    });

    app.get('/management/v1/applications', GET_ROUTE, (request, reply) => {
      const call = authenticate(request.call);
      views.applications(reply, management.applications(call), pretty(call));
    });
    app.get<{ Params: { id: string } }>('/management/v1/application/:id', GET_ROUTE, (request, reply) => {
      const call = authenticate(request.call);
      const id = parseApplicationId(request.params.id);
      views.application(reply, management.application(call, id), pretty(call));
    });
  };
}
