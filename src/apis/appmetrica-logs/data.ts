import { Readable } from 'node:stream';
import { hashString, mix32 } from '../../core/random.js';
import { DeviceBook } from './devices.js';
import { fieldGenerator, isPlainField, type FieldGen, type Row } from './fields.js';
import type { AppFixture } from './fixtures.js';
import { TABLES_WITHOUT_DATES, type TableName } from './tables.js';
import { TimeZone } from './time-zone.js';

/** Everything that decides the rows of an export (parsed query + fixture app). */
export interface ExportSpec {
  app: AppFixture;
  table: TableName;
  format: 'json' | 'csv';
  fields: readonly string[];
  /** UTC ms range, inclusive; absent for push_tokens. */
  since: number | undefined;
  until: number | undefined;
  dateDimension: 'default' | 'receive';
  filters: readonly (readonly [string, string])[];
  limit: number | undefined;
  bom: boolean;
  partsCount: number;
  partNumber: number;
}

const DEFAULT_DAILY_VOLUME = 1000;
/** The server receives a row up to this long after the device recorded it. */
const MAX_RECEIVE_DELAY_MS = 120_000;
const BATCH_ROWS = 512;

/** The generated world of one app: devices and time zone, kept per stand and seed. */
export class AppData {
  readonly app: AppFixture;
  readonly tz: TimeZone;
  readonly devices: DeviceBook;
  readonly #seed: number;
  readonly #gens = new Map<string, FieldGen>();

  constructor(app: AppFixture, seed: number) {
    this.app = app;
    this.#seed = seed;
    this.tz = new TimeZone(app.timeZone);
    this.devices = new DeviceBook(app, seed);
  }

  generator(table: TableName, field: string): FieldGen {
    const key = `${table}.${field}`;
    let g = this.#gens.get(key);
    if (!g) {
      g = fieldGenerator(field, table, this.app, this.tz);
      this.#gens.set(key, g);
    }
    return g;
  }

  /** ms between rows on the table's time grid. */
  interval(table: TableName): number {
    return 86_400_000 / (this.app.dailyVolume[table] ?? DEFAULT_DAILY_VOLUME);
  }

