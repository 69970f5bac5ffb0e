"""Route inventory from source: which HTTP routes a product serves, where they are declared, and what
guards (dependencies, decorators, middleware) stand in front of each.

Read statically: Python with ``ast`` (FastAPI/Starlette, Flask, Django ``urls.py``), JavaScript and
TypeScript line-wise with balanced-paren scanning (Express, Next.js API routes). The inventory is built
once per scan and cached on the :class:`RepoSnapshot` instance, so every check that needs it
(route-auth, rate limits, webhooks, tenant scoping) shares one walk.

A route records *all* its guards by name, not a verdict: what counts as authentication or rate
limiting is decided by the check that reads it (and its options).
"""

from __future__ import annotations

import ast
import fnmatch
import posixpath
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace

from launchready.engines import drf_views
from launchready.engines.browser_code import in_browser_package, ui_package_roots
from launchready.engines.db_sessions import opens_db_session
from launchready.engines.express_mounts import (
    NOT_AUTHENTICATING,
    ExpressWiring,
    FileWiring,
    Mount,
    Use,
    package_of,
    resolve_js,
)
from launchready.engines.handler_reads import answers_preflight, header_key_check, sends_static_page
from launchready.engines.next_middleware import (
    listed_public_routes,
    matcher_covers_api,
    middleware_root,
    route_listed,
    sends_away_all_but,
)
from launchready.engines.next_pages import not_an_api_route
from launchready.engines.path_middleware import Opaque, Value, Verdict, judge_path, reads_path, refusal_answer
from launchready.engines.py_stubs import answers_constant
from launchready.engines.pysource import (
    PyModule,
    dotted_name,
    is_dev_path,
    keyword,
    python_module,
    python_tree,
    with_imported_constants,
)
from launchready.engines.route_wrappers import (
    Classes,
    Wrapper,
    class_attribute,
    class_index,
    enclosing_classes,
    find_method,
    judge_wrapper,
    self_prefix,
)
from launchready.targets.repo import RepoSnapshot

JS_SUFFIXES = (".js", ".mjs", ".cjs", ".ts", ".mts", ".cts", ".jsx", ".tsx")
HTTP_METHODS = ("get", "post", "put", "patch", "delete", "head", "options")
ANY = "ANY"

DEFAULT_AUTH_NAMES = (
    "current_user", "get_current_user", "require_user", "auth", "verify_token", "authenticated",
    "require_role", "require_admin", "login_required", "jwt_required", "get_session", "getServerSession",
    "permission", "requires_scope", "bearer", "oauth2", "api_key", "passport", "clerk", "session_user",
    "jwt", "authenticate", "AuthGuard",
)
"""Substrings (case, ``_`` and ``-`` ignored) of a guard name that make it an authentication guard."""

# A data class built in a handler (``ApikeyGetResponse(data=…)``, ``TokenCreateRequest``): named for what it carries,
# it checks nothing. An error raised (``AuthError(…)``) may be the refusal of a hand check: not one of these.
_DATA_CLASS = re.compile(r"[A-Z]\w*(?:Response|Request|Result|Model|Schema|Input|Output|Out|Dto|DTO|Params|Body|"
                         r"Payload)$")
# A getter of a stored or sent key (``getApiKeysFromCookie``, ``load_api_key``, ``get_token_from_header``): it hands
# the code a value — often the caller's own provider key — and turns no caller away; its name proves no check.
_CREDENTIAL_GETTER = re.compile(r"(?i)^_?(?:get|load|read|fetch|parse|extract|retrieve)_?(?:\w*?_?)?"
                                r"(?:api_?keys?|keys?|tokens?|cookies?|headers?|credentials?)(?:_?(?:from|for|of)\w*)?$")
_TOKEN_DECODERS = re.compile(
    r"(?:^|\.)(?:jwt\.decode|decode_token|decode_jwt|verify_jwt|verify_id_token|verify_token|jwt\.verify|"
    r"verifyToken|decodeToken|jwtVerify|verify_access_token|decode_access_token|compare_digest|timingSafeEqual|"
    r"verify_signature|verify_webhook|verifySignature|construct_event|constructEvent|\w*signature\w*|\w*hmac\w*)$"
)


def _norm(name: str) -> str:
    return name.lower().replace("_", "").replace("-", "")


def matches_any(name: str, needles: Iterable[str]) -> str:
    """The first of ``needles`` found in ``name`` (case, ``_``, ``-`` ignored), or ``""``."""
    flat = _norm(name)
    for needle in needles:
        if needle and _norm(needle) in flat:
            return needle
    return ""


@dataclass(frozen=True)
class Guard:
    """Something that runs before a handler: a dependency, decorator or middleware, by name."""

    name: str
    kind: str  # "dependency" | "decorator" | "middleware"
    scope: str  # "route" | "router" | "app"
    where: str  # path:line where it is attached
    authenticates: bool = False  # its definition was read: it checks a credential and answers 401/403
    refuses: bool = False  # its definition was read: it can answer an error before the handler, no credential read
    identifies: bool = False  # resolves the caller for the handler (SvelteKit ``locals.user`` set in hooks.server)
    unread: str = ""  # why what it decides could not be read (a library's NestJS guard, a tRPC hand-off)
    condition: str = ""  # registered only under this ``if``: it may not run at all, whatever it does
    not_auth: str = ""  # its definition was read: what it does instead of authenticating (yields a DB session)
    read: bool = False  # decided by reading what it runs (DRF's view classes): its name proves nothing
    optional: str = ""  # it authenticates, but lets every caller through while a setting is unset: which, and where


@dataclass(frozen=True)
class Route:
    """One HTTP route found in the source."""

    method: str  # GET, POST… or ANY
    path: str
    file: str
    line: int  # the decorator / registration line
    handler: str = ""
    end_line: int = 0  # last line of the handler (0 when unknown)
    framework: str = ""
    guards: tuple[Guard, ...] = ()
    body_calls: tuple[str, ...] = ()  # names of functions the handler calls
    reads_auth_header: bool = False  # the handler reads the Authorization header itself
    excerpt: str = ""
    issues_session: str = ""  # the call through which the handler issues a session or token (a login endpoint)
    constant_answer: bool = False  # takes nothing from the request and answers a literal (``return []``)
    signs_in: str = ""  # how the handler signs its caller in (verifies an emailed code and sets the session…)
    identity_only: tuple[str, ...] = ()  # auth-named project helpers it calls that only read who calls: none refuses
    public_marker: str = ""  # the code declares it public: route metadata its guard lets through (``@Public()``)
    not_caller_checks: tuple[str, ...] = ()  # auth-named calls read as checking no caller (an outgoing header…)
    read_checks: tuple[str, ...] = ()  # auth-named project calls whose definition reads who calls and can refuse
    let_through: str = ""  # a path-dispatching middleware that requires a credential elsewhere lets this path through

    @property
    def location(self) -> str:
        return f"{self.file}:{self.line}"

    @property
    def label(self) -> str:
        return f"{self.method} {self.path}"

    def auth_guards(self, names: Sequence[str] = DEFAULT_AUTH_NAMES) -> tuple[Guard, ...]:
        return tuple(g for g in self.guards if not g.condition and not g.not_auth
                     and (g.authenticates or (not g.read and matches_any(g.name, names))))

    def hand_auth(self, names: Sequence[str] = DEFAULT_AUTH_NAMES) -> tuple[str, ...]:
        """Authentication done by hand inside the handler: auth-named calls, token decoding, header reads."""
        found = [c.removeprefix("guard:") for c in self.body_calls
                 if c.startswith("guard:") or ((_TOKEN_DECODERS.search(c) or matches_any(c.rsplit(".", 1)[-1], names))
                                               and c not in self.not_caller_checks
                                               and not _DATA_CLASS.match(c.rsplit(".", 1)[-1])
                                               and not (_CREDENTIAL_GETTER.match(c.rsplit(".", 1)[-1])
                                                        and not _TOKEN_DECODERS.search(c)
                                                        and c not in self.read_checks
                                                        and c not in self.identity_only))]
        if self.reads_auth_header:
            found.append("reads the Authorization header")
        return tuple(dict.fromkeys(found))

    def hand_auth_read(self, names: Sequence[str] = DEFAULT_AUTH_NAMES) -> tuple[str, ...]:
        """The hand checks read to check a credential, not only named like one: a refusing helper or secret
        comparison (``guard:``), a project function read to check who calls and refuse (``current_user(request)``),
        a token decoder, a library session read (``getServerSession``), the Authorization header read."""
        found = [c.removeprefix("guard:") for c in self.body_calls
                 if c in self.read_checks or c.startswith("guard:") or (
                     (_TOKEN_DECODERS.search(c) or _JS_READS_SESSION.search(f"{c}()"))
                     and c not in self.not_caller_checks)]
        if self.reads_auth_header:
            found.append("reads the Authorization header")
        return tuple(dict.fromkeys(found))


# --- public-route globs ---------------------------------------------------------------------------

def _norm_path(path: str) -> str:
    path = "/" + path.strip().lstrip("/")
    return path.rstrip("/") or "/"


def _variants(path: str) -> list[str]:
    """The path, and the path without a leading ``/api`` and/or version segment."""
    out = [_norm_path(path)]
    stripped = re.sub(r"^/api(?=/|$)", "", out[0])
    stripped = re.sub(r"^/v\d+(?=/|$)", "", stripped)
    if stripped and stripped != out[0]:  # `/api` itself is no root page: nothing of it left is no variant
        out.append(stripped)
    return out


def is_public(route: Route, patterns: Iterable[str]) -> str:
    """The first pattern (``"/health*"`` or ``"POST /auth/login"``) that declares ``route`` public, or ``""``."""
    for raw in patterns:
        pattern = raw.strip()
        method, _, glob = pattern.partition(" ") if " " in pattern else ("", "", pattern)
        if method and method.upper() not in {route.method, "*", ANY} and route.method != ANY:
            continue
        glob = _norm_path(glob)
        if any(fnmatch.fnmatchcase(v, glob) for v in _variants(route.path)):
            return pattern
    return ""


# --- the inventory --------------------------------------------------------------------------------



# The objects routes hang on: `app`, `router`, `api`, a blueprint `bp`, `chat_router`.
_ROUTE_OWNER = re.compile(r"(?i)(?:^|[._])(?:\w*app|\w*router|api|bp|\w*blueprint|server)$")


def unread_route_paths(repo: RepoSnapshot) -> tuple[tuple[str, str], ...]:
    """Python route decorators (``@app.get(f"/{settings.prefix}/x")``) whose path is computed at run time, as
    ``(location, excerpt)``: the inventory cannot name their route, and a check says so instead of skipping it."""
    def build() -> tuple[tuple[str, str], ...]:
        out: list[tuple[str, str]] = []
        for mod in with_imported_constants(python_tree(repo).modules.values()):
            if is_dev_path(mod.path):
                continue
            for node in ast.walk(mod.tree):
                if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                    continue
                for deco in node.decorator_list:
                    if not (isinstance(deco, ast.Call) and isinstance(deco.func, ast.Attribute)
                            and deco.func.attr in {*HTTP_METHODS, "route", "api_route", "websocket"}
                            and _ROUTE_OWNER.search(dotted_name(deco.func.value))):
                        continue
                    path_node = deco.args[0] if deco.args else keyword(deco, "path") or keyword(deco, "rule")
                    if path_node is not None and _string(mod, path_node) is None:
                        out.append((f"{mod.path}:{mod.line(deco)}", mod.excerpt(deco)))
        return tuple(out)

    read = {(r.file, r.line) for r in route_inventory(repo)}  # a path joined to a class attribute is read there
    return tuple(u for u in repo.memo("unread_route_paths", build)
                 if (u[0].rsplit(":", 1)[0], int(u[0].rsplit(":", 1)[1])) not in read)


_REGISTERS = {"add_route", "add_url_rule", "add_api_route", "add_websocket_route"}


def unread_registrations(repo: RepoSnapshot) -> tuple[tuple[str, str], ...]:
    """Routes registered by a call (``app.add_route(View.as_view(), "/x")``, a lambda, a handler defined more than once
    or not in the project, a path computed at run time) that the inventory could not read, as ``(location,
    excerpt)``: a check names them instead of skipping them."""
    def build() -> tuple[tuple[str, str], ...]:
        modules = [m for m in with_imported_constants(python_tree(repo).modules.values()) if not is_dev_path(m.path)]
        defined: dict[str, list[tuple[PyModule, _Func]]] = {}
        for mod in modules:
            for node in ast.walk(mod.tree):
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                    defined.setdefault(node.name, []).append((mod, node))
        out: list[tuple[str, str]] = []
        for mod in modules:
            for call in mod.calls():
                name = dotted_name(call.func)
                if name.rsplit(".", 1)[-1] not in _REGISTERS or not _ROUTE_OWNER.search(name.rpartition(".")[0]):
                    continue
                if call.args and isinstance(call.args[0], ast.Constant) \
                        and str(call.args[0].value).lower() in {*HTTP_METHODS, "*"}:
                    continue  # aiohttp's router: the framework is named as not read, once
                spec = _registration(mod, call)
                handler = dotted_name(spec[3]).rsplit(".", 1)[-1] if spec is not None else ""
                if spec is None or not _registered_handler(mod, defined.get(handler, [])):
                    out.append((f"{mod.path}:{mod.line(call)}", mod.excerpt(call)))
        return tuple(out)

    return repo.memo("unread_registrations", build)


def route_inventory(repo: RepoSnapshot) -> list[Route]:
    """Every route declared in the repository's (non-test) source, cached on ``repo``."""
    return list(repo.memo("routes", lambda: tuple(_build(repo))))


def source_files(repo: RepoSnapshot, suffixes: Sequence[str] = (".py", *JS_SUFFIXES)) -> Iterator[tuple[str, str]]:
    """Production source files (no tests, examples, vendored or built code) as ``(path, text)``."""
    for file in repo.text_files(suffixes=suffixes):
        path = f"/{file.path}"
        if is_dev_path(file.path) or any(d in path for d in ("/node_modules/", "/dist/", "/build/", "/.next/",
                                                              "/vendor/", "/site-packages/", "/migrations/")):
            continue
        if file.path.endswith(".min.js"):
            continue
        yield file.path, file.text


def next_package_roots(repo: RepoSnapshot) -> tuple[str, ...]:
    """The directories of the project's packages that depend on next (``""`` for the repository root): where
    each app's ``app``/``src/app`` directory is."""
    from launchready.engines.js_frameworks import package_dependencies

    roots = []
    for path in repo.tracked_files:
        if posixpath.basename(path) == "package.json" and "node_modules/" not in path and "next" in \
                package_dependencies(repo, path, ("dependencies", "devDependencies", "peerDependencies")):
            roots.append(posixpath.dirname(path))
    return tuple(roots)


def _build(repo: RepoSnapshot) -> list[Route]:
    modules: list[PyModule] = []
    js: list[tuple[str, str]] = []
    for path, text in source_files(repo):
        if path.endswith(".py"):
            mod = python_module(repo, path, text)
            if mod is not None:
                modules.append(mod)
        else:
            js.append((path, text))
    modules = with_imported_constants(modules)  # route paths and prefixes imported from a constants module
    routes = _python_routes(modules)
    routes += _django_routes(modules)
    defined = js_defined_functions(js)
    ui = ui_package_roots(repo)
    # a UI package's client calls (`api.post("/login", values)`) have the shape of a route registration
    routes += _express_routes([(p, t) for p, t in js if not in_browser_package(p, ui)], defined)
    routes += _next_routes(js, defined, next_package_roots(repo))
    from launchready.engines.js_frameworks import nestjs_routes, remix_routes, sveltekit_routes
    from launchready.engines.ws_servers import io_routes, ws_routes

    routes += sveltekit_routes(js) + remix_routes(js) + nestjs_routes(js) + ws_routes(js) + io_routes(js)
    checks_session = session_checkers(js)
    if checks_session:
        texts = dict(js)
        routes = [_with_session_check(r, checks_session - package_imports(texts.get(r.file, "")))
                  for r in routes]
    routes = [_with_handoff(r) for r in routes]
    routes = _with_caller_checks(routes, js)
    routes.sort(key=lambda r: (r.file, r.line, r.method))
    return routes


_JS_FUNCTION_DEF = re.compile(
    r"(?:export\s+)?(?:async\s+)?function\s+(?P<a>[A-Za-z_$][\w$]*)\s*\("
    r"|(?:export\s+)?(?:const|let)\s+(?P<b>[A-Za-z_$][\w$]*)\s*=\s*(?:async\s*)?(?:\([^)]*\)|[A-Za-z_$][\w$]*)\s*=>")
_JS_READS_SESSION = re.compile(
    r"\.auth\.getUser\s*\(|\bgetSession\s*\(|\bgetServerSession\s*\(|\bcookies\s*\(\s*\)|\bauth\s*\(\s*\)"
    r"|\bcurrentUser\s*\(|\bgetToken\s*\(|\bjwtVerify\s*\(|\bjwt\.verify\s*\(|\bverify(?:Token|Jwt|Session)\s*\("
    r"|\bvalidateRequest\s*\(|headers\s*(?:\.get\(\s*['\"]authorization|\.authorization\b)", re.IGNORECASE)
_JS_SESSION_REFUSES = re.compile(r"\bthrow\s+new\s+\w*Error\s*\(|\bredirect\s*\(|\bstatus\s*[:(]\s*40[13]\b|\b40[13]\b")


def js_defined_functions(files: Sequence[tuple[str, str]]) -> frozenset[str]:
    """Names of the functions the project's own JavaScript/TypeScript defines."""
    return frozenset(m.group("a") or m.group("b") for _, text in files for m in _JS_FUNCTION_DEF.finditer(text))


_JS_RESULT = re.compile(
    r"(?:const|let|var)\s+(?P<var>[A-Za-z_$][\w$]*)\s*=\s*(?:await\s+)?(?P<fn>[A-Za-z_$][\w$]*)\s*\("
    r"\s*(?:req|request|ctx|c|event|headers|cookies)(?:\.(?:headers|cookies))?\s*[,)]")
_JS_DENIAL = re.compile(r"\bstatus\s*[:(]\s*40[13]\b|\bsendStatus\s*\(\s*40[13]\b|\berror\s*\(\s*40[13]\b"
                        r"|\bthrow\s+new\s+\w*(?:Unauthori[sz]ed|Forbidden)\w*")


def js_refusing_helper(body: str, defined: frozenset[str]) -> str:
    """``auth() → 401`` when the handler calls a project function and answers 401/403 on its result
    (``const r = auth(req); if (r.error) return NextResponse.json(r, { status: 401 })``): the helper decides who
    may pass, so the handler checks auth by hand, through it."""
    for m in _JS_RESULT.finditer(body):
        if m.group("fn") not in defined:
            continue
        var = re.escape(m.group("var"))  # the helper is handed the request: where the credential is
        for cond in re.finditer(r"\bif\s*\(", body[m.end():]):
            start = m.end() + cond.end() - 1
            test = balanced(body, start, limit=400)
            if not re.search(rf"(?<![\w$.]){var}\b", test):
                continue
            after = body[start + len(test):].lstrip()
            branch = balanced(after, 0, limit=600) if after.startswith("{") else after.split(";", 1)[0]
            denial = _JS_DENIAL.search(branch)
            if denial:
                return f"{m.group('fn')}() → {denial.group(0)}"
            break
    return ""


# ``const { data: { user } } = await supabase.auth.getUser()`` / ``const session = await getServerSession(…)``: the
# names bound by a statement that reads the caller's session
_JS_SESSION_BINDING = re.compile(r"\b(?:const|let|var)\s+(?P<lhs>\{[^;=]{0,200}\}|[A-Za-z_$][\w$]*)\s*=\s*(?:await\s+)?"
                                 r"(?P<call>[^;\n]{0,160})")
_JS_HANDED_CALLER = re.compile(r"\b(?:req|request|headers|cookies|event|ctx|context|authOptions|options|auth\w*)\b",
                               re.IGNORECASE)
_JS_ANY_REFUSAL = re.compile(r"\bstatus\s*[:(]\s*4\d\d\b|\bsendStatus\s*\(\s*4\d\d\b|\berror\s*\(\s*4\d\d\b"
                             r"|\bthrow\b|\bredirect\s*\(|\bnotFound\s*\(|\b[Uu]nauthori[sz]ed\b|\b[Ff]orbidden\b")


# a project function, typed or not: ``function getUser(`` / ``const getUser = async (): Promise<User> =>``
_JS_TYPED_DEF = re.compile(
    r"(?:export\s+)?(?:async\s+)?function\s+(?P<a>[A-Za-z_$][\w$]*)\s*(?:<[^>]{0,80}>)?\s*\((?P<pa>[^)]{0,200})\)"
    r"|(?:export\s+)?(?:const|let)\s+(?P<b>[A-Za-z_$][\w$]*)\s*(?::[^=]{0,80})?=\s*(?:[\w$.]+\(\s*)?"
    r"(?:async\s*)?\((?P<pb>[^)]{0,200})\)\s*(?::[^=]{0,80}?)?=>")  # ``= cache(async () => …)`` too
# what a session reader answers: nothing for a caller without a session, or the session (or its user) itself
_JS_RETURNS_READ = re.compile(r"\breturn\s+(?:null|undefined|false)\b|\breturn\s*;|\breturn\s+(?:await\s+)?"
                              r"(?:[\w$.]+\.auth\.getUser|[\w$.]*getSession|[\w$.]*getServerSession|auth)\s*\("
                              r"|\breturn\s+[\w$]+\s*\??\.\s*user\b")


def js_session_readers(files: Sequence[tuple[str, str]]) -> tuple[frozenset[str], frozenset[str]]:
    """``(readers, refusers)`` among the project's own JavaScript/TypeScript functions: a *reader* returns what it
    read of the caller's session, itself or through another reader (``getCurrentUser()`` → ``getComprehensiveUser
    Data()`` → ``auth.api.getSession``); a *refuser* takes a value and throws or answers 401/403 when it is absent
    (``assertProUser(user)``: ``if (!user) throw …``)."""
    bodies: dict[str, str] = {}
    refusers: set[str] = set()
    for _, text in files:
        for m in _JS_TYPED_DEF.finditer(text):
            name, params = (m.group("a"), m.group("pa")) if m.group("a") else (m.group("b"), m.group("pb"))
            brace = text.find("{", m.end())
            if brace == -1 or brace - m.end() > 200 or name in bodies:
                continue
            body = balanced(text, brace, limit=8000)
            bodies[name] = body
            first = re.match(r"\s*([A-Za-z_$][\w$]*)", params or "")
            if first and re.search(rf"\bif\s*\(\s*!\s*{re.escape(first.group(1))}\b[^)]*\)\s*\{{?\s*"
                                   r"(?:throw\b|return\b[^;]*\b40[13]\b)", body):
                refusers.add(name)
    # it reads the session and hands back nothing for a caller without one, or what it read
    readers = {n for n, b in bodies.items() if _JS_READS_SESSION.search(b) and _JS_RETURNS_READ.search(b)}
    for _ in range(4):  # a reader that returns another reader's answer, through up to four project functions
        more = {n for n, b in bodies.items() if n not in readers
                and any(re.search(rf"\breturn\s+(?:await\s+)?{re.escape(r)}\s*\(", b) for r in readers)}
        if not more:
            break
        readers |= more
    return frozenset(readers), frozenset(refusers)


