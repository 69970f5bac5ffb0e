"""repo.route-auth: every route that is not declared public has an authentication dependency, decorator
or middleware; authentication is enforced in one central place, not re-checked by hand in each handler.

Reads the shared route inventory (:mod:`launchready.engines.routes`). A route counts as protected
centrally when one of its guards (route, router or app level) is named like an auth guard
(``current_user``, ``login_required``, ``requireAuth``… plus the ``auth-dependencies`` option); as
protected *by hand* when its handler calls such a function, decodes a token or reads the
Authorization header itself. Not by hand: a login endpoint that reads the credential to issue a session,
a third-party SDK that verifies the caller's token (the Bot Framework adapter), and a SvelteKit handler
that reads the identity ``hooks.server`` resolved (``locals.user``) without refusing anyone itself. A
file-routed handler that takes nothing from the request and answers a literal serves nothing to protect (nor
does an ``OPTIONS`` preflight branch answering a literal). A handler that signs its caller in by what it does
(sends a sign-in link, verifies an emailed code and stores the user in the session) is public by purpose,
whatever its path; Starlette's ``@requires("authenticated")`` and the Django admin site are auth guards.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Sequence
from dataclasses import replace

from launchready.checks.repo._credential_forward import credential_forward
from launchready.checks.repo._platform_auth import TraefikGate, platform_authentication, traefik_gates
from launchready.checks.repo._project_auth import (
    admin_siblings,
    authenticated_siblings,
    central_guard_leaves_out,
    central_place_absent,
    project_authentication,
)
from launchready.checks.repo._served import unserved
from launchready.context import CheckContext
from launchready.engines.handler_walk import evaluates_code
from launchready.engines.js_frameworks import unread_frameworks
from launchready.engines.public_lists import code_public_paths, listed_public
from launchready.engines.pysource import PyModule, covering_unparsed, dotted_name, python_module
from launchready.engines.routes import (
    DEFAULT_AUTH_NAMES,
    MIDDLEWARE_PUBLIC,
    Route,
    handler_function,
    http_exception_status,
    is_public,
    route_inventory,
    unread_registrations,
    unread_route_paths,
)
from launchready.model import Check, CheckMeta, Effort, Evidence, Outcome, Severity, Status, Surface

META = CheckMeta(
    id="repo.route-auth",
    title="Auth on every protected route",
    surface=Surface.REPO,
    severity=Severity.CRITICAL,
    criteria=(
        "A route inventory (FastAPI, Flask, Django, Express, Fastify, Hono, NestJS, Next.js, SvelteKit, Remix, "
        "ws WebSocket servers) "
        "in which every route that is "
        "not declared public has an auth dependency / decorator / middleware, read by what it does (it reads "
        "who calls and can turn them away), not by its name; warns when auth is checked by hand in many places "
        "instead of one central dependency. Blocking only when sure: an unguarded route fails when the project "
        "authenticates no one, when its siblings carry a guard it lacks, or when the one central place (Next "
        "middleware, SvelteKit hooks) leaves it out; otherwise it is *authentication undetermined*, a warn "
        "naming what the project authenticates with and the keys that decide it (`auth-dependencies`, "
        "`[api] public`)."
    ),
    why=(
        "One route without authentication is enough to read every user's conversations or files; routes that "
        "each check the token by hand are the ones a new endpoint forgets."
    ),
    breaks=(
        "Anyone on the internet calls the unprotected route without an account: conversation histories, "
        "uploaded documents, debug endpoints and admin data leak, and paid model calls run on your bill."
    ),
    fix=(
        "Put authentication in one place: a router-level dependency (`APIRouter(dependencies=[Depends("
        "current_user)])`), Flask `before_request`/`@login_required`, Express `router.use(requireAuth)`, or "
        "Next.js middleware; keep public routes on a separate router and list them in `[api] public`."
    ),
    references=("OWASP API2:2023", "OWASP API5:2023", "CWE-306", "CWE-862", "OWASP ASVS 5.0 V8.1.1"),
    checklist=("Auth on every protected route", "Auth enforced in one central place"),
    effort=Effort.HOURS,
)

DEFAULT_PUBLIC = (
    "/", "/health*", "/ready*", "/live*", "/status", "/ping", "/metrics",
    "/login", "/signin", "/auth/login", "/auth/signin", "/token", "/auth/token", "/signup", "/auth/signup",
    "/register", "/auth/register", "/reset*", "/auth/reset*", "/password/reset*", "/forgot*", "/auth/forgot*",
    "/auth/callback*", "/auth/refresh", "/webhooks/*", "/webhook/*", "/webhooks", "/webhook",
    "/docs", "/docs/*", "/redoc", "/openapi.json", "/api/auth/*", "/favicon.ico", "/robots.txt", "/assets/*",
    "/static/*", "/public/*", "/.well-known/*", "/favicon*", "/logo*", "/manifest*", "/sitemap*",
    "/auth/config", "/auth/providers", "/login/*", "/oauth/*", "/auth/oauth/*", "/logout",
    # Account recovery and invitations are reached before there is a session, by design.
    "*reset-password*", "*forgot-password*", "*recover-account*", "/invite/*", "*/sso/*", "*request-token*",
    # A captcha is served to a visitor who has no account yet, before the sign-in or sign-up form it guards.
    "*captcha*",
    # Third-party deliveries authenticate by signature, not by a user session (repo.webhook-verification
    # judges the signature check).
    "*webhook*", "/slack/events", "/stripe/*", "/github/*", "/discord/*", "/telegram/*", "/twilio/*",
    # A health probe under a router's prefix (`/api/monitoring/health`) is as public as one at the root.
    "*/health", "*/healthz",
)
# A provider's name in the path makes a route a delivery only when the route is one: its path names what the
# provider sends (a webhook, events, an incoming call or message, a status callback), or its handler checks the
# provider's signature. `POST /api/twilio/numbers` re-points the account's phone numbers and `POST
# /api/stripe/checkout` opens a payment for a user: the provider's name alone never made them public.
_PROVIDER_PREFIXES = frozenset({"/stripe/*", "/github/*", "/discord/*", "/telegram/*", "/twilio/*"})
_DELIVERY_PATH = re.compile(r"(?i)(?:^|/|[-_])(?:webhooks?|hooks?|events?|callbacks?|incoming|inbound|voice|sms|"
                            r"messages?|status|twiml|interactions?|updates?|notify|notifications?|bot)(?:/|$|[-_.])")
_PROVIDER_SIGNATURE = re.compile(
    r"(?i)stripe-signature|x-twilio-signature|x-hub-signature|x-telegram-bot-api-secret-token|x-signature-ed25519|"
    r"\bvalidateRequest\b|\bconstruct_?event|\bverifyKey\b|RequestValidator|webhooks\.verify")


def _provider_delivery(ctx: CheckContext, route: Route) -> bool:
    """Does ``route`` receive what a provider sends: a delivery-named path, or a handler checking a signature?"""
    if _DELIVERY_PATH.search(route.path):
        return True
    text = ctx.repo.read_text(route.file) or ""
    lines = text.splitlines()
    handler = "\n".join(lines[route.line - 1:route.end_line or route.line + 30])  # its own lines, not the next's
    return bool(_PROVIDER_SIGNATURE.search(handler))


def _declared_public(ctx: CheckContext, route: Route, patterns: tuple[str, ...]) -> str:
    """The public pattern ``route`` matches; a default provider prefix (``/twilio/*``) counts only for a delivery,
    while the user's own declarations count as written."""
    matched = is_public(route, patterns)
    user = tuple(ctx.config.api.public or ())
    if matched in _PROVIDER_PREFIXES and matched not in user and not _provider_delivery(ctx, route):
        rest = tuple(p for p in patterns if p not in _PROVIDER_PREFIXES or p in user)
        return is_public(route, rest)
    return matched


HAND_AUTH_WARN_AT = 3
READ_FRAMEWORKS = "FastAPI, Starlette, Flask, Django, Express, Fastify, Hono, NestJS, Next.js, SvelteKit, Remix, ws"


# A route is surely private when it changes something, or when its path or handler names user data, money,
# administration or internals; an unauthenticated GET of anything else (a model list, a thumbnail, feature
# flags) may be public on purpose, so it is a warning until the user declares it either way.
_PRIVATE_WORDS = re.compile(
    r"(?i)conversation|message|chat|thread|history|memor|file|upload|document|attachment|user|account|profile|"
    r"admin|debug|internal|private|export|import|setting|secret|key|token|credential|session|billing|invoice|"
    r"payment|subscription|tenant|workspace|org|team|member|tool|agent|prompt|report|logs?\b|stats?\b|config|"
    r"backup|dump|delete|reset|password|email|note|task|order")


_PARAM = re.compile(r"\{[^}]*\}|<[^>]*>|\[[^\]]*\]|:[\w$]+|\*")


def _private(route: Route) -> bool:
    """Judged on the path's fixed segments: a parameter's name (``{filename}``) says nothing of the data."""
    return route.method != "GET" or bool(_PRIVATE_WORDS.search(_PARAM.sub("", route.path)))


_DECORATOR = re.compile(r"^\w+\.(?:get|post|put|patch|delete|head|options|route|api_route)$")  # the route's own
_REDIRECTS = re.compile(r"(?:^|\.)(?:redirect|RedirectResponse|permanentRedirect)$")


def python_handler(ctx: CheckContext, route: Route) -> tuple[PyModule, ast.FunctionDef | ast.AsyncFunctionDef] | None:
    """A Python route's own function: the first one so named at or below its registration (a module may define the
    GET and the POST handler under one name)."""
    if not route.file.endswith(".py") or not route.handler:
        return None
    mod = python_module(ctx.repo, route.file, ctx.repo.read_text(route.file) or "")
    func = handler_function(mod, route) if mod is not None else None
    return (mod, func) if mod is not None and func is not None else None


# What a GET handler may call to change what others see: merge a branch, delete or drop rows, open an issue or a pull.
_ACTS = re.compile(r"^(?:merge|delete\w*|remove_\w+|drop_\w+|destroy|truncate|create_(?:pull|issue|gha_pr|pr)\w*|"
                   r"edit|close_(?:pull|issue)\w*)$")
_SCRATCH = re.compile(r"(?i)^(?:os|shutil|dict|headers|params|kwargs|tmp\w*|temp\w*|tempfile|cache|f|fh|file|path|"
                      r"self\.cache|request|req|response|res)$")


def _acting_call(ctx: CheckContext, route: Route) -> str:
    """The first call of a Python GET handler (any depth of its own body) that changes state others see
    (``repo.merge(...)``, ``pr.edit(state="closed")``, ``db.delete(...)``): a GET is no read then — sweep's
    ``GET /update_sweep_prs_v2`` merges branches and closes pull requests. ``""`` when none."""
    found = python_handler(ctx, route) if route.method == "GET" else None
    if found is None:
        return ""
    mod, func = found
    for node in ast.walk(func):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and _ACTS.match(node.func.attr) \
                and not _SCRATCH.match(dotted_name(node.func.value) or "?"):
            return f"{dotted_name(node.func) or node.func.attr} (line {mod.line(node)})"
    return ""


def _logs(stmt: ast.stmt) -> bool:
    return isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call) and bool(re.search(
        r"(?:^|\.)(?:log|logger|logging|print)(?:\.\w+)?$|^print$", dotted_name(stmt.value.func)))


def only_raises(ctx: CheckContext, route: Route) -> str:
    """The exception a Python handler raises as its only statement (after a docstring) — chatgpt-web-share's
    ``_predict_schema_types`` declared for the OpenAPI schema, never served — or ``""``."""
    found = python_handler(ctx, route)
    if found is None:
        return ""
    func = found[1]
    # a docstring, imports and log lines before the raise do nothing (letta's deprecated voice route: it logs, then
    # answers 410)
    body = [s for s in func.body if not (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))
            and not isinstance(s, ast.Import | ast.ImportFrom) and not _logs(s)]
    if len(body) != 1 or not isinstance(body[0], ast.Raise) or body[0].exc is None:
        return ""
    exc = body[0].exc
    return dotted_name(exc.func if isinstance(exc, ast.Call) else exc) or "an exception"


def _raises_redirect(ctx: CheckContext, route: Route) -> bool:
    """A Python handler that builds a URL and raises ``HTTPException(status_code=302, headers={"location": …})`` —
    a redirect written as an exception (Open-Assistant's ``/auth/login/debug``): nothing behind it to protect; where
    it sends the caller is judged at that route."""
    found = python_handler(ctx, route) if route.file.endswith(".py") else None
    if found is None:
        return False
    body = [s for s in found[1].body if not (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))
            and not _logs(s) and not (isinstance(s, ast.Assign) and isinstance(s.value, ast.JoinedStr | ast.Constant))]
    if len(body) != 1 or not isinstance(body[0], ast.Raise) or not isinstance(body[0].exc, ast.Call):
        return False
    exc = body[0].exc
    status = http_exception_status(exc)
    headers = next((k.value for k in exc.keywords if k.arg == "headers"), None)
    return (dotted_name(exc.func).rsplit(".", 1)[-1] == "HTTPException" and status is not None
            and bool(re.fullmatch(r"30[1278]|(?:\w+\.)*HTTP_30[1278]_\w+", ast.unparse(status)))
            and headers is not None and "location" in ast.unparse(headers).lower())


def _only_redirects(route: Route) -> bool:
    calls = [c for c in route.body_calls if not c.startswith("guard:") and not _DECORATOR.match(c)]
    return bool(calls) and all(_REDIRECTS.search(c) for c in calls)


_OWN_RESPONSE = re.compile(r"(?:^|\.)(?:set_cookie|delete_cookie|set_signed_cookie)$|(?:^|\.)cookies\.(?:set|delete)$")
_READS_REQUEST = re.compile(r"^(?:request|req|body|data|payload|params|form)\.\w+$|^(?:json|str|int|bool|dict)$")


def _only_own_cookies(route: Route) -> tuple[str, ...]:
    """The cookie calls of a handler that does nothing but read the request and set the caller's own cookies
    (``POST /set-session-cookie``): no data of anyone's behind it; ``()`` when it does anything else."""
    calls = [c for c in route.body_calls if not c.startswith("guard:") and not _DECORATOR.match(c)]
    cookies = tuple(c for c in calls if _OWN_RESPONSE.search(c))
    rest = [c for c in calls if c not in cookies and not _READS_REQUEST.match(c) and not _REDIRECTS.search(c)]
    return cookies if cookies and not rest else ()


# A third-party SDK that verifies the caller's signed token itself: the Bot Framework adapter validates the
# Authorization JWT Microsoft signs for each activity before the bot runs (``adapter.process_activity`` in Python,
# ``adapter.process(req, res, …)`` of botbuilder's CloudAdapter in JavaScript).
_SDK_VERIFIERS = re.compile(r"(?:^|\.)(?:process_activity|processActivity|JwtTokenValidation\.\w+)$"
                            r"|(?:^|\.)[Aa]dapter\.process$")


def _sdk_verified(route: Route) -> str:
    return next((c for c in route.body_calls if _SDK_VERIFIERS.search(c)), "")


_OWN_SESSION = re.compile(r"^(?:request\.|req\.)?session\.(?:get|pop|clear|setdefault|update|keys|items)$")
_ANSWERS = re.compile(r"(?:^|\.)(?:JSONResponse|Response|PlainTextResponse|HTTPException|jsonify|make_response|abort"
                      r"|redirect|RedirectResponse|url_for|dict|str|bool)$")


_READS_OWN_SESSION = re.compile(r"^(?:request|req)\.session\.get$")


def only_own_session(route: Route) -> bool:
    """A handler that does nothing but read or clear the caller's own signed session (``request.session.pop(…)``)
    and answer (``DELETE /session``, a logout): it reaches no one else's data, there is nothing behind it to guard."""
    if not route.framework.startswith(("fastapi", "flask", "starlette", "django")):
        return False
    # the route's own decorator comes first; ``session_store.get`` later is a call of the handler's
    calls = [c for i, c in enumerate(route.body_calls)
             if not c.startswith("guard:") and not (i == 0 and _DECORATOR.match(c))]
    return (any(_OWN_SESSION.match(c) for c in calls)
            and all(_OWN_SESSION.match(c) or _ANSWERS.search(c) for c in calls))


# The steps of signing in, each reachable before the caller has a credential: the path's last segment and the
# handler's own name must both name the same step (``POST /users/login`` → ``def login``, ``GET
# /oauth/github/authorize`` → ``github_authorize``), so that a route merely filed under such a path is not taken.
_AUTH_STEPS = {
    "login": "login", "signin": "signin", "logon": "logon", "signup": "signup", "register": "register",
    "refreshtoken": "refresh", "refresh": "refresh", "verifyemail": "verify", "authorize": "authorize",
    "callback": "callback", "forgotpassword": "forgot", "requestpasswordreset": "reset", "magiclink": "magic",
}


def auth_step(route: Route) -> str:
    """``login`` when the route is a step of signing in by its path and its handler's name, else ``""``."""
    last = _PARAM.sub("", route.path).rstrip("/").rsplit("/", 1)[-1]
    stem = _AUTH_STEPS.get(last.lower().replace("-", "").replace("_", ""), "")
    handler = route.handler.rsplit(".", 1)[-1].lower().replace("_", "")
    if stem and stem in handler:
        return stem
    # a file route (Next.js `app/api/google/callback/route.ts`, handler `GET`) named for the step by its path,
    # whose handler runs an OAuth client's step: building the provider's authorization URL, trading the code
    if last.lower() in {"auth", "oauth", "callback", "authorize", "login", "signin"} and any(
            _OAUTH_STEP.search(c.rsplit(".", 1)[-1]) for c in route.body_calls):
        return stem or last.lower()
    # filed under a sign-in step with the provider after it (``GET /auth/login/discord``) and only sending the caller
    # to the provider's authorization page (``oauth.discord.authorize_redirect``): the start of signing in
    steps = [seg.lower() for seg in _PARAM.sub("", route.path).strip("/").split("/")
             if seg.lower() in {"oauth", "login", "signin"}]
    if steps and any(_OAUTH_START.search(c.rsplit(".", 1)[-1]) for c in route.body_calls):
        return steps[-1]
    return ""


_OAUTH_STEP = re.compile(r"^(?:buildAuthorizationUrl|authorizationCodeGrant|generateAuthUrl|createAuthorizationURL|"
                         r"validateAuthorizationCode|authorize_redirect|authorize_access_token|fetch_token|"
                         r"authorization_url|exchangeCodeFor\w*|exchange_code\w*|getToken)$")


_OAUTH_START = re.compile(r"^(?:authorize_redirect|authorization_url|create_authorization_url|buildAuthorizationUrl|"
                          r"generateAuthUrl|createAuthorizationURL)$")


# A comment by which the code declares a route public on purpose (Open-Assistant's ``// don't check for auth`` over
# the browser-config handler); never one that says the check is missing for now (a TODO, "yet", "temporarily").
_PUBLIC_COMMENT = re.compile(
    r"(?i)(?:#|//|/\*|\*)\s*(?:(?:do(?:es)?\s*n[o']?t|do not|no need to)\s+(?:check|require|need)\s+(?:for\s+)?auth"
    r"|no auth(?:entication)?\s+(?:is\s+)?(?:needed|required)|(?:this is an? |intentionally |deliberately )"
    r"(?:public|unauthenticated)\b|public (?:endpoint|route)\b[^\n]*\bno auth)")
_NOT_YET = re.compile(r"(?i)\b(?:todo|fixme|xxx|hack|yet|for now|temporar\w*|until)\b")


def _comment_declares_public(ctx: CheckContext, route: Route) -> str:
    """``config.ts:17 "// don't check for auth"``: a comment at the handler (up to eight lines above its
    registration, or in its body) by which the code declares it public on purpose, or ``""``."""
    lines = (ctx.repo.read_text(route.file) or "").splitlines()
    start = max(0, route.line - 9)
    end = route.end_line if route.end_line >= route.line else route.line + 30
    for number in range(start, min(end, len(lines))):
        text = lines[number]
        if _PUBLIC_COMMENT.search(text) and not _NOT_YET.search(text):
            return f"{route.file}:{number + 1} {text.strip()[:80]!r}"
    return ""


def reachable(routes: list[Route]) -> list[Route]:
    """The first registration of a method and path in a Python app: FastAPI and Flask dispatch to it, so a
    later handler for the same method and path in the same file never runs."""
    seen: set[tuple[str, str, str]] = set()
    kept = []
    for route in sorted(routes, key=lambda r: (r.file, r.line)):
        key = (route.file, route.method, route.path)
        if route.framework.startswith(("fastapi", "flask")) and key in seen:
            continue
        seen.add(key)
        kept.append(route)
    return kept


def unread_evidence(ctx: CheckContext) -> list[Evidence]:
    """A warn per web framework the project depends on whose routes this tool does not read. Koa's router calls
    (``router.post('/api/chat', handler)``) have Express's shape and are read: then the warn says what is not —
    its ``ctx`` middleware — instead of claiming no route was judged. A warn per route whose path is computed at
    run time (the inventory cannot name it)."""
    out = [Evidence(Status.WARN, "route path computed at run time: the route is not in the inventory and was not "
                    "judged", where, excerpt) for where, excerpt in unread_route_paths(ctx.repo)[:20]]
    out += [Evidence(Status.WARN, "route registered with a handler that was not read (a view class, a lambda, a "
                     "handler defined more than once or outside the project, or a path computed at run time): not "
                     "judged", where, excerpt) for where, excerpt in unread_registrations(ctx.repo)[:20]]
    for name, manifest in unread_frameworks(ctx.repo):
        root = manifest.rpartition("/")[0]
        read = [r for r in route_inventory(ctx.repo) if r.framework == name.lower()
                and (not root or r.file.startswith(root + "/"))]
        out.append(Evidence(Status.WARN, f"{name}: {len(read)} route(s) read from its router calls, but its "
                            "middleware (app.use with ctx) is not read: a guard registered there is not seen"
                            if read else f"{name}: routes not read (framework not supported by the static route "
                            f"inventory); its routes were not judged", manifest, f"read: {READ_FRAMEWORKS}"))
    return out


def _extra_names(ctx: CheckContext) -> tuple[str, ...]:
    extra = ctx.options.get("auth-dependencies", ())
    return tuple(str(n) for n in (extra if isinstance(extra, list | tuple) else (extra,)))


def _names(ctx: CheckContext) -> tuple[str, ...]:
    return (*DEFAULT_AUTH_NAMES, *_extra_names(ctx))


def public_patterns(ctx: CheckContext) -> tuple[str, ...]:
    """The check's ``public`` option plus ``[api] public`` from the config."""
    option = ctx.options.get("public", DEFAULT_PUBLIC)
    patterns = list(option if isinstance(option, list | tuple) else (option,))
    patterns += list(ctx.config.api.public or ())
    return tuple(str(p) for p in patterns)


def run(ctx: CheckContext) -> Outcome:
    return covering_unparsed(ctx.repo, _decide(ctx))


def _code_evaluation(ctx: CheckContext, routes: Sequence[Route], evidence: list[Evidence]) -> list[Evidence]:
    """Each open or undetermined route whose handler, itself or through the project's functions, evaluates code
    (``exec``, ``eval``, ``new Function``) says so: if it is open, what a caller sends may run on the server
    (create-llama's extractor ``POST /api/extractor/query`` ``exec``s the model class the client posts). The status
    stays what the authentication reading decided: the walk follows functions by name and does not trace the value."""
    by_location = {r.location: r for r in routes}
    out = []
    for item in evidence:
        route = by_location.get(item.location)
        if route is not None and item.status in (Status.FAIL, Status.WARN) and (
                "has no auth dependency" in item.message or "authentication undetermined" in item.message):
            found = evaluates_code(ctx, route, ctx.repo.read_text(route.file))
            if found is not None:
                out.append(replace(item, message=f"{item.message} — and it evaluates code ({found.describe()}): if "
                                   "it is open, what a caller sends may run on the server [CWE-94]"))
                continue
        out.append(item)
    return out


def _decide(ctx: CheckContext) -> Outcome:
    routes = route_inventory(ctx.repo)
    unread = unread_evidence(ctx)
    if not routes:
        if unread:
            return Outcome(Status.WARN, "routes not read: " + ", ".join(e.message.split(":")[0] for e in unread)
                           + " — nothing was judged", tuple(unread))
        return Outcome(Status.SKIP, f"no HTTP routes found in the source ({READ_FRAMEWORKS})")
    names = _names(ctx)
    patterns = public_patterns(ctx)
    evidence: list[Evidence] = []
    by_hand: list[Route] = []
    central = public = undetermined = stubs = 0
    code_lists: dict[str, list[str]] = {}  # the project's own public-path list -> the routes it declared public
    project: list[tuple[str, str]] | None = None  # what the project authenticates with, read on first need
    platform: tuple[str, str, bool] | None = None  # a sign-in the deployment puts in front of the app, read on need
    gateway = ""  # the deployment's sign-in that covers every path, when some route relied on it
    traefik: list[TraefikGate] | None = None  # Traefik routers with an auth middleware, read on first need
    optional: dict[tuple[str, str], list[tuple[str, str]]] = {}  # a guard off while a setting is unset -> routes
    for route in reachable(routes):
        if _only_redirects(route) or route.constant_answer or only_own_session(route) or _raises_redirect(ctx, route):
            public += 1  # serves nothing but a redirect or a literal: there is nothing behind it to protect
            stubs += route.constant_answer
            continue
        if route.auth_guards(names) or _sdk_verified(route) or any(g.identifies for g in route.guards):
            central += 1  # a guard, an SDK that verifies the token, or the identity hooks.server resolved
            guards = route.auth_guards(names)
            if guards and all(g.optional for g in guards):  # it authenticates only once a setting is given
                optional.setdefault((guards[0].name, guards[0].where), []).append((route.label, guards[0].optional))
            continue
        if _declared_public(ctx, route, patterns) or route.signs_in or route.public_marker or auth_step(route):
            public += 1  # declared public (in the config or by the code's own marker), or a login by what it does
            if route.public_marker.startswith(MIDDLEWARE_PUBLIC) and not is_public(route, patterns):
                code_lists.setdefault(route.public_marker, []).append(route.label)
            continue
        said = _comment_declares_public(ctx, route)
        if said:
            public += 1  # the code's own comment declares it public on purpose
            code_lists.setdefault(f"a comment in the code ({said})", []).append(route.label)
            continue
        listed = listed_public(route.path, code_public_paths(ctx.repo))
        if listed:
            public += 1  # the project's own list of paths that need no sign-in names it (WHITELIST_URLS)
            code_lists.setdefault(f"the project's list {listed.name} ({listed.where})", []).append(route.label)
            continue
        hand = route.hand_auth(names)
        unread_guards = [g for g in route.guards if g.unread]
        if unread_guards:
            undetermined += 1
            if not hand:  # something stands in front of it that may authenticate: never "no auth dependency"
                evidence.append(Evidence(
                    Status.WARN, f"{route.label}: authentication undetermined — it is behind "
                    f"{'; '.join(g.unread for g in unread_guards)}; if that authenticates, name it in "
                    f'[checks."repo.route-auth"] auth-dependencies, or declare the route in [api] public',
                    route.location, f"{route.framework} handler {route.handler or '?'}: {route.excerpt}"))
            continue
        if route.let_through and not hand:  # carved out of a path middleware that guards its neighbours
            evidence.append(Evidence(
                Status.WARN, f"{route.label} has no auth dependency — {route.let_through}: confirm it is public on "
                "purpose, or declare it in [api] public", route.location,
                f"{route.framework} handler {route.handler or '?'}: {route.excerpt}"))
            continue
        upstream = "" if hand else credential_forward(ctx.repo, route)
        if upstream:  # a relay: the upstream route it hands the caller's credential to decides
            evidence.append(Evidence(
                Status.WARN, f"{route.label} forwards the caller's Authorization header to {upstream} and checks "
                "nothing itself: it is as authenticated as that upstream route — confirm the upstream turns away a "
                "caller without the credential, or declare the route in [api] public", route.location,
                f"{route.framework} handler {route.handler or '?'}: {route.excerpt}"))
            continue
        if hand and route.issues_session and route.method != "GET":
            public += 1  # a login endpoint: reading the credential to issue a session is its purpose
            continue
        if hand and route.identity_only and set(hand) <= set(route.identity_only):
            who = ", ".join(route.identity_only)
            evidence.append(Evidence(
                Status.WARN, f"{route.label} reads who calls ({who}) but neither the handler nor {who} turns a caller "
                "away — confirm that something in front of it authenticates every request (a platform sign-in, "
                "a proxy), or declare it in [api] public", route.location,
                f"{route.framework} handler {route.handler or '?'}: {route.excerpt}"))
            continue
        if hand:
            by_hand.append(route)
            continue
        stub = only_raises(ctx, route)
        if stub:
            evidence.append(Evidence(Status.PASS, f"{route.label} serves nothing: its handler only raises {stub} "
                                     "(a stub, e.g. declared for the API schema)", route.location, route.excerpt))
            continue
        gates = [g.name for g in route.guards if g.refuses]
        cookies = _only_own_cookies(route)
        own = [c for c in route.body_calls if _READS_OWN_SESSION.match(c)][:1]
        acting = "" if _private(route) else _acting_call(ctx, route)
        sure = (_private(route) or bool(acting)) and not gates and not cookies and not own
        reason = ("" if sure else
                  f" — it reads its caller's signed session ({own[0]}) and answers no 401/403 on it: confirm it serves "
                  "only the caller's own session, or declare it in [api] public" if own else
                  f" — behind {', '.join(gates)} (project middleware that can refuse a request but reads no "
                  "credential): confirm what it checks, or declare the route in [api] public" if gates else
                  f" — it only sets the caller's own cookies ({', '.join(cookies)}): no stored data behind it; "
                  "confirm it cannot fix another user's session, or declare it in [api] public" if cookies else
                  " — a read of what may be public data; declare it in [api] public if it is")
        based = f"{route.framework} handler {route.handler or '?'}: {route.excerpt}"
        if acting:
            based += f"; a GET that changes state: {acting}"
        if traefik is None:
            traefik = traefik_gates(ctx.repo)
        gate = next((g for g in traefik if route.file.startswith(g.code + "/")), None)
        if gate is not None and gate.sure:  # the only way in to this service's code signs the caller in
            central += 1
            gateway = f"{gate.what} in front of {gate.code}/ ({gate.where}), the service publishing no port"
            continue
        if gate is not None and not cookies and not own:
            undetermined += 1
            evidence.append(Evidence(
                Status.WARN, f"{route.label}: the deployment puts {gate.what} in front of this service's code "
                f"({gate.code}/, {gate.where}), but another router or a published port may reach it without that "
                "middleware — authentication undetermined; what decides: whether every way in goes through it (then "
                "declare the route's auth in [checks.\"repo.route-auth\"] auth-dependencies), or the route declared "
                "in [api] public", route.location, based))
            continue
        if platform is None:
            platform = platform_authentication(ctx.repo) or ("", "", False)
        if platform[0] and platform[2]:  # the deployment turns the caller away before this code runs
            central += 1
            gateway = f"{platform[0]} on every path ({platform[1]})"
            continue
        if platform[0] and not cookies and not own:  # the deployment may turn the caller away first
            undetermined += 1
            evidence.append(Evidence(
                Status.WARN, f"{route.label}: the deployment puts {platform[0]} in front of the application "
                f"({platform[1]}) and no guard is in the code — authentication undetermined; what decides: whether "
                "it covers this route (then declare the route's auth in [checks.\"repo.route-auth\"] "
                "auth-dependencies), or the route declared in [api] public", route.location, based))
            continue
        if sure:
            siblings = authenticated_siblings(route, routes, names, patterns)
            admins = [] if siblings else admin_siblings(route, routes, names, patterns)
            if project is None:
                project = project_authentication(ctx.repo, routes, names, _extra_names(ctx))
            absent = central_place_absent(route, ctx.repo) or central_guard_leaves_out(route, routes, names)
            if siblings:  # a forgotten guard: the routes next to it authenticate
                based += f"; next to it, {'; '.join(siblings[:3])} authenticate"
            elif admins:  # a forgotten guard: the other routes of its administration prefix authenticate
                based += (f"; {len(admins)} other route(s) under the same administration prefix authenticate, e.g. "
                          f"{'; '.join(admins[:3])}")
            elif absent:  # nothing the check cannot read runs before this handler
                based += f"; {absent}"
            elif project:  # the project authenticates somewhere the check did not connect to this route
                undetermined += 1
                what, where = project[0]
                evidence.append(Evidence(
                    Status.WARN, f"{route.label}: authentication undetermined — no guard found on it, but the "
                    f"project authenticates with {what} ({where}) on other routes, and nothing connects it to "
                    f"this one; what decides: the guard that covers this route, named in "
                    f'[checks."repo.route-auth"] auth-dependencies, or the route declared in [api] public',
                    route.location,
                    f"{based}; also seen: {'; '.join(f'{w} ({at})' for w, at in project[1:4]) or 'nothing else'}"))
                continue
            else:
                based += "; the project authenticates no one the check can see (no guard, login, auth function or "
                based += "auth library)"
        idle = unserved(ctx.repo, route.file, (r.file for r in routes)) if sure else ""
        if idle:  # real code, but nothing shows it answers anyone: a warning that says so
            sure, reason = False, f" — but {idle}: confirm it is not deployed, or delete it"
        evidence.append(Evidence(
            Status.FAIL if sure else Status.WARN, f"{route.label} has no auth dependency{reason}",
            route.location, based))
    evidence = _code_evaluation(ctx, routes, evidence)
    for (name, where), gated_routes in optional.items():
        labels = [label for label, _ in gated_routes]
        whys = [why for _, why in gated_routes]
        why = max(dict.fromkeys(whys), key=whys.count)  # what most of them say; the rest add a setting or two
        evidence.append(Evidence(
            Status.WARN, f"{len(labels)} route(s) authenticate only through {name} ({where}), which {why}: "
            f"authentication is off unless that setting is given (e.g. {', '.join(labels[:3])}) — set it in every "
            "deployment, or make the guard refuse when it is missing", where, "; ".join(labels[:10])))
    if len(by_hand) >= HAND_AUTH_WARN_AT:
        for route in by_hand:
            how = ", ".join(route.hand_auth(names))
            evidence.append(Evidence(
                Status.WARN,
                f"{route.label} checks auth by hand inside the handler ({how}) instead of a central dependency",
                route.location, route.excerpt))
    evidence += unread
    fails = [e for e in evidence if e.status is Status.FAIL]
    open_reads = [e for e in evidence if e.status is Status.WARN and "has no auth dependency" in e.message]
    unrefused = [e for e in evidence if e.status is Status.WARN and "turns a caller away" in e.message]
    gated = [e for e in evidence if e.status is Status.WARN and "authentication is off unless" in e.message]
    metrics = {"routes": len(routes), "central_auth": central, "public": public, "hand_auth": len(by_hand),
               "unprotected": len(fails)}
    if undetermined:
        metrics["undetermined"] = undetermined
    if stubs:
        metrics["constant_answer"] = stubs
    listed_note = "".join(f" ({len(labels)} by {where}: {', '.join(labels[:3])})"
                          for where, labels in code_lists.items())
    outcome = Outcome.from_evidence(
        evidence,
        passed=f"{len(routes)} route(s): {central} behind central auth"
               + (f" (the code's own guards, or {gateway})" if gateway else "") + f", {public} declared public"
               + listed_note
               + (f" or answering only a constant ({stubs}: they read no request and expose nothing)" if stubs else ""),
        failed=(f"{len(fails)} route(s) without authentication" if fails
                else f"{len(open_reads)} unauthenticated read(s) of what may be public data" if open_reads
                else f"{len(unrefused)} route(s) read who calls but turn no caller away" if unrefused
                else f"{len(gated)} guard(s) authenticate only once a setting is given" if gated
                else f"{undetermined} route(s) behind a guard that could not be read: authentication undetermined"
                if undetermined
                else f"auth checked by hand in {len(by_hand)} handlers instead of one central dependency"
                if len(by_hand) >= HAND_AUTH_WARN_AT else f"{len(routes)} route(s) judged; some routes not read")
               + (f"; declared public{listed_note}" if listed_note else ""),
    )
    return Outcome(outcome.status, outcome.summary, outcome.evidence, metrics=metrics)


CHECK = Check(META, run, options={"public": list(DEFAULT_PUBLIC), "auth-dependencies": []})
