#!/usr/bin/python3
"""Where the time goes: `perf record` on the Release server (DOTNET_PerfMapEnabled=1 for JIT'd symbols) during each
pipeline stage (feature build, task training, task run) and during a wrk run on GET /api/v1/features with N rows.
Writes bench/results/perf-profile-<stage>.txt (top self-time symbols). usage: profile.py --data DIR [--out-dir D]
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import ROOT, Server  # noqa: E402
import pipeline  # noqa: E402


def record(pid, out_dir, name, action):
    data = os.path.join(tempfile.gettempdir(), f"oc-perf-{name}.data")
    rec = subprocess.Popen(["perf", "record", "-F", "299", "-g", "-p", str(pid), "-o", data], stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
    time.sleep(0.5)
    t = time.monotonic()
    result = action()
    wall = time.monotonic() - t
    rec.send_signal(2)
    rec.wait()
    rep = subprocess.run(["perf", "report", "-i", data, "--no-children", "--sort", "symbol", "--stdio", "-g", "none",
                          "--percent-limit", "0.5"], capture_output=True, text=True)
    dso = subprocess.run(["perf", "report", "-i", data, "--no-children", "--sort", "dso", "--stdio", "-g", "none",
                          "--percent-limit", "1"], capture_output=True, text=True)
    lines = [l.rstrip()[:160] for l in dso.stdout.splitlines() if l.strip() and not l.startswith("#")][:8] + ["", "by symbol:"]
    lines += [l.rstrip()[:160] for l in rep.stdout.splitlines() if l.strip() and not l.startswith("#")]
    with open(os.path.join(out_dir, f"perf-profile-{name}.txt"), "w") as f:
        f.write(f"# perf record -F 299 -g on the server during: {name} ({wall:.1f} s wall); self time by symbol\n")
        f.write("\n".join(lines[:60]) + "\n")
    os.unlink(data)
    print(f"{name}: {wall:.1f} s", file=sys.stderr)
    return result


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--out-dir", default=os.path.join(ROOT, "bench", "results"))
    a = ap.parse_args()
    work = tempfile.mkdtemp(prefix="oc-prof-")
    users, train, test = pipeline.prepare_labels(a.data, "category", work)
    server = Server(os.path.join(work, "oc"), {"DOTNET_PerfMapEnabled": "1", "DOTNET_EnableWriteXorExecute": "0"})
    try:
        bucket = os.path.join(server.data_dir, "buckets", "bench")
        os.makedirs(bucket)
        for src, name in ((os.path.join(a.data, "sequences.tsv"), "sequences.tsv"), (train, "train.tsv"), (test, "test.tsv")):
            shutil.copy(src, os.path.join(bucket, name))
        pid = server.proc.pid
        f = record(pid, a.out_dir, "feature-build", lambda: server.wait("/api/v1/features/" + server.call(
            "POST", "/api/v1/features", {"name": "p", "source_bucket": "bench", "source_file_path": "sequences.tsv"})["feature_id"]))
        t = record(pid, a.out_dir, "task-training", lambda: server.wait("/api/v1/tasks/" + server.call(
            "POST", "/api/v1/tasks", {"name": "p", "train_feature_id": f["feature_id"], "train_bucket": "bench", "train_file_path": "train.tsv",
                                      "test_feature_id": f["feature_id"], "test_bucket": "bench", "test_file_path": "test.tsv"})["task_id"]))
        record(pid, a.out_dir, "task-run", lambda: server.wait("/api/v1/task-runs/" + server.call(
            "POST", "/api/v1/task-runs", {"name": "p", "task_id": t["task_id"], "feature_id": f["feature_id"], "result_bucket": "bench",
                                          "result_file_path": "r/"})["run_id"]))
    finally:
        server.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