def js_inline_session_check(body: str, readers: frozenset[str] = frozenset(),
                            refusers: frozenset[str] = frozenset()) -> str:
    """``supabase.auth.getUser() → 400`` when the handler reads the caller's session itself (or through a project
    function that returns it, one of ``readers``) and answers an error (any 4xx, a throw or a redirect) in an ``if``
    that tests a name that read bound, negated (``if (!user?.email)``, ``if (!session)``); or hands what a reader
    returned straight to a project function that throws without it (``assertProUser(await getCurrentUser())``):
    callers without a session are turned away by the handler, by hand."""
    for wrap in re.finditer(r"(?<![\w$.])(?P<outer>[A-Za-z_$][\w$]*)\s*\(\s*(?:await\s+)?"
                            r"(?P<inner>[A-Za-z_$][\w$]*)\s*\(\s*\)", body):
        if wrap.group("outer") in refusers and wrap.group("inner") in readers:
            return f"{wrap.group('outer')}({wrap.group('inner')}()) → throws without a session"
    for m in _JS_SESSION_BINDING.finditer(body):
        read = _JS_READS_SESSION.search(m.group("call"))
        project = re.match(r"\s*([A-Za-z_$][\w$]*)\s*\(\s*\)", m.group("call"))
        if read is None and project is not None and project.group(1) in readers:
            read = project
        if read is None:
            continue
        handed = m.group("call")[read.end():].split(")", 1)[0] if read.group(0).endswith("(") else ""
        if handed.strip() and not _JS_HANDED_CALLER.search(handed):
            continue  # ``SessionManager.getSession(id)``: a record looked up by an id, not the caller's session
        names = set(re.findall(r"[A-Za-z_$][\w$]*", m.group("lhs"))) - {"data", "error", "const", "let", "var"}
        names |= {n for n in re.findall(r"(?::\s*|\{\s*|,\s*)([A-Za-z_$][\w$]*)\s*[},]", m.group("lhs"))}
        for cond in re.finditer(r"\bif\s*\(", body[m.end():]):
            start = m.end() + cond.end() - 1
            test = balanced(body, start, limit=400)
            if not any(re.search(rf"!\s*{re.escape(n)}\b|\b{re.escape(n)}\s*(?:===?|!==?)\s*(?:null|undefined)\b",
                                 test) for n in names):
                continue
            after = body[start + len(test):].lstrip()
            branch = balanced(after, 0, limit=600) if after.startswith("{") else after.split(";", 1)[0]
            refusal = _JS_ANY_REFUSAL.search(branch)
            if refusal:
                called = re.sub(r"\s*\(.*$", "", read.group(0)).lstrip(".")
                return f"{called}() → {refusal.group(0).strip()}"
            break
    return ""


def session_checkers(files: Sequence[tuple[str, str]]) -> frozenset[str]:
    """Project functions that read the caller's session or token and refuse without one
    (``getServerProfile()`` that throws "User not found"): a handler calling one checks auth by hand."""
    names: set[str] = set()
    for _, text in files:
        if not _JS_READS_SESSION.search(text):
            continue
        for m in _JS_FUNCTION_DEF.finditer(text):
            brace = text.find("{", m.end())
            if brace == -1 or brace - m.end() > 300:
                continue
            body = balanced(text, brace, limit=8000)
            if _JS_READS_SESSION.search(body) and _JS_SESSION_REFUSES.search(body):
                names.add(m.group("a") or m.group("b"))
    return frozenset(names)


# ``import { createClient } from "@supabase/supabase-js"`` — a package's name, not a project path (``./``, ``@/``,
# ``~/``, ``#``, ``src/``)
_PACKAGE_IMPORT = re.compile(r"\bimport\s*(?:type\s+)?(?:[\w$]+\s*,\s*)?\{(?P<names>[^}]*)\}\s*from\s*['\"]"
                             r"(?P<module>(?![./~#]|@/|src/)[^'\"]+)['\"]")


def package_imports(text: str) -> frozenset[str]:
    """The local names a JS/TS file imports from a package: a call of one is the library's, whatever project
    function shares its name (``createClient`` of supabase-js, not the project's ``lib/supabase/server.ts``)."""
    names: set[str] = set()
    for m in _PACKAGE_IMPORT.finditer(text):
        for part in m.group("names").split(","):
            local = part.strip().split(" as ")[-1].strip()
            if local:
                names.add(local)
    return frozenset(names)


def _with_session_check(route: Route, checkers: frozenset[str]) -> Route:
    if route.framework not in {"next", "sveltekit", "remix", "express", "fastify", "hono", "nestjs"}:
        return route
    called = [c.rsplit(".", 1)[-1] for c in route.body_calls]
    found = [name for name in called if name in checkers and name != route.handler
             and name.lower() not in {*HTTP_METHODS, "loader", "action", "handler", "default"}]
    if not found:
        return route
    return replace(route, body_calls=(*route.body_calls, f"guard:{found[0]}()"))


_JS_FRAMEWORKS = frozenset({"next", "sveltekit", "remix", "express", "fastify", "hono", "nestjs", "koa"})


def _with_caller_checks(routes: list[Route], js: Sequence[tuple[str, str]]) -> list[Route]:
    """JS routes with the auth-named calls of their handler that check no caller (a credential header built for
    an outgoing request, a project helper that reads no credential) set aside, so they are no hand check."""
    from launchready.engines.js_caller_checks import not_caller_checks, project_definitions

    texts = dict(js)
    definitions: dict[str, list[str]] | None = None
    out = []
    for route in routes:
        named = [c for c in route.body_calls if not c.startswith("guard:")
                 and (_TOKEN_DECODERS.search(c) or matches_any(c.rsplit(".", 1)[-1], DEFAULT_AUTH_NAMES))]
        text = texts.get(route.file)
        if not named or text is None or route.framework not in _JS_FRAMEWORKS:
            out.append(route)
            continue
        definitions = project_definitions(js) if definitions is None else definitions
        lines = text.splitlines()
        handler = "\n".join(lines[route.line - 1:max(route.end_line, route.line)])
        skip = not_caller_checks(handler, route.body_calls, definitions, named)
        out.append(replace(route, not_caller_checks=skip) if skip else route)
    return out


# A route that hands every request to another framework's dispatcher: the procedures or resolvers behind it
# decide their own auth (tRPC's ``protectedProcedure``, a GraphQL resolver's context check), and the static
# inventory does not read them, so the route is undetermined rather than one unauthenticated route.
HANDOFFS = {"createNextApiHandler": "tRPC", "fetchRequestHandler": "tRPC", "createHTTPHandler": "tRPC",
            "startServerAndCreateNextHandler": "Apollo Server", "createYoga": "GraphQL Yoga",
            "graphqlHTTP": "express-graphql", "createGraphQLHandler": "GraphQL"}


def _with_handoff(route: Route) -> Route:
    names = [*(g.name for g in route.guards), *route.body_calls]
    call = next((n for n in names if n.rsplit(".", 1)[-1] in HANDOFFS), "")
    if not call or route.auth_guards():
        return route
    framework = HANDOFFS[call.rsplit(".", 1)[-1]]
    return replace(route, guards=(*route.guards, Guard(
        call, "handoff", "route", route.location,
        unread=f"{framework} ({call}): each procedure it dispatches to decides its own auth, and those are not "
               "read by the static inventory")))


# --- Python: FastAPI / Starlette / Flask ------------------------------------------------------------

_ROUTER_CTORS = {"FastAPI", "APIRouter", "Starlette", "Flask", "Blueprint", "Quart", "Router", "Sanic"}
_AUTH_HEADER = re.compile(r"authorization", re.IGNORECASE)


def _loop_items(mod: PyModule) -> dict[int, dict[str, list[ast.expr]]]:
    """For each call inside a ``for NAME in ITEMS:`` loop whose items are a literal list (inline, or a name assigned
    one in the same function or module): ``{id(call): {NAME: [items]}}``."""
    lists: dict[str, list[ast.expr]] = {}
    for node in ast.walk(mod.tree):
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name) \
                and isinstance(node.value, ast.List | ast.Tuple):
            lists[node.targets[0].id] = list(node.value.elts)
    out: dict[int, dict[str, list[ast.expr]]] = {}
    for loop in ast.walk(mod.tree):
        if not (isinstance(loop, ast.For) and isinstance(loop.target, ast.Name)):
            continue
        items = list(loop.iter.elts) if isinstance(loop.iter, ast.List | ast.Tuple) else \
            lists.get(loop.iter.id, []) if isinstance(loop.iter, ast.Name) else []
        if not items:
            continue
        for stmt in loop.body:
            for node in ast.walk(stmt):
                if isinstance(node, ast.Call):
                    out.setdefault(id(node), {})[loop.target.id] = items
    return out


@dataclass
class _RouterInfo:
    key: tuple[str, str]  # (module path, variable)
    prefix: str = ""
    guards: list[Guard] = field(default_factory=list)
    is_app: bool = False
    parent: tuple[tuple[str, str], str, list[Guard]] | None = None  # (parent key, include prefix, guards)


def _depends_names(node: ast.AST | None, aliases: dict[str, list[str]]) -> list[str]:
    """Names of the callables in every ``Depends(x)`` / ``Security(x)`` inside ``node``, plus alias targets."""
    names: list[str] = []
    if node is None:
        return names
    for sub in ast.walk(node):
        if isinstance(sub, ast.Call) and dotted_name(sub.func).rsplit(".", 1)[-1] in {"Depends", "Security"}:
            target = sub.args[0] if sub.args else keyword(sub, "dependency")
            if target is not None:
                name = dotted_name(target)
                if name:
                    names.append(name)
        elif isinstance(sub, ast.Name) and sub.id in aliases:
            names.extend(aliases[sub.id])
    return names


_Func = ast.FunctionDef | ast.AsyncFunctionDef
_Index = dict[str, list[tuple[PyModule, _Func]]]


def _aliases(modules: Sequence[PyModule]) -> dict[str, list[str]]:
    """``CurrentUser = Annotated[User, Depends(current_user)]`` → ``{"CurrentUser": ["current_user"]}``."""
    out: dict[str, list[str]] = {}
    for mod in modules:
        for name, value in mod.constants.items():
            found = _depends_names(value, {})
            if found:
                out.setdefault(name, []).extend(found)
        # A project function that returns ``Depends(f)``/``Security(f)`` (``def get_user(role): return
        # Depends(current_user(role))``): a parameter default that calls it (``_=get_user()``) is the dependency f.
        for node in mod.tree.body:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                returned = [dep for ret in ast.walk(node) if isinstance(ret, ast.Return)
                            for dep in _depends_names(ret.value, {})]
                if returned:
                    out.setdefault(node.name, []).extend(returned)
    return out


def _function_index(modules: Sequence[PyModule]) -> _Index:
    """Functions by name, and methods also by ``Class.method`` (``Depends(OrganizationCrud.inject)``)."""
    index: _Index = {}
    for mod in modules:
        for node in ast.walk(mod.tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                index.setdefault(node.name, []).append((mod, node))
            elif isinstance(node, ast.ClassDef):
                for item in node.body:
                    if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
                        index.setdefault(f"{node.name}.{item.name}", []).append((mod, item))
    # `require_provider_scope = ScopeDependency("provider")`: a module constant holding a callable object is a
    # dependency whose code is its class's __call__
    for mod in modules:
        for stmt in mod.tree.body:
            if (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name)
                    and isinstance(stmt.value, ast.Call)):
                called = index.get(f"{dotted_name(stmt.value.func).rsplit('.', 1)[-1]}.__call__", [])
                if len(called) == 1:
                    index.setdefault(stmt.targets[0].id, []).append((mod, called[0][1]))
    return index


def _param_nodes(func: ast.FunctionDef | ast.AsyncFunctionDef) -> list[ast.AST]:
    args = func.args
    nodes: list[ast.AST] = []
    for a in [*args.posonlyargs, *args.args, *args.kwonlyargs]:
        if a.annotation is not None:
            nodes.append(a.annotation)
    nodes.extend(d for d in [*args.defaults, *args.kw_defaults] if d is not None)
    return nodes


def _expand_dependencies(names: list[str], aliases: dict[str, list[str]],
                         index: _Index,
                         depth: int = 3) -> list[str]:
    """The dependency names and, transitively, the dependencies of dependency functions (``require_admin``
    depending on ``current_user``), so a route guarded by an auth-dependent dependency shows the auth."""
    seen = list(dict.fromkeys(names))
    frontier = list(seen)
    for _ in range(depth):
        nxt: list[str] = []
        for name in frontier:
            qualified = ".".join(name.rsplit(".", 2)[-2:])
            for _mod, func in (index.get(qualified) or index.get(name.rsplit(".", 1)[-1], []))[:1]:
                for node in _param_nodes(func):
                    for dep in _depends_names(node, aliases):
                        if dep not in seen:
                            seen.append(dep)
                            nxt.append(dep)
        frontier = nxt
    return seen


def _string(mod: PyModule, node: ast.expr | None) -> str | None:
    """A path or prefix as written: a literal, a module constant, or an f-string of them (``f"{API_V1}/chat"``,
    joined by ``PyModule.value``); of a conditional (``f"/{api_prefix}/tokens" if api_prefix else "/tokens"``) the
    branch that is one — the path served when the setting is left out, which chat2api's token routes are."""
    if isinstance(node, ast.IfExp):
        return _string(mod, node.orelse) or _string(mod, node.body)
    value = mod.value(node)
    return value if isinstance(value, str) else None


def _body_facts(func: ast.FunctionDef | ast.AsyncFunctionDef) -> tuple[tuple[str, ...], bool]:
    calls: list[str] = []
    reads_header = False
    for node in ast.walk(func):
        if isinstance(node, ast.Call):
            name = dotted_name(node.func)
            if name:
                calls.append(name)
            if name.endswith(("headers.get", "META.get")) and node.args and isinstance(node.args[0], ast.Constant):
                reads_header = reads_header or bool(_AUTH_HEADER.search(str(node.args[0].value)))
        elif (isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant)
              and dotted_name(node.value).endswith(("headers", "META"))):
            reads_header = reads_header or bool(_AUTH_HEADER.search(str(node.slice.value)))
        elif isinstance(node, ast.Attribute) and node.attr == "authorization" and dotted_name(node.value).endswith(
                ("headers", "request")):
            reads_header = True
    return tuple(dict.fromkeys(calls)), reads_header


# What a login endpoint does once it has read the credential: hand the caller a session or a token.
SESSION_ISSUERS = re.compile(
    r"(?:^|\.)(?:jwt\.encode|login_user|set_auth_cookie|set_session_cookie"
    r"|_?(?:create|issue|encode|sign|mint)_(?:access_|refresh_|auth_|session_)?(?:jwt|token|session)"
    r"|createAccessToken|createSession|issueToken|signJwt|signToken|createJwt)$")


def _session_issuer(calls: Sequence[str], index: _Index) -> str:
    """The call (or ``helper → call``, one project function deep) by which a handler issues a session."""
    for call in calls:
        if SESSION_ISSUERS.search(call):
            return call
    for call in calls:
        for _mod, func in index.get(call.rsplit(".", 1)[-1], [])[:1]:
            inner, _ = _body_facts(func)
            found = next((c for c in inner if SESSION_ISSUERS.search(c)), "")
            if found:
                return f"{call} → {found}"
    return ""


# A value the handler reads from its configuration by a secret's name: ``os.environ["AUTH_SECRET_KEY"]``,
# ``os.getenv("API_PASSWORD")``, ``process.env.AUTH_SECRET_KEY``.
SECRET_SETTING = re.compile(r"(?i)^[A-Z0-9_]*(?:SECRET|PASSWORD|PASSCODE|ACCESS_?CODE|API_?KEY|AUTH_?KEY|AUTH_?TOKEN"
                            r"|ACCESS_?TOKEN)[A-Z0-9_]*$")
_VERIFIES = re.compile(r"(?i)verif\w*(?:code|token|otp|password|credential|link|email|login)|check_?password"
                       r"|check_?code|authenticate")
_SIGN_IN_SENDERS = re.compile(
    r"(?i)(?:^|\.)send\w*(?:magic|(?:sign_?in|login)_?(?:link|code|email)|otp|one_?time)\w*$")
_SESSION_USER_KEY = re.compile(r"(?i)user|uid|account|logged|auth")


# What a credential check calls besides the comparison when it does nothing but answer: the response, an error,
# a log line, the request's own body and settings.
_ANSWER_CALL = re.compile(
    r"^(?:res|reply|ctx|c|response|console|logger|logging|log)\.\w+$|^(?:req|request)\.(?:json|body|form|get_json)$"
    r"|(?:^|\.)(?:\w*Error|\w*Exception|abort|json|jsonify|JSONResponse|Response|NextResponse\.json|Response\.json"
    r"|getenv|environ\.get|str|int|bool|dict|len|String|Number|Boolean)$")


def answers_only(calls: Sequence[str]) -> bool:
    """The handler calls nothing but its response, errors, logs and the request's body: a secret comparison in
    it is a login check that answers yes or no (``POST /verify``), not a guard in front of other work."""
    return all(c.startswith("guard:") or _ANSWER_CALL.search(c) for c in calls)


def _secret_setting(node: ast.expr) -> str:
    """``AUTH_SECRET_KEY`` for ``os.environ["AUTH_SECRET_KEY"]`` / ``os.getenv("AUTH_SECRET_KEY")``."""
    key: ast.expr | None = None
    if isinstance(node, ast.Subscript) and dotted_name(node.value).endswith("environ"):
        key = node.slice
    elif isinstance(node, ast.Call) and dotted_name(node.func).endswith(("getenv", "environ.get")) and node.args:
        key = node.args[0]
    if isinstance(key, ast.Constant) and isinstance(key.value, str) and SECRET_SETTING.match(key.value):
        return key.value
    return ""


def _login_facts(func: _Func) -> tuple[str, str]:
    """(comparison, sign-in) of a handler that signs its caller in by what it does, not by its path:
    ``compares token with the configured secret AUTH_SECRET_KEY`` when it compares a value with a secret from
    the environment (the credential check itself); a sign-in when it verifies a code or token from the request
    and stores the user in the session (``request.session["user"] = …``), or sends a sign-in link or code
    (``send_magic_link_email``)."""
    compared = ""
    verified = sender = stored = ""
    for node in ast.walk(func):
        if isinstance(node, ast.Compare) and len(node.comparators) == 1 and isinstance(node.ops[0], ast.Eq | ast.NotEq):
            sides = [node.left, node.comparators[0]]
            for side, other in (sides, sides[::-1]):
                setting = _secret_setting(side)
                if setting and not isinstance(other, ast.Constant):
                    compared = compared or f"compares {ast.unparse(other)[:40]} with the configured secret {setting}"
        elif isinstance(node, ast.Call):
            name = dotted_name(node.func)
            if _SIGN_IN_SENDERS.search(name):
                sender = sender or name
            elif _VERIFIES.search(name.rsplit(".", 1)[-1]):
                verified = verified or name
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                if (isinstance(target, ast.Subscript) and dotted_name(target.value).rsplit(".", 1)[-1] == "session"
                        and isinstance(target.slice, ast.Constant)
                        and _SESSION_USER_KEY.search(str(target.slice.value))):
                    stored = stored or f"{dotted_name(target.value)}[{target.slice.value!r}]"
    if sender:
        return compared, f"sends a sign-in link or code ({sender})"
    if verified and stored:
        return compared, f"verifies the request's credential ({verified}) and stores the user in {stored}"
    return compared, ""


def _denies(nodes: Sequence[ast.stmt]) -> str:
    """``401`` (or ``status.HTTP_403_FORBIDDEN``) when one of ``nodes`` answers 401/403
    (``raise HTTPException(status_code=403)``, ``abort(401)``, ``JSONResponse(…, status_code=…)``)."""
    for stmt in nodes:
        for node in ast.walk(stmt):
            if not isinstance(node, ast.Call):
                continue
            values = [kw.value for kw in node.keywords if kw.arg in {"status_code", "status", "code"}]
            if dotted_name(node.func).rsplit(".", 1)[-1] == "abort" and node.args:
                values.append(node.args[0])
            for value in values:
                text = ast.unparse(value)
                if re.fullmatch(r"40[13]|(?:\w+\.)*HTTP_40[13]_\w+", text):
                    return text
    return ""


# The request, or its headers or cookies, handed to a helper: where the caller's credential is.
_REQUEST_ARG = re.compile(r"^(?:req|request|ctx|c|event|headers|cookies)(?:\.(?:headers|cookies|session))?$")


def _refusing_helper(func: _Func, index: _Index) -> str:
    """``check_access() → 403`` when the handler calls a project function and answers 401/403 on its
    result (``access = check_access(request)`` then ``if not access: raise HTTPException(403)``)."""
    for block in ast.walk(func):
        body = getattr(block, "body", None)
        if not isinstance(body, list):
            continue
        for i, stmt in enumerate(body):
            value = stmt.value if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 else None
            value = value.value if isinstance(value, ast.Await) else value
            if not (isinstance(value, ast.Call) and isinstance(stmt, ast.Assign)
                    and isinstance(stmt.targets[0], ast.Name)):
                continue
            helper = dotted_name(value.func).rsplit(".", 1)[-1]
            if helper not in index or not any(_REQUEST_ARG.match(dotted_name(a)) for a in value.args):
                continue
            var = stmt.targets[0].id
            for later in body[i + 1:i + 4]:
                if isinstance(later, ast.If) and any(isinstance(n, ast.Name) and n.id == var
                                                     for n in ast.walk(later.test)):
                    denial = _denies(later.body)
                    if denial:
                        return f"{helper}() → {denial}"
    return ""


