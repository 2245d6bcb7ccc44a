import * as z from 'zod';
import { FieldSpec } from '../fixtures.js';
import { parseTime, tolokaTime } from '../schemas.js';
import { booleanOf, numberOf, textOf } from './coercion.js';
import { filterIssues } from './filters.js';

/**
 * The writable fields of Toloka's resources, as clients send them (docs: fullApi.yaml
 * ProjectFormV1, PoolFormV1, PoolPatchFormV1, TaskPatchV1, TaskOverlapPatchV1,
 * TaskSuitePatchV1, TaskSuiteOverlapPatchV1; notes in the Toloka README). Unknown keys are
 * dropped, not refused: toloka-kit sends back every field it read, read-only ones (id, status,
 * created, owner) and ones it does not know included. Constraints and defaults are the
 * reference's. schemas.ts turns their issues into Toloka's field errors. Booleans and numbers
 * may come as text, as Jackson reads them (coercion.ts).
 */

/** A boolean field (`"false"` is false). */
const bool = () => z.preprocess(booleanOf, z.boolean());
/** A text field (an id sent as a number is its text); `schema` has its constraints. */
const text = <T extends z.ZodType>(schema: T) => z.preprocess(textOf, schema);
/** A number field (`"2"` is 2); `schema` has its constraints. */
const num = <T extends z.ZodType>(schema: T) => z.preprocess(numberOf, schema);
/**
 * An integer field: as `num`, and a value that is no number at all (a word, a boolean, an object)
 * is `INTEGER_EXPECTED`, as `1.5` is (zod's number type alone would say FLOAT_EXPECTED).
 */
const int = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value, ctx) => {
    const n = numberOf(value);
    if (n === undefined || n === null || typeof n === 'number') return n;
    ctx.addIssue({ code: 'invalid_type', expected: 'int', input: value });
    return z.NEVER;
  }, schema);

const TIME_MESSAGE = 'Value must be a date and time in the format YYYY-MM-DDThh:mm:ss[.sss]';
/**
 * A time of a form (`will_expire`), kept and answered as the API writes its times (UTC, no zone,
 * milliseconds: OAS "YYYY-MM-DDThh:mm:ss[.sss]"): `2030-01-01T13:00`, `…Z`, `+03:00` or
 * microseconds read back as `2030-01-01T13:00:00.000` (toloka-java-sdk cannot parse the others).
 */
const time = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?$/, { message: TIME_MESSAGE })
  .transform((text, ctx) => {
    const ms = parseTime(text);
    if (ms !== undefined) return tolokaTime(ms);
    ctx.issues.push({ code: 'invalid_format', format: 'datetime', message: TIME_MESSAGE, input: text });
    return z.NEVER;
  });
const OVERLAP = z.number().int().min(1).max(30000);
const overlap = num(OVERLAP);
/** An overlap that may be null (`"null"` too: the text is read before the null check). */
const overlapOrNull = num(OVERLAP.nullish());
const fieldName = z.string().regex(/^[A-Za-z_][\w-]*$/);
const anyObject = z.record(z.string(), z.unknown());
/** A filter on Tolokers (a pool's, a message's recipients): its shape checked (filters.ts). */
const filterObject = anyObject.superRefine((f, ctx) => {
  for (const issue of filterIssues(f)) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message, params: { code: issue.code } });
});

export const TaskSpecForm = z.looseObject({
  input_spec: z.record(fieldName, FieldSpec),
  output_spec: z.record(fieldName, FieldSpec),
  view_spec: anyObject.optional(),
});

