import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { MAX_JSON_DEPTH, jsonTooDeep } from '../../core/json-depth.js';
import { GET_ROUTE, SMALL_GET_ROUTE } from '../../http/route-options.js';
import type { AuthedCall, CallContext } from '../call-context.js';
import type { TolokaBackend } from './backend.js';
import { errors } from './errors.js';
import type { BatchKind } from './model.js';
import { parseCreateParams, type RawQuery } from './schemas.js';
import type { TolokaViews } from './views.js';

const KINDS: readonly BatchKind[] = ['tasks', 'task-suites', 'user-bonuses'];

/** Prototype-pollution keys, refused as fastify's default JSON parser does. */
const PROTO_KEY = /"__proto__"\s*:|"constructor"\s*:\s*\{[^}]*"prototype"\s*:/;

/**
 * The emulated Toloka routes under /api/v1 (docs: https://toloka.ai/docs/api/api-reference/).
 * Each one reads its input, makes one backend call and hands the result to the views.
 */
export function tolokaRoutes(backend: TolokaBackend, views: TolokaViews, authenticate: (call: CallContext) => AuthedCall): FastifyPluginAsync {
  return async (app: FastifyInstance) => {
    // Authentication comes first, before the body is parsed: no token, no other answer than 401.
    app.addHook('onRequest', (request, _reply, done) => {
      authenticate(request.call);
      done();
    });
    const callOf = (request: { call: CallContext }) => request.call as AuthedCall;
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
        const params = parseCreateParams(request.query as RawQuery);
        views.created(reply, backend.create(callOf(request), kind, request.body, params));
      });
      app.get(`/api/v1/${kind}`, GET_ROUTE, async (request) => views.objects(backend.listObjects(callOf(request), kind, request.query as RawQuery)));
      app.get<{ Params: { id: string } }>(`/api/v1/${kind}/:id`, GET_ROUTE, async (request) => views.object(backend.getObject(callOf(request), kind, request.params.id)));
    }

    app.get('/api/v1/operations', GET_ROUTE, async (request) => views.operations(backend.listOperations(callOf(request), request.query as RawQuery)));
    // The operation poll: always a few hundred bytes, so the compression hooks are left off.
    // A plain function that sends: no promise per poll.
    app.get<{ Params: { id: string } }>('/api/v1/operations/:id', SMALL_GET_ROUTE, (request, reply) => {
      views.sendOperation(reply, backend.getOperation(callOf(request), request.params.id));
    });
    app.get<{ Params: { id: string } }>('/api/v1/operations/:id/log', GET_ROUTE, (request) => views.log(backend.operationLog(callOf(request), request.params.id)));

    app.get<{ Params: { id: string } }>('/api/v1/pools/:id', GET_ROUTE, async (request) => views.pool(backend.getPool(callOf(request), request.params.id)));
    for (const action of ['open', 'close'] as const) {
      app.post<{ Params: { id: string } }>(`/api/v1/pools/:id/${action}`, (request, reply) => {
        views.poolAction(reply, backend.poolAction(callOf(request), request.params.id, action));
      });
    }
  };
}
