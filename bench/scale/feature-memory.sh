#!/usr/bin/env bash
# Peak memory of a worker building a feature from a ~200 MB sequence file in S3 (scale-out issue).
# Starts a throwaway PostgreSQL and s3rver, one OpenClue process (--role all, Worker:Concurrency = cores),
# uploads the file, builds the feature, and reports wall time and the process's peak RSS (VmHWM).
# usage: bench/scale/feature-memory.sh [TARGET_MB]   (writes bench/results/scale-memory.md)
set -euo pipefail
cd "$(dirname "$0")/../.."
target_mb=${1:-200}
scratch=$(mktemp -d); chmod 755 "$scratch"
cleanup() {
  [ -n "${server_pid:-}" ] && kill "$server_pid" 2>/dev/null || true
  [ -n "${s3_pid:-}" ] && kill "$s3_pid" 2>/dev/null || true
  su postgres -s /bin/bash -c "/usr/lib/postgresql/15/bin/pg_ctl -D $scratch/pg/data -m fast -w stop" >/dev/null 2>&1 || true
  rm -rf "$scratch"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

echo "== building"
dotnet build -c Release src/OpenClue.Server -v q -nologo >/dev/null
dotnet build -c Release bench/OpenClue.Bench -v q -nologo >/dev/null

echo "== generating ~${target_mb} MB"
users=$(( target_mb * 1000000 / 2700 ))
dotnet bench/OpenClue.Bench/bin/Release/net10.0/OpenClue.Bench.dll generate --users "$users" --seed 1 --out "$scratch/data" --mean-behaviors 50 >/dev/null
size=$(stat -c %s "$scratch/data/sequences.tsv")
echo "   $(( size / 1000000 )) MB, $users users"

echo "== starting PostgreSQL and s3rver"
pg_port=$(free_port); s3_port=$(free_port); api_port=$(free_port)
mkdir -p "$scratch/pg" && chown postgres:postgres "$scratch/pg"
su postgres -s /bin/bash -c "/usr/lib/postgresql/15/bin/initdb -D $scratch/pg/data -U postgres --auth=trust -E UTF8 --locale=C.UTF-8" >/dev/null
su postgres -s /bin/bash -c "/usr/lib/postgresql/15/bin/pg_ctl -D $scratch/pg/data -l $scratch/pg/log -o \"-c listen_addresses=127.0.0.1 -p $pg_port -k $scratch/pg\" -w start" >/dev/null
psql -h 127.0.0.1 -p "$pg_port" -U postgres -qc "create database bench;"
s3rver=${OPENCLUE_S3RVER:-/opt/openclue-s3rver/node_modules/s3rver/bin/s3rver.js}
mkdir -p "$scratch/s3"
node "$s3rver" -d "$scratch/s3" -a 127.0.0.1 -p "$s3_port" --no-vhost-buckets >"$scratch/s3.log" 2>&1 & s3_pid=$!
for _ in $(seq 50); do curl -s "http://127.0.0.1:$s3_port/" >/dev/null && break; sleep 0.2; done
s3curl() { curl -sf "$@"; }  # s3rver accepts unsigned requests
s3curl -X PUT "http://127.0.0.1:$s3_port/data" >/dev/null
s3curl -X PUT "http://127.0.0.1:$s3_port/artifacts" >/dev/null
s3curl -T "$scratch/data/sequences.tsv" "http://127.0.0.1:$s3_port/data/sequences.tsv" >/dev/null

echo "== starting OpenClue"
export OpenClue__DataDir="$scratch/openclue" OpenClue__Database="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=bench"
export OpenClue__AccessKey=AKBENCH OpenClue__SecretKey=bench-secret OpenClue__ArtifactStore=s3://artifacts/bench
export OpenClue__ObjectStorage__Endpoint="http://127.0.0.1:$s3_port" OpenClue__ObjectStorage__Region=us-east-1
export OpenClue__ObjectStorage__AccessKey=S3RVER OpenClue__ObjectStorage__SecretKey=S3RVER
dotnet src/OpenClue.Server/bin/Release/net10.0/OpenClue.Server.dll --urls "http://127.0.0.1:$api_port" >"$scratch/server.log" 2>&1 & server_pid=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$api_port/healthz" >/dev/null && break; sleep 0.3; done
export OPENCLUE_ENDPOINT="http://127.0.0.1:$api_port" OPENCLUE_ACCESS_KEY=AKBENCH OPENCLUE_SECRET_KEY=bench-secret
rss_before=$(awk '/VmHWM/ {print $2}' /proc/$server_pid/status)

echo "== building the feature"
start=$(date +%s.%N)
id=$(scripts/nclue-curl POST /api/v1/features '{"name":"big","source_bucket":"data","source_file_path":"sequences.tsv"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["feature_id"])')
while :; do
  reply=$(scripts/nclue-curl GET "/api/v1/features/$id")
  status=$(echo "$reply" | python3 -c 'import json,sys; print(json.load(sys.stdin)["status"])')
  [ "$status" = completed ] || [ "$status" = failed ] && break
  sleep 0.5
done
elapsed=$(echo "$(date +%s.%N) - $start" | bc)
peak_kb=$(awk '/VmHWM/ {print $2}' /proc/$server_pid/status)
echo "$reply"
mkdir -p bench/results
cat > bench/results/scale-memory.md <<MD
# Feature build from S3: peak memory

- Date: $(date -u +%Y-%m-%dT%H:%M:%SZ); machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)
- Input: one sequence file of $(( size / 1000000 )) MB ($users users) in s3rver; metadata on PostgreSQL 15; artifacts in s3rver
- One OpenClue process (--role all), Worker:Concurrency = $(nproc), ShardBytes = 64 MiB (byte-range shards)
- Status: $status; wall time $(printf '%.1f' "$elapsed") s (request to completed, including s3rver transfer)
- Peak RSS of the process (VmHWM): **$(( peak_kb / 1024 )) MB** (after start-up: $(( rss_before / 1024 )) MB); target < 1024 MB
MD
cat bench/results/scale-memory.md
