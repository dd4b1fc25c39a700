#!/usr/bin/env bash
# Load test of MCP tools/call against the plain /data endpoint, on loopback only, bounded in time.
# Runs the published binary on the demo data, then wrk three times for DURATION each with the same query:
#   GET /data/crm?status=active&page_size=10
#   POST /mcp tools/call query_data, 2026-07-28 (stateless)
#   POST /mcp tools/call query_data, 2025-11-25 (one session)
# Usage: bench/mcp-load.sh   (env: UDC_BINARY, DURATION=10s, CONNECTIONS=8, THREADS=1)
set -euo pipefail
cd "$(dirname "$0")/.."
binary=${UDC_BINARY:-artifacts/native/udc}
duration=${DURATION:-10s}
connections=${CONNECTIONS:-8}
threads=${THREADS:-1}
[ -x "$binary" ] || { echo "no binary at $binary: run 'dotnet publish src/Udc -c Release -o artifacts/native' or set UDC_BINARY" >&2; exit 2; }
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 2; }

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
log=$(mktemp)
# The per-source rate limit (on by default) would turn most of a load test into 429s: it measures serving.
RATE_LIMIT_PER_SOURCE=${RATE_LIMIT_PER_SOURCE:-0} "$binary" --data data --urls "$base" >"$log" 2>&1 &
udc_pid=$!
trap 'kill $udc_pid 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 1 100); do
  curl -fs "$base/health/ready" >/dev/null && break
  sleep 0.1
done

echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); udc $("$binary" --version)"
echo "== wrk -t$threads -c$connections -d$duration"

echo "== GET /data/crm?status=active&page_size=10"
wrk -t"$threads" -c"$connections" -d"$duration" --latency "$base/data/crm?status=active&page_size=10"

echo "== POST /mcp tools/call query_data (2026-07-28, stateless)"
MCP_MODE=stateless wrk -t"$threads" -c"$connections" -d"$duration" --latency -s bench/mcp-tools-call.lua "$base/mcp"

session=$(curl -s -D - -o /dev/null -X POST "$base/mcp" -H 'Content-Type: application/json' -H 'Accept: application/json, text/event-stream' \
  -d '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"wrk","version":"1"}}}' \
  | awk 'tolower($1) == "mcp-session-id:" { print $2 }' | tr -d '\r')
curl -s -o /dev/null -X POST "$base/mcp" -H 'Content-Type: application/json' -H 'Accept: application/json, text/event-stream' \
  -H "Mcp-Session-Id: $session" -H 'MCP-Protocol-Version: 2025-11-25' -d '{"jsonrpc":"2.0","method":"notifications/initialized"}'
echo "== POST /mcp tools/call query_data (2025-11-25, session $session)"
MCP_MODE=session MCP_SESSION_ID=$session wrk -t"$threads" -c"$connections" -d"$duration" --latency -s bench/mcp-tools-call.lua "$base/mcp"
