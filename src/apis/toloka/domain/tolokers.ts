import type { Scheduler } from '../../../core/scheduler.js';
import { errors } from '../errors.js';
import type { Account, Pool } from '../model.js';
import type { Crowd } from './crowd.js';
import { filterAdmits } from './filters.js';
import type { UserRestrictionForm, UserSkillForm } from './forms.js';
import { globalSkill, profileOf, type Profile } from './profiles.js';
import { Restrictions, type Restriction } from './restrictions.js';
import { Skills, type UserSkill } from './skills.js';
import type { TimeTexts } from './time-texts.js';
import { Trainings } from './trainings.js';
import { isObject } from './validation.js';

/**
 * What the requester says about Tolokers, and what it does to the crowd: their skills, bans and
 * trainings, and their profiles (GET /user-metadata). A Toloker takes a pool's tasks unless
 * banned from it, when they passed the training it requires, when its filter lets their skills
 * and profile in, and, for adult content, when their profile allows it. Setting or removing a
 * skill or a ban may open or close work, now and when a ban or a skill's time to live ends: idle
 * Tolokers then look for work again.
 */
export class Tolokers {
  readonly skills: Skills;
  readonly restrictions: Restrictions;
  readonly trainings = new Trainings();
  readonly #scheduler: Scheduler;
  readonly #seed: number;
  /** The crowd's Tolokers' profiles, made on first use (a filter asks for them at every take). */
  #profiles = new Map<string, Profile>();
  /** Set once the crowd exists (it asks `admits`). */
  crowd: Crowd | undefined;

  constructor(texts: TimeTexts, scheduler: Scheduler, seed: number) {
    this.#seed = seed;
    this.skills = new Skills(texts);
    this.restrictions = new Restrictions(texts);
    this.#scheduler = scheduler;
  }

  /** The crowd's question: may this Toloker take this pool's tasks now? */
  admits(account: Account, pool: Pool, userId: string, now: number): boolean {
    if (this.restrictions.blocks(account, pool, userId, now) || !this.trainings.passed(account, pool, userId)) return false;
    // A pool that may contain adult content is for the Tolokers who agreed to see it (docs: PoolFormV1.may_contain_adult_content).
    const adult = pool.form.may_contain_adult_content === true;
    const filter = pool.form.filter;
    if (!adult && !isObject(filter)) return true;
    const profile = this.profile(userId);
    if (adult && !profile.adult_allowed) return false;
    return filterAdmits(filter, { profile, skill: (skillId) => this.skillValue(account, userId, skillId, now) });
  }

  /** A Toloker's value of a skill now: the requester's, or a global skill of their profile (a verified language). */
  skillValue(account: Account, userId: string, skillId: string, now: number): number | undefined {
    return this.skills.valueOf(account, skillId, userId, now) ?? globalSkill(this.profile(userId), skillId);
  }

  /** GET /user-metadata/{user_id}. */
  metadata(account: Account, userId: string): Profile {
    this.crowd?.enlist(account);
    if (!account.users.has(userId)) throw errors.notFound('Toloker', userId);
    return this.profile(userId, account.countries.get(userId));
  }

  /** A Toloker's profile (GET /user-metadata, pool filters); `country` is a fixture's. */
  profile(userId: string, country?: string): Profile {
    if (country !== undefined) return profileOf(userId, this.#seed, country);
    let profile = this.#profiles.get(userId);
    if (!profile) this.#profiles.set(userId, (profile = profileOf(userId, this.#seed)));
    return profile;
  }

  /** Quality control's USERS_ASSESSMENT: runs a change of a Toloker's skill, and sees whom a pool's filter shuts out by it. */
  watchSkills?: <T>(account: Account, userId: string, skillId: string, change: () => T) => T;

  /** PUT /user-skills (the crowd's Tolokers are known first: a skill may name one before they work). */
  setUserSkill(account: Account, form: UserSkillForm, now: number): { userSkill: UserSkill; created: boolean } {
    this.crowd?.enlist(account);
    const result = this.#watched(account, form.user_id, form.skill_id, () => this.skills.set(account, form, now));
    this.#changed(account, now, this.skills.expiry(account, form.skill_id, now));
    return result;
  }

  deleteUserSkill(account: Account, id: string, now: number): void {
    const { user_id, skill_id } = this.skills.getUserSkill(account, id, now);
    this.#watched(account, user_id, skill_id, () => this.skills.remove(account, id, now));
    this.#changed(account, now, undefined);
  }

  #watched<T>(account: Account, userId: string, skillId: string, change: () => T): T {
    return this.watchSkills ? this.watchSkills(account, userId, skillId, change) : change();
  }

  /** PUT /user-restrictions. */
  setRestriction(account: Account, form: UserRestrictionForm, now: number): { restriction: Restriction; created: boolean } {
    this.crowd?.enlist(account);
    const result = this.restrictions.set(account, form, now);
    this.#changed(account, now, result.restriction.until);
    return result;
  }

  deleteRestriction(account: Account, id: string, now: number): void {
    this.restrictions.remove(account, id);
    this.#changed(account, now, undefined);
  }

  #changed(account: Account, now: number, later: number | undefined): void {
    const crowd = this.crowd;
    if (!crowd) return;
    crowd.wake(account);
    if (later !== undefined && later > now) this.#scheduler.at(later, () => crowd.wake(account), 'toloka crowd access');
  }

  /** A new generation: no account's skills or bans are kept. */
  reset(): void {
    this.#profiles = new Map();
    this.trainings.reset();
    this.skills.reset();
    this.restrictions.reset();
  }
}
