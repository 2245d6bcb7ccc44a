import { errors } from '../errors.js';
import { dateOf, dayOf, moscowDay, type LazyBody, type Resource } from '../model.js';
import type { MytargetPlan } from '../plan.js';
import { bannerState, type Account } from './objects.js';
import { addDay, addObject, GROUPS, groupFields, RAW_SIZE, renderGroup, StatGenerator, type Group, type Place, type Raw, type StatBanner, type DailyBudget } from './stat-metrics.js';

/**
 * Statistics v2 and v3 (target.my.com/adv/api-marketing/doc/stat-v2; vk-ads-doc-api
 * info/Statistics.md; the params clients send: selesnow/rmytarget R/myTarGetStats.R,
 * agolosnichenko/mytarget-client-node general-stats-v2.ts / -v3.ts):
 *
 * - v2 `GET /api/v2/statistics/{campaigns|banners|users}/{day|summary}.json?id=..&date_from=..&date_to=..&metrics=..&attribution=..`:
 *   `{"items":[{"id","rows":[{"date",<group>:{...}}],"total":{...}}],"total":{...}}`; summary
 *   has no rows and covers all time (the dates are ignored);
 * - v3 `GET /api/v3/statistics/{campaigns|banners|users}/day.json?date_from=..`: one total per
 *   object for the period, objects filtered (`id`, `id_ne`, statuses, campaign, package),
 *   sorted (`sort_by=group.field`, `d`) and paged (`limit` 1-250, `offset`):
 *   `{"items":[{"id","user_id","total"}],"total","limit","offset","count"}`.
 *
 * At most 200 objects a request; by day, at most `statisticsDays` (92) days back and as many in
 * one request. Errors are `{"error":{"message","code"}}` with the codes of the docs' table,
 * without the `ERR_` prefix as the live API answered (kradwhite's live StatisticsTest:
 * `WRONG_BANNERS`), or with it (`statisticsErrorCodes: "documented"`).
 */

export type Entity = 'campaigns' | 'banners' | 'users';

export interface StatCall {
  account: Account;
  params: URLSearchParams;
  plan: MytargetPlan;
  now: number;
  seed: number;
}

/** A statistics answer: small ones as text, large ones made as they are sent. */
export type StatBody = { text: string } | { lazy: LazyBody };

export const MAX_IDS = 200;
/** Banner-days at most that an answer is made of at once (a few ms); larger ones are made in steps as they are sent. */
const TEXT_WORK = 2000;
/** Banner-days per step of a large answer. */
const STEP_WORK = 100;
/** Text a step of a large answer holds at most before it is handed on. */
const STEP_TEXT = 64 * 1024;
const DAY = 86_400_000;

function fail(plan: MytargetPlan, status: number, code: string, message: string): never {
  throw errors.statistics(status, plan.statisticsErrorCodes === 'documented' ? `ERR_${code}` : code, message);
}

