import type { FastifyReply } from 'fastify';
import type { ListPage } from './backend.js';
import type { CreateResult } from './domain/batch-create.js';
import type { PoolActionResult } from './domain/pools.js';
import type { ArchiveResult, DifferenceLevel } from './domain/projects.js';
import { JSON_TYPE } from './errors.js';
import type { CallbackOutcome } from '../../core/callbacks.js';
import type { Profile } from './domain/profiles.js';
import type { Restriction } from './domain/restrictions.js';
import { ATTACHMENT_BYTES, type Attachment } from './domain/attachments.js';
import type { MessageThread } from './domain/messages.js';
import type { ResultsTable } from './domain/results-tsv.js';
import type { Skill, UserSkill } from './domain/skills.js';
import type { Subscription } from './domain/webhooks.js';
import type { FieldErrors } from './errors.js';
import { progressOf, type AssignedTask, type Assignment, type LogEntry, type Operation, type Pool, type Project, type Requester, type StoredObject } from './model.js';
import { tolokaTime } from './schemas.js';

type Owner = { id: string; myself: true; company_id: string };

/**
 * Toloka on the wire (docs: https://toloka.ai/docs/api/api-reference/): JSON documents of
 * operations, pools and created objects, and the status codes of creates (201 sync, 202 async)
 * and pool actions (202 with an operation, 204 when there is nothing to do).
 */
export class TolokaViews {
  readonly #now: () => number;

  constructor(now: () => number) {
    this.#now = now;
  }

  /**
   * `operation(op)` as JSON, written out: ids (the stand's, or a client's operation_id checked
   * as a UUID), types, statuses and times need no escaping, and the counts are numbers. An
   * operation is polled again and again; this costs less than an object to stringify per poll,
   * and keeps nothing per operation (a kept text of each ended one was a fifth of what an
   * operation held; bench/README.md, "toloka full lifecycle").
   */
  operationJson(op: Operation): string {
    let json = `{"id":"${op.id}","type":"${op.type}","status":"${op.state}","submitted":"${op.submittedText}"`;
    if (op.startedText !== undefined) json += `,"started":"${op.startedText}"`;
    if (op.finishedText !== undefined) json += `,"finished":"${op.finishedText}"`;
    json += `,"progress":${progressOf(op, this.#now())},"parameters":${this.#parametersJson(op.parameters)}`;
    const c = op.counts;
    if (c) {
      json += `,"details":{"total_count":${c.total_count},"valid_count":${c.valid_count},"not_valid_count":${c.not_valid_count},"success_count":${c.success_count},"failed_count":${c.failed_count}}`;
    } else if (op.batch) {
      json += `,"details":{"items_count":${op.batch.items.length}}`;
    } else if (op.details) {
      json += `,"details":${JSON.stringify(op.details)}`;
    }
    return `${json}}`;
  }

