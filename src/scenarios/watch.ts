import { existsSync, watch, type FSWatcher } from 'node:fs';
import { resolve } from 'node:path';
import { AppmetricaFixtures } from '../apis/appmetrica-logs/fixtures.js';
import { MytargetFixtures } from '../apis/mytarget/fixtures.js';
import { TolokaFixtures } from '../apis/toloka/fixtures.js';
import { wallTimeout } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import { readActiveFixtures, type ScenarioLibrary } from './loader.js';

/** What the last reload of a changed file came to (shown by GET /_stand/scenario). */
export interface ReloadOutcome {
  /** Wall-clock time of the reload, ISO 8601 (a file change is not on the stand's clock). */
  at: string;
  what: 'scenario' | 'fixtures';
  ok: boolean;
  /** Why the file was refused (file:line:column, JSON path, fix); the last good version stays. */
  message: string | null;
}

/** What the watcher needs of the stand. */
export interface WatchTarget {
  readonly logger: Logger;
  readonly config: { scenariosDir: string; fixturesDir: string };
  readonly scenarios: { library: ScenarioLibrary; active: { fixtures: string }; reloadActive(): boolean };
  /** Starts every API over from the fixture files as they are now (a new generation). */
  reloadFixtures(): void;
  /** The stand's change notifier. */
  changed(): void;
}

/** Editors write a file in bursts (truncate, write, rename): one reload after the burst. */
const SETTLE_MS = 100;

/**
 * `--watch`: scenario and fixture files are read again when they change. A valid edit of the
 * active scenario applies at once; a fixture edit starts every API over from the new data (as a
 * switch to another fixture set does). An invalid edit changes nothing: the last good version
 * stays, a warning says why, and GET /_stand/scenario shows it as `reload`.
 */
export class FileWatcher {
  #watchers: FSWatcher[] = [];
  #pending: { scenario: boolean; fixtures: boolean } = { scenario: false, fixtures: false };
  #cancel: (() => void) | undefined;
  last: ReloadOutcome | undefined;

  constructor(private readonly stand: WatchTarget) {
    const { config } = stand;
    for (const dir of [resolve(config.scenariosDir)]) this.#watch(dir, false, (file) => /\.jsonc?$/.test(file) && !file.endsWith('.schema.json') && (this.#pending.scenario = true));
    this.#watch(resolve(config.fixturesDir), true, (file) => file.endsWith('.json') && (this.#pending.fixtures = true));
  }

  #watch(dir: string, recursive: boolean, mark: (file: string) => unknown): void {
    if (!existsSync(dir)) return;
    try {
      const w = watch(dir, { recursive, persistent: false }, (_event, file) => {
        if (file === null || !mark(String(file))) return;
        this.#cancel?.();
        this.#cancel = wallTimeout(() => this.#reload(), SETTLE_MS);
      });
      w.on('error', (e) => this.stand.logger.warn({ err: e, dir }, 'watching stopped'));
      this.#watchers.push(w);
    } catch (e) {
      this.stand.logger.warn({ err: e, dir }, `cannot watch ${dir}; edits there need a restart or PUT /_stand/scenario`);
    }
  }

  #reload(): void {
    const { scenario, fixtures } = this.#pending;
    this.#pending = { scenario: false, fixtures: false };
    if (scenario) this.#try('scenario', () => this.stand.scenarios.reloadActive());
    if (fixtures) {
      this.#try('fixtures', () => {
        // Every API's file is checked before any API starts over: a bad edit leaves all as they were.
        const set = this.stand.scenarios.active.fixtures;
        const ctx = { ...this.stand, scenarios: { active: { fixtures: set } } };
        readActiveFixtures(ctx, 'appmetrica', AppmetricaFixtures);
        readActiveFixtures(ctx, 'mytarget', MytargetFixtures);
        readActiveFixtures(ctx, 'toloka', TolokaFixtures);
        this.stand.reloadFixtures();
        return true;
      });
    }
  }

  #try(what: ReloadOutcome['what'], reload: () => boolean): void {
    const at = new Date().toISOString();
    try {
      if (!reload()) return;
      this.last = { at, what, ok: true, message: null };
      this.stand.logger.info({ what }, `${what} reloaded`);
    } catch (e) {
      const message = (e as Error).message;
      this.last = { at, what, ok: false, message };
      this.stand.logger.warn({ what }, `${what} not reloaded, the last good version stays: ${message}`);
    }
    this.stand.changed();
  }

  close(): void {
    this.#cancel?.();
    for (const w of this.#watchers) w.close();
    this.#watchers = [];
  }
}