export const ProjectForm = z.object({
  public_name: z.string().min(1).max(1000),
  // Optional in the OpenAPI form; the older reference and toloka-kit's recorded answers make it required.
  public_description: z.string().max(10000),
  public_instructions: z.string().optional(),
  private_comment: z.string().optional(),
  task_spec: TaskSpecForm,
  assignments_issuing_type: z.enum(['AUTOMATED', 'MAP_SELECTOR']).default('AUTOMATED'),
  assignments_issuing_view_config: anyObject.optional(),
  assignments_automerge_enabled: bool().optional(),
  max_active_assignments_count: int(z.number().int().positive()).optional(),
  quality_control: anyObject.optional(),
  metadata: z.record(z.string(), z.array(z.string())).optional(),
  localization_config: anyObject.optional(),
});
export type ProjectForm = z.infer<typeof ProjectForm>;

export const PoolDefaults = z.object({
  default_overlap_for_new_task_suites: overlap,
  default_overlap_for_new_tasks: overlap.optional(),
});

export const PoolForm = z.object({
  project_id: text(z.string().regex(/^\d{1,18}$/, { message: 'Value must be the id of a project' })),
  private_name: z.string().min(1).max(1000),
  private_comment: z.string().max(10000).optional(),
  public_description: z.string().max(10000).optional(),
  public_instructions: z.string().optional(),
  may_contain_adult_content: bool().default(false),
  will_expire: time,
  auto_close_after_complete_delay_seconds: int(z.number().int().min(0).max(259_200)).default(0),
  reward_per_assignment: num(z.number().min(0).max(100)),
  dynamic_pricing_config: anyObject.optional(),
  metadata: z.record(z.string(), z.array(z.string())).optional(),
  assignment_max_duration_seconds: int(z.number().int().min(5).max(2_147_483_647)),
  auto_accept_solutions: bool().default(true),
  auto_accept_period_day: int(z.number().int().min(1).max(21)).optional(),
  // Typed where toloka-kit and the Java SDK type them, so that text sent there reads as they read it.
  assignments_issuing_config: z.looseObject({ issue_task_suites_in_creation_order: bool().optional() }).optional(),
  filter: filterObject.optional(),
  quality_control: anyObject.optional(),
  mixer_config: z
    .looseObject({
      real_tasks_count: int(z.number().int().min(0)).optional(),
      golden_tasks_count: int(z.number().int().min(0)).optional(),
      training_tasks_count: int(z.number().int().min(0)).optional(),
      min_real_tasks_count: int(z.number().int().min(0)).optional(),
      min_golden_tasks_count: int(z.number().int().min(0)).optional(),
      min_training_tasks_count: int(z.number().int().min(0)).optional(),
      force_last_assignment: bool().optional(),
      force_last_assignment_delay_seconds: int(z.number().int().min(0)).optional(),
      mix_tasks_in_creation_order: bool().optional(),
      shuffle_tasks_in_task_suite: bool().optional(),
    })
    .optional(),
  dynamic_overlap_config: anyObject.optional(),
  training_config: anyObject.optional(),
  defaults: PoolDefaults,
  priority: int(z.number().int().min(0).max(100)).default(0),
  speed_quality_balance: anyObject.optional(),
});
export type PoolForm = z.infer<typeof PoolForm>;

/** POST /trainings, PUT /trainings/{id} (docs: TrainingFormV1; defaults of TrainingViewV1). */
export const TrainingForm = z.object({
  project_id: text(z.string().regex(/^\d{1,18}$/, { message: 'Value must be the id of a project' })),
  private_name: z.string().min(1).max(1000),
  inherited_instructions: bool(),
  public_instructions: z.string().optional(),
  may_contain_adult_content: bool().default(false),
  assignment_max_duration_seconds: int(z.number().int().min(5).max(2_147_483_647)).optional(),
  mix_tasks_in_creation_order: bool().default(true),
  shuffle_tasks_in_task_suite: bool().default(true),
  training_tasks_in_task_suite_count: int(z.number().int().min(0).max(500)),
  task_suites_required_to_pass: int(z.number().int().min(0).max(500)).optional(),
  retry_training_after_days: int(z.number().int().min(1)).optional(),
  metadata: z.record(z.string(), z.array(z.string())).optional(),
});
export type TrainingForm = z.infer<typeof TrainingForm>;

