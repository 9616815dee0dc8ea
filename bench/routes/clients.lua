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

-- Fixed offered rate, as in ingest/signed-hook.lua: each thread hands out send slots every
-- THREADS * 1000 / RATE ms; a slot is never in the past, so a slow server gets no catch-up burst
-- and the achieved rate shows any shortfall.
local rate = tonumber(os.getenv("RATE") or "")
if rate then
  local ffi = require("ffi")
  ffi.cdef[[
    typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
    int clock_gettime(int clock, bench_timespec *ts);
  ]]
  local ts = ffi.new("bench_timespec")
  local function now_ms()
    ffi.C.clock_gettime(1, ts) -- CLOCK_MONOTONIC
    return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
  end
  local interval = tonumber(os.getenv("THREADS") or "2") * 1000 / rate
  local next_slot = 0
  function delay()
    local now = now_ms()
    local slot = math.max(next_slot, now)
    next_slot = slot + interval
    return slot - now
  end
end

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
