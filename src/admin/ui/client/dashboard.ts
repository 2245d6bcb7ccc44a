import { call, Unauthorized, type CallOptions } from './admin-api.js';
import { $ } from './dom.js';
import { qs, t } from './format.js';
import { renderClock, renderControls } from './render-controls.js';
import { renderDetail, renderJobs } from './render-jobs.js';
import { renderCallbacks, renderRequests } from './render-journals.js';
import { renderQueues } from './render-queues.js';
import { renderReport } from './render-report.js';
import { createState, nowMs, type PageState } from './state.js';
import type { CallbackEntry, ClientReport, JobView, Overview, Page, RequestEntry, StandEvent } from './types.js';

/** Where the page keeps the admin token: this tab only. */
export const TOKEN_KEY = 'async-stand.admin-token';

/**
 * The page's state and what it does: reads the admin API (one read at a time), runs control
 * verbs, follows the event stream, asks for the token. The render-*.ts modules draw from it.
 *
 * How it stays live: an EventSource on /_stand/events gets `change` events (coalesced by the
 * stand); on each, the page re-reads the overview and the pages of the lists it shows, one read
 * at a time (a change during a read causes one more read, not a pile of them). Everything the
 * page shows comes from the admin API, paged on the server.
 */
export class Dashboard {
  readonly state: PageState;
  #toastTimer: ReturnType<typeof setTimeout> | undefined;
  #reconnectTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(token: string) {
    this.state = createState(token);
  }

  /** The stand's time now (after the first read; the page draws nothing before it). */
  now(): number {
    const base = this.state.clockBase;
    return base ? nowMs(base) : Number.NaN;
  }

  call<T>(path: string, opts?: CallOptions): Promise<T> {
    return call<T>(path, this.state.token, opts);
  }

  toast(msg: string, isError = false): void {
    const el = $('toast');
    el.textContent = msg;
    el.className = `toast${isError ? ' error' : ''}`;
    el.hidden = false;
    clearTimeout(this.#toastTimer);
    this.#toastTimer = setTimeout(() => (el.hidden = true), isError ? 8000 : 2500);
  }

  /** Runs a control verb, tells how it went, and shows its effect at once. */
  act(label: string, path: string, opts?: CallOptions): void {
    this.call(path, opts).then(
      () => {
        this.toast(label);
        this.refresh();
      },
      (e: unknown) => this.#failed(e, `${label} failed`),
    );
  }

  /** A failed call: the token prompt if the token was refused, else a message. */
  #failed(e: unknown, what: string): void {
    if (e instanceof Unauthorized) this.askToken();
    else this.toast(`${what}: ${e instanceof Error ? e.message : String(e)}`, true);
  }

  /** Re-reads what the page shows and draws it; during a read, asks for one more after it. */
  refresh(): void {
    const s = this.state;
    if (s.loading) {
      s.dirty = true;
      return;
    }
    s.loading = true;
    s.dirty = false;
    this.#load().then(
      () => {
        s.loading = false;
        this.render();
        if (s.dirty) this.refresh();
      },
      (e: unknown) => {
        s.loading = false;
        this.#failed(e, 'cannot read the stand');
      },
    );
  }

  async #load(): Promise<void> {
    const s = this.state;
    const { jobs: j, requests: r, callbacks: c, selected: sel } = s;
    const page = (l: { offset: number; limit: number }) => ({ limit: l.limit, offset: l.offset, order: 'desc' });
    const [ov, jobs, requests, callbacks, report, selectedJob] = await Promise.all([
      this.call<Overview>('overview'),
      this.call<Page<JobView>>(`jobs${qs({ ...j.filters, ...page(j) })}`),
      this.call<Page<RequestEntry>>(`journal/requests${qs({ ...r.filters, ...page(r) })}`),
      this.call<Page<CallbackEntry>>(`journal/callbacks${qs({ ...c.filters, ...page(c) })}`),
      this.call<ClientReport>('report'),
      sel
        ? this.call<JobView>(`jobs/${encodeURIComponent(sel.api)}/${encodeURIComponent(sel.id)}`).catch((e: unknown) => {
            if (e instanceof Unauthorized) throw e;
            return null; // gone (a reset, an expiry): the detail closes
          })
        : null,
    ]);
    s.overview = ov;
    s.version = ov.version;
    s.clockBase = { now: t(ov.clock.now), at: performance.now(), mode: ov.clock.mode, speed: ov.clock.speed };
    j.page = jobs;
    r.page = requests;
    c.page = callbacks;
    s.report = report;
    s.selectedJob = selectedJob;
    if (sel && !selectedJob) s.selected = null;
    // A list that shrank under the page we were on (a reset): go to its last page.
    for (const l of [j, r, c]) {
      const total = l.page?.total ?? 0;
      if (l.offset > 0 && l.offset >= total) {
        l.offset = Math.max(0, Math.floor((total - 1) / l.limit) * l.limit);
        s.dirty = true;
      }
    }
  }

  render(): void {
    const ov = this.state.overview;
    if (!ov) return;
    const now = this.now();
    renderClock(ov, now);
    renderControls(this, ov);
    renderQueues(this, ov, now);
    renderJobs(this, ov, now);
    renderDetail(this, now);
    renderRequests(this, ov, now);
    renderCallbacks(this, ov, now);
    renderReport(this);
    let running = 0;
    let waiting = 0;
    for (const a of ov.apis) {
      running += a.byPhase.running;
      waiting += a.byPhase.waiting;
    }
    document.title = `async-stand · ${running} running, ${waiting} waiting`;
    $('token-forget').hidden = !this.state.token;
  }

  pickJob(api: string, id: string): void {
    this.state.selected = { api, id };
    this.refresh();
  }

  closeJob(): void {
    this.state.selected = null;
    this.state.selectedJob = null;
    const now = this.now();
    renderDetail(this, now);
    if (this.state.overview) renderJobs(this, this.state.overview, now);
  }

  // --- live updates ------------------------------------------------------------------------

  #setLive(state: 'on' | 'off' | 'error', text: string): void {
    const el = $('live');
    el.dataset.state = state;
    el.textContent = text;
  }

  connect(): void {
    const s = this.state;
    s.es?.close();
    clearTimeout(this.#reconnectTimer);
    const es = new EventSource(`events${s.token ? `?token=${encodeURIComponent(s.token)}` : ''}`);
    s.es = es;
    const onEvent = (e: MessageEvent<string>) => {
      const d = JSON.parse(e.data) as StandEvent;
      if (e.type === 'hello' || d.version !== s.version) this.refresh();
    };
    es.addEventListener('hello', (e) => {
      this.#setLive('on', 'live');
      onEvent(e);
    });
    es.addEventListener('change', onEvent);
    es.onerror = () => {
      if (s.es !== es) return;
      if (es.readyState === EventSource.CLOSED) {
        // Refused (401, or the stand is closing): a read tells which; try again later.
        this.#setLive('error', 'disconnected');
        this.refresh();
        this.#reconnectTimer = setTimeout(() => {
          if (!s.needsLogin) this.connect();
        }, 3000);
      } else this.#setLive('off', 'reconnecting…');
    };
  }

  // --- the admin token ---------------------------------------------------------------------

  askToken(): void {
    const s = this.state;
    if (s.needsLogin) return;
    s.needsLogin = true;
    s.es?.close();
    s.es = null;
    this.#setLive('error', 'admin token needed');
    const error = $('login-error');
    error.hidden = !s.token;
    error.textContent = s.token ? 'that token was refused' : '';
    const dialog = $<HTMLDialogElement>('login');
    if (!dialog.open) dialog.showModal();
    $('login-token').focus();
  }

  useToken(token: string): void {
    const s = this.state;
    s.token = token;
    if (token) sessionStorage.setItem(TOKEN_KEY, token);
    else sessionStorage.removeItem(TOKEN_KEY);
    s.needsLogin = false;
    this.connect();
  }
}
