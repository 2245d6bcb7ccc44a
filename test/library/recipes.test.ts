/** The recipes that cannot run here as they would elsewhere are checked against what they rely on. */
import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { parse } from 'yaml';

const read = (p: string) => readFileSync(new URL(`../../${p}`, import.meta.url), 'utf8');

test('the GitHub Actions recipe runs the image with its own health check, the four ports and a manual clock', () => {
  const workflow = parse(read('docs/recipes/github-actions.yml'));
  const service = workflow.jobs.test.services.stand;
  expect(service.ports).toEqual(['8080:8080', '8081:8081', '8082:8082', '8083:8083']);
  expect(service.env.STAND_CLOCK).toBe('manual');
  const dockerfile = read('Dockerfile');
  expect(dockerfile).toContain('STAND_HEALTH_FILE=/tmp/async-stand.health');
  expect(service.options).toContain('--health-cmd "find /tmp/async-stand.health -mmin -1 | grep -q ."');
  expect(read('docker-compose.yml')).toContain('host.docker.internal:host-gateway');
});
