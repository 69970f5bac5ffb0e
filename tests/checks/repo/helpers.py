"""Run one repo check on a repository built from a recipe."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from launchready import scan
from launchready.config import Config
from launchready.lab.gitrepo import Commit, build_repo
from launchready.model import Result


def run_check(tmp: Path, check_id: str, commits: Sequence[Commit], *, worktree: Mapping[str, str] | None = None,
              **config: object) -> tuple[Result, list[str]]:
    root = tmp / "repo"
    ids = build_repo(root, commits, worktree=worktree)
    card = scan(Config.model_validate({"path": root, "only": (check_id,), **config}))
    return card.result(check_id), ids


def locations(result: Result, status: str | None = None) -> list[str]:
    return [e.location for e in result.evidence if status is None or e.status.value == status]


# A project that signs users in with a session cookie (so `*` with credentials lets any site read as the user):
# added to CORS fixtures whose subject is the CORS setup, not whether the project has an ambient credential.
SIGNED_IN = {"web/session.py": "from starlette.middleware.sessions import SessionMiddleware\n"}
