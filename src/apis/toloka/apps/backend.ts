/**
 * Toloka Apps' rules, without HTTP (docs: `en/toloka-apps/api/reference/openapi.yaml`, the
 * concept pages beside it; toloka-kit `src/client/app/__init__.py`): solutions from the catalogue,
 * the account's projects of them (CREATING, checked, then READY or ERROR), batches of items and
 * items sent alone, labeled by apps/labeling.ts. One call per request, as the API's backend.
 */
import type { ProgressRow } from '../../../admin/wire.js';
import type { ApiContext } from '../../api.js';
import type { AuthedCall } from '../../call-context.js';
import { checkInputValues } from '../domain/validation.js';
import { errors, fieldError, type FieldErrors } from '../errors.js';
import type { Account } from '../model.js';
import { one, type RawQuery } from '../schemas.js';
import { APPS, appById, type AppDefinition } from './catalogue.js';
import { Labeling } from './labeling.js';
import { APP_LIST, BATCH_LIST, ITEM_LIST, page, PROJECT_LIST, type AppsPage } from './lists.js';
import type { AppBatch, AppItem, AppProject, AppsOfAccount, BatchStatus, ItemStatus } from './model.js';
import type { AppProjectForm, BatchForm, BatchPatch, BatchSyncForm, ItemForm, ItemsBulkForm } from './schemas.js';

export type BatchAction = 'start' | 'stop' | 'resume' | 'archive' | 'unarchive';
export interface BatchEtas { eta: number | undefined; project: number | undefined }

const ID_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** Statuses of a project that takes new batches and items. */
const WRITABLE: readonly string[] = ['CREATING', 'READY'];

export class TolokaApps {
  readonly #ctx: ApiContext;
  readonly #accountOf: (call: AuthedCall) => Account;
  readonly #labeling: Labeling;
  #states = new WeakMap<Account, AppsOfAccount>();

  constructor(ctx: ApiContext, accountOf: (call: AuthedCall) => Account) {
    this.#ctx = ctx;
    this.#accountOf = accountOf;
    this.#labeling = new Labeling(ctx);
  }

