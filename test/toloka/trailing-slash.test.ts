/**
 * Toloka routes a path with a trailing slash as the path without it: toloka-java-sdk, Toloka's
 * own SDK, sends PUT and GET `/api/v1/webhook-subscriptions/`. myTarget and AppMetrica stay strict.
 */
import { expect, test } from 'vitest';
import { API, AUTH, get, tolokaStand } from './helpers.js';

test('a Toloka path with a trailing slash is the path without it; the journal keeps the URL as sent', async () => {
  const t = await tolokaStand();
  const put = await t.inject({
    method: 'PUT',
    url: `${API}/webhook-subscriptions/`,
    headers: { ...AUTH, 'content-type': 'application/json' },
    payload: JSON.stringify([{ webhook_url: 'https://hooks.example/closed', event_type: 'POOL_CLOSED', pool_id: '1' }]),
  });
  expect(put.statusCode).toBe(200);
  const id = put.json().items['0'].id as string;

  const list = await get(t, '/webhook-subscriptions/?pool_id=1');
  expect(list.statusCode).toBe(200);
  expect(list.json()).toMatchObject({ items: [{ id, pool_id: '1', event_type: 'POOL_CLOSED' }], has_more: false });
  expect((await get(t, `/webhook-subscriptions/${id}/`)).json()).toMatchObject({ id });
  expect((await get(t, '/pools/')).json().items.length).toBeGreaterThan(0);
  expect((await get(t, '/pools/1/')).json()).toMatchObject({ id: '1' });
  // On Toloka's own port too.
  expect((await t.injectOwnPort('toloka', { url: '/api/v1/pools/1/', headers: AUTH })).json()).toMatchObject({ id: '1' });

  const sent = t.stand.requests({ api: 'toloka' }).map((r) => `${r.method} ${r.url} ${r.status}`);
  expect(sent.slice(0, 3)).toEqual([
    'PUT /toloka/api/v1/webhook-subscriptions/ 200',
    'GET /toloka/api/v1/webhook-subscriptions/?pool_id=1 200',
    `GET /toloka/api/v1/webhook-subscriptions/${id}/ 200`,
  ]);
});

test('myTarget and AppMetrica keep a trailing slash as another path', async () => {
  const t = await tolokaStand();
  const mytarget = await t.inject({ url: '/mytarget/api/v2/campaigns.json/', headers: { authorization: 'Bearer a' } });
  expect(mytarget.statusCode).toBe(404);
  const appmetrica = await t.inject({ url: '/appmetrica/logs/v1/export/events.csv/?application_id=1111&date_since=2026-01-01&date_until=2026-01-01&fields=event_name', headers: { authorization: 'OAuth a' } });
  expect(appmetrica.statusCode).toBe(404);
});
