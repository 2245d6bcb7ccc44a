import { StandError } from '../../core/errors.js';
import type { WireError } from '../api.js';

/** One field's problem in a 400 (the stand's shape; the real per-field format is not documented). */
export interface FieldError {
  code: string;
  message: string;
}

export type FieldErrors = Record<string, FieldError>;

/** The body of a 429 over the rate limits: counts keyed by window length in seconds. */
export interface LimitsBody {
  limits: Record<string, number>;
  remaining: Record<string, number>;
}

/**
 * The myTarget API's errors. Bodies are `{"error":{"code","message"}}` (application/json), the
 * shape clients read (`$error$code`/`$error$message`); only `invalid_token` / `Unknown access
 * token` is a confirmed real pair, the other codes and texts are the stand's (README, "Known
 * differences"). A 400 adds `fields` with one `{code, message}` per field.
 */
export const errors = {
  /** Confirmed wire text (Kachit/mytarget-sdk-go stubs/data/common/auth/invalid_token.error.json). */
  invalidToken: () => new StandError(401, 'invalid_token', 'Unknown access token'),
  tooManyJobs: (limit: number) =>
    new StandError(429, 'too_many_async_requests', `This account already has ${limit} async requests in memory; wait until results expire (or raise --max-jobs-per-account)`),
  badRequest: (message: string, fields?: FieldErrors) =>
    new StandError(400, 'bad_request', message, fields ? { details: { fields } } : {}),
  invalidJson: (reason: string) => new StandError(400, 'bad_request', `Request body is not valid JSON: ${reason}`),
  notFound: (what: string) => new StandError(404, 'not_found', `${what} not found`),
  unknownPath: (path: string) =>
    new StandError(404, 'not_found', `Unknown path ${path}; myTarget API paths start with /api/v2/ or /async_api/v2/`),
  asyncNotFound: (id: string) =>
    new StandError(404, 'not_found', `Async request ${id} not found: it never existed for this token, or its result expired (results live one day)`),
  resultNotReady: (id: string, status: string) =>
    new StandError(404, 'not_found', `The response of async request ${id} is not available: its status is "${status}"; poll /async_api/v2/requests/${id}.json until it answers 303`),
  methodNotAllowed: (method: string, path: string, allowed: readonly string[]) =>
    new StandError(405, 'method_not_allowed', `Method ${method} is not allowed for ${path}; use ${allowed.join(', ')}`, {
      headers: { allow: allowed.join(', ') },
    }),
  notEmulated: (method: string, path: string, emulated: readonly string[]) =>
    new StandError(
      501,
      'not_implemented',
      `${method} ${path} is a myTarget API operation that async-stand does not emulate; emulated: ${emulated.join(', ')}`,
    ),
  badCallback: (message: string) => new StandError(400, 'bad_request', message),
  /** Over a rate limit: the body is `{limits, remaining}` (Digsolab LimitingMiddleware, rmytarget). */
  tooManyRequests: (body: LimitsBody, headers: Record<string, string>) =>
    new StandError(429, 'too_many_requests', 'Rate limit exceeded', { details: { limits: body }, headers }),
  forStatus: (status: number, message?: string) => {
    const [code, text] = STATUS_TEXT[status] ?? (status >= 500 ? ['internal_error', 'Internal server error'] : ['bad_request', 'Bad request']);
    return new StandError(status, code, message ?? text);
  },
};

const STATUS_TEXT: Record<number, [string, string]> = {
  400: ['bad_request', 'Bad request'],
  401: ['invalid_token', 'Unknown access token'],
  403: ['forbidden', 'Access denied'],
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
  const headers = { 'content-type': JSON_TYPE, ...e.headers };
  const details = (e.details ?? {}) as { fields?: FieldErrors; limits?: LimitsBody };
  if (e.status === 429 && details.limits) return { status: 429, headers, body: { ...details.limits } };
  const error: Record<string, unknown> = { code: e.code, message: e.message };
  if (details.fields) error.fields = details.fields;
  return { status: e.status, headers, body: { error } };
}