def _reads_session(test: ast.expr) -> str:
    """The session read an ``if`` test makes: ``request.session.get("user_id")``, ``request.session["user"]``,
    ``"user" not in request.session``, Flask's ``session.get("user")``; ``""`` when it reads none."""
    for node in ast.walk(test):
        target = None
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get" \
                and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
            target = node.func.value  # a key by name, not ``db_session.get(User, uid)``
        elif isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant):
            target = node.value
        elif isinstance(node, ast.Compare) and any(isinstance(op, ast.NotIn | ast.In) for op in node.ops):
            target = node.comparators[0]
        if target is not None and re.fullmatch(r"(?:(?:request|req)\.)?session", dotted_name(target)):
            return ast.unparse(node)[:80]
    return ""


def _session_refusal(func: _Func) -> str:
    """``request.session.get("user_id") → 401`` when the handler refuses (401/403) in an ``if`` on a value its
    signed session holds (``if request.session.get("user_id") is None: raise HTTPException(401)``, or the value
    assigned from it just before): the caller's session is checked by hand."""
    for block in ast.walk(func):
        body = getattr(block, "body", None)
        if not isinstance(body, list):
            continue
        read_into: dict[str, str] = {}
        for stmt in body:
            if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
                read = _reads_session(stmt.value)
                if read:
                    read_into[stmt.targets[0].id] = read
                continue
            if not isinstance(stmt, ast.If):
                continue
            read = _reads_session(stmt.test) or next(
                (read_into[n.id] for n in ast.walk(stmt.test) if isinstance(n, ast.Name) and n.id in read_into), "")
            denial = _denies(stmt.body) if read else ""
            if denial:
                return f"{read} → {denial}"
    return _session_key_required(func)


def _session_key_required(func: _Func) -> str:
    """``request.session['user_id'] (fails without a signed session)`` when the handler reads a key of its
    caller's session by subscript, never writing the session nor testing the key first: a caller without that
    session gets an error (a ``KeyError``), the handler refuses them."""
    reads: list[str] = []
    for node in ast.walk(func):
        if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant) \
                and re.fullmatch(r"(?:request|req)\.session", dotted_name(node.value)):
            if not isinstance(node.ctx, ast.Load):
                return ""
            reads.append(ast.unparse(node))
        elif (isinstance(node, ast.Compare) and any(isinstance(op, ast.In | ast.NotIn) for op in node.ops)
              and re.fullmatch(r"(?:request|req)\.session", dotted_name(node.comparators[0]))) or (
                isinstance(node, ast.Call) and re.fullmatch(
                    r"(?:request|req)\.session\.(?:get|pop|setdefault|update|clear)", dotted_name(node.func))):
            return ""  # the key is tested or the session written: a missing key is expected
    return f"{reads[0]} (fails without a signed session)" if reads else ""


_REFUSAL_ERROR = re.compile(r"(?i)auth|unauthori[sz]|forbidden|permission|denied|login|credential|access")


def _can_refuse(nodes: Sequence[ast.AST], *, any_raise: bool) -> bool:
    """Whether code can turn a caller away: it aborts, redirects, answers 401/403, or raises — any exception
    when ``any_raise`` (a helper's error ends the request), else one named for access (``Unauthorized``,
    ``PermissionDenied``): a handler's ``raise Exception("database not configured")`` refuses no caller."""
    for stmt in nodes:
        for node in ast.walk(stmt):
            # a bare ``raise`` re-raises what an ``except`` caught (a failed database call): no refusal by itself
            if isinstance(node, ast.Raise) and (any_raise or (node.exc is not None and _REFUSAL_ERROR.search(
                    dotted_name(node.exc.func if isinstance(node.exc, ast.Call) else node.exc)))):
                return True
            if isinstance(node, ast.Call) and dotted_name(node.func).rsplit(".", 1)[-1] in {"abort", "redirect"}:
                return True
            if isinstance(node, ast.Call) and _ws_refusal(node):
                return True
            # a raising helper (TaskingAI's `raise_http_error(ErrorCode.TOKEN_VALIDATION_FAILED, …)`)
            helper = dotted_name(node.func).rsplit(".", 1)[-1] if isinstance(node, ast.Call) else ""
            if _RAISING_HELPER.match(helper) and (any_raise or _REFUSAL_HELPER.search(helper)):
                return True
    return bool(_denies([n for n in nodes if isinstance(n, ast.stmt)]))


_HTTP_ERRORS = frozenset({"HTTPException", "WebSocketException", "StarletteHTTPException"})


def http_exception_status(exc: ast.Call) -> ast.expr | None:
    """The status an ``HTTPException(…)`` is raised with: its ``status_code=``/``code=`` or first argument."""
    first = exc.args[0] if exc.args else None
    return next((k.value for k in exc.keywords if k.arg in {"status_code", "code"}), first)


def _http_error_answer(exc: ast.expr | None) -> str:
    """``HTTPException(status_code=…)`` with a status that is neither an error of the server nor of the request's
    shape (its status, or ``""``): the 200 or 3xx a project answers its refusals with; 401/403 are read by
    :func:`_denies`."""
    if not (isinstance(exc, ast.Call) and dotted_name(exc.func).rsplit(".", 1)[-1] in _HTTP_ERRORS):
        return ""
    status = http_exception_status(exc)
    text = ast.unparse(status) if status is not None else "?"
    # a server error (5xx) is the server's failure; any other client error than 401/403 (400, 404, 422) says the
    # request is malformed or names nothing — sweep's ``if not authorization.startswith("Bearer "): raise
    # HTTPException(400)`` checks the header's shape, not who sent it
    return "" if re.fullmatch(r"[45]\d\d|(?:\w+\.)*HTTP_[45]\d\d_\w+", text) else text


def _missing_credential_raise(func: _Func) -> str:
    """``if not token: raise HTTPException(status_code=200, …)``: a guard that raises an HTTP error when the
    credential it read is missing ends the request before the handler, whatever status code the project chose for
    its refusals (HuixiangDou answers every error as 200 with an error body). Only under a test of a credential-named
    value (``token``, ``session``, ``user``…): a ``404`` for a missing object refuses no caller, and a 5xx is the
    server's failure."""
    for node in ast.walk(func):
        if not isinstance(node, ast.If):
            continue
        if not any(isinstance(n, ast.Name | ast.Attribute) and _IDENTITY_KEY.search(
                n.id if isinstance(n, ast.Name) else n.attr) for n in ast.walk(node.test)):
            continue
        for stmt in node.body:
            status = _http_error_answer(stmt.exc) if isinstance(stmt, ast.Raise) else ""
            if status:
                return f"raises HTTPException({status}) without it"
    return ""


def _ws_refusal(call: ast.Call) -> bool:
    """``await websocket.close(1008, "unauthorized")``: a WebSocket closed with the policy-violation code (1008) or an
    application code in 4000–4999, or with a reason naming the refusal, turns the caller away."""
    owner, _, verb = dotted_name(call.func).rpartition(".")
    if verb != "close" or not re.search(r"(?i)websocket|(?:^|_)ws$|socket$", owner.rsplit(".", 1)[-1]):
        return False
    values = [*call.args, *(k.value for k in call.keywords)]
    return any((isinstance(v, ast.Constant) and isinstance(v.value, int)
                and (v.value == 1008 or 4000 <= v.value < 5000))
               or (isinstance(v, ast.Constant) and isinstance(v.value, str) and re.search(
                   r"(?i)unauthori|forbidden|auth|denied|login|token", v.value))
               or re.search(r"WS_1008_POLICY_VIOLATION|POLICY_VIOLATION", ast.unparse(v)) for v in values)


_RAISING_HELPER = re.compile(r"^(?:raise|throw)_\w+$")
_REFUSAL_HELPER = re.compile(r"(?i)http|auth|unauthori|forbidden|permission|denied|token|401|403")


def _identity_only(func: _Func, calls: Sequence[str], index: _Index, names: Sequence[str]) -> tuple[str, ...]:
    """The auth-named project helpers a handler calls when neither it nor any of them can refuse a caller
    (``get_authenticated_user_details(request.headers)`` that reads a platform's identity header and falls
    back to a sample user): they tell the handler who calls, they do not authenticate. ``()`` otherwise, or
    when a helper is not defined in the project (its code was not read)."""
    named = [c for c in calls if not c.startswith("guard:") and matches_any(c.rsplit(".", 1)[-1], names)]
    if not named or _can_refuse(func.body, any_raise=False):
        return ()
    for call in named:
        defs = index.get(call.rsplit(".", 1)[-1], [])
        if not defs or any(_can_refuse(d.body, any_raise=True) for _mod, d in defs):
            return ()
    return tuple(dict.fromkeys(named))


# What an app-wide or route guard does, read from its definition rather than its name: which part of the caller's
# identity it reads, and whether it can turn the caller away.
_IDENTITY_BASES = {"request", "req", "g", "scope", "conn", "websocket", "flask", "state"}
_IDENTITY_ATTRS = {"cookies", "session", "user", "auth", "authorization", "current_user"}
_IDENTITY_KEY = re.compile(r"(?i)authoriz|token|api[-_]?key|session|cookie|user|uid|logged|auth|jwt|bearer")
_NO_EFFECT_CALLS = re.compile(r"(?:^|\.)(?:info|debug|warning|warn|error|exception|log|print|time|perf_counter|"
                              r"monotonic|call_next|get_response|dispatch|get|startswith|endswith|lower|upper|split|strip)$")


_CREDENTIAL_TYPES = frozenset({"HTTPAuthorizationCredentials", "HTTPBasicCredentials"})
_SCHEME_NAME = re.compile(r"scheme|bearer|api_?key|oauth2|token", re.IGNORECASE)


# FastAPI's security schemes: `Depends(oauth2_scheme)` hands the handler the credential the request carries; it
# checks none (with `auto_error=False` it does not even require one).
_SECURITY_SCHEMES = frozenset({"OAuth2PasswordBearer", "OAuth2AuthorizationCodeBearer", "HTTPBearer", "HTTPBasic",
                               "HTTPDigest", "APIKeyHeader", "APIKeyCookie", "APIKeyQuery", "OpenIdConnect"})


def _library_user_guards(modules: Sequence[PyModule]) -> dict[str, tuple[bool, str]]:
    """Module-level ``current_active_user = fastapi_users.current_user(active=True)`` of fastapi-users'
    ``FastAPIUsers``: a dependency the library makes that answers 401 without a valid login — unless made with
    ``optional=True`` (then it hands ``None`` on and refuses nobody). Name → (optional, why)."""
    out: dict[str, tuple[bool, str]] = {}
    for mod in modules:
        if not any("FastAPIUsers" in line for line in mod.lines):
            continue
        for stmt in mod.tree.body:
            if not (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name)
                    and isinstance(stmt.value, ast.Call) and isinstance(stmt.value.func, ast.Attribute)
                    and stmt.value.func.attr == "current_user"):
                continue
            optional = any(k.arg == "optional" and mod.value(k.value) is True for k in stmt.value.keywords)
            name = stmt.targets[0].id
            out[name] = (optional, f"{name} (fastapi-users current_user(optional=True), {mod.path}:"
                         f"{mod.line(stmt)}) hands None on for an anonymous caller and turns no caller away")
    return out


def _security_schemes(modules: Sequence[PyModule]) -> dict[str, str]:
    """Module-level ``oauth2_scheme = OAuth2PasswordBearer(tokenUrl="token", auto_error=False)``: name → why a
    route depending on it directly is undetermined (the scheme reads the credential; whether anything verifies it
    is the handler's business, not read here)."""
    out: dict[str, str] = {}
    for mod in modules:
        for stmt in mod.tree.body:
            if not (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name)
                    and isinstance(stmt.value, ast.Call)):
                continue
            cls = dotted_name(stmt.value.func).rsplit(".", 1)[-1]
            if cls not in _SECURITY_SCHEMES:
                continue
            lax = any(k.arg == "auto_error" and mod.value(k.value) is False for k in stmt.value.keywords)
            out[stmt.targets[0].id] = (
                f"{stmt.targets[0].id} ({cls}, {mod.path}:{mod.line(stmt)}), which only hands the handler the "
                + ("credential if one is sent (auto_error=False: no request is refused)" if lax else
                   "credential the request carries (a request without one is refused, any value is let through)")
                + "; whether the handler verifies it is not read")
    return out


def _handed_credential(func: _Func) -> str:
    """A credential FastAPI hands the function as a parameter: annotated as one (``HTTPAuthorizationCredentials``),
    or given by ``Security(…)`` or ``Depends(oauth2_scheme)`` — the Authorization header read for it."""
    for param, default in _params_with_defaults(func):
        annotation = dotted_name(param.annotation) if param.annotation is not None else ""
        if annotation.rsplit(".", 1)[-1] in _CREDENTIAL_TYPES:
            return f"the credential {param.arg} ({annotation.rsplit('.', 1)[-1]})"
        if isinstance(default, ast.Call) and default.args:
            given, source = dotted_name(default.func).rsplit(".", 1)[-1], dotted_name(default.args[0])
            if given == "Security" or (given == "Depends" and _SCHEME_NAME.search(source.rsplit(".", 1)[-1])):
                return f"the credential {param.arg} ({given}({source}))"
        header = _credential_header(param, default)
        if header:
            return f"the {header} header ({param.arg}: Header)"
    return ""


def _credential_header(param: ast.arg, default: ast.expr | None) -> str:
    """The header a ``Header(...)`` parameter reads when it names a credential (``authorization: str =
    Header(None, alias="Authorization")``, ``x_api_key = Header(...)``), or ``""``."""
    if not (isinstance(default, ast.Call) and dotted_name(default.func).rsplit(".", 1)[-1] == "Header"):
        return ""
    alias = next((k.value.value for k in default.keywords if k.arg == "alias" and isinstance(k.value, ast.Constant)
                  and isinstance(k.value.value, str)), param.arg.replace("_", "-"))
    return alias if re.search(r"(?i)authoriz|token|api[-_]?key|secret|session|cookie|bearer", alias) else ""


def _credential_params(func: _Func) -> frozenset[str]:
    """The parameters FastAPI fills with a credential: a credential header (see :func:`_credential_header`), a
    security scheme's value (``token: str = Security(authorization_scheme)``, ``Depends(oauth2_scheme)``) or a
    parameter typed as credentials — what a dependency hands to a project function that checks it."""
    out = set()
    for param, default in _params_with_defaults(func):
        annotation = dotted_name(param.annotation) if param.annotation is not None else ""
        given = dotted_name(default.func).rsplit(".", 1)[-1] if isinstance(default, ast.Call) else ""
        source = dotted_name(default.args[0]) if isinstance(default, ast.Call) and default.args else ""
        if (_credential_header(param, default) or annotation.rsplit(".", 1)[-1] in _CREDENTIAL_TYPES
                or (source and (given == "Security"
                                or (given == "Depends" and _SCHEME_NAME.search(source.rsplit(".", 1)[-1]))))):
            out.add(param.arg)
    return frozenset(out)


def _params_with_defaults(func: _Func) -> list[tuple[ast.arg, ast.expr | None]]:
    """Each parameter with its default (``None`` when it has none)."""
    args = func.args
    params = [*args.posonlyargs, *args.args, *args.kwonlyargs]
    defaults: list[ast.expr | None] = [None] * (len(args.posonlyargs) + len(args.args) - len(args.defaults))
    defaults += [*args.defaults, *args.kw_defaults]
    return list(zip(params, defaults, strict=False))


def _identity_read(func: _Func) -> str:
    """What of the caller's identity ``func`` reads (``request.cookies``, ``session['user_id']``, the
    Authorization header), or ``""``."""
    _calls, header = _body_facts(func)
    if header:
        return "the Authorization header"
    handed = _handed_credential(func)
    if handed:
        return handed
    for node in ast.walk(func):
        if isinstance(node, ast.Attribute) and node.attr in _IDENTITY_ATTRS:
            base = dotted_name(node.value)
            if base and base.rsplit(".", 1)[-1] in _IDENTITY_BASES:
                return f"{base}.{node.attr}"
        key: ast.expr | None = None
        holder = ""
        if isinstance(node, ast.Subscript) and not isinstance(node.ctx, ast.Store):  # `scope["user"] = u` writes
            key, holder = node.slice, dotted_name(node.value)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get" \
                and node.args:
            key, holder = node.args[0], dotted_name(node.func.value)
        elif (isinstance(node, ast.Compare) and len(node.ops) == 1 and isinstance(node.ops[0], ast.In | ast.NotIn)):
            key, holder = node.left, dotted_name(node.comparators[0])
        if (isinstance(key, ast.Constant) and isinstance(key.value, str) and _IDENTITY_KEY.search(key.value)
                and holder.rsplit(".", 1)[-1] in {"session", "cookies", "headers", "META", "COOKIES", "scope"}):
            return f"{holder}[{key.value!r}]"
    return ""


_REFUSING_RESPONSES = re.compile(r"(?:^|\.)(?:HttpResponseForbidden|redirect_to_login|HttpResponseRedirect)$")


def _returns_refusal(func: _Func) -> str:
    """A hook or middleware that answers before the handler: ``return jsonify(...), 401``, ``return
    redirect(url_for('login'))``, ``return JSONResponse(status_code=403)``."""
    for node in ast.walk(func):
        if isinstance(node, ast.Call) and _REFUSING_RESPONSES.search(dotted_name(node.func)):
            return dotted_name(node.func)
        if isinstance(node, ast.Return) and isinstance(node.value, ast.Tuple):
            for elt in node.value.elts:
                if isinstance(elt, ast.Constant) and elt.value in (401, 403):
                    return str(elt.value)
    return ""


def _ends_in_raise(func: _Func) -> str:
    """``if token in ROOT_TOKENS: return token`` then ``raise OasstError("Could not validate credentials", …)``: a
    function whose last statement raises turns away every call that no earlier ``return`` let through, whatever
    the exception is named (a dependency's exception ends the request)."""
    last = func.body[-1] if func.body else None
    if not (isinstance(last, ast.Raise) and last.exc is not None):
        return ""
    # every earlier return lets the caller through only on a credential test (``if token in ROOT_TOKENS:``): a
    # switch on a setting (``if CONFIG.API: return …`` then ``raise NotImplementedError``) refuses no caller
    parents = {child: node for node in ast.walk(func) for child in ast.iter_child_nodes(node)}

    def on_credential(node: ast.AST) -> bool:
        while node in parents:
            node = parents[node]
            if isinstance(node, ast.If) and any(
                    isinstance(n, ast.Name | ast.Attribute) and _IDENTITY_KEY.search(n.id if isinstance(n, ast.Name)
                                                                                     else n.attr)
                    for n in ast.walk(node.test)):
                return True
        return False

    returns = [n for n in ast.walk(func) if isinstance(n, ast.Return)]
    if returns and all(on_credential(r) for r in returns):
        return f"raises {dotted_name(last.exc.func if isinstance(last.exc, ast.Call) else last.exc)} otherwise"
    return ""


def _refusal(func: _Func) -> str:
    if _returns_refusal(func):
        return _returns_refusal(func)
    if _can_refuse(func.body, any_raise=False):
        return _denies(func.body) or "refuses"
    return _missing_credential_raise(func) or _ends_in_raise(func)


_CREDENTIAL_ARG = re.compile(
    r"(?i)(?:request|req|scope|conn|websocket)(?:\.(?:headers|cookies|session|META|COOKIES)(?:\.get\(.*\)|\[.*\])?)?"
    r"|\w*(?:token|credential|header|cookie|session|jwt|bearer|api_?key)\w*")


def _hands_credential_on(func: _Func, index: _Index) -> str:
    """A call outside the project's code that ``func`` hands the request or a credential to
    (``verifier.check(request.headers.get('authorization'))``): where a refusal may be that the inventory
    cannot read. Not a logger's call, nor one that only gets a user's attribute (``request.user.timezone``)."""
    for node in ast.walk(func):
        if not isinstance(node, ast.Call):
            continue
        name = dotted_name(node.func)
        if not name or _NO_EFFECT_CALLS.search(name) or name.rsplit(".", 1)[-1] in index:
            continue
        if any(_CREDENTIAL_ARG.fullmatch(ast.unparse(a)) for a in [*node.args, *(k.value for k in node.keywords)]):
            return name
    return ""


def _guard_definition(name: str, index: _Index, near: str = "") -> _Func | None:
    """The project function a guard names: a function, ``Class.method``, a middleware class's ``dispatch`` /
    ``__call__``, or the ``__call__`` of the object a module constant holds (``require_x = ScopeDependency("x")``);
    ``None`` when it is not defined in the project (a library's) or which of several runs is not known. Of several
    definitions, the one in the module ``near`` (where the guard is used) is the one it names; else the one at a
    module's top level when the others are nested; else any, when all are the same code (AstrBot's
    ``require_system_scope`` wrapper copied into each API file)."""
    short = name.split("(", 1)[0].strip()
    qualified = ".".join(short.rsplit(".", 2)[-2:])
    last = short.rsplit(".", 1)[-1]
    for key in (qualified, last, f"{last}.dispatch", f"{last}.__call__"):
        defs = index.get(key)
        if not defs:
            continue
        if len(defs) == 1:
            return defs[0][1]
        local = [f for m, f in defs if near and m.path == near]
        top = [f for _m, f in defs if f.col_offset == 0]
        if len(local) == 1:
            return local[0]
        # ``deps.get_root_token``: the one defined in a module named ``deps`` (``deps.py`` or ``deps/__init__.py``) —
        # only for a name qualified by one module name; ``server.mcp_manager.handle_oauth_flow`` is an attribute of an
        # object, whatever the module its class lives in is called
        owner = short.split(".", 1)[0] if short.count(".") == 1 else ""
        named = [f for m, f in defs if owner and m.path.removesuffix(".py").removesuffix("/__init__")
                 .rsplit("/", 1)[-1] == owner]
        if len(named) == 1:
            return named[0]
        if len(top) == 1:
            return top[0]
        if len({ast.dump(f, include_attributes=False) for _m, f in defs}) == 1:
            return defs[0][1]
    return None


_SETTING_READ = re.compile(r"(?:^|\.)(?:getenv|get_config|get_setting|config\.get|environ\.get|settings\.get)$")
# what turns a caller away in a guard: a raise, an abort, a library's "required" check (``Authorize.jwt_required()``)
_REFUSING_CALL = re.compile(r"(?:^|\.)(?:abort|\w*_required|verify\w*|check\w*|authenticate\w*)$")


