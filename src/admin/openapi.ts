import type { RouteOptions } from 'fastify';
import * as z from 'zod';

/** What each admin route does, for the document (the verbs' own words from the Stand interface). */
const SUMMARIES: Record<string, string> = {
  'GET /health': 'Health: {"status":"ok"}',
  'POST /reset': 'Everything back to the scenario the stand started with (stand.reset())',
  'GET /clock': 'The clock: now, mode, pending work (stand.clockInfo())',
  'POST /clock/advance': 'Moves the clock by ms or to a time, running due work in order (stand.advance, stand.advanceTo)',
  'GET /jobs': 'Every job of every API, filtered and paged (stand.jobs())',
  'GET /jobs/{api}/{id}': 'One job (stand.job())',
  'POST /jobs/{api}/{id}/advance': 'Moves a job to its next state now (stand.advanceJob())',
  'POST /jobs/{api}/{id}/complete': 'Moves a job to its final state now (stand.completeJob())',
  'GET /journal/requests': 'The request journal, filtered and paged (stand.requests())',
  'GET /journal/unmatched': 'Requests no route answered, or that named an operation the stand does not emulate (stand.unmatchedRequests())',
  'POST /journal/verify': 'Counts matching requests against an expectation, with near misses (stand.verifyRequests())',
  'GET /journal/callbacks': 'Every callback attempt (stand.callbackAttempts())',
  'GET /scenario': 'The active scenario, the others, the one-shot queue (stand.scenario())',
  'PUT /scenario': 'Makes a scenario active, reading its file again (stand.activateScenario())',
  'POST /scenario/queue': 'A one-shot fault for the next matching request or job (stand.enqueueFault())',
  'GET /schema/scenario': 'The scenario JSON Schema',
  'GET /report': 'The client report: what each client did that the real API would punish (stand.report())',
  'GET /overview': "The dashboard's overview",
  'GET /events': 'Server-sent events: one per change',
  'GET /openapi.json': 'This document',
};

interface Collected {
  method: string;
  url: string;
  schema: { querystring?: unknown; params?: unknown; body?: unknown } | undefined;
}

const ERROR = {
  description: 'An error: a stable STAND_* code and a sentence saying what to do',
  content: {
    'application/json': {
      schema: {
        type: 'object',
        required: ['error'],
        properties: { error: { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string' }, message: { type: 'string' } } } },
      },
    },
  },
};

function jsonSchema(schema: unknown): Record<string, unknown> {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema as z.ZodType, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
}

function parameters(schema: unknown, where: 'query' | 'path'): unknown[] {
  if (!schema) return [];
  const s = jsonSchema(schema) as { properties?: Record<string, Record<string, unknown>>; required?: string[] };
  return Object.entries(s.properties ?? {}).map(([name, p]) => {
    const { description, ...rest } = p;
    return { name, in: where, required: where === 'path' || (s.required ?? []).includes(name), ...(description ? { description } : {}), schema: rest };
  });
}

/**
 * The admin API as an OpenAPI 3.1 document, made from the routes as they are registered (a
 * Fastify onRoute hook): their zod schemas for parameters and bodies are the ones that validate
 * the requests, so the document cannot drift from what the stand accepts.
 */
export class OpenApiCollector {
  readonly #routes: Collected[] = [];

  /** The onRoute hook of the admin plugin. */
  readonly onRoute = (route: RouteOptions): void => {
    for (const method of [route.method].flat()) {
      if (method === 'HEAD') continue;
      this.#routes.push({ method, url: route.url, schema: route.schema as Collected['schema'] });
    }
  };

  document(prefix: string, version: string): Record<string, unknown> {
    const paths: Record<string, Record<string, unknown>> = {};
    for (const r of this.#routes) {
      if (!r.url.startsWith(prefix)) continue;
      const local = r.url.slice(prefix.length).replace(/:(\w+)/g, '{$1}') || '/';
      if (local.startsWith('/ui')) continue; // the dashboard's page and files
      const summary = SUMMARIES[`${r.method} ${local}`] ?? `${r.method} ${local}`;
      const op: Record<string, unknown> = {
        summary,
        operationId: `${r.method.toLowerCase()}${local.replace(/[{}]/g, '').replace(/[^A-Za-z0-9]+(\w)/g, (_m, c: string) => c.toUpperCase())}`,
        parameters: [...parameters(r.schema?.params, 'path'), ...parameters(r.schema?.querystring, 'query')],
        responses: { '200': { description: 'OK', content: { 'application/json': { schema: {} } } }, '4XX': ERROR },
      };
      if (r.schema?.body) op.requestBody = { required: true, content: { 'application/json': { schema: jsonSchema(r.schema.body) } } };
      (paths[`${prefix}${local === '/' ? '' : local}`] ??= {})[r.method.toLowerCase()] = op;
    }
    return {
      openapi: '3.1.0',
      info: {
        title: 'async-stand admin API',
        version,
        description: 'The control plane of an async-stand: clock, jobs, journals, scenarios, the client report. The same verbs as the library handle (Stand).',
      },
      components: { securitySchemes: { adminToken: { type: 'http', scheme: 'bearer', description: 'needed only when the stand runs with --admin-token' } } },
      paths,
    };
  }
}
