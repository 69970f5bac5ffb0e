"""Repositories built to attack or mislead a scanner: the untrusted checkouts launchready must survive.

Each builder makes one real git repository in a directory (with :mod:`launchready.lab.gitrepo`) and
returns a :class:`HostileRepo`: where it is, the marker files its planted commands would write if
git ever ran them, and the planted key a complete scan must report. Two kinds of hostility:

* **commands** — configuration that makes git run a program: ``core.fsmonitor``, ``core.hooksPath``
  with executable hooks, a clean/smudge/process filter with ``.gitattributes``, ``diff.external`` and
  a textconv driver, ``log.showSignature`` + ``gpg.program`` over a signed commit, ``core.sshCommand``
  for a promisor remote, and an ``include.path`` file setting ``core.fsmonitor``. Each command writes
  its own marker, so a test can name the one that ran.
* **gaps** — history or files a scan cannot read: a shallow clone, a missing object, HEAD pointing at
  a missing branch, unreadable files, a blob over the size cap; and names built to break output:
  non-UTF-8 bytes, terminal escape sequences (SGR colour, OSC 8 hyperlinks).

Keys are made at run time from a seed (never committed), shaped like a Stripe live secret key.
"""

from __future__ import annotations

import os
import random
import shlex
import stat
import string
from dataclasses import dataclass, field
from pathlib import Path

from launchready.lab.gitrepo import Commit, build_repo, git

HOOKS = ("pre-commit", "post-commit", "post-checkout", "post-merge", "post-rewrite", "pre-push",
         "reference-transaction", "post-index-change", "pre-auto-gc", "fsmonitor-watchman", "push-to-checkout")
"""Hook names a git command might run; every one is planted, executable, writing a marker."""

COMMAND_KEYS = ("core.fsmonitor", "hook", "filter.clean", "filter.smudge", "filter.process", "diff.external",
                "diff.textconv", "diff.command", "gpg.program", "core.sshCommand", "core.pager", "core.editor")
"""Marker names of :func:`command_configs` (one per planted command)."""


def fake_stripe_key(rng: random.Random) -> str:
    """A Stripe-shaped live secret key that no Stripe account has."""
    return "sk_live_" + "51" + "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(40))


@dataclass(frozen=True)
class HostileRepo:
    root: Path
    markers: Path
    """Directory the planted commands write to; it must stay empty after a scan."""
    key: str = ""
    """The planted credential ("" when the case plants none)."""
    commits: tuple[str, ...] = ()
    notes: dict[str, str] = field(default_factory=dict)
    """Case-specific facts a test asserts on (a missing object's id, a file's name …)."""

    def markers_written(self) -> list[str]:
        return sorted(p.name for p in self.markers.iterdir()) if self.markers.exists() else []


def _marker_script(bin_dir: Path, markers: Path, name: str, *, passthrough: bool = False) -> Path:
    bin_dir.mkdir(parents=True, exist_ok=True)
    script = bin_dir / f"{name.replace('/', '_')}.sh"
    tail = "exec cat\n" if passthrough else "exit 0\n"
    script.write_text(f"#!/bin/sh\ntouch {shlex.quote(str(markers / name))}\n{tail}", encoding="utf-8")
    script.chmod(0o755)
    return script


def _base(root: Path, markers: Path, rng: random.Random) -> list[str]:
    markers.mkdir(parents=True, exist_ok=True)
    return build_repo(root, [
        Commit("init", {"app.py": "import os\n\nKEY = os.environ['STRIPE_KEY']\n", "notes.txt": "v1\n",
                        ".gitattributes": "* filter=evil diff=evil\n"}),
        Commit("notes", {"notes.txt": f"v2 {rng.random()}\n"}, date="2026-01-02T12:00:00+00:00"),
    ])


