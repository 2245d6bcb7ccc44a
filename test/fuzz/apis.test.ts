/**
 * Property-based fuzzing of every route of the three emulated APIs (issue 8): generated garbage
 * (query parameters and values, JSON and non-JSON bodies, wrong content types, huge values,
 * unicode, path traversal, header injection in callback URLs, ids and tokens) never gets a 5xx
 * (unless the request scripted one with X-Stand-Scenario), every error is in the owning API's
 * real shape, and the jobs a client made before the run are untouched after it.
 *
 * Fixed seed in `npm test`; `npm run fuzz` runs more cases with a random seed (settings.ts).
 */
import { pino } from 'pino';
import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import fc from 'fast-check';
import { createTestStand, type TestStand } from '../../src/testing/index.js';
import type { JobView } from '../../src/apis/api.js';
import { APPMETRICA_ROUTES, mytargetRoutes, tolokaRoutes, type ApiFuzzSpec } from './routes.js';
import { fuzzRoutes, missed, report, send, describe as describeRequest } from './harness.js';
import { fcParams, runs, timeoutFor } from './settings.js';
import { answerProblem } from './shapes.js';
import { acceptEncodingArb, garbage, headerGarbage, queryArb, renderQuery, scenarioHeaderArb } from './arbitraries.js';

/** The account whose jobs must come through the fuzz run unchanged; the fuzz never uses its token. */
const BASE = 'baseline-token';
const FUZZ_TOKENS = ['fuzz-1', 'fuzz-2', 'fuzz-3', 'app2222-token'];
const JSON_TYPE = { 'content-type': 'application/json' };

let t: TestStand;
let errorLog: ReturnType<typeof vi.spyOn>;

interface Baseline {
  exportUrl: string;
  exportFile: string;
  mytarget: { done: string; enqueued: string; waiting: string };
  toloka: { batch: string; pending: string };
}
let base: Baseline;
let before: { jobs: JobView[]; answers: string[] };

const AM = (auth: string) => ({ authorization: `OAuth ${auth}` });
const MT = (auth: string) => ({ authorization: `Bearer ${auth}` });

/** Valid jobs of every API, in several states, made before the fuzz run (the clock then stands still). */
async function makeBaseline(): Promise<Baseline> {
  const exportUrl = '/appmetrica/logs/v1/export/events.json?application_id=1111&date_since=2026-01-01&date_until=2026-01-01&fields=event_name,event_datetime,os_name&limit=5';
  expect((await t.inject({ url: exportUrl, headers: AM(BASE) })).statusCode).toBe(202);
  t.advance(60_000);
  const file = await t.inject({ url: exportUrl, headers: AM(BASE) });
  expect(file.statusCode).toBe(200);

  const submit = async (method: 'GET' | 'POST', rest: string, payload?: unknown) => {
    const res = await t.inject({
      method,
      url: `/mytarget/async_api/v2/${rest}`,
      headers: { ...MT(BASE), ...(payload === undefined ? {} : JSON_TYPE) },
      ...(payload === undefined ? {} : { payload: JSON.stringify(payload) }),
    });
    expect(res.statusCode).toBe(202);
    return /\/(\d+)\.json$/.exec(String(res.headers.location))![1]!;
  };
  const done = await submit('POST', 'campaigns.json', { name: 'Before the fuzz', package_id: 814 });
  t.advance(10_000);

  const toloka = async (url: string, payload?: unknown) => {
    const res = await t.inject({
      method: 'POST',
      url: `/toloka/api/v1/${url}`,
      headers: { authorization: `OAuth ${BASE}`, ...(payload === undefined ? {} : JSON_TYPE) },
      ...(payload === undefined ? {} : { payload: JSON.stringify(payload) }),
    });
    expect(res.statusCode).toBe(202);
    return (res.json() as { id: string }).id;
  };
  const img = 'https://example.com/a.png';
  const batch = await toloka('tasks?async_mode=true&skip_invalid_items=true', [
    { pool_id: '1', overlap: 1, input_values: { image: img } },
    { pool_id: '1', overlap: 1, input_values: { imagis: img } },
  ]);
  t.advance(60_000);

  // Jobs that stay where they are through the run (the clock does not move): an export preparing,
  // an async call holding its account's slot and one waiting behind it, a pending operation.
  expect((await t.inject({ url: exportUrl.replace('limit=5', 'limit=6'), headers: AM(BASE) })).statusCode).toBe(202);
  const enqueued = await submit('GET', 'campaigns.json?fields=id,name');
  const waiting = await submit('GET', 'user.json');
  const pending = await toloka('pools/1/close');
  return { exportUrl, exportFile: file.body, mytarget: { done, enqueued, waiting }, toloka: { batch, pending } };
}