def _setting_read(node: ast.AST | None) -> tuple[str, str | None] | None:
    """``get_config("ENV", "DEV")``, ``os.getenv("ENV")`` → (the setting's name, its default or None)."""
    if not (isinstance(node, ast.Call) and _SETTING_READ.search(dotted_name(node.func)) and node.args
            and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
        return None
    default = node.args[1] if len(node.args) > 1 else next((k.value for k in node.keywords if k.arg == "default"),
                                                            None)
    return node.args[0].value, (str(default.value) if isinstance(default, ast.Constant) else None)


def _unset_setting(node: ast.AST | None) -> str:
    """The key of a setting read with no default (``cfg.get("webhook_username", None)``, ``os.getenv("X")``), or
    ``""``: left out of the deployment's configuration, it is ``None``."""
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute | ast.Name) and node.args
            and dotted_name(node.func).rsplit(".", 1)[-1] in {"get", "getenv", "get_config", "get_setting"}
            and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
        return ""
    default = node.args[1] if len(node.args) > 1 else next((k.value for k in node.keywords if k.arg == "default"),
                                                            None)
    return node.args[0].value if default is None or (isinstance(default, ast.Constant) and default.value is None) \
        else ""


_FROM_REQUEST = re.compile(r"(?:^|\.)(?:request|req|headers|cookies|query_params|args|session)\.get$")


def _admits_while_unset(func: _Func, mod: PyModule | None) -> str:
    """pr-agent's Azure DevOps ``authorize``: ``if WEBHOOK_USERNAME is None or WEBHOOK_PASSWORD is None: return``
    before the comparison that refuses — with the settings left out (their default), every caller is let through.
    Why, or ``""``."""
    local = {t.id: stmt.value for stmt in func.body if isinstance(stmt, ast.Assign)
             for t in stmt.targets if isinstance(t, ast.Name)}
    for i, stmt in enumerate(func.body):
        if not isinstance(stmt, ast.If):
            continue
        tests = stmt.test.values if isinstance(stmt.test, ast.BoolOp) and isinstance(stmt.test.op, ast.Or) \
            else [stmt.test]
        names = [t.left.id if isinstance(t, ast.Compare) and isinstance(t.left, ast.Name) and len(t.ops) == 1
                 and isinstance(t.ops[0], ast.Is) and isinstance(t.comparators[0], ast.Constant)
                 and t.comparators[0].value is None else
                 t.operand.id if isinstance(t, ast.UnaryOp) and isinstance(t.op, ast.Not)
                 and isinstance(t.operand, ast.Name) else "" for t in tests]
        admits = all(isinstance(b, ast.Pass) or (isinstance(b, ast.Return) and (
            b.value is None or (isinstance(b.value, ast.Constant) and b.value.value in (None, True))))
            for b in stmt.body)
        if not names or not all(names) or not admits or not _refuses(func.body[i + 1:]):
            continue
        reads = [local.get(n) or (mod.constants.get(n) if mod is not None else None) for n in names]
        keys = [_unset_setting(r) for r in reads]
        if all(keys):
            where = f"{mod.path}:{mod.line(stmt)}" if mod is not None else f"line {stmt.lineno}"
            if any(_FROM_REQUEST.search(dotted_name(r.func)) for r in reads if isinstance(r, ast.Call)):
                return (f"returns before checking anything when the request carries no {' or '.join(keys)} "
                        f"({where}); a caller who sends none is let through")
            return (f"returns before checking anything while {' or '.join(keys)} {'is' if len(keys) == 1 else 'are'} "
                    f"unset ({where}); left out of the configuration, it lets every caller through")
    return ""


def env_gated(func: _Func, mod: PyModule | None = None) -> str:
    """Why a guard lets every caller through unless a setting says otherwise (SuperAGI's ``check_auth``:
    ``env = get_config("ENV", "DEV")`` then ``if env == "PROD": Authorize.jwt_required()``), or ``""``: every
    refusal it can make sits under a comparison of a setting with a value its default is not — or behind an early
    return while a credential setting is unset (:func:`_admits_while_unset`)."""
    unset = _admits_while_unset(func, mod)
    if unset:
        return unset
    reads: dict[str, tuple[str, str | None]] = {}
    for stmt in func.body:
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
            found = _setting_read(stmt.value)
            if found is not None:
                reads[stmt.targets[0].id] = found
    for stmt in func.body:
        if not (isinstance(stmt, ast.If) and isinstance(stmt.test, ast.Compare) and len(stmt.test.ops) == 1
                and isinstance(stmt.test.ops[0], ast.Eq | ast.NotEq)
                and isinstance(stmt.test.comparators[0], ast.Constant)):
            continue
        left = stmt.test.left
        read = reads.get(left.id) if isinstance(left, ast.Name) else _setting_read(left)
        if read is None:
            continue
        gated = stmt.body if isinstance(stmt.test.ops[0], ast.Eq) else stmt.orelse
        others = [s for s in func.body if s is not stmt] + (stmt.orelse if gated is stmt.body else stmt.body)
        if not _refuses(gated) or _refuses(others):
            continue
        value, (key, default) = stmt.test.comparators[0].value, read
        if default is not None and default == value:
            continue  # on by default: the setting turns it off, not on
        where = f"{mod.path}:{mod.line(stmt)}" if mod is not None else f"line {stmt.lineno}"
        said = f"by default ({key} = {default!r})" if default is not None else f"while {key} is unset"
        return f"refuses callers only when {key} is {value!r} ({where}); {said} it lets every caller through"
    return ""


def _refuses(stmts: Sequence[ast.stmt]) -> bool:
    return _can_refuse(stmts, any_raise=True) or any(
        isinstance(n, ast.Call) and _REFUSING_CALL.search(dotted_name(n.func)) for s in stmts for n in ast.walk(s))


def _falls_to(stmt: ast.stmt, parents: dict[ast.AST, ast.AST], func: _Func) -> list[ast.stmt]:
    """What runs after ``stmt`` when it is done: the statements after it in its block, then after its enclosing
    statement's, up to the function (an ``elif``'s test failing falls past the whole ``if``)."""
    out: list[ast.stmt] = []
    node: ast.AST = stmt
    while node in parents and node is not func:
        holder = parents[node]
        block = next((b for b in (getattr(holder, f, None) for f in ("body", "orelse", "finalbody", "handlers"))
                      if isinstance(b, list) and node in b), [])
        if block:
            out += block[block.index(node) + 1:]
        node = holder
    return out


def _admits_without(func: _Func, refusing_call: str, refusing: Callable[[str], bool]) -> str:
    """Where ``func`` calls the refusing ``refusing_call`` only under an ``if`` whose other branch goes on without
    it (``else: user_id = DEFAULT_USER_ID``, or no ``else``): that branch, as source; ``""`` when some call of it is
    unconditional."""
    parents = {child: node for node in ast.walk(func) for child in ast.iter_child_nodes(node)}
    first = ""
    for site in (n for n in ast.walk(func) if isinstance(n, ast.Call) and dotted_name(n.func) == refusing_call):
        found = _other_branch_admits(site, parents, func, refusing)
        if not found:
            return ""
        first = first or found
    return first


def _other_branch_admits(site: ast.AST, parents: dict[ast.AST, ast.AST], func: _Func,
                         refusing: Callable[[str], bool]) -> str:
    """The enclosing ``if`` whose failing test lets the request on without ``site``, as the source of what runs
    instead; ``""`` when every way past it refuses (raises, answers 401/403, or hands the request to another
    refusing sign-in)."""
    node = site
    while node in parents and node is not func:
        parent = parents[node]
        if isinstance(parent, ast.If) and node in parent.body:
            # what runs when the test fails: the else branch, then (unless it returns) what follows the `if` —
            # `if …: return check(r)` / `elif …:` then `raise …`
            other = list(parent.orelse)
            if not (other and isinstance(other[-1], ast.Return)):
                other += _falls_to(parent, parents, func)
            if not _can_refuse(other, any_raise=True) and not any(
                    isinstance(n, ast.Call) and refusing(dotted_name(n.func)) for o in other for n in ast.walk(o)):
                return " ".join(ast.unparse(s) for s in parent.orelse)[:80] \
                    or f"no else to `if {ast.unparse(parent.test)[:60]}`"
        node = parent
    return ""


def judge_guard(guard: Guard, func: _Func | None, index: _Index) -> Guard:
    """``guard`` with what its definition does: it *authenticates* when it reads the caller's identity and can
    turn the caller away (itself, or through a project function it calls, one deep), whatever its name; it is
    *unread* when it reads the identity but no refusing branch could be read (a library decides); unchanged
    when it reads no identity (logging, CORS); *not auth* (``not_auth``) when it yields a database session,
    whatever its name (``get_session`` → ``Session(engine)``). A guard that refuses only when a setting has a value
    its default does not (``if env == "PROD"``) is *unread*, saying so, whatever its name."""
    mod = next((m for m, f in index.get(func.name, []) if f is func), None) if func is not None else None
    gate = env_gated(func, mod) if func is not None else ""
    if gate:  # a condition as well: named like auth or not, it admits everyone unless the setting is changed
        return replace(guard, authenticates=False, condition=gate.split(";", 1)[0][:80],
                       unread=f"{guard.name} ({guard.where}), which {gate}")
    if func is None and guard.name.rsplit(".", 1)[-1] == "AuthJWT" and not guard.authenticates:
        return replace(guard, not_auth=(  # fastapi-jwt-auth: `Authorize: AuthJWT = Depends()` refuses nobody
            f"{guard.name} (fastapi-jwt-auth) only hands the code its token helpers; nobody is turned away until "
            "Authorize.jwt_required() is called"))
    if func is None or guard.authenticates or guard.unread:
        return guard
    read = _identity_read(func)
    # an error answer built with 401/403 and returned (DocsGPT's `return _scim_error(401, "Invalid … token")`)
    refusal = _refusal(func) or (f"returns {_returns_status(func.body)}" if _returns_status(func.body) else "")
    calls, _ = _body_facts(func)
    home = mod.path if mod is not None else ""
    refused_by = ""
    for call in calls:
        callee = _guard_definition(call, index, home)
        if callee is None or callee is func:
            continue
        if not read:
            read = _identity_read(callee) and f"{call} → {_identity_read(callee)}"
        if not refusal and _identity_read(callee):
            refusal = _refusal(callee) and f"{call} → {_refusal(callee)}"
            refused_by = call if refusal else ""
    def refusing(call: str) -> bool:  # another sign-in the other branch hands the request to (TaskingAI's elif)
        found = _guard_definition(call, index, home)
        return found is not None and found is not func and bool(_refusal(found))

    admits = _admits_without(func, refused_by, refusing) if refused_by and not _refusal(func) else ""
    if admits:  # cohere-toolkit's ContextMiddleware: `if has_header_user_id(r): get_header_user_id(r) else: DEFAULT`
        return replace(guard, not_auth=(
            f"{guard.name} ({guard.where}) refuses a bad credential ({refusal}) but admits a request without one "
            f"({admits})"))
    # the credential header handed to a project function that checks it (onyx's license dependency hands the
    # Authorization header to `_extract_license_from_header`, which answers 401 without one)
    handed = _credential_params(func)
    # an optional dependency (`get_optional_license_payload` returns None without a license) turns nobody away
    lets_through = any(isinstance(n, ast.Return) and (n.value is None or (
        isinstance(n.value, ast.Constant) and n.value.value is None)) for n in ast.walk(func))
    for node in ast.walk(func) if handed and not refusal and not lets_through else ():
        if isinstance(node, ast.Call) and any(isinstance(a, ast.Name) and a.id in handed for a in node.args):
            callee = _guard_definition(dotted_name(node.func), index, home)
            if callee is not None and callee is not func and _refusal(callee):
                refusal = f"{dotted_name(node.func)} → {_refusal(callee)}"
                break
    if not read:
        session = opens_db_session(func)
        if session:  # ``get_session`` yielding ``Session(engine)``: the ORM's session, not the caller's login
            return replace(guard, not_auth=f"{guard.name} yields a database session ({session}), not the caller's "
                                           "identity; nothing in it reads a credential or refuses")
        return guard
    if refusal:
        return replace(guard, authenticates=True)
    if not _hands_credential_on(func, index):  # reads who calls, hands the credential to nothing that could
        return replace(guard, not_auth=(  # refuse: it tells, not gates — whatever its name says
            f"{guard.name} ({guard.where}) reads {read} but turns no caller away"))
    return replace(guard, unread=(
        f"{guard.name} ({guard.where}), which reads {read} but whose refusing branch was not read "
        "(a library or another function decides)"))


def _starlette_backend(node: ast.expr | None, middleware: str, where: str, index: _Index) -> Guard | None:
    """Starlette's ``AuthenticationMiddleware`` only resolves ``request.user`` through its backend; it turns a
    caller away only when the backend raises (``AuthenticationError``) — a backend returning ``None`` lets
    anonymous callers through to routes that ``@requires`` nothing. The backend's ``authenticate`` is read:
    raising for a missing credential authenticates every route; returning without a refusal changes nothing
    (``None``); a backend not in the project is undetermined."""
    name = dotted_name(node.func if isinstance(node, ast.Call) else node) if node is not None else ""
    defs = index.get(f"{name.rsplit('.', 1)[-1]}.authenticate", []) if name else []
    if not defs:
        # named for what it does (resolve the caller's identity): its class name would pass as an auth guard by name
        return Guard("Starlette identity middleware", "middleware", "app", where, unread=(
            f"{middleware} ({where}) with the backend {name or '(not named)'}, whose code is not in the project: "
            "whether it turns anonymous callers away was not read"))
    func = defs[0][1]
    lets_through = any(isinstance(n, ast.Return) and (n.value is None or (
        isinstance(n.value, ast.Constant) and n.value.value is None)) for n in ast.walk(func))
    if _can_refuse(func.body, any_raise=True) and not lets_through:
        return Guard(f"{middleware}({name})", "middleware", "app", where, authenticates=True)
    return None  # it returns None for a caller without credentials (Starlette's own example): anonymous passes


@dataclass(frozen=True)
class _PathMiddleware:
    """An HTTP middleware that decides by the request's path (see :mod:`launchready.engines.path_middleware`)."""

    name: str
    where: str
    func: _Func
    mod: PyModule
    self_attrs: dict[str, tuple[ast.expr, dict[str, Value]]] = field(hash=False, compare=False)


def _http_middleware(deco: ast.expr) -> bool:
    """``@app.middleware("http")``: Starlette's request middleware (not Sanic's ``"response"`` one)."""
    return isinstance(deco, ast.Call) and bool(deco.args) and isinstance(deco.args[0], ast.Constant) \
        and deco.args[0].value == "http"


def _credential_middleware(func: _Func, index: _Index) -> bool:
    """It reads who calls (itself, or a project helper it hands the request to) and can answer 401/403."""
    if not refusal_answer(func):
        return False
    if _identity_read(func) or _body_facts(func)[1]:
        return True
    for call in _body_facts(func)[0]:
        callee = _guard_definition(call, index)
        if callee is not None and callee is not func and (_identity_read(callee) or _refusal(callee)):
            return True
    return False


def _class_path_middleware(name: str, call: ast.Call, mod: PyModule, where: str,
                           index: _Index) -> _PathMiddleware | None:
    """``app.add_middleware(PasswordAuthMiddleware, excluded_paths=[…])`` whose class's ``dispatch`` decides by
    path: its ``self.…`` values are read from ``__init__``, with the keywords given here bound to its parameters."""
    short = name.rsplit(".", 1)[-1]
    dispatch = index.get(f"{short}.dispatch", [])
    if len(dispatch) != 1 or not reads_path(dispatch[0][1]) or not _credential_middleware(dispatch[0][1], index):
        return None
    dmod, func = dispatch[0]
    attrs: dict[str, tuple[ast.expr, dict[str, Value]]] = {}
    init = index.get(f"{short}.__init__", [])
    if len(init) == 1:
        init_func = init[0][1]
        params = [*init_func.args.posonlyargs, *init_func.args.args, *init_func.args.kwonlyargs]
        defaults = [*[None] * (len(init_func.args.posonlyargs) + len(init_func.args.args)
                               - len(init_func.args.defaults)), *init_func.args.defaults, *init_func.args.kw_defaults]
        bound: dict[str, Value] = {}
        for param, default in zip(params, defaults, strict=False):
            given = keyword(call, param.arg)
            node = given if given is not None else default
            literal = mod.value(given) if given is not None else dmod.value(default)
            bound[param.arg] = (tuple(literal) if isinstance(literal, list | tuple) and all(
                isinstance(i, str) for i in literal) else literal if isinstance(literal, str | int | bool) else
                None if node is None or (isinstance(node, ast.Constant) and node.value is None) else
                Opaque(param.arg, "other"))
        for stmt in ast.walk(init_func):
            if isinstance(stmt, ast.Assign | ast.AnnAssign) and stmt.value is not None:
                targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
                for target in targets:
                    if isinstance(target, ast.Attribute) and dotted_name(target.value) == "self":
                        attrs[target.attr] = (stmt.value, bound)
    return _PathMiddleware(short, where, func, dmod, attrs)


def _judge_path_middleware(mw: _PathMiddleware, path: str, method: str, index: _Index) -> Verdict:
    home = mw.mod.path

    def helper(name: str) -> _Func | None:
        return _guard_definition(name, index, home)

    def refuses(call: ast.Call) -> bool:  # a project helper handed the request that answers 401/403
        callee = _guard_definition(dotted_name(call.func), index, home)
        return callee is not None and callee is not mw.func and bool(_refusal(callee) or _denies(callee.body))

    return judge_path(mw.func, path, method, helper=helper, refuses=refuses, self_attrs=mw.self_attrs,
                      constants=mw.mod.constants)


def _path_verdict_guard(mw: _PathMiddleware, verdict: Verdict) -> Guard | None:
    if verdict.status == "guarded":
        return Guard(f"{mw.name} (HTTP middleware deciding by path)", "middleware", "app",
                     mw.where, authenticates=True)
    if verdict.status == "setting":
        return Guard(f"{mw.name} (HTTP middleware deciding by path)", "middleware", "app",
                     mw.where, authenticates=True, optional=(
                         f"lets a caller without a credential through while {' — or while '.join(verdict.admits_when)}"
                     ))
    if verdict.status == "undetermined":
        return Guard(mw.name, "middleware", "app", mw.where, unread=(
            f"{mw.name} ({mw.where}), an HTTP middleware that decides by path: whether it turns away a caller "
            f"without a credential on this path was not read ({verdict.why})"))
    return None


def _mounted_routes(path_mws: dict[tuple[str, str], list[_PathMiddleware]], modules: Sequence[PyModule],
                    index: _Index) -> list[tuple[_PathMiddleware, str, frozenset[str]]]:
    """``(middleware, mount prefix, files)`` for each sub-application mounted on an app a path middleware runs in
    front of (``app.mount("/", WSGIMiddleware(get_gui_app()))``): every request of the mounted app passes the
    middleware first. The mounted app is the one a project factory builds; its routes are those of the factory's
    module and of the project classes and functions the factory hands that app to (``Backend_Api(app)``)."""
    out: list[tuple[_PathMiddleware, str, frozenset[str]]] = []
    for (path, owner), mws in path_mws.items():
        mod = next((m for m in modules if m.path == path), None)
        if mod is None:
            continue
        for site_mod, site, scope in _mount_sites(mod, owner, mws[0].func, modules, index):
            prefix = _string(site_mod, site.args[0]) if site.args else None
            target = site.args[1] if len(site.args) > 1 else keyword(site, "app")
            files = _factory_files(target, scope, index)
            if prefix is not None and files:
                out += [(mw, prefix, files) for mw in mws]
    return out


