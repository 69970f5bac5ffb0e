"""api.auth-required: every protected operation refuses missing, garbage, empty and dead credentials;
admin routes refuse ordinary users; debug/inventory paths are not exposed; login does not enumerate users.

Without credentials, only GET is sent to protected routes (POST with ``{}`` when a route is POST-only).
Privileged routes (staff or admin roles in the route inventory) are tried with every lower-role identity
and every method, PUT/PATCH/DELETE only under ``allow-destructive``
(:mod:`launchready.engines.function_authz`). A 422 without credentials is reported as inconclusive,
not as a failure: some frameworks validate a body before the auth dependency runs.
"""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from launchready.context import CheckContext
from launchready.engines import jwt_attacks
from launchready.engines.auth_routes import (
    PATH_PARAM,
    ReferenceRoute,
    credential,
    fill_path,
    find_reference_route,
    get_operations,
    reference_paths,
)
from launchready.engines.enumeration import TIMING_FLOOR_MS, compare_bodies, compare_timing, logged_in
from launchready.engines.function_authz import FunctionLevel
from launchready.engines.inventory import scan_inventory
from launchready.engines.live import clip, items_of
from launchready.engines.roles import holders
from launchready.errors import TargetError
from launchready.model import Check, CheckMeta, Effort, Evidence, Outcome, Severity, Status, Surface
from launchready.targets.http import ApiTarget, BudgetExhausted, Exchange, Identity, Probe, route_of

META = CheckMeta(
    id="api.auth-required",
    title="Authentication required on every protected route",
    surface=Surface.API,
    severity=Severity.CRITICAL,
    criteria=(
        "Every operation (from OpenAPI or declared routes, plus common debug/inventory paths) that is not "
        "declared public answers 401/403 to: no credentials, a garbage token, an empty `Bearer`, a token of a "
        "deleted user; never 2xx, never data. Admin, billing and internal routes reject an ordinary user's valid "
        "token (function-level authorization). Login answers an unknown user and a wrong password alike."
    ),
    why=(
        "A single route that forgot its auth dependency hands its data to anyone with the URL; debug and "
        "config endpoints left in a build leak keys; admin routes that only check 'logged in' let every "
        "customer act as an operator. These are the first things a reviewer or an attacker tries."
    ),
    breaks=(
        "Anyone reads conversations, files or configuration without an account; an ordinary user lists all "
        "users or invoices; attackers learn which e-mail addresses have accounts and target them."
    ),
    fix=(
        "Authenticate in one central place (a router-level dependency or middleware that every non-public "
        "route inherits) and keep an explicit allow-list of public routes; require a role for admin, billing "
        "and internal routes; remove debug/config routes from production builds; answer login failures with "
        "one status and one message whether or not the account exists."
    ),
    references=("OWASP API2:2023", "OWASP API5:2023", "OWASP API9:2023", "CWE-306", "CWE-285", "CWE-204",
                "OWASP ASVS 5.0 V8.2"),
    checklist=("Auth on every protected route", "Admin/billing routes require an admin role",
               "No debug or config endpoints in production", "Login does not reveal which accounts exist"),
    effort=Effort.HOURS,
)

DEBUG_PATHS = (
    "/debug", "/debug/config", "/debug/vars", "/debug/pprof/", "/_debug", "/__debug__/", "/.env", "/.git/config",
    "/config", "/config.json", "/env", "/actuator", "/actuator/env", "/actuator/heapdump", "/admin", "/internal",
    "/api/internal", "/metrics", "/server-status", "/server-info", "/graphql", "/graphiql", "/api/debug",
    "/console", "/_profiler", "/phpinfo.php", "/trace",
)
DOC_PATHS = ("/docs", "/redoc", "/swagger-ui.html", "/openapi.json")
_LOGIN_HINT = re.compile(r"login|signin|sign-in|auth|sso|oauth", re.IGNORECASE)
_VOLATILE = re.compile(r"[0-9a-fA-F]{8,}|\d+")


@dataclass
class Findings:
    evidence: list[Evidence] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    routes: int = 0
    variants: int = 0

    def add(self, status: Status, message: str, location: str, exchanges: tuple[Exchange, ...], tag: str) -> None:
        detail = "\n".join(f"{ex.curl()}\n→ {ex.status} {ex.excerpt(200)}" for ex in exchanges)
        self.evidence.append(Evidence(status, message, location, detail, f"api.auth-required:{location}:{tag}"))


