"""Where to connect and with which key: the CLI's configuration file and environment variables.

The file is ``~/.openclue/config`` (or ``OPENCLUE_CONFIG_FILE``), written by ``openclue configure``: INI sections
named after profiles, keys ``endpoint``, ``access_key``, ``secret_key``, ``data_dir``. The profile is
``OPENCLUE_PROFILE`` or ``default``. ``OPENCLUE_ENDPOINT``, ``OPENCLUE_ACCESS_KEY``, ``OPENCLUE_SECRET_KEY`` and
``OPENCLUE_DATA_DIR`` override the profile; arguments given to :class:`openclue.Client` override both. Without a
``data_dir`` from any of them, buckets go through the server's object endpoints (the CLI does the same).
"""

import configparser
import os
from dataclasses import dataclass
from typing import Optional

from .errors import ConfigurationError

DEFAULT_ENDPOINT = "http://127.0.0.1:5080"
DEFAULT_PROFILE = "default"


def config_file() -> str:
    return _env("OPENCLUE_CONFIG_FILE") or os.path.join(os.path.expanduser("~"), ".openclue", "config")


@dataclass(frozen=True)
class Settings:
    profile: str
    endpoint: str
    access_key: Optional[str]
    secret_key: Optional[str]
    data_dir: Optional[str]

    @staticmethod
    def resolve(endpoint=None, access_key=None, secret_key=None, profile=None, data_dir=None) -> "Settings":
        name = profile or _env("OPENCLUE_PROFILE") or DEFAULT_PROFILE
        values = _profile(name, required=profile is not None or _env("OPENCLUE_PROFILE") is not None)
        return Settings(
            profile=name,
            endpoint=endpoint or _env("OPENCLUE_ENDPOINT") or values.get("endpoint") or DEFAULT_ENDPOINT,
            access_key=access_key or _env("OPENCLUE_ACCESS_KEY") or values.get("access_key"),
            secret_key=secret_key or _env("OPENCLUE_SECRET_KEY") or values.get("secret_key"),
            data_dir=data_dir or _env("OPENCLUE_DATA_DIR") or values.get("data_dir"),
        )


def _profile(name: str, required: bool) -> dict:
    path = config_file()
    if not os.path.exists(path):
        if required and name != DEFAULT_PROFILE:
            raise ConfigurationError(
                f"There is no profile '{name}': {path} does not exist; create it with `openclue configure --profile {name}`.")
        return {}
    # The CLI's dialect: '#' and ';' comments, no interpolation, lines outside a section ignored.
    parser = configparser.ConfigParser(interpolation=None, comment_prefixes=("#", ";"), strict=False)
    with open(path, encoding="utf-8") as f:
        text = f.read()
    first_section = text.find("[")
    parser.read_string(text[first_section:] if first_section > 0 else text, source=path)
    if parser.has_section(name):
        return {key: value.strip() for key, value in parser.items(name) if value.strip()}
    if required and name != DEFAULT_PROFILE:
        raise ConfigurationError(
            f"There is no profile '{name}' in {path}; create it with `openclue configure --profile {name}`.")
    return {}


def _env(name: str) -> Optional[str]:
    value = os.environ.get(name)
    return value if value else None
