/** The header's clock and the controls: scenario, one-shot faults, the list filters' options. */
import type { Dashboard } from './dashboard.js';
import { $, fill, h, setOptions } from './dom.js';
import { fmtDur, fmtFull, fmtWhen, num, t } from './format.js';
import type { FaultRule, Overview } from './types.js';

export function renderClock(ov: Overview, now: number): void {
  $('clock-now').textContent = `${fmtFull(now)} UTC`;
  $('clock-mode').textContent = ov.clock.mode === 'manual' ? 'manual clock' : `real clock ×${ov.clock.speed}`;
  const next = ov.clock.nextTaskAt;
  $('clock-next').textContent = next
    ? `next task ${fmtWhen(t(next), now)} (in ${fmtDur(t(next) - now)}) · ${num(ov.clock.pendingTasks)} pending`
    : 'nothing scheduled';
  $<HTMLButtonElement>('advance-next').disabled = !next;
}

function apiOptions(ov: Overview, all: boolean): [string, string][] {
  const opts = ov.apis.map((a): [string, string] => [a.name, a.name]);
  return all ? [['', 'all APIs'], ...opts] : opts;
}

export function renderControls(d: Dashboard, ov: Overview): void {
  const s = d.state;
  const names = [...ov.scenario.available];
  if (!names.includes(ov.scenario.name)) names.unshift(ov.scenario.name);
  setOptions(
    $<HTMLSelectElement>('scenario-select'),
    names.map((n): [string, string] => [n, n]),
    s.scenarioPicked ?? ov.scenario.name,
  );
  $('scenario-desc').textContent = `active: ${ov.scenario.name}${ov.scenario.description ? ` — ${ov.scenario.description}` : ''}`;
  setOptions($<HTMLSelectElement>('fault-api'), apiOptions(ov, false));
  fillPresets();
  const q = ov.scenario.queue;
  fill(
    $('fault-queue'),
    h('span', { class: 'muted', text: q.length ? 'queued: ' : 'no one-shot faults queued' }),
    q.map((shot) => h('span', { class: 'shot', title: JSON.stringify(shot.rule), text: `${shot.api}: ${describeRule(shot.rule)}` })),
  );
  setOptions($<HTMLSelectElement>('jobs-api'), apiOptions(ov, true), s.jobs.filters.api);
  setOptions($<HTMLSelectElement>('requests-api'), apiOptions(ov, true), s.requests.filters.api);
  setOptions($<HTMLSelectElement>('callbacks-api'), apiOptions(ov, true), s.callbacks.filters.api);
  // The states of the jobs in memory (of the API filtered for), with their counts.
  const { api, state } = s.jobs.filters;
  const states = new Map<string, number>();
  for (const a of ov.apis) {
    if (api && a.name !== api) continue;
    for (const [name, count] of Object.entries(a.byState)) states.set(name, (states.get(name) ?? 0) + count);
  }
  if (state && !states.has(state)) states.set(state, 0);
  const stateOptions = [...states.keys()].sort().map((name): [string, string] => [name, `${name} (${num(states.get(name) ?? 0)})`]);
  setOptions($<HTMLSelectElement>('jobs-state'), [['', 'all states'], ...stateOptions], state);
}

function describeRule(rule: FaultRule): string {
  const a = rule.action;
  let s = a.type;
  if (a.status) s += ` ${a.status}`;
  if (a.outcome) s += ` ${a.outcome}`;
  if (a.ms) s += ` ${a.ms} ms`;
  if (rule.match?.path) s += ` on ${rule.match.path}`;
  return s;
}

/** Faults a person often wants; `apis`: only these APIs have such a thing. */
const PRESETS: readonly { label: string; apis?: readonly string[]; rule: FaultRule }[] = [
  { label: 'the next request answers 500', rule: { action: { type: 'status', status: 500 } } },
  { label: 'the next request answers 429 (Retry-After 1)', rule: { action: { type: 'status', status: 429, retryAfter: 1 } } },
  { label: 'the next request is dropped', rule: { action: { type: 'drop' } } },
  { label: 'the next request waits 2 s (wall time)', rule: { action: { type: 'delay', ms: 2000 } } },
  { label: 'the next job fails', apis: ['appmetrica', 'toloka'], rule: { action: { type: 'fail', status: 500, message: 'one-shot failure from the dashboard' } } },
  { label: 'the next async call ends "unknown"', apis: ['mytarget'], rule: { action: { type: 'unknown' } } },
  { label: 'the first item fails validation', apis: ['toloka'], rule: { action: { type: 'invalid', item: 0 } } },
  { label: 'the next callback fails with 500', apis: ['mytarget'], rule: { action: { type: 'callback', outcome: 500 } } },
  { label: 'the next callback times out', apis: ['mytarget'], rule: { action: { type: 'callback', outcome: 'timeout' } } },
];

/** The presets for the API picked; when they change, the rule box shows the first. */
export function fillPresets(): void {
  const api = $<HTMLSelectElement>('fault-api').value;
  const list = PRESETS.filter((p) => !p.apis || p.apis.includes(api));
  const select = $<HTMLSelectElement>('fault-preset');
  const before = select.dataset.key;
  setOptions(select, [...list.map((p): [string, string] => [p.label, p.label]), ['', 'custom rule (edit below)']]);
  if (before !== select.dataset.key) applyPreset();
}

export function applyPreset(): void {
  const label = $<HTMLSelectElement>('fault-preset').value;
  const preset = PRESETS.find((p) => p.label === label);
  if (preset) $<HTMLTextAreaElement>('fault-rule').value = JSON.stringify(preset.rule);
}