/** Comma lists and repeated parameters (`id=1,2&id=3`, docs: "или параметр может быть указан несколько раз"). */
function list(params: URLSearchParams, name: string): string[] {
  return params
    .getAll(name)
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

function ids(c: StatCall, name: string): number[] {
  const raw = list(c.params, name);
  const bad = raw.find((v) => !/^\d{1,15}$/.test(v));
  if (bad !== undefined) fail(c.plan, 400, 'WRONG_PARAMETER', `Parameter ${name}: ${JSON.stringify(bad)} is not an id`);
  const out = [...new Set(raw.map(Number))];
  if (out.length > MAX_IDS) fail(c.plan, 400, 'LIMIT_EXCEEDED', `Parameter ${name}: ${out.length} ids; at most ${MAX_IDS} objects per request`);
  return out;
}

function date(c: StatCall, name: string, fallback: number | undefined): number {
  const raw = c.params.get(name);
  if (raw === null || raw === '') {
    if (fallback === undefined) fail(c.plan, 400, 'WRONG_PARAMETER', `Parameter ${name} is required (YYYY-MM-DD)`);
    return fallback;
  }
  if (!/^\d{4}-\d{2}-\d{2}$/.test(raw) || dateOf(dayOf(raw)) !== raw) fail(c.plan, 400, 'WRONG_DATE', `Parameter ${name}: ${JSON.stringify(raw)} is not a date YYYY-MM-DD`);
  return dayOf(raw);
}

/** `date_from`..`date_to` (inclusive), within the days kept. */
function period(c: StatCall, today: number): { from: number; to: number } {
  const from = date(c, 'date_from', undefined);
  const to = date(c, 'date_to', today);
  if (from > to) fail(c.plan, 400, 'WRONG_DATE', `date_from ${dateOf(from)} is after date_to ${dateOf(to)}`);
  const days = c.plan.statisticsDays;
  if (from < today - days) fail(c.plan, 400, 'LIMIT_EXCEEDED', `Statistics by day are kept for the last ${days} days: date_from must not be before ${dateOf(today - days)}`);
  if (to - from > days) fail(c.plan, 400, 'LIMIT_EXCEEDED', `At most ${days + 1} days per request; ${dateOf(from)}..${dateOf(to)} is ${to - from + 1}`);
  return { from, to };
}

function attribution(c: StatCall): void {
  const a = c.params.get('attribution');
  // rmytarget sends "default" as well.
  if (a !== null && !['conversion', 'impression', 'default'].includes(a)) fail(c.plan, 400, 'WRONG_PARAMETER', `Parameter attribution must be conversion or impression, got ${JSON.stringify(a)}`);
}

/** The groups asked for (`all` is every group); per group, the fields asked for (v3's `group.field`) or null for all. */
function groups(c: StatCall, name: string, dotted: boolean): Map<Group, Set<string> | null> {
  const raw = list(c.params, name);
  const out = new Map<Group, Set<string> | null>();
  for (const item of raw.length === 0 ? ['base'] : raw) {
    if (item === 'all') {
      for (const g of GROUPS) out.set(g, null);
      continue;
    }
    const [g, field, extra] = item.split('.');
    if (!(GROUPS as readonly string[]).includes(g!) || extra !== undefined || (field !== undefined && (!dotted || !groupFields(g as Group).includes(field)))) {
      fail(c.plan, 400, 'WRONG_PARAMETER', `Parameter ${name}: unknown metric ${JSON.stringify(item)}; metrics: all, ${GROUPS.join(', ')}${dotted ? ' (or group.field)' : ''}`);
    }
    const had = out.get(g as Group);
    if (field === undefined || had === null) out.set(g as Group, null);
    else out.set(g as Group, new Set([...(had ?? []), field]));
  }
  return new Map(GROUPS.filter((g) => out.has(g)).map((g) => [g, out.get(g)!]));
}

interface StatObject {
  id: number;
  /** The banners whose numbers it sums. */
  banners: StatBanner[];
}

/** Moscow wall time of a `YYYY-MM-DD HH:MM:SS` as ms (Moscow days are then whole multiples of DAY). */
const localMs = (t: unknown) => (typeof t === 'string' ? Date.parse(`${t.length === 10 ? `${t} 00:00:00` : t}Z`.replace(' ', 'T')) : Number.NaN);
const MOSCOW_MS = 3 * 3_600_000;

/**
 * When a banner showed, in Moscow wall ms: from its creation (and its campaign's `date_start`)
 * until now, its campaign's `date_end`, or, when it does not deliver now (stopped, removed or
 * banned, or its campaign stopped or removed), the last change of it or its campaign: the state
 * it has is taken to hold since then. Moderation never ends on the stand, so a banner on
 * moderation counts as showing (README, known differences).
 */
function showing(a: Account, b: Resource, now: number): StatBanner {
  const c = a.campaigns.get(b.campaign_id as number);
  const created = localMs(b.created);
  const start = typeof c?.date_start === 'string' ? dayOf(c.date_start) * DAY : -Infinity;
  const end = typeof c?.date_end === 'string' ? (dayOf(c.date_end) + 1) * DAY : Infinity;
  const delivering = bannerState(a, b).issues.every((i) => i.code === 'BANNER_ON_MODERATION');
  const changed = Math.max(localMs(b.updated) || created, localMs(c?.updated) || created);
  return { id: b.id as number, since: Math.floor(created / DAY), from: Math.max(created, start), to: Math.min(now + MOSCOW_MS, end, delivering ? Infinity : changed) };
}

/** The objects of the ids, as banners to sum (campaigns: their banners; users: the account's); unknown ids are the documented 400. */
function objects(c: StatCall, entity: Entity, wanted: readonly number[]): StatObject[] {
  const a = c.account;
  const budgets = new Map<number, DailyBudget | undefined>();
  const budgetOf = (campaignId: number): DailyBudget | undefined => {
    if (!budgets.has(campaignId)) {
      const limit = a.campaigns.get(campaignId)?.budget_limit_day;
      const kopecks = typeof limit === 'string' ? Math.round(Number(limit) * 100) : Number.NaN;
      const banners: StatBanner[] = [];
      const budget = kopecks > 0 ? { campaignId, kopecks, banners } : undefined;
      budgets.set(campaignId, budget);
      if (budget) for (const b of a.banners.values()) if (b.campaign_id === campaignId) banners.push(showing(a, b, c.now));
    }
    return budgets.get(campaignId);
  };
  const banner = (id: number): StatBanner => {
    const b = a.banners.get(id)!;
    const budget = budgetOf(b.campaign_id as number);
    return budget ? { ...showing(a, b, c.now), budget } : showing(a, b, c.now);
  };
  const code = { banners: 'WRONG_BANNERS', campaigns: 'WRONG_CAMPAIGNS', users: 'WRONG_USERS' }[entity];
  const known = entity === 'banners' ? (id: number) => a.banners.has(id) : entity === 'campaigns' ? (id: number) => a.campaigns.has(id) : (id: number) => id === a.user.id;
  const unknown = wanted.filter((id) => !known(id));
  if (unknown.length > 0) fail(c.plan, 400, code, `${entity} ${unknown.join(', ')} do not exist or are not available to this user`);
  return wanted.map((id) => ({
    id,
    banners:
      entity === 'banners'
        ? [banner(id)]
        : [...a.banners.values()].filter((b) => entity === 'users' || b.campaign_id === id).map((b) => banner(b.id)),
  }));
}

/**
 * One object's sum over days `from..to`, calling `onDay` with each day's vector; a generator
 * that pauses (yields) after every `STEP_WORK` banner-days, so that a large answer is made in
 * steps of a few milliseconds (views.ts sends each step in its own turn of the event loop).
 */
function* sumDays(gen: StatGenerator, o: StatObject, from: number, to: number, work: { done: number }, onDay?: (day: number, raw: Raw) => void): Generator<void, Raw> {
  const sum = new Float64Array(RAW_SIZE);
  const day = new Float64Array(RAW_SIZE);
  for (let d = from; d <= to; d++) {
    day.fill(0);
    for (const b of o.banners) gen.addDay(day, b, d);
    onDay?.(d, day);
    addDay(sum, day);
    work.done += Math.max(1, o.banners.length);
    if (work.done >= STEP_WORK) {
      work.done = 0;
      yield;
    }
  }
  return sum;
}

/** A body of `work` banner-days: made at once into a string when small, else in steps as it is sent. */
function body(work: number, chunks: () => Generator<string>): StatBody {
  return work <= TEXT_WORK ? { text: [...chunks()].join('') } : { lazy: { chunks } };
}

function render(groupsAsked: Map<Group, Set<string> | null>, raw: Raw, place: Place): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [g, only] of groupsAsked) {
    const values = renderGroup(g, raw, place);
    if (!values) continue;
    out[g] = only ? Object.fromEntries(Object.entries(values).filter(([k]) => only.has(k))) : values;
  }
  return out;
}

