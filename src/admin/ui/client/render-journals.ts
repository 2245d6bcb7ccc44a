/** The request journal and the callback journal, a page of each. */
import type { Dashboard } from './dashboard.js';
import { $, h } from './dom.js';
import { fmtWhen, num, t } from './format.js';
import type { Overview } from './types.js';
import { fillRows, jobLink, pager } from './widgets.js';

export function renderRequests(d: Dashboard, ov: Overview, now: number): void {
  const list = d.state.requests;
  $('requests-count').textContent = `${num(ov.journals.requests.kept)} kept of ${num(ov.journals.requests.total)}`;
  const rows = (list.page?.items ?? []).map((e) =>
    h(
      'tr',
      null,
      h('td', { class: 'mono', title: e.at, text: fmtWhen(t(e.at), now) }),
      h('td', { text: e.api }),
      h('td', { class: 'mono', text: e.method }),
      h('td', { class: 'mono', title: e.url, text: e.url }),
      h('td', { class: `mono st-${String(e.status).charAt(0)}` }, String(e.status), e.fault ? h('span', { class: 'fault', title: 'scripted fault', text: e.fault }) : null),
      h('td', { class: 'mono', title: e.account || '', text: e.account || '—' }),
    ),
  );
  fillRows($('requests-body'), rows, 6, 'no requests');
  pager($('requests-pager'), list, 'requests', () => d.refresh());
}

export function renderCallbacks(d: Dashboard, ov: Overview, now: number): void {
  const list = d.state.callbacks;
  $('callbacks-count').textContent = `${num(ov.journals.callbacks.kept)} attempts, ${num(ov.journals.callbacks.failed)} failed`;
  const rows = (list.page?.items ?? []).map((e) =>
    h(
      'tr',
      null,
      h('td', { class: 'mono', title: e.at, text: fmtWhen(t(e.at), now) }),
      h('td', { text: e.api }),
      h('td', { class: 'mono' }, jobLink({ api: e.api, id: e.jobId }, (api, id) => d.pickJob(api, id))),
      h('td', { class: 'mono', text: String(e.attempt) }),
      h('td', { class: 'mono', title: `${e.method} ${e.url}${e.payload ? `\n${e.payload}` : ''}`, text: `${e.method} ${e.url}` }),
      h('td', { class: `mono st-${e.status === null ? '5' : String(e.status).charAt(0)}`, text: e.status === null ? '—' : String(e.status) }),
      h('td', { class: e.ok ? 'small' : 'small error', title: e.error || '', text: e.ok ? 'ok' : e.error || 'failed' }),
    ),
  );
  fillRows($('callbacks-body'), rows, 7, 'no callback attempts');
  pager($('callbacks-pager'), list, 'attempts', () => d.refresh());
}
