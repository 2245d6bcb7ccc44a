import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, onTestFinished, test } from 'vitest';
import { stand } from '../helpers.js';
import { AUTH, AUTH_B, JSON_HEADERS, body } from './helpers.js';

type List = { count: number; offset: number; limit: number; items: Record<string, unknown>[] };

test('GET user.json answers the account user from the fixture', async () => {
  const t = await stand();
  onTestFinished(t.close);
  const res = await t.inject({ url: '/mytarget/api/v2/user.json', headers: AUTH });
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  expect(body(res)).toEqual({
    id: 4030215,
    username: 'advertiser@example.com',
    status: 'active',
    types: ['advertiser'],
    language: 'ru',
    currency: 'RUB',
    account: { id: 3201877, type: 'advertiser', balance: '150000.00', currency: 'RUB' },
  });
});

test('campaigns.json lists {count, offset, limit, items} with the default list fields (last_updated too), ordered by id', async () => {
  const t = await stand();
  onTestFinished(t.close);
  const res = await t.inject({ url: '/mytarget/api/v2/campaigns.json', headers: AUTH });
  expect(res.statusCode).toBe(200);
  expect(res.body).toBe(
    JSON.stringify({
      count: 4,
      offset: 0,
      limit: 20,
      items: [
        { id: 6500120, name: 'Старая кампания (удалена)', package_id: 83, last_updated: '2025-07-01 11:11:11' },
        { id: 6617841, name: 'Весенняя распродажа', package_id: 814, last_updated: '2025-12-20 18:02:41' },
        { id: 6711647, name: 'Установки: Android', package_id: 960, last_updated: '2025-12-05 09:00:00' },
        { id: 6711665, name: 'Охват: видео (остановлена)', package_id: 1010, last_updated: '2025-12-01 08:45:12' },
      ],
    }),
  );
});

test('fields, filters (_status, _status__in, _id, __ne), sorting, limit and offset', async () => {
  const t = await stand();
  onTestFinished(t.close);
  const list = async (q: string) => body<List>(await t.inject({ url: `/mytarget/api/v2/campaigns.json?${q}`, headers: AUTH }));

  expect((await list('fields=id,%20status&_status=active')).items).toEqual([
    { id: 6617841, status: 'active' },
    { id: 6711647, status: 'active' },
  ]);
  expect((await list('fields=id&_status__in=blocked,deleted')).items).toEqual([{ id: 6500120 }, { id: 6711665 }]);
  expect((await list('fields=id&_status__ne=deleted&sorting=-id')).items).toEqual([{ id: 6711665 }, { id: 6711647 }, { id: 6617841 }]);
  expect((await list('fields=id,name&_id=6711647')).items).toEqual([{ id: 6711647, name: 'Установки: Android' }]);
  expect((await list('fields=id,package_id&sorting=package_id,-id')).items.map((i) => i.id)).toEqual([6500120, 6617841, 6711647, 6711665]);
  const page = await list('fields=id&limit=2&offset=1');
  expect(page).toEqual({ count: 4, offset: 1, limit: 2, items: [{ id: 6617841 }, { id: 6711647 }] });
});

test('bad list parameters answer 400 validation_failed naming the parameter', async () => {
  const t = await stand();
  onTestFinished(t.close);
  const bad = async (q: string) => {
    const res = await t.inject({ url: `/mytarget/api/v2/campaigns.json?${q}`, headers: AUTH });
    expect(res.statusCode).toBe(400);
    const { error } = body<{ error: { code: string; message: string; fields: Record<string, { code: string; message: string }> } }>(res);
    expect([error.code, error.message]).toEqual(['validation_failed', 'Validation failed']);
    return error.fields;
  };
  expect((await bad('fields=id,colour')).fields!.message).toMatch(/^Unknown campaign field 'colour'; available: id, name, /);
  // The documented maximum is 50 (API standards).
  expect(await bad('limit=51')).toEqual({ limit: { code: 'max_value', message: 'Ensure this value is less than or equal to 50.' } });
  expect((await bad('_colour=red'))._colour!.code).toBe('unallowed_field');
  expect((await bad('_targetings=x'))._targetings!.code).toBe('unallowed_field'); // nested fields are not filters
  expect((await bad('_status=paused'))._status).toEqual({ code: 'unallowed_value', message: 'Must be one of: active, blocked, deleted.' });
  expect((await bad('_last_updated__gt=yesterday'))._last_updated__gt!.code).toBe('bad_value');
  expect((await bad('sorting=targetings')).sorting!.message).toMatch(/^Cannot sort by 'targetings'/);
});

