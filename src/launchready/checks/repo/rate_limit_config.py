"""repo.rate-limit-config: a rate limiter covers the login, chat/message creation, upload and tool routes.

Routes come from the shared inventory; a route is covered when one of its guards is a limiter
(slowapi / flask-limiter ``@limiter.limit``, django-ratelimit ``@ratelimit``, fastapi-limiter
``Depends(RateLimiter(...))``, an express-rate-limit middleware), its handler calls one (Upstash
``ratelimit.limit``, rate-limiter-flexible ``consume``), or a global limiter covers everything
(``Limiter(default_limits=...)``, Django REST framework throttles, ``app.use(rateLimit(...))``, a
gateway config with nginx ``limit_req``, Kong/Traefik rate-limit plugins), or a project's own limiter
(``Depends(ApiUserRateLimiter(...))``). A login is judged by what its handler does, not its name alone: it takes
a credential and is not itself behind authentication (an OAuth start or a token issued to a signed-in caller is
none; ``POST /verify`` comparing the body with a configured secret is one). A chat route fails only when its
handler shows a model call. A creating route of any name whose handler calls a model client, directly or through
the project's functions (:mod:`launchready.engines.model_calls`), is a chat route too (``POST /conversation``),
a GET that mints a Realtime session or ephemeral key too (``GET /token`` spends the operator's quota).
``DELETE /api/chat`` clears a conversation and is none, and so is a chat-named route whose handler, through the
project functions it reaches, does no paid work at all (reads a stored answer, stores feedback).
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, replace

from launchready.checks.repo._limiter_switches import (
    describe_switch,
    js_switch_at,
    py_if_switch,
    py_switch_names,
    setting_defaults,
)
from launchready.checks.repo._served import unserved
from launchready.checks.repo.route_auth import only_raises, reachable, unread_evidence
from launchready.context import CheckContext
from launchready.engines.handler_walk import handler_body, project_functions, reach
from launchready.engines.model_calls import (
    CALLED,
    NOT_FUNCTIONS,
    Finder,
    ModelCall,
    client_call,
)
from launchready.engines.pysource import PyModule, covering_unparsed, dotted_name, keyword, parse_module
from launchready.engines.routes import ANY, Route, balanced, is_public, route_inventory, source_files, split_args
from launchready.model import Check, CheckMeta, Effort, Evidence, Outcome, Severity, Status, Surface

META = CheckMeta(
    id="repo.rate-limit-config",
    title="Rate limits on login, chat, upload and tool routes",
    surface=Surface.REPO,
    severity=Severity.HIGH,
    criteria=(
        "A rate limiter covers login, chat/message creation, upload and tool routes (slowapi, flask-limiter, "
        "django-ratelimit, express-rate-limit, a gateway config)."
    ),
    why=(
        "Every chat request is a paid model call and every login attempt is a password guess; without a "
        "limiter one script spends your model budget or brute-forces accounts."
    ),
    breaks=(
        "Credential stuffing on login, a five-figure model bill from one looping client, storage filled by "
        "upload floods, and tools (e-mail, fetch) abused at machine speed."
    ),
    fix=(
        "Add a limiter (slowapi `Limiter` + `@limiter.limit(\"5/minute\")` on login, tighter per-user limits on "
        "chat, upload and tool routes; express-rate-limit on the same routes), or a gateway rule, and answer "
        "429 with `Retry-After`."
    ),
    references=("OWASP API4:2023", "CWE-770", "CWE-307", "OWASP LLM10:2025", "OWASP ASVS 5.0 V2.4.1"),
    checklist=("Rate limits on login, chat, upload and tool endpoints",),
    effort=Effort.HOURS,
)

ROUTE_CLASSES: dict[str, tuple[str, ...]] = {
    "login": ("/login", "/auth/login", "/token", "/auth/token", "/signin", "/auth/signin", "/session",
              "/sessions", "/auth/session", "/api/auth/callback/credentials"),
    "chat": ("/chat", "/chat/*", "*/chat", "/chat-*", "*/chat-*", "/messages", "*/messages", "/completions",
             "*/completions", "/conversations/*/messages", "/ask", "/api/chat"),
    "upload": ("/upload", "/uploads", "*/upload", "/files", "*/files", "/documents", "/files/upload"),
    "tools": ("/tools/*", "*/tools/*"),
}
_LIMIT_NAME = re.compile(r"(?i)limit|throttl|ratelimit|slow_?down")
_BODY_LIMIT_CALL = re.compile(r"(?i)(?:^|\.)(?:ratelimit|ratelimiter|limiter|rate_limit)\.(?:limit|consume|check|hit)$"
                              r"|(?:^|\.)(?:check_rate_limit|rate_limit|ratelimit|enforce_rate_limit)$")
_GATEWAY = re.compile(
    r"(?:^|/)(?:nginx[^/]*\.conf|[^/]*\.nginx|default\.conf|kong[^/]*\.ya?ml|traefik[^/]*\.(?:ya?ml|toml)|"
    r"docker-compose[^/]*\.ya?ml|compose\.ya?ml|wrangler\.toml|vercel\.json|[^/]*gateway[^/]*\.ya?ml|Caddyfile)$")
_GATEWAY_RULE = re.compile(
    r"^\s*limit_req\s|name:\s*rate-limiting|\brateLimit\s*:|ratelimit\.(?:average|burst)|\brate_limit(?:ing)?\b"
    r"|\bratelimit\b", re.IGNORECASE | re.MULTILINE)


@dataclass(frozen=True)
class Limiter:
    where: str
    what: str
    global_: bool
    prefix: str = ""
    name: str = ""  # the variable it is assigned to (``const limiter = rateLimit(...)``)
    off: str = ""  # why it limits nothing unless configured (``max`` 0 by default), or ``""``
    # It runs only under a condition on settings (``enabled=RATE_LIMIT_ENABLED``, ``if (process.env.KV_URL)``):
    # the condition's text and the settings it reads; ``off`` is filled once their defaults are read.
    switch: str = ""
    switch_names: tuple[str, ...] = ()


# A project's own limiter: a class or function named for rate limiting or throttling, called (as a FastAPI
# dependency ``Depends(ApiUserRateLimiter(...))``, a decorator or in a handler). ``RateLimitError`` and
# ``RateLimitRecord`` end otherwise: an exception and a model are no limiter.
_OWN_LIMITER = re.compile(r"(?i)(?:rate_?limit(?:er|s)?|throttl(?:e|er|ing)?)$")


def _python_limiters(path: str, text: str) -> list[Limiter]:
    mod = parse_module(path, text)
    if mod is None:
        return []
    found: list[Limiter] = []
    targets = {id(node.value): node.targets[0] for node in ast.walk(mod.tree)
               if isinstance(node, ast.Assign) and len(node.targets) == 1}
    for call in mod.calls():
        name = dotted_name(call.func)
        short = name.rsplit(".", 1)[-1]
        where = f"{path}:{mod.line(call)}"
        var = dotted_name(targets[id(call)]).rsplit(".", 1)[-1] if id(call) in targets else ""
        if short == "Limiter":
            defaults = keyword(call, "default_limits") or keyword(call, "application_limits")
            value = mod.value(defaults) if defaults is not None else None
            is_global = defaults is not None and value not in ([], ())
            found.append(_py_switched(mod, call, Limiter(where, mod.excerpt(call), is_global, name=var)))
        elif short in {"ratelimit", "RateLimiter", "throttle"} or _OWN_LIMITER.search(short):
            found.append(_py_switched(mod, call, Limiter(where, mod.excerpt(call), False, name=var)))
    for name, value in mod.constants.items():
        if name == "REST_FRAMEWORK" and re.search(r"DEFAULT_THROTTLE_(?:CLASSES|RATES)", ast.unparse(value)):
            found.append(Limiter(f"{path}:{mod.line(value)}", "REST_FRAMEWORK throttles", True))
    return found


def _py_switched(mod: PyModule, call: ast.Call, limiter: Limiter) -> Limiter:
    """A limiter built with ``enabled=<not literally True>`` or under ``if <setting>:`` runs only when its
    settings say so: the condition and the settings it reads, followed through the enclosing function's callers."""
    enabled = keyword(call, "enabled")
    test = enabled if enabled is not None and mod.value(enabled) is not True else py_if_switch(mod, call)
    if test is None:
        return limiter
    return replace(limiter, switch=ast.unparse(test), switch_names=tuple(py_switch_names(mod, test)))


