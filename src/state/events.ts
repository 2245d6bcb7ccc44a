import * as z from 'zod';
import { CallbackEntrySchema } from '../core/journal.js';
import { StoredExchange } from './exchange.js';

/**
 * The lines of a state file (JSON Lines): a header, then what changed the stand's state from
 * outside, each at its virtual time. The stand is deterministic (same seed, scenario, inputs and
 * times give the same state), so replaying these rebuilds it exactly: every API's jobs, stored
 * objects, ids and rate-limit windows, with no per-API serialisation.
 */
export const FORMAT = 'async-stand-state';
export const VERSION = 2;

const at = z.number().int();
const apiName = z.enum(['appmetrica', 'mytarget', 'toloka']);

export const Header = z.strictObject({
  format: z.literal(FORMAT),
  version: z.literal(VERSION),
  seed: z.number().int(),
  scenario: z.string(),
  clock: z.enum(['real', 'manual']),
  /** Virtual time the log starts at (the stand's start, or its last reset). */
  origin: at,
  /** Real clock: the wall time `origin` stood for; virtual time goes on from there. */
  wall: at.optional(),
});
export type Header = z.infer<typeof Header>;

const RequestEntrySchema = z.strictObject({
  seq: z.number().int(),
  at: z.string(),
  api: apiName,
  method: z.string(),
  url: z.string(),
  status: z.number().int(),
  account: z.string().nullable(),
  fault: z.string().nullable(),
  /** Headers, bodies and latency (files written before they were kept have none). */
  exchange: StoredExchange.optional(),
});

export const StandEvent = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('request'),
    t: at,
    /** 'main', or the API whose own port received it. */
    listener: z.union([z.literal('main'), apiName]),
    method: z.string(),
    url: z.string(),
    headers: z.record(z.string(), z.string()),
    /** The raw body, base64. */
    body: z.string(),
  }),
  z.strictObject({ kind: z.literal('job'), t: at, verb: z.enum(['advance', 'complete']), api: apiName, id: z.string() }),
  z.strictObject({ kind: z.literal('scenario'), t: at, name: z.string().optional(), doc: z.unknown().optional() }),
  z.strictObject({ kind: z.literal('enqueue'), t: at, api: apiName, rule: z.unknown() }),
  /** The clock was moved to `t` (advance); a real clock then ran on from `wall`. */
  z.strictObject({ kind: z.literal('clock'), t: at, wall: at.optional() }),
  /** A callback attempt's outcome at `t`: attempt `n` (in the order attempts started; 0: a probe) and its journal entry. */
  z.strictObject({ kind: z.literal('callback'), t: at, n: z.number().int().nonnegative(), entry: CallbackEntrySchema }),
  /** A request's journal entry (every answered request, also those that changed nothing). */
  z.strictObject({ kind: z.literal('served'), entry: RequestEntrySchema }),
]);
export type StandEvent = z.infer<typeof StandEvent>;

/** Request headers that describe the connection, not the request: not kept. */
const HOP_HEADERS = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive']);

export function requestHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (v === undefined || HOP_HEADERS.has(k)) continue;
    out[k] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}
