import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { SCENARIO_HEADER } from '../../scenarios/engine.js';
import { matchContext } from '../../http/api-plugin.js';
import type { EmulatedApi } from '../api.js';
import type { AppmetricaBackend } from './backend.js';
import { exportStream } from './data.js';
import { errors } from './errors.js';
import { parseExportQuery } from './schemas.js';

const CONTENT_TYPES = { json: 'application/json; charset=utf-8', csv: 'text/csv; charset=utf-8' } as const;

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}

/** GET /logs/v1/export/{table}.{json|csv}: 202 while preparing, 200 with the file when ready. */
export function appmetricaRoutes(api: EmulatedApi, backend: AppmetricaBackend): FastifyPluginAsync {
  return async (app: FastifyInstance) => {
    const prefix = app.prefix;
    app.get<{ Params: { resource: string } }>('/logs/v1/export/:resource', async (request, reply) => {
      const rawQuery = request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : '';
      const account = backend.authenticate(request.headers.authorization, /(^|&)oauth_token=/.test(rawQuery));
      const parsed = parseExportQuery(request.params.resource, rawQuery);
      const answer = backend.request(parsed, {
        account,
        cacheControl: header(request.headers['cache-control']),
        scenarioHeader: header(request.headers[SCENARIO_HEADER]),
        match: matchContext(api, request, prefix),
      });
      if (answer.kind === 'accepted') {
        reply.code(202).type('text/plain; charset=utf-8');
        if (answer.retryAfter !== null) reply.header('retry-after', String(answer.retryAfter));
        return answer.text;
      }
      reply.code(200).type(CONTENT_TYPES[answer.job.spec.format]);
      return reply.send(exportStream(answer.data, answer.job.spec));
    });
    app.route({
      method: ['POST', 'PUT', 'DELETE', 'PATCH'],
      url: '/logs/v1/export/:resource',
      handler: async (request) => {
        throw errors.methodNotAllowed(request.method);
      },
    });
  };
}
