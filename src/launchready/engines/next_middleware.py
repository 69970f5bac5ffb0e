"""What a Next.js ``middleware.ts``/``proxy.ts`` covers and where it sends requests, read from its code.

- :func:`matcher_covers_api`: whether the ``config.matcher`` (a string, an array, ``{ source: … }`` objects, a
  catch-all with a negative lookahead) runs the middleware for ``/api/*`` routes.
- :func:`middleware_root`: the package directory whose routes the middleware runs in front of (``apps/web/`` for
  ``apps/web/src/middleware.ts``; ``""`` for a root one).
- :func:`sends_away_all_but`: the literal paths a middleware lets through when it redirects or rewrites every
  other request away (``if (pathname !== "/") return NextResponse.redirect(new URL("/", request.url))``).
"""

from __future__ import annotations

import re

_MATCHER = re.compile(r"\bmatcher\s*:\s*")
_STRING = re.compile(r"'((?:[^'\\]|\\.)*)'|\"((?:[^\"\\]|\\.)*)\"|`((?:[^`\\]|\\.)*)`")
# a pattern that matches every path: ``/(.*)``, ``/:path*``, ``/((?!_next/static|…).*)``
_CATCH_ALL = re.compile(r"^/(?:\(\.\*\)|:\w+\*|\(\(\?!(?P<excluded>[^)]*(?:\([^)]*\)[^)]*)*)\)\.\*\))$")


def _matcher_source(text: str) -> str | None:
    """The text of the ``matcher`` value: a string literal or a bracketed array/object."""
    m = _MATCHER.search(text)
    return None if m is None else _literal_source(text[m.end():])


def _literal_source(rest: str) -> str | None:
    """The string literal or bracketed array that ``rest`` starts with, or None."""
    if rest[:1] in "'\"`":
        s = _STRING.match(rest)
        return s.group(0) if s else None
    if rest[:1] != "[":
        return None
    depth = 0
    for i, ch in enumerate(rest):
        depth += ch == "["
        depth -= ch == "]"
        if depth == 0:
            return rest[: i + 1]
    return rest


def matcher_covers_api(text: str) -> bool:
    """Whether the middleware runs for ``/api/*``: no matcher (it runs for every path), a pattern starting with
    ``/api``, or a catch-all whose negative lookahead does not exclude ``api``."""
    source = _matcher_source(text)
    if source is None:
        return "matcher" not in text
    source = re.sub(r"/\*.*?\*/|(?<![:'\"\\])//[^\n]*", "", source, flags=re.S)
    for m in _STRING.finditer(source):
        pattern = (m.group(1) or m.group(2) or m.group(3) or "").replace("\\\\", "\\")
        if pattern.startswith("/api"):
            return True
        catch = _CATCH_ALL.match(pattern)
        if catch and not re.search(r"(?:^|\|)/?api\b", catch.group("excluded") or ""):
            return True
    return False


def middleware_root(path: str) -> str:
    """The directory of the package a middleware file serves: its own directory, less a trailing ``src/``."""
    folder = path.rsplit("/", 1)[0] + "/" if "/" in path else ""
    return folder[: -len("src/")] if folder.endswith("src/") and (folder == "src/" or folder.endswith("/src/")) \
        else folder


_PATHNAME = r"(?:[\w$]+\.)*pathname"
# ``if (pathname !== "/" && pathname !== "/about")`` — the request is sent away unless it is one of the literals
_ALL_BUT = re.compile(rf"\bif\s*\(\s*(?P<cond>{_PATHNAME}\s*!==?\s*['\"][^'\"]*['\"]"
                      rf"(?:\s*&&\s*{_PATHNAME}\s*!==?\s*['\"][^'\"]*['\"])*)\s*\)\s*\{{?\s*"
                      r"return\s+(?:await\s+)?NextResponse\.(?:redirect|rewrite)\s*\(")
_MIDDLEWARE_FN = re.compile(r"export\s+(?:default\s+)?(?:async\s+)?function\s*(?:middleware|proxy)?\s*\([^)]*\)"
                            r"[^{]*\{")


def sends_away_all_but(text: str) -> tuple[str, ...] | None:
    """The literal paths the middleware lets through when its first statement redirects or rewrites every other
    request away; ``None`` when it does not (it decides on something else, or lets everything through)."""
    fn = _MIDDLEWARE_FN.search(text)
    if fn is None:
        return None
    body = re.sub(r"/\*.*?\*/|(?<![:'\"\\])//[^\n]*", "", text[fn.end():], flags=re.S)
    body = re.sub(r"^\s*const\s*\{\s*pathname\s*\}\s*=\s*[\w$.]+\s*;?", "", body)
    body = re.sub(r"^\s*const\s+pathname\s*=\s*[\w$.]+\.pathname\s*;?", "", body)
    first = _ALL_BUT.match(body.lstrip()) if body.lstrip().startswith("if") else None
    if first is not None:
        return tuple(re.findall(r"['\"]([^'\"]*)['\"]", first.group("cond")))
    if re.match(r"\s*return\s+(?:await\s+)?NextResponse\.redirect\s*\(", body):
        return ()
    return None


# Clerk's ``authMiddleware({ publicRoutes: [...], ignoredRoutes: [...] })`` (v4) and a ``createRouteMatcher([...])``
# named for public routes (v5: ``if (!isPublicRoute(req)) auth().protect()``): routes the middleware lets through
_LISTED_OPTION = re.compile(r"\b(?:publicRoutes|ignoredRoutes)\s*:\s*")
_PUBLIC_MATCHER = re.compile(r"\b(?:const|let|var)\s+(?P<name>[\w$]*[Pp]ublic[\w$]*|[\w$]*[Ii]gnored[\w$]*)\s*=\s*"
                             r"createRouteMatcher\s*\(\s*")


def _listed_strings(rest: str) -> tuple[str, ...]:
    source = _literal_source(rest) or ""
    if source.startswith("[") and not source.endswith("]"):
        return ()  # an array never closed: no list to read
    return tuple(m.group(1) or m.group(2) or m.group(3) or "" for m in _STRING.finditer(source))


def listed_public_routes(text: str) -> tuple[tuple[str, ...], int]:
    """The route patterns a Clerk middleware lets through unauthenticated, and the line that lists them."""
    code = re.sub(r"/\*.*?\*/|(?<![:'\"\\])//[^\n]*", lambda m: " " * len(m.group(0)), text, flags=re.S)
    patterns: list[str] = []
    line = 0
    for m in (*_LISTED_OPTION.finditer(code), *_PUBLIC_MATCHER.finditer(code)):
        found = _listed_strings(code[m.end():])
        if found:
            patterns += found
            line = line or code.count("\n", 0, m.start()) + 1
    return tuple(patterns), line


def route_listed(patterns: tuple[str, ...], url: str) -> str:
    """The first pattern (path-to-regexp as Clerk reads it: ``/api(.*)``, ``/sign-in(.*)``, ``/api/:id``) that
    matches the route ``url`` (``/api/chat/[id]`` tried with each dynamic segment filled in), or ``""``."""
    sample = re.sub(r"\[\[?\.\.\.[^\]]+\]\]?", "x/y", url)
    sample = re.sub(r"\[[^\]]+\]", "x", sample)
    for pattern in patterns:
        regex = re.sub(r":\w+\*", ".*", pattern)
        regex = re.sub(r":\w+", "[^/]+", regex)
        try:
            if re.fullmatch(regex, sample) or re.fullmatch(regex, sample.rstrip("/") + "/"):
                return pattern
        except re.error:
            continue  # a pattern that is no regular expression lists nothing the check can match
    return ""
