/**
 * Poll paths over loopback: the requests a client repeats while it waits, against a stand in a
 * process of its own (pinned to one core, the load generator on the other). Baseline for each:
 * a bare Fastify app with one route answering the same status, content type and bytes, started
 * the same way in the same run (bench/baseline-server.mjs).
 *
 * Also checks that none of the poll answers (all under 1 KiB) comes gzipped although the client
 * accepts gzip (@fastify/compress's threshold of 1024 bytes in src/app.ts; the status polls'
 * routes leave compression off, src/http/route-options.ts), and that the small AppMetrica file
 * does (the Logs API gzips its files when asked, whatever their size: the stand keeps the gzip).
 */
import { request } from 'undici';
import { compareLoad, runsNote } from './compare.js';
import { spawnBaseline, spawnStand, type BenchRow, type ServerProcess } from './lib.js';
import { MYTARGET_SUBMIT, TOLOKA_TASK } from './lifecycle-steps.js';
import { writeBenchFiles } from './setup.js';

/** What pollers usually send: a token and Accept-Encoding (python-requests sends gzip, deflate). */
const ACCEPT = { 'accept-encoding': 'gzip, deflate' };
const AM = { authorization: 'OAuth bench', ...ACCEPT };
const MT = { authorization: 'Bearer bench', ...ACCEPT };
const TL = { authorization: 'OAuth bench', ...ACCEPT };

const AM_FILE = '/appmetrica/logs/v1/export/events.csv?application_id=1111&date_since=2026-01-01&date_until=2026-01-01&fields=event_name,event_datetime,os_name&limit=10';
const AM_WAIT = '/appmetrica/logs/v1/export/events.json?application_id=1111&date_since=2026-01-02&date_until=2026-01-02&fields=event_name,event_datetime&limit=10';

export interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** The bytes as sent (a gzipped answer is no UTF-8 text). */
  raw: Buffer;
}

