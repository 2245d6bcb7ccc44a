import { packageView, userView } from './account-views.js';
import { isStandError, type StandError } from '../../../core/errors.js';
import { readActiveFixtures } from '../../../scenarios/loader.js';
import type { ApiContext } from '../../api.js';
import { errors, JSON_TYPE, renderError } from '../errors.js';
import { MytargetFixtures } from '../fixtures.js';
import { moscowDateTime, type LazyBody, type Resource, type SyncAnswer, type SyncRequest } from '../model.js';
import type { MytargetPlan } from '../plan.js';
import { parseForm, parseJson } from '../schemas.js';
import { BANNER, CAMPAIGN, PACKAGE, USER, type FieldSpec, type ResourceShape } from './fields.js';
import { comparable, parseFields, parseListQuery, passes, project, sortRows } from './lists.js';
import { accountTemplate, createBanners, createCampaign, deleteObject, newAccount, own, readable, updateBanner, updateCampaign, type Account, type AccountTemplate, type NewIds } from './objects.js';
import { OauthTokens } from './oauth.js';
import { RateLimiter } from './rate-limits.js';
import { notEmulated, STATISTICS_PATH } from './operations.js';
import { statisticsV2, statisticsV3, type Entity } from './statistics.js';

interface Call {
  account: Account;
  /** The account's name: the token, or `oauth:<client>[:<agency client>]` for the stand's tokens. */
  name: string;
  plan: MytargetPlan;
  now: number;
  params: URLSearchParams;
  req: SyncRequest;
  /** Captures of the route's pattern (ids). */
  args: string[];
}

type Result = { status: number; body?: unknown; lazy?: LazyBody; text?: string };
type Handler = (c: Call) => Result;

interface Route {
  readonly pattern: RegExp;
  /** As the README lists it, e.g. `/api/v2/campaigns/{id}.json`. */
  readonly template: string;
  readonly methods: Readonly<Partial<Record<string, Handler>>>;
  /** Methods the real API takes on this path that the stand does not emulate (501, not 405). */
  readonly real?: readonly string[];
  /** Needs no OAuth2 scope (the token endpoint, the user, the limits). */
  readonly open?: boolean;
  /** The token endpoint: no bearer token, no rate limits. */
  readonly oauth?: boolean;
}

/** `/api/{v}/...` for v2 and v3 (kradwhite/mytarget-api-client requests every resource under /api/v3/ since 2022). */
const V = '(?:v2|v3)';
const re = (path: string) => new RegExp(`^/api/${path}$`);

/** The v2 special filters of banners, typed as the fields they read. */
const BANNER_SPECIAL: Record<string, FieldSpec> = { campaign_status: CAMPAIGN.fields.status! };

/**
 * The sync myTarget API v2 (and the same resources under v3): the account's user, packages,
 * campaigns and banners, statistics, the token's limits, and the OAuth2 token endpoint. Each
 * account has its own copy of the fixture objects, made on its first call. Answers are rendered
 * to bytes here (large statistics as chunks made when sent), so the async API replays exactly
 * what a sync call would have answered.
 */
export class SyncApi {
  readonly #ctx: ApiContext;
  readonly limiter = new RateLimiter();
  readonly oauth: OauthTokens;
  readonly #accounts = new Map<string, Account>();
  /** What a new account starts with (the active fixture set's objects, shared). */
  #template!: AccountTemplate;
  #ids!: NewIds;
  readonly #routes: readonly Route[];

