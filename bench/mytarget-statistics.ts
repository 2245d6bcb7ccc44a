/**
 * myTarget statistics through the async API (issue 19): a 90-day report by day for 200 banners,
 * submit -> started -> 303 -> the result downloaded over loopback, from a stand in a process of
 * its own (pinned to the server core; the report is made as the socket drains). Baseline: a bare
 * Fastify route answering the same bytes (bench/baseline-server.mjs, its body from a file).
 * While the result streams, this process probes GET /_stand/health one request after another:
 * the worst probe's latency is the row "health check during the report", against the worst
 * probe of as many probes when nothing else happens.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { request } from 'undici';
import { download as fetchBytes, median, settings, spawnBaseline, spawnStand, timed, type BenchRow } from './lib.js';

const AUTH = { authorization: 'Bearer bench-stats' };
const JSON_HEADERS = { ...AUTH, 'content-type': 'application/json' };
const BANNERS = 200;
const DAY = 86_400_000;
/** Groups of the report: the default `base` and the video group, as a video campaign's report asks. */
const METRICS = 'base,video';

async function call(url: string, options: { method?: 'GET' | 'POST' | 'PUT'; headers?: Record<string, string>; body?: string } = {}) {
  const res = await request(url, { method: options.method ?? 'GET', headers: options.headers ?? AUTH, ...(options.body === undefined ? {} : { body: options.body }) });
  const text = await res.body.text();
  return { status: res.statusCode, headers: res.headers, text };
}

const download = (url: string, keep: boolean) => fetchBytes(url, AUTH, keep);

/** Sequential health probes until `stop` resolves: the latency of each, in ms. */
async function probe(base: string, stop: Promise<unknown>, count = Infinity): Promise<number[]> {
  let done = false;
  void stop.then(() => (done = true));
  const out: number[] = [];
  while (!done && out.length < count) {
    const t0 = performance.now();
    await (await request(`${base}/_stand/health`)).body.dump();
    out.push(performance.now() - t0);
  }
  return out;
}

/** One async report: submit, two polls (started, then 303), then the result. */
async function report(base: string, query: string, keep: boolean): Promise<{ bytes: number; body: Buffer | null }> {
  const submit = await call(`${base}/mytarget/async_api/v2/statistics/banners/day.json?${query}`);
  if (submit.status !== 202) throw new Error(`submit: ${submit.status} ${submit.text}`);
  const status = `${base}${String(submit.headers.location)}`;
  const started = await call(status);
  if (started.status !== 200) throw new Error(`poll: ${started.status} ${started.text}`);
  const done = await call(status);
  if (done.status !== 303 || !done.text.includes('"response_http_code":200')) throw new Error(`poll: ${done.status} ${done.text}`);
  return download(`${base}${String(done.headers.location)}`, keep);
}

export default async function mytargetStatisticsBench(): Promise<BenchRow[]> {
  const runs = Math.max(1, settings.runs);
  const stand = await spawnStand([], true);
  const dir = mkdtempSync(join(tmpdir(), 'async-stand-bench-stats-'));
  let body: Buffer | undefined;
  const ours: number[] = [];
  let worst = 0;
  let probes = 0;
  let idleWorst = 0;
  try {
    const base = stand.url;
    const scenario = { version: 1, mytarget: { enqueued: { polls: 1 }, execution: { polls: 1 }, rateLimits: { perSecond: null, perMinute: null, perHour: null, perDay: null } } };
    await call(`${base}/_stand/scenario`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ scenario }) });
    const ids: number[] = [];
    for (let c = 0; c < BANNERS / 50; c++) {
      const banners = Array.from({ length: 50 }, (_, i) => ({ name: `bench ${c * 50 + i}` }));
      const res = await call(`${base}/mytarget/api/v2/campaigns.json`, { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ name: `bench ${c}`, package_id: 814, banners }) });
      ids.push(...(JSON.parse(res.text) as { banners: { id: number }[] }).banners.map((b) => b.id));
    }
    // 100 days later: the report's 90 days are all past (2026-01-11..2026-04-10).
    await call(`${base}/_stand/clock/advance`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ms: 100 * DAY }) });
    const query = `id=${ids.join(',')}&date_from=2026-01-11&date_to=2026-04-10&metrics=${METRICS}`;

    await report(base, query, false); // warm-up (JIT)
    for (let i = 0; i < runs; i++) {
      const r = await timed(() => report(base, query, body === undefined));
      body ??= r.value.body!;
      ours.push(r.ms);
    }
    // The health check while a report streams, then as many probes with nothing else going on.
    const downloading = report(base, query, false);
    const during = await probe(base, downloading);
    await downloading;
    worst = Math.max(...during);
    probes = during.length;
    const idle = await probe(base, new Promise(() => {}), Math.max(probes, 20));
    idleWorst = Math.max(...idle);
  } finally {
    await stand.close();
  }

  const file = join(dir, 'report.json');
  writeFileSync(file, body!);
  const baseline = await spawnBaseline({ mode: 'static', method: 'GET', url: '/report', status: 200, headers: { 'content-type': 'application/json; charset=utf-8' }, bodyFile: file });
  const theirs: number[] = [];
  try {
    await download(`${baseline.url}/report`, false);
    for (let i = 0; i < runs; i++) theirs.push((await timed(() => download(`${baseline.url}/report`, false))).ms);
  } finally {
    await baseline.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const mb = body!.length / 1024 / 1024;
  return [
    {
      name: `mytarget statistics report through the async API (${BANNERS} banners x 90 days, ${METRICS}; submit, 2 polls, ${mb.toFixed(1)} MB result)`,
      ours: median(ours),
      baseline: median(theirs),
      unit: 'ms',
      baselineName: 'bare Fastify route, the same bytes',
      better: 'lower',
      samples: { ours, baseline: theirs },
    },
    {
      name: 'mytarget health check while that report streams (worst probe)',
      ours: worst,
      baseline: idleWorst,
      unit: 'ms',
      baselineName: `worst of as many probes with nothing else running (${probes} probes)`,
      better: 'lower',
      target: { on: 'ours', op: '<=', value: 50 },
    },
  ];
}
