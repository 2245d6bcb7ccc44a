import * as z from 'zod';

/**
 * Toloka fixtures: the projects, pools and Tolokers (users) an account sees. Every account (token)
 * gets its own copy of the default set, so opening a pool with one token does not open it for
 * another; `accounts` gives particular tokens a set of their own instead.
 */

/** Input field types of a project's task_spec.input_spec (docs: "Input and output data"). */
export const FIELD_TYPES = [
  'string',
  'integer',
  'float',
  'boolean',
  'url',
  'file',
  'coordinates',
  'json',
  'array_string',
  'array_integer',
  'array_float',
  'array_boolean',
  'array_url',
  'array_file',
  'array_coordinates',
  'array_json',
] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export const FieldSpec = z.strictObject({
  type: z.enum(FIELD_TYPES),
  required: z.boolean().default(true).describe('Toloka\'s default: a field is required unless "required": false'),
  hidden: z.boolean().default(false),
  min_length: z.number().int().nonnegative().optional().describe('string, url: shortest value'),
  max_length: z.number().int().nonnegative().optional().describe('string, url: longest value'),
  pattern: z.string().optional().describe('string: a regular expression the whole value must match'),
  allowed_values: z.array(z.union([z.string(), z.number(), z.boolean()])).optional().describe('string, integer, float, boolean: the only values allowed'),
  min_value: z.number().optional().describe('integer, float: smallest value'),
  max_value: z.number().optional().describe('integer, float: largest value'),
  min_size: z.number().int().nonnegative().optional().describe('array types: fewest elements'),
  max_size: z.number().int().nonnegative().optional().describe('array types: most elements'),
  current_location: z.boolean().optional().describe("output coordinates: the Toloker's own location"),
});
export type FieldSpec = z.infer<typeof FieldSpec>;

const id = z.string().regex(/^\d{1,10}$/, { message: 'ids are strings of digits, e.g. "1"' });
const time = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?$/, { message: 'UTC without a zone suffix, e.g. 2025-12-01T10:00:00' });
const fieldName = z.string().regex(/^[A-Za-z_][\w-]*$/);

export const ProjectFixture = z.strictObject({
  id,
  public_name: z.string().min(1),
  public_description: z.string().default(''),
  status: z.enum(['ACTIVE', 'ARCHIVED']).default('ACTIVE'),
  created: time.default('2025-12-01T09:00:00.000'),
  task_spec: z.strictObject({
    input_spec: z.record(fieldName, FieldSpec).describe('the input fields of the tasks of the project\'s pools'),
    output_spec: z.record(fieldName, FieldSpec).default({}).describe('the answer fields the people who do the tasks fill in'),
  }),
});
export type ProjectFixture = z.infer<typeof ProjectFixture>;

export const PoolFixture = z.strictObject({
  id,
  project_id: id,
  private_name: z.string().min(1),
  status: z.enum(['OPEN', 'CLOSED', 'ARCHIVED']),
  created: time.default('2025-12-01T10:00:00.000'),
  reward_per_assignment: z.number().nonnegative().default(0.01),
  assignment_max_duration_seconds: z.number().int().min(5).default(600),
  will_expire: time.default('2030-01-01T00:00:00.000'),
  auto_accept_solutions: z.boolean().default(true),
  // The defaults a pool created through the API gets (forms.ts PoolForm): a fixture pool reads like one.
  may_contain_adult_content: z.boolean().default(false),
  auto_close_after_complete_delay_seconds: z.number().int().min(0).max(259_200).default(0),
  priority: z.number().int().min(0).max(100).default(0),
  defaults: z
    .strictObject({
      default_overlap_for_new_tasks: z.number().int().min(1).max(30000).optional(),
      default_overlap_for_new_task_suites: z.number().int().min(1).max(30000).optional(),
    })
    .default({}),
});
export type PoolFixture = z.infer<typeof PoolFixture>;

export const UserFixture = z.strictObject({
  id: z.string().regex(/^[0-9a-f]{32}$/, { message: 'Toloker ids are 32 lowercase hex digits' }),
  country: z.string().optional(),
});

/** The requester (the account's owner): GET /api/v1/requester. Its id is made from the token when left out. */
export const RequesterFixture = z.strictObject({
  id: z.string().regex(/^[0-9a-f]{32}$/).optional(),
  public_name: z.record(z.string(), z.string()).default({ EN: 'Requester', RU: 'Заказчик' }),
  company_id: z.string().regex(/^[0-9a-f]{32}$/).optional(),
  balance: z.number().nonnegative().default(1000),
});
export type RequesterFixture = z.infer<typeof RequesterFixture>;

export const AccountData = z
  .strictObject({
    requester: RequesterFixture.prefault({}),
    projects: z.array(ProjectFixture).default([]),
    pools: z.array(PoolFixture).default([]),
    users: z.array(UserFixture).default([]),
  })
  .superRefine((d, ctx) => {
    const projects = new Set(d.projects.map((p) => p.id));
    d.pools.forEach((p, i) => {
      if (!projects.has(p.project_id)) {
        ctx.addIssue({ code: 'custom', path: ['pools', i, 'project_id'], message: `project ${p.project_id} is not among the projects (${[...projects].join(', ') || 'none'})` });
      }
    });
    for (const [key, list] of [['projects', d.projects], ['pools', d.pools], ['users', d.users]] as const) {
      const seen = new Set<string>();
      list.forEach((x, i) => {
        if (seen.has(x.id)) ctx.addIssue({ code: 'custom', path: [key, i, 'id'], message: `duplicate id ${x.id}` });
        seen.add(x.id);
      });
    }
  });
export type AccountData = z.infer<typeof AccountData>;

export const TolokaFixtures = z.strictObject({
  $schema: z.string().optional(),
  description: z.string().optional(),
  default: AccountData.describe('what every account (any token) sees, each its own copy'),
  accounts: z.record(z.string().min(1), AccountData).default({}).describe('per token: a data set that replaces the default'),
});
export type TolokaFixtures = z.infer<typeof TolokaFixtures>;
