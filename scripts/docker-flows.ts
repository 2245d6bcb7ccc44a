/**
 * One full flow of each API, driven from outside the container (used by scripts/test-docker.sh).
 * Args: main URL, AppMetrica URL, myTarget URL, Toloka URL (the last three at root, as on the
 * real hosts). Time moves through the admin API: the container runs a manual clock.
 */
import { startCallbackSink } from '../src/testing/callback-sink.js';

const [main, appmetrica, mytarget, toloka] = process.argv.slice(2);
if (!main || !appmetrica || !mytarget || !toloka) throw new Error('usage: docker-flows MAIN APPMETRICA MYTARGET TOLOKA');

function check(ok: boolean, what: string): void {
  if (!ok) throw new Error(`docker flow failed: ${what}`);
  process.stdout.write(`test:docker:   ok ${what}\n`);
}

async function advance(ms: number): Promise<void> {
  const res = await fetch(`${main}/_stand/clock/advance`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ms }) });
  check(res.status === 200, `advance the clock ${ms} ms`);
}

/**
 * The dashboard ships inside dist/: the page, its script and its styles come from the image (the
 * script as the build bundled it into dist/admin/ui/app.js; the image has no esbuild to bundle it).
 */
async function dashboardFlow(): Promise<void> {
  const page = await fetch(`${main}/_stand/ui`);
  check(page.status === 200 && (await page.text()).includes('<script src="ui/app.js"'), 'dashboard page at /_stand/ui');
  const script = await fetch(`${main}/_stand/ui/app.js`);
  check(script.status === 200 && (await script.text()).startsWith("// async-stand's dashboard script, bundled by esbuild"), 'dashboard app.js (prebuilt)');
  const styles = await fetch(`${main}/_stand/ui/app.css`);
  check(styles.status === 200 && (await styles.text()).length > 1000, 'dashboard app.css');
}

async function appmetricaFlow(): Promise<void> {
  const url = `${appmetrica}/logs/v1/export/events.json?application_id=1111&date_since=2025-12-31&date_until=2025-12-31&fields=event_name,os_name`;
  const headers = { authorization: 'OAuth docker' };
  const first = await fetch(url, { headers });
  check(first.status === 202 && (await first.text()) === 'Your query is added to the queue.', 'AppMetrica export 202');
  await advance(3_600_000);
  const ready = await fetch(url, { headers });
  const body = (await ready.json()) as { data: unknown[] };
  check(ready.status === 200 && body.data.length === 20_000, 'AppMetrica export 200 with 20,000 rows');
}

async function mytargetFlow(): Promise<void> {
  const sink = await startCallbackSink();
  try {
    const headers = { authorization: 'Bearer docker', 'x-callback-location': `${sink.url}/done`, 'x-callback-method': 'POST' };
    const submit = await fetch(`${mytarget}/async_api/v2/user.json`, { headers, redirect: 'manual' });
    const location = submit.headers.get('location') ?? '';
    check(submit.status === 202 && /\/async_api\/v2\/requests\/[^/]+\.json$/.test(location), `myTarget async call 202 Location ${location}`);
    await advance(3_600_000);
    const status = await fetch(new URL(location, mytarget), { headers: { authorization: 'Bearer docker' }, redirect: 'manual' });
    const result = status.headers.get('location') ?? '';
    check(status.status === 303 && /\/async_api\/v2\/responses\/[^/]+\.json$/.test(result), 'myTarget status 303 See Other');
    const response = await fetch(new URL(result, mytarget), { headers: { authorization: 'Bearer docker' } });
    check(response.status === 200 && typeof ((await response.json()) as { id?: unknown }).id !== 'undefined', 'myTarget replayed response 200');
    const [callback] = await sink.waitFor(1);
    check(callback!.method === 'POST' && callback!.form.response_http_code === '200' && /^http/.test(callback!.form.response_url ?? ''), 'myTarget callback received on the host');
  } finally {
    await sink.close();
  }
}

async function tolokaFlow(): Promise<void> {
  const headers = { authorization: 'OAuth docker', 'content-type': 'application/json' };
  const items = [
    { pool_id: '1', input_values: { image: 'https://example.com/1.png' }, overlap: 1 },
    { pool_id: '1', input_values: { image: 'https://example.com/2.png', text: 'two' }, overlap: 1 },
  ];
  const submit = await fetch(`${toloka}/api/v1/tasks?async_mode=true`, { method: 'POST', headers, body: JSON.stringify(items) });
  const op = (await submit.json()) as { id: string; type: string };
  check(submit.status === 202 && op.type === 'TASK.BATCH_CREATE', 'Toloka batch 202 with an operation');
  await advance(3_600_000);
  const done = (await (await fetch(`${toloka}/api/v1/operations/${op.id}`, { headers })).json()) as { status: string };
  check(done.status === 'SUCCESS', 'Toloka operation SUCCESS');
  const log = (await (await fetch(`${toloka}/api/v1/operations/${op.id}/log`, { headers })).json()) as { type: string; success: boolean }[];
  check(log.length === 2 && log.every((e) => e.type === 'TASK_CREATE' && e.success), 'Toloka operation log: 2 TASK_CREATE steps');
}

await dashboardFlow();
await appmetricaFlow();
await mytargetFlow();
await tolokaFlow();
