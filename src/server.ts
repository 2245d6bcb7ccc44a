import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import type { ApiName } from './core/journal.js';
import type { Logger } from './core/logger.js';
import { buildStand, type StandRuntime } from './stand.js';
import type { CallbackQuery, CountExpectation, JobQuery, RequestMatch, RequestQuery, Stand } from './stand-interface.js';
import type { FaultRuleInput } from './scenarios/common.js';
import type { ScenarioInput } from './scenarios/schema.js';
import { loadStateFile, openStateLog } from './state/state-file.js';
import { replayState } from './state/replay.js';
import type { StandOptions } from './config.js';
import { wallNow, wallTimeout } from './core/clock.js';
import type { ReportQuery } from './report/index.js';

/** A stand that listens: the control verbs, and where its APIs are. */
export interface RunningStand extends Stand {
  /** Base URL of the main listener, e.g. http://127.0.0.1:8080 */
  readonly url: string;
  /** Base URL of each API: its prefix on the main listener, or its own port when configured. */
  readonly urls: Readonly<Record<ApiName, string>>;
  /** Stops listening and ends the stand's work (a state file is flushed and closed). */
  close(): Promise<void>;
}

/**
 * The handle `listen` gives: the verbs of the stand behind it. `stand` and `app` are for the
 * stand's own modules (runtimeOf, the test helpers), not part of RunningStand.
 */
class ListeningStand implements RunningStand {
  readonly stand: StandRuntime;
  readonly app: FastifyInstance;
  readonly url: string;
  readonly urls: Readonly<Record<ApiName, string>>;
  readonly close: () => Promise<void>;

  constructor(stand: StandRuntime, app: FastifyInstance, url: string, urls: Record<ApiName, string>, close: () => Promise<void>) {
    this.stand = stand;
    this.app = app;
    this.url = url;
    this.urls = urls;
    this.close = close;
  }

  now() {
    return this.stand.now();
  }
  clockInfo() {
    return this.stand.clockInfo();
  }
  advance(ms: number) {
    return this.stand.advance(ms);
  }
  advanceTo(iso: string) {
    return this.stand.advanceTo(iso);
  }
  settle() {
    return this.stand.settle();
  }
  reset() {
    return this.stand.reset();
  }
  jobs(query?: JobQuery) {
    return this.stand.jobs(query);
  }
  job(api: ApiName, id: string) {
    return this.stand.job(api, id);
  }
  advanceJob(api: ApiName, id: string) {
    return this.stand.advanceJob(api, id);
  }
  completeJob(api: ApiName, id: string) {
    return this.stand.completeJob(api, id);
  }
  requests(query?: RequestQuery) {
    return this.stand.requests(query);
  }
  countRequests(match?: RequestMatch) {
    return this.stand.countRequests(match);
  }
  unmatchedRequests() {
    return this.stand.unmatchedRequests();
  }
  verifyRequests(match: RequestMatch, expected?: CountExpectation) {
    return this.stand.verifyRequests(match, expected);
  }
  report(query?: ReportQuery) {
    return this.stand.report(query);
  }
  callbackAttempts(query?: CallbackQuery) {
    return this.stand.callbackAttempts(query);
  }
  scenario() {
    return this.stand.scenario();
  }
  activateScenario(nameOrScenario: string | ScenarioInput) {
    return this.stand.activateScenario(nameOrScenario);
  }
  enqueueFault(api: ApiName, rule: FaultRuleInput) {
    return this.stand.enqueueFault(api, rule);
  }
  onChange(listener: () => void) {
    return this.stand.onChange(listener);
  }
  get version() {
    return this.stand.version;
  }
}

/** How long a closing stand lets requests in flight finish. */
export const DRAIN_MS = 5000;

const PORT_KEYS = { appmetrica: 'appmetricaPort', mytarget: 'mytargetPort', toloka: 'tolokaPort' } as const;

function baseUrl(app: FastifyInstance, host: string): string {
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return `http://${shown}:${port}`;
}

/**
 * Listens: the main app on config.port, and each API with a port of its own at root there.
 * With a state file, the file is read and checked first (a bad one stops start-up before any
 * port opens); then the ports open and answer 503 "restoring" while the saved state is
 * replayed; from then on every change is written to the file as it happens.
 */
