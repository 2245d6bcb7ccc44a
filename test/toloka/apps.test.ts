/**
 * Toloka Apps under /api/app/v0 (the Apps OAS, toloka-kit's *_app_* methods): the solutions, a
 * project checked on the stand's clock, batches labeled a few items at a time by priority, stop,
 * resume, archive, items sent alone, money, and the lists' `{content, has_more}` paging.
 */
import { expect, test } from 'vitest';
import type { TestStand } from '../../src/testing/index.js';
import { AUTH, getJson as v1Json, post as v1Post, tolokaStand } from './helpers.js';

const V0 = '/toloka/api/app/v0';
const TEXT_APP = '2eN4l59qL2xHB5b8Jqp6';
const PARAMS = {
  name: 'Reviews',
  default_language: 'en',
  option_multiple_choice: false,
  option_other: false,
  instruction_intro: 'Is the text correct?',
  instruction_classes: [
    { label: 'Correct', value: 'OK' },
    { label: 'Wrong', value: 'BAD' },
  ],
  instruction_examples: [],
};
const MINUTE = 60_000;
const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}$/;

async function call(t: TestStand, method: 'GET' | 'POST' | 'PATCH', path: string, body?: unknown) {
  const res = await t.inject({ method, url: `${V0}${path}`, headers: body === undefined ? AUTH : { ...AUTH, 'content-type': 'application/json' }, ...(body === undefined ? {} : { payload: JSON.stringify(body) }) });
  return { status: res.statusCode, body: res.body === '' ? undefined : res.json() };
}

/** A READY project of the text classification app (its check takes `checkMs`). */
async function readyProject(t: TestStand, parameters: Record<string, unknown> = PARAMS): Promise<string> {
  const created = await call(t, 'POST', '/app-projects', { app_id: TEXT_APP, name: 'Mine', parameters });
  expect(created.status).toBe(200);
  t.advance(MINUTE);
  return created.body.id;
}

const texts = (n: number, from = 0) => Array.from({ length: n }, (_, i) => ({ text: `text ${from + i}` }));

test('the solutions: GET /apps lists them as {content, has_more}, GET /apps/{id} tells one whole (lang= taken), an unknown one is 404', async () => {
  const t = await tolokaStand();
  const list = await call(t, 'GET', '/apps?lang=');
  expect(list.status).toBe(200);
  expect(Object.keys(list.body)).toEqual(['content', 'has_more']);
  expect(list.body.content[0]).toEqual({
    id: TEXT_APP,
    name: 'Text Classification',
    image: expect.any(String),
    description: expect.any(String),
    examples: [{ name: 'Evaluate the sentiment of a review' }, { name: 'Select a category for an ad' }],
    default_item_price: 0.07,
  });
  const one = await call(t, 'GET', `/apps/${TEXT_APP}?lang=en`);
  expect(Object.keys(one.body)).toEqual(['id', 'name', 'image', 'description', 'param_spec', 'input_spec', 'output_spec', 'examples', 'constraints_description', 'input_format_info', 'default_item_price']);
  expect(one.body.input_spec.text).toEqual({ type: 'string', required: true, hidden: false });
  expect((await call(t, 'GET', '/apps/nope')).body).toMatchObject({ code: 'DOES_NOT_EXIST' });
});

