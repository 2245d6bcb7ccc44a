import { StandError } from '../../core/errors.js';
import type { WireError } from '../api.js';

/**
 * The AppMetrica API's errors, in two shapes by area:
 *
 * - The Logs API answers `text/plain` with a short English sentence: the docs' 202 and 429
 *   examples say exactly `Content-Type: text/plain` (request-procedure.md, logs/quotas.md). The
 *   429 text and `Try to use more parts.` are the real ones; the other texts are ours (README,
 *   "Known differences").
 * - The Management API (`/management/...`) answers JSON
 *   `{"errors":[{"error_type","message"}],"code","message"}` (management/errors.md), its
 *   `error_type` one of the documented ones.
 *
 * Codes are the stand's, for tests and logs; the real API sends none.
 */
export const errors = {
  noToken: () =>
    new StandError(401, 'UNAUTHORIZED', 'Authorization required: send the header "Authorization: OAuth <token>".'),
  tokenInUrl: () =>
    new StandError(401, 'UNAUTHORIZED', 'Sending the token in the URL parameters is not supported. Use the header "Authorization: OAuth <token>".'),
  badToken: () => new StandError(401, 'UNAUTHORIZED', 'Invalid oauth_token.'),
  noAccess: (appId: number) =>
    new StandError(403, 'FORBIDDEN', `Access to application ${appId} is denied for this token.`),
  unknownTable: (table: string, known: readonly string[]) =>
    new StandError(404, 'UNKNOWN_TABLE', `Unknown resource ${table}. Available: ${known.join(', ')}.`),
  badFormat: (format: string) =>
    new StandError(400, 'BAD_FORMAT', `Unsupported format ${format}. Use json or csv.`),
  badParam: (message: string) => new StandError(400, 'BAD_REQUEST', message),
  /** A cancel naming no export of the app (the docs show none; the stand's text). */
  noRequest: (requestId: string) => new StandError(404, 'NOT_FOUND', `Request ${requestId} not found for this application.`),
  unknownField: (field: string, table: string, available: readonly string[]) =>
    new StandError(400, 'BAD_REQUEST', `Unknown field '${field}' for ${table}. Available fields: ${available.join(',')}.`),
  unknownParams: (names: readonly string[], table: string, known: readonly string[]) =>
    new StandError(400, 'BAD_REQUEST', `Unknown parameter '${names[0]}'. A filter must name a field of ${table}; parameters: ${known.join(', ')}.`),
  tooLarge: () => new StandError(400, 'TOO_LARGE', 'Try to use more parts.'),
  /** Exact text from the docs (en/mobile-api/logs/quotas.md). */
  queueFull: (limit: number, retryAfter: number | null) =>
    new StandError(
      429,
      'QUEUE_FULL',
      `There are already ${limit} enqueued queries for given application_id. Wait until they are completed.`,
      retryHeaders(retryAfter),
    ),
  /** Our text, modelled on the documented one: the docs give no per-token limit of the Logs API. */
  tokenQueueFull: (limit: number, status: number, retryAfter: number | null) =>
    new StandError(status, 'QUOTA', `There are already ${limit} enqueued queries for given token. Wait until they are completed.`, retryHeaders(retryAfter)),
  /** A request quota (intro/quotas.md: "The message body contains information about the type of quota exceeded"; the text is ours). */
  quota: (what: string, status: number, retryAfter: number | null) =>
    new StandError(status, 'QUOTA', `Quota exceeded: ${what}.`, { ...retryHeaders(retryAfter), details: { errorType: 'quota' } }),
  exportFailed: (status: number, message: string | undefined) =>
    new StandError(status, 'EXPORT_FAILED', message ?? 'Internal server error. Try again later.'),
  notEmulated: (method: string, path: string) =>
    new StandError(
      501,
      'NOT_EMULATED',
      `${method} ${path} is an AppMetrica API operation that async-stand does not emulate; only GET /logs/v1/export/{table}.{json|csv}, GET /management/v1/applications and GET /management/v1/application/{id} are.`,
    ),
  notFound: (path: string) => new StandError(404, 'NOT_FOUND', `Not found: ${path}`),
  methodNotAllowed: (method: string) => new StandError(405, 'METHOD_NOT_ALLOWED', `Method ${method} is not allowed. Use GET.`),
  forStatus: (status: number, message?: string) => new StandError(status, `HTTP_${status}`, message ?? defaultText(status)),

  // The Management API's own (rendered as its JSON whatever the path; management/errors.md).
  accessDenied: () => new StandError(403, 'FORBIDDEN', 'Access is denied', { details: { errorType: 'access_denied' } }),
  invalidId: (value: string) =>
    new StandError(400, 'BAD_REQUEST', `Invalid value of parameter id: '${value}'. Expected an application id (a number).`, {
      details: { errorType: 'invalid_parameter', location: 'id' },
    }),
};

function retryHeaders(retryAfter: number | null): { headers?: Record<string, string> } {
  return retryAfter === null ? {} : { headers: { 'retry-after': String(retryAfter) } };
}

function defaultText(status: number): string {
  if (status === 429) return 'Too many requests.';
  if (status === 503) return 'Service temporarily unavailable.';
  if (status >= 500) return 'Internal server error. Try again later.';
  return 'Bad request.';
}

/** Whether a path (on the API, no prefix) belongs to the Management API, whose errors are JSON. */
export function isManagementPath(path: string | undefined): boolean {
  return path !== undefined && (path === '/management' || path.startsWith('/management/'));
}

/** management/errors.md's error types by status; a status it does not list gets the nearest kind. */
function errorType(status: number): string {
  switch (status) {
    case 400:
      return 'invalid_parameter';
    case 401:
      return 'unauthorized';
    case 403:
      return 'access_denied';
    case 404:
      return 'not_found';
    case 409:
      return 'conflict';
    case 420:
    case 429:
      return 'quota';
    default:
      return status >= 500 ? 'backend_error' : 'invalid_parameter';
  }
}

/** Renders an error in the shape of the area its path belongs to (Logs API text, or Management API JSON). */
export function renderError(e: StandError, path?: string): WireError {
  if (!isManagementPath(path)) return { status: e.status, headers: { 'content-type': 'text/plain', ...e.headers }, body: e.message };
  const details = (e.details ?? {}) as { errorType?: string; location?: string };
  const error = { error_type: details.errorType ?? errorType(e.status), message: e.message, ...(details.location ? { location: details.location } : {}) };
  return {
    status: e.status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...e.headers },
    body: { errors: [error], code: e.status, message: e.message },
  };
}
