/**
 * npm run docs:screenshot: writes docs/dashboard.png, the dashboard of a stand with a little going
 * on (exports ready, failed, preparing and queued on two applications, a one-shot fault queued,
 * a few refused requests), taken by Debian's headless Chromium (apt-get install -y chromium).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { PACKAGE_ROOT } from '../src/scenarios/loader.js';
import { createTestStand } from '../src/testing/index.js';

const out = join(PACKAGE_ROOT, 'docs', 'dashboard.png');
const t = await createTestStand({ listen: true });
const base = t.url!;

function url(app: number, table: string, fields: string, extra = ''): string {
  const q = `application_id=${app}&date_since=2026-01-01%2000:00:00&date_until=2026-01-01%2023:59:59&fields=${fields}${extra}`;
  return `${base}/appmetrica/logs/v1/export/${table}?${q}`;
}
const as = (token: string) => ({ authorization: `OAuth ${token}` });
const get = (u: string, token = 'test-token') => fetch(u, { headers: as(token) }).then((r) => r.arrayBuffer());

t.stand.activateScenario({ version: 1, description: 'Dashboard tour: exports queue per application, five at most.', appmetrica: { maxQueuedPerApp: 5 } });
// A file that became ready and was downloaded; one that failed (a one-shot fault).
await get(url(1111, 'installations.csv', 'installation_id,os_name'));
t.advance(5_000);
await get(url(1111, 'installations.csv', 'installation_id,os_name'));
t.stand.enqueueFault('appmetrica', { action: { type: 'fail', status: 500, message: 'scripted failure' } });
await get(url(1111, 'crashes.json', 'crash,os_name'));
t.advance(4_000);
await get(url(1111, 'crashes.json', 'crash,os_name'));
t.advance(600_000);
// Now: one export preparing and three queued behind it on application 1111, one preparing on 2222,
// and two requests refused (no token, a token without access).
await get(url(1111, 'events.json', 'event_name,event_datetime,os_name'));
await get(url(1111, 'events.json', 'event_name', '&limit=1000'));
await get(url(1111, 'sessions_starts.csv', 'session_id,appmetrica_device_id'));
await get(url(1111, 'clicks.json', 'publisher_name,tracker_name'));
await get(url(2222, 'events.json', 'event_name'), 'app2222-token');
await fetch(url(1111, 'events.json', 'event_name'));
await get(url(2222, 'events.json', 'event_name'), 'someone-else');
t.advance(1_500);
await get(url(1111, 'events.json', 'event_name,event_datetime,os_name'));
t.stand.enqueueFault('appmetrica', { match: { path: '/logs/v1/export/*' }, action: { type: 'status', status: 429, retryAfter: 1 } });

const profile = mkdtempSync(join(tmpdir(), 'async-stand-chromium-'));
const browser = await chromium.launchPersistentContext(profile, {
  executablePath: '/usr/bin/chromium',
  headless: true,
  viewport: { width: 1440, height: 900 },
  colorScheme: 'light',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage();
  await page.goto(`${base}/_stand/ui`);
  await page.locator('#live[data-state="on"]').waitFor();
  const running = t.stand.jobs({ state: 'preparing' })[0]!;
  await page.locator(`tr[data-job="${running.id}"]`).click();
  await page.locator('#job-detail .tl.big').waitFor();
  await page.screenshot({ path: out, fullPage: true });
  process.stdout.write(`wrote ${out}\n`);
} finally {
  await browser.close();
  await t.close();
  rmSync(profile, { recursive: true, force: true });
}
