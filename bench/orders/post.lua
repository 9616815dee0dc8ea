-- wrk script: each thread sends its own file of pre-signed deliveries once, then stops.
-- Headers are the ones WooCommerce's WC_Webhook::deliver() sends.
local counter = 0
local threads = {}
local paths = {}

function setup(thread)
  thread:set("id", counter)
  table.insert(threads, thread)
  counter = counter + 1
end

function init(args)
  paths = {}
  for line in io.lines(args[1]) do
    if line ~= "" then paths[#paths + 1] = line end
  end
  reqs = {}
  local dir = args[2]
  local prefix = args[3] or "requests"
  for line in io.lines(dir .. "/" .. prefix .. "-" .. id .. ".tsv") do
    local conn, sig, topic, body = line:match("^(%d+)\t([^\t]+)\t([^\t]+)\t(.*)$")
    local headers = {
      ["Content-Type"] = "application/json",
      ["User-Agent"] = "WooCommerce/9.4.2 Hookshot (WordPress/6.7.1)",
      ["X-WC-Webhook-Source"] = "https://bench-shop.example/",
      ["X-WC-Webhook-Topic"] = topic,
      ["X-WC-Webhook-Resource"] = "order",
      ["X-WC-Webhook-Event"] = topic:sub(7),
      ["X-WC-Webhook-Signature"] = sig,
      ["X-WC-Webhook-ID"] = "14",
      ["X-WC-Webhook-Delivery-ID"] = sig:sub(1, 32),
    }
    reqs[#reqs + 1] = wrk.format("POST", paths[tonumber(conn) + 1], headers, body)
  end
  i = 0
  failures = 0
end

function request()
  i = i + 1
  if i > #reqs then
    wrk.thread:stop()
    return reqs[#reqs]
  end
  return reqs[i]
end

function response(status, headers, body)
  if status ~= 200 then
    failures = failures + 1
    if failures <= 5 then io.stderr:write("status " .. status .. ": " .. body .. "\n") end
  end
end

function done(summary, latency, requests)
  io.write(string.format("wrk: %d responses in %.2fs, %d non-2xx/3xx, %d socket errors\n", summary.requests,
    summary.duration / 1e6, summary.errors.status, summary.errors.connect + summary.errors.read
    + summary.errors.write + summary.errors.timeout))
  io.write(string.format("wrk: ack latency p50 %.1f ms, p99 %.1f ms, max %.1f ms\n",
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
