"""Objects through the server's object endpoints (D25): streamed round trips, listing, deletion, errors, grants, an
interrupted download; and the local-folder mode a named data_dir selects."""

import hashlib
import http.server
import os
import threading
import tracemalloc
import urllib.request

import pytest

from conftest import ACCESS_KEY, SECRET_KEY
from openclue import Client, InvalidRequestError, NotFoundError, ObjectInfo, RetryPolicy, TransferInterruptedError

MiB = 1 << 20


def _sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(MiB), b""):
            digest.update(block)
    return digest.hexdigest()


def test_a_large_object_streams_up_and_down_whole_without_being_held_in_memory(server, client, tmp_path):
    source = tmp_path / "big.bin"
    with open(source, "wb") as f:
        for _ in range(40):
            f.write(os.urandom(MiB))
        f.write(b"tail")  # not a whole number of blocks
    expected = _sha256(source)

    tracemalloc.start()
    try:
        assert client.buckets.upload(str(source), "big", "blobs/") == "blobs/big.bin"
        saved = client.buckets.download("big", "blobs/big.bin", str(tmp_path / "copy.bin"))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    # 40 MiB went each way; the client held a few blocks at a time (a whole-file read would peak above 40 MiB).
    assert peak < 8 * MiB, f"peak {peak / MiB:.1f} MiB"

    assert saved == str(tmp_path / "copy.bin") and _sha256(saved) == expected
    assert _sha256(os.path.join(server.data_dir, "buckets", "big", "blobs", "big.bin")) == expected
    info = client.buckets.info("big", "blobs/big.bin")
    assert isinstance(info, ObjectInfo) and info.size == os.path.getsize(source) and info.etag
    digest = hashlib.sha256()
    with client.buckets.open("big", "blobs/big.bin", "rb") as f:
        for block in iter(lambda: f.read(MiB), b""):
            digest.update(block)
    assert digest.hexdigest() == expected
    assert sorted(os.listdir(tmp_path)) == ["big.bin", "copy.bin"]


def test_listing_pages_in_path_order_and_delete_removes(client, tmp_path):
    names = ["in/a.tsv", "in/b.tsv", "in/c.tsv", "in/sub/d.tsv", "other.tsv", "in/_hidden.tsv"]
    for i, name in enumerate(names):
        (tmp_path / "f").write_text("x" * (i + 1))
        client.buckets.upload(str(tmp_path / "f"), "listing", name)

    listed = client.buckets.list("listing", "in/", page_size=2)  # three pages
    assert [(o.path, o.size) for o in listed] == [("in/a.tsv", 1), ("in/b.tsv", 2), ("in/c.tsv", 3), ("in/sub/d.tsv", 4)]
    assert all(o.bucket == "listing" for o in listed)
    assert [o.path for o in client.buckets.iter("listing")] == ["in/a.tsv", "in/b.tsv", "in/c.tsv", "in/sub/d.tsv", "other.tsv"]
    assert [o.path for o in client.buckets.list("listing", "in/b")] == ["in/b.tsv"]

    client.buckets.delete("listing", "in/b.tsv")
    assert client.buckets.info("listing", "in/b.tsv") is None
    assert [o.path for o in client.buckets.list("listing", "in/")] == ["in/a.tsv", "in/c.tsv", "in/sub/d.tsv"]
    with pytest.raises(NotFoundError):
        client.buckets.delete("listing", "in/b.tsv")


def test_a_missing_object_raises_with_the_servers_code_and_leaves_no_file(client, tmp_path):
    (tmp_path / "f").write_text("x")
    client.buckets.upload(str(tmp_path / "f"), "present", "there.tsv")
    with pytest.raises(NotFoundError) as missing:
        client.buckets.download("present", "not/there.tsv", str(tmp_path / "out.tsv"))
    assert missing.value.status == 404 and (missing.value.code, missing.value.message) == ("10106", "PATH_NOT_FOUND")
    assert "not/there.tsv" in missing.value.details and missing.value.request_id
    assert os.listdir(tmp_path) == ["f"]
    with pytest.raises(NotFoundError):
        client.buckets.open("present", "not/there.tsv")
    with pytest.raises(InvalidRequestError) as folder:
        client.buckets.download("present", "a/folder/", str(tmp_path / "out.tsv"))
    assert folder.value.code == "10111"
    assert os.listdir(tmp_path) == ["f"]


def test_a_bucket_the_key_may_not_use_answers_like_a_missing_one(server, client, tmp_path):
    created = server.admin("create-key", "--tenant", "py-limited")[0]
    server.admin("grant", "--tenant", "py-limited", "--bucket", "py-granted")
    limited = Client(server.endpoint, created["access_key"], created["secret_key"])
    (tmp_path / "f").write_text("mine\n")
    client.buckets.upload(str(tmp_path / "f"), "py-private", "secret.tsv")  # the operator's bucket, existing

    assert limited.buckets.upload(str(tmp_path / "f"), "py-granted", "f.tsv") == "f.tsv"
    assert [o.path for o in limited.buckets.list("py-granted")] == ["f.tsv"]

    refusals = []
    for call in (lambda: limited.buckets.download("py-private", "secret.tsv", str(tmp_path / "stolen")),
                 lambda: limited.buckets.upload(str(tmp_path / "f"), "py-private", "secret.tsv"),
                 lambda: limited.buckets.list("py-private"),
                 lambda: limited.buckets.delete("py-private", "secret.tsv"),
                 lambda: limited.buckets.download("py-nowhere", "secret.tsv", str(tmp_path / "stolen"))):
        with pytest.raises(NotFoundError) as refused:
            call()
        refusals.append((refused.value.code, refused.value.details.replace("py-nowhere", "py-private")))
    assert refusals[0][0] == "10106" and len(set(refusals)) == 1  # word for word like a bucket that does not exist
    # Refused before the body is read: the answer still arrives (the server drains the body), not a broken connection.
    with open(tmp_path / "big", "wb") as f:
        f.write(os.urandom(24 * MiB))
    with pytest.raises(NotFoundError) as big:
        limited.buckets.upload(str(tmp_path / "big"), "py-private", "big.bin")
    assert big.value.code == "10106"
    assert limited.buckets.info("py-private", "secret.tsv") is None
    with client.buckets.open("py-private", "secret.tsv") as f:
        assert f.read() == "mine\n"  # untouched
    assert not os.path.exists(tmp_path / "stolen")


