/** Per API, progress beyond its jobs: Toloka's pools as the crowd works on them. */
import { h } from './dom.js';
import { num, t } from './format.js';
import type { ApiOverview } from './types.js';

type Row = ApiOverview['progress'][number];

const SVG = 'http://www.w3.org/2000/svg';

/** Answers done over virtual time, as a line (no library: a polyline in an inline SVG). */
function sparkline(row: Row): SVGSVGElement | null {
  if (row.history.length < 2) return null;
  const [w, hgt] = [120, 24];
  const t0 = t(row.history[0]![0]);
  const t1 = t(row.history[row.history.length - 1]![0]);
  const max = row.total ?? Math.max(...row.history.map(([, n]) => n), 1);
  const points = row.history.map(([at, n]) => `${(((t(at) - t0) / Math.max(1, t1 - t0)) * w).toFixed(1)},${(hgt - (n / max) * hgt).toFixed(1)}`).join(' ');
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('class', 'spark');
  svg.setAttribute('viewBox', `0 0 ${w} ${hgt}`);
  svg.setAttribute('width', String(w));
  svg.setAttribute('height', String(hgt));
  svg.setAttribute('aria-label', `answers done over time, ${row.label}`);
  const line = document.createElementNS(SVG, 'polyline');
  line.setAttribute('points', points);
  svg.append(line);
  return svg;
}

/** One pool: done of total (a bar), its assignments by status, done over time. */
function progressRow(row: Row): HTMLElement {
  const pct = row.total ? Math.min(100, Math.round((row.done / row.total) * 100)) : null;
  const counts = Object.entries(row.counts)
    .filter(([, n]) => n > 0)
    .map(([status, n]) => h('span', { class: 'badge', text: `${status} ${num(n)}` }));
  return h(
    'div',
    { class: 'pool-progress', 'data-progress': row.key },
    h('div', { class: 'what' }, h('span', { class: 'badge', text: row.status }), ' ', h('span', { text: row.label })),
    h(
      'div',
      { class: 'how' },
      pct === null
        ? null
        : h('div', { class: 'progress', role: 'progressbar', 'aria-label': `answers done, ${row.label}`, 'aria-valuenow': pct, 'aria-valuemin': 0, 'aria-valuemax': 100 }, h('div', { style: { width: `${pct}%` } })),
      h('span', { text: `${num(row.done)} of ${row.total === null ? '∞' : num(row.total)} answers` }),
      sparkline(row),
    ),
    h('div', { class: 'chips' }, counts),
  );
}

/** The progress block of an API's card, or nothing when it has none. */
export function renderProgress(a: ApiOverview): HTMLElement | null {
  if (a.progress.length === 0) return null;
  return h('div', { class: 'progress-list' }, h('div', { class: 'queue-key', text: 'pools the crowd works on' }), a.progress.map(progressRow));
}
