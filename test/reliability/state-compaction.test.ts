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

test('compaction keeps non-ASCII journal lines whole where its 1 MiB reads end inside a character', async () => {
  const file = stateFile();
  const header = '{"format":"async-stand-state"}';
  // Journal lines with Cyrillic answers (Toloka's public names), padded so that byte 1 MiB of the
  // file falls inside a two-byte character.
  const line = (i: number, pad: string) => JSON.stringify({ kind: 'served', entry: { seq: i, at: '2026-01-01T00:00:00.000Z', api: 'toloka', method: 'GET', url: `/toloka/api/v1/requester${pad}`, status: 200, account: 't', fault: null, exchange: { route: 'matched', latencyMs: 0.1, requestHeaders: {}, requestBody: null, responseHeaders: {}, responseBody: { text: 'Заказчик стенда '.repeat(20) } } } });
  let lines: string[] = [];
  for (let pad = ''; ; pad += 'x') {
    lines = Array.from({ length: 3000 }, (_, i) => line(i + 1, pad));
    const bytes = Buffer.from(`${header}\n${lines.join('\n')}\n`);
    if (bytes.length > 1 << 20 && (bytes[1 << 20]! & 0xc0) === 0x80) break;
  }
  const log = StateLog.create(file, header, pino({ level: 'silent' }), 3000);
  onTestFinished(() => log.close());
  for (const l of lines) log.buffer(l);
  log.flush();
  expect(await log.compact()).toBe(true);
  expect(readFileSync(file, 'utf8')).toBe(`${header}\n${lines.join('\n')}\n`);
});
