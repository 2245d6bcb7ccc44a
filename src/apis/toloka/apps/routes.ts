import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { GET_ROUTE } from '../../../http/route-options.js';
import type { AuthedCall } from '../../call-context.js';
import { jsonBody, onlyParams, parseForm, type RawQuery } from '../schemas.js';
import type { BatchAction, TolokaApps } from './backend.js';
import { AppProjectForm, BatchForm, BatchPatch, BatchSyncForm, checkItems, ItemForm, ItemsBulkForm } from './schemas.js';
import { appListItem, appView, batchView, itemView, projectView } from './views.js';

type P = { Params: { project: string; batch: string; item: string; app: string } };

const callOf = (request: FastifyRequest) => request.call as AuthedCall;
const queryOf = (request: FastifyRequest) => request.query as RawQuery;
const ACTIONS: readonly BatchAction[] = ['start', 'stop', 'resume', 'archive', 'unarchive'];

/** Actions answer 200 with no body (OAS: "OK"; toloka-kit reads nothing from them). */
const done = (reply: FastifyReply) => reply.code(200).send();

/**
 * Toloka Apps under /api/app/v0 (docs: `en/toloka-apps/api/reference/openapi.yaml`; toloka-kit's
 * `*_app_*` methods): every answer 200, as the OAS documents each one. Registered inside the
 * Toloka plugin: the same authentication, JSON parser and error bodies.
 */
export function appRoutes(app: FastifyInstance, apps: TolokaApps): void {
  const now = () => apps.now();
  const v0 = '/api/app/v0';
  const projects = `${v0}/app-projects/:project`;
  const batchOf = (request: FastifyRequest<P>) => apps.getBatch(callOf(request), request.params.project, request.params.batch);
  const batchJson = (request: FastifyRequest<P>, batch = batchOf(request)) => batchView(batch, now(), apps.etas(callOf(request), batch));

  app.get(`${v0}/apps`, GET_ROUTE, async (request) => {
    const page = apps.listApps(queryOf(request));
    return { content: page.content.map(appListItem), has_more: page.has_more };
  });
  app.get<P>(`${v0}/apps/:app`, GET_ROUTE, async (request) => {
    onlyParams(queryOf(request), ['lang']);
    return appView(apps.getApp(request.params.app));
  });

  app.get(`${v0}/app-projects`, GET_ROUTE, async (request) => {
    const page = apps.listProjects(callOf(request), queryOf(request));
    return { content: page.content.map(projectView), has_more: page.has_more };
  });
  app.post(`${v0}/app-projects`, async (request) => projectView(apps.createProject(callOf(request), parseForm(AppProjectForm, jsonBody(request)))));
  app.get<P>(projects, GET_ROUTE, async (request) => projectView(apps.getProject(callOf(request), request.params.project)));
  for (const action of ['archive', 'unarchive'] as const) {
    app.post<P>(`${projects}/${action}`, async (request, reply) => {
      apps.projectAction(callOf(request), request.params.project, action);
      return done(reply);
    });
  }

  app.get<P>(`${projects}/items`, GET_ROUTE, async (request) => {
    const page = apps.listItems(callOf(request), request.params.project, queryOf(request));
    return { content: page.content.map(itemView), has_more: page.has_more };
  });
  app.post<P>(`${projects}/items`, async (request) => itemView(apps.createItem(callOf(request), request.params.project, parseForm(ItemForm, jsonBody(request)))));
  app.post<P>(`${projects}/items/bulk`, async (request) => {
    const body = jsonBody(request);
    checkItems(body);
    return apps.createItems(callOf(request), request.params.project, parseForm(ItemsBulkForm, body));
  });
  app.get<P>(`${projects}/items/:item`, GET_ROUTE, async (request) => itemView(apps.getItem(callOf(request), request.params.project, request.params.item)));

  app.get<P>(`${projects}/batches`, GET_ROUTE, async (request) => {
    const page = apps.listBatches(callOf(request), request.params.project, queryOf(request));
    return { content: page.content.map((b) => batchView(b, now(), apps.etas(callOf(request), b))), has_more: page.has_more };
  });
  app.post<P>(`${projects}/batches`, async (request) => {
    const body = jsonBody(request);
    checkItems(body);
    return batchJson(request, apps.createBatch(callOf(request), request.params.project, parseForm(BatchForm, body)));
  });
  // OAS BatchSyncResponse: {"batch", "items"} (toloka-kit 1.2.3 reads the answer as a bare batch).
  app.post<P>(`${projects}/batches/sync`, async (request) => {
    const body = jsonBody(request);
    checkItems(body);
    const { batch, items } = apps.syncBatch(callOf(request), request.params.project, parseForm(BatchSyncForm, body));
    return { batch: batchJson(request, batch), items: items.map(itemView) };
  });
  app.get<P>(`${projects}/batches/:batch`, GET_ROUTE, async (request) => batchJson(request));
  app.patch<P>(`${projects}/batches/:batch`, async (request) =>
    batchJson(request, apps.patchBatch(callOf(request), request.params.project, request.params.batch, parseForm(BatchPatch, jsonBody(request)))),
  );
  for (const action of ACTIONS) {
    app.post<P>(`${projects}/batches/:batch/${action}`, async (request, reply) => {
      apps.batchAction(callOf(request), request.params.project, request.params.batch, action);
      return done(reply);
    });
  }
}