def _mount_sites(mod: PyModule, owner: str, func: _Func, modules: Sequence[PyModule],
                 index: _Index) -> list[tuple[PyModule, ast.Call, ast.AST]]:
    """The ``X.mount(…)`` calls on the app ``owner`` names: in its own module for a module's app; for ``self.app``
    of a class, in the functions that build that class with an app (``api = Api(app)`` then ``app.mount(…)``)."""
    if "." not in owner:
        return [(mod, c, mod.tree) for c in mod.calls() if dotted_name(c.func) == f"{owner}.mount"]
    head, _, attr = owner.partition(".")
    cls = enclosing_classes(mod).get(id(func))
    if head != "self" or cls is None:
        return []
    init = index.get(f"{cls.name}.__init__", [])
    if len(init) != 1:
        return []
    init_func = init[0][1]
    params = [a.arg for a in init_func.args.args[1:]]
    given = next((n.value.id for n in ast.walk(init_func) if isinstance(n, ast.Assign) and isinstance(n.value, ast.Name)
                  and any(dotted_name(t) == f"self.{attr}" for t in n.targets)), "")
    if given not in params:
        return []
    position = params.index(given)
    sites: list[tuple[PyModule, ast.Call, ast.AST]] = []
    for other in modules:
        for scope in ast.walk(other.tree):
            if not isinstance(scope, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for call in (n for n in ast.walk(scope) if isinstance(n, ast.Call)):
                if dotted_name(call.func).rsplit(".", 1)[-1] != cls.name:
                    continue
                arg = call.args[position] if len(call.args) > position else keyword(call, given)
                if isinstance(arg, ast.Name):
                    sites += [(other, c, scope) for c in ast.walk(scope) if isinstance(c, ast.Call)
                              and dotted_name(c.func) == f"{arg.id}.mount"]
    return sites


def _factory_files(target: ast.expr | None, scope: ast.AST, index: _Index) -> frozenset[str]:
    """The files whose routes belong to the app ``target`` holds, when a project factory builds it."""
    if isinstance(target, ast.Name):
        target = next((n.value for n in ast.walk(scope) if isinstance(n, ast.Assign)
                       and any(isinstance(t, ast.Name) and t.id == target.id for t in n.targets)), None)
    while isinstance(target, ast.Call):
        defs = index.get(dotted_name(target.func).rsplit(".", 1)[-1], [])
        top = [(m, f) for m, f in defs if f.col_offset == 0]
        if len(top) == 1:
            break
        target = target.args[0] if target.args else None
    if not isinstance(target, ast.Call):
        return frozenset()
    fmod, factory = next((m, f) for m, f in index.get(dotted_name(target.func).rsplit(".", 1)[-1], [])
                         if f.col_offset == 0)
    returned = {n.value.id for n in ast.walk(factory) if isinstance(n, ast.Return) and isinstance(n.value, ast.Name)}
    files = {fmod.path}
    for call in (n for n in ast.walk(factory) if isinstance(n, ast.Call)):
        if any(isinstance(a, ast.Name) and a.id in returned for a in call.args):
            short = dotted_name(call.func).rsplit(".", 1)[-1]
            files.update(m.path for m, _ in index.get(f"{short}.__init__", []) or index.get(short, []))
    return frozenset(files)


@dataclass
class _HandlerFacts:
    guards: list[Guard]
    param_deps: list[str]
    calls: tuple[str, ...]
    header: bool
    issuer: str
    signs_in: str
    data_access: tuple[str, ...]
    identity_only: tuple[str, ...]
    constant: bool
    read_checks: tuple[str, ...]


def _python_routes(modules: Sequence[PyModule]) -> list[Route]:
    aliases = _aliases(modules)
    index = _function_index(modules)
    routers: dict[tuple[str, str], _RouterInfo] = {}
    by_var: dict[str, list[tuple[str, str]]] = {}
    stems = {mod.path: posixpath.splitext(posixpath.basename(mod.path))[0] for mod in modules}

    # 1. router / app objects
    for mod in modules:
        for stmt in ast.walk(mod.tree):
            if not (isinstance(stmt, ast.Assign) and isinstance(stmt.value, ast.Call)):
                continue
            ctor = dotted_name(stmt.value.func).rsplit(".", 1)[-1]
            if ctor not in _ROUTER_CTORS:
                continue
            # `chat_router = r = APIRouter()`: one router under two names — routes are declared on `r`, the
            # router is included as `chat_router`; both names share one record (prefix, guards, parent)
            shared: _RouterInfo | None = None
            for target in stmt.targets:
                var = dotted_name(target)
                if not var:
                    continue
                key = (mod.path, var)
                if shared is None:
                    call = stmt.value
                    shared = _RouterInfo(key, is_app=ctor in {"FastAPI", "Starlette", "Flask", "Quart", "Sanic"})
                    shared.prefix = _string(mod, keyword(call, "prefix") or keyword(call, "url_prefix")) or ""
                    deps = _expand_dependencies(_depends_names(keyword(call, "dependencies"), aliases), aliases,
                                                index)
                    scope = "app" if shared.is_app else "router"
                    shared.guards = [Guard(d, "dependency", scope, f"{mod.path}:{mod.line(stmt)}") for d in deps]
                routers[key] = shared
                by_var.setdefault(var, []).append(key)

    def resolve(mod: PyModule, node: ast.expr) -> tuple[str, str] | None:
        name = dotted_name(node)
        if not name:
            return None
        if (mod.path, name) in routers:
            return (mod.path, name)
        head, _, var = name.rpartition(".")
        candidates = by_var.get(var or name, [])
        if not head and not candidates:
            # `from backend.routers.agent import router as agent_router`: the module's `router`
            source, original = next(((imp.module or "", alias.name) for imp in ast.walk(mod.tree)
                                     if isinstance(imp, ast.ImportFrom) for alias in imp.names
                                     if alias.asname == name), ("", ""))
            stem = source.rsplit(".", 1)[-1]
            found = [k for k in by_var.get(original, []) if stems.get(k[0]) == stem
                     and k[0].removesuffix(".py").endswith(source.replace(".", "/"))] if source else []
            found = found or [k for k in by_var.get(original, []) if stems.get(k[0]) == stem]
            return found[0] if len(found) == 1 else None
        if not head and len(candidates) > 1:
            # ``from app.routers import router``: the imported module's router, not the first of that name
            source = next((imp.module or "" for imp in ast.walk(mod.tree) if isinstance(imp, ast.ImportFrom)
                           for alias in imp.names if (alias.asname or alias.name) == name), "")
            if source:
                stem = source.rsplit(".", 1)[-1]
                candidates = ([k for k in candidates if stems.get(k[0]) == stem]
                              or [k for k in candidates if f"/{stem}/" in f"/{k[0]}"])
            return candidates[0] if len(candidates) == 1 else None
        if head:
            module = head.rsplit(".", 1)[-1]
            # ``from api.routers import commands as commands_router`` then ``commands_router.router``: the module
            # ``commands``, whatever name it was imported under
            module = next((alias.name.rsplit(".", 1)[-1] for imp in ast.walk(mod.tree)
                           if isinstance(imp, ast.ImportFrom | ast.Import) for alias in imp.names
                           if alias.asname == head), module)
            # ``monitoring.router``: the module ``monitoring.py``, or a module of the package ``monitoring/``
            # (``from pkg.api import monitoring`` whose ``__init__`` re-exports ``views.router``)
            narrowed = ([k for k in candidates if stems.get(k[0]) == module]
                        or [k for k in candidates if f"/{module}/" in f"/{k[0]}"])
            if narrowed:
                candidates = narrowed
            elif len(candidates) > 1:
                return None  # another module's router of the same name: a wrong prefix is worse than none
        return candidates[0] if len(candidates) >= 1 else None

    # 2. include_router / register_blueprint / app-wide hooks
    path_mws: dict[tuple[str, str], list[_PathMiddleware]] = {}  # by the app (or owner) they run in front of
    for mod in modules:
        looped = _loop_items(mod)
        for call in mod.calls():
            name = dotted_name(call.func)
            short = name.rsplit(".", 1)[-1]
            owner = name.rpartition(".")[0]
            parent: _RouterInfo | None = routers.get((mod.path, owner)) if owner else None
            # only an include names a child router (``app.add_middleware(X)``'s first argument is no router)
            included = ((call.args[0] if call.args else keyword(call, "router") or keyword(call, "blueprint"))
                        if short in {"include_router", "register_blueprint", "blueprint"} else None)
            if included is not None and parent is not None:
                # `for router in routers: app.include_router(router, dependencies=DEPS[router.name])`: each router
                # of the literal list the loop walks
                items = looped.get(id(call), {}).get(dotted_name(included), [included])
                for item in items:
                    child = resolve(mod, item)
                    if child is None or child == parent.key or routers[child].parent is not None:
                        continue
                    prefix = _string(mod, keyword(call, "prefix") or keyword(call, "url_prefix")) or ""
                    where = f"{mod.path}:{mod.line(call)}"
                    given = keyword(call, "dependencies")
                    deps = _expand_dependencies(_depends_names(given, aliases), aliases, index)
                    guards = [Guard(d, "dependency", "router", where) for d in deps]
                    if given is not None and not isinstance(given, ast.List | ast.Tuple) and not (
                            isinstance(given, ast.Name) and isinstance(mod.constants.get(given.id), ast.List)):
                        # `dependencies=ROUTER_DEPENDENCIES[name][kind]`: one variant of a mapping, chosen at run
                        # time (cohere-toolkit picks the one with auth only when a setting turns auth on) — the
                        # guards named anywhere in the mapping are not this router's for sure
                        seen = f" (the mapping names {', '.join(deps[:4])})" if deps else ""
                        guards = [Guard(ast.unparse(given)[:60], "dependency", "router", where, unread=(
                            f"the dependencies the include at {where} picks at run time ({ast.unparse(given)[:60]})"
                            f"{seen}: which of them this router gets, and when, was not read"))]
                    routers[child].parent = (parent.key, prefix, guards)
            elif short == "add_middleware" and call.args and parent is not None:
                where = f"{mod.path}:{mod.line(call)}"
                middleware = dotted_name(call.args[0])
                if middleware.rsplit(".", 1)[-1] == "AuthenticationMiddleware":
                    backend = _starlette_backend(keyword(call, "backend"), middleware, where, index)
                    if backend is not None:
                        parent.guards.append(backend)
                    continue
                dispatching = _class_path_middleware(middleware, call, mod, where, index)
                if dispatching is not None:  # judged per route, on each route's own path
                    path_mws.setdefault(parent.key, []).append(dispatching)
                    continue
                parent.guards.append(Guard(middleware, "middleware", "app", where))

    # Flask before_request hooks that authenticate, and ``@app.middleware("http")`` functions
    for mod in modules:
        for node in ast.walk(mod.tree):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for deco in node.decorator_list:
                dname = dotted_name(deco)
                owner, _, short = dname.rpartition(".")
                hook_owner = routers.get((mod.path, owner))
                if short == "middleware" and owner and _http_middleware(deco) and reads_path(node) \
                        and _credential_middleware(node, index):
                    # judged per route, on each route's own path: it guards the prefixes it requires, and only those
                    by_path = _PathMiddleware(node.name, f"{mod.path}:{mod.line(node)}", node, mod, {})
                    path_mws.setdefault(hook_owner.key if hook_owner is not None else (mod.path, owner),
                                        []).append(by_path)
                    continue
                if hook_owner is None or short not in _REQUEST_HOOKS or _response_middleware(deco):
                    continue
                calls, header = _body_facts(node)
                # what it calls to decode a token names it (``jwt.decode`` raises on a bad one); that it reads the
                # Authorization header does not: judge_guard decides by whether it can refuse
                hand = [c for c in calls if _TOKEN_DECODERS.search(c)]  # a name alone (an auth-named helper) is
                label = node.name + (f" ({hand[0]})" if hand else "")  # no decoder: it would pass by that name
                kind = "middleware" if short == "middleware" else "decorator"
                hook = Guard(label, kind, "app" if hook_owner.is_app else "router", f"{mod.path}:{mod.line(node)}")
                hook_owner.guards.append(judge_guard(hook, node, index))
    # the same hooks registered by a call: `bp.before_request(_enforce_scim_auth)` (DocsGPT's SCIM routes); on an
    # owner that is no router read here (a blueprint handed in as a parameter) they wait for its registrations
    loose_hooks: dict[tuple[str, str], list[Guard]] = {}
    for mod in modules:
        for call in mod.calls():
            owner, _, short = dotted_name(call.func).rpartition(".")
            if short not in {"before_request", "before_app_request"} or not owner or not call.args:
                continue
            fn = dotted_name(call.args[0])
            hook_func = _guard_definition(fn, index, mod.path) if fn else None
            hook = judge_guard(Guard(fn or ast.unparse(call.args[0])[:40], "decorator", "router",
                                     f"{mod.path}:{mod.line(call)}"), hook_func, index)
            known = routers.get((mod.path, owner))
            if known is not None:
                known.guards.append(replace(hook, scope="app" if known.is_app else "router"))
            else:
                loose_hooks.setdefault((mod.path, owner), []).append(hook)

    def chain(key: tuple[str, str]) -> tuple[str, list[Guard]]:
        prefix, seen = "", set()
        guards: list[Guard] = []
        current: tuple[str, str] | None = key
        while current is not None and current not in seen:
            seen.add(current)
            info = routers[current]
            prefix = info.prefix + prefix
            guards = info.guards + guards
            if info.parent is None:
                break
            parent_key, include_prefix, include_guards = info.parent
            prefix = include_prefix + prefix
            guards = include_guards + guards
            current = parent_key
        return prefix, guards

    mounted = _mounted_routes(path_mws, modules, index)

    def path_guards(key: tuple[str, str], file: str, path: str, method: str) -> tuple[list[Guard], str]:
        """The path-dispatching middlewares in front of ``method path`` (of its app, its parents', or of an app
        that mounts the file's app), judged on that path; and, when one lets it through, why."""
        found: list[tuple[_PathMiddleware, str]] = []
        current: tuple[str, str] | None = key
        seen: set[tuple[str, str]] = set()
        while current is not None and current not in seen:
            seen.add(current)
            found += [(m, path) for m in path_mws.get(current, [])]
            parent = routers[current].parent if current in routers else None
            current = parent[0] if parent is not None else None
        found += [(m, _join(prefix, path)) for m, prefix, files in mounted if file in files]
        guards: list[Guard] = []
        let_through = ""
        for mw, seen_path in found:
            verdict = _judge_path_middleware(mw, seen_path, method, index)
            guard = _path_verdict_guard(mw, verdict)
            if guard is not None:
                guards.append(guard)
            elif verdict.status == "open":
                let_through = let_through or (
                    f"{mw.name} ({mw.where}), the HTTP middleware that requires a credential on other paths, lets "
                    f"{seen_path} through without one")
        return guards, let_through

    judged: dict[Guard, Guard] = {}
    schemes = _security_schemes(modules)
    library_users = _library_user_guards(modules)

    def judge(guard: Guard) -> Guard:
        if guard.kind not in {"dependency", "middleware", "decorator"}:
            return guard
        made = library_users.get(guard.name) if guard.kind == "dependency" else None
        if made is not None and guard not in judged:
            judged[guard] = replace(guard, read=True, authenticates=not made[0], not_auth=made[1] if made[0] else "")
        if guard not in judged:
            scheme = schemes.get(guard.name.rsplit(".", 1)[-1]) if guard.kind == "dependency" else None
            judged[guard] = replace(guard, unread=scheme, read=True) if scheme else judge_guard(
                guard, _guard_definition(guard.name, index, guard.where.rsplit(":", 1)[0]), index)
        return judged[guard]

    def handler_facts(func: _Func, route_decorators: Sequence[ast.AST], fmod: PyModule) -> _HandlerFacts:
        """What a handler's own code and its non-route decorators say, whoever registers it."""
        route_guards: list[Guard] = []
        for deco in func.decorator_list:
            if any(deco is d for d in route_decorators):
                continue
            dname = dotted_name(deco)
            if dname:
                scopes = _starlette_scopes(fmod, deco)
                route_guards.append(Guard(f"{dname}({scopes})" if scopes else dname, "decorator", "route",
                                          f"{fmod.path}:{fmod.line(deco)}", authenticates=bool(scopes)))
        param_deps = _expand_dependencies(
            [n for p in _param_nodes(func) for n in _depends_names(p, aliases)], aliases, index)
        calls, header = _body_facts(func)
        issuer = _session_issuer(calls, index)
        compared, signs_in = _login_facts(func)
        if compared:
            issuer = issuer or (compared if answers_only(calls) else "")
            calls = (*calls, f"guard:{compared}")
        refusing = _refusing_helper(func, index) or _session_refusal(func)
        if refusing:
            calls = (*calls, f"guard:{refusing}")
        data_access = _store_calls(func, calls, index)
        identity_only = tuple(c for c in _identity_only(func, calls, index, DEFAULT_AUTH_NAMES)
                              if c not in data_access)
        read_checks = tuple(c for c in calls if not c.startswith("guard:")
                            and matches_any(c.rsplit(".", 1)[-1], DEFAULT_AUTH_NAMES) and _checks_caller(c, index))
        return _HandlerFacts(route_guards, param_deps, calls, header, issuer, signs_in, data_access, identity_only,
                             answers_constant(func), read_checks)

    # 3. route decorators
    routes: list[Route] = []
    classes = class_index(modules)
    for mod in modules:
        owners = enclosing_classes(mod)
        for func in ast.walk(mod.tree):
            if not isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            cls = owners.get(id(func))
            found = [(d, _route_decorator(mod, d) or _self_joined_decorator(mod, d, cls, classes, index))
                     for d in func.decorator_list if isinstance(d, ast.Call)]
            found = [(d, r) for d, r in found if r is not None]
            if not found:
                continue
            facts = handler_facts(func, [d for d, _ in found], mod)
            route_guards, param_deps, calls, header = facts.guards, facts.param_deps, facts.calls, facts.header
            issuer, signs_in, data_access = facts.issuer, facts.signs_in, facts.data_access
            identity_only, constant, read_checks = facts.identity_only, facts.constant, facts.read_checks
            for deco, spec in found:
                assert spec is not None
                owner, methods, path, deco_deps, framework = spec
                info_key = (mod.path, owner)
                prefix, inherited = chain(info_key) if info_key in routers else ("", [])
                where = f"{mod.path}:{mod.line(deco)}"
                deps = _expand_dependencies(_depends_names(deco_deps, aliases), aliases, index)
                own = [Guard(d, "dependency", "route", where) for d in [*deps, *param_deps]]
                guards = list(dict.fromkeys(judge(g) for g in [*inherited, *route_guards, *own]))
                wrapper = _project_wrapper(mod, deco, owner, cls, classes, index)
                if wrapper is not None:
                    prefix = _join(wrapper.prefix, prefix) if wrapper.prefix else prefix
                    if wrapper.authenticated or wrapper.unread:
                        guards.append(Guard(wrapper.name, "decorator", "route", wrapper.where,
                                            authenticates=wrapper.authenticated, unread=wrapper.unread))
                full = _join(prefix, path)
                for method in methods:
                    in_front, let_through = path_guards(info_key, mod.path, full, method)
                    routes.append(Route(method, full, mod.path, mod.line(deco), func.name,
                                        int(getattr(func, "end_lineno", 0) or 0), framework,
                                        tuple([*in_front, *guards]), calls,
                                        header, mod.excerpt(deco), issuer or signs_in, signs_in=signs_in,
                                        identity_only=() if header else identity_only, read_checks=read_checks,
                                        not_caller_checks=data_access,
                                        public_marker=wrapper.opened if wrapper is not None else "",
                                        constant_answer=constant, let_through=let_through))

    # 4. routes registered by a call (Sanic's `app.add_route(handler, "/uri", methods=[…])`, Flask's
    # `add_url_rule`, FastAPI's `add_api_route`): the handler's own code, located at its definition
    for mod in modules:
        for call in mod.calls():
            registered = _registration(mod, call)
            if registered is None:
                continue
            owner, methods, path, handler_node, deco_deps, framework = registered
            defs = index.get(dotted_name(handler_node).rsplit(".", 1)[-1], []) if dotted_name(handler_node) else []
            chosen = _registered_handler(mod, defs)
            if not chosen:
                continue  # a lambda, a view class, or a name defined more than once: not judged here
            fmod, func = chosen[0]
            facts = handler_facts(func, [], fmod)
            info_key = (mod.path, owner)
            prefix, inherited = chain(info_key) if info_key in routers else ("", [])
            where = f"{mod.path}:{mod.line(call)}"
            if info_key not in routers:
                # `def register(bp): bp.add_url_rule(…)`: a blueprint handed in — where it is mounted, and what runs
                # before it there, is not read; its own hooks registered here are
                hooks = [judge(g) for g in loose_hooks.get(info_key, [])]
                inherited = hooks if any(g.authenticates for g in hooks) else [*hooks, Guard(
                    owner, "middleware", "router", where, unread=(
                        f"{owner}, the object the routes are registered on ({where}), handed to this code: where it "
                        "is mounted, and what runs before its requests there, was not read"))]
            deps = _expand_dependencies(_depends_names(deco_deps, aliases), aliases, index)
            own = [Guard(d, "dependency", "route", where) for d in [*deps, *facts.param_deps]]
            guards = list(dict.fromkeys(judge(g) for g in [*inherited, *facts.guards, *own]))
            first = min([func.lineno, *(d.lineno for d in func.decorator_list)])
            for method in methods:
                in_front, let_through = path_guards(info_key, fmod.path, _join(prefix, path), method)
                routes.append(Route(method, _join(prefix, path), fmod.path, first, func.name,
                                    int(getattr(func, "end_lineno", 0) or 0), framework,
                                    tuple([*in_front, *guards]), facts.calls,
                                    facts.header, f"{mod.excerpt(call)} ({where})", facts.issuer or facts.signs_in,
                                    signs_in=facts.signs_in,
                                    identity_only=() if facts.header else facts.identity_only,
                                    read_checks=facts.read_checks, not_caller_checks=facts.data_access,
                                    constant_answer=facts.constant, let_through=let_through))
    return routes


def handler_function(mod: PyModule, route: Route) -> _Func | None:
    """A Python route's own function in ``mod``: the first one so named at or below its registration (a module may
    define the GET and the POST handler under one name)."""
    return min((n for n in ast.walk(mod.tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)
                and n.name == route.handler and n.lineno >= route.line), key=lambda n: n.lineno, default=None)


def _registered_handler(mod: PyModule, defs: list[tuple[PyModule, _Func]]) -> list[tuple[PyModule, _Func]]:
    """The one function a registration names: defined in the registering module, else the only module-level
    function of that name in the project (a method of the same name is another thing); ``[]`` when unsure."""
    local = [(m, f) for m, f in defs if m.path == mod.path and f.col_offset == 0]
    top = [(m, f) for m, f in defs if f.col_offset == 0]
    return local if len(local) == 1 else top if len(top) == 1 else defs if len(defs) == 1 else []


# Flask's before_request hooks, Starlette's and Sanic's request middleware (``@app.on_request``)
_REQUEST_HOOKS = frozenset({"before_request", "before_app_request", "middleware", "on_request"})


def _response_middleware(deco: ast.expr) -> bool:
    """Sanic's ``@app.middleware("response")`` runs after the handler: it turns no request away."""
    return isinstance(deco, ast.Call) and any(
        isinstance(a, ast.Constant) and a.value == "response" for a in [*deco.args, *(k.value for k in deco.keywords)])


def _registration(mod: PyModule, call: ast.Call) -> tuple[str, list[str], str, ast.expr, ast.expr | None, str] | None:
    """``app.add_route(document, "/api/docs", methods=["GET"])`` (Sanic: handler first; Starlette: path first),
    ``bp.add_url_rule("/x", view_func=f, methods=[…])`` (Flask), ``router.add_api_route("/x", f, methods=[…])``
    (FastAPI) → (owner var, methods, path, handler node, dependencies node, framework); ``None`` otherwise."""
    name = dotted_name(call.func)
    owner, _, short = name.rpartition(".")
    if not owner or short not in {"add_route", "add_url_rule", "add_api_route", "add_websocket_route"}:
        return None
    args = list(call.args)
    if args and isinstance(args[0], ast.Constant) and str(args[0].value).lower() in {*HTTP_METHODS, "*"}:
        return None  # aiohttp's `app.router.add_route("GET", "/x", handler)`: its middleware is not read either
    if short == "add_url_rule":
        path_node = args[0] if args else keyword(call, "rule")
        handler = keyword(call, "view_func") or (args[2] if len(args) > 2 else None)
    elif short == "add_route" and args and _string(mod, args[0]) is None:  # Sanic: (handler, uri)
        handler = args[0]
        path_node = args[1] if len(args) > 1 else keyword(call, "uri")
    else:  # Starlette / FastAPI: (path, endpoint)
        path_node = args[0] if args else keyword(call, "path")
        handler = (args[1] if len(args) > 1 else None) or keyword(call, "endpoint") or keyword(call, "handler")
    path = _string(mod, path_node)
    if path is None or handler is None or not isinstance(handler, ast.Name | ast.Attribute):
        return None
    methods_value = mod.value(keyword(call, "methods"))
    if isinstance(methods_value, list | tuple | set) and methods_value:
        methods = [str(m).upper() for m in methods_value]
    else:
        methods = [ANY] if short in {"add_websocket_route", "add_api_route"} else ["GET"]
    return owner, methods, path, handler, keyword(call, "dependencies"), "fastapi/flask"


def _as_function(body: list[ast.stmt]) -> _Func:
    return ast.FunctionDef(name="_", args=ast.arguments(posonlyargs=[], args=[], kwonlyargs=[], kw_defaults=[],
                                                        defaults=[]), body=body, decorator_list=[])


def _returns_status(body: Sequence[ast.stmt]) -> str:
    """``return self.http_status(401, …)`` / ``return error_response(403)``: a response built with 401/403."""
    for stmt in body:
        for node in ast.walk(stmt):
            if isinstance(node, ast.Return) and isinstance(node.value, ast.Call) and any(
                    isinstance(a, ast.Constant) and a.value in (401, 403) for a in node.value.args):
                return str(next(a.value for a in node.value.args if isinstance(a, ast.Constant)
                                and a.value in (401, 403)))
    return ""


def _body_refusal(body: list[ast.stmt]) -> str:
    return _returns_status(body) or _refusal(_as_function(body))


def _project_wrapper(mod: PyModule, deco: ast.Call, owner: str, cls: ast.ClassDef | None, classes: Classes,
                     index: _Index) -> Wrapper | None:
    """What the project's own route method (``self.route(rule, auth_type=…)``, defined on the class or a base
    class) does in front of the handler, read from its code; ``None`` when the decorator is no project method."""
    if cls is None or owner not in {"self", "cls"}:
        return None
    found = find_method(cls, mod, dotted_name(deco.func).rsplit(".", 1)[-1], classes)
    if found is None:
        return None
    wmod, wcls, method = found
    return judge_wrapper(wmod, wcls, method, deco, lambda body: _identity_read(_as_function(body)), _body_refusal,
                         lambda attr: class_attribute(cls, mod, attr, classes, index))


def _self_joined_decorator(mod: PyModule, deco: ast.Call, cls: ast.ClassDef | None, classes: Classes,
                           index: _Index) -> tuple[str, list[str], str, ast.expr | None, str] | None:
    """``@self.quart_app.websocket(self.path + '/connect')``: the rule joined to a class attribute, read from the
    class (or marked unread in the path)."""
    joined = self_prefix(deco.args[0] if deco.args else None)
    if joined is None or cls is None:
        return None
    attr, rest = joined
    base = class_attribute(cls, mod, attr, classes, index)
    path = (base if base is not None else f"<{cls.name}.{attr} unread>") + rest
    return _route_decorator(mod, ast.Call(func=deco.func, args=[ast.Constant(path), *deco.args[1:]],
                                          keywords=deco.keywords))


def _store_calls(func: _Func, calls: Sequence[str], index: _Index) -> tuple[str, ...]:
    """The auth-named project calls of a handler that are data access, not a check of who calls
    (``apikey_service.get_api_key(key_id)`` reading the project's own key store): every definition of the name
    in the project reads no request credential and answers no 401/403, and the handler hands it no request,
    header, token or credential."""
    out: list[str] = []
    for call in calls:
        if call.startswith("guard:") or not matches_any(call.rsplit(".", 1)[-1], DEFAULT_AUTH_NAMES):
            continue
        defs = index.get(call.rsplit(".", 1)[-1], [])
        if not defs or any(_identity_read(d) or _refusal(d) or _returns_status(d.body) for _mod, d in defs):
            continue
        handed = any(isinstance(node, ast.Call) and dotted_name(node.func) == call and any(
            _CREDENTIAL_ARG.fullmatch(ast.unparse(a)) for a in [*node.args, *(k.value for k in node.keywords)])
            for node in ast.walk(func))
        if not handed:
            out.append(call)
    return tuple(out)


def _checks_caller(call: str, index: _Index) -> bool:
    """A project function a handler calls that reads who calls and can end the request (raises, aborts,
    answers 401/403) — ``current_user(request)`` reading the bearer token — by what its definition does."""
    func = _guard_definition(call, index)
    if func is None:
        return False
    return bool(_identity_read(func)) and (_can_refuse(func.body, any_raise=True) or bool(_returns_refusal(func)))


def _starlette_scopes(mod: PyModule, deco: ast.expr) -> str:
    """The scopes of Starlette's ``@requires("authenticated")`` / ``@requires(["authenticated"], redirect=…)``
    (``starlette.authentication.requires``): it answers 403 (or redirects to the login
    page) unless the authentication backend granted every scope, so it is an auth decorator. ``""`` otherwise."""
    if not (isinstance(deco, ast.Call) and deco.args and dotted_name(deco.func).rsplit(".", 1)[-1] == "requires"):
        return ""
    name = dotted_name(deco.func)
    imported = "." in name and name.startswith(("authentication.", "starlette.authentication."))
    if not imported:
        imported = any(isinstance(node, ast.ImportFrom) and (node.module or "").endswith("authentication")
                       and (node.module or "").startswith("starlette")
                       and any(a.name == "requires" and (a.asname or a.name) == name for a in node.names)
                       for node in ast.walk(mod.tree))
    value = mod.value(deco.args[0])
    scopes = [value] if isinstance(value, str) else list(value) if isinstance(value, list | tuple) else []
    if not imported or not scopes or not all(isinstance(s, str) and s for s in scopes):
        return ""
    return ", ".join(repr(s) for s in scopes)


def _join(prefix: str, path: str) -> str:
    return "/" + "/".join(part.strip("/") for part in (prefix, path) if part.strip("/"))


def _route_decorator(mod: PyModule, deco: ast.Call) -> tuple[str, list[str], str, ast.expr | None, str] | None:
    """``@app.get("/x")`` → (owner var, methods, path, dependencies node, framework); ``None`` otherwise."""
    name = dotted_name(deco.func)
    owner, _, short = name.rpartition(".")
    if not owner:
        return None
    path_node = deco.args[0] if deco.args else keyword(deco, "path") or keyword(deco, "rule")
    path = _string(mod, path_node)
    if path is None:
        return None
    deps = keyword(deco, "dependencies")
    if short in HTTP_METHODS:
        return owner, [short.upper()], path, deps, "fastapi/flask"
    if short in {"route", "api_route", "websocket"}:
        methods_value = mod.value(keyword(deco, "methods"))
        if isinstance(methods_value, list | tuple) and methods_value:
            methods = [str(m).upper() for m in methods_value]
        else:
            methods = ["GET"] if short == "route" else [ANY]
        return owner, methods, path, deps, "fastapi/flask"
    return None


# --- Django ---------------------------------------------------------------------------------------

# ``path("admin/", admin.site.urls)``: every view of a Django AdminSite but its login page requires an active
# staff user (``AdminSite.admin_view``), so the admin enforces its own login.
_DJANGO_ADMIN_SITE = re.compile(r"^(?:\w+\.)*(?:admin\.site|\w*admin_site)\.urls$")
_DJANGO_AUTH_BASES = ("LoginRequiredMixin", "PermissionRequiredMixin", "UserPassesTestMixin")


def _judged_class(guard: Guard, name: str, methods: Sequence[str], index: _Index) -> Guard | None:
    """``guard`` judged by the first of a project class's ``methods`` that authenticates or is undetermined
    (Django middleware's ``__call__``/``process_request``, a view mixin's ``dispatch``); ``None`` when the class
    is not the project's or none of them reads who calls."""
    last = name.rsplit(".", 1)[-1]
    for method in methods:
        for _mod, func in index.get(f"{last}.{method}", [])[:1]:
            judged = judge_guard(guard, func, index)
            if judged.authenticates or judged.unread:
                return judged
    return None


def _django_routes(modules: Sequence[PyModule]) -> list[Route]:
    urlconfs = [m for m in modules if m.path.endswith("urls.py")]
    if not urlconfs:
        return []
    index = _function_index(modules)
    classes = _class_index(modules)
    by_name = {name: found[0] for name, found in classes.items()}
    drf_defaults = drf_views.settings_defaults(modules)
    global_auth: list[Guard] = []
    for mod in modules:
        mw = mod.constants.get("MIDDLEWARE")
        if mw is not None:
            for item in mod.value(mw) if isinstance(mod.value(mw), list | tuple) else ():
                where = f"{mod.path}:{mod.line(mw)}"
                if matches_any(str(item).rsplit(".", 1)[-1], ("loginrequired", "authrequired")):
                    global_auth.append(Guard(str(item), "middleware", "app", where))
                    continue
                judged = _judged_class(Guard(str(item), "middleware", "app", where), str(item),
                                       ("__call__", "process_request", "process_view"), index)
                if judged is not None:
                    global_auth.append(judged)

    prefixes: dict[str, str] = {}
    for mod in urlconfs:
        for call in mod.calls():
            if dotted_name(call.func).rsplit(".", 1)[-1] in {"path", "re_path"} and len(call.args) >= 2:
                inner = call.args[1]
                if isinstance(inner, ast.Call) and dotted_name(inner.func).endswith("include") and inner.args:
                    target = _string(mod, inner.args[0])
                    route = _string(mod, call.args[0])
                    if target and route is not None:
                        prefixes[target.replace(".", "/") + ".py"] = route

    routes: list[Route] = []
    for mod in urlconfs:
        prefix = next((p for suffix, p in prefixes.items() if mod.path.endswith(suffix)), "")
        for call in mod.calls():
            if dotted_name(call.func).rsplit(".", 1)[-1] not in {"path", "re_path", "url"} or len(call.args) < 2:
                continue
            route = _string(mod, call.args[0])
            view = call.args[1]
            if route is None or (isinstance(view, ast.Call) and dotted_name(view.func).endswith("include")):
                continue
            guards = list(global_auth)
            where = f"{mod.path}:{mod.line(call)}"
            if _DJANGO_ADMIN_SITE.search(dotted_name(view)):
                guards.append(Guard(f"{dotted_name(view)} (the admin site requires a staff login)", "decorator",
                                    "route", where, authenticates=True))
            while isinstance(view, ast.Call):  # login_required(views.x), Cls.as_view()
                wrapper = dotted_name(view.func)
                if not wrapper.endswith("as_view"):
                    guards.append(Guard(wrapper, "decorator", "route", where))
                view = view.args[0] if view.args and not wrapper.endswith("as_view") else (
                    view.func.value if isinstance(view.func, ast.Attribute) else view.func)
            dotted = dotted_name(view)
            name = dotted.rsplit(".", 1)[-1]
            handler_end, header = 0, False
            calls: tuple[str, ...] = ()
            marker = ""
            for vmod, func in index.get(name, [])[:1]:
                decorators = [dotted_name(d.func if isinstance(d, ast.Call) else d) for d in func.decorator_list]
                drf = any(d.rsplit(".", 1)[-1] == "api_view" for d in decorators)
                guards += [Guard(dotted_name(d), "decorator", "route", f"{vmod.path}:{vmod.line(d)}")
                           for d, called in zip(func.decorator_list, decorators, strict=True) if dotted_name(d)
                           and not (drf and called.rsplit(".", 1)[-1] in drf_views.DECORATORS)]
                calls, header = _body_facts(func)
                if drf:  # a DRF function view: its decorators are read for what DRF does with them
                    guard, marker = _drf_guard(drf_views.function_view_auth(func, vmod, by_name, drf_defaults,
                                                                            _drf_refuses(by_name, index)))
                    guards += [guard] if guard is not None else []
            view_class = _view_class(dotted, classes, mod.path)
            if view_class is not None:
                cmod, cls = view_class
                guards += [Guard(dotted_name(b), "decorator", "route", f"{cmod.path}:{cmod.line(cls)}")
                           for b in cls.bases if dotted_name(b).endswith(_DJANGO_AUTH_BASES)]
                # a project mixin whose dispatch reads request.user and refuses, whatever its name
                guards += [g for b in cls.bases if not dotted_name(b).endswith(_DJANGO_AUTH_BASES)
                           for g in [_judged_class(Guard(dotted_name(b), "decorator", "route",
                                                         f"{cmod.path}:{cmod.line(cls)}"),
                                                   dotted_name(b), ("dispatch",), index)] if g is not None]
                if drf_views.is_drf_view(cls, by_name):
                    guard, marker = _drf_guard(drf_views.view_auth(cls, cmod, by_name, drf_defaults,
                                                                   _drf_refuses(by_name, index)))
                    guards += [guard] if guard is not None else []
            path = "/" + (prefix + route).lstrip("^").rstrip("$").lstrip("/")
            handlers = [item for item in (view_class[1].body if view_class is not None else ())
                        if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef) and item.name in _HTTP_VERBS]
            if not handlers:
                routes.append(Route(ANY, path, mod.path, mod.line(call), name, handler_end, "django", tuple(guards),
                                    calls, header, mod.excerpt(call), public_marker=marker))
            for handler in handlers:  # a class view answers the methods it defines, each with its own code
                calls, header = _body_facts(handler)
                compared, signs_in = _login_facts(handler)
                issuer = _session_issuer(calls, index) or (compared if compared and answers_only(calls) else "")
                routes.append(Route(handler.name.upper(), path, mod.path, mod.line(call), name,
                                    int(getattr(handler, "end_lineno", 0) or 0), "django", tuple(guards), calls,
                                    header, mod.excerpt(call), issuer or signs_in, signs_in=signs_in,
                                    public_marker=marker))
    return routes