/** GET /api/v2/statistics/{entity}/{day|summary}.json. */
export function statisticsV2(c: StatCall, entity: Entity, kind: 'day' | 'summary'): StatBody {
  const today = moscowDay(c.now);
  const wanted = ids(c, 'id');
  if (wanted.length === 0) fail(c.plan, 400, 'WRONG_PARAMETER', 'Parameter id is required: a comma list of ids');
  const asked = groups(c, 'metrics', false);
  let from = 0;
  let to = today;
  if (kind === 'day') {
    ({ from, to } = period(c, today));
    attribution(c); // ignored by summary.json (docs)
  }
  const items = objects(c, entity, wanted);
  // What the answer is made of, kept (not the account): the same bytes whenever it is sent.
  const { seed } = c;
  const start = (o: StatObject) => (kind === 'day' ? from : Math.min(today, ...o.banners.map((b) => b.since)));
  const chunks = function* (): Generator<string> {
    const gen = new StatGenerator(seed);
    const top = new Float64Array(RAW_SIZE);
    const work = { done: 0 };
    let out = '{"items":[';
    for (let i = 0; i < items.length; i++) {
      const o = items[i]!;
      const first = start(o);
      out += `${i === 0 ? '' : ','}{"id":${o.id},${kind === 'day' ? '"rows":[' : ''}`;
      const onDay = (d: number, raw: Raw) => {
        out += `${d === first ? '' : ','}${JSON.stringify({ date: dateOf(d), ...render(asked, raw, 'row') })}`;
      };
      const days = sumDays(gen, o, first, to, work, kind === 'day' ? onDay : undefined);
      let step = days.next();
      for (; !step.done; step = days.next()) {
        // A pause: hand on the text so far (or nothing, when it is short).
        if (out.length >= STEP_TEXT) {
          yield out;
          out = '';
        } else yield '';
      }
      addObject(top, step.value);
      out += `${kind === 'day' ? '],' : ''}"total":${JSON.stringify(render(asked, step.value, 'item'))}}`;
    }
    yield `${out}],"total":${JSON.stringify(render(asked, top, 'top'))}}`;
  };
  return body(items.reduce((n, o) => n + Math.max(1, o.banners.length) * (to - start(o) + 1), 0), chunks);
}

const STATUS_FILTER = ['all', 'active', 'blocked', 'deleted'];
const SORTABLE: readonly Group[] = ['base', 'video', 'carousel', 'tps', 'playable', 'romi'];

