import type { CallContext } from '../apis/call-context.js';
import { ConfigError, StandError } from '../core/errors.js';
import type { ApiName } from '../core/journal.js';
import type { Ids } from '../core/random.js';
import { FaultRule, REQUEST_FAULTS, type FaultAction, type FaultKind, type Match } from './common.js';
import { globMatches } from './glob.js';
import { describeIssues } from './messages.js';
import type { ScenarioLibrary } from './loader.js';
import { Scenario } from './schema.js';

/** What `X-Stand-Scenario` says for one request: a scenario to run it under, or one inline fault rule. */
export interface RequestRules {
  readonly scenario?: Scenario;
  readonly rule?: FaultRule;
}

export interface OneShot {
  api: ApiName;
  rule: FaultRule;
}

/** The header a single request uses to pick a scenario or an inline fault rule. */
export const SCENARIO_HEADER = 'x-stand-scenario';

/**
 * Decides, for each request or job, which plan and which fault applies. Three layers, in order:
 * 1. the one-shot queue ("the next AppMetrica export fails"), consumed as rules fire;
 * 2. the per-request header `X-Stand-Scenario` (a scenario name, or an inline fault rule);
 * 3. the active scenario's plan and fault rules.
 */
export class ScenarioEngine {
  #name: string;
  #active: Scenario;
  readonly #library: ScenarioLibrary;
  readonly #ids: Ids;
  #initial: { name: string; scenario: Scenario };
  #queue: OneShot[] = [];
  /** How many matching requests each rule has seen, and how often it fired. */
  #seen = new WeakMap<FaultRule, { matches: number; fired: number }>();
  /** Grows when a rule counts a call or a one-shot is used up (see `changes`). */
  #counted = 0;
  /** Called after the active scenario changes (APIs reload fixtures if the set changed). */
  onChange: (previous: Scenario) => void = () => {};
  /** Called after a one-shot plan is queued (the stand's change notifier: the dashboard shows the queue). */
  onQueued: () => void = () => {};

  constructor(library: ScenarioLibrary, name: string, scenario: Scenario, ids: Ids) {
    this.#library = library;
    this.#ids = ids;
    this.#name = name;
    this.#active = scenario;
    this.#initial = { name, scenario };
  }

  get name(): string {
    return this.#name;
  }

  get active(): Scenario {
    return this.#active;
  }

  get library(): ScenarioLibrary {
    return this.#library;
  }

