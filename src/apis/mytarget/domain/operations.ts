/**
 * Paths of the real myTarget API that the stand does not emulate: they answer 501 naming
 * themselves; any other unknown `/api/...` path answers 404, as the real API does for a
 * resource it does not have. The resources are those public clients call
 * (pavelmaksimov/tapioca-mytarget resource_mapping.py, kradwhite/mytarget-api-client
 * src/resources, Digsolab/mytarget-php-ads-sdk, sintanial/vkads api.go, selesnow/rmytarget,
 * shizacat/py_target_api's `v2/ok/lead_ads/{form_id}.json`) and
 * those documented (vk-ads-doc-api methods/), under v1, v2 or v3.
 */
const REAL_RESOURCES = [
  'campaigns/mass_action',
  'banners/mass_action',
  'banners/mass_replace',
  'banners/remoderate',
  'agency',
  'branch',
  'manager',
  'packages_pads',
  'pads_trees',
  'banner_formats',
  'banner_fields',
  'banner_patterns',
  'targetings_tree',
  'regions',
  'goals',
  'remarketing',
  'group_pads',
  'pads',
  'reserved_amounts',
  'content',
  'place_black_lists',
  'campaign_rules',
  'urls',
  'subscriptions',
  'oauth2/code_info',
  'projection',
  'search_phrases',
  'audit_pixel',
  'currencies',
  'mobile_apps',
  'mobile_categories',
  'mobile_operation_systems',
  'mobile_operators',
  'mobile_vendors',
  'mobile_types',
  'local_geo',
  'local_geos',
  'lookalike_audiences',
  'lead_forms',
  'leads',
  'dmp',
  'inapp_event_categories',
  'apple_apps',
  'google_apps',
  'transactions',
  'sharing_keys',
  'surveys',
  'ord',
  'statistics/goals',
  'statistics/inapp',
  'statistics/offline_conversions',
  'statistics/faststat',
  'statistics/uniquestat',
  'statistics/partner',
  'statistics/lead_ads',
  'ok/lead_ads',
];

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const REAL = new RegExp(`^/api/v[123]/(?:${REAL_RESOURCES.map(escape).join('|')})(?:[/.;]|$)`);
/** The v1 API's own resources (wreckah/target_api doc/resources): real once, not emulated. */
const V1 = /^\/api\/v1\/(?:campaigns|banners|packages|images|user|agency|statistics|throttling|videos|reports)(?:[/.;]|$)/;

/** A path of a real operation the stand does not emulate (501). */
export function notEmulated(path: string): boolean {
  return REAL.test(path) || V1.test(path);
}

/** The statistics namespace: an unknown method there is its own 404, `WRONG_RESOURCE` (stat-v2 "Обработка ошибок"). */
export const STATISTICS_PATH = /^\/api\/v[23]\/statistics\//;
