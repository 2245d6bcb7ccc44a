import type { Account, Assignment, Pool } from '../model.js';
import { tolokaTime } from '../schemas.js';
import type { Crowd } from './crowd.js';
import { knownAnswer, matches } from './answers.js';
import { compare } from './filters.js';
import type { Tolokers } from './tolokers.js';
import { isObject } from './validation.js';

/**
 * A pool's quality control rules (docs: guide/concepts/control.md and the rule pages; the JSON
 * toloka-kit's `pool.quality_control.add_action(collector, conditions, action)` writes:
 * `{"configs": [{"collector_config": {"type", "parameters"}, "rules": [{"conditions": [{key,
 * operator, value}], "action": {"type", "parameters"}}]}]}`), run on the simulated crowd's work:
 * when a Toloker submits, skips or lets an assignment expire, each collector of the pool counts
 * that Toloker's recent work there, and every rule whose conditions all hold acts.
 *
 * Collectors: ASSIGNMENT_SUBMIT_TIME (`total_submitted_count`, `fast_submitted_count` of the last
 * `history_size` submits), SKIPPED_IN_ROW_ASSIGNMENTS (`skipped_in_row_count`), ANSWER_COUNT
 * (`assignments_accepted_count`: submitted or accepted), GOLDEN_SET (control tasks: the known
 * solution's output fields; `golden_set_answers_count`, `golden_set_correct_answers_rate`,
 * `golden_set_incorrect_answers_rate`, and `total_answers_count`, `correct_answers_rate`,
 * `incorrect_answers_rate` over them), MAJORITY_VOTE (answers to tasks whose most given answer has
 * at least `answer_threshold` votes; the same three). Rates are percents.
 * Actions: RESTRICTION_V2 (`scope` POOL, PROJECT or ALL_PROJECTS, `duration` in `duration_unit`
 * MINUTES, HOURS, DAYS or PERMANENT, `private_comment`), RESTRICTION (`duration_days`), SET_SKILL
 * (`skill_id`, `skill_value`), SET_SKILL_FROM_OUTPUT_FIELD (`from_field`: a collector's value),
 * APPROVE_ALL_ASSIGNMENTS and REJECT_ALL_ASSIGNMENTS (the Toloker's submitted work in the pool).
 *
 * ASSIGNMENTS_ASSESSMENT runs on the requester's verdicts instead (accepting or rejecting, by hand
 * or by a rule): `pending_assignments_count`, `accepted_assignments_count` and
 * `rejected_assignments_count` of the assignment's task suite, and `assessment_event` ACCEPT,
 * ACCEPT_AFTER_REJECT or REJECT. Its action CHANGE_OVERLAP (`delta`, `open_pool`) raises the
 * overlap of the suite's tasks: toloka-kit's recipe for giving rejected work to someone else.
 * USERS_ASSESSMENT runs when a Toloker who worked in the pool loses access to it: a ban by a rule
 * (`pool_access_revoked_reason` RESTRICTION) or a skill change the filter shuts them out by
 * (SKILL_CHANGE, `skill_id`); its CHANGE_OVERLAP raises the overlap of all they submitted there.
 * ACCEPTANCE_RATE (on verdicts too: `total_assignments_count` reviewed, `accepted_assignments_rate`,
 * `rejected_assignments_rate`; all of them without `history_size`) and INCOME (on submits:
 * `income_sum_for_last_24_hours`, the rewards of what the Toloker submitted in the pool then).
 * Other collectors and actions are kept and not run (README, known differences).
 */

/** A collector's values by condition key (numbers; ASSIGNMENTS_ASSESSMENT's `assessment_event` is a name). */
type Values = Record<string, number | string>;

const UNIT_MS: Readonly<Record<string, number>> = { MINUTES: 60_000, HOURS: 3_600_000, DAYS: 86_400_000 };

const num = (x: unknown, fallback: number) => (typeof x === 'number' && Number.isFinite(x) ? x : fallback);
const percent = (part: number, whole: number) => (whole === 0 ? 0 : Math.round((part * 10000) / whole) / 100);

const answered = (a: Assignment) => a.status === 'SUBMITTED' || a.status === 'ACCEPTED';

