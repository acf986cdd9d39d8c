#!/usr/bin/python3
"""Where the pipeline's wall time goes: one 100k-style pipeline run (feature build → task → task run) against the
Release server, with every thread's CPU sampled from /proc/<pid>/task/*/stat every 25 ms and each stage's POST,
creation, in_progress and end time-stamped. Prints, per stage, wall seconds, process CPU seconds and CPU seconds per
thread name (thread-pool workers, the tiered JIT's background compiler, GC threads), then a timeline of cores busy.
Extra server environment as JSON, e.g. '{"DOTNET_TieredCompilation": "0"}', to compare runtime settings (alternate
runs: the machine is shared).
usage: threads.py --data DIR [--env JSON] [--step 1.0]
"""
import argparse
import collections
import json
import os
import shutil
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import Server  # noqa: E402
from pipeline import prepare_labels  # noqa: E402

HZ = os.sysconf("SC_CLK_TCK")


def thread_ticks(pid):
    out = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/stat") as f:
                s = f.read()
        except OSError:
            continue
        fields = s[s.rindex(")") + 2:].split()
        out[int(tid)] = (s[s.index("(") + 1:s.rindex(")")], int(fields[11]) + int(fields[12]))
    return out


def process_cpu(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / HZ


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--env", default="{}")
    ap.add_argument("--step", type=float, default=1.0)
    a = ap.parse_args()
    work = tempfile.mkdtemp(prefix="oc-threads-")
    _, train, test = prepare_labels(a.data, "category", work)
    server = Server(os.path.join(work, "oc"), json.loads(a.env))
    samples, marks, res, stop = [], [], {"load": os.getloadavg()[0]}, threading.Event()

    def sample():
        while not stop.is_set():
            try:
                samples.append((time.monotonic(), thread_ticks(server.proc.pid)))
            except OSError:
                return
            time.sleep(0.025)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        bucket = os.path.join(server.data_dir, "buckets", "bench")
        os.makedirs(bucket)
        for src, name in ((os.path.join(a.data, "sequences.tsv"), "sequences.tsv"), (train, "train.tsv"), (test, "test.tsv")):
            try:
                os.link(src, os.path.join(bucket, name))
            except OSError:
                shutil.copy(src, os.path.join(bucket, name))

        def stage(name, path, body, key):
            t = time.monotonic()
            marks.append((f"{name} POST", t))
            created = server.call("POST", path, body)
            marks.append((f"{name} created", time.monotonic()))
            while True:
                final = server.call("GET", f"{path}/{created[key]}")
                if final.get("status") in ("completed", "failed"):
                    break
                if final.get("status") == "in_progress" and not any(m == f"{name} in_progress" for m, _ in marks):
                    marks.append((f"{name} in_progress", time.monotonic()))
                time.sleep(0.02)
            marks.append((f"{name} {final['status']}", time.monotonic()))
            res[f"{name}_s"] = time.monotonic() - t
            res[f"{name}_cpu_total"] = process_cpu(server.proc.pid)
            if final["status"] != "completed":
                raise RuntimeError(final)
            return final

        res["startup_cpu"] = process_cpu(server.proc.pid)
        fid = stage("feature", "/api/v1/features", {"name": "t", "source_bucket": "bench", "source_file_path": "sequences.tsv"},
                    "feature_id")["feature_id"]
        task = stage("task", "/api/v1/tasks", {"name": "t", "train_feature_id": fid, "train_bucket": "bench", "train_file_path": "train.tsv",
                                               "test_feature_id": fid, "test_bucket": "bench", "test_file_path": "test.tsv"}, "task_id")
        stage("run", "/api/v1/task-runs", {"name": "t", "task_id": task["task_id"], "feature_id": fid, "result_bucket": "bench",
                                           "result_file_path": "results/"}, "run_id")
    finally:
        stop.set()
        sampler.join()
        server.stop()
        shutil.rmtree(work, ignore_errors=True)
    report(marks, samples, res, a.step)


def report(marks, samples, res, step):
    t0 = marks[0][1]
    print(json.dumps(res))
    print("marks (s from the first POST): " + " | ".join(f"{n} {t - t0:.2f}" for n, t in marks))
    starts = [(n.split()[0], t) for n, t in marks if n.endswith(" POST")]
    per_stage = collections.defaultdict(collections.Counter)
    timeline = collections.defaultdict(collections.Counter)
    for (_, before), (t, now) in zip(samples, samples[1:]):
        stage = next((n for n, s in reversed(starts) if s <= t), None)
        for tid, (name, ticks) in now.items():
            delta = ticks - before[tid][1] if tid in before else ticks
            if delta and stage:
                per_stage[stage][name] += delta
                timeline[int((t - t0) // step)][name] += delta
    for stage, by_name in per_stage.items():
        print(f"{stage}: {sum(by_name.values()) / HZ:.2f} CPU s; " + ", ".join(f"{k} {v / HZ:.2f}" for k, v in by_name.most_common(6)))
    for b in sorted(timeline):
        c = timeline[b]
        print(f"{b * step:7.2f} cores {sum(c.values()) / HZ / step:4.2f}  " + ", ".join(f"{k} {v}" for k, v in c.most_common(4)))


if __name__ == "__main__":
    main()
