import type { FastifyInstance, FastifyPluginAsync, FastifyRequest } from 'fastify';
import { SCENARIO_HEADER, type MatchContext } from '../../scenarios/engine.js';
import { matchContext } from '../../http/api-plugin.js';
import type { EmulatedApi } from '../api.js';
import type { AppmetricaBackend, ExportCall } from './backend.js';
import { exportStream, exportText } from './data.js';
import { errors } from './errors.js';
import { parseExportQuery, type ExportRequest } from './schemas.js';

const CONTENT_TYPES = { json: 'application/json; charset=utf-8', csv: 'text/csv; charset=utf-8' } as const;

/**
 * Exports of at most this many rows are sent as one string: a stream (and, with gzip accepted,
 * a gzip stream) costs far more than such a file, and a string has a length, so the 1 KiB
 * compression threshold applies. Larger exports are streamed as the socket drains.
 */
const SMALL_EXPORT_ROWS = 512;
/** Parsed export queries kept per app: clients poll the same URL until the file is ready. */
const PARSED_CACHE_SIZE = 10_000;

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}

/**
 * An export request as the backend sees it. Only a new export matches fault rules, so the
 * match context is built when asked for, not on every poll. A class, not an object literal
 * with a getter: such a literal makes a closure holding the request and a new hidden class
 * per request, and the request then lived until a full GC (every poll's objects promoted).
 */
class Call implements ExportCall {
  constructor(
    readonly account: string,
    readonly cacheControl: string | undefined,
    readonly scenarioHeader: string | undefined,
    readonly api: EmulatedApi,
    readonly request: FastifyRequest,
    readonly prefix: string,
  ) {}

  get match(): MatchContext {
    return matchContext(this.api, this.request, this.prefix);
  }
}

/** GET /logs/v1/export/{table}.{json|csv}: 202 while preparing, 200 with the file when ready. */
export function appmetricaRoutes(api: EmulatedApi, backend: AppmetricaBackend): FastifyPluginAsync {
  return async (app: FastifyInstance) => {
    const prefix = app.prefix;
    // A poll parses the same query as the last one: the parse (zod, field lists) is kept by
    // resource and query string. Only successful parses; the result is never mutated.
    const parsedQueries = new Map<string, ExportRequest>();
    const parse = (resource: string, rawQuery: string): ExportRequest => {
      const key = `${resource}?${rawQuery}`;
      let parsed = parsedQueries.get(key);
      if (parsed === undefined) {
        parsed = parseExportQuery(resource, rawQuery);
        if (parsedQueries.size >= PARSED_CACHE_SIZE) parsedQueries.clear();
        parsedQueries.set(key, parsed);
      }
      return parsed;
    };
    // A GET: no request body to decompress. Answers are compressed (files), above 1 KiB only.
    app.get<{ Params: { resource: string } }>('/logs/v1/export/:resource', { decompress: false }, async (request, reply) => {
      const q = request.url.indexOf('?');
      const rawQuery = q < 0 ? '' : request.url.slice(q + 1);
      const account = backend.authenticate(request.headers.authorization, /(^|&)oauth_token=/.test(rawQuery));
      const parsed = parse(request.params.resource, rawQuery);
      const answer = backend.request(parsed, new Call(account, header(request.headers['cache-control']), header(request.headers[SCENARIO_HEADER]), api, request, prefix));
      if (answer.kind === 'accepted') {
        reply.code(202).type('text/plain; charset=utf-8');
        if (answer.retryAfter !== null) reply.header('retry-after', String(answer.retryAfter));
        return answer.text;
      }
      reply.code(200).type(CONTENT_TYPES[answer.job.spec.format]);
      const { spec, rows } = answer.job;
      return reply.send(rows <= SMALL_EXPORT_ROWS ? exportText(answer.data, spec) : exportStream(answer.data, spec));
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
