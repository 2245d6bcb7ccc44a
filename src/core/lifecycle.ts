import type { Logger } from './logger.js';
import type { Phase } from './phase.js';

/**
 * Lifecycles are tables: each async resource declares its states, the allowed transitions and
 * the terminal states in one place. `move` refuses an illegal transition loudly; the backend
 * runs the side effects of entering a state right after a move.
 */
export interface Transition<S extends string> {
  readonly state: S;
  readonly at: number;
}

export interface LifecycleJob<S extends string> {
  state: S;
  updatedAt: number;
  /**
   * Every transition, when the job keeps them. A job that keeps its times in fields of its own
   * (a Toloka operation: submitted, started, finished) leaves it out and derives its history.
   */
  readonly history?: Transition<S>[];
}

export class IllegalTransitionError extends Error {
  readonly code = 'STAND_ILLEGAL_TRANSITION';
}

export class Lifecycle<S extends string> {
  readonly name: string;
  readonly initial: S;
  readonly terminal: ReadonlySet<S>;
  readonly #next: Readonly<Record<S, readonly S[]>>;
  readonly #phases: Readonly<Record<S, Phase>>;

  /**
   * `phases` names the phase of every state (a record over the state type, so a state without
   * one does not compile): the admin API and the dashboard show jobs of all APIs by phase.
   */
  constructor(name: string, def: { initial: S; transitions: Readonly<Record<S, readonly S[]>>; phases: Readonly<Record<S, Phase>> }) {
    this.name = name;
    this.initial = def.initial;
    this.#next = def.transitions;
    this.#phases = def.phases;
    this.terminal = new Set((Object.keys(def.transitions) as S[]).filter((s) => def.transitions[s].length === 0));
  }

  get states(): S[] {
    return Object.keys(this.#next) as S[];
  }

  canMove(from: S, to: S): boolean {
    return this.#next[from].includes(to);
  }

  /** The states a job in `from` may move to, in declaration order. */
  nextStates(from: S): readonly S[] {
    return this.#next[from];
  }

  phaseOf(state: S): Phase {
    return this.#phases[state];
  }

  isTerminal(state: S): boolean {
    return this.terminal.has(state);
  }

  /** Starts a job's history in the initial state. */
  begin(at: number): { state: S; updatedAt: number; history: Transition<S>[] } {
    return { state: this.initial, updatedAt: at, history: [{ state: this.initial, at }] };
  }

  /** Throws unless the table allows `from` -> `to`. */
  assertMove(from: S, to: S): void {
    if (!this.canMove(from, to)) {
      throw new IllegalTransitionError(`${this.name}: illegal transition ${from} -> ${to} (allowed: ${this.#next[from].join(', ') || 'none, terminal'})`);
    }
  }

  /** A resource whose state is its `status` on the wire (a Toloka pool or project). */
  moveStatus(resource: { status: S; updatedAt: number }, to: S, at: number): void {
    this.assertMove(resource.status, to);
    resource.status = to;
    resource.updatedAt = at;
  }

  /**
   * Moves a job. With a logger, the transition is logged at info, in one form for every API
   * (`appmetrica export: queued -> preparing`, with the job's id), so `--log-level info` follows
   * every job of every API alike.
   */
  move(job: LifecycleJob<S> & { readonly id?: string }, to: S, at: number, log?: Logger): void {
    const from = job.state;
    this.assertMove(from, to);
    job.state = to;
    job.updatedAt = at;
    job.history?.push({ state: to, at });
    if (log?.isLevelEnabled('info')) log.info({ job: job.id, from, to, at: new Date(at).toISOString() }, `${this.name}: ${from} -> ${to}`);
  }
}
