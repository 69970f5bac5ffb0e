"""repo.cors-config: CORS set up in code allows known origins only, and never any origin with
credentials. Origin regexes are not judged by their look: they are run against hostile origins
(``https://evil.example``, ``null``, suffix and prefix tricks) with the matching semantics of the
library that uses them (Starlette ``fullmatch``, Flask-CORS ``match``, django-cors-headers ``match``).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from launchready.checks.repo._cors_app_scope import AppScopes
from launchready.checks.repo._origin_values import assigned_before, env_default
from launchready.checks.repo.route_auth import DEFAULT_PUBLIC
from launchready.context import CheckContext
from launchready.engines.pysource import (
    UNRESOLVED,
    PyModule,
    covering_unparsed,
    dotted_name,
    is_dev_path,
    keyword,
    python_module,
)
from launchready.engines.routes import DEFAULT_AUTH_NAMES, Route, is_public, route_inventory
from launchready.model import Check, CheckMeta, Effort, Evidence, Outcome, Severity, Status, Surface

META = CheckMeta(
    id="repo.cors-config",
    title="CORS limited to known origins",
    surface=Surface.REPO,
    severity=Severity.HIGH,
    criteria=(
        "No wildcard / reflected origin, and never `*` with credentials, in CORS setup (FastAPI/Starlette, "
        "Flask-CORS, Django, Express `cors()`, Next.js headers)."
    ),
    why=(
        "With credentials allowed, an origin that is reflected or matched by a loose pattern lets any web "
        "page a signed-in user visits call your API as that user and read the answers."
    ),
    breaks=(
        "A malicious page reads the victim's conversations, files and API keys through their browser "
        "session, and acts as them (cross-site data theft)."
    ),
    fix=(
        "List the exact origins that serve your front end (`allow_origins=[\"https://app.example.com\"]`), "
        "keep `allow_credentials` only if cookies are really used, and anchor any origin regex at both ends "
        "with escaped dots."
    ),
    references=("CWE-942", "OWASP API8:2023", "OWASP ASVS 5.0 V3.4.2"),
    checklist=("CORS allows only the product's own origins",),
    effort=Effort.MINUTES,
)

HOSTILE_ORIGINS = (
    "https://evil.example",
    "null",
    "http://localhost.evil.example",
    "https://app.example.com.evil.example",
    "https://evilexample.com",
)


@dataclass(frozen=True)
class CorsSetup:
    """What one CORS configuration allows, as far as the source says."""

    path: str
    line: int
    excerpt: str
    library: str
    any_origin: str = ""  # why any origin is allowed: "wildcard", "reflected", "regex …"; "" if not
    wildcard_only: bool = False  # `*` literally (browsers then refuse credentials)
    credentials: bool | None = False  # None: could not be resolved statically
    # The answer carries `Access-Control-Allow-Origin: *` itself, whatever credentials say (the `cors` package
    # with origin '*', a hand-set header). Browsers refuse a credentialed read of such an answer (Fetch standard,
    # CORS check), so credentials beside it let no site read as the user — unlike Starlette and Flask-CORS,
    # which echo the caller's origin for `*` when credentials are allowed.
    sends_star: bool = False
    # The setup runs only under `if <setting>:` (Langchain-Chatchat's `if Settings.basic_settings.OPEN_CROSS_DOMAIN:`):
    # the setting's dotted name, and its default as written in the source ("" when not found).
    switch: str = ""
    switch_default: str = ""
    # `if <setting> == "dev":` (ragapp's `if settings.environment == "dev":`): the value that turns the setup on — a
    # development environment's name; "" for a plain `if <setting>:`.
    switch_on: str = ""
    # The origins are read at run time from a setting (``allow_origins=settings.server.cors.allow_origins``): its
    # dotted name, and where its value was read (``settings.yaml:10``) — ``""`` when not found.
    origins_from: str = ""
    origins_read_at: str = ""


def _regex_admits_hostile(pattern: str, *, full: bool) -> str:
    try:
        compiled = re.compile(pattern, re.IGNORECASE)
    except re.error:
        return ""
    for origin in HOSTILE_ORIGINS:
        hit = compiled.fullmatch(origin) if full else compiled.match(origin)
        if hit:
            return origin
    return ""


# The names of a development environment: a setup made only when the environment setting says one of these is the
# developer's (a front end on another port during `make dev`), not what a deployment runs.
_DEV_ENVIRONMENTS = frozenset({"dev", "development", "develop", "local", "debug"})


def _dev_condition(test: ast.expr) -> tuple[str, str] | None:
    """``(setting, value)`` for ``<setting> == "dev"`` (or ``"dev" == <setting>``, ``<setting> in ("dev", "local")``),
    the setting a plain name or attribute; ``None`` for any other test."""
    if not isinstance(test, ast.Compare) or len(test.ops) != 1:
        return None
    left, right = test.left, test.comparators[0]
    if isinstance(test.ops[0], ast.Eq) and isinstance(left, ast.Constant):
        left, right = right, left
    if not isinstance(left, ast.Name | ast.Attribute):
        return None
    if isinstance(test.ops[0], ast.Eq) and isinstance(right, ast.Constant) and isinstance(right.value, str):
        values = [right.value]
    elif isinstance(test.ops[0], ast.In) and isinstance(right, ast.Tuple | ast.List | ast.Set) and all(
            isinstance(e, ast.Constant) and isinstance(e.value, str) for e in right.elts):
        values = [str(e.value) for e in right.elts if isinstance(e, ast.Constant)]
    else:
        return None
    if not values or any(v.lower() not in _DEV_ENVIRONMENTS for v in values):
        return None
    return dotted_name(left), values[0]


def _switches(mod: PyModule) -> dict[int, tuple[str, str]]:
    """``id(call)`` → the dotted setting name of the ``if <setting>:`` (or ``if <setting> == "dev":``) whose body holds
    the call, and the value that turns it on (``""`` for a plain truth test)."""
    out: dict[int, tuple[str, str]] = {}
    for node in ast.walk(mod.tree):
        if not isinstance(node, ast.If):
            continue
        dev = _dev_condition(node.test)
        if dev is None and not isinstance(node.test, ast.Name | ast.Attribute):
            continue
        switch = dev if dev is not None else (dotted_name(node.test), "")
        for stmt in node.body:
            for inner in ast.walk(stmt):
                if isinstance(inner, ast.Call):
                    out.setdefault(id(inner), switch)
    return out


def setting_default(modules: list[PyModule], name: str) -> str:
    """The default a setting is declared with (``OPEN_CROSS_DOMAIN: bool = False`` in a settings class or module,
    or ``os.getenv("OPEN_CROSS_DOMAIN", "false")``), as written; ``""`` when no declaration is found."""
    leaf = name.rsplit(".", 1)[-1]
    for mod in modules:
        for node in ast.walk(mod.tree):
            value: ast.expr | None = None
            targets = [node.target] if isinstance(node, ast.AnnAssign) else node.targets if isinstance(
                node, ast.Assign) else []
            if any(isinstance(t, ast.Name) and t.id == leaf for t in targets):
                value = node.value  # type: ignore[attr-defined]
            elif (isinstance(node, ast.Call) and dotted_name(node.func).endswith(("getenv", "environ.get"))
                  and len(node.args) == 2 and mod.value(node.args[0]) == leaf):
                value = node.args[1]
            if value is None:
                continue
            if isinstance(value, ast.Call) and dotted_name(value.func).endswith(("getenv", "environ.get")) \
                    and not value.keywords and len(value.args) in {1, 2}:
                if len(value.args) == 1:
                    return "None"  # environment = os.getenv("ENVIRONMENT"): unset unless the deployment sets it
                value = value.args[1]  # environment = os.getenv("ENVIRONMENT", "dev")
            if isinstance(value, ast.Call) and dotted_name(value.func).rsplit(".", 1)[-1] == "Field":
                # pydantic `Field(False, description=…)`, `Field(default="prod", env="ENVIRONMENT")`
                given = value.args[0] if value.args else keyword(value, "default")
                if given is None:
                    continue
                value = given
            literal = mod.value(value)
            if isinstance(literal, bool | str | int) and not isinstance(value, ast.Name):
                return repr(literal)
    return ""


def _off(default: str) -> bool:
    return default.strip("'\"").lower() in {"false", "0", "", "no", "off", "none"} and default != ""


def _python_setups(mod: PyModule) -> Iterator[CorsSetup]:
    switches = _switches(mod)
    for call in mod.calls():
        name = dotted_name(call.func)
        short = name.rsplit(".", 1)[-1]
        args = call.args
        wraps_cors = bool(args) and dotted_name(args[0]).endswith("CORSMiddleware")
        is_starlette = (short in {"add_middleware", "Middleware"} and wraps_cors) or short == "CORSMiddleware"
        switch, switch_on = switches.get(id(call), ("", ""))
        if is_starlette:
            yield replace(_starlette(mod, call), switch=switch, switch_on=switch_on)
        elif short in {"CORS", "cross_origin"}:
            yield replace(_flask_cors(mod, call), switch=switch, switch_on=switch_on)
    yield from _django(mod)


def _credentials(value: object, node: ast.expr | None) -> bool | None:
    """True/False when the source says so; ``None`` when it is computed at run time."""
    if value is UNRESOLVED:
        return None if node is not None else False
    return bool(value)


def _starlette(mod: PyModule, call: ast.Call) -> CorsSetup:
    origins = mod.value(keyword(call, "allow_origins"))
    regex = mod.value(keyword(call, "allow_origin_regex"))
    creds = mod.value(keyword(call, "allow_credentials"))
    credentials = _credentials(creds, keyword(call, "allow_credentials"))
    any_origin = ""
    wildcard = False
    given = keyword(call, "allow_origins")
    held_at = ""
    if origins is UNRESOLVED and isinstance(given, ast.Name):
        # `origins = ['*']` after an origins file was read: the assignment that runs last before the setup decides
        held = assigned_before(mod, given.id, mod.line(call))
        if held is not None and mod.value(held.value) is not UNRESOLVED:
            origins = mod.value(held.value)
            held_at = f" ({given.id} = {ast.unparse(held.value)[:60]} at {mod.path}:{held.line}" + (
                f", {held.when})" if held.when else ")")
    if isinstance(origins, str | list | tuple) and "*" in origins:
        # Starlette tests `"*" in allow_origins` (a string holding `*` allows every origin too), and answers a
        # credentialed request to `*` by echoing the caller's origin.
        any_origin, wildcard = f"allow_origins=['*']{held_at}", not credentials
    if not any_origin and isinstance(regex, str):
        hostile = _regex_admits_hostile(regex, full=True)
        if hostile:
            any_origin = f"allow_origin_regex={regex!r} admits {hostile}"
    if isinstance(given, ast.List | ast.Tuple) and len(given.elts) == 1 and dotted_name(given.elts[0]):
        given = given.elts[0]  # allow_origins=[config.CORS_ORIGINS]: the one setting in it
    read_later = (dotted_name(given) or ast.unparse(given)) if (
        given is not None and origins is UNRESOLVED and not any_origin) else ""
    return CorsSetup(mod.path, mod.line(call), mod.excerpt(call), "Starlette CORSMiddleware", any_origin, wildcard,
                     credentials, origins_from=read_later)


def _flask_cors(mod: PyModule, call: ast.Call) -> CorsSetup:
    node = keyword(call, "origins") or keyword(call, "resources")
    origins = mod.value(node) if node is not None else "*"  # Flask-CORS default: every origin
    default = node is None
    if node is not None and node is keyword(call, "resources") and isinstance(origins, str | list | tuple):
        origins, default = "*", True  # resource patterns alone (`resources=r"/api/*"`): each gets the default
    creds_node = keyword(call, "supports_credentials")
    creds = mod.value(creds_node)
    credentials = _credentials(creds, creds_node)
    values: list[str] = []
    if isinstance(origins, str):
        values = [origins]
    elif isinstance(origins, list | tuple):
        values = [o for o in origins if isinstance(o, str)]
    elif isinstance(origins, dict):  # resources={r"/api/*": {"origins": ...}}
        for spec in origins.values():
            inner = spec.get("origins", "*") if isinstance(spec, dict) else "*"
            values.extend([inner] if isinstance(inner, str) else [o for o in inner if isinstance(o, str)])
    any_origin, wildcard = "", False
    for value in values:
        if value in {"*", ".*"}:
            # Flask-CORS reflects the request origin when credentials are supported.
            any_origin, wildcard = f"origins={value!r}" + (" (the default)" if default else ""), not credentials
            break
        if re.search(r"[\\^$*+?{}\[\]|()]", value):
            hostile = _regex_admits_hostile(value, full=False)
            if hostile:
                any_origin = f"origin pattern {value!r} admits {hostile}"
                break
    return CorsSetup(mod.path, mod.line(call), mod.excerpt(call), "Flask-CORS", any_origin, wildcard, credentials)


def _django(mod: PyModule) -> Iterator[CorsSetup]:
    assigned: dict[str, ast.stmt] = {}
    for stmt in mod.tree.body:
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
            assigned[stmt.targets[0].id] = stmt
    creds_stmt = assigned.get("CORS_ALLOW_CREDENTIALS")
    credentials = bool(isinstance(creds_stmt, ast.Assign) and mod.value(creds_stmt.value) is True)
    for key in ("CORS_ALLOW_ALL_ORIGINS", "CORS_ORIGIN_ALLOW_ALL"):
        allow_all = assigned.get(key)
        if isinstance(allow_all, ast.Assign) and mod.value(allow_all.value) is True:
            yield CorsSetup(mod.path, mod.line(allow_all), mod.excerpt(allow_all), "django-cors-headers",
                            f"{key} = True", not credentials, credentials)
    for key in ("CORS_ALLOWED_ORIGIN_REGEXES", "CORS_ORIGIN_REGEX_WHITELIST"):
        regexes = assigned.get(key)
        if isinstance(regexes, ast.Assign):
            patterns = mod.value(regexes.value)
            for pattern in patterns if isinstance(patterns, list | tuple) else ():
                hostile = _regex_admits_hostile(str(pattern), full=False)
                if hostile:
                    yield CorsSetup(mod.path, mod.line(regexes), mod.excerpt(regexes), "django-cors-headers",
                                    f"{key} pattern {pattern!r} admits {hostile}", False, credentials)
                    break


_JS_CORS_CALL = re.compile(r"\bcors\s*\(")
_JS_ORIGIN_ANY = re.compile(
    r"""origin\s*:\s*(?:true\b|['"]\*['"]|\(\s*\w*\s*,\s*(\w+)\s*\)\s*=>\s*\1\s*\(\s*null\s*,\s*true\s*\))"""
)
_JS_CREDENTIALS = re.compile(r"credentials\s*:\s*true\b")
# `"Access-Control-Allow-Origin": "*"` in code and vercel.json, `Access-Control-Allow-Origin = "*"` in netlify.toml,
# `Access-Control-Allow-Origin: *` (no quotes) in a Netlify/Cloudflare `_headers` file.
_JS_HEADER = re.compile(r"""Access-Control-Allow-Origin['"]?\s*[,:=]\s*(?P<value>[^\n;]+)""", re.IGNORECASE)
_JS_CRED_HEADER = re.compile(r"""Access-Control-Allow-Credentials['"]?\s*[,:=]\s*['"]?true""", re.IGNORECASE)
_REFLECTING = re.compile(
    r"(?:req|request)\.(?:headers?\.(?:get\(\s*['\"]origin['\"]\s*\)|origin|\[['\"]origin['\"]\])|get\(\s*['\"]origin['\"])",
    re.IGNORECASE,
)


def _js_setups(path: str, text: str) -> Iterator[CorsSetup]:
    lines = text.splitlines()
    file_creds = bool(_JS_CRED_HEADER.search(text))
    # the package the `cors` called comes from: @koa/cors (search_with_ai) or Express's `cors`
    library = "Koa @koa/cors" if re.search(r"""['"]@koa/cors['"]""", text) else "Express cors()"
    for m in _JS_CORS_CALL.finditer(text):
        args = _balanced(text, m.end() - 1)
        line = text.count("\n", 0, m.start()) + 1
        origin = _JS_ORIGIN_ANY.search(args)
        credentials = bool(_JS_CREDENTIALS.search(args))
        if not args.strip("() \n"):
            any_origin, wildcard = "cors() with no options (Access-Control-Allow-Origin: *)", True
        elif origin:
            reflected = "*" not in origin.group(0)
            any_origin, wildcard = f"cors({{{origin.group(0)}}})", not reflected and not credentials
        else:
            continue
        star = not origin or "*" in origin.group(0)
        yield CorsSetup(path, line, lines[line - 1].strip()[:160], library, any_origin, wildcard, credentials,
                        sends_star=star)
    for m in _JS_HEADER.finditer(text):
        value = m.group("value")
        line = text.count("\n", 0, m.start()) + 1
        if re.search(r"""['"]\*['"]""", value) or value.strip() == "*":
            yield CorsSetup(path, line, lines[line - 1].strip()[:160], "Access-Control-Allow-Origin header",
                            "Access-Control-Allow-Origin: *", not file_creds, file_creds, sends_star=True)
        elif _REFLECTING.search(value):
            yield CorsSetup(path, line, lines[line - 1].strip()[:160], "Access-Control-Allow-Origin header",
                            "the request's Origin is echoed back", False, file_creds)


def _balanced(text: str, start: int) -> str:
    depth = 0
    for i in range(start, min(len(text), start + 4000)):
        if text[i] == "(":
            depth += 1
        elif text[i] == ")":
            depth -= 1
            if depth == 0:
                return text[start : i + 1]
    return text[start : start + 4000]


def _python_header_setups(mod: PyModule) -> Iterator[CorsSetup]:
    """``response.headers["Access-Control-Allow-Origin"] = request.headers.get("origin")``."""
    for node in ast.walk(mod.tree):
        if not isinstance(node, ast.Assign):
            continue
        for target in node.targets:
            if (isinstance(target, ast.Subscript) and isinstance(target.slice, ast.Constant)
                    and str(target.slice.value).lower() == "access-control-allow-origin"):
                source = ast.unparse(node.value)
                if _REFLECTING.search(source):
                    creds = "access-control-allow-credentials" in "\n".join(mod.lines).lower()
                    yield CorsSetup(mod.path, mod.line(node), mod.excerpt(node), "response header",
                                    "the request's Origin is echoed back", False, creds)
                elif mod.value(node.value) == "*":
                    yield CorsSetup(mod.path, mod.line(node), mod.excerpt(node), "response header",
                                    "Access-Control-Allow-Origin: *", True, False)


def _route_at(routes: list[Route], path: str, line: int) -> Route | None:
    """The route whose handler holds ``path:line`` (a header set inside it), or ``None``."""
    return next((r for r in routes if r.file == path and r.line <= line <= r.end_line), None)


def _open_route(setup: CorsSetup, routes: list[Route], public: tuple[str, ...]) -> Route | None:
    """`Access-Control-Allow-Origin: *` without credentials, set inside a route that reads no credential (or is
    declared public): the route answers every caller alike, so any page reads only what anyone can fetch."""
    if setup.library not in {"Access-Control-Allow-Origin header", "response header"}:
        return None
    if not setup.wildcard_only or setup.credentials is not False:
        return None
    route = _route_at(routes, setup.path, setup.line)
    if route is None:
        return None
    if is_public(route, public) or not (route.auth_guards(DEFAULT_AUTH_NAMES) or route.hand_auth(DEFAULT_AUTH_NAMES)):
        return route
    return None


_READS_ORIGIN = re.compile(r"""headers\s*(?:\.\s*get\s*\(\s*|\[\s*)['"]origin['"]""", re.IGNORECASE)
_REFUSES = re.compile(r"status_code\s*=\s*(?:40[13]|status\.HTTP_40[13]\w*)|HTTPException\s*\(\s*"
                      r"(?:status_code\s*=\s*)?(?:40[13]|status\.HTTP_40[13])|\babort\s*\(\s*40[13]|PermissionDenied|"
                      r"Forbidden\w*\(")


def origin_guards(modules: list[PyModule]) -> list[str]:
    """Project middleware that reads the request's Origin and can answer 401/403 (`@app.middleware("http")`, a
    `BaseHTTPMiddleware.dispatch`, a Flask `before_request`): ``name (path:line)`` of each. What it admits is
    code this check does not evaluate."""
    found: list[str] = []
    for mod in modules:
        for node in ast.walk(mod.tree):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            decorators = [dotted_name(d.func if isinstance(d, ast.Call) else d) for d in node.decorator_list]
            middleware = node.name == "dispatch" or any(
                re.search(r"(?:^|\.)(?:middleware|before_request)$", d) for d in decorators)
            source = "\n".join(mod.lines[node.lineno - 1:(node.end_lineno or node.lineno)])
            if middleware and _READS_ORIGIN.search(source) and _REFUSES.search(source):
                found.append(f"{node.name} ({mod.path}:{node.lineno})")
    return found


@dataclass(frozen=True)
class CookieSite:
    """What the project's cookies say about cross-site requests: each cookie set (``path:line`` and its SameSite,
    ``""`` when the call sets none or it is computed) and any cookie-setting mechanism this check does not read."""

    cookies: tuple[tuple[str, str], ...] = ()
    unread: str = ""
    ambient: str = ""  # another sign of a credential the browser sends by itself (a cookie read), or ``""``
    # For a Python API: a cookie or session sign in the JavaScript code (another server's own origin, which this
    # API never reads), and the header credential the API authenticates with (``HTTPBearer (app/auth.py:7)``).
    elsewhere: str = ""
    header_auth: str = ""
    # For a CORS setup on one app of several: the modules searched (``main.py and the 3 project modules it
    # imports``), and the credential the project's Python code holds outside them (``cookies.get( (web/token.py)``)
    # — a credential of another app, which this one never reads.
    app: str = ""
    outside: str = ""

    def same_site_only(self) -> bool:
        """Every cookie found is SameSite=Lax/Strict and nothing else sets one: browsers send none cross-site."""
        return bool(self.cookies) and not self.unread and all(
            site in {"lax", "strict"} for _, site in self.cookies)

    def none_found(self) -> bool:
        """No cookie set or read and no session, login or HTTP Basic mechanism anywhere in the code: a browser holds
        no credential for this API that it would send by itself."""
        return not self.cookies and not self.unread and not self.ambient


_JS_SET_COOKIE = re.compile(r"(?:\bres(?:ponse)?\.cookie|\bcookies\s*\(\s*\)\s*\.set|\bcookies\.set|\bsetCookie|"
                            r"\bserialize)\s*\(")
_JS_SAME_SITE = re.compile(r"""sameSite\s*:\s*(?:['"](?P<word>\w+)['"]|(?P<bool>true|false)\b)""", re.IGNORECASE)
_HEADER_SAME_SITE = re.compile(r"Set-Cookie[^\n]{0,300}", re.IGNORECASE)
# Cookies set without a `set_cookie` call in the project: session frameworks and HTTP Basic (which browsers also send
# on their own). Their SameSite lives in library defaults or settings this check does not read.
_SESSION_MECHANISMS = re.compile(
    r"SessionMiddleware|from flask import[^\n]*\bsession\b|django\.contrib\.sessions|express-session|"
    r"cookie-session|next-auth|@auth/|iron-session|\blucia\b|HTTPBasic|WWW-Authenticate['\"]?\s*[,:=]\s*['\"]?Basic|"
    r"passport")
# What shows a browser holds a credential for the API, though no cookie-setting call was read: a cookie the server
# reads, a login framework, a front end sending its credentials cross-origin, proxy HTTP Basic.
_AMBIENT_SIGNS = re.compile(
    r"flask_login|LoginManager\(|django\.contrib\.auth|fastapi_users|CookieTransport|APIKeyCookie|\bCookie\(|"
    r"request\.cookies|req\.cookies|\bcookies\(\)|cookies\.get\(|document\.cookie|@supabase/ssr|"
    r"@supabase/auth-helpers|@clerk/|better-auth|auth_basic\b|withCredentials|credentials:\s*['\"]include")


# A browser page sending its credentials to another origin: a sign the API is meant to get the browser's cookies.
_SENDS_CREDENTIALS = re.compile(r"withCredentials|credentials:\s*['\"]include")
# A credential read from a request header, which a browser attaches only when a page's script adds it.
_HEADER_AUTH = re.compile(r"\b(?:HTTPBearer|OAuth2PasswordBearer|OAuth2AuthorizationCodeBearer|APIKeyHeader)\b|"
                          r"headers(?:\.get\(\s*|\[\s*)['\"]authorization['\"]", re.IGNORECASE)


def cookie_sites(modules: list[PyModule], js_files: list[tuple[str, str]], *, js_server: bool = True) -> CookieSite:
    """Every cookie the project's code sets, with its SameSite attribute as the source says it. With
    ``js_server=False`` (the CORS setup is a Python API's) the JavaScript code counts only where a page sends its
    credentials cross-origin, as long as the Python code itself sets or reads no cookie: a cookie set or read there
    belongs to the JavaScript server's own origin (a Next.js front end's Supabase session), which such an API never
    reads."""
    if not js_server:
        own = cookie_sites(modules, [])
        if not own.none_found():
            # the API has a cookie of its own: a JavaScript server may set that very cookie — the whole project counts
            return cookie_sites(modules, js_files)
        elsewhere = sends = ""
        for path, text in js_files:
            sent = _SENDS_CREDENTIALS.search(text)
            sends = sends or (f"{sent.group()} ({path})" if sent else "")
            js = cookie_sites([], [(path, text)])
            elsewhere = elsewhere or (f"{js.cookies[0][0]}" if js.cookies else
                                      js.unread or js.ambient)
        header = ""
        for mod in modules:
            for number, line in enumerate(mod.lines, 1):
                auth = _HEADER_AUTH.search(line)
                if auth and not header:
                    header = f"{auth.group()} ({mod.path}:{number})"
        return replace(own, ambient=own.ambient or sends, elsewhere=elsewhere, header_auth=header)
    cookies: list[tuple[str, str]] = []
    unread = ambient = ""
    for mod in modules:
        for call in mod.calls():
            if dotted_name(call.func).rsplit(".", 1)[-1] == "set_cookie":
                site = mod.value(keyword(call, "samesite"))
                cookies.append((f"{mod.path}:{mod.line(call)}", site.lower() if isinstance(site, str) else ""))
        found = _SESSION_MECHANISMS.search("\n".join(mod.lines))
        unread = unread or (f"{found.group()} ({mod.path})" if found else "")
        sign = _AMBIENT_SIGNS.search("\n".join(mod.lines))
        ambient = ambient or (f"{sign.group()} ({mod.path})" if sign else "")
    for path, text in js_files:
        for m in _JS_SET_COOKIE.finditer(text):
            args = _balanced(text, m.end() - 1)
            site = _JS_SAME_SITE.search(args)
            word = "" if site is None else (site.group("word") or ("strict" if site.group("bool") == "true" else ""))
            cookies.append((f"{path}:{text.count(chr(10), 0, m.start()) + 1}", word.lower()))
        for m in _HEADER_SAME_SITE.finditer(text):
            attr = re.search(r"SameSite=(\w+)", m.group(), re.IGNORECASE)
            cookies.append((f"{path}:{text.count(chr(10), 0, m.start()) + 1}", attr.group(1).lower() if attr else ""))
        found = _SESSION_MECHANISMS.search(text)
        unread = unread or (f"{found.group()} ({path})" if found else "")
        sign = _AMBIENT_SIGNS.search(text)
        ambient = ambient or (f"{sign.group()} ({path})" if sign else "")
    return CookieSite(tuple(cookies), unread, ambient)


def _judge(setup: CorsSetup, open_route: Route | None = None, guards: tuple[str, ...] = (),
           sites: CookieSite = CookieSite()) -> Evidence | None:
    if not setup.any_origin and setup.origins_from:
        return Evidence(Status.WARN, f"{setup.library}: the allowed origins come from {setup.origins_from}, whose "
                        "value was not found in the repository — undetermined: confirm the deployed setting lists "
                        "your own origins, not `*`", f"{setup.path}:{setup.line}", setup.excerpt)
    if not setup.any_origin:
        return None
    where = f"{setup.path}:{setup.line}"
    if setup.switch_on and setup.switch_default.strip("'\"").lower() != setup.switch_on.lower():
        # Set up only in a development environment (`if settings.environment == "dev":`), and the setting names
        # another environment by default: what ships has no CORS unless a deployment sets the development value.
        default = ("which is unset by default" if setup.switch_default == "None" else
                   f"whose default is {setup.switch_default}" if setup.switch_default else
                   "whose default was not found — undetermined")
        return Evidence(Status.WARN, f"{setup.library}: {setup.any_origin}"
                        + (" with credentials allowed" if setup.credentials else "")
                        + f" — only when {setup.switch} == {setup.switch_on!r}, a development setup, {default}; a "
                        "deployment that sets it lets any site call this API from a visitor's browser: confirm no "
                        "production configuration sets it, or list your origins", where, setup.excerpt)
    if setup.switch and not setup.switch_on and (setup.switch_default == "" or _off(setup.switch_default)):
        # Set up only when a setting is on, and the setting is off by default (or its default was not found):
        # what ships is no CORS at all unless an operator turns it on — a warn naming the switch, never a fail.
        default = (f"off by default ({setup.switch.rsplit('.', 1)[-1]} = {setup.switch_default})"
                   if setup.switch_default else "its default was not found — undetermined")
        return Evidence(Status.WARN, f"{setup.library}: {setup.any_origin}"
                        + (" with credentials allowed" if setup.credentials else "")
                        + f" — only when the setting {setup.switch} is on, {default}; turned on, any site can call "
                        "this API from a visitor's browser: keep it off in production or list your origins",
                        where, setup.excerpt)
    if guards and setup.credentials is not False and setup.library in {"Starlette CORSMiddleware", "Flask-CORS"}:
        return Evidence(Status.WARN, f"{setup.library}: {setup.any_origin} with credentials allowed, but the project's "
                        f"middleware {guards[0]} reads the Origin header and can answer 403 — undetermined: which "
                        "origins it lets through decides; confirm it refuses every origin but your own (a live scan "
                        "with --url runs api.cors against it), or list your origins in the CORS setup",
                        where, setup.excerpt)
    if open_route is not None:
        return Evidence(Status.PASS, f"{setup.library}: {setup.any_origin} (no credentials) on {open_route.label}, "
                        "which reads no credential: it answers every caller alike, so any site reads only what anyone "
                        "can fetch", where, setup.excerpt)
    if setup.credentials and sites.same_site_only():
        where_set = ", ".join(at for at, _ in sites.cookies[:3]) + (" …" if len(sites.cookies) > 3 else "")
        return Evidence(Status.WARN, f"{setup.library}: {setup.any_origin} with credentials allowed, but every cookie "
                        f"the project sets is SameSite=Lax/Strict ({where_set}), which browsers do not send on a "
                        "cross-site request — only same-site origins (your subdomains) can read your API as the "
                        "signed-in user; list your origins", where, setup.excerpt)
    if setup.credentials and setup.sends_star:
        return Evidence(Status.WARN, f"{setup.library}: {setup.any_origin} with credentials allowed — browsers refuse "
                        "a credentialed read of an answer that says `*`, so no other site reads your API as the "
                        "signed-in user, but your own front end's credentialed requests fail too, and a change to "
                        "echo the origin would open it to every site: list your origins", where, setup.excerpt)
    if setup.credentials and sites.none_found() and sites.outside:
        header = (f"; it authenticates with {sites.header_auth}, a header a browser attaches only when a page's "
                  "script adds it" if sites.header_auth else "")
        return Evidence(Status.WARN, f"{setup.library}: {setup.any_origin} with credentials allowed, but no cookie or "
                        f"session was found for the app it is added to ({sites.app}): no cookie set or read there, no "
                        f"session or HTTP Basic auth{header}; the project's credential ({sites.outside}) belongs to "
                        "another app, which this one does not load — another site reads only what an anonymous caller "
                        "can; to confirm, check that no route of this app lives in a module it does not import and "
                        "that no proxy in front of it authenticates by cookie; once this app reads a cookie or session "
                        "this is a fail: list your origins, or drop allow_credentials", where, setup.excerpt)
    if setup.credentials and sites.none_found() and (sites.elsewhere or sites.header_auth):
        header = (f"; it authenticates with {sites.header_auth}, a header a browser attaches only when a page's "
                  "script adds it" if sites.header_auth else "")
        other = (f"; the cookies of the JavaScript code ({sites.elsewhere}) belong to that server's own origin"
                 if sites.elsewhere else "")
        return Evidence(Status.WARN, f"{setup.library}: {setup.any_origin} with credentials allowed, but this API "
                        "reads no credential a browser sends by itself: its Python code sets and reads no cookie and "
                        f"uses no session or HTTP Basic auth{header}{other} — another site reads only what an "
                        "anonymous caller can; once the API reads a cookie or session this is a fail: list your "
                        "origins, or drop allow_credentials", where, setup.excerpt)
    if setup.credentials and sites.none_found():
        return Evidence(Status.WARN, f"{setup.library}: {setup.any_origin} with credentials allowed, but no ambient "
                        "credential was found: the code sets and reads no cookie and uses no session or HTTP Basic "
                        "auth, so a browser attaches nothing another site could ride on — any site reads only what an "
                        "anonymous caller can; once users sign in with a cookie or HTTP auth this is a fail: list your "
                        "origins, or drop allow_credentials", where, setup.excerpt)
    if setup.credentials:
        return Evidence(Status.FAIL, f"{setup.library}: {setup.any_origin} with credentials allowed — any site "
                        "can read your API as the signed-in user", where, setup.excerpt)
    if setup.credentials is None:
        return Evidence(Status.WARN, f"{setup.library}: {setup.any_origin}; whether credentials are allowed is "
                        "decided at run time", where, setup.excerpt)
    return Evidence(Status.WARN, f"{setup.library}: {setup.any_origin} (no credentials) — list your own origins",
                    where, setup.excerpt)


_CONFIG_FILE = re.compile(r"(?:^|/)[^/]*\.(?:ya?ml|toml|env)$|(?:^|/)\.env$")


def _origin_settings(modules: list[PyModule], setup: CorsSetup) -> list[str]:
    """The setting names the origins come from: the last part of a dotted setting (``settings.cors.allow_origins``),
    or, for an expression over a local name (``[str(o) for o in origins]``), the settings that name is assigned
    from before the setup (``origins = settings.BACKEND_CORS_ORIGINS.copy()``) — named for origins or CORS."""
    expr = setup.origins_from
    if re.fullmatch(r"[\w.]+", expr):
        return [expr.rsplit(".", 1)[-1]]
    mod = next((m for m in modules if m.path == setup.path), None)
    leaves: list[str] = []
    for name in dict.fromkeys(re.findall(r"[A-Za-z_][\w.]*", expr)):
        if "." in name:
            leaves.append(name.rsplit(".", 1)[-1])
        elif mod is not None:
            for line in reversed(mod.lines[: setup.line]):
                bound = re.match(rf"\s*{re.escape(name)}\s*(?::[^=]+)?=\s*(.+)", line)
                if bound:
                    leaves += [d.split(".")[1] for d in re.findall(r"\b\w+\.\w+", bound.group(1))]
                    break
    return [leaf for leaf in dict.fromkeys(leaves) if re.search(r"(?i)origin|cors", leaf)]


def _origins_from_settings(ctx: CheckContext, modules: list[PyModule], setup: CorsSetup) -> CorsSetup:
    """The origins a setting holds by default: its declaration's default in the code (a pydantic ``Field``), or its
    value in the product's own settings file (``allow_origins: ["*"]`` in ``settings.yaml``). A ``*`` there is
    what ships; a listed value is a list; no value found leaves the setup undetermined."""
    leaves = _origin_settings(modules, setup)
    if not leaves:
        return setup
    if len(leaves) > 1 or not re.fullmatch(r"[\w.]+", setup.origins_from):
        found = [replace(setup, origins_from=leaf) for leaf in leaves]
        judged = [_origins_from_settings(ctx, modules, f) for f in found]
        decided = next((j for j in judged if j.any_origin), None) or next(
            (j for j in judged if not j.origins_from), None)
        return replace(decided, origins_from="") if decided is not None and not decided.any_origin else (
            decided or setup)
    leaf = leaves[0]
    listed = ""
    for path in ctx.repo.tracked_files:
        if not _CONFIG_FILE.search(path) or is_dev_path(path):
            continue
        text = ctx.repo.read_text(path) or ""
        # `NAME: value`, `NAME=value`, and a platform's env list (render.yaml `- key: NAME` / `value: …`)
        for m in re.finditer(rf"^\s*(?:-\s*key:\s*{re.escape(leaf)}\s*\n\s*value|{re.escape(leaf)})\s*[:=]\s*(.+)$",
                             text, re.MULTILINE | re.IGNORECASE):
            at = f"{path}:{text.count(chr(10), 0, m.start()) + 1}"
            if re.search(r"['\"]\*['\"]|^\*$", m.group(1).strip()):
                return replace(setup, any_origin=f"allow_origins=['*'] ({setup.origins_from} = {m.group(1).strip()} "
                                                 f"at {at})", wildcard_only=not setup.credentials, origins_read_at=at)
            listed = listed or at
    if listed:  # every value the settings files give is a list of origins
        return replace(setup, origins_from="", origins_read_at=listed)
    for mod in modules:  # CORS_ORIGINS = os.getenv("APP_CORS_ORIGINS", "https://a.example,https://b.example")
        env = env_default(mod, leaf)
        if env is not None and "*" in env[0]:
            return replace(setup, any_origin=f"allow_origins=['*'] (the default of {setup.origins_from} at {env[1]})",
                           wildcard_only=not setup.credentials, origins_read_at=env[1])
        if env is not None:
            return replace(setup, origins_from="", origins_read_at=env[1])
    default = setting_default(modules, leaf)
    if "*" in default:
        return replace(setup, any_origin=f"allow_origins=['*'] (the default of {setup.origins_from})",
                       wildcard_only=not setup.credentials)
    if default.strip("'\"").startswith(("http://", "https://")):
        # frontend_url: str = "http://localhost:3000": the value is in the repository, one listed origin
        return replace(setup, origins_from="")
    return setup


_PYTHON_LIBRARIES = frozenset({"Starlette CORSMiddleware", "Flask-CORS", "django-cors-headers", "response header"})
_JS_SUFFIXES = (".js", ".mjs", ".cjs", ".ts", ".mts", ".cts", ".jsx", ".tsx")
_JSON_HEADERS = ("vercel.json", "netlify.toml", "_headers")


# CORS set up on one application object (``app.add_middleware(CORSMiddleware, …)``, ``CORS(app)``): the app is the
# module and what it loads. Django's settings and a hand-set header are judged against the whole project.
_APP_LIBRARIES = frozenset({"Starlette CORSMiddleware", "Flask-CORS"})


def _app_sites(modules: list[PyModule], js_files: list[tuple[str, str]], setups: list[CorsSetup],
               project: CookieSite) -> dict[str, CookieSite]:
    """``path`` → the credentials of the app a credentialed Python CORS setup in that module is on, for each such
    setup whose app loads none of the ambient credentials the project's Python code holds, every one of which
    another app loads (a cookie-authenticated back end beside a model sidecar or a plugin sub-app). Setups absent
    from the answer keep the project-wide judgement: when the project holds no credential, when the app loads one,
    or when a credential's module is loaded by no app this check sees."""
    if project.none_found():
        return {}
    holders = {mod.path: cookie_sites([mod], []) for mod in modules}
    holders = {path: site for path, site in holders.items() if not site.none_found()}
    if not holders:
        return {}  # the credential is the JavaScript code's (a page sending its credentials): no app of ours to scope
    scopes = AppScopes(modules)
    out: dict[str, CookieSite] = {}
    for setup in setups:
        if not setup.credentials or setup.library not in _APP_LIBRARIES or setup.path in out:
            continue
        app = scopes.app_modules(setup.path)
        site = cookie_sites(app, js_files, js_server=False)
        owners = scopes.owners(list(holders), setup.path) if app and site.none_found() else None
        if not owners:
            continue
        path, owner = next(iter(owners.items()))
        held = holders[path]
        sign = f"a cookie set at {held.cookies[0][0]}" if held.cookies else held.unread or held.ambient
        others = len(app) - 1
        out[setup.path] = replace(site, outside=f"{sign}, loaded by the app in {owner}", app=setup.path + (
            f" and the {others} project module{'s' if others != 1 else ''} it loads" if others else
            " alone, which imports no project module"))
    return out


def run(ctx: CheckContext) -> Outcome:
    return covering_unparsed(ctx.repo, _decide(ctx))


_LAUNCHER_NAME = re.compile(r"(?i)(?:^|[_-])(?:pycharm|vscode|debug|debugger)(?:[_-][^/]*)?\.py$")


def _debug_launcher(mod: PyModule) -> bool:
    """A module named for a debugger that starts its own server when run as a script."""
    return bool(_LAUNCHER_NAME.search(mod.path.rsplit("/", 1)[-1])) and any(
        isinstance(n, ast.If) and "__main__" in ast.unparse(n.test) for n in mod.tree.body)


def _decide(ctx: CheckContext) -> Outcome:
    launchers: list[CorsSetup] = []
    setups: list[CorsSetup] = []
    modules: list[PyModule] = []
    js_files: list[tuple[str, str]] = []
    for file in ctx.repo.text_files(suffixes=(".py", *_JS_SUFFIXES), names=_JSON_HEADERS):
        if is_dev_path(file.path) or "node_modules/" in file.path or "/dist/" in f"/{file.path}":
            continue
        if file.path.endswith(".py"):
            mod = python_module(ctx.repo, file.path, file.text)
            if mod is not None:
                modules.append(mod)
                found = [*_python_setups(mod), *_python_header_setups(mod)]
                if found and _debug_launcher(mod):
                    launchers.extend(found)
                else:
                    setups.extend(found)
        else:
            js_files.append((file.path, file.text))
            setups.extend(_js_setups(file.path, file.text))
    # a debugger's launcher (cohere-toolkit's `pycharm_debug_main.py`, run by hand with `uvicorn … reload=True`)
    # beside the application's own setup is no deployment; alone, it is the only app there is and is judged
    if not setups:
        setups = launchers
    if not setups:
        return Outcome(Status.PASS, "no CORS configuration in the code: browsers allow same-origin only")
    routes = route_inventory(ctx.repo) if any(s.wildcard_only for s in setups) else []
    public = (*DEFAULT_PUBLIC, *(ctx.config.api.public or ()))
    guards = tuple(origin_guards(modules)) if any(s.credentials is not False for s in setups) else ()
    sites = cookie_sites(modules, js_files) if any(s.credentials for s in setups) else CookieSite()
    python_sites = cookie_sites(modules, js_files, js_server=False) if any(
        s.credentials and s.library in _PYTHON_LIBRARIES for s in setups) else CookieSite()
    app_sites = _app_sites(modules, js_files, setups, python_sites)
    # the setup's own module first: `environment = os.getenv("ENVIRONMENT")` beside `if environment == "dev":` is
    # that name's declaration, whatever another app's settings call `environment`
    setups = [replace(s, switch_default=setting_default(
        [m for m in modules if m.path == s.path] + [m for m in modules if m.path != s.path], s.switch))
        if s.switch else s for s in setups]
    setups = [_origins_from_settings(ctx, modules, s) if s.origins_from else s for s in setups]
    evidence = [e for e in (_judge(s, _open_route(s, routes, public), guards, app_sites.get(s.path) or (
        python_sites if s.library in _PYTHON_LIBRARIES else sites)) for s in setups) if e is not None]
    open_routes = sum(e.status is Status.PASS for e in evidence)
    return Outcome.from_evidence(
        evidence,
        passed=f"{len(setups)} CORS setup(s), each limited to listed origins" + (
            f" or `*` without credentials on {open_routes} route(s) that read no credential" if open_routes else ""),
        failed="CORS admits any origin" + (" with credentials" if any(e.status is Status.FAIL for e in evidence)
                                           else ""),
    )


CHECK = Check(META, run)
