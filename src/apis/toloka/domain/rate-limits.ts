import type { AuthedCall } from '../../call-context.js';
import { errors } from '../errors.js';
import type { TolokaRateLimit } from '../plan.js';

const WINDOW_MS: Readonly<Record<TolokaRateLimit['interval'], number>> = { SECOND: 1000, MIN: 60_000, HOUR: 3_600_000, DAY: 86_400_000 };

/**
 * A scenario's request limits per token, in fixed windows on the stand's clock (aligned to the
 * epoch). A request over a limit answers 429 TOO_MANY_REQUESTS with `payload.interval` (docs:
 * "Rate limits"; toloka-kit waits by it) and is not counted. No Retry-After: no source shows
 * Toloka sending one (README, "known differences").
 */
export class TolokaRateLimits {
  /** token -> rule -> [window start, count]. */
  readonly #counts = new Map<string, Map<TolokaRateLimit, [number, number]>>();

  /** Counts one request against every rule that matches it; throws the 429 of the first one it is over. */
  take(call: AuthedCall, rules: readonly TolokaRateLimit[], matches: (rule: TolokaRateLimit) => boolean, now: number): void {
    if (rules.length === 0) return;
    let byRule = this.#counts.get(call.account);
    if (!byRule) this.#counts.set(call.account, (byRule = new Map()));
    const hits: [number, number][] = [];
    for (const rule of rules) {
      if (!matches(rule)) continue;
      const start = Math.floor(now / WINDOW_MS[rule.interval]) * WINDOW_MS[rule.interval];
      let c = byRule.get(rule);
      if (!c || c[0] !== start) byRule.set(rule, (c = [start, 0]));
      if (c[1] >= rule.limit) throw errors.rateLimited(rule.interval);
      hits.push(c);
    }
    for (const c of hits) c[1]++;
  }

  reset(): void {
    this.#counts.clear();
  }
}
