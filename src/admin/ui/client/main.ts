/**
 * The dashboard's script (served as /_stand/ui/app.js; admin/ui/script.ts bundles it into one
 * file): wires the page's controls to the Dashboard (dashboard.ts) and starts it.
 *
 * This is browser code: its setTimeout/setInterval (toasts, debounced filters, a real clock's
 * display) run in the page. The stand's own rule (timers only in core/clock.ts and
 * core/scheduler.ts) is about the stand's code, which pushes rather than polls.
 */
import { Dashboard, TOKEN_KEY } from './dashboard.js';
import { $, debounce } from './dom.js';
import { fmtDur, parseAmount } from './format.js';
import { applyPreset, fillPresets, renderClock } from './render-controls.js';
import type { List } from './state.js';

/** A filter field: a list re-read from its first page on change (text: once typing pauses). */
function bindFilter<K extends string>(d: Dashboard, list: List<K, unknown>, key: K, id: string, isText = false): void {
  const el = $<HTMLInputElement | HTMLSelectElement>(id);
  const apply = () => {
    list.filters[key] = el.value.trim();
    list.offset = 0;
    d.refresh();
  };
  el.addEventListener(isText ? 'input' : 'change', isText ? debounce(apply, 250) : apply);
}

/** A link may carry the token (?token=...): kept for this tab, dropped from the address bar. */
function tokenFromAddress(): string {
  const url = new URL(location.href);
  const token = url.searchParams.get('token');
  if (token === null) return sessionStorage.getItem(TOKEN_KEY) ?? '';
  sessionStorage.setItem(TOKEN_KEY, token);
  url.searchParams.delete('token');
  history.replaceState(null, '', url.pathname + url.search + url.hash);
  return token;
}

function wireClock(d: Dashboard): void {
  const advance = (ms: number) => d.act(`clock +${fmtDur(ms)}`, 'clock/advance', { method: 'POST', body: { ms } });
  for (const b of document.querySelectorAll<HTMLElement>('[data-advance]')) b.addEventListener('click', () => advance(Number(b.dataset.advance)));
  $('advance-next').addEventListener('click', () => {
    const next = d.state.overview?.clock.nextTaskAt;
    if (next) d.act('clock moved to the next task', 'clock/advance', { method: 'POST', body: { to: next } });
  });
  $('advance-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const text = $<HTMLInputElement>('advance-amount').value;
    const ms = parseAmount(text);
    if (ms === null) d.toast(`cannot read "${text}": write e.g. 90s, 15m, 2h30m, 1d or plain milliseconds`, true);
    else advance(ms);
  });
  // A real clock moves between pushes: the page moves its display on by itself.
  setInterval(() => {
    const ov = d.state.overview;
    if (ov && ov.clock.mode === 'real' && !document.hidden) renderClock(ov, d.now());
  }, 250);
}

function wireControls(d: Dashboard): void {
  const scenario = $<HTMLSelectElement>('scenario-select');
  scenario.addEventListener('change', () => (d.state.scenarioPicked = scenario.value));
  $('scenario-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const name = scenario.value;
    d.state.scenarioPicked = null;
    d.act(`scenario ${name} is active`, 'scenario', { method: 'PUT', body: { name } });
  });
  const faultApi = $<HTMLSelectElement>('fault-api');
  faultApi.addEventListener('change', fillPresets);
  $('fault-preset').addEventListener('change', applyPreset);
  $('fault-form').addEventListener('submit', (e) => {
    e.preventDefault();
    let rule: unknown;
    try {
      rule = JSON.parse($<HTMLTextAreaElement>('fault-rule').value);
    } catch (err) {
      d.toast(`the rule is not valid JSON: ${(err as Error).message}`, true);
      return;
    }
    d.act(`fault queued for ${faultApi.value}`, 'scenario/queue', { method: 'POST', body: { api: faultApi.value, rule } });
  });
  $('reset').addEventListener('click', () => {
    if (!confirm('Reset the stand? Clock, jobs, journals and queued faults go back to the start.')) return;
    d.state.selected = null;
    d.act('the stand was reset', 'reset', { method: 'POST' });
  });
}

function wireToken(d: Dashboard): void {
  $('live').addEventListener('click', () => {
    if (!d.state.needsLogin) return;
    d.state.needsLogin = false;
    d.askToken();
  });
  $('token-forget').addEventListener('click', () => {
    sessionStorage.removeItem(TOKEN_KEY);
    d.state.token = '';
    location.reload();
  });
  const input = $<HTMLInputElement>('login-token');
  $('login-form').addEventListener('submit', () => {
    d.useToken(input.value.trim());
    input.value = '';
    d.refresh();
  });
}

function init(): void {
  const d = new Dashboard(tokenFromAddress());
  wireClock(d);
  wireControls(d);
  wireToken(d);
  const { jobs, requests, callbacks } = d.state;
  bindFilter(d, jobs, 'api', 'jobs-api');
  bindFilter(d, jobs, 'state', 'jobs-state');
  bindFilter(d, jobs, 'account', 'jobs-account', true);
  bindFilter(d, jobs, 'q', 'jobs-q', true);
  bindFilter(d, requests, 'api', 'requests-api');
  bindFilter(d, requests, 'account', 'requests-account', true);
  bindFilter(d, requests, 'status', 'requests-status', true);
  bindFilter(d, requests, 'path', 'requests-path', true);
  bindFilter(d, callbacks, 'api', 'callbacks-api');
  bindFilter(d, callbacks, 'jobId', 'callbacks-job', true);
  d.connect();
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
else init();
