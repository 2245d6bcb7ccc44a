import { isDeepStrictEqual } from 'node:util';
import type { Ids } from '../../../core/random.js';
import { errors } from '../errors.js';
import { projectLifecycle, type Account, type LogEntry, type Operation, type OperationStatus, type Project } from '../model.js';
import type { TolokaPlan } from '../plan.js';
import type { ProjectForm } from './forms.js';
import type { ListSpec } from './lists.js';
import type { Operations } from './operations.js';
import type { TimeTexts } from './time-texts.js';

/** GET /projects (docs: get-projects): status, id and created filters; sort by id, created, public_name, private_comment. */
export const PROJECT_LIST: ListSpec<Project> = {
  id: (p) => p.id,
  numericIds: true,
  times: { created: (p) => Date.parse(`${p.created}Z`) },
  equals: { status: (p) => p.status },
  texts: { public_name: (p) => String(p.form.public_name ?? ''), private_comment: (p) => String(p.form.private_comment ?? '') },
  ignored: ['owner', 'owner_id', 'owner_company_id'],
  defaultLimit: 20,
  maxLimit: 300,
};

/** toloka-kit's ProjectUpdateDifferenceLevel: what a PUT of a form would change. */
export type DifferenceLevel = 'EQUAL' | 'BREAKING_CHANGE' | 'NON_BREAKING_CHANGE';

/**
 * How far `after` differs from `before` (POST /api/staging/projects/{id}/check, toloka-kit's
 * check_update_project_for_major_version_change). Undocumented; the stand's choice (README, known
 * differences): a change that leaves tasks or answers already given invalid is breaking: an input
 * or output field removed or its spec changed, or a new field that is required (a field spec's
 * `required` defaults to true). Anything else that changes (names, instructions, the view, a new
 * optional field) is not.
 */
export function differenceLevel(before: Project['form'], after: Project['form']): DifferenceLevel {
  if (isDeepStrictEqual(before, after)) return 'EQUAL';
  for (const side of ['input_spec', 'output_spec'] as const) {
    const was = before.task_spec[side];
    const now = after.task_spec[side];
    for (const [name, spec] of Object.entries(was)) if (!Object.hasOwn(now, name) || !isDeepStrictEqual(spec, now[name])) return 'BREAKING_CHANGE';
    for (const [name, spec] of Object.entries(now)) if (!Object.hasOwn(was, name) && (spec as { required?: unknown }).required !== false) return 'BREAKING_CHANGE';
  }
  return 'NON_BREAKING_CHANGE';
}

/** What archiving a project comes to: an operation, or nothing to do (it is archived already: 204). */
export type ArchiveResult = { kind: 'operation'; op: Operation } | { kind: 'unchanged' };

/**
 * Projects (docs: projects): created ACTIVE, read, listed, replaced whole (PUT), archived by a
 * PROJECT.ARCHIVE operation once every pool of theirs is archived. A project holds its tasks'
 * input and output fields (task_spec), which its pools' tasks are validated against.
 */
export class Projects {
  readonly #ids: Ids;
  readonly #operations: Operations;
  readonly #texts: TimeTexts;

  constructor(ids: Ids, operations: Operations, texts: TimeTexts) {
    this.#ids = ids;
    this.#operations = operations;
    this.#texts = texts;
  }

  create(account: Account, form: ProjectForm, now: number): Project {
    const id = String(this.#ids.counter(`toloka-project:${account.token}`, firstFreeId(account.projects)));
    const project: Project = { id, status: 'ACTIVE', updatedAt: now, created: this.#texts.of(now), form: form as Project['form'] };
    account.projects.set(id, project);
    return project;
  }

  get(account: Account, id: string): Project {
    const project = account.projects.get(id);
    if (!project) throw errors.notFound('project', id);
    return project;
  }

  /** PUT /projects/{id}: "specify all the parameters"; an archived project cannot be edited. */
  update(account: Account, id: string, form: ProjectForm, now: number): Project {
    const project = this.get(account, id);
    if (project.status === 'ARCHIVED') throw errors.inappropriateStatus(project.status, ['ACTIVE']);
    project.form = form as Project['form'];
    project.updatedAt = now;
    return project;
  }

  /** POST /api/staging/projects/{id}/check: what PUT would change, checked as PUT checks (nothing is changed). */
  check(account: Account, id: string, form: ProjectForm): DifferenceLevel {
    const project = this.get(account, id);
    if (project.status === 'ARCHIVED') throw errors.inappropriateStatus(project.status, ['ACTIVE']);
    return differenceLevel(project.form, form as Project['form']);
  }

  /** POST /projects/{id}/archive: every pool of the project must be archived first (docs: archive-prj). */
  archive(account: Account, id: string, plan: TolokaPlan, failure: () => { message: string | undefined } | undefined, now: number): ArchiveResult {
    const project = this.get(account, id);
    if (project.status === 'ARCHIVED') return { kind: 'unchanged' };
    const open = [...account.pools.values()].filter((p) => p.project_id === id && p.status !== 'ARCHIVED');
    if (open.length > 0) throw errors.unarchivedPools(open.map((p) => p.id));
    const op = this.#operations.launch(account, { type: 'PROJECT.ARCHIVE', parameters: { project_id: id }, plan, poolId: undefined, failure: failure() }, now);
    return { kind: 'operation', op };
  }

  /** The end of a PROJECT.ARCHIVE operation. */
  finish(account: Account, op: Operation, now: number): { status: OperationStatus; log: LogEntry[] } {
    const id = String(op.parameters.project_id);
    const input = { project_id: id };
    if (op.failure) return { status: 'FAIL', log: [this.#operations.failedStep('PROJECT_ARCHIVE', input, 'OPERATION_EXECUTION_ERROR', op.failure.message ?? 'Operation execution failed')] };
    const project = account.projects.get(id);
    if (project && project.status === 'ACTIVE') projectLifecycle.moveStatus(project, 'ARCHIVED', now);
    op.details = {};
    return { status: 'SUCCESS', log: [{ type: 'PROJECT_ARCHIVE', success: true, input, output: {} }] };
  }
}

/** The first id above the account's numeric ids: created objects never reuse a fixture's id. */
export function firstFreeId(items: ReadonlyMap<string, unknown>): number {
  let max = 0;
  for (const id of items.keys()) if (/^\d+$/.test(id)) max = Math.max(max, Number(id));
  return max + 1;
}
