#!/usr/bin/env bash
# Access and cache load test: requests/s of one /data query through the published binary, with the cache off
# and on, and with auth + rate limiting off and on (rate limit set high enough never to reject, so its cost is
# measured, not its rejections). Bounded: each run is DURATION seconds (default 10) after a 2 s warm-up.
# Two data sets: the shipped demo data (50 customers: a query costs next to nothing, so the overheads show at
# their largest) and 100,000 generated tickets (a filtered, sorted page costs real work, so the cache shows).
# Usage: bench/wrk/access.sh [path/to/udc]   (needs wrk; redis-server for the Redis rows)
set -euo pipefail
cd "$(dirname "$0")/../.."
binary=${1:-artifacts/native/udc}
duration=${DURATION:-10}
threads=${THREADS:-2}
connections=${CONNECTIONS:-32}
work=$(mktemp -d)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
admin_key=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')

redis_url=""
if command -v redis-server >/dev/null; then
  redis_port=$(free_port)
  redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no >"$work/redis.log" 2>&1 &
  pids+=($!)
  redis_url="redis://127.0.0.1:$redis_port"
  # REDIS_URL is handed to env(1) through word splitting below: it must hold no spaces (it does not).
  sleep 0.3
fi

# measure NAME ENV... : starts udc with the settings, warms up, measures; appends "name rps p50 p99 non2xx".
measure() {
  local name=$1; shift
  local port; port=$(free_port)
  local db="$work/$name.db"
  env "$@" ADMIN_API_KEY="$admin_key" UDC_DATABASE="$db" "$binary" --data "$data_dir" --urls "http://127.0.0.1:$port" >"$work/$name.log" 2>&1 &
  local pid=$!
  for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null && break; sleep 0.05; done
  local key=""
  if env "$@" bash -c '[ "${AUTH_ENABLED:-false}" = true ]'; then
    key=$(curl -s -X POST -H "X-Admin-Key: $admin_key" -H 'Content-Type: application/json' -d '{"name":"bench"}' \
      "http://127.0.0.1:$port/auth/api-keys" | sed -n 's/.*"api_key":"\([^"]*\)".*/\1/p')
  fi
  UDC_KEY=$key wrk -t"$threads" -c"$connections" -d2s -s bench/wrk/key.lua "http://127.0.0.1:$port$url_path" >/dev/null
  local out; out=$(UDC_KEY=$key wrk -t"$threads" -c"$connections" -d"${duration}s" --latency -s bench/wrk/key.lua "http://127.0.0.1:$port$url_path")
  local rps p50 p99 non2xx
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  non2xx=$(awk '/Non-2xx/ {print $5}' <<<"$out")
  echo "$name $rps $p50 $p99 ${non2xx:-0}" >>"$work/results"
  kill "$pid"; wait "$pid" 2>/dev/null || true
}

# The machine is shared (wrk itself takes a core), so configurations are measured in alternating rounds and
# each row is the median round: a slow moment hurts every configuration alike.
rounds=${ROUNDS:-3}
configs=()
config() { configs+=("$*"); }

table() {
echo
echo "$1: GET $url_path"
echo
echo "| configuration | requests/s (median of $rounds) | p50 | p99 | non-2xx |"
echo "| --- | ---: | ---: | ---: | ---: |"
configs=()
config uncached             CACHE_ENABLED=false AUTH_ENABLED=false RATE_LIMIT_PER_SOURCE=0
config uncached+auth+limits CACHE_ENABLED=false AUTH_ENABLED=true  RATE_LIMIT_PER_SOURCE=1000000000
config cached               CACHE_ENABLED=true  AUTH_ENABLED=false RATE_LIMIT_PER_SOURCE=0
config cached+auth+limits   CACHE_ENABLED=true  AUTH_ENABLED=true  RATE_LIMIT_PER_SOURCE=1000000000
if [ -n "$redis_url" ]; then
  config cached+auth+limits+redis CACHE_ENABLED=true AUTH_ENABLED=true RATE_LIMIT_PER_SOURCE=1000000000 REDIS_URL="$redis_url"
fi
: >"$work/results"
for _ in $(seq 1 "$rounds"); do
  for c in "${configs[@]}"; do
    # shellcheck disable=SC2086
    measure $c
  done
done
for c in "${configs[@]}"; do
  name=${c%% *}
  awk -v n="$name" '$1 == n' "$work/results" | sort -k2 -n | awk -v r="$rounds" 'NR == int((r + 1) / 2) {printf "| %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5}'
done
}

data_dir=data url_path='/data/crm?status=active&page_size=10' table "Demo data (50 customers)"
"$binary" generate --out "$work/large" --customers 1000 --tickets 100000 >/dev/null
data_dir=$work/large url_path='/data/support?status=open&priority=high&page_size=10' table "100,000 tickets"
