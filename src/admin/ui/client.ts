/**
 * The dashboard's script (served as /_stand/ui/app.js): plain browser JavaScript, no framework
 * and no build step, kept as a string so that it ships inside `dist/`. It must not contain a
 * backtick or a dollar-brace of its own (it lives in a template literal; the one interpolation
 * is the phase rules); test/admin/dashboard.test.ts compiles it.
 *
 * How it stays live: an EventSource on /_stand/events gets `change` events (coalesced by the
 * stand); on each, the page re-reads the overview and the pages of the lists it shows, one
 * read at a time (a change during a read causes one more read, not a pile of them).
 * Everything the page shows comes from the admin API, paged on the server.
 *
 * This is browser code: its setTimeout/setInterval (toasts, debounced filters, a real clock's
 * display) run in the page. The stand's own rule (timers only in core/clock.ts and
 * core/scheduler.ts) is about the stand's code, which pushes rather than polls.
 */
/** Until the page reads phases from the jobs (next commit): the rules it guessed them by. */
const PHASE_RULES = JSON.stringify([
  ['^(queued|enqueued|pending|waiting)$', 'i', 'waiting'],
  ['^(preparing|started|running)$', 'i', 'running'],
  ['^(ready|done|success)$', 'i', 'ok'],
  ['^(failed|fail|unknown)$', 'i', 'failed'],
  ['^(expired|replaced)$', 'i', 'ended'],
]);

