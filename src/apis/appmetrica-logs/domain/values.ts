import { mix32 } from '../../../core/random.js';
import type { FieldGen, GenContext, Row } from './fields.js';
import { intText, uint64Text } from './int-text.js';

/**
 * Generators of the fields that belong to one kind of table (attribution, postbacks, deeplinks,
 * crashes and errors, revenue, profiles). Formats follow the docs' examples (ref/<table>.md):
 * ids as the docs show them, every value a string. A field without a generator here is empty.
 */

const bool = (x: boolean) => (x ? 'true' : 'false');

const PUBLISHERS = [
  ['1001', 'Yandex Direct', 'Search campaign'],
  ['1002', 'VK Ads', 'Spring promo'],
  ['1003', 'Google Ads', 'UAC'],
] as const;
const CURRENCIES = ['RUB', 'USD', 'EUR'] as const;
const AD_NETWORKS = ['Yandex', 'AdMob', 'AppLovin'] as const;
const AD_TYPES = ['native', 'banner', 'rewarded', 'interstitial', 'mrec', 'other'] as const;
/**
 * Crash types of each platform: Android's are Java exceptions, iOS's Mach exceptions (the
 * crashes ref example's iOS `crash` is an Apple crash report), Windows's .NET exceptions.
 */
const CRASHES = {
  android: ['java.lang.NullPointerException', 'java.lang.IllegalStateException', 'java.lang.OutOfMemoryError'],
  ios: ['EXC_BAD_ACCESS', 'EXC_CRASH', 'EXC_BREAKPOINT'],
  windows: ['System.NullReferenceException', 'System.InvalidOperationException', 'System.OutOfMemoryException'],
} as const;
const SIGNALS = { EXC_BAD_ACCESS: 'SIGSEGV', EXC_CRASH: 'SIGABRT', EXC_BREAKPOINT: 'SIGTRAP' } as const;
const PLATFORMS = ['android', 'ios', 'windows'] as const;
const ERRORS = ['network_timeout', 'parse_error', 'payment_declined'] as const;
/** revenue_event_type of a subscription (presets.yaml `revenue_event_type`). */
const SUBSCRIPTION_EVENTS = [
  'trial_subscription_started', 'intro_subscription_started', 'promo_subscription_started', 'subscription_converted', 'subscription_started',
  'subscription_renewed', 'subscription_cancelled', 'subscription_uncancelled', 'subscription_expired', 'subscription_billing_issues',
] as const;

const NAMES = ['John', 'Anna', 'Ivan', 'Maria', 'Alex', 'Olga', 'Dmitry', 'Elena'] as const;

const hex8 = (n: number) => n.toString(16).padStart(8, '0');

/** A click's id: 32 lowercase hex digits, as the docs' example `f2ae4254de8844dda58b29cac2cf0e87`. */
export function clickId(row: Row): string {
  return hex8(row.r) + hex8(row.r2) + hex8(mix32(row.r ^ 0x5bd1e995)) + hex8(mix32(row.r2 ^ 0x27d4eb2f));
}

/** Lower bound of the high half of a 19-digit id (10^18 / 2^32, rounded up). */
const ID_HI_MIN = 232_830_644;
/**
 * A 19-digit decimal id below 2^63 from two hashes, as the docs' `crash_id` ("4076630759621469783")
 * and `error_id` ("8553967143270641335"): loaders store them as strings or signed 64-bit integers.
 */
export function decimalId(a: number, b: number): string {
  return uint64Text(ID_HI_MIN + (a % (0x7fffffff - ID_HI_MIN)), b);
}

/** Revenue rows: one-time purchases, every fourth a subscription event, and a few refunds (negative price). */
function revenueKind(row: Row): { inapp: 'one_time_purchase' | 'subscription'; event: string } {
  if (row.r2 % 4 === 0) return { inapp: 'subscription', event: SUBSCRIPTION_EVENTS[(row.r >>> 8) % SUBSCRIPTION_EVENTS.length]! };
  return { inapp: 'one_time_purchase', event: row.r % 25 === 0 ? 'refund' : 'one_time_purchase' };
}

/** A price of 99.99 to 998.99 (decimal text), negative for a refund (ref/revenue_events.md: "It can be negative"). */
function price(row: Row): string {
  const p = `${99 + (row.r2 % 900)}.99`;
  return revenueKind(row).event === 'refund' ? `-${p}` : p;
}

