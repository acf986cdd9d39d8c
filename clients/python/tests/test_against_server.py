"""The SDK against a real server: the data scientist's flow, paging, errors, waiting."""

import os

import pytest

from conftest import ACCESS_KEY, write_dataset
from openclue import (AuthenticationError, Client, DuplicateNameError, Feature, InvalidRequestError,
                      JobFailedError, NotFoundError, Page, Report, ServerUnreachableError, Task, TaskRun,
                      WaitTimeoutError)


def test_upload_build_train_report_score_and_load_the_scores(server, client, tmp_path):
    write_dataset(str(tmp_path), users=600)
    assert client.buckets.upload(str(tmp_path / "seq.tsv"), "flow", "in/") == "in/seq.tsv"
    client.buckets.upload(str(tmp_path / "train.tsv"), "flow", "in/labels.tsv")

    seen = []
    feature = client.features.create("flow-feature", "flow", "in/seq.tsv").wait(progress=lambda f: seen.append(f.status))
    assert isinstance(feature, Feature)
    assert (feature.status, feature.user_count) == ("completed", 600)
    assert seen[-1] == "completed" and all(isinstance(s, str) for s in seen)

    task = client.tasks.create("flow-task", feature.id, "flow", "in/labels.tsv").wait()
    assert isinstance(task, Task) and task.status == "completed"
    assert 0.6 < task.auroc <= 1.0

    report = task.report()
    assert isinstance(report, Report)
    assert report.auroc == pytest.approx(task.auroc, abs=1e-9)
    assert report.roc and all(0 <= p.fpr <= 1 and 0 <= p.tpr <= 1 for p in report.roc)
    assert any("protein" in t.name for t in report.top_positive)

    run = client.task_runs.create("flow-run", task.id, feature.id, "flow", "scores/").wait()
    assert isinstance(run, TaskRun) and run.status == "completed" and run.line_count == 600
    assert run.result_file_path.startswith("scores/nclue_")

    # Through the object endpoints (the client has no data folder): the bytes the job wrote, saved whole.
    assert client.buckets.local is None
    saved = run.download_result(str(tmp_path / "out"))  # not a folder: the file's name
    with open(saved, "rb") as got, open(os.path.join(server.data_dir, "buckets", "flow", run.result_file_path), "rb") as wrote:
        assert got.read() == wrote.read()
    with run.open_result() as f:
        assert sum(1 for _ in f) == 600
    assert sorted(os.listdir(tmp_path)) == ["out", "seq.tsv", "train.tsv"]

    pandas = pytest.importorskip("pandas")
    scores = run.to_pandas()
    assert list(scores.columns) == ["user_id", "score"] and len(scores) == 600
    assert scores["score"].between(0, 1).all() and set(scores["user_id"]) == {f"u{i}" for i in range(600)}
    roc = report.to_pandas()
    assert list(roc.columns) == ["fpr", "tpr", "threshold"] and len(roc) == len(report.roc)
    terms = report.terms_to_pandas()
    assert set(terms["label"]) <= {0, 1} and len(terms) == len(report.top_positive) + len(report.top_negative)
    assert isinstance(scores, pandas.DataFrame)


def test_paging_iterates_every_item_and_list_returns_one_page(server, client):
    folder = server.bucket("paging")
    with open(os.path.join(folder, "seq.tsv"), "w") as f:
        f.writelines(f"u{i}\tclick: a->click: b{i % 3}\n" for i in range(120))
    names = [f"paging-{i}" for i in range(7)]
    for name in names:
        client.features.create(name, "paging", "seq.tsv")
    page = client.features.list(limit=3)
    assert isinstance(page, Page) and len(page) == 3 and page.total >= 7 and page.limit == 3
    assert [f.name for f in page] == list(reversed(names))[:3]  # newest first
    every = [f.name for f in client.features.iter(page_size=2)]
    assert every[:7] == list(reversed(names)) and len(every) == page.total
    assert [f.name for f in client.features][:7] == list(reversed(names))


def test_errors_carry_the_nclue_code_and_the_request_id(server, client):
    with pytest.raises(NotFoundError) as missing:
        client.tasks.get("00000000-0000-0000-0000-000000000000")
    assert (missing.value.status, missing.value.code, missing.value.message) == (404, "10110", "NOT_FOUND")
    assert missing.value.request_id and missing.value.request_id in str(missing.value)

    with pytest.raises(InvalidRequestError) as invalid:
        client.features.list(limit=1000)
    assert invalid.value.code == "10111" and invalid.value.details

    server.bucket("dup")
    with open(os.path.join(server.bucket("dup"), "seq.tsv"), "w") as f:
        f.write("u1\tclick: a\n")
    client.features.create("dup-name", "dup", "seq.tsv")
    with pytest.raises(DuplicateNameError) as duplicate:  # not after a retry: a real duplicate
        client.features.create("dup-name", "dup", "seq.tsv")
    assert duplicate.value.code == "10102"

    with pytest.raises(AuthenticationError) as denied:
        Client(server.endpoint, ACCESS_KEY, "wrong-secret").features.list()
    assert denied.value.code == "10100"


def test_a_failed_job_raises_with_its_fail_message_unless_asked_not_to(server, client):
    with open(os.path.join(server.bucket("broken"), "bad.tsv"), "w") as f:
        f.write("a line without any tab\n")
    feature = client.features.create("broken-feature", "broken", "bad.tsv")
    with pytest.raises(JobFailedError) as failed:
        feature.wait()
    assert failed.value.fail_message == "UNEXPECTED_TXT_FORMAT"
    assert failed.value.resource.status == "failed"
    assert "UNEXPECTED_TXT_FORMAT" in str(failed.value)
    assert failed.value.fail_details == \
        "No tab between user id and sequence in 'a line without any tab' (broken/bad.tsv, line 1)."
    assert failed.value.fail_details in str(failed.value)
    final = feature.wait(raise_on_failure=False)
    assert final.status == "failed" and final.fail_message == "UNEXPECTED_TXT_FORMAT"


def test_wait_with_a_timeout_says_the_job_keeps_running(server, client):
    with open(os.path.join(server.bucket("slow"), "seq.tsv"), "w") as f:
        f.writelines(f"u{i}\tclick: a->click: b{i % 97}->buy: c{i % 13}\n" for i in range(200_000))
    feature = client.features.create("slow-feature", "slow", "seq.tsv")
    with pytest.raises(WaitTimeoutError, match="keeps running"):
        feature.wait(timeout=0.2, poll_interval=0.1)
    assert feature.wait().status == "completed"


def test_models_get_and_set_default(server, client):
    models = list(client.models)
    assert any(m.built_in for m in models)
    built_in = next(m for m in models if m.built_in)
    assert client.models.get(built_in.name).name == built_in.name
    assert client.models.set_default(built_in.name).default is True


def test_a_server_that_is_down_names_the_endpoint():
    with pytest.raises(ServerUnreachableError, match=r"http://127\.0\.0\.1:9 \(connection refused\)"):
        Client("http://127.0.0.1:9", "a", "b", retries=2).features.list()
