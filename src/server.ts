import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import type { ApiName } from './core/journal.js';
import type { Logger } from './core/logger.js';
import { buildStand, Stand } from './stand.js';
import { readStateFile, replayState, writeStateFile } from './state/state-file.js';
import type { StandOptions } from './config.js';

/** The control verbs, the same as the admin routes, straight on the handle. */
export type StandVerbs = Pick<
  Stand,
  'clock' | 'advance' | 'clockInfo' | 'reset' | 'jobs' | 'job' | 'advanceJob' | 'completeJob' | 'requests' | 'callbackAttempts' | 'activateScenario' | 'enqueueFault'
>;

export function standVerbs(stand: Stand): StandVerbs {
  return {
    clock: stand.clock,
    advance: (ms) => stand.advance(ms),
    clockInfo: () => stand.clockInfo(),
    reset: () => stand.reset(),
    jobs: (q) => stand.jobs(q),
    job: (api, id) => stand.job(api, id),
    advanceJob: (api, id) => stand.advanceJob(api, id),
    completeJob: (api, id) => stand.completeJob(api, id),
    requests: (q) => stand.requests(q),
    callbackAttempts: (q) => stand.callbackAttempts(q),
    activateScenario: (x) => stand.activateScenario(x),
    enqueueFault: (api, rule) => stand.enqueueFault(api, rule),
  };
}

export interface RunningStand extends StandVerbs {
  readonly stand: Stand;
  /** Base URL of the main listener, e.g. http://127.0.0.1:8080 */
  readonly url: string;
  /** Base URL of each API: its prefix on the main listener, or its own port when configured. */
  readonly urls: Readonly<Record<ApiName, string>>;
  readonly app: FastifyInstance;
  close(): Promise<void>;
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
export async function listen(stand: Stand): Promise<RunningStand> {
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
    return {
      ...standVerbs(stand),
      stand,
      url,
      urls: urls as Record<ApiName, string>,
      app: main,
      close: () =>
        (closed ??= (async () => {
          await Promise.all(all().map((a) => a.close()));
          if (config.stateFile) {
            writeStateFile(config.stateFile, stand);
            stand.logger.info({ stateFile: config.stateFile, events: stand.recorder?.events.length ?? 0 }, 'state saved');
          }
          await stand.close();
        })()),
    };
  } catch (e) {
    await Promise.allSettled(all().map((a) => a.close()));
    await stand.close();
    throw e;
  }
}

/** Builds a stand from options and listens. Use port 0 in tests. */
export async function startStand(options: StandOptions = {}, logger?: Logger): Promise<RunningStand> {
  return listen(buildStand(options, logger));
}