/** Generators of the fields every table but ecommerce_events and profiles shares by kind. */
export function tableGenerator(field: string, ctx: GenContext): FieldGen {
  const { app, table, salt } = ctx;
  const events = app.eventNames;
  switch (field) {
    case 'appmetrica_sdk_version':
      return () => '6010000';
    case 'event_name':
      return (row) => (table === 'revenue_events' ? 'purchase' : events[row.r % events.length]!);
    case 'event_json':
      return (row) => `{"screen":"${['main', 'catalog', 'cart', 'profile'][row.r2 % 4]}","value":"${row.r2 % 1000}"}`;
    // Attribution (clicks, installations, postbacks, deeplinks).
    case 'publisher_id':
      return (row) => PUBLISHERS[row.r2 % 3]![0];
    case 'publisher_name':
      return (row) => PUBLISHERS[row.r2 % 3]![1];
    case 'tracker_name':
      return (row) => PUBLISHERS[row.r2 % 3]![2];
    case 'tracking_id':
      return (row) => String(1_000_000_000_000_000 + (row.r2 % 3) * 7919);
    case 'click_id':
      return clickId;
    case 'click_url_parameters':
      return (row) => `utm_source=ads&utm_campaign=spring&click_id=${clickId(row)}`;
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
    // Postbacks.
    case 'cost_model':
      return (row) => ['cpi', 'cpa', 'cpr'][row.r2 % 3]!;
    case 'notifying_status':
      return (row) => (row.r % 10 === 0 ? 'failed' : 'sent');
    case 'postback_url':
      return (row) => `https://partner.example/postback?transaction_id=${clickId(row)}`;
    case 'postback_url_parameters':
      return (row) => `transaction_id=${clickId(row)}`;
    case 'response_code':
      return (row) => (row.r % 10 === 0 ? '500' : '200');
    case 'response_body':
      return (row) => (row.r % 10 === 0 ? 'Internal Server Error' : 'OK');
    // Deeplinks.
    case 'deeplink_url_scheme':
      return () => 'exampleapp';
    case 'deeplink_url_host':
      return () => 'open';
    case 'deeplink_url_path':
      return (row) => ['/product', '/cart', '/promo'][row.r % 3]!;
    case 'deeplink_url_parameters':
      return (row) => `id=${row.r2 % 10_000}`;
    // Crashes and errors: a group per crash type, constant for the app.
    case 'crash':
      return crashText;
    case 'crash_name':
      return (row) => CRASHES[row.dev.os][row.r % 3]!;
    case 'crash_group_id': {
      // One group per platform and crash type (Android's keep the ids they had with one list).
      const groups = Object.fromEntries(PLATFORMS.map((os, p) => [os, [0, 1, 2].map((i) => decimalId(mix32(salt ^ (i + 3 * p)), mix32(salt + i + 3 * p)))]));
      return (row) => groups[row.dev.os]![row.r % 3]!;
    }
    case 'crash_id':
    case 'error_id':
      return (row) => decimalId(row.r2, row.r);
    case 'error':
      return (row) => `${ERRORS[row.r % 3]}: request ${row.r2 % 1000} failed`;
    case 'error_name':
      return (row) => ERRORS[row.r % 3]!;
    // Revenue.
    case 'revenue_quantity':
      return (row) => String(1 + (row.r2 % 3));
    case 'revenue_price':
      return price;
    case 'revenue_currency':
    case 'ad_revenue_currency':
      return (row) => CURRENCIES[row.r % 3]!;
    case 'revenue_product_id':
      return (row) => `sku_${row.r2 % 500}`;
    case 'revenue_order_id':
      return (row) => `order_${row.r}`;
    case 'revenue_order_id_source':
      return (row) => (row.r % 2 ? 'autogenerated' : 'user_defined');
    case 'is_revenue_verified':
      return (row) => ['true', 'false', 'undefined'][row.r % 3]!;
    case 'is_revenue_autocollected':
      return (row) => ['true', 'false', 'undefined'][(row.r >>> 4) % 3]!;
    case 'revenue_inapp_type':
      return (row) => revenueKind(row).inapp;
    case 'revenue_event_type':
      return (row) => revenueKind(row).event;
    // Ad revenue.
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
    case 'ad_revenue_payload':
      return (row) => `{"placement":"${['main_banner', 'level_end', 'rewarded_coins'][row.r2 % 3]}"}`;
    default:
      // `identifier` (documented only as ''), `fingerprint_method` (values not documented)...
      return () => '';
  }
}

