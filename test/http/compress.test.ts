/**
 * HTTP compression (src/http/compress.ts): gzip only, answers of 1 KiB and more and streams,
 * when the client accepts gzip; request bodies inflated.
 */
import { gunzipSync, gzipSync, deflateSync } from 'node:zlib';
import { expect, test } from 'vitest';
import { acceptsGzip } from '../../src/http/compress.js';
import { AUTH, get, post, tolokaStand, untilDone } from '../toloka/helpers.js';

const tasks = (n: number) => Array.from({ length: n }, (_, i) => ({ pool_id: '1', overlap: 1, input_values: { image: `https://example.com/${i}.jpg` } }));

/** A finished 50-task operation: its log is several KiB. */
async function bigLog() {
  const t = await tolokaStand();
  const op = JSON.parse((await post(t, '/tasks?async_mode=true', tasks(50))).body) as { id: string };
  untilDone(t, op.id);
  return { t, path: `/operations/${op.id}/log` };
}

test('Accept-Encoding: gzip, x-gzip and * with q above 0 accept gzip; q=0 and other codings do not', () => {
  expect(acceptsGzip('gzip')).toBe(true);
  expect(acceptsGzip('gzip, deflate, br')).toBe(true);
  expect(acceptsGzip('x-gzip')).toBe(true);
  expect(acceptsGzip('*')).toBe(true);
  expect(acceptsGzip('deflate, br;q=1.0, gzip;q=0.5')).toBe(true);
  expect(acceptsGzip('gzip;q=0')).toBe(false);
  expect(acceptsGzip('*, gzip;q=0')).toBe(false);
  expect(acceptsGzip('*;q=0')).toBe(false);
  expect(acceptsGzip('deflate, br')).toBe(false);
  expect(acceptsGzip('identity')).toBe(false);
  expect(acceptsGzip(undefined)).toBe(false);
  expect(acceptsGzip('')).toBe(false);
});

test('an answer of 1 KiB or more is gzipped when accepted, with Vary and its compressed length', async () => {
  const { t, path } = await bigLog();
  const plain = await get(t, path);
  expect(plain.body.length).toBeGreaterThan(1024);
  expect(plain.headers['content-encoding']).toBeUndefined();
  const gz = await get(t, path, { ...AUTH, 'accept-encoding': 'gzip, deflate' });
  expect(gz.headers['content-encoding']).toBe('gzip');
  expect(gz.headers.vary).toMatch(/accept-encoding/i);
  expect(gz.headers['content-length']).toBe(String(gz.rawPayload.length));
  expect(gunzipSync(gz.rawPayload).toString('utf8')).toBe(plain.body);
});

test('no gzip when refused (q=0), when only other codings are accepted, or with X-No-Compression', async () => {
  const { t, path } = await bigLog();
  const cases: Record<string, string>[] = [{ 'accept-encoding': 'gzip;q=0' }, { 'accept-encoding': 'br, deflate' }, { 'accept-encoding': 'gzip', 'x-no-compression': '1' }];
  for (const headers of cases) {
    const res = await get(t, path, { ...AUTH, ...headers });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBeUndefined();
  }
});

test('a request body sent with Content-Encoding gzip or deflate is inflated before parsing', async () => {
  const t = await tolokaStand();
  for (const [encoding, zip] of [['gzip', gzipSync], ['deflate', deflateSync]] as const) {
    const res = await t.inject({
      method: 'POST',
      url: '/toloka/api/v1/tasks?async_mode=true',
      headers: { ...AUTH, 'content-type': 'application/json', 'content-encoding': encoding },
      payload: zip(JSON.stringify(tasks(3))),
    });
    expect(res.statusCode, res.body).toBe(202);
    expect(JSON.parse(res.body).details).toEqual({ items_count: 3 });
  }
});

test('an unknown Content-Encoding is a 415 and a corrupt gzip body a 400, in the API error shape', async () => {
  const t = await tolokaStand();
  const send = (encoding: string, payload: Buffer) =>
    t.inject({ method: 'POST', url: '/toloka/api/v1/tasks', headers: { ...AUTH, 'content-type': 'application/json', 'content-encoding': encoding }, payload });
  const unknown = await send('compress', Buffer.from('[]'));
  expect(unknown.statusCode).toBe(415);
  expect(JSON.parse(unknown.body)).toMatchObject({ code: expect.any(String), message: expect.any(String) });
  const corrupt = await send('gzip', Buffer.from('not gzip at all'));
  expect(corrupt.statusCode).toBe(400);
  expect(JSON.parse(corrupt.body)).toMatchObject({ code: expect.any(String), message: expect.stringContaining('gzip') });
});
