import { expect, onTestFinished, test } from 'vitest';
import { stand } from '../helpers.js';
import { exportUrl, parseCsv, ready } from './helpers.js';

async function rows<F extends string>(fields: readonly F[], resource: string): Promise<Record<F, string>[]> {
  const t = await stand();
  onTestFinished(t.close);
  const res = await ready(t, exportUrl({ fields: fields.join(',') }, resource));
  expect(res.statusCode).toBe(200);
  const [head, ...body] = parseCsv(res.body);
  return body.map((cells) => Object.fromEntries(head!.map((h, i) => [h, cells[i]!])) as Record<F, string>);
}

test("a crash is its platform's: Java exceptions on Android, Mach exceptions with an Apple crash report on iOS", async () => {
  const crashes = await rows(['os_name', 'crash_name', 'crash', 'crash_group_id'], 'crashes.csv');
  const android = crashes.filter((r) => r.os_name === 'android');
  const ios = crashes.filter((r) => r.os_name === 'ios');
  expect(android.length).toBeGreaterThan(0);
  expect(ios.length).toBeGreaterThan(0);
  for (const r of android) {
    expect(r.crash_name).toMatch(/^java\.lang\./);
    expect(r.crash.startsWith(`${r.crash_name}\n\tat `)).toBe(true);
  }
  for (const r of ios) {
    expect(r.crash_name).toMatch(/^EXC_/);
    expect(r.crash).toMatch(/^Incident Identifier: [0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-8[0-9A-F]{3}-[0-9A-F]{12}\n/);
    expect(r.crash).toMatch(/\nHardware Model: (iPhone|iPad)\d+,\d+\n/);
    expect(r.crash).toContain(`\nException Type: ${r.crash_name} (SIG`);
  }
  // One group per platform and crash type: a group never holds two names.
  const names = new Map<string, Set<string>>();
  for (const r of crashes) names.set(r.crash_group_id, (names.get(r.crash_group_id) ?? new Set()).add(r.crash_name));
  for (const set of names.values()) expect(set.size).toBe(1);
});

test('original_device_model is the factory model; connection_type is wifi, cell or unknown; some rows have no city', async () => {
  const events = await rows(['os_name', 'device_model', 'original_device_model', 'connection_type', 'operator_name', 'city', 'country_iso_code'], 'events.csv');
  const pairs = new Set(events.map((r) => `${r.device_model} -> ${r.original_device_model}`));
  expect(pairs).toContain('iPhone 15 Pro -> iPhone16,1');
  expect(pairs).toContain('Galaxy S23 -> SM-S911B');
  expect(events.filter((r) => r.os_name === 'ios').every((r) => /^(iPhone|iPad)\d+,\d+$/.test(r.original_device_model))).toBe(true);
  expect(new Set(events.map((r) => r.connection_type))).toEqual(new Set(['wifi', 'cell', 'unknown']));
  // The operator's name is the network the data went through: only on cellular rows.
  expect(events.every((r) => (r.connection_type === 'cell') === (r.operator_name !== ''))).toBe(true);
  const noCity = events.filter((r) => r.city === '');
  expect(noCity.length).toBeGreaterThan(0);
  expect(noCity.length).toBeLessThan(events.length / 10);
  expect(noCity.every((r) => r.country_iso_code !== '')).toBe(true);
});
