/**
 * Toloka Apps (docs: Toloka/docs `en/toloka-apps/api/reference/openapi.yaml`, "Apps API" 0.13;
 * toloka-kit `src/client/app/__init__.py`): ready-made solutions (apps), the requester's projects
 * of them, batches of items, and the items Toloka labels. What the stand keeps of each.
 */
import type { FieldErrors } from '../errors.js';

/** OAS AppProject.status (the list filter's and kit's `ARCHIVED`; the schema's `ARCHIVE` is the batch's word). */
export type AppProjectStatus = 'CREATING' | 'READY' | 'ARCHIVED' | 'ERROR';
export type BatchStatus = 'NEW' | 'QUEUED' | 'PROCESSING' | 'COMPLETED' | 'ERROR' | 'CANCELLED' | 'NO_MONEY' | 'ARCHIVE' | 'LOADING' | 'STOPPING' | 'STOPPED';
export type ItemStatus = 'NEW' | 'PROCESSING' | 'COMPLETED' | 'ERROR' | 'CANCELLED' | 'ARCHIVE' | 'NO_MONEY' | 'STOPPED';
/** OAS BatchCreateForm.priority_order: ONE is labeled first; FIVE is the default. */
export type Priority = 'ONE' | 'TWO' | 'THREE' | 'FOUR' | 'FIVE';
export const PRIORITIES: readonly Priority[] = ['ONE', 'TWO', 'THREE', 'FOUR', 'FIVE'];

/** The keys of a batch's `items_per_state`, in the order of the OAS example (post-batch.yaml). */
export const ITEM_STATES: readonly ItemStatus[] = ['NEW', 'PROCESSING', 'COMPLETED', 'ERROR', 'CANCELLED', 'NO_MONEY', 'ARCHIVE', 'STOPPED'];

/** OAS ItemError: an app project's or an item's error. */
export interface AppError {
  readonly code: string;
  readonly message: string;
  readonly payload: Record<string, unknown> | null;
}

export interface AppProject {
  readonly id: string;
  readonly appId: string;
  readonly parentId: string;
  status: AppProjectStatus;
  /** The status before it was archived (unarchive restores it). */
  before: AppProjectStatus | undefined;
  readonly created: number;
  readonly name: string;
  readonly parameters: Record<string, unknown>;
  errors: AppError[];
  readonly itemPrice: number;
}

export interface AppItem {
  readonly id: string;
  readonly projectId: string;
  /** Undefined for an item sent without a batch: labeled at once (the docs' streaming mode). */
  readonly batchId: string | undefined;
  status: ItemStatus;
  before: ItemStatus | undefined;
  readonly input: Record<string, unknown>;
  output: Record<string, unknown>;
  readonly created: number;
  started: number | undefined;
  finished: number | undefined;
}

/** OAS ItemImport: what the last upload into a batch brought. */
export interface ItemImport {
  readonly id: string;
  readonly records_count: number;
  readonly records_processed: number;
  readonly records_skipped: number;
  readonly errors: FieldErrors;
}

export interface AppBatch {
  readonly id: string;
  readonly projectId: string;
  name: string;
  status: BatchStatus;
  before: BatchStatus | undefined;
  priority: Priority;
  readonly items: AppItem[];
  readonly itemPrice: number;
  readonly created: number;
  started: number | undefined;
  finished: number | undefined;
  /** Stopped by the client: what is labeling finishes, nothing else starts. */
  stopping: boolean;
  lastImport: ItemImport;
  validationErrors: FieldErrors;
}

/** One account's apps state: its projects, batches and items by id, and the line of items waiting to be labeled. */
export interface AppsOfAccount {
  readonly projects: Map<string, AppProject>;
  readonly batches: Map<string, AppBatch>;
  readonly items: Map<string, AppItem>;
  /** Work waiting for a labeling slot, in the order it was queued (apps/labeling.ts takes by priority). */
  readonly line: Waiting[];
  /** Items being labeled now. */
  labeling: number;
}

/** One unit of the line: a batch's items from `next` on, or one item sent without a batch. */
export interface Waiting {
  readonly batch: AppBatch | undefined;
  readonly items: AppItem[];
  next: number;
  readonly seq: number;
}
