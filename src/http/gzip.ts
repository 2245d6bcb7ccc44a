import { negotiate } from '@fastify/accept-negotiator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { pipeline, type Readable } from 'node:stream';
import { createGzip, gzipSync } from 'node:zlib';

/** Answers under this many bytes are never gzipped (here, and by @fastify/compress: app.ts gives it this threshold). */
export const GZIP_THRESHOLD = 1024;

/** "*" and "x-gzip" count as gzip, as @fastify/compress reads them. */
const GZIP_ALIAS = /\*|x-gzip/g;

/** Whether the request takes a gzipped answer: Accept-Encoding read as @fastify/compress reads it (q-values too). */
function acceptsGzip(request: FastifyRequest): boolean {
  if (request.headers['x-no-compression'] !== undefined) return false;
  const header = request.headers['accept-encoding'];
  if (header === undefined) return false;
  return negotiate(header.toLowerCase().replace(GZIP_ALIAS, 'gzip'), ['gzip']) === 'gzip';
}

/**
 * Sends `body` gzipped when the client takes gzip and it is at least GZIP_THRESHOLD bytes (a
 * stream always is): what @fastify/compress does, for a route that sends large answers among
 * tiny ones. A route under @fastify/compress runs its hooks for every answer, the tiny ones
 * too: on the AppMetrica export URL, where a poll answers 202 with 32 bytes many times before
 * it answers the file once, leaving them out saved 2.4% of a 202 poll's CPU and 9% of a small
 * file's (two builds alternated; bench/README.md). Such a route turns the plugin off
 * (`compress: false`) and sends its large answers through here.
 */
export function sendGzipped(request: FastifyRequest, reply: FastifyReply, body: string | Readable): void {
  if ((typeof body === 'string' && Buffer.byteLength(body) < GZIP_THRESHOLD) || !acceptsGzip(request)) {
    reply.send(body);
    return;
  }
  reply.header('vary', 'accept-encoding').header('content-encoding', 'gzip');
  if (typeof body === 'string') {
    reply.send(gzipSync(body));
    return;
  }
  // A client that goes away mid-download destroys the gzip stream, and with it the rows' stream:
  // no error to report then (Fastify handles the closed socket).
  reply.send(pipeline(body, createGzip(), () => {}));
}
