import { expect, onTestFinished, test } from 'vitest';
import { DAY, stand } from '../helpers.js';
import { body } from './helpers.js';

type Token = { access_token: string; token_type: string; scope: string[]; expires_in: number | null; refresh_token: string; tokens_left: number };

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const TOKEN_URL = '/mytarget/api/v2/oauth2/token.json';
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

async function token(t: Awaited<ReturnType<typeof stand>>, fields: Record<string, string>) {
  return t.inject({ method: 'POST', url: TOKEN_URL, headers: FORM, payload: new URLSearchParams(fields).toString() });
}

test('client_credentials -> a token of one day; expired it answers 401 expired_token; refresh_token gives a new one for the same account and retires the old', async () => {
  const t = await stand();
  onTestFinished(t.close);
  const client = { client_id: 'my-app', client_secret: 's3cret' };
  const res = await token(t, { grant_type: 'client_credentials', ...client });
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  const first = body<Token>(res);
  expect(Object.keys(first)).toEqual(['access_token', 'token_type', 'scope', 'expires_in', 'refresh_token', 'tokens_left']);
  expect(first).toMatchObject({ token_type: 'bearer', scope: ['read_ads', 'read_payments', 'create_ads'], expires_in: 86400, tokens_left: 4 });
  expect(first.access_token).toMatch(/^[A-Za-z0-9]{205}$/);
  expect(first.refresh_token).toMatch(/^[A-Za-z0-9]{243}$/);
  expect(res.headers['x-ratelimit-rps-limit']).toBeUndefined(); // the token endpoint is not rate-limited (README)

  // A token the stand issued is an account like any other.
  const created = await t.inject({
    method: 'POST',
    url: '/mytarget/api/v2/campaigns.json',
    headers: { ...bearer(first.access_token), 'content-type': 'application/json' },
    payload: JSON.stringify({ name: 'Mine', package_id: 814 }),
  });
  const { id } = body<{ id: number }>(created);

  t.advance(DAY - 1);
  expect((await t.inject({ url: '/mytarget/api/v2/user.json', headers: bearer(first.access_token) })).statusCode).toBe(200);
  t.advance(1);
  const expired = await t.inject({ url: '/mytarget/api/v2/user.json', headers: bearer(first.access_token) });
  expect(expired.statusCode).toBe(401);
  expect(expired.headers['www-authenticate']).toBe('Bearer realm="api", error="expired_token", error_description="Access token is expired"');
  expect(body(expired)).toEqual({ code: 'expired_token', message: 'Access token is expired' });

  const refreshed = body<Token>(await token(t, { grant_type: 'refresh_token', refresh_token: first.refresh_token, ...client }));
  expect(refreshed.access_token).not.toBe(first.access_token);
  expect(refreshed).toMatchObject({ refresh_token: first.refresh_token, expires_in: 86400, tokens_left: 4 });
  expect(body(await t.inject({ url: `/mytarget/api/v2/campaigns/${id}.json`, headers: bearer(refreshed.access_token) }))).toEqual({ id, name: 'Mine', package_id: 814 });
  const old = await t.inject({ url: '/mytarget/api/v2/user.json', headers: bearer(first.access_token) });
  expect([old.statusCode, body(old)]).toEqual([401, { code: 'invalid_token', message: 'Unknown access token' }]);

  // A month without a refresh deletes it: the refresh token no longer works (Digsolab looks for "deleted").
  t.advance(30 * DAY);
  const gone = await token(t, { grant_type: 'refresh_token', refresh_token: first.refresh_token, ...client });
  expect(gone.statusCode).toBe(401);
  expect(gone.headers['www-authenticate']).toMatch(/^Bearer realm="api", error="invalid_grant"/);
  expect(body(gone)).toEqual({ error: 'invalid_grant', error_description: 'Refresh token is unknown or has been deleted; request a new token' });
});

