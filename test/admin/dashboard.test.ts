import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Script } from 'node:vm';
import type { Readable } from 'node:stream';
import { runtimeOf } from '../../src/stand.js';
import { expect, onTestFinished, test } from 'vitest';
import type { EmulatedApi, JobView } from '../../src/apis/api.js';
import { Coalescer } from '../../src/admin/live.js';
import { builtScriptOf, bundleClient, DashboardScript } from '../../src/admin/ui/script.js';
import { exportLifecycle } from '../../src/apis/appmetrica-logs/model.js';
import { callLifecycle } from '../../src/apis/mytarget/model.js';
import { operationLifecycle } from '../../src/apis/toloka/model.js';
import type { Lifecycle } from '../../src/core/lifecycle.js';
import type { TestStand } from '../../src/testing/index.js';
import { stand } from '../helpers.js';
import { exportUrl, get } from '../appmetrica/helpers.js';

const TOKEN = 'admin-secret-123';

async function t0(options: Parameters<typeof stand>[0] = {}) {
  const t = await stand(options);
  onTestFinished(t.close);
  return t;
}

/** Opens the event stream (in-process) and reads it event by event. */
async function events(t: TestStand, url = '/_stand/events') {
  const res = await t.inject({ method: 'GET', url, payloadAsStream: true });
  const stream = res.stream() as Readable;
  onTestFinished(() => {
    stream.destroy();
  });
  let buffer = '';
  const waiting: ((e: { event: string; data: { version: number; now: string } }) => void)[] = [];
  const ready: { event: string; data: { version: number; now: string } }[] = [];
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    buffer += chunk;
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (!event || !data) continue;
      const e = { event, data: JSON.parse(data) as { version: number; now: string } };
      const w = waiting.shift();
      if (w) w(e);
      else ready.push(e);
    }
  });
  return {
    res,
    next: () => {
      const e = ready.shift();
      return e ? Promise.resolve(e) : new Promise<(typeof ready)[number]>((resolve) => waiting.push(resolve));
    },
    pending: () => ready.length,
  };
}