_HTTP_VERBS = frozenset({"get", "post", "put", "patch", "delete"})


_ClassDefs = dict[str, list[tuple[PyModule, ast.ClassDef]]]


def _class_index(modules: Sequence[PyModule]) -> _ClassDefs:
    """Every class by its name and, for a class nested in another, also by ``Outer.Inner`` (MaxKB's
    ``views.ApplicationAPI.Import.as_view()``: many views have an inner ``Page`` or ``Operate``)."""
    classes: _ClassDefs = {}

    def visit(mod: PyModule, node: ast.ClassDef, outer: str) -> None:
        qualified = f"{outer}.{node.name}" if outer else node.name
        classes.setdefault(node.name, []).append((mod, node))
        if outer:
            classes.setdefault(qualified, []).append((mod, node))
        for item in node.body:
            if isinstance(item, ast.ClassDef):
                visit(mod, item, qualified)

    for mod in modules:
        for node in mod.tree.body:
            if isinstance(node, ast.ClassDef):
                visit(mod, node, "")
    return classes


def _view_class(dotted: str, classes: _ClassDefs, urls: str) -> tuple[PyModule, ast.ClassDef] | None:
    """The class a ``urls.py`` view names: by its longest qualified suffix (``views.A.Page`` → ``A.Page``); among
    classes of the same name, one with request handlers (``get``, ``post`` …) before a serializer or schema of that
    name, and the one nearest the urls file (same app directory) first."""
    parts = dotted.split(".")
    for start in range(len(parts)):
        found = classes.get(".".join(parts[start:]), [])
        if found:
            return min(found, key=lambda c: (not _handles_requests(c[1]), -shared_dirs(c[0].path, urls)))
    return None


_HANDLER_METHODS = frozenset({"get", "post", "put", "patch", "delete", "list", "create", "retrieve", "update",
                              "destroy", "dispatch"})


def _handles_requests(cls: ast.ClassDef) -> bool:
    return any(isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef) and item.name in _HANDLER_METHODS
               for item in cls.body) or any(dotted_name(b).endswith(("View", "ViewSet")) for b in cls.bases)


def shared_dirs(a: str, b: str) -> int:
    """How many leading directories the files ``a`` and ``b`` share (``app/views/a.py``, ``app/urls.py`` → 1)."""
    n = 0
    for x, y in zip(a.split("/")[:-1], b.split("/")[:-1], strict=False):
        if x != y:
            break
        n += 1
    return n


def _drf_refuses(classes: drf_views.ClassIndex, index: _Index) -> Callable[[str], str]:
    """For a project DRF authentication class, why its ``authenticate`` turns an anonymous request away."""
    def refuses(name: str) -> str:
        if name not in classes:
            return ""
        for _mod, func in index.get(f"{name}.authenticate", [])[:1]:
            judged = judge_guard(Guard(name, "decorator", "route", ""), func, index)
            if judged.authenticates:
                return "its authenticate() reads the credential and raises without a valid one"
        return ""
    return refuses


def _drf_guard(auth: drf_views.ViewAuth) -> tuple[Guard | None, str]:
    """The guard (or the public declaration) a DRF view's classes amount to."""
    if auth.kind == "authenticates":
        return Guard(auth.what, "decorator", "route", auth.where, authenticates=True), ""
    if auth.kind == "undetermined":
        return Guard(auth.what, "decorator", "route", auth.where, unread=f"{auth.what} ({auth.where})", read=True), ""
    if auth.kind == "public":
        return None, f"DRF {auth.what} ({auth.where})"
    return None, ""


# --- Express --------------------------------------------------------------------------------------

_EXPRESS_ROUTE = re.compile(
    r"\b(?P<obj>[A-Za-z_$][\w$]*)\.(?P<verb>get|post|put|patch|delete|all)\s*\(\s*(?P<q>['\"`])(?P<path>/[^'\"`]*)(?P=q)"
)
def _returned_value(text: str, at: int, last: str, defined: frozenset[str]) -> bool:
    """Is the call at ``at`` a function's returned value (``return api.post(…)``, ``=> api.post(…)``) whose last
    argument is a plain name no project function has? A route registration is a statement whose last argument is
    its handler; a returned ``.post(url, userData)`` is a client sending the value it was given."""
    last = last.strip()
    return bool(re.fullmatch(r"[A-Za-z_$][\w$]*", last)) and last not in defined and bool(
        re.search(r"(?:\breturn|=>)\s*(?:await\s+)?$", text[max(0, at - 40):at]))


# A registration is a statement (`router.post('/x', handler)`, chained or not); a call whose result is awaited or
# assigned (`const response = await api.post(…)`, `res = api.get(…)`) is a request a client sends.
_CALL_RESULT_USED = re.compile(r"(?:\bawait|(?<![=!<>])=)\s*$")


_HTTP_CLIENTS = frozenset({"this", "axios", "client", "http", "https", "request", "ky", "got", "superagent",
                           "apiClient", "httpClient", "instance", "$http", "fetcher", "supertest", "agent", "api$",
                           "cy", "page", "browser", "mock", "nock", "msw", "rest", "graphql"})
_JS_SERVER_IMPORT = re.compile(r"(?:from\s*|require\(\s*)['\"](?P<pkg>fastify|hono|express|[Kk]oa)['\"]")
# Fastify route options and app hooks: `{ onRequest: [fastify.authenticate] }`, `addHook('preHandler', auth)`.
_FASTIFY_HOOK = re.compile(r"\b(?:onRequest|preHandler|preValidation|preParsing)\s*:\s*\[?\s*([A-Za-z_$][\w$.]*)")
_FASTIFY_ADD_HOOK = re.compile(
    r"\b(?P<obj>[A-Za-z_$][\w$]*)\.addHook\s*\(\s*['\"](?:onRequest|preHandler|preValidation)['\"]\s*,\s*"
    r"(?:async\s*)?(?P<fn>[A-Za-z_$][\w$.]*)")
# Reading the request's Authorization header — not writing one on an outgoing call (`headers["Authorization"] = …`).
_JS_AUTH_HEADER = re.compile(
    r"headers\s*(?:\.\s*authorization\b|\[\s*['\"]authorization['\"]\s*\]|\.get\(\s*['\"]authorization)(?!\s*=(?!=))",
    re.IGNORECASE)
# The read handed on as the Authorization of an outgoing request (``authorization: req.headers.get(…)``): a relay
# forwarding the caller's own credential to another service, not a check of it.
_JS_FORWARDED = re.compile(r"(?i)['\"]?authorization['\"]?\s*:\s*[\w$.\s]*$")


def js_reads_auth_header(text: str) -> bool:
    """The handler reads the request's Authorization header for itself (not only to forward it)."""
    return any(not _JS_FORWARDED.search(text[max(0, m.start() - 80):m.start()]) for m in _JS_AUTH_HEADER.finditer(text))


_JS_CALL = re.compile(r"(?<![\w$.])((?:[A-Za-z_$][\w$]*\s*\.\s*)*[A-Za-z_$][\w$]*)\s*\(")


def balanced(text: str, start: int, limit: int = 20000) -> str:
    """The bracketed text starting at ``text[start]`` (``(``, ``[`` or ``{``), quotes respected."""
    opening = text[start] if start < len(text) else "("
    closing = {"(": ")", "[": "]", "{": "}"}.get(opening, ")")
    depth, quote, i = 0, "", start
    end = min(len(text), start + limit)
    while i < end:
        ch = text[i]
        if quote:
            if ch == "\\":
                i += 2
                continue
            if ch == quote:
                quote = ""
        elif ch in "'\"`":
            quote = ch
        elif ch == "/" and text[i + 1:i + 2] in ("/", "*") and (i == 0 or text[i - 1] in " \t\n;{}(),"):
            # a comment: an apostrophe in ``// it's`` opens no string
            close = text.find("\n" if text[i + 1] == "/" else "*/", i + 2)
            i = end if close == -1 else close + (1 if text[i + 1] == "/" else 2)
            continue
        elif ch == opening:
            depth += 1
        elif ch == closing:
            depth -= 1
            if depth == 0:
                return text[start : i + 1]
        i += 1
    return text[start:end]


def split_args(inner: str) -> list[str]:
    """Top-level comma-separated arguments of ``inner`` (without its outer parentheses)."""
    parts, depth, quote, current = [], 0, "", []
    i = 0
    while i < len(inner):
        ch = inner[i]
        if quote:
            current.append(ch)
            if ch == "\\" and i + 1 < len(inner):
                current.append(inner[i + 1])
                i += 2
                continue
            if ch == quote:
                quote = ""
        elif ch in "'\"`":
            quote = ch
            current.append(ch)
        elif ch in "([{":
            depth += 1
            current.append(ch)
        elif ch in ")]}":
            depth -= 1
            current.append(ch)
        elif ch == "," and depth == 0:
            parts.append("".join(current).strip())
            current = []
        else:
            current.append(ch)
        i += 1
    if "".join(current).strip():
        parts.append("".join(current).strip())
    return parts


# Words that stand before a parenthesis without being a call: ``async () =>``, ``if (…)``, ``catch (e)``.
_JS_KEYWORDS = frozenset({"async", "await", "if", "for", "while", "switch", "catch", "function", "return", "typeof",
                          "new", "do", "else", "with", "yield", "void", "delete", "in", "of", "instanceof", "case"})


def js_calls(text: str) -> tuple[str, ...]:
    """Names of the functions ``text`` calls, in order, without keywords that precede a parenthesis."""
    names = (re.sub(r"\s+", "", m.group(1)) for m in _JS_CALL.finditer(text))
    return tuple(dict.fromkeys(n for n in names if n not in _JS_KEYWORDS))