def _signed_commit(root: Path) -> str:
    """A commit carrying a (fake) PGP signature header, so ``log.showSignature`` would call gpg."""
    tree = git(root, "rev-parse", "HEAD^{tree}")
    parent = git(root, "rev-parse", "HEAD")
    body = (f"tree {tree}\nparent {parent}\nauthor Dev Example <dev@example.test> 1767268800 +0000\n"
            "committer Dev Example <dev@example.test> 1767268800 +0000\n"
            "gpgsig -----BEGIN PGP SIGNATURE-----\n \n iQEzBAABCAAdFiEEAAAAAAAAAAAAAAAAAAAAAAAAAAAFAmAAAAA=\n"
            " -----END PGP SIGNATURE-----\n\nsigned\n")
    obj = (root / ".git" / "signed-commit.txt")
    obj.write_text(body, encoding="utf-8")
    sha = git(root, "hash-object", "-t", "commit", "-w", str(obj))
    obj.unlink()
    git(root, "update-ref", "refs/heads/main", sha)
    return sha


def command_configs(root: Path, markers: Path, seed: int = 1) -> HostileRepo:
    """A repository whose own configuration names a command at every place git might run one.

    The configuration is written last (``git config`` reads no index and runs nothing), so building
    the repository never triggers it; only a git command run on the finished repository can."""
    rng = random.Random(seed)
    ids = _base(root, markers, rng)
    ids.append(_signed_commit(root))
    bin_dir = root.parent / f"{root.name}-bin"
    hooks = bin_dir / "hooks"
    hooks.mkdir(parents=True, exist_ok=True)
    for hook in HOOKS:
        path = hooks / hook
        path.write_text(f"#!/bin/sh\ntouch {shlex.quote(str(markers / 'hook'))}\n", encoding="utf-8")
        path.chmod(0o755)
    settings = {
        "core.fsmonitor": str(_marker_script(bin_dir, markers, "core.fsmonitor")),
        "core.hooksPath": str(hooks),
        "filter.evil.clean": str(_marker_script(bin_dir, markers, "filter.clean", passthrough=True)),
        "filter.evil.smudge": str(_marker_script(bin_dir, markers, "filter.smudge", passthrough=True)),
        "filter.evil.process": str(_marker_script(bin_dir, markers, "filter.process")),
        "filter.evil.required": "true",
        "diff.external": str(_marker_script(bin_dir, markers, "diff.external")),
        "diff.evil.textconv": str(_marker_script(bin_dir, markers, "diff.textconv", passthrough=True)),
        "diff.evil.command": str(_marker_script(bin_dir, markers, "diff.command")),
        "log.showSignature": "true",
        "gpg.program": str(_marker_script(bin_dir, markers, "gpg.program")),
        "core.sshCommand": str(_marker_script(bin_dir, markers, "core.sshCommand")),
        "core.pager": str(_marker_script(bin_dir, markers, "core.pager")),
        "core.editor": str(_marker_script(bin_dir, markers, "core.editor")),
        # A partial clone whose promisor remote is reached over ssh (core.sshCommand) when an
        # object is missing: the scan must never fetch.
        "core.repositoryFormatVersion": "1",
        "extensions.partialClone": "origin",
        "remote.origin.url": "ssh://git.invalid/product.git",
        "remote.origin.promisor": "true",
        "core.untrackedCache": "true",
    }
    missing = _delete_loose_object(root, ids[0], "notes.txt")
    for key, value in settings.items():
        git(root, "config", key, value)
    return HostileRepo(root, markers, commits=tuple(ids), notes={"missing": missing})


def included_fsmonitor(root: Path, markers: Path) -> HostileRepo:
    """``core.fsmonitor`` set not in ``.git/config`` itself but in a file it includes."""
    ids = _base(root, markers, random.Random(2))
    script = _marker_script(root.parent / f"{root.name}-bin", markers, "core.fsmonitor")
    included = root / ".git" / "team.config"
    included.write_text(f"[core]\n\tfsmonitor = {script}\n", encoding="utf-8")
    git(root, "config", "include.path", "team.config")
    return HostileRepo(root, markers, commits=tuple(ids))