def _limiter_functions(path: str, text: str) -> list[Limiter]:
    """A project's own limiter functions (named for limiting, answering 429), each with the setting that switches it
    when its 429 is answered only under one. They limit only where a route names them (a dependency, a call): they
    are looked up by that name when a route's guard is judged, never counted as a limiter of their own."""
    mod = parse_module(path, text) if _ANSWERS_429.search(text) else None
    if mod is None:
        return []
    found = []
    for node in mod.tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and _LIMIT_NAME.search(node.name):
            refusal = next((n for n in ast.walk(node) if isinstance(n, ast.Raise | ast.Return)
                            and _ANSWERS_429.search(ast.unparse(n))), None)
            if refusal is not None:
                found.append(_py_function_switched(mod, node, refusal, Limiter(
                    f"{path}:{node.lineno}", f"def {node.name}(…) answers 429", False, name=node.name)))
    return found


_ANSWERS_429 = re.compile(r"\b429\b|TOO_MANY_REQUESTS|TooManyRequests")


def _py_function_switched(mod: PyModule, fn: ast.FunctionDef | ast.AsyncFunctionDef, refusal: ast.stmt,
                          limiter: Limiter) -> Limiter:
    """A project's limiter function (``async def request_limit_middleware(request)``, used as a dependency) whose
    429 is answered only under ``if <flag>:``, the flag a module constant read from a setting
    (``LIMIT_ENABLED = int(os.getenv("LIMIT_THRESHOLD", 0)) > 0``): it limits only when that setting is on."""
    test = next((stmt.test for stmt in ast.walk(fn) if isinstance(stmt, ast.If)
                 and any(inner is refusal for part in stmt.body for inner in ast.walk(part))), None)
    if test is None:
        return limiter
    expr: ast.expr = test
    for _ in range(3):  # module constants, followed a few levels (`ENABLED = THRESHOLD > 0`, `THRESHOLD = getenv(…)`)
        expr = _NameInliner(mod.constants).visit(ast.parse(ast.unparse(expr), mode="eval")).body
    names = py_switch_names(mod, expr)
    return replace(limiter, switch=ast.unparse(test), switch_names=tuple(names)) if names else limiter


class _NameInliner(ast.NodeTransformer):
    def __init__(self, constants: dict[str, ast.expr]) -> None:
        self.constants = constants

    def visit_Name(self, node: ast.Name) -> ast.AST:
        return self.constants.get(node.id, node)


def _js_switched(text: str, pos: int, limiter: Limiter) -> Limiter:
    condition, names = js_switch_at(text, pos)
    return replace(limiter, switch=condition, switch_names=tuple(names)) if names else limiter


_JS_LIMITER_CTOR = re.compile(
    r"\b(?:rateLimit|slowDown|RateLimiterMemory|RateLimiterRedis|Ratelimit)\s*\(|new\s+Ratelimit\b")

