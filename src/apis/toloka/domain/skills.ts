import { errors, fieldError } from '../errors.js';
import type { Account } from '../model.js';
import type { SkillForm, UserSkillForm } from './forms.js';
import type { ListSpec } from './lists.js';
import type { TimeTexts } from './time-texts.js';

/** docs: SkillViewV1 (without the owner, which the view adds). */
export interface Skill {
  readonly id: string;
  /** The requester's and their company's ids (the owner_id / owner_company_id filters). */
  readonly ownerId: string;
  readonly companyId: string;
  form: SkillForm;
  readonly created: string;
  readonly createdAt: number;
  modifiedAt: number;
}

/** docs: UserSkillViewV1: `value` is `exact_value` rounded. */
export interface UserSkill {
  readonly id: string;
  readonly skill_id: string;
  readonly user_id: string;
  exact_value: number;
  readonly created: string;
  readonly createdAt: number;
  modified: string;
  modifiedAt: number;
}

/** GET /skills (docs: getSkills): name, global, id, created and modified filters; sort by id or created. */
export const SKILL_LIST: ListSpec<Skill> = {
  id: (s) => s.id,
  numericIds: true,
  times: { created: (s) => s.createdAt, modified: (s) => s.modifiedAt },
  // owner_id, owner_company_id: toloka-java-sdk's SkillSearchRequest filters.
  equals: { name: (s) => s.form.name, global: () => 'false', owner_id: (s) => s.ownerId, owner_company_id: (s) => s.companyId },
  defaultLimit: 50,
  // toloka-kit find_skills: "The maximum allowed value: 100".
  maxLimit: 100,
};

/** GET /user-skills (docs: getUserSkills): user_id, skill_id, id, created and modified filters and sort keys. */
export const USER_SKILL_LIST: ListSpec<UserSkill> = {
  id: (s) => s.id,
  numericIds: true,
  times: { created: (s) => s.createdAt, modified: (s) => s.modifiedAt },
  equals: { user_id: (s) => s.user_id, skill_id: (s) => s.skill_id },
  defaultLimit: 50,
  maxLimit: 1000,
};

/** A skill's time to live in ms (`skill_ttl_hours`), undefined when its values live for ever. */
const ttlMs = (skill: Skill | undefined) => (skill?.form.skill_ttl_hours === undefined ? undefined : skill.form.skill_ttl_hours * 3_600_000);

interface AccountSkills {
  readonly skills: Map<string, Skill>;
  /** By id; and by "skill_id user_id", the pair a PUT upserts. */
  readonly userSkills: Map<string, UserSkill>;
  readonly byPair: Map<string, UserSkill>;
  nextSkill: number;
  nextUserSkill: number;
}

/**
 * Skills and the Tolokers' values of them (docs: the skill and user-skill operations). A skill
 * is the requester's own (`global: false`). A PUT /user-skills sets the value of a
 * skill-Toloker pair: the pair's first value creates it (201), a later one changes it (200; the
 * Java SDK tells the two apart by the status). With `skill_ttl_hours`, a value not set again
 * within that time is gone, as if removed.
 */
export class Skills {
  readonly #texts: TimeTexts;
  #byAccount = new WeakMap<Account, AccountSkills>();

  constructor(texts: TimeTexts) {
    this.#texts = texts;
  }

