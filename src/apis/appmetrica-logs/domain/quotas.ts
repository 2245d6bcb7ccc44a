import type { AppmetricaQuotas } from '../plan.js';

/** The groups whose requests are counted apart (intro/quotas.md: the rate "is calculated separately for each group of API methods"). */
export type QuotaGroup = 'logs' | 'management';

interface Window {
  start: number;
  count: number;
}

const SECOND = 1000;
const DAY = 86_400_000;

/**
 * Request quotas of tokens, counted in fixed windows of the stand's clock: the current second,
 * and the current UTC day (the docs: "unblocked at 00:00 GMT"). A refused request does not count.
 */
export class RequestQuotas {
  /** `${group} ${token}` -> [second window, day window]. */
  readonly #windows = new Map<string, [Window, Window]>();
  /** Told of every request counted (a state file must keep a read that counted). */
  readonly #counted: () => void;

  constructor(counted: () => void = () => {}) {
    this.#counted = counted;
  }

  /** Counts one request; returns what it exceeded (a phrase for the error), or null when it may go on. */
  take(group: QuotaGroup, account: string, quotas: AppmetricaQuotas, now: number): string | null {
    const perSecond = quotas.requestsPerSecond;
    const perDay = quotas.requestsPerDay;
    if (perSecond === null && perDay === null) return null;
    const key = `${group} ${account}`;
    let w = this.#windows.get(key);
    if (!w) this.#windows.set(key, (w = [{ start: 0, count: 0 }, { start: 0, count: 0 }]));
    const [second, day] = w;
    roll(second, Math.floor(now / SECOND) * SECOND);
    roll(day, Math.floor(now / DAY) * DAY);
    if (perSecond !== null && second.count >= perSecond) return `more than ${perSecond} requests per second; wait until the next second`;
    if (perDay !== null && day.count >= perDay) return `more than ${perDay} requests per day; the quota is reset at 00:00 GMT`;
    second.count++;
    day.count++;
    this.#counted();
    return null;
  }

  reset(): void {
    this.#windows.clear();
  }
}

function roll(w: Window, start: number): void {
  if (w.start !== start) {
    w.start = start;
    w.count = 0;
  }
}
