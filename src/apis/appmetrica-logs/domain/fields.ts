import type { Device } from './devices.js';
import type { AppFixture } from '../fixtures.js';
import type { TableName } from './tables.js';
import { intText, sequentialIntText } from './int-text.js';
import type { TimeZone } from './time-zone.js';

/** What a field generator sees of one row. Reused between rows: generators must not keep it. */
export interface Row {
  /** The row's index on the app's time grid. */
  k: number;
  /** Event time (device clock), UTC ms. */
  t: number;
  /** Time the server received it, UTC ms. */
  rt: number;
  /** Two independent 32-bit hashes of the row. */
  r: number;
  r2: number;
  dev: Device;
}

export type FieldGen = (row: Row) => string;

/**
 * Fields whose values never hold a quote, comma, backslash, line break or control character, so
 * CSV and JSON can write them without looking (the rest are checked value by value).
 */
const UNSAFE = new Set(['event_name', 'event_json', 'crash', 'error', 'click_user_agent', 'click_url_parameters', 'response_body', 'appmetrica_name', 'ecom_product_name', 'city', 'operator_name', 'device_model', 'original_device_model', 'device_manufacturer', 'publisher_name', 'tracker_name', 'app_package_name', 'app_version_name', 'postback_url_parameters', 'deeplink_url_parameters']);

/** Whether a field's values are plain (see UNSAFE); unknown fields count as not plain. */
export function isPlainField(field: string, known: boolean): boolean {
  return known && !UNSAFE.has(field);
}

const bool = (x: boolean) => (x ? 'true' : 'false');

const PUBLISHERS = [
  ['1001', 'Yandex Direct', 'Search campaign'],
  ['1002', 'VK Ads', 'Spring promo'],
  ['1003', 'Google Ads', 'UAC'],
] as const;
const CURRENCIES = ['RUB', 'USD', 'EUR'] as const;
const AD_NETWORKS = ['Yandex', 'AdMob', 'AppLovin'] as const;
const AD_TYPES = ['native', 'banner', 'rewarded', 'interstitial', 'mrec', 'other'] as const;
const ECOM_TYPES = ['show_screen', 'show_product_card', 'show_product_details', 'add_cart_item', 'remove_cart_item', 'begin_checkout', 'purchase'] as const;
const CRASHES = ['java.lang.NullPointerException', 'EXC_BAD_ACCESS', 'java.lang.OutOfMemoryError'] as const;
const ERRORS = ['network_timeout', 'parse_error', 'payment_declined'] as const;

/**
 * Builds the generator of one field of one table. Values follow the docs' formats
 * (presets.yaml): datetimes `yyyy-mm-dd hh:mm:ss` in the app's zone, timestamps in Unix
 * seconds, booleans `true`/`false`, empty values `""`.
 */