def judge(ex: Exchange) -> tuple[Status, str]:
    """What a refusal-or-not means. 2xx is a failure; 401/403 (and 404, which hides the route) pass."""
    s = ex.status
    if s in (401, 403, 404, 405, 410):
        return Status.PASS, f"answered {s}"
    if 200 <= s < 300:
        return Status.FAIL, f"answered {s}" + (" with data" if ex.body.strip() else " (empty body)")
    if 300 <= s < 400:
        location = ex.headers.get("location", "")
        if _LOGIN_HINT.search(location):
            return Status.PASS, f"redirected to login ({s})"
        return Status.WARN, f"answered {s} → {clip(location, 160) or '(no Location)'}: not a clean 401/403"
    if s in (400, 422):
        return Status.WARN, f"inconclusive: answered {s} (input validated before authentication?)"
    if s == 429:
        return Status.WARN, "inconclusive: rate-limited (429)"
    return Status.WARN, f"answered {s}, not a clean 401/403"


def run(ctx: CheckContext) -> Outcome:
    api: ApiTarget = ctx.target(Surface.API)
    opts = ctx.options
    timeout = float(opts.get("timeout", 5.0))
    found = Findings()
    with api.probe(budget=int(opts.get("budget", 300)), deadline=ctx.deadline) as probe:
        try:
            _scan(ctx, api, probe, found, timeout)
        except BudgetExhausted as exc:
            found.notes.append(f"stopped early ({exc}); decided on what was seen")
        requests = probe.count
    return _outcome(found, requests)


def _outcome(found: Findings, requests: int) -> Outcome:
    statuses = {e.status for e in found.evidence}
    notes = ("; ".join(found.notes) + ".") if found.notes else ""
    metrics = {"routes": found.routes, "variants": found.variants}
    failed = sum(1 for e in found.evidence if e.status is Status.FAIL)
    if Status.FAIL in statuses:
        summary = f"{failed} unauthenticated or unauthorised access(es) found. {notes}"
        return Outcome(Status.FAIL, summary.strip(), tuple(found.evidence), requests, metrics)
    if Status.ERROR in statuses:
        summary = f"could not decide every route (no answer). {notes}"
        return Outcome(Status.ERROR, summary.strip(), tuple(found.evidence), requests, metrics)
    if found.routes == 0:
        return Outcome(Status.ERROR, "no protected routes to test: no OpenAPI document and no declared routes "
                       "(set [api] openapi, chat, upload or admin). " + notes, tuple(found.evidence), requests)
    status = Status.WARN if Status.WARN in statuses else Status.PASS
    summary = (f"{found.routes} protected route(s) refused {found.variants} credential variant(s) with 401/403"
               if status is Status.PASS else "no bypass found, but some answers were inconclusive")
    return Outcome(status, f"{summary}. {notes}".strip(), tuple(found.evidence), requests, metrics)


# -- the scan ---------------------------------------------------------------------------------------

def _scan(ctx: CheckContext, api: ApiTarget, probe: Probe, found: Findings, timeout: float) -> None:
    tenant = next((t for t in ctx.config.api.tenants if t.name == "tenant-a"), None) or \
        (ctx.config.api.tenants[0] if ctx.config.api.tenants else None)
    identity: Identity | None = None
    if tenant is None:
        found.notes.append("no test tenant declared: function-level and login checks not run")
    else:
        try:
            identity = api.identity(tenant)
        except TargetError as exc:
            found.add(Status.ERROR, f"could not log in as {tenant.name}: {exc}", "login", (), "login-failed")

    ops = get_operations(api)
    routes = _inventory(ctx, api, ops, found)
    ids = _owner_ids(probe, routes, ops, identity, timeout) if identity else {}
    dead_token = _dead_user_token(ctx, api, probe, identity, found, timeout) if identity else None

    _probe_routes(api, probe, routes, ids, dead_token, found, timeout)
    _probe_debug_paths(api, probe, {p for _, p in routes}, found, timeout)
    if identity is not None and tenant is not None:
        _function_level(ctx, api, probe, ids, found, timeout)
        _login_enumeration(api, probe, tenant.username_env, found, timeout, int(ctx.options["enumeration-samples"]))
        _reset_enumeration(api, probe, tenant.username_env, str(ctx.options["reset-field"]), found, timeout)


