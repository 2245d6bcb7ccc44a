/**
 * Where a state stands in any job's life, so that one page can show the three APIs alike without
 * knowing their lifecycles: each lifecycle (lifecycle.ts) declares the phase of every state it
 * has, and every job view carries it.
 *
 * - waiting: accepted, not being worked on yet (queued behind others)
 * - running: being worked on
 * - ok: finished with a result
 * - failed: finished without one
 * - ended: over after its result (expired, replaced by a newer one)
 * - other: none of these
 *
 * The dashboard's browser script (admin/ui/client/) imports this file too, so it stays free of
 * imports: its own TypeScript project checks it without Node's types.
 */
export const PHASES = ['waiting', 'running', 'ok', 'failed', 'ended', 'other'] as const;

export type Phase = (typeof PHASES)[number];
