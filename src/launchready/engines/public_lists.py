"""Paths a project's own code lists as needing no sign-in.

Express and FastAPI projects that authenticate in one app-level middleware usually let some paths through it from
a list kept in code — Flowise's ``export const WHITELIST_URLS = ['/api/v1/auth/resolve', …]``, a FastAPI
``PUBLIC_PATHS = {"/health", "/login"}`` read by the middleware. Such a list is the project declaring those routes
public, exactly as ``[api] public`` in our config would; a route registered outside the middleware (before it,
or on another app) whose path the list names is a public route, not one that forgot its guard.

Only a string-literal list bound to a name that says so (whitelist, allowlist, public, unauthenticated, no-auth,
skip-auth, exempt, anonymous) counts, and only an exact path in it (a trailing ``/`` aside): a listed prefix such as
``'/api/v1/prediction/'`` declares that path, never everything under it — a public declaration read too widely
would hide a forgotten guard, the dangerous direction. No library reads these lists; they are project code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from launchready.engines.pysource import is_dev_path
from launchready.engines.routes import balanced
from launchready.targets.repo import RepoSnapshot

_SUFFIXES = (".py", ".js", ".mjs", ".cjs", ".ts", ".mts", ".cts")
_MAX_CHARS = 400_000
_LIST_NAME = re.compile(
    r"(?:white|allow)[-_]?list|public|un[-_]?auth|no[-_]?auth|skip[-_]?auth|auth[-_]?exempt|exempt|anonymous",
    re.IGNORECASE)
# ``NAME = [`` / ``NAME: list[str] = {`` / ``const NAME: string[] = [`` / ``NAME = new Set([`` / ``frozenset({``
_ASSIGNED_LIST = re.compile(
    r"(?m)^[ \t]*(?:export\s+)?(?:const\s+|let\s+|var\s+|readonly\s+|static\s+)*"
    r"(?P<name>[A-Za-z_$][\w$]*)\s*(?::[^=\n]{0,80})?=\s*"
    r"(?:new\s+Set\s*(?:<[^>]{0,40}>)?\s*\(\s*|frozenset\s*\(\s*|set\s*\(\s*|tuple\s*\(\s*)?(?P<open>[\[{(])")
_PATH_LITERAL = re.compile(r"""(?P<q>['"`])(?P<path>/[^'"`\s*?]*)(?P=q)""")


@dataclass(frozen=True)
class PublicList:
    name: str
    where: str  # file:line of the assignment


def _norm(path: str) -> str:
    return path.rstrip("/") or "/"


def code_public_paths(repo: RepoSnapshot) -> dict[str, PublicList]:
    """Every exact path listed in a public/whitelist-named string list in the project's source, with the list."""
    def build() -> dict[str, PublicList]:
        found: dict[str, PublicList] = {}
        for file in repo.text_files(_SUFFIXES):
            if is_dev_path(file.path) or "node_modules/" in file.path or len(file.text) > _MAX_CHARS:
                continue
            for m in _ASSIGNED_LIST.finditer(file.text):
                if not _LIST_NAME.search(m.group("name")):
                    continue
                body = balanced(file.text, m.start("open"))
                if not body.endswith({"[": "]", "{": "}", "(": ")"}[m.group("open")]):
                    continue  # never closed: no list to read
                where = f"{file.path}:{file.text.count(chr(10), 0, m.start('name')) + 1}"
                for lit in _PATH_LITERAL.finditer(body):
                    if "${" in lit.group("path") or "{" in lit.group("path"):
                        continue
                    found.setdefault(_norm(lit.group("path")), PublicList(m.group("name"), where))
        return found
    return repo.memo("public_lists.code_public_paths", build)


def listed_public(path: str, lists: dict[str, PublicList]) -> PublicList | None:
    """The code list that names ``path`` exactly (a trailing ``/`` aside), or None."""
    return lists.get(_norm(path))
