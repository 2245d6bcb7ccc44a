import { hashString, mix32 } from '../../../core/random.js';
import { DeviceBook } from './devices.js';
import { fieldGenerator, isPlainField, type FieldGen, type Row } from './fields.js';
import type { AppFixture } from '../fixtures.js';
import type { ExportRequest } from '../schemas.js';
import { TABLES, type TableName } from './tables.js';
import { TimeZone } from './time-zone.js';

import { csvCell, jsonString } from './escape.js';

/** Everything that decides the rows of an export (parsed query + fixture app + the time it was asked). */
export interface ExportSpec {
  app: AppFixture;
  table: TableName;
  format: 'json' | 'csv';
  fields: readonly string[];
  /** UTC ms range, inclusive; absent for an export without dates (push_tokens, profiles). */
  since: number | undefined;
  until: number | undefined;
  dateDimension: 'default' | 'receive';
  filters: readonly (readonly [string, string])[];
  limit: number | undefined;
  bom: boolean;
  partsCount: number;
  partNumber: number;
  /**
   * UTC ms: the stand's "now" when the export was asked for, when rows could be received after
   * it (a range reaching past now, or the current state of every profile). Rows received later
   * do not exist yet. Undefined when the whole range lies in the past: then the file depends on
   * the rest of the spec alone.
   */
  cap: number | undefined;
}

/** What a parsed request asks of an application's data, at `now`: its dates as UTC instants in the app's zone. */
export function specOf(req: ExportRequest, data: AppData, now: number): ExportSpec {
  const spec: ExportSpec = {
    app: data.app,
    table: req.table,
    format: req.format,
    fields: req.fields,
    since: req.sinceLocal === undefined ? undefined : data.tz.toUtc(req.sinceLocal),
    until: req.untilLocal === undefined ? undefined : data.tz.toUtc(req.untilLocal),
    dateDimension: req.dateDimension,
    // Parameters naming one of the app's profile attributes filter like fields.
    filters: req.extras.length === 0 ? req.filters : [...req.filters, ...req.extras.filter(([name]) => data.isAttribute(req.table, name))],
    limit: req.limit,
    bom: req.bom,
    partsCount: req.partsCount,
    partNumber: req.partNumber,
    cap: undefined,
  };
  if (data.latestReceive(spec) > now) spec.cap = now;
  return spec;
}

export { exportStream, exportText, exportWriter, type ExportWriter } from './export-writer.js';

const DEFAULT_DAILY_VOLUME = 1000;
/** The server receives a row up to this long after the device recorded it. */
export const MAX_RECEIVE_DELAY_MS = 120_000;
/** push_tokens: each device registered its token once in the 364 days from this instant. */
const PUSH_TOKENS_FROM = Date.UTC(2025, 0, 1);
const PUSH_TOKENS_SPAN_S = 364 * 86_400;

/** See AppData#layout. */
export interface Layout {
  readonly gens: readonly FieldGen[];
  readonly plain: readonly boolean[];
  readonly keys: readonly string[];
  readonly csvHead: string;
  readonly escape: (s: string) => string;
  readonly salt: number;
  readonly interval: number;
}

/** The generated world of one app: devices and time zone, kept per stand and seed. */
export class AppData {
  readonly app: AppFixture;
  readonly tz: TimeZone;
  readonly devices: DeviceBook;
  readonly #seed: number;
  readonly #gens = new Map<string, FieldGen>();
  readonly #attributes: ReadonlySet<string>;
  /** Layouts by fields list (the parsed query's array, shared by every export of that URL), then table and format. */
  readonly #layouts = new WeakMap<readonly string[], Map<string, Layout>>();

  /** `zones`: time zones by name, shared by the apps of a fixture set (each holds an Intl formatter and an offset table). */
  constructor(app: AppFixture, seed: number, zones: Map<string, TimeZone> = new Map()) {
    this.app = app;
    this.#seed = seed;
    let tz = zones.get(app.timeZone);
    if (!tz) zones.set(app.timeZone, (tz = new TimeZone(app.timeZone)));
    this.tz = tz;
    this.devices = new DeviceBook(app, seed);
    this.#attributes = new Set(app.profileAttributes.map((a) => a.name));
  }

  /** Whether `name` is one of this app's profile attributes (profiles export them by name). */
  isAttribute(table: TableName, name: string): boolean {
    return table === 'profiles_v2' && this.#attributes.has(name);
  }

  /** The first of `fields` that neither the table nor (profiles) the app's attributes have, if any. */
  unknownField(table: TableName, fields: readonly string[]): string | undefined {
    const known: readonly string[] = TABLES[table];
    return fields.find((f) => !known.includes(f) && !this.isAttribute(table, f));
  }

