import type { FastifyRequest } from 'fastify';

/**
 * Fastify's `rewriteUrl` for a listener whose APIs route a path with a trailing slash as the path
 * without it (EmulatedApi.trailingSlash 'ignore'), given the path prefixes they are mounted
 * under ('/toloka/', or '/' on an API's own port); undefined when there are none, so a listener
 * of strict APIs rewrites nothing. One trailing slash goes; the query stays.
 */
export function trailingSlashRewrite(prefixes: readonly string[]): ((req: { url?: string }) => string) | undefined {
  if (prefixes.length === 0) return undefined;
  return (req) => {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const end = q < 0 ? url.length : q;
    if (end < 2 || url.charCodeAt(end - 1) !== 0x2f) return url;
    for (const prefix of prefixes) if (url.startsWith(prefix)) return url.slice(0, end - 1) + url.slice(end);
    return url;
  };
}

/** The URL as the client sent it (Fastify keeps it as `originalUrl` when `rewriteUrl` changed `url`). */
export function sentUrl(request: FastifyRequest): string {
  return (request.raw as { originalUrl?: string }).originalUrl ?? request.url;
}
