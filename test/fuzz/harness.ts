import fc from 'fast-check';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { answerProblem, ownerOf, type Owner } from './shapes.js';
import { requestArb, type ApiFuzzSpec, type FuzzRequest } from './routes.js';
import { fcParams } from './settings.js';

type Injector = { inject(options: InjectOptions): Promise<LightMyRequestResponse> };

export async function send(app: Injector, req: FuzzRequest): Promise<LightMyRequestResponse> {
  return app.inject({ method: req.method as InjectOptions['method'], url: req.url, headers: req.headers, ...(req.payload === undefined ? {} : { payload: req.payload }) });
}

function canSend(url: string): boolean {
  try {
    new URL(url, 'http://localhost');
    return true;
  } catch {
    return false;
  }
}

/** Short enough to read in a failure report (bodies can be 100 KB of garbage). */
export function describe(req: FuzzRequest): string {
  const payload = req.payload === undefined ? '' : ` body(${req.payload.length}): ${String(req.payload).slice(0, 200)}`;
  return `${req.method} ${req.url.slice(0, 300)} headers ${JSON.stringify(req.headers).slice(0, 400)}${payload}`;
}

/**
 * Throws garbage at every route of `spec` on `app`: `numRuns` requests, each checked with
 * answerProblem (never 5xx unless scripted, every error in the owner's shape). Returns how often
 * each route was hit.
 */
export async function fuzzRoutes(app: Injector, spec: ApiFuzzSpec, numRuns: number, only?: Exclude<Owner, 'admin'>): Promise<Map<string, number>> {
  const hits = new Map<string, number>(spec.routes.map((r) => [r.name, 0]));
  await fc.assert(
    fc.asyncProperty(requestArb(spec), async (req) => {
      // "//[..." at root reads as a URL with a broken host: no client can send it, nor can inject.
      fc.pre(canSend(req.url));
      const res = await send(app, req);
      const owner = ownerOf(req.url, only);
      const problem = answerProblem(owner, req.method, res, { scriptedStatus: req.scriptedStatus, url: req.url, prefix: only || owner === 'admin' ? '' : `/${owner}` });
      if (problem) throw new Error(`${problem}\n  request: ${describe(req)}`);
      hits.set(req.route, (hits.get(req.route) ?? 0) + 1);
    }),
    fcParams(numRuns),
  );
  return hits;
}

/** Routes no case reached (with the fixed seed every route is reached; a long run reaches them too). */
export function missed(hits: Map<string, number>): string[] {
  return [...hits].filter(([, n]) => n === 0).map(([name]) => name);
}

export function report(label: string, hits: Map<string, number>, ms: number): void {
  if (!process.env.FUZZ_RUNS && !process.env.FUZZ_VERBOSE) return;
  const total = [...hits.values()].reduce((a, b) => a + b, 0);
  process.stdout.write(`fuzz ${label}: ${total} cases over ${hits.size} routes in ${(ms / 1000).toFixed(1)} s\n`);
}
