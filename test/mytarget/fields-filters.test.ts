import { expect, onTestFinished, test } from 'vitest';
import { stand } from '../helpers.js';
import { AUTH, JSON_HEADERS, body } from './helpers.js';

type List = { count: number; offset: number; limit: number; items: Record<string, unknown>[] };

// The v2 field lists clients send (pavelmaksimov/tapioca-mytarget get_campaigns / get_banners).
const CAMPAIGN_FIELDS =
  'age_restrictions,audit_pixels,autobidding_mode,banner_uniq_shows_limit,budget_limit,budget_limit_day,cr_max_price,created,date_end,date_start,delivery,enable_utm,id,issues,mixing,name,objective,package_id,price,priced_goal,pricelist_id,shows_limit,status,targetings,uniq_shows_limit,uniq_shows_period,updated,utm,last_updated';
const BANNER_FIELDS =
  'call_to_action,campaign_id,content,created,deeplink,delivery,id,issues,moderation_reasons,moderation_status,products,status,textblocks,updated,urls,user_can_request_remoderation,video_params';

test('regression: fields= with a real field answered 400; the full v2 field sets read, with delivery and issues made from the objects', async () => {
  const t = await stand();
  onTestFinished(t.close);
  const campaigns = await t.inject({ url: `/mytarget/api/v2/campaigns.json?fields=${CAMPAIGN_FIELDS}`, headers: AUTH });
  expect(campaigns.statusCode).toBe(200);
  const items = body<List>(campaigns).items;
  expect(Object.keys(items[0]!)).toEqual(CAMPAIGN_FIELDS.split(','));
  const byId = new Map(items.map((c) => [c.id, c]));
  expect(byId.get(6617841)).toMatchObject({ delivery: 'delivering', issues: [], age_restrictions: null, uniq_shows_period: 'day', audit_pixels: [] });
  // Its only active banner waits for moderation (objects/AdGroup.md issue codes and texts).
  expect(byId.get(6711647)).toMatchObject({
    delivery: 'pending',
    issues: [{ arguments: {}, code: 'NO_ALLOWED_BANNERS', message: 'The campaign has no banners, approved by moderation.' }],
  });
  expect(byId.get(6711665)).toMatchObject({ delivery: 'not_delivering' });
  expect((byId.get(6711665)!.issues as { code: string }[]).map((i) => i.code)).toEqual(['STOPPED', 'NO_BANNERS_WITH_ACTIVE_STATUS']);

  const banner = body(await t.inject({ url: `/mytarget/api/v2/banners/48123002.json?fields=${BANNER_FIELDS}`, headers: AUTH }));
  expect(Object.keys(banner)).toEqual(BANNER_FIELDS.split(','));
  expect(banner).toMatchObject({
    call_to_action: null,
    delivery: 'not_delivering',
    moderation_reasons: [{ code: 'wrong_advertising_text' }],
    user_can_request_remoderation: true,
    products: [],
    video_params: null,
  });
  expect((banner.issues as { code: string }[]).map((i) => i.code)).toEqual(['BANNER_STOPPED', 'BANNER_BANNED']);
});

test('incremental sync: _last_updated__gt|gte|lt|lte on campaigns (a banner change moves its campaign), _updated__* on banners', async () => {
  const t = await stand();
  onTestFinished(t.close);
  const ids = async (url: string) => body<List>(await t.inject({ url: `/mytarget/api/v2/${url}`, headers: AUTH })).items.map((i) => i.id);
  expect(await ids('campaigns.json?_last_updated__gte=2025-12-05%2009:00:00')).toEqual([6617841, 6711647]);
  expect(await ids('campaigns.json?_last_updated__gt=2025-12-05%2009:00:00')).toEqual([6617841]);
  expect(await ids('campaigns.json?_last_updated__lte=2025-12-01')).toEqual([6500120]); // a date is its midnight
  expect(await ids('campaigns.json?_last_updated__lt=2025-12-01%2008:45:13')).toEqual([6500120, 6711665]);

  t.advance(60_000);
  const since = '2026-01-01 03:00:00';
  await t.inject({ method: 'POST', url: '/mytarget/api/v2/banners/48200500.json', headers: JSON_HEADERS, payload: JSON.stringify({ name: 'Renamed' }) });
  expect(await ids(`campaigns.json?_last_updated__gt=${encodeURIComponent(since)}&fields=id`)).toEqual([6711647]);
  expect(await ids(`banners.json?_updated__gte=${encodeURIComponent(since)}`)).toEqual([48200500]);
  expect(await ids(`banners.json?_updated__lt=${encodeURIComponent(since)}`)).toEqual([48123001, 48123002]);
});

