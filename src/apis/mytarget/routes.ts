import type { FastifyInstance, FastifyPluginAsync, FastifyRequest } from 'fastify';
import { GET_ROUTE, SMALL_GET_ROUTE } from '../../http/route-options.js';
import type { AuthedCall, CallContext } from '../call-context.js';
import type { MytargetBackend } from './backend.js';
import { errors } from './errors.js';
import type { SyncRequest } from './model.js';
import { requestOf } from './schemas.js';
import type { MytargetViews } from './views.js';

/** Every method a client may send; the backend answers 405 for the ones a path does not take. */
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

const STATUS_OR_RESULT = /^\/async_api\/v2\/(requests|responses)\/[^/]+\.json$/;

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** `{id}.json` of a status or result URL -> the id; anything else is no async request. */
function idOf(file: string): string {
  const m = /^(\d{1,18})\.json$/.exec(file);
  if (!m) throw errors.asyncNotFound(file);
  return m[1]!;
}

/**
 * The sync API under /api/*, the async API under /async_api/*: each handler authenticates,
 * reads the request, makes one backend call and hands the result to the views. Bodies are kept
 * as raw text, so an async call stores exactly what was sent and a bad JSON body is the wrapped
 * call's 400, not the submission's.
 */
export function mytargetRoutes(
  backend: MytargetBackend,
  views: MytargetViews,
  authenticate: (call: CallContext) => AuthedCall,
  publicUrl: string | undefined,
): FastifyPluginAsync {
  return async (app: FastifyInstance) => {
    const prefix = app.prefix;
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));
    const wrapped = (request: FastifyRequest): SyncRequest => requestOf(request.method, request.call.path, request.url, request.body, header(request.headers['content-type']));

    // The token endpoint takes client credentials, not a bearer token.
    for (const url of ['/api/v2/oauth2/token.json', '/api/v2/oauth2/token/delete.json']) {
      app.route({ method: METHODS, url, handler: (request, reply) => views.sync(reply, backend.callOauth(request.call, wrapped(request))) });
    }

    // Handlers are plain functions that send (no promise per request); Fastify catches a throw.
    app.route({
      method: METHODS,
      url: '/api/*',
      handler: (request, reply) => {
        const call = authenticate(request.call);
        views.sync(reply, backend.callSync(call, wrapped(request)));
      },
    });

    // The status poll: a GET whose answer is always a few hundred bytes, so the compression
    // hooks (which would never compress it) are left off.
    app.get<{ Params: { file: string } }>('/async_api/v2/requests/:file', SMALL_GET_ROUTE, (request, reply) => {
      const call = authenticate(request.call);
      views.status(reply, backend.status(call, idOf(request.params.file)), prefix);
    });

    app.get<{ Params: { file: string } }>('/async_api/v2/responses/:file', GET_ROUTE, (request, reply) => {
      const call = authenticate(request.call);
      views.response(reply, backend.response(call, idOf(request.params.file)));
    });

    app.route({
      method: METHODS,
      url: '/async_api/*',
      handler: (request, reply) => {
        const call = authenticate(request.call);
        if (STATUS_OR_RESULT.test(call.path)) throw errors.methodNotAllowed(request.method, call.path, ['GET']);
        const base = publicUrl ? `${publicUrl.replace(/\/+$/, '')}${prefix}` : `${request.protocol}://${request.host}${prefix}`;
        const submitted = backend.submit(call, {
          request: wrapped(request),
          token: request.call.account!,
          publicBase: base,
          callbackLocation: header(request.headers['x-callback-location']),
          callbackMethod: header(request.headers['x-callback-method']),
        });
        views.submitted(reply, submitted, prefix);
      },
    });
  };
}
