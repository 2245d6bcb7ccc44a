import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { matchContext } from '../../http/api-plugin.js';
import { GET_ROUTE, SMALL_GET_ROUTE } from '../../http/route-options.js';
import { SCENARIO_HEADER } from '../../scenarios/engine.js';
import type { EmulatedApi } from '../api.js';
import { requestsPath, type MytargetBackend } from './backend.js';
import { errors, JSON_TYPE } from './errors.js';
import type { SyncAnswer, WrappedRequest } from './model.js';

/** Every method a client may send; the backend answers 405 for the ones a path does not take. */
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

const STATUS_OR_RESULT = /^\/async_api\/v2\/(requests|responses)\/[^/]+\.json$/;

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The sync API under /api/*, the async API under /async_api/*: each handler authenticates,
 * hands the call to the backend and sends its answer. Bodies are kept as raw text, so an async
 * call stores exactly what was sent and a bad JSON body is the wrapped call's 400, not the
 * submission's.
 */
export function mytargetRoutes(api: EmulatedApi, backend: MytargetBackend, publicUrl: string | undefined): FastifyPluginAsync {
  return async (app: FastifyInstance) => {
    const prefix = app.prefix;
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));

    /** The request as the sync API sees it, with `/async_api` read as `/api`. */
    const wrapped = (request: FastifyRequest): WrappedRequest => {
      const [rawPath = '', query = ''] = request.url.split('?', 2);
      const local = rawPath.slice(prefix.length);
      return {
        method: request.method,
        path: local.startsWith('/async_api/') ? `/api/${local.slice('/async_api/'.length)}` : local,
        query,
        body: typeof request.body === 'string' ? request.body : '',
        contentType: header(request.headers['content-type']),
      };
    };
    const send = (reply: FastifyReply, answer: SyncAnswer) => reply.code(answer.status).headers(answer.headers).send(answer.body);
    const token = (request: FastifyRequest) => backend.sync.authenticate(request.headers.authorization);
    const idOf = (file: string) => {
      const m = /^(\d{1,18})\.json$/.exec(file);
      if (!m) throw errors.asyncNotFound(file);
      return m[1]!;
    };

    // Handlers are plain functions that send (no promise per request); Fastify catches a throw.
    app.route({
      method: METHODS,
      url: '/api/*',
      handler: (request, reply) => {
        send(reply, backend.callSync(token(request), wrapped(request), header(request.headers[SCENARIO_HEADER])));
      },
    });

    // The status poll: a GET whose answer is always a few hundred bytes, so the compression
    // hooks (which would never compress it) are left off.
    app.get<{ Params: { file: string } }>('/async_api/v2/requests/:file', SMALL_GET_ROUTE, (request, reply) => {
      const { body, json } = backend.status(token(request), idOf(request.params.file), prefix);
      if (body.status === 'done') reply.code(303).header('location', body.response_url);
      reply.type(JSON_TYPE).send(json);
    });

    app.get<{ Params: { file: string } }>('/async_api/v2/responses/:file', GET_ROUTE, (request, reply) => {
      send(reply, backend.response(token(request), idOf(request.params.file)));
    });

    app.route({
      method: METHODS,
      url: '/async_api/*',
      handler: (request, reply) => {
        const account = token(request);
        const local = request.url.split('?', 1)[0]!.slice(prefix.length);
        if (STATUS_OR_RESULT.test(local)) throw errors.methodNotAllowed(request.method, local, ['GET']);
        const base = publicUrl ? `${publicUrl.replace(/\/+$/, '')}${prefix}` : `${request.protocol}://${request.host}${prefix}`;
        const call = backend.submit({
          account,
          request: wrapped(request),
          publicBase: base,
          callbackLocation: header(request.headers['x-callback-location']),
          callbackMethod: header(request.headers['x-callback-method']),
          scenarioHeader: header(request.headers[SCENARIO_HEADER]),
          match: matchContext(api, request, prefix),
        });
        // The docs show a bare 202 with Location (relative, as documented; prefixed on the main listener).
        reply.code(202).header('location', `${prefix}${requestsPath(call.id)}`).send();
      },
    });
  };
}