class CuttingProxy:
    """Forwards each request to the server and answers with the server's status and headers (its Content-Length
    included) but, for the first ``cuts`` answers, only the first half of the body, then closes the connection."""

    def __init__(self, upstream, cuts=1_000_000):
        self.gets = 0
        proxy = self
        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                request = urllib.request.Request(upstream + self.path)
                for name in ("x-ncp-apigw-timestamp", "x-ncp-iam-access-key", "x-ncp-apigw-signature-v2"):
                    request.add_header(name, self.headers[name])
                with urllib.request.urlopen(request) as answer:
                    body = answer.read()
                    self.send_response(answer.status)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                proxy.gets += 1
                self.wfile.write(body[: len(body) // 2] if proxy.gets <= cuts else body)
                self.wfile.flush()
                self.close_connection = True

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.endpoint = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def test_an_interrupted_download_raises_and_leaves_no_file(server, client, tmp_path):
    (tmp_path / "src").mkdir()
    with open(tmp_path / "src" / "data.bin", "wb") as f:
        f.write(os.urandom(3 * MiB))
    client.buckets.upload(str(tmp_path / "src" / "data.bin"), "cut", "data.bin")
    proxy = CuttingProxy(server.endpoint)
    try:
        cut = Client(proxy.endpoint, ACCESS_KEY, SECRET_KEY, retries=1)  # no second attempt
        out = tmp_path / "out"
        out.mkdir()
        with pytest.raises(TransferInterruptedError, match=r"stopped after \d+ of 3145728 bytes"):
            cut.buckets.download("cut", "data.bin", str(out))
        assert os.listdir(out) == []

        (out / "data.bin").write_bytes(b"the previous copy")
        with pytest.raises(TransferInterruptedError):
            cut.buckets.download("cut", "data.bin", str(out / "data.bin"))
        assert os.listdir(out) == ["data.bin"] and (out / "data.bin").read_bytes() == b"the previous copy"

        with pytest.raises(TransferInterruptedError):
            with cut.buckets.open("cut", "data.bin", "rb") as f:
                while f.read(MiB):
                    pass
    finally:
        proxy.close()


def test_a_download_cut_short_starts_over_within_the_retries(server, client, tmp_path):
    with open(tmp_path / "data.bin", "wb") as f:
        f.write(os.urandom(3 * MiB))
    client.buckets.upload(str(tmp_path / "data.bin"), "cut", "again.bin")
    proxy = CuttingProxy(server.endpoint, cuts=2)
    try:
        delays = []
        cut = Client(proxy.endpoint, ACCESS_KEY, SECRET_KEY, retry_policy=RetryPolicy(attempts=3, sleep=delays.append))
        saved = cut.buckets.download("cut", "again.bin", str(tmp_path / "out.bin"))
        assert proxy.gets == 3 and len(delays) == 2
        assert _sha256(saved) == _sha256(tmp_path / "data.bin")
        assert sorted(os.listdir(tmp_path)) == ["data.bin", "out.bin"]
    finally:
        proxy.close()


def test_a_named_data_dir_copies_files_in_and_out_of_the_local_bucket_folders(server, tmp_path):
    local = Client(server.endpoint, ACCESS_KEY, SECRET_KEY, data_dir=server.data_dir)
    assert local.buckets.local is not None
    (tmp_path / "seq.tsv").write_text("u1\tclick: a\n")
    assert local.buckets.upload(str(tmp_path / "seq.tsv"), "local-mode", "in/") == "in/seq.tsv"
    with open(os.path.join(server.data_dir, "buckets", "local-mode", "in", "seq.tsv")) as f:
        assert f.read() == "u1\tclick: a\n"
    assert local.buckets.download("local-mode", "in/seq.tsv", str(tmp_path / "back.tsv")) == str(tmp_path / "back.tsv")
    assert (tmp_path / "back.tsv").read_text() == "u1\tclick: a\n"
    assert [o.path for o in local.buckets.list("local-mode")] == ["in/seq.tsv"]  # listing asks the server
    with pytest.raises(FileNotFoundError, match="leave data_dir unset"):
        local.buckets.download("local-mode", "in/missing.tsv", str(tmp_path / "x"))
    assert sorted(os.listdir(tmp_path)) == ["back.tsv", "seq.tsv"]


def test_without_a_named_data_dir_the_client_uses_the_api(monkeypatch, tmp_path):
    assert Client("http://127.0.0.1:9", "a", "b").buckets.local is None
    monkeypatch.setenv("OPENCLUE_DATA_DIR", str(tmp_path))
    assert Client("http://127.0.0.1:9", "a", "b").buckets.local.data_dir == str(tmp_path)
