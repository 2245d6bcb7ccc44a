import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import type { AppData, ExportSpec } from './data.js';
import type { Row } from './fields.js';

/** Rows of a piece of text (ExportWriter#next). */
const BATCH_ROWS = 512;
/** Bytes of a streamed batch: a few socket writes' worth; gzip takes it in one go in the libuv pool (64 KiB batches kept the 1M-row gzip export at 0.69 of raw zlib, 256 KiB: 0.76). */
const BATCH_BYTES = 256 * 1024;
/** Characters of rows joined before they are written into the batch. */
const WRITE_CHARS = 4096;

/** An export's file, piece by piece (see exportWriter). */
export interface ExportWriter {
  /** The next piece as text (the header with the first rows, then BATCH_ROWS rows at a time), or null after the last. */
  next(): string | null;
  /**
   * The next piece as UTF-8 bytes (about BATCH_BYTES), or null after the last. With a deadline
   * (performance.now() ms) the piece ends early once it is passed: rows that make new devices cost
   * ~25 µs each, so a batch could take 75 ms.
   */
  nextBytes(deadline?: number): Buffer | null;
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
  const withDates = spec.since !== undefined && spec.until !== undefined;
  const since = spec.since ?? 0;
  const until = spec.until ?? 0;
  // Rows received after the export was asked for do not exist yet (no cap: the range is past).
  const cap = spec.cap ?? Number.POSITIVE_INFINITY;
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
  const row: Row = { k: 0, t: 0, rt: 0, r: 0, r2: 0, dev: undefined as unknown as Row['dev'], v: 0 };

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
      data.fill(row, spec.table, salt, k++, withDates, iv, cap);
      if (row.rt > cap) continue;
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
    nextBytes(deadline?: number): Buffer | null {
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
        if (deadline !== undefined && performance.now() >= deadline) return buf.subarray(0, off);
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
 * Wall time one turn may spend making batches. The first batches of an export make the devices
 * its rows name (~25 µs a row): four batches of them held a health check 135 ms at the start of a
 * 1 GB download (bench -- downloads: worst probe 250-370 ms; with 10 ms, 26-28 ms at the same
 * MB/s; 16 ms gave 41-48 ms). Wall time here only paces the socket: the bytes sent are the same.
 */
const TURN_MS = 10;

/**
 * Streams an export's file as the socket drains (see exportWriter), in UTF-8 byte batches, with
 * backpressure; after BATCHES_PER_TURN batches, or TURN_MS of work, it waits for the next turn of
 * the event loop (setImmediate), so other clients are answered in between.
 */
export function exportStream(data: AppData, spec: ExportSpec): Readable {
  const writer = exportWriter(data, spec);
  let made = 0;
  let deadline = 0;
  const stream = new Readable({
    highWaterMark: BATCH_BYTES,
    read() {
      // Node calls this again only after a push: a batch is pushed now, or on the next turn.
      if (made > 0 && (made >= BATCHES_PER_TURN || performance.now() >= deadline)) {
        made = 0;
        setImmediate(produce);
      } else {
        produce();
      }
    },
  });
  const produce = () => {
    if (stream.destroyed) return;
    if (made === 0) deadline = performance.now() + TURN_MS;
    made++;
    const chunk = writer.nextBytes(deadline);
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
