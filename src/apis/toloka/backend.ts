import type { ProgressRow } from '../../admin/wire.js';
import type { ApiContext, JobFilter, JobView } from '../api.js';
import type { AuthedCall } from '../call-context.js';
import { matchesJobFilter } from '../job-view.js';
import { TolokaApps } from './apps/backend.js';
import { Accounts } from './domain/accounts.js';
import { Aggregation, SOLUTION_LIST, type AggregatedSolution } from './domain/aggregation.js';
import { Analytics } from './domain/analytics.js';
import { ASSIGNMENT_LIST, Assignments } from './domain/assignments.js';
import { Crowd } from './domain/crowd.js';
import { BATCH, BatchCreates, type CreateResult } from './domain/batch-create.js';
import type { AggregateForm, AnalyticsRequest, PoolForm, ProjectForm, SkillForm, TrainingForm, UserRestrictionForm, UserSkillForm, WebhookForm } from './domain/forms.js';
import { runList } from './domain/lists.js';
import { Attachments, type Attachment } from './domain/attachments.js';
import { KeptLists, type KeptItems } from './domain/kept-lists.js';
import { MessageThreads, type MessageThread, type ThreadChange } from './domain/messages.js';
import { OBJECT_LIST } from './domain/objects.js';
import { OPERATION_LIST, operationJobView, Operations, type Finisher } from './domain/operations.js';
import { POOL_LIST, Pools, type PoolAction, type PoolActionResult } from './domain/pools.js';
import { PROJECT_LIST, Projects, type ArchiveResult, type DifferenceLevel } from './domain/projects.js';
import { TolokaRateLimits } from './domain/rate-limits.js';
import { resultsTable, type ResultsQuery, type ResultsTable } from './domain/results-tsv.js';
import type { Restriction } from './domain/restrictions.js';
import type { Skill, UserSkill } from './domain/skills.js';
import { TimeTexts } from './domain/time-texts.js';
import { Tolokers } from './domain/tolokers.js';
import { QualityControl } from './domain/quality-control.js';
import type { Profile } from './domain/profiles.js';
import { Webhooks, type AssignmentEvent, type Subscription } from './domain/webhooks.js';
import { errors, type FieldErrors } from './errors.js';
import { type Account, type Assignment, type BatchKind, type LogEntry, type Operation, type Pool, type Project, type Requester, type StoredObject } from './model.js';
import { parseListQuery, type CreateParams, type RawQuery } from './schemas.js';

/** One page of a list: `{"items", "has_more"}`. */
export interface ListPage<T> { items: T[]; has_more: boolean }

/** A scripted failure of an operation: asked only when a request makes one (so a rule is not used up by a 204 or a 409). */
type Failure = () => { message: string | undefined } | undefined;

/**
 * Toloka's rules, without HTTP: one call per request, each taking the call's context. The work
 * is split by concern (docs: https://toloka.ai/docs/api/api-reference/):
 * - domain/accounts.ts: an account per token, each with its own copy of the fixtures;
 * - domain/operations.ts: operations on the stand's clock, their logs and archiving;
 * - domain/batch-create.ts, objects.ts: creates and patches of tasks, task suites and bonuses;
 * - domain/projects.ts, pools.ts: projects and pools, their statuses and operations;
 * - domain/analytics.ts: pool metrics (ANALYTICS); domain/rate-limits.ts: the scenario's limits;
 * - domain/crowd.ts, crowd-pools.ts, mixer.ts, dynamic-overlap.ts: the simulated Tolokers and their pools;
 *   domain/tolokers.ts, skills.ts, restrictions.ts, quality-control.ts: skills, bans, who takes what;
 *   domain/assignments.ts, answers.ts, aggregation.ts, webhooks.ts: what their work gives.
 */
