import { request } from 'undici';
import { expect, onTestFinished, test } from 'vitest';
import { stand } from '../helpers.js';
import { AUTH, body, submit } from './helpers.js';

type Attempt = { jobId: string; method: string; attempt: number; status: number | null; ok: boolean; payload: string };

test('X-Callback-Location: once done, the stand POSTs response_id, response_url (absolute) and response_http_code, form-encoded', async () => {
  const t = await stand();
  onTestFinished(t.close);
  const sink = await t.callbackSink();
  const { res, id } = await submit(t, {
    method: 'POST',
    rest: 'v2/campaigns.json',
    payload: { name: 'With a callback', package_id: 814 },
    headers: { host: 'stand.test:8443', 'x-callback-location': `${sink.url}/hook?source=stand` },
  });
  expect(res.statusCode).toBe(202);

  t.advance(1499);
  expect(sink.received).toHaveLength(0);
  t.advance(1);
  const [cb] = await sink.waitFor(1);
  expect(cb!.method).toBe('POST');
  expect(cb!.url).toBe('/hook?source=stand');
  expect(cb!.headers['content-type']).toBe('application/x-www-form-urlencoded');
  expect(cb!.form).toEqual({
    response_id: id,
    response_url: `http://stand.test:8443/mytarget/async_api/v2/responses/${id}.json`,
    response_http_code: '200',
  });

  await t.stand.settle();
  const journal = body<{ items: Attempt[] }>(await t.inject({ url: '/_stand/journal/callbacks?api=mytarget' }));
  expect(journal.items.map((a) => [a.jobId, a.method, a.attempt, a.status, a.ok])).toEqual([[id, 'POST', 1, 200, true]]);
});

test('X-Callback-Method: GET sends the three parameters in the query string', async () => {
  const t = await stand();
  onTestFinished(t.close);
  const sink = await t.callbackSink();
  const { id } = await submit(t, {
    rest: 'v2/campaigns/424242.json',
    headers: { 'x-callback-location': `${sink.url}/cb?x=1`, 'x-callback-method': 'get' },
  });
  t.advance(1500);
  const [cb] = await sink.waitFor(1);
  expect(cb!.method).toBe('GET');
  expect(cb!.body).toBe('');
  expect(cb!.query).toEqual({
    x: '1',
    response_id: id,
    response_url: `http://localhost:80/mytarget/async_api/v2/responses/${id}.json`,
    response_http_code: '404',
  });
});

test('with config.publicUrl the response_url is built from it, not from the Host header', async () => {
  const t = await stand({ publicUrl: 'https://stand.example.com/' });
  onTestFinished(t.close);
  const sink = await t.callbackSink();
  const { id } = await submit(t, { rest: 'v2/user.json', headers: { 'x-callback-location': sink.url } });
  t.advance(1500);
  const [cb] = await sink.waitFor(1);
  expect(cb!.form.response_url).toBe(`https://stand.example.com/mytarget/async_api/v2/responses/${id}.json`);
});

test('a receiver that fails twice gets retries with backoff on the stand clock; every attempt is journaled', async () => {
  const t = await stand();
  onTestFinished(t.close);
  const sink = await t.callbackSink((n) => (n < 2 ? 500 : 200));
  const { id } = await submit(t, { rest: 'v2/user.json', headers: { 'x-callback-location': sink.url } });

  t.advance(1500);
  await sink.waitFor(1);
  await t.stand.settle(); // attempt 1 answered 500; attempt 2 waits 1000 ms (scenario default backoff)
  t.advance(999);
  expect(sink.received).toHaveLength(1);
  t.advance(1);
  await sink.waitFor(2);
  await t.stand.settle(); // attempt 2 failed; attempt 3 waits 2000 ms (backoffFactor 2)
  t.advance(2000);
  await sink.waitFor(3);
  await t.stand.settle();

  expect(sink.received.map((r) => r.form.response_id)).toEqual([id, id, id]);
  const attempts = t.stand.callbackAttempts({ api: 'mytarget', jobId: id });
  expect(attempts.map((a) => [a.attempt, a.status, a.ok, a.at])).toEqual([
    [1, 500, false, '2026-01-01T00:00:01.500Z'],
    [2, 500, false, '2026-01-01T00:00:02.500Z'],
    [3, 200, true, '2026-01-01T00:00:04.500Z'],
  ]);
  t.advance(60_000);
  expect(sink.received).toHaveLength(3);
});