/** What the baseline account's jobs look like: their admin views and every poll answer (status, headers, body). */
async function snapshot(): Promise<{ jobs: JobView[]; answers: string[] }> {
  const jobs = t.stand.jobs({ account: BASE });
  const urls: [string, Record<string, string>][] = [
    ...Object.values(base.mytarget).flatMap((id): [string, Record<string, string>][] => [
      [`/mytarget/async_api/v2/requests/${id}.json`, MT(BASE)],
      [`/mytarget/async_api/v2/responses/${id}.json`, MT(BASE)],
    ]),
    ...Object.values(base.toloka).flatMap((id): [string, Record<string, string>][] => [
      [`/toloka/api/v1/operations/${id}`, { authorization: `OAuth ${BASE}` }],
      [`/toloka/api/v1/operations/${id}/log`, { authorization: `OAuth ${BASE}` }],
    ]),
    ['/toloka/api/v1/pools/1', { authorization: `OAuth ${BASE}` }],
    ['/toloka/api/v1/tasks?pool_id=1', { authorization: `OAuth ${BASE}` }],
  ];
  const answers: string[] = [];
  for (const [url, headers] of urls) {
    const res = await t.inject({ url, headers });
    answers.push(`${url} ${res.statusCode} ${res.headers['content-type']} ${res.headers.location ?? ''} ${res.body}`);
  }
  return { jobs, answers };
}

beforeAll(async () => {
  // A small body limit makes "bigger than the limit" cheap to generate (413 in each API's shape).
  const logger = pino({ level: 'silent' });
  t = await createTestStand({ bodyLimit: 256 * 1024, logger });
  // Nobody does the baseline's Toloka tasks: the jobs it keeps stay as they are through the run.
  t.stand.activateScenario({ version: 1, toloka: { crowd: { workers: 0 } } });
  errorLog = vi.spyOn(logger, 'error');
  base = await makeBaseline();
  before = await snapshot();
});

afterAll(async () => {
  await t?.close();
});

const specs = (prefix: string): Record<'appmetrica' | 'mytarget' | 'toloka', ApiFuzzSpec> => ({
  appmetrica: { owner: 'appmetrica', prefix, routes: APPMETRICA_ROUTES, auth: { scheme: 'OAuth', tokens: FUZZ_TOKENS } },
  mytarget: { owner: 'mytarget', prefix, routes: mytargetRoutes(['1', '2', '3', '4']), auth: { scheme: 'Bearer', tokens: FUZZ_TOKENS } },
  toloka: { owner: 'toloka', prefix, routes: tolokaRoutes([]), auth: { scheme: 'OAuth', tokens: FUZZ_TOKENS } },
});
const MAIN = specs('');
const PREFIX = { appmetrica: '/appmetrica', mytarget: '/mytarget', toloka: '/toloka' } as const;

const CASES = { appmetrica: runs(700), mytarget: runs(1000), toloka: runs(1000), only: runs(150) };

for (const api of ['appmetrica', 'mytarget', 'toloka'] as const) {
  test(
    `${api}: garbage at every route answers no 5xx, and every error is in the ${api} error shape`,
    async () => {
      const spec = { ...MAIN[api], prefix: PREFIX[api] };
      const t0 = performance.now();
      const hits = await fuzzRoutes(t, spec, CASES[api]);
      report(api, hits, performance.now() - t0);
      expect(missed(hits)).toEqual([]);
    },
    timeoutFor(CASES[api], 5),
  );
}

test(
  'each API on its own port (at root, as on its real host): garbage answers no 5xx, errors in its shape',
  async () => {
    for (const api of ['appmetrica', 'mytarget', 'toloka'] as const) {
      const t0 = performance.now();
      const hits = await fuzzRoutes({ inject: (o) => t.injectOwnPort(api, o) }, MAIN[api], CASES.only, api);
      report(`${api} (own port)`, hits, performance.now() - t0);
    }
  },
  timeoutFor(CASES.only * 3, 5),
);