test('filters on every documented field: _field, __in, __ne, comparisons by type; banners _url, _textblock (case-sensitive) and _campaign_status', async () => {
  const t = await stand();
  onTestFinished(t.close);
  const ids = async (url: string) => {
    t.advance(100); // under the 10 requests a second
    return body<List>(await t.inject({ url: `/mytarget/api/v2/${url}`, headers: AUTH })).items.map((i) => i.id);
  };
  expect(await ids('campaigns.json?_id__in=6711647,6617841')).toEqual([6617841, 6711647]);
  expect(await ids('campaigns.json?_status__in=active,blocked&_package_id__ne=814')).toEqual([6711647, 6711665]);
  // Decimals compare as numbers ("2500.00" < "50000.00"), not as text.
  expect(await ids('campaigns.json?_budget_limit__gte=50000')).toEqual([6617841, 6711665]);
  expect(await ids('campaigns.json?_mixing=fastest')).toEqual([6711647]);
  expect(await ids('campaigns.json?_enable_utm=true')).toEqual([6617841]);
  expect(await ids('campaigns.json?_date_end__lt=2026-06-01')).toEqual([6711647]);
  expect(await ids('banners.json?_status__ne=active')).toEqual([48123002]);
  expect(await ids('banners.json?_url=shop.example.com')).toEqual([48123001, 48123002]);
  expect(await ids('banners.json?_url=SHOP')).toEqual([]);
  expect(await ids(`banners.json?_textblock=${encodeURIComponent('Скидки')}`)).toEqual([48123001]);
  expect(await ids('banners.json?_campaign_status=active&_campaign_id__in=6617841,6711647')).toEqual([48123001, 48123002, 48200500]);
  expect(await ids('banners.json?_campaign_status__ne=active')).toEqual([]);
  expect(await ids('campaigns.json?sorting=status,-name&fields=id')).toEqual([6711647, 6617841, 6711665, 6500120]);
});

test('GET|POST /api/v2/campaigns/{id}/banners.json: the campaign\'s banners, and banners created in it (one object or a list)', async () => {
  const t = await stand();
  onTestFinished(t.close);
  const list = body<List>(await t.inject({ url: '/mytarget/api/v2/campaigns/6617841/banners.json?fields=id,name&_status=active', headers: AUTH }));
  expect(list).toEqual({ count: 1, offset: 0, limit: 20, items: [{ id: 48123001, name: 'Баннер 1' }] });

  const one = await t.inject({ method: 'POST', url: '/mytarget/api/v2/campaigns/6711647/banners.json', headers: JSON_HEADERS, payload: JSON.stringify({ name: 'One' }) });
  expect([one.statusCode, one.body]).toEqual([200, '{"id":48200501}']);
  const many = await t.inject({
    method: 'POST',
    url: '/mytarget/api/v2/campaigns/6711647/banners.json',
    headers: JSON_HEADERS,
    payload: JSON.stringify([{ textblocks: { primary: { title: 'A', text: 'a' } } }, { urls: { primary: { id: 1 } } }]),
  });
  expect(body<unknown>(many)).toEqual([{ id: 48200502 }, { id: 48200503 }]);
  expect(body<List>(await t.inject({ url: '/mytarget/api/v2/campaigns/6711647/banners.json', headers: AUTH })).count).toBe(4);

  const bad = await t.inject({ method: 'POST', url: '/mytarget/api/v2/campaigns/6711647/banners.json', headers: JSON_HEADERS, payload: JSON.stringify([{}, { status: 'paused' }]) });
  expect(body(bad)).toEqual({
    error: { fields: { banners: { items: [{}, { status: { code: 'unallowed_value', message: 'Must be one of: active, blocked, deleted.' } }] } }, message: 'Validation failed', code: 'validation_failed' },
  });
  const missing = await t.inject({ url: '/mytarget/api/v2/campaigns/42/banners.json', headers: AUTH });
  expect([missing.statusCode, body(missing)]).toEqual([404, { error: { message: 'Campaign 42 not found', code: 'not_found', resource: 'Campaign' } }]);
});

test('the same resources under /api/v3/ (a client whose base URL is /api/v3/)', async () => {
  const t = await stand();
  onTestFinished(t.close);
  expect(body(await t.inject({ url: '/mytarget/api/v3/user.json?fields=id', headers: AUTH }))).toEqual({ id: 4030215 });
  expect(body(await t.inject({ url: '/mytarget/api/v3/banners/48123001.json?fields=id,status', headers: AUTH }))).toEqual({ id: 48123001, status: 'active' });
  const created = await t.inject({ method: 'POST', url: '/mytarget/api/v3/campaigns.json', headers: JSON_HEADERS, payload: JSON.stringify({ name: 'v3', package_id: 814 }) });
  const { id } = body<{ id: number }>(created);
  expect(body(await t.inject({ url: `/mytarget/api/v2/campaigns/${id}.json`, headers: AUTH }))).toEqual({ id, name: 'v3', package_id: 814 });
  expect((await t.inject({ url: '/mytarget/api/v3/campaigns/6617841/banners.json', headers: AUTH })).statusCode).toBe(200);
});
