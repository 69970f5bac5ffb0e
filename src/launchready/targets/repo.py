"""RepoSnapshot: the product's repository as the repo checks see it.

Built once per scan and shared. Everything is read through ``git`` plumbing started by
:class:`~launchready.targets.safe_git.SafeGit`: read-only (``GIT_OPTIONAL_LOCKS=0``: no index
refresh, no gc) and deaf to every command the repository's own configuration names.
Expensive walks (the file list, the history of added and deleted paths) are computed on first
use and cached on the instance — never in module globals.
"""

from __future__ import annotations

import fnmatch
import os
import re
import stat
import subprocess
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TypeVar

from launchready.errors import TargetError
from launchready.targets.memo import Memo
from launchready.targets.safe_git import GIT_TIMEOUT_S, SafeGit, driver_overrides

MAX_FILE_BYTES = 2 * 1024 * 1024
"""Files larger than this are not read by line-oriented checks (the secrets engine streams)."""

T = TypeVar("T")
_DUBIOUS = re.compile(r"dubious ownership in repository at '([^'\n]+)'")


def _first_line(stderr: bytes, returncode: int) -> str:
    lines = stderr.decode("utf-8", "replace").strip().splitlines()
    return lines[0] if lines else f"exit {returncode}"


def _owner_note(path: str, *, accepted: bool = True) -> str:
    try:
        uid: int | str = os.stat(path).st_uid
    except OSError:
        uid = "unknown"
    if accepted:
        return (f"{path} is owned by another user (uid {uid}); git refuses it by default (safe.directory) — "
                "scanned anyway, with every command the repository's git configuration could run disabled")
    return f"owned by another user (uid {uid}); git refuses it — run as the owner or add it to safe.directory"


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
        self.safe_git = SafeGit(str(self.root))
        self.ownership_notes: tuple[str, ...] = ()
        """Set when git refused the repository's owner and the scan went on anyway (see safe_git)."""
        self._unread: dict[str, str] = {}
        self._unread_lock = threading.Lock()
        self._memo = Memo()
        self._verify()

    def memo(self, key: str, build: Callable[[], T]) -> T:
        """``build()`` once per snapshot and key, however many checks ask at the same moment.

        The one place expensive walks shared by several checks are kept (route inventory, parsed
        Python, secrets scans): on the snapshot, never in a module global."""
        return self._memo.get(key, build)

    # -- git plumbing -------------------------------------------------------------------------
    def git(self, *args: str, check: bool = True, timeout: float = GIT_TIMEOUT_S) -> bytes:
        """``git args`` in the repository, through :class:`SafeGit` (nothing the repository's
        configuration names is ever run); its standard output."""
        proc = self._run(*args, timeout=timeout)
        if check and proc.returncode != 0:
            raise TargetError(f"git {args[0]} failed in {self.root}: {_first_line(proc.stderr, proc.returncode)}")
        return proc.stdout

    def _run(self, *args: str, timeout: float = GIT_TIMEOUT_S) -> subprocess.CompletedProcess[bytes]:
        try:
            return self.safe_git.run(*args, timeout=timeout)
        except FileNotFoundError as exc:
            raise TargetError("git is not installed", hint="install git; launchready reads history with it") from exc
        except subprocess.TimeoutExpired as exc:
            raise TargetError(f"git {args[0]} took longer than {timeout:.0f}s in {self.root}") from exc

    def _verify(self) -> None:
        proc = self._accept_foreign_owner(self._run("rev-parse", "--show-toplevel", "--git-dir", timeout=30))
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
        top = Path(os.fsdecode(proc.stdout.splitlines()[0])).resolve()
        if top != self.root and top not in self.root.parents:
            # core.worktree in the repository's config points somewhere else: reading "tracked
            # files" there would read (and report) files outside what the user asked us to scan.
            raise TargetError(
                f"the git configuration of {self.root} puts its working tree elsewhere ({top})",
                hint="scan that directory itself, or remove core.worktree from the repository's config",
            )
        self.root = top
        self.safe_git = SafeGit(str(self.root), self.safe_git.safe_directories)
        drivers = self._run("config", "-z", "--get-regexp", r"^(filter|diff)\.", timeout=30)
        self.safe_git = self.safe_git.with_drivers(driver_overrides(drivers.stdout))
        # A repository whose objects are damaged still answers rev-parse; walking HEAD proves it.
        if self.head_resolves:
            probe = self._run("ls-tree", "-r", "--name-only", "HEAD")
            if probe.returncode != 0:
                raise TargetError(
                    f"corrupt git repository at {self.root}: {_first_line(probe.stderr, probe.returncode)}",
                    hint="run `git fsck` there, or scan a fresh clone",
                )

    def _accept_foreign_owner(self, proc: subprocess.CompletedProcess[bytes]) -> subprocess.CompletedProcess[bytes]:
        """git refuses a repository owned by another user; scan it anyway (see
        :mod:`launchready.targets.safe_git`: nothing its configuration names can run) and say so."""
        for _ in range(4):
            m = _DUBIOUS.search(proc.stderr.decode("utf-8", "surrogateescape"))
            if proc.returncode == 0 or m is None:
                return proc
            path = m.group(1)
            if path in self.safe_git.safe_directories:
                break
            self.safe_git = self.safe_git.with_safe_directory(path)
            self.ownership_notes += (_owner_note(path),)
            proc = self._run("rev-parse", "--show-toplevel", "--git-dir", timeout=30)
        m = _DUBIOUS.search(proc.stderr.decode("utf-8", "surrogateescape"))
        if proc.returncode != 0 and m is not None:
            raise TargetError(f"{m.group(1)} is {_owner_note(m.group(1), accepted=False)}",
                              hint="run the scan as the owner, or add it to safe.directory")
        return proc

    @cached_property
    def head_resolves(self) -> bool:
        """Does HEAD name a commit? (Not in an empty repository, nor when it points at a missing branch.)"""
        return self._run("rev-parse", "--verify", "-q", "HEAD", timeout=30).returncode == 0

    @cached_property
    def refs(self) -> tuple[str, ...]:
        """Every ref that resolves to an object (branches, tags, remotes, stash)."""
        out = self._run("for-each-ref", "--format=%(refname)", timeout=30).stdout
        return tuple(os.fsdecode(line) for line in out.splitlines() if line)

    @cached_property
    def has_commits(self) -> bool:
        """Is there any history to read: HEAD resolves, or some other ref does."""
        return self.head_resolves or bool(self.refs)

    @cached_property
    def head_problem(self) -> str:
        """Why HEAD does not resolve while other refs do ("" when HEAD is fine or there is no history):
        the history scan then reads every ref that resolves and says so."""
        if self.head_resolves or not self.refs:
            return ""
        target = self._run("symbolic-ref", "-q", "HEAD", timeout=30).stdout.strip()
        name = os.fsdecode(target) if target else "a commit"
        shown = ", ".join(self.refs[:5]) + (f" and {len(self.refs) - 5} more" if len(self.refs) > 5 else "")
        return f"HEAD points at {name}, which does not resolve; read every ref that does instead: {shown}"

    @cached_property
    def shallow_boundary(self) -> tuple[str, ...]:
        """The commits a shallow clone was cut at (``.git/shallow``); empty for a full clone."""
        out = self._run("rev-parse", "--is-shallow-repository", timeout=30).stdout.strip()
        if out != b"true":
            return ()
        path = self._run("rev-parse", "--git-path", "shallow", timeout=30).stdout.strip()
        shallow = Path(os.fsdecode(path))
        shallow = shallow if shallow.is_absolute() else self.root / shallow
        try:
            return tuple(line for line in shallow.read_text("ascii", "replace").split() if line) or ("?",)
        except OSError:
            return ("?",)

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

    def working_file(self, path: str) -> Path | None:
        """The working-tree file of tracked ``path`` when it is a regular file. ``None`` otherwise:
        silently for a file deleted from the working tree, a symlink or a submodule; recorded in
        :meth:`unread` when something stands there that cannot be read (a directory, a FIFO, a
        directory we may not enter)."""
        full = self.root / path
        try:
            st = full.lstat()
        except FileNotFoundError:
            return None
        except OSError as exc:  # a parent directory we may not enter, a path component that is a file
            self.record_unread(path, exc.strerror or str(exc))
            return None
        if stat.S_ISLNK(st.st_mode):
            return None
        if not stat.S_ISREG(st.st_mode):
            if stat.S_ISDIR(st.st_mode) and path in self.gitlinks:
                return None  # a submodule: its own repository, not a file of this one
            kind = "a directory" if stat.S_ISDIR(st.st_mode) else "not a regular file"
            self.record_unread(path, f"{kind} in the working tree, where git tracks a file")
            return None
        return full

    def read_text(self, path: str, *, max_bytes: int = MAX_FILE_BYTES) -> str | None:
        """A tracked file's text from the working tree; ``None`` if missing, a symlink, binary or too
        large — or unreadable, which is also recorded (:meth:`unread`) so a check can say what it
        did not read instead of passing over it."""
        full = self.working_file(path)
        if full is None:
            return None
        try:
            if full.stat().st_size > max_bytes:
                return None
            with full.open("rb") as fh:
                data = fh.read(max_bytes + 1)
        except OSError as exc:
            self.record_unread(path, exc.strerror or str(exc))
            return None
        if b"\0" in data[:8192]:
            return None
        return data.decode("utf-8-sig", "replace")  # a UTF-8 byte-order mark is no character of the text

    def record_unread(self, path: str, reason: str) -> None:
        """Note that tracked ``path`` could not be read, and why."""
        with self._unread_lock:
            self._unread[path] = reason

    def unread(self, paths: Sequence[str] | None = None) -> dict[str, str]:
        """Tracked files a read found unreadable, with why (of ``paths``, or all met so far)."""
        with self._unread_lock:
            found = dict(self._unread)
        return found if paths is None else {p: found[p] for p in paths if p in found}

    @cached_property
    def gitlinks(self) -> frozenset[str]:
        """Tracked paths that are submodules (mode 160000), not files."""
        out = self.git("ls-files", "-z", "--cached", "--stage")
        return frozenset(entry.split(b"\t", 1)[1].decode("utf-8", "surrogateescape")
                         for entry in out.split(b"\0") if entry.startswith(b"160000 "))

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
        return self._run("check-ignore", "-q", "--no-index", "--", path, timeout=30).returncode == 0

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
        return data.decode("utf-8-sig", "replace")  # a UTF-8 byte-order mark is no character of the text
