import { isStandError } from '../../../core/errors.js';
import { readActiveFixtures } from '../../../scenarios/loader.js';
import type { ApiContext } from '../../api.js';
import { errors, JSON_TYPE, renderError } from '../errors.js';
import { MytargetFixtures, type PackageFixture, type UserFixture } from '../fixtures.js';
import { moscowDateTime, type Resource, type SyncAnswer, type SyncRequest } from '../model.js';
import type { MytargetPlan } from '../plan.js';
import { RateLimiter } from './rate-limits.js';
import {
  BannerUpdate,
  CampaignCreate,
  CampaignUpdate,
  invalid,
  parseBody,
  parseFields,
  parseJson,
  parseListQuery,
  type ResourceShape,
} from '../schemas.js';

/** One token's copy of the fixture objects. */
interface Account {
  user: UserFixture;
  packages: Map<number, PackageFixture>;
  campaigns: Map<number, Resource>;
  banners: Map<number, Resource>;
}

interface Call {
  account: Account;
  token: string;
  plan: MytargetPlan;
  now: number;
  params: URLSearchParams;
  req: SyncRequest;
  /** Captures of the route's pattern (ids). */
  args: string[];
}

type Result = { status: number; body?: unknown };
type Handler = (c: Call) => Result;

interface Route {
  readonly pattern: RegExp;
  /** As the 501 message lists it, e.g. `/api/v2/campaigns/{id}.json`. */
  readonly template: string;
  readonly methods: Readonly<Partial<Record<string, Handler>>>;
}

const CAMPAIGN: ResourceShape = {
  name: 'campaign',
  fields: [
    'id', 'name', 'status', 'package_id', 'objective', 'created', 'updated', 'last_updated', 'date_start', 'date_end',
    'budget_limit', 'budget_limit_day', 'price', 'max_price', 'mixing', 'autobidding_mode', 'enable_utm', 'utm', 'targetings',
  ],
  defaultFields: ['id', 'name', 'package_id'],
  filterable: ['id', 'name', 'status', 'package_id', 'objective', 'created', 'updated', 'last_updated', 'date_start', 'date_end', 'mixing', 'autobidding_mode'],
};

const BANNER: ResourceShape = {
  name: 'banner',
  fields: ['id', 'campaign_id', 'name', 'status', 'moderation_status', 'created', 'updated', 'urls', 'textblocks', 'content'],
  defaultFields: ['id', 'campaign_id', 'moderation_status'],
  filterable: ['id', 'campaign_id', 'name', 'status', 'moderation_status', 'created', 'updated'],
};

const PACKAGE: ResourceShape = {
  name: 'package',
  fields: ['id', 'name', 'status', 'objective', 'description'],
  defaultFields: ['id', 'name', 'status', 'objective', 'description'],
  filterable: ['id', 'name', 'status'],
};

const USER_FIELDS = ['id', 'username', 'status', 'types', 'language', 'currency', 'account'];
const USER: ResourceShape = { name: 'user', fields: USER_FIELDS, defaultFields: USER_FIELDS, filterable: [] };

/**
 * The sync myTarget API v2 (api_arrangement): the account's user, packages, campaigns and
 * banners, and the token's limits. Each token is an account with its own copy of the fixture
 * objects, made on its first call. Answers are rendered to bytes here, so the async API replays
 * exactly what a sync call would have answered.
 */
export class SyncApi {
  readonly #ctx: ApiContext;
  readonly limiter = new RateLimiter();
  readonly #accounts = new Map<string, Account>();
  #fixtures!: MytargetFixtures;
  #firstCampaignId = 1;
  #firstBannerId = 1;
  readonly #routes: readonly Route[];

