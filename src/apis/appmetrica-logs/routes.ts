import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { SCENARIO_HEADER } from '../../scenarios/engine.js';
import { matchContext } from '../../http/api-plugin.js';
import { sendGzipped } from '../../http/gzip.js';
import { SELF_GZIP_GET_ROUTE } from '../../http/route-options.js';
import type { EmulatedApi } from '../api.js';
import type { AppmetricaBackend } from './backend.js';
import { exportStream } from './data.js';
import { errors } from './errors.js';
import { parseExportQuery, type ExportRequest } from './schemas.js';

const CONTENT_TYPES = { json: 'application/json; charset=utf-8', csv: 'text/csv; charset=utf-8' } as const;

/** Parsed export queries kept per app: clients poll the same URL until the file is ready. */
const PARSED_CACHE_SIZE = 10_000;

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}

/** GET /logs/v1/export/{table}.{json|csv}: 202 while preparing, 200 with the file when ready. */
export function appmetricaRoutes(api: EmulatedApi, backend: AppmetricaBackend): FastifyPluginAsync {
  return async (app: FastifyInstance) => {
    const prefix = app.prefix;
    // A poll parses the same query as the last one: the parse (zod, field lists) is kept by
    // URL (path and query: the resource is in the path). Only successful parses; the result
    // is never mutated.
    const parsedQueries = new Map<string, ExportRequest>();
    const parse = (url: string, resource: string, rawQuery: string): ExportRequest => {
      let parsed = parsedQueries.get(url);
      if (parsed === undefined) {
        parsed = parseExportQuery(resource, rawQuery);
        if (parsedQueries.size >= PARSED_CACHE_SIZE) parsedQueries.clear();
        parsedQueries.set(url, parsed);
      }
      return parsed;
    };
    // Files are gzipped (when the client takes gzip) from 1 KiB, or streamed; the 202s of the
    // polls before them never are, and do not go through @fastify/compress's hooks either.
    app.get<{ Params: { resource: string } }>('/logs/v1/export/:resource', SELF_GZIP_GET_ROUTE, (request, reply) => {
      const q = request.url.indexOf('?');
      const rawQuery = q < 0 ? '' : request.url.slice(q + 1);
      const account = backend.authenticate(request.headers.authorization, rawQuery);
      const parsed = parse(request.url, request.params.resource, rawQuery);
      const answer = backend.request(parsed, {
        account,
        cacheControl: header(request.headers['cache-control']),
        scenarioHeader: header(request.headers[SCENARIO_HEADER]),
        // Fields worked out only if a fault rule reads them (see matchContext).
        match: matchContext(api, request, prefix),
      });
      // A plain function that sends (no promise per poll); Fastify catches a throw.
      if (answer.kind === 'accepted') {
        reply.code(202).type('text/plain; charset=utf-8');
        if (answer.retryAfter !== null) reply.header('retry-after', String(answer.retryAfter));
        reply.send(answer.text);
        return;
      }
      reply.code(200).type(CONTENT_TYPES[answer.job.spec.format]);
      sendGzipped(request, reply, backend.smallFileText(answer) ?? exportStream(answer.data, answer.job.spec));
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
