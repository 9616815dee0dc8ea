-- wrk script for bench/warm: posts signed WooCommerce order deliveries, read one line at a time from
-- ORDERS_PREFIX-<thread>.tsv ("<signature>\t<topic>\t<body>", made by make_orders.py), with the
-- headers WooCommerce sends, and counts the answers per second since WARM_T0_MS (epoch milliseconds,
-- taken by run.sh just before wrk starts). done() writes "second accepted other" lines to PER_SECOND_OUT.
-- BAD_SIGNATURE=1 spoils every signature: the server checks each order and answers 401, storing nothing
-- (run.sh's pre-warming).
local ffi = require("ffi")
ffi.cdef [[
typedef struct { long tv_sec; long tv_nsec; } warm_timespec;
int clock_gettime(int clk_id, warm_timespec *tp);
]]
local ts = ffi.new("warm_timespec")
local function now_ms()
  ffi.C.clock_gettime(0, ts) -- CLOCK_REALTIME: the clock `date +%s%3N` reads
  return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
end

local t0 = tonumber(os.getenv("WARM_T0_MS"))
local spoil = os.getenv("BAD_SIGNATURE") == "1"
local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end

-- Per thread (globals, read by done() through thread:get).
ok_at, other_at = {}, {}
duplicates, wraps = 0, 0
local file, fname

function init(args)
  fname = os.getenv("ORDERS_PREFIX") .. "-" .. id .. ".tsv"
  file = assert(io.open(fname, "r"))
end

local headers = {
  ["Content-Type"] = "application/json",
  ["User-Agent"] = "WooCommerce/9.4.2 Hookshot (WordPress/6.7.1)",
  ["X-WC-Webhook-Source"] = "https://bench-shop.example/",
  ["X-WC-Webhook-Resource"] = "order",
  ["X-WC-Webhook-ID"] = "14",
}

function request()
  local line = file:read("*l")
  if not line then -- out of orders: start again (the server answers duplicates; counted)
    file:close()
    file = assert(io.open(fname, "r"))
    wraps = wraps + 1
    line = file:read("*l")
  end
  local a = line:find("\t", 1, true)
  local b = line:find("\t", a + 1, true)
  local sig, topic = line:sub(1, a - 1), line:sub(a + 1, b - 1)
  if spoil then sig = (sig:sub(1, 1) == "A" and "B" or "A") .. sig:sub(2) end
  headers["X-WC-Webhook-Signature"] = sig
  headers["X-WC-Webhook-Topic"] = topic
  headers["X-WC-Webhook-Event"] = topic:sub(7)
  headers["X-WC-Webhook-Delivery-ID"] = sig:sub(1, 32)
  return wrk.format("POST", nil, headers, line:sub(b + 1))
end

function response(status, hdrs, body)
  local s = math.floor((now_ms() - t0) / 1000) + 1
  if status == 200 then
    ok_at[s] = (ok_at[s] or 0) + 1
    if body:find('"duplicate":true', 1, true) then duplicates = duplicates + 1 end
  else
    other_at[s] = (other_at[s] or 0) + 1
  end
end

function done(summary, latency, requests)
  local ok, other, dup, wrapped, last = {}, {}, 0, 0, 0
  for _, t in ipairs(threads) do
    for s, c in pairs(t:get("ok_at")) do
      ok[s] = (ok[s] or 0) + c
      if s > last then last = s end
    end
    for s, c in pairs(t:get("other_at")) do
      other[s] = (other[s] or 0) + c
      if s > last then last = s end
    end
    dup = dup + t:get("duplicates")
    wrapped = wrapped + t:get("wraps")
  end
  local out = assert(io.open(os.getenv("PER_SECOND_OUT"), "w"))
  local accepted, rejected = 0, 0
  for s = 1, last do
    out:write(string.format("%d %d %d\n", s, ok[s] or 0, other[s] or 0))
    accepted = accepted + (ok[s] or 0)
    rejected = rejected + (other[s] or 0)
  end
  out:close()
  io.write(string.format("accepted(200) %d  duplicate %d  other %d  errors(connect/read/write/timeout) %d/%d/%d/%d  orders reused %d\n",
    accepted, dup, rejected, summary.errors.connect, summary.errors.read, summary.errors.write,
    summary.errors.timeout, wrapped))
  io.write(string.format("latency ms  p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f\n",
    latency:percentile(50) / 1e3, latency:percentile(90) / 1e3, latency:percentile(99) / 1e3,
    latency:percentile(99.9) / 1e3, latency.max / 1e3))
end
