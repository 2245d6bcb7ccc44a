/**
 * The field catalogue of the Logs API: every field each table accepts, and where each is known
 * from. The base of a table is the "all available fields" list of its reference page; the fields
 * beyond it come from the rest of the docs or from public clients that request them from real
 * exports (the README's "Field catalogue" lists them with their sources; a test checks it does).
 *
 * Docs: the AppMetrica documentation sources, `diplodoc-platform/docs` at commit bebfffe5
 * (2025-07-17), `en/mobile-api/logs/ref/<table>.md` and `en/mobile-api/logs/endpoints.md`;
 * rendered at https://appmetrica.yandex.com/docs/en/mobile-api/logs/ref/.
 */

/** Where a field of a table is known from. */
export const SOURCES = {
  ref: 'the "all available fields" list of ref/<table>.md',
  endpoints: 'the field descriptions of endpoints.md (not in the ref list)',
  example: 'the example request and response of ref/<table>.md (not in its list)',
  web: 'newer web copies of ref/<table>.md (appmetrica.yandex.com/docs, yandex.com/support/appmetrica-io)',
  'docs-2019': 'the 2019 endpoints page (tech.yandex.com/appmetrica/doc/mobile-api/logs/endpoints-docpage)',
  amper: 'ampersante/appmetrica-cli: its export schema, calibrated against real CSV exports (the header must equal the fields asked)',
  dpmn: 'dpmn/appmetrica-logs-api: requests every field of its table schema by default',
  gak: 'a public game-analytics client that requests it on every table (weak: it drops fields the API refuses)',
} as const;
export type Source = keyof typeof SOURCES;

