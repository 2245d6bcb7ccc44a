import { readActiveFixtures } from '../../../scenarios/loader.js';
import type { ApiContext } from '../../api.js';
import { TolokaFixtures, type AccountData } from '../fixtures.js';
import { hashString } from '../../../core/random.js';
import type { Account, Pool, Project } from '../model.js';

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
      account = newAccount(token, own ?? this.#fixtures.default, this.#ctx.config.seed);
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

function newAccount(token: string, data: AccountData, seed: number): Account {
  return {
    token,
    requester: {
      id: data.requester.id ?? hexOf(`requester:${token}`, seed),
      public_name: data.requester.public_name,
      company_id: data.requester.company_id ?? hexOf(`company:${token}`, seed),
      balance: data.requester.balance,
    },
    projects: new Map(data.projects.map((p): [string, Project] => {
      const { id, status, created, ...form } = structuredClone(p);
      return [id, { id, status, created, updatedAt: 0, form: { assignments_issuing_type: 'AUTOMATED', ...form } }];
    })),
    pools: new Map(data.pools.map((p): [string, Pool] => {
      const { id, project_id, status, created, ...form } = structuredClone(p);
      return [id, { id, project_id, status, created, updatedAt: 0, form: { type: 'REGULAR', ...form }, itemCount: 0 }];
    })),
    users: new Set(data.users.map((u) => u.id)),
    objects: { tasks: new Map(), 'task-suites': new Map(), 'user-bonuses': new Map() },
    operations: new Map(),
    assignments: new Map(),
    liveOperations: 0,
  };
}

/** 32 hex digits made from a text and the seed: an id that does not depend on the order accounts are made in. */
function hexOf(text: string, seed: number): string {
  let out = '';
  for (let i = 0; out.length < 32; i++) out += hashString(`${text}#${i}`, seed).toString(16).padStart(8, '0');
  return out;
}
