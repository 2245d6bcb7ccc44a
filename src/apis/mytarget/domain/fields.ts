/**
 * The fields of the sync API's objects: their types and flags, as the API documents them
 * (`readable`, `writable`, `required`, `create_only`, `default_field`, min/max values, choices:
 * vk-ads-doc-api objects/AdGroup.md and objects/Banner.md, the same objects as myTarget's
 * Campaign and Banner renamed), with the v2 field lists clients send as `fields=`
 * (pavelmaksimov/tapioca-mytarget `get_campaigns` / `get_banners`). Lists, filters, sorting,
 * projections and the write checks are all made from these tables.
 */

export type FieldType = 'id' | 'integer' | 'decimal' | 'string' | 'text' | 'boolean' | 'date' | 'datetime' | 'choice' | 'object' | 'list';

export interface FieldSpec {
  readonly type: FieldType;
  readonly choices?: readonly string[];
  /** In `fields=` and answers (default true). */
  readonly readable?: boolean;
  readonly writable?: boolean;
  readonly required?: boolean;
  /** Writable on create only (`banners` of a campaign). */
  readonly createOnly?: boolean;
  readonly nullable?: boolean;
  readonly max?: number;
  readonly maxLength?: number;
  readonly pattern?: RegExp;
  readonly patternText?: string;
}

/** What a list or a read of one resource shows, filters and sorts. */
export interface ResourceShape {
  /** "campaign", "banner" (messages). */
  readonly name: string;
  /** The class name a 404 names in `resource` (kradwhite live tests: "Segment", "Counter"). */
  readonly resource: string;
  readonly fields: Readonly<Record<string, FieldSpec>>;
  /** A read of one object without `fields=`. */
  readonly defaultFields: readonly string[];
  /** Items of a list without `fields=`. */
  readonly listDefaultFields: readonly string[];
  /** Filters that are not a field (`_url`, `_textblock`, `_campaign_status`). */
  readonly specialFilters?: readonly string[];
}

const RO = { readable: true, writable: false } as const;
const RW = { readable: true, writable: true } as const;
const INT_MAX = 2_147_483_647;

export const STATUSES = ['active', 'blocked', 'deleted'] as const;
export const MIXINGS = ['fastest', 'recommended'] as const;
export const AUTOBIDDING_MODES = ['fixed', 'second_price', 'second_price_mean', 'max_goals', 'max_shows'] as const;
export const UNIQ_SHOWS_PERIODS = ['day', 'week', 'month', 'eternity'] as const;
export const DELIVERIES = ['pending', 'delivering', 'not_delivering'] as const;
/** v2 moderation statuses (objects/Banner.md); `new`, `changed` and `delayed` are v1's, kept readable in fixtures. */
export const MODERATION_STATUSES = ['pending', 'allowed', 'banned', 'new', 'changed', 'delayed'] as const;
export const OBJECTIVES = [
  'traffic',
  'appinstalls',
  'reach',
  'videoviews',
  'socialengagement',
  'leadads',
  'site_conversions',
  'storetraffic',
  'playersengagement',
] as const;

export const CAMPAIGN: ResourceShape = {
  name: 'campaign',
  resource: 'Campaign',
  fields: {
    id: { type: 'id', ...RO },
    name: { type: 'string', ...RW, required: true, maxLength: 255 },
    package_id: { type: 'id', ...RW, required: true },
    status: { type: 'choice', ...RW, choices: STATUSES },
    objective: { type: 'string', ...RW },
    created: { type: 'datetime', ...RO },
    updated: { type: 'datetime', ...RO },
    last_updated: { type: 'datetime', ...RO },
    date_start: { type: 'date', ...RW, nullable: true },
    date_end: { type: 'date', ...RW, nullable: true },
    budget_limit: { type: 'decimal', ...RW, nullable: true },
    budget_limit_day: { type: 'decimal', ...RW, nullable: true },
    price: { type: 'decimal', ...RW },
    max_price: { type: 'decimal', ...RW, max: 21_474_836 },
    cr_max_price: { type: 'decimal', ...RW, nullable: true },
    mixing: { type: 'choice', ...RW, choices: MIXINGS },
    autobidding_mode: { type: 'choice', ...RW, choices: AUTOBIDDING_MODES },
    enable_utm: { type: 'boolean', ...RW },
    utm: { type: 'text', ...RW, nullable: true, maxLength: 4096 },
    age_restrictions: { type: 'string', ...RW, nullable: true, pattern: /^[1-9]?[0-9]\+$/, patternText: 'e.g. "18+"' },
    audit_pixels: { type: 'list', ...RW },
    banner_uniq_shows_limit: { type: 'integer', ...RW, nullable: true, max: INT_MAX },
    uniq_shows_limit: { type: 'integer', ...RW, nullable: true, max: INT_MAX },
    uniq_shows_period: { type: 'choice', ...RW, choices: UNIQ_SHOWS_PERIODS },
    shows_limit: { type: 'integer', ...RW, nullable: true, max: INT_MAX },
    pricelist_id: { type: 'integer', ...RW, nullable: true, max: INT_MAX },
    priced_goal: { type: 'object', ...RW, nullable: true },
    targetings: { type: 'object', ...RW },
    delivery: { type: 'choice', ...RO, choices: DELIVERIES },
    issues: { type: 'list', ...RO },
    // "banners не поддерживается в fields и возвращается ошибка" (vk-ads-doc-api methods/AdGroups.md).
    banners: { type: 'list', readable: false, writable: true, createOnly: true },
    // In the documented create example (methods/AdGroups.md) and kradwhite's live test, not in the object: accepted, not kept.
    audit_viewability: { type: 'string', readable: false, writable: true, nullable: true },
  },
  defaultFields: ['id', 'name', 'package_id'],
  // Kachit/mytarget-sdk-go stubs/data/management/campaigns/list.success.json, methods/AdGroups.md.
  listDefaultFields: ['id', 'name', 'package_id', 'last_updated'],
};

