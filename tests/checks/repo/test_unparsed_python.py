"""A production Python file that is not valid Python 3 was never read, so no check may pass over it."""

from __future__ import annotations

from pathlib import Path

import pytest

from launchready import scan
from launchready.config import Config
from launchready.lab.gitrepo import Commit, build_repo
from launchready.model import Status

BROKEN = "from fastapi import FastAPI\napp = FastAPI()\n\n@app.post('/webhooks/stripe')\ndef hook(:\n    pass\n"
PYTHON_CHECKS = ("repo.cors-config", "repo.debug-mode", "repo.logging-hygiene", "repo.rate-limit-config",
                 "repo.tenant-scoping", "repo.tool-safety", "repo.webhook-verification", "repo.route-auth")


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Status, list[str], str]]:
    root = tmp_path_factory.mktemp("unparsed") / "repo"
    build_repo(root, [Commit("init", {"app/main.py": BROKEN, "app/ok.py": "x = 1\n",
                                      "app/api/__init__.py": "\ufeff# a UTF-8 byte-order mark, then a comment\n",
                                      "tests/test_broken.py": "def (:\n"})])
    card = scan(Config(path=root, only=PYTHON_CHECKS))
    return {r.check_id: (r.status, [e.location for e in r.evidence if e.status is Status.WARN], r.summary)
            for r in card.results}


@pytest.mark.parametrize("check_id", PYTHON_CHECKS)
def test_unparsable_production_file_turns_a_pass_into_a_warning_naming_it(
        check_id: str, results: dict[str, tuple[Status, list[str], str]]) -> None:
    status, warned, summary = results[check_id]
    assert status is Status.WARN, summary
    assert "app/main.py" in warned
    assert "tests/test_broken.py" not in warned  # test code is not production code
    assert "app/api/__init__.py" not in warned  # a byte-order mark is no syntax error: Python reads past it
    assert "1 Python file(s) could not be parsed and were not checked" in summary


def test_the_repository_is_parsed_once_for_every_check(tmp_path: Path) -> None:
    from launchready.engines.pysource import python_tree
    from launchready.targets.repo import RepoSnapshot

    root = tmp_path / "repo"
    build_repo(root, [Commit("init", {"a.py": "x = 1\n", "b.py": "def (:\n"})])
    repo = RepoSnapshot(root)
    first = python_tree(repo)
    assert python_tree(repo) is first
    assert set(first.modules) == {"a.py"} and first.unparsed == ("b.py",)


@pytest.fixture(scope="module")
def unread_results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Status, list[tuple[str, str]], str]]:
    root = tmp_path_factory.mktemp("unread") / "repo"
    build_repo(root, [Commit("init", {"app/routes.py": "x = 1\n", "app/ok.py": "x = 1\n", "tests/test_a.py": "x = 1\n"})])
    # A directory where git tracks a file: unreadable for root too (mode 000 is not, for root).
    for path in ("app/routes.py", "tests/test_a.py"):
        (root / path).unlink()
        (root / path).mkdir()
    card = scan(Config(path=root, only=PYTHON_CHECKS))
    return {r.check_id: (r.status, [(e.location, e.message) for e in r.evidence if e.status is Status.WARN],
                         r.summary) for r in card.results}


@pytest.mark.parametrize("check_id", PYTHON_CHECKS)
def test_an_unreadable_production_file_turns_a_pass_into_a_warning_naming_it(
        check_id: str, unread_results: dict[str, tuple[Status, list[tuple[str, str]], str]]) -> None:
    status, warned, summary = unread_results[check_id]
    assert status is Status.WARN, summary
    assert warned == [("app/routes.py", "not read: a directory in the working tree, where git tracks a file")]
    assert "1 Python file(s) could not be read" in summary
