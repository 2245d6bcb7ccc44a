/** The client report: what each client did that the real API would punish, linked to the journal. */
import type { Dashboard } from './dashboard.js';
import { $, h } from './dom.js';
import { num } from './format.js';
import type { ReportFinding } from './types.js';
import { fillRows } from './widgets.js';

const SEVERITY_CLASS: Record<ReportFinding['severity'], string> = { error: 'st-5', warning: 'st-4', info: 'muted' };

/** Shows the request journal of one client on one API (the page's token filter takes the masked form). */
function showRequests(d: Dashboard, f: ReportFinding): void {
  const r = d.state.requests;
  r.filters.api = f.api;
  r.filters.account = f.token;
  r.filters.status = '';
  r.filters.path = '';
  r.offset = 0;
  $<HTMLSelectElement>('requests-api').value = f.api;
  $<HTMLInputElement>('requests-account').value = f.token;
  $<HTMLInputElement>('requests-status').value = '';
  $<HTMLInputElement>('requests-path').value = '';
  d.refresh();
  $('requests-body').scrollIntoView({ block: 'nearest' });
}

export function renderReport(d: Dashboard): void {
  const report = d.state.report;
  if (!report) return;
  const s = report.summary;
  $('report-count').textContent = `${num(s.findings)} finding${s.findings === 1 ? '' : 's'} of ${num(s.clients)} client${s.clients === 1 ? '' : 's'} (${num(s.errors)} errors, ${num(s.warnings)} warnings)`;
  const rows = report.clients.flatMap((c) =>
    c.findings.map((f) =>
      h(
        'tr',
        null,
        h('td', { text: f.api }),
        h('td', { class: 'mono', text: f.token }),
        h('td', { class: `mono ${SEVERITY_CLASS[f.severity]}`, text: f.severity }),
        h('td', { title: `${f.source.doc}: ${f.source.says}\n\ninstead: ${f.instead}` }, h('div', { class: 'mono small', text: f.code }), h('div', { text: `${f.detail}${f.occurrences > 1 ? ` (${f.occurrences}×)` : ''}` }), h('div', { class: 'small muted', text: `instead: ${f.instead}` })),
        h(
          'td',
          { class: 'mono small' },
          h('button', { type: 'button', class: 'link', title: 'show this client\'s requests in the journal', text: f.evidence.map((e) => `#${e.seq}`).join(' ') || 'requests', onclick: () => showRequests(d, f) }),
        ),
      ),
    ),
  );
  fillRows($('report-body'), rows, 5, 'no findings: every client so far did what the real APIs expect');
}
