-- POSTs one fixed JSON body. Environment:
--   BENCH_BODY      file holding the body (required)
--   BENCH_HEADERS   file of extra "Name: value" lines (optional: the gateway key, Portkey's config)
--   BENCH_THINK_MS  pause of each connection between its requests, for a moderate fixed load (optional)
-- done() prints one machine-readable line that run.sh parses.
local function read(path)
  local file = assert(io.open(path, "rb"))
  local text = file:read("*a")
  file:close()
  return text
end

wrk.method = "POST"
wrk.body = read(assert(os.getenv("BENCH_BODY"), "BENCH_BODY is required"))
wrk.headers["Content-Type"] = "application/json"
local headers = os.getenv("BENCH_HEADERS")
if headers and headers ~= "" then
  for line in read(headers):gmatch("[^\r\n]+") do
    local name, value = line:match("^([^:]+):%s*(.*)$")
    if name then wrk.headers[name] = value end
  end
end

local think = tonumber(os.getenv("BENCH_THINK_MS") or "0") or 0
if think > 0 then
  function delay()
    return think
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "BENCH requests=%d duration_us=%d errors=%d p50_us=%.1f p90_us=%.1f p99_us=%.1f p999_us=%.1f mean_us=%.1f max_us=%.1f\n",
    summary.requests, summary.duration, e.connect + e.read + e.write + e.status + e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9),
    latency.mean, latency.max))
end