test('POST campaigns.json creates a campaign (200 with its id), Moscow datetimes from the stand clock', async () => {
  const t = await stand();
  onTestFinished(t.close);
  t.advance(90_000);
  const res = await t.inject({
    method: 'POST',
    url: '/mytarget/api/v2/campaigns.json',
    headers: JSON_HEADERS,
    // A datetime for a date, and "False": as the documented create example sends them.
    payload: JSON.stringify({ name: 'New', package_id: '960', budget_limit_day: 500, date_start: '2026-02-01 00:00:00', enable_utm: 'TRUE', audit_viewability: 'moat' }),
  });
  expect(res.statusCode).toBe(200);
  expect(res.body).toBe('{"id":6711666}');
  const withFields = await t.inject({ method: 'POST', url: '/mytarget/api/v2/campaigns.json?fields=name,status', headers: JSON_HEADERS, payload: JSON.stringify({ name: 'Second', package_id: 814 }) });
  expect(withFields.body).toBe('{"id":6711667,"name":"Second","status":"active"}');

  const one = await t.inject({
    url: '/mytarget/api/v2/campaigns/6711666.json?fields=id,status,objective,created,updated,budget_limit_day,date_start,enable_utm,mixing',
    headers: AUTH,
  });
  expect(body(one)).toEqual({
    id: 6711666,
    status: 'active',
    objective: 'appinstalls',
    created: '2026-01-01 03:01:30',
    updated: '2026-01-01 03:01:30',
    budget_limit_day: '500.00',
    date_start: '2026-02-01',
    enable_utm: true,
    mixing: 'recommended',
  });
});

test('a campaign created with banners makes them readable under banners.json', async () => {
  const t = await stand();
  onTestFinished(t.close);
  const res = await t.inject({
    method: 'POST',
    url: '/mytarget/api/v2/campaigns.json',
    headers: JSON_HEADERS,
    payload: JSON.stringify({ name: 'With banners', package_id: 814, banners: [{ name: 'b1', textblocks: { title_25: { text: 'Hi' } } }] }),
  });
  const { id } = body<{ id: number }>(res);
  const banners = body<List>(await t.inject({ url: `/mytarget/api/v2/banners.json?_campaign_id=${id}&fields=id,campaign_id,name,status,moderation_status`, headers: AUTH }));
  expect(body(res)).toEqual({ id, banners: [{ id: 48200501 }] });
  expect(banners).toEqual({ count: 1, offset: 0, limit: 20, items: [{ id: 48200501, campaign_id: id, name: 'b1', status: 'active', moderation_status: 'pending' }] });
});

