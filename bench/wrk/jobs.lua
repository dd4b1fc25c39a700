-- The seed's load pattern for jobs: a mix of POST /jobs and GET /jobs/{request_id} (wrk -s jobs.lua).
-- Every other request creates a job; the others read the last job this thread created.
local counter = 0
local last_id = nil

request = function()
  counter = counter + 1
  if last_id == nil or counter % 2 == 1 then
    return wrk.format("POST", "/jobs", { ["Content-Type"] = "application/json" },
      '{"user_id":' .. counter .. ',"query":"get_user_data","metadata":{"source":"web_app","priority":"high"}}')
  end
  return wrk.format("GET", "/jobs/" .. last_id)
end

response = function(status, headers, body)
  local id = body:match('"request_id":"([0-9a-f%-]+)"')
  if status == 202 and id ~= nil then
    last_id = id
  end
end

done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status + summary.errors.timeout
  io.write(string.format("requests %d in %.2f s: %.1f requests/s\n", summary.requests, summary.duration / 1e6,
    summary.requests / (summary.duration / 1e6)))
  io.write(string.format("latency p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, max %.2f ms\n",
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
  io.write(string.format("errors %d: %d timeouts (wrk's default 2 s), %d non-2xx, %d connect, %d read, %d write\n", errors,
    summary.errors.timeout, summary.errors.status, summary.errors.connect, summary.errors.read, summary.errors.write))
end
