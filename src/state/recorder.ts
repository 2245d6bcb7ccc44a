import type { CallbackEntry, RestoredRequest } from '../core/journal.js';
import { StandError } from '../core/errors.js';
import type { StandEvent } from './events.js';
import { storedExchange } from './exchange.js';
import { StateWriteError, type StateLog } from './log-file.js';

type Line = Exclude<StandEvent, { kind: 'served' | 'callback' | 'clock' }>;

/**
 * What a stand with a state file writes there, and when (see StateLog for the policy): the
 * stand and the API plugin call it; it is paused while the file is replayed.
 */
export class Recorder {
  #log: StateLog | undefined;
  /** True while the file is replayed: what the replay does is in the file already. */
  paused = false;

  attach(log: StateLog): void {
    this.#log = log;
  }

  get log(): StateLog | undefined {
    return this.#log;
  }

  #live(): StateLog | undefined {
    return this.paused ? undefined : this.#log;
  }

  /**
   * A change about to be made (a request before its handler runs): written first. Throws a 503
   * StandError when it cannot be written; the change must then not be made.
   */
  ahead(event: Line): void {
    const log = this.#live();
    if (!log) return;
    try {
      log.writeAhead(JSON.stringify(event));
    } catch (e) {
      if (e instanceof StateWriteError) throw new StandError(503, e.code, `${e.message}; nothing was changed, try again`);
      throw e;
    }
  }

  /** Refuses (503) before a control verb when the file can no longer be written. */
  ensureWritable(): void {
    const broken = this.#live()?.broken;
    if (broken) throw new StandError(503, 'STAND_STATE_UNWRITABLE', `the state file cannot be written since an earlier error (${broken.message}); restart the stand`);
  }

  /** A change already made (a control verb that succeeded, a read that changed something). */
  after(event: Line): void {
    this.#live()?.writeAfter(JSON.stringify(event));
  }

  clock(t: number, wall: number | undefined): void {
    this.#live()?.writeAfter(JSON.stringify(wall === undefined ? { kind: 'clock', t } : { kind: 'clock', t, wall }));
  }

  callback(t: number, n: number, entry: CallbackEntry): void {
    this.#live()?.writeAfter(JSON.stringify({ kind: 'callback', t, n, entry }));
  }

  served(entry: RestoredRequest): void {
    const log = this.#live();
    if (!log) return;
    log.buffer(JSON.stringify({ kind: 'served', entry: entry.exchange ? { ...entry, exchange: storedExchange(entry.exchange) } : entry }));
  }

  /** A reset: the file starts over with this header. */
  startOver(header: string): void {
    this.#live()?.rewrite(header);
  }

  close(): void {
    this.#log?.close();
    this.#log = undefined;
  }
}
