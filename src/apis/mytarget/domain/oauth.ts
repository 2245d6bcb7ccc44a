import { hashString, type Ids } from '../../../core/random.js';
import { errors, type TokenErrorCode } from '../errors.js';
import type { OauthClient, OauthPlan } from '../plan.js';
import { ADVERTISER_SCOPES } from '../plan.js';

/**
 * The OAuth2 token endpoint (vk-ads-doc-api info/Authorization.md; wreckah/target_api
 * doc/oauth2.md): `client_credentials` (the client's own account), `agency_client_credentials`
 * (an agency's client, named by `agency_client_name` or `agency_client_id`) and
 * `refresh_token`. A token is valid `tokenTtlMs` (one day), then answers 401 `expired_token`
 * until it is refreshed; a refresh changes the access token (the old one stops working) and
 * keeps the refresh token; a token not refreshed for `inactiveTtlMs` (a month) is deleted. One
 * client holds at most `tokensPerUser` (5) tokens per user; one more is 403
 * `token_limit_exceeded`.
 *
 * Each user a client has tokens for is an account of the stand, named `oauth:<client_id>` (the
 * client's own) or `oauth:<client_id>:<agency client>`: every token of that user, refreshed or
 * new, sees the same objects and the same async calls.
 */

/** Fields of a token request as sent (form fields). */
export type Form = ReadonlyMap<string, string>;

/** The 200 answer of the token endpoint. */
export interface TokenAnswer {
  access_token: string;
  token_type: 'bearer';
  scope: string[];
  expires_in: number | null;
  refresh_token: string;
  tokens_left: number;
}

interface Instance {
  readonly clientId: string;
  readonly account: string;
  readonly scopes: readonly string[];
  readonly refresh: string;
  readonly permanent: boolean;
  access: string;
  expiresAt: number;
  /** When it is deleted for not being refreshed (Infinity for a permanent token). */
  deleteAt: number;
  deleted: boolean;
}

/** The outcome of checking a bearer token against the issued ones. */
export type TokenCheck = { account: string } | { error: TokenErrorCode } | undefined;

/** Token strings: [A-Za-z0-9], of the lengths real ones have (kradwhite/mytarget-api-client tests/_support/Helper/Unit.php). */
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const ACCESS_LENGTH = 205;
const REFRESH_LENGTH = 243;

export class OauthTokens {
  readonly #ids: Ids;
  #byAccess = new Map<string, Instance>();
  #byRefresh = new Map<string, Instance>();
  /** Instances of one client for one user (`clientId` + account). */
  #byPair = new Map<string, Instance[]>();
  /** The scopes of an account of the stand's tokens (plain bearer tokens have every scope). */
  #scopes = new Map<string, readonly string[]>();
  /** The user an agency client's account is (its id and username), by account. */
  #users = new Map<string, AgencyUser>();
  /** Access tokens replaced by a refresh or deleted: they answer invalid_token, never count as tokens of their own. */
  #retired = new Set<string>();

  constructor(ids: Ids) {
    this.#ids = ids;
  }

  reset(): void {
    this.#byAccess = new Map();
    this.#byRefresh = new Map();
    this.#byPair = new Map();
    this.#scopes = new Map();
    this.#users = new Map();
    this.#retired = new Set();
  }

  /** A bearer token the stand issued: its account, or why it no longer works; undefined for any other token. */
  check(token: string, now: number): TokenCheck {
    const t = this.#byAccess.get(token);
    if (!t) return this.#retired.has(token) ? { error: 'invalid_token' } : undefined;
    if (t.deleted || now >= t.deleteAt) return { error: 'invalid_token' };
    if (now >= t.expiresAt) return { error: 'expired_token' };
    return { account: t.account };
  }

  /** The scopes of an account of issued tokens; undefined for a plain token's account (every scope). */
  scopesOf(account: string): readonly string[] | undefined {
    return this.#scopes.get(account);
  }

  /** The agency client an account of agency tokens acts for; undefined for any other account. */
  userOf(account: string): AgencyUser | undefined {
    return this.#users.get(account);
  }

