import { deepFreeze } from '../../../core/deep-freeze.js';
import type { MytargetFixtures, PackageFixture, UserFixture } from '../fixtures.js';
import { errors, type FieldErrors } from '../errors.js';
import { dateOf, moscowDay, type Resource } from '../model.js';
import { fieldError, parseBody, writeSchema } from '../schemas.js';
import { BANNER, CAMPAIGN } from './fields.js';

/**
 * An account's campaigns and banners, and the rules of writing them (vk-ads-doc-api
 * methods/AdGroups.md, AdGroup.md, Banner.md; the same resources as myTarget's Campaigns,
 * Campaign and Banner): create answers `{"id"}` (+ `"banners":[{"id"}]`), update and delete
 * 204, a delete marks the object `deleted`, `urls`/`textblocks`/`content` of a banner are
 * replaced whole, and a campaign's `last_updated` moves with any change of its banners.
 */

/** One account's fixture objects (shared with other accounts until it changes one) and its own. */
export interface Account {
  user: UserFixture;
  packages: Map<number, PackageFixture>;
  campaigns: Map<number, Resource>;
  banners: Map<number, Resource>;
}

/**
 * The objects every new account of one fixture set starts with, made once and deep-frozen:
 * accounts share them, and copy one before its first change (own). A client that uses a new
 * token per test so costs its maps, not a copy of the fixtures (~15 KB a token before).
 */
export interface AccountTemplate {
  readonly user: UserFixture;
  readonly packages: readonly PackageFixture[];
  readonly campaigns: readonly Resource[];
  readonly banners: readonly Resource[];
}

export function accountTemplate(fixtures: MytargetFixtures): AccountTemplate {
  const f = structuredClone(fixtures);
  return deepFreeze({
    user: f.user,
    packages: f.packages,
    campaigns: f.campaigns.map((c) => ({ ...c, last_updated: c.updated }) as Resource),
    banners: f.banners.map((b) => ({ ...b }) as Resource),
  });
}

/** A new account of the template's objects; an agency client's account is that client's user (its id and username). */
export function newAccount(t: AccountTemplate, user?: { id: number; username: string }): Account {
  return {
    user: user ? deepFreeze({ ...structuredClone(t.user), id: user.id, username: user.username }) : t.user,
    packages: new Map(t.packages.map((p) => [p.id, p])),
    campaigns: new Map(t.campaigns.map((c) => [c.id as number, c])),
    banners: new Map(t.banners.map((b) => [b.id as number, b])),
  };
}

/** The account's own copy of an object it is about to change (a shared fixture object is copied first). */
export function own(items: Map<number, Resource>, item: Resource): Resource {
  if (!Object.isFrozen(item)) return item;
  const copy = structuredClone(item);
  items.set(item.id as number, copy);
  return copy;
}

/** New ids: stand-wide counters above the fixture's largest id. */
export interface NewIds {
  campaign(): number;
  banner(): number;
}

const BANNER_CREATE = writeSchema(BANNER, 'create');
const BANNER_UPDATE = writeSchema(BANNER, 'update');
const CAMPAIGN_CREATE = writeSchema(CAMPAIGN, 'create', { banners: BANNER_CREATE });
const CAMPAIGN_UPDATE = writeSchema(CAMPAIGN, 'update');
const NESTED = { banners: BANNER };

/** Stored fields of a new campaign that the request did not set. */
const CAMPAIGN_DEFAULTS = {
  status: 'active',
  date_start: null,
  date_end: null,
  budget_limit: null,
  budget_limit_day: null,
  price: '0.00',
  max_price: '0.00',
  cr_max_price: null,
  mixing: 'recommended',
  autobidding_mode: 'second_price_mean',
  enable_utm: false,
  utm: null,
  age_restrictions: null,
  audit_pixels: [],
  banner_uniq_shows_limit: null,
  uniq_shows_limit: null,
  uniq_shows_period: 'day',
  shows_limit: null,
  pricelist_id: null,
  priced_goal: null,
  targetings: {},
};

const BANNER_DEFAULTS = { name: '', status: 'active', urls: {}, textblocks: {}, content: {}, call_to_action: null, deeplink: null };

function invalid(fields: FieldErrors): never {
  throw errors.validation(fields);
}

function checkDates(start: unknown, end: unknown): void {
  if (typeof start === 'string' && typeof end === 'string' && start > end) {
    invalid({ date_end: fieldError('bad_value', `Must not be before date_start (${start}).`) });
  }
}