_JS_LIMITER_VAR = re.compile(
    r"(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*=\s*(?:new\s+)?(?:rateLimit|slowDown|RateLimiter\w*|Ratelimit)\b")


# express-rate-limit before 7 reads ``max: 0`` as "no limit" (7 blocks every request instead).
_ZERO_FALLBACK = re.compile(r"(?:[:?]|\|\||\?\?)\s*0\b(?!\.)")


def _off_by_default(text: str, call_at: int, legacy_zero: bool) -> str:
    """Why an express-rate-limit call limits nothing unless configured: ``max: 0``, or ``max: n`` where ``n`` falls
    back to 0 when its environment variable is unset (``... ? parseInt(MAX) : 0``). Only for a locked major
    version below 7, where 0 means "no limit"."""
    if not legacy_zero:
        return ""
    options = balanced(text, text.index("(", call_at))
    m = re.search(r"\b(?:max|limit)\s*:\s*([\w$.]+)", options)
    if not m:
        return ""
    if m.group(1) == "0":
        return "max: 0 (no limit in express-rate-limit before 7)"
    assigned = re.search(rf"(?:const|let|var)\s+{re.escape(m.group(1))}\s*=([^;]*?)(?:;|\n\s*\n)", text, re.S)
    if assigned and _ZERO_FALLBACK.search(assigned.group(1)):
        setting = _env_behind(text, assigned.group(1))
        return (f"max is {m.group(1)}, 0 unless {setting} is set (no limit in express-rate-limit before 7)")
    return ""


def _env_behind(text: str, expression: str) -> str:
    """The environment variable an expression reads, directly or through a constant of the same file."""
    direct = re.search(r"process\.env\.(\w+)", expression)
    if direct:
        return direct.group(1)
    for name in dict.fromkeys(re.findall(r"\b[A-Za-z_$][\w$]*\b", expression)):
        m = re.search(rf"(?:const|let|var)\s+{re.escape(name)}\s*=\s*process\.env\.(\w+)", text)
        if m:
            return m.group(1)
    return "its setting"


def _legacy_express_rate_limit(ctx: CheckContext) -> bool:
    """Does a package.json depend on express-rate-limit below major 7 (where ``max: 0`` disables the limit)?"""
    for path in ctx.repo.tracked_files:
        if path.rsplit("/", 1)[-1] == "package.json" and "node_modules/" not in path:
            m = re.search(r'"express-rate-limit"\s*:\s*"[\^~>=v\s]*(\d+)', ctx.repo.read_text(path) or "")
            if m and int(m.group(1)) < 7:
                return True
    return False


def _js_limiters(path: str, text: str, legacy_zero: bool = False) -> list[Limiter]:
    found: list[Limiter] = []
    if not _JS_LIMITER_CTOR.search(text) and "limit" not in text.lower():
        return found
    limiter_vars = {m.group(1) for m in _JS_LIMITER_VAR.finditer(text)}
    for m in _JS_LIMITER_CTOR.finditer(text):
        line = text.count("\n", 0, m.start()) + 1
        before = text[:m.start()].rsplit("\n", 1)[-1]
        var = re.search(r"(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*=\s*(?:[^=;?]+\?\s*)?(?:new\s+)?$", before)
        off = _off_by_default(text, m.start(), legacy_zero) if m.group(0).startswith("rateLimit") else ""
        found.append(_js_switched(text, m.start(), Limiter(
            f"{path}:{line}", text.splitlines()[line - 1].strip()[:160], False, name=var.group(1) if var else "",
            off=off)))
    for m in re.finditer(r"\b[A-Za-z_$][\w$]*\.use\s*\(", text):
        args = split_args(balanced(text, m.end() - 1)[1:-1])
        prefix = args[0].strip("'\"`") if args and args[0][:1] in "'\"`" else ""
        rest = args[1:] if prefix else args
        used = [a for a in rest if re.match(r"\s*(?:rateLimit|slowDown)\s*\(", a) or a.strip() in limiter_vars
                or _LIMIT_NAME.search(a.split("(")[0])]
        if used:
            line = text.count("\n", 0, m.start()) + 1
            found.append(_js_switched(text, m.start(), Limiter(
                f"{path}:{line}", text.splitlines()[line - 1].strip()[:160], True, prefix,
                name=re.split(r"[^\w$]", used[0].strip(), maxsplit=1)[0])))
    return found


def _gateway_limiters(ctx: CheckContext) -> list[Limiter]:
    found: list[Limiter] = []
    for path in ctx.repo.tracked_files:
        if not _GATEWAY.search(path):
            continue
        text = ctx.repo.read_text(path) or ""
        m = _GATEWAY_RULE.search(text)
        if m:
            line = text.count("\n", 0, m.start()) + 1
            found.append(Limiter(f"{path}:{line}", text.splitlines()[line - 1].strip()[:160], True))
    return found


# Logging in, sending a message, uploading and calling a tool create something: POST (or PUT for an
# upload, or a handler for every method). `DELETE /api/chat` clears a conversation; it is no chat request.
_CREATING_METHODS = frozenset({"POST", "PUT", ANY})


# `/chat-process` is a chat request only when its handler calls a model: `/chat-feedback`, `/chat-settings` are
# about a chat, and a compound name alone is no warning.
_COMPOUND_CHAT = ("/chat-*", "*/chat-*")


# A creating route whose handler calls a model spends the operator's quota. A GET does when it mints a Realtime
# session or ephemeral key (``GET /token``): other model calls seen from a GET (an observer of a stream started
# elsewhere, an admin preview) are not judged sure. A DELETE clears, whatever it calls.
_SPENDING_METHODS = _CREATING_METHODS | {"GET"}
_MINTS_SESSION = re.compile(r"realtime")