  /** Batch operations share frozen `parameters` objects (batch-create.ts): their JSON is made once. */
  #parametersJson(parameters: Record<string, unknown>): string {
    if (!Object.isFrozen(parameters)) return JSON.stringify(parameters);
    let json = this.#frozenJson.get(parameters);
    if (json === undefined) this.#frozenJson.set(parameters, (json = JSON.stringify(parameters)));
    return json;
  }

  readonly #frozenJson = new WeakMap<object, string>();

  /** `GET /operations/{id}`: always a few hundred bytes of JSON. */
  sendOperation(reply: FastifyReply, op: Operation): void {
    reply.type(JSON_TYPE).send(this.operationJson(op));
  }

  /** The operation document (docs: Operation): `started` and `finished` only once they happened, `details` with the counts at the end. */
  operation(op: Operation): Record<string, unknown> {
    const view: Record<string, unknown> = { id: op.id, type: op.type, status: op.state, submitted: op.submittedText };
    if (op.startedText !== undefined) view.started = op.startedText;
    if (op.finishedText !== undefined) view.finished = op.finishedText;
    view.progress = progressOf(op, this.#now());
    view.parameters = op.parameters;
    if (op.counts) view.details = op.counts;
    else if (op.batch) view.details = { items_count: op.batch.items.length };
    else if (op.details) view.details = op.details;
    return view;
  }

  operations(page: ListPage<Operation>): ListPage<Record<string, unknown>> {
    return { items: page.items.map((o) => this.operation(o)), has_more: page.has_more };
  }

  log(log: LogEntry[]): LogEntry[] {
    return log;
  }

  objects(page: ListPage<StoredObject>): ListPage<unknown> {
    return { items: page.items.map((o) => o.view), has_more: page.has_more };
  }

  object(obj: StoredObject): unknown {
    return obj.view;
  }

  /** A create: 202 with the operation (async_mode), else 201 with the object or `{items, validation_errors}`. */
  created(reply: FastifyReply, result: CreateResult): void {
    if (result.kind === 'operation') {
      reply.code(202).type(JSON_TYPE).send(this.operationJson(result.op));
      return;
    }
    if (result.kind === 'object') {
      reply.code(201).send(result.object.view);
      return;
    }
    const items: Record<string, unknown> = {};
    for (const [i, o] of Object.entries(result.items)) items[i] = o.view;
    reply.code(201).send({ items, validation_errors: result.validationErrors });
  }

  /**
   * An action that may have nothing to do (pools: open, close, close-for-update, archive;
   * projects: archive): 202 with the operation, or 204 with no body ("If the pool is already
   * open, an empty response with status 204 is returned"; toloka-kit skips waiting then).
   */
  operationOrNothing(reply: FastifyReply, result: PoolActionResult | ArchiveResult): void {
    if (result.kind === 'unchanged') reply.code(204).send();
    else this.accepted(reply, result.op);
  }

  /** An asynchronous action: 202 with its operation. */
  accepted(reply: FastifyReply, op: Operation): void {
    reply.code(202).type(JSON_TYPE).send(this.operationJson(op));
  }

  /** docs: PoolViewV1 (the fields set, then the read-only ones). */
  pool(p: Pool, owner: Owner): Record<string, unknown> {
    return {
      id: p.id,
      project_id: p.project_id,
      ...p.form,
      owner,
      status: p.status,
      created: p.created,
      ...(p.last_started ? { last_started: p.last_started } : {}),
      ...(p.last_stopped ? { last_stopped: p.last_stopped } : {}),
      ...(p.last_close_reason ? { last_close_reason: p.last_close_reason } : {}),
    };
  }

  pools(page: ListPage<Pool>, owner: Owner): ListPage<Record<string, unknown>> {
    return { items: page.items.map((p) => this.pool(p, owner)), has_more: page.has_more };
  }

  /** docs: ProjectViewV1. */
  project(p: Project, owner: Owner): Record<string, unknown> {
    return { id: p.id, ...p.form, owner, status: p.status, created: p.created };
  }

  projects(page: ListPage<Project>, owner: Owner): ListPage<Record<string, unknown>> {
    return { items: page.items.map((p) => this.project(p, owner)), has_more: page.has_more };
  }

  /** POST /api/staging/projects/{id}/check: camelCase, as toloka-kit's ProjectCheckResponse reads it. */
  projectCheck(level: DifferenceLevel): { differenceLevel: DifferenceLevel } {
    return { differenceLevel: level };
  }

  /**
   * docs: AssignmentViewV1: the times that happened, `solutions` once submitted. A task uploaded
   * on its own shows as the OAS examples (assignment-id.yaml, assignment-list.yaml) show it: its
   * overlap, lists and times as it is now; a task of an uploaded suite, its id and input values.
   */
  assignment(a: Assignment, owner: Owner, taskObjects: ReadonlyMap<string, StoredObject>): Record<string, unknown> {
    const t = (ms: number | undefined) => (ms === undefined ? undefined : tolokaTime(ms));
    const view: Record<string, unknown> = {
      id: a.id,
      task_suite_id: a.taskSuiteId,
      pool_id: a.poolId,
      user_id: a.userId,
      status: a.status,
      reward: a.reward,
      tasks: a.tasks.map((task) => assignedTask(task, a.poolId, taskObjects.get(task.id))),
      automerged: false,
      created: t(a.created),
      submitted: t(a.submitted),
      accepted: t(a.accepted),
      rejected: t(a.rejected),
      skipped: t(a.skipped),
      expired: t(a.expired),
      solutions: a.solutions,
      mixed: a.mixed,
      public_comment: a.public_comment,
      owner,
      bonus_ids: a.bonusIds,
    };
    for (const k of Object.keys(view)) if (view[k] === undefined) delete view[k];
    return view;
  }

  assignments(page: ListPage<Assignment>, owner: Owner, taskObjects: ReadonlyMap<string, StoredObject>): ListPage<Record<string, unknown>> {
    return { items: page.items.map((a) => this.assignment(a, owner, taskObjects)), has_more: page.has_more };
  }

  /** docs: WebhookSubscriptionViewV1 (the secret is never shown). */
  subscription(s: Subscription): Record<string, unknown> {
    return { id: s.id, created: s.created, webhook_url: s.webhook_url, event_type: s.event_type, pool_id: s.pool_id };
  }

  subscriptions(page: ListPage<Subscription>): ListPage<Record<string, unknown>> {
    return { items: page.items.map((s) => this.subscription(s)), has_more: page.has_more };
  }

  /** PUT /webhook-subscriptions: 200 `{items, validation_errors}` (toloka-java-sdk's batch upsert expects 200). */
  upserted(result: { items: Record<string, Subscription>; validation_errors: Record<string, FieldErrors> }): Record<string, unknown> {
    const items: Record<string, unknown> = {};
    for (const [i, s] of Object.entries(result.items)) items[i] = this.subscription(s);
    return { items, validation_errors: result.validation_errors };
  }

  /** POST /webhook-subscriptions/{id}/test (docs: WebhookPushResultV1, camelCase as documented). */
  webhookTest(r: { outcome: CallbackOutcome; uuid: string; at: string }): Record<string, unknown> {
    const ok = r.outcome.status !== null && r.outcome.status >= 200 && r.outcome.status < 300;
    const view: Record<string, unknown> = { success: ok, responseReceivedAt: r.at, uuids: [r.uuid] };
    if (r.outcome.status !== null) view.originalStatusCode = r.outcome.status;
    if (!ok) view.errorType = r.outcome.status === null ? (/timeout/i.test(r.outcome.error ?? '') ? 'REQUEST_TIMEOUT' : 'CONNECTION_ERROR') : 'WRONG_STATUS_CODE';
    return view;
  }

  /** docs: SkillViewV1 (its example's fields: the owner without a company, `global` false for the requester's own). */
  skill(s: Skill, owner: Owner): Record<string, unknown> {
    return { id: s.id, ...s.form, owner: { id: owner.id, myself: true }, created: s.created, global: false };
  }

  skills(page: ListPage<Skill>, owner: Owner): ListPage<Record<string, unknown>> {
    return { items: page.items.map((s) => this.skill(s, owner)), has_more: page.has_more };
  }

  /** docs: UserSkillViewV1: `value` is the integer, `exact_value` the value set. */
  userSkill(u: UserSkill): Record<string, unknown> {
    return { id: u.id, skill_id: u.skill_id, user_id: u.user_id, value: Math.round(u.exact_value), exact_value: u.exact_value, created: u.created, modified: u.modified };
  }

  userSkills(page: ListPage<UserSkill>): ListPage<Record<string, unknown>> {
    return { items: page.items.map((u) => this.userSkill(u)), has_more: page.has_more };
  }

  /** docs: UserRestrictionViewV1, in its example's order; the fields a ban does not have are left out. */
  restriction(r: Restriction): Record<string, unknown> {
    const view: Record<string, unknown> = { scope: r.scope, user_id: r.user_id };
    if (r.project_id !== undefined) view.project_id = r.project_id;
    if (r.pool_id !== undefined) view.pool_id = r.pool_id;
    if (r.private_comment !== undefined) view.private_comment = r.private_comment;
    if (r.will_expire !== undefined) view.will_expire = r.will_expire;
    view.id = r.id;
    view.created = r.created;
    return view;
  }

  restrictions(page: ListPage<Restriction>): ListPage<Record<string, unknown>> {
    return { items: page.items.map((r) => this.restriction(r)), has_more: page.has_more };
  }

  /** An upsert (PUT /user-skills, /user-restrictions): 201 when it made the object, 200 when it changed one (toloka-java-sdk's ModificationResult reads the status). */
  upsert(reply: FastifyReply, created: boolean, view: Record<string, unknown>): void {
    reply.code(created ? 201 : 200).send(view);
  }

  /**
   * The results file as text: tab-separated, a header row, a value with a tab, line break or
   * quote in double quotes (pandas' read_csv reads it back); objects as JSON; an empty line
   * after each assignment with `addRowDelimiter=true`.
   */
  resultsTsv(reply: FastifyReply, table: ResultsTable): void {
    const cell = (v: unknown): string => {
      const text = v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
      return /[\t\n\r"]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
    };
    let out = `${table.columns.join('\t')}\n`;
    for (const group of table.groups) {
      for (const row of group) out += `${row.map(cell).join('\t')}\n`;
      if (table.rowDelimiter) out += '\n';
    }
    reply.type('text/tab-separated-values; charset=utf-8').send(out);
  }

  /** docs: MessageThreadViewV1, in its example's order (the interlocutors listed when the thread went to named Tolokers). */
  messageThread(t: MessageThread): Record<string, unknown> {
    const requester = t.messages[0]!.from;
    const listed = t.recipients !== undefined;
    return {
      id: t.id,
      topic: t.topic,
      interlocutors_inlined: listed,
      ...(listed ? { interlocutors: [requester, ...t.recipients!.map((id) => ({ id, role: 'USER' }))] } : {}),
      messages_inlined: true,
      messages: t.messages,
      compose_details: t.compose,
      meta: {},
      folders: t.folders,
      answerable: t.answerable,
      created: t.created,
    };
  }

  messageThreads(page: ListPage<MessageThread>): ListPage<Record<string, unknown>> {
    return { items: page.items.map((t) => this.messageThread(t)), has_more: page.has_more };
  }

  /** docs: AttachmentViewV1, in its example's order. */
  attachment(a: Attachment, owner: Owner): Record<string, unknown> {
    return {
      id: a.id,
      attachment_type: 'ASSIGNMENT_ATTACHMENT',
      name: a.name,
      details: { user_id: a.userId, assignment_id: a.assignmentId, pool_id: a.poolId },
      owner: { id: owner.id, myself: true },
      created: a.created,
      media_type: 'image/jpeg',
    };
  }

  attachments(page: ListPage<Attachment>, owner: Owner): ListPage<Record<string, unknown>> {
    return { items: page.items.map((a) => this.attachment(a, owner)), has_more: page.has_more };
  }

  /** GET /attachments/{id}/download: the file's bytes, its type, and its name for a save dialog. */
  attachmentFile(reply: FastifyReply, a: Attachment): void {
    reply.type('image/jpeg').header('content-disposition', `attachment; filename="${a.name}"`).send(ATTACHMENT_BYTES);
  }

  /** docs: UserMetadataViewV1, in its example's order. */
  userMetadata(p: Profile): Record<string, unknown> {
    return { id: p.id, country: p.country, languages: p.languages, attributes: p.attributes, adult_allowed: p.adult_allowed };
  }

  /** The owner block of projects, pools and the rest (docs: Owner): the requester's. */
  owner(r: Requester): Owner {
    return { id: r.id, myself: true, company_id: r.company_id };
  }

  /** docs: RequesterViewV1. */
  requester(r: Requester): Record<string, unknown> {
    return { id: r.id, balance: r.balance, public_name: r.public_name, company: { id: r.company_id, superintendent_id: r.id } };
  }

  /** Nothing is kept per operation. */
  reset(): void {}
}

/** A task in an assignment's view: the OAS examples' fields in their order, from the task as it is now. */
function assignedTask(task: AssignedTask, poolId: string, obj: StoredObject | undefined): Record<string, unknown> {
  if (!obj) return { ...task, pool_id: poolId };
  const v = obj.view;
  const out: Record<string, unknown> = { ...task, pool_id: poolId };
  for (const key of ['overlap', 'infinite_overlap', 'reserved_for', 'unavailable_for', 'created', 'remaining_overlap']) if (v[key] !== undefined) out[key] = v[key];
  return out;
}