test('validation on create: 400 validation_failed with one entry per field (required, bad_value, unallowed_value, max_value, read_only_field, unallowed_field)', async () => {
  const t = await stand();
  onTestFinished(t.close);
  const create = async (payload: unknown) =>
    t.inject({ method: 'POST', url: '/mytarget/api/v2/campaigns.json', headers: JSON_HEADERS, payload: JSON.stringify(payload) });

  const res = await create({ mixing: 'slowest', created: '2026-01-01 00:00:00', colour: 'red', price: 'cheap', max_price: 99_999_999, banners: [{}, { urls: 5 }] });
  expect(res.statusCode).toBe(400);
  expect(body(res)).toEqual({
    error: {
      fields: {
        name: { code: 'required', message: 'This field is required.' },
        package_id: { code: 'required', message: 'This field is required.' },
        price: { code: 'bad_value', message: 'A valid non-negative decimal number is required, e.g. "1000.00".' },
        max_price: { code: 'max_value', message: 'Ensure this value is less than or equal to 21474836.' },
        mixing: { code: 'unallowed_value', message: 'Must be one of: fastest, recommended.' },
        // A list field nests its elements' problems under "items" (methods/SharingKey.md).
        banners: { items: [{}, { urls: { code: 'bad_value', message: 'Must be a JSON object.' } }] },
        created: { code: 'read_only_field', message: 'This field is read only.' },
        colour: { code: 'unallowed_field', message: 'Unknown field; the writable campaign fields are listed in the README.' },
      },
      message: 'Validation failed',
      code: 'validation_failed',
    },
  });

  const pkg = await create({ name: 'x', package_id: 83 });
  expect(body<{ error: { fields: unknown } }>(pkg).error.fields).toEqual({
    package_id: { code: 'invalid_package', message: 'Package 83 is not available to this user; GET /api/v2/packages.json lists them.' },
  });
  const objective = await create({ name: 'x', package_id: 814, objective: 'reach' });
  expect(body<{ error: { fields: unknown } }>(objective).error.fields).toEqual({
    objective: { code: 'unallowed_value', message: 'Package 814 does not allow objective reach; allowed: traffic, site_conversions.' },
  });
  const dates = await create({ name: 'x', package_id: 814, date_start: '2026-03-01', date_end: '2026-02-01' });
  expect(Object.keys(body<{ error: { fields: object } }>(dates).error.fields)).toEqual(['date_end']);

  for (const payload of ['[]', '"x"', '{"name":']) {
    const r = await t.inject({ method: 'POST', url: '/mytarget/api/v2/campaigns.json', headers: JSON_HEADERS, payload });
    expect(r.statusCode).toBe(400);
  }
  t.advance(1000); // the rate limit is 10 per second by default
  const form = await t.inject({ method: 'POST', url: '/mytarget/api/v2/campaigns.json', headers: { ...AUTH, 'content-type': 'application/x-www-form-urlencoded' }, payload: 'name=x' });
  expect(form.statusCode).toBe(415);
});

test('POST campaigns/{id}.json updates (204), DELETE marks it deleted (204); read-only fields and another package are refused', async () => {
  const t = await stand();
  onTestFinished(t.close);
  t.advance(60_000);
  const update = await t.inject({ method: 'POST', url: '/mytarget/api/v2/campaigns/6617841.json', headers: JSON_HEADERS, payload: JSON.stringify({ name: 'Renamed', status: 'blocked' }) });
  expect(update.statusCode).toBe(204);
  expect(update.body).toBe('');
  const read = await t.inject({ url: '/mytarget/api/v2/campaigns/6617841.json?fields=name,status,updated', headers: AUTH });
  expect(body(read)).toEqual({ name: 'Renamed', status: 'blocked', updated: '2026-01-01 03:01:00' });

  const readOnly = await t.inject({
    method: 'POST',
    url: '/mytarget/api/v2/campaigns/6617841.json',
    headers: JSON_HEADERS,
    payload: JSON.stringify({ package_id: 960, last_updated: '2026-01-01 00:00:00', issues: [], banners: [] }),
  });
  expect(readOnly.statusCode).toBe(400);
  expect(body<{ error: { fields: unknown } }>(readOnly).error.fields).toEqual({
    last_updated: { code: 'read_only_field', message: 'This field is read only.' },
    issues: { code: 'read_only_field', message: 'This field is read only.' },
    banners: { code: 'unallowed_field', message: 'This field can only be set on create.' },
  });
  const move = await t.inject({ method: 'POST', url: '/mytarget/api/v2/campaigns/6617841.json', headers: JSON_HEADERS, payload: JSON.stringify({ package_id: 960 }) });
  expect(body<{ error: { fields: unknown } }>(move).error.fields).toEqual({ package_id: { code: 'can_not_set', message: 'A campaign cannot move to another package (it is in 814).' } });

  const del = await t.inject({ method: 'DELETE', url: '/mytarget/api/v2/campaigns/6617841.json', headers: AUTH });
  expect(del.statusCode).toBe(204);
  expect(body(await t.inject({ url: '/mytarget/api/v2/campaigns/6617841.json?fields=status', headers: AUTH }))).toEqual({ status: 'deleted' });
});