/** The three answer counts of a collector, from (correct, total). */
function answerValues(correct: number, total: number, prefix = ''): Values {
  return {
    [`${prefix}total_answers_count`]: total,
    [`${prefix}correct_answers_rate`]: percent(correct, total),
    [`${prefix}incorrect_answers_rate`]: percent(total - correct, total),
  };
}

/** The work a pool with rules got, by Toloker ("pool user") and by task: what the collectors read. */
interface Index {
  readonly byUser: Map<string, Assignment[]>;
  readonly byTask: Map<string, Assignment[]>;
  readonly bySuite: Map<string, Assignment[]>;
}

/** Whether the pool has a rule of this collector. */
function hasCollector(pool: Pool, type: string): boolean {
  return (configsOf(pool) ?? []).some((c) => isObject(c) && isObject(c.collector_config) && c.collector_config.type === type);
}

function configsOf(pool: Pool | undefined): unknown[] | undefined {
  const qc = pool?.form.quality_control;
  return isObject(qc) && Array.isArray(qc.configs) && qc.configs.length > 0 ? qc.configs : undefined;
}

/** MAJORITY_VOTE: the Toloker's last answers to tasks whose most given answer has `threshold` votes (and no tie), against that answer. */
function majority(index: Index, mine: Assignment[], threshold: number, history: number): Values {
  const judged: boolean[] = [];
  for (const x of mine.filter(answered)) {
    x.tasks.forEach((task, i) => {
      const votes = new Map<string, number>();
      for (const y of index.byTask.get(task.id) ?? []) {
        if (!answered(y)) continue;
        const j = y.tasks.findIndex((t) => t.id === task.id);
        const key = JSON.stringify(y.solutions?.[j]?.output_values ?? {});
        votes.set(key, (votes.get(key) ?? 0) + 1);
      }
      const [top, second] = [...votes].sort((p, q) => q[1] - p[1]);
      if (!top || top[1] < threshold || second?.[1] === top[1]) return;
      judged.push(JSON.stringify(x.solutions?.[i]?.output_values ?? {}) === top[0]);
    });
  }
  const last = judged.slice(-history);
  return answerValues(last.filter(Boolean).length, last.length);
}

export class QualityControl {
  readonly #tolokers: Tolokers;
  readonly #crowd: () => Crowd;
  readonly #now: () => number;
  #index = new WeakMap<Account, Index>();

  constructor(tolokers: Tolokers, crowd: () => Crowd, now: () => number) {
    this.#tolokers = tolokers;
    this.#crowd = crowd;
    this.#now = now;
    tolokers.watchSkills = (account, userId, skillId, change) => this.#revoking(account, userId, { pool_access_revoked_reason: 'SKILL_CHANGE', skill_id: skillId }, change);
  }

  /**
   * Runs `change` (a ban by a rule, or a skill changed), then USERS_ASSESSMENT in each pool with
   * that rule the Toloker worked in, could take before and cannot now (docs: restore-task-overlap).
   */
  #revoking<T>(account: Account, userId: string, values: Values, change: () => T): T {
    const index = this.#index.get(account);
    const now = this.#now();
    const watched = (p: Pool) => index!.byUser.has(`${p.id} ${userId}`) && hasCollector(p, 'USERS_ASSESSMENT') && this.#tolokers.admits(account, p, userId, now);
    const before = index ? [...account.pools.values()].filter(watched) : [];
    const result = change();
    for (const pool of before) {
      const mine = index!.byUser.get(`${pool.id} ${userId}`)!;
      if (this.#tolokers.admits(account, pool, userId, now)) continue;
      this.#apply(account, pool, userId, mine, (collector) => (collector.type === 'USERS_ASSESSMENT' ? values : undefined), mine.filter(answered));
    }
    return result;
  }

  /**
   * The crowd's event: an assignment taken in a pool with rules is counted from then on (rules
   * added to a pool later count the work after them); a submit, skip or expiry runs the rules.
   */
  assignment(account: Account, a: Assignment, event: string): void {
    const pool = account.pools.get(a.poolId);
    const configs = configsOf(pool);
    if (!pool || !configs) return;
    let index = this.#index.get(account);
    if (event === 'CREATED') {
      if (!index) this.#index.set(account, (index = { byUser: new Map(), byTask: new Map(), bySuite: new Map() }));
      const push = (map: Map<string, Assignment[]>, key: string) => (map.get(key) ?? map.set(key, []).get(key)!).push(a);
      push(index.byUser, `${a.poolId} ${a.userId}`);
      push(index.bySuite, a.taskSuiteId);
      for (const task of a.tasks) push(index.byTask, task.id);
      return;
    }
    if (event !== 'SUBMITTED' && event !== 'SKIPPED' && event !== 'EXPIRED' && event !== 'APPROVED' && event !== 'REJECTED') return;
    const mine = index?.byUser.get(`${a.poolId} ${a.userId}`);
    if (!index || !mine) return;
    this.#apply(account, pool, a.userId, mine, (collector) => this.#collect(index, collector, mine, event, a), [a]);
  }

