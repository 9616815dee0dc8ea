-- wrk script: POST /api/v1/clients, each request a new client (distinct name and email), so each
-- publishes one client.created event. Env: API_KEY, LABEL (this run's prefix, kept in the name so
-- run.sh can tell runs apart), RATE (optional: requests/s offered by all threads together),
-- THREADS (wrk's -t, for the pacing).
local threads = {}
local counter = 0
created, other = 0, 0

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end

local key = os.getenv("API_KEY")
local label = os.getenv("LABEL") or "run"
local n = 0

function init(args)
  n = 0
end

-- Fixed offered rate (RATE, THREADS): ../lib/pacing.lua, next to this script's folder.
dofile((debug.getinfo(1, "S").source:match("^@(.*)/[^/]*$") or ".") .. "/../lib/pacing.lua")

function request()
  n = n + 1
  local who = label .. "-" .. id .. "-" .. n
  return wrk.format("POST", "/api/v1/clients", {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. key,
  }, '{"name":"Bench ' .. who .. '","emails":["' .. who .. '@bench.example"]}')
end

function response(status, headers, body)
  if status == 201 then
    created = created + 1
  else
    other = other + 1
    if other <= 3 then io.stderr:write("status " .. status .. ": " .. body .. "\n") end
  end
end

function done(summary, latency, requests)
  local ok, bad = 0, 0
  for _, t in ipairs(threads) do
    ok = ok + t:get("created")
    bad = bad + t:get("other")
  end
  io.write(string.format("created(201) %d  other %d  errors(connect/read/timeout) %d/%d/%d  created/s %.0f\n",
    ok, bad, summary.errors.connect, summary.errors.read, summary.errors.timeout, ok / (summary.duration / 1e6)))
  io.write(string.format("create latency ms  p50 %.2f  p99 %.2f  max %.2f\n",
    latency:percentile(50) / 1e3, latency:percentile(99) / 1e3, latency.max / 1e3))
end
