"""Which files under a Next.js ``pages/api/`` directory are API routes.

Next.js serves a file under ``pages/api/`` as an API route through its default export, a function taking
``(req, res)`` (or a wrapper returning one). Projects also keep other modules there — a React component, a
``createContext`` state module, the browser's HTTP client (``export default axios.create(…)``), a file with no
default export, or an ``index.ts`` re-exporting a page — and
none of those answers an HTTP request with anything of the server's: they are no routes."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping

_DEFAULT = re.compile(r"^export\s+default\b", re.M)
_REEXPORT_DEFAULT = re.compile(r"^export\s*\{[^}]*\bdefault\b[^}]*\}\s*from\s*['\"](?P<src>[^'\"]+)['\"]", re.M)
_DEFAULT_NAME = re.compile(r"export\s+default\s+(?P<name>[A-Za-z_$][\w$]*)\s*;?\s*(?:\n|$)")
_DEFAULT_FUNCTION = re.compile(r"export\s+default\s+(?:async\s+)?function\s*[A-Za-z_$]*\s*\((?P<params>[^)]*)\)")
# A React element returned: ``return (<div…`` / ``=> (<Foo…`` / ``return <>…``.
_RETURNS_JSX = re.compile(r"(?:\breturn|=>)\s*\(?\s*<(?:[A-Za-z][\w.]*[\s>/]|>)")
_REQUEST_PARAM = re.compile(r"^\s*(?:req|request|_req)\b")
# A client the browser calls the backend through (``const api = axios.create({baseURL})``), kept under pages/api.
_CLIENT_VALUE = re.compile(r"\s*(?:await\s+)?(?P<made>axios\.create|ky\.(?:create|extend)|got\.extend|ofetch\.create"
                           r"|\$fetch\.create|new\s+ApolloClient|new\s+GraphQLClient)\s*\(")
_SUFFIXES = (".ts", ".tsx", ".js", ".jsx", ".mjs")


def _definition(text: str, name: str) -> tuple[str, str] | None:
    """``(params, rest of the file from the definition)`` of the top-level ``name``, or ``None``."""
    n = re.escape(name)
    m = re.search(rf"(?:^|\n)\s*(?:export\s+)?(?:async\s+)?function\s+{n}\s*(?:<[^>]*>)?\s*\((?P<params>[^)]*)\)"
                  rf"|(?:^|\n)\s*(?:export\s+)?(?:const|let|var)\s+{n}\s*(?::[^=]+)?=\s*(?P<value>[^\n]*)", text)
    if m is None:
        return None
    if m.group("params") is not None:
        return m.group("params"), text[m.start():]
    value = m.group("value") or ""
    params = re.match(r"\s*(?:async\s*)?\(?(?P<p>[^)=]*)", value)
    return (params.group("p") if params else ""), text[m.start():]


def not_an_api_route(path: str, text: str, files: Mapping[str, str], depth: int = 0) -> str:
    """Why the ``pages/api/`` module ``path`` is no API route (``"a React component (returns JSX)"``), or
    ``""`` when its default export may answer a request (a ``(req, res)`` handler, a wrapper, anything unread)."""
    if not _DEFAULT.search(text):
        reexport = _REEXPORT_DEFAULT.search(text)
        if reexport is None:
            return "no default export: Next.js serves nothing from it"
        target = _resolve(path, reexport.group("src"), files)
        if target is None or depth > 2:
            return ""  # re-exports a module not read: it may be a handler
        why = not_an_api_route(target, files[target], files, depth + 1)
        return f"it re-exports {target}: {why}" if why else ""
    function = _DEFAULT_FUNCTION.search(text)
    if function is not None:
        params, rest = function.group("params"), text[function.start():]
    else:
        named = _DEFAULT_NAME.search(text)
        if named is None:
            return ""  # ``export default withAuth(handler)`` and the like: judged as a route
        found = _definition(text, named.group("name"))
        if found is None:
            return ""
        params, rest = found
        if re.match(r"\s*(?:React\.)?createContext\b", rest.split("=", 1)[-1]) or re.search(
                rf"\b{re.escape(named.group('name'))}\s*(?::[^=]+)?=\s*(?:React\.)?createContext\s*[<(]", rest[:400]):
            return f"its default export {named.group('name')} is a React context (createContext)"
        client = _CLIENT_VALUE.match(rest.split("=", 1)[-1])
        if client is not None:
            return (f"its default export {named.group('name')} is an HTTP client ({client.group('made')}), "
                    "not a (req, res) handler")
    if _REQUEST_PARAM.match(params):
        return ""  # ``(req, res)``: a handler, whatever it returns
    if _RETURNS_JSX.search(rest):
        return "its default export is a React component (returns JSX), not a (req, res) handler"
    return ""


def _resolve(path: str, source: str, files: Mapping[str, str]) -> str | None:
    if not source.startswith("."):
        return None
    base = posixpath.normpath(posixpath.join(posixpath.dirname(path), source))
    for candidate in (base, *(base + s for s in _SUFFIXES), *(f"{base}/index{s}" for s in _SUFFIXES)):
        if candidate in files:
            return candidate
    return None
