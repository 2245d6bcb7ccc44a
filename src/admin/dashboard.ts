import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { StandRuntime } from '../stand.js';
import { serveEvents } from './live.js';
import { overview } from './overview.js';
import { EventsQuery } from './schemas.js';
import type { JobSnapshot } from './snapshot.js';
import { PAGE_HTML } from './ui/page.js';
import { STYLES_CSS } from './ui/styles.js';

/**
 * The dashboard at /_stand/ui (issue 9): one HTML page with its script and styles, all shipped
 * inside the package (so `dist/` and the Docker image serve it; no CDN, no build server), the
 * overview it starts from, and the event stream that keeps it live. The page and styles are
 * strings; the script is bundled from TypeScript at build time (ui/script.ts). The page reads
 * everything else through the ordinary admin routes, paged.
 */
export function dashboardRoutes(root: FastifyInstance, stand: StandRuntime, snapshot: JobSnapshot): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  // The page runs only its own script and talks only to this stand.
  const csp =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
  const open = { adminAuth: 'open' } as const;

  app.get('/ui', { config: open }, async (_request, reply) =>
    reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .header('content-security-policy', csp)
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'no-referrer')
      .send(PAGE_HTML),
  );
  // The page links its files relative to /_stand/ui; from /_stand/ui/ they would miss.
  app.get('/ui/', { config: open }, async (_request, reply) => reply.redirect('../ui', 308));
  app.get('/ui/app.js', { config: open }, async (_request, reply) => {
    // Read or bundled on the first request (not at start: the stand's cold start stays short);
    // a failure is a 500 in the admin shape saying what to do.
    const script = await stand.dashboardScript.text().catch((e: unknown) => {
      stand.logger.error({ err: e }, 'the dashboard script is unavailable');
      throw e;
    });
    return reply.type('text/javascript; charset=utf-8').header('cache-control', 'no-cache').header('x-content-type-options', 'nosniff').send(script);
  });
  app.get('/ui/app.css', { config: open }, async (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'no-cache').header('x-content-type-options', 'nosniff').send(STYLES_CSS),
  );

  app.get('/overview', async () => overview(stand, snapshot.all()));

  // Event streams never end by themselves: a closing stand ends them, so draining the requests
  // in flight does not wait for them (EventSource reconnects to the next stand).
  const streams = new Set<import('node:http').ServerResponse>();
  app.addHook('preClose', (done) => {
    for (const res of streams) res.end();
    done();
  });
  app.get('/events', { schema: { querystring: EventsQuery }, config: { adminAuth: 'header-or-query' } }, (request, reply) => {
    reply.hijack();
    streams.add(reply.raw);
    reply.raw.on('close', () => streams.delete(reply.raw));
    serveEvents(stand, request.raw, reply.raw);
  });
}
