import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import type { ApiName } from './core/journal.js';
import type { Logger } from './core/logger.js';
import { buildStand, Stand } from './stand.js';
import type { StandOptions } from './config.js';

export interface RunningStand {
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

/** Listens: the main app on config.port, and each API with a port of its own at root there. */
export async function listen(stand: Stand): Promise<RunningStand> {
  const { config } = stand;
  const main = await buildApp(stand);
  const extra: FastifyInstance[] = [];
  const urls: Partial<Record<ApiName, string>> = {};
  try {
    await main.listen({ port: config.port, host: config.host });
    const url = baseUrl(main, config.host);
    for (const api of stand.apiList) {
      const port = config[PORT_KEYS[api.name]];
      if (port === undefined) {
        urls[api.name] = `${url}/${api.name}`;
        continue;
      }
      const app = await buildApp(stand, { only: api.name });
      extra.push(app);
      await app.listen({ port, host: config.host });
      urls[api.name] = baseUrl(app, config.host);
    }
    let closed: Promise<void> | undefined;
    return {
      stand,
      url,
      urls: urls as Record<ApiName, string>,
      app: main,
      close: () =>
        (closed ??= (async () => {
          await Promise.all([main, ...extra].map((a) => a.close()));
          await stand.close();
        })()),
    };
  } catch (e) {
    await Promise.allSettled([main, ...extra].map((a) => a.close()));
    await stand.close();
    throw e;
  }
}

/** Builds a stand from options and listens. Use port 0 in tests. */
export async function startStand(options: StandOptions = {}, logger?: Logger): Promise<RunningStand> {
  return listen(buildStand(options, logger));
}
