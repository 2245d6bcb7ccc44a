import type { FastifyInstance, FastifyPluginAsync, FastifyRequest } from 'fastify';
import { MAX_JSON_DEPTH, jsonTooDeep } from '../../core/json-depth.js';
import { GET_ROUTE, SMALL_GET_ROUTE } from '../../http/route-options.js';
import type { AuthedCall } from '../call-context.js';
import type { TolokaBackend } from './backend.js';
import {
  AggregateForm,
  AggregateTaskForm,
  AnalyticsRequests,
  AssignmentPatch,
  ComposeForm,
  FoldersForm,
  PoolForm,
  PoolPatch,
  ProjectForm,
  ReplyForm,
  SkillForm,
  TaskOverlapPatch,
  TaskPatch,
  TaskSuiteOverlapPatch,
  TaskSuitePatch,
  TrainingForm,
  UserRestrictionForm,
  UserSkillForm,
  WebhookForm,
} from './domain/forms.js';
import type { PoolAction } from './domain/pools.js';
import { errors, type FieldErrors } from './errors.js';
import type { BatchKind } from './model.js';
import { boolParam, jsonBody, onlyParams, parseCreateParams, parseForm, parseResultsQuery, type RawQuery } from './schemas.js';
import type { TolokaViews } from './views.js';
import { appRoutes } from './apps/routes.js';

const KINDS: readonly BatchKind[] = ['tasks', 'task-suites', 'user-bonuses'];
const POOL_ACTIONS: readonly PoolAction[] = ['open', 'close', 'close-for-update', 'archive', 'clone'];
const CREATE_PARAMS = ['async_mode', 'skip_invalid_items', 'allow_defaults', 'open_pool', 'operation_id'];

/** Prototype-pollution keys, refused as fastify's default JSON parser does. */
const PROTO_KEY = /"__proto__"\s*:|"constructor"\s*:\s*\{[^}]*"prototype"\s*:/;

type Params = { Params: { id: string } };

/** The call, authenticated by the API plugin's first hook (index.ts, onCall). */
const callOf = (request: FastifyRequest) => request.call as AuthedCall;
const queryOf = (request: FastifyRequest) => request.query as RawQuery;

/**
 * The emulated Toloka routes (docs: https://toloka.ai/docs/api/api-reference/): under /api/v1,
 * and pool analytics under /api/staging. Each one reads its input, makes one backend call and
 * hands the result to the views.
 */
