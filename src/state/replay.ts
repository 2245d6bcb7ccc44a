import type { FastifyInstance } from 'fastify';
import { ConfigError, isStandError } from '../core/errors.js';
import { ManualClock, RealClock } from '../core/clock.js';
import type { ApiName } from '../core/journal.js';
import type { FaultRuleInput } from '../scenarios/common.js';
import type { ScenarioInput } from '../scenarios/schema.js';
import type { StandRuntime } from '../stand.js';
import type { StandEvent } from './events.js';
import { restoredRequest } from './exchange.js';
import type { LoadedState } from './state-file.js';

/** Events replayed between two turns of the event loop (health checks answer 503 "restoring" meanwhile). */
const BATCH = 200;

/** The apps that received the recorded requests: the main listener's, and each API's own port's. */
export type ReplayApps = (listener: 'main' | ApiName) => Promise<FastifyInstance>;

/**
 * Rebuilds the state by replaying the file's events, each at its recorded virtual time, into
 * apps that do not listen (`apps`): requests as they came in, control verbs, clock moves, and
 * callbacks' recorded outcomes (nothing is sent again, and each retry is scheduled as it was).
 * The clock starts at the log's origin; afterwards a manual clock stands at the last recorded
 * time, and a real one goes on by its recorded anchor (the time the stand was down passed).
 * Callback attempts that were on the wire when the stand stopped go out again at the end.
 */
export async function replayState(state: LoadedState, stand: StandRuntime, apps: ReplayApps): Promise<{ events: number; resent: number }> {
  const { header } = state;
  const recorder = stand.recorder!;
  const clock = stand.clock;
  recorder.paused = true;
  stand.restoring = true;
  stand.scheduler.hold();
  if (clock instanceof ManualClock || clock instanceof RealClock) clock.restore(header.origin);
  stand.callbacks.beginReplay();
  let last = header.origin;
  let anchor = header.wall === undefined ? undefined : { virtual: header.origin, wall: header.wall };
  let replayed = 0;
  try {
    for (let i = 0; i < state.events.length; i++) {
      const e = state.events[i]!;
      // Dropped as replayed: 100,000 events held to the end made a third of the restore garbage collection.
      (state.events as (StandEvent | undefined)[])[i] = undefined;
      const where = `line ${state.lines[i]}`;
      if (e.kind === 'served') {
        stand.journals.restore('request', restoredRequest(e.entry));
        continue;
      }
      stand.scheduler.advanceTo(Math.max(e.t, stand.now()));
      last = Math.max(last, e.t);
      await apply(e, stand, apps, (what) => new ConfigError('STAND_STATE_MISMATCH', `state file ${state.path}, ${where}: ${what}; the file does not fit this stand (other scenarios or fixtures than it was written with?)`));
      if (e.kind === 'clock' && e.wall !== undefined) anchor = { virtual: e.t, wall: e.wall };
      if (++replayed % BATCH === 0) await new Promise<void>((resolve) => setImmediate(resolve));
    }
    const target = clock instanceof RealClock && anchor ? Math.max(last, clock.since(anchor)) : last;
    stand.scheduler.advanceTo(Math.max(target, stand.now()));
  } finally {
    recorder.paused = false;
    stand.restoring = false;
    stand.scheduler.release();
  }
  return { events: replayed, resent: stand.callbacks.endReplay() };
}

async function apply(e: Exclude<StandEvent, { kind: 'served' }>, stand: StandRuntime, apps: ReplayApps, mismatch: (what: string) => Error): Promise<void> {
  const verb = (what: string, fn: () => unknown) => {
    try {
      fn();
    } catch (err) {
      if (isStandError(err)) throw mismatch(`${what} failed on replay (${err.code}: ${err.message})`);
      throw err;
    }
  };
  switch (e.kind) {
    case 'request': {
      let app: FastifyInstance;
      try {
        app = await apps(e.listener);
      } catch {
        throw mismatch(`a request came in on the ${e.listener} port, which is not configured now; start with --${e.listener}-port`);
      }
      await app.inject({ method: e.method as 'GET', url: e.url, headers: e.headers, payload: Buffer.from(e.body, 'base64') });
      return;
    }
    case 'job':
      return verb(`${e.verb} of ${e.api} job ${e.id}`, () => (e.verb === 'advance' ? stand.advanceJob(e.api, e.id) : stand.completeJob(e.api, e.id)));
    case 'scenario':
      // Recorded as the stand took it; the engine validates it again.
      return verb('a scenario switch', () => stand.activateScenario(e.name ?? (e.doc as ScenarioInput)));
    case 'enqueue':
      return verb('a one-shot fault', () => stand.enqueueFault(e.api, e.rule as FaultRuleInput));
    case 'clock':
      return; // the advance to e.t above is the move
    case 'callback':
      stand.journals.restore('callback', e.entry);
      if (e.n > 0 && !stand.callbacks.replayOutcome(e.n, e.entry)) throw mismatch(`the outcome of callback attempt ${e.n}, which the replay never started`);
      return;
  }
}
