import { hashString } from '../../../core/random.js';
import type { ProgressRow } from '../../../admin/wire.js';
import type { ApiContext } from '../../api.js';
import { assignmentLifecycle, type Account, type Assignment, type AssignmentStatus, type Pool, type StoredObject } from '../model.js';
import { countAnswer, dynamicOverlapOf } from './dynamic-overlap.js';
import { rewardFor } from './dynamic-pricing.js';
import { available, pay, release, reserve } from './balance.js';
import { capacityOf, count, freed, hasRoom, mayTake, newPoolCrowd, sample, settle, settleView, unitsOf, type AccountCrowd, type PoolCrowd, type Unit, type Worker } from './crowd-pools.js';
import { mix, mixerOf, ordered } from './mixer.js';
import type { CrowdPlan } from '../plan.js';
import { answers } from './answers.js';
import type { ObjectFactory } from './objects.js';
import type { Pools } from './pools.js';

/** What the crowd tells the rest of the API (webhook subscriptions listen). */
export interface CrowdEvents {
  assignment(account: Account, assignment: Assignment, event: 'CREATED' | 'SUBMITTED' | 'APPROVED' | 'REJECTED' | 'SKIPPED' | 'EXPIRED'): void;
  poolClosed(account: Account, pool: Pool): void;
}

/** What the crowd asks of the Tolokers' records (domain/tolokers.ts). */
export interface CrowdAccess {
  /** Whether a Toloker may take a pool's tasks now (bans, trainings, the pool's filter). */
  admits(account: Account, pool: Pool, userId: string, now: number): boolean;
  /** A Toloker's value of a skill now (a pool's dynamic pricing). */
  skillValue(account: Account, userId: string, skillId: string, now: number): number | undefined;
}

/** Worker ids: 32 hex digits made from the seed (the same Tolokers in every run of a seed). */
export function workerId(i: number, seed: number): string {
  let out = '';
  for (let k = 0; out.length < 32; k++) out += hashString(`toloka worker ${i}#${k}`, seed).toString(16).padStart(8, '0');
  return out;
}

/**
 * The simulated crowd (issue 21): Tolokers take the task suites of the account's open pools one
 * after another on the stand's clock, deterministically from the seed. A Toloker takes a suite
 * (ACTIVE), works `solveMs`, then submits it with answers from the project's output spec (or
 * skips it, or leaves it to expire, at the scenario's shares); takes the next `takeMs` later.
 * Overlap is honoured, nobody gets a task twice, `reserved_for`/`unavailable_for` are respected,
 * and a pool whose tasks all reached their overlap closes itself (COMPLETED). Submitted work is
 * accepted at once with `auto_accept_solutions`, else after `auto_accept_period_day` days if
 * nobody reviewed it.
 */
export class Crowd {
  readonly #ctx: ApiContext;
  readonly #pools: Pools;
  readonly #objects: ObjectFactory;
  readonly #events: CrowdEvents;
  readonly #access: CrowdAccess;
  #crowds = new WeakMap<Account, AccountCrowd>();

  constructor(ctx: ApiContext, pools: Pools, objects: ObjectFactory, events: CrowdEvents, access: CrowdAccess) {
    this.#ctx = ctx;
    this.#pools = pools;
    this.#objects = objects;
    this.#events = events;
    this.#access = access;
  }

