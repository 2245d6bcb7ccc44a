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

test('campaigns.json lists {count, offset, limit, items} with the default fields, ordered by id', async () => {
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
        { id: 6500120, name: 'Старая кампания (удалена)', package_id: 83 },
        { id: 6617841, name: 'Весенняя распродажа', package_id: 814 },
        { id: 6711647, name: 'Установки: Android', package_id: 960 },
        { id: 6711665, name: 'Охват: видео (остановлена)', package_id: 1010 },
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

test('bad list parameters answer 400 naming the parameter', async () => {
  const t = await stand();
  onTestFinished(t.close);
  const bad = async (q: string) => {
    const res = await t.inject({ url: `/mytarget/api/v2/campaigns.json?${q}`, headers: AUTH });
    expect(res.statusCode).toBe(400);
    return body<{ error: { code: string; message: string; fields: Record<string, unknown> } }>(res).error;
  };
  expect((await bad('fields=id,colour')).message).toMatch(/^Invalid value of parameter fields: Unknown campaign field 'colour'; available: id, name, /);
  expect((await bad('limit=1000')).fields).toEqual({ limit: { code: 'invalid_value', message: 'Must be an integer from 1 to 250.' } });
  expect(Object.keys((await bad('_colour=red')).fields)).toEqual(['_colour']);
  expect((await bad('sorting=targetings')).message).toMatch(/^Invalid value of parameter sorting: Cannot sort by 'targetings'/);
});

test('POST campaigns.json creates a campaign (200 with its id), Moscow datetimes from the stand clock', async () => {
  const t = await stand();
  onTestFinished(t.close);
  t.advance(90_000);
  const res = await t.inject({
    method: 'POST',
    url: '/mytarget/api/v2/campaigns.json',
    headers: JSON_HEADERS,
    payload: JSON.stringify({ name: 'New', package_id: '960', budget_limit_day: 500, date_start: '2026-02-01', enable_utm: 'true' }),
  });
  expect(res.statusCode).toBe(200);
  expect(body(res)).toEqual({ id: 6711666, name: 'New', package_id: 960 });

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
  expect(banners).toEqual({ count: 1, offset: 0, limit: 20, items: [{ id: 48200501, campaign_id: id, name: 'b1', status: 'active', moderation_status: 'delayed' }] });
});

test('validation on create: required fields, enums, unknown and read-only fields, package checks -> 400 with per-field details', async () => {
  const t = await stand();
  onTestFinished(t.close);
  const create = async (payload: unknown) =>
    t.inject({ method: 'POST', url: '/mytarget/api/v2/campaigns.json', headers: JSON_HEADERS, payload: JSON.stringify(payload) });

  const res = await create({ mixing: 'slowest', created: '2026-01-01 00:00:00', colour: 'red', price: 'cheap' });
  expect(res.statusCode).toBe(400);
  expect(body(res)).toEqual({
    error: {
      code: 'bad_request',
      message:
        'Invalid campaign: name (This field is required.); price (Must be a non-negative decimal number, e.g. "1000.00".); mixing (Must be one of: fastest, recommended.); package_id (This field is required.); created (This field is read-only.); colour (Unknown field.)',
      fields: {
        name: { code: 'required', message: 'This field is required.' },
        price: { code: 'invalid_value', message: 'Must be a non-negative decimal number, e.g. "1000.00".' },
        mixing: { code: 'invalid_choice', message: 'Must be one of: fastest, recommended.' },
        package_id: { code: 'required', message: 'This field is required.' },
        created: { code: 'read_only', message: 'This field is read-only.' },
        colour: { code: 'unknown_field', message: 'Unknown field.' },
      },
    },
  });

  const pkg = await create({ name: 'x', package_id: 83 });
  expect(body<{ error: { fields: unknown } }>(pkg).error.fields).toEqual({
    package_id: { code: 'invalid_value', message: 'Package 83 is not active; GET /api/v2/packages.json lists them.' },
  });
  const objective = await create({ name: 'x', package_id: 814, objective: 'reach' });
  expect(body<{ error: { fields: unknown } }>(objective).error.fields).toEqual({
    objective: { code: 'invalid_choice', message: 'Package 814 does not allow objective reach; allowed: traffic, site_conversions.' },
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

test('POST campaigns/{id}.json updates (204), DELETE marks it deleted (204); read-only fields are refused', async () => {
  const t = await stand();
  onTestFinished(t.close);
  t.advance(60_000);
  const update = await t.inject({ method: 'POST', url: '/mytarget/api/v2/campaigns/6617841.json', headers: JSON_HEADERS, payload: JSON.stringify({ name: 'Renamed', status: 'blocked' }) });
  expect(update.statusCode).toBe(204);
  expect(update.body).toBe('');
  const read = await t.inject({ url: '/mytarget/api/v2/campaigns/6617841.json?fields=name,status,updated', headers: AUTH });
  expect(body(read)).toEqual({ name: 'Renamed', status: 'blocked', updated: '2026-01-01 03:01:00' });

  const readOnly = await t.inject({ method: 'POST', url: '/mytarget/api/v2/campaigns/6617841.json', headers: JSON_HEADERS, payload: JSON.stringify({ package_id: 960 }) });
  expect(readOnly.statusCode).toBe(400);
  expect(body<{ error: { fields: unknown } }>(readOnly).error.fields).toEqual({ package_id: { code: 'read_only', message: 'This field is read-only.' } });

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
    { id: 48200500, campaign_id: 6711647, moderation_status: 'delayed' },
  ]);
  const update = await t.inject({ method: 'POST', url: '/mytarget/api/v2/banners/48123001.json', headers: JSON_HEADERS, payload: JSON.stringify({ textblocks: { title_25: { text: 'New' } } }) });
  expect(update.statusCode).toBe(204);
  const one = await t.inject({ url: '/mytarget/api/v2/banners/48123001.json?fields=moderation_status,textblocks', headers: AUTH });
  expect(body(one)).toEqual({ moderation_status: 'changed', textblocks: { title_25: { text: 'New' } } });
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
  expect(body(other)).toEqual({ error: { code: 'not_found', message: `Campaign ${id} not found` } });
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

test('no token, a non-Bearer header, or a token the scenario does not list -> 401 invalid_token', async () => {
  const t = await stand();
  onTestFinished(t.close);
  const expected = { error: { code: 'invalid_token', message: 'Unknown access token' } };
  for (const headers of [{}, { authorization: 'OAuth abc' }, { authorization: 'Bearer' }]) {
    const res = await t.inject({ url: '/mytarget/api/v2/campaigns.json', headers });
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(body(res)).toEqual(expected);
  }
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
  expect(body(res)).toEqual({ error: { code: 'method_not_allowed', message: 'Method PUT is not allowed for /api/v2/campaigns/6617841.json; use GET, POST, DELETE' } });
  expect((await t.inject({ method: 'POST', url: '/mytarget/api/v2/banners.json', headers: AUTH })).statusCode).toBe(405);
  expect((await t.inject({ method: 'DELETE', url: '/mytarget/api/v2/user.json', headers: AUTH })).statusCode).toBe(405);
});

test('an /api path the stand does not emulate -> 501 naming it; a path outside the API -> 404', async () => {
  const t = await stand();
  onTestFinished(t.close);
  const res = await t.inject({ url: '/mytarget/api/v2/statistics/campaigns/day.json?id=1', headers: AUTH });
  expect(res.statusCode).toBe(501);
  expect(body<{ error: { code: string; message: string } }>(res).error).toEqual({
    code: 'not_implemented',
    message:
      'GET /api/v2/statistics/campaigns/day.json is a myTarget API operation that async-stand does not emulate; emulated: GET /api/v2/user.json, GET /api/v2/packages.json, GET /api/v2/throttling.json, GET|POST /api/v2/campaigns.json, GET|POST|DELETE /api/v2/campaigns/{id}.json, GET /api/v2/banners.json, GET|POST|DELETE /api/v2/banners/{id}.json',
  });
  const outside = await t.inject({ url: '/mytarget/v2/campaigns.json', headers: AUTH });
  expect(outside.statusCode).toBe(404);
  expect(body(outside)).toEqual({ error: { code: 'not_found', message: 'Unknown path /v2/campaigns.json; myTarget API paths start with /api/v2/ or /async_api/v2/' } });
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
  expect(body(res)).toEqual({ error: { code: 'service_unavailable', message: 'Service temporarily unavailable' } });
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
