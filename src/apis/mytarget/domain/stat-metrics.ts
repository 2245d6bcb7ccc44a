import { hashString, mix32, Random } from '../../../core/random.js';

/**
 * Statistics numbers: made from the seed, a banner's id and a day, never stored. A banner's day
 * is a vector of counts (`Raw`); a campaign's day is the sum of its banners', an account's the
 * sum of its campaigns'; a period is the sum of its days, so sums over a summary equal the sum
 * of the days. Ratios and prices (ctr, cpm, rates, costs) are made from those sums when a group
 * is rendered. The metric groups and their fields, with their JSON types, are those of the
 * captured answer in Kachit/mytarget-sdk-go stubs/data/marketing/statistics/campaigns/day.success.json
 * (described in vk-ads-doc-api info/Statistics.md): counts are integers, money is a decimal in a
 * string ("23328.92", "86.4", "0"), ratios are numbers (0 when there is nothing to divide).
 */

/** The groups of v2's `metrics=` and v3's `fields=`, in the order answers list them. */
export const GROUPS = ['base', 'events', 'uniques', 'video', 'viral', 'carousel', 'playable', 'tps', 'moat', 'romi'] as const;
export type Group = (typeof GROUPS)[number];

const EVENTS = ['opening_app', 'opening_post', 'moving_into_group', 'clicks_on_external_url', 'launching_video', 'comments', 'joinings', 'likes', 'shares', 'votings', 'sending_form'] as const;
const VIEWED = ['viewed_10_seconds', 'viewed_25_percent', 'viewed_50_percent', 'viewed_75_percent', 'viewed_100_percent'] as const;
const VIDEO_COUNTS = ['started', 'paused', 'resumed_after_pause', 'fullscreen_on', 'fullscreen_off', 'sound_turned_off', 'sound_turned_on', ...VIEWED] as const;
const MOAT_COUNTS = ['impressions', 'in_view', 'never_focused', 'never_visible', 'never_50_perc_visible', 'never_1_sec_visible', 'human_impressions', 'impressions_analyzed'] as const;

/** Slots of a day's vector. */
const S = (() => {
  const names = [
    'shows', 'clicks', 'goals', 'spent', 'n_amount',
    ...EVENTS.map((e) => `ev_${e}`),
    ...VIDEO_COUNTS.map((v) => `v_${v}`), 'v_measured', 'v_viewable',
    'vi_impressions', ...EVENTS.map((e) => `vi_${e}`),
    ...[1, 2, 3, 4, 5, 6].flatMap((n) => [`slide_${n}_clicks`, `slide_${n}_shows`]),
    'playable_game_open', 'playable_game_close', 'playable_call_to_action',
    'tps', 'tpd',
    ...MOAT_COUNTS.map((m) => `m_${m}`),
    'romi_value',
    // Uniques: this day's reach and new users, and (period sums keep the last day's) the users so far.
    'u_reach', 'u_increment', 'u_total', 'vu_reach', 'vu_increment', 'vu_total',
  ];
  return Object.fromEntries(names.map((n, i) => [n, i])) as Record<string, number>;
})();
export const RAW_SIZE = Object.keys(S).length;
/** The slots the generator writes by name (numbers read once: its inner loop looks up no names). */
const NAMED = [
  'shows', 'clicks', 'goals', 'spent', 'n_amount',
  'v_started', 'v_paused', 'v_resumed_after_pause', 'v_fullscreen_on', 'v_fullscreen_off', 'v_sound_turned_off', 'v_sound_turned_on', 'v_measured', 'v_viewable',
  'playable_game_open', 'playable_game_close', 'playable_call_to_action', 'tps', 'tpd',
  'm_impressions', 'm_in_view', 'm_never_focused', 'm_never_visible', 'm_never_50_perc_visible', 'm_never_1_sec_visible', 'm_human_impressions', 'm_impressions_analyzed',
  'romi_value', 'u_reach', 'u_increment', 'u_total', 'vi_impressions', 'vu_reach', 'vu_increment', 'vu_total',
] as const;
const I = Object.fromEntries(NAMED.map((n) => [n, S[n]!])) as Readonly<Record<(typeof NAMED)[number], number>>;
const slots = (names: readonly string[]) => names.map((n) => S[n]!);
const EV = slots(EVENTS.map((e) => `ev_${e}`));
const VI_EV = slots(EVENTS.map((e) => `vi_${e}`));
const V_VIEWED = slots(VIEWED.map((v) => `v_${v}`));
const SLIDE_SHOWS = slots([1, 2, 3, 4, 5, 6].map((n) => `slide_${n}_shows`));
const SLIDE_CLICKS = slots([1, 2, 3, 4, 5, 6].map((n) => `slide_${n}_clicks`));
const V_COUNTS = slots(VIDEO_COUNTS.map((v) => `v_${v}`));
const MOAT = slots(MOAT_COUNTS.map((m) => `m_${m}`));
const RATE_KEYS = VIEWED.map((c) => `${c}_rate`);
const COST_KEYS = VIEWED.map((c) => `${c}_cost`);
/** Slots that a sum keeps from the last day instead of adding (cumulative counts). */
const LAST = [I.u_total, I.vu_total];

