"""Whether the key a browser sends to a provider was handed out at runtime by the project's own server route.

A browser that fetches a key from a same-origin route (``const r = await fetch("/token")``, then
``const KEY = (await r.json()).client_secret.value``) holds no key of the bundle: the server decided what to hand
out. When what it reads is a provider's short-lived session secret (``client_secret``, an *ephemeral* key) or the
route's handler mints one (it calls a provider's ``…/sessions`` or ``client_secrets`` endpoint), the long-lived
provider key stays on the server. Otherwise only the route's response would tell.

The trace follows ``const``/``let``/``var`` assignments backwards in the same file, a few hops at most.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from launchready.targets.repo import RepoSnapshot

_HOPS = 5
_WINDOW = 6000
_IDENT = re.compile(r"[A-Za-z_$][\w$]*")
# `fetch("/token")`, `fetch('/api/session', …)`, `axios.get("/token")`, `ky.post("/x")` — a same-origin path.
_OWN_ROUTE = re.compile(
    r"""(?:\bfetch|\baxios(?:\.(?:get|post))?|\bky(?:\.(?:get|post))?)\s*\(\s*["'`](?P<path>/(?!/)[^"'`?#$\s]*)""")
_SHORT_LIVED = re.compile(r"(?i)client_?secret|ephemeral")
_MINTS = re.compile(r"(?i)/realtime/(?:sessions|client_secrets)|/sessions\b|client_secrets|ephemeral")
_SERVER_SUFFIXES = (".js", ".mjs", ".cjs", ".ts", ".mts", ".py")


@dataclass(frozen=True)
class ServedKey:
    route: str
    """The same-origin path the browser fetched the key from (``/token``)."""
    chain: tuple[str, ...]
    """The expressions read from the key back to the fetch, for the message."""
    short_lived: bool
    """What it reads, or the route's handler, shows a provider session secret, not the provider key."""
    handler: str
    """``file:line`` of the server route declaring ``route``, or "" when none was found."""


def _assignment(text: str, name: str, before: int) -> tuple[str, int] | None:
    """The right-hand side of the last ``const/let/var name = …`` before ``before``, and its offset."""
    rx = re.compile(r"(?:const|let|var)\s+" + re.escape(name) + r"\s*=\s*(?P<rhs>[^;\n]+)")
    found = None
    for m in rx.finditer(text, max(0, before - _WINDOW), before):
        found = (m.group("rhs").strip(), m.start())
    return found


def served_key(data: bytes, source: str, at: int) -> tuple[str, tuple[str, ...], bool] | None:
    """``(route, chain, short-lived)`` when the key expression ``source`` (read at offset ``at``) traces back to a
    response of a same-origin route; None otherwise."""
    text = data.decode("utf-8", "replace")
    expr, pos = source.strip(), at
    chain = [expr]
    for _ in range(_HOPS):
        route = _OWN_ROUTE.search(expr)
        if route is not None:
            return route.group("path"), tuple(chain), any(_SHORT_LIVED.search(c) for c in chain)
        head = _IDENT.search(expr.removeprefix("await ").lstrip("("))
        if head is None or head.group() in {"await", "process", "import"}:
            return None
        found = _assignment(text, head.group(), pos)
        if found is None:
            return None
        expr, pos = found
        chain.append(expr)
    return None


def route_handler(repo: RepoSnapshot, route: str) -> tuple[str, bool]:
    """``(file:line, mints a session secret)`` of a server route declaring ``route`` (an Express/Fastify/Hono-style
    ``.get("/token", …)``, a Next ``app/api/…/route`` or ``pages/api/…`` file); ``("", False)`` when none is found."""
    declared = re.compile(r"""\.(?:get|post|all|route|use)\(\s*["'`]""" + re.escape(route) + r"""["'`]""")
    file_route = route.strip("/")
    for rel in repo.tracked_files:
        if not rel.endswith(_SERVER_SUFFIXES) or "node_modules/" in rel:
            continue
        by_file = bool(file_route) and re.search(
            r"(?:^|/)(?:app/" + re.escape(file_route) + r"/route|pages/" + re.escape(file_route) + r")\.[mc]?[jt]s$",
            rel) is not None
        text = repo.read_text(rel)
        if not text:
            continue
        m = declared.search(text)
        if m is None and not by_file:
            continue
        start = m.start() if m is not None else 0
        line = text.count("\n", 0, start) + 1
        return f"{rel}:{line}", _MINTS.search(text, start, start + 3000) is not None
    return "", False


def find_served_key(repo: RepoSnapshot, data: bytes, source: str, at: int) -> ServedKey | None:
    """The same-origin route a browser's provider key comes from, with its handler when one is declared."""
    traced = served_key(data, source, at)
    if traced is None:
        return None
    route, chain, short_lived = traced
    handler, mints = route_handler(repo, route)
    return ServedKey(route, chain, short_lived or mints, handler)
