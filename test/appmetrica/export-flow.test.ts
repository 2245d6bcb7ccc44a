import { expect, onTestFinished, test } from 'vitest';
import { stand } from '../helpers.js';

const AUTH = { authorization: 'OAuth test-token' };
const Q = 'application_id=1111&date_since=2025-12-01%2000:00:00&date_until=2025-12-01%2023:59:59&fields=event_name,event_datetime,os_name';

test('an export answers 202 "added to the queue", then 202 with progress, then 200 with JSON rows', async () => {
  const t = await stand();
  onTestFinished(t.close);
  const url = `/appmetrica/logs/v1/export/events.json?${Q}`;

  const first = await t.inject({ url, headers: AUTH });
  expect(first.statusCode).toBe(202);
  expect(first.headers['content-type']).toBe('text/plain');
  expect(first.body).toBe('Your query is added to the queue.');

  const again = await t.inject({ url, headers: AUTH });
  expect(again.statusCode).toBe(202);
  expect(again.body).toMatch(/^Wait for result\. Progress is \d+%\.$/);

  t.advance(60_000);
  const ready = await t.inject({ url, headers: AUTH });
  expect(ready.statusCode).toBe(200);
  expect(ready.headers['content-type']).toBe('application/json');
  const body = JSON.parse(ready.body) as { data: Record<string, string>[] };
  expect(body.data.length).toBe(20000);
  expect(Object.keys(body.data[0]!)).toEqual(['event_name', 'event_datetime', 'os_name']);
  for (const row of body.data.slice(0, 50)) {
    expect(row.event_datetime).toMatch(/^2025-12-01 \d{2}:\d{2}:\d{2}$/);
    expect(['android', 'ios']).toContain(row.os_name);
  }
});