def _compound_chat_only(route: Route) -> bool:
    return bool(is_public(route, _COMPOUND_CHAT)) and not is_public(
        route, [p for p in ROUTE_CLASSES["chat"] if p not in _COMPOUND_CHAT])


# The word chat qualifying a stored record or a setting, not asking for an answer: `POST /api/chat/sessions` creates a
# session row, `PUT /chat/sessions/{id}` renames it, `POST /chat/context` assembles text, `POST /config/chat` stores
# settings. Such a route is a chat route only when a model call is seen (a message posted to a session is one).
_CHAT_RECORDS = frozenset({"session", "sessions", "history", "histories", "title", "rename", "context", "contexts",
                           "config", "configs", "settings", "setting", "feedback", "share", "export", "pin", "unpin",
                           "archive", "folder", "folders", "tags", "prompt", "prompts"})
_CHAT_WORD = re.compile(r"(?i)^chats?(?:-|$)")


def _chat_record(route: Route) -> str:
    """The record or setting a chat-named route's path is about (``sessions`` in ``/api/chat/sessions``), or ``""``
    when the chat word ends the path or is followed by messages, completions or a parameter only."""
    parts = [p for p in route.path.strip("/").split("/") if p]
    at = next((i for i, p in enumerate(parts) if _CHAT_WORD.match(p)), -1)
    if at < 0:
        return ""
    compound = parts[at].split("-", 1)[1].lower() if "-" in parts[at] else ""
    if compound in _CHAT_RECORDS:
        return compound  # `/v1/internal/chat-prompt`
    if at and parts[at - 1].lower() in {"config", "configs", "settings", "setting", "preferences"}:
        return parts[at - 1]  # `/api/management/config/chat`
    static = [p.lower() for p in parts[at + 1:] if not p.startswith(("{", ":", "[", "<", "$"))]
    return static[-1] if static and static[-1] in _CHAT_RECORDS else ""


def route_class(route: Route) -> str:
    if route.method not in _CREATING_METHODS:
        return ""
    for name, patterns in ROUTE_CLASSES.items():
        if is_public(route, patterns):
            # a PUT on a tool replaces its stored definition or settings (`PUT /agents/{id}/tools/{name}`): running a
            # tool is a POST
            return "" if name == "tools" and route.method == "PUT" else name
    return ""


# A limit the handler enforces itself: a per-user quota that answers 429 / "rate_limit" before the paid work.
_HANDLER_LIMIT = re.compile(r"(?i)rate[_:-]?limit|\b429\b|too\s*many\s*requests|TooManyRequests|quota|maxMessagesPer")


def _handler_limit(route: Route, text: str | None) -> str:
    if not text or not route.line:
        return ""
    lines = text.splitlines()
    body = "\n".join(lines[route.line - 1 : (route.end_line or route.line + 60)])
    m = _HANDLER_LIMIT.search(body)
    return f"a limit enforced in the handler ({m.group(0)!r} at {route.file}:" \
           f"{route.line + body[: m.start()].count(chr(10))})" if m else ""


# A login takes a credential: a password or one-time code read, a secret compared, a verify/login call.
_CREDENTIAL = re.compile(
    r"(?i)passw|passcode|\bpwd\b|\botp\b|credential|\bverif\w*\s*\(|\bcompare\w*\s*\(|timingSafeEqual"
    r"|\bauthenticate\w*\s*\(|\blog_?in\w*\s*\(|\bsign_?in\w*\s*\(|\bcode\b"
    r"|(?:secret|access_?code|token)\w*\s*(?:===?|!==?)|(?:===?|!==?)\s*[\w.]*(?:secret|access_?code|passw)")
# A value from the request body compared with a configured secret (an upper-case setting or environment
# variable named SECRET/PASSWORD/PASSCODE/ACCESS_CODE), or a password verified: a login under any name. A
# header compared with a secret (a cron or service token) is authentication of a call, not a login.
_CONFIGURED_SECRET = r"\b[A-Z][A-Z0-9_]*(?:SECRET|PASSWORD|PASSCODE|ACCESS_CODE)[A-Z0-9_]*\b"
_SECRET_CHECK = re.compile(
    rf"{_CONFIGURED_SECRET}[\"'\]]*\)?\s*(?:===?|!==?)|(?:===?|!==?)\s*[\w.\[(\"']*{_CONFIGURED_SECRET}")
_PASSWORD_VERIFY = re.compile(r"\b(?:check_password\w*|verify_password|bcrypt\.compare\w*|argon2\.verify)\s*\(")
_BODY_READ = re.compile(r"\breq(?:uest)?\.body\b|\.json\s*\(\s*\)|request\.(?:form|get_json|json)\b|\bForm\s*\("
                        r"|\bBody\s*\(|\.formData\s*\(|\b(?:payload|body|form|form_data)\s*[:.\[]")


# What shows a login-named handler is no login: it starts an OAuth redirect (the provider checks the
# password), or it serves a caller already signed in (issuing an API token or a chat session to them).
_OAUTH_START = re.compile(r"(?i)authorize_redirect|authorization_?url|authorizationUrl|create_authorization_url")
_SIGNED_IN = re.compile(r"(?i)\brequest\.user\b|\breq\.user\b|\bcurrent_user\b|\blocals\.user\b"
                        r"|getServerSession\s*\(|\bawait\s+auth\(\s*\)|Depends\(\s*get_current\w*")
_JS_PARAMS = re.compile(r"\(\s*([A-Za-z_$][\w$]*)\s*(?::[^,)]*)?\s*[,)]")


