import * as z from 'zod';
import { NOT_KEPT, STREAMED, type HeldExchange, type RestoredRequest } from '../core/journal.js';

/**
 * A journaled exchange in a state file's `served` line, so that a restart gives back the request
 * journal as it was (headers, bodies, latency) and the client report reads the same requests.
 * Bodies are as the journal holds them (capped at BODY_KEEP as they were taken), each in the
 * form it had: text, bytes (base64), a parsed JSON body, or a marker for a body not held.
 */
const StoredBody = z.union([
  z.null(),
  z.strictObject({ text: z.string() }),
  z.strictObject({ base64: z.string() }),
  z.strictObject({ json: z.unknown() }),
  z.strictObject({ held: z.enum(['streamed', 'not-kept']) }),
]);
type StoredBody = z.infer<typeof StoredBody>;

const Headers = z.record(z.string(), z.union([z.string(), z.number(), z.array(z.string())]));

export const StoredExchange = z.strictObject({
  route: z.enum(['matched', 'unmatched', 'unemulated']),
  latencyMs: z.number(),
  requestHeaders: Headers,
  requestBody: StoredBody,
  responseHeaders: Headers,
  responseBody: StoredBody,
});
export type StoredExchange = z.infer<typeof StoredExchange>;

function storedBody(body: unknown): StoredBody {
  if (body === undefined || body === null) return null;
  if (body === STREAMED) return { held: 'streamed' };
  if (body === NOT_KEPT) return { held: 'not-kept' };
  if (typeof body === 'string') return { text: body };
  if (Buffer.isBuffer(body)) return { base64: body.toString('base64') };
  return { json: body };
}

function heldBody(body: StoredBody): unknown {
  if (body === null) return undefined;
  if ('text' in body) return body.text;
  if ('base64' in body) return Buffer.from(body.base64, 'base64');
  if ('json' in body) return body.json;
  return body.held === 'streamed' ? STREAMED : NOT_KEPT;
}

export function storedExchange(x: HeldExchange): StoredExchange {
  return {
    route: x.route,
    latencyMs: x.latencyMs,
    requestHeaders: x.requestHeaders as StoredExchange['requestHeaders'],
    requestBody: storedBody(x.requestBody),
    responseHeaders: x.responseHeaders as StoredExchange['responseHeaders'],
    responseBody: storedBody(x.responseBody),
  };
}

function heldExchange(x: StoredExchange): HeldExchange {
  return {
    route: x.route,
    latencyMs: x.latencyMs,
    requestHeaders: x.requestHeaders,
    requestBody: heldBody(x.requestBody),
    responseHeaders: x.responseHeaders,
    responseBody: heldBody(x.responseBody),
  };
}

/** A `served` line's entry as the journal takes it back. */
export function restoredRequest(entry: Omit<RestoredRequest, 'exchange'> & { exchange?: StoredExchange }): RestoredRequest {
  return entry.exchange ? { ...entry, exchange: heldExchange(entry.exchange) } : (entry as RestoredRequest);
}
