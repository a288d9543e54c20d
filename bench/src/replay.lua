-- wrk script: replays a request list in order (one path per line), so every
-- contender sees the same sequence. Used with one wrk thread (-t1), which keeps
-- the order exact; the harness pins wrk to its own core.
--
-- Arguments after `--`: <paths file> <mean delay ms> <seed> [header:value ...]
-- Mode from the environment (REPLAY_MODE), because wrk decides whether to
-- parse responses by whether `response` exists before init() has run:
--   loop   cycle through the list until the duration ends (saturation, fixed rate)
--   once   stop once the last path is answered (cold pass): connections with
--          nothing left to send park, and the last response stops wrk via
--          SIGINT, so its report covers exactly the pass and nothing is left
--          in flight (an abandoned request would be cancelled upstream and
--          missing from Martin's count)
--   delay  > 0 paces each connection with exponential gaps of that mean
--          (a Poisson-like open arrival at connections * 1000 / delay req/s);
--          wrk measures latency from the write, not from the intended time,
--          so rates are chosen well below saturation.
local ffi = require("ffi")
ffi.cdef [[
  int kill(int pid, int sig);
  int getpid(void);
]]

local requests = {}
local count = 0
local index = 0
local once = os.getenv("REPLAY_MODE") == "once"
local meanDelay = 0
local finished = false
local answered = 0
local verified = false
-- Longer than any pass: a parked connection never sends again.
local PARK_MS = 3600000

function init(args)
  local file = assert(io.open(args[1], "r"))
  meanDelay = tonumber(args[2]) or 0
  math.randomseed(tonumber(args[3]) or 1)
  for i = 4, #args do
    local name, value = args[i]:match("^([^:]+):(.*)$")
    wrk.headers[name] = value
  end
  for path in file:lines() do
    count = count + 1
    requests[count] = wrk.format("GET", path)
  end
  file:close()
end

if once then
  -- Only in `once` mode: while this global exists wrk parses every response,
  -- which would slow the saturation runs.
  function response()
    answered = answered + 1
    if answered >= count and not finished then
      finished = true
      -- Stop this thread's loop now and end wrk's sleep in the main thread.
      wrk.thread:stop()
      ffi.C.kill(ffi.C.getpid(), 2)
    end
  end
end

function delay()
  if once and index >= count then return PARK_MS end
  if meanDelay <= 0 then return 0 end
  return math.floor(-math.log(1 - math.random()) * meanDelay + 0.5)
end

function request()
  -- wrk calls request() once right after init() to check for pipelining; that
  -- call is not sent, so it must not use up the first path.
  if not verified then
    verified = true
    return requests[1]
  end
  if index >= count then
    -- once: two connections passed delay() with one path left; the later one
    -- repeats it (a warm hit, rare). loop: start over.
    if once then return requests[count] end
    index = 0
  end
  index = index + 1
  return requests[index]
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests":%d,"durationUs":%d,"bytes":%d,' ..
    '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},' ..
    '"latencyUs":{"min":%d,"mean":%.1f,"p50":%d,"p90":%d,"p99":%d,"p999":%d,"max":%d}}\n',
    summary.requests, summary.duration, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency.min, latency.mean, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency:percentile(99.9), latency.max))
end
