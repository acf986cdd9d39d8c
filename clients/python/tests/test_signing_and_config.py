"""Signature v2 against the known answers the .NET client is tested with; configuration shared with the CLI."""

import os

import pytest

from openclue import Client, ConfigurationError, sign
from openclue._transport import api_root

AK, SK, TS = "ncp_iam_BPAMKR1234567890", "ncp_iam_BPKMKR-test-secret-0123456789", "1700000000123"


@pytest.mark.parametrize("method,target,signature", [
    ("GET", "/api/v1/features?index=0&limit=20", "RJqkzbC8G5UBqCEDITQALMFjqZSLwZ5OpCZRNJznDm4="),
    ("GET", "/api/v1/features/%EC%B9%B4", "B+dPOMHIXFZunKOrq2Tbzvb0vn/5Hw/OMQTUV8cC4g4="),
    ("POST", "/api/v1/jobs", "LNFU1IuUONTbxzmWlVYmEfp4cvLzruqGzEyZs/6I5RI="),
    ("GET", "/api/v1/task-runs?index=20&limit=100&name=a%2Bb%26c", "D/300Ab0wAXSEt6a+pmke4oMMUfVPzZP2ogw/L3HThU="),
])
def test_signature_matches_the_known_answers(method, target, signature):
    assert sign(method, target, TS, AK, SK) == signature


def test_api_root_drops_a_pasted_api_v1_suffix():
    assert api_root("https://nclue.apigw.ntruss.com/api/v1/") == "https://nclue.apigw.ntruss.com"
    assert api_root("http://h:1/prefix") == "http://h:1/prefix"
    with pytest.raises(ConfigurationError):
        api_root("ftp://h")


def write_config(text):
    path = os.environ["OPENCLUE_CONFIG_FILE"]
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def test_the_profile_of_the_cli_config_file_is_used_and_environment_variables_override_it(monkeypatch):
    write_config("# written by openclue configure\n[default]\nendpoint = http://a:1\naccess_key = AK1\n"
                 "secret_key = SK1\n\n[staging]\n; staging keys\nendpoint = http://b:2\naccess_key = AK2\nsecret_key = SK2\n")
    assert (Client().endpoint, Client().settings.access_key) == ("http://a:1", "AK1")
    monkeypatch.setenv("OPENCLUE_PROFILE", "staging")
    assert Client().settings.access_key == "AK2"
    monkeypatch.setenv("OPENCLUE_ENDPOINT", "http://c:3")
    assert Client().endpoint == "http://c:3"
    assert Client("http://d:4").endpoint == "http://d:4"
    assert Client(profile="default").settings.secret_key == "SK1"


def test_an_unknown_profile_says_how_to_create_it(monkeypatch):
    write_config("[default]\naccess_key = x\n")
    monkeypatch.setenv("OPENCLUE_PROFILE", "prod")
    with pytest.raises(ConfigurationError, match="openclue configure --profile prod"):
        Client()


def test_no_key_at_all_says_where_keys_come_from():
    with pytest.raises(ConfigurationError, match="OPENCLUE_ACCESS_KEY"):
        Client("http://127.0.0.1:1").features.list()
