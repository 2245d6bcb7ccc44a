/**
 * Regression (issue 17): after a scenario switch that changed the fixture set, the log-archive
 * timer of an operation of the old set still fired and lowered the live-operation count of the
 * new account of the same token, so a limit of 2 accepted a third operation. A fixture switch now
 * ends the generation: no timer of the old set survives.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, onTestFinished, test } from 'vitest';
import { stand } from '../helpers.js';
import { AUTH, task } from '../toloka/helpers.js';

test('a fixture switch drops the old operations\' archive timers: the new account keeps its limit', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'async-stand-generation-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  const scenario = (fixtures: string, logTtlMs: number) => ({ version: 1, fixtures, toloka: { pending: 100, running: 100, logTtlMs } });
  writeFileSync(join(dir, 'first.json'), JSON.stringify(scenario('default', 60_000)));
  writeFileSync(join(dir, 'second.json'), JSON.stringify(scenario('other', 86_400_000)));
  mkdirSync(join(dir, 'toloka'));
  copyFileSync('fixtures/toloka/default.json', join(dir, 'toloka', 'other.json'));
  const t = await stand({ scenariosDir: dir, fixturesDir: dir, scenario: 'first', maxJobsPerAccount: 2 });
  onTestFinished(t.close);
  const create = () =>
    t.inject({ method: 'POST', url: '/toloka/api/v1/tasks?async_mode=true', headers: { ...AUTH, 'content-type': 'application/json' }, payload: JSON.stringify([task(1)]) });

  expect((await create()).statusCode).toBe(202);
  t.advance(1_000); // SUCCESS; its log is archived 60 s later

  const switched = await t.inject({ method: 'PUT', url: '/_stand/scenario', payload: { name: 'second' } });
  expect(switched.statusCode).toBe(200);
  expect((await create()).statusCode).toBe(202);
  expect((await create()).statusCode).toBe(202);
  t.advance(120_000); // past the old operation's archive time

  const third = await create();
  expect(third.statusCode).toBe(429);
  expect(third.json()).toMatchObject({ code: 'TOO_MANY_REQUESTS' });
});