  /** Makes another scenario active: by name (a shipped or --scenarios file) or a document. */
  activate(nameOrDoc: string | unknown): { name: string; scenario: Scenario } {
    const previous = this.#active;
    if (typeof nameOrDoc === 'string') {
      try {
        // The file is read again: an edit since the last activation counts.
        this.#active = this.#library.reload(nameOrDoc);
      } catch (e) {
        if (e instanceof ConfigError) throw new StandError(e.code === 'STAND_SCENARIO_NOT_FOUND' ? 404 : 400, e.code, e.message);
        throw e;
      }
      this.#name = nameOrDoc;
    } else {
      const parsed = Scenario.safeParse(nameOrDoc);
      if (!parsed.success) throw new StandError(400, 'STAND_SCENARIO_INVALID', describeIssues('scenario', parsed.error));
      this.#active = parsed.data;
      this.#name = 'inline';
    }
    this.#seen = new WeakMap();
    this.onChange(previous);
    return { name: this.#name, scenario: this.#active };
  }

  /**
   * Reads the active scenario's file again (it changed on disk: --watch). A valid file becomes
   * the active scenario, and the one a reset returns to when the stand started with it; an
   * invalid one throws (a ConfigError at file:line:column) and changes nothing. An inline
   * scenario has no file: false.
   */
  reloadActive(): boolean {
    if (this.#name === 'inline') return false;
    const previous = this.#active;
    const scenario = this.#library.reload(this.#name);
    if (this.#initial.name === this.#name) this.#initial = { name: this.#name, scenario };
    this.#active = scenario;
    this.#seen = new WeakMap();
    this.onChange(previous);
    return true;
  }

  enqueue(api: ApiName, rule: unknown): OneShot {
    const parsed = FaultRule.safeParse(rule);
    if (!parsed.success) throw new StandError(400, 'STAND_RULE_INVALID', describeIssues('one-shot rule', parsed.error));
    const shot = { api, rule: { ...parsed.data, times: 1 } };
    this.#queue.push(shot);
    this.onQueued();
    return shot;
  }

  /**
   * Grows whenever a rule counts a call or a one-shot plan fires: equal before and after a
   * request, no rule's counters moved (with Ids#changes for probability draws).
   */
  get changes(): number {
    return this.#counted;
  }

  queue(): OneShot[] {
    return [...this.#queue];
  }

  /** Back to the scenario the stand started with, queue empty, counters at zero. */
  reset(): void {
    const previous = this.#active;
    this.#name = this.#initial.name;
    this.#active = this.#initial.scenario;
    this.#queue = [];
    this.#seen = new WeakMap();
    if (previous !== this.#active) this.onChange(previous);
  }

  /**
   * Reads `X-Stand-Scenario` (once per request, at the edge): undefined without it; a 400 in the
   * caller's shape (StandError) when it names no scenario or holds no valid fault rule.
   */
  rulesOf(header: string | undefined): RequestRules | undefined {
    return parseHeader(header, this.#library);
  }

  /** The scenario a call runs under: the one its header names, else the active one. */
  scenarioOf(ctx: CallContext): Scenario {
    return ctx.rules?.scenario ?? this.#active;
  }

  /**
   * Whether a rule of one of `kinds` could apply to a call of `api` at all (its header, the
   * one-shot queue, the active scenario). False for most requests. Counters only move when a
   * rule is matched, so skipping the match is exact.
   */
  mayFault(api: ApiName, rules: RequestRules | undefined, kinds: readonly FaultKind[]): boolean {
    if (rules !== undefined) return true;
    for (const s of this.#queue) if (s.api === api && kinds.includes(s.rule.action.type)) return true;
    for (const rule of this.#active[api].faults) if (kinds.includes(rule.action.type)) return true;
    return false;
  }

  /** A request-level fault (status, delay, drop) for this call, if one fires. */
  requestFault(ctx: CallContext): FaultAction | undefined {
    return this.jobFault(ctx, REQUEST_FAULTS);
  }

  /** A fault of one of `kinds` for this call (or the job or callback it stands for), if one fires. */
  jobFault(ctx: CallContext, kinds: readonly FaultKind[]): FaultAction | undefined {
    if (!this.mayFault(ctx.api, ctx.rules, kinds)) return undefined;
    const api = ctx.api;
    // 1. one-shot queue: the first queued rule of this API and kind that matches fires and is removed.
    const i = this.#queue.findIndex((s) => s.api === api && kinds.includes(s.rule.action.type) && this.matches(s.rule.match, ctx));
    if (i >= 0) {
      this.#counted++;
      const [shot] = this.#queue.splice(i, 1);
      return shot!.rule.action;
    }
    // 2. the request's header: an inline rule applies to this request; a name swaps the scenario.
    const h = ctx.rules;
    if (h?.rule) {
      if (kinds.includes(h.rule.action.type) && this.matches(h.rule.match, ctx)) return h.rule.action;
      return undefined;
    }
    // 3. the scenario's own rules.
    const scenario = h?.scenario ?? this.#active;
    for (const rule of scenario[api].faults) {
      if (!kinds.includes(rule.action.type)) continue;
      if (this.#fires(rule, ctx, streamOf(kinds))) return rule.action;
    }
    return undefined;
  }

  #fires(rule: FaultRule, ctx: CallContext, stream: string): boolean {
    if (!this.matches(rule.match, ctx)) return false;
    let seen = this.#seen.get(rule);
    if (!seen) this.#seen.set(rule, (seen = { matches: 0, fired: 0 }));
    seen.matches++;
    this.#counted++;
    if (rule.times !== undefined && seen.fired >= rule.times) return false;
    if (rule.nth !== undefined && seen.matches !== rule.nth) return false;
    if (rule.probability !== undefined && this.#ids.random(stream).float() >= rule.probability) return false;
    seen.fired++;
    return true;
  }

  /** Whether a call fits a rule's `match` (every key given must hold). */
  matches(match: Match | undefined, ctx: CallContext): boolean {
    if (!match) return true;
    if (match.method && match.method !== ctx.method.toUpperCase()) return false;
    if (match.path && !globMatches(match.path, ctx.path)) return false;
    if (match.token !== undefined && match.token !== ctx.account) return false;
    if (match.host !== undefined && match.host !== ctx.host) return false;
    if (match.query) {
      for (const [k, v] of Object.entries(match.query)) {
        const got = ctx.query[k];
        if (Array.isArray(got) ? !got.includes(v) : got !== v) return false;
      }
    }
    return true;
  }

}

/**
 * The seeded stream a rule's probability is drawn from, one per purpose: requests, jobs and
 * callbacks each draw from their own, so whether (and when) callbacks are attempted never moves
 * which requests or jobs fail (a restart replays requests, not the network's timing).
 */
function streamOf(kinds: readonly FaultKind[]): string {
  if (kinds === REQUEST_FAULTS) return 'faults';
  return kinds.includes('callback') ? 'faults:callback' : 'faults:job';
}

/** Reads the X-Stand-Scenario header: a scenario name, or an inline JSON fault rule. */
function parseHeader(header: string | undefined, library: ScenarioLibrary): RequestRules | undefined {
  if (header === undefined || header === '') return undefined;
  const value = header.trim();
  if (value.startsWith('{')) {
    let json: unknown;
    try {
      json = JSON.parse(value);
    } catch (e) {
      throw new StandError(400, 'STAND_BAD_SCENARIO_HEADER', `X-Stand-Scenario: not valid JSON (${(e as Error).message}); send a scenario name or one fault rule as JSON`);
    }
    const parsed = FaultRule.safeParse(json);
    if (!parsed.success) throw new StandError(400, 'STAND_BAD_SCENARIO_HEADER', describeIssues('X-Stand-Scenario', parsed.error));
    return { rule: parsed.data };
  }
  if (!/^[\w.-]+$/.test(value) || !library.has(value)) {
    throw new StandError(
      400,
      'STAND_BAD_SCENARIO_HEADER',
      `X-Stand-Scenario: unknown scenario "${value}"; use one of: ${library.names().join(', ')}, or an inline fault rule as JSON`,
    );
  }
  return { scenario: library.get(value) };
}
