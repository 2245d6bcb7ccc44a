import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { RequestMatch } from '../journal/match.js';
import type { StandRuntime } from '../stand.js';
import { page } from './paging.js';
import { CallbacksQuery, RequestsQuery, VerifyBody, type RequestFilters } from './journal-schemas.js';

/** The admin API's filters as a RequestMatch: `path` with a `*` is a glob on the API path, without one text the URL contains. */
export function matchOf(q: RequestFilters): RequestMatch {
  const { path, header, query, ...rest } = q;
  const m: RequestMatch = { ...rest };
  if (path !== undefined) {
    if (path.includes('*')) m.path = path;
    else m.urlContains = path;
  }
  if (header !== undefined) m.headers = Object.fromEntries([header].flat().map((h) => h.split(':', 2).map((s) => s.trim()) as [string, string]));
  if (query !== undefined) m.query = Object.fromEntries([query].flat().map((h) => h.split('=', 2) as [string, string]));
  return m;
}

/** The journals under /_stand/journal: requests (filtered, paged), the unmatched ones, verification, callbacks. */
export function journalRoutes(root: FastifyInstance, stand: StandRuntime): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  app.get('/journal/requests', { schema: { querystring: RequestsQuery } }, async (request) => {
    const { limit, offset, order, ...filters } = request.query;
    return page(stand.requests(matchOf(filters)), { limit, offset, order });
  });
  app.get('/journal/unmatched', { schema: { querystring: RequestsQuery.pick({ limit: true, offset: true, order: true }) } }, async (request) =>
    page(stand.unmatchedRequests(), request.query),
  );
  app.post('/journal/verify', { schema: { body: VerifyBody } }, async (request) => {
    const { count, atLeast, atMost, header, query, ...filters } = request.body;
    const match: RequestMatch = { ...matchOf(filters), ...(header ? { headers: header } : {}), ...(query ? { query } : {}) };
    return stand.verifyRequests(match, count ?? (atLeast === undefined && atMost === undefined ? { atLeast: 1 } : { atLeast, atMost }));
  });
  app.get('/journal/callbacks', { schema: { querystring: CallbacksQuery } }, async (request) => {
    const { limit, offset, order, ...filter } = request.query;
    return page(stand.callbackAttempts(filter), { limit, offset, order });
  });
}
