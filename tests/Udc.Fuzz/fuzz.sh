#!/usr/bin/env bash
# Coverage-guided fuzzing of one UDC parser for a bounded time: SharpFuzz instruments udc.dll, afl-fuzz (Debian's
# afl++) drives tests/Udc.Fuzz over the target's seed corpus. Prints executions, coverage and crashes; exits 1 when
# afl-fuzz saved a crash, which then is in OUT/default/crashes (replay it with: udc-fuzz TARGET --replay FILE).
#
#   tests/Udc.Fuzz/fuzz.sh TARGET SECONDS [OUT]      targets: json ndjson csv query aggregate sql feed webhook mcp-line json-record
#
# Needs afl-fuzz (apt-get install afl++) and the sharpfuzz tool, which this script installs into .tools/ from NuGet.
set -euo pipefail
target=${1:?usage: fuzz.sh TARGET SECONDS [OUT]}
seconds=${2:?usage: fuzz.sh TARGET SECONDS [OUT]}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=${3:-$root/artifacts/fuzz/$target}
bin=$root/artifacts/fuzz/bin

command -v afl-fuzz >/dev/null || { echo "fuzz: afl-fuzz is missing (apt-get install afl++)" >&2; exit 2; }
sharpfuzz=$root/.tools/sharpfuzz
if [[ ! -x $sharpfuzz ]]; then
  dotnet tool install SharpFuzz.CommandLine --version 2.3.0 --tool-path "$root/.tools" >/dev/null
fi

# One instrumented build for every target: built once, instrumented once (a marker says so).
if [[ ! -f $bin/.instrumented || $bin/.instrumented -ot $root/src/Udc/bin ]]; then
  rm -rf "$bin"
  dotnet build "$here/Udc.Fuzz.csproj" -c Release -o "$bin" -nologo -v quiet >/dev/null
  "$sharpfuzz" "$bin/udc.dll" >/dev/null
  touch "$bin/.instrumented"
fi

rm -rf "$out"
mkdir -p "$out"
# afl-fuzz runs dotnet, which is not instrumented itself: the instrumentation is in udc.dll, reported by SharpFuzz.
export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_AFFINITY=1 \
  AFL_FORKSRV_INIT_TMOUT=60000 DOTNET_TieredPGO=0
afl-fuzz -i "$here/corpus/$target" -o "$out" -V "$seconds" -t 5000 -m none -- dotnet "$bin/udc-fuzz.dll" "$target" \
  >"$out/afl.log" 2>&1 || { tail -30 "$out/afl.log" >&2; exit 2; }

stats=$out/default/fuzzer_stats
value() { awk -F' *: *' -v k="$1" '$1 == k { print $2 }' "$stats"; }
crashes=$(find "$out/default/crashes" -type f -name 'id:*' 2>/dev/null | wc -l)
echo "fuzz $target: $(value execs_done) executions in $(value run_time) s ($(value execs_per_sec)/s), edges $(value edges_found)/$(value total_edges) ($(value bitmap_cvg)), corpus $(value corpus_count), crashes $crashes, hangs $(value saved_hangs)"
if ((crashes > 0)); then
  echo "fuzz $target: crashes saved in $out/default/crashes" >&2
  exit 1
fi
