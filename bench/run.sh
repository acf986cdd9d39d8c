#!/usr/bin/env bash
# OpenClue performance harness (never part of the tests). One command:
#   bench/run.sh [--size small|large|huge] [--runs N] [--peer-runs N] [--skip-micro] [--skip-api] [--skip-pipeline] [--keep-data]
# small = 100,000 users, large = 1,000,000 users (× mean 50 behaviours); huge = 5,000,000 users (≈ 13 GB), a memory
# run: the pipeline only, OpenClue only, 1 run unless --runs, its data deleted afterwards unless --keep-data. Builds (Release) the server, the generator and
# bench/OpenClue.Benchmarks; generates the data (bench/data/perf/SIZE, reused when present); runs
#   1. micro-benchmarks (BenchmarkDotNet 0.14, InProcessEmitToolchain): parsing, tokenising, encoding, scoring, AUROC 10M,
#      signature check                                                                      (bench/perf-micro.md)
#   2. API: wrk on signed GET /api/v1/features and /api/v1/tasks/{id}, 10,000 rows each      (bench/perf/api.py)
#   3. pipeline: OpenClue through the API vs scikit-learn peers vs the raw read limit        (bench/perf/pipeline.py)
# and writes bench/results.md (bench/perf/report.py). Raw JSON goes to bench/results/perf-*.json.
set -euo pipefail
cd "$(dirname "$0")/.."
size=small; runs=; peer_runs=; micro=1; api=1; pipeline=1; keep=0
while [ $# -gt 0 ]; do
  case "$1" in
    --size) size=$2; shift 2;;
    --runs) runs=$2; shift 2;;
    --peer-runs) peer_runs=$2; shift 2;;
    --skip-micro) micro=0; shift;;
    --skip-api) api=0; shift;;
    --skip-pipeline) pipeline=0; shift;;
    --keep-data) keep=1; shift;;
    *) echo "unknown argument $1" >&2; exit 2;;
  esac
done
case "$size" in small) users=100000;; large) users=1000000;; huge) users=5000000; micro=0; api=0;; *) echo "--size small|large|huge" >&2; exit 2;; esac
[ -n "$runs" ] || { [ "$size" = huge ] && runs=1 || runs=3; }
started=$(date +%s)
out=bench/results; mkdir -p "$out"
echo "== build (Release; the server published as it is deployed: ReadyToRun, docs/deploy.md)"
for p in src/OpenClue.Server bench/OpenClue.Bench bench/OpenClue.Benchmarks; do dotnet build -c Release "$p" -v q -nologo >/dev/null; done
case "$(uname -m)" in aarch64|arm64) rid=linux-arm64;; *) rid=linux-x64;; esac
rm -rf bench/out/server
dotnet publish src/OpenClue.Server -c Release -r "$rid" --self-contained false -o bench/out/server -v q -nologo >/dev/null
export OPENCLUE_BENCH_SERVER="$PWD/bench/out/server/OpenClue.Server.dll"
# what was measured: the binaries come from the (shared) working tree at this moment
echo "$(git rev-parse --short HEAD) $(git status --short src | wc -l) $(date -u +%Y-%m-%dT%H:%MZ)" > "$out/perf-build.txt"
gen() { # users seed dir
  [ -f "$3/manifest.json" ] && grep -q "\"users\": $1," "$3/manifest.json" && return 0
  rm -rf "$3"; dotnet bench/OpenClue.Bench/bin/Release/net10.0/OpenClue.Bench.dll generate --users "$1" --seed "$2" --out "$3" --mean-behaviors 50 >/dev/null
}
echo "== data: $users users"
gen "$users" 1 "bench/data/perf/$size"
gen 3000 2 bench/data/perf/api
if [ $micro = 1 ]; then
  echo "== micro-benchmarks"
  dotnet bench/OpenClue.Benchmarks/bin/Release/net10.0/OpenClue.Benchmarks.dll micro --data "bench/data/perf/$size/sequences.tsv" \
    --out "$out/perf-micro.md" > "$out/perf-micro.log" 2>&1
fi
if [ $api = 1 ]; then
  echo "== API (wrk)"
  /usr/bin/python3 bench/perf/api.py --gen-data bench/data/perf/api --runs 3 --duration 10 --out "$out/perf-api.json"
fi
if [ $pipeline = 1 ]; then
  echo "== pipeline ($runs runs)"
  peers=(); [ "$size" = huge ] && peers=(--peer-runs 0) # the peers would need ≈ 25 GB at 5M users
  [ -n "$peer_runs" ] && [ "$size" != huge ] && peers=(--peer-runs "$peer_runs") # the 1M peers take ≈ 7 min a run
  /usr/bin/python3 bench/perf/pipeline.py --data "bench/data/perf/$size" --runs "$runs" "${peers[@]}" --out "$out/perf-pipeline-$size.json"
fi
if [ "$size" = huge ] && [ $keep = 0 ]; then rm -rf bench/data/perf/huge; fi
echo "== report"
/usr/bin/python3 bench/perf/report.py --size "$size" --elapsed $(( $(date +%s) - started )) --out bench/results.md
echo "wrote bench/results.md ($(( $(date +%s) - started )) s)"
