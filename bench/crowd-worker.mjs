/**
 * The simulated crowd on a 10,000-task pool, in a process of its own (started by
 * bench/toloka-crowd.ts with --expose-gc), on the build in dist/ as a stand runs: 10,000 tasks of
 * overlap 3 in the closed pool 2, the pool opened, the manual clock advanced an hour at a time
 * until the crowd closed it (COMPLETED). Prints one JSON line: assignments, the wall ms of the
 * advances, RSS before the tasks and after the pool closed.
 *
 *   node --expose-gc bench/crowd-worker.mjs 10000 3 50
 */
import { createTestStand } from '../dist/testing/index.js';

const TASKS = Number(process.argv[2] ?? 10_000);
const OVERLAP = Number(process.argv[3] ?? 3);
const WORKERS = Number(process.argv[4] ?? 50);
const H = { authorization: 'OAuth crowd', 'content-type': 'application/json' };

const rss = () => {
  globalThis.gc();
  return process.memoryUsage().rss / 1024 / 1024;
};

const t = await createTestStand({ maxJobsPerAccount: 10_000_000 });
t.stand.activateScenario({ version: 1, toloka: { maxSyncItems: TASKS, crowd: { workers: WORKERS } } });
const get = async (url) => (await t.inject({ url: `/toloka/api/v1${url}`, headers: H })).json();
await get('/pools/2');
const before = rss();
const tasks = Array.from({ length: TASKS }, (_, i) => ({ pool_id: '2', input_values: { image: `https://example.com/${i}.jpg` }, overlap: OVERLAP }));
const created = await t.inject({ method: 'POST', url: '/toloka/api/v1/tasks', headers: H, payload: JSON.stringify(tasks) });
if (created.statusCode !== 201) throw new Error(`create: ${created.statusCode} ${created.body.slice(0, 300)}`);
const open = await t.inject({ method: 'POST', url: '/toloka/api/v1/pools/2/open', headers: { authorization: H.authorization } });
if (open.statusCode !== 202) throw new Error(`open: ${open.statusCode} ${open.body.slice(0, 300)}`);
t.advance(10_000);
const t0 = performance.now();
let hours = 0;
while ((await get('/pools/2')).status === 'OPEN') {
  t.advance(3_600_000);
  if (++hours > 1000) throw new Error('the pool did not close in 1000 hours of stand time');
}
const ms = performance.now() - t0;
// Read before the checks below: their lists of 30,000 assignments are large answers.
const afterMb = rss();
const heapMb = process.memoryUsage().heapUsed / 1024 / 1024;
const pool = await get('/pools/2');
const assignments = (await get('/assignments?pool_id=2&limit=100000')).items.length;
const accepted = (await get('/assignments?pool_id=2&status=ACCEPTED&limit=100000')).items.length;
if (pool.last_close_reason !== 'COMPLETED' || accepted !== TASKS * OVERLAP) throw new Error(`expected a COMPLETED pool with ${TASKS * OVERLAP} accepted, got ${pool.last_close_reason} and ${accepted}`);
process.stdout.write(`${JSON.stringify({ tasks: TASKS, overlap: OVERLAP, workers: WORKERS, assignments, accepted, hours, ms, beforeMb: before, afterMb, heapMb })}\n`);
await t.close();
