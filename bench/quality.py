#!/usr/bin/python3
"""Side-by-side quality benchmark: OpenClue (through its API) against the peers a data scientist would use.

For each generator seed: generate a dataset (bench/OpenClue.Bench), build one OpenClue feature from the sequences
(optionally with a learned model pretrained on them first), one task per trait with the explicit test set, and read
its AUROC; then, on the identical files, train the peers (scikit-learn and xgboost from Debian) and measure their test
AUROC. Writes bench/results/quality.md.

Run with Debian's python (it has python3-sklearn, python3-xgboost, numpy):
    /usr/bin/python3 bench/quality.py                 # seeds 1,2,3, 8,000 users, model auto
    /usr/bin/python3 bench/quality.py --model oc-hash-1
    /usr/bin/python3 bench/quality.py peers bench/data/quality/seed1   # peers only, on a generated folder
"""
import argparse
import base64
import datetime
import hashlib
import hmac
import json
import os
import platform
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.path.join(ROOT, "bench")
GENERATOR_PROJECT = os.path.join(BENCH, "OpenClue.Bench")
GENERATOR_DLL = os.path.join(GENERATOR_PROJECT, "bin", "Release", "net10.0", "OpenClue.Bench.dll")
SERVER_PROJECT = os.path.join(ROOT, "src", "OpenClue.Server")
SERVER_DLL = os.path.join(SERVER_PROJECT, "bin", "Release", "net10.0", "OpenClue.Server.dll")
TRAITS = ["rare_items", "category", "recency", "shared_token"]
PEERS = ["bag+LR", "tfidf+LR", "item2vec+LR", "bag+xgboost"]
ACCESS_KEY, SECRET_KEY = "BENCHACCESSKEY0000001", "bench-secret-key-not-for-production"
BUCKET = "bench"


def log(msg):
    print(f"[{datetime.datetime.now():%H:%M:%S}] {msg}", file=sys.stderr, flush=True)


# ----------------------------------------------------------------------------------------------------------------
# Data generation

def build(project):
    log(f"dotnet build -c Release {os.path.relpath(project, ROOT)}")
    subprocess.run(["dotnet", "build", "-c", "Release", "-nologo", "-v", "q", project], check=True, cwd=ROOT,
                   stdout=subprocess.DEVNULL)


def generate(seed, users, mean_behaviors, out):
    shutil.rmtree(out, ignore_errors=True)
    t = time.monotonic()
    subprocess.run(["dotnet", GENERATOR_DLL, "generate", "--users", str(users), "--seed", str(seed), "--out", out,
                    "--mean-behaviors", str(mean_behaviors)], check=True, cwd=ROOT)
    with open(os.path.join(out, "manifest.json"), encoding="utf-8") as f:
        manifest = json.load(f)
    return manifest, time.monotonic() - t


# ----------------------------------------------------------------------------------------------------------------
# OpenClue server and signed API client

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, dll, data_dir):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.data_dir = data_dir
        env = dict(os.environ, OpenClue__DataDir=data_dir, OpenClue__AccessKey=ACCESS_KEY, OpenClue__SecretKey=SECRET_KEY)
        env.setdefault("Logging__LogLevel__Default", "Warning")
        self.log_path = os.path.join(data_dir, "server.log")
        self.log_file = open(self.log_path, "w")
        self.proc = subprocess.Popen(["dotnet", dll, "--urls", self.base], cwd=os.path.dirname(dll), env=env,
                                     stdout=self.log_file, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited with {self.proc.returncode}; see {self.log_path}")
            try:
                with urllib.request.urlopen(self.base + "/healthz", timeout=2) as r:
                    if r.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, socket.timeout):
                pass
            time.sleep(0.2)
        raise RuntimeError("server did not become healthy")

    def bucket_dir(self, bucket):
        return os.path.join(self.data_dir, "buckets", bucket)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(40)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log_file.close()


class ApiError(Exception):
    def __init__(self, status, body):
        super().__init__(f"HTTP {status}: {body}")
        self.status, self.body = status, body


