/**
 * The pool's results file, `GET /api/new/requester/pools/{id}/assignments.tsv`, as toloka-kit's
 * get_assignments_df asks for it (its query as kit's tests record it) and reads it
 * (`pd.read_csv(..., delimiter='\t')`): the columns of real files, one row per task.
 */
import { expect, test } from 'vitest';
import type { TestStand } from '../../src/testing/index.js';
import { AUTH, getJson, IMG, post, tolokaStand, untilDone } from './helpers.js';

const CROWD = { crowd: { workers: 3, skipShare: 0, expireShare: 0, accuracy: 1, takeMs: 1000, solveMs: 5000 } };
/** What toloka-kit 1.2.3 sends by default (GetAssignmentsTsvParameters.unstructure). */
const KIT_QUERY = 'status=APPROVED&field=ASSIGNMENT%3Alink%2CASSIGNMENT%3Aassignment_id%2CASSIGNMENT%3Aworker_id%2CASSIGNMENT%3Astatus%2CASSIGNMENT%3Astarted&addRowDelimiter=false';

const tsv = (t: TestStand, pool: string, query: string) => t.inject({ method: 'GET', url: `/toloka/api/new/requester/pools/${pool}/assignments.tsv?${query}`, headers: AUTH });
/** The file's rows, read as pandas reads them: a quoted value may hold tabs and doubled quotes; empty lines skipped. */
function rows(text: string): string[][] {
  const out: string[][] = [];
  let row: string[] = [];
  let cell = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"' && cell === '') {
      let j = i + 1;
      for (; j < text.length; j++) {
        if (text[j] === '"' && text[j + 1] === '"') (cell += '"'), j++;
        else if (text[j] === '"') break;
        else cell += text[j];
      }
      i = j;
    } else if (c === '\t') (row.push(cell), (cell = ''));
    else if (c === '\n') {
      row.push(cell);
      if (row.length > 1 || row[0] !== '') out.push(row);
      (row = []), (cell = '');
    } else cell += c;
  }
  return out;
}

/** Pool 2 of project 1 gets n tasks of this overlap (the first a control task with a hint), opens, and is done. */
async function workedPool(t: TestStand, n: number, overlap: number, form: Record<string, unknown> = {}): Promise<void> {
  const pool = await getJson(t, '/pools/2');
  await t.inject({ method: 'PUT', url: '/toloka/api/v1/pools/2', headers: { ...AUTH, 'content-type': 'application/json' }, payload: JSON.stringify({ ...pool, ...form }) });
  const tasks = Array.from({ length: n }, (_, i) => ({
    pool_id: '2',
    input_values: { image: IMG(i), text: i === 1 ? 'a "quoted"\ttab' : undefined },
    overlap,
    ...(i === 0 ? { known_solutions: [{ output_values: { caption: 'a cat', quality: 'good' }, correctness_weight: 1 }], message_on_unknown_solution: 'Look closer' } : {}),
  }));
  expect((await post(t, '/tasks', tasks)).statusCode).toBe(201);
  untilDone(t, (await post(t, '/pools/2/open')).json().id);
  t.advance(10 * 60_000);
}

test('toloka-kit\'s default download: the columns of a real results file, one row per task and Toloker, APPROVED only', async () => {
  const t = await tolokaStand(CROWD);
  await workedPool(t, 3, 2);
  const res = await tsv(t, '2', KIT_QUERY);
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toBe('text/tab-separated-values; charset=utf-8');
  const [header, ...body] = rows(res.body);
  expect(header).toEqual([
    'INPUT:image',
    'INPUT:text',
    'OUTPUT:caption',
    'OUTPUT:quality',
    'GOLDEN:caption',
    'GOLDEN:quality',
    'HINT:text',
    'HINT:default_language',
    'ASSIGNMENT:link',
    'ASSIGNMENT:assignment_id',
    'ASSIGNMENT:worker_id',
    'ASSIGNMENT:status',
    'ASSIGNMENT:started',
  ]);
  expect(body).toHaveLength(6); // 3 tasks x overlap 2, all accepted on submission
  const assignments = (await getJson(t, '/assignments?pool_id=2&limit=100')).items as Record<string, any>[];
  for (const row of body) {
    const a = assignments.find((x) => x.id === row[9])!;
    expect(row[10]).toBe(a.user_id);
    expect(row[11]).toBe('APPROVED');
    expect(row[12]).toBe(a.created);
    expect(row[8]).toBe(`https://platform.toloka.ai/task/2/${a.task_suite_id}`);
    expect(row[0]).toBe(a.tasks[0].input_values.image);
    expect(row[2]).toBe(a.solutions[0].output_values.caption);
  }
  const control = body.filter((r) => r[0] === IMG(0));
  expect(control.map((r) => [r[4], r[5], r[6]])).toEqual([['a cat', 'good', 'Look closer'], ['a cat', 'good', 'Look closer']]);
  // A value with a tab or a quote is quoted, as pandas reads it back.
  expect(res.body).toContain('\t"a ""quoted""\ttab"\t');
  expect(body.filter((r) => r[1] === 'a "quoted"\ttab')).toHaveLength(2);

  // Only SUBMITTED: none (all were accepted).
  expect(rows((await tsv(t, '2', 'status=SUBMITTED')).body)).toHaveLength(1);
});

