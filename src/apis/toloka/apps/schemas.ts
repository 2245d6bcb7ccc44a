/**
 * The Apps API's request bodies (OAS AppProjectCreateForm, ItemCreateForm, ItemsBulkCreateForm,
 * BatchCreateForm, BatchCreateSyncForm, BatchPatchForm). Keys the forms do not name are dropped:
 * toloka-kit sends back the read-only fields of an object it read (`id`, `status`, `created`...).
 * An optional field sent as null is taken as not sent (`"batch_id": null` for an item streamed).
 */
import * as z from 'zod';
import { errors, fieldError, type FieldErrors } from '../errors.js';
import { PRIORITIES } from './model.js';

const record = z.record(z.string(), z.unknown());
/** Optional, null as absent. */
const optional = <T extends z.ZodType>(t: T) => t.nullish().transform((v) => v ?? undefined);
const items = z.array(record);

export const AppProjectForm = z.object({
  app_id: z.string().min(1),
  name: z.string().min(1),
  parameters: record,
  parent_app_project_id: optional(z.string()),
});
export type AppProjectForm = z.infer<typeof AppProjectForm>;

export const ItemForm = z.object({
  batch_id: optional(z.string().min(1)),
  input_data: record,
  force_new_original: optional(z.boolean()),
});
export type ItemForm = z.infer<typeof ItemForm>;

export const ItemsBulkForm = z.object({
  batch_id: optional(z.string().min(1)),
  items,
  force_new_original: optional(z.boolean()),
  ignore_errors: optional(z.boolean()),
});
export type ItemsBulkForm = z.infer<typeof ItemsBulkForm>;

export const BatchForm = z.object({
  name: optional(z.string()),
  items,
  priority_order: optional(z.enum(PRIORITIES)),
  force_new_original: optional(z.boolean()),
  ignore_errors: optional(z.boolean()),
});
export type BatchForm = z.infer<typeof BatchForm>;

export const BatchSyncForm = z.object({ name: optional(z.string()), items });
export type BatchSyncForm = z.infer<typeof BatchSyncForm>;

export const BatchPatch = z.object({ name: optional(z.string()), priority_order: optional(z.enum(PRIORITIES)) });
export type BatchPatch = z.infer<typeof BatchPatch>;

/** OAS: "The maximum number of items per request is 10,000" (batches and items/bulk); more is 413. */
export const MAX_ITEMS = 10_000;

/**
 * A body's `items` before the form reads them: over MAX_ITEMS is 413; one that is no object is
 * `input_data.<i>: OBJECT_EXPECTED`, the path its fields' errors have (OAS error-batch.yaml).
 */
export function checkItems(body: unknown): void {
  const list = body !== null && typeof body === 'object' ? (body as Record<string, unknown>).items : undefined;
  if (!Array.isArray(list)) return;
  if (list.length > MAX_ITEMS) throw errors.forStatus(413, `The number of items in the request (${list.length}) exceeds the allowed value (${MAX_ITEMS})`);
  const out: FieldErrors = {};
  list.forEach((item, i) => {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) out[`input_data.${i}`] = fieldError('OBJECT_EXPECTED');
  });
  if (Object.keys(out).length > 0) throw errors.validation(out);
}