# An exported handler that takes no parameters: ``export async function GET() {`` or
# ``export const GET: RequestHandler = async () =>``.
_JS_NO_PARAMS = re.compile(
    r"^export\s+(?:async\s+)?function\s+\w+\s*\(\s*\)\s*(?::\s*[^{]+)?(?=\{)"
    r"|^export\s+(?:const|let)\s+\w+\s*(?::\s*[\w$.<>\[\]]+)?\s*=\s*(?:async\s*)?\(\s*\)\s*(?::\s*[^=]+)?=>\s*")
_RESPONSE_WRAPPER = re.compile(r"(?i)(?:^|\.)(?:\w*response|jsonify|json|send)$")
_JS_WRAPPER = re.compile(r"(?:new\s+)?(?P<name>[A-Za-z_$][\w$.]*)\s*(?=\()")


def _js_literal(text: str) -> bool:
    """Only literals: strings without ``${…}``, numbers, ``true``/``null``, arrays and objects of them
    (type casts ``as T`` / ``satisfies T`` aside)."""
    s = re.sub(r"(['\"])(?:\\.|(?!\1).)*\1", "0", text)
    s = re.sub(r"`[^`$]*`", "0", s)
    s = re.sub(r"\b(?:as|satisfies)\s+[A-Za-z_$][\w$.]*(?:<[^<>]*>)?(?:\[\])*", "", s)
    s = re.sub(r"[A-Za-z_$][\w$]*\s*:", "", s)  # object keys
    s = re.sub(r"\b(?:true|false|null|undefined)\b", "0", s)
    return re.fullmatch(r"[\s\d.,\-+\[\]{}()]*", s) is not None


def js_constant_answer(body: str) -> bool:
    """An exported handler (``body`` starts at its ``export``) that takes nothing from the request and answers a
    literal, bare or in a response (``return json([])``, ``new Response("ok")``): it serves no data."""
    m = _JS_NO_PARAMS.match(body)
    if not m:
        return False
    rest = body[m.end():].lstrip()
    if rest.startswith("{"):
        block = balanced(rest, 0)[1:-1].strip()
        returned = re.fullmatch(r"return\s+([\s\S]*?);?\s*", block)
        if returned is None:
            return False
        expr = returned.group(1).strip()
        whole = True
    else:
        expr, whole = rest, False  # an arrow's expression body: read the first expression only
    return _literal_answer(expr, whole)


def _literal_answer(expr: str, whole: bool) -> bool:
    """``expr`` is a literal, bare or in a response (``NextResponse.json({ body: "OK" }, { status: 200 })``);
    ``whole``: nothing may follow it."""
    wrapper = _JS_WRAPPER.match(expr)
    if wrapper:
        if not _RESPONSE_WRAPPER.search(wrapper.group("name")):
            return False
        call = balanced(expr, wrapper.end())
        if whole and expr[wrapper.end() + len(call):].strip():
            return False
        return _js_literal(call[1:-1])
    if not whole and expr[:1] in "[{(":
        expr = balanced(expr, 0)
    return bool(expr) and _js_literal(expr)


_JS_ENV_SECRET = r"(?:process\.env|import\.meta\.env|env)\.(?P<{0}>[A-Z0-9_]+)"
_JS_OPERAND = r"(?P<{0}>[A-Za-z_$][\w$]*(?:\s*\.\s*[A-Za-z_$][\w$]*)*)(?!\s*[.(\[\w$])"
_JS_SECRET_COMPARE = re.compile(
    _JS_ENV_SECRET.format("k1") + r"\s*[!=]==?\s*" + _JS_OPERAND.format("v1")
    + r"|(?<![\w$.])" + _JS_OPERAND.format("v2") + r"\s*[!=]==?\s*" + _JS_ENV_SECRET.format("k2") + r"\b")


def js_secret_comparison(body: str) -> str:
    """``compares token with the configured secret AUTH_SECRET_KEY`` when ``body`` compares a value with a
    secret read from the environment (``process.env.AUTH_SECRET_KEY !== token``): a credential check."""
    for m in _JS_SECRET_COMPARE.finditer(body):
        key, value = m.group("k1") or m.group("k2"), re.sub(r"\s+", "", m.group("v1") or m.group("v2"))
        if SECRET_SETTING.match(key) and value not in {"undefined", "null", "true", "false"} and not value.startswith(
                ("process.env", "env.", "import.meta")):
            return f"compares {value} with the configured secret {key}"
    return ""


def _guard_name(arg: str) -> str:
    arg = arg.strip()
    m = re.match(r"([A-Za-z_$][\w$.]*)", arg)
    return m.group(1) if m else ""


def line_of(text: str, pos: int) -> int:
    """The 1-based line of ``text`` that holds offset ``pos``."""
    return text.count("\n", 0, pos) + 1


_line_of = line_of


_JS_MIDDLEWARE_DEF = re.compile(
    r"(?:async\s+)?function\s+(?P<a>[A-Za-z_$][\w$]*)\s*\(\s*(?:req|request|ctx|c)\w*\s*[,)]"
    r"|(?:const|let|var)\s+(?P<b>[A-Za-z_$][\w$]*)\s*=\s*(?:async\s*)?(?:function\s*)?\(\s*(?:req|request|ctx|c)\w*\s*[,)]")
_JS_READS_CREDENTIAL = re.compile(
    r"(?i)authorization|\bbearer\b|decodejwt|jwt\.verify|jwtverify|verifytoken|verify_token|\.session\b|getsession|"
    r"x-api-key|apikey|api_key|cookies?\.|signature|x-integrity|hmac|\.verify\("
    # the identity an earlier middleware resolved: ``if (!req.user) return res.sendStatus(403)``
    r"|\b(?:req|request)\.(?:user|auth)\b|\.isAuthenticated\s*\(|\blocals\.user\b"
    # a credential in a header of its own: request.header("x-app-device-token"), headers["x-auth-key"]
    r"|header[s]?\s*(?:\.get\s*)?[(\[]\s*[\"'`][\w-]*(?:token|auth|key|session)[\w-]*[\"'`]")
# A refusal before the handler runs. 400 counts with a credential read: "token required" is often a 400.
_JS_DENIES = re.compile(r"\b(?:status|sendStatus)\s*\(\s*40[0-3]\b|\bstatus\s*:\s*40[0-3]\b|\bcode\s*\(\s*40[0-3]\b"
                        r"|\bthrow\s+new\s+\w*(?:Unauthori[sz]ed|Forbidden)\w*"
                        # Koa ``ctx.throw(401)`` / ``ctx.status = 401``, Hono ``c.json({…}, 401)`` and
                        # ``new HTTPException(401)``, Node ``res.writeHead(403)``, ``next(new UnauthorizedError())``
                        r"|\.throw\s*\(\s*40[13]\b|\.status\s*=\s*40[13]\b|\bwriteHead\s*\(\s*40[13]\b"
                        r"|\bHTTPException\s*\(\s*40[13]\b|,\s*40[13]\s*\)"
                        r"|\bnext\s*\(\s*(?:new\s+)?\w*(?:Unauthori[sz]ed|Forbidden)\w*")
# Any error answer: a guard that can stop a request (unknown id, disabled feature, origin not allowed).
_JS_REFUSES = re.compile(r"\b(?:status|sendStatus)\s*\(\s*[45]\d\d\b|\bstatus\s*:\s*[45]\d\d\b"
                         r"|\bcode\s*\(\s*[45]\d\d\b|\bthrow\s+new\s+\w*(?:Error|Exception)\b")


def _js_middleware_bodies(files: Sequence[tuple[str, str]]) -> Iterator[tuple[str, str]]:
    """(name, body) of each request handler defined in the project that can answer an error itself."""
    for _, text in files:
        if not (_JS_REFUSES.search(text) or _JS_DENIES.search(text)):
            continue
        for m in _JS_MIDDLEWARE_DEF.finditer(text):
            brace = text.find("{", m.end())
            if brace == -1 or brace - m.end() > 200:
                continue
            yield m.group("a") or m.group("b"), balanced(text, brace, limit=12000)


def js_verifiers(files: Sequence[tuple[str, str]]) -> frozenset[str]:
    """Names of request handlers, defined in the project, that read a credential and refuse (400–403):
    middleware such as ``validatedRequest`` or ``validDeviceToken`` authenticates whatever its name says."""
    return frozenset(name for name, body in _js_middleware_bodies(files)
                     if _JS_READS_CREDENTIAL.search(body) and _JS_DENIES.search(body))


def js_identity_readers(files: Sequence[tuple[str, str]]) -> dict[str, str]:
    """Project middleware that reads the caller's credential (the Authorization header, a session, a cookie)
    but has no refusal the inventory can read — it hands the decision to a library or another function
    (``await verifySession(req); next()``): name → ``path:line``. A route behind one is undetermined."""
    found: dict[str, str] = {}
    for path, text in files:
        if not _JS_READS_CREDENTIAL.search(text):
            continue
        for m in _JS_MIDDLEWARE_DEF.finditer(text):
            brace = text.find("{", m.end())
            if brace == -1 or brace - m.end() > 200:
                continue
            body = balanced(text, brace, limit=12000)
            if _JS_READS_CREDENTIAL.search(body) and not _JS_DENIES.search(body) and re.search(r"\bnext\s*\(", body):
                found.setdefault(m.group("a") or m.group("b"), f"{path}:{line_of(text, m.start())}")
    return found


def js_gatekeepers(files: Sequence[tuple[str, str]]) -> frozenset[str]:
    """Names of project middleware that can refuse a request (any 4xx/5xx answer or a thrown error) without
    reading a credential: an embed-config lookup, a feature switch, an origin allowlist. Not authentication —
    but a route behind one is not plainly open either, so route checks warn rather than fail."""
    return frozenset(name for name, body in _js_middleware_bodies(files) if _JS_REFUSES.search(body))


_JS_INLINE_FN = re.compile(r"(?:async\s*)?(?:function\b|\([^()]*\)\s*(?::\s*[\w$<>\[\]]+\s*)?=>|[A-Za-z_$][\w$]*\s*=>)")


def _middleware_arg(arg: str) -> bool:
    return bool(_guard_name(arg) or _JS_INLINE_FN.match(arg.strip()))


def _inline_guard(body: str, scope: str, where: str) -> Guard:
    """A middleware written inline (``app.use(async (req, res, next) => {…})``), judged by what it does like a
    named one: it reads a credential and refuses (authenticates), reads one and calls ``next()`` with no readable
    refusal (undetermined), or can only refuse for another reason (a gatekeeper)."""
    label = f"inline middleware ({where})"
    if re.match(r"(?:async\s*)?(?:function\s*)?\(\s*(?:err|error|e)\b", body):
        return Guard(label, "middleware", scope, where)  # an error handler: it answers errors, it stops no caller
    reads = bool(_JS_READS_CREDENTIAL.search(body))
    if reads and _JS_DENIES.search(body):
        return Guard(label, "middleware", scope, where, authenticates=True)
    if reads and re.search(r"\bnext\s*\(", body):
        return Guard(label, "middleware", scope, where, unread=(
            f"the inline middleware at {where}, which reads the caller's credential but whose refusing branch was "
            "not read (a library or another function decides)"))
    return Guard(label, "middleware", scope, where, refuses=bool(_JS_REFUSES.search(body)))


def _judged_body(name: str, body: str, where: str) -> Guard:
    """An app-level middleware judged by its definition's text (a factory's too: the function it returns is in
    it): reads a credential and refuses — authenticates; reads one and calls ``next()`` — undetermined; can only
    refuse for another reason — a gatekeeper; else nothing."""
    reads = bool(_JS_READS_CREDENTIAL.search(body))
    if reads and _JS_DENIES.search(body):
        return Guard(name, "middleware", "app", where, authenticates=True)
    if reads and re.search(r"\bnext\s*\(", body):
        return Guard(name, "middleware", "app", where, unread=(
            f"{name} ({where}), which reads the caller's credential but whose refusing branch was not read "
            "(a library or another function decides)"))
    return Guard(name, "middleware", "app", where, refuses=bool(_JS_REFUSES.search(body)))


# Members of an authentication package that set it up for later checks and turn no caller away: passport's
# ``initialize()`` and ``session()`` restore ``req.user`` from the session when there is one and call ``next()``
# either way (https://www.passportjs.org/concepts/authentication/sessions/).
_SETUP_ONLY = {"passport": frozenset({"initialize", "session"})}


def _package_middleware(name: str, package: str, where: str) -> Guard:
    member = name.removesuffix("()").rsplit(".", 1)[-1] if "." in name else ""
    if member in _SETUP_ONLY.get(package, frozenset()):
        return Guard(name, "middleware", "app", where, not_auth=(
            f"{name} ({where}) only restores a signed-in user from the session and turns no caller away"))
    if package in NOT_AUTHENTICATING or matches_any(name, DEFAULT_AUTH_NAMES):
        return Guard(name, "middleware", "app", where)  # known to authenticate no one, or judged by its name
    return Guard(name, "middleware", "app", where, unread=(
        f"{name} ({where}), middleware from the package {package}, whose code is not read"))


def _app_middleware(w: FileWiring, item: str, where: str, judge: Callable[[str, str, str], Guard],
                    bodies: dict[str, tuple[str, str]], wiring: ExpressWiring, middleware: frozenset[str]) -> Guard:
    """An ``app.use(item)`` middleware judged by what its definition does, followed through imports (a member of
    an imported module, a destructured import, a value made by a package's function); *unread* when its
    definition is nowhere the inventory can read, so that no route behind it is judged surely open."""
    item = item.strip()
    if _JS_INLINE_FN.match(item):
        return judge(item, "app", where)
    req = re.match(r"require\(\s*['\"](?P<src>[^'\"]+)['\"]\s*\)(?:\s*\.\s*[A-Za-z_$][\w$]*)*", item)
    if req:
        src = req.group("src")
        if not src.startswith("."):  # named without its arguments: ``{ limit: "50mb" }`` is no rate limiter
            return _package_middleware(re.sub(r"\s+", "", req.group(0)), package_of(src), where)
        file = resolve_js(w.path, src, frozenset(wiring.files))
        text = wiring.files[file].text if file else ""
        return _judged_body(f"require({src!r})", text, where) if file else Guard(
            item[:60], "middleware", "app", where, unread=f"{item[:60]} ({where}), a module that was not read")
    name = _guard_name(item)
    if not name:
        return judge(item, "app", where)
    head, _, rest = name.partition(".")
    bound = w.bindings.get(head)
    if head in w.routers and not rest.startswith(("use", "get")) and not (bound is not None and bound.package):
        return Guard(name, "middleware", "app", where, not_auth=(  # ``router.routes()``: the router, no middleware
            f"{name} ({where}) mounts a router, whose own routes carry their own guards"))
    if bound is not None and bound.package:
        return _package_middleware(name, bound.package, where)
    if bound is not None and not bound.file.startswith("?"):
        defined = rest.rsplit(".", 1)[-1] if rest else (bound.member if bound.member not in {"", "default"}
                                                        else head)
        source = wiring.files.get(bound.file)
        if defined in middleware:
            return replace(judge(defined, "app", where), name=name)
        if defined in bodies:
            return replace(_judged_body(defined, bodies[defined][1], where), name=name)
        made = source.bindings.get(defined) if source else None
        if made is not None and made.package:
            return _package_middleware(name, made.package, where)
        if source is not None and bound.member in {"", "default"} and not rest:
            return _judged_body(name, source.text, where)  # the module's own export is the middleware
        return Guard(name, "middleware", "app", where, unread=(
            f"{name} ({where}), whose definition in {bound.file} was not read"))
    if bound is not None:
        return Guard(name, "middleware", "app", where, unread=f"{name} ({where}), from a module that was not read")
    if head in middleware or name in middleware:
        return judge(item, "app", where)
    if head in bodies:
        return replace(_judged_body(head, bodies[head][1], where), name=name)
    return Guard(name, "middleware", "app", where, unread=f"{name} ({where}), whose definition was not found")


def _express_routes(files: Sequence[tuple[str, str]], defined: frozenset[str] = frozenset()) -> list[Route]:
    verifiers = js_verifiers(files)
    gatekeepers = js_gatekeepers(files)
    readers = js_identity_readers(files)

    def guard(arg: str, scope: str, where: str) -> Guard:
        if _JS_INLINE_FN.match(arg.strip()):
            return _inline_guard(arg.strip(), scope, where)
        name = _guard_name(arg)
        unread = "" if name in verifiers or name not in readers else (
            f"{name} ({readers[name]}), which reads the caller's credential but whose refusing branch was not read "
            "(a library or another function decides)")
        return Guard(name, "middleware", scope, where, name in verifiers, name in gatekeepers and not unread,
                     unread=unread)

    wiring = ExpressWiring(files, split_args, balanced)
    bodies = _js_function_bodies(files)
    definitions = [(m.group("a") or m.group("b"), (path, balanced(text, text.find("{", m.end()), limit=12000)))
                   for path, text in files if "=>" in text or "function" in text
                   for m in _JS_FUNCTION_DEF.finditer(text) if 0 <= text.find("{", m.end()) - m.end() <= 300]
    middleware = verifiers | gatekeepers | frozenset(readers)

    def app_guard(w: FileWiring, use: Use, item: str) -> Guard:
        where = f"{w.path}:{use.line}"
        judged = _app_middleware(w, item, where, guard, bodies, wiring, middleware)
        if use.condition and (judged.authenticates or judged.unread or matches_any(judged.name, DEFAULT_AUTH_NAMES)):
            return replace(judged, authenticates=False, condition=use.condition[:80], unread=(
                f"{judged.name} ({where}), registered only when `{use.condition[:80]}`"))
        return judged

    mounts = wiring.mounts(app_guard)
    per_file_uses: dict[str, list[tuple[int, str, str, list[Guard]]]] = {}
    for path, text in files:
        uses: list[tuple[int, str, str, list[Guard]]] = []
        for m in _FASTIFY_ADD_HOOK.finditer(text):
            where = f"{path}:{_line_of(text, m.start())}"
            hook_args = split_args(balanced(text, text.index("(", m.start()))[1:-1])
            hook = guard(hook_args[1], "app", where) if len(hook_args) > 1 else Guard(m.group("fn"), "middleware",
                                                                                      "app", where)
            uses.append((m.start(), m.group("obj"), "", [hook]))
        per_file_uses[path] = uses

    routes: list[Route] = []
    emitted: set[tuple[str, str, int]] = set()
    for path, text in files:
        if not _EXPRESS_ROUTE.search(text):
            continue
        emitted.clear()
        framework = _JS_SERVER_IMPORT.search(text)
        flavour = framework.group("pkg").lower() if framework else "express"
        commented = [c.span() for c in _JS_COMMENT.finditer(text)] if "//" in text or "/*" in text else []
        for m in _EXPRESS_ROUTE.finditer(text):
            if any(start <= m.start() < end for start, end in commented):
                continue  # `// router.post('/api/deep-research', …)`: a registration commented out serves nothing
            open_paren = text.index("(", m.start("verb"))
            call = balanced(text, open_paren)
            args = split_args(call[1:-1])
            if len(args) < 2:
                continue
            obj = m.group("obj")
            if obj in _HTTP_CLIENTS or args[-1].lstrip().startswith(("{", "[", "'", '"', "`")) or re.match(
                    r"\s*(?:JSON\.stringify|new\s+FormData|formData|body|data|payload|params)\b", args[-1]):
                continue  # a client call (`this.put('/x', {…})`, `axios.post('/x', data)`), not a route
            if _returned_value(text, m.start(), args[-1], defined):
                continue  # `addUser = (userData) => { return api.post('/users/add', userData) }`: a client call
            if _CALL_RESULT_USED.search(text, max(0, m.start() - 40), m.start()):
                continue  # `const response = await api.post(`/api/kb/${id}/process`, uploads)`: a client call
            line = _line_of(text, m.start())
            where = f"{path}:{line}"
            inherited = [g for pos, o, prefix, gs in per_file_uses.get(path, []) if o == obj and pos < m.start()
                         and (not prefix or m.group("path").startswith(prefix.rstrip("*"))) for g in gs]
            w = wiring.files[path]
            inherited += wiring.before(w, obj, m.start(), m.group("path"), app_guard)  # type: ignore[arg-type]
            middle = [item for a in args[1:-1] for item in (split_args(a[1:-1]) if a.startswith("[") else [a])]
            route_guards = [guard(a, "route", where) for a in middle if _middleware_arg(a)]
            route_guards += [Guard(name, "middleware", "route", where) for a in args[1:-1] if a.startswith("{")
                             for name in _FASTIFY_HOOK.findall(a)]
            handler = args[-1]
            method = ANY if m.group("verb") == "all" else m.group("verb").upper()
            name = "" if handler.startswith(("async", "(", "function")) else _guard_name(handler)
            # a per-resource key checked in the handler, or in the project function it names
            bound = w.bindings.get(name) if name else None
            source = (bound.file.rsplit(".", 1)[0].removesuffix("/index")
                      if bound and bound.file and not bound.file.startswith("?") else "")
            defined_at = [b for n, (p, b) in definitions if n == name and source
                          and p.rsplit(".", 1)[0] in (source, f"{source}/index")] or [
                b for n, (p, b) in definitions if n == name and source and p.startswith(f"{source}/")]
            defined_at = defined_at if len(defined_at) == 1 else []  # re-exported by a directory's index
            # a controller imported from its own module (firecrawl's `router.post("/v0/scrape", scrapeController)`)
            # is read there: what it calls first (`authenticateUser(req, res)`, answering 401) is the handler's
            body = defined_at[0] if defined_at else handler
            compared = js_secret_comparison(body)
            refusing = js_refusing_helper(body, defined)
            key_check = header_key_check(body)
            calls = (*js_calls(body), *(f"guard:{g}" for g in (compared, refusing, key_check) if g))
            chains = mounts.get((path, obj), [Mount()])
            # a router mounted at several prefixes is one handler: reported once, under the mount that guards it
            # least (``app.use('', router)`` and ``app.use('/api', router)``), the first of equals
            for chain in sorted(chains, key=lambda c: sum(1 for g in c.guards if isinstance(g, Guard) and (
                    g.authenticates or g.unread or g.refuses)))[:1]:
                full = _join(chain.prefix, m.group("path")) if chain.prefix else m.group("path")
                if chain.unresolved:
                    full = f"/<prefix {chain.unresolved}>{full}"  # said, not guessed
                if (method, full, line) in emitted:
                    continue
                emitted.add((method, full, line))
                mount_guards = [g for g in chain.guards if isinstance(g, Guard)]
                routes.append(Route(method, full, path, line, name,
                                    line + call.count("\n"), flavour,
                                    tuple(dict.fromkeys((*mount_guards, *inherited, *route_guards))), calls,
                                    js_reads_auth_header(body),
                                    text.splitlines()[line - 1].strip()[:160],
                                    issues_session=compared if compared and answers_only(js_calls(body)) else "",
                                    constant_answer=sends_static_page(body)))
    return routes