/** A vector of counts (money in kopecks). */
export type Raw = Float64Array;

/** What a banner is like: fixed per banner by the seed. */
interface Profile {
  /** The seed of its days. */
  daySeed: number;
  shows: number;
  ctr: number;
  cpm: number;
  goalRate: number;
  goalValue: number;
  audience: number;
  video: boolean;
  carousel: boolean;
  playable: boolean;
}

function profileOf(seed: number, bannerId: number): Profile {
  const r = new Random(hashString(`mytarget-stats:${bannerId}`, seed));
  const shows = r.int(300, 20_000);
  return {
    daySeed: hashString(`day:${bannerId}`, seed),
    shows,
    ctr: 0.001 + r.float() * 0.014,
    cpm: 40 + r.float() * 360,
    goalRate: r.float() < 0.3 ? 0 : r.float() * 0.1,
    goalValue: r.int(200, 5000),
    // At most ~half a day's shows are new users on the first day, fewer later: reach <= shows.
    audience: Math.floor(shows * (10 + r.float() * 5)),
    video: r.float() < 0.4,
    carousel: r.float() < 0.2,
    playable: r.float() < 0.15,
  };
}

/** Unique users a banner has reached after `n` days of showing (a saturating curve). */
const usersAfter = (audience: number, n: number) => (n <= 0 ? 0 : Math.floor((audience * n) / (n + 30)));

/** A banner as statistics see it: created on Moscow day `since`, showing from `from` to `to` (Moscow wall ms). */
export interface StatBanner {
  readonly id: number;
  readonly since: number;
  readonly from: number;
  readonly to: number;
  /** Its campaign's daily budget, when it has one: what the campaign's banners spend in a day together stays within it. */
  readonly budget?: DailyBudget;
}

/** A campaign's `budget_limit_day` in kopecks, and the banners that share it. */
export interface DailyBudget {
  readonly campaignId: number;
  readonly kopecks: number;
  readonly banners: readonly StatBanner[];
}

const DAY_MS = 86_400_000;

/** A campaign's day over its daily budget (StatGenerator's cappedDay). */
interface CappedDay {
  readonly share: number;
  /** Kopecks each banner of the campaign spends that day: together the budget. */
  readonly spent: ReadonlyMap<number, number>;
}

/**
 * A generator of banners' days. A day's counts are the share of the full day's that the banner
 * showed: today's grow through the day, the day it was created counts from that moment, a past
 * day never changes once its banner stopped; a future day, or one outside the window, is zero.
 */
export class StatGenerator {
  readonly #seed: number;
  readonly #profiles = new Map<number, Profile>();
  /** Each campaign's capped day (`campaignId:day`): the share it could pay for, and each banner's spend. */
  readonly #budgetShare = new Map<string, CappedDay | undefined>();
  readonly #scratch = new Float64Array(RAW_SIZE);

  constructor(seed: number) {
    this.#seed = seed;
  }

  /**
   * Adds a banner's `day` into `out`, within its campaign's daily budget: a campaign whose
   * banners would spend more in a day stops showing when the budget is spent, so each of its
   * banners has that share of the day's numbers (the users so far are kept).
   */
  addDay(out: Raw, banner: StatBanner, day: number): void {
    const capped = banner.budget ? this.#cappedDay(banner.budget, day) : undefined;
    if (!capped) {
      this.#addDay(out, banner, day);
      return;
    }
    const v = this.#scratch;
    v.fill(0);
    this.#addDay(v, banner, day);
    // (The epsilon keeps a product like 262672 * (250000 / 262672) from flooring to 249999.)
    for (let i = 0; i < RAW_SIZE; i++) out[i]! += LAST.includes(i) ? v[i]! : Math.floor(v[i]! * capped.share + 1e-9);
    out[I.spent]! += (capped.spent.get(banner.id) ?? 0) - Math.floor(v[I.spent]! * capped.share + 1e-9);
  }