/** Each table's "all available fields" list, in the docs' order (ref/<table>.md; profiles_v2: ref/profiles.md). */
const REF_LISTS = {
  clicks: ['application_id', 'click_datetime', 'click_id', 'click_ipv6', 'click_timestamp', 'click_url_parameters', 'click_user_agent', 'publisher_id', 'publisher_name', 'tracker_name', 'tracking_id', 'touch_type', 'is_bot', 'city', 'country_iso_code', 'device_manufacturer', 'device_model', 'device_type', 'google_aid', 'oaid', 'ios_ifa', 'ios_ifv', 'os_name', 'os_version', 'windows_aid'],
  installations: ['application_id', 'installation_id', 'attributed_touch_type', 'click_datetime', 'click_id', 'click_ipv6', 'click_timestamp', 'click_url_parameters', 'click_user_agent', 'profile_id', 'publisher_id', 'publisher_name', 'tracker_name', 'tracking_id', 'install_datetime', 'install_ipv6', 'install_receive_datetime', 'install_receive_timestamp', 'install_timestamp', 'is_reattribution', 'is_reinstallation', 'match_type', 'appmetrica_device_id', 'city', 'connection_type', 'country_iso_code', 'device_locale', 'device_manufacturer', 'device_model', 'device_type', 'google_aid', 'oaid', 'ios_ifa', 'ios_ifv', 'mcc', 'mnc', 'operator_name', 'os_name', 'os_version', 'windows_aid', 'app_package_name', 'app_version_name'],
  postbacks: ['application_id', 'attributed_touch_type', 'click_datetime', 'click_id', 'click_ipv6', 'click_timestamp', 'click_url_parameters', 'click_user_agent', 'publisher_id', 'publisher_name', 'tracker_name', 'tracking_id', 'install_datetime', 'install_ipv6', 'install_timestamp', 'match_type', 'appmetrica_device_id', 'device_locale', 'device_manufacturer', 'device_model', 'device_type', 'google_aid', 'oaid', 'ios_ifa', 'os_name', 'os_version', 'windows_aid', 'app_package_name', 'app_version_name', 'conversion_datetime', 'conversion_timestamp', 'event_name', 'attempt_datetime', 'attempt_timestamp', 'notifying_status', 'postback_url', 'postback_url_parameters', 'response_body', 'response_code'],
  events: ['event_datetime', 'event_json', 'event_name', 'event_receive_datetime', 'event_receive_timestamp', 'event_timestamp', 'session_id', 'installation_id', 'appmetrica_device_id', 'city', 'connection_type', 'country_iso_code', 'device_ipv6', 'device_locale', 'device_manufacturer', 'device_model', 'device_type', 'google_aid', 'ios_ifa', 'ios_ifv', 'mcc', 'mnc', 'operator_name', 'original_device_model', 'os_name', 'os_version', 'profile_id', 'windows_aid', 'app_build_number', 'app_package_name', 'app_version_name', 'application_id'],
  profiles_v2: ['profile_id', 'appmetrica_gender', 'appmetrica_birth_date', 'appmetrica_notifications_enabled', 'appmetrica_name', 'appmetrica_crashes', 'appmetrica_errors', 'appmetrica_first_session_date', 'appmetrica_last_start_date', 'appmetrica_push_opens', 'appmetrica_push_send_count', 'appmetrica_sdk_version', 'appmetrica_sessions', 'android_id', 'appmetrica_device_id', 'city', 'connection_type', 'country_iso_code', 'device_manufacturer', 'device_model', 'device_type', 'google_aid', 'ios_ifa', 'ios_ifv', 'mcc', 'mnc', 'operator_name', 'os_name', 'os_version', 'windows_aid', 'app_build_number', 'app_framework', 'app_package_name', 'app_version_name'],
  revenue_events: ['revenue_quantity', 'revenue_price', 'revenue_currency', 'revenue_product_id', 'revenue_order_id', 'revenue_order_id_source', 'is_revenue_verified', 'event_datetime', 'event_name', 'event_receive_datetime', 'event_receive_timestamp', 'event_timestamp', 'session_id', 'installation_id', 'android_id', 'appmetrica_device_id', 'appmetrica_sdk_version', 'city', 'connection_type', 'country_iso_code', 'device_ipv6', 'device_locale', 'device_manufacturer', 'device_model', 'google_aid', 'ios_ifa', 'ios_ifv', 'mcc', 'mnc', 'operator_name', 'original_device_model', 'os_version', 'profile_id', 'windows_aid', 'app_build_number', 'app_package_name', 'app_version_name'],
  deeplinks: ['deeplink_url_host', 'deeplink_url_parameters', 'deeplink_url_path', 'deeplink_url_scheme', 'event_datetime', 'event_receive_datetime', 'event_receive_timestamp', 'event_timestamp', 'is_reengagement', 'profile_id', 'publisher_id', 'publisher_name', 'session_id', 'tracker_name', 'tracking_id', 'android_id', 'appmetrica_device_id', 'appmetrica_sdk_version', 'city', 'connection_type', 'country_iso_code', 'device_ipv6', 'device_locale', 'device_manufacturer', 'device_model', 'google_aid', 'ios_ifa', 'ios_ifv', 'mcc', 'mnc', 'original_device_model', 'os_version', 'windows_aid', 'app_build_number', 'app_package_name', 'app_version_name'],
  crashes: ['crash', 'crash_datetime', 'crash_group_id', 'crash_id', 'crash_name', 'crash_receive_datetime', 'crash_receive_timestamp', 'crash_timestamp', 'appmetrica_device_id', 'city', 'connection_type', 'country_iso_code', 'device_ipv6', 'device_locale', 'device_manufacturer', 'device_model', 'device_type', 'google_aid', 'ios_ifa', 'ios_ifv', 'mcc', 'mnc', 'operator_name', 'os_name', 'os_version', 'profile_id', 'windows_aid', 'app_package_name', 'app_version_name', 'application_id'],
  errors: ['error', 'error_datetime', 'error_id', 'error_name', 'error_receive_datetime', 'error_receive_timestamp', 'error_timestamp', 'appmetrica_device_id', 'city', 'connection_type', 'country_iso_code', 'device_ipv6', 'device_locale', 'device_manufacturer', 'device_model', 'device_type', 'google_aid', 'ios_ifa', 'ios_ifv', 'mcc', 'mnc', 'operator_name', 'os_name', 'os_version', 'profile_id', 'windows_aid', 'app_package_name', 'app_version_name', 'application_id'],
  push_tokens: ['token', 'token_datetime', 'token_receive_datetime', 'token_receive_timestamp', 'token_timestamp', 'appmetrica_device_id', 'city', 'connection_type', 'country_iso_code', 'device_ipv6', 'device_locale', 'device_manufacturer', 'device_model', 'device_type', 'google_aid', 'ios_ifa', 'ios_ifv', 'mcc', 'mnc', 'operator_name', 'os_name', 'os_version', 'profile_id', 'windows_aid', 'app_package_name', 'app_version_name', 'application_id'],
  sessions_starts: ['session_id', 'session_start_datetime', 'session_start_receive_datetime', 'session_start_receive_timestamp', 'session_start_timestamp', 'appmetrica_device_id', 'city', 'connection_type', 'country_iso_code', 'device_ipv6', 'device_locale', 'device_manufacturer', 'device_model', 'device_type', 'google_aid', 'ios_ifa', 'ios_ifv', 'mcc', 'mnc', 'operator_name', 'os_name', 'os_version', 'profile_id', 'windows_aid', 'app_build_number', 'app_package_name', 'app_version_name', 'application_id'],
  ad_revenue_events: ['ad_revenue_datetime', 'ad_revenue_timestamp', 'ad_revenue_receive_datetime', 'ad_revenue_receive_timestamp', 'ad_revenue', 'ad_revenue_currency', 'ad_revenue_type', 'ad_revenue_data_source', 'ad_revenue_network', 'ad_revenue_placement_id', 'ad_revenue_placement_name', 'ad_revenue_unit_id', 'ad_revenue_unit_name', 'ad_revenue_precision', 'ad_revenue_payload', 'session_id', 'installation_id', 'android_id', 'appmetrica_device_id', 'appmetrica_sdk_version', 'city', 'connection_type', 'country_iso_code', 'device_ipv6', 'device_locale', 'device_manufacturer', 'device_model', 'device_type', 'google_aid', 'ios_ifa', 'ios_ifv', 'mcc', 'mnc', 'operator_name', 'original_device_model', 'os_version', 'profile_id', 'windows_aid', 'app_build_number', 'app_package_name', 'app_version_name'],
  ecommerce_events: ['ecom_type', 'ecom_screen_name', 'ecom_screen_search_query', 'ecom_screen_payload', 'ecom_screen_category_path_1', 'ecom_screen_category_path_2', 'ecom_screen_category_path_3', 'ecom_screen_category_path_4', 'ecom_screen_category_path_5', 'ecom_screen_category_path_6', 'ecom_screen_category_path_7', 'ecom_screen_category_path_8', 'ecom_screen_category_path_9', 'ecom_screen_category_path_10', 'ecom_product_name', 'ecom_product_sku', 'ecom_product_promocodes', 'ecom_product_payload', 'ecom_product_category_path_1', 'ecom_product_category_path_2', 'ecom_product_category_path_3', 'ecom_product_category_path_4', 'ecom_product_category_path_5', 'ecom_product_category_path_6', 'ecom_product_category_path_7', 'ecom_product_category_path_8', 'ecom_product_category_path_9', 'ecom_product_category_path_10', 'ecom_product_actual_price_fiat_unit_type', 'ecom_product_actual_price_fiat_value', 'ecom_product_actual_price_internal_components', 'ecom_product_original_price_fiat_unit_type', 'ecom_product_original_price_fiat_value', 'ecom_product_original_price_internal_components', 'ecom_cart_item_price_fiat_unit_type', 'ecom_cart_item_price_fiat_value', 'ecom_cart_item_quantity', 'ecom_cart_item_internal_components', 'ecom_referrer_type', 'ecom_referrer_id', 'ecom_order_id', 'ecom_order_payload', 'event_datetime', 'event_name', 'event_receive_datetime', 'event_receive_timestamp', 'event_timestamp', 'session_id', 'installation_id', 'android_id', 'appmetrica_device_id', 'appmetrica_sdk_version', 'city', 'connection_type', 'country_iso_code', 'device_ipv6', 'device_locale', 'device_manufacturer', 'device_model', 'device_type', 'google_aid', 'ios_ifa', 'ios_ifv', 'mcc', 'mnc', 'operator_name', 'original_device_model', 'os_version', 'profile_id', 'windows_aid', 'app_build_number', 'app_package_name', 'app_version_name'],
} as const;

