#!/usr/bin/env bash
# Each analytics operation on a 1,000,000-point series: UDC's engine (BenchmarkDotNet) and DuckDB's window-function
# equivalent (node, @duckdb/node-api), on the same CSV, one after the other in one run. Needs the .NET SDK and node 20.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
(cd "$here" && npm ci --silent)
# The .NET side writes the series on first use; DuckDB then reads the same file.
dotnet run -c Release --project "$root/bench/Udc.Benchmarks" -- --filter '*AnalyticsBenchmarks*' --exporters markdown "$@"
node "$here/duckdb.mjs"