  /**
   * A campaign's day when its banners would spend more than its daily budget: the share of the
   * day they show, and each banner's spend, the budget's kopecks shared in proportion with the
   * largest remainders rounded up, so that the day spends the budget exactly (DOC-obj
   * `budget_limit_day`) however the banners' uncapped numbers move; undefined under the budget.
   */
  #cappedDay(budget: DailyBudget, day: number): CappedDay | undefined {
    const key = `${budget.campaignId}:${day}`;
    if (this.#budgetShare.has(key)) return this.#budgetShare.get(key);
    const v = new Float64Array(RAW_SIZE);
    const own: bigint[] = [];
    for (const b of budget.banners) {
      const before = v[I.spent]!;
      this.#addDay(v, b, day);
      own.push(BigInt(v[I.spent]! - before));
    }
    const total = v[I.spent]!;
    let capped: CappedDay | undefined;
    if (total > budget.kopecks) {
      const k = BigInt(budget.kopecks);
      const t = BigInt(total);
      const parts = own.map((x, i) => ({ i, whole: (x * k) / t, rest: (x * k) % t }));
      let left = k - parts.reduce((sum, p) => sum + p.whole, 0n);
      for (const p of [...parts].sort((a, b) => (a.rest === b.rest ? a.i - b.i : a.rest > b.rest ? -1 : 1))) {
        if (left === 0n) break;
        p.whole++;
        left--;
      }
      capped = { share: budget.kopecks / total, spent: new Map(parts.map((p) => [budget.banners[p.i]!.id, Number(p.whole)])) };
    }
    this.#budgetShare.set(key, capped);
    return capped;
  }

  #profile(id: number): Profile {
    let p = this.#profiles.get(id);
    if (!p) this.#profiles.set(id, (p = profileOf(this.#seed, id)));
    return p;
  }

  /** Adds a banner's `day` (a Moscow day number) into `out`, as if it had no budget. */
  #addDay(out: Raw, banner: StatBanner, day: number): void {
    const f = (Math.min(banner.to, (day + 1) * DAY_MS) - Math.max(banner.from, day * DAY_MS)) / DAY_MS;
    if (!(f > 0)) return;
    const since = banner.since;
    const p = this.#profile(banner.id);
    const r = new Random(mix32(p.daySeed ^ Math.imul(day, 0x9e3779b1)));
    const weekday = (day + 4) % 7; // 1970-01-01 was a Thursday
    const k = (weekday === 0 || weekday === 6 ? 0.8 : 1) * (0.7 + r.float() * 0.6) * f;
    const add = (slot: number, v: number) => {
      out[slot]! += Math.floor(v);
    };
    const shows = Math.floor(p.shows * k);
    const clicks = Math.floor(shows * p.ctr * (0.8 + r.float() * 0.4));
    const goals = Math.floor(clicks * p.goalRate * (0.5 + r.float()));
    const spent = Math.floor(shows * p.cpm * 0.1 * (0.9 + r.float() * 0.2)); // kopecks: shows * cpm / 1000 * 100
    add(I.shows, shows);
    add(I.clicks, clicks);
    add(I.goals, goals);
    add(I.spent, spent);
    add(I.n_amount, r.float() < 0.1 ? spent * 0.05 : 0);
    for (let i = 0; i < EV.length; i++) add(EV[i]!, i === 1 ? clicks * 1.5 * r.float() : shows * 0.001 * r.float());
    if (p.video) {
      const started = shows * (0.85 + r.float() * 0.2);
      add(I.v_started, started);
      add(I.v_paused, started * 0.004 * r.float());
      add(I.v_resumed_after_pause, started * 0.002 * r.float());
      add(I.v_fullscreen_on, started * 0.0003 * r.float());
      add(I.v_fullscreen_off, started * 0.0003 * r.float());
      add(I.v_sound_turned_off, started * 0.0002 * r.float());
      add(I.v_sound_turned_on, started * 0.0004 * r.float());
      let left = started * (0.55 + r.float() * 0.2);
      for (const v of V_VIEWED) {
        add(v, left);
        left *= 0.7 + r.float() * 0.2;
      }
    }
    const measured = shows * (0.8 + r.float() * 0.15);
    add(I.v_measured, measured);
    add(I.v_viewable, measured * (0.5 + r.float() * 0.35));
    for (const v of VI_EV) add(v, shows * 0.00005 * r.float());
    if (p.carousel) {
      for (let n = 1; n <= 6; n++) {
        add(SLIDE_SHOWS[n - 1]!, shows / n);
        add(SLIDE_CLICKS[n - 1]!, (clicks / (n + 1)) * r.float());
      }
    }
    if (p.playable) {
      const open = clicks * 0.3 * r.float();
      add(I.playable_game_open, open);
      add(I.playable_game_close, open * 0.9);
      add(I.playable_call_to_action, open * 0.3 * r.float());
    }
    add(I.tps, spent * 0.03);
    add(I.tpd, r.float() < 0.2 ? spent * 0.02 : 0);
    const impressions = shows * (0.9 + r.float() * 0.1);
    const inView = impressions * (0.2 + r.float() * 0.5);
    add(I.m_impressions, impressions);
    add(I.m_in_view, inView);
    add(I.m_never_focused, impressions * 0.02 * r.float());
    add(I.m_never_visible, (impressions - inView) * 0.8);
    add(I.m_never_50_perc_visible, impressions * 0.01 * r.float());
    add(I.m_never_1_sec_visible, impressions * 0.03 * r.float());
    add(I.m_human_impressions, impressions);
    add(I.m_impressions_analyzed, impressions);
    add(I.romi_value, goals * p.goalValue * 100 * (0.8 + r.float() * 0.4));
    // Uniques: the users so far follow a curve of the days the banner has shown; today's new
    // ones are that share of the day's.
    const n = day - since + 1;
    const before = usersAfter(p.audience, n - 1);
    const increment = Math.floor((usersAfter(p.audience, n) - before) * f);
    add(I.u_increment, increment);
    add(I.u_reach, Math.max(increment, shows / (1.05 + r.float() * 0.55)));
    out[I.u_total]! += before + increment;
    // Viral: shares of the ad seen by others, a small audience of its own.
    const vBefore = usersAfter(p.audience / 200, n - 1);
    const vIncrement = Math.floor((usersAfter(p.audience / 200, n) - vBefore) * f);
    const vImpressions = Math.max(Math.floor(shows * 0.0005 * (0.5 + r.float())), Math.ceil(vIncrement * 1.1));
    add(I.vi_impressions, vImpressions);
    add(I.vu_increment, vIncrement);
    add(I.vu_reach, Math.max(vIncrement, vImpressions / (1.05 + r.float() * 0.2)));
    out[I.vu_total]! += vBefore + vIncrement;
  }
}

