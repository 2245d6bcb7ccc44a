import * as z from 'zod';

/**
 * What changes a stand's state from outside: requests to the emulated APIs and control verbs,
 * each at its virtual time. The stand is deterministic (same seed, scenario, inputs and times
 * give the same state), so replaying these rebuilds the state exactly: every API's jobs, stored
 * objects, ids and rate-limit windows, with no per-API serialisation.
 */
const at = z.number().int();
const apiName = z.enum(['appmetrica', 'mytarget', 'toloka']);

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
]);
export type StandEvent = z.infer<typeof StandEvent>;

/** Keeps the events of a stand that has a state file; paused while replaying. */
export class Recorder {
  events: StandEvent[] = [];
  paused = false;

  record(event: StandEvent): void {
    if (!this.paused) this.events.push(event);
  }

  clear(): void {
    this.events = [];
  }
}

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
