/** The Management API's reads that loaders call before exporting (en/mobile-api/management/applications/). */
import { expect, onTestFinished, test } from 'vitest';
import { stand } from '../helpers.js';

async function t0() {
  const t = await stand();
  onTestFinished(t.close);
  return t;
}

const MGMT = '/appmetrica/management/v1';
const AUTH = { authorization: 'OAuth loader' };

interface ManagementError {
  errors: { error_type: string; message: string; location?: string }[];
  code: number;
  message: string;
}

/** The documented fields of the list's objects, in the order of the docs' table (applications/getapplicationslist.md). */
const LIST_KEYS = ['name', 'time_zone_name', 'label_id', 'hide_address', 'gdpr_agreement_accepted', 'category', 'bundle_id', 'team_id', 'use_universal_links', 'universal_link', 'id', 'uid', 'owner_login', 'api_key128', 'import_token', 'permission', 'label', 'time_zone_offset', 'permission_date', 'create_date'];

test('GET /management/v1/applications lists the apps the token may read, with the documented fields (it answered 501)', async () => {
  const t = await t0();
  const res = await t.inject({ url: `${MGMT}/applications`, headers: AUTH });
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
  const { applications } = res.json() as { applications: Record<string, unknown>[] };
  // App 2222 is readable only with its own token (fixtures/appmetrica/default.json).
  expect(applications.map((a) => a.id)).toEqual([1111]);
  const [app] = applications;
  expect(Object.keys(app!)).toEqual(LIST_KEYS);
  expect(app).toMatchObject({ name: "Example app (the docs' application 1111)", label_id: 42, label: 'Examples', time_zone_name: 'Europe/Moscow', time_zone_offset: 10_800, create_date: '2016-01-02', permission: 'own', permission_date: '2016-01-02T00:00:00+03:00', owner_login: 'login', uid: 178121744, category: 6 });
  expect(app!.api_key128).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  const both = (await t.inject({ url: `${MGMT}/applications`, headers: { authorization: 'OAuth app2222-token' } })).json() as { applications: { id: number; time_zone_name: string; time_zone_offset: number }[] };
  expect(both.applications.map((a) => [a.id, a.time_zone_name, a.time_zone_offset])).toEqual([
    [1111, 'Europe/Moscow', 10_800],
    [2222, 'Asia/Yekaterinburg', 18_000],
  ]);
});

test('GET /management/v1/application/{id} gives one app with its folder and no permission_date; pretty=1 formats it', async () => {
  const t = await t0();
  const res = await t.inject({ url: `${MGMT}/application/1111`, headers: AUTH });
  expect(res.statusCode).toBe(200);
  const { application } = res.json() as { application: Record<string, unknown> };
  expect(Object.keys(application)).toEqual(LIST_KEYS.filter((k) => k !== 'permission_date'));
  expect(application).toMatchObject({ id: 1111, label_id: 42, label: 'Examples', create_date: '2016-01-02', hide_address: false, use_universal_links: false });
  // The same keys every time (made from the seed), and the list agrees.
  const list = (await t.inject({ url: `${MGMT}/applications`, headers: AUTH })).json() as { applications: Record<string, unknown>[] };
  expect(list.applications[0]!.api_key128).toBe(application.api_key128);
  const pretty = await t.inject({ url: `${MGMT}/application/1111?pretty=1`, headers: AUTH });
  expect(pretty.body).toBe(JSON.stringify({ application }, null, 4));
});

test('Management API errors are its JSON: 401 without a token, 403 for an app the token may not read or that does not exist, 400 for a bad id', async () => {
  const t = await t0();
  const cases: [string, Record<string, string>, number, string, string][] = [
    [`${MGMT}/applications`, {}, 401, 'unauthorized', 'Authorization required: send the header "Authorization: OAuth <token>".'],
    [`${MGMT}/application/2222`, AUTH, 403, 'access_denied', 'Access is denied'],
    [`${MGMT}/application/999999`, AUTH, 403, 'access_denied', 'Access is denied'],
    [`${MGMT}/application/abc`, AUTH, 400, 'invalid_parameter', "Invalid value of parameter id: 'abc'. Expected an application id (a number)."],
  ];
  for (const [url, headers, status, type, message] of cases) {
    const res = await t.inject({ url, headers });
    expect(res.statusCode, url).toBe(status);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    const body = res.json() as ManagementError;
    expect(body, url).toEqual({ errors: [{ error_type: type, message, ...(status === 400 ? { location: 'id' } : {}) }], code: status, message });
  }
});

test('other Management API operations answer 501 naming themselves, in its JSON shape', async () => {
  const t = await t0();
  for (const [method, url] of [
    ['DELETE', `${MGMT}/application/1111`],
    ['PUT', `${MGMT}/application/1111`],
    ['GET', `${MGMT}/logsapi/status`],
    ['GET', `${MGMT}/application/1111/events`],
  ] as const) {
    const res = await t.inject({ method, url, headers: AUTH });
    expect(res.statusCode, `${method} ${url}`).toBe(501);
    const body = res.json() as ManagementError;
    expect(body.code).toBe(501);
    expect(body.message).toMatch(new RegExp(`^${method} ${url.slice('/appmetrica'.length)} is an AppMetrica API operation that async-stand does not emulate`));
  }
});

test('a scripted status fault on a Management API path answers in its JSON shape', async () => {
  const t = await t0();
  const rule = JSON.stringify({ action: { type: 'status', status: 503 } });
  const res = await t.inject({ url: `${MGMT}/applications`, headers: { ...AUTH, 'x-stand-scenario': rule } });
  expect(res.statusCode).toBe(503);
  expect(res.json()).toEqual({ errors: [{ error_type: 'backend_error', message: 'Service temporarily unavailable.' }], code: 503, message: 'Service temporarily unavailable.' });
});

test('on the AppMetrica port of its own the Management API answers at root', async () => {
  const t = await t0();
  const res = await t.injectOwnPort('appmetrica', { url: '/management/v1/application/1111', headers: AUTH });
  expect(res.statusCode).toBe(200);
  expect((res.json() as { application: { time_zone_name: string } }).application.time_zone_name).toBe('Europe/Moscow');
});
