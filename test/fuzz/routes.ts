/**
 * Every route of every API, as generators of garbage requests against it. Taken from the routes
 * files (src/apis/<api>/routes.ts, the sync API's route table in src/apis/mytarget/domain/sync-api.ts,
 * Toloka's REAL_ROUTES in src/apis/toloka/index.ts, src/admin/routes.ts): the emulated
 * operations, the real operations answered 501, wrong methods (405) and unknown paths (404).
 */
import fc from 'fast-check';
import { TABLES } from '../../src/apis/appmetrica-logs/domain/tables.js';
import {
  ALL_METHODS,
  acceptEncodingArb,
  authArb,
  bodyArb,
  cacheControlArb,
  garbage,
  headerGarbage,
  hostArb,
  idArb,
  methodArb,
  queryArb,
  renderQuery,
  scenarioHeaderArb,
  urlPart,
  type Body,
  type Query,
} from './arbitraries.js';
import type { Owner } from './shapes.js';

export interface RouteGen {
  /** For the coverage report, e.g. "GET /api/v1/operations/{id}". */
  readonly name: string;
  readonly methods: readonly string[];
  /** Path relative to the API's root (no prefix), already URL-encoded. */
  readonly path: fc.Arbitrary<string>;
  readonly query: fc.Arbitrary<Query>;
  /** Valid documents the body generator mutates. */
  readonly bodies: readonly unknown[];
  /** Route-specific headers (callbacks). */
  readonly headers?: fc.Arbitrary<Record<string, string>>;
}

export interface FuzzRequest {
  route: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  payload: string | Buffer | undefined;
  /** A status the request scripted with X-Stand-Scenario (5xx allowed then). */
  scriptedStatus: number | null;
}

const segment = fc.tuple(garbage, fc.nat({ max: 2 })).map(([g, how]) => urlPart(g, how));
/** A path nobody routes: random segments, doubled slashes, traversal, broken escapes. */
const unknownPath = fc.oneof(
  fc.array(segment, { minLength: 1, maxLength: 4 }).map((s) => `/${s.join('/')}`),
  fc.constantFrom('/', '//', '/.', '/..', '/../_stand/jobs', '/%2e%2e/_stand/clock', '/a/../../b', '/%zz', '/%', '/x'.repeat(300), '/index.html', '/favicon.ico'),
);

const routeName = (methods: readonly string[], path: string) => `${methods.join('|')} ${path}`;

// --- AppMetrica ------------------------------------------------------------------------------

const TABLE_NAMES = [...Object.keys(TABLES), 'profiles'];
const SOME_FIELDS = ['event_name', 'event_datetime', 'os_name', 'appmetrica_device_id', 'city', 'profile_id', 'application_id', 'token', 'session_id', 'crash'];
const AM_PARAMS = ['application_id', 'date_since', 'date_until', 'fields', 'date_dimension', 'limit', 'use_utf8_bom', 'skip_unavailable_shards', 'parts_count', 'part_number', 'oauth_token', 'version', 'update_timestamp', 'lang', 'subscription_plan', ...SOME_FIELDS];
const AM_PLAUSIBLE: Record<string, readonly string[]> = {
  application_id: ['1111', '2222', '3333', '0', '999999999999999'],
  date_since: ['2026-01-01', '2026-01-01 00:00:00', '2026-01-01T10:00:00', '2025-12-31 23:00:00'],
  date_until: ['2026-01-01', '2026-01-01 00:59:59', '2026-01-01T00:10:00', '2026-12-31'],
  fields: ['event_name', 'event_name,os_name', 'event_name,event_name', 'token,appmetrica_device_id', ' event_name , city ', 'bogus', 'profile_id,subscription_plan,purchases_count', 'crash_id,error_id,click_id'],
  date_dimension: ['default', 'receive'],
  limit: ['1', '10', '0', '1000000000'],
  use_utf8_bom: ['true', 'false', '1', '0'],
  parts_count: ['1', '2', '100'],
  part_number: ['0', '1', '99'],
  os_name: ['android', 'ios'],
  event_name: ['add_to_cart', ''],
  version: ['1', '0', '999999999999999', '-1', '1.5'],
  update_timestamp: ['1764547200', '0', '2026-01-01'],
  lang: ['ru', 'en', ''],
  subscription_plan: ['premium', 'free'],
};
const AM_VALID: Query = [
  ['application_id', '1111'],
  ['date_since', '2026-01-01 00:00:00'],
  ['date_until', '2026-01-01 00:10:00'],
  ['fields', 'event_name,event_datetime,os_name'],
];
/** A valid query with parameters dropped, garbage added, or one value replaced. */
const amQuery: fc.Arbitrary<Query> = fc
  .tuple(fc.subarray(AM_VALID), queryArb(AM_PARAMS, AM_PLAUSIBLE), fc.option(fc.tuple(fc.nat(), garbage)))
  .map(([base, extra, swap]) => {
    const q: Query = [...base, ...extra];
    if (swap && q.length > 0) q[swap[0] % q.length] = [q[swap[0] % q.length]![0], swap[1]];
    return q;
  });
const resource = fc.oneof(
  { arbitrary: fc.tuple(fc.constantFrom(...TABLE_NAMES), fc.constantFrom('.json', '.csv', '', '.xml', '.JSON', '.json.gz', '..json')).map(([t, f]) => `${t}${f}`), weight: 4 },
  { arbitrary: idArb(['events.json', 'events', 'push_tokens.csv']), weight: 2 },
);