/** POST /api/v2/campaigns.json: the new campaign's id, and its banners' ids when it came with banners. */
export function createCampaign(account: Account, json: unknown, at: string, ids: NewIds): { id: number; banners?: { id: number }[] } {
  const input = parseBody(CAMPAIGN, CAMPAIGN_CREATE, json, NESTED);
  const pkg = account.packages.get(input.package_id as number);
  if (!pkg || pkg.status !== 'active') {
    invalid({ package_id: fieldError('invalid_package', `Package ${String(input.package_id)} is not available to this user; GET /api/v2/packages.json lists them.`) });
  }
  const objective = (input.objective as string | undefined) ?? pkg.objective[0]!;
  if (!(pkg.objective as string[]).includes(objective)) {
    invalid({ objective: fieldError('unallowed_value', `Package ${pkg.id} does not allow objective ${objective}; allowed: ${pkg.objective.join(', ')}.`) });
  }
  checkDates(input.date_start, input.date_end);
  const { banners, audit_viewability: _ignored, ...fields } = input;
  const id = ids.campaign();
  const campaign: Resource = { ...CAMPAIGN_DEFAULTS, ...fields, id, package_id: pkg.id, objective, created: at, updated: at, last_updated: at };
  account.campaigns.set(id, campaign);
  if (banners === undefined) return { id };
  return { id, banners: (banners as Record<string, unknown>[]).map((b) => ({ id: addBanner(account, id, b, at, ids) })) };
}

/** POST /api/v2/campaigns/{id}/banners.json: one banner object, or a list of them (kradwhite's CampaignBanners sends a list). */
export function createBanners(account: Account, campaign: Resource, json: unknown, at: string, ids: NewIds): { id: number } | { id: number }[] {
  const list = Array.isArray(json);
  const items = list ? json : [json];
  if (items.length === 0 || items.length > 50) throw errors.validation({ banners: fieldError('bad_value', 'Send one banner, or a list of 1 to 50 banners.') });
  const parsed = items.map((item, i) => {
    try {
      return parseBody(BANNER, BANNER_CREATE, item);
    } catch (e) {
      const fields = ((e as { details?: { fields?: FieldErrors } }).details?.fields ?? {}) as FieldErrors;
      throw list ? errors.validation({ banners: { items: items.map((_, j) => (j === i ? fields : {})) } }) : e;
    }
  });
  const created = parsed.map((b) => ({ id: addBanner(account, campaign.id, b, at, ids) }));
  own(account.campaigns, campaign).last_updated = at;
  return list ? created : created[0]!;
}

function addBanner(account: Account, campaignId: number, input: Record<string, unknown>, at: string, ids: NewIds): number {
  const id = ids.banner();
  account.banners.set(id, {
    ...BANNER_DEFAULTS,
    ...input,
    id,
    campaign_id: campaignId,
    moderation_status: 'pending',
    moderation_reasons: [],
    created: at,
    updated: at,
    products: [],
    video_params: null,
  });
  return id;
}

/** POST /api/v2/campaigns/{id}.json: 204. */
export function updateCampaign(account: Account, campaign: Resource, json: unknown, at: string): void {
  const input = parseBody(CAMPAIGN, CAMPAIGN_UPDATE, json);
  const pkg = account.packages.get(campaign.package_id as number);
  if (input.package_id !== undefined && input.package_id !== campaign.package_id) {
    invalid({ package_id: fieldError('can_not_set', `A campaign cannot move to another package (it is in ${String(campaign.package_id)}).`) });
  }
  if (input.objective !== undefined && pkg && !(pkg.objective as string[]).includes(input.objective as string)) {
    invalid({ objective: fieldError('unallowed_value', `Package ${pkg.id} does not allow objective ${String(input.objective)}; allowed: ${pkg.objective.join(', ')}.`) });
  }
  checkDates(input.date_start !== undefined ? input.date_start : campaign.date_start, input.date_end !== undefined ? input.date_end : campaign.date_end);
  const { audit_viewability: _ignored, ...fields } = input;
  Object.assign(campaign, fields);
  campaign.updated = at;
  campaign.last_updated = at;
}

/** POST /api/v2/banners/{id}.json: 204; new content goes back to moderation. */
export function updateBanner(account: Account, banner: Resource, json: unknown, at: string): void {
  const input = parseBody(BANNER, BANNER_UPDATE, json);
  if (input.urls !== undefined || input.textblocks !== undefined || input.content !== undefined) {
    banner.moderation_status = 'pending';
    banner.moderation_reasons = [];
  }
  Object.assign(banner, input);
  banner.updated = at;
  touch(account, banner.campaign_id as number, at);
}

