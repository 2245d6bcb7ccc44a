import type { PackageFixture } from '../fixtures.js';
import type { Account } from './objects.js';

/**
 * The user and package fields beyond the fixtures' own, made when read: the documented user
 * (wreckah/target_api doc/objects/user.md, AdditionalUserInfo) and the package fields
 * koma136/mytarget-php-ads-sdk maps. Their values are the stand's: empty texts and lists, no
 * agency, the banner counts of the account (README, known differences).
 */

/** Most active banners an account may have (the stand's figure). */
const MAX_ACTIVE_BANNERS = 10_000;

export function userView(account: Account): Record<string, unknown> {
  const u = account.user;
  const email = u.username.includes('@') ? u.username : '';
  const active = [...account.banners.values()].filter((b) => b.status === 'active').length;
  return {
    ...u,
    firstname: '',
    lastname: '',
    email,
    additional_info: { name: '', email, phone: '', address: '', client_name: '' },
    mailings: [],
    permissions: [],
    agency: null,
    agency_username: null,
    branch_username: null,
    flags: [],
    max_active_banners_count: MAX_ACTIVE_BANNERS,
    active_banners_count: active,
    max_active_banners: MAX_ACTIVE_BANNERS,
    active_banners: active,
    append_utm: false,
    show_compact_view: false,
    info_currency: u.currency,
  };
}

/** A package's fields: its fixture's, and the others as one made in 2019 that prices shows (CPM). */
export function packageView(p: PackageFixture): Record<string, unknown> {
  return {
    ...p,
    price: '0.00',
    max_price_per_unit: '0.00',
    created: '2019-01-01 00:00:00',
    updated: '2019-01-01 00:00:00',
    url_types: {},
    banner_format_id: p.id,
    pads_tree_id: p.id,
    related_package_ids: [],
    priced_event_type: 0,
    paid_event_type: 0,
    max_uniq_shows_limit: 0,
    max_banners_in_one_campaign: 50,
  };
}
