/**
 * The journal's cost per request, in-process: what the API plugin's onSend hook does for every
 * answered request before and after issue 23 (the exchange kept: headers, bodies, latency,
 * route), measured on the journal itself. A loaded 2-core machine cannot tell a 1% difference in
 * the poll bench's req/s apart (its own baseline swings 2x between runs); this measures the
 * difference directly. Run: npx tsx bench/journal-cost.ts
 */
import { performance } from 'node:perf_hooks';
import { Journals, type HeaderBag } from '../src/core/journal.js';
import { sameHeaders, sameRaw } from '../src/http/journal-hook.js';

const N = 2_000_000;
const raw = ['Host', '127.0.0.1:8080', 'Authorization', 'Bearer bench', 'Accept-Encoding', 'gzip, deflate', 'User-Agent', 'wrk', 'Connection', 'keep-alive'];
const headers = { host: '127.0.0.1:8080', authorization: 'Bearer bench', 'accept-encoding': 'gzip, deflate', 'user-agent': 'wrk', connection: 'keep-alive' };
const answer = { location: '/mytarget/async_api/v2/responses/1.json', 'content-type': 'application/json; charset=utf-8' };
const payload = '{"id":"1","status":"done","response_http_code":200}';

function before(j: Journals): void {
  for (let i = 0; i < N; i++) j.recordRequest(i, 'mytarget', 'GET', '/mytarget/async_api/v2/requests/1.json', 303, 'bench', null);
}

function after(j: Journals): void {
  let lastRaw: readonly string[] = [];
  let lastHeaders: HeaderBag = {};
  let lastAnswer: HeaderBag = {};
  let lastPayload: unknown;
  for (let i = 0; i < N; i++) {
    const start = performance.now();
    // Fresh objects per request, as Node and Fastify make them.
    const r = raw.slice();
    let h: HeaderBag = { ...headers };
    let a: HeaderBag = { ...answer };
    const slot = j.recordRequest(i, 'mytarget', 'GET', '/mytarget/async_api/v2/requests/1.json', 303, 'bench', null);
    if (sameRaw(r, lastRaw)) h = lastHeaders;
    else {
      lastRaw = r;
      lastHeaders = h;
    }
    if (sameHeaders(a, lastAnswer)) a = lastAnswer;
    else lastAnswer = a;
    let kept: unknown = payload;
    if (kept === lastPayload) kept = lastPayload;
    else lastPayload = kept;
    j.requests.detail(slot, 'matched', performance.now() - start, h, undefined, a, kept);
  }
}

function baselineAllocs(): void {
  // The per-request objects the "after" loop makes, which Node and Fastify make anyway.
  let sink = 0;
  for (let i = 0; i < N; i++) {
    const r = raw.slice();
    const h = { ...headers };
    const a = { ...answer };
    sink += r.length + (h.host ? 1 : 0) + (a.location ? 1 : 0);
  }
  if (sink < 0) console.log(sink);
}

function time(fn: () => void): number {
  const t0 = performance.now();
  fn();
  return ((performance.now() - t0) * 1e6) / N;
}

const rows: Record<string, number[]> = { before: [], after: [], allocs: [] };
for (let round = 0; round < 5; round++) {
  rows.before!.push(time(() => before(new Journals(10_000))));
  rows.after!.push(time(() => after(new Journals(10_000))));
  rows.allocs!.push(time(baselineAllocs));
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const b = median(rows.before!);
const a = median(rows.after!) - median(rows.allocs!);
console.log(`journal append per request: before ${b.toFixed(0)} ns, after ${a.toFixed(0)} ns (+${(a - b).toFixed(0)} ns); a poll costs ~30,000 ns on this machine's stand (bench/README.md: ~33k req/s per core)`);
