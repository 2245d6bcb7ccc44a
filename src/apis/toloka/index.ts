import type { ApiContext } from '../api.js';
import { defineApi } from '../define-api.js';
import { authenticator, tokenOf } from './auth.js';
import { TolokaBackend } from './backend.js';
import { errorRenderer, errors } from './errors.js';
import { tolokaRoutes } from './routes.js';
import { TolokaViews } from './views.js';

/**
 * Every operation of the real Toloka API v1 (from the OpenAPI of https://toloka.ai/docs/api/),
 * relative to /api/v1, and the other paths toloka-kit calls (`/..`: /api/staging, /api/new,
 * /api/app/v0, Toloka Apps). One the stand did not emulate would answer 501 naming itself; a
 * known path with another method answers 405; anything else 404.
 */
const REAL_ROUTES: readonly [string, string][] = [
  ['POST', '/aggregated-solutions/aggregate-by-pool'],
  ['POST', '/aggregated-solutions/aggregate-by-task'],
  ['GET', '/aggregated-solutions/{operationId}'],
  ['GET', '/assignments'],
  ['GET', '/assignments/{id}'],
  ['PATCH', '/assignments/{id}'],
  ['GET', '/attachments'],
  ['GET', '/attachments/{id}'],
  ['GET', '/attachments/{id}/download'],
  ['GET', '/message-threads'],
  ['POST', '/message-threads/compose'],
  ['POST', '/message-threads/{id}/add-to-folders'],
  ['POST', '/message-threads/{id}/remove-from-folders'],
  ['POST', '/message-threads/{id}/reply'],
  ['GET', '/operations'],
  ['GET', '/operations/{id}'],
  ['GET', '/operations/{id}/log'],
  ['GET', '/pools'],
  ['POST', '/pools'],
  ['GET', '/pools/{id}'],
  ['PUT', '/pools/{id}'],
  ['PATCH', '/pools/{id}'],
  ['POST', '/pools/{id}/archive'],
  ['POST', '/pools/{id}/clone'],
  ['POST', '/pools/{id}/close'],
  ['POST', '/pools/{id}/close-for-update'],
  ['POST', '/pools/{id}/open'],
  ['GET', '/projects'],
  ['POST', '/projects'],
  ['GET', '/projects/{id}'],
  ['PUT', '/projects/{id}'],
  ['POST', '/projects/{id}/archive'],
  ['GET', '/requester'],
  ['GET', '/skills'],
  ['POST', '/skills'],
  ['GET', '/skills/{id}'],
  ['PUT', '/skills/{id}'],
  ['GET', '/task-suites'],
  ['POST', '/task-suites'],
  ['GET', '/task-suites/{id}'],
  ['PATCH', '/task-suites/{id}'],
  ['PATCH', '/task-suites/{id}/set-overlap-or-min'],
  ['GET', '/tasks'],
  ['POST', '/tasks'],
  ['GET', '/tasks/{id}'],
  ['PATCH', '/tasks/{id}'],
  ['PATCH', '/tasks/{id}/set-overlap-or-min'],
  ['GET', '/trainings'],
  ['POST', '/trainings'],
  ['GET', '/trainings/{id}'],
  ['PUT', '/trainings/{id}'],
  ['POST', '/trainings/{id}/archive'],
  ['POST', '/trainings/{id}/clone'],
  ['POST', '/trainings/{id}/close'],
  ['POST', '/trainings/{id}/close-for-update'],
  ['POST', '/trainings/{id}/open'],
  ['GET', '/user-bonuses'],
  ['POST', '/user-bonuses'],
  ['GET', '/user-bonuses/{userBonusId}'],
  ['GET', '/user-metadata/{user_id}'],
  ['GET', '/user-restrictions'],
  ['PUT', '/user-restrictions'],
  ['GET', '/user-restrictions/{id}'],
  ['DELETE', '/user-restrictions/{id}'],
  ['GET', '/user-skills'],
  ['PUT', '/user-skills'],
  ['GET', '/user-skills/{id}'],
  ['DELETE', '/user-skills/{id}'],
  ['GET', '/webhook-subscriptions'],
  ['PUT', '/webhook-subscriptions'],
  ['GET', '/webhook-subscriptions/{id}'],
  ['DELETE', '/webhook-subscriptions/{id}'],
  ['POST', '/webhook-subscriptions/{id}/test'],
  // toloka-kit's staging paths (src/client/__init__.py): analytics, and the project check.
  ['POST', '/../staging/analytics-2'],
  ['POST', '/../staging/projects/{id}/check'],
  // toloka-kit's get_assignments_df: the requester interface's results download.
  ['GET', '/../new/requester/pools/{id}/assignments.tsv'],
  // Toloka Apps (toloka-kit's *_app_* methods, /api/app/v0; the Apps OAS): apps/routes.ts.
  ['GET', '/../app/v0/app-projects'],
  ['GET', '/../app/v0/app-projects/{app_project_id}'],
  ['GET', '/../app/v0/app-projects/{app_project_id}/batches'],
  ['GET', '/../app/v0/app-projects/{app_project_id}/batches/{batch_id}'],
  ['GET', '/../app/v0/app-projects/{app_project_id}/items'],
  ['GET', '/../app/v0/app-projects/{app_project_id}/items/{app_item_id}'],
  ['GET', '/../app/v0/apps'],
  ['GET', '/../app/v0/apps/{app_id}'],
  ['POST', '/../app/v0/app-projects'],
  ['POST', '/../app/v0/app-projects/{app_project_id}/archive'],
  ['POST', '/../app/v0/app-projects/{app_project_id}/batches'],
  ['POST', '/../app/v0/app-projects/{app_project_id}/batches/sync'],
  ['PATCH', '/../app/v0/app-projects/{app_project_id}/batches/{batch_id}'],
  ['POST', '/../app/v0/app-projects/{app_project_id}/batches/{batch_id}/archive'],
  ['POST', '/../app/v0/app-projects/{app_project_id}/batches/{batch_id}/resume'],
  ['POST', '/../app/v0/app-projects/{app_project_id}/batches/{batch_id}/start'],
  ['POST', '/../app/v0/app-projects/{app_project_id}/batches/{batch_id}/stop'],
  ['POST', '/../app/v0/app-projects/{app_project_id}/batches/{batch_id}/unarchive'],
  ['POST', '/../app/v0/app-projects/{app_project_id}/items'],
  ['POST', '/../app/v0/app-projects/{app_project_id}/items/bulk'],
  ['POST', '/../app/v0/app-projects/{app_project_id}/unarchive'],
];

