"""How an Express-style app is assembled across files: which router object each route is registered on, where
that router is mounted (``app.use('/api/sd', require('./sd').router)``, a member of an imported module, a
destructured import, ``router.use('/comfy', comfy)`` inside the router's own file — to any depth), and which
app-level middleware runs before each mount, in registration order.

A middleware registered with ``app.use(mw)`` covers only what is mounted or routed on that object *after* it;
a router mounted before it (a public login router, a proxy) is not behind it. Middleware that comes from a
package is named by the package: a known package that authenticates no one (body parsing, CORS, helmet,
sessions, CSRF, static files…) is nothing to judge; any other package's middleware, and a project name whose
definition cannot be found, is *unread* — something stands in front of the routes that the check cannot see
into, so no route behind it is said to be surely unauthenticated.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

JS_SUFFIXES = (".js", ".mjs", ".cjs", ".ts", ".mts", ".cts", ".jsx", ".tsx")

# Packages whose middleware parses, logs, compresses, limits or secures requests but authenticates no caller.
NOT_AUTHENTICATING = frozenset({
    "express", "body-parser", "cors", "helmet", "compression", "morgan", "cookie-parser", "cookie-session",
    "express-session", "response-time", "multer", "serve-static", "serve-favicon", "express-rate-limit",
    "express-slow-down", "rate-limiter-flexible", "csurf", "csrf-csrf", "lusca", "hpp", "express-mongo-sanitize",
    "xss-clean", "connect-timeout", "method-override", "express-fileupload", "express-validator",
    "swagger-ui-express", "pino-http", "express-winston", "@sentry/node", "express-prom-bundle",
    "connect-history-api-fallback", "express-static-gzip", "http-proxy-middleware", "express-http-proxy",
    "koa-bodyparser", "@koa/cors", "koa-helmet", "koa-static", "koa-compress", "koa-logger", "@koa/bodyparser",
    "express-ws", "express-async-errors", "express-fingerprint", "request-ip", "express-useragent", "busboy",
    "connect-busboy", "i18n", "i18next-http-middleware", "express-openapi-validator", "nocache",
    "express-status-monitor",
    "connect-redis", "connect-mongo", "express-list-endpoints", "errorhandler", "express-request-id", "uuid",
    "node:path", "path", "fs", "node:fs",
    "restify"})  # restify.plugins.*: parsers, throttle, CORS — its authorizationParser only parses the header

_IDENT = r"[A-Za-z_$][\w$]*"
_IMPORT_DEFAULT = re.compile(rf"\bimport\s+(?P<name>{_IDENT})\s*(?:,\s*\{{(?P<named>[^}}]*)\}})?\s*from\s*"
                             r"['\"](?P<src>[^'\"]+)['\"]")
_IMPORT_NAMED = re.compile(r"\bimport\s+(?:type\s+)?\{(?P<named>[^}]*)\}\s*from\s*['\"](?P<src>[^'\"]+)['\"]")
_IMPORT_NS = re.compile(rf"\bimport\s+\*\s+as\s+(?P<name>{_IDENT})\s+from\s*['\"](?P<src>[^'\"]+)['\"]")
_REQUIRE = re.compile(rf"\b(?:const|let|var)\s+(?:(?P<name>{_IDENT})|\{{(?P<named>[^}}]*)\}})\s*=\s*"
                      rf"(?:require|(?:await\s+)?import)\(\s*['\"](?P<src>[^'\"]+)['\"]\s*\)"
                      rf"(?P<member>(?:\s*\.\s*{_IDENT})?)")
# ``const CORS = cors({...})``, ``const { doubleCsrfProtection } = doubleCsrf({...})``: a name made by a call.
_DERIVED = re.compile(rf"\b(?:const|let|var)\s+(?:(?P<name>{_IDENT})|\{{(?P<named>[^}}]*)\}})\s*=\s*(?:await\s+)?"
                      rf"(?:new\s+)?(?P<head>{_IDENT})\s*(?:\.\s*{_IDENT}\s*)*\(")
_ROUTER_CTOR = re.compile(rf"\b(?:const|let|var)\s+(?P<name>{_IDENT})\s*(?::\s*[\w$.<>]+\s*)?=\s*(?:new\s+)?"
                          rf"(?:{_IDENT}\.)?(?:Router|express|Hono|Koa|KoaRouter)\s*\(")
_USE = re.compile(rf"\b(?P<obj>{_IDENT})\.use\s*\(")
_VERB = re.compile(rf"\b(?P<obj>{_IDENT})\.(?:get|post|put|patch|delete|all)\s*\(\s*['\"`]/")
_EXPORTS_OBJ = re.compile(r"\bmodule\.exports\s*=\s*\{(?P<body>[^}]*)\}")
_EXPORTS_ONE = re.compile(rf"\bmodule\.exports\s*=\s*(?P<var>{_IDENT})\s*(?:;|\n|$)")
_EXPORTS_MEMBER = re.compile(rf"\b(?:module\.)?exports\.(?P<member>{_IDENT})\s*=\s*(?P<var>{_IDENT})\s*(?:;|\n|$)")
_EXPORT_DEFAULT = re.compile(rf"\bexport\s+default\s+(?P<var>{_IDENT})\s*(?:;|\n|$)")
_EXPORT_LIST = re.compile(r"\bexport\s*\{(?P<body>[^}]*)\}")
_EXPORT_CONST = re.compile(rf"\bexport\s+(?:const|let|var)\s+(?P<var>{_IDENT})\b")


ANY_ROOT = "*"  # the object of a mount whose exported router was not read: every root router of the file


@dataclass(frozen=True)
class Binding:
    """What a local name refers to: a project file's export (``member`` ``""`` is the module itself), a package's,
    or a value made by calling one (``via``)."""

    file: str = ""
    member: str = ""
    package: str = ""
    via: str = ""  # the call that made the value: ``cors`` for ``const CORS = cors({...})``


@dataclass(frozen=True)
class Use:
    """One ``obj.use(...)`` call."""

    pos: int
    line: int
    obj: str
    prefix: str  # the literal path prefix, "" when none
    unresolved_prefix: str  # the expression of a prefix that is not a literal
    items: tuple[str, ...]  # the middleware arguments (the mounted router excluded)
    target: tuple[str, str] | None  # the router it mounts: (file, object)
    condition: str  # the ``if`` it is registered under, "" when always


@dataclass(frozen=True)
class Mount:
    """One way a router is reached: the prefix before its own paths, the middleware that runs before it."""

    prefix: str = ""
    guards: tuple[object, ...] = ()
    unresolved: str = ""  # a prefix expression along the way that is not a literal
    via: tuple[str, ...] = ()  # where each mount along the way is (``server.js:588``)


@dataclass
class FileWiring:
    path: str
    text: str
    bindings: dict[str, Binding] = field(default_factory=dict)
    exports: dict[str, str] = field(default_factory=dict)  # member -> local name ("" and "default" for the module)
    routers: set[str] = field(default_factory=set)  # objects routes or middleware are registered on
    uses: list[Use] = field(default_factory=list)


def package_of(src: str) -> str:
    src = src.removeprefix("node:")
    parts = src.split("/")
    return "/".join(parts[:2]) if src.startswith("@") and len(parts) > 1 else parts[0]


def _named(items: str, sep: str) -> list[tuple[str, str]]:
    """``a, b as c`` (``sep`` "as") or ``a, b: c`` (``sep`` ":") → [(local, member)]."""
    out = []
    for raw in items.split(","):
        item = re.sub(r"\btype\s+", "", raw.strip())
        if not item or item.startswith("..."):
            continue
        member, _, local = (p.strip() for p in item.partition(sep)) if sep in item else (item, "", item)
        local = local.split("=")[0].strip()
        if re.fullmatch(_IDENT, local) and re.fullmatch(_IDENT, member):
            out.append((local, member))
    return out


def resolve_js(base: str, target: str, paths: set[str] | frozenset[str]) -> str:
    """The project file a relative import names (``./users`` → ``src/users.js``), or ``""``."""
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(base), target))
    for candidate in (joined, *(joined + s for s in JS_SUFFIXES), *(f"{joined}/index{s}" for s in JS_SUFFIXES)):
        if candidate in paths:
            return candidate
    return ""


def _binding(path: str, src: str, member: str, paths: set[str]) -> Binding:
    if src.startswith("."):
        return Binding(file=resolve_js(path, src, paths) or f"?{src}", member=member)
    return Binding(package=package_of(src), member=member)


def bindings_of(path: str, text: str, paths: set[str]) -> dict[str, Binding]:
    """Every imported or required name of a file, and names made by calling one."""
    out: dict[str, Binding] = {}
    for m in _IMPORT_DEFAULT.finditer(text):
        out[m.group("name")] = _binding(path, m.group("src"), "default", paths)
        for local, member in _named(m.group("named") or "", " as "):
            out[local] = _binding(path, m.group("src"), member, paths)
    for m in _IMPORT_NAMED.finditer(text):
        for local, member in _named(m.group("named"), " as "):
            out[local] = _binding(path, m.group("src"), member, paths)
    for m in _IMPORT_NS.finditer(text):
        out[m.group("name")] = _binding(path, m.group("src"), "", paths)
    for m in _REQUIRE.finditer(text):
        member = re.sub(r"[\s.]", "", m.group("member") or "")
        if m.group("name"):
            out[m.group("name")] = _binding(path, m.group("src"), member, paths)
        for local, named in _named(m.group("named") or "", ":"):
            out[local] = _binding(path, m.group("src"), named, paths)
    for m in _DERIVED.finditer(text):
        head = out.get(m.group("head"))
        if head is None or m.group("head") == "require":
            continue
        for local in [m.group("name")] if m.group("name") else [n for n, _ in _named(m.group("named") or "", ":")]:
            out.setdefault(local, Binding(head.file, head.member, head.package, via=m.group("head")))
    return out


def exports_of(text: str) -> dict[str, str]:
    """Exported member → the local name it exports (``""``/``default``: the module's own value)."""
    out: dict[str, str] = {}
    for m in _EXPORTS_OBJ.finditer(text):
        for local, member in _named(m.group("body"), ":"):
            out[member] = local
    for m in _EXPORTS_ONE.finditer(text):
        out[""] = out["default"] = m.group("var")
    for m in _EXPORTS_MEMBER.finditer(text):
        out[m.group("member")] = m.group("var")
    for m in _EXPORT_DEFAULT.finditer(text):
        out["default"] = out.setdefault("", m.group("var"))
    for m in _EXPORT_LIST.finditer(text):
        for local, member in _named(m.group("body"), " as "):
            out[member] = local
    for m in _EXPORT_CONST.finditer(text):
        out[m.group("var")] = m.group("var")
    return out


def _condition(text: str, pos: int) -> str:
    """The ``if (…)`` whose block (or single statement) holds ``pos``; ``""`` when the call runs unconditionally
    at its level (top level, or directly inside a function)."""
    line_start = text.rfind("\n", 0, pos) + 1
    same_line = re.match(r"\s*if\s*\((?P<cond>.*)\)\s*$", text[line_start:pos])
    if same_line:
        return same_line.group("cond").strip()
    depth, i = 0, pos - 1
    lower = max(0, pos - 20000)
    while i >= lower:
        ch = text[i]
        if ch == "}":
            depth += 1
        elif ch == "{":
            if depth == 0:
                head = text[max(0, i - 300):i].rstrip()
                cond = re.search(r"\bif\s*\((?P<cond>[^{};]*)\)\s*$", head)
                if cond:
                    return cond.group("cond").strip()
                if re.search(r"\belse$", head):
                    return "else branch"
                return ""
            depth -= 1
        i -= 1
    return ""


def blank_comments(text: str) -> str:
    """``text`` with its ``//`` and ``/* */`` comments turned to spaces (line breaks kept, so offsets and line
    numbers stay): commented-out ``app.use(…)`` registers nothing."""
    out = list(text)
    i, quote, n = 0, "", len(text)
    while i < n:
        ch = text[i]
        if quote:
            if ch == "\\":
                i += 2
                continue
            if ch == quote or (ch == "\n" and quote != "`"):
                quote = ""
        elif ch in "'\"`":
            quote = ch
        elif ch == "/" and text[i + 1:i + 2] in ("/", "*") and (i == 0 or text[i - 1] not in "\\:"):
            close = text.find("\n" if text[i + 1] == "/" else "*/", i + 2)
            end = n if close == -1 else close + (0 if text[i + 1] == "/" else 2)
            for j in range(i, end):
                if out[j] != "\n":
                    out[j] = " "
            i = end
            continue
        i += 1
    return "".join(out)


def _wiring(path: str, text: str, paths: set[str]) -> FileWiring:
    text = blank_comments(text)
    wiring = FileWiring(path, text, bindings_of(path, text, paths), exports_of(text))
    wiring.routers = {m.group("obj") for m in _VERB.finditer(text)} | {m.group("obj") for m in _USE.finditer(text)}
    wiring.routers |= {m.group("name") for m in _ROUTER_CTOR.finditer(text)}
    return wiring


def _uses(wiring: FileWiring, split: Callable[[str], list[str]], call_at: Callable[[str, int], str],
          target_of: Callable[[FileWiring, str], tuple[str, str] | None]) -> list[Use]:
    text = wiring.text
    uses = []
    for m in _USE.finditer(text):
        args = split(call_at(text, m.end() - 1)[1:-1])
        if not args:
            continue
        prefix = unresolved = ""
        first = args[0].strip()
        if first[:1] in "'\"" or (first.startswith("`") and "${" not in first):
            prefix, args = first.strip("'\"`"), args[1:]
        elif len(args) > 1 and re.fullmatch(_IDENT, first) and _string_constant(text, first) is not None:
            prefix, args = _string_constant(text, first) or "", args[1:]
        elif first.startswith("`") or (len(args) > 1 and _path_expression(wiring, first)):
            unresolved, args = first, args[1:]
        target = target_of(wiring, args[-1].strip()) if args else None
        items = tuple(args[:-1] if target else args)
        line = text.count("\n", 0, m.start()) + 1
        uses.append(Use(m.start(), line, m.group("obj"), prefix, unresolved, items, target,
                        _condition(text, m.start())))
    return uses


def _string_constant(text: str, name: str) -> str | None:
    """The literal a name is declared with (``const API = '/api'``), or ``None``."""
    m = re.search(rf"\b(?:const|let|var)\s+{re.escape(name)}\s*=\s*(['\"`])(?P<value>[^'\"`$]*)\1", text)
    return m.group("value") if m else None


def _path_expression(wiring: FileWiring, expr: str) -> bool:
    """A first ``use`` argument that is a path, not middleware: named like one (``API_PREFIX``, ``basePath``), or a
    bare name neither imported nor defined as a function in the file (a loop's ``src``)."""
    if re.fullmatch(r"[A-Z][A-Z0-9_]*|[\w$.]*(?:[Pp]ath|[Pp]refix|[Bb]ase|[Uu]rl|[Rr]oute)\w*", expr):
        return True
    if not re.fullmatch(_IDENT, expr) or expr in wiring.bindings or expr in wiring.routers:
        return False
    name = re.escape(expr)
    return not re.search(rf"\bfunction\s+{name}\b|\b(?:const|let|var)\s+{name}\s*=", wiring.text)


class ExpressWiring:
    """The mount graph of a project's Express-style files."""

    def __init__(self, files: Sequence[tuple[str, str]], split: Callable[[str], list[str]],
                 call_at: Callable[[str, int], str]) -> None:
        paths = {p for p, _ in files}
        self.files = {p: _wiring(p, t, paths) for p, t in files}
        mounted_inside: dict[str, set[str]] = {}
        for w in self.files.values():  # a router mounted in its own file is no root of that file
            for m in _USE.finditer(w.text):
                args = split(call_at(w.text, m.end() - 1)[1:-1])
                last = args[-1].strip() if args else ""
                if last in w.routers and last != m.group("obj"):
                    mounted_inside.setdefault(w.path, set()).add(last)
        self._roots = {p: sorted(w.routers - mounted_inside.get(p, set())) for p, w in self.files.items()}
        for w in self.files.values():
            w.uses = _uses(w, split, call_at, self._target)

    def _export(self, file: str, member: str) -> tuple[str, str] | None:
        """The router object a file exports as ``member`` (``""``: the module itself)."""
        w = self.files.get(file)
        if w is None:
            return None
        local = w.exports.get(member) or (w.exports.get("default") if member == "" else None)
        if local and local in w.routers:
            return file, local
        if member in w.routers:
            return file, member
        if local or not (member in {"", "default"} or re.search(r"(?i)router|routes|app|api", member)):
            return None  # an exported function or value, not a router
        roots = self._roots.get(file, [])
        if len(roots) == 1:
            return file, roots[0]
        return (file, ANY_ROOT) if roots else None  # which one is exported was not read: each root router

    def _target(self, w: FileWiring, arg: str) -> tuple[str, str] | None:
        """The router the last argument of ``use`` names, or ``None`` (it is middleware)."""
        req = re.fullmatch(rf"require\(\s*['\"](?P<src>\.[^'\"]+)['\"]\s*\)(?:\s*\.\s*(?P<member>{_IDENT}))?", arg)
        if req:
            file = resolve_js(w.path, req.group("src"), set(self.files))
            return self._export(file, req.group("member") or "") if file else None
        m = re.fullmatch(rf"(?P<head>{_IDENT})(?:\s*\.\s*(?P<member>{_IDENT}))?", arg)
        if m is None:
            return None
        head, member = m.group("head"), m.group("member")
        bound = w.bindings.get(head)
        if member is None and head in w.routers and (bound is None or bound.via):
            return w.path, head
        if bound is None or not bound.file or bound.file.startswith("?") or bound.via:
            return None
        if member is None:
            return self._export(bound.file, bound.member if bound.member != "default" else "")
        return self._export(bound.file, member) if bound.member in {"", "default"} else None

    def mounts(self, classify: Callable[[FileWiring, Use, str], object], *, depth: int = 8
               ) -> dict[tuple[str, str], list[Mount]]:
        """Every way each mounted router is reached from a root; a router mounted nowhere is absent."""
        edges: dict[tuple[str, str], list[tuple[tuple[str, str], Use]]] = {}
        for w in self.files.values():
            for use in w.uses:
                if use.target is not None and use.target != (w.path, use.obj):
                    edges.setdefault(use.target, []).append(((w.path, use.obj), use))
        memo: dict[tuple[str, str], list[Mount]] = {}

        def chains(node: tuple[str, str], level: int, seen: frozenset[tuple[str, str]]) -> list[Mount]:
            if node not in edges and node[1] in self._roots.get(node[0], []) and (node[0], ANY_ROOT) in edges:
                node = (node[0], ANY_ROOT)
            if node not in edges or level > depth:
                return [Mount()]
            if node in memo:
                return memo[node]
            out: list[Mount] = []
            for parent, use in edges[node]:
                if parent in seen:
                    continue
                w = self.files[parent[0]]
                before = [g for g in self.before(w, parent[1], use.pos, use.prefix, classify)]
                own = [classify(w, use, item) for item in use.items]
                for up in chains(parent, level + 1, seen | {node}):
                    prefix = "/".join(p.strip("/") for p in (up.prefix, use.prefix) if p.strip("/"))
                    out.append(Mount("/" + prefix if prefix else "", (*up.guards, *before, *own),
                                     up.unresolved or use.unresolved_prefix,
                                     (*up.via, f"{parent[0]}:{use.line}")))
            memo[node] = out or [Mount()]
            return memo[node]

        found = {node: chains(node, 0, frozenset()) for node in edges}
        for file, roots in self._roots.items():  # a mount of the module whose exported router was not read
            if (file, ANY_ROOT) in found:
                for root in roots:
                    found.setdefault((file, root), found[file, ANY_ROOT])
        return found

    def before(self, w: FileWiring, obj: str, pos: int, path: str,
               classify: Callable[[FileWiring, Use, str], object]) -> list[object]:
        """The middleware registered on ``obj`` before ``pos`` that covers ``path`` (no prefix, or a prefix
        that starts it), in order."""
        out = []
        for use in w.uses:
            if use.obj != obj or use.pos >= pos or use.target is not None or use.unresolved_prefix:
                continue
            if use.prefix and not _covers(use.prefix, path):
                continue
            out += [classify(w, use, item) for item in use.items]
        return out


def _covers(prefix: str, path: str) -> bool:
    prefix = "/" + prefix.strip("/").rstrip("*").rstrip("/")
    path = "/" + path.strip("/")
    return prefix in ("/", path) or path.startswith(prefix + "/")


def roots_of(wiring: ExpressWiring, file: str) -> list[str]:
    return wiring._roots.get(file, [])
