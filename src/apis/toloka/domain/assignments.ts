import { errors, fieldError } from '../errors.js';
import type { Account, Assignment } from '../model.js';
import type { Crowd } from './crowd.js';
import type { ListSpec } from './lists.js';

/**
 * GET /assignments (docs: get-assignments; toloka-kit AssignmentSearchRequest): one of pool_id,
 * task_suite_id, task_id; status as a comma-separated list; user_id; id and every time with
 * _gt|gte|lt|lte; sort by id or a time. toloka-kit's streaming cursors page by a time
 * (`submitted_gte` ... `sort=submitted`), falling back to `sort=id&id_gt` when a page shares one.
 */
export const ASSIGNMENT_LIST: ListSpec<Assignment> = {
  id: (a) => a.id,
  times: {
    created: (a) => a.created,
    submitted: (a) => a.submitted,
    accepted: (a) => a.accepted,
    rejected: (a) => a.rejected,
    skipped: (a) => a.skipped,
    expired: (a) => a.expired,
  },
  equals: {
    pool_id: (a) => a.poolId,
    task_suite_id: (a) => a.taskSuiteId,
    task_id: (a) => a.tasks.map((t) => t.id),
    status: (a) => a.status,
    user_id: (a) => a.userId,
  },
  lists: ['status'],
  required: ['pool_id', 'task_suite_id', 'task_id'],
  defaultLimit: 50,
  maxLimit: 100_000,
};

/** Which statuses each verdict may be given from (docs: PATCH /assignments/{id}). */
const FROM: Readonly<Record<'ACCEPTED' | 'REJECTED', readonly string[]>> = { ACCEPTED: ['SUBMITTED', 'REJECTED'], REJECTED: ['SUBMITTED'] };

/** Reading assignments and giving the requester's verdict on them. */
export class Assignments {
  readonly #crowd: Crowd;

  constructor(crowd: Crowd) {
    this.#crowd = crowd;
  }

  get(account: Account, id: string): Assignment {
    const a = account.assignments.get(id);
    if (!a) throw errors.notFound('assignment', id);
    return a;
  }

  /**
   * PATCH /assignments/{id} `{status, public_comment}`: SUBMITTED -> ACCEPTED or REJECTED,
   * REJECTED -> ACCEPTED; any other status is a 409 INAPPROPRIATE_STATUS naming the ones allowed.
   * A rejection needs its public comment (toloka-kit's reject_assignment always sends one).
   */
  review(account: Account, id: string, status: 'ACCEPTED' | 'REJECTED', comment: string | undefined): Assignment {
    const a = this.get(account, id);
    if (status === 'REJECTED' && (comment === undefined || comment.trim() === '')) {
      throw errors.validation({ public_comment: fieldError('VALUE_REQUIRED', 'A rejection needs a public comment for the Toloker') });
    }
    if (!FROM[status].includes(a.status)) throw errors.inappropriateStatus(a.status, FROM[status]);
    this.#crowd.review(account, a, status, comment);
    return a;
  }
}
