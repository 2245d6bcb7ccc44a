import { hashString } from '../../../core/random.js';
import { errors } from '../errors.js';
import type { Account, Assignment } from '../model.js';
import type { ListSpec } from './lists.js';
import type { TimeTexts } from './time-texts.js';

/** docs: AttachmentViewV1 (an ASSIGNMENT_ATTACHMENT: a file a Toloker uploaded as an answer). */
export interface Attachment {
  readonly id: string;
  readonly name: string;
  readonly userId: string;
  readonly assignmentId: string;
  readonly poolId: string;
  readonly created: string;
  readonly createdAt: number;
  readonly ownerId: string;
  readonly companyId: string;
}

/** GET /attachments (docs: getAttachments; toloka-kit AttachmentSearchRequest): name, type, user, assignment, pool, owner; id and created. */
export const ATTACHMENT_LIST: ListSpec<Attachment> = {
  id: (a) => a.id,
  times: { created: (a) => a.createdAt },
  equals: {
    name: (a) => a.name,
    type: () => 'ASSIGNMENT_ATTACHMENT',
    user_id: (a) => a.userId,
    assignment_id: (a) => a.assignmentId,
    pool_id: (a) => a.poolId,
    owner_id: (a) => a.ownerId,
    owner_company_id: (a) => a.companyId,
  },
  // OAS getAttachments: "You must specify either pool_id or assignment_id".
  required: ['pool_id', 'assignment_id'],
  defaultLimit: 50,
  // toloka-kit find_attachments: "The maximum allowed value: 100".
  maxLimit: 100,
};

/**
 * A 1x1 JPEG: what every attachment downloads as (the simulated Tolokers upload no real photos).
 * The smallest baseline JPEG that decoders read (SOI, a quantisation table, one 8x8 block).
 */
export const ATTACHMENT_BYTES = Buffer.from(
  '/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=',
  'base64',
);

/**
 * Files in the crowd's answers (docs: attachments; a `file` or `array_file` output field holds
 * their ids): each submitted answer's files become attachments of the assignment, named as real
 * ones are (`37540601.jpg`), `image/jpeg`, uploaded when the assignment was submitted.
 */
export class Attachments {
  readonly #texts: TimeTexts;
  readonly #seed: number;
  #byAccount = new WeakMap<Account, Map<string, Attachment>>();

  constructor(texts: TimeTexts, seed: number) {
    this.#texts = texts;
    this.#seed = seed;
  }

  /** The crowd's event: a submitted assignment's file answers are uploaded files now. */
  assignment(account: Account, a: Assignment, event: string): void {
    if (event !== 'SUBMITTED' || !a.solutions) return;
    const pool = account.pools.get(a.poolId);
    const spec = account.projects.get(pool?.project_id ?? '')?.form.task_spec.output_spec ?? {};
    let fileFields: string[] | undefined;
    for (const name in spec) if (spec[name]!.type === 'file' || spec[name]!.type === 'array_file') (fileFields ??= []).push(name);
    if (!fileFields) return;
    let files = this.#byAccount.get(account);
    if (!files) this.#byAccount.set(account, (files = new Map()));
    const created = a.submitted ?? a.updatedAt;
    for (const solution of a.solutions) {
      for (const field of fileFields) {
        const value = solution.output_values[field];
        for (const id of Array.isArray(value) ? value : [value]) {
          if (typeof id !== 'string' || files.has(id)) continue;
          const name = `${hashString(`attachment ${id}`, this.#seed) % 100_000_000}.jpg`;
          files.set(id, { id, name, userId: a.userId, assignmentId: a.id, poolId: a.poolId, created: this.#texts.of(created), createdAt: created, ownerId: account.requester.id, companyId: account.requester.company_id });
        }
      }
    }
  }

  all(account: Account): Iterable<Attachment> {
    return this.#byAccount.get(account)?.values() ?? [];
  }

  get(account: Account, id: string): Attachment {
    const file = this.#byAccount.get(account)?.get(id);
    if (!file) throw errors.notFound('attachment', id);
    return file;
  }

  /** A new generation: no files are kept. */
  reset(): void {
    this.#byAccount = new WeakMap();
  }
}
