/**
 * Integers as decimal text, kept off V8's number-to-string cache.
 *
 * `String(n)` stores each result in that cache, which sits in the old generation and holds a few
 * thousand strings. An export's timestamps and ids are nearly all distinct, so at every scavenge
 * the cache was keeping about 0.5 MB of young strings alive. Those not yet overwritten by the next
 * scavenge were promoted: 64 KB per scavenge, all of it old-generation garbage. A 10M-row export
 * ran on one Mark-Compact, so the garbage simply piled up, and the stand's peak RSS grew by a
 * fifth (bench/README.md, "10M-row gzip, peak RSS"). Joining short strings from constant tables
 * gives the same text and caches nothing.
 */

/** `0`..`999`, and `000`..`999` (constant tables). */
const PLAIN3: readonly string[] = Object.freeze(Array.from({ length: 1000 }, (_, i) => `${i}`));
const PAD3: readonly string[] = Object.freeze(Array.from({ length: 1000 }, (_, i) => `${i}`.padStart(3, '0')));

/** `String(n)` for an integer `n`, without the number-to-string cache when n ≥ 1000. */
export function intText(n: number): string {
  if (n < 1000 && n >= 0 && Number.isInteger(n)) return PLAIN3[n]!;
  if (!Number.isSafeInteger(n) || n < 0) return String(n);
  const lo = n % 1000;
  return intText((n - lo) / 1000) + PAD3[lo]!;
}

/**
 * `String(n)` for integers that mostly share their thousands with the previous one (the
 * timestamps of rows in time order): the thousands' text is kept, so a value costs one join.
 */
export function sequentialIntText(): (n: number) => string {
  let thousands = -1;
  let thousandsText = '';
  return (n) => {
    if (n < 1000 || !Number.isSafeInteger(n)) return intText(n);
    const lo = n % 1000;
    const high = (n - lo) / 1000;
    if (high !== thousands) {
      thousands = high;
      thousandsText = intText(high);
    }
    return thousandsText + PAD3[lo]!;
  };
}

/** `000000`..`999999` would be a large table: six digits are two PAD3 pieces. */
function pad6(n: number): string {
  const lo = n % 1000;
  return PAD3[(n - lo) / 1000]! + PAD3[lo]!;
}

/**
 * The decimal text of the unsigned 64-bit integer `hi * 2^32 + lo` (two uint32 halves), exactly
 * and without BigInt: 2^32 = 4294 * 10^6 + 967296, so the value is A * 10^6 + B with A and B
 * small enough for doubles.
 */
export function uint64Text(hi: number, lo: number): string {
  const a = hi * 4294;
  const b = hi * 967_296 + lo;
  const rem = b % 1_000_000;
  const high = a + (b - rem) / 1_000_000;
  return high === 0 ? intText(rem) : intText(high) + pad6(rem);
}