/** Adds a day into a period's sum: counts add; the users so far (which only grow) are the period's last. */
export function addDay(sum: Raw, day: Raw): void {
  for (let i = 0; i < RAW_SIZE; i++) sum[i]! += day[i]!;
  for (const i of LAST) sum[i] = Math.max(sum[i]! - day[i]!, day[i]!);
}

/** Adds another object's vector (a period's or a day's): everything adds. */
export function addObject(sum: Raw, other: Raw): void {
  for (let i = 0; i < RAW_SIZE; i++) sum[i]! += other[i]!;
}

// --- rendering ------------------------------------------------------------------------------------

/** Kopecks as the API writes money: "23328.92", "86.4", "0". */
function money(kop: number): string {
  const k = Math.round(kop);
  const rub = Math.trunc(k / 100);
  const rest = k % 100;
  if (rest === 0) return String(rub);
  return rest % 10 === 0 ? `${rub}.${rest / 10}` : `${rub}.${rest < 10 ? `0${rest}` : rest}`;
}
const ratio = (a: number, b: number) => (b === 0 || a === 0 ? 0 : (a / b) * 100);
const price = (kop: number, per: number, times = 1) => (per === 0 ? '0' : money((kop / per) * times));

/** Where a group is rendered: in a day's row, an object's total, or the answer's total (which has fewer fields: no uniques). */
export type Place = 'row' | 'item' | 'top';