  constructor(ctx: ApiContext) {
    this.#ctx = ctx;
    this.#routes = [
      { pattern: /^\/api\/v2\/user\.json$/, template: '/api/v2/user.json', methods: { GET: (c) => this.#user(c) } },
      { pattern: /^\/api\/v2\/packages\.json$/, template: '/api/v2/packages.json', methods: { GET: (c) => this.#packages(c) } },
      { pattern: /^\/api\/v2\/throttling\.json$/, template: '/api/v2/throttling.json', methods: { GET: (c) => this.#throttling(c) } },
      {
        pattern: /^\/api\/v2\/campaigns\.json$/,
        template: '/api/v2/campaigns.json',
        methods: { GET: (c) => this.#list(c, c.account.campaigns, CAMPAIGN), POST: (c) => this.#createCampaign(c) },
      },
      {
        pattern: /^\/api\/v2\/campaigns\/([^/]+)\.json$/,
        template: '/api/v2/campaigns/{id}.json',
        methods: {
          GET: (c) => this.#read(c, c.account.campaigns, CAMPAIGN, 'Campaign'),
          POST: (c) => this.#updateCampaign(c),
          DELETE: (c) => this.#delete(c, c.account.campaigns, 'Campaign'),
        },
      },
      {
        pattern: /^\/api\/v2\/banners\.json$/,
        template: '/api/v2/banners.json',
        methods: { GET: (c) => this.#list(c, c.account.banners, BANNER) },
      },
      {
        pattern: /^\/api\/v2\/banners\/([^/]+)\.json$/,
        template: '/api/v2/banners/{id}.json',
        methods: {
          GET: (c) => this.#read(c, c.account.banners, BANNER, 'Banner'),
          POST: (c) => this.#updateBanner(c),
          DELETE: (c) => this.#delete(c, c.account.banners, 'Banner'),
        },
      },
    ];
    this.#loadFixtures();
  }

  /** The operations emulated, as `METHOD path` (README checklist, 501 messages). */
  get operations(): string[] {
    return this.#routes.map((r) => `${Object.keys(r.methods).join('|')} ${r.template}`);
  }

  /**
   * Reads the fixture set the active scenario names (the user's --fixtures folder first, then the
   * shipped one; a set with no myTarget file falls back to default.json, as a set may be made for
   * another API only). Accounts are rebuilt from it on their next call.
   */
  #loadFixtures(): void {
    const fixtures = readActiveFixtures(this.#ctx, 'mytarget', MytargetFixtures);
    this.#fixtures = fixtures;
    this.#firstCampaignId = Math.max(0, ...fixtures.campaigns.map((c) => c.id)) + 1;
    this.#firstBannerId = Math.max(0, ...fixtures.banners.map((b) => b.id)) + 1;
  }

  reset(): void {
    this.#accounts.clear();
    this.limiter.reset();
    this.#loadFixtures();
  }

  /**
   * Answers one call. `countLimits`: a call over HTTP counts against the token's limits (and is
   * refused with 429 over them); a call the async queue runs does not, but its answer carries
   * the headers as they stand.
   */
  handle(req: SyncRequest, token: string, plan: MytargetPlan, countLimits: boolean): SyncAnswer {
    const now = this.#ctx.clock.now();
    let limitHeaders: Record<string, string>;
    if (countLimits) {
      const check = this.limiter.take(token, plan.rateLimits, now);
      if (!check.allowed) return toAnswer(renderError(errors.tooManyRequests(check.body!, check.headers)));
      limitHeaders = check.headers;
    } else {
      limitHeaders = this.limiter.peek(token, plan.rateLimits, now);
    }
    try {
      const result = this.#dispatch(req, token, plan, now);
      if (result.status === 204) return { status: 204, headers: { ...limitHeaders }, body: '' };
      return { status: result.status, headers: { 'content-type': JSON_TYPE, ...limitHeaders }, body: JSON.stringify(result.body) };
    } catch (e) {
      if (!isStandError(e)) throw e;
      const wire = toAnswer(renderError(e));
      return { ...wire, headers: { ...wire.headers, ...limitHeaders } };
    }
  }

  #dispatch(req: SyncRequest, token: string, plan: MytargetPlan, now: number): Result {
    const method = req.method === 'HEAD' ? 'GET' : req.method;
    for (const route of this.#routes) {
      const m = route.pattern.exec(req.path);
      if (!m) continue;
      const handler = route.methods[method];
      if (!handler) throw errors.methodNotAllowed(req.method, req.path, Object.keys(route.methods));
      const call: Call = { account: this.#account(token), token, plan, now, params: new URLSearchParams(req.query), req, args: m.slice(1) };
      return handler(call);
    }
    throw errors.notEmulated(req.method, req.path, this.operations);
  }

  #account(token: string): Account {
    let account = this.#accounts.get(token);
    if (!account) {
      const f = structuredClone(this.#fixtures);
      account = {
        user: f.user,
        packages: new Map(f.packages.map((p) => [p.id, p])),
        campaigns: new Map(f.campaigns.map((c) => [c.id, { ...c, last_updated: c.updated } as Resource])),
        banners: new Map(f.banners.map((b) => [b.id, { ...b } as Resource])),
      };
      this.#accounts.set(token, account);
    }
    return account;
  }

  // --- handlers ------------------------------------------------------------------------------

  #user(c: Call): Result {
    return { status: 200, body: project(c.account.user as unknown as Record<string, unknown>, parseFields(c.params, USER)) };
  }

  #packages(c: Call): Result {
    return this.#list(c, c.account.packages as unknown as Map<number, Resource>, PACKAGE);
  }

  #throttling(c: Call): Result {
    return { status: 200, body: this.limiter.summary(c.token, c.plan.rateLimits, c.now) };
  }

  #list(c: Call, items: Map<number, Resource>, shape: ResourceShape): Result {
    const q = parseListQuery(c.params, shape);
    let rows = [...items.values()];
    for (const f of q.filters) {
      rows = rows.filter((r) => {
        const v = wireString(r[f.field]);
        return f.op === 'ne' ? v !== f.values[0] : f.values.includes(v);
      });
    }
    const order = q.sorting.length > 0 ? q.sorting : [{ field: 'id', desc: false }];
    rows.sort((a, b) => {
      for (const { field, desc } of order) {
        const d = compare(a[field], b[field]);
        if (d !== 0) return desc ? -d : d;
      }
      return a.id - b.id;
    });
    return {
      status: 200,
      body: { count: rows.length, offset: q.offset, limit: q.limit, items: rows.slice(q.offset, q.offset + q.limit).map((r) => project(r, q.fields)) },
    };
  }

  #read(c: Call, items: Map<number, Resource>, shape: ResourceShape, what: string): Result {
    const item = this.#find(c, items, what);
    return { status: 200, body: project(item, parseFields(c.params, shape)) };
  }

  /** DELETE marks the object deleted (it stays readable with status "deleted"); 204. */
  #delete(c: Call, items: Map<number, Resource>, what: string): Result {
    const item = this.#find(c, items, what);
    const at = moscowDateTime(c.now);
    item.status = 'deleted';
    item.updated = at;
    if ('last_updated' in item) item.last_updated = at;
    if (typeof item.campaign_id === 'number') this.#touchCampaign(c.account, item.campaign_id, at);
    return { status: 204 };
  }

  #find(c: Call, items: Map<number, Resource>, what: string): Resource {
    const raw = c.args[0] ?? '';
    const item = /^\d{1,15}$/.test(raw) ? items.get(Number(raw)) : undefined;
    if (!item) throw errors.notFound(`${what} ${raw}`);
    return item;
  }

