import { gunzipSync } from 'node:zlib';
import type { LightMyRequestResponse } from 'fastify';

/** Who answers a path: one of the emulated APIs, or the stand itself (admin API and unknown paths). */
export type Owner = 'appmetrica' | 'mytarget' | 'toloka' | 'admin';

const PREFIXES = { appmetrica: '/appmetrica', mytarget: '/mytarget', toloka: '/toloka' } as const;

/** The path inject (like any WHATWG-URL client) really sends: dot segments resolved, "//host/x" read as a host. */
export function sentPath(url: string): string {
  const path = url.split('?', 1)[0]!;
  try {
    return new URL(path, 'http://stand').pathname;
  } catch {
    return path;
  }
}

/** The owner of a URL on the main listener (`only` set: an API's own port, everything is that API's). */
export function ownerOf(url: string, only?: Exclude<Owner, 'admin'>): Owner {
  if (only) return only;
  // As the client (and inject) sends it: dot segments resolved ("/toloka/a/../../b" is "/b").
  const path = sentPath(url);
  for (const [api, prefix] of Object.entries(PREFIXES)) {
    if (path === prefix || path.startsWith(`${prefix}/`)) return api as Owner;
  }
  return 'admin';
}

/** The body as text; answers over 1 KiB come gzipped when the request accepts it (errors too). */
export function bodyText(res: LightMyRequestResponse): string {
  return res.headers['content-encoding'] === 'gzip' ? gunzipSync(res.rawPayload).toString('utf8') : res.body;
}

