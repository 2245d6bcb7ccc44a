import { errors } from '../errors.js';
import type { Account, Assignment, AssignmentStatus, Pool } from '../model.js';
import { tolokaTime } from '../schemas.js';
import { knownAnswer } from './answers.js';

/**
 * The pool's results file, as the requester interface's "Download results" gives it and
 * toloka-kit's `get_assignments_df` reads it (`GET /api/new/requester/pools/{id}/assignments.tsv`;
 * docs guide/concepts/result-of-eval.md; real files' headers quoted in public code): one row per
 * task of each assignment, columns `INPUT:<field>` (the project's input spec), `OUTPUT:<field>`
 * (the answer), `GOLDEN:<field>` (a control task's known answer), `HINT:text`,
 * `HINT:default_language`, the `ASSIGNMENT:*` fields asked for, and, in a pool whose work is
 * reviewed (no auto-accept), `ACCEPT:verdict` and `ACCEPT:comment`.
 */

/** The query of the download (toloka-kit GetAssignmentsTsvParameters). */
export interface ResultsQuery {
  /** Assignment statuses as the file names them: APPROVED is an accepted assignment. */
  readonly statuses: readonly string[];
  readonly startFrom: number | undefined;
  readonly startTo: number | undefined;
  readonly excludeBanned: boolean;
  readonly fields: readonly string[];
  readonly rowDelimiter: boolean;
}

/** The `ASSIGNMENT:*` fields the file may have (toloka-kit GetAssignmentsTsvParameters.Field). */
export const RESULT_FIELDS = [
  'ASSIGNMENT:link',
  'ASSIGNMENT:assignment_id',
  'ASSIGNMENT:task_id',
  'ASSIGNMENT:task_suite_id',
  'ASSIGNMENT:worker_id',
  'ASSIGNMENT:status',
  'ASSIGNMENT:started',
  'ASSIGNMENT:submitted',
  'ASSIGNMENT:accepted',
  'ASSIGNMENT:rejected',
  'ASSIGNMENT:skipped',
  'ASSIGNMENT:expired',
  'ASSIGNMENT:reward',
] as const;

/** The file's status names: the API's ACCEPTED is APPROVED there. */
export function fileStatus(status: AssignmentStatus): string {
  return status === 'ACCEPTED' ? 'APPROVED' : status;
}

/** The file: its header, and its rows in groups (one group per assignment). */
export interface ResultsTable {
  readonly columns: readonly string[];
  readonly groups: readonly (readonly unknown[][])[];
  readonly rowDelimiter: boolean;
}

const time = (ms: number | undefined) => (ms === undefined ? '' : tolokaTime(ms));

function assignmentField(a: Assignment, field: string, taskId: string): unknown {
  switch (field) {
    case 'ASSIGNMENT:link':
      return `https://platform.toloka.ai/task/${a.poolId}/${a.taskSuiteId}`;
    case 'ASSIGNMENT:assignment_id':
      return a.id;
    case 'ASSIGNMENT:task_id':
      return taskId;
    case 'ASSIGNMENT:task_suite_id':
      return a.taskSuiteId;
    case 'ASSIGNMENT:worker_id':
      return a.userId;
    case 'ASSIGNMENT:status':
      return fileStatus(a.status);
    case 'ASSIGNMENT:started':
      return time(a.created);
    case 'ASSIGNMENT:submitted':
      return time(a.submitted);
    case 'ASSIGNMENT:accepted':
      return time(a.accepted);
    case 'ASSIGNMENT:rejected':
      return time(a.rejected);
    case 'ASSIGNMENT:skipped':
      return time(a.skipped);
    case 'ASSIGNMENT:expired':
      return time(a.expired);
    default:
      return a.reward;
  }
}

/** The results of a pool of the account; `banned` tells a Toloker banned from it now. */
export function resultsTable(account: Account, poolId: string, q: ResultsQuery, banned: (pool: Pool, userId: string) => boolean): ResultsTable {
  const pool = account.pools.get(poolId);
  if (!pool) throw errors.notFound('pool', poolId);
  const spec = account.projects.get(pool.project_id)?.form.task_spec;
  const inputs = Object.keys(spec?.input_spec ?? {});
  const outputs = Object.keys(spec?.output_spec ?? {});
  const reviewed = pool.form.auto_accept_solutions === false;
  const columns = [
    ...inputs.map((f) => `INPUT:${f}`),
    ...outputs.map((f) => `OUTPUT:${f}`),
    ...outputs.map((f) => `GOLDEN:${f}`),
    'HINT:text',
    'HINT:default_language',
    ...q.fields,
    ...(reviewed ? ['ACCEPT:verdict', 'ACCEPT:comment'] : []),
  ];
  const groups: unknown[][][] = [];
  for (const a of account.assignments.values()) {
    if (a.poolId !== poolId || !q.statuses.includes(fileStatus(a.status))) continue;
    if ((q.startFrom !== undefined && a.created < q.startFrom) || (q.startTo !== undefined && a.created > q.startTo)) continue;
    if (q.excludeBanned && banned(pool, a.userId)) continue;
    groups.push(
      a.tasks.map((task, i) => {
        const inputValues = (task.input_values ?? {}) as Record<string, unknown>;
        const answer = a.solutions?.[i]?.output_values ?? {};
        const golden = knownAnswer(task) ?? {};
        const verdict = a.status === 'ACCEPTED' ? 'APPROVED' : a.status === 'REJECTED' ? 'REJECTED' : '';
        return [
          ...inputs.map((f) => inputValues[f]),
          ...outputs.map((f) => answer[f]),
          ...outputs.map((f) => golden[f]),
          task.message_on_unknown_solution ?? '',
          '',
          ...q.fields.map((f) => assignmentField(a, f, task.id)),
          ...(reviewed ? [verdict, a.public_comment ?? ''] : []),
        ];
      }),
    );
  }
  return { columns, groups, rowDelimiter: q.rowDelimiter };
}
