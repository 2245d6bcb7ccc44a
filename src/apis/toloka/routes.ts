import type { FastifyInstance, FastifyPluginAsync, FastifyRequest } from 'fastify';
import { MAX_JSON_DEPTH, jsonTooDeep } from '../../core/json-depth.js';
import { matchContext } from '../../http/api-plugin.js';
import { GET_ROUTE, SMALL_GET_ROUTE } from '../../http/route-options.js';
import { SCENARIO_HEADER } from '../../scenarios/engine.js';
import type { EmulatedApi } from '../api.js';
import type { TolokaBackend } from './backend.js';
import { errors, JSON_TYPE } from './errors.js';
import type { BatchKind } from './model.js';
import { parseCreateParams, type RawQuery } from './schemas.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The Toloka account (token) the request authenticated as. */
    tolokaAccount?: string;
  }
}


const KINDS: readonly BatchKind[] = ['tasks', 'task-suites', 'user-bonuses'];

/** Prototype-pollution keys, refused as fastify's default JSON parser does. */
const PROTO_KEY = /"__proto__"\s*:|"constructor"\s*:\s*\{[^}]*"prototype"\s*:/;

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function account(request: FastifyRequest): string {
  return request.tolokaAccount!;
}

/**
 * The emulated Toloka routes under /api/v1 (docs: https://toloka.ai/docs/api/api-reference/).
 * They translate only: authentication, the query, one backend call, the status.
 */
export function tolokaRoutes(api: EmulatedApi, backend: TolokaBackend): FastifyPluginAsync {
  return async (app: FastifyInstance) => {
    const prefix = app.prefix;
    // Authentication comes first, before the body is parsed: no token, no other answer than 401.
    app.addHook('onRequest', (request, _reply, done) => {
      request.tolokaAccount = backend.authenticate(request.headers.authorization);
      done();
    });
    // JSON bodies: an empty one is no body (clients send Content-Type on a bare POST .../open);
    // bad JSON is Toloka's 400. The body limit still applies (413).
    app.removeContentTypeParser('application/json');
    app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, raw, done) => {
      const text = (raw as string).trim();
      if (text === '') return done(null, undefined);
      if (PROTO_KEY.test(text)) return done(errors.badJson('the keys "__proto__" and "constructor.prototype" are not allowed'), undefined);
      if (jsonTooDeep(text)) return done(errors.badJson(`arrays and objects are nested deeper than ${MAX_JSON_DEPTH} levels`), undefined);
      try {
        done(null, JSON.parse(text));
      } catch (e) {
        done(errors.badJson((e as Error).message), undefined);
      }
    });

    for (const kind of KINDS) {
      app.post(`/api/v1/${kind}`, (request, reply) => {
        const type = request.headers['content-type'];
        if (request.body !== undefined && !/^application\/json\b/i.test(type ?? '')) throw errors.unsupportedMedia(type);
        const answer = backend.create({
          account: account(request),
          kind,
          body: request.body,
          params: parseCreateParams(request.query as RawQuery),
          scenarioHeader: header(request.headers[SCENARIO_HEADER]),
          match: matchContext(api, request, prefix),
        });
        reply.code(answer.status).send(answer.body);
      });
      app.get(`/api/v1/${kind}`, GET_ROUTE, async (request) => backend.listObjects(account(request), kind, request.query as RawQuery));
      app.get<{ Params: { id: string } }>(`/api/v1/${kind}/:id`, GET_ROUTE, async (request) => backend.getObject(account(request), kind, request.params.id));
    }

    app.get('/api/v1/operations', GET_ROUTE, async (request) => backend.listOperations(account(request), request.query as RawQuery));
    // The operation poll: always a few hundred bytes, so the compression hooks are left off.
    // Plain functions returning the body: Fastify sends it, no promise per poll.
    app.get<{ Params: { id: string } }>('/api/v1/operations/:id', SMALL_GET_ROUTE, (request, reply) => {
      reply.type(JSON_TYPE).send(backend.getOperation(account(request), request.params.id));
    });
    app.get<{ Params: { id: string } }>('/api/v1/operations/:id/log', GET_ROUTE, (request) => backend.operationLog(account(request), request.params.id));

    app.get<{ Params: { id: string } }>('/api/v1/pools/:id', GET_ROUTE, async (request) => backend.getPool(account(request), request.params.id));
    for (const action of ['open', 'close'] as const) {
      app.post<{ Params: { id: string } }>(`/api/v1/pools/:id/${action}`, async (request, reply) => {
        const answer = backend.poolAction({
          account: account(request),
          poolId: request.params.id,
          action,
          scenarioHeader: header(request.headers[SCENARIO_HEADER]),
          match: matchContext(api, request, prefix),
        });
        if (answer.status === 204) return reply.code(204).send();
        return reply.code(202).send(answer.body);
      });
    }
  };
}
