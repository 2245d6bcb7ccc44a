import { readFileSync } from 'node:fs';
import { expect, onTestFinished, test } from 'vitest';
import { AppData, specOf } from '../../src/apis/appmetrica-logs/domain/data.js';
import { AppmetricaFixtures } from '../../src/apis/appmetrica-logs/fixtures.js';
import { parseExportQuery } from '../../src/apis/appmetrica-logs/schemas.js';
import { stand } from '../helpers.js';
import { get, parseCsv, ready } from './helpers.js';

async function t0() {
  const t = await stand();
  onTestFinished(t.close);
  return t;
}

const PROFILES = '/appmetrica/logs/v1/export';
type Row = Record<string, string>;
const rowsOf = (body: string) => (JSON.parse(body) as { data: Row[] }).data;

test('profiles with no dates at all exports every profile as it is now (it was 400 "Parameter date_since is required.")', async () => {
  // ref/profiles.md: the old resource has no date parameters; dpmn/appmetrica-logs-api sends none.
  const t = await t0();
  const res = await ready(t, `${PROFILES}/profiles.json?application_id=1111&fields=appmetrica_device_id,profile_id,appmetrica_last_start_date,appmetrica_sessions`);
  expect(res.statusCode).toBe(200);
  const rows = rowsOf(res.body);
  // One row per device whose profile exists by the stand's "now" (the test clock starts 2026-01-01; histories start in 2025).
  expect(rows.length).toBe(5000);
  expect(new Set(rows.map((r) => r.appmetrica_device_id)).size).toBe(5000);
  expect(rows.filter((r) => !(r.appmetrica_last_start_date! <= '2026-01-01'))).toEqual([]);
});

test('profiles_v2 without dates exports, with dates exports the updates in the range; one date alone is 400', async () => {
  const t = await t0();
  const now = await ready(t, `${PROFILES}/profiles_v2.csv?application_id=1111&fields=appmetrica_device_id,appmetrica_gender`);
  expect(now.statusCode).toBe(200);
  expect(parseCsv(now.body)).toHaveLength(5001);
  const day = await ready(t, `${PROFILES}/profiles_v2.json?application_id=1111&date_since=2025-12-01&date_until=2025-12-01&fields=appmetrica_device_id,appmetrica_last_start_date`);
  const rows = rowsOf(day.body);
  expect(rows).toHaveLength(1000); // dailyVolume.profiles_v2
  expect(rows.filter((r) => r.appmetrica_last_start_date !== '2025-12-01')).toEqual([]);
  const half = await get(t, `${PROFILES}/profiles_v2.json?application_id=1111&date_since=2025-12-01&fields=profile_id`);
  expect(half.statusCode).toBe(400);
  expect(half.body).toBe('Parameter date_until is required.');
});

test('profiles: version and update_timestamp filter (they were 400 "Unknown parameter"); bad values are 400', async () => {
  const t = await t0();
  const all = rowsOf((await ready(t, `${PROFILES}/profiles_v2.json?application_id=1111&fields=appmetrica_device_id,appmetrica_sessions`)).body);
  const v1 = rowsOf((await ready(t, `${PROFILES}/profiles_v2.json?application_id=1111&fields=appmetrica_device_id&version=1`)).body);
  expect(v1.length).toBeGreaterThan(0);
  expect(v1.length).toBeLessThan(all.length);

  // The update time of one profile update of 2025-12-01, worked out from the same seed's data.
  const fixture = AppmetricaFixtures.parse(JSON.parse(readFileSync(new URL('../../fixtures/appmetrica/default.json', import.meta.url), 'utf8'))).apps[0]!;
  const data = new AppData(fixture, 1);
  const spec = specOf(parseExportQuery('profiles_v2.json', 'application_id=1111&date_since=2025-12-01&date_until=2025-12-01&fields=appmetrica_device_id'), data, t.stand.now());
  const row = { k: 0, t: 0, rt: 0, r: 0, r2: 0, dev: data.devices.get(0), v: 0 };
  const [from] = data.indexRange(spec);
  data.fill(row, 'profiles_v2', data.salt('profiles_v2'), from + 500, true);
  const at = data.generator('profiles_v2', 'update_timestamp')(row);
  const day = `${PROFILES}/profiles_v2.json?application_id=1111&date_since=2025-12-01&date_until=2025-12-01&fields=appmetrica_device_id`;
  const updated = rowsOf((await ready(t, `${day}&update_timestamp=${at}`)).body);
  expect(updated).toEqual([{ appmetrica_device_id: row.dev.appmetricaDeviceId }]);

  for (const [param, value] of [['version', 'two'], ['update_timestamp', '2026-01-01']]) {
    const bad = await get(t, `${PROFILES}/profiles_v2.json?application_id=1111&fields=profile_id&${param}=${value}`);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toMatch(new RegExp(`^Invalid value of parameter ${param}: '${value}'`));
  }
});

