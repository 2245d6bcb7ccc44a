import * as z from 'zod';
import { Duration, FaultRule } from '../../scenarios/common.js';
import { MytargetReportKnobs } from './report/knobs.js';

const limit = z.number().int().positive().nullable();

/** The OAuth2 scopes of an advertiser (vk-ads-doc-api info/Authorization.md, "Scopes"). */
export const ADVERTISER_SCOPES = ['read_ads', 'read_payments', 'create_ads'] as const;

/** An agency client a client may issue tokens for (`agency_client_name` is its username, `agency_client_id` its id). */
const AgencyClient = z.strictObject({
  id: z.number().int().positive(),
  username: z.string().min(1),
});

/** An OAuth2 client of the API (its client_id and client_secret). */
const OauthClient = z.strictObject({
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  scopes: z.array(z.string().min(1)).default([...ADVERTISER_SCOPES]).describe('the scopes of its tokens; an operation needing another answers 403 access_denied'),
  agencyClients: z
    .array(AgencyClient)
    .nullable()
    .optional()
    .describe('the clients the agency grant may name (null: any agency_client_name or agency_client_id; absent: the client is no agency, and the agency grant answers 400 unauthorized_client)'),
});
export type OauthClient = z.infer<typeof OauthClient>;

const Oauth = z.strictObject({
  clients: z
    .array(OauthClient)
    .nullable()
    .default(null)
    .describe('the OAuth2 clients and their secrets (null: any non-empty client_id and client_secret is a client)'),
  tokenTtlMs: z.number().int().positive().default(86_400_000).describe('lifetime of an access token (expires_in); then 401 expired_token until it is refreshed'),
  inactiveTtlMs: z
    .number()
    .int()
    .positive()
    .default(30 * 86_400_000)
    .describe('a token not refreshed for this long is deleted (401 invalid_token, its refresh_token no longer works)'),
  tokensPerUser: z.number().int().positive().default(5).describe('tokens one client may hold for one user at once; one more is 403 token_limit_exceeded'),
});
export type OauthPlan = z.infer<typeof Oauth>;

/** The myTarget API's part of a scenario: the async queue, rate limits, tokens and statistics. */
export const MytargetPlan = z.strictObject({
  concurrency: z.number().int().positive().default(1).describe('async calls of one account running at once'),
  enqueued: Duration.default(500).describe('time an async call waits before it starts (once a slot is free)'),
  execution: Duration.default(1000).describe('time an async call runs before it is done'),
  resultTtlMs: z.number().int().positive().default(86_400_000).describe('how long statuses and results live after completion'),
  execTimeUnit: z
    .enum(['seconds', 'milliseconds'])
    .default('seconds')
    .describe('unit of "exec_time" in a done status, an integer either way (the docs\' example is the integer 125; its unit is not documented)'),
  rateLimits: z
    .strictObject({
      perSecond: limit.default(10),
      perMinute: limit.default(null),
      perHour: limit.default(2000),
      perDay: limit.default(20000),
    })
    .prefault({})
    .describe('per token limits of the sync API (null: no such window)'),
  authErrorBody: z
    .enum(['flat', 'nested'])
    .default('flat')
    .describe('body of a token\'s 401: {"code","message"} as documented, or {"error":{"code","message"}} as a captured answer of 2017 shows'),
  statisticsErrorCodes: z
    .enum(['live', 'documented'])
    .default('live')
    .describe('statistics error codes as the live API answered them (WRONG_BANNERS) or as documented (ERR_WRONG_BANNERS)'),
  statisticsDays: z
    .number()
    .int()
    .min(1)
    .max(3660)
    .default(92)
    .describe('statistics by day reach this many days back from today, and one request spans at most this many days (+1)'),
  oauth: Oauth.prefault({}).describe('the token endpoint POST /api/v2/oauth2/token.json'),
  faults: z.array(FaultRule).default([]),
  /** The client report's thresholds (GET /_stand/report). */
  report: MytargetReportKnobs.prefault({}),
});
export type MytargetPlan = z.infer<typeof MytargetPlan>;
export type RateLimitPlan = MytargetPlan['rateLimits'];
