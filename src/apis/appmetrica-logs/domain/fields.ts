import type { Device } from './devices.js';
import type { AppFixture } from '../fixtures.js';
import type { TableName } from './tables.js';
import { ecommerceGenerator } from './ecommerce.js';
import { intText, sequentialIntText } from './int-text.js';
import type { TimeZone } from './time-zone.js';
import { profileGenerator, tableGenerator } from './values.js';

/** What a field generator sees of one row. Reused between rows: generators must not keep it. */
export interface Row {
  /** The row's index on the app's time grid (the device's index for exports without dates). */
  k: number;
  /** Event time (device clock), UTC ms. */
  t: number;
  /** Time the server received it, UTC ms. */
  rt: number;
  /** Two independent 32-bit hashes of the row. */
  r: number;
  r2: number;
  dev: Device;
  /** Profiles: the profile's version (its number of updates so far); 0 in other tables. */
  v: number;
}

export type FieldGen = (row: Row) => string;

/** What every generator of one app and table is made with. */
export interface GenContext {
  readonly app: AppFixture;
  readonly table: TableName;
  readonly tz: TimeZone;
  /** A 32-bit hash of the app and table (constant ids such as crash groups derive from it). */
  readonly salt: number;
}

/**
 * Fields whose values never hold a quote, comma, backslash, line break or control character, so
 * CSV and JSON can write them without looking (the rest are checked value by value). Profile
 * attributes (named by the fixture) are never plain.
 */
const UNSAFE = new Set([
  'event_name', 'event_json', 'crash', 'error', 'click_user_agent', 'click_url_parameters', 'response_body', 'appmetrica_name', 'ecom_product_name',
  'city', 'operator_name', 'device_model', 'original_device_model', 'device_manufacturer', 'publisher_name', 'tracker_name', 'app_package_name',
  'app_version_name', 'postback_url', 'postback_url_parameters', 'deeplink_url_parameters', 'ad_revenue_payload', 'ecom_screen_payload', 'ecom_product_payload',
  'ecom_order_payload', 'ecom_product_promocodes', 'ecom_product_actual_price_internal_components', 'ecom_product_original_price_internal_components',
  'ecom_cart_item_internal_components', 'ecom_screen_search_query', 'country', 'district', 'area',
]);

/** Whether a field's values are plain (see UNSAFE); unknown fields count as not plain. */
export function isPlainField(field: string, known: boolean): boolean {
  return known && !UNSAFE.has(field);
}

/**
 * Builds the generator of one field of one table. Values follow the docs' formats
 * (presets.yaml): datetimes `yyyy-mm-dd hh:mm:ss` in the app's zone, timestamps in Unix
 * seconds, booleans `true`/`false`, empty values `""`. Fields of one row agree with each other:
 * they come from the row's device, its times and its two hashes.
 */
export function fieldGenerator(field: string, ctx: GenContext): FieldGen {
  const { app, table, tz } = ctx;
  // A click happens up to a day before the install or conversion it led to.
  const clickT = (row: Row) => row.t - ((row.r2 % 86_400) + 60) * 1000;

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
    return (row) => tz.format(at(row));
  }
  const ts = /^(.*)_timestamp$/.exec(field);
  if (ts) {
    const at = timeOf(ts[1]!);
    // Unix seconds; rows come in time order (see int-text.ts for why not String()).
    const secs = sequentialIntText();
    return (row) => secs(Math.floor(at(row) / 1000));
  }

  const appId = String(app.id);
  switch (field) {
    case 'application_id':
      return () => appId;
    case 'app_package_name':
      return () => app.packageName;
    case 'app_version_name':
      return (row) => row.dev.appVersion;
    case 'app_build_number':
      return (row) => row.dev.buildNumber;
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
      return (row) => row.dev.model;
    case 'original_device_model':
      return (row) => row.dev.factoryModel;
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
    // The SIM's codes, on every row: the docs type mcc and mnc "integer", and clients parse them
    // as numbers (dpmn/appmetrica-logs-api: int | None). The operator's name is the network the
    // data went through: none on Wi-Fi (README, "known differences").
    case 'mcc':
      return (row) => row.dev.mcc;
    case 'mnc':
      return (row) => row.dev.mnc;
    case 'operator_name':
      return (row) => (row.dev.connection === 'cell' ? row.dev.operator : '');
    case 'connection_type':
      return (row) => row.dev.connection;
    case 'session_id':
      // 10000000000 + n, as the docs' examples ("10000000049").
      return (row) => intText(10_000_000_000 + (row.r % 900_000_000));
    case 'token':
      return (row) => row.dev.pushToken;
  }
  if (table === 'ecommerce_events') return ecommerceGenerator(field, ctx) ?? tableGenerator(field, ctx);
  if (table === 'profiles_v2') return profileGenerator(field, ctx) ?? tableGenerator(field, ctx);
  return tableGenerator(field, ctx);
}
