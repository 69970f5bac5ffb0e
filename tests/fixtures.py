"""Shared test helpers: the fixture type of the catalogue contract, and repo fixtures from recipes."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

from launchready.config import Config
from launchready.lab.gitrepo import Commit, build_repo

Fixture = Callable[[Path], AbstractContextManager[Config]]
"""Given a fresh temp dir, set up a target and yield a Config that scans it."""


def repo_fixture(
    check_id: str, commits: Sequence[Commit], *, worktree: Mapping[str, str] | None = None
) -> Fixture:
    @contextmanager
    def make(tmp: Path) -> Iterator[Config]:
        root = tmp / "repo"
        build_repo(root, commits, worktree=worktree)
        yield Config(path=root, only=(check_id,))

    return make


def files(**named: str) -> dict[str, str | bytes | None]:
    """``files(app_py="…")`` → ``{"app.py": "…"}``; double underscores become slashes."""
    return {k.replace("__", "/").replace("_py", ".py"): v for k, v in named.items()}


GITIGNORE = ".env\n.env.*\n!.env.example\n__pycache__/\n"