export async function listen(stand: StandRuntime): Promise<ListeningStand> {
  const { config } = stand;
  const main = await buildApp(stand);
  const own: Partial<Record<ApiName, FastifyInstance>> = {};
  const urls: Partial<Record<ApiName, string>> = {};
  const all = () => [main, ...Object.values(own)];
  try {
    for (const api of stand.apiList) {
      if (config[PORT_KEYS[api.name]] !== undefined) own[api.name] = await buildApp(stand, { only: api.name });
    }
    const state = config.stateFile ? loadStateFile(config.stateFile, stand) : null;
    if (config.stateFile) stand.recorder!.attach(openStateLog(config.stateFile, stand, state));
    if (state) stand.restoring = true;
    // Connections beyond the cap are closed as they come (Node's maxConnections).
    for (const app of all()) app.server.maxConnections = config.maxConnections;
    await main.listen({ port: config.port, host: config.host });
    const url = baseUrl(main, config.host);
    for (const api of stand.apiList) {
      const app = own[api.name];
      if (!app) {
        urls[api.name] = `${url}/${api.name}`;
        continue;
      }
      await app.listen({ port: config[PORT_KEYS[api.name]], host: config.host });
      urls[api.name] = baseUrl(app, config.host);
    }
    if (state) {
      stand.logger.info({ url, stateFile: state.path, events: state.events.length }, 'listening; restoring the state file (every answer is 503 until it is done)');
      await restore(stand, state);
    }
    let closed: Promise<void> | undefined;
    const close = () =>
      (closed ??= (async () => {
        // Requests in flight finish (a download, a slow poll), for DRAIN_MS at most; then every
        // connection is cut.
        const cut = wallTimeout(() => {
          for (const a of all()) a.server.closeAllConnections();
        }, DRAIN_MS);
        // A connection whose request has finished closes then, not after its keep-alive time.
        let stopSweep = () => {};
        const sweep = () => {
          for (const a of all()) a.server.closeIdleConnections();
          stopSweep = wallTimeout(sweep, 20);
        };
        try {
          const closing = Promise.all(all().map((a) => a.close()));
          sweep();
          await closing;
        } finally {
          cut();
          stopSweep();
        }
        await stand.close();
      })());
    return new ListeningStand(stand, main, url, urls as Record<ApiName, string>, close);
  } catch (e) {
    await Promise.allSettled(all().map((a) => a.close()));
    await stand.close();
    throw e;
  }
}

/** Replays a state file into apps of its own (the listening ones answer 503 "restoring" meanwhile). */
async function restore(stand: StandRuntime, state: NonNullable<ReturnType<typeof loadStateFile>>): Promise<void> {
  const apps = new Map<'main' | ApiName, Promise<FastifyInstance>>();
  const appFor = (listener: 'main' | ApiName) => {
    let app = apps.get(listener);
    if (!app) {
      if (listener !== 'main' && stand.config[PORT_KEYS[listener]] === undefined) return Promise.reject(new Error('not configured'));
      apps.set(listener, (app = buildApp(stand, { replay: true, ...(listener === 'main' ? {} : { only: listener }) })));
    }
    return app;
  };
  try {
    const started = wallNow();
    const { events, resent } = await replayState(state, stand, appFor);
    stand.logger.info(
      { stateFile: state.path, events, callbacksResent: resent, ms: wallNow() - started, now: new Date(stand.now()).toISOString() },
      'state restored',
    );
  } finally {
    await Promise.allSettled([...apps.values()].map(async (a) => (await a).close()));
  }
}

/**
 * Starts a stand and listens (the main port, and an API's own port when configured). Use port 0
 * in tests; `running.urls` then says where each API is.
 *
 *   const running = await startStand({ port: 0, clock: 'manual' });
 *   await fetch(`${running.urls.toloka}/api/v1/operations`, { headers: { authorization: 'OAuth t' } });
 *   await running.close();
 */
export async function startStand(options: StandOptions = {}, logger?: Logger): Promise<RunningStand> {
  return listen(buildStand(options, logger));
}
