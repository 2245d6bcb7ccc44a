/**
 * The dashboard in a real browser: Debian's headless Chromium driven by playwright-core (which
 * downloads no browser of its own). Skips, saying why, only when /usr/bin/chromium is absent;
 * `.ci/run` installs it.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { createTestStand, type TestStand } from '../../src/testing/index.js';
import { AUTH, exportUrl } from '../appmetrica/helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) {
  console.warn(
    `dashboard browser tests skipped: ${CHROMIUM} not found. Install Debian's Chromium to run them: apt-get update && apt-get install -y chromium`,
  );
}

/** Runs `body` with a stand on a real socket (port 0, manual clock) and a fresh headless Chromium. */
async function withBrowser(options: { adminToken?: string }, body: (t: TestStand, page: Page) => Promise<void>): Promise<void> {
  const { chromium } = await import('playwright-core');
  const t = await createTestStand({ listen: true, ...options });
  const profile = mkdtempSync(join(tmpdir(), 'async-stand-chromium-'));
  let browser: BrowserContext | undefined;
  try {
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1400, height: 900 },
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const page = await browser.newPage();
    page.setDefaultTimeout(5_000);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await body(t, page);
    expect(errors, 'errors in the page').toEqual([]);
  } finally {
    await browser?.close();
    await t.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

test.skipIf(!hasChromium)('the dashboard shows a new export, and shows it ready after a click on "advance 1 h", pushed live; the client report panel links to the journal', async () => {
  await withBrowser({}, async (t, page) => {
    await page.goto(`${t.url}/_stand/ui`);
    await page.locator('#live[data-state="on"]').waitFor();
    await page.getByText('no jobs yet: send a request to one of the APIs').waitFor();
    // Marks this page load: if the page were reloaded to update, the mark would be gone.
    await page.evaluate(() => Object.assign(globalThis, { standMark: 1 }));

    const res = await fetch(`${t.url}${exportUrl()}`, { headers: AUTH });
    expect(res.status).toBe(202);
    const id = t.stand.jobs()[0]!.id;
    const row = page.locator(`tr[data-job="${id}"]`);
    await row.waitFor();
    expect(await row.getAttribute('data-state')).toBe('preparing');
    await page.locator('[data-api="appmetrica"] .queue', { hasText: 'application 1111' }).waitFor();
    await page.locator('#requests-body td', { hasText: '/appmetrica/logs/v1/export/events.json' }).first().waitFor();

    await page.getByRole('button', { name: 'advance 1 h' }).click();
    await page.locator(`tr[data-job="${id}"][data-state="ready"]`).waitFor();
    expect(t.stand.job('appmetrica', id).state).toBe('ready');
    expect(await page.locator('#clock-now').textContent()).toBe('2026-01-01 01:00:00.000 UTC');
    expect(await page.evaluate(() => (globalThis as { standMark?: number }).standMark)).toBe(1);

    // The job's timeline: click the row, see its transitions.
    await row.click();
    await page.locator('#job-detail .tl.big .seg', { hasText: 'ready' }).waitFor();
    expect(await page.locator('#job-detail tbody tr').count()).toBe(3);

    // The client report panel: a call the stand cannot check is an (info) finding; its evidence
    // opens that client's requests in the journal.
    await fetch(`${t.url}/toloka/api/v1/no-such-route`, { headers: { authorization: 'OAuth someone-else' } });
    const finding = page.locator('#report-body tr', { hasText: 'UNEMULATED_CALL' });
    await finding.waitFor();
    expect(await finding.textContent()).toContain('info');
    await finding.getByRole('button', { name: '#2' }).click();
    await expect.poll(() => page.locator('#requests-body tr').count(), { timeout: 5_000 }).toBe(1);
    expect(await page.locator('#requests-account').inputValue()).toMatch(/…\(\w{4}\)$/);
    expect(await page.locator('#requests-body').textContent()).toContain('/toloka/api/v1/no-such-route');

    mkdirSync('test-results', { recursive: true });
    await page.screenshot({ path: 'test-results/dashboard.png', fullPage: true });
  });
});

test.skipIf(!hasChromium)('with an admin token the page asks for it once, then reads and streams with it', async () => {
  const token = 'dashboard-admin-token';
  await withBrowser({ adminToken: token }, async (t, page) => {
    await page.goto(`${t.url}/_stand/ui`);
    const dialog = page.locator('dialog#login');
    await dialog.waitFor();
    await page.getByLabel('admin token').fill('wrong-token-123');
    await page.getByRole('button', { name: 'open' }).click();
    await page.getByText('that token was refused').waitFor();
    await page.getByLabel('admin token').fill(token);
    await page.getByRole('button', { name: 'open' }).click();
    await page.locator('#live[data-state="on"]').waitFor();
    expect(await dialog.isVisible()).toBe(false);

    await fetch(`${t.url}${exportUrl()}`, { headers: AUTH });
    const id = t.stand.jobs()[0]!.id;
    await page.locator(`tr[data-job="${id}"]`).waitFor();
    await page.getByRole('button', { name: `complete job ${id}` }).click();
    await page.locator(`tr[data-job="${id}"][data-state="ready"]`).waitFor();
  });
});

test.skipIf(!hasChromium)('a pool the crowd works on shows its progress: answers done of planned, assignments by status, pushed live as the clock moves', async () => {
  await withBrowser({}, async (t, page) => {
    const headers = { authorization: 'OAuth crowd', 'content-type': 'application/json' };
    const tasks = [1, 2, 3].map((i) => ({ pool_id: '2', input_values: { image: `https://example.com/${i}.jpg` }, overlap: 2 }));
    expect((await fetch(`${t.url}/toloka/api/v1/tasks`, { method: 'POST', headers, body: JSON.stringify(tasks) })).status).toBe(201);
    expect((await fetch(`${t.url}/toloka/api/v1/pools/2/open`, { method: 'POST', headers: { authorization: headers.authorization } })).status).toBe(202);
    await page.goto(`${t.url}/_stand/ui`);
    const row = page.locator('[data-api="toloka"] [data-progress="crowd 2"]');
    await row.waitFor();
    expect(await row.textContent()).toContain('0 of 6 answers');
    await page.getByRole('button', { name: 'advance 1 h' }).click();
    await row.getByText('6 of 6 answers').waitFor();
    await row.getByText('ACCEPTED 6').waitFor();
    expect(await row.locator('.badge').first().textContent()).toBe('CLOSED');
  });
});
