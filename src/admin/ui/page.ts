/**
 * The dashboard's HTML shell. It holds no data: the script (client/) fills it from the admin
 * API and keeps it live from /_stand/events. Files are linked relative to /_stand/ui, so the page
 * also works behind a proxy that mounts the stand under a path.
 */
export const PAGE_HTML = String.raw`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>async-stand</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="ui/app.css">
<script src="ui/app.js" defer></script>
</head>
<body>
<header class="top">
  <div class="brand">async-stand <span class="muted">what the stand is doing</span></div>
  <div class="clock" title="the stand's clock (virtual time, UTC)">
    <span class="clock-now" id="clock-now">—</span>
    <span class="muted" id="clock-mode"></span>
  </div>
  <div class="muted small" id="clock-next"></div>
  <div class="spacer"></div>
  <div class="live" id="live" data-state="off" title="updates pushed by the stand">connecting…</div>
  <button type="button" class="ghost small" id="token-forget" hidden>forget token</button>
</header>

<main>
  <section class="card controls" aria-label="controls">
    <div class="control-group">
      <h2>Clock</h2>
      <div class="row">
        <button type="button" data-advance="1000" aria-label="advance 1 s">+1 s</button>
        <button type="button" data-advance="60000" aria-label="advance 1 min">+1 min</button>
        <button type="button" data-advance="3600000" aria-label="advance 1 h">+1 h</button>
        <button type="button" data-advance="86400000" aria-label="advance 1 day">+1 day</button>
        <button type="button" id="advance-next" aria-label="advance to the next scheduled task">next task</button>
      </div>
      <form class="row" id="advance-form">
        <input id="advance-amount" size="17" placeholder="e.g. 90s, 2h30m, 1d" aria-label="amount to advance the clock by" autocomplete="off">
        <button type="submit">advance</button>
      </form>
    </div>
    <div class="control-group">
      <h2>Scenario</h2>
      <form class="row" id="scenario-form">
        <select id="scenario-select" aria-label="scenario"></select>
        <button type="submit">switch</button>
      </form>
      <div class="muted small" id="scenario-desc"></div>
    </div>
    <div class="control-group">
      <h2>One-shot fault <span class="muted small">(the next matching request or job)</span></h2>
      <form id="fault-form">
        <div class="row">
          <select id="fault-api" aria-label="API of the fault"></select>
          <select id="fault-preset" aria-label="fault preset"></select>
          <button type="submit">queue fault</button>
        </div>
        <textarea id="fault-rule" rows="2" spellcheck="false" aria-label="fault rule (JSON)"></textarea>
      </form>
      <div class="small" id="fault-queue"></div>
    </div>
    <div class="control-group">
      <h2>Stand</h2>
      <button type="button" class="danger" id="reset" aria-label="reset the stand">reset</button>
      <div class="muted small">clock, jobs, journals and<br>one-shot faults back to the start</div>
    </div>
  </section>

  <section class="queues" id="queues" aria-label="queues"></section>

  <section class="card" aria-label="jobs">
    <div class="section-head">
      <h2>Jobs <span class="muted small" id="jobs-count"></span></h2>
      <div class="filters">
        <select id="jobs-api" aria-label="jobs: API"></select>
        <select id="jobs-state" aria-label="jobs: state"></select>
        <input id="jobs-account" placeholder="account / token" aria-label="jobs: account" autocomplete="off">
        <input id="jobs-q" placeholder="id or kind contains" aria-label="jobs: search" autocomplete="off">
      </div>
    </div>
    <div class="split">
      <div class="table-wrap">
        <table class="jobs">
          <colgroup><col class="c-api"><col class="c-id"><col class="c-kind"><col class="c-account"><col class="c-state"><col class="c-timeline"><col class="c-next"><col class="c-actions"></colgroup>
          <thead><tr><th>API</th><th>id</th><th>kind</th><th>account</th><th>state</th><th>timeline</th><th>next</th><th></th></tr></thead>
          <tbody id="jobs-body"></tbody>
        </table>
        <div class="pager" id="jobs-pager"></div>
      </div>
      <aside class="detail" id="job-detail" hidden></aside>
    </div>
  </section>

  <div class="journals">
    <section class="card" aria-label="request journal">
      <div class="section-head">
        <h2>Requests <span class="muted small" id="requests-count"></span></h2>
        <div class="filters">
          <select id="requests-api" aria-label="requests: API"></select>
          <input id="requests-account" placeholder="token" aria-label="requests: token" autocomplete="off" size="12">
          <input id="requests-status" placeholder="status" aria-label="requests: status" autocomplete="off" size="5">
          <input id="requests-path" placeholder="path contains" aria-label="requests: path" autocomplete="off" size="14">
        </div>
      </div>
      <div class="table-wrap">
        <table class="journal">
          <colgroup><col class="c-time"><col class="c-api"><col class="c-method"><col><col class="c-status"><col class="c-account"></colgroup>
          <thead><tr><th>time</th><th>API</th><th>method</th><th>path</th><th>status</th><th>token</th></tr></thead>
          <tbody id="requests-body"></tbody>
        </table>
      </div>
      <div class="pager" id="requests-pager"></div>
    </section>
    <section class="card" aria-label="client report">
      <div class="section-head">
        <h2>Client report <span class="muted small" id="report-count"></span></h2>
      </div>
      <div class="table-wrap">
        <table class="journal">
          <colgroup><col class="c-api"><col class="c-account"><col class="c-status"><col><col class="c-id"></colgroup>
          <thead><tr><th>API</th><th>token</th><th>severity</th><th>what the real API would punish</th><th>evidence</th></tr></thead>
          <tbody id="report-body"></tbody>
        </table>
      </div>
    </section>
    <section class="card" aria-label="callback journal">
      <div class="section-head">
        <h2>Callbacks <span class="muted small" id="callbacks-count"></span></h2>
        <div class="filters">
          <select id="callbacks-api" aria-label="callbacks: API"></select>
          <input id="callbacks-job" placeholder="job id" aria-label="callbacks: job id" autocomplete="off" size="14">
        </div>
      </div>
      <div class="table-wrap">
        <table class="journal">
          <colgroup><col class="c-time"><col class="c-api"><col class="c-id"><col class="c-attempt"><col><col class="c-status"><col></colgroup>
          <thead><tr><th>time</th><th>API</th><th>job</th><th>try</th><th>URL</th><th>status</th><th>error</th></tr></thead>
          <tbody id="callbacks-body"></tbody>
        </table>
      </div>
      <div class="pager" id="callbacks-pager"></div>
    </section>
  </div>
</main>

<div class="toast" id="toast" role="status" aria-live="polite" hidden></div>

<dialog id="login">
  <form method="dialog" id="login-form">
    <h2>Admin token</h2>
    <p class="small">This stand was started with <code>--admin-token</code>. Enter it to see and drive the stand; it is kept in this tab only.</p>
    <input type="password" id="login-token" aria-label="admin token" autocomplete="current-password" required>
    <div class="row end"><button type="submit" id="login-submit">open</button></div>
    <p class="error small" id="login-error" hidden></p>
  </form>
</dialog>
</body>
</html>
`;
