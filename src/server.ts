import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import type { ApiName } from './core/journal.js';
import type { Logger } from './core/logger.js';
import { buildStand, type StandRuntime } from './stand.js';
import type { CallbackQuery, CountExpectation, JobQuery, RequestMatch, RequestQuery, Stand } from './stand-interface.js';
import type { FaultRuleInput } from './scenarios/common.js';
import type { ScenarioInput } from './scenarios/schema.js';
import { readStateFile, replayState, writeStateFile } from './state/state-file.js';
import type { StandOptions } from './config.js';
import type { ReportQuery } from './report/index.js';

/** A stand that listens: the control verbs, and where its APIs are. */
export interface RunningStand extends Stand {
  /** Base URL of the main listener, e.g. http://127.0.0.1:8080 */
  readonly url: string;
  /** Base URL of each API: its prefix on the main listener, or its own port when configured. */
  readonly urls: Readonly<Record<ApiName, string>>;
  /** Stops listening (a state file is written first) and ends the stand's work. */
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

const PORT_KEYS = { appmetrica: 'appmetricaPort', mytarget: 'mytargetPort', toloka: 'tolokaPort' } as const;

function baseUrl(app: FastifyInstance, host: string): string {
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return `http://${shown}:${port}`;
}

/**
 * Listens: the main app on config.port, and each API with a port of its own at root there.
 * With a state file, the saved state is replayed first, and written again on close.
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
    const state = config.stateFile ? readStateFile(config.stateFile, stand) : null;
    if (state) {
      await replayState(state, stand, { main, ...own });
      stand.logger.info({ stateFile: config.stateFile, events: state.events.length, now: new Date(stand.now()).toISOString() }, 'state restored');
    }
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
    let closed: Promise<void> | undefined;
    const close = () =>
      (closed ??= (async () => {
        await Promise.all(all().map((a) => a.close()));
        if (config.stateFile) {
          writeStateFile(config.stateFile, stand);
          stand.logger.info({ stateFile: config.stateFile, events: stand.recorder?.events.length ?? 0 }, 'state saved');
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
