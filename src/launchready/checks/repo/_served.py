"""Is a Python web module served at all? A module that defines routes but that no other module imports, that does
not start itself (no ``if __name__ == "__main__":`` block) and that no file of the project names — no Dockerfile,
compose file, script, Procfile, manifest or README — is kept in the tree without running: open-interpreter's
``archived_server_1.py`` beside the server it replaced. Its routes are real code, but nothing shows they answer
anyone, so a finding on them is a warning that says so, never a blocking fail.

Conservative by construction: the module counts as served when its name (the file's stem) appears as a word in any
import statement or string of another Python module, or in any other tracked text file — a common stem
(``main``, ``app``) therefore keeps every finding as it was.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable

from launchready.targets.repo import RepoSnapshot

_MAX_BYTES = 256 * 1024
_TEXT_SUFFIXES = (".py", ".sh", ".toml", ".yaml", ".yml", ".json", ".cfg", ".ini", ".md", ".rst", ".txt", ".conf",
                  ".service", ".bat", ".ps1", ".js", ".ts", ".mjs", ".cjs")
_TEXT_NAMES = ("dockerfile", "procfile", "makefile", "justfile", "containerfile")
_MAIN_GUARD = re.compile(r"^if\s+__name__\s*==\s*['\"]__main__['\"]\s*:", re.M)
_IMPORT_LINE = re.compile(r"^\s*(?:from\s+\S+\s+import\s+[^\n]+|import\s+[^\n]+)$", re.M)
_STRING = re.compile(r"""(['"])((?:\\.|(?!\1)[^\\\n])*)\1""")


def _words(repo: RepoSnapshot) -> dict[str, set[str]]:
    """For each tracked text file: the words it names a module by (import lines and strings of Python files, every
    word of other text files)."""
    out: dict[str, set[str]] = {}
    for path in repo.tracked_files:
        base = posixpath.basename(path).lower()
        if not (base.endswith(_TEXT_SUFFIXES) or base.startswith(_TEXT_NAMES)):
            continue
        text = repo.read_text(path, max_bytes=_MAX_BYTES)
        if text is None:
            continue
        if path.endswith(".py"):
            named = " ".join(m.group(0) for m in _IMPORT_LINE.finditer(text))
            named += " " + " ".join(m.group(2) for m in _STRING.finditer(text))
        else:
            named = text
        out[path] = set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", named))
    return out


def _named(repo: RepoSnapshot, path: str) -> bool:
    """Does something serve the module at ``path``: it starts itself, or another file names it? Asked once per
    module and scan, however many of its routes are judged."""
    return repo.memo(f"served-module:{path}", lambda: _read_named(repo, path))


def _read_named(repo: RepoSnapshot, path: str) -> bool:
    if not path.endswith(".py") or posixpath.basename(path) in {"__init__.py", "__main__.py"}:
        return True
    if path.startswith("api/") or "/api/" in path:
        return True  # a serverless platform serves every module under api/ by its place (Vercel's Python functions)
    text = repo.read_text(path, max_bytes=_MAX_BYTES) or ""
    if _MAIN_GUARD.search(text):
        return True  # it starts itself: run as a script, it may well be the server
    words = repo.memo("served-module-words", lambda: _words(repo))
    stem = posixpath.splitext(posixpath.basename(path))[0]
    return any(stem in named for other, named in words.items() if other != path)


def unserved(repo: RepoSnapshot, path: str, route_files: Iterable[str]) -> str:
    """Why the Python module at ``path`` is not served (``"nothing imports or starts archived_server_1.py"``), or
    ``""`` when something may serve it. Only beside a server that is: in a project whose every route module goes
    unnamed (a one-file app run by hand), nothing tells which one runs, and each is judged as served."""
    if _named(repo, path):
        return ""
    served = next((f for f in dict.fromkeys(route_files) if f != path and f.endswith(".py") and _named(repo, f)), "")
    if not served:
        return ""
    return (f"nothing imports or starts {posixpath.basename(path)} (no other module imports it, it has no __main__ "
            f"block, and no Dockerfile, script, manifest or README names it), while {served} is served")
