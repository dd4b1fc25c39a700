#!/usr/bin/env bash
# The seed's jobs load run: POST /jobs and GET /jobs/{id} mixed, against the native binary and a loopback sync vendor.
# Usage: DURATION=20s CONNECTIONS=200 bench/wrk/jobs.sh [path/to/udc]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
binary="${1:-$here/../../artifacts/native/udc}"
duration="${DURATION:-20s}"
connections="${CONNECTIONS:-200}"
port="${PORT:-18080}"
vendor_port="${VENDOR_PORT:-18090}"
work="$(mktemp -d)"
trap 'kill $(jobs -p) 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT

mkdir -p "$work/data"
"$binary" generate --out "$work/data" >/dev/null
VENDOR_PORT=$vendor_port node "$here/vendor.mjs" &
UDC_VENDORS=acme UDC_VENDOR_ACME_URL="http://127.0.0.1:$vendor_port/" RATE_LIMIT_PER_SOURCE=0 \
  "$binary" serve --data "$work/data" --urls "http://127.0.0.1:$port" >"$work/udc.log" 2>&1 &
for _ in $(seq 1 100); do
  curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null && break
  sleep 0.1
done
# Warm-up, then the measured run; the load average says how much else the machine was doing.
wrk -t2 -c32 -d2s -s "$here/jobs.lua" "http://127.0.0.1:$port" >/dev/null
echo "$(nproc) CPUs, load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
wrk -t2 -c"$connections" -d"$duration" --latency -s "$here/jobs.lua" "http://127.0.0.1:$port"
echo "load average after the run: $(cut -d' ' -f1-3 /proc/loadavg)"
jobs_total=$(sqlite3 "$work/data/.udc/udc.db" "SELECT count(*) FROM jobs" 2>/dev/null || echo "?")
open_items=$(sqlite3 "$work/data/.udc/udc.db" "SELECT count(*) FROM work_items" 2>/dev/null || echo "?")
finished=$(sqlite3 "$work/data/.udc/udc.db" "SELECT count(*) FROM jobs WHERE status = 'complete'" 2>/dev/null || echo "?")
echo "jobs stored: $jobs_total, complete: $finished, work items still open at the end: $open_items"
grep -E "fail|error|Error" "$work/udc.log" | sort | uniq -c | sort -rn | head -5 || true