def _reads_request(body: str) -> bool:
    """Does the handler read anything from the request? No Python parameter, or a JS handler whose first
    parameter (the request) is never used again, reads nothing — so it can check no credential."""
    py = re.search(r"\bdef\s+\w*\s*\(([^)]*)\)", body)
    if py:  # Flask's handlers take no parameter and read the global ``request``
        return bool(py.group(1).strip()) or bool(re.search(r"\brequest\s*\.", body[py.end():]))
    js = _JS_PARAMS.search(body)
    if js:
        return bool(re.search(rf"(?<![\w$]){re.escape(js.group(1))}(?![\w$])", body[js.end():]))
    return True


def login_kind(route: Route, text: str | None) -> str:
    """How a route classed as a login by its name holds up against its handler: ``"login"`` (a credential is
    taken, or the handler was not read whole), ``"unsure"`` (read whole, no credential seen) or ``""`` (no
    login: behind authentication itself, only an OAuth redirect, serves a signed-in caller, or reads nothing
    from the request)."""
    if route.auth_guards():
        return ""
    body = handler_body(route, text)
    if not body:
        return "login"
    if _CREDENTIAL.search(body):
        return "login"
    if _OAUTH_START.search(body) or _SIGNED_IN.search(body) or not _reads_request(body):
        return ""
    return "unsure"


def checks_a_secret(route: Route, text: str | None) -> bool:
    """A creating route not named like a login that compares a request value with a configured secret or
    verifies a password is a login too (``POST /verify`` checking ``AUTH_SECRET_KEY``)."""
    if route.method not in _CREATING_METHODS or route.auth_guards() or "webhook" in route.path.lower():
        return False
    body = handler_body(route, text)
    if _SIGNED_IN.search(body):
        return False  # a signed-in caller confirming a password (a password change) is behind a login already
    return bool(_PASSWORD_VERIFY.search(body)) or (bool(_SECRET_CHECK.search(body)) and bool(_BODY_READ.search(body)))


def switched_off(route: Route, limiters: list[Limiter], text: str | None = None) -> Limiter | None:
    """The limiter covering ``route`` when it limits nothing unless configured: a guard naming it (``limiter``,
    ``app.state.limiter.limit``), the handler's call of it, or every global limiter that covers the route. A
    handler's limit call under ``if (process.env.X)`` is one too (a limiter of its own, at the call)."""
    names = {part for g in route.guards if _LIMIT_NAME.search(g.name) for part in g.name.split(".")}
    names |= {c.split(".", 1)[0] for c in route.body_calls if _BODY_LIMIT_CALL.search(c)}
    idle = next((lim for lim in limiters if lim.off and lim.name and lim.name in names), None)
    if idle is not None or any(_LIMIT_NAME.search(g.name) for g in route.guards):
        return idle
    inside = _handler_switch(route, text)
    if inside is not None:
        return next((lim for lim in limiters if lim.where == inside.where and lim.off), None)
    covering = [lim for lim in limiters if lim.global_ and _under(route, lim)]
    if covering and all(lim.off for lim in covering) and not any(
            _BODY_LIMIT_CALL.search(c) for c in route.body_calls):
        return covering[0]
    return None


def _handler_switch(route: Route, text: str | None) -> Limiter | None:
    """A limit call in the handler that runs only under a condition on an environment variable."""
    if not text or not route.line or route.file.endswith(".py"):
        return None
    start = sum(len(line) + 1 for line in text.splitlines()[: route.line - 1])
    end = sum(len(line) + 1 for line in text.splitlines()[: route.end_line or route.line + 60])
    for call in route.body_calls:
        if not _BODY_LIMIT_CALL.search(call):
            continue
        at = text.find(call + "(", start, end)
        if at < 0:
            continue
        condition, names = js_switch_at(text, at)
        if names:
            line = text.count("\n", 0, at) + 1
            return Limiter(f"{route.file}:{line}", text.splitlines()[line - 1].strip()[:160], False, name=call,
                           switch=condition, switch_names=tuple(names))
    return None


def _under(route: Route, limiter: Limiter) -> bool:
    return (not limiter.prefix or route.path.startswith(limiter.prefix.rstrip("/") + "/")
            or route.path == limiter.prefix)


def _resolve_switches(ctx: CheckContext, limiters: list[Limiter]) -> list[Limiter]:
    """Fill ``off`` for each switched limiter whose settings are off, or have no default, in the repository."""
    names = {n for lim in limiters for n in lim.switch_names}
    if not names:
        return limiters
    files = [(p, ctx.repo.read_text(p) or "") for p in ctx.repo.tracked_files
             if "node_modules/" not in p and re.search(
                 r"\.(?:py|[cm]?[jt]sx?|ya?ml|toml|env|example|sample)$|(?:^|/)\.env[\w.-]*$", p)]
    defaults = setting_defaults(names, files)
    out = []
    for lim in limiters:
        said = describe_switch(lim.switch, lim.where, list(lim.switch_names), defaults) if lim.switch_names else ""
        out.append(replace(lim, off=said) if said else lim)
    return out


def _covered(route: Route, limiters: list[Limiter], text: str | None = None) -> str:
    for guard in route.guards:
        if _LIMIT_NAME.search(guard.name):
            return f"{guard.name} ({guard.where})"
    for call in route.body_calls:
        if _BODY_LIMIT_CALL.search(call):
            return f"{call}() in the handler"
    for limiter in limiters:
        if limiter.global_ and _under(route, limiter):
            return f"global limiter {limiter.where}"
    return _handler_limit(route, text)