class Client:
    def __init__(self, base, access_key, secret_key):
        self.base, self.access_key, self.secret_key = base, access_key, secret_key

    def call(self, method, path, body=None):
        ts = str(int(time.time() * 1000))
        message = f"{method} {path}\n{ts}\n{self.access_key}".encode("utf-8")
        signature = base64.b64encode(hmac.new(self.secret_key.encode("utf-8"), message, hashlib.sha256).digest()).decode()
        data = json.dumps(body).encode("utf-8") if body is not None else None
        req = urllib.request.Request(self.base + path, data=data, method=method, headers={
            "x-ncp-apigw-timestamp": ts, "x-ncp-iam-access-key": self.access_key,
            "x-ncp-apigw-signature-v2": signature, "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=60) as r:
                return json.loads(r.read().decode("utf-8"))
        except urllib.error.HTTPError as e:
            raise ApiError(e.code, e.read().decode("utf-8", "replace")) from None

    def wait(self, path, timeout=3600):
        """Polls a job resource until it is completed or failed; returns the final body."""
        delay, deadline = 0.3, time.monotonic() + timeout
        while True:
            body = self.call("GET", path)
            if body.get("status") in ("completed", "failed"):
                return body
            if time.monotonic() > deadline:
                raise TimeoutError(f"{path} still {body.get('status')} after {timeout} s")
            time.sleep(delay)
            delay = min(delay * 1.5, 2.0)


def models_endpoint_answers(client):
    try:
        client.call("GET", "/api/v1/models?index=0&limit=1")
        return True
    except ApiError:
        return False


def run_openclue(client, server, data_dir, seed, run_tag, model, labels=None):
    """Copies the dataset into a bucket, builds the feature and one task per trait; returns AUROCs and timings."""
    prefix = f"{run_tag}/seed{seed}"
    dest = os.path.join(server.bucket_dir(BUCKET), prefix)
    shutil.copytree(data_dir, dest)
    timings, info = {}, {}
    model_name = model
    if model == "auto":
        model_name = "learned" if models_endpoint_answers(client) else "oc-hash-1"
    if model_name == "learned":
        name = f"bench-{run_tag}-s{seed}"
        t = time.monotonic()
        client.call("POST", "/api/v1/models", {"name": name, "source_bucket": BUCKET, "source_file_path": f"{prefix}/sequences.tsv"})
        body = client.wait(f"/api/v1/models/{name}")
        timings["model"] = time.monotonic() - t
        info["model"] = body
        if body["status"] == "completed":
            model_name = name
        elif model == "auto":
            log(f"  model pretraining failed ({body.get('fail_message')}); falling back to oc-hash-1")
            info["model_fallback"] = f"pretraining failed with {body.get('fail_message')}, used oc-hash-1"
            model_name = "oc-hash-1"
        else:
            raise RuntimeError(f"model pretraining failed: {body}")
    info["model_name"] = model_name

    t = time.monotonic()
    request = {"name": f"bench-{run_tag}-s{seed}", "source_bucket": BUCKET, "source_file_path": f"{prefix}/sequences.tsv"}
    if model_name:
        request["nclue_model_name"] = model_name
    feature = client.call("POST", "/api/v1/features", request)
    feature = client.wait(f"/api/v1/features/{feature['feature_id']}")
    timings["feature"] = time.monotonic() - t
    if feature["status"] != "completed":
        raise RuntimeError(f"feature failed: {feature}")
    info["feature"] = {k: feature.get(k) for k in ("user_count", "token_count", "disk_usage", "nclue_model_name")}
    fid = feature["feature_id"]

    t = time.monotonic()
    tasks = {}
    for name, train_file, test_file in label_files(data_dir, labels):
        body = client.call("POST", "/api/v1/tasks", {
            "name": f"bench-{run_tag}-s{seed}-{name}".replace(".", "-"), "train_feature_id": fid,
            "train_bucket": BUCKET, "train_file_path": f"{prefix}/{os.path.relpath(train_file, data_dir)}",
            "test_feature_id": fid, "test_bucket": BUCKET, "test_file_path": f"{prefix}/{os.path.relpath(test_file, data_dir)}"})
        tasks[name] = body["task_id"]
    aurocs = {}
    for name, task_id in tasks.items():
        body = client.wait(f"/api/v1/tasks/{task_id}")
        if body["status"] != "completed":
            raise RuntimeError(f"task {name} failed: {body}")
        aurocs[name] = float(body["AUROC"])
        timings[f"task {name}"] = job_seconds(body)
    timings["tasks (all, wall)"] = time.monotonic() - t
    return aurocs, timings, info


def job_seconds(body):
    try:
        a = datetime.datetime.fromisoformat(body["started_at"] or body["created_at"])
        b = datetime.datetime.fromisoformat(body["completed_at"])
        return (b - a).total_seconds()
    except (KeyError, TypeError, ValueError):
        return float("nan")


# ----------------------------------------------------------------------------------------------------------------
# Peers

def split_arrow(text):
    return [b.strip() for b in text.split("->") if b.strip()]


def read_sequences(path):
    users, docs = [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            uid, _, seq = line.rstrip("\n").partition("\t")
            users.append(uid)
            docs.append(seq)
    return users, docs


def read_labels(path):
    with open(path, encoding="utf-8") as f:
        return [(u, int(l)) for u, l in (line.rstrip("\n").split("\t") for line in f if line.strip())]


def label_files(data_dir, labels=None):
    """(task name, train file, test file) for every label of data_dir: the generator's traits, or `labels` =
    [(label, split)] of a prepared real dataset (labels/<label>.s<split>.{train,test}.tsv)."""
    if labels is None:
        return [(t, os.path.join(data_dir, "labels", f"{t}.train.tsv"), os.path.join(data_dir, "labels", f"{t}.test.tsv"))
                for t in TRAITS]
    return [(f"{label}.s{k}", os.path.join(data_dir, "labels", f"{label}.s{k}.train.tsv"),
             os.path.join(data_dir, "labels", f"{label}.s{k}.test.tsv")) for label, k in labels]


def run_peers(data_dir, threads, labels=None, only=None):
    """Fits the peers for every label of data_dir; returns ({task: {peer: auroc}}, {timing: seconds}, info)."""
    import numpy as np
    from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
    from sklearn.linear_model import LogisticRegressionCV
    from sklearn.metrics import roc_auc_score
    from sklearn.preprocessing import StandardScaler
    from xgboost import XGBClassifier

    peers = only or PEERS
    timings = {}
    t = time.monotonic()
    users, docs = read_sequences(os.path.join(data_dir, "sequences.tsv"))
    row = {u: i for i, u in enumerate(users)}
    # Vocabularies are fitted on every user's sequence (no labels), as the learned OpenClue model may be.
    bag_vectorizer = CountVectorizer(tokenizer=split_arrow, token_pattern=None, lowercase=True, min_df=2)
    bag_counts = bag_vectorizer.fit_transform(docs).tocsr()
    bag_counts.data = bag_counts.data.astype(np.float32)
    bag_lr = bag_counts.copy()
    bag_lr.data[:] = 1.0                      # presence (binary bag): did the user ever do this exact behaviour
    words = TfidfVectorizer(sublinear_tf=True, min_df=2, lowercase=True, token_pattern=r"(?u)\b\w+\b")
    word_tfidf = words.fit_transform([d.replace("->", " \n ") for d in docs]).tocsr()
    timings["vectorize"] = time.monotonic() - t
    info = {"behaviour_vocabulary": len(bag_vectorizer.vocabulary_), "word_vocabulary": len(words.vocabulary_)}
    if "item2vec+LR" in peers:
        # item2vec: skip-gram word2vec over each user's behaviour sequence (a behaviour = a word), user = mean vector.
        from gensim.models import Word2Vec
        t = time.monotonic()
        sentences = [[b.lower() for b in split_arrow(d)] for d in docs]
        w2v = Word2Vec(sentences=sentences, vector_size=64, window=5, min_count=2, sg=1, negative=5, epochs=5,
                       workers=1, seed=1)
        item2vec = np.zeros((len(docs), 64), dtype=np.float32)
        for i, sentence in enumerate(sentences):
            known = [w2v.wv[b] for b in sentence if b in w2v.wv.key_to_index]
            if known:
                item2vec[i] = np.mean(known, axis=0)
        item2vec = StandardScaler().fit_transform(item2vec)
        timings["item2vec"] = time.monotonic() - t
        del sentences
    del docs

    def lrcv():
        return LogisticRegressionCV(Cs=[0.001, 0.01, 0.1, 1, 10, 100], cv=5, scoring="roc_auc", max_iter=1000,
                                    class_weight="balanced", n_jobs=threads)

    results = {}
    for name, train_file, test_file in label_files(data_dir, labels):
        train = read_labels(train_file)
        test = read_labels(test_file)
        tr = np.array([row[u] for u, _ in train]); ytr = np.array([l for _, l in train])
        te = np.array([row[u] for u, _ in test]); yte = np.array([l for _, l in test])
        results[name] = {}
        for peer, x in (("bag+LR", bag_lr), ("tfidf+LR", word_tfidf), ("item2vec+LR", item2vec if "item2vec+LR" in peers else None)):
            if peer not in peers:
                continue
            t = time.monotonic()
            m = lrcv().fit(x[tr], ytr)
            results[name][peer] = roc_auc_score(yte, m.predict_proba(x[te])[:, 1])
            timings[f"{peer} {name}"] = time.monotonic() - t
        if "bag+xgboost" in peers:
            t = time.monotonic()
            pos = int(ytr.sum())
            m = XGBClassifier(n_estimators=300, max_depth=6, learning_rate=0.1, tree_method="hist",
                              scale_pos_weight=(len(ytr) - pos) / max(pos, 1), n_jobs=threads, random_state=0,
                              eval_metric="auc")
            m.fit(bag_counts[tr], ytr)
            results[name]["bag+xgboost"] = roc_auc_score(yte, m.predict_proba(bag_counts[te])[:, 1])
            timings[f"bag+xgboost {name}"] = time.monotonic() - t
        log(f"  peers {name}: " + ", ".join(f"{p} {a:.4f}" for p, a in results[name].items()))
    return results, timings, info


# ----------------------------------------------------------------------------------------------------------------
# Report

def mean(xs):
    return sum(xs) / len(xs)


def machine():
    cpu = platform.processor() or "unknown"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = ""
    try:
        with open("/proc/meminfo") as f:
            mem = f"{int(f.readline().split()[1]) / 1048576:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return f"{os.cpu_count()} cores (nproc), {cpu}, {mem}, {platform.system()} {platform.release()}"


def versions(server_label=None):
    import numpy, scipy, sklearn, xgboost
    dotnet = subprocess.run(["dotnet", "--version"], capture_output=True, text=True).stdout.strip()
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain", "--", "src"], capture_output=True, text=True, cwd=ROOT).stdout.strip()
    label = server_label or commit + (" (src/ has uncommitted changes)" if dirty else "")
    return {"OpenClue": label, ".NET SDK": dotnet,
            "python": platform.python_version(), "scikit-learn": sklearn.__version__, "xgboost": xgboost.__version__,
            "numpy": numpy.__version__, "scipy": scipy.__version__}


def write_report(path, args, runs, total_seconds, model_names, vers):
    seeds = [r["seed"] for r in runs]
    lines = [f"# Quality benchmark: OpenClue vs. peers", "",
             f"* Date: {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M UTC}",
             f"* Machine: {machine()}",
             "* Versions: " + ", ".join(f"{k} {v}" for k, v in vers.items()),
             f"* Server: `{os.path.relpath(args.server_dll, ROOT) if args.server_dll.startswith(ROOT) else args.server_dll}`",
             f"* OpenClue model: {', '.join(sorted(set(model_names)))} (flag `--model {args.model}`); tasks as the server trains them",
             f"* Data: `bench/OpenClue.Bench generate --users {args.users} --mean-behaviors {args.mean_behaviors}`, seeds "
             f"{', '.join(map(str, seeds))}; labels for 60 % (train) and 20 % (test) of the users",
             f"* Command: `/usr/bin/python3 bench/quality.py {shlex.join(sys.argv[1:])}`".rstrip(),
             f"* Total wall time: {total_seconds / 60:.1f} min", "",
             "Peers (same train/test files, same run): **bag+LR** = each whole behaviour a feature (CountVectorizer, "
             "min_df 2, binary presence) + `LogisticRegressionCV(Cs=[0.01,0.1,1,10], cv=3, scoring='roc_auc', "
             "class_weight='balanced')`; **tfidf+LR** = TF-IDF of words (sublinear tf, min_df 2) + the same "
             "LogisticRegressionCV; **bag+xgboost** = behaviour counts + `XGBClassifier(300 trees, depth 6, learning rate 0.1, "
             "hist, scale_pos_weight = negatives/positives)`. AUROC on the test labels (which carry the planted label flips; "
             "`ceiling` is the AUROC a perfect detector of the planted trait would get against them).", "",
             "## Means over the seeds", "",
             "| Trait | OpenClue | bag+LR | tfidf+LR | bag+xgboost | best peer | OpenClue − best peer | leader | ceiling |",
             "|---|---|---|---|---|---|---|---|---|"]
    summary = {}
    for trait in TRAITS:
        oc = mean([r["openclue"][trait] for r in runs])
        peers = {p: mean([r["peers"][trait][p] for r in runs]) for p in PEERS}
        best = max(peers, key=peers.get)
        ceiling = mean([r["ceilings"][trait] for r in runs])
        margin = oc - peers[best]
        leader = "OpenClue" if margin >= 0 else best
        summary[trait] = (oc, peers, best, margin)
        lines.append(f"| {trait} | {oc:.4f} | " + " | ".join(f"{peers[p]:.4f}" for p in PEERS) +
                     f" | {best} | {margin:+.4f} | {leader} | {ceiling:.4f} |")
    lines += ["", "## Per seed", "", "| Seed | Trait | OpenClue | bag+LR | tfidf+LR | bag+xgboost | ceiling | test positives / users |",
              "|---|---|---|---|---|---|---|---|"]
    for r in runs:
        for trait in TRAITS:
            t = next(x for x in r["manifest"]["traits"] if x["name"] == trait)
            lines.append(f"| {r['seed']} | {trait} | {r['openclue'][trait]:.4f} | " +
                         " | ".join(f"{r['peers'][trait][p]:.4f}" for p in PEERS) +
                         f" | {r['ceilings'][trait]:.4f} | {t['test']['positives']} / {t['test']['users']} |")
    lines += ["", "## Timings (seconds)", "",
              "| Seed | users | behaviours | generate | OpenClue model | OpenClue feature | OpenClue tasks (4, wall) | peers vectorize | bag+LR (4 traits) | tfidf+LR (4) | bag+xgboost (4) |",
              "|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in runs:
        ot, pt = r["openclue_timings"], r["peer_timings"]
        s = lambda prefix: sum(v for k, v in pt.items() if k.startswith(prefix + " "))
        model_s = f"{ot['model']:.1f}" if "model" in ot else "—"
        lines.append(f"| {r['seed']} | {r['manifest']['users']} | {r['manifest']['behaviors']} | {r['generate_seconds']:.1f} | "
                     f"{model_s} | {ot.get('feature', 0):.1f} | {ot.get('tasks (all, wall)', 0):.1f} | "
                     f"{pt.get('vectorize', 0):.1f} | {s('bag+LR'):.1f} | {s('tfidf+LR'):.1f} | {s('bag+xgboost'):.1f} |")
    lines += ["", "Peers use 2 threads (`n_jobs`); the server runs its jobs with its default worker concurrency. "
              "OpenClue and the peers never run at the same time. Seed 1's OpenClue times include the server's first-request "
              "warm-up (JIT).", "",
              "## Dataset", ""]
    m = runs[0]["manifest"]
    lines.append(f"Per seed: {m['users']} users, mean {m['mean_behaviors']} behaviours per user "
                 f"(min {m['behaviors_per_user']['min']}, median {m['behaviors_per_user']['p50']}, "
                 f"p99 {m['behaviors_per_user']['p99']}, max {m['behaviors_per_user']['max']}), catalogue of "
                 f"{m['catalog']['items']} items in {m['catalog']['categories']} categories (Zipf popularity).")
    lines.append("")
    for t in m["traits"]:
        lines.append(f"* **{t['name']}** (base rate {t['base_rate']}, label flips {t['label_flip_rate']}): {t['description']} "
                     f"Decoys: {t['decoys']}.")
    lines.append("")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))
    return summary


# ----------------------------------------------------------------------------------------------------------------
# Real datasets (prepared by bench/prepare_real.py)

def real_labels(dataset_dir):
    with open(os.path.join(dataset_dir, "labels.json"), encoding="utf-8") as f:
        meta = json.load(f)
    return meta, [(label, k) for label in meta["labels"] for k in range(1, meta["splits"] + 1)]


def cached_peers(dataset_dir, threads, labels, refresh):
    """The peers' results on a prepared dataset, cached next to it (the peers do not change between OpenClue runs)."""
    path = os.path.join(dataset_dir, "peers.json")
    stamp = [os.path.getmtime(os.path.join(dataset_dir, "sequences.tsv")), PEERS]
    if not refresh and os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            cached = json.load(f)
        if cached.get("stamp") == stamp:
            return cached["aurocs"], cached["timings"]
    aurocs, timings, _ = run_peers(dataset_dir, threads, labels)
    with open(path, "w", encoding="utf-8") as f:
        json.dump({"stamp": stamp, "aurocs": aurocs, "timings": timings}, f, indent=1)
    return aurocs, timings


def write_real_report(path, args, runs, total_seconds, vers):
    lines = ["# Quality on real behaviour data: OpenClue vs. peers", "",
             f"* Date: {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M UTC}",
             f"* Machine: {machine()}",
             "* Versions: " + ", ".join(f"{k} {v}" for k, v in vers.items()),
             f"* OpenClue: through its API (one feature per dataset, model `{args.model}`, one task per label and split with "
             "the explicit test set)",
             f"* Command: `/usr/bin/python3 bench/quality.py {shlex.join(sys.argv[1:])}`".rstrip(),
             f"* Total wall time: {total_seconds / 60:.1f} min", "",
             "Data (bench/prepare_real.py, fetched public files, never committed): each user's events in time order, the "
             "sequence is the first 80 % of the timeline; **future** labels = does the user do X in the last 20 %; "
             "**attribute** labels = a published user attribute. Three splits by user (70 % train, 30 % explicit test, "
             "seeded). Peers on the identical files: **bag+LR** = binary bag of whole behaviours (min_df 2) + "
             "`LogisticRegressionCV(Cs=[1e-3..100], cv=5, scoring='roc_auc', class_weight='balanced')`; **tfidf+LR** = "
             "TF-IDF of words (sublinear tf, min_df 2) + the same; **item2vec+LR** = skip-gram word2vec over the behaviour "
             "sequences (64 dims, window 5, gensim), user = mean vector, standardised, + the same; **bag+xgboost** = "
             "behaviour counts + `XGBClassifier(300 trees, depth 6, η 0.1, hist, scale_pos_weight)`.", ""]
    kinds = {}
    lines += ["## Means over the splits", "",
              "| Dataset | Label | kind | OpenClue | " + " | ".join(PEERS) + " | best peer | OpenClue − best |",
              "|---|---|---|---|" + "---|" * len(PEERS) + "---|---|"]
    for r in runs:
        meta = r["meta"]
        for label, info in meta["labels"].items():
            names = [f"{label}.s{k}" for k in range(1, meta["splits"] + 1)]
            oc = mean([r["openclue"][n] for n in names])
            peers = {p: mean([r["peers"][n][p] for n in names]) for p in PEERS}
            best = max(peers, key=peers.get)
            kinds.setdefault((meta["dataset"], info["kind"]), []).append((oc, peers))
            lines.append(f"| {meta['dataset']} | {label} | {info['kind']} | {oc:.4f} | " +
                         " | ".join(f"{peers[p]:.4f}" for p in PEERS) + f" | {best} | {oc - peers[best]:+.4f} |")
    lines += ["", "## Means per dataset and label kind", "",
              "| Dataset | kind | labels | OpenClue | " + " | ".join(PEERS) + " | best peer | OpenClue − best |",
              "|---|---|---|---|" + "---|" * len(PEERS) + "---|---|"]
    summary = {}
    for (dataset, kind), rows in kinds.items():
        oc = mean([x[0] for x in rows])
        peers = {p: mean([x[1][p] for x in rows]) for p in PEERS}
        best = max(peers, key=peers.get)
        summary[(dataset, kind)] = (oc, peers, best, oc - peers[best])
        lines.append(f"| {dataset} | {kind} | {len(rows)} | {oc:.4f} | " + " | ".join(f"{peers[p]:.4f}" for p in PEERS) +
                     f" | {best} | {oc - peers[best]:+.4f} |")
    lines += ["", "## Per split", "", "| Dataset | Task | OpenClue | " + " | ".join(PEERS) + " | test positives / users |",
              "|---|---|---|" + "---|" * len(PEERS) + "---|"]
    for r in runs:
        for name, _, test_file in label_files(r["dir"], r["labels"]):
            test = read_labels(test_file)
            lines.append(f"| {r['meta']['dataset']} | {name} | {r['openclue'][name]:.4f} | " +
                         " | ".join(f"{r['peers'][name][p]:.4f}" for p in PEERS) +
                         f" | {sum(l for _, l in test)} / {len(test)} |")
    lines += ["", "## Datasets", ""]
    for r in runs:
        m = r["meta"]
        lines.append(f"* **{m['dataset']}**: {m['users']} users, {m['behaviours']} behaviours in the sequences; labels " +
                     ", ".join(f"{k} ({v['kind']}, base rate {v['base_rate']})" for k, v in m["labels"].items()) +
                     f"; OpenClue feature {r['openclue_timings'].get('feature', 0):.1f} s, tasks (all, wall) "
                     f"{r['openclue_timings'].get('tasks (all, wall)', 0):.1f} s.")
    lines.append("")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))
    return summary


