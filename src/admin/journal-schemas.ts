import * as z from 'zod';
import { ApiNameSchema, Paging } from './schemas.js';

const Filters = {
  api: ApiNameSchema.optional(),
  account: z.string().optional().describe('the token (or its masked form, as the journal shows it)'),
  token: z.string().optional().describe('the same as account'),
  method: z.string().optional(),
  path: z.string().optional().describe('with a *: a glob on the path on the API (/api/v1/operations/*); without: text the URL contains'),
  urlContains: z.string().optional().describe('text the URL contains'),
  status: z.coerce.number().int().optional(),
  job: z.string().optional().describe('the job the request touched'),
  route: z.enum(['matched', 'unmatched', 'unemulated']).optional(),
  header: z.union([z.string(), z.array(z.string())]).optional().describe('"name: value" the request carried (repeatable)'),
  query: z.union([z.string(), z.array(z.string())]).optional().describe('"name=value" in the request\'s query (repeatable)'),
  bodyContains: z.string().optional().describe('text the request body contains'),
};

export const RequestsQuery = z.strictObject({ ...Filters, ...Paging });
export type RequestFilters = Omit<z.infer<typeof RequestsQuery>, 'limit' | 'offset' | 'order'>;

export const VerifyBody = z.strictObject({
  ...Filters,
  header: z.record(z.string(), z.string()).optional().describe('headers the request carried, by lower-case name'),
  query: z.record(z.string(), z.string()).optional().describe('query parameters the request had'),
  count: z.number().int().nonnegative().optional().describe('exactly this many (default: at least one)'),
  atLeast: z.number().int().nonnegative().optional(),
  atMost: z.number().int().nonnegative().optional(),
});

export const CallbacksQuery = z.strictObject({ api: ApiNameSchema.optional(), jobId: z.string().optional(), ...Paging });
