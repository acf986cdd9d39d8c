"""Shared pieces of the performance harness: the Release server as a process, signed API calls (signature v2), RSS
sampling. Never part of the tests."""
import base64
import hashlib
import hmac
import json
import os
import signal
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# run.sh publishes the server as deployed (ReadyToRun) and points here; otherwise the Release build output.
SERVER_DLL = os.environ.get("OPENCLUE_BENCH_SERVER") or os.path.join(ROOT, "src", "OpenClue.Server", "bin", "Release", "net10.0", "OpenClue.Server.dll")
BENCH_DLL = os.path.join(ROOT, "bench", "OpenClue.Benchmarks", "bin", "Release", "net10.0", "OpenClue.Benchmarks.dll")
GEN_DLL = os.path.join(ROOT, "bench", "OpenClue.Bench", "bin", "Release", "net10.0", "OpenClue.Bench.dll")
ACCESS_KEY, SECRET_KEY = "BENCHPERFKEY00000001", "bench-perf-secret-not-for-production"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def sign(method, target, ts=None, access_key=ACCESS_KEY, secret_key=SECRET_KEY):
    ts = ts or str(int(time.time() * 1000))
    msg = f"{method} {target}\n{ts}\n{access_key}".encode()
    sig = base64.b64encode(hmac.new(secret_key.encode(), msg, hashlib.sha256).digest()).decode()
    return {"x-ncp-apigw-timestamp": ts, "x-ncp-iam-access-key": access_key, "x-ncp-apigw-signature-v2": sig}


class Server:
    """The built Release server with a given data folder (embedded default: SQLite, local buckets, in-process Quartz)."""

    def __init__(self, data_dir, extra_env=None):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.data_dir = data_dir
        os.makedirs(data_dir, exist_ok=True)
        env = dict(os.environ, OpenClue__DataDir=data_dir, OpenClue__AccessKey=ACCESS_KEY, OpenClue__SecretKey=SECRET_KEY,
                   Logging__LogLevel__Default="Warning", DOTNET_gcServer=os.environ.get("DOTNET_gcServer", ""))
        if not env["DOTNET_gcServer"]:
            del env["DOTNET_gcServer"]
        env.update(extra_env or {})
        self.log = open(os.path.join(data_dir, "server.log"), "w")
        self.proc = subprocess.Popen(["dotnet", SERVER_DLL, "--urls", self.base], cwd=os.path.dirname(SERVER_DLL),
                                     env=env, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited {self.proc.returncode}; see {data_dir}/server.log")
            try:
                with urllib.request.urlopen(self.base + "/healthz", timeout=2) as r:
                    if r.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, socket.timeout):
                pass
            time.sleep(0.2)
        raise RuntimeError("server did not become healthy")

    def call(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        headers = sign(method, path)
        headers["Content-Type"] = "application/json"
        req = urllib.request.Request(self.base + path, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(req, timeout=120) as r:
                return json.loads(r.read().decode())
        except urllib.error.HTTPError as e:
            raise RuntimeError(f"{method} {path}: HTTP {e.code} {e.read().decode(errors='replace')}") from None

    def wait(self, path, poll=0.05, timeout=7200):
        deadline = time.monotonic() + timeout
        while True:
            body = self.call("GET", path)
            if body.get("status") in ("completed", "failed"):
                return body
            if time.monotonic() > deadline:
                raise TimeoutError(path)
            time.sleep(poll)

    def rss_kb(self):
        return status_kb(self.proc.pid, "VmRSS")

    def hwm_kb(self):
        return status_kb(self.proc.pid, "VmHWM")

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(40)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()


def status_kb(pid, field):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


class RssSampler:
    """Peak RSS of a process while a stage runs (VmHWM cannot be reset), sampled every 20 ms."""

    def __init__(self, pid):
        self.pid, self.peak, self._stop = pid, 0, threading.Event()
        self._t = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        while not self._stop.is_set():
            self.peak = max(self.peak, status_kb(self.pid, "VmRSS"))
            time.sleep(0.02)

    def __enter__(self):
        self._t.start()
        return self

    def __exit__(self, *a):
        self._stop.set()
        self._t.join()
        self.peak = max(self.peak, status_kb(self.pid, "VmRSS"))
