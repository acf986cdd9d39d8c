"""Profiles (custom attributes, shopping intents), NSML and job progress against a real server."""

import os
import sys

import pytest

from conftest import write_dataset
from openclue import (ConflictError, CustomAttributes, DuplicateNameError, InvalidRequestError, JobFailedError,
                      NotFoundError, Page, Project, Run, ShoppingIntent)


@pytest.fixture(scope="module")
def trained(server, tmp_path_factory):
    """A completed feature set and task to profile."""
    from conftest import ACCESS_KEY, SECRET_KEY
    from openclue import Client
    client = Client(server.endpoint, ACCESS_KEY, SECRET_KEY)
    folder = tmp_path_factory.mktemp("profiles")
    write_dataset(str(folder), users=600, seed=3)
    client.buckets.upload(str(folder / "seq.tsv"), "profiles", "in/seq.tsv")
    client.buckets.upload(str(folder / "train.tsv"), "profiles", "in/labels.tsv")
    feature = client.features.create("profiles-feature", "profiles", "in/seq.tsv").wait()
    task = client.tasks.create("profiles-task", feature.id, "profiles", "in/labels.tsv").wait()
    return feature, task


def test_custom_attributes_score_every_user_and_load_into_a_dataframe(client, trained):
    feature, _ = trained
    created = client.custom_attributes.create("protein-fans", feature.id, ["protein powder", "buy"], "profiles",
                                              "attributes/")
    assert isinstance(created, CustomAttributes) and created.keywords == ["protein powder", "buy"]
    seen = []
    profile = created.wait(progress=lambda p: seen.append((p.status, p.progress)))
    assert profile.status == "completed" and profile.line_count == 600 and profile.progress == 100
    assert seen[-1] == ("completed", 100)
    assert profile.result_file_path.startswith("attributes/")

    pandas = pytest.importorskip("pandas")
    frame = profile.to_pandas()
    assert isinstance(frame, pandas.DataFrame) and list(frame.columns) == ["user_id", "similarity"]
    assert len(frame) == 600 and frame["user_id"].is_unique

    assert client.custom_attributes.get(profile.id).keyword_set == "protein powder,buy"
    assert [p.id for p in client.custom_attributes.iter(page_size=1)] == [profile.id]
    # The keywords may also come as one string, split on commas and new lines.
    same = client.custom_attributes.create("protein-fans-2", feature.id, "protein powder,\nbuy", "profiles", "attributes/")
    assert same.keywords == ["protein powder", "buy"]
    same.wait()
    same.delete()
    with pytest.raises(NotFoundError):
        client.custom_attributes.get(same.id)
    with pytest.raises(DuplicateNameError):
        client.custom_attributes.create("protein-fans", feature.id, ["x"], "profiles", "attributes/")


def test_shopping_intents_profile_a_task_and_download_its_table(client, trained, tmp_path):
    _, task = trained
    profile = client.shopping_intents.create("protein-intents", task.id).wait()
    assert isinstance(profile, ShoppingIntent) and profile.status == "completed" and profile.task_id == task.id

    saved = profile.download(str(tmp_path))
    assert saved == os.path.join(str(tmp_path), f"{profile.id}.tsv")
    with open(saved) as f:
        assert f.readline() == "kind\tname\tshare\tlift\n"

    pytest.importorskip("pandas")
    frame = profile.to_pandas()
    assert list(frame.columns) == ["kind", "name", "share", "lift"] and len(frame) > 0
    assert any("protein" in name for name in frame["name"])

    page = client.shopping_intents.list(limit=5)
    assert isinstance(page, Page) and page.total == 1 and page[0].id == profile.id
    with pytest.raises(NotFoundError) as missing:
        client.shopping_intents.download_bytes("00000000-0000-0000-0000-000000000000")
    assert missing.value.code == "10110"


