/**
 * myTarget async API, in-process through Fastify's inject on a manual clock:
 * - throughput of whole async calls (submit -> poll -> 303 -> response) with 1,000 in flight,
 *   against the sync call of the same resource (GET /api/v2/campaigns/{id}.json);
 * - RSS after 100,000 completed calls (results held for a day), and after they expired.
 */
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.js';
import { buildStand } from '../src/stand.js';
import { rssMb, timed, type BenchRow } from './lib.js';

const AUTH = { authorization: 'Bearer bench' };
const RESOURCE = 'v2/campaigns/6617841.json';
const IN_FLIGHT = 1000;
const ROUND_TRIP_CALLS = 20_000;
const MEMORY_CALLS = 100_000;
const DAY = 86_400_000;

/**
 * Lets the event loop turn: inject finishes each request with a setImmediate, so a loop of
 * awaited injects piles up those callbacks (and the requests they hold) until it yields.
 */
function memory(): { rss: number; heap: number } {
  return { rss: rssMb(), heap: process.memoryUsage().heapUsed / 1024 / 1024 };
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A full GC after the loop turned, even when node was started without --expose-gc (RSS readings settle). */
async function fullGc(): Promise<void> {
  await turn();
  await turn();
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

async function expectStatus(app: FastifyInstance, url: string, status: number): Promise<string | undefined> {
  const res = await app.inject({ url, headers: AUTH });
  if (res.statusCode !== status) throw new Error(`${url}: expected ${status}, got ${res.statusCode}: ${res.body}`);
  return res.headers.location as string | undefined;
}

async function submitWave(app: FastifyInstance, n: number): Promise<string[]> {
  const res = await Promise.all(Array.from({ length: n }, () => app.inject({ url: `/mytarget/async_api/${RESOURCE}`, headers: AUTH })));
  return res.map((r) => {
    if (r.statusCode !== 202) throw new Error(`submit: expected 202, got ${r.statusCode}: ${r.body}`);
    return String(r.headers.location);
  });
}

export default async function mytargetBench(): Promise<BenchRow[]> {
  const stand = buildStand({ clock: 'manual', logLevel: 'silent' });
  // Every account slot busy at once, short virtual durations, no rate limits for the sync baseline.
  stand.activateScenario({
    version: 1,
    mytarget: { concurrency: IN_FLIGHT, enqueued: 0, execution: 10, rateLimits: { perSecond: null, perMinute: null, perHour: null, perDay: null } },
  });
  const app = await buildApp(stand);
  try {
    // Memory first, in a fresh process: the throughput run's 1,000 parallel requests raise the RSS high-water mark.
    for (const loc of await submitWave(app, IN_FLIGHT)) await expectStatus(app, loc, 200);
    stand.advance(2 * DAY);
    await fullGc();
    const before = memory();
    let last = '';
    for (let n = 0; n < MEMORY_CALLS; n += IN_FLIGHT) {
      // 1,000 calls in flight in the queue, submitted 100 requests at a time (1,000 parallel
      // requests would mostly measure inject's transient garbage in the RSS high-water mark).
      for (let k = 0; k < IN_FLIGHT; k += 100) last = (await submitWave(app, 100)).at(-1)!;
      stand.advance(10);
      await turn();
    }
    // Calls of an account finish in order: the last one done means all are.
    await expectStatus(app, last, 303);
    await fullGc();
    const done = memory();
    stand.advance(2 * DAY);
    await fullGc();
    const expired = memory();

    // Throughput: whole async calls against the sync call of the same resource.
    for (let i = 0; i < 2000; i++) await expectStatus(app, `/mytarget/api/${RESOURCE}`, 200);
    await turn();
    const sync = await timed(async () => {
      for (let n = 0; n < ROUND_TRIP_CALLS; n += IN_FLIGHT) {
        await Promise.all(Array.from({ length: IN_FLIGHT }, () => expectStatus(app, `/mytarget/api/${RESOURCE}`, 200)));
        await turn();
      }
    });
    const async = await timed(async () => {
      for (let n = 0; n < ROUND_TRIP_CALLS; n += IN_FLIGHT) {
        const locations = await submitWave(app, IN_FLIGHT);
        await Promise.all(locations.map((l) => expectStatus(app, l, 200))); // enqueued
        stand.advance(10);
        const results = await Promise.all(locations.map((l) => expectStatus(app, l, 303)));
        await Promise.all(results.map((r) => expectStatus(app, r!, 200)));
        await turn();
      }
    });

    const callsPerS = (ms: number) => ROUND_TRIP_CALLS / (ms / 1000);
    return [
      {
        name: 'mytarget async call (submit, poll, 303, response), 1,000 in flight',
        ours: callsPerS(async.ms),
        baseline: callsPerS(sync.ms),
        unit: 'calls/s',
        baselineName: 'sync GET /api/v2/campaigns/{id}.json, same stand',
        better: 'higher',
      },
      { name: 'mytarget RSS after 100,000 completed async calls', ours: done.rss, baseline: before.rss, unit: 'MB', baselineName: 'RSS before them', better: 'lower' },
      { name: 'mytarget RSS after those 100,000 results expired', ours: expired.rss, baseline: before.rss, unit: 'MB', baselineName: 'RSS before them', better: 'lower' },
      { name: 'mytarget heap after 100,000 completed async calls', ours: done.heap, baseline: before.heap, unit: 'MB', baselineName: 'heap used before them', better: 'lower' },
      { name: 'mytarget heap after those 100,000 results expired', ours: expired.heap, baseline: before.heap, unit: 'MB', baselineName: 'heap used before them', better: 'lower' },
    ];
  } finally {
    await app.close();
    await stand.close();
  }
}