def _inventory(ctx: CheckContext, api: ApiTarget, ops: tuple[Any, ...], found: Findings) -> list[tuple[str, str]]:
    declared = [r for r in (ctx.config.api.chat, ctx.config.api.upload, *ctx.config.api.admin) if r]
    by_path: dict[str, set[str]] = {}
    for op in ops:
        if op.secured is False:  # the spec itself says `security: []`: declared public
            continue
        by_path.setdefault(op.path, set()).add(op.method)
    for route in declared:
        method, path = route_of(route, "GET")
        by_path.setdefault(path, set()).add(method)
    routes: list[tuple[str, str]] = []
    untested: list[str] = []
    for path, methods in by_path.items():
        for method in sorted(methods):
            if api.is_public(method, path):
                continue
            if method == "GET" or (method == "POST" and "GET" not in methods and not api.is_public("GET", path)):
                routes.append((method, path))
            elif method != "POST":
                untested.append(f"{method} {path}")
    if untested:
        found.notes.append(f"{len(untested)} PUT/PATCH/DELETE operation(s) not sent without credentials (they change "
                           "data; privileged ones are tried with lower roles"
                           + (")" if ctx.config.allow_destructive else " under allow-destructive)"))
    if not ops:
        found.notes.append("no OpenAPI operations found: only declared routes and debug paths were probed")
    return routes


def _owner_ids(
    probe: Probe, routes: list[tuple[str, str]], ops: tuple[Any, ...], identity: Identity, timeout: float
) -> dict[str, str]:
    """Real ids for path parameters, read from tenant-a's own listings (``GET /conversations``)."""
    listable = {o.path for o in ops if o.method == "GET" and not PATH_PARAM.search(o.path)}
    ids: dict[str, str] = {}
    for _, path in routes:
        for m in PATH_PARAM.finditer(path):
            name = m.group(1)
            if name in ids:
                continue
            collection = path[: m.start()].rstrip("/")
            if collection in listable and not PATH_PARAM.search(collection):
                try:
                    answer = probe.get(collection, identity=identity, timeout=timeout)
                except TargetError:
                    continue
                listable.discard(collection)
                items = items_of(answer.json()) if 200 <= answer.status < 300 else []
                if items and items[0].get("id") is not None:
                    ids[name] = str(items[0]["id"])
                    continue
            claims = identity.claims
            for key in (name, name.removesuffix("_id"), "tenant_id" if re.search(r"workspace|tenant|org|team", name)
                        else ""):
                if key and isinstance(claims.get(key), str | int):
                    ids[name] = str(claims[key])
                    break
    return ids


