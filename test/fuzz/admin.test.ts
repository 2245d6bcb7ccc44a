/**
 * Property-based fuzzing of the admin API (/_stand) and of paths outside every API (issue 8):
 * garbage at every admin route never gets a 5xx, every error is `{"error":{"code","message"}}`
 * in JSON, and the stand still serves, resets and runs a flow afterwards. With an admin token
 * configured, garbage credentials are a 401 in the same shape.
 */
import { pino } from 'pino';
import { afterEach, expect, test, vi } from 'vitest';
import { createTestStand, type TestStand } from '../../src/testing/index.js';
import { fuzzRoutes, missed, report } from './harness.js';
import { adminRoutes } from './routes.js';
import { runs, timeoutFor } from './settings.js';

let t: TestStand | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

/** A job of each API, so that job routes also meet real ids. */
async function someJobs(s: TestStand, headers: Record<string, string> = {}): Promise<string[]> {
  const am = await s.inject({
    url: '/appmetrica/logs/v1/export/events.json?application_id=1111&date_since=2026-01-01&date_until=2026-01-01&fields=event_name',
    headers: { authorization: 'OAuth admin-fuzz', ...headers },
  });
  expect(am.statusCode).toBe(202);
  const mt = await s.inject({ url: '/mytarget/async_api/v2/user.json', headers: { authorization: 'Bearer admin-fuzz', ...headers } });
  expect(mt.statusCode).toBe(202);
  const tk = await s.inject({ method: 'POST', url: '/toloka/api/v1/pools/1/close', headers: { authorization: 'OAuth admin-fuzz', ...headers } });
  expect(tk.statusCode).toBe(202);
  return s.stand.jobs().map((j) => j.id);
}

async function stillServes(s: TestStand, headers: Record<string, string> = {}): Promise<void> {
  expect((await s.inject({ url: '/_stand/health' })).json()).toEqual({ status: 'ok' });
  const reset = await s.inject({ method: 'POST', url: '/_stand/reset', headers });
  expect(reset.statusCode).toBe(200);
  expect(s.stand.jobs()).toEqual([]);
  const ids = await someJobs(s);
  for (const api of ['appmetrica', 'mytarget', 'toloka']) {
    const job = s.stand.jobs({ api: api as 'toloka' })[0]!;
    const done = await s.inject({ method: 'POST', url: `/_stand/jobs/${api}/${job.id}/complete`, headers });
    expect(done.statusCode, api).toBe(200);
  }
  expect(ids).toHaveLength(3);
}

const CASES = runs(1200);

test(
  'admin API: garbage at every route answers no 5xx, every error is {"error":{"code","message"}}; the stand still serves and resets',
  async () => {
    const logger = pino({ level: 'silent' });
    t = await createTestStand({ bodyLimit: 256 * 1024, logger });
    const errors = vi.spyOn(logger, 'error');
    const ids = await someJobs(t);
    const t0 = performance.now();
    const hits = await fuzzRoutes(t, { owner: 'admin', prefix: '', routes: adminRoutes(ids) }, CASES);
    report('admin', hits, performance.now() - t0);
    expect(missed(hits)).toEqual([]);
    expect(errors).not.toHaveBeenCalled();
    await stillServes(t);
    expect(errors).not.toHaveBeenCalled();
  },
  timeoutFor(CASES, 5),
);

test(
  'admin API with --admin-token: garbage credentials are a 401 in the admin shape, the right one reaches the routes',
  async () => {
    t = await createTestStand({ adminToken: 'admin-secret' });
    const ids = await someJobs(t);
    const auth = { scheme: 'Bearer', tokens: ['admin-secret', 'admin-secret', 'wrong', 'ADMIN-SECRET'] };
    const hits = await fuzzRoutes(t, { owner: 'admin', prefix: '', routes: adminRoutes(ids), auth }, runs(300));
    expect(missed(hits)).toEqual([]);
    await stillServes(t, { authorization: 'Bearer admin-secret' });
  },
  timeoutFor(runs(300), 5),
);
