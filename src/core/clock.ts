/**
 * The stand's clock: the only place (with scheduler.ts) that reads wall time.
 *
 * - `manual`: time moves only when a test or the admin API advances it.
 * - `real`: wall time, optionally sped up (speed 60 makes a 24 h expiry take 24 min).
 *   Virtual time starts at `startTime` and runs `speed` times faster than the wall.
 */
export type ClockMode = 'real' | 'manual';

export interface Clock {
  readonly mode: ClockMode;
  readonly speed: number;
  /** Virtual epoch milliseconds. */
  now(): number;
  /** Converts a virtual delay into wall milliseconds (manual: Infinity, nothing runs by itself). */
  wallDelay(virtualMs: number): number;
}

export class ManualClock implements Clock {
  readonly mode = 'manual' as const;
  readonly speed = 0;
  #now: number;
  readonly #start: number;

  constructor(start: number) {
    this.#now = start;
    this.#start = start;
  }

  now(): number {
    return this.#now;
  }

  wallDelay(): number {
    return Number.POSITIVE_INFINITY;
  }

  /** Moves time to `t` (never backwards). Only the scheduler calls this, so due work runs in order. */
  moveTo(t: number): void {
    if (t < this.#now) throw new Error(`the manual clock cannot go back from ${this.#now} to ${t}`);
    this.#now = t;
  }

  /** Sets the time a state file's log starts at (before it is replayed; nothing has happened yet). */
  restore(t: number): void {
    this.#now = t;
  }

  reset(): void {
    this.#now = this.#start;
  }
}

export class RealClock implements Clock {
  readonly mode = 'real' as const;
  readonly speed: number;
  #virtualStart: number;
  #wallStart: number;
  #skew = 0;
  readonly #configuredStart: number | undefined;

  constructor(speed: number, start?: number) {
    this.speed = speed;
    this.#configuredStart = start;
    this.#wallStart = Date.now();
    this.#virtualStart = start ?? this.#wallStart;
  }

  /** While frozen (an advance or a restore is stepping through due work), time stands still. */
  #frozen: number | undefined;
  /** While a due task runs (its timer fired late): the task's own time. */
  #pinned: number | undefined;

  /**
   * Time read once per turn of the event loop: a request's hooks and handler (and the state file
   * line that records it) see one instant, so a replay at the recorded time stamps the same.
   */
  #turn: number | undefined;

  now(): number {
    if (this.#frozen !== undefined) return this.#frozen;
    if (this.#pinned !== undefined) return this.#pinned;
    if (this.#turn === undefined) {
      this.#turn = this.#running();
      setImmediate(() => {
        this.#turn = undefined;
      });
    }
    return this.#turn;
  }

  #running(): number {
    return Math.floor(this.#virtualStart + (Date.now() - this.#wallStart) * this.speed + this.#skew);
  }

  /**
   * Runs `fn` with now() at `t` (a due task at its own time, however late its timer fired), so
   * what it stamps does not depend on timer latency and a restart that replays the same inputs
   * at the same times stamps the same. Time runs on afterwards as before.
   */
  at(t: number, fn: () => void): void {
    const outer = this.#pinned;
    this.#pinned = t;
    try {
      fn();
    } finally {
      this.#pinned = outer;
    }
  }

  /** The wall time virtual time is counted from, and the virtual time it stood for then (a state file keeps them). */
  get anchor(): { virtual: number; wall: number } {
    return { virtual: this.#virtualStart + this.#skew, wall: this.#wallStart };
  }

  /**
   * Before a state file is replayed: holds time at `t` (the log's start), frozen; `thaw` lets
   * it run on from where the replay leaves it.
   */
  restore(t: number): void {
    this.#frozen = t;
  }

  /** Virtual time now by an anchor a state file kept (the stand was down meanwhile: time went on). */
  since(anchor: { virtual: number; wall: number }): number {
    return Math.floor(anchor.virtual + (Date.now() - anchor.wall) * this.speed);
  }

  wallDelay(virtualMs: number): number {
    return Math.max(0, virtualMs / this.speed);
  }

  get frozen(): boolean {
    return this.#frozen !== undefined;
  }

  /** Stops time where it is, so due work can run each at its own time (see Scheduler.advanceTo). */
  freeze(): void {
    this.#frozen ??= this.now();
  }

  /** While frozen: moves time to `t` (never backwards). */
  moveTo(t: number): void {
    if (this.#frozen === undefined) throw new Error('RealClock.moveTo needs a frozen clock');
    this.#frozen = Math.max(this.#frozen, t);
  }

  /** Lets time run again from where it stands. */
  thaw(): void {
    if (this.#frozen === undefined) return;
    this.#virtualStart = this.#frozen;
    this.#wallStart = Date.now();
    this.#skew = 0;
    this.#frozen = undefined;
    this.#turn = undefined;
  }

  reset(): void {
    this.#frozen = undefined;
    this.#turn = undefined;
    this.#wallStart = Date.now();
    this.#virtualStart = this.#configuredStart ?? this.#wallStart;
    this.#skew = 0;
  }
}

/** Wall time for logging and measuring only; domain code never calls this. */
export function wallNow(): number {
  return Date.now();
}

/** Waits `ms` of wall time (scripted network delays only; domain time goes through the scheduler). */
export function wallDelay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Runs `fn` once after `ms` of wall time; returns a function that cancels it. For coalescing
 * pushes to people watching (the dashboard's event stream), never for domain time. The timer
 * does not keep the process alive.
 */
export function wallTimeout(fn: () => void, ms: number): () => void {
  const timer = setTimeout(fn, ms);
  timer.unref?.();
  return () => clearTimeout(timer);
}