export const BANNER: ResourceShape = {
  name: 'banner',
  resource: 'Banner',
  fields: {
    id: { type: 'id', ...RO },
    campaign_id: { type: 'id', ...RO },
    name: { type: 'string', ...RW, maxLength: 255 },
    status: { type: 'choice', ...RW, choices: STATUSES },
    moderation_status: { type: 'choice', ...RO, choices: MODERATION_STATUSES },
    moderation_reasons: { type: 'list', ...RO },
    delivery: { type: 'choice', ...RO, choices: DELIVERIES },
    issues: { type: 'list', ...RO },
    created: { type: 'datetime', ...RO },
    updated: { type: 'datetime', ...RO },
    urls: { type: 'object', ...RW },
    textblocks: { type: 'object', ...RW },
    content: { type: 'object', ...RW },
    call_to_action: { type: 'string', ...RW, nullable: true, maxLength: 255 },
    deeplink: { type: 'string', ...RW, nullable: true, maxLength: 4096 },
    products: { type: 'list', ...RO },
    user_can_request_remoderation: { type: 'boolean', ...RO },
    video_params: { type: 'object', ...RO, nullable: true },
  },
  defaultFields: ['id', 'campaign_id', 'moderation_status'],
  listDefaultFields: ['id', 'campaign_id', 'moderation_status'],
  // tapioca-mytarget get_banners docstring; vk-ads-doc-api methods/Banners.md.
  specialFilters: ['url', 'textblock', 'campaign_status'],
};

export const PACKAGE: ResourceShape = {
  name: 'package',
  resource: 'Package',
  fields: {
    id: { type: 'id', ...RO },
    name: { type: 'string', ...RO },
    status: { type: 'choice', ...RO, choices: STATUSES },
    objective: { type: 'list', ...RO },
    description: { type: 'string', ...RO },
    // Read by koma136/mytarget-php-ads-sdk's Package mapper; their values are the stand's (account-views.ts).
    price: { type: 'decimal', ...RO },
    max_price_per_unit: { type: 'decimal', ...RO },
    created: { type: 'datetime', ...RO },
    updated: { type: 'datetime', ...RO },
    url_types: { type: 'object', ...RO },
    banner_format_id: { type: 'integer', ...RO },
    pads_tree_id: { type: 'integer', ...RO },
    related_package_ids: { type: 'list', ...RO },
    priced_event_type: { type: 'integer', ...RO },
    paid_event_type: { type: 'integer', ...RO },
    max_uniq_shows_limit: { type: 'integer', ...RO },
    max_banners_in_one_campaign: { type: 'integer', ...RO },
  },
  defaultFields: ['id', 'name', 'status', 'objective', 'description'],
  listDefaultFields: ['id', 'name', 'status', 'objective', 'description'],
};

const USER_FIELDS = ['id', 'username', 'status', 'types', 'language', 'currency', 'account'];
export const USER: ResourceShape = {
  name: 'user',
  resource: 'User',
  fields: {
    id: { type: 'id', ...RO },
    username: { type: 'string', ...RO },
    status: { type: 'choice', ...RO, choices: STATUSES },
    types: { type: 'list', ...RO },
    language: { type: 'string', ...RO },
    currency: { type: 'string', ...RO },
    account: { type: 'object', ...RO },
    // The rest of wreckah/target_api doc/objects/user.md (and koma136's User mapper's names of
    // the banner counts); their values are the stand's (account-views.ts).
    firstname: { type: 'string', ...RO },
    lastname: { type: 'string', ...RO },
    email: { type: 'string', ...RO },
    additional_info: { type: 'object', ...RO },
    mailings: { type: 'list', ...RO },
    permissions: { type: 'list', ...RO },
    agency: { type: 'object', ...RO },
    agency_username: { type: 'string', ...RO },
    branch_username: { type: 'string', ...RO },
    flags: { type: 'list', ...RO },
    max_active_banners_count: { type: 'integer', ...RO },
    active_banners_count: { type: 'integer', ...RO },
    max_active_banners: { type: 'integer', ...RO },
    active_banners: { type: 'integer', ...RO },
    append_utm: { type: 'boolean', ...RO },
    show_compact_view: { type: 'boolean', ...RO },
    info_currency: { type: 'string', ...RO },
  },
  defaultFields: USER_FIELDS,
  listDefaultFields: USER_FIELDS,
};

const SCALAR: ReadonlySet<FieldType> = new Set(['id', 'integer', 'decimal', 'string', 'text', 'boolean', 'date', 'datetime', 'choice']);

/** Fields `fields=` may name. */
export function readableFields(shape: ResourceShape): string[] {
  return Object.entries(shape.fields)
    .filter(([, f]) => f.readable !== false)
    .map(([name]) => name);
}

/** Top-level scalar fields: filters `_<field>[__op]` and `sorting` ("nested fields cannot be filtered", API standards). */
export function scalarField(shape: ResourceShape, name: string): FieldSpec | undefined {
  const f = Object.hasOwn(shape.fields, name) ? shape.fields[name] : undefined;
  return f && f.readable !== false && SCALAR.has(f.type) ? f : undefined;
}

export function scalarFields(shape: ResourceShape): string[] {
  return readableFields(shape).filter((n) => scalarField(shape, n));
}
