/**
 * Heap per new token, in a process of its own started with --expose-gc by bench/tokens.ts, on
 * the build in dist/: a stand's app (not listening) takes one GET of each API from TOKENS new
 * tokens (the account each token's first call makes), and the same number from one token (what
 * the requests alone leave). Prints one JSON line: bytes per request of each, per API.
 *
 *   node --expose-gc bench/tokens-worker.mjs 10000
 */
import { buildStand } from '../dist/stand.js';
import { buildApp } from '../dist/app.js';
import { reading } from './heap-reading.mjs';

const TOKENS = Number(process.argv[2] ?? 10_000);
const CALLS = {
  appmetrica: ['/appmetrica/management/v1/applications', 'OAuth '],
  mytarget: ['/mytarget/api/v2/user.json', 'Bearer '],
  toloka: ['/toloka/api/v1/requester', 'OAuth '],
};

const stand = buildStand({ clock: 'manual', logLevel: 'silent', journalLimit: 10 });
const app = await buildApp(stand);
await app.ready();

/** The heap once what requests hold until a timer turn (inject's own objects, ~10 KB each) is gone. */
async function settled() {
  await new Promise((resolve) => setTimeout(resolve, 200));
  return reading();
}

async function heapAfter(url, auth) {
  const before = await settled();
  for (let i = 0; i < TOKENS; i++) await app.inject({ method: 'GET', url, headers: { authorization: auth(i) } });
  const after = await settled();
  return ((after.heapMb - before.heapMb) * 1024 * 1024) / TOKENS;
}

const out = {};
for (const [api, [url, scheme]] of Object.entries(CALLS)) {
  await app.inject({ method: 'GET', url, headers: { authorization: `${scheme}warm` } });
  const oneToken = await heapAfter(url, () => `${scheme}warm`);
  const newTokens = await heapAfter(url, (i) => `${scheme}bench-token-${i}`);
  out[api] = { newTokens, oneToken };
}
await app.close();
stand.close();
console.log(JSON.stringify({ tokens: TOKENS, ...out }));
