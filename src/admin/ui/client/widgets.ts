/** Pieces the page's sections share: state badges, job links, pagers, what moves a job next. */
import { h, fill } from './dom.js';
import { fmtDur, fmtWhen, num, t } from './format.js';
import type { List } from './state.js';
import type { JobView, Phase } from './types.js';

/** A state, coloured by its phase (the API's lifecycle declares it; the page never guesses). */
export function badge(state: string, phase: Phase): HTMLElement {
  return h('span', { class: `badge p-${phase}`, text: state });
}

/** A job's id as a button that opens its detail. */
export function jobLink(job: { api: string; id: string }, pick: (api: string, id: string) => void): HTMLElement {
  return h('button', {
    type: 'button',
    class: 'link',
    title: job.id,
    text: job.id,
    onclick: (e: Event) => {
      e.stopPropagation();
      pick(job.api, job.id);
    },
  });
}

/** "1–50 of 1,234 jobs, newest first" with buttons to the newer and older pages. */
export function pager<K extends string, T>(el: HTMLElement, list: List<K, T>, label: string, changed: () => void): void {
  const p = list.page;
  if (!p) return;
  const from = p.total ? p.offset + 1 : 0;
  const to = p.offset + p.items.length;
  const move = (by: number) => () => {
    list.offset = Math.max(0, list.offset + by);
    changed();
  };
  fill(
    el,
    h('span', { text: `${num(from)}–${num(to)} of ${num(p.total)} ${label}, newest first` }),
    h('button', { type: 'button', class: 'tiny', 'aria-label': `newer ${label}`, disabled: p.offset === 0, onclick: move(-list.limit) }, '‹ newer'),
    h('button', { type: 'button', class: 'tiny', 'aria-label': `older ${label}`, disabled: to >= p.total, onclick: move(list.limit) }, 'older ›'),
  );
}

/** A table body's rows, or one row that says why there are none. */
export function fillRows(body: HTMLElement, rows: readonly HTMLElement[], columns: number, empty: string): void {
  fill(body, rows.length ? rows : h('tr', null, h('td', { class: 'empty', colspan: columns, text: empty })));
}

/** What moves a job next: a time, a number of polls, an explicit advance, or its turn. */
export function nextText(job: JobView, now: number): string {
  const n = job.next;
  if (!n) return job.phase === 'waiting' ? 'waits its turn' : '—';
  if (n.mode === 'timer' && n.dueAt) {
    const d = t(n.dueAt) - now;
    return `moves ${d <= 0 ? 'now' : `in ${fmtDur(d)}`} (${fmtWhen(t(n.dueAt), now)})`;
  }
  if (n.mode === 'polls') return `moves after ${n.pollsLeft} more poll${n.pollsLeft === 1 ? '' : 's'}`;
  return 'waits for an advance';
}
