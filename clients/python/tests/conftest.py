"""A real OpenClue server for the tests: the built server (``dotnet OpenClue.Server.dll``) on a free loopback port,
with a temporary data folder and a known bootstrap key. Built first when no build output exists
(``OPENCLUE_SERVER_DLL`` names another one)."""

import glob
import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request

import pytest

ACCESS_KEY = "AKPYTEST"
SECRET_KEY = "py-test-secret"
REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))


def _server_dll():
    given = os.environ.get("OPENCLUE_SERVER_DLL")
    if given:
        return given
    pattern = os.path.join(REPO, "src", "OpenClue.Server", "bin", "*", "net*", "OpenClue.Server.dll")
    found = sorted(glob.glob(pattern), key=os.path.getmtime, reverse=True)
    if found:
        return found[0]
    subprocess.run(["dotnet", "build", os.path.join(REPO, "src", "OpenClue.Server"), "-v", "q", "-nologo"], check=True)
    return sorted(glob.glob(pattern), key=os.path.getmtime, reverse=True)[0]


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self):
        self.data_dir = tempfile.mkdtemp(prefix="openclue-py-server-")
        self.port = _free_port()
        self.endpoint = f"http://127.0.0.1:{self.port}"
        dll = _server_dll()
        env = {k: v for k, v in os.environ.items() if not k.startswith("OPENCLUE_")}
        env.update({
            "OpenClue__DataDir": self.data_dir, "OpenClue__AccessKey": ACCESS_KEY, "OpenClue__SecretKey": SECRET_KEY,
            "OpenClue__Worker__Concurrency": "2", "DOTNET_CLI_TELEMETRY_OPTOUT": "1",
            "Logging__LogLevel__Default": "Warning",
            # Every whole percent of a job's progress is written (no one-second interval): short jobs show it too.
            "OpenClue__Jobs__ProgressInterval": "00:00:00",
        })
        self.dll, self.env = dll, env
        self.log = open(os.path.join(self.data_dir, "server.log"), "w")
        self.process = subprocess.Popen(["dotnet", dll, "--urls", self.endpoint], cwd=os.path.dirname(dll), env=env,
                                        stdout=self.log, stderr=subprocess.STDOUT)
        self._wait_healthy()

    def _wait_healthy(self):
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"The server exited with {self.process.returncode}: {self.read_log()}")
            try:
                with urllib.request.urlopen(self.endpoint + "/healthz", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError("The server did not become healthy within 90 s: " + self.read_log())

    def bucket(self, name):
        path = os.path.join(self.data_dir, "buckets", name)
        os.makedirs(path, exist_ok=True)
        return path

    def admin(self, *args):
        """``OpenClue.Server admin ...`` on this server's data folder and database; its JSON lines."""
        done = subprocess.run(["dotnet", self.dll, "admin", *args], cwd=os.path.dirname(self.dll), env=self.env,
                              capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            raise RuntimeError(f"admin {' '.join(args)} exited with {done.returncode}: {done.stderr}")
        return json_lines(done.stdout)

    def read_log(self):
        with open(os.path.join(self.data_dir, "server.log")) as f:
            return f.read()[-4000:]

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()
        shutil.rmtree(self.data_dir, ignore_errors=True)


@pytest.fixture(scope="session")
def server():
    started = Server()
    yield started
    started.stop()


@pytest.fixture(autouse=True)
def isolated_config(tmp_path, monkeypatch):
    """No OPENCLUE_* variable and no config file of the machine leak into a test."""
    for name in [k for k in os.environ if k.startswith("OPENCLUE_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("OPENCLUE_CONFIG_FILE", str(tmp_path / "home" / ".openclue" / "config"))


@pytest.fixture
def client(server):
    """A client of the server with its bootstrap key, and no data folder: buckets go through the object endpoints."""
    from openclue import Client
    return Client(server.endpoint, ACCESS_KEY, SECRET_KEY)


def write_dataset(folder, users=600, seed=1):
    """A sequence file and labels where buying protein powder points to label 1 (learnable: AUROC well above 0.5)."""
    import random
    r = random.Random(seed)
    items = [f"click: item {i}" for i in range(60)]
    with open(os.path.join(folder, "seq.tsv"), "w") as s, open(os.path.join(folder, "train.tsv"), "w") as t:
        for u in range(users):
            positive = r.random() < 0.4
            behaviours = [r.choice(items) for _ in range(r.randint(5, 20))]
            if positive and r.random() < 0.85:
                behaviours.insert(r.randint(0, len(behaviours)), "buy: protein powder")
            s.write(f"u{u}\t" + "->".join(behaviours) + "\n")
            t.write(f"u{u}\t{int(positive)}\n")


def json_lines(text):
    return [json.loads(line) for line in text.splitlines() if line.strip()]
