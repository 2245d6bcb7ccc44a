import type { LimitsBody } from '../errors.js';
import { moscowDayStart } from '../model.js';
import type { RateLimitPlan } from '../plan.js';

/**
 * Per token request limits of the sync API, counted in fixed windows on the stand's clock
 * (virtual time): the current second, minute and hour (aligned to the epoch) and the current
 * Moscow day. Every answer carries the X-RateLimit-* headers (api_arrangement, "Limits");
 * a request over any limit is refused with 429 and does not count.
 */
interface Window {
  readonly seconds: number;
  readonly header: string;
  readonly limit: number;
  start(now: number): number;
}

interface Counter {
  start: number;
  count: number;
}

export interface LimitCheck {
  allowed: boolean;
  headers: Record<string, string>;
  /** The 429 body (set when refused). */
  body?: LimitsBody;
}

const aligned = (ms: number) => (now: number) => Math.floor(now / ms) * ms;

function windows(plan: RateLimitPlan): Window[] {
  const out: Window[] = [];
  if (plan.perSecond !== null) out.push({ seconds: 1, header: 'RPS', limit: plan.perSecond, start: aligned(1000) });
  if (plan.perMinute !== null) out.push({ seconds: 60, header: 'Minutely', limit: plan.perMinute, start: aligned(60_000) });
  if (plan.perHour !== null) out.push({ seconds: 3600, header: 'Hourly', limit: plan.perHour, start: aligned(3_600_000) });
  if (plan.perDay !== null) out.push({ seconds: 86_400, header: 'Daily', limit: plan.perDay, start: moscowDayStart });
  return out;
}

export class RateLimiter {
  /** token -> window length in seconds -> the count in its current window. */
  readonly #counters = new Map<string, Map<number, Counter>>();

  /** Counts one request of `account` at `now`, unless it is over a limit. */
  take(account: string, plan: RateLimitPlan, now: number): LimitCheck {
    const ws = windows(plan);
    const counts = ws.map((w) => this.#current(account, w, now));
    const allowed = ws.every((w, i) => counts[i]!.count < w.limit);
    if (allowed) for (const c of counts) c.count++;
    const headers = this.#headers(ws, counts);
    if (allowed) return { allowed, headers };
    const limits: Record<string, number> = {};
    const remaining: Record<string, number> = {};
    ws.forEach((w, i) => {
      limits[String(w.seconds)] = w.limit;
      remaining[String(w.seconds)] = Math.max(0, w.limit - counts[i]!.count);
    });
    return { allowed, headers, body: { limits, remaining } };
  }

  /** The headers as they stand now, without counting (the answers of async calls). */
  peek(account: string, plan: RateLimitPlan, now: number): Record<string, string> {
    const ws = windows(plan);
    return this.#headers(
      ws,
      ws.map((w) => this.#current(account, w, now)),
    );
  }

  /**
   * GET /api/v2/throttling.json in its nested shape (vk-ads-doc-api info/Устройство API.md):
   * resource -> version namespace -> operation -> `{remaining, limits}` keyed by window
   * seconds. The stand's limits are one set per token, shared by every operation, so each
   * resource and operation shows the same counts, under the namespace `all`.
   */
  throttling(account: string, plan: RateLimitPlan, now: number): Record<string, Record<string, Record<string, LimitsBody>>> {
    const limits: Record<string, number> = {};
    const remaining: Record<string, number> = {};
    for (const w of windows(plan)) {
      remaining[String(w.seconds)] = Math.max(0, w.limit - this.#current(account, w, now).count);
      limits[String(w.seconds)] = w.limit;
    }
    const ops = (names: readonly string[]) => ({ all: Object.fromEntries(names.map((op) => [op, { remaining: { ...remaining }, limits: { ...limits } }])) });
    const crud = ['READ', 'CREATE', 'UPDATE', 'DELETE'];
    return { CAMPAIGN: ops(crud), BANNER: ops(crud), PACKAGE: ops(['READ']), USER: ops(['READ']), STATISTICS: ops(['READ']) };
  }

  reset(): void {
    this.#counters.clear();
  }

  #current(account: string, w: Window, now: number): Counter {
    let byWindow = this.#counters.get(account);
    if (!byWindow) this.#counters.set(account, (byWindow = new Map()));
    const start = w.start(now);
    let c = byWindow.get(w.seconds);
    if (!c) byWindow.set(w.seconds, (c = { start, count: 0 }));
    else if (c.start !== start) {
      c.start = start;
      c.count = 0;
    }
    return c;
  }

  #headers(ws: Window[], counts: Counter[]): Record<string, string> {
    const h: Record<string, string> = {};
    ws.forEach((w, i) => {
      // The documented spelling (Fastify sends header names in lower case; HTTP does not care).
      h[`X-RateLimit-${w.header}-Limit`] = String(w.limit);
      h[`X-RateLimit-${w.header}-Remaining`] = String(Math.max(0, w.limit - counts[i]!.count));
    });
    return h;
  }
}
