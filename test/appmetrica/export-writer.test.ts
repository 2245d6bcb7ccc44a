/**
 * The two ways an export's file is written (whole, for small files; UTF-8 byte batches, for
 * streamed ones) give the same bytes, whatever the size, format, characters and options.
 */
import { expect, test } from 'vitest';
import { AppData, exportText, exportWriter, specOf, type ExportSpec } from '../../src/apis/appmetrica-logs/domain/data.js';
import { AppFixture } from '../../src/apis/appmetrica-logs/fixtures.js';
import { parseExportQuery } from '../../src/apis/appmetrica-logs/schemas.js';

const app = AppFixture.parse({
  id: 4242,
  name: 'Приложение',
  timeZone: 'Asia/Yekaterinburg',
  packageName: 'ru.example.multibyte',
  platforms: { android: 0.5, ios: 0.5 },
  devices: 700,
  appVersions: ['1.0'],
  // Multi-byte characters (2, 3 and 4 bytes in UTF-8), a quote and a comma.
  eventNames: ['покупка', 'поиск, "с кавычками"', 'ok', '🎉 launch', 'ß'],
  dailyVolume: { events: 30_000 },
});

function spec(query: string, resource: string, data: AppData): ExportSpec {
  // The stand's "now" a week after the range: every row of it has been received.
  return specOf(parseExportQuery(resource, `application_id=4242&${query}`), data, Date.UTC(2026, 0, 10));
}

function bytes(data: AppData, s: ExportSpec): Buffer {
  const w = exportWriter(data, s);
  const out: Buffer[] = [];
  for (let b = w.nextBytes(); b !== null; b = w.nextBytes()) out.push(b);
  expect(w.done()).toBe(true);
  return Buffer.concat(out);
}

const days = 'date_since=2026-01-01&date_until=2026-01-03';
const fields = 'fields=event_name,event_datetime,event_timestamp,os_name,city,device_model';

test.each([
  ['CSV, 90,000 rows', `${days}&${fields}`, 'events.csv'],
  ['JSON, 90,000 rows', `${days}&${fields}`, 'events.json'],
  ['CSV with a BOM, limit 1,234', `${days}&${fields}&use_utf8_bom=true&limit=1234`, 'events.csv'],
  ['JSON, part 2 of 3, receive dimension', `${days}&${fields}&parts_count=3&part_number=2&date_dimension=receive`, 'events.json'],
  ['CSV, a filter keeping one event name', `${days}&${fields}&event_name=${encodeURIComponent('🎉 launch')}`, 'events.csv'],
  ['JSON, nothing in range', `date_since=2030-01-01&date_until=2030-01-01&${fields}`, 'events.json'],
])('streamed bytes equal the whole text: %s', (_name, query, resource) => {
  const data = new AppData(app, 7);
  const s = spec(query, resource, data);
  const text = exportText(data, s);
  expect(bytes(new AppData(app, 7), s).equals(Buffer.from(text, 'utf8'))).toBe(true);
});

// The export stream ends a batch at its turn's deadline, so a client downloading a large export
// cannot hold the others while the first batches make their devices (bench -- downloads: a health
// check waited 250-370 ms at the start of a 1 GB download). Cut anywhere, the bytes stay the same.
test('batches cut at a passed deadline are small, and together the same bytes', () => {
  const data = new AppData(app, 7);
  const s = spec(`${days}&${fields}`, 'events.csv', data);
  const w = exportWriter(new AppData(app, 7), s);
  const out: Buffer[] = [];
  for (let b = w.nextBytes(0); b !== null; b = w.nextBytes(0)) out.push(b);
  expect(out.length).toBeGreaterThan(100);
  expect(Math.max(...out.map((b) => b.length))).toBeLessThan(32 * 1024);
  expect(Buffer.concat(out).equals(Buffer.from(exportText(data, s), 'utf8'))).toBe(true);
});