  #createCampaign(c: Call): Result {
    const input = parseBody('campaign', CampaignCreate, parseJson(c.req.body, c.req.contentType));
    const pkg = c.account.packages.get(input.package_id);
    if (!pkg || pkg.status !== 'active') {
      invalid('campaign', {
        package_id: { code: 'invalid_value', message: `Package ${input.package_id} ${pkg ? 'is not active' : 'does not exist'}; GET /api/v2/packages.json lists them.` },
      });
    }
    const objective = input.objective ?? pkg.objective[0]!;
    if (!pkg.objective.includes(objective)) {
      invalid('campaign', {
        objective: { code: 'invalid_choice', message: `Package ${pkg.id} does not allow objective ${objective}; allowed: ${pkg.objective.join(', ')}.` },
      });
    }
    checkDates(input.date_start ?? null, input.date_end ?? null);
    const at = moscowDateTime(c.now);
    const id = this.#ctx.ids.counter('mytarget-campaign', this.#firstCampaignId);
    const campaign: Resource = {
      id,
      name: input.name,
      status: input.status,
      package_id: pkg.id,
      objective,
      created: at,
      updated: at,
      last_updated: at,
      date_start: input.date_start ?? null,
      date_end: input.date_end ?? null,
      budget_limit: input.budget_limit ?? null,
      budget_limit_day: input.budget_limit_day ?? null,
      price: input.price ?? '0.00',
      max_price: input.max_price ?? '0.00',
      mixing: input.mixing ?? 'recommended',
      autobidding_mode: input.autobidding_mode ?? 'second_price_mean',
      enable_utm: input.enable_utm ?? false,
      utm: input.utm ?? null,
      targetings: input.targetings ?? {},
    };
    c.account.campaigns.set(id, campaign);
    for (const b of input.banners ?? []) {
      const bannerId = this.#ctx.ids.counter('mytarget-banner', this.#firstBannerId);
      c.account.banners.set(bannerId, {
        id: bannerId,
        campaign_id: id,
        name: b.name ?? '',
        status: 'active',
        moderation_status: 'delayed',
        created: at,
        updated: at,
        urls: b.urls ?? {},
        textblocks: b.textblocks ?? {},
        content: b.content ?? {},
      });
    }
    return { status: 200, body: project(campaign, parseFields(c.params, CAMPAIGN)) };
  }

  #updateCampaign(c: Call): Result {
    const campaign = this.#find(c, c.account.campaigns, 'Campaign');
    const input = parseBody('campaign', CampaignUpdate, parseJson(c.req.body, c.req.contentType), ['package_id', 'objective', 'banners']);
    const merged = { ...campaign, ...input };
    checkDates(merged.date_start as string | null, merged.date_end as string | null);
    Object.assign(campaign, input);
    const at = moscowDateTime(c.now);
    campaign.updated = at;
    campaign.last_updated = at;
    return { status: 204 };
  }

  #updateBanner(c: Call): Result {
    const banner = this.#find(c, c.account.banners, 'Banner');
    const input = parseBody('banner', BannerUpdate, parseJson(c.req.body, c.req.contentType));
    const at = moscowDateTime(c.now);
    // New content goes back to moderation.
    if (input.urls !== undefined || input.textblocks !== undefined || input.content !== undefined) banner.moderation_status = 'changed';
    Object.assign(banner, input);
    banner.updated = at;
    this.#touchCampaign(c.account, banner.campaign_id as number, at);
    return { status: 204 };
  }

  /** A campaign's `last_updated` includes changes of its banners. */
  #touchCampaign(account: Account, campaignId: number, at: string): void {
    const campaign = account.campaigns.get(campaignId);
    if (campaign) campaign.last_updated = at;
  }
}

function toAnswer(wire: { status: number; headers: Record<string, string>; body: unknown }): SyncAnswer {
  return { status: wire.status, headers: { ...wire.headers }, body: typeof wire.body === 'string' ? wire.body : JSON.stringify(wire.body) };
}

function checkDates(start: string | null, end: string | null): void {
  if (start !== null && end !== null && start > end) {
    invalid('campaign', { date_end: { code: 'invalid_value', message: `Must not be before date_start (${start}).` } });
  }
}

/** The object with only `fields`, in that order. */
function project(item: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) out[f] = item[f] ?? null;
  return out;
}

function wireString(v: unknown): string {
  return v === null || v === undefined ? '' : String(v);
}

function compare(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = wireString(a);
  const y = wireString(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

