#!/usr/bin/python3
"""API scenario: wrk against the Release server (embedded default) with 10,000 features and 10,000 tasks in tenant
`default`. One real feature and task are made through the API (tiny dataset); the server is stopped and their rows are
cloned 9,999 times directly in the SQLite metadata DB (jobs, features, tasks) — not 10,000 jobs — then it starts again.
wrk sends fixed signed headers (one signature per path, timestamp taken just before each run; runs are < 5 minutes,
the allowed skew). Fixed concurrency; throughput, p50/p99, non-2xx count; medians over --runs.
usage: api.py --gen-data DIR --runs 3 --duration 15 --connections 32 --out api.json
"""
import argparse
import json
import os
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import Server, sign  # noqa: E402

N = 10_000


def log(msg):
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def clone_rows(db_path, fid, tid):
    con = sqlite3.connect(db_path)
    cur = con.cursor()
    cols = lambda t: [r[1] for r in cur.execute(f"PRAGMA table_info({t})")]  # noqa: E731
    jobs_cols = [c for c in cols("jobs") if c != "seq"]
    feat_cols, task_cols = cols("features"), cols("tasks")

    def clone(table, table_cols, template_id, prefix, extra):
        # ids: v4-shaped GUIDs derived from the counter; names unique per tenant
        gid = f"printf('{prefix}%07x-0000-4000-8000-%012x', x, x)"
        job_sel = ", ".join(gid if c == "id" else c for c in jobs_cols)
        cur.execute(f"WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM n WHERE x < {N - 1}) "
                    f"INSERT INTO jobs ({', '.join(jobs_cols)}) SELECT {job_sel} FROM n, jobs WHERE jobs.id = ?", (template_id,))
        sel = ", ".join(gid if c == "id" else ("name || '-' || x" if c == "name" else extra.get(c, c)) for c in table_cols)
        cur.execute(f"WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM n WHERE x < {N - 1}) "
                    f"INSERT INTO {table} ({', '.join(table_cols)}) SELECT {sel} FROM n, {table} WHERE {table}.id = ?", (template_id,))

    clone("features", feat_cols, fid, "f", {})
    clone("tasks", task_cols, tid, "t", {})
    con.commit()
    counts = {t: cur.execute(f"SELECT count(*) FROM {t} WHERE tenant_id = 'default'").fetchone()[0] for t in ("features", "tasks")}
    con.close()
    return counts


def wrk(base, target, duration, connections, threads=2):
    h = sign("GET", target)
    script = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False)
    script.write("wrk.method = 'GET'\n")
    for k, v in h.items():
        script.write(f"wrk.headers['{k}'] = '{v}'\n")
    script.close()
    p = subprocess.run(["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{duration}s", "--latency", "-s", script.name,
                        base + target], capture_output=True, text=True, check=True)
    os.unlink(script.name)
    out = p.stdout

    def ms(label):
        m = re.search(rf"^\s*{label}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        if not m:
            return float("nan")
        v, u = float(m.group(1)), m.group(2)
        return v / 1000 if u == "us" else v * 1000 if u == "s" else v

    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    total = int(re.search(r"(\d+) requests in", out).group(1))
    non2xx = int(m.group(1)) if (m := re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)) else 0
    errors = re.search(r"Socket errors:.*", out)
    return {"rps": rps, "p50_ms": ms("50"), "p90_ms": ms("90"), "p99_ms": ms("99"), "requests": total,
            "non2xx": non2xx, "socket_errors": errors.group(0) if errors else "", "raw": out}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--gen-data", required=True, help="a small generated dataset (sequences.tsv + labels/)")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--duration", type=int, default=15)
    ap.add_argument("--connections", type=int, default=32)
    ap.add_argument("--trait", default="category")
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    scratch = tempfile.mkdtemp(prefix="oc-api-")
    data_dir = os.path.join(scratch, "oc")
    res = {"connections": a.connections, "duration_s": a.duration, "threads": 2, "paths": {}, "loadavg": []}
    try:
        server = Server(data_dir)
        try:
            bucket = os.path.join(data_dir, "buckets", "bench")
            os.makedirs(bucket)
            shutil.copy(os.path.join(a.gen_data, "sequences.tsv"), bucket)
            shutil.copy(os.path.join(a.gen_data, "labels", f"{a.trait}.train.tsv"), os.path.join(bucket, "train.tsv"))
            f = server.call("POST", "/api/v1/features", {"name": "api", "source_bucket": "bench", "source_file_path": "sequences.tsv"})
            f = server.wait(f"/api/v1/features/{f['feature_id']}", poll=0.2)
            t = server.call("POST", "/api/v1/tasks", {"name": "api", "train_feature_id": f["feature_id"], "train_bucket": "bench",
                                                      "train_file_path": "train.tsv"})
            t = server.wait(f"/api/v1/tasks/{t['task_id']}", poll=0.2)
            assert f["status"] == "completed" and t["status"] == "completed", (f, t)
        finally:
            server.stop()
        res["counts"] = clone_rows(os.path.join(data_dir, "openclue.db"), f["feature_id"], t["task_id"])
        log(f"rows: {res['counts']}")
        server = Server(data_dir)
        try:
            listed = server.call("GET", "/api/v1/features")
            res["list_body_keys"] = list(listed.keys()) if isinstance(listed, dict) else "list"
            targets = {"GET /api/v1/features": "/api/v1/features", "GET /api/v1/tasks/{id}": f"/api/v1/tasks/{t['task_id']}"}
            wrk(server.base, targets["GET /api/v1/features"], 3, a.connections)  # warm-up (JIT, caches)
            for label, target in targets.items():
                runs = []
                for r in range(a.runs):
                    res["loadavg"].append(os.getloadavg()[0])
                    w = wrk(server.base, target, a.duration, a.connections)
                    log(f"{label} run {r + 1}: {w['rps']:.0f} req/s p50 {w['p50_ms']} ms p99 {w['p99_ms']} ms non-2xx {w['non2xx']}")
                    runs.append(w)
                res["paths"][label] = {"runs": runs, "median_rps": statistics.median(x["rps"] for x in runs),
                                       "median_p50_ms": statistics.median(x["p50_ms"] for x in runs),
                                       "median_p99_ms": statistics.median(x["p99_ms"] for x in runs),
                                       "non2xx_total": sum(x["non2xx"] for x in runs)}
            res["server_peak_mb"] = server.hwm_kb() / 1024
        finally:
            server.stop()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    with open(a.out, "w") as fh:
        json.dump(res, fh, indent=1)


if __name__ == "__main__":
    main()
