-- wrk script: cycles through pre-signed hook deliveries (wrk's Lua has no HMAC, so
-- run.sh signs the bodies with openssl and writes them to bodies.lua) and counts answers.
local deliveries = dofile(os.getenv("BODIES"))
local threads = {}
local i = 0
ok, other = 0, 0

local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end

-- Each thread writes the event id of every 200 it gets, so run.sh can check each one is stored.
function init(args)
  i = math.random(#deliveries)
  acks = io.open(os.getenv("ACK_PREFIX") .. id, "w")
  acks:setvbuf("line") -- no per-thread exit hook to flush in
end

-- Fixed offered rate (RATE, THREADS): ../lib/pacing.lua, next to this script's folder.
dofile((debug.getinfo(1, "S").source:match("^@(.*)/[^/]*$") or ".") .. "/../lib/pacing.lua")

function request()
  i = i % #deliveries + 1
  local d = deliveries[i]
  return wrk.format("POST", nil, {
    ["Content-Type"] = "application/json",
    ["X-Passerelle-Signature"] = "sha256=" .. d[2],
  }, d[1])
end

function response(status, headers, body)
  if status == 200 then
    ok = ok + 1
    acks:write(string.match(body, '"eventId":"([^"]+)"'), "\n")
  else
    other = other + 1
  end
end

function done(summary, latency, requests)
  local accepted, rejected = 0, 0
  for _, t in ipairs(threads) do
    accepted = accepted + t:get("ok")
    rejected = rejected + t:get("other")
  end
  io.write(string.format("accepted(200) %d  other %d  errors(connect/read/timeout) %d/%d/%d  accepted/s %.0f\n",
    accepted, rejected, summary.errors.connect, summary.errors.read, summary.errors.timeout,
    accepted / (summary.duration / 1e6)))
  io.write(string.format("latency ms  p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f\n",
    latency:percentile(50) / 1e3, latency:percentile(90) / 1e3, latency:percentile(99) / 1e3,
    latency:percentile(99.9) / 1e3, latency.max / 1e3))
end
