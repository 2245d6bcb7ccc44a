import { errors, fieldError } from '../errors.js';
import type { Account, Assignment, LogEntry, Operation, OperationStatus } from '../model.js';
import type { TolokaPlan } from '../plan.js';
import type { AggregateForm } from './forms.js';
import type { ListSpec } from './lists.js';
import type { Operations } from './operations.js';

/** One task's aggregated answer (docs: AggregatedSolutionViewV1). */
export interface AggregatedSolution {
  readonly pool_id: string;
  readonly task_id: string;
  readonly confidence: number;
  readonly output_values: Record<string, unknown>;
}

/** GET /aggregated-solutions/{operation_id}: task_id_* filters, sort by task_id (toloka-kit pages with task_id_gt). */
export const SOLUTION_LIST: ListSpec<AggregatedSolution> = {
  id: (s) => s.task_id,
  idName: 'task_id',
  times: {},
  equals: {},
  defaultLimit: 50,
  maxLimit: 100_000,
};

/** One Toloker's answer to one task's aggregated fields, as a key (JSON) and its value. */
interface Vote {
  readonly worker: string;
  readonly key: string;
  readonly value: Record<string, unknown>;
}

/**
 * Aggregation of the crowd's answers (docs: aggregated solutions): by pool, a SOLUTION.AGGREGATE
 * operation whose results are read with GET /aggregated-solutions/{operation_id}; by task, at
 * once. Answers are the submitted and accepted assignments' (rejected ones are left out), over
 * the `fields` asked for.
 * - WEIGHTED_DYNAMIC_OVERLAP: a vote where each Toloker weighs 1 (the stand has no skills to
 *   weigh by); the confidence is the winner's share of the votes.
 * - DAWID_SKENE: the Dawid-Skene EM estimate of each Toloker's confusion matrix and of the
 *   labels; the confidence is the posterior probability of the label chosen.
 */
export class Aggregation {
  readonly #operations: Operations;
  #results = new WeakMap<Operation, AggregatedSolution[]>();
  readonly #forms = new WeakMap<Operation, AggregateForm>();

  constructor(operations: Operations) {
    this.#operations = operations;
  }

