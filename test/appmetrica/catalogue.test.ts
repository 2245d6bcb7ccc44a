/**
 * The field catalogue (src/apis/appmetrica-logs/domain/catalogue.ts): every table exports every
 * field it lists, in JSON and in CSV, with values in the docs' formats; and the README lists
 * where each field beyond a table's ref list comes from.
 */
import { readFileSync } from 'node:fs';
import { expect, onTestFinished, test } from 'vitest';
import { SOURCES, TABLES, beyondRef, type TableName } from '../../src/apis/appmetrica-logs/domain/catalogue.js';
import { stand } from '../helpers.js';
import { exportUrl, parseCsv, ready } from './helpers.js';

/**
 * Fields that may be empty in every row of app 1111: no Windows devices; values the docs leave
 * undocumented; 3 category levels; e-commerce events have no name or JSON (the docs' example row).
 */
const MAY_BE_EMPTY = new Set([
  '*.windows_aid',
  'postbacks.identifier',
  'installations.fingerprint_method',
  'ecommerce_events.event_name',
  'ecommerce_events.event_json',
  ...[4, 5, 6, 7, 8, 9, 10].flatMap((n) => [`ecommerce_events.ecom_screen_category_path_${n}`, `ecommerce_events.ecom_product_category_path_${n}`]),
]);
const mayBeEmpty = (table: string, field: string) => MAY_BE_EMPTY.has(`${table}.${field}`) || MAY_BE_EMPTY.has(`*.${field}`);

/** Formats by field name (presets.yaml and the docs' examples); every value is a string, checked apart. */
const FORMATS: [RegExp, RegExp][] = [
  [/_datetime$/, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/],
  [/_timestamp$/, /^\d{10}$/],
  [/^(appmetrica_first_session_date|appmetrica_last_start_date)$/, /^\d{4}-\d{2}-\d{2}$/],
  [/^(crash_id|error_id|crash_group_id)$/, /^[1-9]\d{18}$/],
  [/^click_id$/, /^[0-9a-f]{32}$/],
  [/^appmetrica_device_id$/, /^\d{1,20}$/],
  [/^session_id$/, /^1\d{10}$/],
  [/^(application_id|publisher_id|tracking_id|mcc|mnc|app_build_number|appmetrica_sdk_version|response_code|revenue_quantity|ecom_cart_item_quantity)$/, /^(\d+)?$/],
  [/^(is_bot|is_reattribution|is_reinstallation|is_reengagement|appmetrica_notifications_enabled)$/, /^(true|false)$/],
  [/^(is_revenue_verified|is_revenue_autocollected)$/, /^(true|false|undefined)$/],
  [/^os_name$/, /^(ios|android|windows)$/],
  [/^device_type$/, /^(phone|tablet|unknown)$/],
  [/^connection_type$/, /^(wifi|cell|unknown)$/],
  [/^(touch_type|attributed_touch_type)$/, /^(click|impression|unknown)$/],
  [/^revenue_inapp_type$/, /^(one_time_purchase|subscription)$/],
  [/^event_source$/, /^(sdk|import_api|js|system)$/],
  [/^certificate_verification_status$/, /^(unknown|valid|invalid|unsupported_operating_system|empty_event_certificate)$/],
  [/^(revenue_price|ad_revenue|ecom_\w+_fiat_value)$/, /^-?\d+(\.\d+)?$/],
  [/^(ecom_\w+_payload)$/, /^\{.*\}$/],
  [/^(ecom_product_promocodes|ecom_\w+_internal_components)$/, /^\[.*\]$/],
];

function urlOf(table: TableName, format: 'json' | 'csv'): string {
  const fields = table === 'profiles_v2' ? [...TABLES[table], 'subscription_plan', 'loyalty_points', 'newsletter', 'purchases_count'] : TABLES[table];
  const params: Record<string, string> = { fields: fields.join(','), limit: '100', date_since: '2025-12-01', date_until: '2025-12-02' };
  return table === 'push_tokens'
    ? `/appmetrica/logs/v1/export/push_tokens.${format}?application_id=1111&fields=${params.fields}&limit=100`
    : exportUrl(params, `${table}.${format}`);
}

test('every table exports every catalogued field in JSON and in CSV, the same values, in the docs\' formats', async () => {
  const t = await stand();
  onTestFinished(t.close);
  for (const table of Object.keys(TABLES) as TableName[]) {
    const json = await ready(t, urlOf(table, 'json'));
    expect(json.statusCode, table).toBe(200);
    const rows = (JSON.parse(json.body) as { data: Record<string, unknown>[] }).data;
    const fields = Object.keys(rows[0]!);
    expect(fields.slice(0, TABLES[table].length), table).toEqual(TABLES[table]);
    expect(rows.length, table).toBeGreaterThan(50);

    const csv = await ready(t, urlOf(table, 'csv'));
    expect(csv.statusCode, table).toBe(200);
    const [head, ...cells] = parseCsv(csv.body);
    expect(head, table).toEqual(fields);
    expect(cells.map((r) => Object.fromEntries(r.map((v, i) => [fields[i], v]))), `${table}: CSV cells equal the JSON values`).toEqual(rows);

    // Collected, then asserted once: an expect per value made this test seconds long.
    const problems: string[] = [];
    for (const field of fields) {
      const values = rows.map((r) => r[field]);
      const format = FORMATS.find(([name]) => name.test(field))?.[1];
      for (const v of values) {
        if (typeof v !== 'string') problems.push(`${table}.${field}: ${JSON.stringify(v)} is no string`);
        else if (format && v !== '' && !format.test(v)) problems.push(`${table}.${field}: ${JSON.stringify(v)} does not match ${format}`);
      }
      if (!mayBeEmpty(table, field) && values.every((v) => v === '')) problems.push(`${table}.${field}: empty in every row`);
    }
    expect(problems.slice(0, 20)).toEqual([]);
  }
});

