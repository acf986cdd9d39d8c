#!/usr/bin/env bash
# NSML run benchmark: publishes the server, starts it on a fresh data folder (embedded SQLite, process executor),
# runs nsml_bench.py against it, stops it. Usage: bench/nsml/run.sh [extra nsml_bench.py options]
set -euo pipefail
cd "$(dirname "$0")/../.."
out=bench/out/nsml
rm -rf "$out" && mkdir -p "$out"
dotnet publish src/OpenClue.Server -c Release -o "$out/server" --nologo -v q >/dev/null
data=$(mktemp -d)
port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
OpenClue__DataDir="$data" OpenClue__AccessKey=AKNSMLBENCH OpenClue__SecretKey=nsml-bench-secret \
  dotnet "$out/server/OpenClue.Server.dll" --urls "http://127.0.0.1:$port" > "$out/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
/usr/bin/python3 bench/nsml/nsml_bench.py --endpoint "http://127.0.0.1:$port" --access-key AKNSMLBENCH \
  --secret-key nsml-bench-secret --workspace-root "$data/nsml/workspaces/default" "$@" | tee "$out/result.json"
