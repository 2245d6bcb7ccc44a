import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import * as z from 'zod';
import { reportMarkdown } from '../report/markdown.js';
import type { StandRuntime } from '../stand.js';
import { ApiNameSchema } from './schemas.js';

export const ReportQuerySchema = z.strictObject({
  api: ApiNameSchema.optional(),
  token: z.string().optional().describe('one client: the token, or its masked form as the journal shows it'),
  format: z.enum(['json', 'md']).default('json').describe('md: a page to read'),
});

/** GET /_stand/report: what each client did that the real API would punish (stand.report()). */
export function reportRoutes(root: FastifyInstance, stand: StandRuntime): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  app.get('/report', { schema: { querystring: ReportQuerySchema } }, async (request, reply) => {
    const { format, ...query } = request.query;
    const report = stand.report(query);
    return format === 'md' ? reply.type('text/markdown; charset=utf-8').send(reportMarkdown(report)) : report;
  });
}