test(
  'polls of the earlier jobs with garbage around them (query, headers) answer as before, or a 4xx in shape',
  async () => {
    const polls = [
      ...Object.values(base.mytarget).flatMap((id) => [`/mytarget/async_api/v2/requests/${id}.json`, `/mytarget/async_api/v2/responses/${id}.json`]),
      ...Object.values(base.toloka).flatMap((id) => [`/toloka/api/v1/operations/${id}`, `/toloka/api/v1/operations/${id}/log`]),
    ];
    const expected = new Map(before.answers.map((a) => [a.split(' ', 1)[0]!, a]));
    const arb = fc.record({
      path: fc.constantFrom(...polls),
      query: queryArb([]),
      how: fc.nat({ max: 2 }),
      method: fc.constantFrom('GET', 'GET', 'HEAD'),
      scenario: fc.option(scenarioHeaderArb, { nil: undefined }),
      encoding: acceptEncodingArb,
      noise: fc.dictionary(fc.constantFrom('x-callback-location', 'x-callback-method', 'cache-control', 'content-type', 'x-forwarded-for', 'if-none-match'), headerGarbage, { maxKeys: 3 }),
      body: fc.option(garbage, { nil: undefined }),
    });
    await fc.assert(
      fc.asyncProperty(arb, async (p) => {
        const url = `${p.path}${renderQuery(p.query, p.how)}`;
        const headers: Record<string, string> = { ...p.noise, ...(p.path.startsWith('/mytarget') ? MT(BASE) : { authorization: `OAuth ${BASE}` }) };
        if (p.scenario) headers['x-stand-scenario'] = p.scenario.value;
        if (p.encoding) headers['accept-encoding'] = p.encoding;
        const req = { route: 'poll', method: p.method, url, headers, payload: p.body, scriptedStatus: p.scenario?.scriptedStatus ?? null };
        const res = await send(t, req);
        const problem = answerProblem(p.path.startsWith('/mytarget') ? 'mytarget' : 'toloka', p.method, res, req);
        if (problem) throw new Error(`${problem}\n  request: ${describeRequest(req)}`);
        if (res.statusCode < 400 && p.method === 'GET' && res.headers['content-encoding'] === undefined) {
          expect(`${p.path} ${res.statusCode} ${res.headers['content-type']} ${res.headers.location ?? ''} ${res.body}`).toBe(expected.get(p.path));
        }
      }),
      fcParams(runs(300)),
    );
  },
  timeoutFor(runs(300), 5),
);

test('after the fuzz run: earlier jobs untouched, every API still runs a full flow, nothing was logged as an error', async () => {
  expect(await snapshot()).toEqual(before);
  expect(errorLog).not.toHaveBeenCalled();

  // The admin views of everything the fuzz created serialize.
  for (const url of ['/_stand/jobs', '/_stand/journal/requests', '/_stand/journal/callbacks', '/_stand/clock', '/_stand/scenario']) {
    expect((await t.inject({ url })).statusCode, url).toBe(200);
  }

  // Before the clock moves and callbacks go out: every callback the fuzz got accepted points at
  // this machine (routes.ts keeps generated callback URLs on 127.0.0.1).
  const hosts = new Set(t.stand.jobs({ api: 'mytarget' }).flatMap((j) => (j.detail.callback ? [new URL((j.detail.callback as { url: string }).url).hostname] : [])));
  expect([...hosts].filter((h) => h !== '127.0.0.1')).toEqual([]);

  // Time moves again: every export queued by the fuzz prepares, then a fresh one for a new account.
  t.advance(3_600_000);
  const file = await t.inject({ url: base.exportUrl, headers: AM(BASE) });
  expect(file.statusCode).toBe(200);
  expect(file.body).toBe(base.exportFile);
  const fresh = base.exportUrl.replace('limit=5', 'limit=7');
  expect((await t.inject({ url: fresh, headers: AM('after') })).statusCode).toBe(202);
  t.advance(60_000);
  expect((await t.inject({ url: fresh, headers: AM('after') })).statusCode).toBe(200);

  const call = await t.inject({ method: 'POST', url: '/mytarget/async_api/v2/campaigns.json?fields=name,package_id', headers: { ...MT('after'), ...JSON_TYPE }, payload: '{"name":"After","package_id":814}' });
  expect(call.statusCode).toBe(202);
  t.advance(60_000);
  const status = await t.inject({ url: String(call.headers.location), headers: MT('after') });
  expect(status.statusCode).toBe(303);
  expect((await t.inject({ url: String(status.headers.location), headers: MT('after') })).json()).toMatchObject({ name: 'After', package_id: 814 });

  const op = await t.inject({
    method: 'POST',
    url: '/toloka/api/v1/tasks?async_mode=true',
    headers: { authorization: 'OAuth after', ...JSON_TYPE },
    payload: JSON.stringify([{ pool_id: '1', overlap: 1, input_values: { image: 'https://example.com/b.png' } }]),
  });
  expect(op.statusCode).toBe(202);
  t.advance(60_000);
  const id = (op.json() as { id: string }).id;
  expect((await t.inject({ url: `/toloka/api/v1/operations/${id}`, headers: { authorization: 'OAuth after' } })).json()).toMatchObject({ status: 'SUCCESS' });
  expect(await t.inject({ url: `/toloka/api/v1/operations/${id}/log`, headers: { authorization: 'OAuth after' } })).toMatchObject({ statusCode: 200 });

  // Everything the fuzz queued ran without a task error.
  expect(errorLog).not.toHaveBeenCalled();
});
