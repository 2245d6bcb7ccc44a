import { fdatasyncSync, fsyncSync, ftruncateSync, openSync, readSync, renameSync, unlinkSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { closeQuietly, syncDir, writeAll, writeNew } from './file-io.js';
import { CLOCK, Compactor } from './compactor.js';
import { wallTimeout } from '../core/clock.js';
import type { Logger } from '../core/logger.js';

/** A line could not be written; the file is as it was before (the answer is a 503, the request is not handled). */
export class StateWriteError extends Error {
  readonly code = 'STAND_STATE_UNWRITABLE';
}

/** How often buffered journal lines are written and written lines are fsynced, wall ms. */
export const SYNC_INTERVAL_MS = 1000;
/** Compaction starts when dead lines take more than this and more than the live ones. */
const MIN_DEAD_BYTES = 1 << 20;

/**
 * The append-only file behind --state-file. The policy:
 *
 * - A line that changes the state is written (write(2)) before its request is answered: a
 *   process killed at any moment loses nothing it acknowledged. `writeAhead` throws when it
 *   cannot write (the request is then refused with 503, and the file is left as it was);
 *   `writeAfter` (a change already made: a callback's outcome, a read that turned out to
 *   change something) marks the file broken instead, and every later writeAhead is refused.
 * - Journal lines of requests that changed nothing (`served`) are buffered and written with
 *   the next state line or within SYNC_INTERVAL_MS.
 * - Written lines are fsynced within SYNC_INTERVAL_MS, and at compaction, reset and close: a
 *   power cut loses at most that last second.
 * - Compaction rewrites the file without its dead lines (journal lines past the journal's
 *   limit, clock moves a later one supersedes) when they outweigh the live ones: a temporary
 *   file beside it, fsynced, renamed over it. It reads and writes off the event loop; lines
 *   appended meanwhile are copied at the end. A failed compaction removes its temporary file
 *   and keeps the old one.
 */
export class StateLog {
  readonly #path: string;
  readonly #logger: Logger;
  readonly #journalLimit: number;
  #fd: number;
  /** Bytes in the file (all written). */
  #size: number;
  #pending: string[] = [];
  #dirty = false;
  #broken: Error | undefined;
  #cancelTimer: (() => void) | undefined;
  /** `served` lines in the file, and their bytes. */
  #served = 0;
  #servedBytes = 0;
  /** Bytes of clock lines a later clock line superseded. */
  #deadClock = 0;
  #lastClockBytes = 0;
  #compacting = false;
  /** Bumped by rewrite/close: a compaction of an older file gives up. */
  #generation = 0;
  #tmpCount = 0;

  private constructor(path: string, fd: number, size: number, logger: Logger, journalLimit: number) {
    this.#path = path;
    this.#fd = fd;
    this.#size = size;
    this.#logger = logger;
    this.#journalLimit = journalLimit;
  }

  /** A new file holding `header` (replacing none: the caller checked there is none). */
  static create(path: string, header: string, logger: Logger, journalLimit: number): StateLog {
    const fd = writeNew(path, `${header}\n`, `${path}.tmp-${process.pid}-new`);
    return new StateLog(path, fd, Buffer.byteLength(header) + 1, logger, journalLimit);
  }

  /** The existing file, its good part `goodLength` bytes long (a torn last line is cut off). */
  static reopen(path: string, goodLength: number, served: { lines: number; bytes: number }, logger: Logger, journalLimit: number): StateLog {
    const fd = openSync(path, 'r+');
    ftruncateSync(fd, goodLength);
    const log = new StateLog(path, fd, goodLength, logger, journalLimit);
    log.#served = served.lines;
    log.#servedBytes = served.bytes;
    return log;
  }

  get broken(): Error | undefined {
    return this.#broken;
  }

  /** Writes a line that changes the state before it takes effect; throws StateWriteError (and writes nothing) when it cannot. */
  writeAhead(line: string): void {
    if (this.#broken) throw new StateWriteError(`the state file ${this.#path} cannot be written since an earlier error (${this.#broken.message}); it keeps the state up to then: restart the stand`);
    this.#write(line, true);
  }

  /** Writes a line of a change already made; a failure breaks the file (see the class). */
  writeAfter(line: string): void {
    if (this.#broken) return;
    try {
      this.#write(line, true);
    } catch (e) {
      this.#broken = e as Error;
      this.#logger.error({ err: e, stateFile: this.#path }, 'state file: a change could not be written; the file keeps the state before it, and the stand refuses further changes (restart it)');
    }
  }

  /** Buffers a journal line (`served`); written with the next state line or within SYNC_INTERVAL_MS. */
  buffer(line: string): void {
    if (this.#broken) return;
    this.#pending.push(line);
    this.#arm();
  }

  #write(line: string, state: boolean): void {
    const servedLines = this.#pending.length;
    const text = servedLines > 0 ? `${this.#pending.join('\n')}\n${line}\n` : `${line}\n`;
    const bytes = Buffer.from(text);
    try {
      writeAll(this.#fd, bytes, this.#size);
    } catch (e) {
      // Back to the last whole line: the file keeps its previous good state.
      try {
        ftruncateSync(this.#fd, this.#size);
      } catch {
        // the write failed and so does the truncation: a torn last line, dropped at the next start
      }
      throw new StateWriteError(`the state file ${this.#path} cannot be written (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    if (servedLines > 0) {
      this.#served += servedLines;
      this.#servedBytes += bytes.length - Buffer.byteLength(line) - 1;
      this.#pending = [];
    }
    this.#size += bytes.length;
    this.#dirty = true;
    if (state) this.#noteClock(line);
    this.#arm();
    this.#maybeCompact();
  }

  #noteClock(line: string): void {
    if (line.startsWith(CLOCK)) {
      this.#deadClock += this.#lastClockBytes;
      this.#lastClockBytes = Buffer.byteLength(line) + 1;
    } else {
      this.#lastClockBytes = 0;
    }
  }

  /** Writes buffered journal lines and fsyncs what was written (the timer's work; also before close). */
  flush(): void {
    if (this.#broken) return;
    if (this.#pending.length > 0) {
      const lines = this.#pending;
      this.#pending = [];
      const text = `${lines.join('\n')}\n`;
      try {
        writeAll(this.#fd, Buffer.from(text), this.#size);
        this.#size += Buffer.byteLength(text);
        this.#served += lines.length;
        this.#servedBytes += Buffer.byteLength(text);
        this.#dirty = true;
      } catch (e) {
        try {
          ftruncateSync(this.#fd, this.#size);
        } catch {
          // see #write
        }
        this.#logger.warn({ err: e, stateFile: this.#path, lines: lines.length }, 'state file: journal lines could not be written (the state itself is kept)');
      }
    }
    if (this.#dirty) {
      this.#dirty = false;
      try {
        fdatasyncSync(this.#fd);
      } catch (e) {
        this.#logger.warn({ err: e, stateFile: this.#path }, 'state file: fsync failed');
      }
    }
    this.#maybeCompact();
  }

  #arm(): void {
    if (this.#cancelTimer) return;
    this.#cancelTimer = wallTimeout(() => {
      this.#cancelTimer = undefined;
      this.flush();
    }, SYNC_INTERVAL_MS);
  }

  /**
   * Starts the file over with `header` alone (a reset, already made): atomically, fsynced. When
   * it cannot, the old file stays and is broken (every later change is refused).
   */
  rewrite(header: string): void {
    this.#generation++;
    this.#pending = [];
    const tmp = this.#tmpPath();
    let fd: number;
    try {
      fd = writeNew(this.#path, `${header}\n`, tmp);
    } catch (e) {
      this.#broken = e as Error;
      this.#logger.error({ err: e, stateFile: this.#path }, 'state file: a reset could not be written; the file keeps the state before it, and the stand refuses further changes (restart it)');
      return;
    }
    closeQuietly(this.#fd);
    this.#fd = fd;
    this.#size = Buffer.byteLength(header) + 1;
    this.#served = 0;
    this.#servedBytes = 0;
    this.#deadClock = 0;
    this.#lastClockBytes = 0;
    this.#dirty = false;
    this.#broken = undefined;
  }

  close(): void {
    this.flush();
    this.#generation++;
    this.#cancelTimer?.();
    this.#cancelTimer = undefined;
    closeQuietly(this.#fd);
  }

  // --- compaction ----------------------------------------------------------------------------

  #dead(): number {
    const extra = this.#served - this.#journalLimit;
    const servedDead = extra > 0 && this.#served > 0 ? Math.round((this.#servedBytes / this.#served) * extra) : 0;
    return servedDead + this.#deadClock;
  }

  #maybeCompact(): void {
    if (this.#compacting) return;
    const dead = this.#dead();
    if (dead < MIN_DEAD_BYTES || dead < this.#size - dead) return;
    this.#compacting = true;
    this.compact().finally(() => {
      this.#compacting = false;
    });
  }

  #tmpPath(): string {
    return `${this.#path}.tmp-${process.pid}-${++this.#tmpCount}`;
  }

  /** Rewrites the file without its dead lines (see the class); resolves false when it gave up (the old file stays). */
  async compact(): Promise<boolean> {
    const generation = this.#generation;
    const tmp = this.#tmpPath();
    const filter = new Compactor(Math.max(0, this.#served - this.#journalLimit));
    let out: Awaited<ReturnType<typeof open>> | undefined;
    try {
      out = await open(tmp, 'wx', 0o600);
      const src = await open(this.#path, 'r');
      let copied = 0;
      try {
        const chunk = Buffer.allocUnsafe(1 << 20);
        for (;;) {
          const { bytesRead } = await src.read(chunk, 0, chunk.length, copied);
          if (bytesRead === 0 || generation !== this.#generation) break;
          const text = filter.take(chunk.subarray(0, bytesRead));
          copied += bytesRead;
          if (text) await out.write(text);
        }
      } finally {
        await src.close();
      }
      if (generation !== this.#generation) throw new Error('the file was started over meanwhile');
      // The rest, appended meanwhile, at once: nothing is appended between this and the rename.
      this.#flushPending();
      const tail = Buffer.allocUnsafe(this.#size - copied);
      let at = 0;
      while (at < tail.length) at += readSync(this.#fd, tail, at, tail.length - at, copied + at);
      const rest = filter.take(tail) + filter.end();
      if (rest) writeAll(out.fd, Buffer.from(rest), -1);
      fsyncSync(out.fd);
      renameSync(tmp, this.#path);
      syncDir(this.#path);
      const size = (await out.stat()).size;
      closeQuietly(this.#fd);
      this.#fd = openSync(this.#path, 'r+');
      await out.close();
      out = undefined;
      this.#size = size;
      this.#served = filter.servedKept;
      this.#servedBytes = filter.servedBytes;
      this.#deadClock = 0;
      this.#dirty = false;
      return true;
    } catch (e) {
      await out?.close().catch(() => {});
      try {
        unlinkSync(tmp);
      } catch {
        // never created, or already renamed
      }
      if (generation === this.#generation) this.#logger.warn({ err: e, stateFile: this.#path }, 'state file: compaction failed; the file is kept as it was');
      // Not again before the file has grown as much once more.
      this.#deadClock = 0;
      this.#served = Math.min(this.#served, this.#journalLimit);
      return false;
    }
  }

  /** Writes buffered journal lines without fsync (before compaction reads the tail). */
  #flushPending(): void {
    if (this.#pending.length === 0) return;
    const lines = this.#pending;
    this.#pending = [];
    const text = `${lines.join('\n')}\n`;
    writeAll(this.#fd, Buffer.from(text), this.#size);
    this.#size += Buffer.byteLength(text);
    this.#served += lines.length;
    this.#servedBytes += Buffer.byteLength(text);
  }
}