def filter_and_diff_drivers(root: Path, markers: Path) -> HostileRepo:
    """Clean/smudge/process filters and diff drivers (textconv, external diff) bound to every file by
    ``.gitattributes``: they run on any command that converts or diffs content (``cat-file --filters``,
    ``diff``), which is how the scan's own commands are proven deaf to them."""
    ids = _base(root, markers, random.Random(9))
    # A driver whose name holds "=": it cannot be overridden with ``-c name=value``.
    with (root / ".gitattributes").open("a", encoding="utf-8") as fh:
        fh.write("odd.txt filter=x=y\n")
    (root / "odd.txt").write_text("odd\n", encoding="utf-8")
    git(root, "add", ".gitattributes", "odd.txt")
    git(root, "commit", "-q", "-m", "odd", commit=Commit("odd"))
    ids.append(git(root, "rev-parse", "HEAD"))
    bin_dir = root.parent / f"{root.name}-bin"
    settings = {
        "filter.evil.clean": str(_marker_script(bin_dir, markers, "filter.clean", passthrough=True)),
        "filter.evil.smudge": str(_marker_script(bin_dir, markers, "filter.smudge", passthrough=True)),
        "filter.evil.process": str(_marker_script(bin_dir, markers, "filter.process")),
        "filter.x=y.process": str(_marker_script(bin_dir, markers, "odd-filter.process")),
        "diff.external": str(_marker_script(bin_dir, markers, "diff.external")),
        "diff.evil.textconv": str(_marker_script(bin_dir, markers, "diff.textconv", passthrough=True)),
        "diff.evil.command": str(_marker_script(bin_dir, markers, "diff.command")),
    }
    for key, value in settings.items():
        git(root, "config", key, value)
    return HostileRepo(root, markers, commits=tuple(ids))


def foreign_worktree(root: Path, elsewhere: Path) -> HostileRepo:
    """``core.worktree`` pointing outside the repository: "tracked files" would be read from there."""
    ids = _base(root, root.parent / f"{root.name}-markers", random.Random(10))
    elsewhere.mkdir(parents=True, exist_ok=True)
    (elsewhere / "app.py").write_text("print('not part of the product')\n", encoding="utf-8")
    git(root, "config", "core.worktree", str(elsewhere))
    return HostileRepo(root, root.parent / f"{root.name}-markers", commits=tuple(ids))


def _delete_loose_object(root: Path, commit: str, path: str) -> str:
    sha = git(root, "rev-parse", f"{commit}:{path}")
    obj = root / ".git" / "objects" / sha[:2] / sha[2:]
    obj.chmod(0o644)
    obj.unlink()
    return sha


def missing_object(root: Path) -> HostileRepo:
    """An old version of a file whose blob was deleted from the object store (a damaged copy)."""
    markers = root.parent / f"{root.name}-markers"
    ids = _base(root, markers, random.Random(3))
    return HostileRepo(root, markers, commits=tuple(ids), notes={"missing": _delete_loose_object(root, ids[0],
                                                                                                  "notes.txt")})


def _keyed_history(root: Path, key: str, *, branch_files: dict[str, str | bytes | None] | None = None) -> list[str]:
    return build_repo(root, [
        Commit("init", {"README.md": "# product\n"}, date="2025-05-01T10:00:00+00:00"),
        Commit("payments", {"billing/stripe_conf.py": f"STRIPE_SECRET_KEY = '{key}'\n", **(branch_files or {})},
               date="2025-05-02T10:00:00+00:00"),
        Commit("move key to env", {"billing/stripe_conf.py": "import os\nSTRIPE_SECRET_KEY = os.environ['K']\n"},
               date="2025-05-03T10:00:00+00:00"),
    ])


def dangling_head(root: Path, seed: int = 4) -> HostileRepo:
    """HEAD → ``refs/heads/missing`` while ``main`` holds a live-looking Stripe key in its history."""
    key = fake_stripe_key(random.Random(seed))
    ids = _keyed_history(root, key)
    git(root, "symbolic-ref", "HEAD", "refs/heads/missing")
    return HostileRepo(root, root.parent / f"{root.name}-markers", key, tuple(ids))


