import { expect, onTestFinished, test } from 'vitest';
import { stand } from '../helpers.js';
import { PREP_ONE_DAY, exportUrl, get, ready } from './helpers.js';

async function t0() {
  const t = await stand();
  onTestFinished(t.close);
  return t;
}

test('no Authorization header: 401 text', async () => {
  const t = await t0();
  const res = await t.inject({ url: exportUrl() });
  expect(res.statusCode).toBe(401);
  expect(res.headers['content-type']).toBe('text/plain');
  expect(res.body).toBe('Authorization required: send the header "Authorization: OAuth <token>".');
});

test('a malformed Authorization header, or a token in the URL: 401', async () => {
  const t = await t0();
  const bearer = await t.inject({ url: exportUrl(), headers: { authorization: 'Bearer abc' } });
  expect(bearer.statusCode).toBe(401);
  expect(bearer.body).toBe('Invalid oauth_token.');
  const inUrl = await t.inject({ url: `${exportUrl()}&oauth_token=abc` });
  expect(inUrl.statusCode).toBe(401);
  expect(inUrl.body).toMatch(/^Sending the token in the URL parameters is not supported\./);
});

test('a scenario that lists tokens refuses the others with 401', async () => {
  const t = await t0();
  t.stand.activateScenario({ version: 1, tokens: ['good'] });
  expect((await t.inject({ url: exportUrl(), headers: { authorization: 'OAuth good' } })).statusCode).toBe(202);
  const bad = await t.inject({ url: exportUrl(), headers: { authorization: 'OAuth other' } });
  expect(bad.statusCode).toBe(401);
  expect(bad.body).toBe('Invalid oauth_token.');
});

test('an application the token may not read, or that does not exist: 403', async () => {
  const t = await t0();
  const denied = await get(t, exportUrl({ application_id: '2222' }));
  expect(denied.statusCode).toBe(403);
  expect(denied.body).toBe('Access to application 2222 is denied for this token.');
  expect((await get(t, exportUrl({ application_id: '999999' }))).statusCode).toBe(403);
});

test.each([
  [{ application_id: undefined }, 'Parameter application_id is required.'],
  [{ application_id: 'abc' }, "Invalid value of parameter application_id: 'abc'. Expected a number."],
  [{ fields: undefined }, 'Parameter fields is required.'],
  [{ fields: 'event_name,foo' }, /^Unknown field 'foo' for events\. Available fields: event_datetime,event_json,/],
  [{ date_since: '2026-13-01' }, "Invalid value of parameter date_since: '2026-13-01'. Expected yyyy-mm-dd hh:mm:ss or yyyy-mm-dd."],
  [{ date_until: undefined }, 'Parameter date_until is required.'],
  [{ date_since: '2025-12-02', date_until: '2025-12-01' }, 'date_since 2025-12-02 is after date_until 2025-12-01.'],
  [{ date_dimension: 'server' }, "Invalid value of parameter date_dimension: 'server'. Expected default or receive."],
  [{ limit: '0' }, "Invalid value of parameter limit: '0'. Expected an integer of at least 1."],
  [{ limit: '5.5e+00' }, "Invalid value of parameter limit: '5.5e+00'. Expected an integer."],
  [{ limit: '1e+30' }, "Invalid value of parameter limit: '1e+30'. Expected an integer."],
  [{ use_utf8_bom: 'yes' }, "Invalid value of parameter use_utf8_bom: 'yes'. Expected true or false."],
  [{ parts_count: '2', part_number: '2' }, /^Invalid value of parameter part_number: 2\. It must be less than parts_count \(2\)/],
] as const)('bad parameters %j: 400 %s', async (params, message) => {
  const t = await t0();
  const q: Record<string, string> = {
    application_id: '1111',
    date_since: '2025-12-01',
    date_until: '2025-12-01',
    fields: 'event_name',
  };
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined) delete q[k];
    else q[k] = v;
  }
  const res = await get(t, `/appmetrica/logs/v1/export/events.json?${new URLSearchParams(q).toString()}`);
  expect(res.statusCode).toBe(400);
  expect(res.headers['content-type']).toBe('text/plain');
  if (typeof message === 'string') expect(res.body).toBe(message);
  else expect(res.body).toMatch(message);
  expect(t.stand.jobs()).toHaveLength(0);
});

test('a harmless extra parameter such as lang is ignored (it was 400 "Unknown parameter"), and not taken for a filter', async () => {
  const t = await t0();
  const url = exportUrl({ lang: 'ru', request_domain: 'com', limit: '5' });
  expect((await get(t, url)).statusCode).toBe(202);
  t.advance(PREP_ONE_DAY);
  const res = await get(t, url);
  expect(res.statusCode).toBe(200);
  expect((JSON.parse(res.body) as { data: unknown[] }).data).toHaveLength(5);
  // A field of another table is no filter of this one either: ignored alike.
  expect((await get(t, exportUrl({ token: 'abc' }))).statusCode).toBe(202);
});

