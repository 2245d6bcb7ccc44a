import type { FastifyRequest } from 'fastify';
import type { ApiContext } from '../api.js';
import { defineApi } from '../define-api.js';
import { AppmetricaBackend, tokenOf } from './backend.js';
import { errors, renderError } from './errors.js';
import { appmetricaRoutes } from './routes.js';

/** Real AppMetrica API areas the stand knows of but does not emulate (answered 501). */
const REAL_PREFIXES = ['/logs/', '/management/', '/stat/', '/push/', '/postback/'];

export function createAppmetricaApi(ctx: ApiContext) {
  const backend = new AppmetricaBackend(ctx);
  return defineApi(ctx, {
    name: 'appmetrica',
    title: 'AppMetrica Logs API',
    backend,
    routes: (api) => appmetricaRoutes(api, backend),
    accountOf: (request: FastifyRequest) => tokenOf(request.headers.authorization),
    renderError,
    errorFor: (status, message) => errors.forStatus(status, message),
    notFound: (method, path) =>
      REAL_PREFIXES.some((p) => path.startsWith(p)) ? errors.notEmulated(method, path) : errors.notFound(path),
  });
}