test('banners: list, read, update sends changed content back to moderation, delete', async () => {
  const t = await stand();
  onTestFinished(t.close);
  const list = body<List>(await t.inject({ url: '/mytarget/api/v2/banners.json', headers: AUTH }));
  expect(list.items).toEqual([
    { id: 48123001, campaign_id: 6617841, moderation_status: 'allowed' },
    { id: 48123002, campaign_id: 6617841, moderation_status: 'banned' },
    { id: 48200500, campaign_id: 6711647, moderation_status: 'pending' },
  ]);
  const update = await t.inject({ method: 'POST', url: '/mytarget/api/v2/banners/48123001.json', headers: JSON_HEADERS, payload: JSON.stringify({ textblocks: { title_25: { text: 'New' } } }) });
  expect(update.statusCode).toBe(204);
  const one = await t.inject({ url: '/mytarget/api/v2/banners/48123001.json?fields=moderation_status,textblocks', headers: AUTH });
  expect(body(one)).toEqual({ moderation_status: 'pending', textblocks: { title_25: { text: 'New' } } });
  expect((await t.inject({ method: 'DELETE', url: '/mytarget/api/v2/banners/48123002.json', headers: AUTH })).statusCode).toBe(204);
  expect((await t.inject({ url: '/mytarget/api/v2/banners/1.json', headers: AUTH })).statusCode).toBe(404);
});

test('each token is an account with its own copy of the fixture objects', async () => {
  const t = await stand();
  onTestFinished(t.close);
  await t.inject({ method: 'DELETE', url: '/mytarget/api/v2/campaigns/6617841.json', headers: AUTH });
  const created = await t.inject({ method: 'POST', url: '/mytarget/api/v2/campaigns.json', headers: JSON_HEADERS, payload: JSON.stringify({ name: 'A only', package_id: 814 }) });
  const { id } = body<{ id: number }>(created);

  expect(body(await t.inject({ url: '/mytarget/api/v2/campaigns/6617841.json?fields=status', headers: AUTH_B }))).toEqual({ status: 'active' });
  const other = await t.inject({ url: `/mytarget/api/v2/campaigns/${id}.json`, headers: AUTH_B });
  expect(other.statusCode).toBe(404);
  expect(body(other)).toEqual({ error: { message: `Campaign ${id} not found`, code: 'not_found', resource: 'Campaign' } });

  // Changes of fixture objects (a banner's content, a campaign's last_updated moved by its banners) stay A's.
  const campaignB = body(await t.inject({ url: '/mytarget/api/v2/campaigns/6711647.json?fields=last_updated', headers: AUTH_B }));
  t.advance(60_000);
  const banner = await t.inject({ method: 'POST', url: '/mytarget/api/v2/banners/48123001.json', headers: JSON_HEADERS, payload: JSON.stringify({ textblocks: { title_25: { text: 'A only' } } }) });
  expect(banner.statusCode).toBe(204);
  const added = await t.inject({ method: 'POST', url: '/mytarget/api/v2/campaigns/6711647/banners.json', headers: JSON_HEADERS, payload: JSON.stringify({ urls: { primary: { id: 1 } } }) });
  expect(added.statusCode).toBe(200);
  expect(body(await t.inject({ url: '/mytarget/api/v2/banners/48123001.json?fields=moderation_status,textblocks', headers: AUTH }))).toEqual({ moderation_status: 'pending', textblocks: { title_25: { text: 'A only' } } });
  expect(body(await t.inject({ url: '/mytarget/api/v2/banners/48123001.json?fields=moderation_status', headers: AUTH_B }))).toEqual({ moderation_status: 'allowed' });
  expect(body(await t.inject({ url: '/mytarget/api/v2/campaigns/6711647.json?fields=last_updated', headers: AUTH }))).toEqual({ last_updated: '2026-01-01 03:01:00' });
  expect(body(await t.inject({ url: '/mytarget/api/v2/campaigns/6711647.json?fields=last_updated', headers: AUTH_B }))).toEqual(campaignB);
});

test('unknown ids answer 404 in the error shape', async () => {
  const t = await stand();
  onTestFinished(t.close);
  for (const url of ['/mytarget/api/v2/campaigns/1.json', '/mytarget/api/v2/campaigns/abc.json']) {
    const res = await t.inject({ url, headers: AUTH });
    expect(res.statusCode).toBe(404);
    expect(body<{ error: { code: string } }>(res).error.code).toBe('not_found');
  }
  const update = await t.inject({ method: 'POST', url: '/mytarget/api/v2/campaigns/1.json', headers: JSON_HEADERS, payload: '{}' });
  expect(update.statusCode).toBe(404);
});

