import { readActiveFixtures } from '../../../scenarios/loader.js';
import type { ApiContext } from '../../api.js';
import { AppData } from './data.js';
import type { TimeZone } from './time-zone.js';
import { AppmetricaFixtures } from '../fixtures.js';
import type { AppmetricaPlan } from '../plan.js';

/**
 * The applications of the active fixture set, and which token may read which: one place for the
 * Logs API and the Management API. A fixture app lists its tokens (null: any token); the
 * scenario's `appTokens` overrides that per application.
 */
export class Apps {
  readonly #ctx: ApiContext;
  #apps = new Map<number, AppData>();
  /** The active plan's appTokens by application id (a lookup by number, not a string key made per request). */
  #tokensOf: { plan: AppmetricaPlan; byApp: Map<number, readonly string[]> } | undefined;

  constructor(ctx: ApiContext) {
    this.#ctx = ctx;
    this.load();
  }

  /** Reads the fixture set the active scenario names. */
  load(): void {
    const fixtures = readActiveFixtures(this.#ctx, 'appmetrica', AppmetricaFixtures);
    const zones = new Map<string, TimeZone>();
    this.#apps = new Map(fixtures.apps.map((a) => [a.id, new AppData(a, this.#ctx.config.seed, zones)]));
  }

  /** The app if it exists and `account` may read it; undefined otherwise (the callers answer both alike). */
  readable(appId: number, account: string): AppData | undefined {
    const data = this.#apps.get(appId);
    if (!data) return undefined;
    const tokens = this.#appTokens().get(appId) ?? data.app.tokens;
    return tokens === null || tokens.includes(account) ? data : undefined;
  }

  /** Every app `account` may read, in fixture order. */
  readableBy(account: string): AppData[] {
    return [...this.#apps.keys()].map((id) => this.readable(id, account)).filter((d): d is AppData => d !== undefined);
  }

  #appTokens(): Map<number, readonly string[]> {
    const plan = this.#ctx.scenarios.active.appmetrica;
    if (this.#tokensOf?.plan !== plan) {
      this.#tokensOf = { plan, byApp: new Map(Object.entries(plan.appTokens).map(([id, tokens]) => [Number(id), tokens])) };
    }
    return this.#tokensOf.byApp;
  }
}
