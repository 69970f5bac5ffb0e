"""Running git on a repository we do not trust: its configuration never gets to run a command.

A checkout's own ``.git/config`` (and every file it includes) can name commands that git runs
during ordinary *read* commands: ``core.fsmonitor`` runs on every index read (``git ls-files``),
``log.showSignature`` runs ``gpg.program`` on each signed commit ``git log`` walks,
``diff.external`` / ``diff.<driver>.command`` / ``diff.<driver>.textconv`` run on diffs,
``filter.<driver>.clean/smudge/process`` run when content passes through the index or a checkout,
hooks (``core.hooksPath``) run on ref and index updates, and a promisor remote (partial clone) is
fetched from — through ``core.sshCommand``, ``ext::`` URLs, ``credential.helper``,
``core.askPass`` — as soon as a missing object is asked for. git has no switch meaning "ignore every
command in this repository's config", and no library reads history as fast as ``git`` itself, so
every git process of a scan is started through :class:`SafeGit`:

* ``-c key=value`` for every command-running key (:data:`NEUTRAL_CONFIG`). Command-line
  configuration is applied after the system, global, repository and included files, so it also wins
  over an ``include.path`` / ``includeIf`` file that sets the same key (the hostile-repo lab tests it).
* Keys named per driver (``filter.<name>.*``, ``diff.<name>.*``) are overridden for every driver
  name the repository's configuration declares, read once with ``git config --get-regexp`` (reading
  configuration runs nothing). They travel in ``GIT_CONFIG_KEY_<n>`` variables — the same
  command-line scope as ``-c`` — because a driver name may itself contain ``=``. No command the scan
  runs applies filters anyway (``cat-file`` without ``--filters``, ``ls-files``, ``ls-tree``,
  ``rev-list``, ``log --raw``); the override keeps it that way if one ever does.
* ``--no-ext-diff --no-textconv`` on every ``log`` (:meth:`SafeGit.argv` adds them).
* The environment: every ``GIT_*`` variable of the caller is dropped (``GIT_DIR``, ``GIT_WORK_TREE``,
  ``GIT_CONFIG_PARAMETERS``, ``GIT_EXTERNAL_DIFF``, ``GIT_SSH_COMMAND`` …), then
  ``GIT_CONFIG_NOSYSTEM=1``, ``GIT_TERMINAL_PROMPT=0``, ``GIT_OPTIONAL_LOCKS=0`` (read-only: no index
  refresh is written), ``GIT_NO_LAZY_FETCH=1`` and ``LC_ALL=C``. The user's global configuration is
  still read: it is the user's own, not the repository's, and the ``-c`` overrides win over it too.

``core.untrackedCache`` runs nothing (it only lets ``git status`` write a cache into the index, which
``GIT_OPTIONAL_LOCKS=0`` prevents); it is set to ``false`` so that no read ever wants to write.

``safe.directory``: git refuses a repository owned by another user ("dubious ownership") because
that owner could have planted exactly the configuration above. :class:`SafeGit` may pass
``-c safe.directory=<path>`` for such a repository — acceptable *only* because every command-running
key is neutralised here; the scan says that it did so.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

GIT_TIMEOUT_S = 120.0

NEUTRAL_CONFIG: tuple[tuple[str, str], ...] = (
    ("core.fsmonitor", "false"),
    ("core.hooksPath", os.devnull),
    ("core.sshCommand", "false"),
    ("core.gitProxy", "false"),
    ("core.alternateRefsCommand", "false"),
    ("core.askPass", ""),
    ("core.pager", "cat"),
    ("core.editor", "false"),
    ("sequence.editor", "false"),
    ("core.untrackedCache", "false"),
    ("core.quotepath", "off"),
    ("diff.external", ""),
    ("credential.helper", ""),
    ("protocol.allow", "never"),
    ("uploadpack.packObjectsHook", ""),
    ("log.showSignature", "false"),
    ("gpg.program", "false"),
    ("gpg.openpgp.program", "false"),
    ("gpg.ssh.program", "false"),
    ("gpg.x509.program", "false"),
    ("gc.auto", "0"),
    ("maintenance.auto", "false"),
)
"""Every configuration key known to make a read-only git command run a program, set to nothing."""

DRIVER_OVERRIDES: Mapping[str, tuple[tuple[str, str], ...]] = {
    "filter": (("clean", "cat"), ("smudge", "cat"), ("process", ""), ("required", "false")),
    "diff": (("command", "false"), ("textconv", "cat")),
}
"""Per-driver keys: a ``filter.<name>`` or ``diff.<name>`` the repository declares gets these."""

_LOG_COMMANDS = frozenset({"log", "show", "diff", "whatchanged"})


def safe_environment(base: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment for a git process: the caller's, minus every ``GIT_*``, plus our own."""
    env = {k: v for k, v in (os.environ if base is None else base).items() if not k.startswith("GIT_")}
    env.update({
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_TERMINAL_PROMPT": "0",
        "GIT_OPTIONAL_LOCKS": "0",
        "GIT_NO_LAZY_FETCH": "1",
        "LC_ALL": "C",
    })
    return env