test('regression: a 401 without WWW-Authenticate crashed the sample client; no token, a non-Bearer header, or an unlisted token -> 401 invalid_token', async () => {
  const t = await stand();
  onTestFinished(t.close);
  for (const headers of [{}, { authorization: 'OAuth abc' }, { authorization: 'Bearer' }]) {
    const res = await t.inject({ url: '/mytarget/api/v2/campaigns.json', headers });
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    // wreckah/target_api reads resp.headers['WWW-Authenticate'] on every 401.
    expect(res.headers['www-authenticate']).toBe('Bearer realm="api", error="invalid_token", error_description="Unknown access token"');
    // The documented body of a token's 401 (info/Authorization.md).
    expect(body(res)).toEqual({ code: 'invalid_token', message: 'Unknown access token' });
  }
  // The captured answer of 2017 (Kachit/mytarget-sdk-go) nests it; a scenario can ask for that.
  t.stand.activateScenario({ version: 1, mytarget: { authErrorBody: 'nested' } });
  expect(body(await t.inject({ url: '/mytarget/api/v2/user.json' }))).toEqual({ error: { code: 'invalid_token', message: 'Unknown access token' } });
  // A scripted 401 carries the header too.
  t.stand.activateScenario({ version: 1, mytarget: { faults: [{ times: 1, action: { type: 'status', status: 401 } }] } });
  expect((await t.inject({ url: '/mytarget/api/v2/user.json', headers: AUTH })).headers['www-authenticate']).toMatch(/^Bearer realm="api", error="invalid_token"/);
  t.stand.activateScenario({ version: 1, tokens: ['known'] });
  expect((await t.inject({ url: '/mytarget/api/v2/user.json', headers: AUTH })).statusCode).toBe(401);
  expect((await t.inject({ url: '/mytarget/api/v2/user.json', headers: { authorization: 'Bearer known' } })).statusCode).toBe(200);
});

test('a known path with a method it does not take -> 405 with Allow', async () => {
  const t = await stand();
  onTestFinished(t.close);
  const res = await t.inject({ method: 'PUT', url: '/mytarget/api/v2/campaigns/6617841.json', headers: AUTH });
  expect(res.statusCode).toBe(405);
  expect(res.headers.allow).toBe('GET, POST, DELETE');
  expect(body(res)).toEqual({ error: { message: 'Method PUT is not allowed for /api/v2/campaigns/6617841.json; use GET, POST, DELETE', code: 'method_not_allowed' } });
  expect((await t.inject({ method: 'POST', url: '/mytarget/api/v2/banners.json', headers: AUTH })).statusCode).toBe(405);
  expect((await t.inject({ method: 'DELETE', url: '/mytarget/api/v2/user.json', headers: AUTH })).statusCode).toBe(405);
});

test('a real operation the stand does not emulate -> 501 naming it; an unknown /api path -> 404 as the real API; a path outside the API -> 404', async () => {
  const t = await stand();
  onTestFinished(t.close);
  for (const [method, url] of [['GET', '/api/v2/remarketing/counters.json'], ['POST', '/api/v2/campaigns/mass_action.json'], ['POST', '/api/v2/user.json'], ['GET', '/api/v3/manager/clients.json'], ['GET', '/api/v2/ok/lead_ads/42.json']] as const) {
    const res = await t.inject({ method, url: `/mytarget${url}`, headers: JSON_HEADERS, payload: method === 'POST' ? '{}' : undefined });
    expect(res.statusCode).toBe(501);
    expect(body<{ error: { code: string; message: string } }>(res).error).toEqual({
      message: `${method} ${url} is a myTarget API operation that async-stand does not emulate; the README of its myTarget API lists the emulated ones`,
      code: 'not_implemented',
    });
  }
  const unknown = await t.inject({ url: '/mytarget/api/v2/bogus.json', headers: AUTH });
  expect(unknown.statusCode).toBe(404);
  expect(body(unknown)).toEqual({ error: { message: 'GET /api/v2/bogus.json: the myTarget API has no such resource; README of the myTarget API lists what the stand emulates', code: 'not_found' } });
  const outside = await t.inject({ url: '/mytarget/v2/campaigns.json', headers: AUTH });
  expect(outside.statusCode).toBe(404);
  expect(body(outside)).toEqual({ error: { message: 'Unknown path /v2/campaigns.json; myTarget API paths start with /api/v2/, /api/v3/ or /async_api/v2/', code: 'not_found' } });
});