test('GET /_stand/ui serves the page; its script and styles come from the stand itself (no CDN)', async () => {
  const t = await t0();
  const page = await t.inject('/_stand/ui');
  expect(page.statusCode).toBe(200);
  expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
  expect(page.headers['content-security-policy']).toContain("script-src 'self'");
  expect(page.body).toContain('<script src="ui/app.js" defer></script>');
  expect(page.body).toContain('<link rel="stylesheet" href="ui/app.css">');
  expect(page.body).not.toMatch(/(src|href)="(https?:)?\/\//);

  const js = await t.inject('/_stand/ui/app.js');
  expect(js.statusCode).toBe(200);
  expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
  expect(js.body).toContain('bundled by esbuild from src/admin/ui/client/');
  const css = await t.inject('/_stand/ui/app.css');
  expect(css.headers['content-type']).toBe('text/css; charset=utf-8');

  const slash = await t.inject('/_stand/ui/');
  expect(slash.statusCode).toBe(308);
  expect(slash.headers.location).toBe('../ui');
});

test('the page script is the TypeScript client bundled into one classic script, built once per stand', async () => {
  const t = await t0();
  const first = (await t.inject('/_stand/ui/app.js')).body;
  // A classic script (the page loads it without type="module"): no import or export left.
  expect(() => new Script(first, { filename: 'app.js' })).not.toThrow();
  expect(first).toMatch(/^\/\/ async-stand's dashboard script[^\n]*\n"use strict";\n\(\(\) => \{\n/);
  expect(first).toContain('// src/admin/ui/client/main.ts');
  // The same text, kept by the stand: the same promise, no second bundling.
  expect(runtimeOf(t.stand).dashboardScript.text()).toBe(runtimeOf(t.stand).dashboardScript.text());
  expect(await runtimeOf(t.stand).dashboardScript.text()).toBe(first);
  expect((await t.inject('/_stand/ui/app.js')).body).toBe(first);
  expect(first).toBe(await bundleClient());
});

test('a build finds its script from the module: beside tsc\'s dist/admin/ui/script.js, under admin/ui/ from the CLI bundle; from source, none', () => {
  expect(builtScriptOf('file:///pkg/dist/admin/ui/script.js')).toBe('/pkg/dist/admin/ui/app.js');
  expect(builtScriptOf('file:///pkg/dist/cli.bundle.cjs')).toBe('/pkg/dist/admin/ui/app.js');
  expect(builtScriptOf('file:///pkg/src/admin/ui/script.ts')).toBeUndefined();
});

test('a built stand reads the prebuilt script once; a newer file is not read again', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'async-stand-ui-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  const built = join(dir, 'app.js');
  writeFileSync(built, '/* prebuilt */');
  const script = new DashboardScript({ built, entry: join(dir, 'no-source.ts') });
  expect(await script.text()).toBe('/* prebuilt */');
  writeFileSync(built, '/* rebuilt */');
  expect(await script.text()).toBe('/* prebuilt */');
});

test('no prebuilt script and no source: app.js answers a 500 in the admin shape saying what to do, and the next request tries again', async () => {
  const t = await t0();
  const dir = mkdtempSync(join(tmpdir(), 'async-stand-ui-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  const built = join(dir, 'app.js');
  Object.assign(runtimeOf(t.stand), { dashboardScript: new DashboardScript({ built, entry: join(dir, 'main.ts') }) });
  const res = await t.inject('/_stand/ui/app.js');
  expect(res.statusCode).toBe(500);
  expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
  const { error } = res.json();
  expect(error.code).toBe('STAND_DASHBOARD_UNAVAILABLE');
  expect(error.message).toContain(`no ${built}`);
  expect(error.message).toContain('run `npm run build`');

  writeFileSync(built, '/* built since */');
  const retry = await t.inject('/_stand/ui/app.js');
  expect(retry.statusCode).toBe(200);
  expect(retry.body).toBe('/* built since */');
});

test('a client that does not compile: app.js answers a 500 with esbuild\'s message', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'async-stand-ui-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  const entry = join(dir, 'main.ts');
  writeFileSync(entry, 'const x: number = ;\n');
  const script = new DashboardScript({ built: undefined, entry });
  await expect(script.text()).rejects.toMatchObject({ status: 500, code: 'STAND_DASHBOARD_UNAVAILABLE', message: expect.stringContaining('Unexpected ";"') });
});

test('the event stream says hello, then sends a change event after the stand changes', async () => {
  const t = await t0();
  const es = await events(t);
  expect(es.res.statusCode).toBe(200);
  expect(es.res.headers['content-type']).toBe('text/event-stream; charset=utf-8');
  const hello = await es.next();
  expect(hello).toEqual({ event: 'hello', data: { version: t.stand.version, now: '2026-01-01T00:00:00.000Z' } });

  t.advance(60_000);
  const change = await es.next();
  expect(change.event).toBe('change');
  expect(change.data.now).toBe('2026-01-01T00:01:00.000Z');
  expect(change.data.version).toBeGreaterThan(hello.data.version);

  await get(t, exportUrl());
  const afterRequest = await es.next();
  expect(afterRequest.data.version).toBe(t.stand.version);
});

test('a burst of changes is pushed as one event', async () => {
  const t = await t0();
  const es = await events(t);
  await es.next();
  for (let i = 0; i < 500; i++) t.advance(1);
  const change = await es.next();
  expect(change.data.now).toBe('2026-01-01T00:00:00.500Z');
  expect(es.pending()).toBe(0);
});

test('Coalescer: a synchronous burst runs once, later pokes run again no sooner than the gap', async () => {
  const calls: number[] = [];
  const c = new Coalescer(() => calls.push(calls.length), 30);
  onTestFinished(() => c.stop());
  for (let i = 0; i < 1000; i++) c.poke();
  await new Promise((r) => setImmediate(r));
  await new Promise((r) => setTimeout(r, 5));
  expect(calls).toHaveLength(1);
  c.poke();
  c.poke();
  expect(calls).toHaveLength(1);
  await new Promise((r) => setTimeout(r, 60));
  expect(calls).toHaveLength(2);
  c.stop();
  c.poke();
  await new Promise((r) => setTimeout(r, 60));
  expect(calls).toHaveLength(2);
});

test('jobs come in pages, newest first when asked, with the total after filters', async () => {
  const t = await t0();
  t.stand.activateScenario({ version: 1, appmetrica: { maxQueuedPerApp: 100 } });
  for (let i = 1; i <= 7; i++) await get(t, exportUrl({ limit: String(i) }));
  const all = (await t.inject('/_stand/jobs')).json();
  expect(all.items).toHaveLength(7);
  expect(all).toMatchObject({ total: 7, offset: 0, limit: 100, order: 'asc' });

  const first = (await t.inject('/_stand/jobs?limit=3&order=desc')).json();
  expect(first).toMatchObject({ total: 7, offset: 0, limit: 3, order: 'desc' });
  expect(first.items.map((j: { id: string }) => j.id)).toEqual(all.items.slice(4).reverse().map((j: { id: string }) => j.id));
  const last = (await t.inject('/_stand/jobs?limit=3&offset=6&order=desc')).json();
  expect(last.items.map((j: { id: string }) => j.id)).toEqual([all.items[0].id]);
  expect((await t.inject('/_stand/jobs?limit=3&offset=50')).json()).toMatchObject({ items: [], total: 7 });

  const queued = (await t.inject('/_stand/jobs?state=queued&limit=2')).json();
  expect(queued).toMatchObject({ total: 6 });
  expect(queued.items).toHaveLength(2);
  const byId = (await t.inject(`/_stand/jobs?q=${all.items[3].id.slice(0, 10)}`)).json();
  expect(byId.items.map((j: { id: string }) => j.id)).toEqual([all.items[3].id]);

  expect((await t.inject('/_stand/jobs?limit=0')).statusCode).toBe(400);
  expect((await t.inject('/_stand/jobs?limit=1001')).statusCode).toBe(400);
  expect((await t.inject('/_stand/jobs?order=sideways')).statusCode).toBe(400);
});

test('the journals come in pages too, filterable by API, token, status and path', async () => {
  const t = await t0();
  for (let i = 0; i < 4; i++) await get(t, exportUrl(), { authorization: `OAuth token-${i % 2}` });
  await t.inject({ url: exportUrl() });
  const page = (await t.inject('/_stand/journal/requests?limit=2&order=desc')).json();
  expect(page).toMatchObject({ total: 5, limit: 2, order: 'desc' });
  expect(page.items.map((e: { seq: number }) => e.seq)).toEqual([5, 4]);
  expect((await t.inject('/_stand/journal/requests?account=token-1')).json().total).toBe(2);
  expect((await t.inject('/_stand/journal/requests?api=appmetrica&status=401')).json().total).toBe(1);
  expect((await t.inject('/_stand/journal/requests?path=/logs/v1/export/events.json')).json().total).toBe(5);
  expect((await t.inject('/_stand/journal/requests?path=/nothing')).json().total).toBe(0);
  expect((await t.inject('/_stand/journal/callbacks?limit=10')).json()).toMatchObject({ items: [], total: 0, limit: 10 });
});

test('the overview shows each queue: the running export with its progress, the ones waiting behind it', async () => {
  const t = await t0();
  await get(t, exportUrl({ fields: 'event_name' }));
  await get(t, exportUrl({ fields: 'os_name' }));
  await get(t, exportUrl({ application_id: '2222' }), { authorization: 'OAuth app2222-token' });
  t.advance(1000);
  const ov = (await t.inject('/_stand/overview')).json();
  expect(ov.clock.now).toBe('2026-01-01T00:00:01.000Z');
  expect(ov.scenario).toMatchObject({ name: 'default', queue: [] });
  expect(ov.scenario.available).toContain('default');
  const am = ov.apis.find((a: { name: string }) => a.name === 'appmetrica');
  expect(am).toMatchObject({ title: 'AppMetrica Logs API', jobs: 3, byState: { preparing: 2, queued: 1 }, queuesTotal: 2 });
  expect(am.byPhase).toMatchObject({ running: 2, waiting: 1 });
  const app1111 = am.queues.find((q: { key: string }) => q.key === 'application 1111');
  expect(app1111.running).toHaveLength(1);
  expect(app1111.running[0].detail.progress).toBeGreaterThan(0);
  expect(app1111.running[0]).toMatchObject({ state: 'preparing', phase: 'running' });
  expect(app1111.running[0].history.map((h: { state: string; phase: string }) => `${h.state}:${h.phase}`)).toEqual(['queued:waiting', 'preparing:running']);
  expect(app1111.waiting.map((j: { state: string; phase: string }) => `${j.state}:${j.phase}`)).toEqual(['queued:waiting']);
  expect(app1111.waitingTotal).toBe(1);
  expect(am.phases).toEqual({ preparing: 'running', queued: 'waiting' });
  expect(ov.journals.requests).toEqual({ kept: 3, total: 3 });
});

const phaseTable = <S extends string>(life: Lifecycle<S>) => Object.fromEntries(life.states.map((s) => [s, life.phaseOf(s)]));

test('each lifecycle declares the phase of its states, which the page colours alike across APIs', () => {
  expect(phaseTable(exportLifecycle)).toEqual({ queued: 'waiting', preparing: 'running', ready: 'ok', failed: 'failed', expired: 'ended', replaced: 'ended', cancelled: 'ended' });
  expect(phaseTable(callLifecycle)).toEqual({ enqueued: 'waiting', started: 'running', done: 'ok', unknown: 'failed', expired: 'ended' });
  expect(phaseTable(operationLifecycle)).toEqual({ PENDING: 'waiting', RUNNING: 'running', SUCCESS: 'ok', FAIL: 'failed' });
});

test('with an admin token: the page and its files are open, data and the stream need the token', async () => {
  const t = await t0({ adminToken: TOKEN });
  for (const url of ['/_stand/ui', '/_stand/ui/app.js', '/_stand/ui/app.css', '/_stand/health']) {
    expect((await t.inject(url)).statusCode, url).toBe(200);
  }
  expect((await t.inject('/_stand/overview')).statusCode).toBe(401);
  expect((await t.inject({ url: '/_stand/overview', headers: { authorization: `Bearer ${TOKEN}` } })).statusCode).toBe(200);

  expect((await t.inject('/_stand/events')).statusCode).toBe(401);
  expect((await t.inject('/_stand/events?token=wrong-token')).statusCode).toBe(401);
  const es = await events(t, `/_stand/events?token=${TOKEN}`);
  expect(es.res.statusCode).toBe(200);
  expect((await es.next()).event).toBe('hello');

  // The query token is for the event stream only (EventSource cannot send headers).
  expect((await t.inject(`/_stand/jobs?token=${TOKEN}`)).statusCode).toBe(401);
  expect((await t.inject({ method: 'POST', url: `/_stand/reset?token=${TOKEN}` })).statusCode).toBe(401);
  expect((await t.inject(`/_stand/nope?token=${TOKEN}`)).statusCode).toBe(401);
  expect((await t.inject({ url: '/_stand/nope', headers: { authorization: `Bearer ${TOKEN}` } })).statusCode).toBe(404);
});

test('10,000 jobs: a page of them and the overview stay small and quick to build', async () => {
  const t = await t0();
  t.stand.activateScenario({ version: 1, appmetrica: { maxQueuedPerApp: 20_000, preparation: 'manual' } });
  for (let i = 1; i <= 10_000; i++) await get(t, exportUrl({ limit: String(i) }));
  const page = await t.inject('/_stand/jobs?limit=50&order=desc&state=queued');
  expect(page.json()).toMatchObject({ total: 9_999, limit: 50 });
  expect(page.json().items).toHaveLength(50);
  const ov = await t.inject('/_stand/overview');
  const am = ov.json().apis[0];
  expect(am.jobs).toBe(10_000);
  expect(am.queues[0]).toMatchObject({ key: 'application 1111', waitingTotal: 9_999 });
  expect(am.queues[0].waiting).toHaveLength(5);
  // What the page reads per change stays small whatever the number of jobs.
  expect(page.body.length + ov.body.length).toBeLessThan(100_000);
});

test('control verbs are pushed too: queueing a fault, switching the scenario, resetting', async () => {
  const t = await t0();
  const es = await events(t);
  await es.next();
  const queued = await t.inject({ method: 'POST', url: '/_stand/scenario/queue', payload: { api: 'appmetrica', rule: { action: { type: 'fail' } } } });
  expect(queued.statusCode).toBe(201);
  expect((await es.next()).data.version).toBe(t.stand.version);
  await t.inject({ method: 'PUT', url: '/_stand/scenario', payload: { name: 'default' } });
  expect((await es.next()).data.version).toBe(t.stand.version);
  await t.inject({ method: 'POST', url: '/_stand/reset' });
  expect((await es.next()).data.version).toBe(t.stand.version);
});

test('the overview is generic over APIs and states: myTarget- and Toloka-shaped jobs queue per account', async () => {
  const t = await t0();
  const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s)).toISOString();
  const phaseOf = (api: 'mytarget' | 'toloka', state: string) => (api === 'toloka' ? phaseTable(operationLifecycle) : phaseTable(callLifecycle))[state]!;
  const view = (api: 'mytarget' | 'toloka', id: string, account: string, states: string[]): JobView => ({
    api,
    id,
    kind: api === 'toloka' ? 'TASK.BATCH_CREATE' : 'GET /api/v2/user.json',
    state: states.at(-1)!,
    phase: phaseOf(api, states.at(-1)!),
    account,
    createdAt: at(0),
    updatedAt: at(states.length - 1),
    history: states.map((state, i) => ({ state, phase: phaseOf(api, state), at: at(i) })),
    next: null,
    detail: {},
  });
  const stub = (name: 'mytarget' | 'toloka', title: string, jobs: JobView[]) =>
    ({ name, title, jobs: () => jobs, job: (id: string) => jobs.find((j) => j.id === id) }) as unknown as EmulatedApi;
  // The other two APIs are built in their own branches; stand-ins with their states are enough here.
  Object.assign(runtimeOf(t.stand).apis, {
    mytarget: stub('mytarget', 'myTarget async API', [
      view('mytarget', 'm1', 'acc-a', ['enqueued', 'started']),
      view('mytarget', 'm2', 'acc-a', ['enqueued']),
      view('mytarget', 'm3', 'acc-b', ['enqueued', 'started', 'unknown']),
    ]),
    toloka: stub('toloka', 'Toloka operations', [view('toloka', 't1', 'req-1', ['PENDING', 'RUNNING', 'SUCCESS']), view('toloka', 't2', 'req-1', ['PENDING'])]),
  });
  const ov = (await t.inject('/_stand/overview')).json();
  expect(ov.apis.map((a: { name: string }) => a.name)).toEqual(['appmetrica', 'mytarget', 'toloka']);
  const [, mt, tl] = ov.apis;
  expect(mt.byPhase).toMatchObject({ running: 1, waiting: 1, failed: 1 });
  expect(mt.queues).toHaveLength(1);
  expect(mt.queues[0]).toMatchObject({ key: 'account acc-a', waitingTotal: 1 });
  expect(mt.queues[0].running.map((j: { id: string }) => j.id)).toEqual(['m1']);
  expect(tl.byState).toEqual({ SUCCESS: 1, PENDING: 1 });
  expect(tl.queues[0]).toMatchObject({ key: 'account req-1', running: [], waitingTotal: 1 });
  expect(mt.phases).toEqual({ started: 'running', enqueued: 'waiting', unknown: 'failed' });
  expect(tl.phases).toEqual({ SUCCESS: 'ok', PENDING: 'waiting' });
  const page = (await t.inject('/_stand/jobs?api=toloka&limit=1&order=desc')).json();
  expect(page).toMatchObject({ total: 2, items: [{ id: 't2' }] });
});