# What a handler that spends model money shows: an SDK or client call, a streaming or generation helper,
# an agent or chain run, a model name. Matched on the handler's own text. A plain proxy to the product's own
# backend is not paid work itself: the backend route it forwards to is judged on its own.
_MODEL_CALL = re.compile(
    r"(?i)openai|anthropic|\bllm|completion|messages\.create|generate\w*\s*\(|stream\w*\s*\(|\bagent|\bchain\b"
    r"|\.a?invoke\s*\(|\bmodel\b|ollama|gemini|claude|\bgpt|bedrock|mistral|groq|cohere|embed|huggingface"
    r"|\bpredict|\bpipeline|\brag\b|\bbot\b"
    r"|\w*(?:chat|ask|answer|reply|respond|generat|complet|stream|agent|llm|model|infer)\w*\s*\(")


_STRING = re.compile(r'"""[\s\S]*?"""' r"|'''[\s\S]*?'''" r'|"(?:\\.|[^"\\\n])*"' r"|'(?:\\.|[^'\\\n])*'"
                     r"|`(?:\\.|[^`\\])*`|#[^\n]*|//[^\n]*")


def _model_word(route: Route, text: str | None) -> str:
    """A word in the handler that looks like paid work (``stream_answer(``, ``openai``), outside string literals and
    comments — a hint only, never proof: ``getTokenizerModel(`` or ``response_getstatus_openai`` are words too."""
    body = handler_body(route, text)
    m = _MODEL_CALL.search(_STRING.sub('""', body)) if body else None
    return m.group(0).strip() if m else ""


def _model_route(ctx: CheckContext, route: Route, text: str | None, find: Finder = client_call) -> ModelCall | None:
    """The model call of a route's handler, directly or through project functions and classes (or, with
    ``find``, whatever else is looked for the same way)."""
    return reach(ctx, route, text, find=find)


# A limiter the handler reaches through the project's own functions: onyx's ``PUT /rename-chat-session`` names the
# chat with a model in ``_generate_or_fallback_chat_session_name``, which first calls ``check_token_rate_limits``.
_LIMIT_CALL = re.compile(r"(?i)(?<![\w$])(?:(?:check|enforce|apply)_?\w*?rate_?limits?"
                         r"|(?:ratelimit|ratelimiter|limiter|rate_limit)\.(?:limit|consume|check|hit))\s*\(")
_DEFINING = re.compile(r"(?:\bdef|\bfunction|\basync)\s+$")


def _limit_call(text: str) -> re.Match[str] | None:
    """The first limiter call in ``text`` (not the definition of one)."""
    return next((m for m in _LIMIT_CALL.finditer(text) if not _DEFINING.search(text[max(0, m.start() - 16):m.start()])),
                None)


# A project function named for a limit or quota whose every definition answers 429 or speaks of rate limits
# (morphic's ``checkAndEnforceOverallChatLimit`` counting requests in Redis): a limiter of the project's own. A
# ``check_token_limit`` that only fits a prompt to the context window answers no 429 and is none.
_LIMIT_NAMED_CALL = re.compile(
    r"(?<![\w$.])(?P<name>[A-Za-z_$][\w$]*(?:[Ll]imit|LIMIT|[Tt]hrottl|[Qq]uota)[\w$]*)\s*\(")
_SPEND_CAP = re.compile(r"(?i)cost|budget|spend|billing|credit")
_ANSWERS_LIMIT = re.compile(r"\b429\b|too\s*many\s*requests|TooManyRequests|rate[_ -]?limit", re.IGNORECASE)


def _limit_finder(index: dict[str, list[str]]) -> Finder:
    def find(text: str) -> re.Match[str] | None:
        named = _limit_call(text)
        if named is not None:
            return named
        for call in _LIMIT_NAMED_CALL.finditer(text):
            if _SPEND_CAP.search(call.group("name")):
                continue  # a cost cap bounds the bill, not the requests: one caller can still spend it for everyone
            defs = index.get(call.group("name"), [])
            if defs and not _DEFINING.search(text[max(0, call.start() - 16):call.start()]) \
                    and all(_ANSWERS_LIMIT.search(d) for d in defs):
                return call
        return None
    return find


# What running a tool shows: a model call (an embedding too), a request out, a mail sent, a process, a tool runtime
# started or a LangChain tool invoked (`await tool.ainvoke(tool_input)`).
_TOOL_RUN = re.compile(r"\brequests\.(?:get|post|put|patch|delete|request)\s*\(|\bhttpx\.|\baiohttp\b|\burlopen\s*\("
                       r"|(?<![\w.])fetch\s*\(|\baxios\b|\bsmtplib\b|\bsend_?mail\w*\s*\(|\bsubprocess\.|\bexec(?:File)?\s*\("
                       r"|\bspawn\s*\(|\b(?:run|call|invoke|execute)_?[Tt]ool\w*\s*\(|\.(?:call_tool|run_tool)\s*\("
                       r"|\.embeddings\.create\s*\(|\bcreateEmbedding\s*\(|\bembed_(?:query|documents)\s*\("
                       r"|\.a?invoke\s*\(|\btool\w*\.a?(?:run|call)\s*\(")


def _tool_run(ctx: CheckContext, route: Route, text: str | None) -> bool:
    """Does a tools-named route run something a caller could abuse at machine speed (a model, a request out, a
    mail, a process), itself or through project functions? vector-admin's `/tools/*` admin utilities (migrate,
    reset, toggle) run none."""
    def find(body: str) -> re.Match[str] | None:
        return client_call(body) or _TOOL_RUN.search(body)
    return _model_route(ctx, route, text, find=find) is not None


# Work handed to a worker: a task or job queued (HuixiangDou's `POST /v1/online` pushes an `HxdTask` its worker
# answers with a model) is paid work deferred, not none.
_QUEUED_WORK = re.compile(r"(?i)\b\w*(?:task|job|queue|worker)\w*\s*\("
                          r"|\.(?:delay|apply_async|send_task|enqueue|publish|xadd)\s*\(")