function json(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const keys = (v: Record<string, unknown>) => Object.keys(v).sort().join(',');

/** A path of AppMetrica's Management API (on the API, no prefix): its errors are JSON. */
const isManagement = (path: string | undefined) => path !== undefined && /^\/management(\/|$)/.test(path);

/**
 * Why an error answer (status >= 400) is not in its owner's real error shape, or null when it is.
 * AppMetrica: text/plain sentence; its Management API (`path` under /management):
 * {"errors":[{"error_type","message"[,"location"]}],"code","message"}. myTarget: JSON {"error":{"code","message"[,"fields"]}}, or
 * 429 {"limits","remaining"}. Toloka: JSON {"request_id","code","message","payload"}.
 * Admin (and unknown paths): JSON {"error":{"code","message"}}.
 */
export function shapeProblem(owner: Owner, res: LightMyRequestResponse, method: string, path?: string): string | null {
  const type = String(res.headers['content-type'] ?? '');
  const body = bodyText(res);
  const head = method.toUpperCase() === 'HEAD';
  switch (owner) {
    case 'appmetrica':
      if (isManagement(path)) {
        if (!/^application\/json\b/.test(type)) return `content-type ${type || '(none)'}, expected application/json (Management API)`;
        if (head) return null;
        const b = json(body);
        if (!isObj(b) || keys(b) !== 'code,errors,message') return `body is not {"errors","code","message"}: ${body.slice(0, 200)}`;
        if (b.code !== res.statusCode || typeof b.message !== 'string' || !Array.isArray(b.errors) || b.errors.length === 0) return `code/message/errors wrong: ${body.slice(0, 200)}`;
        for (const e of b.errors) {
          if (!isObj(e) || typeof e.error_type !== 'string' || typeof e.message !== 'string' || !['error_type,message', 'error_type,location,message'].includes(keys(e))) return `an error is not {"error_type","message"[,"location"]}: ${body.slice(0, 200)}`;
        }
        return null;
      }
      if (!/^text\/plain\b/.test(type)) return `content-type ${type || '(none)'}, expected text/plain`;
      if (!head && body.trim() === '') return 'empty text/plain body';
      if (!head && json(body) !== undefined && /^\s*[{[]/.test(body)) return `a JSON body in a text/plain error: ${body.slice(0, 200)}`;
      return null;
    case 'mytarget': {
      if (!/^application\/json\b/.test(type)) return `content-type ${type || '(none)'}, expected application/json`;
      // Every 401 says why in WWW-Authenticate (wreckah/target_api's client indexes it).
      if (res.statusCode === 401 && !/^Bearer realm="api", error="[^"]+", error_description=/.test(String(res.headers['www-authenticate'] ?? ''))) {
        return `a 401 without WWW-Authenticate: ${JSON.stringify(res.headers)}`;
      }
      if (head) return null;
      const b = json(body);
      if (!isObj(b)) return `body is not a JSON object: ${body.slice(0, 200)}`;
      if (res.statusCode === 429 && keys(b) === 'limits,remaining') return null;
      // A token's 401 as documented, and the token endpoint's OAuth2 errors.
      if (keys(b) === 'code,message' && res.statusCode === 401 && typeof b.code === 'string' && typeof b.message === 'string') return null;
      if (keys(b) === 'error,error_description' && typeof b.error === 'string' && typeof b.error_description === 'string') return null;
      if (keys(b) !== 'error' || !isObj(b.error)) return `body is not {"error":{...}}: ${body.slice(0, 200)}`;
      const e = b.error;
      if (typeof e.code !== 'string' || typeof e.message !== 'string') return `error.code/message are not strings: ${body.slice(0, 200)}`;
      if (!['code,message', 'code,fields,message', 'code,message,resource', 'code,message,required_permission'].includes(keys(e))) return `unexpected keys in error: ${keys(e)}`;
      return null;
    }
    case 'toloka': {
      if (!/^application\/json\b/.test(type)) return `content-type ${type || '(none)'}, expected application/json`;
      if (head) return null;
      const b = json(body);
      if (!isObj(b)) return `body is not a JSON object: ${body.slice(0, 200)}`;
      if (keys(b) !== 'code,message,payload,request_id') return `keys ${keys(b)}, expected request_id, code, message, payload: ${body.slice(0, 200)}`;
      if (typeof b.request_id !== 'string' || typeof b.code !== 'string' || typeof b.message !== 'string') return `request_id/code/message are not strings: ${body.slice(0, 200)}`;
      return null;
    }
    case 'admin': {
      if (!/^application\/json\b/.test(type)) return `content-type ${type || '(none)'}, expected application/json`;
      if (head) return null;
      const b = json(body);
      if (!isObj(b) || keys(b) !== 'error' || !isObj(b.error)) return `body is not {"error":{...}}: ${body.slice(0, 200)}`;
      if (keys(b.error) !== 'code,message' || typeof b.error.code !== 'string' || typeof b.error.message !== 'string') {
        return `error is not {"code","message"} of strings: ${body.slice(0, 200)}`;
      }
      return null;
    }
  }
}

/**
 * The operations each API emulates (path relative to the API's root, as sent): a 501 for one of
 * these with its own method would be a bug. Anything else may be a real operation the stand does
 * not emulate, answered 501 naming itself (design.md), e.g. PATCH /api/v1/pools/{id} on Toloka,
 * or any /api/... path myTarget does not know.
 */
const EMULATED: Record<Exclude<Owner, 'admin'>, [RegExp, readonly string[]][]> = {
  // Every method on the export path answers (GET/HEAD the file, the rest 405); the Management API's two reads.
  appmetrica: [
    [/^\/logs\/v1\/export\/[^/]+$/, ['*']],
    [/^\/management\/v1\/(applications|application\/[^/]+)$/, ['GET', 'HEAD']],
  ],
  // Known sync paths answer every method (405 with Allow for the others), also through /async_api;
  // POST user.json and the mass actions are real operations the stand does not emulate (501).
  mytarget: [
    [/^\/(async_)?api\/v[23]\/(user)\.json$/, ['GET', 'HEAD']],
    [/^\/(async_)?api\/v[23]\/(packages|throttling|campaigns|banners)\.json$/, ['*']],
    [/^\/(async_)?api\/v[23]\/(campaigns|banners)\/(?!mass_action|mass_replace|remoderate)[^/]+\.json$/, ['*']],
    [/^\/(async_)?api\/v[23]\/campaigns\/[^/]+\/banners\.json$/, ['*']],
    [/^\/(async_)?api\/v2\/statistics\/(campaigns|banners|users)\/(day|summary)\.json$/, ['*']],
    [/^\/(async_)?api\/v3\/statistics\/(campaigns|banners|users)\/day\.json$/, ['*']],
    [/^\/(async_)?api\/v2\/oauth2\/token(\/delete)?\.json$/, ['GET', 'HEAD', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']],
  ],
  toloka: [
    [/^\/api\/v1\/(tasks|task-suites|user-bonuses)$/, ['GET', 'HEAD', 'POST']],
    [/^\/api\/v1\/(tasks|task-suites|user-bonuses|operations|pools)\/[^/]+$/, ['GET', 'HEAD']],
    [/^\/api\/v1\/operations(\/[^/]+\/log)?$/, ['GET', 'HEAD']],
    [/^\/api\/v1\/pools\/[^/]+\/(open|close)$/, ['POST']],
  ],
};

function emulated(owner: Owner, method: string, path: string): boolean {
  if (owner === 'admin') return true;
  const m = method.toUpperCase();
  return EMULATED[owner].some(([re, methods]) => re.test(path) && (methods.includes('*') || methods.includes(m)));
}

/** A 501 is the documented "not emulated" answer: it names the operation (its method) and says so. */
function namesItself(owner: Owner, method: string, res: LightMyRequestResponse, path: string): boolean {
  if (method.toUpperCase() === 'HEAD') return true;
  const body = json(bodyText(res)) as { message?: unknown; error?: { message?: unknown }; error_description?: unknown } | undefined;
  const text = owner === 'appmetrica' && !isManagement(path) ? bodyText(res) : String(body?.message ?? body?.error?.message ?? body?.error_description ?? '');
  return text.startsWith(`${method.toUpperCase()} `) && /does not emulate/.test(text);
}

/** Headers a fuzz request tries to smuggle into the answer (CR/LF in ids, callback URLs, tokens). */
export const INJECTED_HEADER = 'x-fuzz-injected';

/**
 * Checks one answer: never 5xx (unless the request scripted that status, or it is the 501 of a
 * real operation the stand does not emulate), every error in its owner's shape, no smuggled
 * header. Returns a description of what is wrong, or null.
 */
export function answerProblem(
  owner: Owner,
  method: string,
  res: LightMyRequestResponse,
  request: { scriptedStatus?: number | null; url?: string; prefix?: string } = {},
): string | null {
  if (res.headers[INJECTED_HEADER] !== undefined || res.headers['set-cookie'] !== undefined) return `a header was injected: ${JSON.stringify(res.headers)}`;
  const local = request.url === undefined ? undefined : sentPath(request.url).slice(request.prefix?.length ?? 0);
  const notEmulated = res.statusCode === 501 && local !== undefined && !emulated(owner, method, local) && namesItself(owner, method, res, local);
  const expected = res.statusCode === request.scriptedStatus || notEmulated;
  if (res.statusCode >= 500 && !expected) return `answered ${res.statusCode} (not scripted): ${bodyText(res).slice(0, 300)}`;
  if (res.statusCode < 400) return null;
  const problem = shapeProblem(owner, res, method, local);
  return problem && `${res.statusCode} not in the ${owner} error shape: ${problem}`;
}
