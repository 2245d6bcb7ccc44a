import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, onTestFinished, test } from 'vitest';
import { startStand, type RunningStand } from '../../src/server.js';
import type { StandOptions } from '../../src/config.js';

const AM = { authorization: 'OAuth keep' };
const MT = { authorization: 'Bearer keep', 'content-type': 'application/json' };
const TL = { authorization: 'OAuth keep', 'content-type': 'application/json' };
const EXPORT = '/appmetrica/logs/v1/export/events.json?application_id=1111&date_since=2026-01-01&date_until=2026-01-01&fields=event_name&limit=3';

function stateFile(): string {
  return join(mkdtempSync(join(tmpdir(), 'stand-state-')), 'state.json');
}

async function start(options: StandOptions): Promise<RunningStand> {
  const running = await startStand({ port: 0, clock: 'manual', logLevel: 'silent', ...options });
  onTestFinished(running.close);
  return running;
}

async function call(r: RunningStand, path: string, init: RequestInit = {}) {
  const res = await fetch(`${r.url}${path}`, { redirect: 'manual', ...init });
  return { status: res.status, body: await res.text(), location: res.headers.get('location') };
}

test('a restart with --state-file loses no pending export, async call or operation, nor stored objects', async () => {
  const file = stateFile();
  const first = await start({ stateFile: file });
  expect((await call(first, EXPORT, { headers: AM })).status).toBe(202);
  const campaign = await call(first, '/mytarget/api/v2/campaigns.json', { method: 'POST', headers: MT, body: JSON.stringify({ name: 'Kept', package_id: 814 }) });
  expect(campaign.status).toBe(200);
  const async = await call(first, '/mytarget/async_api/v2/user.json', { headers: MT });
  expect(async.status).toBe(202);
  const op = await call(first, '/toloka/api/v1/tasks?async_mode=true', { method: 'POST', headers: TL, body: JSON.stringify([{ pool_id: '1', overlap: 1, input_values: { image: 'https://example.com/a.png' } }]) });
  expect(op.status).toBe(202);
  first.advance(100);
  const before = first.jobs().map((j) => [j.api, j.id, j.state]);
  const nowBefore = first.now();
  await first.close();
  expect(existsSync(file)).toBe(true);
  expect(readdirSync(join(file, '..'))).toEqual(['state.json']); // no temporary file left behind

  const second = await start({ stateFile: file });
  expect(second.now()).toBe(nowBefore);
  expect(second.jobs().map((j) => [j.api, j.id, j.state])).toEqual(before);
  expect(before.map((b) => b[2])).toEqual(['preparing', 'enqueued', 'PENDING']);
  second.advance(60_000);
  expect((await call(second, EXPORT, { headers: AM })).status).toBe(200);
  expect((await call(second, async.location!, { headers: MT })).status).toBe(303);
  const opId = (JSON.parse(op.body) as { id: string }).id;
  expect(JSON.parse((await call(second, `/toloka/api/v1/operations/${opId}`, { headers: TL })).body).status).toBe('SUCCESS');
  const id = (JSON.parse(campaign.body) as { id: number }).id;
  expect(JSON.parse((await call(second, `/mytarget/api/v2/campaigns/${id}.json`, { headers: MT })).body).name).toBe('Kept');
  // the request journal came back too, and new ids continue where the first run stopped
  expect(second.requests().length).toBeGreaterThanOrEqual(4);
  const next = await call(second, '/mytarget/async_api/v2/user.json', { headers: MT });
  expect(next.location).not.toBe(async.location);
});

test('control verbs survive a restart too: a job completed by hand, a switched scenario, a queued fault', async () => {
  const file = stateFile();
  const first = await start({ stateFile: file });
  await call(first, EXPORT, { headers: AM });
  first.activateScenario('expiry');
  first.enqueueFault('toloka', { action: { type: 'status', status: 503 } });
  const [job] = first.jobs();
  first.completeJob('appmetrica', job!.id);
  await first.close();
  const second = await start({ stateFile: file });
  expect(second.job('appmetrica', job!.id).state).toBe('ready');
  expect(second.scenario().name).toBe('expiry');
  expect((await call(second, '/toloka/api/v1/operations', { headers: TL })).status).toBe(503);
});

test('a corrupt state file stops start-up with a clear message and is not overwritten', async () => {
  const file = stateFile();
  writeFileSync(file, '{"format":"async-stand-state", oops');
  await expect(startStand({ port: 0, clock: 'manual', logLevel: 'silent', stateFile: file })).rejects.toThrow(
    /state file .*state\.json: line 1 is not valid JSON .*; the stand did not start and left the file as it is/,
  );
  expect(readFileSync(file, 'utf8')).toBe('{"format":"async-stand-state", oops');
});

test('a state file written with other options is refused, naming them', async () => {
  const file = stateFile();
  const first = await start({ stateFile: file, seed: 5 });
  await first.close();
  await expect(startStand({ port: 0, clock: 'manual', logLevel: 'silent', stateFile: file, seed: 6 })).rejects.toThrow(
    /was written with seed 5 \(now 6\); start with the same options/,
  );
  writeFileSync(file, JSON.stringify({ format: 'async-stand-state', version: 99 }));
  await expect(startStand({ port: 0, clock: 'manual', logLevel: 'silent', stateFile: file })).rejects.toThrow(/has version 99, this stand reads version 2/);
});

test('a real clock goes on from the saved time', async () => {
  const file = stateFile();
  const first = await start({ stateFile: file, clock: 'real', speed: 1, startTime: '2030-01-01T00:00:00Z' });
  await call(first, EXPORT, { headers: AM });
  first.advance(3_600_000);
  const saved = first.now();
  await first.close();
  const second = await start({ stateFile: file, clock: 'real', speed: 1, startTime: '2030-01-01T00:00:00Z' });
  expect(second.now()).toBeGreaterThanOrEqual(saved);
  expect(second.jobs()[0]!.state).toBe('ready');
});