def main_real(args):
    started = time.monotonic()
    if not args.no_build and os.path.abspath(args.server_dll) == SERVER_DLL:
        build(SERVER_PROJECT)
    datasets = [d for d in args.dataset.split(",") if d]
    prepared = []
    for name in datasets:
        dataset_dir = os.path.join(args.real_data, name)
        if not os.path.exists(os.path.join(dataset_dir, "labels.json")):
            raise SystemExit(f"{dataset_dir} is not prepared: run /usr/bin/python3 bench/prepare_real.py {name}")
        meta, labels = real_labels(dataset_dir)
        if args.labels:
            labels = [(l, k) for l, k in labels if l in args.labels.split(",")]
            meta["labels"] = {l: v for l, v in meta["labels"].items() if l in args.labels.split(",")}
        prepared.append((name, dataset_dir, meta, labels))
    server_dir = tempfile.mkdtemp(prefix="openclue-bench-")
    server = Server(os.path.abspath(args.server_dll), server_dir)
    log(f"server up at {server.base}, data {server_dir}")
    client = Client(server.base, ACCESS_KEY, SECRET_KEY)
    run_tag = datetime.datetime.now().strftime("%Y%m%d%H%M%S")
    runs = []
    try:
        for i, (name, dataset_dir, meta, labels) in enumerate(prepared):
            log(f"{name}: OpenClue")
            aurocs, oc_timings, oc_info = run_openclue(client, server, dataset_dir, i + 1, run_tag, args.model, labels)
            log(f"  OpenClue ({oc_info['model_name']}): " + ", ".join(f"{t} {a:.4f}" for t, a in aurocs.items()))
            runs.append({"dir": dataset_dir, "meta": meta, "labels": labels, "openclue": aurocs, "openclue_timings": oc_timings})
    finally:
        server.stop()
        if not args.keep_server_data:
            shutil.rmtree(server_dir, ignore_errors=True)
    for r in runs:
        log(f"{r['meta']['dataset']}: peers")
        r["peers"], r["peer_timings"] = cached_peers(r["dir"], args.threads, r["labels"], args.refresh_peers)
    out = args.out if args.out != os.path.join(BENCH, "results", "quality.md") else os.path.join(BENCH, "results", "quality-real.md")
    summary = write_real_report(out, args, runs, time.monotonic() - started, versions(args.server_label))
    print(f"\nwrote {os.path.relpath(out, ROOT)}\n")
    ok = True
    for (dataset, kind), (oc, peers, best, margin) in summary.items():
        print(f"{dataset:<24}{kind:<10} OpenClue {oc:.4f}  best peer {best} {peers[best]:.4f}  margin {margin:+.4f}")
        ok &= margin >= 0
    print(f"\nacceptance (OpenClue's mean ≥ the best peer's on every dataset and label kind): {'MET' if ok else 'NOT MET'}")