_DEFINED = re.compile(r"\s*(?:export\s+)?(?:default\s+)?(?:async\s+)?(?:def\s+|function\s*\*?\s*|(?:const|let|var)\s+)?"
                      r"(?P<name>[A-Za-z_$][\w$]*)")
_CLASS_NAME = re.compile(r"^[ \t]*(?:export\s+)?(?:default\s+)?(?:abstract\s+)?class\s+(?P<name>[A-Za-z_$][\w$]*)",
                         re.M)
# pydantic's own methods (`info.model_dump_json()`) serialise a record: the word `model` there is no model.
_RECORD_METHOD = re.compile(r"^model_(?:dump|validate|copy|construct|fields|json_schema)")
_NAME = re.compile(r"[\w$]+")


def _only_named_chat(ctx: CheckContext, route: Route, text: str | None) -> bool:
    """Is a chat-named route's name the only sign of a chat? Its handler reaches the project's own functions (one at
    least), and neither it nor they make a model call, a request out, a mail, a process or a tool run, queue a task
    for a worker, or show a word of paid work other than the names of those functions and the project's classes.
    HuixiangDou's `POST /v1/onlineResponse` reads a stored answer from Redis through `ChatService.fetch_response`,
    `/v1/caseFeedback` stores a verdict: nothing there spends a model."""
    visited: list[str] = []

    def record(body: str) -> re.Match[str] | None:
        visited.append(body)
        return None

    _model_route(ctx, route, text, find=record)
    if len(visited) < 2:
        return False  # no project function found: what the handler calls is not known
    classes = ctx.repo.memo("project-class-names", lambda: frozenset(
        m.group("name") for _, source in source_files(ctx.repo) for m in _CLASS_NAME.finditer(source)))
    followed = {m.group("name") for body in visited[1:] if (m := _DEFINED.match(body))}
    own = followed | classes
    index = project_functions(ctx)
    for body in visited:
        if client_call(body) or _TOOL_RUN.search(body) or _QUEUED_WORK.search(body):
            return False
        if any(c.group("name") in index and c.group("name") not in followed | NOT_FUNCTIONS
               for c in CALLED.finditer(body)):
            return False  # a project function the walk did not follow (`client.vote()`): what it does is not known
        code = _STRING.sub('""', body)
        for m in _MODEL_CALL.finditer(code):
            start = m.start()
            while start and (code[start - 1].isalnum() or code[start - 1] in "_$"):
                start -= 1  # the whole name the word is part of (`ChatQueryInfo(`, `model_dump_json(`)
            name = _NAME.match(code, start)
            word = name.group(0) if name else m.group(0)
            if word not in own and not _RECORD_METHOD.match(word):
                return False
    return True


def _helper_limit(ctx: CheckContext, route: Route, text: str | None) -> str:
    """A limiter the handler calls, itself or through project functions, as the chain that reaches it; ``""`` when
    none."""
    index = project_functions(ctx)
    found = _model_route(ctx, route, text, find=_limit_finder(index))
    return found.describe() if found is not None else ""


def clipped(routes: list[Route]) -> list[Route]:
    """Each route's handler ends before the next route registered below it in the same file: a handler whose end
    was read past its closing brace (a regex literal the brace counter misread) would take the next handler's
    model call (``/status`` credited with ``/generate``'s ``/v1/completions``). Two route decorators stacked on one
    function (``@router.post("/v1/chat")`` over ``@router.post("/chat")``) share its handler: neither clips the
    other."""
    starts: dict[str, list[tuple[int, str, int]]] = {}
    for route in routes:
        starts.setdefault(route.file, []).append((route.line, route.handler, route.end_line))
    out = []
    for route in routes:
        after = [line for line, handler, end in starts[route.file] if line > route.line
                 and not (handler and handler == route.handler and end == route.end_line)]
        ends_past = bool(route.end_line and after and min(after) <= route.end_line)
        out.append(replace(route, end_line=min(after) - 1) if ends_past else route)
    return out


def run(ctx: CheckContext) -> Outcome:
    return covering_unparsed(ctx.repo, _decide(ctx))