/** Each real route's full path (`/api/v1/...`, `/api/staging/...`) and its pattern. */
const ROUTE_RES: readonly [string, string, RegExp][] = REAL_ROUTES.map(([m, p]) => {
  const full = p.startsWith('/../') ? `/api/${p.slice(4)}` : `/api/v1${p}`;
  return [m, full, new RegExp(`^${full.replace(/\{[^}]+\}/g, '[^/]+')}/?$`)];
});

export function createTolokaApi(ctx: ApiContext) {
  const backend = new TolokaBackend(ctx);
  const views = new TolokaViews(() => ctx.clock.now());
  const authenticate = authenticator(ctx);
  return defineApi(ctx, {
    name: 'toloka',
    title: 'Toloka API (projects, pools, trainings, operations, tasks, task suites, bonuses, skills, bans, attachments, messages)',
    backend,
    views,
    routes: tolokaRoutes(backend, views),
    // Authentication comes first, before the body is parsed: no token, no other answer than 401.
    // Then the scenario's rate limits of the token.
    onCall: (call) => backend.countRequest(authenticate(call)),
    progress: () => backend.progress(),
    scenarioChanged: () => backend.scenarioChanged(),
    // toloka-java-sdk (Toloka's own) sends PUT and GET `/api/v1/webhook-subscriptions/`
    // (WebhookSubscriptionClientImpl.java), and its specs mock that path.
    trailingSlash: 'ignore',
    accountOf: tokenOf,
    // Error bodies' request ids: a stream of their own, so that a client's bad request never
    // changes the ids of anything the stand keeps (operations, log steps).
    renderError: errorRenderer(() => ctx.ids.uuid('toloka-error')),
    errorFor: (status, message) => errors.forStatus(status, message),
    notFound: (method, path) => {
      const known = ROUTE_RES.filter(([, , re]) => re.test(path));
      if (known.length === 0) return errors.noRoute(method, path);
      const route = known.find(([m]) => m === method.toUpperCase() || (m === 'GET' && method.toUpperCase() === 'HEAD'));
      if (route) return errors.notEmulated(method.toUpperCase(), route[1]);
      return errors.forStatus(405, `Method ${method} is not allowed on ${path}; allowed: ${known.map(([m]) => m).join(', ')}`);
    },
  });
}