/** PATCH /pools/{id}: the priority only (docs: PoolPatchFormV1). */
export const PoolPatch = z.object({ priority: int(z.number().int().min(0).max(100)) });

const solutions = z.array(anyObject);

/** PATCH /tasks/{id} (docs: TaskPatchV1). */
export const TaskPatch = z.object({
  overlap: overlapOrNull,
  infinite_overlap: bool().optional(),
  baseline_solutions: solutions.optional(),
  known_solutions: solutions.optional(),
  message_on_unknown_solution: z.string().optional(),
});

/** PATCH /tasks/{id}/set-overlap-or-min (docs: TaskOverlapPatchV1): 0 stops issuing the task. */
export const TaskOverlapPatch = z.object({
  overlap: int(z.number().int().min(0).max(30000).nullish()),
  infinite_overlap: bool().optional(),
});

/** PATCH /task-suites/{id} (docs: TaskSuitePatchV1). */
export const TaskSuitePatch = z.object({
  overlap: overlapOrNull,
  infinite_overlap: bool().optional(),
  issuing_order_override: num(z.number().min(-99999.99999).max(99999.99999)).optional(),
});

/** PATCH /task-suites/{id}/set-overlap-or-min (docs: TaskSuiteOverlapPatchV1). */
export const TaskSuiteOverlapPatch = z.object({ overlap: int(z.number().int().min(0).max(30000)) });

/** PATCH /assignments/{id} (docs: AssignmentPatchV1): the requester's verdict. */
export const AssignmentPatch = z.object({
  status: z.enum(['ACCEPTED', 'REJECTED']),
  public_comment: z.string().max(2048).optional(),
});

/** POST /aggregated-solutions/aggregate-by-pool (docs: PoolAggregatedSolutionRequestV1). */
export const AggregateForm = z.object({
  type: z.enum(['WEIGHTED_DYNAMIC_OVERLAP', 'DAWID_SKENE']),
  pool_id: text(z.string().regex(/^\d{1,18}$/, { message: 'Value must be the id of a pool' })),
  answer_weight_skill_id: z.string().optional(),
  fields: z.array(z.object({ name: z.string().min(1) })).min(1),
}).superRefine((form, ctx) => {
  // OAS WeightedDynamicOverlapAggregatedSolutionFormV1 requires it; the old docs: "Required if the WEIGHTED_DYNAMIC_OVERLAP aggregation type is selected".
  if (form.type === 'WEIGHTED_DYNAMIC_OVERLAP' && form.answer_weight_skill_id === undefined) {
    ctx.addIssue({ code: 'custom', path: ['answer_weight_skill_id'], message: 'Value must be present and not equal to null', params: { code: 'VALUE_REQUIRED' } });
  }
});
export type AggregateForm = z.infer<typeof AggregateForm>;

/** POST /aggregated-solutions/aggregate-by-task: the same, for one task. */
export const AggregateTaskForm = AggregateForm.extend({ task_id: text(z.string().min(1)) });

/** One subscription of PUT /webhook-subscriptions (docs: WebhookSubscriptionFormV1). */
export const WebhookForm = z.object({
  webhook_url: z.url({ protocol: /^https?$/, message: 'Value must be an http or https URL' }),
  event_type: z.enum(['ASSIGNMENT_APPROVED', 'ASSIGNMENT_CREATED', 'ASSIGNMENT_EXPIRED', 'ASSIGNMENT_REJECTED', 'ASSIGNMENT_SKIPPED', 'ASSIGNMENT_SUBMITTED', 'DYNAMIC_OVERLAP_COMPLETED', 'POOL_CLOSED']),
  pool_id: text(z.string().regex(/^\d{1,18}$/, { message: 'Value must be the id of a pool' })),
  secret_key: z.string().optional(),
});
export type WebhookForm = z.infer<typeof WebhookForm>;

/** A text in several languages (`{"EN": "...", "RU": "..."}`: docs' public_name of a skill). */
const localized = z.record(z.string(), z.string());

