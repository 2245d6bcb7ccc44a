import type { FastifyRequest } from 'fastify';
import { installApiHooks } from '../../http/api-plugin.js';
import type { ApiContext, EmulatedApi } from '../api.js';
import { MytargetBackend } from './backend.js';
import { errors, renderError } from './errors.js';
import { mytargetRoutes } from './routes.js';
import { tokenOf } from './sync-api.js';

/** The myTarget API v2 (sync, `/api/...`) and its async front (`/async_api/...`). */
export function createMytargetApi(ctx: ApiContext): EmulatedApi & { backend: MytargetBackend } {
  const backend = new MytargetBackend(ctx);
  const api: EmulatedApi & { backend: MytargetBackend } = {
    name: 'mytarget',
    title: 'myTarget API v2 and async API',
    backend,
    plugin: async (app) => {
      installApiHooks(app, api, ctx);
      await app.register(mytargetRoutes(api, backend, ctx.config.publicUrl));
    },
    accountOf: (request: FastifyRequest) => tokenOf(request.headers.authorization),
    renderError,
    errorFor: (status, message) => errors.forStatus(status, message),
    // /api/* and /async_api/* are routed (unknown operations there answer 501); anything else is not a myTarget path.
    notFound: (_method, path) => errors.unknownPath(path),
    jobs: (filter) => backend.jobs(filter),
    job: (id) => backend.job(id),
    advanceJob: (id) => backend.advance(id),
    completeJob: (id) => backend.complete(id),
    reset: () => backend.reset(),
  };
  return api;
}
