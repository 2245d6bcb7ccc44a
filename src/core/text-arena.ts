/**
 * Texts kept outside the JavaScript heap, in order, for as long as their owner says: the request
 * journal keeps the URLs and answers it shows here (RequestLog). The texts are written as UTF-8 (what the
 * wire carried) into chunks of CHUNK bytes; a text is found again by its position (a number:
 * chunk sequence × CHUNK + offset) and its length in bytes. Chunks are freed in order: `release`
 * is told where the oldest text still needed ends.
 *
 * Why: the journal holds the last 10,000 requests (a second or two of a client's polling).
 * Held as strings, their answers and URLs survived the young generation, were copied by the
 * garbage collector and died in the old one. In the Toloka lifecycle (`npm run bench --
 * lifecycle`, the built stand under wrk, `--trace-gc-nvp`, six interleaved runs) moving the
 * answers and URLs here took what survived a scavenge from 2.95 to 1.38 KB per job and the
 * scavenges' time from 15.6 to 9.9 µs per job (of ~200 µs of CPU per job). Copying a text here
 * costs one UTF-8 write.
 */
export class TextArena {
  /** Bytes per chunk. */
  static readonly CHUNK = 128 * 1024;
  /** The longest text (in UTF-16 units) an arena takes: up to 3 bytes each in UTF-8, a tenth of a chunk. */
  static readonly TEXT_MAX = 4096;

  /** The chunks in use, oldest first; the last one is written to. */
  readonly #chunks: Buffer[] = [];
  /** Freed chunks, reused before new ones are made. */
  readonly #spare: Buffer[] = [];
  /** The sequence number of #chunks[0]. */
  #first = 0;
  /** Where the next text goes in the last chunk. */
  #offset = TextArena.CHUNK;
  /** The byte length of the last text written (`write` returns its position). */
  lastBytes = 0;

  /** Whether `write` takes this text. */
  static fits(text: string): boolean {
    return text.length <= TextArena.TEXT_MAX;
  }

  /** Writes a text (one `fits` takes) and returns its position; its byte length is then `lastBytes`. */
  write(text: string): number {
    const chunk = this.#room(text.length * 3);
    const bytes = chunk.write(text, this.#offset, 'utf8');
    const position = (this.#first + this.#chunks.length - 1) * TextArena.CHUNK + this.#offset;
    this.#offset += bytes;
    this.lastBytes = bytes;
    return position;
  }

  /** The text at `position` of `bytes` bytes, or undefined when its chunk was released. */
  read(position: number, bytes: number): string | undefined {
    const seq = Math.floor(position / TextArena.CHUNK);
    const chunk = this.#chunks[seq - this.#first];
    if (seq < this.#first || !chunk) return undefined;
    const offset = position % TextArena.CHUNK;
    return chunk.toString('utf8', offset, offset + bytes);
  }

  /**
   * The texts that end by `end` (the end of a text no longer needed; texts are released in the
   * order they were written) are not needed: chunks wholly before the one `end` falls in are freed.
   */
  release(end: number): void {
    while (this.#chunks.length > 1 && (this.#first + 1) * TextArena.CHUNK < end) {
      this.#spare.push(this.#chunks.shift()!);
      this.#first++;
    }
  }

  /** Forgets every text; one chunk is kept for the next. */
  clear(): void {
    const keep = this.#chunks[0] ?? this.#spare[0];
    this.#chunks.length = 0;
    this.#spare.length = 0;
    if (keep) this.#spare.push(keep);
    this.#first = 0;
    this.#offset = TextArena.CHUNK;
  }

  /** The last chunk, with `bytes` free bytes at #offset: a new one when the last is short of them (or there is none). */
  #room(bytes: number): Buffer {
    if (this.#offset + bytes <= TextArena.CHUNK && this.#chunks.length > 0) return this.#chunks[this.#chunks.length - 1]!;
    const next = this.#spare.pop() ?? Buffer.allocUnsafeSlow(TextArena.CHUNK);
    this.#chunks.push(next);
    this.#offset = 0;
    return next;
  }
}
