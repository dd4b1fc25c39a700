-- Prints wrk's mean latency in milliseconds on a line of its own, for bench/database/run.sh to compare with pgbench.
done = function(summary, latency, requests)
  io.write(string.format("mean_ms %.3f p50_ms %.3f p99_ms %.3f requests %d\n",
    latency.mean / 1000, latency:percentile(50) / 1000, latency:percentile(99) / 1000, summary.requests))
end
