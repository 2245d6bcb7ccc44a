/**
 * No download stalls the stand (issue 22): while one client downloads a ~1 GB plain export as
 * fast as loopback allows (curl, a process of its own), another probes GET /_stand/health every 20 ms; the probe's worst
 * latency is reported against its worst on the idle stand (baseline, same run). The stand runs in
 * a process of its own, pinned to its core (the generated rows, the socket and the probe share it).
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { request } from 'undici';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCommand, spawnStand, type BenchRow } from './lib.js';

/** App 1111 has 20,000 events a day; eight fields make ~94 bytes a row: 560 days are ~1 GB. */
const URL_PATH = '/appmetrica/logs/v1/export/events.csv?application_id=1111&date_since=2026-01-01&date_until=2027-07-14&fields=event_datetime,event_name,event_timestamp,appmetrica_device_id,os_name,os_version,device_model,city';
const AUTH = { authorization: 'OAuth bench' };
const PROBE_EVERY_MS = 20;

/** Probes health until `stop()`; resolves with every latency (ms). */
function probe(base: string): { stop: () => Promise<number[]> } {
  const latencies: number[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const t0 = performance.now();
      const res = await request(`${base}/_stand/health`);
      await res.body.dump();
      latencies.push(performance.now() - t0);
      await sleep(PROBE_EVERY_MS);
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return latencies;
    },
  };
}

function pct(xs: number[], q: number): string {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!.toFixed(1);
}

export default async function downloadsBench(): Promise<BenchRow[]> {
  // The default scenario refuses parts over 10M rows ("Try to use more parts."); this one takes the whole file at once.
  const scenario = join(mkdtempSync(join(tmpdir(), 'bench-downloads-')), 'one-part.json');
  writeFileSync(scenario, JSON.stringify({ version: 1, appmetrica: { maxRowsPerPart: 100_000_000 } }));
  // The range must be past on the stand's clock: exports hold no rows from the future (issue 20).
  const stand = await spawnStand(['--scenario', scenario, '--start-time', '2027-07-16T00:00:00.000Z'], true);
  try {
    const idle = probe(stand.url);
    await sleep(3000);
    const idleAll = await idle.stop();
    const idleWorst = Math.max(...idleAll);
    const first = await request(`${stand.url}${URL_PATH}`, { headers: AUTH });
    await first.body.dump();
    const adv = await request(`${stand.url}/_stand/clock/advance`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"ms":86400000}' });
    await adv.body.dump();
    // The download runs in a process of its own (curl), so this process only probes: a reader
    // of 150 MB/s here would delay the probe's own event loop.
    const busy = probe(stand.url);
    const out = await runCommand(['curl', '-sS', '-o', '/dev/null', '-w', '%{http_code} %{size_download} %{time_total}', '-H', `authorization: ${AUTH.authorization}`, `${stand.url}${URL_PATH}`]);
    const during = await busy.stop();
    const [status, size, seconds] = out.trim().split(' ');
    if (status !== '200') throw new Error(`expected 200, got ${status}`);
    const bytes = Number(size);
    const ms = Number(seconds) * 1000;
    const gb = bytes / 1024 ** 3;
    return [
      {
        name: `health probe's worst latency during a ${gb.toFixed(2)} GB plain download`,
        ours: Math.max(...during),
        baseline: idleWorst,
        unit: 'ms',
        baselineName: 'worst on the idle stand',
        better: 'lower',
        target: { on: 'ours', op: '<=', value: 50 },
        note: `${during.length} probes, p50 ${pct(during, 0.5)} ms, p99 ${pct(during, 0.99)} ms (idle: p50 ${pct(idleAll, 0.5)}, p99 ${pct(idleAll, 0.99)}); the download took ${(ms / 1000).toFixed(1)} s (${(bytes / 1024 / 1024 / (ms / 1000)).toFixed(0)} MB/s)`,
      },
    ];
  } finally {
    await stand.close();
  }
}
