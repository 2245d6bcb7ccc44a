import { errors, fieldError, type FieldErrors } from '../errors.js';
import type { Account, Assignment, LogEntry, Operation, OperationStatus, StoredObject } from '../model.js';
import type { TolokaPlan } from '../plan.js';
import type { AnalyticsRequest, PoolMetric } from './forms.js';
import type { Operations } from './operations.js';
import type { TimeTexts } from './time-texts.js';

/**
 * Pool analytics (POST /api/staging/analytics-2, the ANALYTICS operation): each requested metric
 * is worked out from the account's state when the operation ends, into `details.value[]` as
 * `{result, request, finished}` (docs: operation-id.yaml; toloka-kit src/metrics/pool_metrics.py
 * reads them so). Results are numbers, but for completion_percentage and
 * estimated_assignments_count, which are `{type, value, infinite, approximate}`.
 */
export class Analytics {
  readonly #operations: Operations;
  readonly #texts: TimeTexts;

  constructor(operations: Operations, texts: TimeTexts) {
    this.#operations = operations;
    this.#texts = texts;
  }

  submit(account: Account, requests: AnalyticsRequest[], plan: TolokaPlan, failure: { message: string | undefined } | undefined, now: number): Operation {
    const problems: FieldErrors = {};
    requests.forEach((r, i) => {
      if (!account.pools.has(r.subject_id)) problems[`${i}.subject_id`] = fieldError('ENTITY_DOES_NOT_EXIST');
      if (r.name === 'active_workers_by_filter_count' && r.interval_hours === undefined) problems[`${i}.interval_hours`] = fieldError('VALUE_REQUIRED');
    });
    if (Object.keys(problems).length > 0) throw errors.validation(problems);
    return this.#operations.launch(account, { type: 'ANALYTICS', parameters: { value: requests }, plan, poolId: undefined, failure }, now, requests.length);
  }

  finish(account: Account, op: Operation, now: number): { status: OperationStatus; log: LogEntry[] } {
    if (op.failure) return { status: 'FAIL', log: [this.#operations.failedStep('ANALYTICS', op.parameters, 'OPERATION_EXECUTION_ERROR', op.failure.message ?? 'Operation execution failed')] };
    const finished = this.#texts.of(now);
    const requests = op.parameters.value as AnalyticsRequest[];
    op.details = { value: requests.map((request) => ({ result: metric(account, request, now), request, finished })) };
    return { status: 'SUCCESS', log: [] };
  }
}

function metric(account: Account, request: AnalyticsRequest, now: number): unknown {
  const poolId = request.subject_id;
  const tasks = [...account.objects.tasks.values()].filter((t) => t.poolId === poolId);
  const assignments = [...account.assignments.values()].filter((a) => a.poolId === poolId);
  const count = (status: Assignment['status']) => assignments.filter((a) => a.status === status).length;
  const name: PoolMetric = request.name;
  switch (name) {
    case 'real_tasks_count':
      return tasks.filter((t) => !t.view.known_solutions).length;
    case 'submitted_assignments_count':
      // toloka-kit SubmittedAssignmentsCountPoolAnalytics: "assignments with the SUBMITTED, ACCEPTED, or REJECTED status".
      return count('SUBMITTED') + count('ACCEPTED') + count('REJECTED');
    case 'skipped_assignments_count':
      return count('SKIPPED');
    case 'rejected_assignments_count':
      return count('REJECTED');
    case 'approved_assignments_count':
      return count('ACCEPTED');
    case 'completion_percentage': {
      const { planned, done, infinite } = progress(tasks);
      return { type: 'NORMAL', value: planned === 0 ? 0 : Math.floor((done / planned) * 100), infinite, approximate: false };
    }
    case 'estimated_assignments_count': {
      const { planned, infinite } = progress(tasks);
      return { type: 'NORMAL', value: planned, infinite, approximate: false };
    }
    case 'avg_submit_assignment_millis': {
      const done = assignments.filter((a) => a.submitted !== undefined);
      return done.length === 0 ? 0 : Math.round(done.reduce((n, a) => n + (a.submitted! - a.created), 0) / done.length);
    }
    case 'spent_budget':
      return Math.round(assignments.filter((a) => a.status === 'ACCEPTED').reduce((n, a) => n + a.reward, 0) * 1e6) / 1e6;
    case 'unique_workers_count':
      return new Set(assignments.map((a) => a.userId)).size;
    case 'unique_submitters_count':
      return new Set(assignments.filter((a) => a.submitted !== undefined).map((a) => a.userId)).size;
    case 'active_workers_by_filter_count': {
      const since = now - (request.interval_hours ?? 1) * 3_600_000;
      return new Set(assignments.filter((a) => a.created >= since).map((a) => a.userId)).size;
    }
  }
}

/** Answers planned (the tasks' overlaps) and done (what their remaining overlap says is done). */
function progress(tasks: StoredObject[]): { planned: number; done: number; infinite: boolean } {
  let planned = 0;
  let done = 0;
  let infinite = false;
  for (const t of tasks) {
    if (t.view.infinite_overlap === true) infinite = true;
    const overlap = typeof t.view.overlap === 'number' ? t.view.overlap : 0;
    const remaining = typeof t.view.remaining_overlap === 'number' ? t.view.remaining_overlap : overlap;
    planned += overlap;
    done += overlap - remaining;
  }
  return { planned, done, infinite };
}