test('a reviewed pool has ACCEPT:verdict and ACCEPT:comment; status, time and field filters; a ban leaves a Toloker out with excludeBanned', async () => {
  const t = await tolokaStand(CROWD);
  await workedPool(t, 2, 3, { auto_accept_solutions: false });
  const all = (await getJson(t, '/assignments?pool_id=2&limit=100')).items as Record<string, any>[];
  expect(all).toHaveLength(6);
  const rejected = all[0]!;
  await t.inject({ method: 'PATCH', url: `/toloka/api/v1/assignments/${rejected.id}`, headers: { ...AUTH, 'content-type': 'application/json' }, payload: JSON.stringify({ status: 'REJECTED', public_comment: 'Wrong caption' }) });
  await t.inject({ method: 'PATCH', url: `/toloka/api/v1/assignments/${all[1]!.id}`, headers: { ...AUTH, 'content-type': 'application/json' }, payload: JSON.stringify({ status: 'ACCEPTED' }) });

  const res = await tsv(t, '2', 'status=SUBMITTED,APPROVED,REJECTED&field=ASSIGNMENT:assignment_id,ASSIGNMENT:task_id,ASSIGNMENT:reward,ASSIGNMENT:submitted&addRowDelimiter=true');
  expect(res.statusCode).toBe(200);
  const [header, ...body] = rows(res.body);
  expect(header!.slice(8)).toEqual(['ASSIGNMENT:assignment_id', 'ASSIGNMENT:task_id', 'ASSIGNMENT:reward', 'ASSIGNMENT:submitted', 'ACCEPT:verdict', 'ACCEPT:comment']);
  expect(body).toHaveLength(6);
  expect(body.find((r) => r[8] === rejected.id)!.slice(9)).toEqual([rejected.tasks[0].id, String(rejected.reward), rejected.submitted, 'REJECTED', 'Wrong caption']);
  expect(body.find((r) => r[8] === all[1]!.id)!.slice(12)).toEqual(['APPROVED', '']);
  expect(body.filter((r) => r[12] === '')).toHaveLength(4);
  // addRowDelimiter: an empty line after each assignment.
  expect(res.body.split('\n\n')).toHaveLength(7);

  const later = all.map((a) => a.created).sort()[3];
  expect(rows((await tsv(t, '2', `status=SUBMITTED,APPROVED,REJECTED&startTimeFrom=${later}`)).body).length - 1).toBe(all.filter((a) => a.created >= later).length);

  await t.inject({ method: 'PUT', url: '/toloka/api/v1/user-restrictions', headers: { ...AUTH, 'content-type': 'application/json' }, payload: JSON.stringify({ scope: 'POOL', pool_id: '2', user_id: rejected.user_id }) });
  const kept = rows((await tsv(t, '2', 'status=SUBMITTED,APPROVED,REJECTED&excludeBanned=true&field=ASSIGNMENT:worker_id')).body).slice(1);
  expect(kept.length).toBe(all.filter((a) => a.user_id !== rejected.user_id).length);
  expect(kept.some((r) => r[8] === rejected.user_id)).toBe(false);
});

test('errors: an unknown pool is 404, an unknown status or field or parameter 400, all in Toloka\'s JSON', async () => {
  const t = await tolokaStand();
  const missing = await tsv(t, '77', KIT_QUERY);
  expect(missing.statusCode).toBe(404);
  expect(missing.json()).toMatchObject({ code: 'DOES_NOT_EXIST' });
  for (const [query, param] of [
    ['status=DONE', 'status'],
    ['field=ASSIGNMENT:mood', 'field'],
    ['startTimeFrom=yesterday', 'startTimeFrom'],
    ['excludeBanned=maybe', 'excludeBanned'],
    ['pool=2', 'pool'],
  ] as const) {
    const res = await tsv(t, '1', query);
    expect(res.statusCode, query).toBe(400);
    expect(res.json(), query).toMatchObject({ code: 'VALIDATION_ERROR', payload: { [param]: expect.any(Object) } });
  }
  const other = await t.inject({ method: 'GET', url: '/toloka/api/new/requester/pools/1/assignments.tsv', headers: { authorization: 'Bearer x' } });
  expect(other.statusCode).toBe(401);
});
