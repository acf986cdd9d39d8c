"""Retries: 429/503 with backoff and Retry-After, connection failures on idempotent calls, and a create whose
response was lost: the retried POST's 409 10102 is the first attempt's success. Between the client and the real
server sits a small proxy that misbehaves as told."""

import http.server
import threading
import urllib.request

import pytest

from conftest import ACCESS_KEY, SECRET_KEY
from openclue import Client, DuplicateNameError, RateLimitedError, RetryPolicy, ServerUnreachableError


class Proxy:
    """Forwards to the server; ``script`` holds what to do with the next requests: "forward", "429", "503",
    "lose" (forward, then answer 503 as if the response was lost), "drop" (close without answering)."""

    def __init__(self, upstream):
        self.upstream = upstream
        self.script = []
        self.seen = []
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _handle(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                action = proxy.script.pop(0) if proxy.script else "forward"
                proxy.seen.append((self.command, self.path, action))
                if action in ("429", "503"):
                    self.send_response(int(action))
                    self.send_header("Retry-After", "0")
                    self.send_header("Content-Type", "application/json")
                    payload = b'{"error":{"errorCode":"10114","message":"TOO_MANY_REQUESTS","details":"slow down"}}'
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                    return
                if action == "drop":
                    self.close_connection = True
                    self.connection.shutdown(2)
                    return
                status, headers, payload = proxy.forward(self.command, self.path, self.headers, body)
                if action == "lose":
                    status, payload, headers = 503, b"", {}
                self.send_response(status)
                for name, value in headers.items():
                    if name.lower() not in ("transfer-encoding", "connection", "content-length", "date", "server"):
                        self.send_header(name, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = do_PUT = do_DELETE = _handle

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.endpoint = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def forward(self, method, path, headers, body):
        request = urllib.request.Request(self.upstream + path, data=body, method=method)
        for name in ("x-ncp-apigw-timestamp", "x-ncp-iam-access-key", "x-ncp-apigw-signature-v2", "Content-Type",
                     "Content-Length"):
            if headers.get(name):
                request.add_header(name, headers[name])
        try:
            with urllib.request.urlopen(request) as r:
                return r.status, dict(r.headers), r.read()
        except urllib.error.HTTPError as e:
            return e.code, dict(e.headers), e.read()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def proxy(server):
    started = Proxy(server.endpoint)
    yield started
    started.close()


def client_through(proxy, server, attempts=4):
    delays = []
    policy = RetryPolicy(attempts=attempts, base_delay=0.01, sleep=delays.append)
    return Client(proxy.endpoint, ACCESS_KEY, SECRET_KEY, retry_policy=policy), delays


def test_429_and_503_are_retried_honouring_retry_after(proxy, server):
    client, delays = client_through(proxy, server)
    proxy.script = ["429", "503"]
    assert client.models.list().total >= 1
    assert [a for _, _, a in proxy.seen] == ["429", "503", "forward"]
    assert delays == [0.0, 0.0]  # Retry-After: 0


def test_429_after_the_last_attempt_is_raised_with_its_code(proxy, server):
    client, _ = client_through(proxy, server, attempts=2)
    proxy.script = ["429", "429"]
    with pytest.raises(RateLimitedError) as limited:
        client.models.list()
    assert limited.value.code == "10114"


def test_a_dropped_connection_is_retried_for_a_get_but_not_for_a_post(proxy, server):
    client, _ = client_through(proxy, server)
    proxy.script = ["drop"]
    assert client.models.list().total >= 1
    proxy.script = ["drop"]
    with pytest.raises(ServerUnreachableError, match="broke before its answer arrived") as lost:
        client.features.create("never-sent-twice", "b", "seq.tsv")
    assert lost.value.connection_lost
    assert [a for m, _, a in proxy.seen if m == "POST"] == ["drop"]


def test_a_create_whose_response_was_lost_returns_the_created_resource_once(proxy, server):
    with open(server.bucket("lost") + "/seq.tsv", "w") as f:
        f.write("u1\tclick: a\nu2\tclick: b\n")
    with open(server.bucket("lost") + "/other.tsv", "w") as f:
        f.write("u1\tclick: a\n")
    client, _ = client_through(proxy, server)
    proxy.script = ["lose"]
    feature = client.features.create("lost-response", "lost", "seq.tsv")
    assert feature.name == "lost-response" and feature.source_file_path == "seq.tsv"
    assert [a for m, _, a in proxy.seen if m == "POST"] == ["lose", "forward"]
    assert sum(1 for f in client.features if f.name == "lost-response") == 1

    # The same name with other fields is someone else's resource: the duplicate stands.
    proxy.script = ["lose"]
    with pytest.raises(DuplicateNameError):
        client.features.create("lost-response", "lost", "other.tsv")


def test_an_upload_answered_503_or_dropped_is_sent_again_from_the_start_of_the_file(proxy, server, tmp_path):
    client, _ = client_through(proxy, server)
    source = tmp_path / "data.tsv"
    source.write_bytes(b"".join(b"u%d\tclick: a\n" % i for i in range(50_000)))
    proxy.script = ["503", "drop"]
    assert client.buckets.upload(str(source), "resent", "data.tsv") == "data.tsv"
    assert [a for m, _, a in proxy.seen if m == "PUT"] == ["503", "drop", "forward"]
    with open(server.bucket("resent") + "/data.tsv", "rb") as f:
        assert f.read() == source.read_bytes()
