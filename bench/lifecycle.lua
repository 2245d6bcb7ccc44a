-- wrk script for full lifecycles (bench/lifecycle-steps.ts describes the same flows for
-- autocannon; keep the two in step).
--   wrk -t1 -c50 -d10s -s bench/lifecycle.lua URL -- API JOBS APPMETRICA_PATH MYTARGET_SUBMIT TOLOKA_BODY APP_BASE
--
-- A wrk thread shares one Lua state between its connections and response() is not told which
-- request it answers, so no job is tied to a connection. Instead:
-- - mytarget, toloka: every answer names its job (Location, or the id in the body), so it alone
--   says what the job's next request is. A queue holds the next request of every job not on
--   the wire; request() takes the first, response() appends the job's next one (a new submit
--   once its result came). JOBS jobs are in flight; the connections carry as many at a time.
-- - appmetrica: answers do not name the export, but each job is the same URL three times
--   (submit, poll, poll -> file), so request() visits JOBS applications round robin; an
--   application's previous answer is back long before its next turn (JOBS >> connections).
--   Each 200 (a file) is a finished job.

function init(args)
  api = args[1]
  jobs = tonumber(args[2])
  appmetrica_path = args[3]
  mytarget_submit = args[4]
  toloka_body = args[5]
  app_base = tonumber(args[6])
  completed = 0
  failed = 0
  queue = {}
  head = 1
  tail = 0
  slot = 0
  if api == "mytarget" then
    submit = wrk.format("GET", mytarget_submit, { ["Authorization"] = "Bearer bench" })
  elseif api == "toloka" then
    submit = wrk.format("POST", "/toloka/api/v1/tasks?async_mode=true",
      { ["Authorization"] = "OAuth bench", ["Content-Type"] = "application/json" }, toloka_body)
  else
    paths = {}
    for i = 0, jobs - 1 do
      paths[i] = wrk.format("GET", string.gsub(appmetrica_path, "APP_ID", tostring(app_base + i)),
        { ["Authorization"] = "OAuth bench", ["Cache-Control"] = "no-cache" })
    end
  end
  if submit then
    for i = 1, jobs do push(submit) end
  end
end

function push(req)
  tail = tail + 1
  queue[tail] = req
end

function request()
  if api == "appmetrica" then
    local r = paths[slot]
    slot = (slot + 1) % jobs
    return r
  end
  if head > tail then return submit end
  local r = queue[head]
  queue[head] = nil
  head = head + 1
  return r
end

local function get(path, auth)
  return wrk.format("GET", path, { ["Authorization"] = auth })
end

function response(status, headers, body)
  if api == "appmetrica" then
    if status == 200 then completed = completed + 1 elseif status ~= 202 then failed = failed + 1 end
    return
  end
  if api == "mytarget" then
    if status == 202 or status == 303 then
      local loc = headers["location"] or headers["Location"]
      if loc then return push(get(loc, "Bearer bench")) end
    elseif status == 200 then
      local id, state = string.match(body, '^{"id":"(%d+)","status":"(%a+)"')
      if id == nil then
        completed = completed + 1 -- the stored response of a done call
        return push(submit)
      elseif state == "enqueued" or state == "started" then
        return push(get("/mytarget/async_api/v2/requests/" .. id .. ".json", "Bearer bench"))
      end
    end
  else
    if status == 202 then
      local id = string.match(body, '"id":"([^"]+)"')
      if id then return push(get("/toloka/api/v1/operations/" .. id, "OAuth bench")) end
    elseif status == 200 then
      if string.sub(body, 1, 1) == "[" then
        completed = completed + 1 -- the operation's log
        return push(submit)
      end
      local id, state = string.match(body, '^{"id":"([^"]+)","type":"[^"]*","status":"(%u+)"')
      if state == "PENDING" or state == "RUNNING" then
        return push(get("/toloka/api/v1/operations/" .. id, "OAuth bench"))
      elseif state == "SUCCESS" then
        return push(get("/toloka/api/v1/operations/" .. id .. "/log", "OAuth bench"))
      end
    end
  end
  failed = failed + 1
  push(submit)
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

threads = {}

function setup(thread)
  table.insert(threads, thread)
end