test('a scenario with unknownParameters "refuse" answers such a parameter with 400 naming it', async () => {
  const t = await t0();
  t.stand.activateScenario({ version: 1, appmetrica: { unknownParameters: 'refuse' } });
  const res = await get(t, exportUrl({ lang: 'ru' }));
  expect(res.statusCode).toBe(400);
  expect(res.body).toMatch(/^Unknown parameter 'lang'\. A filter must name a field of events; parameters: application_id, date_since,/);
  expect(t.stand.jobs()).toHaveLength(0);
  expect((await get(t, exportUrl())).statusCode).toBe(202);
});

test('push_tokens take no date range: dates sent to them are ignored (the official loader\'s "date ignored" source)', async () => {
  const t = await t0();
  const plain = await ready(t, '/appmetrica/logs/v1/export/push_tokens.csv?application_id=1111&fields=token');
  const dated = await ready(t, '/appmetrica/logs/v1/export/push_tokens.csv?application_id=1111&fields=token&date_since=2025-01-01&date_until=2026-10-31');
  expect(dated.statusCode).toBe(200);
  expect(dated.body).toBe(plain.body);
});

test('limit as R writes it (5e+07, everleazy/appmetricaR\'s default) is that integer', async () => {
  const t = await t0();
  const res = await ready(t, exportUrl({ limit: '5e+07' }));
  expect(res.statusCode).toBe(200);
  const few = await ready(t, exportUrl({ limit: '3e0', fields: 'event_name,event_timestamp' }));
  expect(JSON.parse(few.body).data).toHaveLength(3);
});

test('an unknown table is 404, an unknown format 400, another method 405', async () => {
  const t = await t0();
  const table = await get(t, '/appmetrica/logs/v1/export/purchases.json?application_id=1111&fields=x');
  expect(table.statusCode).toBe(404);
  expect(table.body).toMatch(/^Unknown resource purchases\. Available: clicks, installations,/);
  expect((await get(t, '/appmetrica/logs/v1/export/events.tsv?application_id=1111')).statusCode).toBe(400);
  const post = await t.inject({ method: 'POST', url: exportUrl(), headers: { authorization: 'OAuth x' } });
  expect(post.statusCode).toBe(405);
});

test('the old table name profiles answers as profiles_v2', async () => {
  const t = await t0();
  const res = await get(t, '/appmetrica/logs/v1/export/profiles.json?application_id=1111&date_since=2025-12-01&date_until=2025-12-01&fields=profile_id,appmetrica_gender');
  expect(res.statusCode).toBe(202);
});

test('an AppMetrica operation the stand does not emulate answers 501 naming it (Management API ones in its JSON shape); other paths 404', async () => {
  const t = await t0();
  const create = await t.inject({ method: 'POST', url: '/appmetrica/management/v1/applications', headers: { authorization: 'OAuth x' } });
  expect(create.statusCode).toBe(501);
  expect(create.headers['content-type']).toBe('application/json; charset=utf-8');
  const body = create.json() as { errors: { error_type: string; message: string }[]; code: number; message: string };
  expect(body.code).toBe(501);
  expect(body.message).toMatch(/^POST \/management\/v1\/applications is an AppMetrica API operation that async-stand does not emulate/);
  expect(body.errors).toEqual([{ error_type: 'backend_error', message: body.message }]);
  const stat = await get(t, '/appmetrica/stat/v1/data?ids=1111');
  expect(stat.statusCode).toBe(501);
  expect(stat.headers['content-type']).toBe('text/plain');
  expect(stat.body).toMatch(/^GET \/stat\/v1\/data is an AppMetrica API operation that async-stand does not emulate/);
  expect((await get(t, '/appmetrica/nothing-here')).statusCode).toBe(404);
});

test('every request is journaled with its answer status and token', async () => {
  const t = await t0();
  await get(t, exportUrl());
  await t.inject({ url: exportUrl() });
  const entries = t.stand.requests({ api: 'appmetrica' });
  // Shown masked; a filter takes the token itself.
  expect(entries.map((e) => [e.status, e.account])).toEqual([
    [202, 'tes…(4c5d)'],
    [401, null],
  ]);
  expect(t.stand.countRequests({ api: 'appmetrica', token: 'test-token' })).toBe(1);
});

test('an over-long URL gets 414 in the API\'s error shape', async () => {
  const t = await t0();
  const res = await get(t, exportUrl({ fields: `event_name,${'x'.repeat(9000)}` }));
  expect(res.statusCode).toBe(414);
  expect(res.headers['content-type']).toBe('text/plain');
  expect(res.body).toMatch(/^Request URL is \d+ bytes long; the limit is 8192/);
});
