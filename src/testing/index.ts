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
import { listen, type RunningStand } from '../server.js';
import { buildStand, type Stand } from '../stand.js';
import type { ApiName } from '../core/journal.js';
import { startCallbackSink, type CallbackSink, type SinkBehaviour } from './callback-sink.js';

export { startCallbackSink, type CallbackSink, type SinkBehaviour, type ReceivedCallback } from './callback-sink.js';

export type Until = (() => boolean) | { api: ApiName; id: string; state: string };

export interface TestStand {
  readonly stand: Stand;
  /** The Fastify app (all APIs under their prefixes, admin under /_stand), for inject. */
  readonly app: FastifyInstance;
  /** Set when created with `listen: true`: the stand on a real socket, port 0. */
  readonly running: RunningStand | undefined;
  /** Base URL when listening. */
  readonly url: string | undefined;
  inject(options: InjectOptions | string): Promise<LightMyRequestResponse>;
  /** Moves the manual clock forward, running due work in order. */
  advance(ms: number): void;
  /**
   * Moves the clock from one scheduled task to the next until the condition holds; throws if it
   * does not within `maxMs` of virtual time. Returns the virtual ms it took.
   */
  advanceUntil(until: Until, options?: { maxMs?: number }): number;
  /** A receiver on port 0 that records callbacks; closed with the stand. */
  callbackSink(behaviour?: SinkBehaviour): Promise<CallbackSink>;
  close(): Promise<void>;
}

/** A stand for tests: manual clock, silent logs, no socket unless `listen: true` (then port 0). */
export async function createTestStand(options: StandOptions & { listen?: boolean } = {}): Promise<TestStand> {
  const { listen: wantSocket, ...rest } = options;
  const stand = buildStand({ clock: 'manual', logLevel: 'silent', port: 0, ...rest });
  const running = wantSocket ? await listen(stand) : undefined;
  const app = running?.app ?? (await buildApp(stand));
  const sinks: CallbackSink[] = [];

  const holds = (until: Until): boolean =>
    typeof until === 'function' ? until() : stand.api(until.api).job(until.id)?.state === until.state;

  return {
    stand,
    app,
    running,
    url: running?.url,
    inject: (o) => app.inject(o),
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
    async callbackSink(behaviour) {
      const sink = await startCallbackSink(behaviour);
      sinks.push(sink);
      return sink;
    },
    async close() {
      await Promise.all(sinks.map((s) => s.close()));
      if (running) await running.close();
      else {
        await app.close();
        await stand.close();
      }
    },
  };
}