  #of(call: AuthedCall): [Account, AppsOfAccount] {
    const account = this.#accountOf(call);
    let apps = this.#states.get(account);
    if (!apps) this.#states.set(account, (apps = { projects: new Map(), batches: new Map(), items: new Map(), line: [], labeling: 0 }));
    return [account, apps];
  }

  /** Ids of 20 letters and digits, as the docs' (`2eN4l59qL2xHB5b8Jqp6`), drawn from the seed. */
  #id(): string {
    const r = this.#ctx.ids.random('toloka-app-ids');
    let s = '';
    for (let i = 0; i < 20; i++) s += ID_CHARS[r.int(0, ID_CHARS.length - 1)];
    return s;
  }

  /** The stand's time (a batch's `current_time`). */
  now(): number {
    return this.#ctx.clock.now();
  }

  // --- solutions and projects ----------------------------------------------------------------

  listApps(query: RawQuery): AppsPage<AppDefinition> {
    return page(APPS, query, APP_LIST);
  }

  getApp(id: string): AppDefinition {
    const app = appById(id);
    if (!app) throw errors.notFound('app', id);
    return app;
  }

  listProjects(call: AuthedCall, query: RawQuery): AppsPage<AppProject> {
    return page(this.#of(call)[1].projects.values(), query, PROJECT_LIST);
  }

  getProject(call: AuthedCall, id: string): AppProject {
    return this.#project(this.#of(call)[1], id);
  }

  /** POST /app-projects: CREATING; checked `apps.checkMs` later, READY, or ERROR when its parameters miss a required one. */
  createProject(call: AuthedCall, form: AppProjectForm): AppProject {
    const [account, apps] = this.#of(call);
    const app = appById(form.app_id);
    if (!app) throw errors.validation({ app_id: fieldError('DOES_NOT_EXIST', `There is no app with id ${form.app_id}`) });
    if (form.parent_app_project_id && !apps.projects.has(form.parent_app_project_id)) {
      throw errors.validation({ parent_app_project_id: fieldError('DOES_NOT_EXIST', `There is no app project with id ${form.parent_app_project_id}`) });
    }
    const now = this.now();
    const project: AppProject = {
      id: this.#id(),
      appId: app.id,
      parentId: form.parent_app_project_id ?? '',
      status: 'CREATING',
      before: undefined,
      created: now,
      name: form.name,
      parameters: form.parameters,
      errors: [],
      itemPrice: app.default_item_price,
    };
    apps.projects.set(project.id, project);
    const checkMs = this.#ctx.scenarios.scenarioOf(call).toloka.apps.checkMs;
    this.#ctx.scheduler.at(now + checkMs, () => this.#check(account, apps, project, app), `toloka app project ${project.id} checked`);
    return project;
  }

  /** The end of a project's check: ERROR with the parameters its app requires and it lacks, else READY (its waiting items start). */
  #check(account: Account, apps: AppsOfAccount, project: AppProject, app: AppDefinition): void {
    if (project.status !== 'CREATING') return;
    const missing = app.param_spec.fields.required.filter((name) => project.parameters[name] === undefined || project.parameters[name] === null);
    project.errors = missing.map((name) => ({ code: 'VALUE_REQUIRED', message: `Parameter ${name} is required by the app ${app.name}`, payload: { parameter: name } }));
    project.status = missing.length > 0 ? 'ERROR' : 'READY';
    this.#labeling.pump(account, apps);
  }

  /** POST /app-projects/{id}/archive (ARCHIVED) and /unarchive (the status it had). */
  projectAction(call: AuthedCall, id: string, action: 'archive' | 'unarchive'): void {
    const [account, apps] = this.#of(call);
    const project = this.#project(apps, id);
    if (action === 'archive') {
      if (project.status === 'ARCHIVED') throw errors.inappropriateStatus(project.status, ['CREATING', 'READY', 'ERROR']);
      project.before = project.status;
      project.status = 'ARCHIVED';
      return;
    }
    if (project.status !== 'ARCHIVED') throw errors.inappropriateStatus(project.status, ['ARCHIVED']);
    project.status = project.before ?? 'READY';
    project.before = undefined;
    if (project.status === 'CREATING') this.#check(account, apps, project, appById(project.appId)!);
    this.#labeling.pump(account, apps);
  }

  #project(apps: AppsOfAccount, id: string): AppProject {
    const project = apps.projects.get(id);
    if (!project) throw errors.notFound('app project', id);
    return project;
  }

  #writable(project: AppProject): AppDefinition {
    if (!WRITABLE.includes(project.status)) throw errors.inappropriateStatus(project.status, WRITABLE);
    return appById(project.appId)!;
  }

  // --- items -------------------------------------------------------------------------------

  /**
   * GET .../items. Sorted by `finished` first, only labeled items are listed: the docs' way to
   * read results as they come (streaming-items.md: `sort=finished&after_id=<the last saved>`,
   * "already processed task items"), which an unfinished item would cut short.
   */
  listItems(call: AuthedCall, projectId: string, query: RawQuery): AppsPage<AppItem> {
    const apps = this.#of(call)[1];
    this.#project(apps, projectId);
    const byFinished = /^-?finished\b/.test(one(query, 'sort') ?? '');
    return page([...apps.items.values()].filter((i) => i.projectId === projectId && (!byFinished || i.finished !== undefined)), query, ITEM_LIST);
  }

  getItem(call: AuthedCall, projectId: string, itemId: string): AppItem {
    const item = this.#of(call)[1].items.get(itemId);
    if (!item || item.projectId !== projectId) throw errors.notFound('item', itemId);
    return item;
  }

  /** POST .../items: one item, into a NEW batch, or (no batch_id) labeled as soon as a slot is free. */
  createItem(call: AuthedCall, projectId: string, form: ItemForm): AppItem {
    const out: FieldErrors = {};
    const project = this.#project(this.#of(call)[1], projectId);
    checkInputValues(form.input_data, this.#writable(project).input_spec, 'input_data', out);
    if (Object.keys(out).length > 0) throw errors.validation(out);
    return this.#add(call, project, form.batch_id, [form.input_data], {})[0]!;
  }

  /** POST .../items/bulk: the new items' ids; with ignore_errors (a batch's only) the invalid ones are skipped. */
  createItems(call: AuthedCall, projectId: string, form: ItemsBulkForm): string[] {
    const project = this.#project(this.#of(call)[1], projectId);
    const app = this.#writable(project);
    // OAS ItemsBulkCreateForm.ignore_errors: "can be used only with batch_id".
    if (form.ignore_errors && form.batch_id === undefined) throw errors.validation({ ignore_errors: fieldError('VALUE_NOT_ALLOWED', 'ignore_errors can be used only with batch_id') });
    const { valid, invalid } = this.#validate(app, form.items, form.ignore_errors === true);
    return this.#add(call, project, form.batch_id, valid, invalid).map((i) => i.id);
  }

  /** Items checked against the app's input spec (`input_data.<i>.<field>`): all valid, or a 400, or the valid ones when errors are ignored. */
  #validate(app: AppDefinition, inputs: Record<string, unknown>[], ignore: boolean): { valid: Record<string, unknown>[]; invalid: FieldErrors } {
    const invalid: FieldErrors = {};
    const valid = inputs.filter((input, i) => {
      const out: FieldErrors = {};
      checkInputValues(input, app.input_spec, `input_data.${i}`, out);
      Object.assign(invalid, out);
      return Object.keys(out).length === 0;
    });
    if (Object.keys(invalid).length > 0 && !ignore) throw errors.validation(invalid);
    return { valid, invalid };
  }

  #add(call: AuthedCall, project: AppProject, batchId: string | undefined, inputs: Record<string, unknown>[], invalid: FieldErrors): AppItem[] {
    const [account, apps] = this.#of(call);
    const batch = batchId === undefined ? undefined : this.#batch(apps, project.id, batchId);
    if (batch && batch.status !== 'NEW') throw errors.inappropriateStatus(batch.status, ['NEW']);
    const now = this.now();
    const items = inputs.map((input): AppItem => {
      const item: AppItem = { id: this.#id(), projectId: project.id, batchId, status: 'NEW', before: undefined, input, output: {}, created: now, started: undefined, finished: undefined };
      apps.items.set(item.id, item);
      return item;
    });
    if (batch) {
      batch.items.push(...items);
      batch.lastImport = this.#import(inputs.length + count(invalid), invalid);
    } else {
      // The docs' streaming mode: an item without a batch is labeled as soon as it can be.
      for (const item of items) this.#labeling.queue(account, apps, undefined, [item]);
    }
    return items;
  }

  #import(records: number, invalid: FieldErrors): AppBatch['lastImport'] {
    return { id: this.#id(), records_count: records, records_processed: records, records_skipped: count(invalid), errors: invalid };
  }

  // --- batches -----------------------------------------------------------------------------

  listBatches(call: AuthedCall, projectId: string, query: RawQuery): AppsPage<AppBatch> {
    const apps = this.#of(call)[1];
    this.#project(apps, projectId);
    return page([...apps.batches.values()].filter((b) => b.projectId === projectId), query, BATCH_LIST);
  }

  getBatch(call: AuthedCall, projectId: string, batchId: string): AppBatch {
    return this.#batch(this.#of(call)[1], projectId, batchId);
  }

  #batch(apps: AppsOfAccount, projectId: string, batchId: string): AppBatch {
    const batch = apps.batches.get(batchId);
    if (!batch || batch.projectId !== projectId) throw errors.notFound('batch', batchId);
    return batch;
  }

  /** POST .../batches: a NEW batch of the valid items (OAS BatchCreateForm; priority FIVE by default). */
  createBatch(call: AuthedCall, projectId: string, form: BatchForm): AppBatch {
    const apps = this.#of(call)[1];
    const project = this.#project(apps, projectId);
    const { valid, invalid } = this.#validate(this.#writable(project), form.items, form.ignore_errors === true);
    const batch = this.#newBatch(apps, project, form.name ?? '', form.priority_order ?? 'FIVE', invalid);
    this.#add(call, project, batch.id, valid, invalid);
    return batch;
  }

  #newBatch(apps: AppsOfAccount, project: AppProject, name: string, priority: AppBatch['priority'], invalid: FieldErrors): AppBatch {
    const batch: AppBatch = {
      id: this.#id(),
      projectId: project.id,
      name,
      status: 'NEW',
      before: undefined,
      priority,
      items: [],
      itemPrice: project.itemPrice,
      created: this.now(),
      started: undefined,
      finished: undefined,
      stopping: false,
      lastImport: this.#import(0, {}),
      validationErrors: invalid,
    };
    apps.batches.set(batch.id, batch);
    return batch;
  }

  /** POST .../batches/sync: a batch labeled at once (a READY project's), with its items. */
  syncBatch(call: AuthedCall, projectId: string, form: BatchSyncForm): { batch: AppBatch; items: AppItem[] } {
    const [account, apps] = this.#of(call);
    const project = this.#project(apps, projectId);
    if (project.status !== 'READY') throw errors.inappropriateStatus(project.status, ['READY']);
    const { valid } = this.#validate(appById(project.appId)!, form.items, false);
    const batch = this.#newBatch(apps, project, form.name ?? '', 'FIVE', {});
    const items = this.#add(call, project, batch.id, valid, {});
    batch.status = 'PROCESSING';
    batch.started = this.now();
    for (const item of items) this.#labeling.labelNow(account, apps, item, batch.itemPrice);
    this.#labeling.settle(apps, batch);
    return { batch, items };
  }

  /** PATCH .../batches/{id}: its name and priority (OAS BatchPatchForm). */
  patchBatch(call: AuthedCall, projectId: string, batchId: string, patch: BatchPatch): AppBatch {
    const apps = this.#of(call)[1];
    this.#writable(this.#project(apps, projectId));
    const batch = this.#batch(apps, projectId, batchId);
    if (batch.status === 'ARCHIVE') throw errors.inappropriateStatus(batch.status, ['NEW', 'QUEUED', 'PROCESSING', 'COMPLETED', 'STOPPED', 'NO_MONEY']);
    if (patch.name !== undefined) batch.name = patch.name;
    if (patch.priority_order !== undefined) batch.priority = patch.priority_order;
    return batch;
  }

  /** POST .../batches/{id}/start|stop|resume|archive|unarchive (OAS: each one's allowed statuses; 409 otherwise). */
  batchAction(call: AuthedCall, projectId: string, batchId: string, action: BatchAction): void {
    const [account, apps] = this.#of(call);
    const batch = this.#batch(apps, projectId, batchId);
    const need = (allowed: readonly BatchStatus[]) => {
      if (!allowed.includes(batch.status)) throw errors.inappropriateStatus(batch.status, allowed);
    };
    const set = (from: ItemStatus, to: ItemStatus) => batch.items.filter((i) => i.status === from).map((i) => ((i.status = to), i));
    switch (action) {
      case 'start': {
        this.#writable(this.#project(apps, projectId));
        // A batch out of money starts again with the items that could not be paid.
        need(['NEW', 'NO_MONEY']);
        set('NO_MONEY', 'NEW');
        batch.status = 'QUEUED';
        this.#labeling.queue(account, apps, batch, batch.items.filter((i) => i.status === 'NEW'));
        return;
      }
      case 'stop':
        // OAS: "You can stop only batches in the PROCESSING status".
        need(['PROCESSING']);
        batch.stopping = true;
        for (const item of this.#labeling.unqueue(apps, batch)) item.status = 'STOPPED';
        this.#labeling.settle(apps, batch);
        return;
      case 'resume':
        need(['STOPPING', 'STOPPED']);
        batch.stopping = false;
        this.#labeling.queue(account, apps, batch, set('STOPPED', 'NEW'));
        return;
      case 'archive': {
        // OAS: "You can archive batches in any status except PROCESSING" (nor one still labeling after a stop).
        need(['NEW', 'QUEUED', 'COMPLETED', 'ERROR', 'CANCELLED', 'NO_MONEY', 'STOPPED']);
        this.#labeling.unqueue(apps, batch);
        batch.before = batch.status;
        batch.status = 'ARCHIVE';
        for (const item of batch.items) [item.before, item.status] = [item.status, 'ARCHIVE'];
        return;
      }
      case 'unarchive':
        need(['ARCHIVE']);
        for (const item of batch.items) [item.status, item.before] = [item.before ?? 'NEW', undefined];
        batch.status = batch.before ?? 'NEW';
        batch.before = undefined;
        if (batch.status === 'QUEUED') this.#labeling.queue(account, apps, batch, batch.items.filter((i) => i.status === 'NEW'));
        return;
    }
  }

  /**
   * OAS Batch.eta, the batch's expected end while it waits or is labeled, and
   * `app_project_eta`, the latest of its project's batches that wait or are labeled.
   */
  etas(call: AuthedCall, batch: AppBatch): BatchEtas {
    const apps = this.#of(call)[1];
    const now = this.now();
    const of = (b: AppBatch) => (b.status === 'QUEUED' || b.status === 'PROCESSING' ? this.#labeling.eta(apps, b, now) : undefined);
    let project: number | undefined;
    for (const b of apps.batches.values()) {
      const e = b.projectId === batch.projectId ? of(b) : undefined;
      if (e !== undefined) project = Math.max(project ?? e, e);
    }
    return { eta: of(batch), project };
  }

  /** The dashboard's rows: each batch of the account that was started, its items labeled of all. */
  progress(account: Account): ProgressRow[] {
    const apps = this.#states.get(account);
    if (!apps) return [];
    return [...apps.batches.values()]
      .filter((b) => b.started !== undefined)
      .map((b) => {
        const counts: Record<string, number> = {};
        for (const item of b.items) counts[item.status] = (counts[item.status] ?? 0) + 1;
        return { key: `${account.token} app ${b.id}`, label: `app batch ${b.id} (${account.token})${b.name ? `: ${b.name}` : ''}`, status: b.status, done: counts.COMPLETED ?? 0, total: b.items.length, counts, history: [] };
      });
  }

  /** A new generation (reset, another fixture set): no account's apps state is kept. */
  reset(): void {
    this.#states = new WeakMap();
    this.#labeling.reset();
  }
}

function count(errors: FieldErrors): number {
  return new Set(Object.keys(errors).map((k) => k.split('.')[1])).size;
}