/**
 * Profiles: the AppMetrica attributes, the app's own attributes (by name, declared in the
 * fixture), and the two values the `version` and `update_timestamp` parameters filter on. A
 * profile's counters grow with its version, so a later export never shows fewer sessions.
 */
export function profileGenerator(field: string, ctx: GenContext): FieldGen | undefined {
  const { tz } = ctx;
  switch (field) {
    case 'version':
      return (row) => intText(row.v);
    case 'update_timestamp':
      return (row) => intText(Math.floor(row.t / 1000));
    case 'appmetrica_gender':
      return (row) => ['M', 'F', ''][row.dev.trait % 3]!;
    case 'appmetrica_birth_date':
      // "Age", as the docs' example "30".
      return (row) => String(18 + ((row.dev.trait >>> 4) % 50));
    case 'appmetrica_name':
      return (row) => (row.dev.profileId ? NAMES[(row.dev.trait >>> 10) % NAMES.length]! : '');
    case 'appmetrica_notifications_enabled':
      return (row) => bool((row.dev.trait >>> 16) % 3 !== 0);
    case 'appmetrica_first_session_date':
      return (row) => tz.formatDate(row.dev.firstSession);
    case 'appmetrica_last_start_date':
      return (row) => tz.formatDate(row.t);
    case 'appmetrica_sessions':
      return (row) => intText(row.v * (2 + (row.r2 % 5)));
    case 'appmetrica_crashes':
      return (row) => intText(Math.floor(row.v / 7));
    case 'appmetrica_errors':
      return (row) => intText(Math.floor(row.v / 3));
    case 'appmetrica_push_send_count':
      return (row) => intText(row.v * 2);
    case 'appmetrica_push_opens':
      return (row) => intText(Math.floor(row.v / 2));
    case 'app_framework':
      return () => '0';
  }
  const attribute = ctx.app.profileAttributes.find((a) => a.name === field);
  if (!attribute) return undefined;
  // One profile in four has not set the attribute.
  const unset = (row: Row) => (row.r2 >>> 3) % 4 === 0;
  switch (attribute.type) {
    case 'string': {
      const values = attribute.values;
      return (row) => (unset(row) ? '' : values[(row.r2 >>> 5) % values.length]!);
    }
    case 'number':
      return (row) => (unset(row) ? '' : `${(row.r2 >>> 5) % 1000}.${(row.r >>> 5) % 10}`);
    case 'bool':
      return (row) => (unset(row) ? '' : bool(((row.r2 >>> 5) & 1) === 1));
    case 'counter':
      return (row) => intText(row.v * ((row.r2 >>> 5) % 4));
  }
}

/** A crash's text: a stack trace on Android and Windows, an Apple crash report's head on iOS. */
function crashText(row: Row): string {
  const name = CRASHES[row.dev.os][row.r % 3]!;
  const line = row.r2 % 400;
  if (row.dev.os === 'android') return `${name}\n\tat com.example.Main.run(Main.java:${line})`;
  if (row.dev.os === 'windows') return `${name}\n   at Example.App.Main.Run() in Main.cs:line ${line}`;
  const hex = (n: number) => n.toString(16).toUpperCase().padStart(8, '0');
  return [
    `Incident Identifier: ${hex(row.r)}-${hex(row.r2).slice(0, 4)}-4${hex(row.r2).slice(5, 8)}-8${hex(row.r).slice(1, 4)}-${hex(row.r2)}${hex(row.r).slice(0, 4)}`,
    `Hardware Model: ${row.dev.factoryModel}`,
    `OS Version: iPhone OS ${row.dev.osVersion}`,
    `Exception Type: ${name} (${SIGNALS[name as keyof typeof SIGNALS]})`,
    '',
    'Thread 0 Crashed:',
    `0   Example   0x0000000100${hex(row.r2).slice(2)} main + ${line}`,
  ].join('\n');
}