def test_wait_passes_the_percent_read_to_the_progress_callback(server, client):
    with open(os.path.join(server.bucket("progress"), "seq.tsv"), "w") as f:
        f.writelines(f"u{i}\tclick: a->click: b{i % 97}->buy: c{i % 13}\n" for i in range(300_000))
    seen = []
    feature = client.features.create("progress-feature", "progress", "seq.tsv").wait(
        progress=lambda f: seen.append((f.status, f.progress, f.progress_detail)), poll_interval=0.05)
    assert feature.status == "completed" and feature.progress == 100 and feature.progress_detail is None
    running = [(p, d) for s, p, d in seen if s == "in_progress" and p is not None]
    assert running, seen
    assert all(0 <= p < 100 and d.endswith(" MB read") for p, d in running)
    assert [p for p, _ in running] == sorted(p for p, _ in running)


def test_an_nsml_project_runs_a_command_on_two_nodes_and_its_log_follows(client):
    products = client.nsml.products()
    train = next(p for p in products if p.use_type == "TRAIN" or 2 in p.node_counts)
    project = client.nsml.projects.create("py-sdk-demo")
    assert isinstance(project, Project) and project.name == "py-sdk-demo" and len(project.id) == 20
    assert client.nsml.projects.find("py-sdk-demo").id == project.id
    assert project.workspace()["nasVolumeSize"] == 500

    run = project.create_run("echo rank $RANK of $WORLD_SIZE", gpu_svr_code=train.gpu_svr_code, node_count=2,
                             envs={"LR": "0.01"})
    assert isinstance(run, Run) and run.run_name == "1" and run.envs == {"LR": "0.01"}
    written = []
    ended = run.follow(write=written.append, poll_interval=0.2)
    assert ended.status == "RUN_STATE_COMPLETED"
    log = "".join(written)
    assert "rank 0 of 2" in log and "rank 1 of 2" in log
    assert sorted(n.rank for n in run.nodes()) == [0, 1] and all(n.exit_code == 0 for n in run.nodes())
    assert run.logs().text == log

    failing = project.create_run("exit 3", gpu_svr_code=train.gpu_svr_code)
    with pytest.raises(JobFailedError) as failed:
        failing.wait(poll_interval=0.2)
    assert failed.value.fail_message == "RUN_STATE_FAILED" and failed.value.fail_details
    assert failing.wait(raise_on_failure=False, poll_interval=0.2).status == "RUN_STATE_FAILED"

    page = client.nsml.runs.list(page=1, page_size=1, project_id=project.id)
    assert isinstance(page, Page) and page.total == 2 and len(page) == 1
    assert sorted(r.run_name for r in client.nsml.runs.iter(page_size=1, project_id=project.id)) == ["1", "2"]
    assert [r.run_name for r in project.runs()] == ["2", "1"]
    failed_only = client.nsml.runs.list(project_id=project.id, status="RUN_STATE_FAILED")
    assert [r.run_name for r in failed_only] == ["2"] and failed_only.total == 1

    sleeper = project.create_run("sleep 60", gpu_svr_code=train.gpu_svr_code)
    with pytest.raises(ConflictError) as refused:  # NSML's 406: a running run cannot be deleted
        project.delete()
    assert (refused.value.status, refused.value.code) == (406, "20113")
    sleeper.stop()
    assert sleeper.wait(poll_interval=0.2, raise_on_failure=False).status == "RUN_STATE_STOPPED"


def test_nsml_errors_carry_nsml_codes(client):
    with pytest.raises(NotFoundError) as missing:
        client.nsml.projects.get("a" * 20)
    assert (missing.value.status, missing.value.code, missing.value.message) == (404, "20110", "NOT_FOUND")
    client.nsml.projects.create("py-sdk-twice")
    with pytest.raises(DuplicateNameError) as duplicate:
        client.nsml.projects.create("py-sdk-twice")
    assert (duplicate.value.status, duplicate.value.code) == (400, "20112")
    with pytest.raises(InvalidRequestError) as invalid:
        client.nsml.projects.create("-bad-name")
    assert invalid.value.code == "20111" and invalid.value.request_id
