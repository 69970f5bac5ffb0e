"""What a project authenticates with, wherever the route check can see it — so that "has no auth dependency"
is said as a blocking fail only when the check is sure.

A route with no recognised guard is *surely* unauthenticated when the project authenticates no one at all
(no guard, no hand check, no login, no auth function, no auth library), or when its siblings (same file, or
the same directory of a file-routed framework) authenticate and it does not: a forgotten guard. Otherwise
the project authenticates somewhere the check did not connect to this route — a project decorator, a
factory, a base class — and the honest answer is "undetermined".
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Sequence

from launchready.engines.browser_code import in_browser_package, ui_package_roots
from launchready.engines.handler_reads import KEY_CHECK
from launchready.engines.js_frameworks import package_dependencies
from launchready.engines.routes import JS_SUFFIXES, Route, is_public, matches_any, source_files
from launchready.targets.repo import RepoSnapshot

# Functions a project defines to authenticate its callers (names, case and ``_`` ignored by the pattern).
_AUTH_FUNCTION = re.compile(
    r"(?i)^_?(?:get_?)?(?:current_?user|require_?(?:user|auth\w*|login|admin|role|session)|authenticate\w*|"
    r"\w*login_?required|\w*auth_?required|jwt_?required|is_?authenticated|ensure_?auth\w*|"
    r"verify_?(?:token|jwt|session|api_?key|auth\w*)|check_?auth\w*|get_?server_?session|with_?auth|"
    r"auth_?(?:middleware|guard|user|check)|validated_?request|authorize_?request)$")
_PY_DEF = re.compile(r"^(?:async[ \t]+)?def[ \t]+(?P<name>\w+)[ \t]*\(", re.MULTILINE)
_JS_DEF = re.compile(r"(?:^|[\s;])(?:export\s+)?(?:(?:async\s+)?function\s*\*?\s*(?P<a>[A-Za-z_$][\w$]*)\s*\(|"
                     r"(?:const|let|var)\s+(?P<b>[A-Za-z_$][\w$]*)\s*=\s*(?:async\s*)?(?:\(|function\b|[\w$]+\s*=>))")

# Libraries whose only purpose is to authenticate users or verify their tokens.
_JS_AUTH_LIBS = re.compile(
    r"^(?:next-auth|@auth/\S+|@clerk/\S+|passport(?:-\S+)?|jsonwebtoken|jose|lucia|better-auth|@supabase/auth-\S+|"
    r"@supabase/ssr|@auth0/\S+|express-jwt|express-openid-connect|@kinde-oss/\S+|@workos-inc/\S+|"
    r"express-session|iron-session|@fastify/jwt|@fastify/auth|@nestjs/passport|@nestjs/jwt|hono-sessions|"
    r"firebase-auth|@logto/\S+|@descope/\S+|@stackframe/\S+|keycloak-\S+)$")
_PY_AUTH_LIBS = re.compile(
    r"(?im)^\s*[\"']?(fastapi[-_]users|fastapi[-_]login|flask[-_]login|flask[-_]jwt[-_]extended|flask[-_]httpauth|"
    r"django[-_]allauth|djangorestframework[-_]simplejwt|authlib|python[-_]jose|pyjwt|clerk[-_]backend[-_]api|"
    r"firebase[-_]admin|supertokens[-_]python|fastapi[-_]azure[-_]auth|msal)\b")

# The module a Python auth distribution is imported as, where it is not the name with ``-`` read as ``_``.
_PY_MODULES = {"pyjwt": "jwt", "python_jose": "jose", "djangorestframework_simplejwt": "rest_framework_simplejwt",
               "django_allauth": "allauth"}


def _transitive_pin(text: str, end: int) -> bool:
    """True when the requirements line ending at ``end`` is a pip-compile pin pulled in by another package
    (``# via azure-identity`` in the comment lines under it), not a requirement the project chose (``-r file``)."""
    comments = []
    for line in text[end:].split("\n")[1:]:
        if not line.strip().startswith("#"):
            break
        comments.append(line.strip().lstrip("#").strip())
    provenance = " ".join(comments)
    return provenance.startswith("via") and not re.search(r"(?:^|\s)-[rc]\s", provenance)


def _py_used(module: str) -> re.Pattern[str]:
    mod = re.escape(module)
    return re.compile(rf"(?m)^[ \t]*(?:from[ \t]+{mod}\b|import[ \t]+(?:[\w., \t]*,[ \t]*)?{mod}\b)|"
                      rf"[\"']{mod}(?:\.[\w.]+)?[\"']")


def _js_used(package: str) -> re.Pattern[str]:
    pkg = re.escape(package)
    return re.compile(rf"(?:\bfrom|\brequire\(|\bimport\(?)\s*[\"']{pkg}(?:/[^\"']*)?[\"']")


def _imported(repo: RepoSnapshot, library: str, python: bool) -> bool:
    """Whether project source (no tests, examples or vendored code) imports ``library`` — a declared library
    nothing imports authenticates no one (a leftover, or a dependency's dependency)."""
    suffixes: tuple[str, ...] = (".py",)
    if python:
        key = library.lower().replace("-", "_")
        pattern = _py_used(_PY_MODULES.get(key, key))
    else:
        pattern, suffixes = _js_used(library), JS_SUFFIXES
    return any(pattern.search(text) for _, text in source_files(repo, suffixes))


def _manifest_libraries(repo: RepoSnapshot) -> list[tuple[str, str]]:
    """Auth libraries the project declares as its own dependency AND imports in its source."""
    declared: list[tuple[str, str, bool]] = []
    for path in repo.tracked_files:
        name = posixpath.basename(path)
        if "node_modules/" in path:
            continue
        if name == "package.json":
            deps = package_dependencies(repo, path, ("dependencies", "devDependencies", "peerDependencies"))
            declared += [(dep, path, False) for dep in deps if _JS_AUTH_LIBS.match(dep)]
        elif (name.startswith("requirements") and name.endswith(".txt")) or name in ("pyproject.toml", "setup.py",
                                                                                        "Pipfile"):
            text = repo.read_text(path) or ""
            declared += [(m.group(1), path, True) for m in _PY_AUTH_LIBS.finditer(text)
                         if not (name.endswith(".txt") and _transitive_pin(text, m.end()))]
    used: dict[tuple[str, bool], bool] = {}
    found: list[tuple[str, str]] = []
    for library, path, python in declared:
        if (library, python) not in used:
            used[library, python] = _imported(repo, library, python)
        if used[library, python]:
            found.append((f"the auth library {library}", path))
    return found


# Parameters that name a stored record to look up, not a request credential: ``getAuthUser(email)`` is the login
# form's user lookup by email, not a guard.
_LOOKUP_PARAM = re.compile(r"(?i)^(?:e_?mail|user_?name|login|user_?id|id|uid|account_?id|name|phone)$")


def _looks_up_by_key(text: str, open_paren: int) -> bool:
    """Whether the function whose parameter list opens at ``open_paren`` takes only record keys (an e-mail, an
    id): it reads no request, token, cookie or session, so its name proves no authentication."""
    if text[open_paren:open_paren + 1] != "(":
        return False
    close = text.find(")", open_paren)
    if close < 0 or "(" in text[open_paren + 1:close]:
        return False  # a default that calls something (``Depends(decode_token)``) may read the request
    params = [re.split(r"[:=]", p, maxsplit=1)[0].strip().lstrip("*").strip() for p in
              text[open_paren + 1:close].split(",")]
    params = [p for p in params if p and p not in {"self", "cls"}]
    return bool(params) and all(_LOOKUP_PARAM.match(p) for p in params)


# JavaScript that runs in a browser: it reads the page, not a request's credential
_BROWSER_JS = re.compile(r"^\s*['\"]use client['\"]|\bwindow\.|\blocalStorage\.|\bdocument\.|\bnavigator\.")


def _auth_functions(repo: RepoSnapshot, extra: Sequence[str]) -> list[tuple[str, str]]:
    """Project functions named like an authenticator, in server code: a function of a browser package, or of a
    file that uses the page (``window``, ``localStorage``, ``"use client"``), authenticates no request."""
    found: list[tuple[str, str]] = []
    ui = ui_package_roots(repo)
    for path, text in source_files(repo):
        if not path.endswith(".py") and (in_browser_package(path, ui) or _BROWSER_JS.search(text)):
            continue
        pattern = _PY_DEF if path.endswith(".py") else _JS_DEF
        for m in pattern.finditer(text):
            name = next(g for g in m.groups() if g)
            if (_AUTH_FUNCTION.match(name) or (extra and matches_any(name, extra))) \
                    and not _looks_up_by_key(text, m.end() - 1):
                found.append((f"{name}()", f"{path}:{text.count(chr(10), 0, m.start(m.lastgroup or 0)) + 1}"))
    return found


# What a sign-in hands out: a token, a JWT, a login session or an auth cookie — not any object's "session" (a
# conversation's, an HTTP client's), which ``create_session`` alone may be.
_MINTS = re.compile(r"(?i)jwt|token|login_user|auth_cookie|session_cookie|secret")


def signs_in(route: Route, names: Sequence[str]) -> bool:
    """Whether ``route`` shows a sign-in step: it signs the caller in by what it does, or it issues a session and
    either mints a token (a JWT, ``login_user``, an auth cookie) or checks the caller's credential first. A handler
    that only calls some ``create_session`` — gptme's ``SessionManager.create_session`` opening a conversation, an
    image generator's HTTP client session — signs no one in."""
    if route.signs_in:
        return True
    if not route.issues_session:
        return False
    issued = route.issues_session.rsplit("→", 1)[-1]
    return bool(_MINTS.search(issued)) or bool(route.hand_auth_read(names))


# said of a helper read to identify the caller and refuse no one: it is a sign, not proof, that something authenticates
_TELLS = (" (read: it tells who calls and turns no one away — a sign-in in front of the app, such as the platform's, "
          "would decide)")


def project_authentication(repo: RepoSnapshot, routes: Sequence[Route], names: Sequence[str],
                           extra: Sequence[str] = ()) -> list[tuple[str, str]]:
    """``(what, where)`` for each sign that the project authenticates anyone: a recognised guard or a hand check
    on some route, a login route, a guard that resolves or may resolve the caller, a project function named
    like an authenticator, an auth library in a manifest. Empty: the project authenticates no one the check
    can see."""
    seen: list[tuple[str, str]] = []
    read_guards = {g.name.rsplit(".", 1)[-1] for route in routes for g in route.guards}
    for route in routes:
        seen += [(f"the guard {g.name}", g.where or route.location) for g in route.guards
                 if g.authenticates or g.identifies or (matches_any(g.name, names) and not g.not_auth)]
        seen += [(f"{how} in {route.label}" + (_TELLS if how in route.identity_only else ""), route.location)
                 for how in route.hand_auth(names)[:1]]
        if signs_in(route, names):
            seen.append((f"the sign-in route {route.label}", route.location))
    # a function the check already read as some route's guard and judged is no unconnected mechanism
    told = {h.rsplit(".", 1)[-1] for route in routes for h in route.identity_only}  # read: they refuse no one
    seen += [(f"{what}{_TELLS}" if what[:-2] in told else what, where)
             for what, where in _auth_functions(repo, extra) if what[:-2] not in read_guards]
    seen += _manifest_libraries(repo)
    # the mechanism the project uses most first (``validatedRequest`` on 200 routes before a collector's check)
    uses: dict[str, int] = {}
    for what, _ in seen:
        uses[what] = uses.get(what, 0) + 1
    first: dict[str, str] = {}
    for what, where in seen:
        first.setdefault(what, where)
    return sorted(first.items(), key=lambda item: -uses[item[0]])


_FILE_ROUTED = ("next", "sveltekit", "remix")
# The one place a file-routed framework runs code before every handler: when the project has none, nothing the
# check cannot see stands in front of a handler that calls nothing (Remix has no such place).
_CENTRAL_FILES = {"next": re.compile(r"(?:^|/)(?:middleware|proxy)\.(?:js|ts|mjs|jsx|tsx)$"),
                  "sveltekit": re.compile(r"(?:^|/)hooks\.server(?:\.\w+|/index\.\w+)$")}


def central_place_absent(route: Route, repo: RepoSnapshot) -> str:
    """For a file-routed route, a sentence saying its framework's central place (Next middleware, SvelteKit
    hooks.server) does not exist in the project; ``""`` when it exists or the framework has another shape."""
    if route.framework.startswith("remix"):
        return "Remix runs nothing before a route's loader/action but the route module itself"
    for name, pattern in _CENTRAL_FILES.items():
        if route.framework.startswith(name):
            if any(pattern.search(p) and "node_modules/" not in p for p in repo.tracked_files):
                return ""
            return f"the project has no {'middleware' if name == 'next' else 'hooks.server'} file"
    return ""


def central_guard_leaves_out(route: Route, routes: Sequence[Route], names: Sequence[str]) -> str:
    """A sentence naming the project-wide guard (a middleware, hooks.server) the check read and attached to
    other routes by its own rules (paths, methods, order) but not to ``route``; ``""`` when there is none."""
    if not route.framework.startswith(_FILE_ROUTED):
        return ""  # an Express app-wide guard is attached by registration order in the inventory; Flask's is not
    for other in routes:
        for g in other.auth_guards(names):
            if g.scope == "app" and other.framework == route.framework and other is not route:
                return f"the project-wide guard {g.name} ({g.where}) was read and its rules leave this route out"
    return ""


def _first_segment(route: Route) -> str:
    fixed = [s for s in route.path.split("/") if s and not s.startswith(("[", ":", "{", "<", "("))]
    return fixed[0] if fixed else ""


def authenticated_siblings(route: Route, routes: Sequence[Route], names: Sequence[str],
                           public: Sequence[str] = ()) -> list[str]:
    """The routes next to ``route`` (same file; for a file-routed framework, same first path segment: ``/api``)
    that carry a recognised auth guard or check the caller by hand (a refusing helper, a token decoder, the
    Authorization header read — not a call merely named like auth), as ``METHOD /path (how)``. A sign-in route or
    one declared public (an OAuth callback reading the provider's code) is no sibling that authenticates."""
    routed = route.framework.startswith(_FILE_ROUTED)
    near = [r for r in routes if r is not route and (
        r.file == route.file
        or (routed and r.framework == route.framework and _first_segment(r) == _first_segment(route)))]
    out = []
    for r in near:
        if r.issues_session or r.signs_in or is_public(r, public):
            continue
        # a guard, or a hand check read to check a credential; a call only named like auth proves nothing
        # a key checked per resource (a bot's own API key) says nothing of what its neighbours should require
        how = [g.name for g in r.auth_guards(names)] or [h for h in r.hand_auth_read(names)
                                                         if not h.startswith(KEY_CHECK)]
        # a guard that authenticates once a setting is on (`check_auth` when ENV is 'PROD'): configured so, the
        # neighbours authenticate and this route still would not — a forgotten guard either way
        how = how or [f"{g.name}, which {g.condition}" for g in r.guards if g.condition and not g.not_auth
                      and matches_any(g.name, names)]
        if how:
            out.append(f"{r.label} ({how[0]}, {r.location})")
    return out


_ADMIN_PREFIX = re.compile(r"^(?P<prefix>(?:/[^/]+)*?/(?:admin|administration|superuser|staff|backoffice))(?:/|$)",
                           re.IGNORECASE)
ADMIN_SIBLINGS_AT = 5  # guarded routes under the same admin prefix before a missing guard is a forgotten one
ADMIN_SHARE = 0.75


def admin_siblings(route: Route, routes: Sequence[Route], names: Sequence[str],
                   public: Sequence[str] = ()) -> list[str]:
    """For a route under an administration prefix (``/admin/…``): the routes under the same prefix that carry a
    recognised auth guard, as ``METHOD /path (guard, location)``, when they are at least five and three in four
    of the prefix's routes — a forgotten guard. ``[]`` otherwise."""
    m = _ADMIN_PREFIX.match(route.path)
    if m is None:
        return []
    prefix = m.group("prefix").lower()
    same = [r for r in routes if r is not route and not is_public(r, public)
            and (r.path.lower() == prefix or r.path.lower().startswith(prefix + "/"))]
    guarded = [(r, r.auth_guards(names)) for r in same]
    guarded = [(r, g) for r, g in guarded if g]
    if len(guarded) < ADMIN_SIBLINGS_AT or len(guarded) < ADMIN_SHARE * (len(same) + 1):
        return []
    return [f"{r.label} ({g[0].name}, {r.location})" for r, g in guarded]