/** POST /skills, PUT /skills/{id} (docs: SkillFormV1; the PUT takes every field, read-only ones dropped). */
export const SkillForm = z.object({
  name: z.string().min(1).max(1000),
  public_name: localized.optional(),
  private_comment: z.string().optional(),
  public_requester_description: localized.optional(),
  hidden: bool().default(true),
  skill_ttl_hours: int(z.number().int().min(1)).optional(),
  deprecated: bool().default(false),
  training: bool().optional(),
});
export type SkillForm = z.infer<typeof SkillForm>;

/** PUT /user-skills (docs: UserSkillFormV1): the fractional value, 0 to 100. */
export const UserSkillForm = z.object({
  skill_id: text(z.string().min(1)),
  user_id: text(z.string().min(1)),
  value: num(z.number().min(0).max(100)),
  reason: z.string().optional(),
});
export type UserSkillForm = z.infer<typeof UserSkillForm>;

/** PUT /user-restrictions (docs: UserRestrictionFormV1): `project_id` for PROJECT, `pool_id` for POOL. */
export const UserRestrictionForm = z.object({
  scope: z.enum(['ALL_PROJECTS', 'POOL', 'PROJECT', 'SYSTEM']),
  user_id: text(z.string().min(1)),
  project_id: text(z.string().min(1)).optional(),
  pool_id: text(z.string().min(1)).optional(),
  private_comment: z.string().max(499).optional(),
  will_expire: time.optional(),
});
export type UserRestrictionForm = z.infer<typeof UserRestrictionForm>;

const FOLDERS = ['AUTOMATIC_NOTIFICATION', 'IMPORTANT', 'INBOX', 'OUTBOX', 'UNREAD'] as const;

/** POST /message-threads/compose (docs: MessageThreadComposeFormV1): `recipients_ids` for DIRECT, `recipients_filter` for FILTER. */
export const ComposeForm = z.object({
  topic: localized,
  text: localized,
  // OAS MessageThreadComposeFormV1: `default: true`; toloka-kit's compose leaves it out unless set (its tests record 201).
  answerable: bool().default(true),
  recipients_select_type: z.enum(['ALL', 'DIRECT', 'FILTER']),
  recipients_ids: z.array(text(z.string().min(1))).optional(),
  recipients_filter: filterObject.optional(),
});
export type ComposeForm = z.infer<typeof ComposeForm>;

/** POST /message-threads/{id}/reply (docs: MessageThreadReplyFormV1). */
export const ReplyForm = z.object({ text: localized });

/** POST /message-threads/{id}/add-to-folders, .../remove-from-folders (docs: MessageThreadFoldersFormV1). */
export const FoldersForm = z.object({ folders: z.array(z.enum(FOLDERS)) });
export type Folder = (typeof FOLDERS)[number];

/** The pool metrics POST /api/staging/analytics-2 answers (toloka-kit PoolAnalyticsRequest.Subject). */
export const POOL_METRICS = [
  'real_tasks_count',
  'submitted_assignments_count',
  'skipped_assignments_count',
  'rejected_assignments_count',
  'approved_assignments_count',
  'completion_percentage',
  'avg_submit_assignment_millis',
  'spent_budget',
  'unique_workers_count',
  'unique_submitters_count',
  'active_workers_by_filter_count',
  'estimated_assignments_count',
] as const;
export type PoolMetric = (typeof POOL_METRICS)[number];

/** POST /api/staging/analytics-2: an array of at most 10 requests (toloka-kit get_analytics). */
export const AnalyticsRequests = z
  .array(
    z.object({
      subject: z.literal('POOL'),
      subject_id: text(z.string().regex(/^\d{1,18}$/, { message: 'Value must be the id of a pool' })),
      name: z.enum(POOL_METRICS),
      interval_hours: int(z.number().int().positive()).optional(),
    }),
  )
  .min(1)
  .max(10);
export type AnalyticsRequest = z.infer<typeof AnalyticsRequests>[number];