export class TolokaBackend {
  readonly #ctx: ApiContext;
  readonly #accounts: Accounts;
  readonly #operations: Operations;
  readonly #pools: Pools;
  readonly #projects: Projects;
  readonly #creates: BatchCreates;
  readonly #analytics: Analytics;
  readonly #crowd: Crowd;
  readonly #assignments: Assignments;
  readonly #aggregation: Aggregation;
  readonly #webhooks: Webhooks;
  readonly #tolokers: Tolokers;
  readonly #qc: QualityControl;
  readonly #attachments: Attachments;
  readonly #lists: KeptLists;
  readonly #messages: MessageThreads;
  readonly #limits = new TolokaRateLimits();
  /** Toloka Apps (/api/app/v0): apps/backend.ts. */
  readonly apps: TolokaApps;
  // What ends each kind of operation.
  readonly #finishBatch: Finisher = (account, op, now) => this.#creates.finish(account, op, now);
  readonly #finishPool: Finisher = (account, op, now) => this.#pools.finish(account, op, now);
  readonly #finishProject: Finisher = (account, op, now) => this.#projects.finish(account, op, now);
  readonly #finishAnalytics: Finisher = (account, op, now) => this.#analytics.finish(account, op, now);
  readonly #finishAggregation: Finisher = (account, op) => this.#aggregation.finish(account, op);

  constructor(ctx: ApiContext) {
    this.#ctx = ctx;
    this.#accounts = new Accounts(ctx);
    this.apps = new TolokaApps(ctx, (call) => this.#account(call));
    const texts = new TimeTexts();
    this.#operations = new Operations(ctx, this.#accounts, (op) => this.#finisher(op), texts);
    this.#pools = new Pools(ctx.ids, ctx.scheduler, this.#operations, texts);
    this.#projects = new Projects(ctx.ids, this.#operations, texts);
    this.#creates = new BatchCreates(ctx.ids, this.#operations, this.#pools, texts);
    this.#analytics = new Analytics(this.#operations, texts);
    this.#webhooks = new Webhooks(ctx.ids, texts, ctx.callbacks, () => this.#now());
    this.#tolokers = new Tolokers(texts, ctx.scheduler, ctx.config.seed);
    this.#attachments = new Attachments(texts, ctx.config.seed);
    this.#messages = new MessageThreads(texts, ctx.config.seed);
    this.#lists = new KeptLists({ tolokers: this.#tolokers, attachments: this.#attachments, webhooks: this.#webhooks, messages: this.#messages }, () => this.#now());
    this.#qc = new QualityControl(this.#tolokers, () => this.#crowd, () => this.#now());
    // The crowd's events go to the webhooks, the trainings' results, the attachments and quality control; who takes what, the Tolokers' bans, skills and trainings tell.
    const listeners = [this.#webhooks, this.#tolokers.trainings, this.#attachments, this.#qc];
    const events = {
      assignment: (account: Account, a: Assignment, event: AssignmentEvent) => { for (const l of listeners) l.assignment(account, a, event); },
      poolClosed: (account: Account, pool: Pool) => this.#webhooks.poolClosed(account, pool),
    };
    this.#crowd = new Crowd(ctx, this.#pools, this.#creates.objects, events, this.#tolokers);
    this.#tolokers.crowd = this.#crowd;
    this.#assignments = new Assignments(this.#crowd);
    this.#aggregation = new Aggregation(this.#operations);
    this.#creates.objects.onCreate = (account, obj) => this.#crowd.added(account, obj);
    this.#pools.onOpen = (account, pool) => this.#crowd.opened(account, pool);
    this.#pools.costToFinish = (account, pool) => this.#crowd.costToFinish(account, pool);
    this.#pools.onClosedBySelf = (account, pool) => this.#webhooks.poolClosed(account, pool);
  }

  #finisher(op: Operation): Finisher {
    if (op.batch) return this.#finishBatch;
    if (op.type === 'PROJECT.ARCHIVE') return this.#finishProject;
    if (op.type === 'ANALYTICS') return this.#finishAnalytics;
    if (op.type === 'SOLUTION.AGGREGATE') return this.#finishAggregation;
    return this.#finishPool;
  }

  #account(call: AuthedCall): Account {
    return this.#accounts.get(call.account);
  }