def _dead_user_token(
    ctx: CheckContext, api: ApiTarget, probe: Probe, identity: Identity, found: Findings, timeout: float
) -> str | None:
    """A well-formed token for a user that does not exist: minted with the staging key when given,
    else unsigned — but only if the server accepts unsigned tokens at all."""
    parsed = jwt_attacks.parse(identity.token)
    if parsed is None:
        found.notes.append("deleted-user token not tested: the session token is not a JWT")
        return None
    sub = parsed.claims.get("sub")
    ghost: Any = 987654321 if isinstance(sub, int) else "987654321" if str(sub).isdigit() else secrets.token_hex(
        max(4, len(str(sub or "")) // 2))
    claims = {**parsed.claims, "sub": ghost}
    key_env = str(ctx.options.get("signing-key-env") or "")
    key = os.environ.get(key_env) if key_env else None
    if key:
        return jwt_attacks.mint(claims, key, parsed.alg)
    paths, route_key = reference_paths(ctx, api, META.id)
    reference = find_reference_route(probe, api, identity, timeout=timeout, candidates=paths, key=route_key)
    if not isinstance(reference, ReferenceRoute):
        found.notes.append(f"deleted-user token not tested ({reference.reason})")
        return None
    unsigned = jwt_attacks.serialise({**parsed.header, "alg": "none"}, parsed.claims)
    try:
        answer = probe.get(reference.path, headers=credential(api, unsigned), timeout=timeout)
    except TargetError:
        found.notes.append("deleted-user token not tested (no answer to the unsigned-token probe)")
        return None
    if 200 <= answer.status < 300:
        return jwt_attacks.serialise({**parsed.header, "alg": "none"}, claims)
    found.notes.append("deleted-user token not tested: no signing key given (option signing-key-env) and the "
                       "server refuses unsigned tokens")
    return None


def _probe_routes(
    api: ApiTarget, probe: Probe, routes: list[tuple[str, str]], ids: Mapping[str, str], dead_token: str | None,
    found: Findings, timeout: float,
) -> None:
    nonce = secrets.token_hex(6)
    header = api.settings.login.header
    scheme = api.settings.login.scheme
    variants: list[tuple[str, dict[str, str]]] = [
        ("garbage token", credential(api, f"lr-garbage-{nonce}", name="garbage", made="any made-up string (the "
                                     "scan sent lr-garbage- and 12 random hex digits)")),
        ("empty bearer", {header: scheme or ""}),
    ]
    if dead_token:
        variants.append(("deleted user's token", credential(
            api, dead_token, name="deleted user", made="the test user's token with its `sub` claim set to a user "
            "that does not exist, signed with the signing-key-env key when given, else unsigned (alg none)")))
    silent = 0
    for method, template in routes:
        if silent >= 3:
            found.notes.append("stopped probing routes after 3 that did not answer")
            break
        path = fill_path(template, ids)
        body: Any = {} if method == "POST" else None
        location = f"{method} {template}"
        try:
            bare = probe.request(method, path, json_body=body, timeout=timeout)
        except TargetError as exc:
            silent += 1
            found.add(Status.ERROR, f"no answer without credentials: {exc}", location, (), "no-answer")
            continue
        found.routes += 1
        if template == "/" and bare.headers.get("content-type", "").startswith("text/html"):
            found.notes.append("GET / serves the web app's HTML shell (treated as public)")
            continue
        status, why = judge(bare)
        if status is not Status.PASS:
            verb = "is open" if status is Status.FAIL else "gave an inconclusive answer"
            found.add(status, f"{location} {verb} without credentials: {why}", location, (bare,), "no-credentials")
            if status is Status.FAIL:
                continue
        for name, headers in variants:
            try:
                ex = probe.request(method, path, headers=headers, json_body=body, timeout=timeout)
            except TargetError as exc:
                found.add(Status.ERROR, f"no answer to a {name}: {exc}", location, (), f"no-answer-{name}")
                silent += 1
                break
            found.variants += 1
            status, why = judge(ex)
            if status is not Status.PASS:
                found.add(status, f"{location} with a {name}: {why}", location, (ex,), name.replace(" ", "-"))


def _probe_debug_paths(api: ApiTarget, probe: Probe, known: set[str], found: Findings, timeout: float) -> None:
    try:
        baseline: Exchange | None = probe.get(f"/launchready-{secrets.token_hex(6)}-no-such-route", timeout=timeout)
    except TargetError:
        baseline = None
    catch_all = baseline is not None and 200 <= baseline.status < 300
    if catch_all:
        found.notes.append("unknown paths answer 2xx (a catch-all): debug paths judged against it")

    def same_as_catch_all(ex: Exchange) -> bool:
        if not catch_all or baseline is None:
            return False
        if ex.body == baseline.body:
            return True
        same_type = ex.headers.get("content-type") == baseline.headers.get("content-type")
        return same_type and abs(len(ex.body) - len(baseline.body)) <= max(64, len(baseline.body) // 10)

    groups = ((DEBUG_PATHS, Status.FAIL, "debug/inventory path exposed"),
              (DOC_PATHS, Status.WARN, "API documentation exposed (consider hiding it in production)"))
    for paths, status, what in groups:
        for path in paths:
            if path in known or api.is_public("GET", path):
                continue
            try:
                ex = probe.get(path, timeout=timeout)
            except TargetError:
                continue
            if 200 <= ex.status < 300 and ex.body.strip() and not same_as_catch_all(ex):
                found.add(status, f"{what}: GET {path} answered {ex.status} without credentials",
                          f"GET {path}", (ex,), "exposed")


def _function_level(
    ctx: CheckContext, api: ApiTarget, probe: Probe, ids: Mapping[str, str], found: Findings, timeout: float,
) -> None:
    """Every privileged route, every method, with every lower-role identity
    (:mod:`launchready.engines.function_authz`)."""
    found_holders, failed = holders(api, ctx.config.api.tenants)
    found.notes.extend(f"identity not used ({why})" for why in failed)
    if not found_holders:
        return
    authz = FunctionLevel(api, probe, scan_inventory(ctx), found_holders, found.add, ctx.config.allow_destructive,
                          timeout, ids)
    found.notes.extend(authz.run())


def _normalise(text: str, *secrets_: str) -> str:
    for s in secrets_:
        if s:
            text = re.sub(re.escape(s), "<user>", text, flags=re.IGNORECASE)
    return _VOLATILE.sub("#", text)


def _login_enumeration(api: ApiTarget, probe: Probe, username_env: str | None, found: Findings,
                       timeout: float, samples: int = 3) -> None:
    """Login must answer an unknown user and a wrong password alike: status, body and time together
    (:mod:`launchready.engines.enumeration`). Timing takes up to ``samples`` attempts of each kind, sent
    only while status and body agree and the first two answers differ by more than the noise floor: each
    is one wrong password for the test user, and products lock accounts out after a few."""
    recipe = api.settings.login
    known = os.environ.get(username_env or "", "")
    if not known:
        found.notes.append("login enumeration not tested: the tenant logs in with a token, not a username")
        return
    nonce = secrets.token_hex(5)
    unknown = f"launchready-nobody-{nonce}@example.invalid" if "@" in known else f"launchready-nobody-{nonce}"
    location = f"{recipe.method} {recipe.path}"
    pairs: list[tuple[Exchange, Exchange]] = []
    for _ in range(max(1, samples)):
        pair: list[Exchange] = []
        for user in (unknown, known):
            fields = {recipe.username_field: user, recipe.password_field: f"lr-wrong-{nonce}"}
            try:
                pair.append(probe.request(recipe.method, recipe.path, data=fields if recipe.form else None,
                                          json_body=None if recipe.form else fields, timeout=timeout))
            except TargetError as exc:
                found.add(Status.ERROR, f"login did not answer: {exc}", location, tuple(pair), "login")
                return
        a, b = pair
        if logged_in(a, recipe.token_pointer) or logged_in(b, recipe.token_pointer):
            found.add(Status.FAIL, "login accepted a wrong password or an unknown user (it handed out a credential)",
                      location, (a, b), "login-accepts")
            return
        if 429 in (a.status, b.status):
            if pairs:
                found.add(Status.WARN, f"login answers alike but timing was not compared: rate-limited (429) "
                          f"after {len(pairs)} attempt(s) of each kind", location, pairs[0], "login-429")
            else:
                found.add(Status.WARN, "login enumeration inconclusive: rate-limited (429)", location, (a, b),
                          "login-429")
            return
        bodies = compare_bodies(a, b, unknown, known)
        if bodies.status is Status.FAIL:
            found.add(Status.FAIL, f"login tells an unknown user ({a.status} {a.excerpt(60)}) from a wrong password "
                      f"({b.status} {b.excerpt(60)}): accounts can be enumerated ({bodies.reason})", location,
                      (a, b), "enumeration")
            return
        pairs.append((a, b))
        if abs(a.elapsed_ms - b.elapsed_ms) <= TIMING_FLOOR_MS:
            break  # no gap to confirm: spare the test account further wrong passwords (lockout)
    timing = compare_timing([p[0].elapsed_ms for p in pairs], [p[1].elapsed_ms for p in pairs])
    if timing.status is Status.FAIL:
        found.add(Status.FAIL, f"login answers alike but {timing.reason}: accounts can be enumerated by timing",
                  location, pairs[0], "enumeration-timing")
    elif timing.status is Status.WARN:
        found.add(Status.WARN, f"login answers alike; {timing.reason} (set option enumeration-samples ≥ 2)",
                  location, pairs[0], "enumeration-timing")
    else:
        found.add(Status.PASS, f"login answers an unknown user and a wrong password alike: {bodies.reason}; "
                  f"{timing.reason}", location, pairs[0], "enumeration")


def _reset_enumeration(api: ApiTarget, probe: Probe, username_env: str | None, field: str, found: Findings,
                       timeout: float) -> None:
    """The password-reset request must answer an unknown and a known address alike.

    It asks for one reset of the test user's own address: that issues a link which expires unused;
    no password, e-mail or account is changed (the rule for the test users' own routes)."""
    route = route_of(api.settings.reset, "GET") if api.settings.reset else None
    known = os.environ.get(username_env or "", "")
    if route is None or not known:
        found.notes.append("password-reset enumeration not tested: " +
                           ("no [api] reset route declared" if route is None else "no username for the tenant"))
        return
    method, path = route
    unknown = f"launchready-nobody-{secrets.token_hex(5)}@example.invalid"
    try:
        a, b = (probe.request(method, path, json_body={field or api.settings.login.username_field: who},
                              timeout=timeout) for who in (unknown, known))
    except TargetError as exc:
        found.add(Status.ERROR, f"password reset did not answer: {exc}", f"{method} {path}", (), "reset")
        return
    location = f"{method} {path}"
    if 429 in (a.status, b.status):
        found.add(Status.WARN, "reset enumeration inconclusive: rate-limited (429)", location, (a, b), "reset-429")
    elif a.status != b.status or _normalise(a.text, unknown) != _normalise(b.text, known):
        found.add(Status.FAIL, f"password reset tells an unknown address ({a.status} {a.excerpt(60)}) from a known "
                  f"one ({b.status} {b.excerpt(60)}): accounts can be enumerated", location, (a, b),
                  "reset-enumeration")


CHECK = Check(META, run, options={"budget": 300, "timeout": 5.0, "signing-key-env": "", "reset-field": "",
                                  "enumeration-samples": 3, "reference-route": ""})
