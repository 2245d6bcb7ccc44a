import { readActiveFixtures } from '../../../scenarios/loader.js';
import type { ApiContext } from '../../api.js';
import { TolokaFixtures, type AccountData } from '../fixtures.js';
import type { Account, Pool } from '../model.js';

/**
 * Toloka's accounts: one per token, each with its own copy of the fixture set the active
 * scenario names (fixtures/toloka/<set>.json, else default.json), made on the token's first call.
 */
export class Accounts {
  readonly #ctx: ApiContext;
  #fixtures: TolokaFixtures;
  readonly #accounts = new Map<string, Account>();

  constructor(ctx: ApiContext) {
    this.#ctx = ctx;
    this.#fixtures = readActiveFixtures(ctx, 'toloka', TolokaFixtures);
  }

  /** The token's account, made from the fixtures on first use. */
  get(token: string): Account {
    let account = this.#accounts.get(token);
    if (!account) {
      // Own keys only: a token may be any string, "constructor" and "__proto__" included.
      const own = Object.hasOwn(this.#fixtures.accounts, token) ? this.#fixtures.accounts[token] : undefined;
      account = newAccount(token, own ?? this.#fixtures.default);
      this.#accounts.set(token, account);
    }
    return account;
  }

  /** The token's account if it was made (the control plane must not make accounts). */
  peek(token: string): Account | undefined {
    return this.#accounts.get(token);
  }

  all(): IterableIterator<Account> {
    return this.#accounts.values();
  }

  /** No accounts; the fixture set read again (the scenario may name another). */
  reset(): void {
    this.#accounts.clear();
    this.#fixtures = readActiveFixtures(this.#ctx, 'toloka', TolokaFixtures);
  }
}

function newAccount(token: string, data: AccountData): Account {
  return {
    token,
    projects: new Map(data.projects.map((p) => [p.id, { ...p }])),
    pools: new Map(data.pools.map((p): [string, Pool] => [p.id, { ...p, defaults: { ...p.defaults }, itemCount: 0 }])),
    users: new Set(data.users.map((u) => u.id)),
    objects: { tasks: new Map(), 'task-suites': new Map(), 'user-bonuses': new Map() },
    operations: new Map(),
    liveOperations: 0,
  };
}