/** GET /api/v3/statistics/{entity}/day.json: one total per object for the period. */
export function statisticsV3(c: StatCall, entity: Entity): StatBody {
  const a = c.account;
  const today = moscowDay(c.now);
  const { from, to } = period(c, today);
  attribution(c);
  const asked = groups(c, 'fields', true);
  const statuses = (name: string) => {
    const v = list(c.params, name);
    const bad = v.find((s) => !STATUS_FILTER.includes(s));
    if (bad !== undefined) fail(c.plan, 400, 'WRONG_PARAMETER', `Parameter ${name}: ${JSON.stringify(bad)} is not one of ${STATUS_FILTER.join(', ')}`);
    return v.includes('all') ? [] : v;
  };
  const keep = (value: unknown, yes: readonly unknown[], no: readonly unknown[]) => (yes.length === 0 || yes.includes(value)) && !no.includes(value);
  const [bIn, bNe, cIn, cNe] = [statuses('banner_status'), statuses('banner_status_ne'), statuses('campaign_status'), statuses('campaign_status_ne')];
  const [campIn, campNe, pkgIn, pkgNe] = [ids(c, 'campaign_id'), ids(c, 'campaign_id_ne'), ids(c, 'package_id'), ids(c, 'package_id_ne')];
  const campaignOk = (id: unknown) => {
    const camp = a.campaigns.get(id as number);
    return !!camp && keep(camp.status, cIn, cNe) && keep(camp.package_id, pkgIn, pkgNe);
  };
  const bannerOk = (b: Record<string, unknown>) => keep(b.status, bIn, bNe) && keep(b.campaign_id, campIn, campNe) && campaignOk(b.campaign_id);
  const wanted = ids(c, 'id');
  const notWanted = ids(c, 'id_ne');
  const all = entity === 'banners' ? [...a.banners.keys()] : entity === 'campaigns' ? [...a.campaigns.keys()] : [a.user.id];
  let chosen = objects(c, entity, wanted.length > 0 ? wanted : all.sort((x, y) => x - y)).filter((o) => !notWanted.includes(o.id));
  if (entity === 'banners') chosen = chosen.filter((o) => bannerOk(a.banners.get(o.id)!));
  if (entity === 'campaigns') chosen = chosen.filter((o) => campaignOk(o.id));
  for (const o of chosen) if (entity !== 'banners') o.banners = o.banners.filter((b) => bannerOk(a.banners.get(b.id)!));
  const sortBy = c.params.get('sort_by');
  const d = c.params.get('d') ?? 'asc';
  if (d !== 'asc' && d !== 'desc') fail(c.plan, 400, 'WRONG_PARAMETER', `Parameter d must be asc or desc, got ${JSON.stringify(d)}`);
  let key: ((raw: Raw) => number) | undefined;
  if (sortBy !== null) {
    const [g, field] = sortBy.split('.');
    if (!SORTABLE.includes(g as Group) || field === undefined || !groupFields(g as Group).includes(field)) {
      fail(c.plan, 400, 'WRONG_PARAMETER', `Parameter sort_by: ${JSON.stringify(sortBy)} is not group.field of ${SORTABLE.join(', ')}`);
    }
    key = (raw) => Number(renderGroup(g as Group, raw, 'item')![field]);
  }
  const limit = page(c, 'limit', 20, 1, 250);
  const offset = page(c, 'offset', 0, 0, 1_000_000_000);
  const userId = a.user.id;
  const { seed } = c;
  const chunks = function* (): Generator<string> {
    const gen = new StatGenerator(seed);
    const work = { done: 0 };
    const totals: { o: StatObject; sum: Raw }[] = [];
    for (const o of chosen) {
      const days = sumDays(gen, o, from, to, work);
      let step = days.next();
      for (; !step.done; step = days.next()) yield '';
      totals.push({ o, sum: step.value });
    }
    if (key) totals.sort((x, y) => key(x.sum) - key(y.sum) || x.o.id - y.o.id);
    if (d === 'desc') totals.reverse();
    const top = new Float64Array(RAW_SIZE);
    for (const t of totals) addObject(top, t.sum);
    const items = totals.slice(offset, offset + limit).map((t) => ({ id: t.o.id, user_id: userId, total: render(asked, t.sum, 'item') }));
    yield JSON.stringify({ items, total: render(asked, top, 'top'), limit, offset, count: totals.length });
  };
  return body(chosen.reduce((n, o) => n + Math.max(1, o.banners.length) * (to - from + 1), 0), chunks);
}

function page(c: StatCall, name: string, fallback: number, min: number, max: number): number {
  const raw = c.params.get(name);
  if (raw === null) return fallback;
  if (!/^\d{1,10}$/.test(raw) || Number(raw) < min || Number(raw) > max) fail(c.plan, 400, 'WRONG_PARAMETER', `Parameter ${name} must be an integer from ${min} to ${max}`);
  return Number(raw);
}
