import { StandError } from '../../core/errors.js';
import type { WireError } from '../api.js';

/**
 * The myTarget API's errors, in its wire shapes (README, "Errors"; every body is JSON):
 *
 * - most errors: `{"error":{"message","code"[,"fields"|"resource"|"required_permission"]}}`
 *   (target.vk.ru "API arrangement"; `vk-ads-doc-api` methods/AdGroups.md shows
 *   `validation_failed`; kradwhite/mytarget-api-client's live tests assert `not_found` with
 *   `resource` and `access_denied`);
 * - a token's 401: `{"code","message"}` with `WWW-Authenticate: Bearer realm="api",
 *   error=..., error_description=...` (vk-ads-doc-api info/Authorization.md); the scenario
 *   knob `authErrorBody: "nested"` gives `{"error":{...}}` (Kachit/mytarget-sdk-go's captured
 *   stubs/data/common/auth/invalid_token.error.json) instead;
 * - the token endpoint: OAuth2's `{"error","error_description"}` (selesnow/rmytarget
 *   R/myTarAuth.R, pavelmaksimov/tapioca-mytarget exceptions.py);
 * - over a rate limit: `{"limits","remaining"}` (Digsolab LimitingMiddleware, rmytarget).
 */

/** One field's problem (the `fields` of `validation_failed`): a code and a message. */
export interface FieldError {
  code: string;
  message: string;
}

/**
 * Problems by field; a sub-object nests by key, a list as `{"items": [...]}` with one entry per
 * element (vk-ads-doc-api methods/SharingKey.md).
 */
export type FieldErrors = { [field: string]: FieldError | FieldErrors | { items: (FieldErrors | FieldError)[] } };

/** The body of a 429 over the rate limits: counts keyed by window length in seconds. */
export interface LimitsBody {
  limits: Record<string, number>;
  remaining: Record<string, number>;
}

/** How a 401 of a token renders its body (scenario `mytarget.authErrorBody`). */
export type AuthErrorBody = 'flat' | 'nested';

type Details =
  | { kind: 'fields'; fields: FieldErrors }
  | { kind: 'extra'; extra: Record<string, unknown> }
  | { kind: 'limits'; limits: LimitsBody }
  | { kind: 'auth'; body: AuthErrorBody }
  | { kind: 'oauth' };

const error = (status: number, code: string, message: string, details?: Details, headers?: Record<string, string>) =>
  new StandError(status, code, message, { ...(details ? { details } : {}), ...(headers ? { headers } : {}) });