  #plan(): CrowdPlan {
    return this.#ctx.scenarios.active.toloka.crowd;
  }

  #random() {
    return this.#ctx.ids.random('toloka-crowd');
  }

  #crowd(account: Account): AccountCrowd {
    let crowd = this.#crowds.get(account);
    if (!crowd) {
      crowd = { workers: [], pools: new Map(), unitOf: new Map() };
      this.#crowds.set(account, crowd);
    }
    const want = this.#plan().workers;
    for (let i = crowd.workers.length; i < want; i++) {
      const id = workerId(i, this.#ctx.config.seed);
      crowd.workers.push({ id, busy: false });
      account.users.add(id);
    }
    return crowd;
  }

  /** The account's Tolokers are known from now on (a skill or a ban may name one before they work). */
  enlist(account: Account): void {
    this.#crowd(account);
  }

  /** A task or task suite was created: it is issued from now on (when its pool is open). */
  added(account: Account, obj: StoredObject): void {
    if (!obj.poolId || obj.userId !== undefined) return;
    const crowd = this.#crowd(account);
    let pool = crowd.pools.get(obj.poolId);
    if (!pool) crowd.pools.set(obj.poolId, (pool = newPoolCrowd()));
    pool.waiting.push(obj);
    pool.lastAddedAt = this.#ctx.clock.now();
    // What its unit would write on it now (nothing is done of it yet).
    settleView(obj, 0);
    this.wake(account);
  }

  /** The unit of a task or suite, if it has one (its pool's waiting tasks made units first). */
  #unitOf(account: Account, obj: StoredObject): Unit | undefined {
    const crowd = this.#crowd(account);
    const pool = obj.poolId === undefined ? undefined : crowd.pools.get(obj.poolId);
    if (pool) unitsOf(crowd, pool);
    return crowd.unitOf.get(obj);
  }

  /**
   * Another scenario became active: an account with work for the crowd gets the Tolokers the new
   * one plans (idle ones come for open work). Accounts the crowd never had work in are left alone.
   */
  scenarioChanged(account: Account): void {
    if (this.#crowds.has(account)) this.wake(account);
  }

  /** There may be work now (a pool opened, tasks were added, an overlap grew): idle Tolokers come for it. */
  wake(account: Account): void {
    const crowd = this.#crowd(account);
    for (const w of crowd.workers) if (!w.busy) this.#later(account, w, this.#plan().takeMs);
  }

  /** The Toloker takes the next suite `spec` from now (or goes idle when there is none then). */
  #later(account: Account, worker: Worker, spec: CrowdPlan['takeMs']): void {
    worker.busy = true;
    const ms = durationMs(spec, this.#random());
    this.#ctx.scheduler.at(this.#ctx.clock.now() + ms, () => this.#take(account, worker), `toloka crowd ${worker.id.slice(0, 8)}`);
  }

  #take(account: Account, worker: Worker): void {
    const found = this.#next(account, worker);
    if (found === undefined) {
      worker.busy = false;
      return;
    }
    if (typeof found === 'number') {
      // A forced last suite waits for its delay: the Toloker looks again then.
      this.#ctx.scheduler.at(found, () => this.#take(account, worker), `toloka crowd ${worker.id.slice(0, 8)}`);
      return;
    }
    const { pool, units } = found;
    const plan = this.#plan();
    const now = this.#ctx.clock.now();
    const reward = rewardFor(pool, (skillId) => this.#access.skillValue(account, worker.id, skillId, now));
    if (reward > available(account)) {
      // docs (OAS Pool.last_close_reason): NOT_ENOUGH_BALANCE, "Closed automatically because the
      // Toloka account ran out of funds": the next assignment's reward cannot be reserved.
      this.#pools.close(pool, 'NOT_ENOUGH_BALANCE', now);
      this.#events.poolClosed(account, pool);
      this.#take(account, worker);
      return;
    }
    reserve(account, reward);
    const unit = units[0]!;
    for (const u of units) {
      u.issued++;
      u.by.add(worker.id);
    }
    unit.pool.active++;
    const mixed = !Array.isArray(unit.obj.view.tasks);
    const assignment: Assignment = {
      id: this.#objects.objectId(pool.id, now),
      poolId: pool.id,
      // A task is issued in a suite the mixer makes for the assignment; a suite is issued as it is.
      taskSuiteId: mixed ? this.#objects.objectId(pool.id, now) : unit.obj.id,
      mixed,
      tasks: units.length === 1 ? unit.tasks : units.flatMap((u) => u.tasks),
      userId: worker.id,
      status: 'ACTIVE',
      updatedAt: now,
      reward,
      created: now,
      submitted: undefined,
      accepted: undefined,
      rejected: undefined,
      skipped: undefined,
      expired: undefined,
      solutions: undefined,
      public_comment: undefined,
    };
    account.assignments.set(assignment.id, assignment);
    if (mixed) account.mixedSuites.set(assignment.taskSuiteId, assignment);
    count(unit.pool, undefined, 'ACTIVE');
    this.#events.assignment(account, assignment, 'CREATED');
    const random = this.#random();
    const roll = random.float();
    const solve = durationMs(plan.solveMs, random);
    if (roll < plan.skipShare) {
      this.#at(Math.max(1, Math.floor(solve / 4)), () => {
        this.#end(account, assignment, units, 'SKIPPED');
        this.#later(account, worker, plan.takeMs);
      });
    } else if (roll < plan.skipShare + plan.expireShare) {
      const limit = typeof pool.form.assignment_max_duration_seconds === 'number' ? pool.form.assignment_max_duration_seconds * 1000 : solve;
      this.#at(limit, () => this.#end(account, assignment, units, 'EXPIRED'));
      this.#at(solve, () => this.#later(account, worker, plan.takeMs));
    } else {
      this.#at(solve, () => {
        this.#end(account, assignment, units, 'SUBMITTED');
        this.#later(account, worker, plan.takeMs);
      });
    }
  }

  #at(ms: number, task: () => void): void {
    this.#ctx.scheduler.at(this.#ctx.clock.now() + ms, task, 'toloka crowd');
  }

  /**
   * The first suite the Toloker may take: open pools by priority (then id), units in issuing
   * order; in a pool with a mixer, the suite the mixer makes. When nothing is there now but a
   * forced last suite will be, the earliest time to look again.
   */
  #next(account: Account, worker: Worker): { pool: Pool; units: Unit[] } | number | undefined {
    const crowd = this.#crowd(account);
    const pools = [...account.pools.values()]
      .filter((p) => p.status === 'OPEN')
      .sort((a, b) => Number(b.form.priority ?? 0) - Number(a.form.priority ?? 0) || Number(a.id) - Number(b.id));
    let retryAt: number | undefined;
    for (const pool of pools) {
      const p = crowd.pools.get(pool.id);
      if (!p || !this.#access.admits(account, pool, worker.id, this.#ctx.clock.now())) continue;
      unitsOf(crowd, p);
      const rule = mixerOf(pool);
      if (rule) {
        const done = (scope: 'POOL' | 'PROJECT') => (scope === 'POOL' ? (p.doneBy.get(worker.id) ?? 0) : this.#doneInProject(account, pool.project_id, worker.id));
        const random = this.#random();
        const mixed = mix(p, rule, worker.id, this.#ctx.clock.now(), done, random);
        if (mixed && 'units' in mixed) return { pool, units: ordered(mixed.units, rule, random) };
        if (mixed) retryAt = Math.min(retryAt ?? mixed.retryAt, mixed.retryAt);
        continue;
      }
      // Full units at the head are passed for good (until a slot of theirs is freed).
      while (p.cursor < p.units.length && !hasRoom(p.units[p.cursor]!)) p.cursor++;
      for (let i = p.cursor; i < p.units.length; i++) {
        const unit = p.units[i]!;
        if (mayTake(unit, worker.id)) return { pool, units: [unit] };
      }
    }
    return retryAt;
  }

  /** Tasks the Toloker submitted in the project's pools (a distribution function with scope PROJECT). */
  #doneInProject(account: Account, projectId: string, worker: string): number {
    let n = 0;
    for (const [id, p] of this.#crowd(account).pools) if (account.pools.get(id)?.project_id === projectId) n += p.doneBy.get(worker) ?? 0;
    return n;
  }

  /** An active assignment ends: submitted (with answers), skipped or expired. */
  #end(account: Account, a: Assignment, units: Unit[], status: 'SUBMITTED' | 'SKIPPED' | 'EXPIRED'): void {
    if (a.status !== 'ACTIVE') return;
    const now = this.#ctx.clock.now();
    const crowdPool: PoolCrowd = units[0]!.pool;
    count(crowdPool, a.status, status);
    assignmentLifecycle.moveStatus(a, status, now);
    crowdPool.active--;
    if (status === 'SUBMITTED') {
      a.submitted = now;
      const project = account.projects.get(account.pools.get(a.poolId)?.project_id ?? '');
      a.solutions = answers(a.tasks, project?.form.task_spec.output_spec ?? {}, this.#plan().accuracy, this.#random(), this.#ctx.config.seed);
      const pool = account.pools.get(a.poolId);
      const dynamic = pool && dynamicOverlapOf(pool);
      let grew = false;
      for (const unit of units) {
        unit.done++;
        // Dynamic overlap: a task whose answers disagree is issued once more (a slot freed).
        if (dynamic && unit.kind === 'real' && unit.tasks.length === 1 && countAnswer(unit, dynamic, a.solutions[a.tasks.indexOf(unit.tasks[0]!)]?.output_values ?? {})) {
          grew = true;
          freed(unit);
        }
        settle(unit);
      }
      sample(crowdPool, now, units.length);
      crowdPool.doneBy.set(a.userId, (crowdPool.doneBy.get(a.userId) ?? 0) + a.tasks.length);
      if (grew) this.wake(account);
      this.#events.assignment(account, a, 'SUBMITTED');
      // (Quality control may have reviewed it already, on the SUBMITTED event.)
      if ((a.status as AssignmentStatus) !== 'SUBMITTED') return this.#checkCompleted(account, a.poolId);
      if (pool && pool.form.auto_accept_solutions !== false) this.review(account, a, 'ACCEPTED', undefined);
      else if (pool && typeof pool.form.auto_accept_period_day === 'number') {
        this.#at(pool.form.auto_accept_period_day * 86_400_000, () => {
          if (a.status === 'SUBMITTED') this.review(account, a, 'ACCEPTED', undefined);
        });
      }
    } else {
      if (status === 'SKIPPED') a.skipped = now;
      else a.expired = now;
      release(account, a.reward);
      for (const unit of units) {
        unit.issued--;
        freed(unit);
      }
      this.#events.assignment(account, a, status);
      // The slot is free again: for another Toloker.
      this.wake(account);
    }
    this.#checkCompleted(account, a.poolId);
  }

  /** The requester's verdict on a submitted assignment (PATCH /assignments/{id}, or the automatic one). */
  review(account: Account, a: Assignment, status: 'ACCEPTED' | 'REJECTED', comment: string | undefined): void {
    const now = this.#ctx.clock.now();
    const pool = this.#crowds.get(account)?.pools.get(a.poolId);
    if (pool) count(pool, a.status, status);
    assignmentLifecycle.moveStatus(a, status, now);
    if (comment !== undefined) a.public_comment = comment;
    release(account, a.reward);
    if (status === 'ACCEPTED') {
      a.accepted = now;
      pay(account, a.reward);
      this.#events.assignment(account, a, 'APPROVED');
    } else {
      a.rejected = now;
      this.#events.assignment(account, a, 'REJECTED');
    }
  }

  /** A pool opened: the crowd comes for its tasks; one whose tasks are all done already closes again (COMPLETED). */
  opened(account: Account, pool: Pool): void {
    this.wake(account);
    this.#checkCompleted(account, pool.id);
  }

  /** An overlap changed (PATCH): more work may be there. */
  changed(account: Account, obj: StoredObject): void {
    const unit = this.#unitOf(account, obj);
    if (unit) {
      settle(unit);
      freed(unit);
      unit.pool.lastAddedAt = this.#ctx.clock.now();
    }
    this.wake(account);
  }

  /**
   * Quality control's CHANGE_OVERLAP: the assignment's task suite, or the tasks the mixer put in
   * it, get `delta` more overlap (as a PATCH of their overlap would); with `openPool` a closed
   * pool opens again.
   */
  raiseOverlap(account: Account, a: Assignment, delta: number, openPool: boolean): void {
    const suite = account.objects['task-suites'].get(a.taskSuiteId);
    const objs = suite ? [suite] : a.tasks.flatMap((t) => account.objects.tasks.get(t.id) ?? []);
    for (const obj of objs) {
      if (obj.view.infinite_overlap === true || typeof obj.view.overlap !== 'number') continue;
      obj.view.overlap = Math.max(0, obj.view.overlap + delta);
      this.changed(account, obj);
    }
    if (openPool) this.#pools.openNow(account, a.poolId, this.#ctx.clock.now());
  }

  /** docs (pools): a pool closes itself (COMPLETED) when every task reached its overlap, after auto_close_after_complete_delay_seconds. */
  #checkCompleted(account: Account, poolId: string): void {
    const pool = account.pools.get(poolId);
    if (!pool || pool.status !== 'OPEN') return;
    const crowd = this.#crowd(account);
    const p = crowd.pools.get(poolId);
    if (!p || unitsOf(crowd, p).length === 0 || p.active > 0) return;
    // A pool that mixes general tasks into its suites is done when they are (control tasks often have infinite overlap).
    const general = p.unfinishedChecks > 0 && (mixerOf(pool)?.counts.real ?? 0) > 0;
    if ((general ? p.unfinished - p.unfinishedChecks : p.unfinished) > 0 || (general && p.lanes.real.units.length === 0)) return;
    const delay = typeof pool.form.auto_close_after_complete_delay_seconds === 'number' ? pool.form.auto_close_after_complete_delay_seconds * 1000 : 0;
    const close = () => {
      if (pool.status !== 'OPEN' || account.pools.get(poolId) !== pool) return;
      this.#pools.close(pool, 'COMPLETED', this.#ctx.clock.now());
      this.#events.poolClosed(account, pool);
    };
    if (delay === 0) close();
    else this.#at(delay, close);
  }

  /**
   * What a pool's open work will cost in rewards: the general tasks' answers still to be issued
   * (their overlap less the assignments holding it; infinite overlap not counted), in
   * assignments (one per suite, or `real_tasks_count` tasks to one a mixer makes), at the pool's
   * `reward_per_assignment`. A training pays nothing.
   */
  costToFinish(account: Account, pool: Pool): number {
    const reward = pool.training ? 0 : Number(pool.form.reward_per_assignment ?? 0);
    if (!(reward > 0)) return 0;
    const crowd = this.#crowd(account);
    const p = crowd.pools.get(pool.id);
    if (!p) return 0;
    let slots = 0;
    for (const unit of unitsOf(crowd, p)) {
      const left = capacityOf(unit) - unit.issued;
      if (unit.kind === 'real' && Number.isFinite(left) && left > 0) slots += left;
    }
    const rule = mixerOf(pool);
    const perAssignment = rule ? rule.counts.real : 1;
    return perAssignment > 0 ? Math.ceil(slots / perAssignment) * reward : 0;
  }

  /** The overlap an assignment of this object may still take (for PATCH ... set-overlap-or-min). */
  used(account: Account, obj: StoredObject): number {
    return this.#unitOf(account, obj)?.issued ?? 0;
  }

  /** Each pool of the account the crowd has work in: answers done of those planned, assignments by status, done over time. */
  progress(account: Account): ProgressRow[] {
    const crowd = this.#crowds.get(account);
    if (!crowd) return [];
    return [...crowd.pools].map(([poolId, p]) => {
      const pool = account.pools.get(poolId);
      let total = 0;
      for (const u of unitsOf(crowd, p)) total += capacityOf(u);
      const iso = (ms: number) => new Date(ms).toISOString();
      return {
        key: `${account.token} ${poolId}`,
        label: `pool ${poolId} (${account.token})${pool ? `: ${String(pool.form.private_name ?? '')}` : ''}`,
        status: pool?.status ?? 'unknown',
        done: p.done,
        total: Number.isFinite(total) ? total : null,
        counts: { ...p.counts },
        history: p.history.map(([t, n]): [string, number] => [iso(t), n]),
      };
    });
  }

  /** A new generation: no account's crowd is kept (the scheduler dropped their timers). */
  reset(): void {
    this.#crowds = new WeakMap();
  }
}

/** Virtual ms of one of the crowd's durations: fixed, or drawn from [min, max]. */
export function durationMs(spec: CrowdPlan['takeMs'], random: { float(): number }): number {
  return typeof spec === 'number' ? spec : spec.min + Math.floor(random.float() * (spec.max - spec.min + 1));
}

export type { AssignmentStatus };