test('five tokens per client and user: the sixth is 403 token_limit_exceeded; token/delete.json frees them', async () => {
  const t = await stand();
  onTestFinished(t.close);
  const client = { client_id: 'app', client_secret: 'x' };
  const left: number[] = [];
  for (let i = 0; i < 5; i++) left.push(body<Token>(await token(t, { grant_type: 'client_credentials', ...client })).tokens_left);
  expect(left).toEqual([4, 3, 2, 1, 0]);
  const sixth = await token(t, { grant_type: 'client_credentials', ...client });
  expect(sixth.statusCode).toBe(403);
  const { error, error_description } = body<{ error: string; error_description: string }>(sixth);
  expect(error).toBe('token_limit_exceeded');
  expect(error_description).toMatch(/limit reached/i); // what Digsolab's TokenAcquirer looks for
  // Another user of the same client (an agency's client) has tokens of its own.
  expect((await token(t, { grant_type: 'agency_client_credentials', agency_client_name: 'client-1', ...client })).statusCode).toBe(200);

  const del = await t.inject({ method: 'POST', url: '/mytarget/api/v2/oauth2/token/delete.json', headers: FORM, payload: new URLSearchParams(client).toString() });
  expect([del.statusCode, del.body]).toEqual([200, '{}']);
  expect(body<Token>(await token(t, { grant_type: 'client_credentials', ...client })).tokens_left).toBe(4);
});

test('a scenario lists clients, secrets, scopes and agency clients: wrong ones are refused, a missing scope is 403 access_denied', async () => {
  const t = await stand();
  onTestFinished(t.close);
  t.stand.activateScenario({
    version: 1,
    tokens: ['plain'],
    mytarget: {
      oauth: {
        clients: [
          { clientId: 'agency-app', clientSecret: 'a', agencyClients: [{ id: 501, username: 'shop@example.com' }] },
          { clientId: 'reader', clientSecret: 'r', scopes: ['read_ads'] },
        ],
      },
    },
  });
  const wrong = await token(t, { grant_type: 'client_credentials', client_id: 'agency-app', client_secret: 'b' });
  expect(wrong.statusCode).toBe(401);
  expect(wrong.headers['www-authenticate']).toBe('Bearer realm="api", error="invalid_client", error_description="Invalid client id or secret provided"');
  expect(body(wrong)).toEqual({ error: 'invalid_client', error_description: 'Invalid client id or secret provided' });

  // The agency grant names its client by username or id; both are the same account.
  const byName = body<Token>(await token(t, { grant_type: 'agency_client_credentials', client_id: 'agency-app', client_secret: 'a', agency_client_name: 'shop@example.com' }));
  const byId = body<Token>(await token(t, { grant_type: 'agency_client_credentials', client_id: 'agency-app', client_secret: 'a', agency_client_id: '501' }));
  expect(byId.tokens_left).toBe(3);
  const newCampaign = { method: 'POST' as const, url: '/mytarget/api/v2/campaigns.json', payload: JSON.stringify({ name: 'For the shop', package_id: 814 }) };
  const made = await t.inject({ ...newCampaign, headers: { ...bearer(byName.access_token), 'content-type': 'application/json' } });
  const { id } = body<{ id: number }>(made);
  expect((await t.inject({ url: `/mytarget/api/v2/campaigns/${id}.json`, headers: bearer(byId.access_token) })).statusCode).toBe(200);
  expect((await token(t, { grant_type: 'agency_client_credentials', client_id: 'agency-app', client_secret: 'a', agency_client_name: 'other' })).statusCode).toBe(400);
  // Issued tokens live beside the scenario's list of plain tokens.
  expect((await t.inject({ url: '/mytarget/api/v2/user.json', headers: bearer('plain') })).statusCode).toBe(200);

  const reader = body<Token>(await token(t, { grant_type: 'client_credentials', client_id: 'reader', client_secret: 'r' }));
  expect(reader.scope).toEqual(['read_ads']);
  expect((await t.inject({ url: '/mytarget/api/v2/campaigns.json', headers: bearer(reader.access_token) })).statusCode).toBe(200);
  const denied = await t.inject({ ...newCampaign, headers: { ...bearer(reader.access_token), 'content-type': 'application/json' } });
  expect(denied.statusCode).toBe(403);
  expect(body(denied)).toEqual({ error: { message: 'Access denied', code: 'access_denied', required_permission: 'create_ads' } });
});