export function fieldGenerator(field: string, table: TableName, app: AppFixture, tz: TimeZone): FieldGen {
  const appId = String(app.id);
  const fmt = (ms: number) => tz.format(ms);
  // A click happens up to a day before the install or conversion it led to.
  const clickT = (row: Row) => row.t - ((row.r2 % 86_400) + 60) * 1000;
  const events = app.eventNames;

  const timeOf = (prefix: string): ((row: Row) => number) => {
    if (prefix.endsWith('receive')) return (row) => row.rt;
    if (prefix === 'click' && table !== 'clicks') return clickT;
    if (prefix === 'install' && table === 'postbacks') return (row) => row.t - ((row.r2 % 3600) + 30) * 1000;
    if (prefix === 'attempt') return (row) => row.t + 5000;
    return (row) => row.t;
  };

  const dt = /^(.*)_datetime$/.exec(field);
  if (dt) {
    const at = timeOf(dt[1]!);
    return (row) => fmt(at(row));
  }
  const ts = /^(.*)_timestamp$/.exec(field);
  if (ts) {
    const at = timeOf(ts[1]!);
    // Unix seconds; rows come in time order (see int-text.ts for why not String()).
    const secs = sequentialIntText();
    return (row) => secs(Math.floor(at(row) / 1000));
  }

  switch (field) {
    case 'application_id':
      return () => appId;
    case 'app_package_name':
      return () => app.packageName;
    case 'app_version_name':
      return (row) => row.dev.appVersion;
    case 'app_build_number':
      return (row) => row.dev.buildNumber;
    case 'app_framework':
      return () => '0';
    case 'appmetrica_sdk_version':
      return () => '6010000';
    case 'appmetrica_device_id':
      return (row) => row.dev.appmetricaDeviceId;
    case 'installation_id':
      return (row) => row.dev.installationId;
    case 'profile_id':
      return (row) => row.dev.profileId;
    case 'google_aid':
      return (row) => row.dev.googleAid;
    case 'oaid':
      return (row) => row.dev.oaid;
    case 'ios_ifa':
      return (row) => row.dev.iosIfa;
    case 'ios_ifv':
      return (row) => row.dev.iosIfv;
    case 'windows_aid':
      return (row) => row.dev.windowsAid;
    case 'android_id':
      return (row) => row.dev.androidId;
    case 'os_name':
      return (row) => row.dev.os;
    case 'os_version':
      return (row) => row.dev.osVersion;
    case 'device_manufacturer':
      return (row) => row.dev.manufacturer;
    case 'device_model':
    case 'original_device_model':
      return (row) => row.dev.model;
    case 'device_type':
      return (row) => row.dev.type;
    case 'device_locale':
      return (row) => row.dev.locale;
    case 'device_ipv6':
    case 'install_ipv6':
    case 'click_ipv6':
      return (row) => row.dev.ipv6;
    case 'city':
      return (row) => row.dev.city;
    case 'country_iso_code':
      return (row) => row.dev.country;
    case 'mcc':
      return (row) => (row.dev.connection === 'cell' ? row.dev.mcc : '');
    case 'mnc':
      return (row) => (row.dev.connection === 'cell' ? row.dev.mnc : '');
    case 'operator_name':
      return (row) => (row.dev.connection === 'cell' ? row.dev.operator : '');
    case 'connection_type':
      return (row) => row.dev.connection;
    case 'session_id':
      return (row) => intText(10_000_000_000 + (row.r % 900_000_000));
    case 'event_name':
      return (row) => (table === 'revenue_events' ? 'purchase' : events[row.r % events.length]!);
    case 'event_json':
      return (row) => `{"screen":"${['main', 'catalog', 'cart', 'profile'][row.r2 % 4]}","value":"${row.r2 % 1000}"}`;
    case 'token':
      return (row) => row.dev.pushToken;
    case 'publisher_id':
      return (row) => PUBLISHERS[row.r2 % 3]![0];
    case 'publisher_name':
      return (row) => PUBLISHERS[row.r2 % 3]![1];
    case 'tracker_name':
      return (row) => PUBLISHERS[row.r2 % 3]![2];
    case 'tracking_id':
      return (row) => String(1_000_000_000_000_000 + (row.r2 % 3) * 7919);
    case 'click_id':
      return (row) => intText(row.r) + intText(row.r2);
    case 'click_url_parameters':
      return (row) => `utm_source=ads&utm_campaign=spring&click_id=${intText(row.r)}`;
    case 'click_user_agent':
      return (row) =>
        row.dev.os === 'ios'
          ? `Mozilla/5.0 (iPhone; CPU iPhone OS ${row.dev.osVersion.replace(/\./g, '_')} like Mac OS X) AppleWebKit/605.1.15`
          : `Mozilla/5.0 (Linux; Android ${row.dev.osVersion}; ${row.dev.model}) AppleWebKit/537.36`;
    case 'touch_type':
    case 'attributed_touch_type':
      return (row) => (row.r2 % 5 === 0 ? 'impression' : 'click');
    case 'match_type':
      return (row) => ['fingerprint', 'referrer', 'identifier', ''][row.r2 % 4]!;
    case 'is_bot':
      return (row) => bool(row.r % 50 === 0);
    case 'is_reattribution':
      return (row) => bool(row.r % 20 === 0);
    case 'is_reinstallation':
      return (row) => bool(row.r % 10 === 0);
    case 'is_reengagement':
      return (row) => bool(row.r % 4 === 0);
    case 'is_revenue_verified':
      return (row) => ['true', 'false', 'undefined'][row.r % 3]!;
    case 'cost_model':
      return (row) => ['cpi', 'cpa', 'cpr'][row.r2 % 3]!;
    case 'notifying_status':
      return (row) => (row.r % 10 === 0 ? 'failed' : 'sent');
    case 'postback_url':
      return () => 'https://partner.example/postback';
    case 'postback_url_parameters':
      return (row) => `click_id=${intText(row.r)}&event=install`;
    case 'response_code':
      return (row) => (row.r % 10 === 0 ? '500' : '200');
    case 'response_body':
      return (row) => (row.r % 10 === 0 ? 'Internal Server Error' : 'OK');
    case 'deeplink_url_scheme':
      return () => 'exampleapp';
    case 'deeplink_url_host':
      return () => 'open';
    case 'deeplink_url_path':
      return (row) => ['/product', '/cart', '/promo'][row.r % 3]!;
    case 'deeplink_url_parameters':
      return (row) => `id=${row.r2 % 10_000}`;
    case 'crash':
      return (row) => `${CRASHES[row.r % 3]}\n\tat com.example.Main.run(Main.java:${row.r2 % 400})`;
    case 'crash_name':
      return (row) => CRASHES[row.r % 3]!;
    case 'crash_group_id':
      return (row) => String(100_000 + (row.r % 3));
    case 'crash_id':
    case 'error_id':
      return (row) => `${row.r.toString(16)}${row.r2.toString(16)}`;
    case 'error':
      return (row) => `${ERRORS[row.r % 3]}: request ${row.r2 % 1000} failed`;
    case 'error_name':
      return (row) => ERRORS[row.r % 3]!;
    case 'revenue_quantity':
    case 'ecom_cart_item_quantity':
      return (row) => String(1 + (row.r2 % 3));
    case 'revenue_price':
    case 'ecom_product_actual_price_fiat_value':
    case 'ecom_product_original_price_fiat_value':
    case 'ecom_cart_item_price_fiat_value':
      return (row) => `${99 + (row.r2 % 900)}.99`;
    case 'revenue_currency':
    case 'ad_revenue_currency':
    case 'ecom_product_actual_price_fiat_unit_type':
    case 'ecom_product_original_price_fiat_unit_type':
    case 'ecom_cart_item_price_fiat_unit_type':
      return (row) => CURRENCIES[row.r % 3]!;
    case 'revenue_product_id':
    case 'ecom_product_sku':
      return (row) => `sku_${row.r2 % 500}`;
    case 'revenue_order_id':
    case 'ecom_order_id':
      return (row) => `order_${row.r}`;
    case 'revenue_order_id_source':
      return (row) => (row.r % 2 ? 'autogenerated' : 'user_defined');
    case 'ad_revenue':
      return (row) => `0.00${(row.r2 % 90) + 10}`;
    case 'ad_revenue_type':
      return (row) => AD_TYPES[row.r % AD_TYPES.length]!;
    case 'ad_revenue_data_source':
      return (row) => (row.r % 2 ? 'autocollected' : 'manual');
    case 'ad_revenue_network':
      return (row) => AD_NETWORKS[row.r % 3]!;
    case 'ad_revenue_placement_id':
    case 'ad_revenue_unit_id':
      return (row) => `R-M-${1_000_000 + (row.r2 % 5)}-${row.r2 % 5}`;
    case 'ad_revenue_placement_name':
    case 'ad_revenue_unit_name':
      return (row) => ['main_banner', 'level_end', 'rewarded_coins'][row.r2 % 3]!;
    case 'ad_revenue_precision':
      return (row) => (row.r % 2 ? 'publisher_defined' : 'estimated');
    case 'ecom_type':
      return (row) => ECOM_TYPES[row.r % ECOM_TYPES.length]!;
    case 'ecom_screen_name':
      return (row) => ['catalog', 'product', 'cart'][row.r2 % 3]!;
    case 'ecom_product_name':
      return (row) => `Product ${row.r2 % 500}`;
    case 'ecom_screen_category_path_1':
    case 'ecom_product_category_path_1':
      return () => 'Catalog';
    case 'ecom_screen_category_path_2':
    case 'ecom_product_category_path_2':
      return (row) => ['Shoes', 'Books', 'Toys'][row.r2 % 3]!;
    case 'ecom_referrer_type':
      return (row) => (row.r % 2 ? 'screen' : '');
    case 'appmetrica_gender':
      return (row) => ['M', 'F', ''][row.r2 % 3]!;
    case 'appmetrica_birth_date':
      return (row) => String(18 + (row.r2 % 50));
    case 'appmetrica_name':
      return (row) => (row.dev.profileId ? `Name ${row.r2 % 1000}` : '');
    case 'appmetrica_notifications_enabled':
      return (row) => bool(row.r % 3 !== 0);
    case 'appmetrica_first_session_date':
      return (row) => tz.formatDate(row.t - (row.r2 % 365) * 86_400_000);
    case 'appmetrica_last_start_date':
      return (row) => tz.formatDate(row.t);
    case 'appmetrica_crashes':
    case 'appmetrica_errors':
    case 'appmetrica_push_opens':
      return (row) => String(row.r % 5);
    case 'appmetrica_push_send_count':
      return (row) => String(row.r % 20);
    case 'appmetrica_sessions':
      return (row) => String(1 + (row.r2 % 300));
    default:
      // Payloads, promo codes, deeper category levels...: empty, as most real rows have them.
      return () => '';
  }
}