export type TableName = keyof typeof REF_LISTS;

/**
 * The fields of each table beyond its ref list, with their sources (see the research notes'
 * field catalogue, section 1, for each citation). A field only a weak source names is still
 * accepted: a client asking for it gets a plausible value instead of a 400.
 */
const BEYOND_REF: { readonly [T in TableName]: Readonly<Record<string, readonly Source[]>> } = {
  clicks: { profile_id: ['docs-2019'] },
  installations: { android_id: ['amper'], app_build_number: ['amper'], fingerprint_method: ['web'] },
  postbacks: {
    ios_ifv: ['endpoints', 'example'],
    cost_model: ['example'],
    profile_id: ['endpoints', 'dpmn'],
    identifier: ['endpoints'],
    city: ['endpoints', 'dpmn'],
    country_iso_code: ['endpoints', 'dpmn'],
    touch_type: ['dpmn'],
  },
  events: { android_id: ['amper'] },
  profiles_v2: {},
  revenue_events: {
    is_revenue_autocollected: ['endpoints'],
    revenue_inapp_type: ['endpoints'],
    revenue_event_type: ['endpoints'],
    os_name: ['amper'],
    device_type: ['amper'],
  },
  deeplinks: { device_type: ['endpoints', 'example'], os_name: ['gak'], operator_name: ['gak'] },
  crashes: { oaid: ['dpmn'] },
  errors: { oaid: ['dpmn'] },
  push_tokens: { oaid: ['dpmn'], original_device_model: ['dpmn'] },
  sessions_starts: { original_device_model: ['endpoints', 'example'], oaid: ['dpmn'] },
  ad_revenue_events: { os_name: ['amper'] },
  ecommerce_events: {
    event_json: ['example'],
    os_name: ['example'],
    application_id: ['example'],
    certificate_verification_status: ['endpoints'],
    country: ['endpoints'],
    district: ['endpoints'],
    area: ['endpoints'],
    event_source: ['endpoints'],
  },
};

/** Every field of every table: the ref list, then the fields beyond it. */
export const TABLES: { readonly [T in TableName]: readonly string[] } = Object.fromEntries(
  Object.entries(REF_LISTS).map(([table, list]) => [table, [...list, ...Object.keys(BEYOND_REF[table as TableName])]]),
) as unknown as { [T in TableName]: readonly string[] };

/** The fields of a table beyond its ref list, with their sources (the README lists them). */
export function beyondRef(table: TableName): Readonly<Record<string, readonly Source[]>> {
  return BEYOND_REF[table];
}