test('a project is CREATING, then READY once checked; one missing a required parameter ends in ERROR with its errors; an unknown app is a 400', async () => {
  const t = await tolokaStand({ apps: { checkMs: 30_000 } });
  const created = await call(t, 'POST', '/app-projects', { app_id: TEXT_APP, name: 'Mine', parameters: PARAMS, id: 'ignored', status: 'READY' });
  expect(Object.keys(created.body)).toEqual(['id', 'app_id', 'parent_app_project_id', 'status', 'created', 'name', 'parameters', 'errors', 'item_price', 'read_only', 'app']);
  expect(created.body).toMatchObject({ app_id: TEXT_APP, parent_app_project_id: '', status: 'CREATING', created: expect.stringMatching(TIME), item_price: 0.07, errors: [], read_only: false, app: { id: TEXT_APP, name: 'Text Classification' } });
  expect(created.body.id).toMatch(/^[A-Za-z0-9]{20}$/);
  t.advance(29_999);
  expect((await call(t, 'GET', `/app-projects/${created.body.id}`)).body.status).toBe('CREATING');
  t.advance(1);
  expect((await call(t, 'GET', `/app-projects/${created.body.id}`)).body.status).toBe('READY');

  const { instruction_intro: _gone, ...lacking } = PARAMS;
  const broken = await call(t, 'POST', '/app-projects', { app_id: TEXT_APP, name: 'Broken', parameters: lacking });
  t.advance(30_000);
  expect((await call(t, 'GET', `/app-projects/${broken.body.id}`)).body).toMatchObject({
    status: 'ERROR',
    errors: [{ code: 'VALUE_REQUIRED', message: 'Parameter instruction_intro is required by the app Text Classification', payload: { parameter: 'instruction_intro' } }],
  });
  const unknown = await call(t, 'POST', '/app-projects', { app_id: 'nope', name: 'x', parameters: {} });
  expect([unknown.status, unknown.body.payload]).toEqual([400, { app_id: { code: 'DOES_NOT_EXIST', message: 'There is no app with id nope' } }]);
  expect((await call(t, 'POST', '/app-projects', { app_id: TEXT_APP })).body.payload).toMatchObject({ name: { code: 'VALUE_REQUIRED' }, parameters: { code: 'VALUE_REQUIRED' } });
});

test('a batch: invalid items are a 400 unless ignore_errors; started, its items are labeled concurrency at a time, paid, and it ends COMPLETED', async () => {
  const t = await tolokaStand({ apps: { checkMs: 0, itemMs: 10 * MINUTE, concurrency: 2 } });
  const project = await readyProject(t);
  const bad = await call(t, 'POST', `/app-projects/${project}/batches`, { items: [{ text: 'a' }, { id: '2' }] });
  expect([bad.status, bad.body.payload]).toEqual([400, { 'input_data.1.text': { code: 'VALUE_REQUIRED', message: 'Value must be present and not equal to null' } }]);
  expect((await call(t, 'GET', `/app-projects/${project}/batches`)).body).toEqual({ content: [], has_more: false });

  const created = await call(t, 'POST', `/app-projects/${project}/batches`, { name: 'b', items: [...texts(4), { id: 'x' }], ignore_errors: true, priority_order: 'TWO' });
  const batch = created.body;
  expect(batch).toMatchObject({
    status: 'NEW',
    name: 'b',
    items_count: 4,
    item_price: 0.07,
    cost: 0.28,
    cost_of_processed: 0,
    read_only: false,
    validation_errors: { 'input_data.4.text': { code: 'VALUE_REQUIRED' } },
    last_items_import: { records_count: 5, records_processed: 5, records_skipped: 1, errors: { 'input_data.4.text': { code: 'VALUE_REQUIRED' } } },
    items_processed_count: 0,
    items_per_state: { NEW: 4, PROCESSING: 0, COMPLETED: 0, ERROR: 0, CANCELLED: 0, NO_MONEY: 0, ARCHIVE: 0, STOPPED: 0 },
    priority_order: 'TWO',
  });
  const start = await call(t, 'POST', `/app-projects/${project}/batches/${batch.id}/start`);
  expect([start.status, start.body]).toEqual([200, undefined]);
  const running = (await call(t, 'GET', `/app-projects/${project}/batches/${batch.id}`)).body;
  expect(running).toMatchObject({ status: 'PROCESSING', read_only: true, items_per_state: { NEW: 2, PROCESSING: 2 }, started_at: expect.stringMatching(TIME), eta: expect.stringMatching(TIME) });
  expect((await call(t, 'POST', `/app-projects/${project}/batches/${batch.id}/start`)).body).toMatchObject({ code: 'INAPPROPRIATE_STATUS', payload: { appropriate_statuses: ['NEW', 'NO_MONEY'] } });

  t.advance(20 * MINUTE);
  const done = (await call(t, 'GET', `/app-projects/${project}/batches/${batch.id}`)).body;
  expect(done).toMatchObject({ status: 'COMPLETED', items_processed_count: 4, cost_of_processed: 0.28, finished_at: expect.stringMatching(TIME), items_per_state: { COMPLETED: 4 } });
  expect(done).not.toHaveProperty('eta');
  const items = (await call(t, 'GET', `/app-projects/${project}/items?batch_id=${batch.id}&sort=created,id`)).body.content;
  expect(items).toHaveLength(4);
  for (const item of items) {
    expect(Object.keys(item)).toEqual(['id', 'app_project_id', 'batch_id', 'status', 'input_data', 'output_data', 'errors', 'created_at', 'started_at', 'finished_at']);
    expect(item.output_data).toEqual({ text: item.input_data.text, result: [expect.stringMatching(/^(OK|BAD)$/)], confidence: expect.any(Number) });
  }
  expect((await v1Json(t, '/requester')).balance).toBe(1000 - 0.28);
  // The dashboard shows the batch's progress.
  const rows = (await t.inject({ url: '/_stand/overview' })).json().apis.find((a: { name: string }) => a.name === 'toloka').progress;
  expect(rows).toEqual([{ key: `toloka-test-token app ${batch.id}`, label: `app batch ${batch.id} (toloka-test-token): b`, status: 'COMPLETED', done: 4, total: 4, counts: { COMPLETED: 4 }, history: [] }]);
});