  /** Every rule of the pool whose collector counts this (`collect`) and whose conditions all hold acts; CHANGE_OVERLAP on `suites`. */
  #apply(account: Account, pool: Pool, userId: string, mine: Assignment[], collect: (collector: Record<string, unknown>) => Values | undefined, suites: Assignment[]): void {
    for (const config of configsOf(pool) ?? []) {
      if (!isObject(config) || !isObject(config.collector_config) || !Array.isArray(config.rules)) continue;
      const values = collect(config.collector_config);
      if (!values) continue;
      for (const rule of config.rules) {
        if (!isObject(rule) || !Array.isArray(rule.conditions) || !isObject(rule.action)) continue;
        const hold = rule.conditions.every((c) => {
          if (!isObject(c) || typeof c.key !== 'string' || !Object.hasOwn(values, c.key)) return false;
          // An operator the rules do not have never holds.
          return compare(c.operator, values[c.key]!, c.value) ?? false;
        });
        if (hold) this.#act(account, pool, userId, rule.action, values, mine, suites);
      }
    }
  }

  /** A collector's values for the Toloker's assignments in the pool (in the order they were taken); undefined when it does not count this event. */
  #collect(index: Index, collector: Record<string, unknown>, mine: Assignment[], event: string, a: Assignment): Values | undefined {
    const params = isObject(collector.parameters) ? collector.parameters : {};
    const history = Math.max(1, num(params.history_size, 10));
    // Only ASSIGNMENTS_ASSESSMENT and ACCEPTANCE_RATE count the requester's verdicts.
    if ((event === 'APPROVED' || event === 'REJECTED') !== (collector.type === 'ASSIGNMENTS_ASSESSMENT' || collector.type === 'ACCEPTANCE_RATE')) return undefined;
    switch (collector.type) {
      case 'ACCEPTANCE_RATE': {
        // kit: "If history_size is omitted, all Toloker's assignments are counted."
        const reviewed = mine.filter((x) => x.status === 'ACCEPTED' || x.status === 'REJECTED').slice(-num(params.history_size, Number.POSITIVE_INFINITY));
        const accepted = reviewed.filter((x) => x.status === 'ACCEPTED').length;
        return { total_assignments_count: reviewed.length, accepted_assignments_rate: percent(accepted, reviewed.length), rejected_assignments_rate: percent(reviewed.length - accepted, reviewed.length) };
      }
      case 'INCOME': {
        if (event !== 'SUBMITTED') return undefined;
        const since = a.submitted! - 86_400_000;
        const earned = mine.filter((x) => answered(x) && x.submitted! > since).reduce((sum, x) => sum + x.reward, 0);
        return { income_sum_for_last_24_hours: Math.round(earned * 1e6) / 1e6 };
      }
      case 'ASSIGNMENTS_ASSESSMENT': {
        const suite = index.bySuite.get(a.taskSuiteId) ?? [a];
        const count = (status: Assignment['status']) => suite.filter((x) => x.status === status).length;
        const assessment = event === 'REJECTED' ? 'REJECT' : a.rejected === undefined ? 'ACCEPT' : 'ACCEPT_AFTER_REJECT';
        return { pending_assignments_count: count('SUBMITTED'), accepted_assignments_count: count('ACCEPTED'), rejected_assignments_count: count('REJECTED'), assessment_event: assessment };
      }
      case 'ASSIGNMENT_SUBMIT_TIME': {
        if (event !== 'SUBMITTED') return undefined;
        const fastMs = num(params.fast_submit_threshold_seconds, 0) * 1000;
        const last = mine.filter((x) => x.submitted !== undefined).slice(-history);
        return { total_submitted_count: last.length, fast_submitted_count: last.filter((x) => x.submitted! - x.created < fastMs).length };
      }
      case 'SKIPPED_IN_ROW_ASSIGNMENTS': {
        if (event !== 'SKIPPED') return undefined;
        let n = 0;
        for (let i = mine.length - 1; i >= 0 && mine[i]!.status === 'SKIPPED'; i--) n++;
        return { skipped_in_row_count: n };
      }
      case 'ANSWER_COUNT':
        return event === 'SUBMITTED' ? { assignments_accepted_count: mine.filter(answered).length } : undefined;
      case 'GOLDEN_SET': {
        if (event !== 'SUBMITTED') return undefined;
        const answers: boolean[] = [];
        for (const x of mine.filter(answered)) {
          x.tasks.forEach((task, i) => {
            const known = knownAnswer(task);
            if (known) answers.push(matches(x, i, known));
          });
        }
        const last = answers.slice(-history);
        const correct = last.filter(Boolean).length;
        return { ...answerValues(correct, last.length), ...answerValues(correct, last.length, 'golden_set_'), golden_set_answers_count: last.length };
      }
      case 'MAJORITY_VOTE':
        return event === 'SUBMITTED' ? majority(index, mine, Math.max(1, num(params.answer_threshold, 2)), history) : undefined;
      default:
        return undefined;
    }
  }

  #act(account: Account, pool: Pool, userId: string, action: Record<string, unknown>, values: Values, mine: Assignment[], suites: Assignment[]): void {
    const p = isObject(action.parameters) ? action.parameters : {};
    const now = this.#now();
    switch (action.type) {
      case 'CHANGE_OVERLAP':
        if (typeof p.delta !== 'number' || !Number.isInteger(p.delta)) return;
        for (const a of suites) this.#crowd().raiseOverlap(account, a, p.delta, p.open_pool === true);
        return;
      case 'RESTRICTION_V2':
      case 'RESTRICTION': {
        const scope = p.scope === 'POOL' || p.scope === 'PROJECT' || p.scope === 'ALL_PROJECTS' ? p.scope : 'PROJECT';
        const ms = action.type === 'RESTRICTION' ? (typeof p.duration_days === 'number' ? p.duration_days * UNIT_MS.DAYS! : undefined) : p.duration_unit === 'PERMANENT' ? undefined : num(p.duration, 1) * (UNIT_MS[String(p.duration_unit)] ?? UNIT_MS.DAYS!);
        const ban = {
          scope,
          user_id: userId,
          project_id: scope === 'PROJECT' ? pool.project_id : undefined,
          pool_id: scope === 'POOL' ? pool.id : undefined,
          private_comment: typeof p.private_comment === 'string' ? p.private_comment : undefined,
          will_expire: ms === undefined ? undefined : tolokaTime(now + ms),
        } as const;
        // A ban by a rule: USERS_ASSESSMENT's RESTRICTION in the pools it shuts the Toloker out of.
        this.#revoking(account, userId, { pool_access_revoked_reason: 'RESTRICTION' }, () => this.#tolokers.setRestriction(account, ban, now));
        return;
      }
      case 'SET_SKILL':
      case 'SET_SKILL_FROM_OUTPUT_FIELD': {
        const value = action.type === 'SET_SKILL' ? p.skill_value : values[String(p.from_field)];
        if (typeof p.skill_id !== 'string' || typeof value !== 'number' || !this.#tolokers.skills.exists(account, p.skill_id)) return;
        this.#tolokers.setUserSkill(account, { skill_id: p.skill_id, user_id: userId, value: Math.min(100, Math.max(0, value)) }, now);
        return;
      }
      case 'APPROVE_ALL_ASSIGNMENTS':
      case 'REJECT_ALL_ASSIGNMENTS': {
        const comment = typeof p.public_comment === 'string' ? p.public_comment : 'Rejected by quality control';
        for (const x of mine) if (x.status === 'SUBMITTED') this.#crowd().review(account, x, action.type === 'APPROVE_ALL_ASSIGNMENTS' ? 'ACCEPTED' : 'REJECTED', action.type === 'APPROVE_ALL_ASSIGNMENTS' ? undefined : comment);
        return;
      }
      default:
    }
  }

  /** A new generation: nothing counted is kept. */
  reset(): void {
    this.#index = new WeakMap();
  }
}