test('mcc and mnc are numbers on every row, Wi-Fi too (the docs type them integer; dpmn/appmetrica-logs-api parses them as int); operator_name is empty on Wi-Fi only', async () => {
  const t = await stand();
  onTestFinished(t.close);
  const res = await ready(t, exportUrl({ fields: 'connection_type,mcc,mnc,operator_name', limit: '300', date_since: '2025-12-01', date_until: '2025-12-02' }, 'events.json'));
  const rows = (JSON.parse(res.body) as { data: Record<string, string>[] }).data;
  const wifi = rows.filter((r) => r.connection_type === 'wifi');
  const cell = rows.filter((r) => r.connection_type === 'cell');
  expect(wifi.length).toBeGreaterThan(10);
  expect(cell.length).toBeGreaterThan(10);
  expect(rows.filter((r) => !/^\d+$/.test(r.mcc!) || !/^\d+$/.test(r.mnc!))).toEqual([]);
  expect(new Set(wifi.map((r) => r.operator_name))).toEqual(new Set(['']));
  expect(cell.filter((r) => r.operator_name === '')).toEqual([]);
});

test('the README lists every field beyond a table\'s ref list with its sources', () => {
  const readme = readFileSync(new URL('../../src/apis/appmetrica-logs/README.md', import.meta.url), 'utf8');
  const section = readme.slice(readme.indexOf('## Field catalogue'), readme.indexOf('\n## ', readme.indexOf('## Field catalogue') + 1));
  expect(section.length).toBeGreaterThan(100);
  for (const table of Object.keys(TABLES) as TableName[]) {
    const line = section.split('\n').find((l) => l.startsWith(`| \`${table}\``));
    expect(line, `a row for ${table}`).toBeDefined();
    for (const [field, sources] of Object.entries(beyondRef(table))) {
      expect(line, `${table}.${field} and its sources`).toContain(`\`${field}\` (${sources.join(', ')})`);
    }
  }
  for (const source of Object.keys(SOURCES)) expect(section, `source ${source} explained`).toContain(`**${source}**`);
});

test('fields real clients ask for export (they were 400 "Unknown field"): postbacks profile_id, identifier, city; revenue os_name, device_type; ecommerce country...', async () => {
  const t = await stand();
  onTestFinished(t.close);
  const asked: [TableName, string][] = [
    ['postbacks', 'profile_id,identifier,city,country_iso_code,touch_type'],
    ['revenue_events', 'is_revenue_autocollected,revenue_inapp_type,revenue_event_type,os_name,device_type,android_id,app_build_number'],
    ['ad_revenue_events', 'os_name,device_type'],
    ['deeplinks', 'os_name,operator_name'],
    ['ecommerce_events', 'certificate_verification_status,country,district,area,event_source'],
    ['installations', 'android_id,app_build_number'],
    ['events', 'android_id'],
  ];
  for (const [table, fields] of asked) {
    const res = await ready(t, exportUrl({ fields, limit: '3' }, `${table}.csv`));
    expect(res.statusCode, table).toBe(200);
    expect(res.body.split('\n')[0], table).toBe(fields);
  }
});

test('ids as the docs show them: crash_id and error_id 19-digit decimals (they were hex), click_id 32 hex digits (it was two decimals run together)', async () => {
  const t = await stand();
  onTestFinished(t.close);
  type Ids = Record<string, string>;
  const rows = async (table: string, fields: string) => (JSON.parse((await ready(t, exportUrl({ fields, limit: '20' }, `${table}.json`))).body) as { data: Ids[] }).data;
  const crashes = await rows('crashes', 'crash_id,crash_group_id,crash_name');
  expect(crashes.filter((r) => !/^[1-9]\d{18}$/.test(r.crash_id!) || BigInt(r.crash_id!) >= 2n ** 63n)).toEqual([]);
  // One group per kind of crash.
  expect(new Set(crashes.map((r) => `${r.crash_name}=${r.crash_group_id}`)).size).toBe(new Set(crashes.map((r) => r.crash_name)).size);
  expect((await rows('errors', 'error_id')).filter((r) => !/^[1-9]\d{18}$/.test(r.error_id!))).toEqual([]);
  const clicks = await rows('clicks', 'click_id,click_url_parameters');
  expect(clicks.filter((r) => !/^[0-9a-f]{32}$/.test(r.click_id!) || !r.click_url_parameters!.endsWith(`click_id=${r.click_id}`))).toEqual([]);
});
