import { z } from 'zod';
import { API_NAMES } from '../core/journal.js';

export const ApiNameSchema = z.enum(API_NAMES as unknown as ['appmetrica', 'mytarget', 'toloka']);

export const AdvanceBody = z
  .strictObject({
    ms: z.number().int().nonnegative().max(10 * 365 * 86_400_000).optional().describe('virtual milliseconds to move forward'),
    to: z.iso.datetime({ offset: true }).optional().describe('an ISO time to move to (not before now)'),
  })
  .refine((b) => (b.ms === undefined) !== (b.to === undefined), { message: 'give exactly one of "ms" or "to"' });

export const JobsQuery = z.strictObject({
  api: ApiNameSchema.optional(),
  state: z.string().optional(),
  account: z.string().optional(),
  kind: z.string().optional(),
});

export const JobParams = z.strictObject({ api: ApiNameSchema, id: z.string().min(1) });

export const RequestsQuery = z.strictObject({
  api: ApiNameSchema.optional(),
  account: z.string().optional(),
  status: z.coerce.number().int().optional(),
});

export const CallbacksQuery = z.strictObject({ api: ApiNameSchema.optional(), jobId: z.string().optional() });

export const ScenarioPut = z.union([
  z.strictObject({ name: z.string().min(1) }),
  z.strictObject({ scenario: z.record(z.string(), z.unknown()) }),
]);

export const QueueBody = z.strictObject({ api: ApiNameSchema, rule: z.record(z.string(), z.unknown()) });
