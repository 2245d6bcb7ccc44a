/**
 * Fuzzing through whole lifecycles (issue 8): almost-valid requests (valid documents with one
 * value replaced by garbage, unicode, deep nesting; random parameters) are driven to the end on
 * the manual clock, so the scheduled work (export preparation, the async call's execution
 * against the sync API, the operation's end) and every later read (the file, the replayed
 * answer, the log, the created objects) see the garbage too. Never a 5xx, errors in shape,
 * no scheduled task fails, nothing is left stuck.
 */
import { pino } from 'pino';
import { gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { TABLES, type TableName } from '../../src/apis/appmetrica-logs/domain/tables.js';
import { createTestStand, type TestStand } from '../../src/testing/index.js';
import { garbage, mutate, toJson } from './arbitraries.js';
import { fcParams, runs, timeoutFor } from './settings.js';
import { answerProblem, type Owner } from './shapes.js';

let t: TestStand;
let errorLog: ReturnType<typeof vi.spyOn>;
let n = 0;
/** Each case is an account of its own, so cases never see each other's objects or rate limits. */
const token = () => `flow-${++n}`;

beforeEach(async () => {
  const logger = pino({ level: 'silent' });
  t = await createTestStand({ bodyLimit: 1024 * 1024, logger });
  errorLog = vi.spyOn(logger, 'error');
});
afterEach(async () => {
  await t.close();
});

function check(owner: Owner, what: string, res: LightMyRequestResponse, method = 'GET'): void {
  const problem = answerProblem(owner, method, res);
  if (problem) throw new Error(`${what}: ${problem}`);
  if (errorLog.mock.calls.length > 0) throw new Error(`${what}: the stand logged an error: ${JSON.stringify(errorLog.mock.calls[0]).slice(0, 500)}`);
}

/** Whatever the cases left behind, the admin API can show it. */
async function adminViewsSerialize(): Promise<void> {
  for (const url of ['/_stand/jobs', '/_stand/journal/requests']) {
    const res = await t.inject({ url });
    expect(res.statusCode, url).toBe(200);
  }
}

// --- AppMetrica -------------------------------------------------------------------------------

const TABLE_NAMES = Object.keys(TABLES) as TableName[];
/** App 1111's profile attributes (fixtures/appmetrica/default.json): profiles export them by name. */
const PROFILE_ATTRIBUTES = ['subscription_plan', 'loyalty_points', 'newsletter', 'purchases_count'];

const exportArb = fc.constantFrom(...TABLE_NAMES).chain((table) =>
  fc.record({
    table: fc.constant(table),
    format: fc.constantFrom('json', 'csv'),
    fields: fc.array(fc.constantFrom(...TABLES[table], ...(table === 'profiles_v2' ? PROFILE_ATTRIBUTES : [])), { minLength: 1, maxLength: 6 }),
    hour: fc.integer({ min: 0, max: 23 }),
    minutes: fc.integer({ min: 0, max: 59 }),
    filters: fc.array(fc.tuple(fc.constantFrom(...TABLES[table]), fc.oneof(garbage, fc.constantFrom('android', 'ios', '1111', 'add_to_cart', ''))), { maxLength: 2 }),
    limit: fc.option(fc.integer({ min: 1, max: 50 }).map(String), { nil: undefined }),
    parts: fc.option(fc.integer({ min: 1, max: 4 }).chain((c) => fc.tuple(fc.constant(c), fc.nat({ max: c - 1 }))), { nil: undefined }),
    bom: fc.boolean(),
    receive: fc.boolean(),
    gzip: fc.boolean(),
  }),
);

test(
  'AppMetrica: exports with random fields, garbage filters and parts prepare and download without a 5xx',
  async () => {
    await fc.assert(
      fc.asyncProperty(exportArb, async (e) => {
        const q = new URLSearchParams({ application_id: '1111', fields: e.fields.join(',') });
        // A day before the test clock's start (so its rows are all received); profiles also without dates.
        if (e.table !== 'push_tokens' && !(e.table === 'profiles_v2' && e.minutes % 2 === 0)) {
          const hh = String(e.hour).padStart(2, '0');
          q.set('date_since', `2025-12-31 ${hh}:00:00`);
          q.set('date_until', `2025-12-31 ${hh}:${String(e.minutes).padStart(2, '0')}:59`);
        }
        for (const [k, v] of e.filters) q.set(k, v.replace(/[\ud800-\udfff]/g, '?'));
        if (e.limit) q.set('limit', e.limit);
        if (e.parts) {
          q.set('parts_count', String(e.parts[0]));
          q.set('part_number', String(e.parts[1]));
        }
        if (e.bom) q.set('use_utf8_bom', 'true');
        if (e.receive) q.set('date_dimension', 'receive');
        const url = `/appmetrica/logs/v1/export/${e.table}.${e.format}?${q.toString()}`;
        const headers = { authorization: `OAuth ${token()}`, ...(e.gzip ? { 'accept-encoding': 'gzip' } : {}) };
        const first = await t.inject({ url, headers });
        check('appmetrica', url, first);
        if (first.statusCode !== 202) return;
        t.advance(3_600_000);
        const file = await t.inject({ url, headers });
        check('appmetrica', url, file);
        expect(file.statusCode).toBe(200);
        const raw = file.headers['content-encoding'] === 'gzip' ? gunzipSync(file.rawPayload) : file.rawPayload;
        const text = raw.toString('utf8').replace(/^\ufeff/, '');
        if (e.format === 'json') expect(() => JSON.parse(text)).not.toThrow();
        else expect(text.split('\n')[0]).toBe(e.fields.join(','));
      }),
      fcParams(runs(150)),
    );
    await adminViewsSerialize();
  },
  timeoutFor(runs(150), 30),
);

// --- myTarget ---------------------------------------------------------------------------------

const CAMPAIGN_FIELDS = ['id', 'name', 'status', 'package_id', 'objective', 'created', 'updated', 'last_updated', 'date_start', 'date_end', 'budget_limit', 'budget_limit_day', 'price', 'max_price', 'mixing', 'autobidding_mode', 'enable_utm', 'utm', 'targetings'];
const BANNER_FIELDS = ['id', 'campaign_id', 'name', 'status', 'moderation_status', 'created', 'updated', 'urls', 'textblocks', 'content'];
const CREATE = {
  name: 'Flow campaign',
  package_id: 814,
  date_start: '2026-01-01',
  budget_limit_day: '100.50',
  targetings: { sex: ['male'], geo: { regions: [188] } },
  utm: 'a=b',
  banners: [{ name: 'b', urls: { primary: { id: 1 } }, textblocks: { title: { text: 'x' } }, content: { image: { id: 2 } } }],
};
const UPDATE = { name: 'Updated', targetings: { age: { age_list: [20] } }, status: 'active', price: '1.00' };
const BANNER = { name: 'Banner', urls: { primary: { id: 9 } }, content: {}, status: 'blocked' };

const callArb = fc.record({
  async: fc.boolean(),
  op: fc.oneof(
    fc.tuple(fc.constant('POST'), fc.constant('campaigns.json'), mutate(CREATE)),
    fc.tuple(fc.constant('POST'), fc.constantFrom('campaigns/6617841.json', 'campaigns/6711647.json'), mutate(UPDATE)),
    fc.tuple(fc.constant('POST'), fc.constantFrom('banners/48123001.json', 'banners/48200500.json'), mutate(BANNER)),
    fc.tuple(fc.constant('DELETE'), fc.constantFrom('campaigns/6617841.json', 'banners/48123002.json'), fc.constant(undefined)),
  ),
  fields: fc.option(fc.subarray(CAMPAIGN_FIELDS, { minLength: 1 }), { nil: undefined }),
});

test(
  'myTarget: creates and updates with garbage values, sync or async, then every field read back: no 5xx, nothing stuck',
  async () => {
    await fc.assert(
      fc.asyncProperty(callArb, async (c) => {
        const auth = { authorization: `Bearer ${token()}` };
        const [method, rest, doc] = c.op as [string, string, unknown];
        const query = c.fields && rest === 'campaigns.json' ? `?fields=${c.fields.join(',')}` : '';
        const url = `/mytarget/${c.async ? 'async_api' : 'api'}/v2/${rest}${query}`;
        const res = await t.inject({
          method: method as 'POST',
          url,
          headers: { ...auth, ...(doc === undefined ? {} : { 'content-type': 'application/json' }) },
          ...(doc === undefined ? {} : { payload: toJson(doc) }),
        });
        check('mytarget', `${method} ${url}`, res, method);
        if (c.async && res.statusCode === 202) {
          t.advance(10_000);
          const status = await t.inject({ url: String(res.headers.location), headers: auth });
          check('mytarget', 'status', status);
          expect(status.statusCode, status.body).toBe(303);
          const replay = await t.inject({ url: String(status.headers.location), headers: auth });
          check('mytarget', `replay of ${method} ${url}`, replay);
        }
        for (const read of [`campaigns.json?limit=250&fields=${CAMPAIGN_FIELDS.join(',')}`, `banners.json?limit=250&fields=${BANNER_FIELDS.join(',')}`, `campaigns/6617841.json?fields=${CAMPAIGN_FIELDS.join(',')}`]) {
          const back = await t.inject({ url: `/mytarget/api/v2/${read}`, headers: auth });
          check('mytarget', `read back ${read}`, back);
        }
      }),
      fcParams(runs(300)),
    );
    await adminViewsSerialize();
  },
  timeoutFor(runs(300), 20),
);

// --- Toloka -----------------------------------------------------------------------------------

const IMG = 'https://example.com/f.png';
const TEMPLATES = {
  tasks: [
    { pool_id: '1', overlap: 1, input_values: { image: IMG, text: 'x' }, known_solutions: [{ output_values: { a: 1 } }], message_on_unknown_solution: 'm' },
    { pool_id: '4', overlap: 1, input_values: { label: 'dog', count: 1, score: 1.5, flag: false, place: '1.5,2.5', meta: { a: [1, { b: null }] }, tags: ['x'] } },
    { pool_id: '2', infinite_overlap: true, input_values: { image: IMG }, reserved_for: ['u1'], unavailable_for: [] },
  ],
  'task-suites': [{ pool_id: '1', overlap: 2, issuing_order_override: -1.25, tasks: [{ input_values: { image: IMG } }, { input_values: { image: IMG, text: 'ü' } }] }],
  'user-bonuses': [{ user_id: 'a1b0b42923c429daa2c764d7ccfc364d', amount: 0.5, public_title: { EN: 'Thanks', RU: 'Спасибо' }, public_message: { EN: 'm' }, assignment_id: 'x' }],
} as const;

const createArb = fc.constantFrom('tasks', 'task-suites', 'user-bonuses').chain((kind) =>
  fc.record({
    kind: fc.constant(kind),
    items: fc.array(fc.constantFrom(...TEMPLATES[kind]).chain(mutate), { minLength: 1, maxLength: 4 }),
    single: fc.boolean(),
    async: fc.boolean(),
    skip: fc.boolean(),
    defaults: fc.boolean(),
    openPool: fc.boolean(),
  }),
);

test(
  'Toloka: batches of almost-valid items, sync or async, run to the end; the log, the operation and the objects read back without a 5xx',
  async () => {
    await fc.assert(
      fc.asyncProperty(createArb, async (c) => {
        const auth = { authorization: `OAuth ${token()}` };
        const body = c.single ? c.items[0] : c.items;
        const params = new URLSearchParams({ async_mode: String(c.async), skip_invalid_items: String(c.skip), allow_defaults: String(c.defaults), open_pool: String(c.openPool) });
        const url = `/toloka/api/v1/${c.kind}?${params.toString()}`;
        const res = await t.inject({ method: 'POST', url, headers: { ...auth, 'content-type': 'application/json' }, payload: toJson(body) });
        check('toloka', `POST ${url}`, res, 'POST');
        if (res.statusCode === 202) {
          const id = (res.json() as { id: string }).id;
          t.advanceUntil(() => ['SUCCESS', 'FAIL'].includes(t.stand.job('toloka', id).state));
          const op = await t.inject({ url: `/toloka/api/v1/operations/${id}`, headers: auth });
          check('toloka', 'operation', op);
          expect(op.statusCode).toBe(200);
          const log = await t.inject({ url: `/toloka/api/v1/operations/${id}/log`, headers: auth });
          check('toloka', 'log', log);
          expect(log.statusCode).toBe(200);
          // One step per submitted item (a lone document is one item; [] is a batch of none).
          expect((log.json() as unknown[]).length).toBeGreaterThanOrEqual(Array.isArray(body) ? body.length : 1);
        }
        // Tasks and task suites are listed per pool (pool_id is required there).
        for (const filter of c.kind === 'user-bonuses' ? [''] : ['pool_id=1&', 'pool_id=2&', 'pool_id=4&']) {
          const list = await t.inject({ url: `/toloka/api/v1/${c.kind}?${filter}limit=300`, headers: auth });
          check('toloka', 'list', list);
          for (const item of (list.json() as { items: { id: string }[] }).items) {
            check('toloka', 'object', await t.inject({ url: `/toloka/api/v1/${c.kind}/${encodeURIComponent(item.id)}`, headers: auth }));
          }
        }
        for (const pool of ['1', '2', '4']) check('toloka', 'pool', await t.inject({ url: `/toloka/api/v1/pools/${pool}`, headers: auth }));
        check('toloka', 'operations', await t.inject({ url: '/toloka/api/v1/operations?limit=500', headers: auth }));
      }),
      fcParams(runs(300)),
    );
    await adminViewsSerialize();
  },
  timeoutFor(runs(300), 20),
);