test('batches wait in line by priority (ONE first), stop keeps what is labeling and stops the rest, resume goes on; archive and unarchive keep the status', async () => {
  const t = await tolokaStand({ apps: { checkMs: 0, itemMs: 10 * MINUTE, concurrency: 1 } });
  const project = await readyProject(t);
  const batch = async (priority: string) => (await call(t, 'POST', `/app-projects/${project}/batches`, { items: texts(2), priority_order: priority })).body.id as string;
  const low = await batch('FIVE');
  const high = await batch('ONE');
  const status = async (id: string) => (await call(t, 'GET', `/app-projects/${project}/batches/${id}`)).body;
  await call(t, 'POST', `/app-projects/${project}/batches/${low}/start`);
  await call(t, 'POST', `/app-projects/${project}/batches/${high}/start`);
  expect((await status(high)).status).toBe('QUEUED');
  expect((await status(high)).etd).toMatch(TIME);
  // Each batch's view shows when the whole project should be done: the later of the two.
  const [l, h] = [await status(low), await status(high)];
  expect([l.app_project_eta, l.app_project_eta >= l.eta && l.app_project_eta >= h.eta]).toEqual([h.app_project_eta, true]);
  expect(l.eta).not.toBe(h.eta);
  t.advance(10 * MINUTE); // the low batch's first item is done: the ONE batch goes before its second
  expect([(await status(low)).status, (await status(high)).status]).toEqual(['PROCESSING', 'PROCESSING']);
  expect((await status(low)).items_per_state).toMatchObject({ COMPLETED: 1, NEW: 1, PROCESSING: 0 });

  expect((await call(t, 'POST', `/app-projects/${project}/batches/${high}/archive`)).body).toMatchObject({ code: 'INAPPROPRIATE_STATUS' });
  await call(t, 'POST', `/app-projects/${project}/batches/${high}/stop`);
  expect(await status(high)).toMatchObject({ status: 'STOPPING', items_per_state: { PROCESSING: 1, STOPPED: 1 } });
  t.advance(10 * MINUTE);
  expect(await status(high)).toMatchObject({ status: 'STOPPED', items_per_state: { COMPLETED: 1, STOPPED: 1 } });
  await call(t, 'POST', `/app-projects/${project}/batches/${high}/archive`);
  expect(await status(high)).toMatchObject({ status: 'ARCHIVE', items_per_state: { ARCHIVE: 2 } });
  expect((await call(t, 'POST', `/app-projects/${project}/batches/${high}/resume`)).body).toMatchObject({ code: 'INAPPROPRIATE_STATUS', payload: { appropriate_statuses: ['STOPPING', 'STOPPED'] } });
  await call(t, 'POST', `/app-projects/${project}/batches/${high}/unarchive`);
  expect(await status(high)).toMatchObject({ status: 'STOPPED', items_per_state: { COMPLETED: 1, STOPPED: 1 } });
  await call(t, 'POST', `/app-projects/${project}/batches/${high}/resume`);
  t.advance(60 * MINUTE);
  expect([(await status(low)).status, (await status(high)).status]).toEqual(['COMPLETED', 'COMPLETED']);

  expect((await call(t, 'PATCH', `/app-projects/${project}/batches/${low}`, { name: 'renamed', priority_order: 'THREE' })).body).toMatchObject({ name: 'renamed', priority_order: 'THREE' });
  await call(t, 'POST', `/app-projects/${project}/archive`);
  expect((await call(t, 'GET', `/app-projects/${project}`)).body).toMatchObject({ status: 'ARCHIVED', read_only: true });
  expect((await call(t, 'POST', `/app-projects/${project}/batches`, { items: texts(1) })).body).toMatchObject({ code: 'INAPPROPRIATE_STATUS', payload: { appropriate_statuses: ['CREATING', 'READY'] } });
  await call(t, 'POST', `/app-projects/${project}/unarchive`);
  expect((await call(t, 'GET', `/app-projects/${project}`)).body.status).toBe('READY');
});

