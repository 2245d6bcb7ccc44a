import type { ApiName } from '../core/journal.js';
import type { RequestRules } from '../scenarios/engine.js';

/** Query parameters as Fastify parses them (a repeated name gives an array). */
export type RawQuery = Readonly<Record<string, string | string[] | undefined>>;

/**
 * One call of an emulated API, as every backend and every fault rule sees it. Built once, at the
 * edge (the API plugin's first hook), from the request: the backends never see HTTP, and the
 * `X-Stand-Scenario` header is parsed and checked once per request, not once per rule lookup.
 * A callback builds one too (from the job it reports on), so fault rules on `token` and `path`
 * match callbacks the same way they match requests.
 */
export interface CallContext {
  readonly api: ApiName;
  /** The token the request carries, read as the API reads its Authorization header; null when absent or malformed. */
  readonly account: string | null;
  /** The Authorization header as sent (an API's 401 text may tell a missing header from a malformed one). */
  readonly authorization: string | undefined;
  readonly method: string;
  /** The path on the API: no mount prefix, no query. */
  readonly path: string;
  readonly query: RawQuery;
  /** `X-Stand-Scenario`, parsed: a scenario for this call, or one fault rule; undefined without the header. */
  readonly rules: RequestRules | undefined;
  /** Where the API is mounted on the listener that received the call ('' at root, e.g. '/mytarget' on the main port). */
  readonly prefix: string;
  /** Callbacks only: the host of the callback URL. */
  readonly host?: string | undefined;
}

const EMPTY_QUERY: RawQuery = Object.freeze({});

/** A context for work that no request started (a control verb, a test): no token, no rules. */
export function internalContext(api: ApiName, method = 'GET', path = '/'): CallContext {
  return { api, account: null, authorization: undefined, method, path, query: EMPTY_QUERY, rules: undefined, prefix: '' };
}

/** A call whose token was checked by the API's auth: the backends take these. */
export type AuthedCall = CallContext & { readonly account: string };

/** `a=1&b=2` -> {a: '1', b: '2'} (a repeated name gives an array, as Fastify parses queries). */
export function parseRawQuery(raw: string): RawQuery {
  if (raw === '') return EMPTY_QUERY;
  const out: Record<string, string | string[]> = Object.create(null) as Record<string, string | string[]>;
  for (const [k, v] of new URLSearchParams(raw)) {
    const had = out[k];
    out[k] = had === undefined ? v : Array.isArray(had) ? [...had, v] : [had, v];
  }
  return out;
}
