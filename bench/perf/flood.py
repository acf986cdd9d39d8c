#!/usr/bin/python3
"""Authentication flood: signed throughput of a valid client with and without a concurrent flood of random, unknown
access keys from the same address (issue 11, item 8; goal: >= 50 % retained). Release server, embedded default, logs
at Information (the default) so the cost of logging rejections is included. wrk runs the valid client (fixed signed
headers on GET /api/v1/features, 8 connections); a second wrk sends the flood (a new random access key per request,
32 connections). Reports median req/s of each phase over --runs, the flood's own rate and status mix, and the size
of the server log written during the flood.
usage: flood.py --runs 3 --duration 10 [--env OpenClue__Limits__AuthFailureDelay=0] --out flood.json
OPENCLUE_BENCH_SERVER=path/to/OpenClue.Server.dll measures another build (e.g. the one before the fix).
"""
import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import Server  # noqa: E402
from api import wrk  # noqa: E402

FLOOD_LUA = """
math.randomseed(os.time())
local chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
request = function()
  local key = {}
  for i = 1, 20 do local c = math.random(1, #chars); key[i] = chars:sub(c, c) end
  wrk.headers["x-ncp-iam-access-key"] = table.concat(key)
  wrk.headers["x-ncp-apigw-timestamp"] = tostring(os.time() * 1000)
  wrk.headers["x-ncp-apigw-signature-v2"] = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="
  return wrk.format("GET", "/api/v1/features")
end
done = function(summary, latency, requests)
end
"""


def log(msg):
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def flood(base, duration, connections, into):
    script = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False)
    script.write(FLOOD_LUA)
    script.close()
    p = subprocess.run(["wrk", "-t", "1", "-c", str(connections), "-d", f"{duration}s", "-s", script.name, base + "/api/v1/features"],
                       capture_output=True, text=True, check=True)
    os.unlink(script.name)
    into["rps"] = float(re.search(r"Requests/sec:\s+([\d.]+)", p.stdout).group(1))
    into["requests"] = int(re.search(r"(\d+) requests in", p.stdout).group(1))
    into["raw"] = p.stdout


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--duration", type=int, default=10)
    ap.add_argument("--connections", type=int, default=8)
    ap.add_argument("--flood-connections", type=int, default=32)
    ap.add_argument("--env", action="append", default=[], help="server setting KEY=VALUE, e.g. OpenClue__Limits__AuthFailureDelay=0")
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    scratch = tempfile.mkdtemp(prefix="oc-flood-")
    env = {"Logging__LogLevel__Default": "Information", **dict(e.split("=", 1) for e in a.env)}
    res = {"server_env": env, "server": os.environ.get("OPENCLUE_BENCH_SERVER", "Release build"), "duration_s": a.duration, "connections": a.connections, "flood_connections": a.flood_connections, "runs": []}
    try:
        server = Server(os.path.join(scratch, "oc"), extra_env=env)
        try:
            wrk(server.base, "/api/v1/features", 3, a.connections)  # warm-up
            for r in range(a.runs):
                quiet = wrk(server.base, "/api/v1/features", a.duration, a.connections)
                log_before = os.path.getsize(os.path.join(server.data_dir, "server.log"))
                flooding = {}
                t = threading.Thread(target=flood, args=(server.base, a.duration + 2, a.flood_connections, flooding))
                t.start()
                time.sleep(1)
                loud = wrk(server.base, "/api/v1/features", a.duration, a.connections)
                t.join()
                log_bytes = os.path.getsize(os.path.join(server.data_dir, "server.log")) - log_before
                run = {"quiet_rps": quiet["rps"], "flood_rps": loud["rps"], "retained": loud["rps"] / quiet["rps"],
                       "valid_non2xx": loud["non2xx"], "flood_attack_rps": flooding["rps"], "log_bytes_during_flood": log_bytes}
                log(f"run {r + 1}: signed {quiet['rps']:.0f} req/s quiet, {loud['rps']:.0f} under a flood of "
                    f"{flooding['rps']:.0f} req/s ({run['retained']:.0%} retained), log +{log_bytes} bytes")
                res["runs"].append(run)
            res["median_quiet_rps"] = statistics.median(x["quiet_rps"] for x in res["runs"])
            res["median_flood_rps"] = statistics.median(x["flood_rps"] for x in res["runs"])
            res["median_retained"] = statistics.median(x["retained"] for x in res["runs"])
            res["median_flood_attack_rps"] = statistics.median(x["flood_attack_rps"] for x in res["runs"])
            res["server_peak_mb"] = server.hwm_kb() / 1024
        finally:
            server.stop()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    with open(a.out, "w") as fh:
        json.dump(res, fh, indent=1)
    print(json.dumps({k: v for k, v in res.items() if k != "runs"}, indent=1))


if __name__ == "__main__":
    main()