export function tolokaRoutes(backend: TolokaBackend, views: TolokaViews): FastifyPluginAsync {
  return async (app: FastifyInstance) => {
    // JSON bodies: an empty one is no body (clients send Content-Type on a bare POST .../open);
    // bad JSON is Toloka's 400. The body limit still applies (413).
    app.removeContentTypeParser('application/json');
    app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, raw, done) => {
      const text = (raw as string).trim();
      if (text === '') return done(null, undefined);
      if (PROTO_KEY.test(text)) return done(errors.badJson('the keys "__proto__" and "constructor.prototype" are not allowed'), undefined);
      if (jsonTooDeep(text)) return done(errors.badJson(`arrays and objects are nested deeper than ${MAX_JSON_DEPTH} levels`), undefined);
      try {
        done(null, JSON.parse(text));
      } catch (e) {
        done(errors.badJson((e as Error).message), undefined);
      }
    });
    const v1 = '/api/v1';

    for (const kind of KINDS) {
      app.post(`${v1}/${kind}`, (request, reply) => {
        onlyParams(queryOf(request), CREATE_PARAMS);
        const body = jsonBody(request);
        views.created(reply, backend.create(callOf(request), kind, body, parseCreateParams(queryOf(request))));
      });
      app.get(`${v1}/${kind}`, GET_ROUTE, async (request) => views.objects(backend.listObjects(callOf(request), kind, queryOf(request))));
      app.get<Params>(`${v1}/${kind}/:id`, GET_ROUTE, async (request) => {
        onlyParams(queryOf(request), []);
        return views.object(backend.getObject(callOf(request), kind, request.params.id));
      });
    }
    // PATCH /tasks/{id}, /task-suites/{id} and their set-overlap-or-min forms (docs: TaskPatchV1...).
    for (const [kind, full, orMin] of [
      ['tasks', TaskPatch, TaskOverlapPatch],
      ['task-suites', TaskSuitePatch, TaskSuiteOverlapPatch],
    ] as const) {
      app.patch<Params>(`${v1}/${kind}/:id`, async (request) => {
        onlyParams(queryOf(request), ['open_pool']);
        const changes = parseForm(full, jsonBody(request));
        const openPool = boolParam(queryOf(request), 'open_pool', false);
        return views.object(backend.patchObject(callOf(request), kind, request.params.id, changes, { orMin: false, openPool }));
      });
      app.patch<Params>(`${v1}/${kind}/:id/set-overlap-or-min`, async (request) => {
        onlyParams(queryOf(request), []);
        const changes = parseForm(orMin, jsonBody(request));
        return views.object(backend.patchObject(callOf(request), kind, request.params.id, changes, { orMin: true, openPool: false }));
      });
    }

    app.get(`${v1}/operations`, GET_ROUTE, async (request) => views.operations(backend.listOperations(callOf(request), queryOf(request))));
    // The operation poll: always a few hundred bytes, so the compression hooks are left off.
    // A plain function that sends: no promise per poll.
    app.get<Params>(`${v1}/operations/:id`, SMALL_GET_ROUTE, (request, reply) => {
      views.sendOperation(reply, backend.getOperation(callOf(request), request.params.id));
    });
    app.get<Params>(`${v1}/operations/:id/log`, GET_ROUTE, (request) => views.log(backend.operationLog(callOf(request), request.params.id)));

    app.get(`${v1}/projects`, GET_ROUTE, async (request) => {
      const call = callOf(request);
      return views.projects(backend.listProjects(call, queryOf(request)), views.owner(backend.requester(call)));
    });
    app.post(`${v1}/projects`, async (request, reply) => {
      const call = callOf(request);
      onlyParams(queryOf(request), []);
      const project = backend.createProject(call, parseForm(ProjectForm, jsonBody(request)));
      return reply.code(201).send(views.project(project, views.owner(backend.requester(call))));
    });
    app.get<Params>(`${v1}/projects/:id`, GET_ROUTE, async (request) => {
      const call = callOf(request);
      return views.project(backend.getProject(call, request.params.id), views.owner(backend.requester(call)));
    });
    app.put<Params>(`${v1}/projects/:id`, async (request) => {
      const call = callOf(request);
      const project = backend.updateProject(call, request.params.id, parseForm(ProjectForm, jsonBody(request)));
      return views.project(project, views.owner(backend.requester(call)));
    });
    app.post<Params>(`${v1}/projects/:id/archive`, (request, reply) => {
      views.operationOrNothing(reply, backend.archiveProject(callOf(request), request.params.id));
    });

    // Pools, and training pools (docs: the training operations): the same resource under
    // /trainings, with TrainingFormV1 and TRAINING.* operations.
    for (const [path, form, training] of [
      ['pools', PoolForm, false],
      ['trainings', TrainingForm, true],
    ] as const) {
      app.get(`${v1}/${path}`, GET_ROUTE, async (request) => {
        const call = callOf(request);
        return views.pools(backend.listPools(call, queryOf(request), training), views.owner(backend.requester(call)));
      });
      app.post(`${v1}/${path}`, async (request, reply) => {
        const call = callOf(request);
        // storage_key: toloka-kit's data residency tier; the stand keeps no data elsewhere.
        onlyParams(queryOf(request), ['storage_key']);
        const pool = backend.createPool(call, parseForm(form, jsonBody(request)), training);
        return reply.code(201).send(views.pool(pool, views.owner(backend.requester(call))));
      });
      app.get<Params>(`${v1}/${path}/:id`, GET_ROUTE, async (request) => {
        const call = callOf(request);
        return views.pool(backend.getPool(call, request.params.id, training), views.owner(backend.requester(call)));
      });
      app.put<Params>(`${v1}/${path}/:id`, async (request) => {
        const call = callOf(request);
        const pool = backend.updatePool(call, request.params.id, parseForm(form, jsonBody(request)), training);
        return views.pool(pool, views.owner(backend.requester(call)));
      });
      for (const action of POOL_ACTIONS) {
        app.post<Params>(`${v1}/${path}/:id/${action}`, (request, reply) => {
          views.operationOrNothing(reply, backend.poolAction(callOf(request), request.params.id, action, training));
        });
      }
    }
    app.patch<Params>(`${v1}/pools/:id`, async (request) => {
      const call = callOf(request);
      const pool = backend.patchPool(call, request.params.id, parseForm(PoolPatch, jsonBody(request)).priority);
      return views.pool(pool, views.owner(backend.requester(call)));
    });

    app.get(`${v1}/requester`, SMALL_GET_ROUTE, async (request) => views.requester(backend.requester(callOf(request))));

    app.get(`${v1}/assignments`, GET_ROUTE, async (request) => {
      const call = callOf(request);
      return views.assignments(backend.listAssignments(call, queryOf(request)), views.owner(backend.requester(call)), backend.taskObjects(call));
    });
    app.get<Params>(`${v1}/assignments/:id`, GET_ROUTE, async (request) => {
      const call = callOf(request);
      return views.assignment(backend.getAssignment(call, request.params.id), views.owner(backend.requester(call)), backend.taskObjects(call));
    });
    app.patch<Params>(`${v1}/assignments/:id`, async (request) => {
      const call = callOf(request);
      const form = parseForm(AssignmentPatch, jsonBody(request));
      return views.assignment(backend.reviewAssignment(call, request.params.id, form.status, form.public_comment), views.owner(backend.requester(call)), backend.taskObjects(call));
    });

    app.post(`${v1}/aggregated-solutions/aggregate-by-pool`, (request, reply) => {
      views.accepted(reply, backend.aggregateByPool(callOf(request), parseForm(AggregateForm, jsonBody(request))));
    });
    // 200, not the OAS's 201 (it gives every POST 201, also aggregate-by-pool's 202):
    // toloka-java-sdk's executeSyncAction takes only 200, toloka-kit's test answers 200.
    app.post(`${v1}/aggregated-solutions/aggregate-by-task`, async (request) => {
      return backend.aggregateByTask(callOf(request), parseForm(AggregateTaskForm, jsonBody(request)));
    });
    app.get<{ Params: { operationId: string } }>(`${v1}/aggregated-solutions/:operationId`, GET_ROUTE, async (request) =>
      backend.aggregatedSolutions(callOf(request), request.params.operationId, queryOf(request)),
    );

    // A list (toloka-kit's upsert_webhook_subscriptions): 200 {items, validation_errors}. One
    // object (the OAS; toloka-java-sdk's upsertWebhookSubscription): its view, 201 new or 200 changed.
    app.put(`${v1}/webhook-subscriptions`, async (request, reply) => {
      const body = jsonBody(request);
      if (!Array.isArray(body)) {
        const { sub, created } = backend.upsertWebhook(callOf(request), parseForm(WebhookForm, body));
        return reply.code(created ? 201 : 200).send(views.subscription(sub));
      }
      const parse = (item: unknown) => {
        try {
          return parseForm(WebhookForm, item);
        } catch (e) {
          return (e as { details?: FieldErrors }).details ?? {};
        }
      };
      return views.upserted(backend.upsertWebhooks(callOf(request), body, parse));
    });
    app.get(`${v1}/webhook-subscriptions`, GET_ROUTE, async (request) => views.subscriptions(backend.list(callOf(request), 'webhook-subscriptions', queryOf(request))));
    app.get<Params>(`${v1}/webhook-subscriptions/:id`, GET_ROUTE, async (request) => views.subscription(backend.getWebhook(callOf(request), request.params.id)));
    app.delete<Params>(`${v1}/webhook-subscriptions/:id`, async (request, reply) => {
      backend.deleteWebhook(callOf(request), request.params.id);
      return reply.code(204).send();
    });
    // 200, as aggregate-by-task: toloka-java-sdk's sendTestWebhook is an executeSyncAction too.
    app.post<Params>(`${v1}/webhook-subscriptions/:id/test`, async (request) =>
      views.webhookTest(await backend.testWebhook(callOf(request), request.params.id)),
    );

    app.get(`${v1}/skills`, GET_ROUTE, async (request) => {
      const call = callOf(request);
      return views.skills(backend.list(call, 'skills', queryOf(request)), views.owner(backend.requester(call)));
    });
    app.post(`${v1}/skills`, async (request, reply) => {
      const call = callOf(request);
      onlyParams(queryOf(request), []);
      return reply.code(201).send(views.skill(backend.createSkill(call, parseForm(SkillForm, jsonBody(request))), views.owner(backend.requester(call))));
    });
    app.get<Params>(`${v1}/skills/:id`, GET_ROUTE, async (request) => {
      const call = callOf(request);
      return views.skill(backend.getSkill(call, request.params.id), views.owner(backend.requester(call)));
    });
    app.put<Params>(`${v1}/skills/:id`, async (request) => {
      const call = callOf(request);
      return views.skill(backend.updateSkill(call, request.params.id, parseForm(SkillForm, jsonBody(request))), views.owner(backend.requester(call)));
    });

    app.put(`${v1}/user-skills`, (request, reply) => {
      onlyParams(queryOf(request), []);
      const { userSkill, created } = backend.setUserSkill(callOf(request), parseForm(UserSkillForm, jsonBody(request)));
      views.upsert(reply, created, views.userSkill(userSkill));
    });
    app.get(`${v1}/user-skills`, GET_ROUTE, async (request) => views.userSkills(backend.list(callOf(request), 'user-skills', queryOf(request))));
    app.get<Params>(`${v1}/user-skills/:id`, GET_ROUTE, async (request) => views.userSkill(backend.getUserSkill(callOf(request), request.params.id)));
    app.delete<Params>(`${v1}/user-skills/:id`, async (request, reply) => {
      backend.deleteUserSkill(callOf(request), request.params.id);
      return reply.code(204).send();
    });

    app.get<{ Params: { userId: string } }>(`${v1}/user-metadata/:userId`, GET_ROUTE, async (request) => {
      onlyParams(queryOf(request), []);
      return views.userMetadata(backend.userMetadata(callOf(request), request.params.userId));
    });

    app.put(`${v1}/user-restrictions`, (request, reply) => {
      onlyParams(queryOf(request), []);
      const { restriction, created } = backend.setRestriction(callOf(request), parseForm(UserRestrictionForm, jsonBody(request)));
      views.upsert(reply, created, views.restriction(restriction));
    });
    app.get(`${v1}/user-restrictions`, GET_ROUTE, async (request) => views.restrictions(backend.list(callOf(request), 'user-restrictions', queryOf(request))));
    app.get<Params>(`${v1}/user-restrictions/:id`, GET_ROUTE, async (request) => views.restriction(backend.getRestriction(callOf(request), request.params.id)));
    app.delete<Params>(`${v1}/user-restrictions/:id`, async (request, reply) => {
      backend.deleteRestriction(callOf(request), request.params.id);
      return reply.code(204).send();
    });

    // Messages to Tolokers (docs: the message-thread operations): compose 201, the others 200
    // (toloka-kit's tests record 200; toloka-java-sdk's executeSyncAction takes only 200).
    app.get(`${v1}/message-threads`, GET_ROUTE, async (request) => views.messageThreads(backend.list(callOf(request), 'message-threads', queryOf(request))));
    app.post(`${v1}/message-threads/compose`, async (request, reply) => {
      onlyParams(queryOf(request), []);
      const thread = backend.messageThread(callOf(request), { kind: 'compose', form: parseForm(ComposeForm, jsonBody(request)) });
      return reply.code(201).send(views.messageThread(thread));
    });
    app.post<Params>(`${v1}/message-threads/:id/reply`, async (request) => {
      const { text } = parseForm(ReplyForm, jsonBody(request));
      return views.messageThread(backend.messageThread(callOf(request), { kind: 'reply', id: request.params.id, text }));
    });
    for (const [action, add] of [['add-to-folders', true], ['remove-from-folders', false]] as const) {
      app.post<Params>(`${v1}/message-threads/:id/${action}`, async (request) => {
        const { folders } = parseForm(FoldersForm, jsonBody(request));
        return views.messageThread(backend.messageThread(callOf(request), { kind: 'folders', id: request.params.id, folders, add }));
      });
    }

    // Files in the crowd's answers (docs: the attachment operations).
    app.get(`${v1}/attachments`, GET_ROUTE, async (request) => {
      const call = callOf(request);
      return views.attachments(backend.list(call, 'attachments', queryOf(request)), views.owner(backend.requester(call)));
    });
    app.get<Params>(`${v1}/attachments/:id`, GET_ROUTE, async (request) => {
      onlyParams(queryOf(request), []);
      const call = callOf(request);
      return views.attachment(backend.getAttachment(call, request.params.id), views.owner(backend.requester(call)));
    });
    app.get<Params>(`${v1}/attachments/:id/download`, GET_ROUTE, (request, reply) => {
      onlyParams(queryOf(request), []);
      views.attachmentFile(reply, backend.getAttachment(callOf(request), request.params.id));
    });

    // The pool's results file (toloka-kit get_assignments_df): under /api/new, not /api/v1.
    app.get<Params>('/api/new/requester/pools/:id/assignments.tsv', GET_ROUTE, (request, reply) => {
      views.resultsTsv(reply, backend.resultsTable(callOf(request), request.params.id, parseResultsQuery(queryOf(request))));
    });

    // toloka-kit's check_update_project_for_major_version_change (under /api/staging, not /api/v1).
    app.post<Params>('/api/staging/projects/:id/check', (request) => {
      onlyParams(queryOf(request), []);
      return views.projectCheck(backend.checkProject(callOf(request), request.params.id, parseForm(ProjectForm, jsonBody(request))));
    });

    // Pool analytics: toloka-kit posts to /api/staging/analytics-2 (not /api/v1).
    app.post('/api/staging/analytics-2', (request, reply) => {
      views.accepted(reply, backend.analytics(callOf(request), parseForm(AnalyticsRequests, jsonBody(request))));
    });

    appRoutes(app, backend.apps);
  };
}
