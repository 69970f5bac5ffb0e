"""Pins for repo.dotenv-committed: a .env file staged but never committed is tracked with no history of its
own; it is judged on its working-tree text and named by its path alone. A .env whose content cannot be read warns."""

from __future__ import annotations

from pathlib import Path

from launchready import scan
from launchready.config import Config
from launchready.lab.gitrepo import Commit, build_repo, git
from launchready.model import Status
from tests.fixtures import GITIGNORE

STRIPE = "sk_live_" + "4eC39HqLyjWDarjtT1zdp7dc"


def test_a_staged_dotenv_with_a_key_fails_at_its_path(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    build_repo(root, [Commit("init", {"app.py": "x = 1\n", ".gitignore": GITIGNORE})])
    (root / ".env").write_text(f"STRIPE_SECRET_KEY={STRIPE}\n", encoding="utf-8")
    git(root, "add", "-f", ".env")
    result = scan(Config.model_validate({"path": root, "only": ("repo.dotenv-committed",)})).result(
        "repo.dotenv-committed")
    assert [(e.status, e.location) for e in result.evidence] == [(Status.FAIL, ".env")]
    assert result.evidence[0].message.startswith(".env is tracked in the current tree")
    assert "added in" not in result.evidence[0].message
    assert STRIPE not in " ".join(f"{e.message} {e.detail}" for e in result.evidence)


def test_a_tracked_dotenv_whose_content_cannot_be_read_is_a_warning_asking_to_open_it(tmp_path: Path) -> None:
    """Binary content: nothing to classify, so never a pass."""
    root = tmp_path / "repo"
    build_repo(root, [Commit("init", {"app.py": "x = 1\n", ".gitignore": GITIGNORE,
                                      ".env.production": b"\x00\x01\x02KEY=\xff\xfe\x00"})])
    result = scan(Config.model_validate({"path": root, "only": ("repo.dotenv-committed",)})).result(
        "repo.dotenv-committed")
    [item] = result.evidence
    assert item.status is Status.WARN and item.location.endswith(":.env.production")
    assert item.message.startswith(".env.production is tracked in the current tree; added in ")
    assert item.message.endswith("; its content could not be read (binary, too large or missing) — open it to "
                                 "confirm it holds no credential")
    assert item.detail == "Rotate every value in it, then `git rm --cached` it and ignore it."
    assert result.status is Status.WARN
