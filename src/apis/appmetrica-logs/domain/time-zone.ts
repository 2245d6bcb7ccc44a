import { formatUtcDay, formatUtcFields } from '../../../core/time-format.js';

/**
 * Wall-clock formatting in an application's time zone. Exports hold `yyyy-mm-dd hh:mm:ss` in
 * the app's time zone (per third-party reports; the docs do not say). Offsets are looked up
 * through Intl once per hour of time and cached, so formatting a million rows stays cheap.
 */
export class TimeZone {
  readonly name: string;
  /** Made on the first offset asked for: the first DateTimeFormat of a process costs ~10 ms, paid at start-up otherwise. */
  #fmt: Intl.DateTimeFormat | undefined;
  readonly #offsets = new Map<number, number>();

  constructor(name: string) {
    this.name = name;
  }

  #formatter(): Intl.DateTimeFormat {
    return (this.#fmt ??= new Intl.DateTimeFormat('en-US', {
      timeZone: this.name,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    }));
  }

  /** The last hour looked up and its offset: rows come in time order, most rows ask for it again. */
  #lastHour = Number.NaN;
  #lastOffset = 0;

  /** Offset of local time from UTC at the UTC instant `utcMs`, in ms. */
  offsetAt(utcMs: number): number {
    const hour = Math.floor(utcMs / 3_600_000);
    if (hour === this.#lastHour) return this.#lastOffset;
    let off = this.#offsets.get(hour);
    if (off === undefined) {
      const parts = this.#formatter().formatToParts(new Date(hour * 3_600_000));
      const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
      const local = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
      off = local - hour * 3_600_000;
      if (this.#offsets.size > 100_000) this.#offsets.clear();
      this.#offsets.set(hour, off);
    }
    this.#lastHour = hour;
    this.#lastOffset = off;
    return off;
  }

  /** The UTC instant of a local wall time given as UTC-based ms (Date.UTC of the local fields). */
  toUtc(localMs: number): number {
    const guess = localMs - this.offsetAt(localMs);
    return localMs - this.offsetAt(guess);
  }

  #day = Number.NaN;
  #dayText = '';

  /** `yyyy-mm-dd hh:mm:ss` in this zone. Rows come in time order: the date part is cached. */
  format(utcMs: number): string {
    const local = utcMs + this.offsetAt(utcMs);
    const day = Math.floor(local / 86_400_000);
    if (day !== this.#day) {
      this.#day = day;
      this.#dayText = `${formatUtcDay(day)} `;
    }
    // Two table lookups instead of three numbers turned into text: a datetime is in most exports.
    const secs = Math.floor((local - day * 86_400_000) / 1000);
    const minute = Math.floor(secs / 60);
    return this.#dayText + HH_MM[minute]! + SS[secs - minute * 60]!;
  }

  /** `yyyy-mm-dd` in this zone. */
  formatDate(utcMs: number): string {
    return formatUtcDay(Math.floor((utcMs + this.offsetAt(utcMs)) / 86_400_000));
  }
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : `${n}`);
/** `hh:mm:` of each minute of a day, and `ss` of each second of a minute (constant tables). */
const HH_MM: readonly string[] = Object.freeze(Array.from({ length: 1440 }, (_, m) => `${pad2(Math.floor(m / 60))}:${pad2(m % 60)}:`));
const SS: readonly string[] = Object.freeze(Array.from({ length: 60 }, (_, s) => pad2(s)));

export { formatUtcFields };
