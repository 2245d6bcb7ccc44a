import { deepFreeze } from '../../../core/deep-freeze.js';
import { readActiveFixtures } from '../../../scenarios/loader.js';
import type { ApiContext } from '../../api.js';
import { TolokaFixtures, type AccountData } from '../fixtures.js';
import { hashString } from '../../../core/random.js';
import type { Account, Pool, Project } from '../model.js';

/**
 * Toloka's accounts: one per token, each with its own projects and pools from the fixture set
 * the active scenario names (fixtures/toloka/<set>.json, else default.json), made on the token's
 * first call. The fixtures' forms (a project's specs, a pool's settings: the bulk of them) are
 * made once per fixture account, frozen and shared: a form is only ever replaced whole (PUT,
 * PATCH), never changed in place, so a client that uses a new token per test costs the records,
 * not a copy of every form (~9 KB a token before).
 */
export class Accounts {
  readonly #ctx: ApiContext;
  #fixtures: TolokaFixtures;
  readonly #accounts = new Map<string, Account>();
  /** The shared forms of each fixture account (AccountData), made on its first use; a reload's new AccountData objects leave the old entries to the GC. */
  readonly #templates = new WeakMap<AccountData, Template>();

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
      const data = own ?? this.#fixtures.default;
      let template = this.#templates.get(data);
      if (!template) this.#templates.set(data, (template = templateOf(data)));
      account = newAccount(token, data, template, this.#ctx.config.seed);
      this.#accounts.set(token, account);
      // Accounts are listed, and the crowd visits them, in the order they were made: a state
      // file keeps the request that made one, also a read, so a restart makes them in that order.
      this.#ctx.persistence.touch();
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

/** A fixture account's projects and pools with their forms frozen: what every account made from it shares. */
interface Template {
  projects: readonly Pick<Project, 'id' | 'status' | 'created' | 'form'>[];
  pools: readonly Pick<Pool, 'id' | 'project_id' | 'status' | 'created' | 'form'>[];
  countries: ReadonlyMap<string, string>;
}

function templateOf(data: AccountData): Template {
  return {
    projects: data.projects.map((p) => {
      const { id, status, created, ...form } = structuredClone(p);
      return { id, status, created, form: deepFreeze({ assignments_issuing_type: 'AUTOMATED', ...form }) as Project['form'] };
    }),
    pools: data.pools.map((p) => {
      const { id, project_id, status, created, ...form } = structuredClone(p);
      // An open fixture pool was started when it was made (toloka-java-sdk's findPools filters on last_started).
      return { id, project_id, status, created, ...(status === 'OPEN' ? { last_started: created } : {}), form: deepFreeze({ type: 'REGULAR', ...form }) };
    }),
    countries: new Map(data.users.flatMap((u) => (u.country === undefined ? [] : [[u.id, u.country] as const]))),
  };
}

function newAccount(token: string, data: AccountData, template: Template, seed: number): Account {
  return {
    token,
    requester: {
      id: data.requester.id ?? hexOf(`requester:${token}`, seed),
      public_name: data.requester.public_name,
      company_id: data.requester.company_id ?? hexOf(`company:${token}`, seed),
      balance: data.requester.balance,
    },
    projects: new Map(template.projects.map((p): [string, Project] => [p.id, { ...p, updatedAt: 0 }])),
    pools: new Map(template.pools.map((p): [string, Pool] => [p.id, { ...p, updatedAt: 0, itemCount: 0 }])),
    users: new Set(data.users.map((u) => u.id)),
    countries: template.countries,
    objects: { tasks: new Map(), 'task-suites': new Map(), 'user-bonuses': new Map() },
    operations: new Map(),
    assignments: new Map(),
    mixedSuites: new Map(),
    syncOperationIds: new Set(),
    liveOperations: 0,
    reserved: 0,
  };
}

/** 32 hex digits made from a text and the seed: an id that does not depend on the order accounts are made in. */
function hexOf(text: string, seed: number): string {
  let out = '';
  for (let i = 0; out.length < 32; i++) out += hashString(`${text}#${i}`, seed).toString(16).padStart(8, '0');
  return out;
}