test('items: one or many into a NEW batch (bulk answers their ids), or without a batch labeled at once; an item past the money left is NO_MONEY', async () => {
  const t = await tolokaStand({ apps: { checkMs: 0, itemMs: MINUTE, concurrency: 5 } });
  const project = await readyProject(t);
  const batch = (await call(t, 'POST', `/app-projects/${project}/batches`, { items: [] })).body.id;
  const one = await call(t, 'POST', `/app-projects/${project}/items`, { batch_id: batch, input_data: { text: 'one' } });
  expect(one.body).toMatchObject({ batch_id: batch, status: 'NEW', input_data: { text: 'one' }, output_data: {}, errors: [] });
  const bulk = await call(t, 'POST', `/app-projects/${project}/items/bulk`, { batch_id: batch, items: texts(2) });
  expect(bulk.body).toEqual([expect.stringMatching(/^[A-Za-z0-9]{20}$/), expect.stringMatching(/^[A-Za-z0-9]{20}$/)]);
  expect((await call(t, 'GET', `/app-projects/${project}/batches/${batch}`)).body).toMatchObject({ items_count: 3, last_items_import: { records_count: 2 } });
  expect((await call(t, 'POST', `/app-projects/${project}/items`, { input_data: { text: 'x', colour: 'red' } })).body.payload).toEqual({ 'input_data.colour': { code: 'VALUE_NOT_ALLOWED', message: 'Unknown field name' } });
  expect((await call(t, 'POST', `/app-projects/${project}/items/bulk`, { items: texts(1), ignore_errors: true })).body.payload).toMatchObject({ ignore_errors: { code: 'VALUE_NOT_ALLOWED' } });

  const streamed = await call(t, 'POST', `/app-projects/${project}/items`, { input_data: { text: 'now' } });
  expect(streamed.body).not.toHaveProperty('batch_id');
  expect(streamed.body.status).toBe('PROCESSING');
  t.advance(MINUTE);
  expect((await call(t, 'GET', `/app-projects/${project}/items/${streamed.body.id}`)).body).toMatchObject({ status: 'COMPLETED', finished_at: expect.stringMatching(TIME) });

  // Money: leave $0.10 (two items at $0.07 do not fit).
  const spent = await v1Post(t, '/user-bonuses', Array.from({ length: 10 }, (_, i) => ({ user_id: 'ec00d2407f7241258d0faba610110d95', amount: i < 9 ? 100 : 99.83, without_message: true, private_comment: String(i) })));
  expect(spent.statusCode).toBe(201);
  expect((await v1Json(t, '/requester')).balance).toBe(0.1);
  await call(t, 'POST', `/app-projects/${project}/batches/${batch}/start`);
  t.advance(MINUTE);
  expect((await call(t, 'GET', `/app-projects/${project}/batches/${batch}`)).body).toMatchObject({ status: 'NO_MONEY', items_per_state: { COMPLETED: 1, NO_MONEY: 2 } });
  expect((await v1Json(t, '/requester')).balance).toBe(0.03);
});

