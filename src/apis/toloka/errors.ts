import { StandError } from '../../core/errors.js';
import type { WireError } from '../api.js';

/** Toloka's JSON answers (and Fastify's for an object), errors included. */
export const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * Toloka's errors (docs: https://toloka.ai/docs/api/api-reference/#overview--http-status-codes).
 * Every error, on every route, is `{"request_id","code","message","payload"}` with a JSON body,
 * never an empty one (toloka-kit raises "No content" on an empty error body). The code is the
 * StandError's code; `details` becomes `payload` (null when there is none).
 */

/** A field path -> {code, message} map: a VALIDATION_ERROR payload and a `*_VALIDATE` log output. */
export type FieldErrors = Record<string, { code: string; message: string }>;

/** Texts of Toloka's validation codes (the ones the docs and toloka-kit show; the others are ours). */
export const FIELD_MESSAGES: Readonly<Record<string, string>> = {
  VALUE_REQUIRED: 'Value must be present and not equal to null',
  VALUE_NOT_ALLOWED: 'Unknown field name',
  ENTITY_DOES_NOT_EXIST: 'Entity does not exist',
  INVALID_URL_SYNTAX: 'Value must be in valid url format',
  STRING_EXPECTED: 'Value must be a string',
  INTEGER_EXPECTED: 'Value must be an integer',
  FLOAT_EXPECTED: 'Value must be a number',
  BOOLEAN_EXPECTED: 'Value must be a boolean',
  OBJECT_EXPECTED: 'Value must be an object',
  ARRAY_EXPECTED: 'Value must be an array',
  INVALID_COORDINATES_SYNTAX: 'Value must be coordinates in the format "latitude,longitude"',
  INVALID_DATE_TIME_SYNTAX: 'Value must be a date and time in the format YYYY-MM-DDThh:mm:ss[.sss]',
  UUID_EXPECTED: 'Value must be a UUID (RFC 4122)',
  INVALID_VALUE: 'Invalid value',
};

export function fieldError(code: string, message?: string): { code: string; message: string } {
  return { code, message: message ?? FIELD_MESSAGES[code] ?? 'Invalid value' };
}

/** The generic code and text Toloka answers for an HTTP status. */
const BY_STATUS: Readonly<Record<number, [string, string]>> = {
  400: ['VALIDATION_ERROR', 'Validation failed'],
  401: ['AUTHENTICATION_ERROR', 'Authentication failed'],
  403: ['ACCESS_DENIED', 'Access denied'],
  404: ['DOES_NOT_EXIST', 'There are no results for such parameters'],
  405: ['METHOD_NOT_ALLOWED', 'Method not allowed'],
  409: ['CONFLICT_STATE', 'Conflict state'],
  413: ['PAYLOAD_TOO_LARGE', 'The number of items in the request exceeds the allowed value'],
  415: ['UNSUPPORTED_MEDIA_TYPE', 'Unsupported media type; send Content-Type: application/json'],
  429: ['TOO_MANY_REQUESTS', 'Too many requests'],
  500: ['INTERNAL_ERROR', 'Internal Error'],
  501: ['NOT_IMPLEMENTED', 'Not implemented'],
  503: ['REMOTE_SERVICE_UNAVAILABLE', 'Service is temporary unavailable'],
};

function generic(status: number): [string, string] {
  return BY_STATUS[status] ?? (status >= 500 ? BY_STATUS[500]! : BY_STATUS[400]!);
}

const BONUS_CONFLICT = 'It is not allowed to apply multiple bonuses with the same amount, title, message and comment to same Toloker in single operation';

