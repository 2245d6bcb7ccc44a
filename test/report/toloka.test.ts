/** The client report's Toloka rules: a client that breaks each, and one that does not. */
import { expect, onTestFinished, test } from 'vitest';
import { createTestStand, type TestStand } from 'async-stand/testing';

const H = { authorization: 'OAuth tl-client', 'content-type': 'application/json' };
const TASK = { pool_id: '1', overlap: 1, input_values: { image: 'https://example.com/1.jpg' } };
const USER = 'ec00d2407f7241258d0faba610110d95';
const BONUS = { user_id: USER, amount: 1, without_message: true, private_comment: 'task 42' };
const uuid = (n: number) => `6f2b1c3d-0000-4000-8000-${String(n).padStart(12, '0')}`;

async function stand(toloka: Record<string, unknown> = {}): Promise<TestStand> {
  const t = await createTestStand();
  onTestFinished(t.close);
  t.stand.activateScenario({ version: 1, toloka: { pending: 0, running: 2_000, crowd: { workers: 0 }, ...toloka } });
  return t;
}
const codes = (t: TestStand) => t.stand.report({ api: 'toloka', token: 'tl-client' }).clients.flatMap((c) => c.findings.map((f) => f.code));
const post = (t: TestStand, url: string, payload: unknown) => t.inject({ method: 'POST', url: `/toloka/api/v1${url}`, headers: H, payload: payload as object });
const get = (t: TestStand, url: string) => t.inject({ url: `/toloka/api/v1${url}`, headers: H });

test('a batch create without operation_id, its operation polled in a loop: two findings; with one, polled each second: none', async () => {
  const t = await stand();
  const op = (await post(t, '/tasks?async_mode=true', [TASK])).json();
  for (let i = 0; i < 4; i++) await get(t, `/operations/${op.id}`);
  expect(codes(t).sort()).toEqual(['TOLOKA_BATCH_WITHOUT_OPERATION_ID', 'TOLOKA_OPERATION_POLLED_TOO_OFTEN']);

  const good = await stand();
  const op2 = (await post(good, `/tasks?async_mode=true&operation_id=${uuid(1)}`, [TASK])).json();
  let status = 'PENDING';
  while (status !== 'SUCCESS') {
    good.advance(1_000);
    status = (await get(good, `/operations/${op2.id}`)).json().status;
  }
  expect(codes(good)).toEqual([]);
});

test('an operation seen FAIL whose log is never read is a finding; reading the log clears it', async () => {
  const t = await stand();
  const op = (await post(t, `/tasks?async_mode=true&operation_id=${uuid(2)}`, [{ pool_id: '1', overlap: 1, input_values: {} }])).json();
  t.advance(5_000);
  expect((await get(t, `/operations/${op.id}`)).json().status).toBe('FAIL');
  expect(codes(t)).toEqual(['TOLOKA_LOG_NOT_READ_AFTER_FAIL']);
  await get(t, `/operations/${op.id}/log`);
  expect(codes(t)).toEqual([]);
});

test('a 429 retried before its interval is a finding; after the window, none', async () => {
  const t = await stand({ rateLimits: [{ limit: 1, interval: 'MIN' }] });
  await get(t, '/pools/1');
  expect((await get(t, '/pools/1')).statusCode).toBe(429);
  t.advance(5_000);
  await get(t, '/pools/1');
  expect(codes(t)).toEqual(['TOLOKA_429_RETRIED_EARLY']);

  const patient = await stand({ rateLimits: [{ limit: 1, interval: 'MIN' }] });
  await get(patient, '/pools/1');
  expect((await get(patient, '/pools/1')).statusCode).toBe(429);
  patient.advance(60_000);
  await get(patient, '/pools/1');
  expect(codes(patient)).toEqual([]);
});

test('the same bonus (user, private_comment) paid twice without a check is a finding; checking first is not', async () => {
  const t = await stand();
  await post(t, `/user-bonuses?async_mode=true&operation_id=${uuid(3)}`, [BONUS]);
  t.advance(5_000);
  await post(t, `/user-bonuses?async_mode=true&operation_id=${uuid(4)}`, [BONUS]);
  expect(codes(t)).toEqual(['TOLOKA_BONUS_WITHOUT_DUPLICATE_CHECK']);

  const careful = await stand();
  await post(careful, `/user-bonuses?async_mode=true&operation_id=${uuid(3)}`, [BONUS]);
  careful.advance(5_000);
  await get(careful, `/user-bonuses?user_id=${USER}`);
  await post(careful, `/user-bonuses?async_mode=true&operation_id=${uuid(5)}`, [{ ...BONUS, private_comment: 'task 43' }]);
  expect(codes(careful)).toEqual([]);
});

test('an app batch polled while NEW and never started is a finding; a started one polled is not', async () => {
  const t = await stand({ apps: { checkMs: 0 } });
  const v0 = (method: 'GET' | 'POST', url: string, payload?: unknown) =>
    t.inject({ method, url: `/toloka/api/app/v0${url}`, headers: payload === undefined ? { authorization: H.authorization } : H, ...(payload === undefined ? {} : { payload: payload as object }) });
  const params = { name: 'n', default_language: 'en', option_multiple_choice: false, option_other: false, instruction_intro: 'i', instruction_classes: [{ label: 'A', value: 'A' }, { label: 'B', value: 'B' }], instruction_examples: [] };
  const project = (await v0('POST', '/app-projects', { app_id: '2eN4l59qL2xHB5b8Jqp6', name: 'p', parameters: params })).json().id;
  t.advance(1);
  const forgotten = (await v0('POST', `/app-projects/${project}/batches`, { items: [{ text: 'a' }] })).json().id;
  const started = (await v0('POST', `/app-projects/${project}/batches`, { items: [{ text: 'b' }] })).json().id;
  expect((await v0('POST', `/app-projects/${project}/batches/${started}/start`)).statusCode).toBe(200);
  for (let i = 0; i < 3; i++) {
    t.advance(10_000);
    for (const id of [forgotten, started]) await v0('GET', `/app-projects/${project}/batches/${id}`);
  }
  const findings = t.stand.report({ api: 'toloka', token: 'tl-client' }).clients.flatMap((c) => c.findings);
  expect(findings.map((f) => f.code)).toEqual(['TOLOKA_APP_BATCH_NEVER_STARTED']);
  expect(JSON.stringify(findings[0])).toContain(`app batch ${forgotten} was polled 3 times while NEW and never started`);
});
