/**
 * The Apps API's request bodies (OAS AppProjectCreateForm, ItemCreateForm, ItemsBulkCreateForm,
 * BatchCreateForm, BatchCreateSyncForm, BatchPatchForm). Keys the forms do not name are dropped:
 * toloka-kit sends back the read-only fields of an object it read (`id`, `status`, `created`...).
 */
import * as z from 'zod';
import { errors } from '../errors.js';
import { PRIORITIES } from './model.js';

const record = z.record(z.string(), z.unknown());
const items = z.array(record);

export const AppProjectForm = z.object({
  app_id: z.string().min(1),
  name: z.string().min(1),
  parameters: record,
  parent_app_project_id: z.string().optional(),
});
export type AppProjectForm = z.infer<typeof AppProjectForm>;

export const ItemForm = z.object({
  batch_id: z.string().min(1).optional(),
  input_data: record,
  force_new_original: z.boolean().optional(),
});
export type ItemForm = z.infer<typeof ItemForm>;

export const ItemsBulkForm = z.object({
  batch_id: z.string().min(1).optional(),
  items,
  force_new_original: z.boolean().optional(),
  ignore_errors: z.boolean().optional(),
});
export type ItemsBulkForm = z.infer<typeof ItemsBulkForm>;

export const BatchForm = z.object({
  name: z.string().optional(),
  items,
  priority_order: z.enum(PRIORITIES).optional(),
  force_new_original: z.boolean().optional(),
  ignore_errors: z.boolean().optional(),
});
export type BatchForm = z.infer<typeof BatchForm>;

export const BatchSyncForm = z.object({ name: z.string().optional(), items });
export type BatchSyncForm = z.infer<typeof BatchSyncForm>;

export const BatchPatch = z.object({ name: z.string().optional(), priority_order: z.enum(PRIORITIES).optional() });
export type BatchPatch = z.infer<typeof BatchPatch>;

/** OAS: "The maximum number of items per request is 10,000" (batches and items/bulk); more is 413. */
export const MAX_ITEMS = 10_000;

/** A body's `items` over MAX_ITEMS: 413 before the items are read. */
export function checkItemCount(body: unknown): void {
  const list = body !== null && typeof body === 'object' ? (body as Record<string, unknown>).items : undefined;
  if (Array.isArray(list) && list.length > MAX_ITEMS) {
    throw errors.forStatus(413, `The number of items in the request (${list.length}) exceeds the allowed value (${MAX_ITEMS})`);
  }
}
