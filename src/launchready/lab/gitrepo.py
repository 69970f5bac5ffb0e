"""Build real git repositories from a recipe: a list of commits, each a mapping of path → content.

Used by the demo and by every repo-check test. Identity and dates are fixed so the history is
reproducible, and the user's git configuration is ignored so a developer's hooks or signing
settings never leak into a test.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Commit:
    """One commit: ``files`` maps a path to its new content, or to ``None`` to delete it."""

    message: str
    files: Mapping[str, str | bytes | None] = field(default_factory=dict)
    author: str = "Dev Example"
    email: str = "dev@example.test"
    date: str = "2026-01-01T12:00:00+00:00"
    branch: str | None = None
    """Commit on this branch (created from the current HEAD when new); ``None``: the current one."""


def _env(commit: Commit | None = None) -> dict[str, str]:
    env = {
        **os.environ,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_TERMINAL_PROMPT": "0",
        "LC_ALL": "C",
    }
    if commit is not None:
        env |= {
            "GIT_AUTHOR_NAME": commit.author,
            "GIT_AUTHOR_EMAIL": commit.email,
            "GIT_AUTHOR_DATE": commit.date,
            "GIT_COMMITTER_NAME": commit.author,
            "GIT_COMMITTER_EMAIL": commit.email,
            "GIT_COMMITTER_DATE": commit.date,
        }
    return env


def git(root: Path, *args: str, commit: Commit | None = None) -> str:
    proc = subprocess.run(
        ["git", "-C", str(root), *args], capture_output=True, env=_env(commit), check=True, timeout=60
    )
    return proc.stdout.decode("utf-8", "replace").strip()


def build_repo(root: Path, commits: Sequence[Commit], *, worktree: Mapping[str, str] | None = None) -> list[str]:
    """Create ``root`` as a git repository holding ``commits``; return their ids, oldest first.

    ``worktree`` writes untracked files afterwards (build output a ``.gitignore`` hides, say).
    """
    root.mkdir(parents=True, exist_ok=True)
    git(root, "init", "-q", "-b", "main")
    ids: list[str] = []
    for c in commits:
        if c.branch is not None:
            branches = git(root, "branch", "--list", c.branch)
            git(root, "checkout", "-q", *(() if branches else ("-b",)), c.branch)
        for path, content in c.files.items():
            target = root / path
            if content is None:
                git(root, "rm", "-q", "--cached", "--ignore-unmatch", path)
                if target.exists():
                    target.unlink()
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                target.write_bytes(content)
            else:
                target.write_text(content, encoding="utf-8")
            git(root, "add", "-f", path)
        git(root, "commit", "-q", "--allow-empty", "-m", c.message, commit=c)
        ids.append(git(root, "rev-parse", "HEAD"))
    for path, content in (worktree or {}).items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")
    return ids