export const APPMETRICA_ROUTES: readonly RouteGen[] = [
  { name: 'GET /logs/v1/export/{table}.{format}', methods: ['GET', 'HEAD'], path: resource.map((r) => `/logs/v1/export/${r}`), query: amQuery, bodies: [] },
  { name: 'POST|PUT|DELETE|PATCH /logs/v1/export/{table}.{format} (405)', methods: ['POST', 'PUT', 'DELETE', 'PATCH'], path: resource.map((r) => `/logs/v1/export/${r}`), query: amQuery, bodies: [{ a: 1 }] },
  {
    name: 'GET /management/v1/applications',
    methods: ['GET', 'HEAD'],
    path: fc.constant('/management/v1/applications'),
    query: queryArb(['pretty', 'oauth_token', 'lang'], { pretty: ['1', '0', 'true'] }),
    bodies: [],
  },
  {
    name: 'GET /management/v1/application/{id}',
    methods: ['GET', 'HEAD'],
    path: idArb(['1111', '2222', '0', '999999999999999', '1111.json', '-1', `${'9'.repeat(20)}`]).map((id) => `/management/v1/application/${id}`),
    query: queryArb(['pretty', 'oauth_token'], { pretty: ['1', '0'] }),
    bodies: [],
  },
  {
    name: 'ANY /management|stat|push|postback/... (501)',
    methods: ALL_METHODS,
    path: fc
      .tuple(fc.constantFrom('/management/v1/applications', '/management/v1/application/1111', '/management/v1/logsapi/status', '/management', '/stat/v1/data', '/push/v1/send-batch', '/postback/v1/x', '/logs/v1/other', '/logs/'), fc.option(segment))
      .map(([p, s]) => (s ? `${p}/${s}` : p)),
    query: queryArb([]),
    bodies: [],
  },
  { name: 'ANY unknown path (404)', methods: ALL_METHODS, path: unknownPath, query: queryArb([]), bodies: [] },
];

// --- myTarget ----------------------------------------------------------------------------------

const CAMPAIGN_IDS = ['6617841', '6711647', '6711665', '6500120'];
const BANNER_IDS = ['48123001', '48123002', '48200500'];
const MT_PARAMS = [
  'fields', 'limit', 'offset', 'sorting', '_status', '_id', '_id__in', '_name__ne', '_package_id', '_campaign_id', '_moderation_status', '_bogus', '_', '__in',
  '_last_updated__gte', '_updated__lt', '_budget_limit__gt', '_url', '_textblock', '_campaign_status__in', '_targetings',
  // statistics v2 and v3
  'id', 'id_ne', 'date_from', 'date_to', 'metrics', 'attribution', 'banner_status', 'campaign_status_ne', 'campaign_id', 'package_id', 'sort_by', 'd',
];
const MT_DATES = ['2025-12-01', '2025-12-31', '2026-01-01', '2025-09-30', '2026-02-30', '2026-1-1', '9999-12-31', '0000-01-01', ''];
const MT_PLAUSIBLE: Record<string, readonly string[]> = {
  fields: ['id,name', 'targetings', 'id,name,status,targetings,utm,banners', 'id,campaign_id,urls,content', ' , ', 'id,id', 'delivery,issues,call_to_action', 'base.shows,video', 'all'],
  limit: ['1', '50', '51', '250', '251', '0', '-1'],
  offset: ['0', '1', '1000000001'],
  sorting: ['-id', 'name,-created', 'bogus', '-', ','],
  _status: ['active', 'deleted'],
  _id__in: ['6617841,6711647', ''],
  _last_updated__gte: ['2025-12-05 09:00:00', '2025-12-05', 'x'],
  _budget_limit__gt: ['100', '1.5', '-1', 'x'],
  id: ['48123001', '6617841,6711647', '4030215', '1', Array.from({ length: 201 }, (_, i) => i + 1).join(','), 'x'],
  date_from: MT_DATES,
  date_to: MT_DATES,
  metrics: ['base', 'all', 'base,video,uniques', 'bogus', 'base.shows'],
  attribution: ['conversion', 'impression', 'default', 'x'],
  sort_by: ['base.shows', 'uniques.reach', 'base', 'x.y.z'],
  d: ['asc', 'desc', 'up'],
};
const CAMPAIGN_CREATE = {
  name: 'Fuzz campaign',
  package_id: 814,
  objective: 'traffic',
  date_start: '2026-01-01',
  date_end: '2026-02-01',
  budget_limit: '1000.00',
  price: 10,
  mixing: 'fastest',
  enable_utm: 'true',
  utm: 'utm_source=x',
  targetings: { sex: ['male'], age: { age_list: [18, 19] } },
  banners: [{ name: 'b', urls: { primary: { id: 1 } }, textblocks: { title: { text: 'x' } }, content: {} }],
};
const CAMPAIGN_UPDATE = { name: 'Renamed', status: 'blocked', budget_limit_day: null, date_end: '2026-03-01', targetings: {} };
const BANNER_UPDATE = { name: 'Banner', status: 'active', urls: { primary: { id: 2 } }, call_to_action: 'install', deeplink: null };
const MT_BODIES = [CAMPAIGN_CREATE, CAMPAIGN_UPDATE, BANNER_UPDATE, [BANNER_UPDATE, { textblocks: {} }]];
/** Token requests (form fields); the fuzz sends them mutated as JSON and garbage too. */
const TOKEN_BODIES = [
  { grant_type: 'client_credentials', client_id: 'a', client_secret: 'b' },
  { grant_type: 'agency_client_credentials', client_id: 'a', client_secret: 'b', agency_client_id: '1' },
  { grant_type: 'refresh_token', refresh_token: 'x', client_id: 'a', client_secret: 'b' },
];