def driver_overrides(listing: bytes) -> tuple[tuple[str, str], ...]:
    """Overrides for every driver named in ``git config -z --get-regexp '^(filter|diff)\\.'`` output."""
    names: dict[str, set[str]] = {}
    for entry in listing.split(b"\0"):
        key = entry.split(b"\n", 1)[0].decode("utf-8", "surrogateescape")
        section, _, rest = key.partition(".")
        name, dot, _ = rest.rpartition(".")
        if section in DRIVER_OVERRIDES and dot and name:
            names.setdefault(section, set()).add(name)
    return tuple((f"{section}.{name}.{var}", value)
                 for section in sorted(names) for name in sorted(names[section])
                 for var, value in DRIVER_OVERRIDES[section])


@dataclass(frozen=True)
class SafeGit:
    """How to start git on one (untrusted) repository: argv and environment, nothing else."""

    root: str
    safe_directories: tuple[str, ...] = ()
    """Paths git would refuse as owned by another user, accepted for this scan (see module doc)."""
    drivers: tuple[tuple[str, str], ...] = ()
    """Per-driver overrides (:func:`driver_overrides`) for the drivers this repository declares."""

    def argv(self, *args: str) -> list[str]:
        config = [*NEUTRAL_CONFIG, *(("safe.directory", d) for d in self.safe_directories)]
        argv = ["git", "-C", self.root]
        for key, value in config:
            argv += ["-c", f"{key}={value}"]
        argv += args[:1]
        if args and args[0] in _LOG_COMMANDS:
            argv += ["--no-ext-diff", "--no-textconv"]
        return argv + list(args[1:])

    def env(self) -> dict[str, str]:
        env = safe_environment()
        if self.drivers:
            env["GIT_CONFIG_COUNT"] = str(len(self.drivers))
            for n, (key, value) in enumerate(self.drivers):
                env[f"GIT_CONFIG_KEY_{n}"] = key
                env[f"GIT_CONFIG_VALUE_{n}"] = value
        return env

    def run(self, *args: str, timeout: float | None = GIT_TIMEOUT_S) -> subprocess.CompletedProcess[bytes]:
        """``git args`` to completion, output captured; raises ``FileNotFoundError`` (no git) and
        ``subprocess.TimeoutExpired`` for the caller to word."""
        return subprocess.run(self.argv(*args), capture_output=True, env=self.env(), timeout=timeout,
                              check=False, stdin=subprocess.DEVNULL)

    def popen(self, *args: str, stdin: int | None = None, stderr: int | None = subprocess.DEVNULL,
              bufsize: int = -1) -> subprocess.Popen[bytes]:
        """``git args`` streaming its standard output (and reading ``stdin`` when it is ``PIPE``)."""
        return subprocess.Popen(self.argv(*args), stdin=subprocess.DEVNULL if stdin is None else stdin,
                                stdout=subprocess.PIPE, stderr=stderr, env=self.env(), bufsize=bufsize)

    def with_safe_directory(self, path: str) -> SafeGit:
        return SafeGit(self.root, (*self.safe_directories, path), self.drivers)

    def with_drivers(self, drivers: Sequence[tuple[str, str]]) -> SafeGit:
        return SafeGit(self.root, self.safe_directories, tuple(drivers))