test('a receiver that never answers does not hold the stand: other calls are answered and run meanwhile', async () => {
  const t = await stand();
  onTestFinished(t.close);
  const sink = await t.callbackSink(() => 'hang');
  const hanging = await submit(t, { rest: 'v2/user.json', headers: { 'x-callback-location': sink.url } });
  const next = await submit(t, { rest: 'v2/banners.json' });
  t.advance(1500);
  await sink.waitFor(1); // the callback is on the wire, unanswered

  expect((await t.inject({ url: '/mytarget/api/v2/user.json', headers: AUTH })).statusCode).toBe(200);
  expect((await t.inject({ url: hanging.location, headers: AUTH })).statusCode).toBe(303);
  t.advance(1500);
  expect((await t.inject({ url: next.location, headers: AUTH })).statusCode).toBe(303);
  expect((await submit(t, { rest: 'v2/user.json' })).res.statusCode).toBe(202);
  expect(t.stand.clockInfo().callbacksInFlight).toBe(1);
  expect(t.stand.callbackAttempts({ api: 'mytarget' })).toHaveLength(0);
});

test('a call that ends unknown sends no callback', async () => {
  const t = await stand();
  onTestFinished(t.close);
  const sink = await t.callbackSink();
  const crash = await submit(t, {
    rest: 'v2/user.json',
    headers: { 'x-callback-location': sink.url, 'x-stand-scenario': '{"action":{"type":"unknown"}}' },
  });
  const fine = await submit(t, { rest: 'v2/user.json', headers: { 'x-callback-location': sink.url } });
  t.advance(3000);
  const [only] = await sink.waitFor(1);
  await t.stand.settle();
  expect(only!.form.response_id).toBe(fine.id);
  expect(t.stand.job('mytarget', crash.id).state).toBe('unknown');
  expect(sink.received).toHaveLength(1);
});

test('a bad callback is refused at submission with 400 and nothing is queued', async () => {
  const t = await stand();
  onTestFinished(t.close);
  const refused = async (headers: Record<string, string>) => {
    const { res } = await submit(t, { rest: 'v2/user.json', headers });
    expect(res.statusCode).toBe(400);
    return body<{ error: { code: string; message: string } }>(res).error;
  };
  expect(await refused({ 'x-callback-location': 'ftp://files.example/cb' })).toEqual({
    code: 'bad_request',
    message: 'X-Callback-Location must be an http or https URL, got ftp',
  });
  expect((await refused({ 'x-callback-location': '/relative/cb' })).message).toMatch(/^X-Callback-Location is not an absolute URL/);
  expect((await refused({ 'x-callback-location': 'http://client.example/cb', 'x-callback-method': 'PUT' })).message).toBe(
    'X-Callback-Method must be POST or GET, got "PUT"',
  );
  expect((await refused({ 'x-callback-method': 'GET' })).message).toMatch(/^X-Callback-Method needs X-Callback-Location/);

  t.stand.activateScenario({ version: 1, callbacks: { allowHosts: ['127.0.0.1', 'hooks.example'] } });
  expect((await refused({ 'x-callback-location': 'https://evil.example/cb' })).message).toBe(
    'X-Callback-Location host evil.example is not allowed; the scenario allows callbacks to: 127.0.0.1, hooks.example',
  );
  expect((await submit(t, { rest: 'v2/user.json', headers: { 'x-callback-location': 'https://hooks.example/cb' } })).res.statusCode).toBe(202);
  expect(t.stand.jobs({ api: 'mytarget' })).toHaveLength(1);
});