test('lists: filters, sort, has_more, toloka-kit\'s sort=id&id_gt paging and after_id; limit 1000 at most; a synchronous batch comes back labeled', async () => {
  const t = await tolokaStand({ apps: { checkMs: 0 } });
  const project = await readyProject(t);
  const batch = (await call(t, 'POST', `/app-projects/${project}/batches`, { name: 'm', items: texts(5) })).body.id;
  const all = (await call(t, 'GET', `/app-projects/${project}/items?sort=id`)).body.content.map((i: { id: string }) => i.id);
  expect(all).toEqual([...all].sort());
  const first = (await call(t, 'GET', `/app-projects/${project}/items?sort=id&limit=2`)).body;
  expect([first.content.length, first.has_more]).toEqual([2, true]);
  const next = (await call(t, 'GET', `/app-projects/${project}/items?sort=id&limit=2&id_gt=${first.content[1].id}`)).body;
  const after = (await call(t, 'GET', `/app-projects/${project}/items?sort=id&limit=2&after_id=${first.content[1].id}`)).body;
  expect(next).toEqual(after);
  expect(next.content.map((i: { id: string }) => i.id)).toEqual(all.slice(2, 4));
  expect((await call(t, 'GET', `/app-projects/${project}/items?limit=1001`)).body.payload).toEqual({ limit: { code: 'VALUE_GREATER_THAN_MAX', message: 'Value must be less than or equal to 1000' } });
  expect((await call(t, 'GET', `/app-projects?status=READY&name_gte=Mine&sort=-created`)).body.content.map((p: { id: string }) => p.id)).toEqual([project]);
  expect((await call(t, 'GET', `/app-projects/${project}/batches?name_gt=m`)).body.content).toEqual([]);
  expect((await call(t, 'GET', `/app-projects/${project}/batches?status=NEW`)).body.content.map((b: { id: string }) => b.id)).toEqual([batch]);

  const sync = await call(t, 'POST', `/app-projects/${project}/batches/sync`, { name: 's', items: texts(2) });
  expect(sync.status).toBe(200);
  expect(sync.body.batch).toMatchObject({ status: 'COMPLETED', items_count: 2, items_processed_count: 2 });
  expect(sync.body.items.map((i: { status: string }) => i.status)).toEqual(['COMPLETED', 'COMPLETED']);
  expect((await call(t, 'GET', `/app-projects/nope/items`)).status).toBe(404);
});

test('audit fixes: a stop after every item started ends COMPLETED; limit out of range is its range error; items that are no objects are input_data.<i>; null optional fields are not sent; confidence_avg; sort=finished lists labeled items only', async () => {
  const t = await tolokaStand({ apps: { checkMs: 0, itemMs: MINUTE, concurrency: 10 } });
  const project = await readyProject(t);
  const batch = (await call(t, 'POST', `/app-projects/${project}/batches`, { name: null, priority_order: null, items: texts(3) })).body;
  expect(batch).toMatchObject({ name: '', priority_order: 'FIVE', confidence_avg: 0 });
  await call(t, 'POST', `/app-projects/${project}/batches/${batch.id}/start`);
  await call(t, 'POST', `/app-projects/${project}/batches/${batch.id}/stop`);
  expect((await call(t, 'GET', `/app-projects/${project}/batches/${batch.id}`)).body.status).toBe('STOPPING');
  t.advance(MINUTE);
  const done = (await call(t, 'GET', `/app-projects/${project}/batches/${batch.id}`)).body;
  expect(done).toMatchObject({ status: 'COMPLETED', items_per_state: { COMPLETED: 3, STOPPED: 0 } });
  expect(done.confidence_avg).toBeGreaterThan(0.5);

  expect((await call(t, 'GET', '/apps?limit=-1')).body.payload).toEqual({ limit: { code: 'VALUE_LESS_THAN_MIN', message: 'Value must be greater than or equal to 1' } });
  expect((await call(t, 'GET', '/apps?limit=99999999999')).body.payload).toEqual({ limit: { code: 'VALUE_GREATER_THAN_MAX', message: 'Value must be less than or equal to 1000' } });
  expect((await call(t, 'POST', `/app-projects/${project}/batches`, { items: [{ text: 'a' }, 1] })).body.payload).toEqual({ 'input_data.1': { code: 'OBJECT_EXPECTED', message: expect.any(String) } });

  const streamed = await call(t, 'POST', `/app-projects/${project}/items`, { batch_id: null, input_data: { text: 'now' } });
  expect(streamed.body.status).toBe('PROCESSING');
  const finished = (await call(t, 'GET', `/app-projects/${project}/items?sort=finished`)).body.content;
  expect(finished.map((i: { status: string }) => i.status)).toEqual(['COMPLETED', 'COMPLETED', 'COMPLETED']);
  t.advance(MINUTE);
  const next = (await call(t, 'GET', `/app-projects/${project}/items?sort=finished&after_id=${finished[2].id}`)).body.content;
  expect(next.map((i: { id: string }) => i.id)).toEqual([streamed.body.id]);
});