/** The sync API's paths after /api (or /async_api): each emulated one, and real ones not emulated. */
const MT_SYNC: readonly { name: string; methods: readonly string[]; rest: fc.Arbitrary<string> }[] = [
  { name: '/v2/user.json', methods: ['GET'], rest: fc.constant('/v2/user.json') },
  { name: '/v2/packages.json', methods: ['GET'], rest: fc.constant('/v2/packages.json') },
  { name: '/v2/throttling.json', methods: ['GET'], rest: fc.constant('/v2/throttling.json') },
  { name: '/v2/campaigns.json', methods: ['GET', 'POST'], rest: fc.constant('/v2/campaigns.json') },
  { name: '/v2/campaigns/{id}.json', methods: ['GET', 'POST', 'DELETE'], rest: idArb(CAMPAIGN_IDS).map((id) => `/v2/campaigns/${id}.json`) },
  { name: '/v2/banners.json', methods: ['GET'], rest: fc.constant('/v2/banners.json') },
  { name: '/v2/banners/{id}.json', methods: ['GET', 'POST', 'DELETE'], rest: idArb(BANNER_IDS).map((id) => `/v2/banners/${id}.json`) },
  { name: '/v2|v3/campaigns/{id}/banners.json', methods: ['GET', 'POST'], rest: fc.tuple(fc.constantFrom('v2', 'v3'), idArb(CAMPAIGN_IDS)).map(([v, id]) => `/${v}/campaigns/${id}/banners.json`) },
  { name: '/v3/{campaigns|banners|user|throttling}.json', methods: ['GET', 'POST'], rest: fc.constantFrom('/v3/campaigns.json', '/v3/banners.json', '/v3/user.json', '/v3/throttling.json') },
  {
    name: '/v2/statistics/{campaigns|banners|users}/{day|summary}.json',
    methods: ['GET'],
    rest: fc.tuple(fc.constantFrom('campaigns', 'banners', 'users', 'bogus'), fc.constantFrom('day', 'summary', 'hour')).map(([e, k]) => `/v2/statistics/${e}/${k}.json`),
  },
  { name: '/v3/statistics/{campaigns|banners|users}/day.json', methods: ['GET'], rest: fc.constantFrom('campaigns', 'banners', 'users', 'ad_groups').map((e) => `/v3/statistics/${e}/day.json`) },
  {
    name: '/v1|v2|v3/... real, not emulated (501), or unknown (404)',
    methods: ALL_METHODS,
    rest: fc.oneof(fc.constantFrom('/v2/statistics/goals/banners/day.json', '/v1/campaigns.json', '/v2/remarketing/counters.json', '/v2/campaigns/mass_action.json', '/v3/x', '/'), segment.map((s) => `/v2/${s}`)),
  },
];

/**
 * Callbacks go out when the clock moves (the fuzz run's last test does): a generated URL that the
 * stand would accept for another host is pointed at 127.0.0.1 instead (port 9, where nothing
 * listens), so a test run never sends a request off this machine.
 */
function loopbackOnly(location: string): string {
  let url: URL;
  try {
    url = new URL(location.trim());
  } catch {
    return location;
  }
  if (!['http:', 'https:'].includes(url.protocol) || url.hostname === '127.0.0.1') return location;
  url.hostname = '127.0.0.1';
  url.port = '9';
  return url.toString();
}

const callbackHeaders: fc.Arbitrary<Record<string, string>> = fc
  .record(
    {
      location: fc
        .oneof(
          { arbitrary: fc.constantFrom('http://127.0.0.1:9/cb', 'https://127.0.0.1:9/cb?x=1', 'http://[::1]:9/', 'http://localhost:9/'), weight: 2 },
          { arbitrary: headerGarbage, weight: 3 },
        )
        .map(loopbackOnly),
      method: fc.oneof(fc.constantFrom('GET', 'POST', 'get', ' post ', 'PUT', ''), headerGarbage),
    },
    { requiredKeys: [] },
  )
  .map(({ location, method }) => ({
    ...(location === undefined ? {} : { 'x-callback-location': location }),
    ...(method === undefined ? {} : { 'x-callback-method': method }),
  }));

const asyncFile = (ids: readonly string[]) =>
  fc.oneof({ arbitrary: fc.constantFrom(...ids, '0', '999999').map((id) => `${id}.json`), weight: 3 }, { arbitrary: idArb(['1.json', '1', '1.JSON', '01.json', `${'9'.repeat(19)}.json`]), weight: 3 });