# ----------------------------------------------------------------------------------------------------------------

def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seeds", default="1,2,3")
    parser.add_argument("--users", type=int, default=8000)
    parser.add_argument("--mean-behaviors", type=int, default=50)
    parser.add_argument("--model", default="auto",
                        help="auto (a learned model pretrained on each seed's sequences when /api/v1/models answers, "
                             "else oc-hash-1), learned, or a model name such as oc-hash-1")
    parser.add_argument("--server-dll", default=SERVER_DLL, help="the built OpenClue.Server.dll")
    parser.add_argument("--server-label", default=None,
                        help="what the server build is, for the report (default: this checkout's commit)")
    parser.add_argument("--no-build", action="store_true", help="do not build the generator and the server first")
    parser.add_argument("--data", default=os.path.join(BENCH, "data", "quality"))
    parser.add_argument("--out", default=os.path.join(BENCH, "results", "quality.md"))
    parser.add_argument("--threads", type=int, default=2, help="peer threads (n_jobs)")
    parser.add_argument("--keep-server-data", action="store_true")
    parser.add_argument("--dataset", help="real datasets prepared by bench/prepare_real.py, comma-separated "
                        "(ml-latest-small, ml-100k, hetrec2011-lastfm-2k); writes bench/results/quality-real.md")
    parser.add_argument("--labels", help="with --dataset: only these labels (comma-separated)")
    parser.add_argument("--real-data", default=os.path.join(BENCH, "data", "real"))
    parser.add_argument("--refresh-peers", action="store_true", help="with --dataset: refit the peers (else cached)")
    args, rest = parser.parse_known_args()
    if args.dataset:
        if args.model == "auto":
            args.model = "oc-hash-1"
        main_real(args)
        return

    if rest[:1] == ["peers"]:
        results, timings, info = run_peers(rest[1], args.threads)
        print(json.dumps({"aurocs": results, "timings": timings, "info": info}, indent=2))
        return

    started = time.monotonic()
    if not args.no_build:
        build(GENERATOR_PROJECT)
        if os.path.abspath(args.server_dll) == SERVER_DLL:
            build(SERVER_PROJECT)
    seeds = [int(s) for s in args.seeds.split(",")]
    server_dir = tempfile.mkdtemp(prefix="openclue-bench-")
    server = Server(os.path.abspath(args.server_dll), server_dir)
    log(f"server up at {server.base}, data {server_dir}")
    client = Client(server.base, ACCESS_KEY, SECRET_KEY)
    run_tag = datetime.datetime.now().strftime("%Y%m%d%H%M%S")
    runs, model_names = [], []
    try:
        for seed in seeds:
            data_dir = os.path.join(args.data, f"seed{seed}")
            log(f"seed {seed}: generating {args.users} users")
            manifest, gen_seconds = generate(seed, args.users, args.mean_behaviors, data_dir)
            log(f"seed {seed}: OpenClue")
            aurocs, oc_timings, oc_info = run_openclue(client, server, data_dir, seed, run_tag, args.model)
            model_names.append(oc_info["model_name"] if not oc_info["model_name"].startswith("bench-")
                               else "learned (pretrained per seed via /api/v1/models)")
            if "model_fallback" in oc_info:
                model_names.append(f"seed {seed}: {oc_info['model_fallback']}")
            log(f"  OpenClue ({oc_info['model_name']}): " + ", ".join(f"{t} {a:.4f}" for t, a in aurocs.items()))
            log(f"seed {seed}: peers")
            peers, peer_timings, _ = run_peers(data_dir, args.threads)
            runs.append({"seed": seed, "manifest": manifest, "generate_seconds": gen_seconds, "openclue": aurocs,
                         "openclue_timings": oc_timings, "openclue_info": oc_info, "peers": peers, "peer_timings": peer_timings,
                         "ceilings": {t["name"]: t["ceiling_test_auroc"] for t in manifest["traits"]}})
            with open(os.path.join(args.data, "runs.json"), "w") as f:
                json.dump(runs, f, indent=1, default=str)
    finally:
        server.stop()
        if not args.keep_server_data:
            shutil.rmtree(server_dir, ignore_errors=True)
    summary = write_report(args.out, args, runs, time.monotonic() - started, model_names, versions(args.server_label))
    print(f"\nwrote {os.path.relpath(args.out, ROOT)}\n")
    print(f"{'trait':<14}{'OpenClue':>10}" + "".join(f"{p:>13}" for p in PEERS) + f"{'margin':>10}")
    ok = True
    for trait, (oc, peers, best, margin) in summary.items():
        print(f"{trait:<14}{oc:>10.4f}" + "".join(f"{peers[p]:>13.4f}" for p in PEERS) + f"{margin:>+10.4f}")
        need = 0.01 if trait in ("recency", "shared_token") else 0.0
        ok &= margin >= need
    print(f"\nacceptance (OpenClue ≥ best peer on every trait, +0.01 on recency and shared_token): {'MET' if ok else 'NOT MET'}")


if __name__ == "__main__":
    main()
