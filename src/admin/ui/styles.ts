/** The dashboard's styles (served as /_stand/ui/app.css). Phase colours (p-*): see core/phase.ts. */
export const STYLES_CSS = String.raw`
:root {
  --bg: #f4f5f7; --card: #fff; --text: #1d2330; --muted: #6b7385; --line: #e2e5eb; --accent: #2f6fed;
  --waiting: #c98a06; --waiting-bg: #fff4d6; --running: #2f6fed; --running-bg: #e3ecff;
  --ok: #1f8a4c; --ok-bg: #ddf5e6; --failed: #c93434; --failed-bg: #fde3e3;
  --ended: #7d8596; --ended-bg: #eceef2; --other: #8a4fd1; --other-bg: #efe5fb;
  --mono: ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", monospace;
  color-scheme: light;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #14171d; --card: #1c2028; --text: #e3e6ec; --muted: #959cab; --line: #2c313c; --accent: #6d9bff;
    --waiting-bg: #3b3012; --running-bg: #1c2b4d; --ok-bg: #16351f; --failed-bg: #441d1d; --ended-bg: #2a2e37; --other-bg: #33234a;
    --waiting: #f0b429; --running: #6d9bff; --ok: #4cc27a; --failed: #f06b6b; --ended: #9aa1b0; --other: #b68af0;
    color-scheme: dark;
  }
}
* { box-sizing: border-box; }
html, body { margin: 0; padding: 0; }
body { background: var(--bg); color: var(--text); font: 13px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; }
code, .mono { font-family: var(--mono); font-size: 12px; }
h2 { font-size: 13px; margin: 0 0 6px; font-weight: 600; }
.muted { color: var(--muted); font-weight: normal; }
.small { font-size: 12px; }
.error { color: var(--failed); }
[hidden] { display: none !important; }

.top { position: sticky; top: 0; z-index: 5; display: flex; flex-wrap: wrap; align-items: center; gap: 4px 18px; padding: 8px 16px; white-space: nowrap;
  background: var(--card); border-bottom: 1px solid var(--line); }
.brand { font-weight: 700; font-size: 15px; }
.brand .muted { font-weight: 400; font-size: 12px; margin-left: 6px; }
@media (max-width: 1200px) { .brand .muted { display: none; } }
.clock { display: flex; align-items: baseline; gap: 8px; }
.clock-now { font-family: var(--mono); font-size: 16px; font-weight: 600; }
.spacer { flex: 1; }
.live { font-size: 12px; padding: 2px 10px; border-radius: 999px; background: var(--ended-bg); color: var(--ended); }
.live::before { content: "●"; margin-right: 5px; }
.live[data-state="on"] { background: var(--ok-bg); color: var(--ok); }
.live[data-state="error"] { background: var(--failed-bg); color: var(--failed); }

main { padding: 12px 16px 40px; display: grid; gap: 12px; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px; min-width: 0; }
.row { display: flex; gap: 6px; align-items: center; flex-wrap: wrap; margin-bottom: 6px; }
.row.end { justify-content: flex-end; }

button { font: inherit; padding: 4px 10px; border-radius: 6px; border: 1px solid var(--line); background: var(--bg); color: var(--text); cursor: pointer; }
button:hover:not(:disabled) { border-color: var(--accent); color: var(--accent); }
button:disabled { opacity: .45; cursor: default; }
button.ghost { background: transparent; }
button.danger { color: var(--failed); }
button.danger:hover { border-color: var(--failed); color: var(--failed); background: var(--failed-bg); }
button.tiny { padding: 1px 6px; font-size: 11px; }
button.link { border: 0; background: none; padding: 0; color: var(--accent); font-family: var(--mono); font-size: 12px; }
input, select, textarea { font: inherit; padding: 3px 6px; border: 1px solid var(--line); border-radius: 6px; background: var(--card); color: var(--text); }
textarea { width: 100%; font-family: var(--mono); font-size: 12px; resize: vertical; }

.controls { display: grid; grid-template-columns: auto minmax(220px, 1fr) minmax(340px, 1.3fr) auto; gap: 24px; align-items: start; }
@media (max-width: 1100px) { .controls { grid-template-columns: 1fr 1fr; } }
.control-group { min-width: 0; }
.shot { display: inline-block; font-family: var(--mono); font-size: 11px; background: var(--waiting-bg); border-radius: 4px; padding: 1px 6px; margin: 2px 4px 0 0; }

.queues { display: grid; grid-template-columns: repeat(auto-fit, minmax(300px, 1fr)); gap: 12px; }
.queues .card h2 { display: flex; justify-content: space-between; gap: 8px; }
.chips { display: flex; flex-wrap: wrap; gap: 4px; margin-bottom: 8px; }
.queue { border-top: 1px dashed var(--line); padding: 6px 0 2px; }
.queue-key { font-size: 12px; color: var(--muted); margin-bottom: 3px; }
.qjob { display: grid; grid-template-columns: 84px minmax(0, 1fr) minmax(120px, 40%); gap: 8px; align-items: center; padding: 2px 0; }
.qjob > :first-child { justify-self: start; }
.qjob .what { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; font-family: var(--mono); font-size: 12px; }
.qjob .how { display: flex; align-items: center; gap: 6px; font-size: 12px; color: var(--muted); white-space: nowrap; overflow: hidden; }
.qjob .how .progress { flex: 1; }
.qjob .id { font-family: var(--mono); font-size: 12px; }
.progress { height: 6px; border-radius: 3px; background: var(--running-bg); overflow: hidden; min-width: 60px; }
.progress > div { height: 100%; background: var(--running); transition: width .2s; }
.progress-list { margin-top: 8px; }
.pool-progress { display: grid; grid-template-columns: minmax(0, 2fr) minmax(0, 3fr); gap: 2px 8px; padding: 4px 0; border-top: 1px solid var(--line, #ddd); }
.pool-progress .how { display: flex; align-items: center; gap: 6px; }
.pool-progress .how .progress { flex: 1; }
.pool-progress .chips { grid-column: 1 / -1; }
.spark { flex: none; }
.spark polyline { fill: none; stroke: var(--running); stroke-width: 1.5; }
.idle { color: var(--muted); font-size: 12px; padding: 4px 0; }

.badge { display: inline-block; padding: 1px 7px; border-radius: 999px; font-size: 11px; font-weight: 600; white-space: nowrap; }
.p-waiting { background: var(--waiting-bg); color: var(--waiting); }
.p-running { background: var(--running-bg); color: var(--running); }
.p-ok { background: var(--ok-bg); color: var(--ok); }
.p-failed { background: var(--failed-bg); color: var(--failed); }
.p-ended { background: var(--ended-bg); color: var(--ended); }
.p-other { background: var(--other-bg); color: var(--other); }
.seg.p-waiting { background: var(--waiting); } .seg.p-running { background: var(--running); } .seg.p-ok { background: var(--ok); }
.seg.p-failed { background: var(--failed); } .seg.p-ended { background: var(--ended); } .seg.p-other { background: var(--other); }

.section-head { display: flex; justify-content: space-between; align-items: center; gap: 10px; flex-wrap: wrap; margin-bottom: 6px; }
.section-head h2 { margin: 0; }
.filters { display: flex; gap: 6px; flex-wrap: wrap; }
.split { display: grid; grid-template-columns: minmax(0, 1fr); gap: 12px; }
.split.with-detail { grid-template-columns: minmax(0, 1fr) 360px; }
.table-wrap { overflow-x: auto; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; }
th { text-align: left; font-weight: 600; color: var(--muted); font-size: 11px; text-transform: uppercase; letter-spacing: .03em; padding: 4px 6px; border-bottom: 1px solid var(--line); }
td { padding: 3px 6px; border-bottom: 1px solid var(--line); white-space: nowrap; overflow: hidden; text-overflow: ellipsis; vertical-align: middle; }
tbody tr:hover { background: var(--bg); }
tr.selected { background: var(--running-bg) !important; }
tr.clickable { cursor: pointer; }
td.empty { text-align: center; color: var(--muted); padding: 14px; }
.c-api { width: 96px; } .c-id { width: 150px; } .c-kind { width: 140px; } .c-account { width: 110px; } .c-state { width: 92px; }
.c-next { width: 200px; } .c-actions { width: 152px; }
table.jobs { min-width: 1040px; }
/* With a job's details open beside the table, kind and account make room (the details show them). */
.with-detail table.jobs { min-width: 760px; }
.with-detail table.jobs col.c-kind, .with-detail table.jobs col.c-account,
.with-detail table.jobs tr > :nth-child(3), .with-detail table.jobs tr > :nth-child(4) { display: none; } .c-time { width: 104px; } .c-method { width: 62px; }
.c-status { width: 56px; } .c-attempt { width: 34px; }
td.mono { font-family: var(--mono); font-size: 12px; }
.st-2 { color: var(--ok); } .st-3 { color: var(--accent); } .st-4 { color: var(--waiting); } .st-5 { color: var(--failed); }
.fault { font-size: 10px; background: var(--other-bg); color: var(--other); border-radius: 4px; padding: 0 4px; margin-left: 4px; }

.tl { position: relative; display: flex; height: 10px; border-radius: 3px; overflow: hidden; background: var(--bg); }
.tl .seg { height: 100%; min-width: 3px; border-right: 1px solid var(--card); }
.tl.big { height: 18px; border-radius: 4px; }
.tl.big .seg { color: #fff; font-size: 10px; line-height: 18px; padding-left: 3px; overflow: hidden; white-space: nowrap; }
.tl .seg.current { background-image: repeating-linear-gradient(45deg, rgba(255,255,255,.28) 0 4px, transparent 4px 8px); }
.axis { display: flex; justify-content: space-between; font-family: var(--mono); font-size: 10px; color: var(--muted); margin: 2px 0 8px; }

.pager { display: flex; gap: 8px; align-items: center; justify-content: flex-end; padding-top: 6px; font-size: 12px; color: var(--muted); }

.detail { border-left: 1px solid var(--line); padding-left: 12px; min-width: 0; }
.detail h3 { margin: 0 0 4px; font-size: 13px; font-family: var(--mono); word-break: break-all; }
.detail table { table-layout: auto; }
.detail table td { font-size: 11px; }
.detail pre { font-family: var(--mono); font-size: 11px; background: var(--bg); padding: 6px; border-radius: 6px; max-height: 260px; overflow: auto; margin: 6px 0 0; }
.kv { display: grid; grid-template-columns: 84px 1fr; gap: 2px 8px; font-size: 12px; margin: 6px 0; }
.kv div:nth-child(odd) { color: var(--muted); }

.journals { display: grid; grid-template-columns: repeat(auto-fit, minmax(520px, 1fr)); gap: 12px; }

.toast { position: fixed; right: 16px; bottom: 16px; max-width: 520px; padding: 8px 12px; border-radius: 8px; background: var(--text); color: var(--card); box-shadow: 0 4px 16px rgba(0,0,0,.2); font-size: 12px; z-index: 10; }
.toast.error { background: var(--failed); color: #fff; }
dialog { border: 1px solid var(--line); border-radius: 10px; padding: 16px 18px; background: var(--card); color: var(--text); width: 380px; }
dialog::backdrop { background: rgba(20, 23, 29, .45); }
dialog input { width: 100%; margin: 6px 0 10px; }
`;
