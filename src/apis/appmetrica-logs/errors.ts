import { StandError } from '../../core/errors.js';
import type { WireError } from '../api.js';

/**
 * The Logs API's errors. It answers errors as `text/plain` with a short English sentence (the
 * 202 and 429 examples of the docs are text/plain; other texts are not documented, so these are
 * ours, marked in README.md "known differences"). Codes are the stand's, for tests and logs; the
 * real API sends none.
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
  tooLarge: () => new StandError(400, 'TOO_LARGE', 'Try to use more parts.'),
  /** Exact text from the docs (en/mobile-api/logs/quotas.md). */
  queueFull: (limit: number, retryAfter: number | null) =>
    new StandError(
      429,
      'QUEUE_FULL',
      `There are already ${limit} enqueued queries for given application_id. Wait until they are completed.`,
      retryAfter === null ? {} : { headers: { 'retry-after': String(retryAfter) } },
    ),
  exportFailed: (status: number, message: string | undefined) =>
    new StandError(status, 'EXPORT_FAILED', message ?? 'Internal server error. Try again later.'),
  notEmulated: (method: string, path: string) =>
    new StandError(501, 'NOT_EMULATED', `${method} ${path} is an AppMetrica API operation that async-stand does not emulate; only GET /logs/v1/export/{table}.{json|csv} is.`),
  notFound: (path: string) => new StandError(404, 'NOT_FOUND', `Not found: ${path}`),
  methodNotAllowed: (method: string) => new StandError(405, 'METHOD_NOT_ALLOWED', `Method ${method} is not allowed. Use GET.`),
  forStatus: (status: number, message?: string) => new StandError(status, `HTTP_${status}`, message ?? defaultText(status)),
};

function defaultText(status: number): string {
  if (status === 429) return 'Too many requests.';
  if (status === 503) return 'Service temporarily unavailable.';
  if (status >= 500) return 'Internal server error. Try again later.';
  return 'Bad request.';
}

export function renderError(e: StandError): WireError {
  return { status: e.status, headers: { 'content-type': 'text/plain; charset=utf-8', ...e.headers }, body: e.message };
}
