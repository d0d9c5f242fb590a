-- wrk script shared by every scenario, configured by environment variables:
--   BENCH_METHOD  GET or POST (default POST)
--   BENCH_BODY    request body; each "@KEY@" is replaced by a key from BENCH_KEYS
--   BENCH_KEY_HEADER  send the key in this header instead of the body (the check endpoint's X-API-Key)
--   BENCH_KEYS    file with one key a line (optional)
--   BENCH_PICK    "cycle" (each thread walks its own slice of the file, default) or "random"
--   BENCH_SLICE / BENCH_SLICES  with "cycle": the file is cut into SLICES x threads parts and this run's threads
--                 start at the parts of slice SLICE (0-based), so that successive rounds do not reuse keys
-- Prints one line "BENCH_RESULT {json}" at the end (latencies in microseconds).

local threads = {}
local counter = 0

function setup(thread)
   thread:set("tid", counter)
   counter = counter + 1
   table.insert(threads, thread)
end

local keys, n, pos, body, method, pick, headers, key_header

function init(args)
   method = os.getenv("BENCH_METHOD") or "POST"
   body = os.getenv("BENCH_BODY")
   pick = os.getenv("BENCH_PICK") or "cycle"
   key_header = os.getenv("BENCH_KEY_HEADER")
   if key_header == "" then
      key_header = nil
   end
   -- wrk.format uses either its headers argument or wrk.headers (the -H options): merge them.
   headers = { ["Content-Type"] = "application/x-www-form-urlencoded" }
   for name, value in pairs(wrk.headers) do
      headers[name] = value
   end
   keys, n = {}, 0
   local file = os.getenv("BENCH_KEYS")
   if file and file ~= "" then
      for line in io.lines(file) do
         if #line > 0 then
            n = n + 1
            keys[n] = line
         end
      end
   end
   local nthreads = tonumber(os.getenv("BENCH_THREADS") or "1")
   local slice = tonumber(os.getenv("BENCH_SLICE") or "0")
   local slices = tonumber(os.getenv("BENCH_SLICES") or "1")
   pos = (n > 0) and math.floor(n * (slice * nthreads + tid) / (slices * nthreads)) or 0
   math.randomseed(os.time() * 1000 + tid)
end

local function next_key()
   if pick == "random" then
      return keys[math.random(n)]
   end
   pos = pos % n + 1
   return keys[pos]
end

function request()
   if key_header and n > 0 then
      headers[key_header] = next_key()
      return wrk.format(method, nil, headers, method ~= "GET" and body or nil)
   end
   if method == "GET" then
      return wrk.format("GET")
   end
   local b = body
   if n > 0 then
      b = string.gsub(body, "@KEY@", next_key())
   end
   return wrk.format("POST", nil, headers, b)
end

function done(summary, latency, requests)
   local e = summary.errors
   io.write(string.format(
      'BENCH_RESULT {"requests":%d,"duration_us":%d,"bytes":%d,"non2xx":%d,"connect_errors":%d,"read_errors":%d,' ..
      '"write_errors":%d,"timeouts":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,"mean_us":%.1f,"max_us":%d}\n',
      summary.requests, summary.duration, summary.bytes, e.status, e.connect, e.read, e.write, e.timeout,
      latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.mean, latency.max))
end