def _decide(ctx: CheckContext) -> Outcome:
    limiters: list[Limiter] = []
    legacy_zero = _legacy_express_rate_limit(ctx)
    for path, text in source_files(ctx.repo):
        limiters += _python_limiters(path, text) if path.endswith(".py") else _js_limiters(path, text, legacy_zero)
    limiters += _gateway_limiters(ctx)
    routes = clipped(reachable(route_inventory(ctx.repo)))
    limiters += [lim for lim in (_handler_switch(r, ctx.repo.read_text(r.file)) for r in routes) if lim is not None]
    limiters = _resolve_switches(ctx, limiters)
    # switched limiter functions, consulted only for the routes whose guards name them
    named = _resolve_switches(ctx, [lim for path, text in source_files(ctx.repo) if path.endswith(".py")
                                    for lim in _limiter_functions(path, text) if lim.switch_names])
    classed: list[tuple[str, Route]] = []
    unsure: set[Route] = set()
    by_model: dict[Route, str] = {}
    paid: set[Route] = set()  # named like a chat route, and its handler calls a model
    for route in routes:
        cls = route_class(route)
        handler_text = ctx.repo.read_text(route.file)
        if cls == "login":
            kind = login_kind(route, handler_text)
            if not kind:
                continue
            if kind == "unsure":
                unsure.add(route)
        elif not cls and (checks_a_secret(route, handler_text) or (
                route.method in _CREATING_METHODS and route.signs_in.startswith("verifies the request's password"))):
            cls = "login"  # POST /verify against AUTH_SECRET_KEY; a Passport 'local' guard reading the password
        if cls == "chat" or (not cls and route.method in _SPENDING_METHODS and "webhook" not in route.path.lower()):
            found = _model_route(ctx, route, handler_text)
            if found is not None and route.method == "GET" and not _MINTS_SESSION.search(found.evidence):
                found = None
            if found is not None and cls:
                paid.add(route)
            elif found is not None:  # a chat route by what it does: `POST /conversation` → Azure OpenAI
                by_model[route] = found.describe()
                cls = "chat"
            elif cls == "chat" and _compound_chat_only(route) and not _model_word(route, handler_text):
                continue  # `/chat-feedback/:id`: about a chat, and not even a word of paid work
            elif cls == "chat" and _only_named_chat(ctx, route, handler_text):
                continue  # `/v1/onlineResponse` reads a stored answer: the name was the only sign of a chat
            elif cls == "chat" and _chat_record(route):
                continue  # `/api/chat/sessions`: about a chat's record, and no model call seen
        if cls:
            classed.append((cls, route))
    unread = unread_evidence(ctx)
    if not classed:
        if unread:
            return Outcome(Status.WARN, f"no login, chat, upload or tool routes among {len(routes)} route(s) read; "
                           "some routes not read", tuple(unread))
        if not routes:
            return Outcome(Status.SKIP, "no HTTP routes found in the source")
        return Outcome(Status.PASS, f"no login, chat, upload or tool routes among {len(routes)} route(s)")
    evidence: list[Evidence] = []
    uncovered: dict[str, list[Route]] = {}
    stubs = [r for _, r in classed if only_raises(ctx, r)]
    for cls, route in classed:
        if route in stubs:
            continue  # a stub that answers an error and does nothing else (a deprecated route's 410)
        if not _covered(route, limiters, ctx.repo.read_text(route.file)) and not _helper_limit(
                ctx, route, ctx.repo.read_text(route.file)):
            uncovered.setdefault(cls, []).append(route)
        elif (idle := switched_off(route, [*limiters, *named], ctx.repo.read_text(route.file))) is not None:
            off = idle.off if idle.switch else f"which limits nothing by default: {idle.off}"
            evidence.append(Evidence(
                Status.WARN, f"{cls} route {route.label} is guarded by {idle.name or 'a limiter'} ({idle.where}), "
                f"{off}", route.location, idle.what))
    # With no limiter declared, coverage can only come from the handlers themselves: none means none at all.
    none_at_all = not limiters and sum(map(len, uncovered.values())) == len(classed) - len(stubs)
    for cls, listed in uncovered.items():
        # one handler registered for several methods (a proxy's catch-all, `methods=["GET", "POST", "PUT", …]`) is one
        # finding, under POST when it has one: the other methods reach the same code
        same: dict[tuple[str, int, str], list[Route]] = {}
        for route in listed:
            same.setdefault((route.file, route.line, route.handler), []).append(route)
        items = [min(group, key=lambda r: (r.method != "POST", r.method)) for group in same.values()]
        also = {id(r): sorted({g.method for g in same[(r.file, r.line, r.handler)]} - {r.method}) for r in items}
        for route in items:
            reason = "no rate limiter anywhere in the project" if none_at_all else "no limiter on this route"
            sure = (cls not in {"chat", "tools"} or route in by_model or route in paid
                    or (cls == "tools" and _tool_run(ctx, route, ctx.repo.read_text(route.file))))
            word = "" if sure else _model_word(route, ctx.repo.read_text(route.file))
            doubt = ("" if sure else f" — named like a chat route, but no model call was seen in its handler or "
                     f"what it calls{f' (only {word!r}, a name)' if word else ''}: confirm it does paid work"
                     if cls == "chat" else " — named like a tools route, but its handler and what it calls run no "
                     "model, outside request, mail or process: confirm it runs a tool")
            if route in unsure:
                doubt = (" — named like a login route, but no password, code or secret check was seen in its "
                         "handler: confirm it takes a credential")
            said = (f"route {route.label} calls a model ({by_model[route]}) and is not rate limited ({reason})"
                    if route in by_model else f"{cls} route {route.label} is not rate limited ({reason})" + doubt)
            if also[id(route)]:
                said += f" (the same handler also serves {', '.join(also[id(route)])})"
            not_served = "" if doubt else unserved(ctx.repo, route.file, (r.file for _, r in classed))
            if not_served:  # real code, but nothing shows it answers anyone: a warning that says so
                said, doubt = f"{said} — but {not_served}: confirm it is not deployed, or delete it", not_served
            evidence.append(Evidence(Status.WARN if doubt else Status.FAIL, said, route.location, route.excerpt))
    evidence += unread
    covered = sorted({c for c, _ in classed} - set(uncovered))
    switched = sorted({c for c, r in classed if r not in {x for xs in uncovered.values() for x in xs}
                       and switched_off(r, [*limiters, *named], ctx.repo.read_text(r.file)) is not None})
    summary_fail = (f"no rate limiter at all; unprotected: {', '.join(sorted(uncovered))}" if none_at_all and uncovered
                    else f"not rate limited: {', '.join(sorted(uncovered))}" if uncovered
                    else f"limiter off unless configured on: {', '.join(switched)}" if switched
                    else f"rate limits cover {', '.join(covered)} route(s); some routes not read")
    return Outcome.from_evidence(
        evidence,
        passed=f"rate limits cover {', '.join(covered)} route(s)" + (
            f" ({len(limiters)} limiter(s))" if limiters else ""),
        failed=summary_fail,
    )


CHECK = Check(META, run, options={})
