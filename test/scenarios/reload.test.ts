/** Scenario files with comments, errors at line and column, and files read again: PUT /_stand/scenario and --watch. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, onTestFinished, test } from 'vitest';
import { ScenarioLibrary } from '../../src/scenarios/loader.js';
import type { Stand } from '../../src/stand-interface.js';
import { stand } from '../helpers.js';

function dirWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'stand-reload-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const JSONC = `{
  // comments, as the README's example has them
  "version": 1,
  "mytarget": { "execution": 4000, }, /* trailing commas too */
}
`;

/** Resolves at the next reload the watcher reports. */
function nextReload(s: Stand): Promise<void> {
  return new Promise((resolve) => {
    const before = s.scenario().reload;
    const stop = s.onChange(() => {
      if (s.scenario().reload !== before) {
        stop();
        resolve();
      }
    });
  });
}

test('a scenario file may have comments and trailing commas (.json or .jsonc)', () => {
  const dir = dirWith({ 'commented.json': JSONC, 'other.jsonc': JSONC });
  const library = new ScenarioLibrary(dir);
  expect(library.get('commented').mytarget.execution).toBe(4000);
  expect(library.get('other').mytarget.execution).toBe(4000);
  expect(library.names()).toEqual(expect.arrayContaining(['commented', 'other', 'default']));
});

test('errors name the line and column, for syntax and for the schema alike', () => {
  const dir = dirWith({ 'syntax.json': '{\n  "version": 1\n  "mytarget": {}\n}', 'value.json': '{\n  "version": 1,\n  "mytarget": { "execution": -5 }\n}' });
  const library = new ScenarioLibrary(dir);
  expect(() => library.get('syntax')).toThrow(`${join(dir, 'syntax.json')}:3:3: not valid JSON: a comma is missing; fix the syntax`);
  expect(() => library.get('value')).toThrow(new RegExp(`value\\.json:3:17: mytarget\\.execution: `));
});

test('PUT /_stand/scenario reads the file again; an invalid edit is refused with the reason and the scenario stays', async () => {
  const dir = dirWith({ 'mine.json': '{"version": 1, "mytarget": {"execution": 1000}}' });
  const t = await stand({ scenariosDir: dir, scenario: 'mine' });
  onTestFinished(t.close);
  writeFileSync(join(dir, 'mine.json'), '{"version": 1, "mytarget": {"execution": 7000}}');
  const put = await t.inject({ method: 'PUT', url: '/_stand/scenario', payload: { name: 'mine' } });
  expect(put.json().scenario.mytarget.execution).toBe(7000);
  writeFileSync(join(dir, 'mine.json'), '{"version": 1, "mytarget": {"execution": "slow"}}');
  const bad = await t.inject({ method: 'PUT', url: '/_stand/scenario', payload: { name: 'mine' } });
  expect(bad.statusCode).toBe(400);
  expect(bad.json().error.message).toMatch(/mine\.json:1:\d+: mytarget\.execution: /);
  expect(t.stand.scenario().scenario.mytarget.execution).toBe(7000);
});

test('--watch: an edit of the active scenario applies; an invalid one keeps the last good version and says why', async () => {
  const dir = dirWith({ 'live.jsonc': '{"version": 1, "mytarget": {"execution": 1000}}' });
  const t = await stand({ scenariosDir: dir, scenario: 'live', watch: true });
  onTestFinished(t.close);
  let reloaded = nextReload(t.stand);
  writeFileSync(join(dir, 'live.jsonc'), '{"version": 1, // faster\n "mytarget": {"execution": 250}}');
  await reloaded;
  expect(t.stand.scenario().scenario.mytarget.execution).toBe(250);
  expect(t.stand.scenario().reload).toMatchObject({ what: 'scenario', ok: true });

  reloaded = nextReload(t.stand);
  writeFileSync(join(dir, 'live.jsonc'), '{"version": 1, "mytarget": {"execution": 250}');
  await reloaded;
  expect(t.stand.scenario().scenario.mytarget.execution).toBe(250);
  const outcome = (await t.inject('/_stand/scenario')).json().reload;
  expect(outcome).toMatchObject({ what: 'scenario', ok: false });
  expect(outcome.message).toMatch(/live\.jsonc:1:\d+: not valid JSON: a closing \} is missing/);
  // A reset goes back to the last good version of the file the stand started with.
  await t.stand.reset();
  expect(t.stand.scenario().scenario.mytarget.execution).toBe(250);
});

test('--watch: a fixture edit starts every API over from the new data; a broken one changes nothing', async () => {
  const { cpSync, readFileSync } = await import('node:fs');
  const fixtures = mkdtempSync(join(tmpdir(), 'stand-reload-fixtures-'));
  cpSync(new URL('../../fixtures', import.meta.url), fixtures, { recursive: true });
  const t = await stand({ fixturesDir: fixtures, watch: true });
  onTestFinished(t.close);
  const url = '/appmetrica/logs/v1/export/events.json?application_id=42&date_since=2026-01-01&date_until=2026-01-01&fields=event_name';
  const headers = { authorization: 'OAuth me' };
  expect((await t.inject({ url, headers })).statusCode).toBe(403);
  const file = join(fixtures, 'appmetrica', 'default.json');
  const doc = JSON.parse(readFileSync(file, 'utf8'));
  doc.apps.push({ id: 42, name: 'Mine', timeZone: 'UTC', packageName: 'a.b', platforms: { android: 1, ios: 0 }, devices: 3, appVersions: ['1'], eventNames: ['e'] });
  let reloaded = nextReload(t.stand);
  writeFileSync(file, JSON.stringify(doc));
  await reloaded;
  expect(t.stand.scenario().reload).toMatchObject({ what: 'fixtures', ok: true });
  expect((await t.inject({ url, headers })).statusCode).toBe(202);

  reloaded = nextReload(t.stand);
  writeFileSync(file, '{"apps": [');
  await reloaded;
  expect(t.stand.scenario().reload).toMatchObject({ what: 'fixtures', ok: false });
  expect(t.stand.jobs()).toHaveLength(1); // nothing started over
});