/** `WWW-Authenticate` of a 401 (vk-ads-doc-api info/Authorization.md): the body's code and message. */
export function wwwAuthenticate(code: string, message: string): string {
  const q = (s: string) => s.replace(/["\\]/g, '\\$&').replace(/[\r\n]+/g, ' ');
  return `Bearer realm="api", error="${q(code)}", error_description="${q(message)}"`;
}

/** The documented token errors (vk-ads-doc-api info/Authorization.md, "Ошибки при использовании некорректных токенов"). */
export const TOKEN_ERRORS = {
  invalid_token: 'Unknown access token',
  expired_token: 'Access token is expired',
  invalid_client: 'Invalid client id or secret provided',
  invalid_user: 'User is blocked',
  revoked_token: 'Access token has been revoked',
} as const;
export type TokenErrorCode = keyof typeof TOKEN_ERRORS;

export const errors = {
  /** A request's token is missing, unknown, expired or revoked: 401 with WWW-Authenticate. */
  token: (code: TokenErrorCode, body: AuthErrorBody = 'flat') =>
    error(401, code, TOKEN_ERRORS[code], { kind: 'auth', body }, { 'www-authenticate': wwwAuthenticate(code, TOKEN_ERRORS[code]) }),
  /** An error of the token endpoint, OAuth2's shape; a 401 carries WWW-Authenticate too (the sample client reads it on every 401). */
  oauth: (status: number, code: string, description: string) =>
    error(status, code, description, { kind: 'oauth' }, status === 401 ? { 'www-authenticate': wwwAuthenticate(code, description) } : undefined),
  tooManyJobs: (limit: number) =>
    error(429, 'too_many_async_requests', `This account already has ${limit} async requests in memory; wait until results expire (or raise --max-jobs-per-account)`),
  /** 400 `validation_failed` with one entry per bad field (vk-ads-doc-api methods/AdGroups.md). */
  validation: (fields: FieldErrors) => error(400, 'validation_failed', 'Validation failed', { kind: 'fields', fields }),
  /** A request that is not a valid document at all (no JSON, not an object). */
  badRequest: (message: string) => error(400, 'bad_request', message),
  invalidJson: (reason: string) => error(400, 'bad_request', `Request body is not valid JSON: ${reason}`),
  /** An object of the account that does not exist: 404 with the resource's class name (kradwhite live tests). */
  notFound: (resource: string, id: string) => error(404, 'not_found', `${resource} ${id} not found`, { kind: 'extra', extra: { resource } }),
  /** 403 with the permission the call needs (kradwhite live tests; vk-ads-doc-api methods/OrdPartnerPads.md). */
  accessDenied: (permission: string) => error(403, 'access_denied', 'Access denied', { kind: 'extra', extra: { required_permission: permission } }),
  /** A statistics error: its own codes (stat-v2 "Обработка ошибок"), e.g. WRONG_BANNERS. */
  statistics: (status: number, code: string, message: string) => error(status, code, message),
  unknownPath: (path: string) =>
    error(404, 'not_found', `Unknown path ${path}; myTarget API paths start with /api/v2/, /api/v3/ or /async_api/v2/`),
  unknownResource: (method: string, path: string) =>
    error(404, 'not_found', `${method} ${path}: the myTarget API has no such resource; README of the myTarget API lists what the stand emulates`),
  asyncNotFound: (id: string) =>
    error(404, 'not_found', `Async request ${id} not found: it never existed for this token, or its result expired (results live one day)`),
  resultNotReady: (id: string, status: string) =>
    error(404, 'not_found', `The response of async request ${id} is not available: its status is "${status}"; poll /async_api/v2/requests/${id}.json until it answers 303`),
  methodNotAllowed: (method: string, path: string, allowed: readonly string[]) =>
    error(405, 'method_not_allowed', `Method ${method} is not allowed for ${path}; use ${allowed.join(', ')}`, undefined, { allow: allowed.join(', ') }),
  notEmulated: (method: string, path: string, what = 'a myTarget API operation') =>
    error(501, 'not_implemented', `${method} ${path} is ${what} that async-stand does not emulate; the README of its myTarget API lists the emulated ones`),
  badCallback: (message: string) => error(400, 'bad_request', message),
  /** Over a rate limit: the body is `{limits, remaining}` (Digsolab LimitingMiddleware, rmytarget). */
  tooManyRequests: (body: LimitsBody, headers: Record<string, string>) => error(429, 'too_many_requests', 'Rate limit exceeded', { kind: 'limits', limits: body }, headers),
  forStatus: (status: number, message?: string) => {
    if (status === 401) return errors.token('invalid_token');
    if (status === 403) return error(403, 'access_denied', message ?? 'Access denied');
    const [code, text] = STATUS_TEXT[status] ?? (status >= 500 ? ['internal_error', 'Internal server error'] : ['bad_request', 'Bad request']);
    return error(status, code, message ?? text);
  },
};

const STATUS_TEXT: Record<number, [string, string]> = {
  400: ['bad_request', 'Bad request'],
  404: ['not_found', 'Not found'],
  405: ['method_not_allowed', 'Method not allowed'],
  413: ['request_too_large', 'Request body is too large'],
  414: ['request_uri_too_long', 'Request URL is too long'],
  415: ['unsupported_media_type', 'Unsupported Content-Type; send application/json'],
  429: ['too_many_requests', 'Too many requests'],
  500: ['internal_error', 'Internal server error'],
  502: ['bad_gateway', 'Bad gateway'],
  503: ['service_unavailable', 'Service temporarily unavailable'],
  504: ['gateway_timeout', 'Gateway timeout'],
};

export const JSON_TYPE = 'application/json';

export function renderError(e: StandError): WireError {
  const headers: Record<string, string> = { 'content-type': JSON_TYPE, ...e.headers };
  // Every 401 says why in WWW-Authenticate (wreckah/target_api's client indexes it on any 401).
  if (e.status === 401 && headers['www-authenticate'] === undefined) headers['www-authenticate'] = wwwAuthenticate(e.code, e.message);
  const details = e.details as Details | undefined;
  switch (details?.kind) {
    case 'limits':
      return { status: e.status, headers, body: { ...details.limits } };
    case 'oauth':
      return { status: e.status, headers, body: { error: e.code, error_description: e.message } };
    case 'auth':
      return { status: e.status, headers, body: details.body === 'nested' ? { error: { code: e.code, message: e.message } } : { code: e.code, message: e.message } };
    case 'fields':
      return { status: e.status, headers, body: { error: { fields: details.fields, message: e.message, code: e.code } } };
    case 'extra':
      return { status: e.status, headers, body: { error: { message: e.message, code: e.code, ...details.extra } } };
    default:
      if (e.status === 401) return { status: e.status, headers, body: { code: e.code, message: e.message } };
      return { status: e.status, headers, body: { error: { message: e.message, code: e.code } } };
  }
}
