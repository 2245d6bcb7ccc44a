import { pipeline, type Readable, type Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createGzip, createInflate, gzipSync } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest, preParsingHookHandler } from 'fastify';
import { StandError } from '../core/errors.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** false: this route's answers are always small; no compression hook (http/compress.ts). */
    compress?: boolean;
  }
}

/**
 * HTTP compression, gzip only (as the Logs API documents): an answer of at least `threshold`
 * bytes, or a stream (a large export), is gzipped when the client accepts gzip; smaller answers
 * never are (compressing them costs far more than it saves). Request bodies sent with
 * Content-Encoding gzip, deflate or br are inflated before parsing.
 *
 * It replaces @fastify/compress, configured this way before: loading that plugin (mime-db,
 * minipass, readable-stream) was a tenth of the stand's start-up, its hooks ran on every
 * request, and a streamed export went through an extra transform that peeks for data already
 * compressed. The stand never sends compressed data of its own.
 */
export interface CompressOptions {
  /** Smallest answer (bytes) that is compressed; streams always are. */
  threshold: number;
}

/** The content types worth compressing: text, JSON, XML (what @fastify/compress compressed by default). */
const COMPRESSIBLE = /^text\/(?!event-stream)|(?:\+|\/)json(?:;|$)|(?:\+|\/)text(?:;|$)|(?:\+|\/)xml(?:;|$)|octet-stream(?:;|$)/i;

/** Whether Accept-Encoding allows gzip (`gzip`, `x-gzip` or `*`, with a q above 0, not refused by name). */
export function acceptsGzip(header: string | undefined): boolean {
  if (header === undefined || header === '') return false;
  let star = false;
  for (const part of header.split(',')) {
    const [name = '', ...params] = part.split(';');
    const coding = name.trim().toLowerCase();
    if (coding !== 'gzip' && coding !== 'x-gzip' && coding !== '*') continue;
    const q = params.map((p) => /^\s*q\s*=\s*([0-9.]+)\s*$/i.exec(p)?.[1]).find((v) => v !== undefined);
    const accepted = q === undefined || Number(q) > 0;
    if (coding === '*') star = accepted;
    else return accepted; // named gzip wins over *
  }
  return star;
}

function isStream(payload: unknown): payload is Readable {
  return payload !== null && typeof payload === 'object' && typeof (payload as { pipe?: unknown }).pipe === 'function';
}

function varyOnEncoding(reply: FastifyReply): void {
  const vary = reply.getHeader('vary');
  if (vary === undefined) reply.header('vary', 'Accept-Encoding');
  else if (!/\baccept-encoding\b/i.test(String(vary))) reply.header('vary', `${String(vary)}, Accept-Encoding`);
}

function compressReply(threshold: number) {
  return (request: FastifyRequest, reply: FastifyReply, payload: unknown, done: (err: Error | null, payload?: unknown) => void): void => {
    if (payload === null || payload === undefined || reply.statusCode === 204 || reply.statusCode === 206) return done(null, payload);
    const stream = isStream(payload);
    if (!stream && !(typeof payload === 'string' || Buffer.isBuffer(payload))) return done(null, payload);
    // Cheapest tests first: most answers are small strings.
    if (!stream && (typeof payload === 'string' ? payload.length : payload.length) < threshold && Buffer.byteLength(payload) < threshold) {
      return done(null, payload);
    }
    if (reply.getHeader('content-encoding') !== undefined || request.headers['x-no-compression'] !== undefined) return done(null, payload);
    if (!COMPRESSIBLE.test(String(reply.getHeader('content-type') ?? 'application/json'))) return done(null, payload);
    if (!acceptsGzip(request.headers['accept-encoding'])) return done(null, payload);
    varyOnEncoding(reply);
    reply.header('content-encoding', 'gzip');
    if (!stream) {
      const gz = gzipSync(payload as string | Buffer);
      reply.header('content-length', gz.length);
      return done(null, gz);
    }
    reply.removeHeader('content-length');
    const gzip = createGzip();
    pipeline(payload, gzip, (err) => {
      if (err) request.log.debug({ err }, 'compressed stream ended early');
    });
    return done(null, gzip);
  };
}

const INFLATE: Readonly<Record<string, () => Transform>> = {
  gzip: createGunzip,
  'x-gzip': createGunzip,
  deflate: createInflate,
  br: createBrotliDecompress,
};

const inflateRequest: preParsingHookHandler = (request, _reply, payload, done) => {
  const header = request.headers['content-encoding'];
  if (header === undefined) return done(null, payload);
  const encoding = header.trim().toLowerCase();
  if (encoding === '' || encoding === 'identity') return done(null, payload);
  const make = INFLATE[encoding];
  if (!make) return done(new StandError(415, 'STAND_UNSUPPORTED_CONTENT_ENCODING', `Unsupported Content-Encoding: ${header}; send gzip, deflate, br or none`));
  const inflater = make() as Transform & { receivedEncodedLength: number };
  // Fastify checks Content-Length (and the body limit) against the bytes received, not inflated.
  inflater.receivedEncodedLength = 0;
  payload.on('data', (chunk: Buffer) => (inflater.receivedEncodedLength += chunk.length));
  // A corrupt body reaches the body parser as an error of the stream it reads: a 400 in the API's shape.
  inflater.on('error', (err: Error) => Object.assign(err, { statusCode: 400, message: `Request body is not valid ${encoding} data: ${err.message}` }));
  pipeline(payload, inflater, () => {});
  done(null, inflater);
};

/**
 * Installs compression on `app` (and the plugins registered after): per route, answers are
 * compressed unless the route says `config: { compress: false }` (its answers are always small),
 * and bodies are inflated on routes that take a body.
 */
export function installCompression(app: FastifyInstance, options: CompressOptions): void {
  const onSend = compressReply(options.threshold);
  app.addHook('onRoute', (route) => {
    const config = route.config as { compress?: boolean } | undefined;
    if (config?.compress !== false) route.onSend = [...toArray(route.onSend), onSend];
    const methods = toArray(route.method);
    if (methods.some((m) => m !== 'GET' && m !== 'HEAD')) route.preParsing = [inflateRequest, ...toArray(route.preParsing)];
  });
}

function toArray<T>(v: T | readonly T[] | undefined): T[] {
  return v === undefined ? [] : Array.isArray(v) ? [...(v as T[])] : [v as T];
}
