-- wrk script for bench/compare: every request is a distinct WooCommerce order (the template's two
-- '@@@@@@@@@@@' replaced by an 11-digit id), signed as WooCommerce signs it: header
-- X-WC-Webhook-Signature = base64(HMAC-SHA256(raw body, SECRET)), computed here through
-- OpenSSL's libcrypto (LuaJIT's FFI), the same few microseconds per request for every system.
--
-- env: ORDER_TEMPLATE (file), SECRET, ORDER_RUN (1-99: ids never repeat across the runs of one system),
--      ACK_PREFIX (optional: each thread writes the "eventId" of every 200 to ACK_PREFIX<thread>),
--      RATE and THREADS (optional: a fixed offered rate, ../lib/pacing.lua).
-- Prints one line: RESULT key=value ... (parsed by run.sh).
local ffi = require("ffi")
ffi.cdef[[
  typedef struct evp_md_st EVP_MD;
  const EVP_MD *EVP_sha256(void);
  unsigned char *HMAC(const EVP_MD *evp_md, const char *key, int key_len, const char *data, size_t data_len,
                      unsigned char *md, unsigned int *md_len);
  int EVP_EncodeBlock(unsigned char *t, const unsigned char *f, int n);
]]
local crypto = ffi.load("libcrypto.so.3")

local threads = {}
local counter = 0
ok, other, duplicate = 0, 0, 0
statuses = ""

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end

local parts, secret, md, mac, mac_len, b64, id_format, n, acks

function init(args)
  local f = assert(io.open(os.getenv("ORDER_TEMPLATE"), "rb"))
  local template = f:read("*a")
  f:close()
  parts = {}
  for piece in (template .. "@@@@@@@@@@@"):gmatch("(.-)@@@@@@@@@@@") do parts[#parts + 1] = piece end
  assert(#parts == 3, "the template needs two placeholders")
  secret = assert(os.getenv("SECRET"), "SECRET")
  md = crypto.EVP_sha256()
  mac = ffi.new("unsigned char[32]")
  mac_len = ffi.new("unsigned int[1]")
  b64 = ffi.new("unsigned char[48]")
  -- 1, the run (2 digits), the thread (1 digit), a counter (7 digits): 11 digits, always.
  id_format = string.format("1%02d%d%%07d", tonumber(os.getenv("ORDER_RUN") or "1"), id)
  n = 0
  if os.getenv("ACK_PREFIX") then
    acks = io.open(os.getenv("ACK_PREFIX") .. id, "w")
    acks:setvbuf("line") -- no per-thread exit hook to flush in
  end
end

-- Fixed offered rate (RATE, THREADS): ../lib/pacing.lua, next to this script's folder.
dofile((debug.getinfo(1, "S").source:match("^@(.*)/[^/]*$") or ".") .. "/../lib/pacing.lua")

local headers = {
  ["Content-Type"] = "application/json",
  ["User-Agent"] = "WooCommerce/9.4.2 Hookshot (WordPress/6.7.1)",
  ["X-WC-Webhook-Source"] = "https://bench-shop.example/",
  ["X-WC-Webhook-Topic"] = "order.created",
  ["X-WC-Webhook-Resource"] = "order",
  ["X-WC-Webhook-Event"] = "created",
  ["X-WC-Webhook-ID"] = "14",
}

function request()
  n = n + 1
  local order_id = string.format(id_format, n)
  local body = parts[1] .. order_id .. parts[2] .. order_id .. parts[3]
  crypto.HMAC(md, secret, #secret, body, #body, mac, mac_len)
  headers["X-WC-Webhook-Signature"] = ffi.string(b64, crypto.EVP_EncodeBlock(b64, mac, 32))
  headers["X-WC-Webhook-Delivery-ID"] = order_id
  return wrk.format("POST", nil, headers, body)
end

function response(status, response_headers, body)
  if status == 200 then
    ok = ok + 1
    if acks then
      local event_id = string.match(body, '"eventId":"([^"]+)"')
      if event_id then acks:write(event_id, "\n") end
      if string.find(body, '"duplicate":true', 1, true) then duplicate = duplicate + 1 end
    end
  else
    other = other + 1
    if #statuses < 40 and not string.find(statuses, tostring(status), 1, true) then
      statuses = statuses .. (#statuses > 0 and "," or "") .. status
    end
  end
end

function done(summary, latency, requests)
  local accepted, rejected, dup, codes = 0, 0, 0, ""
  for _, t in ipairs(threads) do
    accepted = accepted + t:get("ok")
    rejected = rejected + t:get("other")
    dup = dup + t:get("duplicate")
    local s = t:get("statuses")
    if s ~= "" then codes = codes .. (codes ~= "" and "," or "") .. s end
  end
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format("RESULT accepted=%d other=%d statuses=%s duplicate=%d socket_errors=%d "
    .. "rate=%.1f sent_rate=%.1f p50=%.2f p90=%.2f p99=%.2f max=%.2f\n",
    accepted, rejected, codes ~= "" and codes or "-", dup, e.connect + e.read + e.write + e.timeout,
    accepted / seconds, summary.requests / seconds,
    latency:percentile(50) / 1e3, latency:percentile(90) / 1e3, latency:percentile(99) / 1e3,
    latency.max / 1e3))
end