test('packages.json lists the packages campaigns can be created in', async () => {
  const t = await stand();
  onTestFinished(t.close);
  const res = body<List>(await t.inject({ url: '/mytarget/api/v2/packages.json?_status=active&fields=id,objective', headers: AUTH }));
  expect(res.items).toEqual([
    { id: 814, objective: ['traffic', 'site_conversions'] },
    { id: 960, objective: ['appinstalls'] },
    { id: 1010, objective: ['reach', 'videoviews'] },
  ]);
});

test('a scenario fault answers the sync API in its error shape (status rule on a path)', async () => {
  const t = await stand();
  onTestFinished(t.close);
  t.stand.activateScenario({ version: 1, mytarget: { faults: [{ match: { path: '/api/v2/banners.json' }, times: 1, action: { type: 'status', status: 503 } }] } });
  const res = await t.inject({ url: '/mytarget/api/v2/banners.json', headers: AUTH });
  expect(res.statusCode).toBe(503);
  expect(body(res)).toEqual({ error: { message: 'Service temporarily unavailable', code: 'service_unavailable' } });
  expect((await t.inject({ url: '/mytarget/api/v2/banners.json', headers: AUTH })).statusCode).toBe(200);
});

test('a fixture set of your own (--fixtures folder) gives every account its objects; a set without a myTarget file uses default', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mytarget-fixtures-'));
  cpSync(fileURLToPath(new URL('../../fixtures', import.meta.url)), dir, { recursive: true });
  const fixture = JSON.parse(readFileSync(join(dir, 'mytarget', 'default.json'), 'utf8')) as { user: { username: string } };
  fixture.user.username = 'mine@example.com';
  writeFileSync(join(dir, 'mytarget', 'mine.json'), JSON.stringify(fixture));
  // Sets for the other APIs (AppMetrica has no fallback to its default set).
  cpSync(join(dir, 'appmetrica', 'default.json'), join(dir, 'appmetrica', 'mine.json'));
  cpSync(join(dir, 'appmetrica', 'default.json'), join(dir, 'appmetrica', 'appmetrica-only.json'));
  const t = await stand({ fixturesDir: dir });
  onTestFinished(t.close);
  const username = async () => body(await t.inject({ url: '/mytarget/api/v2/user.json?fields=username', headers: AUTH }));

  t.stand.activateScenario({ version: 1, fixtures: 'mine' });
  expect(await username()).toEqual({ username: 'mine@example.com' });
  t.stand.activateScenario({ version: 1, fixtures: 'appmetrica-only' });
  expect(await username()).toEqual({ username: 'advertiser@example.com' });
});

test("user.json and packages.json answer every field real clients ask for (the documented user, koma136's package mapper), not a 400 for the whole call", async () => {
  const t = await stand();
  onTestFinished(t.close);
  const userFields = 'id,username,firstname,lastname,email,additional_info,mailings,permissions,agency,agency_username,flags,max_active_banners_count,active_banners_count,active_banners,max_active_banners,info_currency,currency';
  const user = await t.inject({ url: `/mytarget/api/v2/user.json?fields=${userFields}`, headers: AUTH });
  expect(user.statusCode).toBe(200);
  const u = body(user);
  expect(Object.keys(u)).toEqual(userFields.split(','));
  expect(u).toMatchObject({ agency: null, mailings: [], info_currency: u.currency, additional_info: { name: '', email: u.email, phone: '', address: '', client_name: '' } });
  expect(u.active_banners_count).toBe(u.active_banners);
  expect(u.active_banners_count).toBeGreaterThan(0);
  const pkgFields = 'id,name,price,created,updated,url_types,banner_format_id,max_price_per_unit,pads_tree_id,related_package_ids';
  const packages = await t.inject({ url: `/mytarget/api/v2/packages.json?fields=${pkgFields}`, headers: AUTH });
  expect(packages.statusCode).toBe(200);
  const items = body<{ items: Record<string, unknown>[] }>(packages).items;
  expect(items.length).toBeGreaterThan(0);
  for (const p of items) expect(Object.keys(p)).toEqual(pkgFields.split(','));
  expect(items[0]).toMatchObject({ price: '0.00', created: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/), related_package_ids: [] });
  // A name no source knows is still the documented 400.
  expect((await t.inject({ url: '/mytarget/api/v2/user.json?fields=id,shoe_size', headers: AUTH })).statusCode).toBe(400);
});
