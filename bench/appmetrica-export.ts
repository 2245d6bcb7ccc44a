/**
 * AppMetrica: a 1,000,000-row CSV export downloaded over a real socket, with and without gzip.
 * Baseline: node's zlib gzipping the same bytes in-process (the ceiling for a gzip export).
 */
import { gzipSync } from 'node:zlib';
import { request } from 'undici';
import { startStand } from '../src/server.js';
import { rssMb, settle, timed, type BenchRow } from './lib.js';

const FIELDS = 'event_datetime,event_name,event_timestamp,appmetrica_device_id,os_name,os_version,device_model,city';
// app 1111 has 20,000 events a day: 50 days are 1,000,000 rows.
const QUERY = `application_id=1111&date_since=2026-01-01&date_until=2026-02-19&fields=${FIELDS}`;

async function download(url: string, gzip: boolean, keep: boolean): Promise<{ bytes: number; body: Buffer | null; peakRss: number }> {
  const res = await request(url, { headers: { authorization: 'OAuth bench', ...(gzip ? { 'accept-encoding': 'gzip' } : {}) } });
  if (res.statusCode !== 200) throw new Error(`expected 200, got ${res.statusCode}: ${await res.body.text()}`);
  let bytes = 0;
  let peakRss = rssMb();
  const chunks: Buffer[] = [];
  let n = 0;
  for await (const chunk of res.body) {
    bytes += (chunk as Buffer).length;
    if (keep) chunks.push(chunk as Buffer);
    if (++n % 64 === 0) peakRss = Math.max(peakRss, rssMb());
  }
  return { bytes, body: keep ? Buffer.concat(chunks) : null, peakRss };
}

export default async function appmetricaExport(): Promise<BenchRow[]> {
  const running = await startStand({ port: 0, clock: 'manual', logLevel: 'silent' });
  try {
    const url = `${running.url}/appmetrica/logs/v1/export/events.csv?${QUERY}`;
    const first = await request(url, { headers: { authorization: 'OAuth bench' } });
    await first.body.dump();
    running.stand.advance(3_600_000);

    settle();
    const rssBefore = rssMb();
    const plain = await timed(() => download(url, false, true));
    const raw = plain.value.body!;
    settle();
    const gz = await timed(() => download(url, true, false));
    const zlib = await timed(() => gzipSync(raw));

    const rows = 1_000_000;
    const mb = raw.length / 1024 / 1024;
    return [
      { name: 'appmetrica 1M-row CSV, plain', ours: rows / (plain.ms / 1000), baseline: null, unit: 'rows/s', better: 'higher' },
      {
        name: 'appmetrica 1M-row CSV, gzip',
        ours: mb / (gz.ms / 1000),
        baseline: mb / (zlib.ms / 1000),
        unit: 'MB/s',
        baselineName: 'zlib.gzipSync of the same bytes',
        better: 'higher',
      },
      { name: 'appmetrica 1M-row CSV, gzip rows/s', ours: rows / (gz.ms / 1000), baseline: null, unit: 'rows/s', better: 'higher' },
      {
        name: 'appmetrica 1M-row CSV, gzip peak RSS',
        ours: gz.value.peakRss,
        baseline: rssBefore,
        unit: 'MB',
        baselineName: 'RSS before the download',
        better: 'lower',
      },
    ];
  } finally {
    await running.close();
  }
}
