/**
 * Issue 22: the state file grows only with what it must keep. Compaction drops journal lines past
 * the journal's limit and clock moves a later one supersedes, and keeps every other line in order.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import pino from 'pino';
import { expect, onTestFinished, test } from 'vitest';
import { StateLog } from '../../src/state/log-file.js';
import { stateFile } from './state-helpers.js';

const served = (i: number) => JSON.stringify({ kind: 'served', entry: { seq: i, at: '2026-01-01T00:00:00.000Z', api: 'toloka', method: 'GET', url: `/toloka/api/v1/operations/${i}`, status: 200, account: 't', fault: null } });
const request = (i: number) => JSON.stringify({ kind: 'request', t: i, listener: 'main', method: 'POST', url: `/r/${i}`, headers: {}, body: '' });
const clock = (t: number) => JSON.stringify({ kind: 'clock', t });

test('compaction keeps the header, every change in order and the last journal lines; drops older journal lines and superseded clock moves', async () => {
  const file = stateFile();
  const log = StateLog.create(file, '{"format":"async-stand-state"}', pino({ level: 'silent' }), 100);
  onTestFinished(() => log.close());
  for (let i = 1; i <= 5_000; i++) {
    log.buffer(served(i));
    if (i % 1000 === 0) log.writeAhead(request(i));
    if (i % 1000 === 500) {
      log.writeAfter(clock(i));
      log.writeAfter(clock(i + 1)); // supersedes the one before
    }
  }
  log.flush();
  const before = statSync(file).size;
  expect(await log.compact()).toBe(true);
  const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
  expect(lines[0]).toBe('{"format":"async-stand-state"}');
  const kinds = lines.slice(1).map((l) => JSON.parse(l) as { kind: string; t?: number; entry?: { seq: number } });
  expect(kinds.filter((k) => k.kind === 'request').map((k) => k.t)).toEqual([1000, 2000, 3000, 4000, 5000]);
  expect(kinds.filter((k) => k.kind === 'clock').map((k) => k.t)).toEqual([501, 1501, 2501, 3501, 4501]);
  expect(kinds.filter((k) => k.kind === 'served').map((k) => k.entry!.seq)).toEqual(Array.from({ length: 100 }, (_, i) => 4901 + i));
  expect(statSync(file).size).toBeLessThan(before / 10);
  expect(statSync(file).mode & 0o777).toBe(0o600);
  expect(readdirSync(dirname(file))).toEqual(['state.json']);
  // Appending goes on in the new file.
  log.writeAhead(request(6000));
  expect(readFileSync(file, 'utf8').trimEnd().split('\n').at(-1)).toBe(request(6000));
});