/** One group of a vector, as its object; undefined where the group is not shown (uniques in the answer's total). */
export function renderGroup(g: Group, r: Raw, place: Place): Record<string, number | string> | undefined {
  const v = (slot: number) => r[slot]!;
  switch (g) {
    case 'base':
      return {
        shows: v(I.shows),
        clicks: v(I.clicks),
        goals: v(I.goals),
        spent: money(v(I.spent)),
        a_amount: money(v(I.spent) - v(I.n_amount)),
        n_amount: money(v(I.n_amount)),
        cpm: price(v(I.spent), v(I.shows), 1000),
        cpc: price(v(I.spent), v(I.clicks)),
        cpa: price(v(I.spent), v(I.goals)),
        ctr: ratio(v(I.clicks), v(I.shows)),
        cr: ratio(v(I.goals), v(I.clicks)),
      };
    case 'events':
      {
      const out: Record<string, number> = {};
      for (let i = 0; i < EVENTS.length; i++) out[EVENTS[i]!] = v(EV[i]!);
      return out;
    }
    case 'uniques': {
      if (place === 'top') return undefined;
      const reach = place === 'row' ? v(I.u_reach) : v(I.u_increment);
      const out: Record<string, number> = { reach, total: v(I.u_total), increment: v(I.u_increment), frequency: reach === 0 ? 0 : v(I.shows) / reach };
      if (place === 'item') out.frequency_total = v(I.u_total) === 0 ? 0 : v(I.shows) / v(I.u_total);
      return out;
    }
    case 'video': {
      const started = v(I.v_started);
      const out: Record<string, number | string> = {};
      for (let i = 0; i < VIDEO_COUNTS.length; i++) out[VIDEO_COUNTS[i]!] = v(V_COUNTS[i]!);
      for (let i = 0; i < VIEWED.length; i++) out[RATE_KEYS[i]!] = ratio(v(V_VIEWED[i]!), started);
      let depth = 0;
      for (let i = 1; i < VIEWED.length; i++) depth += ratio(v(V_VIEWED[i]!), started) / 4;
      if (place === 'item') out.vr = ratio(v(I.v_viewable), v(I.v_measured));
      out.depth_of_view = depth;
      if (place === 'row') {
        out.measurement_rate = ratio(v(I.v_measured), v(I.shows));
        out.vr = ratio(v(I.v_viewable), v(I.v_measured));
      }
      for (let i = 0; i < VIEWED.length; i++) out[COST_KEYS[i]!] = price(v(I.spent), v(V_VIEWED[i]!));
      return out;
    }
    case 'viral': {
      const out: Record<string, number> = { impressions: v(I.vi_impressions) };
      if (place !== 'top') {
        const reach = place === 'row' ? v(I.vu_reach) : v(I.vu_increment);
        Object.assign(out, { reach, total: v(I.vu_total), increment: v(I.vu_increment), frequency: reach === 0 ? 0 : v(I.vi_impressions) / reach });
      }
      for (let i = 0; i < EVENTS.length; i++) out[EVENTS[i]!] = v(VI_EV[i]!);
      return out;
    }
    case 'carousel': {
      const out: Record<string, number> = {};
      for (let n = 1; n <= 6; n++) {
        out[`slide_${n}_clicks`] = v(SLIDE_CLICKS[n - 1]!);
        out[`slide_${n}_shows`] = v(SLIDE_SHOWS[n - 1]!);
      }
      for (let n = 1; n <= 6; n++) out[`slide_${n}_ctr`] = ratio(v(SLIDE_CLICKS[n - 1]!), v(SLIDE_SHOWS[n - 1]!));
      return out;
    }
    case 'playable':
      return { playable_game_open: v(I.playable_game_open), playable_game_close: v(I.playable_game_close), playable_call_to_action: v(I.playable_call_to_action) };
    case 'tps':
      return { tps: money(v(I.tps)), tpd: money(v(I.tpd)) };
    case 'moat': {
      const analyzed = v(I.m_impressions_analyzed);
      const out: Record<string, number> = {};
      for (let i = 0; i < MOAT_COUNTS.length; i++) out[MOAT_COUNTS[i]!] = v(MOAT[i]!);
      out.in_view_percent = ratio(v(I.m_in_view), analyzed);
      out.human_and_viewable_perc = ratio(v(I.m_in_view), v(I.m_human_impressions));
      out.never_focused_percent = ratio(v(I.m_never_focused), analyzed);
      out.never_visible_percent = ratio(v(I.m_never_visible), analyzed);
      out.never_50_perc_visible_percent = ratio(v(I.m_never_50_perc_visible), analyzed);
      out.never_1_sec_visible_percent = ratio(v(I.m_never_1_sec_visible), analyzed);
      out.in_view_diff_percent = analyzed === 0 ? 0 : out.in_view_percent - 50;
      out.active_in_view_time = 0;
      out.attention_quality = 0;
      return out;
    }
    case 'romi': {
      const value = v(I.romi_value);
      const spent = v(I.spent);
      return { value: money(value), romi: spent === 0 || value === 0 ? 0 : ((value - spent) / spent) * 100, adv_cost_share: ratio(spent, value) };
    }
  }
}

/** The fields of a group (for v3's `group.field` and `sort_by`), in answer order, as an object or a row shows them. */
export function groupFields(g: Group): string[] {
  const probe = new Float64Array(RAW_SIZE);
  return Object.keys(renderGroup(g, probe, g === 'uniques' || g === 'viral' ? 'item' : 'row')!);
}
