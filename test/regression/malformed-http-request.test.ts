/**
 * Found with the fuzz suite's header-injection cases, sent over a real socket: a request Node's
 * HTTP parser refuses (CR/LF or a space smuggled into the request target, a NUL in a header, an
 * unknown method, headers over 16 KiB) was answered by Fastify's default client-error handler
 * `{"error":"Bad Request","message":"Client Error","statusCode":400}`, whatever API it was sent
 * to. Now it is the API's own error shape (found from the request line), else the admin shape.
 * Also: a raw "/appmetrica/../_stand/reset" (no client-side normalization) stays an AppMetrica
 * path; it never reaches the admin API.
 */
import { connect } from 'node:net';
import { expect, onTestFinished, test } from 'vitest';
import { stand } from '../helpers.js';

/** Sends raw bytes, returns what came back before the server closed (or 2 s passed). */
async function raw(url: string, bytes: string): Promise<{ status: number; headers: Record<string, string>; body: string }> {
  const { hostname, port } = new URL(url);
  const text = await new Promise<string>((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.end(bytes));
    let out = '';
    socket.setEncoding('latin1');
    socket.on('data', (d: string) => (out += d));
    socket.on('close', () => resolve(out));
    socket.on('error', (e) => (out ? resolve(out) : reject(e)));
    socket.setTimeout(2000, () => socket.destroy());
  });
  const [head = '', body = ''] = text.split('\r\n\r\n', 2);
  const [statusLine = '', ...lines] = head.split('\r\n');
  const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
  return { status: Number(statusLine.split(' ')[1]), headers, body: Buffer.from(body, 'latin1').toString('utf8') };
}

test('requests the HTTP parser refuses are answered in the shape of the API they were sent to', async () => {
  const t = await stand({ listen: true });
  onTestFinished(t.close);
  const url = t.url!;

  // CR/LF in the request target: Node reads what follows as a header of the request (harmless, it
  // is the client's own request); the answer carries no smuggled header.
  const smuggled = await raw(url, 'GET /toloka/api/v1/tasks/x\r\nX-Fuzz-Injected: 1 HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n');
  expect(smuggled.status).toBe(401);
  expect(smuggled.headers['x-fuzz-injected']).toBeUndefined();
  expect(JSON.parse(smuggled.body)).toMatchObject({ code: 'AUTHENTICATION_ERROR' });

  const toloka = await raw(url, 'GET /toloka/api/v1/tasks HTTP/1.1\r\nHost: a\r\nNo colon here\r\n\r\n');
  expect(toloka.status).toBe(400);
  expect(toloka.headers['content-type']).toMatch(/^application\/json/);
  expect(Object.keys(JSON.parse(toloka.body)).sort()).toEqual(['code', 'message', 'payload', 'request_id']);

  const mytarget = await raw(url, 'GET /mytarget/api/v2/a b.json HTTP/1.1\r\nHost: a\r\n\r\n');
  expect(mytarget.status).toBe(400);
  expect(JSON.parse(mytarget.body)).toEqual({ error: { code: 'bad_request', message: expect.stringMatching(/not valid HTTP/) } });

  const appmetrica = await raw(url, 'GET /appmetrica/logs/v1/export/events.json HTTP/1.1\r\nHost: a\r\nAuthorization: OAuth \u0000x\r\n\r\n');
  expect(appmetrica.status).toBe(400);
  expect(appmetrica.headers['content-type']).toBe('text/plain');
  expect(appmetrica.body).toMatch(/not valid HTTP/);

  const method = await raw(url, 'FOO /appmetrica/logs/v1/export/events.json HTTP/1.1\r\nHost: a\r\n\r\n');
  expect(method.status).toBe(400);
  expect(method.headers['content-type']).toBe('text/plain');

  const huge = await raw(url, `GET /toloka/api/v1/tasks HTTP/1.1\r\nHost: a\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
  expect(huge.status).toBe(431);
  expect(JSON.parse(huge.body)).toMatchObject({ code: expect.any(String), message: expect.stringMatching(/headers are too large/), payload: null });

  const admin = await raw(url, 'GET /_stand/health HTTP/1.1\r\nHost: a\r\nNo colon here\r\n\r\n');
  expect(admin.status).toBe(400);
  expect(JSON.parse(admin.body)).toEqual({ error: { code: 'STAND_BAD_REQUEST', message: expect.stringMatching(/not valid HTTP/) } });

  // The stand still serves.
  expect((await raw(url, 'GET /_stand/health HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n')).status).toBe(200);
});

test('a raw path traversal from an API prefix stays in that API (it never reaches /_stand)', async () => {
  const t = await stand({ listen: true });
  onTestFinished(t.close);
  await t.inject({ url: '/mytarget/async_api/v2/user.json', headers: { authorization: 'Bearer a' } });
  expect(t.stand.jobs()).toHaveLength(1);

  for (const path of ['/appmetrica/../_stand/reset', '/toloka/%2e%2e/_stand/reset', '/mytarget/..%2f_stand/reset']) {
    // With a token, so that Toloka (which authenticates first) answers for the path itself.
    const res = await raw(t.url!, `POST ${path} HTTP/1.1\r\nHost: a\r\nAuthorization: OAuth a\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
    expect(res.status, path).toBe(404);
  }
  expect(t.stand.jobs()).toHaveLength(1);
});
