-- wrk script for full lifecycles (bench/lifecycle-steps.ts says the same in TypeScript; keep
-- the two in step). Run with as many threads as connections: a wrk thread's Lua state is
-- shared by its connections, so one connection per thread keeps request() and response()
-- strictly alternating, and each thread can walk its own jobs.
--   wrk -t50 -c50 -d10s -s bench/lifecycle.lua URL -- API JOBS_PER_CONN APPMETRICA_PATH MYTARGET_SUBMIT TOLOKA_BODY APP_BASE
-- Each thread keeps JOBS_PER_CONN jobs going and moves one job one step per request, round robin.

local threads = {}
local count = 0

function setup(thread)
  thread:set("tid", count)
  count = count + 1
  table.insert(threads, thread)
end

function init(args)
  api = args[1]
  per = tonumber(args[2])
  appmetrica_path = args[3]
  mytarget_submit = args[4]
  toloka_body = args[5]
  app_base = tonumber(args[6])
  steps = (api == "appmetrica") and 3 or 4
  jobs = {}
  for i = 1, per do
    local path = string.gsub(appmetrica_path, "APP_ID", tostring(app_base + tid * per + i - 1))
    jobs[i] = { phase = 0, loc = "", path = path }
  end
  cur = 1
  completed = 0
  failed = 0
end

function request()
  local j = jobs[cur]
  if api == "appmetrica" then
    return wrk.format("GET", j.path, { ["Authorization"] = "OAuth bench", ["Cache-Control"] = "no-cache" })
  elseif api == "mytarget" then
    local h = { ["Authorization"] = "Bearer bench" }
    if j.phase == 0 then return wrk.format("GET", mytarget_submit, h) end
    return wrk.format("GET", j.loc, h)
  else
    if j.phase == 0 then
      return wrk.format("POST", "/toloka/api/v1/tasks?async_mode=true",
        { ["Authorization"] = "OAuth bench", ["Content-Type"] = "application/json" }, toloka_body)
    end
    local h = { ["Authorization"] = "OAuth bench" }
    if j.phase == 3 then return wrk.format("GET", "/toloka/api/v1/operations/" .. j.loc .. "/log", h) end
    return wrk.format("GET", "/toloka/api/v1/operations/" .. j.loc, h)
  end
end

function response(status, headers, body)
  local j = jobs[cur]
  local p = j.phase
  local ok = false
  if api == "appmetrica" then
    if p < 2 and status == 200 then
      -- The file of a job the previous run left half-polled: start this job over, no failure.
      j.phase = 0
      cur = cur % per + 1
      return
    end
    ok = (p < 2 and status == 202) or (p == 2 and status == 200)
  elseif api == "mytarget" then
    if (p == 0 and status == 202) or (p == 2 and status == 303) then
      j.loc = headers["location"] or headers["Location"]
      ok = j.loc ~= nil
    else
      ok = (p == 1 or p == 3) and status == 200
    end
  else
    if p == 0 and status == 202 then
      j.loc = string.match(body, '"id":"([^"]+)"')
      ok = j.loc ~= nil
    elseif p == 2 then
      ok = status == 200 and string.find(body, '"status":"SUCCESS"', 1, true) ~= nil
    else
      ok = status == 200
    end
  end
  if not ok then
    failed = failed + 1
    j.phase = 0
  elseif p == steps - 1 then
    completed = completed + 1
    j.phase = 0
  else
    j.phase = p + 1
  end
  cur = cur % per + 1
end

function done(summary, latency, requests)
  local c, f = 0, 0
  for _, t in ipairs(threads) do
    c = c + t:get("completed")
    f = f + t:get("failed")
  end
  local e = summary.errors
  io.write(string.format('BENCH_RESULT {"requests":%d,"duration_us":%d,"jobs":%d,"failed":%d,"errors":%d}\n',
    summary.requests, summary.duration, c, f, e.connect + e.read + e.write + e.timeout))
end
