/**
 * The recipes (docs/recipes.md) as far as they run without Docker. async-stand/testcontainers: the helper's wiring (ports, wait strategy, environment) and its admin
 * client, against a stand in this process standing in for the container (test:docker runs the
 * real image; docs/recipes/testcontainers.md shows the use).
 */
import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { parse } from 'yaml';
import { startStand, type RunningStand } from 'async-stand';
import { startStandContainer, type TestcontainersModule } from 'async-stand/testcontainers';

/** Testcontainers' surface, backed by startStand: each exposed port maps to the stand's listener of it. */
function fakeTestcontainers(seen: { image?: string; env?: Record<string, string>; wait?: unknown }): TestcontainersModule {
  class GenericContainer {
    env: Record<string, string> = {};
    constructor(readonly image: string) {
      seen.image = image;
    }
    withExposedPorts() {
      return this;
    }
    withEnvironment(env: Record<string, string>) {
      seen.env = env;
      this.env = env;
      return this;
    }
    withWaitStrategy(strategy: unknown) {
      seen.wait = strategy;
      return this;
    }
    async start() {
      const running: RunningStand = await startStand({
        port: 0,
        appmetricaPort: 0,
        mytargetPort: 0,
        tolokaPort: 0,
        clock: this.env.STAND_CLOCK as 'manual',
        adminToken: this.env.STAND_ADMIN_TOKEN,
      });
      const ports: Record<number, string> = { 8080: running.url, 8081: running.urls.appmetrica, 8082: running.urls.mytarget, 8083: running.urls.toloka };
      return { getHost: () => '127.0.0.1', getMappedPort: (p: number) => Number(new URL(ports[p]!).port), stop: () => running.close() };
    }
  }
  return { GenericContainer, Wait: { forHttp: (path: string, port: number) => ({ path, port }) } } as unknown as TestcontainersModule;
}

test('startStandContainer: the URLs of each port, the health wait, and the admin API over HTTP', async () => {
  const seen: { image?: string; env?: Record<string, string>; wait?: unknown } = {};
  const stand = await startStandContainer(fakeTestcontainers(seen), { env: { STAND_CLOCK: 'manual' } });
  try {
    // A random admin token: from the host, a container's published port is not loopback.
    expect(seen).toEqual({ image: 'async-stand', env: { STAND_CLOCK: 'manual', STAND_ADMIN_TOKEN: stand.adminToken }, wait: { path: '/_stand/health', port: 8080 } });
    expect(stand.adminToken).toMatch(/^[0-9a-f-]{36}$/);
    expect((await fetch(`${stand.url}/_stand/clock/advance`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"ms":1}' })).status).toBe(401);
    const url = `${stand.urls.appmetrica}/logs/v1/export/events.json?application_id=1111&date_since=2026-01-01&date_until=2026-01-01&fields=event_name`;
    const headers = { authorization: 'OAuth tc' };
    expect((await fetch(url, { headers })).status).toBe(202);
    await stand.admin.advance(60_000);
    expect((await fetch(url, { headers })).status).toBe(200);
    expect((await stand.admin.jobs({ api: 'appmetrica' })).items.map((j) => j.state)).toEqual(['ready']);
    expect(await stand.admin.verify({ api: 'appmetrica', count: 2 })).toMatchObject({ ok: true, count: 2 });
  } finally {
    await stand.stop();
  }
});

const read = (p: string) => readFileSync(new URL(`../../${p}`, import.meta.url), 'utf8');

test('the GitHub Actions recipe runs the image with its own health check, the four ports and a manual clock', () => {
  const workflow = parse(read('docs/recipes/github-actions.yml'));
  const service = workflow.jobs.test.services.stand;
  expect(service.ports).toEqual(['8080:8080', '8081:8081', '8082:8082', '8083:8083']);
  expect(service.env.STAND_CLOCK).toBe('manual');
  // The steps reach the published ports from the bridge, not loopback: admin changes need the token.
  expect(service.env.STAND_ADMIN_TOKEN).toBe(workflow.jobs.test.steps[1].env.STAND_ADMIN_TOKEN);
  const dockerfile = read('Dockerfile');
  expect(dockerfile).toContain('STAND_HEALTH_FILE=/tmp/async-stand.health');
  expect(service.options).toContain('--health-cmd "find /tmp/async-stand.health -mmin -1 | grep -q ."');
  expect(read('docker-compose.yml')).toContain('host.docker.internal:host-gateway');
});
