import { errors, fieldError } from '../errors.js';
import type { Account, Pool } from '../model.js';
import { parseTime } from '../schemas.js';
import type { UserRestrictionForm } from './forms.js';
import type { ListSpec } from './lists.js';
import type { TimeTexts } from './time-texts.js';

/** docs: UserRestrictionViewV1. */
export interface Restriction {
  readonly id: string;
  readonly scope: UserRestrictionForm['scope'];
  readonly user_id: string;
  /** The project or pool banned from (PROJECT, POOL). */
  readonly project_id: string | undefined;
  readonly pool_id: string | undefined;
  private_comment: string | undefined;
  will_expire: string | undefined;
  /** Epoch ms of `will_expire`; undefined for a ban without an end. */
  until: number | undefined;
  readonly created: string;
  readonly createdAt: number;
}

/** GET /user-restrictions (docs: getUserRestrictions): scope, user_id, pool_id, project_id, id and created. */
export const RESTRICTION_LIST: ListSpec<Restriction> = {
  id: (r) => r.id,
  numericIds: true,
  times: { created: (r) => r.createdAt },
  equals: { scope: (r) => r.scope, user_id: (r) => r.user_id, pool_id: (r) => r.pool_id, project_id: (r) => r.project_id },
  defaultLimit: 50,
  // toloka-kit find_user_restrictions: "The maximum allowed value: 500".
  maxLimit: 500,
};

/** The ban a PUT upserts: scope, Toloker, and the project or pool (none for ALL_PROJECTS and SYSTEM). */
const keyOf = (scope: Restriction['scope'], userId: string, target: string | undefined) => `${scope} ${userId} ${target ?? ''}`;

interface AccountRestrictions {
  readonly byId: Map<string, Restriction>;
  /** By "scope user_id project_id|pool_id": the ban a PUT upserts. */
  readonly byKey: Map<string, Restriction>;
  next: number;
}

/**
 * Bans of Tolokers (docs: the user-restriction operations, guide "Blocking Tolokers"): from all
 * the requester's projects (ALL_PROJECTS, and SYSTEM, a ban on the platform), one project, or one
 * pool, until `will_expire` or until removed. A PUT of the same scope, Toloker and project or
 * pool changes that ban (200); another one makes a new ban (201), as toloka-java-sdk's
 * ModificationResult tells them apart. A banned Toloker takes no task suite the ban covers.
 */
export class Restrictions {
  readonly #texts: TimeTexts;
  #byAccount = new WeakMap<Account, AccountRestrictions>();

  constructor(texts: TimeTexts) {
    this.#texts = texts;
  }

  #of(account: Account): AccountRestrictions {
    let r = this.#byAccount.get(account);
    if (!r) this.#byAccount.set(account, (r = { byId: new Map(), byKey: new Map(), next: 1 }));
    return r;
  }

  /** PUT /user-restrictions: the ban, and whether it is new. */
  set(account: Account, form: UserRestrictionForm, now: number): { restriction: Restriction; created: boolean } {
    const target = form.scope === 'PROJECT' ? form.project_id : form.scope === 'POOL' ? form.pool_id : undefined;
    if (form.scope === 'PROJECT' && form.project_id === undefined) throw errors.validation({ project_id: fieldError('VALUE_REQUIRED') });
    if (form.scope === 'POOL' && form.pool_id === undefined) throw errors.validation({ pool_id: fieldError('VALUE_REQUIRED') });
    if (form.scope === 'PROJECT' && !account.projects.has(target!)) throw errors.validation({ project_id: fieldError('ENTITY_DOES_NOT_EXIST') });
    if (form.scope === 'POOL' && !account.pools.has(target!)) throw errors.validation({ pool_id: fieldError('ENTITY_DOES_NOT_EXIST') });
    if (!account.users.has(form.user_id)) throw errors.validation({ user_id: fieldError('ENTITY_DOES_NOT_EXIST') });
    const r = this.#of(account);
    const key = keyOf(form.scope, form.user_id, target);
    const until = form.will_expire === undefined ? undefined : parseTime(form.will_expire);
    const old = r.byKey.get(key);
    if (old) {
      old.private_comment = form.private_comment;
      old.will_expire = form.will_expire;
      old.until = until;
      return { restriction: old, created: false };
    }
    const restriction: Restriction = {
      id: String(r.next++),
      scope: form.scope,
      user_id: form.user_id,
      project_id: form.scope === 'PROJECT' ? target : undefined,
      pool_id: form.scope === 'POOL' ? target : undefined,
      private_comment: form.private_comment,
      will_expire: form.will_expire,
      until,
      created: this.#texts.of(now),
      createdAt: now,
    };
    r.byId.set(restriction.id, restriction);
    r.byKey.set(key, restriction);
    return { restriction, created: true };
  }

  get(account: Account, id: string): Restriction {
    const restriction = this.#byAccount.get(account)?.byId.get(id);
    if (!restriction) throw errors.notFound('user restriction', id);
    return restriction;
  }

  /** DELETE /user-restrictions/{id}: access is back. */
  remove(account: Account, id: string): void {
    const restriction = this.get(account, id);
    const r = this.#of(account);
    r.byId.delete(id);
    r.byKey.delete(keyOf(restriction.scope, restriction.user_id, restriction.project_id ?? restriction.pool_id));
  }

  all(account: Account): Iterable<Restriction> {
    return this.#of(account).byId.values();
  }

  /** Whether a ban in force now keeps the Toloker from this pool. */
  blocks(account: Account, pool: Pool, userId: string, now: number): boolean {
    const r = this.#byAccount.get(account);
    if (!r || r.byId.size === 0) return false;
    for (const key of [keyOf('ALL_PROJECTS', userId, undefined), keyOf('SYSTEM', userId, undefined), keyOf('PROJECT', userId, pool.project_id), keyOf('POOL', userId, pool.id)]) {
      const ban = r.byKey.get(key);
      if (ban && (ban.until === undefined || now < ban.until)) return true;
    }
    return false;
  }

  reset(): void {
    this.#byAccount = new WeakMap();
  }
}
