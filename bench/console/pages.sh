#!/usr/bin/env bash
# Console page times with 10,000 features: publishes the server (Release), seeds 10,000 completed features of one
# tenant straight into SQLite (plus 20 tasks and 20 task runs), signs in with curl, and times each page 200 times
# after a warm-up. Prints median and p95 time to first byte on loopback (the server's time plus a loopback hop).
set -euo pipefail
cd "$(dirname "$0")/../.."
out=bench/out/console; rm -rf "$out"; mkdir -p "$out"
dotnet publish -c Release src/OpenClue.Server -o "$out/server" >/dev/null
data="$out/data"; port=5397; base="http://127.0.0.1:$port"
OpenClue__DataDir="$data" OpenClue__AccessKey=bench OpenClue__SecretKey=bench-secret \
  dotnet "$out/server/OpenClue.Server.dll" --urls "$base" >"$out/server.log" 2>&1 &
server=$!; trap 'kill $server 2>/dev/null' EXIT
until curl -sf "$base/healthz" >/dev/null; do sleep 0.5; done

/usr/bin/python3 - "$data/openclue.db" <<'PY'
import sqlite3, sys, uuid
db = sqlite3.connect(sys.argv[1]); t = "2026-12-01T00:00:00.0000000+00:00"
def job(kind, i):
    jid = str(uuid.UUID(int=i + (1 << 100) * len(kind)))
    db.execute("INSERT INTO jobs(id,tenant_id,kind,status,created_at,started_at,completed_at) VALUES(?,?,?,?,?,?,?)",
               (jid, "default", kind, "completed" if i % 7 else "failed", t, t, t)); return jid
for i in range(10_000):
    db.execute("INSERT INTO features(id,tenant_id,name,source_bucket,source_file_path,nclue_model_name,user_count,token_count,disk_usage) VALUES(?,?,?,?,?,?,?,?,?)",
               (job("feature", i), "default", f"feature-{i:05d}", "bench", f"seq/{i}.tsv", "oc-hash-1", 1000 + i, 50_000 + i, 1 << 20))
fid = db.execute("SELECT id FROM features LIMIT 1").fetchone()[0]
for i in range(20):
    tid = job("task", i)
    db.execute("INSERT INTO tasks(id,tenant_id,name,train_feature_id,train_feature_name,train_bucket,train_file_path,nclue_model_name,auroc) "
               "VALUES(?,?,?,?,?,?,?,?,?)", (tid, "default", f"task-{i}", fid, "feature-00000", "bench", "l.tsv", "oc-hash-1", 0.8))
    db.execute("INSERT INTO task_runs(id,tenant_id,name,task_id,task_name,feature_id,feature_name,result_bucket,result_file_path,nclue_model_name,line_count) "
               "VALUES(?,?,?,?,?,?,?,?,?,?,?)", (job("task_run", i), "default", f"run-{i}", tid, f"task-{i}", fid, "feature-00000", "bench", "out/", "oc-hash-1", 1000))
db.commit()
PY

jar="$out/cookies"
token() { grep -o 'name="__antiforgery" value="[^"]*"' | head -1 | sed 's/.*value="//;s/"$//'; }
t=$(curl -s -c "$jar" -b "$jar" "$base/console/sign-in" | token)
curl -s -o /dev/null -c "$jar" -b "$jar" "$base/console/sign-in" --data-urlencode _handler=sign-in \
  --data-urlencode "__antiforgery=$t" --data-urlencode access_key=bench --data-urlencode secret_key=bench-secret
feature=$(sqlite3 "$data/openclue.db" "SELECT id FROM features WHERE name='feature-05000'")
printf '%-48s %10s %10s\n' page median_ms p95_ms
for page in /console/features "/console/features?sort=name&dir=asc&index=9980" "/console/features?sort=name&dir=desc&index=5000" \
            "/console/features?sort=created&dir=asc&index=4000" "/console/features/$feature" /console/tasks /console/task-runs \
            /console/models "/console/live?ids=$feature"; do
  grep -q "200" <(curl -s -o /dev/null -w '%{http_code}' -b "$jar" "$base$page") || { echo "$page did not answer 200"; exit 1; }
  for i in $(seq 20); do curl -s -o /dev/null -b "$jar" "$base$page"; done
  for i in $(seq 200); do curl -s -o /dev/null -w '%{time_starttransfer}\n' -b "$jar" "$base$page"; done | sort -n |
    awk -v p="$page" '{ a[NR] = $1 * 1000 } END { printf "%-48s %10.2f %10.2f\n", substr(p, 1, 48), a[int(NR / 2)], a[int(NR * 0.95)] }'
done