export function mytargetRoutes(asyncIds: readonly string[]): RouteGen[] {
  const query = queryArb(MT_PARAMS, MT_PLAUSIBLE);
  return [
    ...MT_SYNC.map((r) => ({
      name: routeName(r.methods, `/api${r.name}`),
      methods: r.methods,
      path: r.rest.map((s) => `/api${s}`),
      query,
      bodies: MT_BODIES,
    })),
    ...MT_SYNC.map((r) => ({
      name: routeName(r.methods, `/async_api${r.name}`),
      methods: r.methods,
      path: r.rest.map((s) => `/async_api${s}`),
      query,
      bodies: MT_BODIES,
      headers: callbackHeaders,
    })),
    {
      name: 'POST|GET /api/v2/oauth2/token.json|token/delete.json',
      methods: ['POST', 'GET'],
      path: fc.constantFrom('/api/v2/oauth2/token.json', '/api/v2/oauth2/token/delete.json'),
      query: queryArb([]),
      bodies: TOKEN_BODIES,
    },
    { name: 'GET /async_api/v2/requests/{id}.json', methods: ['GET', 'HEAD'], path: asyncFile(asyncIds).map((f) => `/async_api/v2/requests/${f}`), query: queryArb([]), bodies: [] },
    { name: 'GET /async_api/v2/responses/{id}.json', methods: ['GET', 'HEAD'], path: asyncFile(asyncIds).map((f) => `/async_api/v2/responses/${f}`), query: queryArb([]), bodies: [] },
    {
      name: 'POST|PUT|... /async_api/v2/requests|responses/{id}.json (405)',
      methods: ['POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
      path: fc.tuple(fc.constantFrom('requests', 'responses'), asyncFile(asyncIds)).map(([k, f]) => `/async_api/v2/${k}/${f}`),
      query: queryArb([]),
      bodies: [],
    },
    { name: 'ANY unknown path (404)', methods: ALL_METHODS, path: unknownPath, query: queryArb([]), bodies: [] },
  ];
}

// --- Toloka ------------------------------------------------------------------------------------

const TOLOKA_KINDS = ['tasks', 'task-suites', 'user-bonuses'] as const;
const IMG = 'https://example.com/1.png';
const TASK = { pool_id: '1', input_values: { image: IMG, text: 'a cat' }, overlap: 1, reserved_for: [], known_solutions: [], __item_idx: '0' };
const TYPED_TASK = { pool_id: '4', overlap: 2, input_values: { label: 'cat', count: 5, score: 0.5, flag: true, place: '55.7,37.6', meta: { any: ['json'] }, tags: ['a', 'b'] } };
const SUITE = { pool_id: '1', overlap: 1, issuing_order_override: 1.5, tasks: [{ input_values: { image: IMG } }, { input_values: { image: IMG, text: 'x' } }] };
const BONUS = { user_id: 'ec00d2407f7241258d0faba610110d95', amount: 1.5, private_comment: 'x', public_title: { EN: 'Thanks' }, public_message: { EN: 'Good job' }, without_message: false };
const TOLOKA_BODIES: Record<(typeof TOLOKA_KINDS)[number], unknown[]> = { tasks: [TASK, TYPED_TASK], 'task-suites': [SUITE], 'user-bonuses': [BONUS] };

const UUIDS = ['5c04458e-63c1-46c1-ba0d-6f0756a5358b', '00000000-0000-0000-0000-000000000000', 'FFFFFFFF-FFFF-4FFF-BFFF-FFFFFFFFFFFF'];
const CREATE_PARAMS = ['async_mode', 'skip_invalid_items', 'allow_defaults', 'open_pool', 'operation_id'];
const BOOLS = ['true', 'false', 'TRUE', '', '1', 'yes'];
const CREATE_PLAUSIBLE: Record<string, readonly string[]> = {
  async_mode: BOOLS,
  skip_invalid_items: BOOLS,
  allow_defaults: BOOLS,
  open_pool: BOOLS,
  operation_id: [...UUIDS, 'not-a-uuid'],
};
const CMPS = ['gt', 'gte', 'lt', 'lte'];
const TIMES = ['2026-01-01', '2026-01-01T00:00:00', '2026-01-01T00:00:00.123Z', '2026-01-01T00:00:00+03:00', '2026-02-30', '9999-12-31T23:59:59', '0000-01-01'];
const listParams = (times: string[], equals: string[]) => [
  ...CMPS.map((c) => `id_${c}`),
  ...times.flatMap((t) => CMPS.map((c) => `${t}_${c}`)),
  ...equals,
  'sort',
  'limit',
];
const listPlausible = (times: string[]): Record<string, readonly string[]> => ({
  ...Object.fromEntries(times.flatMap((t) => CMPS.map((c) => [`${t}_${c}`, TIMES]))),
  sort: ['id', '-id', 'created', '-submitted,id', 'finished', 'bogus', ',', '-'],
  limit: ['1', '50', '0', '300', '301', '500', '501', '100000', '100001', '-1'],
  pool_id: ['1', '2', '4'],
  type: ['TASK.BATCH_CREATE', 'POOL.OPEN'],
  status: ['SUCCESS', 'PENDING', 'FAIL'],
});

/** Real Toloka operations the stand does not emulate (501), and wrong methods on emulated ones (405). */
const TOLOKA_NOT_EMULATED = [
  '/api/v1/projects',
  '/api/v1/projects/1',
  '/api/v1/pools',
  '/api/v1/pools/1/archive',
  '/api/v1/pools/1/clone',
  '/api/v1/skills',
  '/api/v1/webhook-subscriptions/x/test',
  '/api/v1/user-restrictions/1',
  '/api/v1/message-threads',
  '/api/v1/message-threads/compose',
  '/api/v1/message-threads/x/reply',
  '/api/v1/tasks/x/set-overlap-or-min',
  '/api/v1/requester',
  '/api/v1/trainings/1/open',
  '/api/staging/projects/1/check',
  '/api/app/v0/app-projects/1/batches',
];

const SPEC = { image: { type: 'url', required: true }, text: { type: 'string', required: false } };
const PROJECT = { public_name: 'P', public_description: 'D', task_spec: { input_spec: SPEC, output_spec: { caption: { type: 'string' } } }, assignments_issuing_type: 'AUTOMATED' };
const POOL = {
  project_id: '1',
  private_name: 'P',
  will_expire: '2030-01-01T00:00:00',
  reward_per_assignment: 0.01,
  assignment_max_duration_seconds: 600,
  defaults: { default_overlap_for_new_task_suites: 1, default_overlap_for_new_tasks: 2 },
  id: '1',
  status: 'OPEN',
  owner: { id: 'x' },
};
const ANALYTICS = [{ subject: 'POOL', subject_id: '1', name: 'completion_percentage' }, { subject: 'POOL', subject_id: '1', name: 'active_workers_by_filter_count', interval_hours: 2 }];

export function tolokaRoutes(operationIds: readonly string[]): RouteGen[] {
  const opId = idArb([...operationIds, ...UUIDS]);
  const poolId = idArb(['1', '2', '3', '4', '5']);
  const routes: RouteGen[] = [];
  for (const kind of TOLOKA_KINDS) {
    routes.push({
      name: `POST /api/v1/${kind}`,
      methods: ['POST'],
      path: fc.constant(`/api/v1/${kind}`),
      query: queryArb(CREATE_PARAMS, CREATE_PLAUSIBLE),
      bodies: TOLOKA_BODIES[kind],
    });
    routes.push({
      name: `GET /api/v1/${kind}`,
      methods: ['GET', 'HEAD'],
      path: fc.constant(`/api/v1/${kind}`),
      query: queryArb(listParams(['created'], [kind === 'user-bonuses' ? 'user_id' : 'pool_id']), listPlausible(['created'])),
      bodies: [],
    });
    routes.push({
      name: `GET /api/v1/${kind}/{id}`,
      methods: ['GET', 'HEAD'],
      path: idArb(['1', '0000000001--69a55fa31296ae8e84000001', '10000001']).map((id) => `/api/v1/${kind}/${id}`),
      query: queryArb([]),
      bodies: [],
    });
    if (kind === 'user-bonuses') continue;
    routes.push({
      name: `PATCH /api/v1/${kind}/{id}(/set-overlap-or-min)`,
      methods: ['PATCH'],
      path: fc
        .tuple(idArb(['1', '0000000001--69a55fa31296ae8e84000001']), fc.constantFrom('', '/set-overlap-or-min'))
        .map(([id, tail]) => `/api/v1/${kind}/${id}${tail}`),
      query: queryArb(['open_pool'], { open_pool: BOOLS }),
      bodies: [{ overlap: 3 }, { overlap: null, infinite_overlap: true }, { overlap: 0, baseline_solutions: [{ output_values: {} }] }],
    });
  }
  routes.push(
    {
      name: 'GET /api/v1/operations',
      methods: ['GET', 'HEAD'],
      path: fc.constant('/api/v1/operations'),
      query: queryArb(listParams(['submitted', 'finished'], ['type', 'status']), listPlausible(['submitted', 'finished'])),
      bodies: [],
    },
    { name: 'GET /api/v1/operations/{id}', methods: ['GET', 'HEAD'], path: opId.map((id) => `/api/v1/operations/${id}`), query: queryArb([]), bodies: [] },
    { name: 'GET /api/v1/operations/{id}/log', methods: ['GET', 'HEAD'], path: opId.map((id) => `/api/v1/operations/${id}/log`), query: queryArb([]), bodies: [] },
    { name: 'GET /api/v1/pools/{id}', methods: ['GET', 'HEAD'], path: poolId.map((id) => `/api/v1/pools/${id}`), query: queryArb([]), bodies: [] },
    {
      name: 'POST /api/v1/pools/{id}/open|close|close-for-update|archive|clone',
      methods: ['POST'],
      path: fc.tuple(poolId, fc.constantFrom('open', 'close', 'close-for-update', 'archive', 'clone')).map(([id, a]) => `/api/v1/pools/${id}/${a}`),
      query: queryArb([]),
      bodies: [{}],
    },
    {
      name: 'GET /api/v1/pools',
      methods: ['GET', 'HEAD'],
      path: fc.constant('/api/v1/pools'),
      query: queryArb(listParams(['created', 'last_started'], ['status', 'project_id']), listPlausible(['created', 'last_started'])),
      bodies: [],
    },
    { name: 'POST /api/v1/pools', methods: ['POST'], path: fc.constant('/api/v1/pools'), query: queryArb(['storage_key']), bodies: [POOL] },
    { name: 'PUT|PATCH /api/v1/pools/{id}', methods: ['PUT', 'PATCH'], path: poolId.map((id) => `/api/v1/pools/${id}`), query: queryArb([]), bodies: [POOL, { priority: 10 }] },
    {
      name: 'GET /api/v1/projects',
      methods: ['GET', 'HEAD'],
      path: fc.constant('/api/v1/projects'),
      query: queryArb([...listParams(['created'], ['status', 'owner'])], { ...listPlausible(['created']), sort: ['public_name', '-private_comment', 'id', 'bogus'] }),
      bodies: [],
    },
    { name: 'POST /api/v1/projects', methods: ['POST'], path: fc.constant('/api/v1/projects'), query: queryArb([]), bodies: [PROJECT] },
    {
      name: 'GET|PUT /api/v1/projects/{id}, POST .../archive',
      methods: ['GET', 'PUT', 'POST'],
      path: fc.tuple(idArb(['1', '2', '3', '99']), fc.constantFrom('', '/archive')).map(([id, tail]) => `/api/v1/projects/${id}${tail}`),
      query: queryArb([]),
      bodies: [PROJECT],
    },
    { name: 'GET /api/v1/requester', methods: ['GET', 'HEAD'], path: fc.constant('/api/v1/requester'), query: queryArb([]), bodies: [] },
    {
      name: 'GET /api/v1/assignments',
      methods: ['GET', 'HEAD'],
      path: fc.constant('/api/v1/assignments'),
      query: queryArb(listParams(['created', 'submitted', 'accepted'], ['pool_id', 'task_id', 'task_suite_id', 'status', 'user_id']), {
        ...listPlausible(['created', 'submitted', 'accepted']),
        status: ['ACTIVE', 'SUBMITTED,ACCEPTED', 'BOGUS', ','],
      }),
      bodies: [],
    },
    {
      name: 'GET|PATCH /api/v1/assignments/{id}',
      methods: ['GET', 'PATCH'],
      path: idArb(['0000000002--69a55fa31296ae8e84000001', '1']).map((id) => `/api/v1/assignments/${id}`),
      query: queryArb([]),
      bodies: [{ status: 'ACCEPTED', public_comment: 'ok' }, { status: 'REJECTED' }],
    },
    {
      name: 'POST /api/v1/aggregated-solutions/aggregate-by-pool|task',
      methods: ['POST'],
      path: fc.constantFrom('/api/v1/aggregated-solutions/aggregate-by-pool', '/api/v1/aggregated-solutions/aggregate-by-task'),
      query: queryArb([]),
      bodies: [{ type: 'DAWID_SKENE', pool_id: '1', fields: [{ name: 'caption' }], task_id: 'x' }, { type: 'WEIGHTED_DYNAMIC_OVERLAP', pool_id: '1', answer_weight_skill_id: '1', fields: [{ name: 'quality' }] }],
    },
    {
      name: 'GET /api/v1/aggregated-solutions/{operation_id}',
      methods: ['GET', 'HEAD'],
      path: opId.map((id) => `/api/v1/aggregated-solutions/${id}`),
      query: queryArb(['task_id_gt', 'task_id_lte', 'sort', 'limit'], { sort: ['task_id', '-task_id', 'id'] }),
      bodies: [],
    },
    {
      name: 'PUT|GET /api/v1/webhook-subscriptions',
      methods: ['PUT', 'GET'],
      path: fc.constant('/api/v1/webhook-subscriptions'),
      query: queryArb(listParams(['created'], ['event_type', 'pool_id']), listPlausible(['created'])),
      bodies: [[{ webhook_url: 'http://127.0.0.1:9/hook', event_type: 'POOL_CLOSED', pool_id: '1', secret_key: 's' }]],
    },
    {
      name: 'GET|DELETE /api/v1/webhook-subscriptions/{id}',
      methods: ['GET', 'DELETE'],
      path: idArb([...UUIDS]).map((id) => `/api/v1/webhook-subscriptions/${id}`),
      query: queryArb([]),
      bodies: [],
    },
    {
      name: 'GET|POST /api/v1/skills, GET|PUT /api/v1/skills/{id}',
      methods: ['GET', 'POST', 'PUT'],
      path: fc.tuple(fc.constantFrom('', '/1', '/2', '/x'), fc.constant('')).map(([id]) => `/api/v1/skills${id}`),
      query: queryArb(listParams(['created', 'modified'], ['name', 'global', 'owner_id']), { ...listPlausible(['created']), global: BOOLS }),
      bodies: [{ name: 'Skill', hidden: 'false', skill_ttl_hours: 1 }, { name: '' }, { public_name: { EN: 1 } }],
    },
    {
      name: 'PUT|GET /api/v1/user-skills, GET|DELETE /api/v1/user-skills/{id}',
      methods: ['PUT', 'GET', 'DELETE'],
      path: fc.constantFrom('/api/v1/user-skills', '/api/v1/user-skills/1', '/api/v1/user-skills/x'),
      query: queryArb(listParams(['created', 'modified'], ['skill_id', 'user_id']), listPlausible(['created', 'modified'])),
      bodies: [{ skill_id: '1', user_id: 'ec00d2407f7241258d0faba610110d95', value: 50.5 }, { skill_id: 1, user_id: 'x', value: 101 }, { value: '7' }],
    },
    {
      name: 'PUT|GET /api/v1/user-restrictions, GET|DELETE /api/v1/user-restrictions/{id}',
      methods: ['PUT', 'GET', 'DELETE'],
      path: fc.constantFrom('/api/v1/user-restrictions', '/api/v1/user-restrictions/1', '/api/v1/user-restrictions/x'),
      query: queryArb(listParams(['created'], ['scope', 'user_id', 'pool_id', 'project_id']), { ...listPlausible(['created']), scope: ['POOL', 'PROJECT', 'BOGUS'] }),
      bodies: [
        { scope: 'POOL', pool_id: '1', user_id: 'ec00d2407f7241258d0faba610110d95', will_expire: '2026-01-01T01:00:00' },
        { scope: 'PROJECT', user_id: 'ec00d2407f7241258d0faba610110d95' },
        { scope: 'ALL_PROJECTS', user_id: 'ec00d2407f7241258d0faba610110d95', will_expire: 'soon' },
      ],
    },
    {
      name: 'GET /api/v1/user-metadata/{user_id}',
      methods: ['GET', 'HEAD'],
      path: fc.constantFrom('ec00d2407f7241258d0faba610110d95', 'x', '0123456789abcdef0123456789abcdef').map((id) => `/api/v1/user-metadata/${id}`),
      query: queryArb([]),
      bodies: [],
    },
    {
      name: 'GET|POST /api/v1/trainings, GET|PUT /api/v1/trainings/{id}, POST .../{action}',
      methods: ['GET', 'POST', 'PUT'],
      path: fc.tuple(fc.constantFrom('', '/1', '/5', '/6'), fc.constantFrom('', '', '/open', '/close', '/close-for-update', '/archive', '/clone')).map(([id, a]) => `/api/v1/trainings${id}${id ? a : ''}`),
      query: queryArb(listParams(['created', 'last_started'], ['status', 'project_id']), listPlausible(['created'])),
      bodies: [{ project_id: '1', private_name: 'T', inherited_instructions: true, training_tasks_in_task_suite_count: 2 }, { project_id: '1' }],
    },
    {
      name: 'GET /api/v1/message-threads, POST .../compose, POST .../{id}/reply|add-to-folders|remove-from-folders',
      methods: ['GET', 'POST'],
      path: fc.constantFrom('', '/compose', '/x/reply', '/x/add-to-folders', '/x/remove-from-folders').map((tail) => `/api/v1/message-threads${tail}`),
      query: queryArb([...listParams(['created'], ['folder', 'folder_ne'])], { ...listPlausible(['created']), folder: ['OUTBOX', 'INBOX,UNREAD', 'BOGUS'], folder_ne: ['IMPORTANT'] }),
      bodies: [
        { topic: { EN: 'Hi' }, text: { EN: 'Hello' }, answerable: true, recipients_select_type: 'DIRECT', recipients_ids: ['ec00d2407f7241258d0faba610110d95'] },
        { topic: { EN: 'Hi' }, text: { EN: 'All' }, answerable: false, recipients_select_type: 'ALL' },
        { text: { EN: 'Thanks' } },
        { folders: ['IMPORTANT', 'BOGUS'] },
      ],
    },
    {
      name: 'GET /api/v1/attachments, /api/v1/attachments/{id}(/download)',
      methods: ['GET', 'HEAD'],
      path: fc.constantFrom('', '/x', `/${UUIDS[0]}`, `/${UUIDS[0]}/download`).map((tail) => `/api/v1/attachments${tail}`),
      query: queryArb(listParams(['created'], ['pool_id', 'assignment_id', 'user_id', 'name', 'type']), listPlausible(['created'])),
      bodies: [],
    },
    {
      name: 'GET /api/new/requester/pools/{id}/assignments.tsv',
      methods: ['GET', 'HEAD'],
      path: poolId.map((id) => `/api/new/requester/pools/${id}/assignments.tsv`),
      query: queryArb(['status', 'field', 'startTimeFrom', 'startTimeTo', 'excludeBanned', 'addRowDelimiter'], {
        status: ['APPROVED', 'SUBMITTED,REJECTED', 'BOGUS'],
        field: ['ASSIGNMENT:link,ASSIGNMENT:worker_id', 'ASSIGNMENT:bogus'],
        startTimeFrom: TIMES,
        excludeBanned: BOOLS,
        addRowDelimiter: BOOLS,
      }),
      bodies: [],
    },
    { name: 'POST /api/staging/analytics-2', methods: ['POST'], path: fc.constant('/api/staging/analytics-2'), query: queryArb([]), bodies: [ANALYTICS] },
    {
      name: 'ANY real Toloka operation not emulated (501) / wrong method (405)',
      methods: ALL_METHODS,
      path: fc.constantFrom(...TOLOKA_NOT_EMULATED),
      query: queryArb([]),
      bodies: [{}],
    },
    { name: 'ANY unknown path (404)', methods: ALL_METHODS, path: unknownPath, query: queryArb([]), bodies: [] },
  );
  return routes;
}

// --- admin ---------------------------------------------------------------------------------------

const ADMIN_APIS = ['appmetrica', 'mytarget', 'toloka'];
const ISO = ['2026-01-01T00:00:00Z', '2026-01-02T00:00:00.000Z', '2027-01-01T00:00:00+03:00', '2026-01-01T00:00:00+99:99', '2025-01-01T00:00:00Z', '9999-12-31T23:59:59Z', '2026-02-30T00:00:00Z'];
const PAGING = ['limit', 'offset'];
const PAGING_VALUES: Record<string, readonly string[]> = { limit: ['1', '1000', '1001', '0', '-1', '1.5'], offset: ['0', '5', '-1', '99999999999999999999'] };
const RULES = [
  { action: { type: 'status', status: 503, retryAfter: 1 } },
  { match: { path: '/api/*', method: 'GET', query: { a: 'b' }, token: 't' }, nth: 2, times: 1, probability: 0.5, action: { type: 'fail', status: 500 } },
  { action: { type: 'invalid', item: 0, field: 'input_values.image', code: 'INVALID_URL_SYNTAX' } },
  { action: { type: 'callback', outcome: 'refuse' }, match: { host: '127.0.0.1' } },
  { action: { type: 'unknown' } },
];
const SCENARIO_DOC = {
  version: 1,
  fixtures: 'default',
  tokens: null,
  appmetrica: { preparation: { min: 10, max: 20 }, maxQueuedPerApp: 3, faults: [] },
  mytarget: { concurrency: 2, enqueued: { polls: 2 }, execution: 'manual', rateLimits: { perSecond: 5 } },
  toloka: { pending: 10, running: 10, logTtlMs: 1000 },
  callbacks: { timeoutMs: 100, retries: 1, allowHosts: ['127.0.0.1'] },
};

export function adminRoutes(jobIds: readonly string[]): RouteGen[] {
  const api = fc.oneof({ arbitrary: fc.constantFrom(...ADMIN_APIS), weight: 3 }, { arbitrary: idArb(['APPMETRICA', '']), weight: 1 });
  const jobPath = (tail: string) => fc.tuple(api, idArb(jobIds)).map(([a, id]) => `/_stand/jobs/${a}/${id}${tail}`);
  const none = queryArb([]);
  return [
    { name: 'GET /_stand/health', methods: ['GET', 'HEAD'], path: fc.constant('/_stand/health'), query: none, bodies: [] },
    { name: 'POST /_stand/reset', methods: ['POST'], path: fc.constant('/_stand/reset'), query: none, bodies: [{}] },
    { name: 'GET /_stand/clock', methods: ['GET', 'HEAD'], path: fc.constant('/_stand/clock'), query: none, bodies: [] },
    {
      name: 'POST /_stand/clock/advance',
      methods: ['POST'],
      path: fc.constant('/_stand/clock/advance'),
      query: none,
      bodies: [{ ms: 1000 }, { ms: 0 }, { ms: 315_360_000_000 }, ...ISO.map((to) => ({ to })), { ms: 1, to: ISO[0] }],
    },
    {
      name: 'GET /_stand/jobs',
      methods: ['GET', 'HEAD'],
      path: fc.constant('/_stand/jobs'),
      query: queryArb(['api', 'state', 'account', 'kind', ...PAGING], { api: ADMIN_APIS, state: ['done', 'ready', 'SUCCESS'], ...PAGING_VALUES }),
      bodies: [],
    },
    { name: 'GET /_stand/jobs/{api}/{id}', methods: ['GET', 'HEAD'], path: jobPath(''), query: none, bodies: [] },
    { name: 'POST /_stand/jobs/{api}/{id}/advance', methods: ['POST'], path: jobPath('/advance'), query: none, bodies: [] },
    { name: 'POST /_stand/jobs/{api}/{id}/complete', methods: ['POST'], path: jobPath('/complete'), query: none, bodies: [] },
    {
      name: 'GET /_stand/journal/requests',
      methods: ['GET', 'HEAD'],
      path: fc.constant('/_stand/journal/requests'),
      query: queryArb(['api', 'account', 'status', ...PAGING], { api: ADMIN_APIS, status: ['200', '404', '1e3', '-1', '200.5'], ...PAGING_VALUES }),
      bodies: [],
    },
    {
      name: 'GET /_stand/journal/callbacks',
      methods: ['GET', 'HEAD'],
      path: fc.constant('/_stand/journal/callbacks'),
      query: queryArb(['api', 'jobId', ...PAGING], { api: ADMIN_APIS, jobId: ['1'], ...PAGING_VALUES }),
      bodies: [],
    },
    { name: 'GET /_stand/scenario', methods: ['GET', 'HEAD'], path: fc.constant('/_stand/scenario'), query: none, bodies: [] },
    {
      name: 'PUT /_stand/scenario',
      methods: ['PUT'],
      path: fc.constant('/_stand/scenario'),
      query: none,
      bodies: [
        { name: 'default' },
        { name: 'expiry' },
        { name: '../../package' },
        { name: '../../package.json' },
        { name: '/etc/passwd' },
        { name: '/etc/hostname.json' },
        { name: 'scenario.schema' },
        { scenario: SCENARIO_DOC },
        { scenario: { version: 1, fixtures: '../../../etc' } },
      ],
    },
    {
      name: 'POST /_stand/scenario/queue',
      methods: ['POST'],
      path: fc.constant('/_stand/scenario/queue'),
      query: none,
      bodies: RULES.map((rule, i) => ({ api: ADMIN_APIS[i % 3], rule })),
    },
    // The dashboard (issue 9): its page and assets, the overview, and the event stream. A valid
    // GET of /events streams for ever, so it only gets other methods or a query it refuses.
    { name: 'GET /_stand/ui, /ui/, /ui/app.js, /ui/app.css', methods: ['GET', 'HEAD'], path: fc.constantFrom('/_stand/ui', '/_stand/ui/', '/_stand/ui/app.js', '/_stand/ui/app.css'), query: none, bodies: [] },
    { name: 'GET /_stand/overview', methods: ['GET', 'HEAD'], path: fc.constant('/_stand/overview'), query: none, bodies: [] },
    {
      name: 'GET /_stand/events (refused query) / other methods',
      methods: ['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'],
      path: fc.constant('/_stand/events'),
      query: fc.tuple(queryArb(['token']), garbage).map(([q, v]): Query => [...q, ['not-a-parameter', v]]),
      bodies: [],
    },
    { name: 'ANY unknown /_stand path (404)', methods: ALL_METHODS, path: unknownPath.map((p) => `/_stand${p}`), query: none, bodies: [] },
    { name: 'ANY unknown path outside the APIs (404)', methods: ALL_METHODS, path: unknownPath, query: none, bodies: [] },
  ];
}

// --- requests ------------------------------------------------------------------------------------

export interface ApiFuzzSpec {
  /** The owner whose error shape applies (admin for the /_stand routes). */
  owner: Owner;
  /** URL prefix on the listener ('' at root). */
  prefix: string;
  routes: readonly RouteGen[];
  /** Authorization scheme and tokens, or none (admin). */
  auth?: { scheme: string; tokens: readonly string[] };
}

/** One garbage request against one of the spec's routes. */
export function requestArb(spec: ApiFuzzSpec): fc.Arbitrary<FuzzRequest> {
  return fc.constantFrom(...spec.routes).chain((route) =>
    fc
      .record({
        method: methodArb(route.methods),
        path: route.path,
        query: route.query,
        queryHow: fc.nat({ max: 2 }),
        body: bodyArb(route.bodies),
        auth: spec.auth ? authArb(spec.auth.scheme, spec.auth.tokens) : fc.constant(undefined),
        scenario: fc.option(scenarioHeaderArb, { freq: 10, nil: undefined }),
        host: hostArb,
        extra: route.headers ?? fc.constant({}),
        acceptEncoding: acceptEncodingArb,
        cacheControl: cacheControlArb,
      })
      .map((r): FuzzRequest => {
        const headers: Record<string, string> = { ...r.extra };
        if (r.auth !== undefined) headers.authorization = r.auth;
        if (r.body.contentType !== undefined && r.body.payload !== undefined) headers['content-type'] = r.body.contentType;
        if (r.scenario) headers['x-stand-scenario'] = r.scenario.value;
        if (r.host !== undefined) headers.host = r.host;
        if (r.acceptEncoding !== undefined) headers['accept-encoding'] = r.acceptEncoding;
        if (r.cacheControl !== undefined) headers['cache-control'] = r.cacheControl;
        return {
          route: route.name,
          method: r.method,
          url: `${spec.prefix}${r.path}${renderQuery(r.query, r.queryHow)}`,
          headers,
          payload: r.body.payload,
          scriptedStatus: r.scenario?.scriptedStatus ?? null,
        };
      }),
  );
}

export type { Body };
