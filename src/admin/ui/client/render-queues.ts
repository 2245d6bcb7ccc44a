/** Per API: its jobs by state, and its queues with the jobs running and the first ones waiting. */
import type { Dashboard } from './dashboard.js';
import { $, fill, h } from './dom.js';
import { fmtDur, num, plural, t } from './format.js';
import { PHASES } from '../../../core/phase.js';
import type { JobView, Overview, Phase } from './types.js';
import { renderProgress } from './render-progress.js';
import { badge, jobLink, nextText } from './widgets.js';

/** How far a job is through its current state (0..1), if the stand can tell. */
function progressOf(job: JobView, now: number): number | null {
  const p = job.detail['progress'];
  const last = job.history[job.history.length - 1];
  const entered = t(last ? last.at : job.updatedAt);
  const clamp = (x: number) => Math.max(0, Math.min(1, x));
  if (job.next?.mode === 'timer' && job.next.dueAt) {
    const due = t(job.next.dueAt);
    let frac = due > entered ? (now - entered) / (due - entered) : 1;
    if (typeof p === 'number' && job.phase === 'running') frac = Math.max(frac, p / 100);
    return clamp(frac);
  }
  if (typeof p === 'number') return clamp(p / 100);
  return null;
}

/** One job of a queue: its state, id and kind (after `rank` when it waits), and `how` it goes. */
function queuedJob(d: Dashboard, j: JobView, rank: string | null, how: HTMLElement): HTMLElement {
  const what = h('div', { class: 'what' }, rank, jobLink(j, (api, id) => d.pickJob(api, id)), ' ', h('span', { class: 'muted', text: j.kind }));
  return h('div', { class: 'qjob' }, badge(j.state, j.phase), what, how);
}

/** A running job: how far it is (a bar when the stand can tell) and what moves it next. */
function runningJob(d: Dashboard, j: JobView, now: number): HTMLElement {
  const p = progressOf(j, now);
  const pct = p === null ? null : Math.round(p * 100);
  const bar =
    pct === null
      ? null
      : h(
          'div',
          { class: 'progress', role: 'progressbar', 'aria-label': `progress of ${j.id}`, 'aria-valuenow': pct, 'aria-valuemin': 0, 'aria-valuemax': 100 },
          h('div', { style: { width: `${pct}%` } }),
        );
  const next = nextText(j, now);
  return queuedJob(d, j, null, h('div', { class: 'how', title: next }, bar, h('span', { text: (pct === null ? '' : `${pct}% · `) + next })));
}

/** A waiting job: its place in the queue and how long it has waited. */
function waitingJob(d: Dashboard, j: JobView, i: number, now: number): HTMLElement {
  return queuedJob(d, j, `#${i + 1} `, h('div', { class: 'how', text: `waiting for ${fmtDur(now - t(j.createdAt))}` }));
}

export function renderQueues(d: Dashboard, ov: Overview, now: number): void {
  const cards = ov.apis.map((a) => {
    const phaseOf = (state: string): Phase => a.phases[state] ?? 'other';
    const states = Object.keys(a.byState).sort((x, y) => PHASES.indexOf(phaseOf(x)) - PHASES.indexOf(phaseOf(y)));
    const chips = states.map((s) => h('span', { class: `badge p-${phaseOf(s)}`, text: `${s} ${num(a.byState[s] ?? 0)}` }));
    const body = a.queues.length
      ? a.queues.map((g) =>
          h(
            'div',
            { class: 'queue', 'data-queue': g.key },
            h('div', { class: 'queue-key', text: `${g.key} · ${g.running.length} running, ${num(g.waitingTotal)} waiting` }),
            g.running.map((j) => runningJob(d, j, now)),
            g.waiting.map((j, i) => waitingJob(d, j, i, now)),
            g.waitingTotal > g.waiting.length ? h('div', { class: 'muted small', text: `… and ${num(g.waitingTotal - g.waiting.length)} more waiting` }) : null,
          ),
        )
      : h('div', { class: 'idle', text: 'idle: nothing waiting or running' });
    const count = plural(a.jobs, 'job') + (a.queuesTotal > a.queues.length ? ` · ${plural(a.queuesTotal, 'queue')}` : '');
    return h(
      'section',
      { class: 'card', 'data-api': a.name },
      h('h2', null, h('span', { text: a.title }), h('span', { class: 'muted small', text: count })),
      h('div', { class: 'chips' }, chips.length ? chips : h('span', { class: 'muted small', text: 'no jobs yet' })),
      body,
      renderProgress(a),
    );
  });
  fill($('queues'), cards);
}