  #of(account: Account): AccountSkills {
    let s = this.#byAccount.get(account);
    if (!s) this.#byAccount.set(account, (s = { skills: new Map(), userSkills: new Map(), byPair: new Map(), nextSkill: 1, nextUserSkill: 1 }));
    return s;
  }

  create(account: Account, form: SkillForm, now: number): Skill {
    const s = this.#of(account);
    const { id: ownerId, company_id: companyId } = account.requester;
    const skill: Skill = { id: String(s.nextSkill++), ownerId, companyId, form, created: this.#texts.of(now), createdAt: now, modifiedAt: now };
    s.skills.set(skill.id, skill);
    return skill;
  }

  get(account: Account, id: string): Skill {
    const skill = this.#byAccount.get(account)?.skills.get(id);
    if (!skill) throw errors.notFound('skill', id);
    return skill;
  }

  exists(account: Account, id: string): boolean {
    return this.#byAccount.get(account)?.skills.has(id) ?? false;
  }

  /** PUT /skills/{id}: every field anew. */
  update(account: Account, id: string, form: SkillForm, now: number): Skill {
    const skill = this.get(account, id);
    skill.form = form;
    skill.modifiedAt = now;
    return skill;
  }

  all(account: Account): Iterable<Skill> {
    return this.#of(account).skills.values();
  }

  /** PUT /user-skills: the pair's value, and whether the pair is new. */
  set(account: Account, form: UserSkillForm, now: number): { userSkill: UserSkill; created: boolean } {
    const s = this.#of(account);
    if (!s.skills.has(form.skill_id)) throw errors.validation({ skill_id: fieldError('ENTITY_DOES_NOT_EXIST') });
    if (!account.users.has(form.user_id)) throw errors.validation({ user_id: fieldError('ENTITY_DOES_NOT_EXIST') });
    const pair = `${form.skill_id} ${form.user_id}`;
    const old = s.byPair.get(pair);
    if (old && this.#live(s, old, now)) {
      old.exact_value = form.value;
      old.modified = this.#texts.of(now);
      old.modifiedAt = now;
      return { userSkill: old, created: false };
    }
    if (old) this.#drop(s, old);
    const text = this.#texts.of(now);
    const userSkill: UserSkill = { id: String(s.nextUserSkill++), skill_id: form.skill_id, user_id: form.user_id, exact_value: form.value, created: text, createdAt: now, modified: text, modifiedAt: now };
    s.userSkills.set(userSkill.id, userSkill);
    s.byPair.set(pair, userSkill);
    return { userSkill, created: true };
  }

  getUserSkill(account: Account, id: string, now: number): UserSkill {
    const s = this.#byAccount.get(account);
    const userSkill = s?.userSkills.get(id);
    if (!s || !userSkill || !this.#live(s, userSkill, now)) throw errors.notFound('user skill', id);
    return userSkill;
  }

  /** DELETE /user-skills/{id}. */
  remove(account: Account, id: string, now: number): void {
    this.#drop(this.#of(account), this.getUserSkill(account, id, now));
  }

  /** The values set and not yet gone by their skill's time to live. */
  userSkills(account: Account, now: number): UserSkill[] {
    const s = this.#of(account);
    return [...s.userSkills.values()].filter((u) => this.#live(s, u, now));
  }

  /** A Toloker's value of a skill (the crowd's pool filters), undefined when they have none. */
  valueOf(account: Account, skillId: string, userId: string, now: number): number | undefined {
    const s = this.#byAccount.get(account);
    const userSkill = s?.byPair.get(`${skillId} ${userId}`);
    return s && userSkill && this.#live(s, userSkill, now) ? userSkill.exact_value : undefined;
  }

  /** When a value set now would be gone (its skill's time to live), if it has one. */
  expiry(account: Account, skillId: string, now: number): number | undefined {
    const ttl = ttlMs(this.#byAccount.get(account)?.skills.get(skillId));
    return ttl === undefined ? undefined : now + ttl;
  }

  #live(s: AccountSkills, u: UserSkill, now: number): boolean {
    const ttl = ttlMs(s.skills.get(u.skill_id));
    return ttl === undefined || now < u.modifiedAt + ttl;
  }

  #drop(s: AccountSkills, u: UserSkill): void {
    s.userSkills.delete(u.id);
    s.byPair.delete(`${u.skill_id} ${u.user_id}`);
  }

  reset(): void {
    this.#byAccount = new WeakMap();
  }
}