def shallow_clone(root: Path, seed: int = 5) -> HostileRepo:
    """A depth-1 clone of a repository whose older commits hold a key the clone never fetched."""
    key = fake_stripe_key(random.Random(seed))
    origin = root.parent / f"{root.name}-origin"
    ids = _keyed_history(origin, key)
    git(root.parent, "clone", "-q", "--depth", "1", f"file://{origin}", str(root))
    return HostileRepo(root, root.parent / f"{root.name}-markers", key, tuple(ids))


def oversized_blob(root: Path, size: int, seed: int = 6) -> HostileRepo:
    """A history-only blob of ``size`` bytes (above the history scan's cap) ending with a key."""
    key = fake_stripe_key(random.Random(seed))
    big = b"x = 1\n" * (size // 6 + 1) + f"STRIPE = '{key}'\n".encode()
    ids = build_repo(root, [
        Commit("init", {"README.md": "# product\n"}),
        Commit("add fixture dump", {"fixtures/dump.sql": big}, date="2026-01-02T12:00:00+00:00"),
        Commit("drop it", {"fixtures/dump.sql": None}, date="2026-01-03T12:00:00+00:00"),
    ])
    return HostileRepo(root, root.parent / f"{root.name}-markers", key, tuple(ids),
                       notes={"blob": git(root, "rev-parse", f"{ids[1]}:fixtures/dump.sql")})


def unreadable_files(root: Path, seed: int = 7) -> HostileRepo:
    """Tracked files the scan cannot read: ``secret.py`` at mode 000 (holding a key), a directory at
    mode 000 holding ``DEBUG = True``; and two that stay unreadable for root too — ``settings.py``
    replaced by a FIFO and ``debug.py`` replaced by a directory (root ignores mode bits)."""
    key = fake_stripe_key(random.Random(seed))
    ids = build_repo(root, [Commit("init", {
        "secret.py": f"STRIPE = '{key}'\n",
        "conf/settings.py": "DEBUG = True\n",
        "settings.py": "DEBUG = True\n",
        "debug.py": "import flask\napp = flask.Flask(__name__)\napp.run(debug=True)\n",
        "app.py": "print('hello')\n",
    })])
    (root / "secret.py").chmod(0)
    (root / "conf").chmod(0)
    (root / "settings.py").unlink()
    os.mkfifo(root / "settings.py")
    (root / "debug.py").unlink()
    (root / "debug.py").mkdir()
    return HostileRepo(root, root.parent / f"{root.name}-markers", key, tuple(ids))


def restore_modes(repo: HostileRepo) -> None:
    """Undo :func:`unreadable_files`' mode 000 so the directory can be removed by its owner."""
    for path in (repo.root / "conf", repo.root / "secret.py"):
        if path.exists():
            path.chmod(stat.S_IRWXU)


def strange_names(root: Path, seed: int = 8) -> HostileRepo:
    """Keys in files whose names are not UTF-8, or carry terminal escape sequences (SGR colour,
    an OSC 8 hyperlink): evidence must name them without breaking or hijacking the output."""
    rng = random.Random(seed)
    keys = [fake_stripe_key(rng) for _ in range(3)]
    names = {
        "latin1": b"caf\xe9.py",
        "sgr": b"\x1b[31mred\x1b[0m.py",
        "osc8": b"\x1b]8;;https:evil.example\x07click\x1b]8;;\x07.py",
    }
    build_repo(root, [Commit("init", {"README.md": "# product\n"})])
    for (_, name), key in zip(names.items(), keys, strict=True):
        (root / os.fsdecode(name)).write_bytes(f"STRIPE = '{key}'\n".encode())
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "strange names", commit=Commit("strange names"))
    return HostileRepo(root, root.parent / f"{root.name}-markers", keys[0], (git(root, "rev-parse", "HEAD"),),
                       notes={k: os.fsdecode(v) for k, v in names.items()})
