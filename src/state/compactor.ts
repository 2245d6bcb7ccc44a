import { StringDecoder } from 'node:string_decoder';

/** How the lines a compaction looks at begin (JSON.stringify puts `kind` first). */
export const SERVED = '{"kind":"served"';
export const CLOCK = '{"kind":"clock"';

/** The line filter of a compaction: drops the oldest `skipServed` journal lines and clock lines a later one supersedes. */
export class Compactor {
  #skip: number;
  #carry = '';
  /** Chunks end anywhere, also inside a character (journal lines hold Cyrillic answers): decoded across them. */
  readonly #decoder = new StringDecoder('utf8');
  /** A clock line not yet written: the next state line decides (another clock line supersedes it). */
  #clock: string | undefined;
  servedKept = 0;
  servedBytes = 0;

  constructor(skipServed: number) {
    this.#skip = skipServed;
  }

  take(bytes: Buffer): string {
    const text = this.#carry + this.#decoder.write(bytes);
    const end = text.lastIndexOf('\n');
    this.#carry = end < 0 ? text : text.slice(end + 1);
    if (end < 0) return '';
    let out = '';
    for (const line of text.slice(0, end).split('\n')) out += this.#line(line);
    return out;
  }

  end(): string {
    const last = this.#carry + this.#decoder.end();
    const rest = last ? this.#line(last) : '';
    this.#carry = '';
    const clock = this.#clock === undefined ? '' : `${this.#clock}\n`;
    this.#clock = undefined;
    return rest + clock;
  }

  #line(line: string): string {
    if (line === '') return '';
    if (line.startsWith(SERVED)) {
      if (this.#skip > 0) {
        this.#skip--;
        return '';
      }
      this.servedKept++;
      this.servedBytes += Buffer.byteLength(line) + 1;
      return `${line}\n`;
    }
    if (line.startsWith(CLOCK)) {
      this.#clock = line;
      return '';
    }
    const held = this.#clock === undefined ? '' : `${this.#clock}\n`;
    this.#clock = undefined;
    return `${held}${line}\n`;
  }
}
