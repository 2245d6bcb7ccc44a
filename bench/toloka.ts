/**
 * Toloka: a 10,000-task async batch (TASK.BATCH_CREATE) over a real socket, at speed ∞ (manual
 * clock, advanced at once after the submit), and the download of its 10,000-entry log.
 * Baselines, measured in the same run: a synchronous 201 create of the same batch (the same
 * validation and creation, with no operation), and JSON.stringify of the same log array.
 */
import { request } from 'undici';
import { startStand } from '../src/server.js';
import { settle, timed, type BenchRow } from './lib.js';

const ITEMS = 10_000;
const ROUNDS = 3;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function batch(n: number): string {
  return JSON.stringify(
    Array.from({ length: n }, (_, i) => ({
      pool_id: '1',
      input_values: { image: `https://example.com/images/${i}.jpg`, text: `caption ${i}` },
      overlap: 1,
      __item_idx: String(i),
    })),
  );
}

async function call(url: string, token: string, method: 'GET' | 'POST', body?: string): Promise<{ status: number; text: string }> {
  const res = await request(url, {
    method,
    headers: { authorization: `OAuth ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body } : {}),
  });
  return { status: res.statusCode, text: await res.body.text() };
}

export default async function tolokaBench(): Promise<BenchRow[]> {
  const running = await startStand({ port: 0, clock: 'manual', logLevel: 'silent' });
  try {
    // A scenario that lets the sync baseline take the whole batch (the real limit is 5000).
    running.activateScenario({ version: 1, toloka: { maxSyncItems: ITEMS } });
    const api = `${running.url}/toloka/api/v1`;
    const body = batch(ITEMS);

    // Warm-up: one full batch of each kind, so neither measurement pays for the JIT alone.
    const submitAsync = async (token: string): Promise<string> => {
      const res = await call(`${api}/tasks?async_mode=true`, token, 'POST', body);
      if (res.status !== 202) throw new Error(`expected 202, got ${res.status}: ${res.text.slice(0, 300)}`);
      const id = (JSON.parse(res.text) as { id: string }).id;
      running.advance(3_600_000); // speed ∞: everything due runs now
      const op = await call(`${api}/operations/${id}`, token, 'GET');
      const status = (JSON.parse(op.text) as { status: string }).status;
      if (status !== 'SUCCESS') throw new Error(`expected SUCCESS, got ${status}`);
      return id;
    };
    const createSync = async (token: string): Promise<number> => {
      const res = await call(`${api}/tasks`, token, 'POST', body);
      if (res.status !== 201) throw new Error(`expected 201, got ${res.status}: ${res.text.slice(0, 300)}`);
      return res.text.length;
    };
    await submitAsync('warmup-async');
    await createSync('warmup-sync');

    // Three rounds, interleaved, each on a fresh account; the median of each counts.
    const asyncMs: number[] = [];
    const syncMs: number[] = [];
    let id = '';
    for (let round = 0; round < ROUNDS; round++) {
      settle();
      const a = await timed(() => submitAsync(`bench-async-${round}`));
      asyncMs.push(a.ms);
      id = a.value;
      settle();
      syncMs.push((await timed(() => createSync(`bench-sync-${round}`))).ms);
    }
    const asyncRun = { ms: median(asyncMs) };
    const syncRun = { ms: median(syncMs) };

    settle();
    const owner = `bench-async-${ROUNDS - 1}`;
    const download = async () => {
      const res = await request(`${api}/operations/${id}/log`, { headers: { authorization: `OAuth ${owner}` } });
      if (res.statusCode !== 200) throw new Error(`expected 200, got ${res.statusCode}`);
      return Buffer.from(await res.body.arrayBuffer());
    };
    await download();
    const logMs: number[] = [];
    let logBody = Buffer.alloc(0);
    for (let round = 0; round < ROUNDS; round++) {
      const r = await timed(download);
      logMs.push(r.ms);
      logBody = r.value;
    }
    const log = { ms: median(logMs), value: logBody };
    const entries = JSON.parse(log.value.toString('utf8')) as unknown[];
    if (entries.length !== ITEMS) throw new Error(`expected ${ITEMS} log entries, got ${entries.length}`);
    JSON.stringify(entries);
    const stringify = { ms: median(await Promise.all([0, 1, 2].map(async () => (await timed(() => JSON.stringify(entries))).ms))) };

    const mb = (n: number) => n / 1024 / 1024;
    return [
      {
        name: 'toloka 10k-task async batch, submit to SUCCESS (speed ∞)',
        ours: asyncRun.ms,
        baseline: syncRun.ms,
        unit: 'ms',
        baselineName: 'sync 201 create of the same batch',
        better: 'lower',
      },
      { name: 'toloka 10k-task async batch, tasks/s', ours: ITEMS / (asyncRun.ms / 1000), baseline: ITEMS / (syncRun.ms / 1000), unit: 'tasks/s', baselineName: 'sync 201 create', better: 'higher' },
      {
        name: 'toloka 10k-entry operation log, download',
        ours: log.ms,
        baseline: stringify.ms,
        unit: 'ms',
        baselineName: 'JSON.stringify of the same log array',
        better: 'lower',
      },
      {
        name: 'toloka 10k-entry operation log, size',
        ours: mb(log.value.length),
        baseline: mb(Buffer.byteLength(body)),
        unit: 'MB',
        baselineName: 'the submitted batch body',
        better: 'lower',
      },
    ];
  } finally {
    await running.close();
  }
}
