import { existsSync, readdirSync, readFileSync, statSync, unlinkSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { ConfigError } from '../core/errors.js';
import { wallNow } from '../core/clock.js';
import { describeIssues } from '../scenarios/messages.js';
import type { StandRuntime } from '../stand.js';
import { FORMAT, Header, StandEvent, VERSION } from './events.js';
import { StateLog } from './log-file.js';

/** A state file as read at start: its header, its events, and how much of it is good. */
export interface LoadedState {
  readonly path: string;
  readonly header: Header;
  readonly events: StandEvent[];
  /** The line number (1-based) of each event, for messages. */
  readonly lines: number[];
  /** Bytes of whole, valid lines; a torn last line after them is cut off. */
  readonly goodLength: number;
  readonly served: { lines: number; bytes: number };
}

function failure(path: string, code: string, why: string): ConfigError {
  return new ConfigError(code, `state file ${path}: ${why}; the stand did not start and left the file as it is (fix it, or delete it to start empty)`);
}

/** The header a stand writes at the top of its file (and again after a reset). */
export function headerOf(stand: StandRuntime): string {
  const { clock } = stand;
  const header: Header = {
    format: FORMAT,
    version: VERSION,
    seed: stand.config.seed,
    scenario: stand.config.scenario,
    clock: clock.mode,
    origin: clock.now(),
    ...(clock.mode === 'real' ? { wall: wallNow() } : {}),
  };
  return JSON.stringify(header);
}

const NEWLINE = 0x0a;

/**
 * Checks the state file's place (its folder must exist: a stand that cannot save its state
 * does not start) and reads the file if there is one: null when there is none. A torn last line
 * (a crash mid-write) is dropped with a warning; anything else wrong stops start-up, naming the
 * line and what is wrong with it.
 */
export function loadStateFile(path: string, stand: StandRuntime): LoadedState | null {
  const folder = dirname(path);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    throw new ConfigError('STAND_STATE_FOLDER', `--state-file ${path}: the folder ${folder} does not exist; create it or choose another path`);
  }
  removeStaleTemporaries(path);
  if (!existsSync(path)) return null;
  if (statSync(path).isDirectory()) throw failure(path, 'STAND_STATE_CORRUPT', 'is a folder, not a file');
  // Read line by line from the bytes: the whole file as one string would fail past V8's longest
  // string (~512 MB; the journal's lines keep answers of up to 64 KB each).
  const bytes = readFileSync(path);
  const firstEnd = bytes.indexOf(NEWLINE);
  const first = bytes.toString('utf8', 0, firstEnd < 0 ? bytes.length : firstEnd);
  let headerJson: unknown;
  try {
    headerJson = JSON.parse(first);
  } catch (e) {
    throw failure(path, 'STAND_STATE_CORRUPT', `line 1 is not valid JSON (${(e as Error).message})`);
  }
  const h = headerJson as { format?: unknown; version?: unknown };
  if (h?.format !== FORMAT) throw failure(path, 'STAND_STATE_CORRUPT', `is not an async-stand state file (line 1 has no "format": "${FORMAT}")`);
  if (h.version !== VERSION) {
    throw failure(path, 'STAND_STATE_INCOMPATIBLE', `has version ${String(h.version)}, this stand reads version ${VERSION} (another version of async-stand wrote it)`);
  }
  const parsedHeader = Header.safeParse(headerJson);
  if (!parsedHeader.success) throw failure(path, 'STAND_STATE_CORRUPT', describeIssues('line 1 (the header)', parsedHeader.error));
  const header = parsedHeader.data;
  const { config } = stand;
  const mismatch = [
    header.seed !== config.seed && `seed ${header.seed} (now ${config.seed})`,
    header.scenario !== config.scenario && `scenario "${header.scenario}" (now "${config.scenario}")`,
    header.clock !== config.clock && `a ${header.clock} clock (now ${config.clock})`,
  ].filter(Boolean);
  if (mismatch.length > 0) throw failure(path, 'STAND_STATE_INCOMPATIBLE', `was written with ${mismatch.join(', ')}; start with the same options`);
  if (firstEnd < 0) throw failure(path, 'STAND_STATE_CORRUPT', 'line 1 (the header) has no end of line');

  const events: StandEvent[] = [];
  const lines: number[] = [];
  const served = { lines: 0, bytes: 0 };
  let at = firstEnd + 1;
  let goodLength = at;
  let lineNo = 1;
  while (at < bytes.length) {
    lineNo++;
    const end = bytes.indexOf(NEWLINE, at);
    const line = bytes.toString('utf8', at, end < 0 ? bytes.length : end);
    if (end < 0) {
      // No end of line: it was being written when the stand stopped (a line and its end of
      // line go in one write, and the answer only after it): never acknowledged, dropped.
      stand.logger.warn({ stateFile: path, line: lineNo, bytes: Buffer.byteLength(line) }, 'state file: the last line is torn (no end of line); dropped: it was being written when the stand stopped');
      break;
    }
    const event = parseLine(line);
    if (typeof event === 'string') throw failure(path, 'STAND_STATE_CORRUPT', `line ${lineNo}: ${event}`);
    events.push(event);
    lines.push(lineNo);
    const lineBytes = end + 1 - at;
    if (event.kind === 'served') {
      served.lines++;
      served.bytes += lineBytes;
    }
    goodLength += lineBytes;
    at = end + 1;
  }
  return { path, header, events, lines, goodLength, served };
}

/** One line as an event, or what is wrong with it. */
function parseLine(line: string): StandEvent | string {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch (e) {
    return `not valid JSON (${(e as Error).message})`;
  }
  const parsed = StandEvent.safeParse(json);
  if (!parsed.success) return describeIssues('the event', parsed.error);
  return parsed.data;
}

/** Temporary files a stand killed mid-compaction left beside the state file. */
function removeStaleTemporaries(path: string): void {
  const prefix = `${basename(path)}.tmp-`;
  for (const name of readdirSync(dirname(path))) {
    if (!name.startsWith(prefix)) continue;
    try {
      unlinkSync(join(dirname(path), name));
    } catch {
      // another process's, or gone
    }
  }
}

/** The file to append to from now on: the loaded one (its torn tail cut off), or a new one. */
export function openStateLog(path: string, stand: StandRuntime, loaded: LoadedState | null): StateLog {
  const limit = stand.config.journalLimit;
  try {
    if (!loaded) return StateLog.create(path, headerOf(stand), stand.logger, limit);
    const log = StateLog.reopen(path, loaded.goodLength, loaded.served, stand.logger, limit);
    return log;
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new ConfigError('STAND_STATE_UNWRITABLE', `--state-file ${path}: cannot be written (${err.code ?? err.message}); choose a path the stand may write`);
  }
}
