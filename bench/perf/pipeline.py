#!/usr/bin/python3
"""Pipeline scenario: OpenClue (feature build → task training → task run, through the real API of the Release server,
embedded default) against the scikit-learn peers and the raw read limit, on the same files, in the same run.

Each run starts a fresh server (temporary data folder), copies the data into bucket `bench`, and times each stage
from POST to `completed` (polling every 50 ms), sampling the server's RSS during the stage (VmHWM cannot be reset).
Labels: half of the users are labelled (train = the first N/2 − |test| lines of the generator's train file, test =
its test file); OpenClue's task uses the explicit test set, the peers fit on train and are scored on test.
usage: pipeline.py --data DIR --runs 3 --trait category --out results.json
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import BENCH_DLL, ROOT, RssSampler, Server  # noqa: E402


def log(msg):
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def prepare_labels(data, trait, work):
    with open(os.path.join(data, "manifest.json")) as f:
        users = json.load(f)["users"]
    test_src = os.path.join(data, "labels", f"{trait}.test.tsv")
    with open(test_src) as f:
        test_n = sum(1 for _ in f)
    train = os.path.join(work, "train.tsv")
    with open(os.path.join(data, "labels", f"{trait}.train.tsv")) as src, open(train, "w") as dst:
        for i, line in enumerate(src):
            if i >= users // 2 - test_n:
                break
            dst.write(line)
    test = os.path.join(work, "test.tsv")
    shutil.copy(test_src, test)
    return users, train, test


def stage(server, method, path, body, wait_path_key, wait_prefix):
    with RssSampler(server.proc.pid) as s:
        t = time.monotonic()
        created = server.call(method, path, body)
        final = server.wait(f"{wait_prefix}/{created[wait_path_key]}")
        wall = time.monotonic() - t
    if final["status"] != "completed":
        raise RuntimeError(f"{path} failed: {final}")
    return final, wall, s.peak / 1024


def run_openclue(data, train, test, run):
    scratch = tempfile.mkdtemp(prefix="oc-pipeline-")
    try:
        # the training job's one-line summary (C path, trees, refit, their seconds) goes to the server log
        server = Server(os.path.join(scratch, "oc"),
                        {"Logging__LogLevel__OpenClue.Server.Nclue.Tasks.TaskTrainingJob": "Information"})
        try:
            bucket = os.path.join(server.data_dir, "buckets", "bench")
            os.makedirs(bucket)
            # hard links when possible: the copy is not what is being measured
            for src, name in ((os.path.join(data, "sequences.tsv"), "sequences.tsv"), (train, "train.tsv"), (test, "test.tsv")):
                try:
                    os.link(src, os.path.join(bucket, name))
                except OSError:
                    shutil.copy(src, os.path.join(bucket, name))
            idle_mb = server.rss_kb() / 1024
            out = {"run": run, "idle_rss_mb": idle_mb}
            feat, out["feature_s"], out["feature_peak_mb"] = stage(
                server, "POST", "/api/v1/features",
                {"name": f"perf{run}", "source_bucket": "bench", "source_file_path": "sequences.tsv"},
                "feature_id", "/api/v1/features")
            out["feature_model"] = feat.get("nclue_model_name")
            out["user_count"] = feat.get("user_count")
            out["disk_usage"] = feat.get("disk_usage")
            fid = feat["feature_id"]
            task, out["task_s"], out["task_peak_mb"] = stage(
                server, "POST", "/api/v1/tasks",
                {"name": f"perf{run}", "train_feature_id": fid, "train_bucket": "bench", "train_file_path": "train.tsv",
                 "test_feature_id": fid, "test_bucket": "bench", "test_file_path": "test.tsv"},
                "task_id", "/api/v1/tasks")
            out["auroc"] = float(task["AUROC"])
            try:
                rep = server.call("GET", f"/api/v1/tasks/{task['task_id']}/report")
                out["task_model"] = rep.get("model_family") or rep.get("selected_model") or rep.get("model")
            except Exception:  # noqa: BLE001  (the report endpoint is optional here)
                pass
            runb, out["run_s"], out["run_peak_mb"] = stage(
                server, "POST", "/api/v1/task-runs",
                {"name": f"perf{run}", "task_id": task["task_id"], "feature_id": fid, "result_bucket": "bench",
                 "result_file_path": "results/"},
                "run_id", "/api/v1/task-runs")
            out["total_s"] = out["feature_s"] + out["task_s"] + out["run_s"]
            server.log.flush()
            with open(os.path.join(server.data_dir, "server.log"), errors="replace") as f:
                out["task_description"] = next((line.strip() for line in f if "Task " in line and "AUROC" in line), None)
            out["peak_mb"] = server.hwm_kb() / 1024
            return out
        finally:
            server.stop()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def run_peers(data, train, test):
    p = subprocess.run(["/usr/bin/python3", os.path.join(ROOT, "bench", "perf", "peers.py"),
                        os.path.join(data, "sequences.tsv"), train, test], check=True, capture_output=True, text=True)
    return json.loads(p.stdout.strip().splitlines()[-1])


def run_readlimit(data, runs):
    p = subprocess.run(["dotnet", BENCH_DLL, "readlimit", os.path.join(data, "sequences.tsv"), "--runs", str(runs)],
                       check=True, capture_output=True, text=True)
    return json.loads(p.stdout)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--peer-runs", type=int, default=None)
    ap.add_argument("--trait", default="category")
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    work = tempfile.mkdtemp(prefix="oc-pipeline-labels-")
    users, train, test = prepare_labels(a.data, a.trait, work)
    # warm the file cache once (the report says "warm")
    subprocess.run(["cat", os.path.join(a.data, "sequences.tsv")], stdout=subprocess.DEVNULL, check=True)
    res = {"users": users, "trait": a.trait, "bytes": os.path.getsize(os.path.join(a.data, "sequences.tsv")),
           "openclue": [], "peers": [], "readlimit": [], "loadavg": []}
    peer_runs = a.peer_runs if a.peer_runs is not None else a.runs
    log("read limit (3 passes, warm cache)")
    res["readlimit"] = run_readlimit(a.data, max(3, a.runs))
    for r in range(max(a.runs, peer_runs)):
        if r < a.runs:
            res["loadavg"].append(os.getloadavg()[0])
            log(f"run {r + 1}: OpenClue")
            o = run_openclue(a.data, train, test, r)
            log(f"  {o}")
            res["openclue"].append(o)
        if r < peer_runs:
            res["loadavg"].append(os.getloadavg()[0])
            log(f"run {r + 1}: peers")
            p = run_peers(a.data, train, test)
            log(f"  {p}")
            res["peers"].append(p)
        res["finished"] = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
        with open(a.out, "w") as f:
            json.dump(res, f, indent=1)
    shutil.rmtree(work, ignore_errors=True)
    med = lambda xs: statistics.median(xs) if xs else float("nan")  # noqa: E731
    log(f"median OpenClue total {med([o['total_s'] for o in res['openclue']]):.2f} s, "
        f"LRCV {med([p['total_lrcv'] for p in res['peers']]):.2f} s, LR {med([p['total_lr'] for p in res['peers']]):.2f} s")


if __name__ == "__main__":
    main()
