/**
 * AppMetrica: a 1,000,000-row CSV export downloaded over loopback from a stand in a process of
 * its own (pinned to one core: row generation, gzip and the socket share it), with and without
 * gzip. Baseline: node's zlib gzipping the same bytes in-process (the ceiling for a gzip export).
 * Each download is made after a one-day warm-up export, three times, each gzip download right
 * after one zlib run; the median counts.
 * Peak RSS is the stand process's high-water mark.
 */
import { gzipSync } from 'node:zlib';
import { request } from 'undici';
import { download as fetchBytes, median, settings, spawnStand, timed, type BenchRow } from './lib.js';

const FIELDS = 'event_datetime,event_name,event_timestamp,appmetrica_device_id,os_name,os_version,device_model,city';
/**
 * The peak-RSS pair (1M, then 10M rows): three fields, two of them distinct integers on every
 * row (~45 bytes a row), so the 10M-row gzip download takes ~20 s instead of ~37 s with all
 * eight and the whole run stays under 10 minutes. These fields are the ones that made the
 * garbage of V8's number-to-string cache (int-text.ts): on the code before that fix this pair
 * measured 1.31 (all eight fields: 1.20), after it 1.02.
 */
const NARROW_FIELDS = 'event_timestamp,session_id,event_datetime';
/** App 1111 has 20,000 events a day: 50 days are 1,000,000 rows, 500 days 10,000,000. */
const query = (until: string, fields = FIELDS) => `application_id=1111&date_since=2026-01-01&date_until=${until}&fields=${fields}`;
const AUTH = { authorization: 'OAuth bench' };
/**
 * The stands' clocks start after every range exported here (the last ends 2027-05-15): a range
 * reaching past the stand's "now" holds only the rows received by then.
 */
const AFTER_THE_RANGES = ['--start-time', '2028-01-01T00:00:00Z'];

const download = (url: string, gzip: boolean, keep: boolean) => fetchBytes(url, { ...AUTH, ...(gzip ? { 'accept-encoding': 'gzip' } : {}) }, keep);

/** Queues the export and moves the stand's clock until it is ready. */
async function prepare(base: string, url: string): Promise<void> {
  const first = await request(url, { headers: AUTH });
  await first.body.dump();
  const adv = await request(`${base}/_stand/clock/advance`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"ms":3600000}' });
  await adv.body.dump();
}

/** A one-day export (20,000 rows), downloaded once so the timed downloads do not pay for the JIT. */
async function warmUp(base: string, gzip: boolean): Promise<void> {
  const url = `${base}/appmetrica/logs/v1/export/events.csv?${query('2026-01-01')}`;
  await prepare(base, url);
  await download(url, gzip, false);
}

export default async function appmetricaExport(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const runs = Math.max(1, settings.runs);
  // 1M rows, plain and gzip, in a fresh stand each so peak RSS belongs to one kind of download.
  const plainStand = await spawnStand(AFTER_THE_RANGES, true);
  let raw: Buffer | undefined;
  const plainMs: number[] = [];
  try {
    await warmUp(plainStand.url, false);
    const url = `${plainStand.url}/appmetrica/logs/v1/export/events.csv?${query('2026-02-19')}`;
    await prepare(plainStand.url, url);
    for (let i = 0; i < runs; i++) {
      const plain = await timed(() => download(url, false, raw === undefined));
      raw ??= plain.value.body!;
      plainMs.push(plain.ms);
    }
  } finally {
    await plainStand.close();
  }
  const bytes = raw!;
  gzipSync(bytes.subarray(0, 1 << 20));
  const zlibMs: number[] = [];
  const mb = bytes.length / 1024 / 1024;

  const gzStand = await spawnStand(AFTER_THE_RANGES, true);
  try {
    await warmUp(gzStand.url, true);
    const url = `${gzStand.url}/appmetrica/logs/v1/export/events.csv?${query('2026-02-19')}`;
    await prepare(gzStand.url, url);
    const idle = gzStand.memory();
    const gzMs: number[] = [];
    // zlib and the stand in turn: the speed of this kind of machine moves within a minute (the
    // ratio was 0.50 in one full run, 0.66 in the suite alone right after), and three of one
    // then three of the other would count such a move against one side.
    for (let i = 0; i < runs; i++) {
      zlibMs.push((await timed(() => gzipSync(bytes))).ms);
      gzMs.push((await timed(() => download(url, true, false))).ms);
    }
    const peak1M = gzStand.memory().peakMb;
    const gz = median(gzMs);
    const note = `median of ${runs}`;
    rows.push(
      { name: 'appmetrica 1M-row CSV, plain', ours: 1e6 / (median(plainMs) / 1000), baseline: null, unit: 'rows/s', better: 'higher', note },
      {
        name: 'appmetrica 1M-row CSV, gzip',
        ours: mb / (gz / 1000),
        baseline: mb / (median(zlibMs) / 1000),
        unit: 'MB/s',
        baselineName: 'zlib.gzipSync, same bytes',
        better: 'higher',
        target: { on: 'ratio', op: '>=', value: 0.7 },
        note,
      },
      { name: 'appmetrica 1M-row CSV, gzip', ours: 1e6 / (gz / 1000), baseline: null, unit: 'rows/s', better: 'higher', note },
      { name: 'appmetrica 1M-row gzip, peak RSS', ours: peak1M, baseline: idle.rssMb, unit: 'MB', baselineName: 'stand RSS before it', better: 'lower' },
    );
  } finally {
    await gzStand.close();
  }
  return rows;
}

/**
 * 10M rows against 1M (suite `appmetrica-rss`): streamed, so the peak stays where 1M put it.
 * Memory only, no timing: bench/run.ts runs it alongside the memory suite.
 */
export async function peakRssBench(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const bigStand = await spawnStand(['--scenario', 'default', ...AFTER_THE_RANGES], true);
  try {
    const small = `${bigStand.url}/appmetrica/logs/v1/export/events.csv?${query('2026-02-19', NARROW_FIELDS)}`;
    const big = `${bigStand.url}/appmetrica/logs/v1/export/events.csv?${query('2027-05-15', NARROW_FIELDS)}`;
    await prepare(bigStand.url, small);
    await download(small, true, false);
    const after1M = bigStand.memory().peakMb;
    await prepare(bigStand.url, big);
    await download(big, true, false);
    rows.push({
      name: 'appmetrica 10M-row gzip, peak RSS',
      ours: bigStand.memory().peakMb,
      baseline: after1M,
      unit: 'MB',
      baselineName: 'peak after 1M rows',
      better: 'lower',
      target: { on: 'ratio', op: '<=', value: 1.1 },
    });
  } finally {
    await bigStand.close();
  }
  return rows;
}
