import * as z from 'zod';
import { AUTOBIDDING_MODES, MIXINGS, MODERATION_STATUSES, OBJECTIVES, STATUSES, UNIQ_SHOWS_PERIODS } from './domain/fields.js';

/**
 * The objects every account starts with (`fixtures/mytarget/<set>.json`). Each token that calls
 * the stand gets its own deep copy, so tests with different tokens never see each other's
 * changes. Values are kept in their wire form (decimals as strings, datetimes as
 * `YYYY-MM-DD HH:MM:SS` Moscow time), so answers are the fixture's bytes.
 */
const datetime = z.string().regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/, { message: 'must be YYYY-MM-DD HH:MM:SS (Moscow time)' });
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be YYYY-MM-DD' });
const decimal = z.string().regex(/^\d+(\.\d+)?$/, { message: 'must be a decimal in a string, e.g. "1000.00"' });
const id = z.number().int().positive();
const count = z.number().int().nonnegative().nullable().default(null);
const objects = z.array(z.record(z.string(), z.unknown())).default([]);

export const UserFixture = z.strictObject({
  id,
  username: z.string().min(1),
  status: z.enum(['active', 'blocked', 'deleted']),
  types: z.array(z.string()).min(1),
  language: z.string().min(2),
  currency: z.string().length(3),
  account: z.strictObject({ id, type: z.string().min(1), balance: decimal, currency: z.string().length(3) }),
});
export type UserFixture = z.infer<typeof UserFixture>;

export const PackageFixture = z.strictObject({
  id,
  name: z.string().min(1),
  status: z.enum(['active', 'blocked', 'deleted']),
  objective: z.array(z.enum(OBJECTIVES)).min(1),
  description: z.string().default(''),
});
export type PackageFixture = z.infer<typeof PackageFixture>;

export const CampaignFixture = z.strictObject({
  id,
  name: z.string().min(1).max(255),
  status: z.enum(STATUSES),
  package_id: id,
  objective: z.enum(OBJECTIVES),
  created: datetime,
  updated: datetime,
  date_start: date.nullable().default(null),
  date_end: date.nullable().default(null),
  budget_limit: decimal.nullable().default(null),
  budget_limit_day: decimal.nullable().default(null),
  price: decimal.default('0.00'),
  max_price: decimal.default('0.00'),
  mixing: z.enum(MIXINGS).default('recommended'),
  autobidding_mode: z.enum(AUTOBIDDING_MODES).default('second_price_mean'),
  enable_utm: z.boolean().default(false),
  utm: z.string().nullable().default(null),
  targetings: z.record(z.string(), z.unknown()).default({}),
  cr_max_price: decimal.nullable().default(null),
  age_restrictions: z.string().regex(/^[1-9]?[0-9]\+$/).nullable().default(null),
  audit_pixels: objects,
  banner_uniq_shows_limit: count,
  uniq_shows_limit: count,
  uniq_shows_period: z.enum(UNIQ_SHOWS_PERIODS).default('day'),
  shows_limit: count,
  pricelist_id: count,
  priced_goal: z.record(z.string(), z.unknown()).nullable().default(null),
});
export type CampaignFixture = z.infer<typeof CampaignFixture>;

export const BannerFixture = z.strictObject({
  id,
  campaign_id: id,
  name: z.string().default(''),
  status: z.enum(STATUSES),
  moderation_status: z.enum(MODERATION_STATUSES),
  moderation_reasons: objects,
  created: datetime,
  updated: datetime,
  urls: z.record(z.string(), z.unknown()).default({}),
  textblocks: z.record(z.string(), z.unknown()).default({}),
  content: z.record(z.string(), z.unknown()).default({}),
  call_to_action: z.string().nullable().default(null),
  deeplink: z.string().nullable().default(null),
  products: objects,
  video_params: z.record(z.string(), z.unknown()).nullable().default(null),
});
export type BannerFixture = z.infer<typeof BannerFixture>;

export const MytargetFixtures = z
  .strictObject({
    $schema: z.string().optional(),
    user: UserFixture,
    packages: z.array(PackageFixture).min(1),
    campaigns: z.array(CampaignFixture).default([]),
    banners: z.array(BannerFixture).default([]),
  })
  .superRefine((f, ctx) => {
    const packages = new Set(f.packages.map((p) => p.id));
    const campaigns = new Set<number>();
    f.campaigns.forEach((c, i) => {
      if (campaigns.has(c.id)) ctx.addIssue({ code: 'custom', path: ['campaigns', i, 'id'], message: `duplicate campaign id ${c.id}` });
      campaigns.add(c.id);
      if (!packages.has(c.package_id)) {
        ctx.addIssue({ code: 'custom', path: ['campaigns', i, 'package_id'], message: `package ${c.package_id} is not in "packages"` });
      }
    });
    const banners = new Set<number>();
    f.banners.forEach((b, i) => {
      if (banners.has(b.id)) ctx.addIssue({ code: 'custom', path: ['banners', i, 'id'], message: `duplicate banner id ${b.id}` });
      banners.add(b.id);
      if (!campaigns.has(b.campaign_id)) {
        ctx.addIssue({ code: 'custom', path: ['banners', i, 'campaign_id'], message: `campaign ${b.campaign_id} is not in "campaigns"` });
      }
    });
  });
export type MytargetFixtures = z.infer<typeof MytargetFixtures>;