test('the token endpoint takes multipart forms too; bad requests answer in its OAuth2 shape, never 5xx; authorization_code is 501', async () => {
  const t = await stand();
  onTestFinished(t.close);
  const boundary = 'XyZ';
  const multipart = ['grant_type', 'client_id', 'client_secret'].map((k, i) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${['client_credentials', 'm', 's'][i]}\r\n`).join('') + `--${boundary}--\r\n`;
  const res = await t.inject({ method: 'POST', url: TOKEN_URL, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: multipart });
  expect(res.statusCode).toBe(200);

  const oauthError = async (fields: Record<string, string>) => {
    const r = await token(t, fields);
    return [r.statusCode, body<{ error: string }>(r).error];
  };
  expect(await oauthError({})).toEqual([400, 'invalid_request']);
  expect(await oauthError({ grant_type: 'password', client_id: 'm', client_secret: 's' })).toEqual([400, 'unsupported_grant_type']);
  expect(await oauthError({ grant_type: 'refresh_token', client_id: 'm', client_secret: 's' })).toEqual([400, 'invalid_request']);
  expect(await oauthError({ grant_type: 'agency_client_credentials', client_id: 'm', client_secret: 's' })).toEqual([400, 'invalid_request']);
  expect(await oauthError({ grant_type: 'authorization_code', code: 'x', client_id: 'm' })).toEqual([501, 'not_implemented']);
  const json = await t.inject({ method: 'POST', url: TOKEN_URL, headers: { 'content-type': 'application/json' }, payload: '{}' });
  expect(json.statusCode).toBe(400);
  expect((await t.inject({ url: TOKEN_URL })).statusCode).toBe(405);
});

test('an async call whose token expired before it ran replays the 401 with its WWW-Authenticate', async () => {
  const t = await stand();
  onTestFinished(t.close);
  t.stand.activateScenario({ version: 1, mytarget: { enqueued: 'manual', oauth: { tokenTtlMs: 60_000 } } });
  const issued = body<Token>(await token(t, { grant_type: 'client_credentials', client_id: 'c', client_secret: 's' }));
  const res = await t.inject({ url: '/mytarget/async_api/v2/user.json', headers: bearer(issued.access_token) });
  expect(res.statusCode).toBe(202);
  const id = String(res.headers.location).replace(/^.*\/(\d+)\.json$/, '$1');
  t.advance(60_000);
  t.stand.completeJob('mytarget', id);
  const replay = await t.inject({ url: `/mytarget/async_api/v2/responses/${id}.json`, headers: bearer('someone-else') });
  expect(replay.statusCode).toBe(404); // another account's call
  const refreshed = body<Token>(await token(t, { grant_type: 'refresh_token', refresh_token: issued.refresh_token, client_id: 'c', client_secret: 's' }));
  const own = await t.inject({ url: `/mytarget/async_api/v2/responses/${id}.json`, headers: bearer(refreshed.access_token) });
  expect(own.statusCode).toBe(401);
  expect(own.headers['www-authenticate']).toBe('Bearer realm="api", error="expired_token", error_description="Access token is expired"');
  expect(body(own)).toEqual({ code: 'expired_token', message: 'Access token is expired' });
});

test('scenario mytarget-oauth: only its clients get tokens, no other bearer token works, a token lives an hour', async () => {
  const t = await stand({ scenario: 'mytarget-oauth' });
  onTestFinished(t.close);
  expect((await t.inject({ url: '/mytarget/api/v2/user.json', headers: bearer('any-token') })).statusCode).toBe(401);
  expect((await token(t, { grant_type: 'client_credentials', client_id: 'my-app', client_secret: 'wrong' })).statusCode).toBe(401);
  const issued = body<Token>(await token(t, { grant_type: 'agency_client_credentials', client_id: 'agency-app', client_secret: 'agency-app-secret', agency_client_id: '5002' }));
  expect(issued.expires_in).toBe(3600);
  expect((await t.inject({ url: '/mytarget/api/v2/user.json', headers: bearer(issued.access_token) })).statusCode).toBe(200);
  t.advance(3_600_000);
  expect(body(await t.inject({ url: '/mytarget/api/v2/user.json', headers: bearer(issued.access_token) }))).toEqual({ code: 'expired_token', message: 'Access token is expired' });
});

test('permanent=true (also True and 1, as Python sends a bool in a form) gives a token that never expires; False or none a token of a day', async () => {
  const t = await stand();
  onTestFinished(t.close);
  const client = { grant_type: 'client_credentials', client_id: 'perm-app', client_secret: 's3cret' };
  const tokens = await Promise.all(['true', 'True', '1', 'False', undefined].map(async (permanent) => {
    const res = await token(t, permanent === undefined ? client : { ...client, permanent });
    expect(res.statusCode).toBe(200);
    return body<Token>(res);
  }));
  expect(tokens.map((x) => x.expires_in)).toEqual([null, null, null, 86400, 86400]);
  t.advance(40 * DAY);
  const statuses = await Promise.all(tokens.map(async (x) => (await t.inject({ url: '/mytarget/api/v2/user.json', headers: bearer(x.access_token) })).statusCode));
  expect(statuses).toEqual([200, 200, 200, 401, 401]);
});

test("an agency client's token acts as that client: user.json is its user, its users statistics answer; a listed client that is no agency gets 400 unauthorized_client", async () => {
  const t = await stand({ scenario: 'mytarget-oauth' });
  onTestFinished(t.close);
  const agency = { grant_type: 'agency_client_credentials', client_id: 'agency-app', client_secret: 'agency-app-secret' };
  const cafe = body<Token>(await token(t, { ...agency, agency_client_name: 'cafe@example.com' }));
  const shop = body<Token>(await token(t, { ...agency, agency_client_id: '5001' }));
  const user = async (tok: string) => body<{ id: number; username: string }>(await t.inject({ url: '/mytarget/api/v2/user.json', headers: bearer(tok) }));
  expect(await user(cafe.access_token)).toMatchObject({ id: 5002, username: 'cafe@example.com' });
  expect(await user(shop.access_token)).toMatchObject({ id: 5001, username: 'shop@example.com' });
  const stats = (tok: string, id: number) => t.inject({ url: `/mytarget/api/v2/statistics/users/day.json?id=${id}&date_from=2026-01-01&date_to=2026-01-02`, headers: bearer(tok) });
  expect((await stats(cafe.access_token, 5002)).statusCode).toBe(200);
  const other = await stats(cafe.access_token, 5001);
  expect([other.statusCode, body<{ error: { code: string } }>(other).error.code]).toEqual([400, 'WRONG_USERS']);
  // The agency's own token is the agency's user, not a client's.
  const own = body<Token>(await token(t, { grant_type: 'client_credentials', client_id: 'agency-app', client_secret: 'agency-app-secret' }));
  expect((await user(own.access_token)).id).not.toBe(5002);

  // my-app lists no agency clients: it is no agency.
  const refused = await token(t, { grant_type: 'agency_client_credentials', client_id: 'my-app', client_secret: 'my-app-secret', agency_client_name: 'shop@example.com' });
  expect(refused.statusCode).toBe(400);
  expect(body<{ error: string }>(refused).error).toBe('unauthorized_client');
});

test('without a list of clients any agency client may be named: by name it is that username, by id that id', async () => {
  const t = await stand();
  onTestFinished(t.close);
  const agency = { grant_type: 'agency_client_credentials', client_id: 'any-agency', client_secret: 's' };
  const byName = body<Token>(await token(t, { ...agency, agency_client_name: 'client-1' }));
  const byId = body<Token>(await token(t, { ...agency, agency_client_id: '777' }));
  const named = body<{ id: number; username: string }>(await t.inject({ url: '/mytarget/api/v2/user.json', headers: bearer(byName.access_token) }));
  expect(named.username).toBe('client-1');
  expect(named.id).toBeGreaterThanOrEqual(10_000_000);
  expect(body(await t.inject({ url: '/mytarget/api/v2/user.json', headers: bearer(byId.access_token) }))).toMatchObject({ id: 777, username: 'client777' });
});

test("a refresh with another client's credentials is 401 invalid_grant without \"deleted\" (Digsolab would drop the token); the token still refreshes with its own", async () => {
  const t = await stand();
  onTestFinished(t.close);
  const issued = body<Token>(await token(t, { grant_type: 'client_credentials', client_id: 'app9', client_secret: 's9' }));
  const wrong = await token(t, { grant_type: 'refresh_token', refresh_token: issued.refresh_token, client_id: 'other', client_secret: 's9' });
  expect(wrong.statusCode).toBe(401);
  expect(body(wrong)).toEqual({ error: 'invalid_grant', error_description: 'Refresh token was issued to another client, not other' });
  expect((await token(t, { grant_type: 'refresh_token', refresh_token: issued.refresh_token, client_id: 'app9', client_secret: 's9' })).statusCode).toBe(200);
});
