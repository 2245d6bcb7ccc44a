/**
 * async-stand in a container from a Node test suite, with Testcontainers for Node (your
 * `testcontainers` package: pass its GenericContainer and Wait, so this package depends on none).
 *
 *   import { GenericContainer, Wait } from 'testcontainers';
 *   import { startStandContainer } from 'async-stand/testcontainers';
 *   const stand = await startStandContainer({ GenericContainer, Wait }, { env: { STAND_CLOCK: 'manual' } });
 *   await fetch(`${stand.urls.appmetrica}/logs/v1/export/...`);
 *   await stand.admin.advance(60_000);
 *   await stand.stop();
 */
import { randomUUID } from 'node:crypto';
import { adminClient, type AdminClient } from './admin-client.js';

export { adminClient, type AdminClient } from './admin-client.js';

/** The parts of the testcontainers package the helper uses. */
export interface TestcontainersModule {
  GenericContainer: new (image: string) => GenericContainerLike;
  Wait: { forHttp(path: string, port: number): unknown };
}

interface GenericContainerLike {
  withExposedPorts(...ports: number[]): GenericContainerLike;
  withEnvironment(env: Record<string, string>): GenericContainerLike;
  withWaitStrategy(strategy: never): GenericContainerLike;
  start(): Promise<{ getHost(): string; getMappedPort(port: number): number; stop(): Promise<unknown> }>;
}

export interface StandContainerOptions {
  /** The image (default `async-stand`, as `docker build -t async-stand .` names it). */
  image?: string;
  /**
   * STAND_* variables, e.g. `{ STAND_CLOCK: 'manual', STAND_SCENARIO: 'flaky' }`. Without a
   * `STAND_ADMIN_TOKEN` the helper sets a random one: the host reaches a container's published
   * port from the bridge's address, not loopback, and a stand beyond loopback with no admin token
   * refuses admin changes from another machine (403 `STAND_ADMIN_LOCKED`).
   */
  env?: Record<string, string>;
}

export interface StandContainer {
  /** The main port as the host reaches it. */
  readonly url: string;
  /** Each API at root on its own port, as on its real host. */
  readonly urls: { appmetrica: string; mytarget: string; toloka: string };
  /** The admin API over HTTP (clock, jobs, journals, verification, report), with the admin token. */
  readonly admin: AdminClient;
  /** The container's STAND_ADMIN_TOKEN (yours, or the random one the helper set): `Authorization: Bearer <it>` on /_stand. */
  readonly adminToken: string;
  stop(): Promise<void>;
}

/** Starts the stand's image, waits for /_stand/health, and says where everything is. */
export async function startStandContainer(tc: TestcontainersModule, options: StandContainerOptions = {}): Promise<StandContainer> {
  const adminToken = options.env?.STAND_ADMIN_TOKEN ?? randomUUID();
  const started = await new tc.GenericContainer(options.image ?? 'async-stand')
    .withExposedPorts(8080, 8081, 8082, 8083)
    .withEnvironment({ ...options.env, STAND_ADMIN_TOKEN: adminToken })
    .withWaitStrategy(tc.Wait.forHttp('/_stand/health', 8080) as never)
    .start();
  const at = (port: number) => `http://${started.getHost()}:${started.getMappedPort(port)}`;
  const url = at(8080);
  return {
    url,
    urls: { appmetrica: at(8081), mytarget: at(8082), toloka: at(8083) },
    admin: adminClient(url, adminToken),
    adminToken,
    stop: async () => {
      await started.stop();
    },
  };
}