  /** POST /api/v2/oauth2/token.json. */
  grant(form: Form, plan: OauthPlan, now: number): TokenAnswer {
    const type = form.get('grant_type');
    if (type === undefined || type === '') throw errors.oauth(400, 'invalid_request', 'grant_type is required: client_credentials, agency_client_credentials or refresh_token');
    if (type === 'authorization_code') {
      throw errors.oauth(501, 'not_implemented', 'POST /api/v2/oauth2/token.json with grant_type=authorization_code is a myTarget API operation that async-stand does not emulate (it needs a user to consent on a page of the real site)');
    }
    if (type !== 'client_credentials' && type !== 'agency_client_credentials' && type !== 'refresh_token') {
      throw errors.oauth(400, 'unsupported_grant_type', `grant_type ${JSON.stringify(type)} is not supported; use client_credentials, agency_client_credentials or refresh_token`);
    }
    const client = this.#client(form, plan);
    if (type === 'refresh_token') return this.#refresh(form, client, plan, now);
    const user = type === 'client_credentials' ? null : agencyClient(form, client, true);
    const account = user === null ? `oauth:${client.clientId}` : `oauth:${client.clientId}:${user.username}`;
    // `true` (the docs); also `True` and `1`, as Python clients send a bool in a form
    // (SharafutdinovRuslan/my_target_api: data={'permanent': is_permanent}). README, known differences.
    const permanent = /^(true|1)$/i.test(form.get('permanent') ?? '');
    const pair = this.#live(client.clientId, account, now);
    if (pair.length >= plan.tokensPerUser) {
      throw errors.oauth(403, 'token_limit_exceeded', `Token limit reached: client ${client.clientId} already has ${plan.tokensPerUser} tokens for this user; refresh one, or delete them with POST /api/v2/oauth2/token/delete.json`);
    }
    const t: Instance = {
      clientId: client.clientId,
      account,
      scopes: client.scopes,
      refresh: this.#token(REFRESH_LENGTH),
      permanent,
      access: this.#token(ACCESS_LENGTH),
      expiresAt: permanent ? Infinity : now + plan.tokenTtlMs,
      deleteAt: permanent ? Infinity : now + plan.inactiveTtlMs,
      deleted: false,
    };
    pair.push(t);
    this.#byPair.set(pairKey(client.clientId, account), pair);
    this.#byAccess.set(t.access, t);
    this.#byRefresh.set(t.refresh, t);
    this.#scopes.set(account, client.scopes);
    if (user !== null) this.#users.set(account, user);
    return answer(t, plan, plan.tokensPerUser - pair.length);
  }

  /** POST /api/v2/oauth2/token/delete.json: every token of one user for this client (without `username`/`user_id`, of the client's own account). */
  delete(form: Form, plan: OauthPlan): void {
    const client = this.#client(form, plan);
    const user = agencyClient(form, client, false, 'username', 'user_id');
    const account = user === null ? `oauth:${client.clientId}` : `oauth:${client.clientId}:${user.username}`;
    const key = pairKey(client.clientId, account);
    for (const t of this.#byPair.get(key) ?? []) this.#retire(t);
    this.#byPair.delete(key);
  }

  #refresh(form: Form, client: OauthClient, plan: OauthPlan, now: number): TokenAnswer {
    const refresh = form.get('refresh_token');
    if (!refresh) throw errors.oauth(400, 'invalid_request', 'refresh_token is required with grant_type=refresh_token');
    const t = this.#byRefresh.get(refresh);
    if (!t || t.deleted || now >= t.deleteAt) {
      throw errors.oauth(401, 'invalid_grant', 'Refresh token is unknown or has been deleted; request a new token');
    }
    // RFC 6749 5.2 invalid_grant: "issued to another client". Not "deleted": Digsolab's
    // TokenAcquirer drops a token whose refresh answer says so, and this one is still good.
    if (t.clientId !== client.clientId) throw errors.oauth(401, 'invalid_grant', `Refresh token was issued to another client, not ${client.clientId}`);
    this.#byAccess.delete(t.access);
    this.#retired.add(t.access);
    t.access = this.#token(ACCESS_LENGTH);
    this.#byAccess.set(t.access, t);
    if (!t.permanent) {
      t.expiresAt = now + plan.tokenTtlMs;
      t.deleteAt = now + plan.inactiveTtlMs;
    }
    return answer(t, plan, plan.tokensPerUser - this.#live(t.clientId, t.account, now).length);
  }

  /** client_id and client_secret: a listed client, or (no list) any non-empty pair. */
  #client(form: Form, plan: OauthPlan): OauthClient {
    const id = form.get('client_id') ?? '';
    const secret = form.get('client_secret') ?? '';
    const client = plan.clients
      ? plan.clients.find((c) => c.clientId === id && c.clientSecret === secret)
      : id !== '' && secret !== ''
        ? { clientId: id, clientSecret: secret, scopes: [...ADVERTISER_SCOPES], agencyClients: null }
        : undefined;
    if (!client) throw errors.oauth(401, 'invalid_client', 'Invalid client id or secret provided');
    return client;
  }

