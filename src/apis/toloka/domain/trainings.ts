import type { Account, Assignment, Pool } from '../model.js';
import { knownAnswer, matches } from './answers.js';
import { isObject } from './validation.js';

/** One Toloker's work in one training: task suites done, and their answers to the tasks with known answers. */
interface Result {
  suites: number;
  correct: number;
  total: number;
}

/**
 * Training pools (docs: guide trainings; OAS `TrainingRequirement`): a pool whose
 * `quality_control.training_requirement` names a training lets in only the Tolokers who did
 * the training's task suites (`task_suites_required_to_pass` suites of
 * `training_tasks_in_task_suite_count` tasks; the stand issues a task as a suite of one, so
 * that many tasks, at most all the training has) with at least `training_passing_skill_value`
 * percent of their answers right (a training task's known solution; "only the first answer of
 * the Toloker in each task is taken into account", and the stand's Tolokers answer a task once).
 */
export class Trainings {
  #byAccount = new WeakMap<Account, Map<string, Result>>();

  /** The crowd's event: a submitted assignment of a training counts. */
  assignment(account: Account, a: Assignment, event: string): void {
    if (event !== 'SUBMITTED' || !account.pools.get(a.poolId)?.training) return;
    let results = this.#byAccount.get(account);
    if (!results) this.#byAccount.set(account, (results = new Map()));
    const key = `${a.poolId} ${a.userId}`;
    const r = results.get(key) ?? { suites: 0, correct: 0, total: 0 };
    results.set(key, r);
    r.suites += a.tasks.length;
    a.tasks.forEach((task, i) => {
      const known = knownAnswer(task);
      if (!known) return;
      r.total++;
      if (matches(a, i, known)) r.correct++;
    });
  }

  /** Whether the Toloker may take the pool's tasks as far as its training requirement goes (none: yes; a training that is not there: yes). */
  passed(account: Account, pool: Pool, userId: string): boolean {
    const qc = pool.form.quality_control;
    const req = isObject(qc) && isObject(qc.training_requirement) ? qc.training_requirement : undefined;
    if (!req) return true;
    const training = account.pools.get(String(req.training_pool_id));
    if (!training?.training) return true;
    const r = this.#byAccount.get(account)?.get(`${training.id} ${userId}`);
    const perSuite = Math.max(1, Number(training.form.training_tasks_in_task_suite_count) || 1);
    const suites = typeof training.form.task_suites_required_to_pass === 'number' ? training.form.task_suites_required_to_pass : 1;
    const need = Math.min(Math.max(1, suites * perSuite), Math.max(1, training.itemCount));
    if (!r || r.suites < need) return false;
    const rate = r.total === 0 ? 100 : (100 * r.correct) / r.total;
    return rate >= (typeof req.training_passing_skill_value === 'number' ? req.training_passing_skill_value : 0);
  }

  /** A new generation: no results are kept. */
  reset(): void {
    this.#byAccount = new WeakMap();
  }
}
