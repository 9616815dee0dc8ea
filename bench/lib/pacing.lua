-- Fixed offered rate for wrk scripts: RATE requests/s in all, over THREADS wrk threads. Each
-- thread hands out send slots every THREADS * 1000 / RATE ms; a connection whose answer came back
-- waits for the next free slot. A slot is never earlier than now, so a slow server gets no
-- catch-up burst: the achieved rate then falls below the offered one, and the report shows it.
-- Without RATE, no delay: saturation.
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
