/**
 * GET /logs/v1/export/get_active_queries and POST /logs/v1/export/{request_id}/cancel (docs:
 * en/mobile-api/logs/request-list, request-cancel): ampersante/appmetrica-cli reads the list before
 * every export of its sync.
 */
import { expect, onTestFinished, test } from 'vitest';
import { stand } from '../helpers.js';
import { PREP_ONE_DAY, exportUrl, get } from './helpers.js';

async function t0() {
  const t = await stand();
  onTestFinished(t.close);
  return t;
}

const LIST = '/appmetrica/logs/v1/export/get_active_queries?application_id=1111';
const cancel = (t: Awaited<ReturnType<typeof t0>>, requestId: string, app = '1111') =>
  t.inject({ method: 'POST', url: `/appmetrica/logs/v1/export/${requestId}/cancel?application_id=${app}`, headers: { authorization: 'OAuth test-token' } });

test('the list shows the app\'s exports not yet ready, the one being prepared first, in the docs\' shape', async () => {
  const t = await t0();
  expect((await get(t, LIST)).json()).toEqual([]);
  const first = exportUrl();
  const second = exportUrl({ fields: 'event_name', limit: '5' }, 'events.csv');
  expect((await get(t, first)).statusCode).toBe(202);
  expect((await get(t, second)).statusCode).toBe(202);
  t.advance(Math.floor(PREP_ONE_DAY / 2));

  const res = await get(t, LIST);
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
  const list = res.json();
  expect(list).toHaveLength(2);
  expect(Object.keys(list[0])).toEqual(['application_id', 'create_time', 'entity', 'output_format', 'request_id', 'query', 'status', 'total_progress', 'total_rows_loaded', 'shards_unavailable']);
  expect(list[0]).toMatchObject({
    application_id: 1111,
    create_time: expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/),
    entity: 2,
    output_format: 1,
    request_id: expect.stringMatching(/^\d{18}$/),
    query: 'application_id=1111&date_since=2025-12-01 00:00:00&date_until=2025-12-01 23:59:59&date_dimension=default&fields=event_name,event_datetime,os_name',
    status: 0,
    shards_unavailable: 0,
  });
  expect(list[0].total_progress).toBeGreaterThan(0.3);
  expect(list[0].total_progress).toBeLessThan(0.7);
  expect(list[0].total_rows_loaded).toBeGreaterThan(0);
  expect(list[1]).toMatchObject({ entity: 2, output_format: 0, status: 0, total_progress: 0, total_rows_loaded: 0 });
  expect(list[1].query).toBe('application_id=1111&date_since=2025-12-01 00:00:00&date_until=2025-12-01 23:59:59&date_dimension=default&fields=event_name&limit=5');
  expect(list[1].request_id).not.toBe(list[0].request_id);

  // Ready files are not active.
  t.advance(PREP_ONE_DAY * 2);
  expect((await get(t, first)).statusCode).toBe(200);
  expect((await get(t, LIST)).json()).toEqual([]);
});

test('a cancel ends an export on its way (the next one starts), and answers for one that ended; the request queues anew when asked again', async () => {
  const t = await t0();
  const first = exportUrl();
  const second = exportUrl({ fields: 'event_name' });
  await get(t, first);
  await get(t, second);
  const [running, waiting] = (await get(t, LIST)).json() as { request_id: string; total_progress: number }[];

  const res = await cancel(t, running!.request_id);
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
  expect(res.json()).toEqual({ message: 'Request cancellation has been scheduled.' });
  expect((await get(t, LIST)).json().map((q: { request_id: string }) => q.request_id)).toEqual([waiting!.request_id]);
  expect(t.stand.jobs({ api: 'appmetrica' }).map((j) => j.state).sort()).toEqual(['cancelled', 'preparing']);

  // Asked again, the cancelled request is queued anew, behind the other.
  const again = await get(t, first);
  expect(again.statusCode).toBe(202);
  expect(again.body).toBe('Your query is added to the queue.');
  t.advance(PREP_ONE_DAY * 3);
  expect((await get(t, second)).statusCode).toBe(200);
  expect((await get(t, first)).statusCode).toBe(200);

  expect((await cancel(t, waiting!.request_id)).json()).toEqual({ message: 'The request has already finished and cannot be cancelled.' });
  const unknown = await cancel(t, '123456789012345678');
  expect(unknown.statusCode).toBe(404);
  expect(unknown.body).toBe('Request 123456789012345678 not found for this application.');
});

test('the list and a cancel need the application id and access to the app', async () => {
  const t = await t0();
  const missing = await get(t, '/appmetrica/logs/v1/export/get_active_queries');
  expect(missing.statusCode).toBe(400);
  expect(missing.body).toBe('Parameter application_id is required.');
  expect((await get(t, '/appmetrica/logs/v1/export/get_active_queries?application_id=2222')).statusCode).toBe(403);
  expect((await cancel(t, '123456789012345678', '2222')).statusCode).toBe(403);
  expect((await t.inject({ url: LIST })).statusCode).toBe(401);
});

test('a filter value with "&" or "%" is listed as sent, not split at its "&"', async () => {
  const t = await t0();
  const url = exportUrl({ fields: 'event_name', event_name: 'Tap & Go 100%' }, 'events.csv');
  expect((await get(t, url)).statusCode).toBe(202);
  const [listed] = (await get(t, LIST)).json();
  expect(listed.query).toBe('application_id=1111&date_since=2025-12-01 00:00:00&date_until=2025-12-01 23:59:59&date_dimension=default&fields=event_name&event_name=Tap & Go 100%');
});