  salt(table: TableName): number {
    return hashString(`${this.app.id}:${table}`, this.#seed);
  }

  /** Row indexes [from, to] the export (whole, before parts, filters and limit) may contain. */
  indexRange(spec: ExportSpec): [number, number] {
    if (TABLES_WITHOUT_DATES.has(spec.table) || spec.since === undefined || spec.until === undefined) {
      return [0, this.app.devices - 1];
    }
    const iv = this.interval(spec.table);
    const slack = spec.dateDimension === 'receive' ? MAX_RECEIVE_DELAY_MS : 0;
    return [Math.floor((spec.since - slack) / iv), Math.floor(spec.until / iv)];
  }

  /** Rows the export is estimated to hold (before filters and limit): drives preparation time and the parts check. */
  estimateRows(spec: ExportSpec): number {
    const [from, to] = this.indexRange(spec);
    const total = Math.max(0, to - from + 1);
    const part = Math.ceil(total / spec.partsCount);
    return spec.limit === undefined ? part : Math.min(part, spec.limit);
  }

  /** Fills `row` for grid index k. */
  fill(row: Row, table: TableName, salt: number, k: number, withDates: boolean): void {
    const r = mix32(k ^ salt);
    const r2 = mix32(r + 0x9e3779b9);
    row.k = k;
    row.r = r;
    row.r2 = r2;
    if (withDates) {
      const iv = this.interval(table);
      row.t = Math.floor(k * iv + (r2 / 4294967296) * iv);
      row.dev = this.devices.get(r % this.app.devices);
    } else {
      // push_tokens: one row per device, registered some time in the past year.
      row.t = Date.UTC(2025, 0, 1) + (r2 % (365 * 86_400)) * 1000;
      row.dev = this.devices.get(k);
    }
    row.rt = row.t + (r % MAX_RECEIVE_DELAY_MS);
  }
}

/** JSON string literal of a value; most values need no escaping. */
function jsonString(s: string): string {
  // eslint-disable-next-line no-control-regex
  return /["\\\u0000-\u001f\u2028\u2029]/.test(s) ? JSON.stringify(s) : `"${s}"`;
}

/** RFC 4180: quote a cell holding a comma, a quote or a line break, doubling the quotes. */
export function csvCell(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * Writes an export's file batch by batch: each `next()` returns the next piece of text (the
 * header with the first rows, then BATCH_ROWS rows at a time, the tail with the last), or null
 * after the last. Rows are generated on demand, so an export of any size is never held.
 *
 * JSON follows the observed layout `{\n"data" :\n[\n{...},\n{...}\n]\n}`, every value a string.
 * CSV has a header row in `fields` order, then one row per line (\n), RFC 4180 quoting.
 */
export function exportWriter(data: AppData, spec: ExportSpec): { next(): string | null; done(): boolean } {
  const withDates = !TABLES_WITHOUT_DATES.has(spec.table) && spec.since !== undefined;
  const [from, to] = data.indexRange(spec);
  const total = Math.max(0, to - from + 1);
  const partFrom = from + Math.floor((spec.partNumber * total) / spec.partsCount);
  const partTo = from + Math.floor(((spec.partNumber + 1) * total) / spec.partsCount) - 1;
  const salt = data.salt(spec.table);
  const gens = spec.fields.map((f) => data.generator(spec.table, f));
  // Plain fields are written as they are; the others go through quoting (CSV) or escaping (JSON).
  const plain = spec.fields.map((f) => isPlainField(f, true));
  const filters = spec.filters.map(([f, v]) => [data.generator(spec.table, f), v] as const);
  const timeOf = spec.dateDimension === 'receive' ? (row: Row) => row.rt : (row: Row) => row.t;
  const limit = spec.limit ?? Number.POSITIVE_INFINITY;
  const json = spec.format === 'json';
  const keys = spec.fields.map((f) => `${jsonString(f)}:`);
  const row: Row = { k: 0, t: 0, rt: 0, r: 0, r2: 0, dev: undefined as unknown as Row['dev'] };

  let k = partFrom;
  let emitted = 0;
  let started = false;
  let finished = false;

  const head = (spec.bom ? '\ufeff' : '') + (json ? '{\n"data" :\n[\n' : spec.fields.map(csvCell).join(','));
  // The observed CSV ends without a newline after the last row (wire spec A.5).
  const tail = json ? '\n]\n}\n' : '';

  const n = gens.length;
  const formatRow = json
    ? (): string => {
        let line = '{';
        for (let i = 0; i < n; i++) {
          const v = gens[i]!(row);
          line += (i ? ',' : '') + keys[i] + (plain[i] ? `"${v}"` : jsonString(v));
        }
        return `${line}}`;
      }
    : (): string => {
        let line = '';
        for (let i = 0; i < n; i++) {
          const v = gens[i]!(row);
          line += (i ? ',' : '') + (plain[i] ? v : csvCell(v));
        }
        return line;
      };

  // Methods, not a getter: an object literal with a getter gets a hidden class of its own each
  // time, which keeps the closure (and what it holds) alive until a full GC.
  return {
    /** True once the last piece was returned. */
    done: () => finished,
    next(): string | null {
      if (finished) return null;
      let chunk = started ? '' : head;
      started = true;
      let rows = 0;
      // A batch ends after BATCH_ROWS rows; a filter that skips rows keeps scanning until it has one.
      while ((rows < BATCH_ROWS || chunk === '') && k <= partTo && emitted < limit) {
        data.fill(row, spec.table, salt, k++, withDates);
        if (withDates) {
          const at = timeOf(row);
          if (at < spec.since! || at > spec.until!) continue;
        }
        let keep = true;
        for (const [gen, value] of filters) {
          if (gen(row) !== value) {
            keep = false;
            break;
          }
        }
        if (!keep) continue;
        // JSON rows are separated by ",\n"; CSV rows follow the header, each after "\n".
        chunk += json ? (emitted ? ',\n' : '') + formatRow() : `\n${formatRow()}`;
        emitted++;
        rows++;
      }
      if (k > partTo || emitted >= limit) {
        finished = true;
        return chunk + tail;
      }
      return chunk;
    },
  };
}

/** Streams an export's file as the socket drains (see exportWriter). */
export function exportStream(data: AppData, spec: ExportSpec): Readable {
  const writer = exportWriter(data, spec);
  return new Readable({
    highWaterMark: 64 * 1024,
    read() {
      const chunk = writer.next();
      if (chunk === null) {
        this.push(null);
        return;
      }
      this.push(chunk);
      if (writer.done()) this.push(null);
    },
  });
}

/** The whole file of a small export as one string (see exportWriter). */
export function exportText(data: AppData, spec: ExportSpec): string {
  const writer = exportWriter(data, spec);
  let text = '';
  for (let chunk = writer.next(); chunk !== null; chunk = writer.next()) text += chunk;
  return text;
}