/** DELETE: the object stays readable with status "deleted". */
export function deleteObject(account: Account, item: Resource, at: string): void {
  item.status = 'deleted';
  item.updated = at;
  if ('last_updated' in item) item.last_updated = at;
  if (typeof item.campaign_id === 'number') touch(account, item.campaign_id, at);
}

/** A campaign's `last_updated` includes changes of its banners (DOC-2015 objects/campaign.md; methods/AdGroups.md). */
function touch(account: Account, campaignId: number, at: string): void {
  const campaign = account.campaigns.get(campaignId);
  if (campaign) own(account.campaigns, campaign).last_updated = at;
}

// --- fields the API computes --------------------------------------------------------------------

interface Issue {
  arguments: Record<string, unknown>;
  code: string;
  message: string;
}

const issue = (code: string, message: string, args: Record<string, unknown> = {}): Issue => ({ arguments: args, code, message });
const ON_MODERATION = new Set(['pending', 'new', 'changed', 'delayed']);

/**
 * A campaign's `issues` and `delivery` (objects/AdGroup.md: the codes and texts of the reasons a
 * campaign is not shown; only those the stand's objects can have).
 */
export function campaignState(account: Account, c: Resource, now: number): { issues: Issue[]; delivery: string } {
  const issues: Issue[] = [];
  const today = dateOf(moscowDay(now));
  if (c.status === 'deleted') issues.push(issue('ARCHIVED', 'The campaign is removed.'));
  if (c.status === 'blocked') issues.push(issue('STOPPED', 'The campaign is stopped.'));
  if (typeof c.date_start === 'string' && c.date_start > today) {
    issues.push(issue('OUT_OF_DATE_START', `Current date does not satisfy campaign settings: start date is ${c.date_start}.`, { date_start: c.date_start }));
  }
  if (typeof c.date_end === 'string' && c.date_end < today) {
    issues.push(issue('OUT_OF_DATE_END', `Current date does not satisfy campaign settings: end date is ${c.date_end}.`, { date_end: c.date_end }));
  }
  if (account.packages.get(c.package_id as number)?.status !== 'active') issues.push(issue('PACKAGE_UNAVAILABLE', 'Ad format is not available for this account'));
  const active = [...account.banners.values()].filter((b) => b.campaign_id === c.id && b.status === 'active');
  let moderating = false;
  if (active.length === 0) issues.push(issue('NO_BANNERS_WITH_ACTIVE_STATUS', 'The campaign has no active banners.'));
  else if (!active.some((b) => b.moderation_status === 'allowed')) {
    issues.push(issue('NO_ALLOWED_BANNERS', 'The campaign has no banners, approved by moderation.'));
    moderating = active.some((b) => ON_MODERATION.has(b.moderation_status as string));
  }
  const delivery = issues.length === 0 ? 'delivering' : issues.length === 1 && moderating ? 'pending' : 'not_delivering';
  return { issues, delivery };
}

/** A banner's `issues` and `delivery` (objects/Banner.md: codes and texts). */
export function bannerState(account: Account, b: Resource): { issues: Issue[]; delivery: string } {
  const issues: Issue[] = [];
  const campaign = account.campaigns.get(b.campaign_id as number);
  if (b.status === 'deleted') issues.push(issue('BANNER_ARCHIVED', 'The banner is removed.'));
  if (b.status === 'blocked') issues.push(issue('BANNER_STOPPED', 'The banner is stopped.'));
  if (campaign?.status === 'deleted') issues.push(issue('CAMPAIGN_ARCHIVED', 'The campaign is removed.'));
  if (campaign?.status === 'blocked') issues.push(issue('CAMPAIGN_STOPPED', 'The campaign is stopped.'));
  if (b.moderation_status === 'banned') issues.push(issue('BANNER_BANNED', 'The banner is rejected by moderation.'));
  const moderating = ON_MODERATION.has(b.moderation_status as string);
  if (moderating) issues.push(issue('BANNER_ON_MODERATION', 'The banner is on moderation.'));
  const delivery = issues.length === 0 ? 'delivering' : issues.length === 1 && moderating ? 'pending' : 'not_delivering';
  return { issues, delivery };
}

/** The object as it reads with `fields`: stored fields, and the computed ones when asked for. */
export function readable(account: Account, kind: 'campaign' | 'banner', item: Resource, fields: readonly string[], now: number): Resource {
  if (!fields.includes('issues') && !fields.includes('delivery') && !fields.includes('user_can_request_remoderation')) return item;
  const state = kind === 'campaign' ? campaignState(account, item, now) : bannerState(account, item);
  return kind === 'campaign' ? { ...item, ...state } : { ...item, ...state, user_can_request_remoderation: item.moderation_status === 'banned' };
}
