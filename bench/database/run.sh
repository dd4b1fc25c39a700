#!/usr/bin/env bash
# Database sources: 1,000,000 orders in a private PostgreSQL cluster, a lookup by id (what UDC adds shows best where
# the query costs almost nothing), the filtered page, the count and the group-by
# asked through UDC (wrk, one connection, cache off) beside the same SQL run directly (pgbench, one client), then the
# filtered page under 32 connections (pool of 10). Usage: [ROUNDS=4 SECONDS_PER_ROUND=5] bench/database/run.sh [path/to/udc]
# PG_SETTINGS adds server settings, e.g. PG_SETTINGS="-c max_parallel_workers_per_gather=0": each query then runs in one
# process, which on 2 CPUs leaves less noise between rounds than three processes sharing them.
set -euo pipefail
udc=${1:-artifacts/native/udc}
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
dir=$(mktemp -d /tmp/udc-bench-db-XXXX)
as=(); [[ $(id -u) == 0 ]] && { chown postgres "$dir"; as=(runuser -u postgres --); }
port=55432; http=18089
"${as[@]}" "$bin/initdb" -D "$dir/pg" -U udc --auth=trust --no-sync -E UTF8 --locale=C.UTF-8 >/dev/null
"${as[@]}" "$bin/pg_ctl" -D "$dir/pg" -w -l "$dir/pg.log" -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c shared_buffers=256MB ${PG_SETTINGS:-}" start >/dev/null
udc_pid=""
trap '"${as[@]}" "$bin/pg_ctl" -D "$dir/pg" -m immediate stop >/dev/null; kill $udc_pid 2>/dev/null; rm -rf "$dir"' EXIT
psql() { command psql -h 127.0.0.1 -p $port -U udc -d postgres -qAt "$@"; }
psql -c "CREATE TABLE orders (order_id bigint PRIMARY KEY, customer_id bigint, status text, region text, amount double precision, created_at timestamptz)"
psql -c "INSERT INTO orders SELECT g, g % 50000, (ARRAY['open','pending','shipped','closed','returned'])[1 + g % 5], (ARRAY['north','south','east','west'])[1 + g % 4], (g % 1000) * 1.25, timestamptz '2024-01-01' + (g % 525600) * interval '1 minute' FROM generate_series(1, 1000000) g"
psql -c "CREATE INDEX ON orders (created_at)" -c "CREATE INDEX ON orders (status, created_at)" -c "VACUUM ANALYZE orders"
mkdir "$dir/data"
cat > "$dir/data/connectors.jsonc" <<JSON
{ "databases": { "orders": { "engine": "postgresql", "connection_env": "ORDERS_DB", "table": "orders", "id_column": "order_id", "time_column": "created_at" } } }
JSON
ORDERS_DB="Host=127.0.0.1;Port=$port;Username=udc;Database=postgres" CACHE_ENABLED=false RATE_LIMIT_PER_SOURCE=0 "$udc" --data "$dir/data" --urls "http://127.0.0.1:$http" >"$dir/udc.log" 2>&1 &
udc_pid=$!
until curl -sf "http://127.0.0.1:$http/health/ready" >/dev/null; do sleep 0.5; done
declare -A urls=(
  [lookup]="/data/orders?order_id=12345&page_size=20"
  [page]="/data/orders?status=open&region=north&page_size=20"
  [count]="/data/orders/aggregate?status=open"
  [group]="/data/orders/aggregate?group_by=status,region&metrics=count,sum:amount"
)
# The statements UDC sends for each, with the values written in (UDC sends them as parameters, in one batch with its
# BEGIN ... READ ONLY, SET LOCAL statement_timeout and COMMIT: one round trip per request).
declare -A sql=(
  [lookup]="SELECT count(*) FROM orders WHERE order_id IN (12345); SELECT order_id::int8, customer_id::int8, status::text, region::text, amount::float8, (extract(epoch from created_at) * 1000)::int8, created_at, order_id FROM orders WHERE order_id IN (12345) ORDER BY created_at DESC NULLS LAST, order_id ASC NULLS LAST LIMIT 20 OFFSET 0;"
  [page]="SELECT count(*) FROM orders WHERE status IN ('open') AND region IN ('north'); SELECT order_id::int8, customer_id::int8, status::text, region::text, amount::float8, (extract(epoch from created_at) * 1000)::int8, created_at, order_id FROM orders WHERE status IN ('open') AND region IN ('north') ORDER BY created_at DESC NULLS LAST, order_id ASC NULLS LAST LIMIT 20 OFFSET 0;"
  [count]="SELECT count(*), count(*) OVER (), sum(count(*)) OVER () FROM orders WHERE status IN ('open') HAVING count(*) > 0 ORDER BY count(*) DESC LIMIT 100;"
  [group]="SELECT status::text, region::text, count(*), sum(amount::float8), count(*), min(order_id::int8), count(*) OVER (), sum(count(*)) OVER () FROM orders GROUP BY 1, 2 ORDER BY count(*) DESC, min(order_id::int8) LIMIT 100;"
)
# Rounds alternate UDC and the same SQL direct, so a drift of the machine (other processes, PostgreSQL's caches) falls
# on both; each round's means are compared and the median of the rounds' differences is what UDC adds. The direct
# session is set as UDC's are (jit=off, README "Database sources"); one round on a default session is shown beside.
rounds=${ROUNDS:-4}; seconds=${SECONDS_PER_ROUND:-5}
here="$(cd "$(dirname "$0")" && pwd)"
for name in lookup page count group; do
  echo "== $name: ${urls[$name]}"
  echo "${sql[$name]}" > "$dir/$name.sql"
  differences=()
  for round in $(seq 1 "$rounds"); do
    read -r _ udc _ p50 _ p99 _ requests < <(wrk -t1 -c1 -d"${seconds}s" -s "$here/mean.lua" "http://127.0.0.1:$http${urls[$name]}" | grep mean_ms)
    direct=$(PGOPTIONS="-c jit=off" pgbench -h 127.0.0.1 -p $port -U udc -n -c1 -T"$seconds" -f "$dir/$name.sql" postgres 2>/dev/null | awk '/latency average/ {print $4}')
    difference=$(awk -v u="$udc" -v d="$direct" 'BEGIN {printf "%.3f", u - d}')
    differences+=("$difference")
    echo "   round $round: UDC mean $udc ms (p50 $p50, p99 $p99, $requests requests), direct mean $direct ms, UDC adds $difference ms"
  done
  median=$(printf '%s\n' "${differences[@]}" | sort -g | awk '{v[NR] = $1} END {print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2)}')
  echo "   UDC adds (median of $rounds rounds): $median ms"
  echo "   direct on a default session (jit on): $(pgbench -h 127.0.0.1 -p $port -U udc -n -c1 -T"$seconds" -f "$dir/$name.sql" postgres 2>/dev/null | awk '/latency average/ {print $4}') ms"
done
echo "== page, 32 connections (pool of 10)"
wrk -t2 -c32 -d10s --latency "http://127.0.0.1:$http${urls[page]}" | grep -E "Latency|50%|99%|Requests/sec|Non-2xx|Socket errors"