  /** The names a request for `table` may use as fields (for the message of a 400). */
  fieldNames(table: TableName): string[] {
    return table === 'profiles_v2' ? [...TABLES[table], ...this.#attributes] : [...TABLES[table]];
  }

  generator(table: TableName, field: string): FieldGen {
    const key = `${table}.${field}`;
    let g = this.#gens.get(key);
    if (!g) {
      g = fieldGenerator(field, { app: this.app, table, tz: this.tz, salt: this.salt(table) });
      this.#gens.set(key, g);
    }
    return g;
  }

  /**
   * What an export of these fields needs besides rows: generators, which fields need escaping,
   * JSON keys, the CSV header, the escaping function (remembering its answers). Kept per fields
   * list: a small file polled for and downloaded again and again spent more on this than on
   * its rows.
   */
  layout(table: TableName, fields: readonly string[], format: 'json' | 'csv'): Layout {
    let byTable = this.#layouts.get(fields);
    if (!byTable) this.#layouts.set(fields, (byTable = new Map()));
    const key = `${table}.${format}`;
    let layout = byTable.get(key);
    if (!layout) {
      layout = {
        gens: fields.map((f) => this.generator(table, f)),
        plain: fields.map((f) => isPlainField(f, !this.isAttribute(table, f))),
        keys: fields.map((f) => `${jsonString(f)}:`),
        csvHead: fields.map(csvCell).join(','),
        escape: memoized(format === 'json' ? jsonString : csvCell),
        salt: this.salt(table),
        interval: this.interval(table),
      };
      byTable.set(key, layout);
    }
    return layout;
  }

  /** ms between rows on the table's time grid. */
  interval(table: TableName): number {
    return 86_400_000 / (this.app.dailyVolume[table] ?? DEFAULT_DAILY_VOLUME);
  }

  salt(table: TableName): number {
    return hashString(`${this.app.id}:${table}`, this.#seed);
  }

  /** The latest time a row of the export may have been received: past it, the file is complete. */
  latestReceive(spec: Pick<ExportSpec, 'table' | 'since' | 'until' | 'dateDimension'>): number {
    if (spec.until !== undefined) return spec.dateDimension === 'receive' ? spec.until : spec.until + MAX_RECEIVE_DELAY_MS;
    // Without dates: push tokens were registered in a fixed year; profiles are as they are now.
    return spec.table === 'push_tokens' ? PUSH_TOKENS_FROM + PUSH_TOKENS_SPAN_S * 1000 + MAX_RECEIVE_DELAY_MS : Number.POSITIVE_INFINITY;
  }

  /** Row indexes [from, to] the export (whole, before parts, filters and limit) may contain. */
  indexRange(spec: ExportSpec): [number, number] {
    if (spec.since === undefined || spec.until === undefined) return [0, this.app.devices - 1];
    const iv = this.interval(spec.table);
    const slack = spec.dateDimension === 'receive' ? MAX_RECEIVE_DELAY_MS : 0;
    // A row is received after it happened: none happened after the cap.
    const last = spec.cap === undefined ? spec.until : Math.min(spec.until, spec.cap);
    return [Math.floor((spec.since - slack) / iv), Math.floor(last / iv)];
  }

  /** Rows the export is estimated to hold (before filters and limit): drives preparation time and the parts check. */
  estimateRows(spec: ExportSpec): number {
    const [from, to] = this.indexRange(spec);
    const total = Math.max(0, to - from + 1);
    const part = Math.ceil(total / spec.partsCount);
    return spec.limit === undefined ? part : Math.min(part, spec.limit);
  }

  /**
   * Fills `row` for index k: grid index k of a dated export (`iv`: the table's interval, when the
   * caller has it at hand), or device k without dates. A row that does not exist at `cap` (a
   * profile not created yet) gets a receive time of +Infinity.
   */
  fill(row: Row, table: TableName, salt: number, k: number, withDates: boolean, iv = this.interval(table), cap = Number.POSITIVE_INFINITY): void {
    const r = mix32(k ^ salt);
    const r2 = mix32(r + 0x9e3779b9);
    row.k = k;
    row.r = r;
    row.r2 = r2;
    row.v = 0;
    if (withDates) {
      row.t = Math.floor(k * iv + (r2 / 4294967296) * iv);
      row.dev = this.devices.get(r % this.app.devices);
      row.rt = row.t + (r % MAX_RECEIVE_DELAY_MS);
      if (table === 'profiles_v2') {
        // An update of the device's profile: its version counts the updates on the profile's schedule.
        const dev = row.dev;
        row.v = row.t < dev.profileFirst ? 1 : Math.floor((row.t - dev.profileFirst) / dev.profileEvery) + 1;
      }
      return;
    }
    const dev = (row.dev = this.devices.get(k));
    if (table === 'push_tokens') {
      // One row per device: its token, registered once in a fixed year.
      row.t = PUSH_TOKENS_FROM + (r2 % PUSH_TOKENS_SPAN_S) * 1000;
      row.rt = row.t + (r % MAX_RECEIVE_DELAY_MS);
      return;
    }
    // Profiles without dates: every profile as its last update received by `cap` left it.
    const by = cap - MAX_RECEIVE_DELAY_MS;
    if (by < dev.profileFirst) {
      row.t = dev.profileFirst;
      row.rt = Number.POSITIVE_INFINITY;
      return;
    }
    const updates = Math.floor((by - dev.profileFirst) / dev.profileEvery);
    row.t = dev.profileFirst + updates * dev.profileEvery;
    row.v = updates + 1;
    row.rt = row.t + (r % MAX_RECEIVE_DELAY_MS);
  }
}

/** Distinct values whose escaped form an export remembers (device models, cities, event names...). */
const ESCAPE_MEMO_SIZE = 4096;

/**
 * `escape` remembering its answers: the values that need checking mostly come from small sets
 * (a device's model and city, the app's event names), and a Map lookup on such a string (its
 * hash is kept in the string) is cheaper than the regex test. Unbounded values (a crash text
 * with a line number) stop being remembered once ESCAPE_MEMO_SIZE are.
 */
function memoized(escape: (s: string) => string): (s: string) => string {
  const memo = new Map<string, string>();
  return (s) => {
    let e = memo.get(s);
    if (e === undefined) {
      e = escape(s);
      if (memo.size < ESCAPE_MEMO_SIZE) memo.set(s, e);
    }
    return e;
  };
}