  #check(account: Account, form: AggregateForm): void {
    const pool = account.pools.get(form.pool_id);
    if (!pool) throw errors.validation({ pool_id: fieldError('ENTITY_DOES_NOT_EXIST') });
    const output = account.projects.get(pool.project_id)?.form.task_spec.output_spec ?? {};
    const problems: Record<string, { code: string; message: string }> = {};
    form.fields.forEach((f, i) => {
      if (!Object.hasOwn(output, f.name)) problems[`fields.${i}.name`] = fieldError('VALUE_NOT_ALLOWED', `The project has no output field "${f.name}"`);
    });
    if (form.type === 'DAWID_SKENE' && form.fields.length > 1) problems.fields = fieldError('ARRAY_SIZE_GREATER_THAN_MAX', 'DAWID_SKENE aggregates one field');
    if (Object.keys(problems).length > 0) throw errors.validation(problems);
  }

  /** POST /aggregated-solutions/aggregate-by-pool: a SOLUTION.AGGREGATE operation. */
  byPool(account: Account, form: AggregateForm, plan: TolokaPlan, failure: { message: string | undefined } | undefined, now: number): Operation {
    this.#check(account, form);
    const parameters = aggregationParameters(account, form);
    const op = this.#operations.launch(account, { type: 'SOLUTION.AGGREGATE', parameters, plan, poolId: form.pool_id, failure }, now);
    this.#forms.set(op, form);
    return op;
  }

  finish(account: Account, op: Operation): { status: OperationStatus; log: LogEntry[] } {
    if (op.failure) return { status: 'FAIL', log: [this.#operations.failedStep('SOLUTION_AGGREGATE', op.parameters, 'OPERATION_EXECUTION_ERROR', op.failure.message ?? 'Operation execution failed')] };
    const form = this.#forms.get(op)!;
    this.#results.set(op, aggregate(account, form, undefined));
    op.details = {};
    return { status: 'SUCCESS', log: [] };
  }

  /** POST /aggregated-solutions/aggregate-by-task: one task's aggregated answer now. */
  byTask(account: Account, form: AggregateForm & { task_id: string }): AggregatedSolution {
    this.#check(account, form);
    const [solution] = aggregate(account, form, form.task_id);
    if (!solution) throw errors.notFound('answered task', form.task_id);
    return solution;
  }

  /** The results of an ended SOLUTION.AGGREGATE operation of the account. */
  results(account: Account, operationId: string): AggregatedSolution[] {
    const op = this.#operations.get(account, operationId);
    const results = op.type === 'SOLUTION.AGGREGATE' ? this.#results.get(op) : undefined;
    if (!results) throw errors.notFound('aggregation result', operationId);
    return results;
  }
}

/** The votes on each task of the pool (or the one task), in task id order. */
function votes(account: Account, form: AggregateForm, onlyTask: string | undefined): Map<string, Vote[]> {
  const out = new Map<string, Vote[]>();
  const names = form.fields.map((f) => f.name);
  const counted = (a: Assignment) => a.poolId === form.pool_id && (a.status === 'SUBMITTED' || a.status === 'ACCEPTED') && a.solutions !== undefined;
  for (const a of account.assignments.values()) {
    if (!counted(a)) continue;
    a.tasks.forEach((task, i) => {
      if (onlyTask !== undefined && task.id !== onlyTask) return;
      const answer = a.solutions![i]?.output_values ?? {};
      const value = Object.fromEntries(names.map((n) => [n, answer[n]]));
      let list = out.get(task.id);
      if (!list) out.set(task.id, (list = []));
      list.push({ worker: a.userId, key: JSON.stringify(value), value });
    });
  }
  return new Map([...out].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function aggregate(account: Account, form: AggregateForm, onlyTask: string | undefined): AggregatedSolution[] {
  const byTask = votes(account, form, onlyTask);
  const decided = form.type === 'DAWID_SKENE' ? dawidSkene(byTask) : majority(byTask);
  return [...decided].map(([task_id, d]) => ({ pool_id: form.pool_id, task_id, confidence: round(d.confidence), output_values: d.value }));
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

type Decision = { value: Record<string, unknown>; confidence: number };

/** The most voted answer of each task (ties: the answer first given), with its share of the votes. */
function majority(byTask: Map<string, Vote[]>): Map<string, Decision> {
  const out = new Map<string, Decision>();
  for (const [task, list] of byTask) {
    const counts = new Map<string, { n: number; value: Record<string, unknown> }>();
    for (const v of list) {
      const c = counts.get(v.key);
      if (c) c.n++;
      else counts.set(v.key, { n: 1, value: v.value });
    }
    let best = { n: 0, value: {} as Record<string, unknown> };
    for (const c of counts.values()) if (c.n > best.n) best = c;
    out.set(task, { value: best.value, confidence: best.n / list.length });
  }
  return out;
}

/**
 * Dawid & Skene (1979): EM over the labels' posteriors and each Toloker's confusion matrix,
 * started from the majority vote; 50 rounds at most, with additive smoothing of the counts.
 */
function dawidSkene(byTask: Map<string, Vote[]>): Map<string, Decision> {
  const labels = [...new Set([...byTask.values()].flat().map((v) => v.key))].sort();
  const values = new Map([...byTask.values()].flat().map((v) => [v.key, v.value]));
  const L = labels.length;
  const index = new Map(labels.map((l, i) => [l, i]));
  const tasks = [...byTask.keys()];
  // Posteriors, started from the vote shares.
  let post = tasks.map((t) => {
    const p = new Array<number>(L).fill(0);
    for (const v of byTask.get(t)!) p[index.get(v.key)!]! += 1;
    const sum = p.reduce((a, b) => a + b, 0);
    return p.map((x) => x / sum);
  });
  for (let round = 0; round < 50; round++) {
    // M step: class priors and confusion matrices (true label -> given label), smoothed.
    const prior = new Array<number>(L).fill(0.01);
    const confusion = new Map<string, number[][]>();
    tasks.forEach((t, ti) => {
      const p = post[ti]!;
      p.forEach((x, k) => (prior[k]! += x));
      for (const v of byTask.get(t)!) {
        let m = confusion.get(v.worker);
        if (!m) confusion.set(v.worker, (m = Array.from({ length: L }, () => new Array<number>(L).fill(0.01))));
        const given = index.get(v.key)!;
        p.forEach((x, k) => (m![k]![given]! += x));
      }
    });
    const priorSum = prior.reduce((a, b) => a + b, 0);
    for (const m of confusion.values()) for (const row of m) {
      const s = row.reduce((a, b) => a + b, 0);
      row.forEach((x, j) => (row[j] = x / s));
    }
    // E step: each task's posterior over the true label.
    let moved = 0;
    const next = tasks.map((t, ti) => {
      const logp = prior.map((x) => Math.log(x / priorSum));
      for (const v of byTask.get(t)!) {
        const m = confusion.get(v.worker)!;
        const given = index.get(v.key)!;
        for (let k = 0; k < L; k++) logp[k]! += Math.log(m[k]![given]!);
      }
      const max = Math.max(...logp);
      const e = logp.map((x) => Math.exp(x - max));
      const s = e.reduce((a, b) => a + b, 0);
      const p = e.map((x) => x / s);
      p.forEach((x, k) => (moved = Math.max(moved, Math.abs(x - post[ti]![k]!))));
      return p;
    });
    post = next;
    if (moved < 1e-6) break;
  }
  const out = new Map<string, Decision>();
  tasks.forEach((t, ti) => {
    const p = post[ti]!;
    let best = 0;
    for (let k = 1; k < L; k++) if (p[k]! > p[best]!) best = k;
    out.set(t, { value: values.get(labels[best]!)!, confidence: p[best]! });
  });
  return out;
}

/**
 * A SOLUTION.AGGREGATE operation's `parameters`, as the OAS examples of each algorithm show them
 * (responses/api/aggregated-solution-pool.yaml): the pool, its name and project, the requester,
 * then DAWID_SKENE's input and output fields, or WEIGHTED_DYNAMIC_OVERLAP's fields and skill
 * (a number there, as the example's 12648).
 */
function aggregationParameters(account: Account, form: AggregateForm): Record<string, unknown> {
  const pool = account.pools.get(form.pool_id)!;
  const common = {
    pool_id: form.pool_id,
    algorithm: form.type,
    pool_name: typeof pool.form.private_name === 'string' ? pool.form.private_name : '',
    project_id: pool.project_id,
  };
  if (form.type === 'DAWID_SKENE') {
    const inputs = Object.keys(account.projects.get(pool.project_id)?.form.task_spec.input_spec ?? {});
    return { ...common, input_fields: inputs, requester_id: account.requester.id, missing_output_fields: [], aggregated_output_fields: form.fields.map((f) => f.name) };
  }
  const skill = form.answer_weight_skill_id;
  return { ...common, requester_id: account.requester.id, aggregated_fields: form.fields, answer_weight_skill_id: skill !== undefined && /^\d{1,15}$/.test(skill) ? Number(skill) : skill };
}
