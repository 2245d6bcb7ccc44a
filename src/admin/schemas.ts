import * as z from 'zod';
import { API_NAMES } from '../core/journal.js';

export const ApiNameSchema = z.enum(API_NAMES as unknown as ['appmetrica', 'mytarget', 'toloka']);

export const AdvanceBody = z
  .strictObject({
    ms: z.number().int().nonnegative().max(10 * 365 * 86_400_000).optional().describe('virtual milliseconds to move forward'),
    to: z.iso.datetime({ offset: true }).optional().describe('an ISO time to move to (not before now)'),
  })
  .refine((b) => (b.ms === undefined) !== (b.to === undefined), { message: 'give exactly one of "ms" or "to"' });

/**
 * Paging for the lists (jobs, journals): without `limit` a list comes whole, as it always did;
 * with it, one page. `order=desc` pages from the newest. The answer carries `total` (after filters).
 */
export const Paging = {
  limit: z.coerce.number().int().min(1).max(1000).optional().describe('page size (1..1000); jobs: 100 when absent, journals: all (they keep at most --journal-limit)'),
  offset: z.coerce.number().int().nonnegative().default(0).describe('items to skip, in the chosen order'),
  order: z.enum(['asc', 'desc']).default('asc').describe('asc: oldest first; desc: newest first'),
};

export const JobsQuery = z.strictObject({
  api: ApiNameSchema.optional(),
  state: z.string().optional(),
  account: z.string().optional(),
  kind: z.string().optional(),
  q: z.string().optional().describe('text the id, kind or account contains'),
  ...Paging,
});

export const JobParams = z.strictObject({ api: ApiNameSchema, id: z.string().min(1) });

/** The event stream: EventSource cannot send headers, so it may carry the admin token here. */
export const EventsQuery = z.strictObject({ token: z.string().optional().describe('the admin token (only this route and only for EventSource)') });

export const ScenarioPut = z.union([
  // a scenario's name in the scenario folders; never a path (the admin API reads no arbitrary files)
  z.strictObject({ name: z.string().regex(/^[\w-]{1,100}$/, { message: 'a scenario name (letters, digits, - and _), not a path' }) }),
  z.strictObject({ scenario: z.record(z.string(), z.unknown()) }),
]);

export const QueueBody = z.strictObject({ api: ApiNameSchema, rule: z.record(z.string(), z.unknown()) });