test('over real sockets on the dedicated port (mytargetPort 0): Location and response_url have no prefix', async () => {
  const t = await stand({ listen: true, mytargetPort: 0 });
  onTestFinished(t.close);
  const sink = await t.callbackSink();
  const base = t.running!.urls.mytarget;
  expect(base).not.toContain('/mytarget');

  const res = await request(`${base}/async_api/v2/user.json`, { headers: { ...AUTH, 'x-callback-location': sink.url } });
  await res.body.dump();
  expect(res.statusCode).toBe(202);
  expect(res.headers.location).toBe('/async_api/v2/requests/1.json');

  t.advance(1500);
  const [cb] = await sink.waitFor(1);
  expect(cb!.form.response_url).toBe(`${base}/async_api/v2/responses/1.json`);
  const replay = await request(cb!.form.response_url!, { headers: AUTH });
  expect(replay.statusCode).toBe(200);
  expect(((await replay.body.json()) as { username: string }).username).toBe('advertiser@example.com');

  // The done call's status, polled on either listener, points at that listener's response URL.
  for (const [url, prefix] of [[`${base}/async_api/v2/requests/1.json`, ''], [`${t.running!.url}/mytarget/async_api/v2/requests/1.json`, '/mytarget'], [`${base}/async_api/v2/requests/1.json`, '']] as const) {
    const status = await request(url, { headers: AUTH });
    expect(status.statusCode).toBe(303);
    expect(status.headers.location).toBe(`${prefix}/async_api/v2/responses/1.json`);
    expect(((await status.body.json()) as { response_url: string }).response_url).toBe(`${prefix}/async_api/v2/responses/1.json`);
  }
});

test('a scenario can script callback failures for a host: the receiver only sees the attempt after them', async () => {
  const t = await stand();
  onTestFinished(t.close);
  const sink = await t.callbackSink();
  t.stand.activateScenario({
    version: 1,
    mytarget: { faults: [{ match: { host: '127.0.0.1' }, times: 2, action: { type: 'callback', outcome: 'refuse' } }] },
    callbacks: { backoffMs: 100, backoffFactor: 1 },
  });
  const { id } = await submit(t, { rest: 'v2/user.json', headers: { 'x-callback-location': sink.url } });
  t.advance(1500);
  await t.stand.settle();
  t.advance(100);
  await t.stand.settle();
  t.advance(100);
  const [cb] = await sink.waitFor(1);
  await t.stand.settle();
  expect(cb!.form.response_id).toBe(id);
  expect(t.stand.callbackAttempts({ jobId: id }).map((a) => [a.attempt, a.ok, a.error])).toEqual([
    [1, false, 'ECONNREFUSED (scripted)'],
    [2, false, 'ECONNREFUSED (scripted)'],
    [3, true, null],
  ]);
});

test('callback fault rules match the call the callback reports on: its token and its submitted path', async () => {
  const t = await stand();
  onTestFinished(t.close);
  t.stand.activateScenario({
    version: 1,
    mytarget: { faults: [{ match: { token: 'cb-refused', path: '/async_api/v2/user.json' }, action: { type: 'callback', outcome: 503 } }] },
    callbacks: { retries: 0 },
  });
  const sink = await t.callbackSink();
  const headers = (token: string) => ({ authorization: `Bearer ${token}`, 'x-callback-location': `${sink.url}/cb` });
  // The rule's token and path: the receiver "answers" 503 (scripted), nothing reaches it.
  await t.inject({ url: '/mytarget/async_api/v2/user.json', headers: headers('cb-refused') });
  // Another path of the same token, and the same path of another token: delivered.
  await t.inject({ url: '/mytarget/async_api/v2/packages.json', headers: headers('cb-refused') });
  await t.inject({ url: '/mytarget/async_api/v2/user.json', headers: headers('cb-other') });
  t.advance(60_000);
  await sink.waitFor(2);
  await t.stand.settle();
  // Two receivers' answers come back in any order: sorted by job.
  expect(t.stand.callbackAttempts().map((a) => [a.jobId, a.status, a.ok]).sort()).toEqual([
    ['1', 503, false],
    ['2', 200, true],
    ['3', 200, true],
  ]);
  expect(sink.received.map((r) => r.form.response_id).sort()).toEqual(['2', '3']);
});
