"""Literal defaults in shipped YAML settings files: ``server: {auth: {secret: "Basic …"}}`` at its line.

Read with YAML's composer (nodes and their lines, nothing constructed). A value is a literal default when it is a
non-empty string that names no environment variable (``${AUTH_SECRET}``) — or the default an environment
reference falls back to (``${AUTH_SECRET:Basic …}``). Test, docs, example, CI and compose files, and test profiles
(``settings-test.yaml``), are not read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import yaml

from launchready.checks.repo._lookalikes import is_fixture_path
from launchready.engines.pysource import is_dev_path
from launchready.targets.repo import RepoSnapshot

_MAX_BYTES = 256 * 1024
_NOT_SETTINGS = re.compile(r"(?:^|/)(?:\.github|\.gitlab|\.circleci|charts|helm|k8s|kubernetes)/|"
                           r"(?:^|/)(?:docker-)?compose[^/]*\.ya?ml$|(?:^|/)openapi[^/]*$|(?:^|/)\.pre-commit")
_TEST_PROFILE = re.compile(r"(?:^|[._-])(?:test|tests|testing|e2e|ci|mock)(?:[._-]|$)", re.IGNORECASE)
_KEYWORD = re.compile(r"(?i)key|secret|passw|token")
_ENV_REFERENCE = re.compile(r"^\$\{[^}:]*(?::-?(?P<default>[^}]*))?\}$")


@dataclass(frozen=True)
class DefaultSetting:
    """A secret-named setting with a literal default, where it is written."""

    name: str
    value: str
    path: str
    line: int
    chain: str = ""
    """For a settings file: the setting's dotted path (``server.auth.secret``); the code must read it by its last
    two parts (``….auth.secret``). Empty for a Python setting, read by its name alone."""
    env: bool = False
    """An env template's variable: the code reads it from the environment by its name as a string
    (``os.getenv("JWT_SECRET")``, ``config("JWT_SECRET")``)."""


def _literal(value: str) -> str:
    """The literal a setting defaults to ("" when it has none)."""
    value = value.strip()
    m = _ENV_REFERENCE.match(value)
    if m is not None:
        value = (m.group("default") or "").strip()
    if not value or value[0] in "${<%" or value.lower() in ("null", "none", "~"):
        return ""
    return value


def _walk(node: yaml.Node, chain: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], yaml.ScalarNode]]:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and isinstance(key.value, str):
                yield from _walk(value, (*chain, key.value))
    elif isinstance(node, yaml.ScalarNode) and chain:
        yield chain, node


def settings_file_defaults(repo: RepoSnapshot, credential: re.Pattern[str]) -> Iterator[DefaultSetting]:
    """Every credential-named setting (``credential`` matches its key) with a literal default, in shipped YAML."""
    for path in repo.tracked_files:
        if not path.endswith((".yaml", ".yml")) or _NOT_SETTINGS.search(path) or is_dev_path(path) \
                or is_fixture_path(path) or _TEST_PROFILE.search(path.rsplit("/", 1)[-1]):
            continue
        text = repo.read_text(path, max_bytes=_MAX_BYTES)
        if text is None or not _KEYWORD.search(text):
            continue
        try:
            root = yaml.compose(text, Loader=yaml.SafeLoader)
        except yaml.YAMLError:
            continue
        if root is None:
            continue
        for chain, node in _walk(root, ()):
            if len(chain) < 2 or not credential.search(chain[-1]) or node.tag != "tag:yaml.org,2002:str":
                continue
            value = _literal(str(node.value))
            if value:
                yield DefaultSetting(chain[-1], value, path, node.start_mark.line + 1, ".".join(chain))