export async function call(base: string, path: string, headers: Record<string, string>, method: 'GET' | 'POST' = 'GET', body?: string): Promise<Answer> {
  const res = await request(`${base}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  const raw = Buffer.from(await res.body.arrayBuffer());
  return { status: res.statusCode, headers: out, body: raw.toString('utf8'), raw };
}

async function expectStatus(base: string, path: string, headers: Record<string, string>, status: number, method: 'GET' | 'POST' = 'GET', body?: string): Promise<Answer> {
  const a = await call(base, path, headers, method, body);
  if (a.status !== status) throw new Error(`${method} ${path}: expected ${status}, got ${a.status}: ${a.body.slice(0, 300)}`);
  return a;
}

async function completeJob(base: string, api: string, id: string): Promise<void> {
  await expectStatus(base, `/_stand/jobs/${api}/${id}/complete`, {}, 200, 'POST');
}

async function lastJobId(base: string, api: string): Promise<string> {
  const list = JSON.parse((await expectStatus(base, `/_stand/jobs?api=${api}`, {}, 200)).body) as { items: { id: string; createdAt: string }[] };
  return list.items.at(-1)!.id;
}

export interface PollCase {
  name: string;
  path: string;
  headers: Record<string, string>;
  status: number;
  /** A file (gzipped to a client that takes gzip), not a poll text. */
  file?: boolean;
}

/** Puts one job of each kind in the state each case polls, and returns the cases. */
export async function prepare(base: string): Promise<PollCase[]> {
  // AppMetrica: a small file made ready first (exports of an app are sequential), then one left preparing.
  await expectStatus(base, AM_FILE, AM, 202);
  await completeJob(base, 'appmetrica', await lastJobId(base, 'appmetrica'));
  await expectStatus(base, AM_FILE, AM, 200);
  await expectStatus(base, AM_WAIT, AM, 202);
  // myTarget: one call done (its status answers 303), the next one waiting (200 "enqueued").
  const done = (await expectStatus(base, MYTARGET_SUBMIT, MT, 202)).headers.location!;
  await completeJob(base, 'mytarget', /requests\/(\d+)\.json/.exec(done)![1]!);
  const waiting = (await expectStatus(base, MYTARGET_SUBMIT, MT, 202)).headers.location!;
  // Toloka: an operation that ended SUCCESS.
  const op = JSON.parse((await expectStatus(base, '/toloka/api/v1/tasks?async_mode=true', { ...TL, 'content-type': 'application/json' }, 202, 'POST', TOLOKA_TASK)).body) as { id: string };
  await completeJob(base, 'toloka', op.id);
  return [
    { name: 'appmetrica poll answered 202', path: AM_WAIT, headers: AM, status: 202 },
    { name: 'appmetrica 200 of a small ready file (10 rows)', path: AM_FILE, headers: AM, status: 200, file: true },
    { name: 'mytarget status poll, 200 "enqueued"', path: waiting, headers: MT, status: 200 },
    { name: 'mytarget status poll, 303 "done"', path: done, headers: MT, status: 303 },
    { name: 'toloka operation GET (SUCCESS)', path: `/toloka/api/v1/operations/${op.id}`, headers: TL, status: 200 },
  ];
}

export default async function pollBench(): Promise<BenchRow[]> {
  const files = writeBenchFiles();
  const stand = await spawnStand(files.args('bench-poll'), true);
  const rows: BenchRow[] = [];
  let gzipped = 0;
  let polls = 0;
  let fileGzipped = 0;
  try {
    const cases = await prepare(stand.url);
    for (const c of cases) {
      process.stderr.write(`bench:   ${c.name}\n`);
      const answer = await expectStatus(stand.url, c.path, c.headers, c.status);
      if (c.file) fileGzipped += answer.headers['content-encoding'] === 'gzip' ? 1 : 0;
      else {
        polls++;
        if (answer.headers['content-encoding']) gzipped++;
      }
      const headers: Record<string, string> = {};
      for (const h of ['content-type', 'location', 'content-encoding']) if (answer.headers[h]) headers[h] = answer.headers[h]!;
      let baseline: ServerProcess | undefined;
      try {
        baseline = await spawnBaseline({ mode: 'static', url: c.path.split('?', 1)[0], status: c.status, headers, body: answer.raw.toString('base64'), base64: true });
        const check = await call(baseline.url, c.path, c.headers);
        if (check.status !== c.status || !check.raw.equals(answer.raw)) throw new Error(`baseline for ${c.name} answers ${check.status} ${check.body.slice(0, 100)}`);
        const cmp = await compareLoad(
          { kind: 'fixed', url: `${stand.url}${c.path}`, headers: c.headers, expectStatus: c.status, pid: stand.child.pid! },
          { kind: 'fixed', url: `${baseline.url}${c.path}`, headers: c.headers, expectStatus: c.status, pid: baseline.child.pid! },
          (r) => r.reqPerSec,
        );
        rows.push({
          name: c.name,
          ours: cmp.ours,
          baseline: cmp.baseline,
          unit: 'req/s',
          baselineName: `bare Fastify, same ${answer.raw.length} bytes`,
          note: runsNote(cmp),
          better: 'higher',
          target: { on: 'ratio', op: '>=', value: 0.8 },
          perCpu: { ours: cmp.oursPerCpu, baseline: cmp.baselinePerCpu },
          samples: cmp.samples,
        });
      } finally {
        await baseline?.close();
      }
    }
  } finally {
    await stand.close();
    files.remove();
  }
  rows.push(
    {
      name: 'poll answers (< 1 KiB) sent gzipped to a client accepting gzip',
      ours: gzipped,
      baseline: null,
      unit: `of ${polls}`,
      better: 'lower',
      target: { on: 'ours', op: '<=', value: 0 },
    },
    {
      name: 'appmetrica small file (< 1 KiB) sent gzipped to a client accepting gzip',
      ours: fileGzipped,
      baseline: null,
      unit: 'of 1',
      better: 'higher',
      target: { on: 'ours', op: '>=', value: 1 },
    },
  );
  return rows;
}
