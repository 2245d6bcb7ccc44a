/**
 * Seeded randomness. Every random choice of the stand (ids, random durations, generated rows,
 * probabilistic faults) comes from here, so the same seed gives the same answers.
 */

/** A 32-bit mixing hash of a string (FNV-1a then a murmur finaliser). */
export function hashString(s: string, seed = 0): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return mix32(h);
}

/** murmur3's finaliser: spreads the bits of a 32-bit integer. */
export function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

/** `00`..`ff`, by byte value (a constant table). */
const HEX_BYTES: readonly string[] = Object.freeze(Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0')));

/** `0`..`f`. */
const HEX_DIGITS = '0123456789abcdef';

/** Small fast PRNG (mulberry32). */
export class Random {
  #state: number;
  #draws = 0;
  constructor(seed: number) {
    this.#state = seed >>> 0;
  }
  /** How many numbers were drawn: a state file tells a request that changed nothing from one that drew. */
  get draws(): number {
    return this.#draws;
  }
  /** Uniform 32-bit unsigned integer. */
  u32(): number {
    this.#draws++;
    let t = (this.#state = (this.#state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }
  /** Uniform float in [0, 1). */
  float(): number {
    return this.u32() / 4294967296;
  }
  /** Uniform integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.float() * (max - min + 1));
  }
  /** `chars` lowercase hex digits: the same text as each u32 as 8 zero-padded digits, joined and cut. */
  hex(chars: number): string {
    // A table of byte pairs, not Number#toString(16): ids are made for every job, and the
    // radix conversion was the larger part of making one.
    let s = '';
    while (s.length < chars) {
      const n = this.u32();
      s += HEX_BYTES[n >>> 24]! + HEX_BYTES[(n >>> 16) & 0xff]! + HEX_BYTES[(n >>> 8) & 0xff]! + HEX_BYTES[n & 0xff]!;
    }
    return s.length === chars ? s : s.slice(0, chars);
  }
  uuid(): string {
    // The digits of hex(32) (four draws), version 4 over its 13th and the variant over its 17th:
    // joined from the byte table in one go, a flat string (ids are kept as long as their job;
    // slices of the hex text joined by a template were a tree of nine strings).
    const a = this.u32();
    const b = this.u32();
    const c = this.u32();
    const d = this.u32();
    return [
      HEX_BYTES[a >>> 24], HEX_BYTES[(a >>> 16) & 0xff], HEX_BYTES[(a >>> 8) & 0xff], HEX_BYTES[a & 0xff],
      '-', HEX_BYTES[b >>> 24], HEX_BYTES[(b >>> 16) & 0xff],
      '-4', HEX_DIGITS[(b >>> 8) & 0xf], HEX_BYTES[b & 0xff],
      '-', HEX_DIGITS[((c >>> 28) & 0x3) | 0x8], HEX_DIGITS[(c >>> 24) & 0xf], HEX_BYTES[(c >>> 16) & 0xff],
      '-', HEX_BYTES[(c >>> 8) & 0xff], HEX_BYTES[c & 0xff],
      HEX_BYTES[d >>> 24], HEX_BYTES[(d >>> 16) & 0xff], HEX_BYTES[(d >>> 8) & 0xff], HEX_BYTES[d & 0xff],
    ].join('');
  }
}

/**
 * The stand's id source: one seeded stream per kind of id, so adding a new kind of object does
 * not shift the ids of the others, and counters for numeric ids.
 */
export class Ids {
  readonly #seed: number;
  #streams = new Map<string, Random>();
  #counters = new Map<string, number>();
  /** Numbers taken from counters since the last reset. */
  #taken = 0;

  constructor(seed: number) {
    this.#seed = seed;
  }

  random(kind: string): Random {
    let r = this.#streams.get(kind);
    if (!r) {
      r = new Random(hashString(kind, this.#seed));
      this.#streams.set(kind, r);
    }
    return r;
  }

  /** Next integer of a counter, starting at `start`. */
  counter(kind: string, start = 1): number {
    const n = this.#counters.get(kind) ?? start;
    this.#counters.set(kind, n + 1);
    this.#taken++;
    return n;
  }

  /**
   * Grows with every number drawn or taken: equal before and after a request, the request took
   * no id and drew nothing (a state file need not keep it).
   */
  get changes(): number {
    let n = this.#taken;
    for (const r of this.#streams.values()) n += r.draws;
    return n;
  }

  hex(kind: string, chars: number): string {
    return this.random(kind).hex(chars);
  }

  uuid(kind: string): string {
    return this.random(kind).uuid();
  }

  reset(): void {
    this.#streams.clear();
    this.#counters.clear();
    this.#taken = 0;
  }
}
