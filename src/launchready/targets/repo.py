"""RepoSnapshot: the product's repository as the repo checks see it.

Built once per scan and shared. Everything is read through ``git`` plumbing with
``GIT_OPTIONAL_LOCKS=0`` so a scan never writes to the repository (no index refresh, no gc).
Expensive walks (the file list, the history of added and deleted paths) are computed on first
use and cached on the instance — never in module globals.
"""

from __future__ import annotations

import fnmatch
import os
import subprocess
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar

from launchready.errors import TargetError

MAX_FILE_BYTES = 2 * 1024 * 1024
"""Files larger than this are not read by line-oriented checks (the secrets engine streams)."""

GIT_TIMEOUT_S = 120.0
T = TypeVar("T")


@dataclass(frozen=True)
class PathEvent:
    """A path added (``A``) or deleted (``D``) by a commit."""

    commit: str
    date: str
    author: str
    action: str
    path: str

    @property
    def short(self) -> str:
        return self.commit[:10]


@dataclass(frozen=True)
class TextFile:
    path: str
    text: str

    def lines(self) -> list[str]:
        return self.text.splitlines()


class RepoSnapshot:
    """A read-only view of one git repository (working tree of tracked files + full history)."""

    def __init__(self, root: Path, *, exclude: Sequence[str] = ()) -> None:
        root = root.expanduser()
        if not root.exists():
            raise TargetError(f"path does not exist: {root}", hint="pass the product's repository directory")
        if not root.is_dir():
            raise TargetError(f"not a directory: {root}", hint="pass the repository's top directory")
        self.root = root.resolve()
        self.exclude = tuple(exclude)
        self._memo: dict[str, Any] = {}
        self._memo_locks: dict[str, threading.Lock] = {}
        self._memo_lock = threading.Lock()
        self._verify()

    def memo(self, key: str, build: Callable[[], T]) -> T:
        """``build()`` once per snapshot and key, however many checks ask at the same moment.

        The one place expensive walks shared by several checks are kept (route inventory, parsed
        Python, secrets scans): on the snapshot, never in a module global."""
        with self._memo_lock:
            lock = self._memo_locks.setdefault(key, threading.Lock())
        with lock:
            if key not in self._memo:
                self._memo[key] = build()
            value: T = self._memo[key]
            return value

    # -- git plumbing -------------------------------------------------------------------------
    def git(self, *args: str, check: bool = True, timeout: float = GIT_TIMEOUT_S) -> bytes:
        env = {**os.environ, "GIT_OPTIONAL_LOCKS": "0", "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
        try:
            proc = subprocess.run(
                ["git", "-C", str(self.root), "-c", "core.quotepath=off", *args],
                capture_output=True,
                env=env,
                timeout=timeout,
                check=False,
            )
        except FileNotFoundError as exc:
            raise TargetError("git is not installed", hint="install git; launchready reads history with it") from exc
        except subprocess.TimeoutExpired as exc:
            raise TargetError(f"git {args[0]} took longer than {timeout:.0f}s in {self.root}") from exc
        if check and proc.returncode != 0:
            message = proc.stderr.decode("utf-8", "replace").strip().splitlines()
            first = message[0] if message else f"exit {proc.returncode}"
            raise TargetError(f"git {args[0]} failed in {self.root}: {first}")
        return proc.stdout

    def _verify(self) -> None:
        env = {**os.environ, "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"}
        proc = subprocess.run(
            ["git", "-C", str(self.root), "rev-parse", "--show-toplevel", "--git-dir"],
            capture_output=True,
            env=env,
            timeout=30,
            check=False,
        )
        err = proc.stderr.decode("utf-8", "replace").strip()
        if proc.returncode != 0:
            if "not a git repository" in err and not (self.root / ".git").exists():
                raise TargetError(
                    f"not a git repository: {self.root}",
                    hint="launchready reads tracked files and history; run it on a clone, or `git init` first",
                )
            reason = err.splitlines()[0] if err else f"git exit {proc.returncode}"
            raise TargetError(
                f"corrupt git repository at {self.root}: {reason}",
                hint="run `git fsck` there, or scan a fresh clone",
            )
        top = Path(proc.stdout.decode().splitlines()[0])
        if top.resolve() != self.root:
            self.root = top.resolve()
        # A repository whose objects are damaged still answers rev-parse; walking HEAD proves it.
        if self.has_commits:
            probe = subprocess.run(
                ["git", "-C", str(self.root), "ls-tree", "-r", "--name-only", "HEAD"],
                capture_output=True,
                env=env,
                timeout=GIT_TIMEOUT_S,
                check=False,
            )
            if probe.returncode != 0:
                first = probe.stderr.decode("utf-8", "replace").strip().splitlines()
                raise TargetError(
                    f"corrupt git repository at {self.root}: {first[0] if first else 'cannot read HEAD'}",
                    hint="run `git fsck` there, or scan a fresh clone",
                )

    @cached_property
    def has_commits(self) -> bool:
        proc = subprocess.run(
            ["git", "-C", str(self.root), "rev-parse", "--verify", "-q", "HEAD"],
            capture_output=True,
            env={**os.environ, "GIT_OPTIONAL_LOCKS": "0"},
            timeout=30,
            check=False,
        )
        return proc.returncode == 0

    # -- the working tree ---------------------------------------------------------------------
    def is_excluded(self, path: str) -> bool:
        return any(fnmatch.fnmatch(path, pat) or path.startswith(pat.rstrip("*").rstrip("/") + "/")
                   for pat in self.exclude if pat)

    @cached_property
    def tracked_files(self) -> tuple[str, ...]:
        """Paths tracked in the index (what a clone would contain), minus configured exclusions."""
        out = self.git("ls-files", "-z", "--cached")
        paths = [p for p in out.decode("utf-8", "surrogateescape").split("\0") if p]
        return tuple(p for p in paths if not self.is_excluded(p))

    def read_text(self, path: str, *, max_bytes: int = MAX_FILE_BYTES) -> str | None:
        """A tracked file's text from the working tree; ``None`` if missing, binary or too large."""
        full = self.root / path
        try:
            if not full.is_file() or full.is_symlink():
                return None
            if full.stat().st_size > max_bytes:
                return None
            data = full.read_bytes()
        except OSError:
            return None
        if b"\0" in data[:8192]:
            return None
        return data.decode("utf-8", "replace")

    def text_files(self, suffixes: Sequence[str] = (), names: Sequence[str] = ()) -> Iterator[TextFile]:
        """Tracked text files whose name ends with one of ``suffixes`` or equals one of ``names``."""
        for path in self.tracked_files:
            base = path.rsplit("/", 1)[-1]
            if (suffixes or names) and not (base in names or any(base.endswith(s) for s in suffixes)):
                continue
            text = self.read_text(path)
            if text is not None:
                yield TextFile(path, text)

    def is_ignored(self, path: str) -> bool:
        """Would git ignore ``path`` (per .gitignore / info/exclude), whether or not it exists."""
        proc = subprocess.run(
            ["git", "-C", str(self.root), "check-ignore", "-q", "--no-index", path],
            capture_output=True,
            env={**os.environ, "GIT_OPTIONAL_LOCKS": "0"},
            timeout=30,
            check=False,
        )
        return proc.returncode == 0

    # -- history ------------------------------------------------------------------------------
    @cached_property
    def path_events(self) -> tuple[PathEvent, ...]:
        """Every add and delete of a path in every commit reachable from any ref, oldest first."""
        if not self.has_commits:
            return ()
        out = self.git(
            "log", "--all", "--reverse", "--no-renames", "--diff-filter=AD", "--name-status",
            "--format=%x01%H%x1f%aI%x1f%an",
        ).decode("utf-8", "surrogateescape")
        events: list[PathEvent] = []
        commit = date = author = ""
        for line in out.splitlines():
            if line.startswith("\x01"):
                commit, date, author = line[1:].split("\x1f", 2)
            elif "\t" in line:
                action, path = line.split("\t", 1)
                if not self.is_excluded(path):
                    events.append(PathEvent(commit, date, author, action[:1], path))
        return tuple(events)

    def show(self, commit: str, path: str, *, max_bytes: int = MAX_FILE_BYTES) -> str | None:
        """A file's text as of ``commit``; ``None`` when absent, binary or too large."""
        spec = f"{commit}:{path}"
        size = self.git("cat-file", "-s", spec, check=False).strip()
        if not size.isdigit() or int(size) > max_bytes:
            return None
        data = self.git("cat-file", "blob", spec, check=False)
        if b"\0" in data[:8192]:
            return None
        return data.decode("utf-8", "replace")
