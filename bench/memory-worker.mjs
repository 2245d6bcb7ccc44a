/**
 * Memory of jobs, in a process of its own started with --expose-gc by bench/memory.ts, on the
 * build in dist/ (plain node: no transpiler in memory, as a stand runs). A stand (with its
 * Fastify app built, not listening) on a manual clock takes WAVE jobs of one API at once,
 * through the backend as the routes hand them over; RSS is read with all of them in flight,
 * then the clock runs them to the end of their lives. WAVES waves in all. Prints one JSON line.
 *
 *   node --expose-gc bench/memory-worker.mjs mytarget 100000 10
 */
import { buildStand } from '../dist/stand.js';
import { buildApp } from '../dist/app.js';
import { reading } from './heap-reading.mjs';
import { parseCreateParams } from '../dist/apis/toloka/schemas.js';

const api = process.argv[2] ?? 'mytarget';
const WAVE = Number(process.argv[3] ?? 100_000);
const WAVES = Number(process.argv[4] ?? 10);
const DAY = 86_400_000;


const stand = buildStand({ clock: 'manual', logLevel: 'silent' });
const app = await buildApp(stand);
await app.ready();
stand.activateScenario({
  version: 1,
  mytarget: { concurrency: 10_000_000, enqueued: 1000, execution: 1000, rateLimits: { perSecond: null, perMinute: null, perHour: null, perDay: null } },
  // Nobody does the tasks: what is measured is what the operations and tasks keep.
  toloka: { pending: 1000, running: 1000, crowd: { workers: 0 } },
});
const mytarget = stand.apis.mytarget.backend;
const toloka = stand.apis.toloka.backend;
const params = parseCreateParams({ async_mode: 'true' });
/** The call context a request of token "bench" gets at the edge (src/apis/call-context.ts). */
const call = (method, path, authorization) => ({ api, account: 'bench', authorization, method, path, query: {}, rules: undefined, prefix: '' });
const mytargetCall = call('GET', '/async_api/v2/campaigns/6617841.json', 'Bearer bench');
const tolokaCall = call('POST', '/api/v1/tasks', 'OAuth bench');

/** One job, as the route would hand it to the backend. */
function submit(i) {
  if (api === 'mytarget') {
    mytarget.submit(mytargetCall, {
      request: { method: 'GET', path: '/api/v2/campaigns/6617841.json', query: '', body: '', contentType: undefined },
      publicBase: 'http://127.0.0.1:8080/mytarget',
      callbackLocation: undefined,
      callbackMethod: undefined,
    });
  } else {
    toloka.create(tolokaCall, 'tasks', [{ pool_id: '1', overlap: 1, input_values: { image: `https://example.com/${i}.jpg` } }], params);
  }
}

/** Every job to the end of its life: myTarget results expire after a day, Toloka logs are archived after a month. */
function endOfLife() {
  stand.advance(api === 'mytarget' ? 2 * DAY : 31 * DAY);
}

// Warm-up (the JIT, first allocations of every kind), then the baseline reading.
for (let i = 0; i < 10_000; i++) submit(i);
endOfLife();
const before = await reading();
const waves = [];
let n = 0;
for (let w = 0; w < WAVES; w++) {
  for (let i = 0; i < WAVE; i++) submit(n++);
  const inFlight = await reading();
  endOfLife();
  waves.push({ inFlight, after: await reading() });
}
if (api === 'mytarget' && stand.scheduler.size !== 0) throw new Error(`${stand.scheduler.size} tasks left after the last wave`);
process.stdout.write(`${JSON.stringify({ api, wave: WAVE, before, waves, peakRssMb: process.resourceUsage().maxRSS / 1024 })}\n`);
await app.close();
await stand.close();