test('profiles export the app\'s own attributes by name, and filter on them; an attribute the app lacks is an unknown field', async () => {
  // ref/profiles.md lists `<any attribute name>`; fixture app 1111 declares four (fixtures/appmetrica/default.json).
  const t = await t0();
  const url = `${PROFILES}/profiles.json?application_id=1111&fields=appmetrica_device_id,subscription_plan,loyalty_points,newsletter,purchases_count`;
  const rows = rowsOf((await ready(t, url)).body);
  expect(Object.keys(rows[0]!)).toEqual(['appmetrica_device_id', 'subscription_plan', 'loyalty_points', 'newsletter', 'purchases_count']);
  expect(new Set(rows.map((r) => r.subscription_plan))).toEqual(new Set(['free', 'premium', 'family', '']));
  expect(rows.filter((r) => !/^(\d+\.\d)?$/.test(r.loyalty_points!) || !/^(true|false)?$/.test(r.newsletter!) || !/^\d+$/.test(r.purchases_count!))).toEqual([]);
  const premium = rowsOf((await ready(t, `${url}&subscription_plan=premium`)).body);
  expect(premium.length).toBe(rows.filter((r) => r.subscription_plan === 'premium').length);
  const unknown = await get(t, `${PROFILES}/profiles.json?application_id=1111&fields=profile_id,shoe_size`);
  expect(unknown.statusCode).toBe(400);
  expect(unknown.body).toMatch(/^Unknown field 'shoe_size' for profiles_v2\. Available fields: profile_id,.*,subscription_plan,loyalty_points,newsletter,purchases_count\.$/);
  // Another app declares none.
  const other = await t.inject({ url: `${PROFILES}/profiles.json?application_id=2222&fields=subscription_plan`, headers: { authorization: 'OAuth app2222-token' } });
  expect(other.statusCode).toBe(400);
});

test('a later export of every profile shows each profile at the same or a later version, its counters never lower', async () => {
  const t = await t0();
  const url = `${PROFILES}/profiles_v2.json?application_id=1111&fields=appmetrica_device_id,appmetrica_sessions,appmetrica_last_start_date&limit=300`;
  const before = rowsOf((await ready(t, url)).body);
  t.advance(60 * 86_400_000);
  const after = rowsOf((await ready(t, url, { 'cache-control': 'no-cache' })).body);
  expect(after.map((r) => r.appmetrica_device_id)).toEqual(before.map((r) => r.appmetrica_device_id));
  let moved = 0;
  const older = before.filter((b, i) => {
    const a = after[i]!;
    if (a.appmetrica_last_start_date! > b.appmetrica_last_start_date!) moved++;
    return a.appmetrica_last_start_date! < b.appmetrica_last_start_date! || Number(a.appmetrica_sessions) < Number(b.appmetrica_sessions);
  });
  expect(older).toEqual([]);
  expect(moved).toBe(before.length); // every profile updates at least every 30 days
});