  #now(): number {
    return this.#ctx.clock.now();
  }

  #failure(call: AuthedCall): Failure {
    return () => {
      const fault = this.#ctx.scenarios.jobFault(call, ['fail']);
      return fault?.type === 'fail' ? { message: fault.message } : undefined;
    };
  }

  /** Counts the request against the scenario's rate limits of its token (429 over one). */
  countRequest(call: AuthedCall): void {
    const rules = this.#ctx.scenarios.scenarioOf(call).toloka.rateLimits;
    if (rules.length > 0) this.#ctx.persistence.touch(); // counted: a state file keeps the request
    this.#limits.take(call, rules, (rule) => this.#ctx.scenarios.matches(rule.match, call), this.#now());
  }

  requester(call: AuthedCall): Requester {
    return this.#account(call).requester;
  }

  // --- batch creates, tasks, task suites, bonuses -------------------------------------------

  /** POST /tasks, /task-suites, /user-bonuses: validated at submission, created now or when the operation ends. */
  create(call: AuthedCall, kind: BatchKind, body: unknown, params: CreateParams): CreateResult {
    // A sync call never consumes a "fail" rule: only operations fail.
    const fault = this.#ctx.scenarios.jobFault(call, params.asyncMode ? ['fail', 'invalid'] : ['invalid']);
    const plan = this.#ctx.scenarios.scenarioOf(call).toloka;
    return this.#creates.create(this.#account(call), { kind, body, params, plan, fault }, this.#now());
  }

  /** GET /tasks/{id}, /task-suites/{id} (also a suite smart mixing made), /user-bonuses/{id}. */
  getObject(call: AuthedCall, kind: BatchKind, id: string): StoredObject {
    return this.#creates.objects.find(this.#account(call), kind, id, BATCH[kind].what, true);
  }

  listObjects(call: AuthedCall, kind: BatchKind, query: RawQuery): ListPage<StoredObject> {
    const spec = OBJECT_LIST[kind];
    return runList(this.#creates.objects.all(this.#account(call), kind, query), parseListQuery(query, spec), spec);
  }

  /** PATCH /tasks/{id}, /task-suites/{id} (and .../set-overlap-or-min); open_pool=true opens its closed pool. */
  patchObject(call: AuthedCall, kind: 'tasks' | 'task-suites', id: string, changes: Record<string, unknown>, options: { orMin: boolean; openPool: boolean }): StoredObject {
    const account = this.#account(call);
    const obj = this.#creates.objects.find(account, kind, id, BATCH[kind].what, false);
    const pool = account.pools.get(obj.poolId!)!;
    if (pool.status === 'ARCHIVED') throw errors.inappropriateStatus(pool.status);
    this.#creates.objects.patch(obj, changes, options.orMin, this.#crowd.used(account, obj));
    if (options.openPool) this.#pools.openNow(account, pool.id, this.#now());
    this.#crowd.changed(account, obj);
    return obj;
  }

  /** One page of a list a domain module keeps (GET /skills, /user-skills, /user-restrictions, /attachments, /webhook-subscriptions). */
  list<K extends keyof KeptItems>(call: AuthedCall, kind: K, query: RawQuery): ListPage<KeptItems[K]> {
    return this.#lists.page(this.#account(call), kind, query);
  }

  /** POST /message-threads/compose (201), .../{id}/reply, .../{id}/add-to-folders|remove-from-folders. */
  messageThread(call: AuthedCall, change: ThreadChange): MessageThread {
    return this.#messages.change(this.#account(call), change, this.#now());
  }

  getAttachment(call: AuthedCall, id: string): Attachment {
    return this.#attachments.get(this.#account(call), id);
  }

  // --- assignments, aggregation, webhooks --------------------------------------------------

  /** The account's tasks (an assignment's view shows its tasks as they are now). */
  taskObjects(call: AuthedCall): ReadonlyMap<string, StoredObject> {
    return this.#account(call).objects.tasks;
  }

  getAssignment(call: AuthedCall, id: string): Assignment {
    return this.#assignments.get(this.#account(call), id);
  }

  listAssignments(call: AuthedCall, query: RawQuery): ListPage<Assignment> {
    return runList(this.#account(call).assignments.values(), parseListQuery(query, ASSIGNMENT_LIST), ASSIGNMENT_LIST);
  }

  reviewAssignment(call: AuthedCall, id: string, status: 'ACCEPTED' | 'REJECTED', comment: string | undefined): Assignment {
    return this.#assignments.review(this.#account(call), id, status, comment);
  }

  /** The pool's results file; `excludeBanned` leaves out Tolokers banned from the pool now. */
  resultsTable(call: AuthedCall, poolId: string, query: ResultsQuery): ResultsTable {
    return resultsTable(this.#account(call), poolId, query, (pool, userId) => this.#tolokers.restrictions.blocks(this.#account(call), pool, userId, this.#now()));
  }

  aggregateByPool(call: AuthedCall, form: AggregateForm): Operation {
    const plan = this.#ctx.scenarios.scenarioOf(call).toloka;
    return this.#aggregation.byPool(this.#account(call), form, plan, this.#failure(call)(), this.#now());
  }

  aggregateByTask(call: AuthedCall, form: AggregateForm & { task_id: string }): AggregatedSolution {
    return this.#aggregation.byTask(this.#account(call), form);
  }

  aggregatedSolutions(call: AuthedCall, operationId: string, query: RawQuery): ListPage<AggregatedSolution> {
    const results = this.#aggregation.results(this.#account(call), operationId);
    return runList(results, parseListQuery(query, SOLUTION_LIST), SOLUTION_LIST);
  }

  upsertWebhooks(call: AuthedCall, items: readonly unknown[], parse: (item: unknown) => WebhookForm | FieldErrors) {
    return this.#webhooks.upsert(this.#account(call), items, parse);
  }

  upsertWebhook(call: AuthedCall, form: WebhookForm): { sub: Subscription; created: boolean } {
    return this.#webhooks.upsertOne(this.#account(call), form);
  }

  getWebhook(call: AuthedCall, id: string): Subscription {
    return this.#webhooks.get(this.#account(call), id);
  }

  deleteWebhook(call: AuthedCall, id: string): void {
    this.#webhooks.remove(this.#account(call), id);
  }

  testWebhook(call: AuthedCall, id: string) {
    return this.#webhooks.test(this.#account(call), id);
  }

  // --- skills, Tolokers' skills, bans (domain/skills.ts, restrictions.ts, tolokers.ts) ----

  createSkill(call: AuthedCall, form: SkillForm): Skill {
    return this.#tolokers.skills.create(this.#account(call), form, this.#now());
  }

  getSkill(call: AuthedCall, id: string): Skill {
    return this.#tolokers.skills.get(this.#account(call), id);
  }

  updateSkill(call: AuthedCall, id: string, form: SkillForm): Skill {
    return this.#tolokers.skills.update(this.#account(call), id, form, this.#now());
  }

  setUserSkill(call: AuthedCall, form: UserSkillForm): { userSkill: UserSkill; created: boolean } {
    return this.#tolokers.setUserSkill(this.#account(call), form, this.#now());
  }

  getUserSkill(call: AuthedCall, id: string): UserSkill {
    return this.#tolokers.skills.getUserSkill(this.#account(call), id, this.#now());
  }

  deleteUserSkill(call: AuthedCall, id: string): void {
    this.#tolokers.deleteUserSkill(this.#account(call), id, this.#now());
  }

  setRestriction(call: AuthedCall, form: UserRestrictionForm): { restriction: Restriction; created: boolean } {
    return this.#tolokers.setRestriction(this.#account(call), form, this.#now());
  }

  getRestriction(call: AuthedCall, id: string): Restriction {
    return this.#tolokers.restrictions.get(this.#account(call), id);
  }

  /** GET /user-metadata/{user_id}: a Toloker of the account (the crowd's are known from the start). */
  userMetadata(call: AuthedCall, userId: string): Profile {
    return this.#tolokers.metadata(this.#account(call), userId);
  }

  deleteRestriction(call: AuthedCall, id: string): void {
    this.#tolokers.deleteRestriction(this.#account(call), id, this.#now());
  }

  // --- projects ----------------------------------------------------------------------------

  createProject(call: AuthedCall, form: ProjectForm): Project {
    return this.#projects.create(this.#account(call), form, this.#now());
  }

  getProject(call: AuthedCall, id: string): Project {
    return this.#projects.get(this.#account(call), id);
  }

  listProjects(call: AuthedCall, query: RawQuery): ListPage<Project> {
    return runList(this.#account(call).projects.values(), parseListQuery(query, PROJECT_LIST), PROJECT_LIST);
  }

  updateProject(call: AuthedCall, id: string, form: ProjectForm): Project {
    return this.#projects.update(this.#account(call), id, form, this.#now());
  }

  checkProject(call: AuthedCall, id: string, form: ProjectForm): DifferenceLevel {
    return this.#projects.check(this.#account(call), id, form);
  }

  archiveProject(call: AuthedCall, id: string): ArchiveResult {
    const plan = this.#ctx.scenarios.scenarioOf(call).toloka;
    return this.#projects.archive(this.#account(call), id, plan, this.#failure(call), this.#now());
  }

  // --- pools, and training pools (`training`: /trainings) ---------------------------------

  createPool(call: AuthedCall, form: PoolForm | TrainingForm, training = false): Pool {
    return this.#pools.create(this.#account(call), form, this.#now(), training);
  }

  getPool(call: AuthedCall, id: string, training = false): Pool {
    return this.#pools.get(this.#account(call), id, training);
  }

  listPools(call: AuthedCall, query: RawQuery, training = false): ListPage<Pool> {
    return runList([...this.#account(call).pools.values()].filter((p) => (p.training === true) === training), parseListQuery(query, POOL_LIST), POOL_LIST);
  }

  updatePool(call: AuthedCall, id: string, form: PoolForm | TrainingForm, training = false): Pool {
    return this.#pools.update(this.#account(call), id, form, this.#now(), training);
  }

  patchPool(call: AuthedCall, id: string, priority: number): Pool {
    return this.#pools.patch(this.#account(call), id, priority, this.#now());
  }

  /** POST /pools/{id}/open|close|close-for-update|archive|clone (and /trainings/{id}/...). */
  poolAction(call: AuthedCall, poolId: string, action: PoolAction, training = false): PoolActionResult {
    const plan = this.#ctx.scenarios.scenarioOf(call).toloka;
    return this.#pools.action(this.#account(call), { poolId, action, training, plan, failure: this.#failure(call) }, this.#now());
  }

  // --- operations, analytics ----------------------------------------------------------------

  analytics(call: AuthedCall, requests: AnalyticsRequest[]): Operation {
    const plan = this.#ctx.scenarios.scenarioOf(call).toloka;
    return this.#analytics.submit(this.#account(call), requests, plan, this.#failure(call)(), this.#now());
  }

  /** GET /operations/{id}: the operation (a poll also counts for `{polls: N}` durations). */
  getOperation(call: AuthedCall, id: string): Operation {
    const op = this.#operations.get(this.#account(call), id);
    op.step?.poll();
    return op;
  }

  listOperations(call: AuthedCall, query: RawQuery): ListPage<Operation> {
    return runList(this.#account(call).operations.values(), parseListQuery(query, OPERATION_LIST), OPERATION_LIST);
  }

  operationLog(call: AuthedCall, id: string): LogEntry[] {
    return this.#operations.log(this.#operations.get(this.#account(call), id));
  }

  // --- control plane -----------------------------------------------------------------------

  /** Another scenario (same fixtures): its Tolokers come for the work of open pools. */
  scenarioChanged(): void {
    for (const account of this.#accounts.all()) this.#crowd.scenarioChanged(account);
  }

  /** Each pool the crowd works on, of every account (the dashboard). */
  progress(): ProgressRow[] {
    return [...this.#accounts.all()].flatMap((account) => [...this.#crowd.progress(account), ...this.apps.progress(account)]);
  }

  jobs(filter: JobFilter = {}): JobView[] {
    return [...this.#operations.all()].map((o) => this.#jobView(o)).filter((v) => matchesJobFilter(v, filter));
  }

  job(id: string): JobView | undefined {
    const op = this.#operations.find(id);
    return op && this.#jobView(op);
  }

  advance(id: string): JobView {
    return this.#jobView(this.#operations.advance(id));
  }

  complete(id: string): JobView {
    return this.#jobView(this.#operations.complete(id));
  }

  #jobView(op: Operation): JobView {
    return operationJobView(op, this.#now());
  }

  reset(): void {
    this.#operations.reset();
    this.#accounts.reset();
    this.#creates.reset();
    this.#limits.reset();
    this.#crowd.reset();
    this.#webhooks.reset();
    this.#tolokers.reset();
    this.#qc.reset();
    this.#attachments.reset();
    this.#messages.reset();
    this.apps.reset();
  }
}
