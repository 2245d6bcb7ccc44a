import type { ApiContext } from '../api.js';
import { defineApi } from '../define-api.js';
import { Apps } from './domain/apps.js';
import { authenticator, tokenOf } from './auth.js';
import { AppmetricaBackend } from './backend.js';
import { RequestQuotas } from './domain/quotas.js';
import { errors, renderError } from './errors.js';
import { ManagementBackend } from './domain/management.js';
import { appmetricaRoutes } from './routes.js';
import { AppmetricaViews } from './views.js';

/** Real AppMetrica API areas the stand knows of but does not emulate all of (answered 501). */
const REAL_PREFIXES = ['/logs/', '/management/', '/stat/', '/push/', '/postback/'];
const EXPORT_PREFIX = '/logs/v1/export/';

export function createAppmetricaApi(ctx: ApiContext) {
  // The apps and the request quotas are the Logs API's and the Management API's both; the Logs
  // backend (the one with jobs, the stand's control verbs) reloads and resets them on a reset.
  const apps = new Apps(ctx);
  const quotas = new RequestQuotas(() => ctx.persistence.touch());
  const backend = new AppmetricaBackend(ctx, apps, quotas);
  const management = new ManagementBackend(ctx, apps, quotas);
  const views = new AppmetricaViews(() => ctx.persistence.restoring);
  return defineApi(ctx, {
    name: 'appmetrica',
    title: 'AppMetrica Logs API',
    backend,
    views,
    routes: appmetricaRoutes(backend, management, views, authenticator(ctx)),
    accountOf: tokenOf,
    // Logs API errors are text; the Management API's are JSON (errors.ts picks by the path).
    renderError,
    errorFor: (status, message) => errors.forStatus(status, message),
    notFound: (method, path) => {
      // The export path is routed for GET/HEAD (and 405 for POST/PUT/DELETE/PATCH); any other
      // method lands here. Deeper paths under it are no resource of the Logs API at all.
      if (path.startsWith(EXPORT_PREFIX)) return path.indexOf('/', EXPORT_PREFIX.length) < 0 ? errors.methodNotAllowed(method) : errors.notFound(path);
      return REAL_PREFIXES.some((p) => path.startsWith(p)) ? errors.notEmulated(method, path) : errors.notFound(path);
    },
  });
}
