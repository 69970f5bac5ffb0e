"""A JavaScript route handler that only relays its request to the project's own API, passing the caller's
Authorization header on (a Next.js route that streams ``fetch(`${INTERNAL_API_URL}${path}`, {headers:
{Authorization: auth}})`` back): it authenticates nobody itself, and needs not — the upstream route it forwards the
caller's credential to decides. Judged on its own it looks unguarded; the honest answer names the upstream.

Read by hand here because the route inventory reads guards, not what a handler hands on: the handler's own lines
(or the one project function it hands the request to, followed through its import) must ``fetch`` a URL built on a
setting or constant and put the request's ``authorization`` header in that call's headers.
"""

from __future__ import annotations

import posixpath
import re

from launchready.engines.routes import JS_SUFFIXES, Route
from launchready.targets.repo import RepoSnapshot

_AUTH_READ = re.compile(r"""(?:const|let|var)\s+(?P<var>[\w$]+)\s*=\s*(?:await\s+)?[\w$.()]*headers(?:\(\))?"""
                        r"""\s*\.get\(\s*['"]authorization['"]\s*\)""", re.IGNORECASE)
_DIRECT = re.compile(r"""['"]?Authorization['"]?\s*:\s*[\w$.()]*headers(?:\(\))?\s*\.get\(\s*['"]authorization['"]""",
                     re.IGNORECASE)
_FETCH = re.compile(r"\bfetch\(\s*(?P<url>`\$\{(?P<base>[\w$.]+)\}[^`]*`|(?P<base2>[\w$.]+)\s*\+)")
_PATH_BUILDING = re.compile(r"^(?:encodeURIComponent|String|(?:req|request)\.(?:text|json))$")
_CALL = re.compile(r"\breturn\s+(?:await\s+)?(?P<fn>[\w$]+)\(\s*(?:req|request)\s*,\s*"
                   r"(?P<path>'[^']*'|\"[^\"]*\"|`[^`]*`)?")


def _forwards(text: str) -> str:
    """The upstream base (``INTERNAL_API_URL``) ``text`` fetches with the request's Authorization header, or ``""``."""
    fetch = _FETCH.search(text)
    if fetch is None:
        return ""
    read = _AUTH_READ.search(text)
    passed = bool(_DIRECT.search(text)) or (read is not None and re.search(
        rf"""['"]?Authorization['"]?\s*:\s*{re.escape(read.group('var'))}\b""", text) is not None)
    return (fetch.group("base") or fetch.group("base2") or "") if passed else ""


def _imported_file(repo: RepoSnapshot, route_file: str, text: str, name: str) -> str:
    m = re.search(rf"""import\s*\{{[^}}]*\b{re.escape(name)}\b[^}}]*\}}\s*from\s*['"](?P<src>\.[^'"]+)['"]""", text)
    if m is None:
        return ""
    base = posixpath.normpath(posixpath.join(posixpath.dirname(route_file), m.group("src")))
    for candidate in (base, *(base + s for s in JS_SUFFIXES), *(f"{base}/index{s}" for s in JS_SUFFIXES)):
        if candidate in repo.tracked_files:
            return candidate
    return ""


def credential_forward(repo: RepoSnapshot, route: Route) -> str:
    """What a JS handler that only relays the request with its Authorization header forwards it to, as
    ``INTERNAL_API_URL /api/x (helper file:line)``; ``""`` when it does anything else."""
    if not route.file.endswith(JS_SUFFIXES):
        return ""
    text = repo.read_text(route.file) or ""
    lines = text.splitlines()
    handler = "\n".join(lines[route.line - 1:route.end_line if route.end_line >= route.line else route.line + 30])
    base = _forwards(handler)
    if base:
        return f"{base} ({route.location})"
    call = _CALL.search(handler)
    # nothing but the relay: besides the helper, only what builds the upstream path (``encodeURIComponent`` of a
    # route parameter) — a handler that also reads or writes data is judged on its own
    if call is None or any(c != call.group("fn") and c != route.handler and not _PATH_BUILDING.match(c)
                           for c in route.body_calls):
        return ""
    source = _imported_file(repo, route.file, text, call.group("fn"))
    helper = repo.read_text(source) if source else ""
    m = re.search(rf"function\s+{re.escape(call.group('fn'))}\s*\(|(?:const|let)\s+{re.escape(call.group('fn'))}\s*=",
                  helper or "")
    if not helper or m is None:
        return ""
    base = _forwards(helper[m.start():])
    path = re.sub(r"\$\{(?:encodeURIComponent\()?([\w$.]+)\)?\}", r"{\1}", (call.group("path") or "").strip("'\"`"))
    line = helper[:m.start()].count("\n") + 1
    return f"{base}{path} ({source}:{line})" if base else ""