export const errors = {
  forStatus: (status: number, message?: string) => {
    const [code, text] = generic(status);
    return new StandError(status, code, message ?? text);
  },
  noAuth: () =>
    new StandError(401, 'AUTHENTICATION_ERROR', 'Authentication required: send the header "Authorization: OAuth <token>" or "Authorization: ApiKey <key>"'),
  badAuthScheme: () =>
    new StandError(401, 'AUTHENTICATION_ERROR', 'Unsupported authorization scheme: use "Authorization: OAuth <token>" or "Authorization: ApiKey <key>"'),
  unknownToken: () => new StandError(401, 'AUTHENTICATION_ERROR', 'Invalid token: this token is not an account of the stand (the scenario lists the tokens that are)'),
  /** 400 with a field map payload, e.g. {"input_values.image":{"code":"VALUE_REQUIRED",...}}. */
  validation: (payload: Record<string, unknown>, message = 'Validation failed') =>
    new StandError(400, 'VALIDATION_ERROR', message, { details: payload }),
  param: (name: string, code: string, message?: string) => errors.validation({ [name]: fieldError(code, message) }),
  badJson: (why: string) => errors.validation({ body: fieldError('JSON_EXPECTED', `Request body is not valid JSON: ${why}`) }, 'Request body is not valid JSON'),
  noBody: () => errors.validation({ body: fieldError('VALUE_REQUIRED', 'Request body must be a JSON object or an array of objects') }, 'Request body is required'),
  notFound: (what: string, id: string) =>
    new StandError(404, 'DOES_NOT_EXIST', `There are no results for such parameters: no ${what} with id ${id}`),
  operationExists: (id: string) =>
    new StandError(409, 'OPERATION_ALREADY_EXISTS', `Operation with id ${id} already exists; GET /api/v1/operations/${id} shows it`),
  logsArchived: (id: string) =>
    new StandError(409, 'OPERATION_LOGS_ARCHIVED', `The log of operation ${id} is archived: logs are kept for one month; contact support for older logs`),
  /** OAS post /user-bonuses 409: one request may not give a Toloker two bonuses alike (the example's payload and text). */
  bonusConflict: () =>
    new StandError(409, 'ENTITY_CONFLICT', BONUS_CONFLICT, { details: { user_id: fieldError('ENTITY_CONFLICT', BONUS_CONFLICT) } }),
  /** docs (errors): `payload.appropriate_statuses` names the statuses the action needs. */
  inappropriateStatus: (status: string, appropriate: readonly string[] = ['OPEN', 'CLOSED']) =>
    new StandError(409, 'INAPPROPRIATE_STATUS', `This or related resource is in inappropriate status (${status}), operation is not allowed`, {
      details: { appropriate_statuses: appropriate },
    }),
  /** toloka-kit error_codes.py NOT_ENOUGH_BALANCE; the status and text are the stand's (README, known differences). */
  notEnoughBalance: (message: string) => new StandError(409, 'NOT_ENOUGH_BALANCE', message),
  /** toloka-java-sdk TlkError: EMPTY_POOL, with the text of the operation log's step. */
  emptyPool: () => new StandError(409, 'EMPTY_POOL', 'Pool contains no tasks. Operation is not allowed'),
  /** toloka-java-sdk TlkError: UNARCHIVED_POOLS_CONFLICT (docs: archive-prj: "all the pools in the project must be archived"). */
  unarchivedPools: (pools: readonly string[]) =>
    new StandError(409, 'UNARCHIVED_POOLS_CONFLICT', 'Operation is not allowed because of unarchived pools. Please, archive all active pools before you proceed', {
      details: { pool_ids: pools },
    }),
  /** toloka-java-sdk TlkError: PROJECT_INAPPROPRIATE_STATUS (a pool of an archived project). */
  projectInappropriateStatus: (id: string) =>
    new StandError(409, 'PROJECT_INAPPROPRIATE_STATUS', `Project ${id} is archived: its pools cannot be created or changed`, {
      details: { appropriate_statuses: ['ACTIVE'] },
    }),
  /**
   * Over a rate limit (docs: "Rate limits"): toloka-kit reads `payload.interval` (MIN, HOUR,
   * DAY) to decide how long to wait (toloka-kit src/client/primitives/retry.py).
   */
  rateLimited: (interval: string) => new StandError(429, 'TOO_MANY_REQUESTS', 'Too many requests', { details: { interval } }),
  tooManyOperations: (limit: number) =>
    new StandError(429, 'TOO_MANY_REQUESTS', `This account already has ${limit} operations with logs in memory; wait until they are archived (or raise --max-jobs-per-account)`),
  tooManyItems: (count: number, max: number, mode: 'sync' | 'async') =>
    new StandError(
      413,
      'PAYLOAD_TOO_LARGE',
      `The number of items in the request (${count}) exceeds the allowed value (${max} per ${mode === 'sync' ? 'synchronous request; use async_mode=true' : 'operation; split the batch'})`,
    ),
  unsupportedMedia: (type: string | undefined) =>
    new StandError(415, 'UNSUPPORTED_MEDIA_TYPE', `Unsupported Content-Type ${type ? `"${type}"` : '(none)'}; send Content-Type: application/json`),
  notEmulated: (method: string, path: string) =>
    new StandError(501, 'NOT_IMPLEMENTED', `${method} ${path} is a Toloka API operation that async-stand does not emulate; see the Toloka README of async-stand for the emulated ones`),
  noRoute: (method: string, path: string) =>
    new StandError(404, 'DOES_NOT_EXIST', `There are no results for such parameters: no Toloka API resource ${method} ${path}`),
};

/** Renders any StandError as Toloka's JSON error body; `requestId` draws the next seeded id. */
export function errorRenderer(requestId: () => string): (e: StandError) => WireError {
  return (e) => ({
    status: e.status,
    headers: { 'content-type': JSON_TYPE, ...e.headers },
    body: { request_id: requestId(), code: e.code, message: e.message, payload: e.details ?? null },
  });
}
