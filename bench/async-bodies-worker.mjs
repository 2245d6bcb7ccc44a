/**
 * Issue 22: large myTarget async bodies. In a process of its own (--expose-gc), on the build in
 * dist/: a stand (its app built, not listening) on a manual clock takes 40 async creates of 10 MB
 * each through inject; heap and RSS are read before, with them queued, and after they ran (their
 * answers live a day). Prints one JSON line.
 *
 *   node --expose-gc bench/async-bodies-worker.mjs 40 10
 */
import { buildStand } from '../dist/stand.js';
import { buildApp } from '../dist/app.js';
import { reading } from './heap-reading.mjs';

const CALLS = Number(process.argv[2] ?? 40);
const MB = Number(process.argv[3] ?? 10);


const stand = buildStand({ clock: 'manual', logLevel: 'silent', bodyLimit: (MB + 1) * 1024 * 1024 });
const app = await buildApp(stand);
await app.ready();
const before = await reading();
const body = JSON.stringify({ name: 'x'.repeat(MB * 1024 * 1024), package_id: 814 });
for (let i = 0; i < CALLS; i++) {
  const res = await app.inject({
    method: 'POST',
    url: '/mytarget/async_api/v2/campaigns.json',
    headers: { authorization: 'Bearer bench', 'content-type': 'application/json' },
    payload: body,
  });
  if (res.statusCode !== 202) throw new Error(`submit ${i}: ${res.statusCode} ${res.body.slice(0, 200)}`);
}
const queued = await reading();
stand.advance(60_000);
const states = new Set(stand.jobs({ api: 'mytarget' }).map((j) => j.state));
if (states.size !== 1 || !states.has('done')) throw new Error(`states after a minute: ${[...states].join(', ')}`);
const ran = await reading();
await app.close();
process.stdout.write(`${JSON.stringify({ calls: CALLS, mb: MB, before, queued, ran })}\n`);
