/**
 * Helpers for your own tests: a stand on a manual clock, time control, a callback receiver.
 *
 *   import { createTestStand } from 'async-stand/testing';
 *   const t = await createTestStand();
 *   const res = await t.inject({ method: 'GET', url: '/appmetrica/logs/v1/export/...' });
 *   await t.advanceUntil({ api: 'appmetrica', id, state: 'ready' });
 */
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../app.js';
import type { StandOptions } from '../config.js';
import type { ApiName } from '../core/journal.js';
import type { Logger } from '../core/logger.js';
import { listen, type RunningStand } from '../server.js';
import type { Stand } from '../stand-interface.js';
import { buildStand } from '../stand.js';
import { startCallbackSink, type CallbackSink, type SinkBehaviour } from './callback-sink.js';

export { expectCleanClient, ClientReportError } from './expect-clean-client.js';
export { expectRequests, RequestExpectationError, type RequestExpectation } from './expect-requests.js';
export { startCallbackSink, type CallbackSink, type SinkBehaviour, type ReceivedCallback } from './callback-sink.js';

export type Until = (() => boolean) | { api: ApiName; id: string; state: string };

export interface TestStandOptions extends StandOptions {
  /** Listen on a real socket (port 0): `url`, `running`. Default: no socket, `inject` only. */
  listen?: boolean;
  /** A pino logger of your own (default: silent). */
  logger?: Logger;
}

export interface TestStand {
  /** The control verbs (the admin API's, as a library): clock, jobs, journals, scenarios, settle. */
  readonly stand: Stand;
  /** Set when created with `listen: true`: the stand on a real socket, port 0. */
  readonly running: RunningStand | undefined;
  /** Base URL when listening. */
  readonly url: string | undefined;
  /** A request to the stand without a socket: every API under its prefix, the admin API under /_stand. */
  inject(options: InjectOptions | string): Promise<LightMyRequestResponse>;
  /** A request to one API as served on its own port (`--toloka-port` etc.): at root, every path that API's. */
  injectOwnPort(api: ApiName, options: InjectOptions | string): Promise<LightMyRequestResponse>;
  /** Moves the manual clock forward, running due work in order. */
  advance(ms: number): void;
  /**
   * Moves the clock from one scheduled task to the next until the condition holds; throws if it
   * does not within `maxMs` of virtual time. Returns the virtual ms it took.
   */
  advanceUntil(until: Until, options?: { maxMs?: number }): number;
  /** Resolves once nothing is due and no callback is on the wire (see Stand#settle). */
  settle(): Promise<void>;
  /** A receiver on port 0 that records callbacks; closed with the stand. */
  callbackSink(behaviour?: SinkBehaviour): Promise<CallbackSink>;
  close(): Promise<void>;
}

/** A stand for tests: manual clock, silent logs, no socket unless `listen: true` (then port 0). */
export async function createTestStand(options: TestStandOptions = {}): Promise<TestStand> {
  const { listen: wantSocket, logger, ...rest } = options;
  const stand = buildStand({ clock: 'manual', logLevel: 'silent', port: 0, ...rest }, logger);
  const running = wantSocket ? await listen(stand) : undefined;
  const app: FastifyInstance = running?.app ?? (await buildApp(stand));
  const sinks: CallbackSink[] = [];
  const ownPorts = new Map<ApiName, Promise<FastifyInstance>>();
  const ownPort = (api: ApiName) => {
    let built = ownPorts.get(api);
    if (!built) ownPorts.set(api, (built = buildApp(stand, { only: api })));
    return built;
  };

  const holds = (until: Until): boolean =>
    typeof until === 'function' ? until() : stand.api(until.api).job(until.id)?.state === until.state;

  return {
    stand,
    running,
    url: running?.url,
    inject: (o) => app.inject(o),
    injectOwnPort: async (api, o) => (await ownPort(api)).inject(o),
    advance: (ms) => {
      stand.advance(ms);
    },
    advanceUntil(until, { maxMs = 7 * 86_400_000 } = {}) {
      const start = stand.now();
      const limit = start + maxMs;
      while (!holds(until)) {
        const next = stand.scheduler.nextTime();
        if (next === undefined || next > limit) {
          const what = typeof until === 'function' ? 'the condition' : `${until.api} job ${until.id} in state ${until.state}`;
          throw new Error(`advanceUntil: ${what} did not happen within ${maxMs} ms of virtual time (${next === undefined ? 'nothing is scheduled' : `next task at ${new Date(next).toISOString()}`})`);
        }
        stand.advance(Math.max(0, next - stand.now()));
      }
      return stand.now() - start;
    },
    settle: () => stand.settle(),
    async callbackSink(behaviour) {
      const sink = await startCallbackSink(behaviour);
      sinks.push(sink);
      return sink;
    },
    async close() {
      await Promise.all(sinks.map((s) => s.close()));
      await Promise.all([...ownPorts.values()].map(async (p) => (await p).close()));
      if (running) await running.close();
      else {
        await app.close();
        await stand.close();
      }
    },
  };
}
