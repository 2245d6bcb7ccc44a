/** The jobs table (a page of it), each job's timeline, and the detail of the job clicked. */
import type { Dashboard } from './dashboard.js';
import { $, fill, h, type Child } from './dom.js';
import { fmtDur, fmtFull, fmtWhen, num, t } from './format.js';
import type { JobView, Overview } from './types.js';
import { badge, fillRows, nextText, pager } from './widgets.js';

const isLive = (job: JobView) => job.phase === 'waiting' || job.phase === 'running';

/** Coloured segments, one per state the job was in, from its creation to now. */
function timeline(job: JobView, now: number, big: boolean): HTMLElement {
  const start = t(job.createdAt);
  const end = Math.max(now, t(job.updatedAt));
  const span = Math.max(1, end - start);
  const hist = job.history;
  const bar = h('div', { class: `tl${big ? ' big' : ''}` });
  hist.forEach((step, i) => {
    const from = t(step.at);
    const following = hist[i + 1];
    const to = following ? t(following.at) : end;
    const current = !following && (step.phase === 'waiting' || step.phase === 'running');
    const title = `${step.state}: ${fmtWhen(from, now)}${following ? ` → ${fmtWhen(to, now)}` : ' → now'} (${fmtDur(to - from)})`;
    const flex = String(Math.max(0.0001, (to - from) / span));
    bar.append(h('div', { class: `seg p-${step.phase}${current ? ' current' : ''}`, title, style: { flex } }, big ? step.state : null));
  });
  return bar;
}

function jobActions(d: Dashboard, job: JobView): Child[] {
  const live = isLive(job);
  const verb = (name: 'advance' | 'complete', done: string, title: string, disabled: boolean) =>
    h(
      'button',
      {
        type: 'button',
        class: 'tiny',
        'aria-label': `${name} job ${job.id}`,
        title,
        disabled,
        onclick: (e: Event) => {
          e.stopPropagation();
          d.act(`${done} ${job.id}`, `jobs/${job.api}/${encodeURIComponent(job.id)}/${name}`, { method: 'POST' });
        },
      },
      name,
    );
  return [
    verb('advance', 'advanced', 'move it to its next state now', !live && !job.next),
    ' ',
    verb('complete', 'completed', 'drive it to its final state now', !live),
  ];
}

export function renderJobs(d: Dashboard, ov: Overview, now: number): void {
  const list = d.state.jobs;
  const sel = d.state.selected;
  const total = ov.apis.reduce((n, a) => n + a.jobs, 0);
  $('jobs-count').textContent = `${num(total)} in memory`;
  const rows = (list.page?.items ?? []).map((j) => {
    const selected = sel !== null && sel.api === j.api && sel.id === j.id;
    const next = nextText(j, now);
    return h(
      'tr',
      { class: `clickable${selected ? ' selected' : ''}`, 'data-job': j.id, 'data-state': j.state, onclick: () => d.pickJob(j.api, j.id) },
      h('td', { text: j.api }),
      h('td', { class: 'mono', title: j.id, text: j.id }),
      h('td', { title: j.kind, text: j.kind }),
      h('td', { title: j.account, text: j.account }),
      h('td', null, badge(j.state, j.phase)),
      h('td', null, timeline(j, now, false)),
      h('td', { class: 'small', title: next, text: next }),
      h('td', null, jobActions(d, j)),
    );
  });
  fillRows($('jobs-body'), rows, 8, total ? 'no job matches the filters' : 'no jobs yet: send a request to one of the APIs');
  pager($('jobs-pager'), list, 'jobs', () => d.refresh());
}

export function renderDetail(d: Dashboard, now: number): void {
  const el = $('job-detail');
  const j = d.state.selectedJob;
  el.hidden = !j;
  el.parentElement?.classList.toggle('with-detail', !!j);
  if (!j) {
    el.replaceChildren();
    return;
  }
  const start = t(j.createdAt);
  const end = Math.max(now, t(j.updatedAt));
  const rows = j.history.map((step, i) => {
    const from = t(step.at);
    const following = j.history[i + 1];
    const lasted = following ? fmtDur(t(following.at) - from) : `${fmtDur(end - from)} so far`;
    return h(
      'tr',
      null,
      h('td', null, badge(step.state, step.phase)),
      h('td', { class: 'mono', text: fmtWhen(from, now) }),
      h('td', { class: 'mono', text: `+${fmtDur(from - start)}` }),
      h('td', { class: 'mono', text: lasted }),
    );
  });
  const kv = (key: string, value: Child, cls?: string) => [h('div', { text: key }), h('div', { class: cls }, value)];
  fill(
    el,
    h(
      'div',
      { class: 'row', style: { justifyContent: 'space-between' } },
      h('h3', { text: j.id }),
      h('button', { type: 'button', class: 'tiny ghost', 'aria-label': 'close job details', onclick: () => d.closeJob() }, '✕'),
    ),
    h(
      'div',
      { class: 'kv' },
      kv('API', j.api),
      kv('kind', j.kind),
      kv('account', j.account, 'mono'),
      kv('state', badge(j.state, j.phase)),
      kv('created', fmtFull(start), 'mono'),
      kv('next', nextText(j, now)),
    ),
    timeline(j, now, true),
    h('div', { class: 'axis' }, h('span', { text: fmtWhen(start, now) }), h('span', { text: `now ${fmtWhen(now, now)}` })),
    h(
      'table',
      null,
      h('thead', null, h('tr', null, h('th', { text: 'state' }), h('th', { text: 'entered' }), h('th', { text: 'after' }), h('th', { text: 'lasted' }))),
      h('tbody', null, rows),
    ),
    h('div', { class: 'row', style: { marginTop: '8px' } }, jobActions(d, j)),
    h('pre', { text: JSON.stringify(j.detail, null, 2) }),
  );
}