# --- Next.js --------------------------------------------------------------------------------------

_NEXT_PAGES = re.compile(r"(?:^|/)pages/(?P<route>api/.+)\.(?:js|ts|jsx|tsx|mjs)$")
_NEXT_APP = re.compile(r"(?:^|/)app/(?P<route>(?:.+/)?)route\.(?:js|ts|mjs|jsx|tsx)$")
_NEXT_EXPORT = re.compile(
    r"^export\s+(?:async\s+)?(?:function\s+|const\s+)(?P<method>GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\b", re.M)
# Next 16 renamed middleware.ts to proxy.ts; both run before every matched route.
_NEXT_MIDDLEWARE = re.compile(r"(?:^|/)(?:src/)?(?:middleware|proxy)\.(?:js|ts)$")


def _next_path(route: str) -> str:
    """The URL of an app/pages route directory: route groups ``(x)`` and parallel slots ``@x`` are no segment, an
    intercepting segment ``(.)x`` / ``(..)(..)x`` is ``x``."""
    parts = []
    for raw in route.strip("/").split("/"):
        part = re.sub(r"^(?:\(\.{1,3}\))+", "", raw)
        if part and not (part.startswith("(") and part.endswith(")")) and not part.startswith("@"):
            parts.append(part)
    if parts and parts[-1] == "index":
        parts = parts[:-1]
    return "/" + "/".join(parts)


_APP_ROUTE_FILE = re.compile(r"^(?:src/)?app/(?P<route>(?:.+/)?)route\.(?:js|ts|mjs|jsx|tsx)$")


def next_app_route(path: str, roots: Sequence[str] = ()) -> str | None:
    """The route directory of an app-router ``route.ts`` under its package's ``app`` or ``src/app`` directory
    (``frontend/app/src/app/(x)/y/route.ts`` → ``(x)/y/`` when ``frontend/app`` holds a package that depends on
    next); ``None`` when the file is no route handler (a private ``_folder`` is not routed)."""
    for root in sorted(roots, key=len, reverse=True):
        prefix = f"{root}/" if root else ""
        if path.startswith(prefix):
            m = _APP_ROUTE_FILE.match(path[len(prefix):])
            if m:
                route = m.group("route")
                return None if any(p.startswith("_") for p in route.split("/")) else route
    m = _NEXT_APP.search(path)
    if m is None or any(p.startswith("_") for p in m.group("route").split("/")):
        return None
    return m.group("route")


_NEXT_ALIAS = re.compile(r"export\s+const\s+\w+\s*(?::\s*[\w$.<>\[\]]+\s*)?=\s*(?P<name>[A-Za-z_$][\w$]*)\s*(?:;|\n|$)")
# ``export const GET = (req: NextRequest) => handleRequest(req, "GET");``: every method handed to one function
_NEXT_DELEGATE = re.compile(r"export\s+const\s+\w+\s*(?::\s*[\w$.<>\[\]]+\s*)?=\s*(?:async\s*)?\([^()]*\)\s*"
                            r"(?::\s*[\w$.<>\[\]]+\s*)?=>\s*(?:await\s+)?(?P<name>[A-Za-z_$][\w$]*)\s*\([^()]*\)\s*;?\s*$")
# ``if (req.method === "OPTIONS") { return NextResponse.json({ body: "OK" }, { status: 200 }); }``
_OPTIONS_BRANCH = re.compile(
    r"\bif\s*\(\s*[\w$.]+\.method\s*===?\s*['\"]OPTIONS['\"]\s*\)\s*(?P<brace>\{)?\s*return\s+")


def _next_handler(text: str, export: str) -> str:
    """The function an ``export const GET = handle;`` names, defined in the same file (with the export line when
    the export only hands the request to it: ``export const GET = (req) => handleRequest(req, "GET")``);
    ``export`` itself when the export is the handler (or the name is not defined here)."""
    alias = _NEXT_ALIAS.match(export.lstrip()) or _NEXT_DELEGATE.match(_JS_COMMENT.sub("", export).strip())
    if alias is None:
        return export
    name = re.escape(alias.group("name"))
    m = re.search(rf"(?:^|\n)\s*(?:export\s+)?(?:async\s+)?function\s+{name}\s*\("
                  rf"|(?:^|\n)\s*(?:export\s+)?(?:const|let)\s+{name}\s*=\s*(?:async\s*)?(?:function\s*)?\(", text)
    if m is None:
        return export
    params = balanced(text, m.end() - 1)
    brace = text.find("{", m.end() - 1 + len(params))
    if brace == -1:
        return export
    helper = text[m.start():brace] + balanced(text, brace)
    return helper if alias.re is _NEXT_ALIAS else f"{export.rstrip()}\n{helper}"


def options_answer_literal(handler: str) -> bool:
    """The handler answers an ``OPTIONS`` request with a literal before anything else: a preflight answer,
    nothing behind it for that method."""
    m = _OPTIONS_BRANCH.search(handler)
    if m is None:
        return False
    rest = handler[m.end():]
    wrapper = _JS_WRAPPER.match(rest)
    expr = rest[:wrapper.end()] + balanced(rest, wrapper.end()) if wrapper else rest.split(";", 1)[0]
    return _literal_answer(expr.strip(), False)


# What a Next.js middleware does, read from its code and the project functions it calls, one deep: it refuses
# (redirects, answers 401/403) or it hands the request to a helper (``updateSession(request)``).
_NEXT_REFUSES = re.compile(r"\b(?:redirect|rewrite)\s*\([^;]*?(?:login|sign-?in|signin|/auth\b)|\bstatus\s*:\s*40[13]\b"
                           # ``url.pathname = "/auth/login"; return NextResponse.redirect(url)``
                           r"|\.pathname\s*=\s*['\"`][^'\"`]*(?:login|sign-?in|signin|/auth\b)[^}]*?\b(?:redirect|rewrite)\s*\("
                           r"|\bstatus\s*\(\s*40[13]\b|\bthrow\s+new\s+\w*(?:Unauthori[sz]ed|Forbidden)")
_NEXT_MIDDLEWARE_EXPORT = re.compile(
    r"export\s+(?:default\b|(?:async\s+)?function\s+(?:middleware|proxy)\b|const\s+(?:middleware|proxy)\b)"
    r"|\bas\s+(?:middleware|proxy)\b|export\s+const\s+config\b")
_NEXT_IDENTITY = re.compile(r"(?i)authoriz|bearer|session|token|jwt|\bauth|user|api[-_]?key")
_JS_COMMENT = re.compile(r"/\*.*?\*/|(?<![:'\"`\\])//[^\n]*", re.S)
_NEXT_AUTH_CALLS = re.compile(r"\b(?:withAuth|clerkMiddleware|authMiddleware|getToken|auth|verify\w*|jwtVerify)\s*\(")


# A call that hands the request or a credential on (``verifySession(request)``, ``jwt.verify(token, …)``).
_JS_HANDS_ON = re.compile(r"\b([A-Za-z_$][\w$.]*)\s*\(\s*(?:await\s+)?(?:req|request|token|session|cookie\w*|"
                          r"authorization|bearer|jwt)\b")
_JS_NOT_A_DECISION = re.compile(r"(?:^|\.)(?:next|redirect|rewrite|json|log|info|warn|error|debug|URL|get|has|set"
                                r"|startsWith|includes|i18nRouter|createI18nMiddleware)$")


def _js_function_bodies(files: Sequence[tuple[str, str]]) -> dict[str, tuple[str, str]]:
    """Project JS/TS functions by name → (``path:line``, body); the first definition of a name wins."""
    bodies: dict[str, tuple[str, str]] = {}
    for path, text in files:
        for m in _JS_FUNCTION_DEF.finditer(text):
            name = m.group("a") or m.group("b")
            brace = text.find("{", m.end())
            if name in bodies or brace == -1 or brace - m.end() > 300:
                continue
            bodies[name] = (f"{path}:{line_of(text, m.start())}", balanced(text, brace, limit=12000))
    return bodies


# A session refresh: the credential read as a bare statement whose result nothing keeps (Supabase's
# ``await supabase.auth.getSession()`` that only renews the cookie).
_DISCARDED_READ = re.compile(
    r"^[ \t]*(?:await[ \t]+)?[\w$.]+\.auth\.(?:getSession|getUser|getClaims)\s*\(\s*\)[ \t]*;?[ \t]*$", re.M)
# A handler that signs its caller in, up or out through an auth SDK: public by purpose.
_JS_SIGN_IN_OUT = re.compile(r"\.auth\.(signInWith\w+|signIn|signUp|signOut|exchangeCodeForSession|verifyOtp)\s*\("
                             r"|\b(signInWithEmailAndPassword|createUserWithEmailAndPassword)\s*\(")


def _refreshes_only(text: str) -> bool:
    """A middleware that reads the caller's session only to refresh it — the read is a bare statement whose result
    is discarded, and every ``return`` hands back the untouched ``NextResponse.next()`` response — refuses no one:
    it is no guard."""
    if not _DISCARDED_READ.search(text):
        return False
    rest = _DISCARDED_READ.sub("", text)
    if _JS_READS_SESSION.search(rest) or _NEXT_REFUSES.search(rest) or re.search(r"\b(?:redirect|rewrite)\s*\(|"
                                                                                 r"\bstatus\s*:", rest):
        return False
    passed_on = set(re.findall(r"(?:const|let|var)\s+([\w$]+)\s*=\s*NextResponse\.next\s*\(", rest))
    if any(re.search(rf"(?<![\w$.]){re.escape(n)}\s*=[^=]", rest.replace(f"const {n}", "", 1)) for n in passed_on):
        return False  # reassigned: what is returned is no longer the untouched response
    returns = [r.strip().rstrip(";").strip() for r in re.findall(r"\breturn\b([^;\n]*)", rest)]
    return bool(returns) and all(r in passed_on or r.startswith("NextResponse.next(") for r in returns)


def _next_middleware_guard(path: str, text: str, bodies: dict[str, tuple[str, str]]) -> Guard | None:
    """The guard a ``middleware.ts``/``proxy.ts`` puts in front of every matched route, judged by what it does:
    it authenticates when it (or a project function it calls) reads the caller's session, cookie or token and
    refuses — redirects or answers 401/403 — whatever its name; it is undetermined when it reads the credential,
    or hands the request to a project helper, whose refusal cannot be read; ``None`` when it does neither
    (i18n, headers)."""
    name = path.rsplit("/", 1)[-1]
    where = f"{path}:1"
    if _NEXT_AUTH_CALLS.search(text):
        return Guard(f"{name} auth", "middleware", "app", where)
    text = _JS_COMMENT.sub("", text)
    if _refreshes_only(text):
        return None
    reads = bool(_NEXT_IDENTITY.search(text) and (_JS_READS_CREDENTIAL.search(text) or _JS_READS_SESSION.search(text)))
    if reads and _NEXT_REFUSES.search(text):
        return Guard(f"{name} auth", "middleware", "app", where, authenticates=True)
    for call in js_calls(text):
        found = bodies.get(call.rsplit(".", 1)[-1])
        if found is None or found[0].startswith(f"{path}:"):
            continue
        helper_where, body = found[0], _JS_COMMENT.sub("", found[1])
        helper_reads = bool(_NEXT_IDENTITY.search(body) and (_JS_READS_CREDENTIAL.search(body)
                                                             or _JS_READS_SESSION.search(body)))
        if helper_reads and _NEXT_REFUSES.search(body):
            return Guard(f"{name} auth ({call})", "middleware", "app", where, authenticates=True)
        if helper_reads:
            return Guard(f"{name} ({call})", "middleware", "app", where, unread=(
                f"{name} ({where}), which hands each request to {call} ({helper_where}): it reads the caller's "
                "session but no refusal of its could be read"))
    hands_on = [m.group(1) for m in _JS_HANDS_ON.finditer(text) if m.group(1).rsplit(".", 1)[-1] not in bodies
                and not _JS_NOT_A_DECISION.search(m.group(1))]
    if reads and (_JS_READS_SESSION.search(text) or hands_on):
        return Guard(name, "middleware", "app", where, unread=(
            f"{name} ({where}), which reads the caller's credential but whose refusing branch was not read "
            "(a library or another function decides)"))
    return None


# A call that resolves the caller: ``getIronSession(req, …)``, ``verifyToken(…)``, ``getCurrentUser()``.
_JS_IDENTITY_CALL = re.compile(r"\b\w*(?:Session|Token|User)\s*\(")


def _next_wrapper(name: str, where: str, bodies: dict[str, tuple[str, str]]) -> Guard:
    """A route handler wrapped in a project function (``export const POST = withUser(handler)``), judged by what
    the wrapper does: it reads the caller's session or token and refuses (401/403, a redirect to a login) —
    authenticates; reads it and hands it to a library with no readable refusal — undetermined; else by name."""
    found = bodies.get(name)
    if found is None:
        return Guard(name, "decorator", "route", where)
    body = _JS_COMMENT.sub("", found[1])
    reads = bool(_NEXT_IDENTITY.search(body) and (_JS_READS_CREDENTIAL.search(body) or _JS_READS_SESSION.search(body)
                                                  or _JS_IDENTITY_CALL.search(body)))
    if reads and (_JS_DENIES.search(body) or _NEXT_REFUSES.search(body)):
        return Guard(name, "decorator", "route", where, authenticates=True)
    if reads and (_JS_READS_SESSION.search(body) or _JS_HANDS_ON.search(body)):
        return Guard(name, "decorator", "route", where, unread=(
            f"{name} ({found[0]}), which reads the caller's credential but whose refusing branch was not read "
            "(a library or another function decides)"))
    return Guard(name, "decorator", "route", where)


_NEXTAUTH_MIDDLEWARE = re.compile(r"\bNextAuth\s*\([^()]*\)\s*\.auth\b|export\s*\{[^}]*\bauth\s+as\s+"
                                  r"(?:middleware|proxy|default)\b")
_AUTHORIZED_CALLBACK = re.compile(r"\bauthorized\s*(?::\s*(?:async\s*)?(?:function\s*)?)?\(\s*\{[^)]*\}\s*\)\s*"
                                  r"(?:=>\s*)?\{")
_SIGNED_OUT = re.compile(r"!\s*!?\s*auth\b|\bauth\s*\?*\.\s*user\b|\bisLoggedIn\b|\bsession\b")
_TURNS_AWAY = re.compile(r"\breturn\s+false\b|\bResponse\.redirect\s*\(|\bredirect\s*\(")


def _nextauth_middleware(path: str, text: str, files: Sequence[tuple[str, str]]) -> Guard | None:
    """NextAuth v5 ``export default NextAuth(config).auth`` / ``export { auth as middleware }``: the middleware is
    NextAuth's, and what it decides is the config's ``authorized`` callback — it authenticates when that callback
    reads the session (``auth?.user``) and turns callers away (``return false``, a redirect)."""
    if not _NEXTAUTH_MIDDLEWARE.search(text):
        return None
    name, where = path.rsplit("/", 1)[-1], f"{path}:1"
    for cb_path, cb_text in files:
        m = _AUTHORIZED_CALLBACK.search(cb_text)
        if m is None:
            continue
        body = balanced(cb_text, m.end() - 1)
        if _SIGNED_OUT.search(m.group(0) + body) and _TURNS_AWAY.search(body):
            return Guard(f"{name} auth (NextAuth authorized, {cb_path}:{line_of(cb_text, m.start())})", "middleware",
                         "app", where, authenticates=True)
    # named without "auth": an auth-named guard counts as authenticating, and this one was not read to do so
    return Guard(name, "middleware", "app", where, unread=(
        f"{name} ({where}), NextAuth's middleware: no `authorized` callback that turns signed-out callers away "
        "was read"))


# how a route a Next middleware lists as public is marked (``public_marker``): the summary names the list by it
MIDDLEWARE_PUBLIC = "the middleware's public routes"


def _pages_wrapper(export: str, text: str) -> str:
    """The project function a pages-router default export is wrapped in: ``export default withAuth(handler)``, or
    ``export default handler`` after ``const handler = withoutRole("banned", async (req, res, token) => …)`` — the
    wrapper runs before the handler whichever way it is written."""
    wrapped = re.match(r"export\s+default\s+([A-Za-z_$][\w$]*)\s*\(", export)
    if wrapped:
        return wrapped.group(1)
    named = re.match(r"export\s+default\s+([A-Za-z_$][\w$]*)\s*;?\s*(?:\n|$)", export)
    if named is None:
        return ""
    defined = re.search(rf"(?:^|\n)\s*(?:const|let|var)\s+{re.escape(named.group(1))}\s*(?::[^=\n]+)?=\s*"
                        r"([A-Za-z_$][\w$]*)\s*\(", text)
    return defined.group(1) if defined and defined.group(1) not in _JS_KEYWORDS else ""


def _next_routes(files: Sequence[tuple[str, str]], defined: frozenset[str] = frozenset(),
                 next_roots: Sequence[str] = ()) -> list[Route]:
    # each middleware with the package directory it runs in front of and the paths it lets through when it
    # sends every other request away (``None``: it lets every path reach its guard)
    middlewares: list[tuple[str, Guard, tuple[str, ...] | None]] = []
    # the routes a middleware lists as public (Clerk's ``publicRoutes``): package root, patterns, file:line
    listed: list[tuple[str, tuple[str, ...], str]] = []
    bodies: dict[str, tuple[str, str]] | None = None
    readers: tuple[frozenset[str], frozenset[str]] | None = None  # project session readers and refusers, on need
    for path, text in files:
        if not (_NEXT_MIDDLEWARE.search(path) and _NEXT_MIDDLEWARE_EXPORT.search(text)):
            continue  # ``utils/supabase/middleware.ts`` is a helper module, not the middleware Next runs
        if not matcher_covers_api(text):
            continue  # it does not run for /api: ``/((?!api|_next/static).*)`` excludes it
        public, public_line = listed_public_routes(text)
        if public:
            listed.append((middleware_root(path), public, f"{path}:{public_line}"))
        name = path.rsplit("/", 1)[-1]
        kept = sends_away_all_but(text)
        if kept is not None:
            where = f"{path}:{line_of(text, text.find('NextResponse.'))}"
            let_through = ", ".join(kept) or "none"
            middlewares.append((middleware_root(path), Guard(
                f"{name} sends every request away (paths let through: {let_through}; {where})", "middleware",
                "app", where, authenticates=True), kept))
            continue
        bodies = _js_function_bodies(files) if bodies is None else bodies
        found = _nextauth_middleware(path, text, files) or _next_middleware_guard(path, text, bodies)
        if found is not None:
            middlewares.append((middleware_root(path), found, None))

    def listed_public(file: str, url: str) -> str:
        return next((f"{MIDDLEWARE_PUBLIC} ({where}) ({pattern!r})" for root, patterns, where in listed
                     if file.startswith(root) for pattern in (route_listed(patterns, url),) if pattern), "")

    def in_front(file: str, url: str) -> list[Guard]:
        opened = {root for root, patterns, _ in listed if file.startswith(root) and route_listed(patterns, url)}
        return [g for root, g, kept in middlewares
                if file.startswith(root) and root not in opened and (kept is None or url not in kept)]
    def files_bodies() -> dict[str, tuple[str, str]]:
        nonlocal bodies
        bodies = _js_function_bodies(files) if bodies is None else bodies
        return bodies

    routes: list[Route] = []
    by_path = dict(files)
    for path, text in files:
        pages = _NEXT_PAGES.search(path)
        app_route = None if pages else next_app_route(path, next_roots)
        if pages and not_an_api_route(path, text, by_path):
            continue  # a component, context or re-export kept under pages/api/: Next serves no handler from it
        if pages:
            m = re.search(r"^export\s+default\b", text, re.M)
            line = _line_of(text, m.start()) if m else 1
            guards = in_front(path, _next_path(pages.group("route")))
            wrapper = _pages_wrapper(text[m.start():], text) if m else ""
            if wrapper:
                guards.append(_next_wrapper(wrapper, f"{path}:{line}", files_bodies()))
            excerpt = text.splitlines()[line - 1].strip()[:160] if m else ""
            if readers is None:
                readers = js_session_readers(files)
            checked = js_refusing_helper(text, defined) or js_inline_session_check(text, *readers)
            routes.append(Route(ANY, _next_path(pages.group("route")), path, line, "default",
                                text.count("\n") + 1, "next", tuple(guards),
                                (*js_calls(text), *((f"guard:{checked}",) if checked else ())),
                                js_reads_auth_header(text), excerpt))
        elif app_route is not None:
            exports = list(_NEXT_EXPORT.finditer(text))
            for i, m in enumerate(exports):
                end = exports[i + 1].start() if i + 1 < len(exports) else len(text)
                body = _next_handler(text, text[m.start() : end])
                line = _line_of(text, m.start())
                guards = in_front(path, _next_path(app_route))
                wrapped = re.match(r"export\s+const\s+\w+\s*=\s*([A-Za-z_$][\w$]*)\s*\(", body)
                if wrapped and wrapped.group(1) not in _JS_KEYWORDS:  # ``= async (req) =>`` wraps nothing
                    guards.append(_next_wrapper(wrapped.group(1), f"{path}:{line}", files_bodies()))
                compared = js_secret_comparison(body)
                if readers is None:
                    readers = js_session_readers(files)
                calls = (*js_calls(body), *(f"guard:{g}" for g in (compared, js_refusing_helper(body, defined)
                                                                   or js_inline_session_check(body, *readers)) if g))
                signs = _JS_SIGN_IN_OUT.search(_JS_COMMENT.sub("", body))
                routes.append(Route(m.group("method"), _next_path(app_route), path, line, m.group("method"),
                                    _line_of(text, end), "next", tuple(guards), calls,
                                    js_reads_auth_header(body), text.splitlines()[line - 1].strip()[:160],
                                    issues_session=compared if compared and answers_only(calls) else "",
                                    signs_in=f"signs its caller in, up or out ({signs.group(0).lstrip('.')}…))"
                                    if signs else "",
                                    constant_answer=js_constant_answer(body) or (
                                        m.group("method") == "OPTIONS" and (options_answer_literal(body)
                                                                            or answers_preflight(body)))))
    if listed:  # the middleware's own list declares them public: say which pattern did
        routes = [replace(r, public_marker=r.public_marker or listed_public(r.file, r.path)) for r in routes]
    return routes
