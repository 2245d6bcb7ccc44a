import { Readable } from 'node:stream';
import { hashString, mix32 } from '../../../core/random.js';
import { DeviceBook } from './devices.js';
import { fieldGenerator, isPlainField, type FieldGen, type Row } from './fields.js';
import type { AppFixture } from '../fixtures.js';
import type { ExportRequest } from '../schemas.js';
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

/** What a parsed request asks of an application's data: its dates as UTC instants in the app's zone. */
export function specOf(req: ExportRequest, data: AppData): ExportSpec {
  return {
    app: data.app,
    table: req.table,
    format: req.format,
    fields: req.fields,
    since: req.sinceLocal === undefined ? undefined : data.tz.toUtc(req.sinceLocal),
    until: req.untilLocal === undefined ? undefined : data.tz.toUtc(req.untilLocal),
    dateDimension: req.dateDimension,
    filters: req.filters,
    limit: req.limit,
    bom: req.bom,
    partsCount: req.partsCount,
    partNumber: req.partNumber,
  };
}

const DEFAULT_DAILY_VOLUME = 1000;
/** The server receives a row up to this long after the device recorded it. */
const MAX_RECEIVE_DELAY_MS = 120_000;
const BATCH_ROWS = 512;

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
      const json = format === 'json';
      layout = {
        gens: fields.map((f) => this.generator(table, f)),
        plain: fields.map((f) => isPlainField(f, true)),
        keys: fields.map((f) => `${jsonString(f)}:`),
        csvHead: fields.map(csvCell).join(','),
        escape: memoized(json ? jsonString : csvCell),
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

  /** Fills `row` for grid index k (`iv`: the table's interval, when the caller has it at hand). */
  fill(row: Row, table: TableName, salt: number, k: number, withDates: boolean, iv = this.interval(table)): void {
    const r = mix32(k ^ salt);
    const r2 = mix32(r + 0x9e3779b9);
    row.k = k;
    row.r = r;
    row.r2 = r2;
    if (withDates) {
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

/** Bytes of a streamed batch: a few socket writes' worth; gzip takes it in one go in the libuv pool (64 KiB batches kept the 1M-row gzip export at 0.69 of raw zlib, 256 KiB: 0.76). */
const BATCH_BYTES = 256 * 1024;
/** Characters of rows joined before they are written into the batch. */
const WRITE_CHARS = 4096;

/** An export's file, piece by piece (see exportWriter). */
export interface ExportWriter {
  /** The next piece as text (the header with the first rows, then BATCH_ROWS rows at a time), or null after the last. */
  next(): string | null;
  /** The next piece as UTF-8 bytes (about BATCH_BYTES), or null after the last. */
  nextBytes(): Buffer | null;
  /** True once the last piece was returned. */
  done(): boolean;
}

/**
 * Writes an export's file piece by piece. Rows are generated on demand, so an export of any
 * size is never held.
 *
 * JSON follows the observed layout `{\n"data" :\n[\n{...},\n{...}\n]\n}`, every value a string.
 * CSV has a header row in `fields` order, then one row per line (\n), RFC 4180 quoting.
 */
export function exportWriter(data: AppData, spec: ExportSpec): ExportWriter {
  const withDates = !TABLES_WITHOUT_DATES.has(spec.table) && spec.since !== undefined;
  const since = spec.since ?? 0;
  const until = spec.until ?? 0;
  const [from, to] = data.indexRange(spec);
  const total = Math.max(0, to - from + 1);
  const partFrom = from + Math.floor((spec.partNumber * total) / spec.partsCount);
  const partTo = from + Math.floor(((spec.partNumber + 1) * total) / spec.partsCount) - 1;
  const json = spec.format === 'json';
  // Plain fields are written as they are; the others go through quoting (CSV) or escaping (JSON).
  const { gens, plain, keys, csvHead, escape, salt, interval: iv } = data.layout(spec.table, spec.fields, spec.format);
  const filters = spec.filters.map(([f, v]) => [data.generator(spec.table, f), v] as const);
  const receive = spec.dateDimension === 'receive';
  const limit = spec.limit ?? Number.POSITIVE_INFINITY;
  const row: Row = { k: 0, t: 0, rt: 0, r: 0, r2: 0, dev: undefined as unknown as Row['dev'] };

  let k = partFrom;
  let emitted = 0;
  let started = false;
  let finished = false;
  /** Rows (and the tail, if `carriedLast`) that did not fit the last byte batch. */
  let carried: string | null = null;
  let carriedLast = false;

  const head = (spec.bom ? '\ufeff' : '') + (json ? '{\n"data" :\n[\n' : csvHead);
  // The observed CSV ends without a newline after the last row (wire spec A.5).
  const tail = json ? '\n]\n}\n' : '';

  const n = gens.length;
  // Cells go into one reused array and are joined: a flat string per row, where `+=` per cell
  // made a tree of string pieces (garbage, and flattened again when written out).
  const cells: string[] = new Array<string>(n).fill('');
  const formatRow = json
    ? (): string => {
        for (let i = 0; i < n; i++) {
          const v = gens[i]!(row);
          cells[i] = keys[i] + (plain[i] ? `"${v}"` : escape(v));
        }
        return `{${cells.join(',')}}`;
      }
    : (): string => {
        for (let i = 0; i < n; i++) {
          const v = gens[i]!(row);
          cells[i] = plain[i] ? v : escape(v);
        }
        return cells.join(',');
      };

  const ended = () => k > partTo || emitted >= limit;

  /** The next row with its separator before it (JSON rows are separated by ",\n"; CSV rows follow the header, each after "\n"), or null after the last. */
  const nextPiece = (): string | null => {
    // A filter that skips rows keeps scanning until it has one.
    while (k <= partTo && emitted < limit) {
      data.fill(row, spec.table, salt, k++, withDates, iv);
      if (withDates) {
        const at = receive ? row.rt : row.t;
        if (at < since || at > until) continue;
      }
      let keep = true;
      for (const [gen, value] of filters) {
        if (gen(row) !== value) {
          keep = false;
          break;
        }
      }
      if (!keep) continue;
      const piece = json ? (emitted ? ',\n' : '') + formatRow() : `\n${formatRow()}`;
      emitted++;
      return piece;
    }
    return null;
  };

  return {
    done: () => finished,

    next(): string | null {
      if (finished) return null;
      let chunk = started ? '' : head;
      started = true;
      for (let rows = 0; rows < BATCH_ROWS; rows++) {
        const piece = nextPiece();
        if (piece === null) break;
        chunk += piece;
      }
      if (ended()) {
        finished = true;
        return chunk + tail;
      }
      return chunk;
    },

    // Rows go straight into a Buffer, one write each: no batch-sized string to build, flatten
    // and encode again (that string was most of the garbage of a large export).
    nextBytes(): Buffer | null {
      if (finished) return null;
      let buf = Buffer.allocUnsafe(BATCH_BYTES);
      let off = 0;
      const put = (text: string): boolean => {
        // A UTF-16 code unit takes at most 3 bytes of UTF-8.
        if (off + text.length * 3 > buf.length) {
          if (off > 0) return false;
          buf = Buffer.allocUnsafe(text.length * 3); // more than a batch at once
        }
        off += buf.write(text, off);
        return true;
      };
      if (!started) {
        started = true;
        put(head);
      }
      for (;;) {
        // Rows are joined a few kilobytes at a time, then written: one write per row costs
        // more, one string per batch makes a large tree of string pieces to flatten.
        let text = carried ?? '';
        let last = carriedLast;
        carried = null;
        while (!last && text.length < WRITE_CHARS) {
          const piece = nextPiece();
          if (piece === null) {
            last = true;
            text += tail;
          } else {
            text += piece;
          }
        }
        if (!put(text)) {
          carried = text;
          carriedLast = last;
          return buf.subarray(0, off);
        }
        if (last) {
          finished = true;
          return buf.subarray(0, off);
        }
      }
    },
  };
}

/**
 * Batches made in one go before the stream lets the event loop turn: a client that reads as fast
 * as loopback allows drains the socket at once, and Node then asks for the next batch in the same
 * turn, again and again (a 1.46 GB download held a health check for 16 s).
 */
const BATCHES_PER_TURN = 4;

/**
 * Streams an export's file as the socket drains (see exportWriter), in UTF-8 byte batches, with
 * backpressure; after BATCHES_PER_TURN batches it waits for the next turn of the event loop
 * (setImmediate), so other clients are answered in between.
 */
export function exportStream(data: AppData, spec: ExportSpec): Readable {
  const writer = exportWriter(data, spec);
  let made = 0;
  const stream = new Readable({
    highWaterMark: BATCH_BYTES,
    read() {
      // Node calls this again only after a push: a batch is pushed now, or on the next turn.
      if (made < BATCHES_PER_TURN) produce();
      else setImmediate(produce);
    },
  });
  const produce = () => {
    if (stream.destroyed) return;
    made = made >= BATCHES_PER_TURN ? 1 : made + 1;
    const chunk = writer.nextBytes();
    if (chunk === null) {
      stream.push(null);
      return;
    }
    stream.push(chunk);
    if (writer.done()) stream.push(null);
  };
  return stream;
}

/** The whole file of a small export as one string (see exportWriter). */
export function exportText(data: AppData, spec: ExportSpec): string {
  const writer = exportWriter(data, spec);
  let text = '';
  for (let chunk = writer.next(); chunk !== null; chunk = writer.next()) text += chunk;
  return text;
}
