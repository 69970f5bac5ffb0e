"""Run one of the static route-based checks on a repository built from files, through the public
``scan()`` with an explicit catalogue (so the tests do not depend on registration)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from launchready import scan
from launchready.catalog import Catalog
from launchready.config import Config
from launchready.demo import build_example_repo
from launchready.lab.gitrepo import Commit, build_repo
from launchready.model import Check, Result, Status


def run_static(tmp: Path, check: Check, files: Mapping[str, str | bytes | None], **config: object) -> Result:
    root = tmp / "repo"
    build_repo(root, [Commit("init", files)])
    card = scan(Config.model_validate({"path": root, "only": (check.meta.id,), **config}),
                catalog=Catalog((check,)))
    return card.result(check.meta.id)


def run_example(tmp: Path, check: Check, name: str) -> Result:
    root = tmp / name
    build_example_repo(name, root)
    card = scan(Config(path=root, only=(check.meta.id,)), catalog=Catalog((check,)))
    return card.result(check.meta.id)


def at(result: Result, status: Status) -> list[str]:
    return [e.location for e in result.evidence if e.status is status]


def messages(result: Result, status: Status) -> list[str]:
    return [e.message for e in result.evidence if e.status is status]
