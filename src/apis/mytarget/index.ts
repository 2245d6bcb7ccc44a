import type { ApiContext } from '../api.js';
import { defineApi } from '../define-api.js';
import { authenticator, tokenOf } from './auth.js';
import { MytargetBackend } from './backend.js';
import { errors, renderError } from './errors.js';
import { mytargetRoutes } from './routes.js';
import { MytargetViews } from './views.js';

/** The myTarget API v2 (sync, `/api/...`) and its async front (`/async_api/...`). */
export function createMytargetApi(ctx: ApiContext) {
  const backend = new MytargetBackend(ctx);
  const views = new MytargetViews();
  return defineApi(ctx, {
    name: 'mytarget',
    title: 'myTarget API v2 and async API',
    backend,
    views,
    routes: mytargetRoutes(backend, views, authenticator(ctx, backend.sync.oauth), ctx.config.publicUrl),
    accountOf: tokenOf,
    renderError,
    errorFor: (status, message) => errors.forStatus(status, message),
    // /api/* and /async_api/* are routed (the sync API answers its unknown paths); anything else is not a myTarget path.
    notFound: (_method, path) => errors.unknownPath(path),
  });
}