export const CLIENT_JS = String.raw`
(function () {
  'use strict';

  var TOKEN_KEY = 'async-stand.admin-token';
  var PAGE = 50;
  var PHASE_RULES = ${PHASE_RULES}.map(function (r) { return [new RegExp(r[0], r[1]), r[2]]; });

  var S = {
    token: sessionStorage.getItem(TOKEN_KEY) || '',
    overview: null,
    version: -1,
    clockBase: null,
    jobs: { api: '', state: '', account: '', q: '', offset: 0, limit: PAGE, page: null },
    requests: { api: '', account: '', status: '', path: '', offset: 0, limit: PAGE, page: null },
    callbacks: { api: '', jobId: '', offset: 0, limit: PAGE, page: null },
    selected: null,
    selectedJob: null,
    loading: false,
    dirty: false,
    es: null,
    needsLogin: false,
    scenarioPicked: null,
  };

  // --- small helpers -------------------------------------------------------------------------

  function $(id) { return document.getElementById(id); }

  function h(tag, props) {
    var el = document.createElement(tag);
    if (props) {
      Object.keys(props).forEach(function (k) {
        var v = props[k];
        if (v === undefined || v === null || v === false) return;
        if (k === 'class') el.className = v;
        else if (k === 'text') el.textContent = String(v);
        else if (k === 'style') Object.assign(el.style, v);
        else if (k.slice(0, 2) === 'on') el.addEventListener(k.slice(2), v);
        else el.setAttribute(k, v === true ? '' : String(v));
      });
    }
    for (var i = 2; i < arguments.length; i++) append(el, arguments[i]);
    return el;
  }
  function append(el, c) {
    if (c === null || c === undefined || c === false) return;
    if (Array.isArray(c)) { c.forEach(function (x) { append(el, x); }); return; }
    el.append(c instanceof Node ? c : String(c));
  }

  /** Replaces an element's children (arrays flattened, nulls skipped). */
  function fill(el) {
    el.replaceChildren();
    for (var i = 1; i < arguments.length; i++) append(el, arguments[i]);
  }

  function qs(params) {
    var u = new URLSearchParams();
    Object.keys(params).forEach(function (k) {
      var v = params[k];
      if (v !== '' && v !== null && v !== undefined) u.set(k, String(v));
    });
    var s = u.toString();
    return s ? '?' + s : '';
  }

  function num(n) { return Number(n).toLocaleString('en-US'); }
  function pad(n, w) { var s = String(n); while (s.length < (w || 2)) s = '0' + s; return s; }
  function t(iso) { return Date.parse(iso); }

  /** 2026-01-01 00:00:03.020 */
  function fmtFull(ms) {
    var d = new Date(ms);
    return d.getUTCFullYear() + '-' + pad(d.getUTCMonth() + 1) + '-' + pad(d.getUTCDate()) + ' ' + fmtTime(ms);
  }
  /** 00:00:03.020, with the date in front when it is not the clock's day */
  function fmtTime(ms) {
    var d = new Date(ms);
    return pad(d.getUTCHours()) + ':' + pad(d.getUTCMinutes()) + ':' + pad(d.getUTCSeconds()) + '.' + pad(d.getUTCMilliseconds(), 3);
  }
  function fmtWhen(ms) {
    var now = nowMs();
    var sameDay = now !== null && Math.floor(now / 86400000) === Math.floor(ms / 86400000);
    if (sameDay) return fmtTime(ms);
    var d = new Date(ms);
    return pad(d.getUTCMonth() + 1) + '-' + pad(d.getUTCDate()) + ' ' + pad(d.getUTCHours()) + ':' + pad(d.getUTCMinutes()) + ':' + pad(d.getUTCSeconds());
  }
  function fmtDur(ms) {
    var neg = ms < 0; if (neg) ms = -ms;
    var s;
    if (ms < 1000) s = Math.round(ms) + ' ms';
    else if (ms < 60000) s = (Math.round(ms / 100) / 10) + ' s';
    else if (ms < 3600000) s = Math.floor(ms / 60000) + ' min' + (ms % 60000 >= 1000 ? ' ' + Math.floor((ms % 60000) / 1000) + ' s' : '');
    else if (ms < 86400000) s = Math.floor(ms / 3600000) + ' h' + (ms % 3600000 >= 60000 ? ' ' + Math.floor((ms % 3600000) / 60000) + ' min' : '');
    else s = Math.floor(ms / 86400000) + ' d' + (ms % 86400000 >= 3600000 ? ' ' + Math.floor((ms % 86400000) / 3600000) + ' h' : '');
    return (neg ? '-' : '') + s;
  }

  var UNITS = { ms: 1, s: 1000, sec: 1000, m: 60000, min: 60000, h: 3600000, d: 86400000, day: 86400000, days: 86400000, w: 604800000 };
  /** "90s", "2h30m", "1d 3h", "1.5h", "500ms"; plain digits are milliseconds. */
  function parseAmount(text) {
    var s = String(text).trim().toLowerCase().replace(/\s+/g, '');
    if (/^\d+$/.test(s)) return Number(s);
    var re = /(\d+(?:\.\d+)?)(ms|sec|min|days|day|s|m|h|d|w)/g;
    var total = 0, used = 0, m;
    while ((m = re.exec(s)) !== null) { total += Number(m[1]) * UNITS[m[2]]; used += m[0].length; }
    if (!s || used !== s.length) return null;
    return Math.round(total);
  }

  var phaseCache = {};
  function phaseOf(state) {
    if (!(state in phaseCache)) {
      var rule = PHASE_RULES.filter(function (r) { return r[0].test(state); })[0];
      phaseCache[state] = rule ? rule[1] : 'other';
    }
    return phaseCache[state];
  }
  function plural(n, word) { return num(n) + ' ' + word + (n === 1 ? '' : 's'); }
  function badge(state) { return h('span', { class: 'badge p-' + phaseOf(state), text: state }); }

  /** The stand's time now: as last read, moved on by the wall clock when the stand's clock is real. */
  function nowMs() {
    var b = S.clockBase;
    if (!b) return null;
    if (b.mode !== 'real') return b.now;
    return b.now + (performance.now() - b.at) * b.speed;
  }

  var toastTimer = null;
  function toast(msg, isError) {
    var el = $('toast');
    el.textContent = msg;
    el.className = 'toast' + (isError ? ' error' : '');
    el.hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(function () { el.hidden = true; }, isError ? 8000 : 2500);
  }

  // --- the admin API -------------------------------------------------------------------------

  function Unauthorized() { this.message = 'the admin token is missing or wrong'; }

  function call(path, opts) {
    opts = opts || {};
    var headers = {};
    if (S.token) headers.authorization = 'Bearer ' + S.token;
    var init = { method: opts.method || 'GET', headers: headers, cache: 'no-store' };
    if (opts.body !== undefined) { headers['content-type'] = 'application/json'; init.body = JSON.stringify(opts.body); }
    return fetch(path, init).then(function (res) {
      return res.text().then(function (text) {
        var json = null;
        try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
        if (res.status === 401) { askToken(); throw new Unauthorized(); }
        if (!res.ok) {
          var err = new Error((json && json.error && json.error.message) || res.status + ' ' + res.statusText);
          err.status = res.status;
          throw err;
        }
        return json;
      });
    });
  }

  /** Runs a control verb, tells how it went, and shows its effect at once. */
  function act(label, path, opts) {
    return call(path, opts).then(function (r) {
      toast(label);
      refresh();
      return r;
    }, function (e) {
      if (!(e instanceof Unauthorized)) toast(label + ' failed: ' + e.message, true);
    });
  }

  // --- loading, one read at a time -------------------------------------------------------------

  function refresh() {
    if (S.loading) { S.dirty = true; return; }
    S.loading = true;
    S.dirty = false;
    load().then(function () {
      S.loading = false;
      render();
      if (S.dirty) refresh();
    }, function (e) {
      S.loading = false;
      if (!(e instanceof Unauthorized)) toast('cannot read the stand: ' + e.message, true);
    });
  }

  function load() {
    var j = S.jobs, r = S.requests, c = S.callbacks;
    var sel = S.selected;
    return Promise.all([
      call('overview'),
      call('jobs' + qs({ api: j.api, state: j.state, account: j.account, q: j.q, limit: j.limit, offset: j.offset, order: 'desc' })),
      call('journal/requests' + qs({ api: r.api, account: r.account, status: r.status, path: r.path, limit: r.limit, offset: r.offset, order: 'desc' })),
      call('journal/callbacks' + qs({ api: c.api, jobId: c.jobId, limit: c.limit, offset: c.offset, order: 'desc' })),
      sel ? call('jobs/' + encodeURIComponent(sel.api) + '/' + encodeURIComponent(sel.id)).catch(function (e) {
        if (e instanceof Unauthorized) throw e;
        return null;
      }) : Promise.resolve(null),
    ]).then(function (res) {
      var ov = res[0];
      S.overview = ov;
      S.version = ov.version;
      S.clockBase = { now: t(ov.clock.now), at: performance.now(), mode: ov.clock.mode, speed: ov.clock.speed };
      S.jobs.page = res[1];
      S.requests.page = res[2];
      S.callbacks.page = res[3];
      S.selectedJob = res[4];
      if (sel && !res[4]) S.selected = null;
      // A list that shrank under the page we were on (a reset): go to its last page.
      [S.jobs, S.requests, S.callbacks].forEach(function (l) {
        if (l.offset > 0 && l.offset >= l.page.total) { l.offset = Math.max(0, Math.floor((l.page.total - 1) / l.limit) * l.limit); S.dirty = true; }
      });
    });
  }

  // --- rendering ---------------------------------------------------------------------------

  function render() {
    var ov = S.overview;
    if (!ov) return;
    renderClock();
    renderControls(ov);
    renderQueues(ov);
    renderJobs(ov);
    renderDetail();
    renderRequests();
    renderCallbacks();
    var running = 0, waiting = 0;
    ov.apis.forEach(function (a) { running += a.byPhase.running; waiting += a.byPhase.waiting; });
    document.title = 'async-stand · ' + running + ' running, ' + waiting + ' waiting';
    $('token-forget').hidden = !S.token;
  }

  function renderClock() {
    var ov = S.overview;
    if (!ov) return;
    var now = nowMs();
    $('clock-now').textContent = fmtFull(now) + ' UTC';
    $('clock-mode').textContent = ov.clock.mode === 'manual' ? 'manual clock' : 'real clock ×' + ov.clock.speed;
    var next = ov.clock.nextTaskAt;
    $('clock-next').textContent = next
      ? 'next task ' + fmtWhen(t(next)) + ' (in ' + fmtDur(t(next) - now) + ') · ' + num(ov.clock.pendingTasks) + ' pending'
      : 'nothing scheduled';
    $('advance-next').disabled = !next;
  }

  function setOptions(select, options, value) {
    var key = JSON.stringify(options);
    if (select.dataset.key !== key) {
      fill(select, options.map(function (o) { return h('option', { value: o[0], text: o[1] }); }));
      select.dataset.key = key;
    }
    if (value !== undefined && document.activeElement !== select) select.value = value;
  }

  function apiOptions(ov, all) {
    var opts = ov.apis.map(function (a) { return [a.name, a.name]; });
    return all ? [['', 'all APIs']].concat(opts) : opts;
  }

  function renderControls(ov) {
    var names = ov.scenario.available.slice();
    if (names.indexOf(ov.scenario.name) < 0) names.unshift(ov.scenario.name);
    setOptions($('scenario-select'), names.map(function (n) { return [n, n]; }), S.scenarioPicked || ov.scenario.name);
    $('scenario-desc').textContent = 'active: ' + ov.scenario.name + (ov.scenario.description ? ' — ' + ov.scenario.description : '');
    var api = $('fault-api');
    setOptions(api, apiOptions(ov, false));
    fillPresets();
    var q = ov.scenario.queue;
    fill($('fault-queue'),
      q.length ? h('span', { class: 'muted', text: 'queued: ' }) : h('span', { class: 'muted', text: 'no one-shot faults queued' }),
      q.map(function (s) { return h('span', { class: 'shot', title: JSON.stringify(s.rule), text: s.api + ': ' + describeRule(s.rule) }); })
    );
    ['jobs', 'requests', 'callbacks'].forEach(function (l) { setOptions($(l + '-api'), apiOptions(ov, true), S[l].api); });
    var states = {};
    ov.apis.forEach(function (a) { if (!S.jobs.api || a.name === S.jobs.api) Object.keys(a.byState).forEach(function (s) { states[s] = (states[s] || 0) + a.byState[s]; }); });
    if (S.jobs.state && !(S.jobs.state in states)) states[S.jobs.state] = 0;
    setOptions($('jobs-state'), [['', 'all states']].concat(Object.keys(states).sort().map(function (s) { return [s, s + ' (' + num(states[s]) + ')']; })), S.jobs.state);
  }

  function describeRule(rule) {
    var a = rule.action, s = a.type;
    if (a.status) s += ' ' + a.status;
    if (a.outcome) s += ' ' + a.outcome;
    if (a.ms) s += ' ' + a.ms + ' ms';
    if (rule.match && rule.match.path) s += ' on ' + rule.match.path;
    return s;
  }

  var PRESETS = [
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

  function fillPresets() {
    var api = $('fault-api').value;
    var list = PRESETS.filter(function (p) { return !p.apis || p.apis.indexOf(api) >= 0; });
    var sel = $('fault-preset');
    var before = sel.dataset.key;
    setOptions(sel, list.map(function (p) { return [p.label, p.label]; }).concat([['', 'custom rule (edit below)']]));
    if (before !== sel.dataset.key) applyPreset();
  }
  function applyPreset() {
    var p = PRESETS.filter(function (x) { return x.label === $('fault-preset').value; })[0];
    if (p) $('fault-rule').value = JSON.stringify(p.rule);
  }

  function progressOf(job, now) {
    var p = job.detail && job.detail.progress;
    var next = job.next;
    var entered = job.history.length ? t(job.history[job.history.length - 1].at) : t(job.updatedAt);
    if (next && next.mode === 'timer' && next.dueAt) {
      var due = t(next.dueAt);
      var frac = due > entered ? (now - entered) / (due - entered) : 1;
      if (typeof p === 'number' && phaseOf(job.state) === 'running') frac = Math.max(frac, p / 100);
      return Math.max(0, Math.min(1, frac));
    }
    if (typeof p === 'number') return Math.max(0, Math.min(1, p / 100));
    return null;
  }

  function nextText(job, now) {
    var n = job.next;
    if (!n) return phaseOf(job.state) === 'waiting' ? 'waits its turn' : '—';
    if (n.mode === 'timer' && n.dueAt) {
      var d = t(n.dueAt) - now;
      return 'moves ' + (d <= 0 ? 'now' : 'in ' + fmtDur(d)) + ' (' + fmtWhen(t(n.dueAt)) + ')';
    }
    if (n.mode === 'polls') return 'moves after ' + n.pollsLeft + ' more poll' + (n.pollsLeft === 1 ? '' : 's');
    return 'waits for an advance';
  }

  function pickJob(api, id) {
    S.selected = { api: api, id: id };
    refresh();
  }

  function jobLink(job, text) {
    return h('button', { type: 'button', class: 'link', title: job.id, text: text || job.id, onclick: function (e) { e.stopPropagation(); pickJob(job.api, job.id); } });
  }

  function renderQueues(ov) {
    var now = nowMs();
    var cards = ov.apis.map(function (a) {
      var order = ['waiting', 'running', 'ok', 'failed', 'ended', 'other'];
      var states = Object.keys(a.byState).sort(function (x, y) { return order.indexOf(phaseOf(x)) - order.indexOf(phaseOf(y)); });
      var chips = states.map(function (s) {
        return h('span', { class: 'badge p-' + phaseOf(s), text: s + ' ' + num(a.byState[s]) });
      });
      var body;
      if (!a.queues.length) body = h('div', { class: 'idle', text: 'idle: nothing waiting or running' });
      else body = a.queues.map(function (g) {
        return h('div', { class: 'queue', 'data-queue': g.key },
          h('div', { class: 'queue-key', text: g.key + ' · ' + g.running.length + ' running, ' + num(g.waitingTotal) + ' waiting' }),
          g.running.map(function (j) {
            var p = progressOf(j, now);
            return h('div', { class: 'qjob' },
              badge(j.state),
              h('div', { class: 'what' }, jobLink(j), ' ', h('span', { class: 'muted', text: j.kind })),
              h('div', { class: 'how', title: nextText(j, now) },
                p === null ? null
                  : h('div', { class: 'progress', role: 'progressbar', 'aria-label': 'progress of ' + j.id, 'aria-valuenow': Math.round(p * 100), 'aria-valuemin': 0, 'aria-valuemax': 100 },
                      h('div', { style: { width: Math.round(p * 100) + '%' } })),
                h('span', { text: (p === null ? '' : Math.round(p * 100) + '% · ') + nextText(j, now) })));
          }),
          g.waiting.map(function (j, i) {
            return h('div', { class: 'qjob' }, badge(j.state),
              h('div', { class: 'what' }, '#' + (i + 1) + ' ', jobLink(j), ' ', h('span', { class: 'muted', text: j.kind })),
              h('div', { class: 'how', text: 'waiting for ' + fmtDur(now - t(j.createdAt)) }));
          }),
          g.waitingTotal > g.waiting.length ? h('div', { class: 'muted small', text: '… and ' + num(g.waitingTotal - g.waiting.length) + ' more waiting' }) : null);
      });
      return h('section', { class: 'card', 'data-api': a.name },
        h('h2', null, h('span', { text: a.title }), h('span', { class: 'muted small', text: plural(a.jobs, 'job') + (a.queuesTotal > a.queues.length ? ' · ' + plural(a.queuesTotal, 'queue') : '') })),
        h('div', { class: 'chips' }, chips.length ? chips : h('span', { class: 'muted small', text: 'no jobs yet' })),
        body);
    });
    fill($('queues'), cards);
  }

  /** Coloured segments, one per state the job was in, from its creation to now. */
  function timeline(job, now, big) {
    var start = t(job.createdAt);
    var end = Math.max(now, t(job.updatedAt));
    var span = Math.max(1, end - start);
    var hist = job.history;
    var bar = h('div', { class: 'tl' + (big ? ' big' : '') });
    hist.forEach(function (step, i) {
      var from = t(step.at);
      var to = i + 1 < hist.length ? t(hist[i + 1].at) : end;
      var last = i + 1 === hist.length;
      var seg = h('div', {
        class: 'seg p-' + phaseOf(step.state) + (last && (phaseOf(step.state) === 'waiting' || phaseOf(step.state) === 'running') ? ' current' : ''),
        title: step.state + ': ' + fmtWhen(from) + (last ? ' → now' : ' → ' + fmtWhen(to)) + ' (' + fmtDur(to - from) + ')',
        style: { flex: String(Math.max(0.0001, (to - from) / span)) },
      }, big ? step.state : null);
      bar.append(seg);
    });
    return bar;
  }

  function jobActions(job) {
    var ph = phaseOf(job.state);
    var live = ph === 'waiting' || ph === 'running';
    return [
      h('button', { type: 'button', class: 'tiny', 'aria-label': 'advance job ' + job.id, title: 'move it to its next state now', disabled: !live && !job.next,
        onclick: function (e) { e.stopPropagation(); act('advanced ' + job.id, 'jobs/' + job.api + '/' + encodeURIComponent(job.id) + '/advance', { method: 'POST' }); } }, 'advance'),
      ' ',
      h('button', { type: 'button', class: 'tiny', 'aria-label': 'complete job ' + job.id, title: 'drive it to its final state now', disabled: !live,
        onclick: function (e) { e.stopPropagation(); act('completed ' + job.id, 'jobs/' + job.api + '/' + encodeURIComponent(job.id) + '/complete', { method: 'POST' }); } }, 'complete'),
    ];
  }

  function pager(el, list, label) {
    var p = list.page;
    var from = p.total ? p.offset + 1 : 0, to = p.offset + p.items.length;
    fill(el,
      h('span', { text: num(from) + '–' + num(to) + ' of ' + num(p.total) + ' ' + label + ', newest first' }),
      h('button', { type: 'button', class: 'tiny', 'aria-label': 'newer ' + label, disabled: p.offset === 0, onclick: function () { list.offset = Math.max(0, list.offset - list.limit); refresh(); } }, '‹ newer'),
      h('button', { type: 'button', class: 'tiny', 'aria-label': 'older ' + label, disabled: to >= p.total, onclick: function () { list.offset += list.limit; refresh(); } }, 'older ›'));
  }

  function renderJobs(ov) {
    var now = nowMs();
    var p = S.jobs.page;
    var total = 0;
    ov.apis.forEach(function (a) { total += a.jobs; });
    $('jobs-count').textContent = num(total) + ' in memory';
    var rows = p.items.map(function (j) {
      var selected = S.selected && S.selected.api === j.api && S.selected.id === j.id;
      return h('tr', { class: 'clickable' + (selected ? ' selected' : ''), 'data-job': j.id, 'data-state': j.state, onclick: function () { pickJob(j.api, j.id); } },
        h('td', { text: j.api }),
        h('td', { class: 'mono', title: j.id, text: j.id }),
        h('td', { title: j.kind, text: j.kind }),
        h('td', { title: j.account, text: j.account }),
        h('td', null, badge(j.state)),
        h('td', null, timeline(j, now, false)),
        h('td', { class: 'small', title: nextText(j, now), text: nextText(j, now) }),
        h('td', null, jobActions(j)));
    });
    if (!rows.length) rows = [h('tr', null, h('td', { class: 'empty', colspan: 8, text: total ? 'no job matches the filters' : 'no jobs yet: send a request to one of the APIs' }))];
    fill($('jobs-body'), rows);
    pager($('jobs-pager'), S.jobs, 'jobs');
  }

  function renderDetail() {
    var el = $('job-detail');
    var j = S.selectedJob;
    el.hidden = !j;
    el.parentElement.classList.toggle('with-detail', !!j);
    if (!j) { el.replaceChildren(); return; }
    var now = nowMs();
    var start = t(j.createdAt);
    var end = Math.max(now, t(j.updatedAt));
    var rows = j.history.map(function (step, i) {
      var from = t(step.at);
      var to = i + 1 < j.history.length ? t(j.history[i + 1].at) : null;
      return h('tr', null, h('td', null, badge(step.state)), h('td', { class: 'mono', text: fmtWhen(from) }),
        h('td', { class: 'mono', text: '+' + fmtDur(from - start) }), h('td', { class: 'mono', text: to === null ? fmtDur(end - from) + ' so far' : fmtDur(to - from) }));
    });
    fill(el,
      h('div', { class: 'row', style: { justifyContent: 'space-between' } },
        h('h3', { text: j.id }),
        h('button', { type: 'button', class: 'tiny ghost', 'aria-label': 'close job details', onclick: function () { S.selected = null; S.selectedJob = null; renderDetail(); renderJobs(S.overview); } }, '✕')),
      h('div', { class: 'kv' },
        h('div', { text: 'API' }), h('div', { text: j.api }),
        h('div', { text: 'kind' }), h('div', { text: j.kind }),
        h('div', { text: 'account' }), h('div', { class: 'mono', text: j.account }),
        h('div', { text: 'state' }), h('div', null, badge(j.state)),
        h('div', { text: 'created' }), h('div', { class: 'mono', text: fmtFull(start) }),
        h('div', { text: 'next' }), h('div', { text: nextText(j, now) })),
      timeline(j, now, true),
      h('div', { class: 'axis' }, h('span', { text: fmtWhen(start) }), h('span', { text: 'now ' + fmtWhen(now) })),
      h('table', null, h('thead', null, h('tr', null, h('th', { text: 'state' }), h('th', { text: 'entered' }), h('th', { text: 'after' }), h('th', { text: 'lasted' }))), h('tbody', null, rows)),
      h('div', { class: 'row', style: { marginTop: '8px' } }, jobActions(j)),
      h('pre', { text: JSON.stringify(j.detail, null, 2) }));
  }

  function renderRequests() {
    var p = S.requests.page;
    var ov = S.overview;
    $('requests-count').textContent = num(ov.journals.requests.kept) + ' kept of ' + num(ov.journals.requests.total);
    var rows = p.items.map(function (e) {
      return h('tr', null,
        h('td', { class: 'mono', title: e.at, text: fmtWhen(t(e.at)) }),
        h('td', { text: e.api }),
        h('td', { class: 'mono', text: e.method }),
        h('td', { class: 'mono', title: e.url, text: e.url }),
        h('td', { class: 'mono st-' + String(e.status).charAt(0) }, String(e.status), e.fault ? h('span', { class: 'fault', title: 'scripted fault', text: e.fault }) : null),
        h('td', { class: 'mono', title: e.account || '', text: e.account || '—' }));
    });
    if (!rows.length) rows = [h('tr', null, h('td', { class: 'empty', colspan: 6, text: 'no requests' }))];
    fill($('requests-body'), rows);
    pager($('requests-pager'), S.requests, 'requests');
  }

  function renderCallbacks() {
    var p = S.callbacks.page;
    var ov = S.overview;
    $('callbacks-count').textContent = num(ov.journals.callbacks.kept) + ' attempts, ' + num(ov.journals.callbacks.failed) + ' failed';
    var rows = p.items.map(function (e) {
      return h('tr', null,
        h('td', { class: 'mono', title: e.at, text: fmtWhen(t(e.at)) }),
        h('td', { text: e.api }),
        h('td', { class: 'mono' }, jobLink({ api: e.api, id: e.jobId })),
        h('td', { class: 'mono', text: String(e.attempt) }),
        h('td', { class: 'mono', title: e.method + ' ' + e.url + (e.payload ? '\n' + e.payload : ''), text: e.method + ' ' + e.url }),
        h('td', { class: 'mono st-' + (e.status === null ? '5' : String(e.status).charAt(0)), text: e.status === null ? '—' : String(e.status) }),
        h('td', { class: e.ok ? 'small' : 'small error', title: e.error || '', text: e.ok ? 'ok' : (e.error || 'failed') }));
    });
    if (!rows.length) rows = [h('tr', null, h('td', { class: 'empty', colspan: 7, text: 'no callback attempts' }))];
    fill($('callbacks-body'), rows);
    pager($('callbacks-pager'), S.callbacks, 'attempts');
  }

  // --- live updates --------------------------------------------------------------------------

  function setLive(state, text) {
    var el = $('live');
    el.dataset.state = state;
    el.textContent = text;
  }

  var reconnectTimer = null;
  function connect() {
    if (S.es) S.es.close();
    clearTimeout(reconnectTimer);
    var es = new EventSource('events' + (S.token ? '?token=' + encodeURIComponent(S.token) : ''));
    S.es = es;
    function onEvent(e) {
      var d = JSON.parse(e.data);
      if (e.type === 'hello' || d.version !== S.version) refresh();
    }
    es.addEventListener('hello', function (e) { setLive('on', 'live'); onEvent(e); });
    es.addEventListener('change', onEvent);
    es.onerror = function () {
      if (S.es !== es) return;
      if (es.readyState === EventSource.CLOSED) {
        // Refused (401, or the stand is closing): a read tells which; try again later.
        setLive('error', 'disconnected');
        refresh();
        reconnectTimer = setTimeout(function () { if (!S.needsLogin) connect(); }, 3000);
      } else setLive('off', 'reconnecting…');
    };
  }

  // --- the admin token -----------------------------------------------------------------------

  function askToken() {
    if (S.needsLogin) return;
    S.needsLogin = true;
    if (S.es) { S.es.close(); S.es = null; }
    setLive('error', 'admin token needed');
    $('login-error').hidden = !S.token;
    $('login-error').textContent = S.token ? 'that token was refused' : '';
    var d = $('login');
    if (!d.open) d.showModal();
    $('login-token').focus();
  }

  function useToken(token) {
    S.token = token;
    if (token) sessionStorage.setItem(TOKEN_KEY, token); else sessionStorage.removeItem(TOKEN_KEY);
    S.needsLogin = false;
    connect();
  }

  // --- wiring --------------------------------------------------------------------------------

  function debounce(fn, ms) {
    var timer = null;
    return function () { clearTimeout(timer); timer = setTimeout(fn, ms); };
  }

  function bindFilter(list, key, id, isText) {
    var el = $(id);
    var apply = function () { S[list][key] = el.value.trim(); S[list].offset = 0; refresh(); };
    el.addEventListener(isText ? 'input' : 'change', isText ? debounce(apply, 250) : apply);
  }

  function init() {
    // A link may carry the token (?token=...): keep it for this tab, drop it from the address bar.
    var url = new URL(location.href);
    if (url.searchParams.has('token')) {
      S.token = url.searchParams.get('token') || '';
      sessionStorage.setItem(TOKEN_KEY, S.token);
      url.searchParams.delete('token');
      history.replaceState(null, '', url.pathname + url.search + url.hash);
    }

    document.querySelectorAll('[data-advance]').forEach(function (b) {
      b.addEventListener('click', function () {
        var ms = Number(b.dataset.advance);
        act('clock +' + fmtDur(ms), 'clock/advance', { method: 'POST', body: { ms: ms } });
      });
    });
    $('advance-next').addEventListener('click', function () {
      var next = S.overview && S.overview.clock.nextTaskAt;
      if (next) act('clock moved to the next task', 'clock/advance', { method: 'POST', body: { to: next } });
    });
    $('advance-form').addEventListener('submit', function (e) {
      e.preventDefault();
      var ms = parseAmount($('advance-amount').value);
      if (ms === null) { toast('cannot read "' + $('advance-amount').value + '": write e.g. 90s, 15m, 2h30m, 1d or plain milliseconds', true); return; }
      act('clock +' + fmtDur(ms), 'clock/advance', { method: 'POST', body: { ms: ms } });
    });
    $('scenario-select').addEventListener('change', function () { S.scenarioPicked = $('scenario-select').value; });
    $('scenario-form').addEventListener('submit', function (e) {
      e.preventDefault();
      var name = $('scenario-select').value;
      S.scenarioPicked = null;
      act('scenario ' + name + ' is active', 'scenario', { method: 'PUT', body: { name: name } });
    });
    $('fault-api').addEventListener('change', fillPresets);
    $('fault-preset').addEventListener('change', applyPreset);
    $('fault-form').addEventListener('submit', function (e) {
      e.preventDefault();
      var rule;
      try { rule = JSON.parse($('fault-rule').value); } catch (err) { toast('the rule is not valid JSON: ' + err.message, true); return; }
      act('fault queued for ' + $('fault-api').value, 'scenario/queue', { method: 'POST', body: { api: $('fault-api').value, rule: rule } });
    });
    $('reset').addEventListener('click', function () {
      if (!confirm('Reset the stand? Clock, jobs, journals and queued faults go back to the start.')) return;
      S.selected = null;
      act('the stand was reset', 'reset', { method: 'POST' });
    });
    $('live').addEventListener('click', function () { if (S.needsLogin) { S.needsLogin = false; askToken(); } });
    $('token-forget').addEventListener('click', function () { sessionStorage.removeItem(TOKEN_KEY); S.token = ''; location.reload(); });
    $('login-form').addEventListener('submit', function () {
      useToken($('login-token').value.trim());
      $('login-token').value = '';
      refresh();
    });

    bindFilter('jobs', 'api', 'jobs-api');
    bindFilter('jobs', 'state', 'jobs-state');
    bindFilter('jobs', 'account', 'jobs-account', true);
    bindFilter('jobs', 'q', 'jobs-q', true);
    bindFilter('requests', 'api', 'requests-api');
    bindFilter('requests', 'account', 'requests-account', true);
    bindFilter('requests', 'status', 'requests-status', true);
    bindFilter('requests', 'path', 'requests-path', true);
    bindFilter('callbacks', 'api', 'callbacks-api');
    bindFilter('callbacks', 'jobId', 'callbacks-job', true);

    // A real clock moves between pushes: the page moves its display on by itself.
    setInterval(function () {
      if (S.overview && S.overview.clock.mode === 'real' && !document.hidden) renderClock();
    }, 250);

    connect();
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
`;
