"""Routes of the JavaScript/TypeScript frameworks that declare them by file or by decorator, and the
frameworks we find in a project but cannot read.

SvelteKit (``src/routes/**/+server.ts`` exporting ``GET``/``POST``…, guarded by ``src/hooks.server.ts``),
Remix / React Router resource routes (``app/routes/*`` modules that export ``loader``/``action`` and render
nothing), and NestJS (``@Controller`` classes with ``@Get``/``@Post`` methods and ``@UseGuards``). Express,
Fastify and Hono share the ``obj.verb('/path', …handlers)`` shape and are read in :mod:`routes`; Next.js
app and pages routers (with ``middleware.ts`` or Next 16's ``proxy.ts``) too.

No parser library reads these shapes across the frameworks without executing the project's toolchain
(tsc, vite, svelte-kit sync), and a scan must never run a project's code, so the reading is textual: file
conventions, export lines, decorators, with balanced-bracket scanning from :mod:`routes`.

A framework the project depends on but whose routes are not read here is named by
:func:`unread_frameworks`, so a check says "routes not read: Nuxt" instead of silently judging only the
part it understood.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from launchready.engines.nest_guards import (
    PASSWORD_STRATEGIES,
    GuardReading,
    exempting,
    read_nest_project,
    route_metadata,
    unknown_marker,
)
from launchready.engines.routes import ANY, Guard, Route, balanced, js_calls, js_constant_answer, line_of
from launchready.targets.repo import RepoSnapshot

_EXPORTED_VERB = re.compile(
    r"^export\s+(?:async\s+)?(?:function\s+|const\s+|let\s+)(?P<method>GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|fallback)\b",
    re.M,
)
_AUTH_BODY = re.compile(
    r"locals\s*\.\s*(?:user|session|sessionId|auth|getSession|safeGetSession|isAdmin)\b|\bauthCondition\s*\(|\bgetServerSession\s*\(|\bauth\s*\(\s*\)"
    r"|\bgetSession\s*\(|\bvalidateSession\s*\(|\bverify(?:Token|Jwt|Session)\s*\(|\bjwtVerify\s*\(",
)
_DENIES = re.compile(r"\b[A-Za-z_$][\w$.]*\s*\(\s*40[13]\b|\bredirect\s*\(\s*30[0-8]|status\s*:\s*40[13]\b"
                     r"|\bunauthorized\s*\(|"
                     r"\bthrow\s+new\s+\w*(?:Unauthorized|Forbidden)\w*|json\([^)]*,\s*\{\s*status\s*:\s*40[13]")


# ``GET({ locals: { user } })`` / ``const { user } = locals``: the identity hooks.server resolved, destructured
_LOCALS_DESTRUCTURED = re.compile(
    r"\blocals\s*:\s*\{(?P<a>[^{}]*)\}|\{(?P<b>[^{}]*)\}\s*=\s*(?:event\s*\.\s*)?locals\b")
_IDENTITY_LOCALS = ("user", "session", "sessionId", "auth", "isAdmin")


def _destructured_identity(body: str) -> dict[str, str]:
    """Local name → the ``locals`` identity it holds, for ``{ locals: { user } }`` and ``{ user: u } = locals``."""
    out: dict[str, str] = {}
    for m in _LOCALS_DESTRUCTURED.finditer(body):
        for part in (m.group("a") or m.group("b") or "").split(","):
            key, _, alias = part.partition(":")
            key, alias = key.strip(), (alias.strip() or key.strip())
            if key in _IDENTITY_LOCALS and re.fullmatch(r"[A-Za-z_$][\w$]*", alias):
                out[alias] = key
    return out


def _refuses_anonymous(body: str) -> str:
    """``locals.user`` when the handler turns a caller without the identity hooks.server resolved away itself:
    ``if (!user) error(401)`` / ``throw error(403)`` / ``return new Response(…, { status: 401 })`` / a redirect
    (the refusal within the ``if``'s next 200 characters); ``""`` otherwise."""
    names = {**_destructured_identity(body), **{f"locals.{k}": k for k in _IDENTITY_LOCALS}}
    for alias, key in names.items():
        for m in re.finditer(rf"!\s*(?:event\s*\.\s*)?{re.escape(alias)}\b(?!\s*[.(\[])|"
                             rf"\b{re.escape(alias)}\s*===?\s*(?:null|undefined)\b", body):
            if _DENIES.search(body[m.end(): m.end() + 200]):
                return f"locals.{key}"
    return ""


def _deny_guard(body: str) -> tuple[str, ...]:
    """A handler that reads the session (and so answers, or scopes its data, per user): authentication by hand.
    Whether it turns anonymous callers away or serves them an empty, session-scoped answer is not decided
    from text, so it is never counted as *no* authentication."""
    refused = _refuses_anonymous(body)
    if refused:
        return (f"guard:!{refused} → 401",)
    found = _AUTH_BODY.search(_LOG_CALL.sub("", body))  # an identity only logged checks nobody
    if found:
        return ("guard:" + "".join(found.group(0).split()),)
    return ()


# --- SvelteKit ---------------------------------------------------------------------------------------

_SVELTE_SERVER = re.compile(r"(?:^|/)src/routes/(?P<route>(?:.+/)?)\+server\.(?:js|ts)$")
_SVELTE_HOOKS = re.compile(r"(?:^|/)src/hooks\.server\.(?:js|ts)$")


def _svelte_path(route: str) -> str:
    parts = [p for p in route.strip("/").split("/") if p and not (p.startswith("(") and p.endswith(")"))]
    return "/" + "/".join(parts)


_PATH_TEST = re.compile(r"(?P<neg>!\s*)?(?:event\.)?url\.pathname\s*(?:\.startsWith\(\s*|===?\s*)[`'\"]"
                        r"(?:\$\{base\})?(?P<prefix>/[^`'\"]*)")
_ANONYMOUS = re.compile(r"!\s*(?:event\.)?locals\.(?:user|session)\b|!\s*(?:auth|session)(?:\?)?\.user\b|!\s*session\b"
                        r"|!\s*user\b|!\s*isAuthenticated\b")
_SAFE_METHODS_EXEMPT = re.compile(r"\[\s*['\"]GET['\"][^\]]*\]\s*\.includes\(\s*(?:event\.)?request\.method")
_IMPORT_LIB = re.compile(r"from\s+['\"](?P<src>\$lib/[^'\"]+|\.{1,2}/[^'\"]+)['\"]")


@dataclass(frozen=True)
class HookRule:
    """What ``handle`` in ``hooks.server`` enforces: a deny for a path prefix, or for every path but some."""

    where: str
    prefix: str = ""  # guarded prefix ("" = every path)
    exempt: tuple[str, ...] = ()  # prefixes a global rule leaves alone
    unsafe_methods_only: bool = False  # GET/HEAD/OPTIONS pass without a session

    def covers(self, method: str, path: str) -> bool:
        if self.unsafe_methods_only and method in {"GET", "HEAD", "OPTIONS"}:
            return False
        if self.prefix:
            return path == self.prefix.rstrip("/") or path.startswith(self.prefix.rstrip("/") + "/")
        return not any(path == e.rstrip("/") or path.startswith(e.rstrip("/") + "/") for e in self.exempt if e != "/")


def _hook_modules(files: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """``hooks.server`` and the modules it imports (``$lib/…`` or relative): where ``handle`` really lives."""
    by_path = dict(files)
    found: list[tuple[str, str]] = []
    for path, text in files:
        if not _SVELTE_HOOKS.search(path):
            continue
        found.append((path, text))
        root = path[: path.index("src/hooks.server")]
        for m in _IMPORT_LIB.finditer(text):
            src = m.group("src")
            base = root + "src/lib/" + src[len("$lib/"):] if src.startswith("$lib/") else posixpath.normpath(
                posixpath.join(posixpath.dirname(path), src))
            for candidate in (base, base + ".ts", base + ".js", base + "/index.ts", base + "/index.js"):
                if candidate in by_path:
                    found.append((candidate, by_path[candidate]))
                    break
    return found


_IF = re.compile(r"\bif\s*\(")


def _enclosing_conditions(text: str, at: int, reach: int = 2500) -> list[tuple[int, str]]:
    """The conditions of the ``if`` statements whose test or block holds offset ``at``, innermost first
    (``if (admin path) { if (!secret) …; if (bad bearer) return 401 }`` gives both)."""
    found: list[tuple[int, str]] = []
    for m in reversed(list(_IF.finditer(text, max(0, at - reach), at))):
        condition = balanced(text, m.end() - 1)
        end = m.end() - 1 + len(condition)
        between = text[end:at]
        # in its block (more braces opened than closed since), or the deny is its brace-less body
        inside = end >= at or between.count("{") > between.count("}") or not re.search(r"[;{}]", between)
        if inside:
            found.append((m.start(), condition))
            if len(found) == 3:
                break
    return found


def hook_rules(files: Sequence[tuple[str, str]]) -> list[HookRule]:
    """The denies ``handle`` hands out before any endpoint runs, read from each ``if (…) { … 401/403 … }``."""
    rules: list[HookRule] = []
    for path, text in _hook_modules(files):
        for deny in _DENIES.finditer(text):
            conditions = _enclosing_conditions(text, deny.start())
            if not conditions:
                continue
            condition_at = conditions[0][0]
            condition = " && ".join(c for _, c in conditions)
            where = f"{path}:{line_of(text, condition_at)}"
            tests = list(_PATH_TEST.finditer(condition))
            guarded = [t.group("prefix") for t in tests if not t.group("neg")]
            if guarded and not _ANONYMOUS.search(condition):
                rules += [HookRule(where, prefix=p) for p in guarded]
            elif _ANONYMOUS.search(condition):
                rules.append(HookRule(where, exempt=tuple(t.group("prefix") for t in tests if t.group("neg")),
                                      unsafe_methods_only=bool(_SAFE_METHODS_EXEMPT.search(condition))))
    return list(dict.fromkeys(rules))


_LOCALS_SET = re.compile(r"\blocals\s*\.\s*(?P<name>user|session|sessionId|auth|isAdmin)\s*=(?!=)")
_LOCALS_READ = re.compile(r"\blocals\s*(?:\?\.|\.)\s*(?P<name>user|session|sessionId|auth|isAdmin)\b")


_LOG_CALL = re.compile(r"\b(?:console|logger|log)\s*\.\s*\w+\s*\((?:[^()]|\([^()]*\))*\)")


def hook_locals(files: Sequence[tuple[str, str]]) -> dict[str, str]:
    """The caller's identity ``handle`` resolves for every endpoint: ``event.locals.user = …`` in
    ``hooks.server`` or a module it imports, by name → where it is set."""
    found: dict[str, str] = {}
    for path, text in _hook_modules(files):
        for m in _LOCALS_SET.finditer(text):
            found.setdefault(m.group("name"), f"{path}:{line_of(text, m.start())}")
    return found


def _identity_guard(body: str, resolved: dict[str, str]) -> tuple[Guard, ...]:
    """A handler that reads the identity hooks.server resolved (``locals.user``) and refuses nobody itself —
    it answers the caller's own data, an empty list or public flags: the central dependency is the hook.
    One that refuses a caller without it (``if (!user) error(401)``) is authenticated: the hook reads the
    credential, the handler turns the anonymous caller away."""
    refused = _refuses_anonymous(body).removeprefix("locals.")
    if refused in resolved:
        return (Guard(f"hooks.server sets locals.{refused}, the handler refuses without it", "dependency", "app",
                      resolved[refused], authenticates=True),)
    if _DENIES.search(body):
        return ()  # it turns callers away by hand: that is judged as auth by hand
    used = _LOG_CALL.sub("", body)  # an identity only logged is not one the answer depends on
    read = next((m.group("name") for m in _LOCALS_READ.finditer(used) if m.group("name") in resolved), "")
    if not read:
        return ()
    return (Guard(f"hooks.server sets locals.{read}", "dependency", "app", resolved[read], identifies=True),)


def sveltekit_routes(files: Sequence[tuple[str, str]]) -> list[Route]:
    rules = hook_rules(files)
    resolved = hook_locals(files)
    routes: list[Route] = []
    for path, text in files:
        found = _SVELTE_SERVER.search(path)
        if not found:
            continue
        exports = list(_EXPORTED_VERB.finditer(text))
        for i, m in enumerate(exports):
            end = exports[i + 1].start() if i + 1 < len(exports) else len(text)
            body = text[m.start() : end]
            line = line_of(text, m.start())
            method = ANY if m.group("method") == "fallback" else m.group("method")
            route_path = _svelte_path(found.group("route"))
            hooks = [Guard(f"hooks.server handle auth{f' ({r.prefix})' if r.prefix else ''}", "middleware", "app",
                           r.where) for r in rules if r.covers(method, route_path)]
            routes.append(Route(method, route_path, path, line, m.group("method"),
                                line_of(text, end), "sveltekit", (*hooks, *_identity_guard(body, resolved)),
                                (*js_calls(body), *_deny_guard(body)), False,
                                text.splitlines()[line - 1].strip()[:160],
                                constant_answer=js_constant_answer(body)))
    return routes


# --- Remix / React Router resource routes -----------------------------------------------------------

_REMIX_ROUTE = re.compile(r"(?:^|/)app/routes/(?P<route>[^/]+?)(?:/route)?\.(?:js|jsx|ts|tsx)$")
_REMIX_EXPORT = re.compile(r"^export\s+(?:async\s+)?(?:function\s+|const\s+)(?P<kind>loader|action)\b", re.M)


def _remix_path(name: str) -> str:
    parts = []
    for raw in re.split(r"(?<!\[)\.(?![^\[]*\])", name):
        if raw in {"_index", "index", "route"} or (raw.startswith("_") and raw != "_"):
            continue
        segment = raw.rstrip("_").replace("[", "").replace("]", "")
        if segment.startswith("($") and segment.endswith(")"):
            segment = ":" + segment[2:-1]
        elif segment.startswith("$"):
            segment = ":" + segment[1:] if len(segment) > 1 else "*"
        if segment.startswith("(") and segment.endswith(")"):
            segment = segment[1:-1]
        if segment:
            parts.append(segment)
    return "/" + "/".join(parts)


def remix_routes(files: Sequence[tuple[str, str]]) -> list[Route]:
    """Resource routes only: a module with a ``loader``/``action`` and no default export renders no page, so
    it is an API endpoint; page loaders are pages, often public by design, and are not judged as API routes."""
    routes: list[Route] = []
    for path, text in files:
        found = _REMIX_ROUTE.search(path)
        if not found or re.search(r"^export\s+default\b", text, re.M):
            continue
        exports = list(_REMIX_EXPORT.finditer(text))
        for i, m in enumerate(exports):
            end = exports[i + 1].start() if i + 1 < len(exports) else len(text)
            body = text[m.start() : end]
            line = line_of(text, m.start())
            method = "GET" if m.group("kind") == "loader" else "POST"
            routes.append(Route(method, _remix_path(found.group("route")), path, line, m.group("kind"),
                                line_of(text, end), "remix", (),
                                (*js_calls(body), *_deny_guard(body)), False,
                                text.splitlines()[line - 1].strip()[:160]))
    return routes


# --- NestJS ------------------------------------------------------------------------------------------

_NEST_CONTROLLER = re.compile(r"@Controller\s*\(\s*(?:(?P<q>['\"`])(?P<prefix>[^'\"`]*)(?P=q)|\{[^}]*?path\s*:\s*"
                              r"(?P<q2>['\"`])(?P<prefix2>[^'\"`]*)(?P=q2)[^}]*\}|)\s*\)")
_NEST_METHOD = re.compile(r"@(?P<verb>Get|Post|Put|Patch|Delete|All|Head|Options)\s*\(\s*(?:(?P<q>['\"`])"
                          r"(?P<path>[^'\"`]*)(?P=q))?[^)]*\)")
_NEST_GUARDS = re.compile(r"@UseGuards\s*\(([^)]*)\)")
_NEST_GLOBAL = re.compile(r"useGlobalGuards\s*\(\s*(?:new\s+)?([A-Za-z_$][\w$]*)|provide\s*:\s*APP_GUARD\s*,\s*"
                          r"useClass\s*:\s*([A-Za-z_$][\w$]*)")


def _nest_guard_names(arg: str) -> list[str]:
    return [name for name in re.findall(r"(?:new\s+)?([A-Za-z_$][\w$]*)\s*(?:\(|,|$)", arg.strip()) if name != "new"]


def _decorator_group(lines: list[str], index: int) -> tuple[int, int]:
    """The run of decorator lines around ``lines[index]`` (a NestJS method's ``@Get``/``@UseGuards``/…)."""
    first = index
    while first > 0 and lines[first - 1].lstrip().startswith("@"):
        first -= 1
    last = index
    while last + 1 < len(lines) and lines[last + 1].lstrip().startswith("@"):
        last += 1
    return first, last


def _nest_guard(reading: GuardReading, kind: str, scope: str, where: str) -> Guard:
    return Guard(reading.name, kind, scope, where, authenticates=reading.authenticates, refuses=reading.refuses,
                 unread=reading.unread and f"{reading.name}: {reading.unread}")


def nestjs_routes(files: Sequence[tuple[str, str]]) -> list[Route]:
    """NestJS controller routes with their global, class and method guards, each guard read from its class
    (:mod:`nest_guards`): a route whose metadata its guards let through (``@Public()``, ``@Roles('public')``)
    is declared public by the code; one behind a guard that cannot be read is undetermined."""
    global_guards: list[tuple[str, str]] = []
    for path, text in files:
        for m in _NEST_GLOBAL.finditer(text):
            global_guards.append((m.group(1) or m.group(2), f"{path}:{line_of(text, m.start())}"))
    controllers_seen = [(path, text) for path, text in files if "@Controller" in text]
    if not controllers_seen:
        return []
    used = {name for name, _ in global_guards}
    for _, text in controllers_seen:
        used.update(n for g in _NEST_GUARDS.finditer(text) for n in _nest_guard_names(g.group(1)))
    project = read_nest_project(files, used)
    routes: list[Route] = []
    for path, text in controllers_seen:
        lines = text.splitlines()
        controllers = list(_NEST_CONTROLLER.finditer(text))
        for ci, controller in enumerate(controllers):
            end = controllers[ci + 1].start() if ci + 1 < len(controllers) else len(text)
            first, last = _decorator_group(lines, line_of(text, controller.start()) - 1)
            header = "\n".join(lines[first : last + 1])
            class_meta = route_metadata(header, project)
            prefix = controller.group("prefix") or controller.group("prefix2") or ""
            class_guards = [(n, "decorator", "router", f"{path}:{line_of(text, controller.start())}")
                            for g in _NEST_GUARDS.finditer(header) for n in _nest_guard_names(g.group(1))]
            for m in _NEST_METHOD.finditer(text, controller.end(), end):
                line = line_of(text, m.start())
                first, last = _decorator_group(lines, line - 1)
                decorators = "\n".join(lines[first : last + 1])
                method_guards = [(n, "decorator", "route", f"{path}:{first + 1 + i}")
                                 for i, row in enumerate(lines[first : last + 1])
                                 for g in _NEST_GUARDS.finditer(row) for n in _nest_guard_names(g.group(1))]
                if _NEST_GUARDS.search(decorators) and not method_guards:  # a @UseGuards( spanning lines
                    method_guards = [(n, "decorator", "route", f"{path}:{line}")
                                     for g in _NEST_GUARDS.finditer(decorators) for n in _nest_guard_names(g.group(1))]
                method_meta = route_metadata(decorators, project)
                guards: list[Guard] = []
                let_through: list[str] = []
                for name, kind, scope, where in ((n, "middleware", "app", w) for n, w in global_guards):
                    guards, let_through = _attach(project.guards[name], kind, scope, where, method_meta, class_meta,
                                                  guards, let_through)
                for name, kind, scope, where in (*class_guards, *method_guards):
                    guards, let_through = _attach(project.guards[name], kind, scope, where, method_meta, class_meta,
                                                  guards, let_through)
                signature = lines[last + 1] if last + 1 < len(lines) else ""
                name_match = re.search(r"(?:async\s+)?([A-Za-z_$][\w$]*)\s*\(", signature)
                handler = name_match.group(1) if name_match else ""
                body_end = min(end, len(text))
                next_method = _NEST_METHOD.search(text, m.end(), end)
                if next_method:
                    body_end = next_method.start()
                body = text[m.end() : body_end]
                sub = (m.group("path") or "").strip("/")
                full = "/" + "/".join(p for p in (prefix.strip("/"), sub) if p)
                verb = m.group("verb").upper()
                marker = ("; ".join(let_through) if let_through and not any(
                    g.authenticates or g.unread for g in guards) else "")
                password = next((project.guards[n] for n, *_ in (*class_guards, *method_guards)
                                 if project.guards[n].strategy in PASSWORD_STRATEGIES), None)
                signs_in = (f"verifies the request's password through {password.name} "
                            f"(Passport '{password.strategy}' strategy)" if password else "")
                routes.append(Route(ANY if verb == "ALL" else verb, full, path, line, handler,
                                    line_of(text, body_end), "nestjs", tuple(guards),
                                    tuple(c for c in js_calls(body) if c != handler), False,
                                    lines[line - 1].strip()[:160], public_marker=marker, signs_in=signs_in))
    return routes


def _attach(reading: GuardReading, kind: str, scope: str, where: str,
            method_meta: list[tuple[str, tuple[str, ...], str]], class_meta: list[tuple[str, tuple[str, ...], str]],
            guards: list[Guard], let_through: list[str]) -> tuple[list[Guard], list[str]]:
    """Add the guard a route stands behind, unless the route's metadata lets it through (then say which);
    a metadata key the guard reads with an effect not read makes it undetermined for this route."""
    through = exempting(reading, method_meta, class_meta)
    if through and (reading.authenticates or reading.refuses):
        return guards, [*let_through, f"{through} ({reading.name} at {where} lets it through)"]
    guard = _nest_guard(reading, kind, scope, where)
    unknown = unknown_marker(reading, [*method_meta, *class_meta])
    if unknown and reading.authenticates:
        guard = replace(guard, authenticates=False, unread=f"{reading.name} reads the metadata {unknown} sets, "
                                                           "and what it does with it was not read")
    return [*guards, guard], let_through


# --- what we cannot read ------------------------------------------------------------------------------

UNREAD_JS = {
    "nuxt": "Nuxt", "koa": "Koa", "@hapi/hapi": "hapi", "elysia": "Elysia", "astro": "Astro",
    "@trpc/server": "tRPC", "@adonisjs/core": "AdonisJS", "@feathersjs/feathers": "Feathers",
    "@solidjs/start": "SolidStart", "@builder.io/qwik-city": "Qwik City", "@angular/ssr": "Angular SSR",
    # Backends whose functions every client calls: Convex queries/mutations/actions, Firebase Cloud Functions.
    "convex": "Convex", "firebase-functions": "Firebase Functions",
}
UNREAD_PY = {
    "tornado": "Tornado", "aiohttp": "aiohttp", "litestar": "Litestar", "falcon": "Falcon",
    "bottle": "Bottle", "pyramid": "Pyramid", "quart": "", "robyn": "Robyn", "starlite": "Starlite",
    # App frameworks that serve their own event handlers (Reflex's `/_event` websocket, Gradio's and Streamlit's
    # callbacks) to every visitor: the product's paid calls sit behind handlers no route declares.
    "reflex": "Reflex", "gradio": "Gradio", "streamlit": "Streamlit",
}
# A dependency on these is often the HTTP *client* alone; only a server import in the source counts.
_PY_SERVER_USE = {"aiohttp": re.compile(r"from\s+aiohttp\s+import\s+[^\n]*\bweb\b|\baiohttp\.web\b"),
                  "tornado": re.compile(r"\btornado\.web\b|from\s+tornado\s+import\s+[^\n]*\bweb\b")}
_PY_MANIFESTS = re.compile(r"(?:^|/)(?:requirements[^/]*\.txt|pyproject\.toml|Pipfile|setup\.cfg)$")


def _serves_with(repo: RepoSnapshot, server_import: re.Pattern[str]) -> bool:
    return any(server_import.search(repo.read_text(p) or "") for p in repo.tracked_files
               if p.endswith(".py") and "test" not in p)


def package_dependencies(repo: RepoSnapshot, path: str, sections: tuple[str, ...]) -> dict[str, object]:
    """The packages a ``package.json`` lists under ``sections`` (``{}`` when it is not a readable JSON object)."""
    try:
        manifest = json.loads(repo.read_text(path) or "{}")
    except ValueError:
        return {}
    deps: dict[str, object] = {}
    for key in sections:
        section = manifest.get(key) if isinstance(manifest, dict) else None
        if isinstance(section, dict):
            deps.update(section)
    return deps


def unread_frameworks(repo: RepoSnapshot) -> tuple[tuple[str, str], ...]:
    """``(framework, manifest path)`` for each web framework the project depends on whose routes are not read."""

    def build() -> tuple[tuple[str, str], ...]:
        found: dict[str, str] = {}
        for path in repo.tracked_files:
            if "node_modules/" in path or path.startswith(("test", "examples/")):
                continue
            if path.endswith("package.json"):
                deps = package_dependencies(repo, path, ("dependencies", "devDependencies"))
                for package, name in UNREAD_JS.items():
                    if package in deps:
                        found.setdefault(name, path)
            elif _PY_MANIFESTS.search(path):
                text = (repo.read_text(path) or "").lower()
                for package, name in UNREAD_PY.items():
                    # a pinned framework no source file imports (QAnything's unused `streamlit`) serves nothing
                    used = _PY_SERVER_USE.get(package) or re.compile(
                        rf"(?m)^\s*(?:import|from)\s+{re.escape(package)}\b")
                    if name and re.search(rf"(?m)^[\s\"']*{re.escape(package)}\b(?![-_.\w])", text) \
                            and _serves_with(repo, used):
                        found.setdefault(name, path)
        return tuple(sorted(found.items()))

    return repo.memo("unread-frameworks", build)
