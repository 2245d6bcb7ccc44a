import type { ApiContext } from '../api.js';
import { defineApi } from '../define-api.js';
import { authenticator, tokenOf } from './auth.js';
import { AppmetricaBackend } from './backend.js';
import { errors, renderError } from './errors.js';
import { appmetricaRoutes } from './routes.js';
import { AppmetricaViews } from './views.js';

/** Real AppMetrica API areas the stand knows of but does not emulate (answered 501). */
const REAL_PREFIXES = ['/logs/', '/management/', '/stat/', '/push/', '/postback/'];
const EXPORT_PREFIX = '/logs/v1/export/';

export function createAppmetricaApi(ctx: ApiContext) {
  const backend = new AppmetricaBackend(ctx);
  const views = new AppmetricaViews();
  return defineApi(ctx, {
    name: 'appmetrica',
    title: 'AppMetrica Logs API',
    backend,
    views,
    routes: appmetricaRoutes(backend, views, authenticator(ctx)),
    accountOf: tokenOf,
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