  /** Tokens of a client for a user that still count against the limit (a deleted one does not). */
  #live(clientId: string, account: string, now: number): Instance[] {
    const key = pairKey(clientId, account);
    const all = this.#byPair.get(key) ?? [];
    const live = all.filter((t) => !t.deleted && now < t.deleteAt);
    for (const t of all) if (!live.includes(t)) this.#retire(t);
    if (live.length !== all.length) this.#byPair.set(key, live);
    return live;
  }

  #retire(t: Instance): void {
    t.deleted = true;
    this.#byAccess.delete(t.access);
    this.#byRefresh.delete(t.refresh);
    this.#retired.add(t.access);
  }

  #token(length: number): string {
    const r = this.#ids.random('mytarget-oauth-tokens');
    let s = '';
    for (let i = 0; i < length; i++) s += ALNUM[r.u32() % ALNUM.length];
    return s;
  }
}

const pairKey = (clientId: string, account: string) => `${clientId}\n${account}`;

function answer(t: Instance, plan: OauthPlan, left: number): TokenAnswer {
  return {
    access_token: t.access,
    token_type: 'bearer',
    scope: [...t.scopes],
    expires_in: t.permanent ? null : Math.round(plan.tokenTtlMs / 1000),
    refresh_token: t.refresh,
    tokens_left: Math.max(0, left),
  };
}

/** An agency's client: the user its tokens act for (vk-ads-doc-api info/Authorization.md: "от имени клиента агентства"). */
export interface AgencyUser {
  readonly id: number;
  readonly username: string;
}

/**
 * The agency client a request names (`agency_client_name` = username, or `agency_client_id`),
 * checked against the client's list when the scenario gives one; null when it names none and
 * none is required. Without a list, a name gets an id made from it and an id the username
 * `client<id>` (README, known differences).
 */
function agencyClient(form: Form, client: OauthClient, required: true, nameKey?: string, idKey?: string): AgencyUser;
function agencyClient(form: Form, client: OauthClient, required: false, nameKey?: string, idKey?: string): AgencyUser | null;
function agencyClient(form: Form, client: OauthClient, required: boolean, nameKey = 'agency_client_name', idKey = 'agency_client_id'): AgencyUser | null {
  const name = form.get(nameKey) || undefined;
  const rawId = form.get(idKey) || undefined;
  if (name === undefined && rawId === undefined) {
    if (required) throw errors.oauth(400, 'invalid_request', `${nameKey} or ${idKey} is required with grant_type=agency_client_credentials`);
    return null;
  }
  if (rawId !== undefined && name === undefined && !/^[1-9]\d{0,15}$/.test(rawId)) {
    throw errors.oauth(400, 'invalid_request', `${idKey} must be a user id (a positive integer), got ${JSON.stringify(rawId)}`);
  }
  if (client.agencyClients === undefined) {
    // RFC 6749 5.2: a client not allowed this grant. The real answer is not documented (README, known differences).
    throw errors.oauth(400, 'unauthorized_client', `Client ${client.clientId} is no agency: it cannot get tokens for agency clients (grant_type=agency_client_credentials)`);
  }
  if (client.agencyClients === null) return name !== undefined ? { id: idOfName(name), username: name } : { id: Number(rawId), username: `client${rawId}` };
  const found = client.agencyClients.find((c) => (name !== undefined ? c.username === name : String(c.id) === rawId));
  if (!found) {
    throw errors.oauth(400, 'invalid_request', `${name !== undefined ? `${nameKey} ${JSON.stringify(name)}` : `${idKey} ${rawId}`} is not a client of this agency`);
  }
  return { id: found.id, username: found.username };
}

/** A user id for an agency client known only by name: 8 digits made from the name. */
function idOfName(name: string): number {
  return 10_000_000 + (hashString(`mytarget agency client ${name}`) % 90_000_000);
}
