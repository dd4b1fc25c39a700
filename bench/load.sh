#!/usr/bin/env bash
# Load test of the native udc server over loopback with wrk.
#
#   bench/load.sh                          publish src/Udc (Native AOT) and test it
#   UDC_BINARY=/path/to/udc bench/load.sh  test an existing binary
#
# Environment:
#   UDC_BINARY  the udc executable to test; default: publish to artifacts/native/udc
#   DURATION    length of each measured wrk run, as wrk reads it (30s, 1m); default 10s
#   QUERY       the data request to test; default /data/support?status=open&priority=high&page_size=10
#   DATA_DIR    the data folder to serve; default: the repository's data/
#   TICKETS     tickets to generate when data/ has no data file; default: udc generate's own default
#
# The server listens on 127.0.0.1 only, on a free port, and is stopped when the script exits, however it exits.
# Each wrk run is capped by `timeout`, so the whole script is bounded by about (DURATION + 35 s) x 2 plus the
# publish. Prints requests/s and p50/p99 latency for the data request and, for scale, for /health/live.
set -euo pipefail

readonly threads=2
readonly connections=32
readonly warmup=3s
readonly startup_timeout_seconds=30

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
duration=${DURATION:-10s}
query=${QUERY:-/data/support?status=open&priority=high&page_size=10}

fail() {
    echo "load.sh: $*" >&2
    exit 1
}

# wrk's duration in whole seconds, for the timeout that bounds it.
case $duration in
    *s) seconds=${duration%s} ;;
    *m) seconds=$((${duration%m} * 60)) ;;
    *h) seconds=$((${duration%h} * 3600)) ;;
    *) seconds=$duration ;;
esac
[[ $seconds =~ ^[0-9]+$ && $seconds -gt 0 ]] || fail "DURATION must look like 10s, 2m or 1h, got '$duration'"

command -v wrk >/dev/null || fail "wrk is not installed; on Debian or Ubuntu: sudo apt-get install wrk"
command -v curl >/dev/null || fail "curl is not installed; on Debian or Ubuntu: sudo apt-get install curl"

work=$(mktemp -d "${TMPDIR:-/tmp}/udc-load.XXXXXX")
server_pid=""

stop_server() {
    if [[ -n $server_pid ]] && kill -0 "$server_pid" 2>/dev/null; then
        kill "$server_pid" 2>/dev/null || true
        # A server that ignores SIGTERM for 10 s is killed.
        for _ in $(seq 1 100); do
            kill -0 "$server_pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -9 "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap stop_server EXIT
trap 'exit 130' INT TERM

# 1. The binary.
if [[ -n ${UDC_BINARY:-} ]]; then
    binary=$UDC_BINARY
else
    echo "Publishing src/Udc (Native AOT) to artifacts/native..."
    (cd "$repo" && dotnet publish src/Udc -c Release -o artifacts/native) >"$work/publish.log" 2>&1 \
        || { tail -n 30 "$work/publish.log" >&2; fail "dotnet publish failed"; }
    binary=$repo/artifacts/native/udc
fi
[[ -x $binary ]] || fail "'$binary' is not an executable file"

# 2. The data: DATA_DIR or the repository's data/ folder, or generated demo data when it holds no data file.
data=${DATA_DIR:-$repo/data}
if [[ -z $(find "$data" -maxdepth 1 -type f \( -name '*.json' -o -name '*.ndjson' -o -name '*.jsonl' -o -name '*.csv' \) -print -quit 2>/dev/null) ]]; then
    data=$work/data
    generate=("$binary" generate --out "$data")
    [[ -n ${TICKETS:-} ]] && generate+=(--tickets "$TICKETS")
    "${generate[@]}" || fail "'${generate[*]}' failed"
elif [[ -n ${TICKETS:-} ]]; then
    echo "load.sh: $data holds data files, so TICKETS is ignored" >&2
fi

# 3. A free loopback port: one nothing answers on. The server reports a lost race by exiting, caught below.
port=""
for _ in $(seq 1 50); do
    candidate=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then
        port=$candidate
        break
    fi
done
[[ -n $port ]] || fail "found no free port on 127.0.0.1"
base=http://127.0.0.1:$port

# 4. Start the server and wait until it is live.
# The per-source rate limit (on by default) would turn most of a load test into 429s: it measures serving.
RATE_LIMIT_PER_SOURCE=${RATE_LIMIT_PER_SOURCE:-0} "$binary" --data "$data" --urls "$base" >"$work/server.log" 2>&1 &
server_pid=$!
for ((i = 0; i < startup_timeout_seconds * 10; i++)); do
    if ! kill -0 "$server_pid" 2>/dev/null; then
        tail -n 30 "$work/server.log" >&2
        fail "the server exited during startup"
    fi
    curl -fsS --max-time 1 "$base/health/ready" >/dev/null 2>&1 && break
    sleep 0.1
done
curl -fsS --max-time 1 "$base/health/ready" >/dev/null 2>&1 || fail "the server was not ready after ${startup_timeout_seconds} s"

# 5. Every target must answer 200 before it is measured: wrk counts a 404 as a fast request.
targets=("$query" /health/live)
for target in "${targets[@]}"; do
    status=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$base$target" || true)
    [[ $status == 200 ]] || fail "GET $target answered HTTP $status, not 200; is that endpoint implemented in this binary?"
done

# 6. Measure.
measure() {
    local target=$1 out=$work/wrk.txt
    timeout --kill-after=5s "$((seconds + 30))s" \
        wrk -t"$threads" -c"$connections" -d"$warmup" "$base$target" >/dev/null
    timeout --kill-after=5s "$((seconds + 30))s" \
        wrk -t"$threads" -c"$connections" -d"$duration" --latency "$base$target" >"$out"
    cat "$out" >&2
    local rps p50 p99 non2xx errors
    rps=$(awk '/^Requests\/sec:/ { print $2 }' "$out")
    p50=$(awk '$1 == "50%" { print $2 }' "$out")
    p99=$(awk '$1 == "99%" { print $2 }' "$out")
    non2xx=$(awk '/Non-2xx or 3xx responses:/ { print $NF }' "$out")
    errors=$(awk -F'Socket errors: ' 'NF > 1 { print $2 }' "$out")
    printf '%-60s %12s %10s %10s %8s  %s\n' "$target" "$rps" "$p50" "$p99" "${non2xx:-0}" "${errors:-none}" >>"$work/summary.txt"
    [[ -n $rps ]] || fail "wrk printed no Requests/sec for $target"
    if [[ -n $non2xx ]]; then
        failed_targets+=("$target")
    fi
}

failed_targets=()
echo "Server: $binary (pid $server_pid) on $base, data $data" >&2
printf '%-60s %12s %10s %10s %8s  %s\n' "GET" "requests/s" "p50" "p99" "non-2xx" "socket errors" >"$work/summary.txt"
for target in "${targets[@]}"; do
    echo >&2
    echo "wrk -t$threads -c$connections -d$duration --latency $base$target" >&2
    measure "$target"
done

echo
echo "$(date -u +%Y-%m-%d), $(nproc) CPUs, $(lscpu | awk -F': *' '/Model name/ { print $2; exit }'), wrk -t$threads -c$connections -d$duration over loopback on the same machine"
echo "Data: $data ($(find "$data" -maxdepth 1 -type f -printf '%f %s B, ' | sed 's/, $//'))"
cat "$work/summary.txt"
if ((${#failed_targets[@]} > 0)); then
    fail "some responses were not 2xx for: ${failed_targets[*]}; the figures above are not valid"
fi
