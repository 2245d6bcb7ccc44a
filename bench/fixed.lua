-- wrk script for the poll paths: the request comes from the command line (-H, URL); this only
-- prints the summary as one JSON line. Counting statuses would need a response() hook, which
-- makes wrk parse every body in Lua; the suite checks the status once before the load instead.
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('BENCH_RESULT {"requests":%d,"duration_us":%d,"errors":%d,"status_errors":%d}\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout, e.status))
end