  constructor(ctx: ApiContext) {
    this.#ctx = ctx;
    this.oauth = new OauthTokens(ctx.ids);
    const list = (kind: 'campaign' | 'banner', shape: ResourceShape) => (c: Call) => this.#list(c, kind, shape, [...this.#items(c, kind).values()]);
    this.#routes = [
      { pattern: re(`${V}/user\\.json`), template: '/api/v2/user.json', methods: { GET: (c) => this.#user(c) }, real: ['POST'], open: true },
      { pattern: re(`${V}/packages\\.json`), template: '/api/v2/packages.json', methods: { GET: (c) => this.#packages(c) } },
      { pattern: re(`${V}/throttling\\.json`), template: '/api/v2/throttling.json', methods: { GET: (c) => this.#ok(this.limiter.throttling(c.name, c.plan.rateLimits, c.now)) }, open: true },
      {
        pattern: re(`${V}/campaigns\\.json`),
        template: '/api/v2/campaigns.json',
        methods: { GET: list('campaign', CAMPAIGN), POST: (c) => this.#createCampaign(c) },
      },
      {
        pattern: re(`${V}/campaigns/([^/]+)\\.json`),
        template: '/api/v2/campaigns/{id}.json',
        methods: {
          GET: (c) => this.#read(c, 'campaign', CAMPAIGN),
          POST: (c) => this.#write(c, (a, item, at) => updateCampaign(a, item, this.#json(c), at), 'campaign'),
          DELETE: (c) => this.#write(c, (a, item, at) => deleteObject(a, item, at), 'campaign'),
        },
      },
      {
        pattern: re(`${V}/campaigns/([^/]+)/banners\\.json`),
        template: '/api/v2/campaigns/{id}/banners.json',
        methods: {
          GET: (c) => this.#list(c, 'banner', BANNER, [...c.account.banners.values()].filter((b) => b.campaign_id === this.#find(c, 'campaign').id)),
          POST: (c) => this.#ok(createBanners(c.account, this.#find(c, 'campaign'), this.#json(c), moscowDateTime(c.now), this.#ids)),
        },
      },
      { pattern: re(`${V}/banners\\.json`), template: '/api/v2/banners.json', methods: { GET: list('banner', BANNER) } },
      {
        pattern: re(`${V}/banners/([^/]+)\\.json`),
        template: '/api/v2/banners/{id}.json',
        methods: {
          GET: (c) => this.#read(c, 'banner', BANNER),
          POST: (c) => this.#write(c, (a, item, at) => updateBanner(a, item, this.#json(c), at), 'banner'),
          DELETE: (c) => this.#write(c, (a, item, at) => deleteObject(a, item, at), 'banner'),
        },
      },
      {
        pattern: re('v2/statistics/(campaigns|banners|users)/(day|summary)\\.json'),
        template: '/api/v2/statistics/{campaigns|banners|users}/{day|summary}.json',
        methods: { GET: (c) => this.#stats(c, (s) => statisticsV2(s, c.args[0] as Entity, c.args[1] as 'day' | 'summary')) },
      },
      {
        pattern: re('v3/statistics/(campaigns|banners|users)/day\\.json'),
        template: '/api/v3/statistics/{campaigns|banners|users}/day.json',
        methods: { GET: (c) => this.#stats(c, (s) => statisticsV3(s, c.args[0] as Entity)) },
      },
      { pattern: re('v2/oauth2/token\\.json'), template: '/api/v2/oauth2/token.json', methods: { POST: (c) => this.#ok(this.token(c.req, c.plan)) }, open: true, oauth: true },
      {
        pattern: re('v2/oauth2/token/delete\\.json'),
        template: '/api/v2/oauth2/token/delete.json',
        methods: { POST: (c) => this.#ok(this.deleteTokens(c.req, c.plan)) },
        open: true,
        oauth: true,
      },
    ];
    this.#loadFixtures();
  }

  /** The operations emulated, as `METHOD path` (README checklist). */
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
    this.#template = accountTemplate(fixtures);
    const firstCampaign = Math.max(0, ...fixtures.campaigns.map((c) => c.id)) + 1;
    const firstBanner = Math.max(0, ...fixtures.banners.map((b) => b.id)) + 1;
    const ids = this.#ctx.ids;
    this.#ids = { campaign: () => ids.counter('mytarget-campaign', firstCampaign), banner: () => ids.counter('mytarget-banner', firstBanner) };
  }

  reset(): void {
    this.#accounts.clear();
    this.limiter.reset();
    this.oauth.reset();
    this.#loadFixtures();
  }

  /** POST /api/v2/oauth2/token.json (no bearer token, no rate limits). */
  token(req: SyncRequest, plan: MytargetPlan): unknown {
    return this.oauth.grant(parseForm(req.body, req.contentType), plan.oauth, this.#ctx.clock.now());
  }

  /** POST /api/v2/oauth2/token/delete.json: 200 with an empty object (the answer is not documented). */
  deleteTokens(req: SyncRequest, plan: MytargetPlan): unknown {
    this.oauth.delete(parseForm(req.body, req.contentType), plan.oauth);
    return {};
  }

  /**
   * Answers one call of `account`. `countLimits`: a call over HTTP counts against the account's
   * limits (and is refused with 429 over them); a call the async queue runs does not, but its
   * answer carries the headers as they stand. Every answer carries `Date` from the stand's clock.
   */
  handle(req: SyncRequest, account: string, plan: MytargetPlan, countLimits: boolean): SyncAnswer {
    const now = this.#ctx.clock.now();
    const date = new Date(now).toUTCString();
    const route = this.#route(req);
    if (route?.oauth) return this.#answer(() => this.#dispatch(route, req, account, plan, now), { date });
    let limitHeaders: Record<string, string>;
    if (countLimits) {
      const check = this.limiter.take(account, plan.rateLimits, now);
      if (!check.allowed) return this.errorAnswer(errors.tooManyRequests(check.body!, check.headers), now);
      limitHeaders = check.headers;
    } else {
      limitHeaders = this.limiter.peek(account, plan.rateLimits, now);
    }
    return this.#answer(() => this.#dispatch(route, req, account, plan, now), { date, ...limitHeaders });
  }

  /** An error as the sync API answers it (the async API's answer for a call whose token stopped working). */
  errorAnswer(e: StandError, now: number, extra: Record<string, string> = {}): SyncAnswer {
    const wire = renderError(e);
    return { status: wire.status, headers: { ...wire.headers, date: new Date(now).toUTCString(), ...extra }, body: JSON.stringify(wire.body) };
  }

  #answer(run: () => Result, headers: Record<string, string>): SyncAnswer {
    try {
      const r = run();
      if (r.status === 204) return { status: 204, headers, body: '' };
      return { status: r.status, headers: { 'content-type': JSON_TYPE, ...headers }, body: r.lazy ?? r.text ?? JSON.stringify(r.body) };
    } catch (e) {
      if (!isStandError(e)) throw e;
      return this.errorAnswer(e, this.#ctx.clock.now(), headers);
    }
  }

  #route(req: SyncRequest): Route | undefined {
    if (notEmulated(req.path)) return undefined;
    return this.#routes.find((r) => r.pattern.test(req.path));
  }

  #dispatch(route: Route | undefined, req: SyncRequest, name: string, plan: MytargetPlan, now: number): Result {
    const method = req.method === 'HEAD' ? 'GET' : req.method;
    if (!route) {
      if (notEmulated(req.path)) throw errors.notEmulated(req.method, req.path);
      if (STATISTICS_PATH.test(req.path)) throw errors.statistics(404, plan.statisticsErrorCodes === 'documented' ? 'ERR_WRONG_RESOURCE' : 'WRONG_RESOURCE', `${req.path}: no such statistics method`);
      throw errors.unknownResource(req.method, req.path);
    }
    const handler = route.methods[method];
    if (!handler) {
      if (route.real?.includes(method)) throw errors.notEmulated(req.method, req.path);
      throw errors.methodNotAllowed(req.method, req.path, Object.keys(route.methods));
    }
    if (!route.open) {
      const scopes = this.oauth.scopesOf(name);
      const need = method === 'GET' ? 'read_ads' : 'create_ads';
      if (scopes && !scopes.includes(need)) throw errors.accessDenied(need);
    }
    const accounts = this.#accounts;
    const template = this.#template;
    const persistence = this.#ctx.persistence;
    const oauth = this.oauth;
    return handler({
      // Made on first use: the token endpoint has no account. A state file keeps the request
      // that made one (also a read), so a restart makes accounts in the same order.
      get account() {
        let account = accounts.get(name);
        if (!account) {
          accounts.set(name, (account = newAccount(template, oauth.userOf(name))));
          persistence.touch();
        }
        return account;
      },
      name,
      plan,
      now,
      params: new URLSearchParams(req.query),
      req,
      args: route.pattern.exec(req.path)!.slice(1),
    });
  }

  // --- handlers ------------------------------------------------------------------------------

  #ok(body: unknown): Result {
    return { status: 200, body };
  }

  #json(c: Call): unknown {
    return parseJson(c.req.body, c.req.contentType);
  }

  #items(c: Call, kind: 'campaign' | 'banner'): Map<number, Resource> {
    return kind === 'campaign' ? c.account.campaigns : c.account.banners;
  }

  /** Create answers `{"id"}`, with `"banners":[{"id"}]` when it made banners (methods/AdGroups.md), and the `fields=` asked for. */
  #createCampaign(c: Call): Result {
    const fields = c.params.has('fields') ? parseFields(c.params, CAMPAIGN, []) : [];
    const created = createCampaign(c.account, this.#json(c), moscowDateTime(c.now), this.#ids);
    const campaign = c.account.campaigns.get(created.id)!;
    const asked = project(readable(c.account, 'campaign', campaign, fields, c.now), fields);
    return this.#ok({ id: created.id, ...asked, ...(created.banners ? { banners: created.banners } : {}) });
  }

  #user(c: Call): Result {
    return this.#ok(project(userView(c.account), parseFields(c.params, USER, USER.defaultFields)));
  }

  #packages(c: Call): Result {
    const q = parseListQuery(c.params, PACKAGE);
    const all = [...c.account.packages.values()].map((p) => packageView(p) as Resource);
    const rows = sortRows(PACKAGE, all.filter((p) => q.filters.every((f) => passes(f, comparable(PACKAGE, p, f.field)))), q.sorting);
    return this.#ok({ count: rows.length, offset: q.offset, limit: q.limit, items: rows.slice(q.offset, q.offset + q.limit).map((r) => project(r, q.fields)) });
  }

  /** A list: `{"count","offset","limit","items"}` (API standards); `count` is the total after the filters. */
  #list(c: Call, kind: 'campaign' | 'banner', shape: ResourceShape, all: Resource[]): Result {
    const q = parseListQuery(c.params, shape, kind === 'banner' ? BANNER_SPECIAL : {});
    const rows = sortRows(
      shape,
      all.filter((r) => q.filters.every((f) => (f.special ? this.#special(c, r, f.field, f) : passes(f, comparable(shape, r, f.field))))),
      q.sorting,
    );
    const items = rows.slice(q.offset, q.offset + q.limit).map((r) => project(readable(c.account, kind, r, q.fields, c.now), q.fields));
    return this.#ok({ count: rows.length, offset: q.offset, limit: q.limit, items });
  }

  /** Banners' `_campaign_status`, `_url` and `_textblock` (a case-sensitive substring of any URL or any text). */
  #special(c: Call, banner: Resource, field: string, f: Parameters<typeof passes>[0]): boolean {
    if (field === 'campaign_status') return passes(f, (c.account.campaigns.get(banner.campaign_id as number)?.status as string | undefined) ?? null);
    const needle = String(f.values[0]);
    const texts: string[] = [];
    for (const v of Object.values((field === 'url' ? banner.urls : banner.textblocks) as Record<string, unknown>)) {
      if (typeof v !== 'object' || v === null) continue;
      for (const [k, t] of Object.entries(v)) if (typeof t === 'string' && (field === 'url' ? k === 'url' : k === 'text' || k === 'title')) texts.push(t);
    }
    return texts.some((t) => t.includes(needle));
  }

  #find(c: Call, kind: 'campaign' | 'banner'): Resource {
    const raw = c.args[0] ?? '';
    const item = /^\d{1,15}$/.test(raw) ? this.#items(c, kind).get(Number(raw)) : undefined;
    if (!item) throw errors.notFound(kind === 'campaign' ? CAMPAIGN.resource : BANNER.resource, raw);
    return item;
  }

  #read(c: Call, kind: 'campaign' | 'banner', shape: ResourceShape): Result {
    const item = this.#find(c, kind);
    const fields = parseFields(c.params, shape, shape.defaultFields);
    return this.#ok(project(readable(c.account, kind, item, fields, c.now), fields));
  }

  #write(c: Call, change: (a: Account, item: Resource, at: string) => void, kind: 'campaign' | 'banner'): Result {
    // The account's own copy: a fixture object is shared by every account until one changes it.
    change(c.account, own(this.#items(c, kind), this.#find(c, kind)), moscowDateTime(c.now));
    return { status: 204 };
  }

  #stats(c: Call, run: (s: Parameters<typeof statisticsV2>[0]) => { text: string } | { lazy: LazyBody }): Result {
    const body = run({ account: c.account, params: c.params, plan: c.plan, now: c.now, seed: this.#ctx.config.seed });
    return 'text' in body ? { status: 200, text: body.text } : { status: 200, lazy: body.lazy };
  }
}
