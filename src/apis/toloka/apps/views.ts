/**
 * The Apps API's JSON (OAS AppListItem, AppResult, AppProject, Item, Batch; keys in the order of
 * the OAS examples). Times are UTC `YYYY-MM-DDThh:mm:ss.sss` without a zone, as most OAS examples
 * (toloka-kit's parser refuses a `Z` on Python before 3.11); money is a JSON number.
 */
import { money } from '../domain/balance.js';
import { tolokaTime } from '../schemas.js';
import type { BatchEtas } from './backend.js';
import type { AppDefinition } from './catalogue.js';
import { appById } from './catalogue.js';
import { ITEM_STATES, type AppBatch, type AppItem, type AppProject } from './model.js';

const time = (ms: number | undefined) => (ms === undefined ? undefined : tolokaTime(ms));

/** GET /apps: a solution as the list shows it. */
export function appListItem(app: AppDefinition): Record<string, unknown> {
  return { id: app.id, name: app.name, image: app.image, description: app.description, examples: app.examples, default_item_price: app.default_item_price };
}

/** GET /apps/{id}: everything about a solution (the quickstart's answer). */
export function appView(app: AppDefinition): Record<string, unknown> {
  return {
    id: app.id,
    name: app.name,
    image: app.image,
    description: app.description,
    param_spec: app.param_spec,
    input_spec: app.input_spec,
    output_spec: app.output_spec,
    examples: app.examples,
    constraints_description: app.constraints_description,
    input_format_info: app.input_format_info,
    default_item_price: app.default_item_price,
  };
}

export function projectView(p: AppProject): Record<string, unknown> {
  return {
    id: p.id,
    app_id: p.appId,
    parent_app_project_id: p.parentId,
    status: p.status,
    created: tolokaTime(p.created),
    name: p.name,
    parameters: p.parameters,
    errors: p.errors,
    item_price: p.itemPrice,
    read_only: p.status === 'ARCHIVED',
    app: { id: p.appId, name: appById(p.appId)?.name ?? '' },
  };
}

/** An item; `batch_id` only when it is in a batch, `started_at` and `finished_at` once they happened. */
export function itemView(i: AppItem): Record<string, unknown> {
  return {
    id: i.id,
    app_project_id: i.projectId,
    ...(i.batchId === undefined ? {} : { batch_id: i.batchId }),
    status: i.status,
    input_data: i.input,
    output_data: i.output,
    errors: [],
    created_at: tolokaTime(i.created),
    ...(i.started === undefined ? {} : { started_at: time(i.started) }),
    ...(i.finished === undefined ? {} : { finished_at: time(i.finished) }),
  };
}

/** A batch as the OAS examples show it: counts by item state, costs, the last upload; `etd`/`eta` while it waits or is labeled. */
export function batchView(b: AppBatch, now: number, etas: BatchEtas): Record<string, unknown> {
  const perState: Record<string, number> = {};
  for (const s of ITEM_STATES) perState[s] = 0;
  let processed = 0;
  let confidence = 0;
  for (const item of b.items) {
    perState[item.status] = (perState[item.status] ?? 0) + 1;
    if (item.status !== 'COMPLETED') continue;
    processed++;
    confidence += typeof item.output.confidence === 'number' ? item.output.confidence : 0;
  }
  return {
    id: b.id,
    app_project_id: b.projectId,
    status: b.status,
    name: b.name,
    items_count: b.items.length,
    item_price: b.itemPrice,
    cost: money(b.items.length * b.itemPrice),
    cost_of_processed: money(processed * b.itemPrice),
    created_at: tolokaTime(b.created),
    ...(b.started === undefined ? {} : { started_at: time(b.started) }),
    ...(b.finished === undefined ? {} : { finished_at: time(b.finished) }),
    read_only: b.status !== 'NEW',
    validation_errors: b.validationErrors,
    last_items_import: b.lastImport,
    // OAS Batch.confidence_avg, "average labeling quality": of the labeled items (0 before any, as the sync example).
    confidence_avg: processed === 0 ? 0 : Math.round((confidence / processed) * 1e10) / 1e10,
    items_processed_count: processed,
    items_per_state: perState,
    current_time: tolokaTime(now),
    ...(b.status === 'QUEUED' ? { etd: tolokaTime(now) } : {}),
    ...(etas.eta === undefined ? {} : { eta: tolokaTime(etas.eta) }),
    ...(etas.project === undefined ? {} : { app_project_eta: tolokaTime(etas.project) }),
    priority_order: b.priority,
  };
}
