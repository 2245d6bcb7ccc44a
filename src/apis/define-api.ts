import type { FastifyPluginAsync } from 'fastify';
import type { StandError } from '../core/errors.js';
import { installApiHooks } from '../http/api-plugin.js';
import type { ApiContext, EmulatedApi, JobFilter, JobView, WireError } from './api.js';
import type { CallContext } from './call-context.js';
import type { ProgressRow } from '../admin/wire.js';

/** What every API backend offers the control plane. */
export interface ApiBackend {
  jobs(filter?: JobFilter): JobView[];
  job(id: string): JobView | undefined;
  advance(id: string): JobView;
  complete(id: string): JobView;
  reset(): void;
}

/** What every API's views keep (fast paths such as texts of ended jobs), dropped on a reset. */
export interface ApiViews {
  reset(): void;
}

export interface ApiSpec<B extends ApiBackend> {
  name: EmulatedApi['name'];
  title: string;
  backend: B;
  views: ApiViews;
  /** The API's routes at its root. */
  routes: FastifyPluginAsync;
  accountOf: (authorization: string | undefined) => string | null;
  renderError: (error: StandError, path?: string) => WireError;
  errorFor: (status: number, message?: string) => StandError;
  notFound: (method: string, path: string) => StandError;
  /** Runs first for every call the API answers (after scripted request faults): an API that authenticates before anything else does it here. */
  onCall?: (call: CallContext) => void;
  /** Progress beyond jobs, for the dashboard. */
  progress?: () => ProgressRow[];
  /** Another scenario became active, with the same fixture set (the API's state is kept). */
  scenarioChanged?: () => void;
  /** A path with a trailing slash is routed as the path without it (see EmulatedApi). */
  trailingSlash?: 'ignore';
}

/** Assembles an EmulatedApi: the shared hooks around the API's routes, and the control verbs of its backend. */
export function defineApi<B extends ApiBackend>(ctx: ApiContext, spec: ApiSpec<B>): EmulatedApi & { backend: B } {
  const { backend, views } = spec;
  const api: EmulatedApi & { backend: B } = {
    name: spec.name,
    title: spec.title,
    backend,
    plugin: async (app, opts) => {
      installApiHooks(app, api, ctx, { replay: opts.replay === true });
      await app.register(spec.routes);
    },
    accountOf: spec.accountOf,
    renderError: spec.renderError,
    errorFor: spec.errorFor,
    notFound: spec.notFound,
    onCall: spec.onCall,
    progress: spec.progress,
    scenarioChanged: spec.scenarioChanged,
    trailingSlash: spec.trailingSlash ?? 'strict',
    jobs: (filter) => backend.jobs(filter),
    job: (id) => backend.job(id),
    advanceJob: (id) => backend.advance(id),
    completeJob: (id) => backend.complete(id),
    reset: () => {
      backend.reset();
      views.reset();
    },
  };
  return api;
}
