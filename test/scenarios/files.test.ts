import { mkdtempSync, readFileSync, writeFileSync, cpSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, onTestFinished, test } from 'vitest';
import { ConfigError } from '../../src/core/errors.js';
import { ScenarioLibrary } from '../../src/scenarios/loader.js';
import { scenarioJsonSchema } from '../../scripts/write-schema.js';
import { SCENARIO_SCHEMA_URL } from '../../src/scenarios/json-schema.js';
import { stand } from '../helpers.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function scenarioDir(files: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'stand-scenarios-'));
  for (const [name, doc] of Object.entries(files)) writeFileSync(join(dir, name), typeof doc === 'string' ? doc : JSON.stringify(doc));
  return dir;
}

test('the published JSON Schema is the one the zod schema produces (run npm run schema after changing it)', () => {
  const committed = JSON.parse(readFileSync(join(ROOT, 'scenarios/scenario.schema.json'), 'utf8'));
  expect(committed).toEqual(scenarioJsonSchema());
});

test('every shipped scenario is valid and references the schema', () => {
  const library = new ScenarioLibrary(join(ROOT, 'scenarios'));
  expect(library.names()).toEqual(expect.arrayContaining(['default']));
  for (const name of library.names()) {
    const raw = JSON.parse(readFileSync(join(ROOT, 'scenarios', `${name}.json`), 'utf8'));
    expect(raw.$schema).toBe(SCENARIO_SCHEMA_URL);
    expect(() => library.get(name)).not.toThrow();
  }
});

test('a scenario with a typo gets one message naming file, path and fix', () => {
  const dir = scenarioDir({ 'typo.json': { version: 1, appmetrica: { preparaton: 5000 } } });
  const library = new ScenarioLibrary(dir);
  let error: unknown;
  try {
    library.get('typo');
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(ConfigError);
  const message = (error as Error).message;
  expect(message).toContain(join(dir, 'typo.json'));
  expect(message).toContain('appmetrica: Unrecognized key: "preparaton"');
  expect(message).toContain('fix: rename "preparaton" to "preparation"');
});

test('a scenario with a wrong value names the JSON path', () => {
  const dir = scenarioDir({ 'bad.json': { version: 1, appmetrica: { faults: [{ action: { type: 'status', status: 200 } }] } } });
  expect(() => new ScenarioLibrary(dir).get('bad')).toThrow(/bad\.json:1:\d+: appmetrica\.faults\[0\]\.action\.status: Too small: expected number to be >=400/);
  const broken = scenarioDir({ 'broken.json': '{"version": 1,' });
  expect(() => new ScenarioLibrary(broken).get('broken')).toThrow(/broken\.json:1:15: not valid JSON: a property name \(in double quotes\) is expected; fix the syntax/);
});

test('the CLI refuses a scenario file with a typo: one line, exit 2', async () => {
  const dir = scenarioDir({ 'typo.json': { version: 1, mytarget: { concurency: 2 } } });
  const child = spawn(join(ROOT, 'node_modules/.bin/tsx'), ['src/cli.ts', '--port', '0', '--scenario', join(dir, 'typo.json')], { cwd: ROOT });
  onTestFinished(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const [code] = await once(child, 'exit');
  expect(code).toBe(2);
  expect(err.trim().split('\n')).toHaveLength(1);
  expect(err).toMatch(/typo\.json:1:\d+: mytarget: Unrecognized key: "concurency" \(fix: rename "concurency" to "concurrency"/);
});

test('--fixtures points at a folder of your own; the scenario names the set', async () => {
  const fixtures = mkdtempSync(join(tmpdir(), 'stand-fixtures-'));
  cpSync(join(ROOT, 'fixtures'), fixtures, { recursive: true });
  writeFileSync(
    join(fixtures, 'appmetrica', 'mine.json'),
    JSON.stringify({
      apps: [{ id: 42, name: 'Mine', timeZone: 'UTC', packageName: 'a.b', platforms: { android: 1, ios: 0 }, devices: 3, appVersions: ['1'], eventNames: ['only_event'] }],
    }),
  );
  const scenarios = scenarioDir({ 'mine.json': { version: 1, fixtures: 'mine' } });
  const t = await stand({ fixturesDir: fixtures, scenariosDir: scenarios, scenario: 'mine' });
  onTestFinished(t.close);
  const url = '/appmetrica/logs/v1/export/events.json?application_id=42&date_since=2025-12-31&date_until=2025-12-31&fields=event_name,os_name&limit=5';
  await t.inject({ url, headers: { authorization: 'OAuth me' } });
  t.advance(60_000);
  const res = await t.inject({ url, headers: { authorization: 'OAuth me' } });
  expect(JSON.parse(res.body).data).toEqual(Array(5).fill({ event_name: 'only_event', os_name: 'android' }));
  expect((await t.inject({ url: url.replace('=42', '=1111'), headers: { authorization: 'OAuth me' } })).statusCode).toBe(403);
});
