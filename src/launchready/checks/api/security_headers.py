"""api.security-headers: the headers an API needs, judged where they matter and nowhere else.

- ``Cache-Control: no-store`` on every authenticated answer (tenant-a's reads of two authenticated
  GETs the route inventory holds, or the ``routes`` option): strictly ``no-store`` —
  ``private``/``no-cache`` still let the browser keep the data on disk. Missing → fail.
- ``X-Content-Type-Options: nosniff`` on every answer probed. Missing → warn.
- ``Strict-Transport-Security`` only on https answers; on plain http it is not applicable (browsers
  ignore it there) and the summary says so. Missing on https → warn (``domain.hsts`` judges it strictly).
- Cookies: session-looking cookies (session/sid/auth/token/jwt…) need ``HttpOnly`` and ``SameSite``
  (and ``Secure`` when served over https) → fail; other cookies missing flags → warn.
- Frame protection (``X-Frame-Options`` or CSP ``frame-ancestors``) only on HTML answers → warn.
No CSP is asked of JSON answers.

Besides its own reads, every 2xx answer the scan received is judged for ``nosniff`` and — when the
request carried a test tenant's credentials — ``no-store`` (``engines/answer_observer.py``, attached
after all checks ended so the result does not depend on which check ran first).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from launchready.context import CheckContext
from launchready.engines.inventory import scan_inventory
from launchready.engines.live import clip, first_tenant, header, show
from launchready.engines.route_choice import data_routes, given, nothing_fits, public_routes
from launchready.errors import TargetError
from launchready.model import Check, CheckMeta, Effort, Evidence, Outcome, Severity, Status, Surface
from launchready.targets.http import ApiTarget, BudgetExhausted, Exchange

META = CheckMeta(
    id="api.security-headers",
    title="API security headers",
    surface=Surface.API,
    severity=Severity.MEDIUM,
    criteria=(
        "API-appropriate headers: HSTS on HTTPS, `X-Content-Type-Options: nosniff`, `Cache-Control: no-store` on "
        "authenticated responses, cookies `Secure; HttpOnly; SameSite`; frame protection on HTML. No CSP noise on JSON."
    ),
    why=(
        "Without `no-store`, browsers and proxies keep copies of private answers (conversations, account data) on "
        "disk; without `nosniff` a JSON answer can be sniffed into script; loose cookies leak sessions."
    ),
    breaks=(
        "Private data recovered from a shared machine's cache or an intermediary, session cookies stolen by script "
        "or sent cross-site, the app framed for clickjacking."
    ),
    fix=(
        "Add one middleware that sets `X-Content-Type-Options: nosniff` everywhere, `Cache-Control: no-store` on "
        "API answers, HSTS on https, `X-Frame-Options: DENY` on HTML; set cookies with `Secure; HttpOnly; "
        "SameSite=Lax` (or Strict)."
    ),
    references=("CWE-524", "CWE-693", "CWE-1004", "OWASP API8:2023", "OWASP ASVS 5.0 V3.4"),
    checklist=("authenticated API answers are not cached; nosniff everywhere; cookies locked down",),
    effort=Effort.MINUTES,
)

_SESSION_COOKIE = re.compile(r"sess|sid|auth|token|jwt|login|remember|connect\.sid|csrf", re.IGNORECASE)


@dataclass
class Missing:
    status: Status
    message: str
    routes: list[str] = field(default_factory=list)
    exchange: Exchange | None = None

    def add(self, route: str, ex: Exchange) -> None:
        if route not in self.routes:
            self.routes.append(route)
        self.exchange = self.exchange or ex


def _route(ex: Exchange) -> str:
    return f"{ex.method} {urlsplit(ex.url).path or '/'}"


def cookie_problems(set_cookie: str, *, https: bool) -> tuple[str, list[str]]:
    """The cookie's name and the attributes it lacks."""
    name = set_cookie.split("=", 1)[0].strip()
    attrs = {a.strip().split("=", 1)[0].lower() for a in set_cookie.split(";")[1:]}
    lacking = [a for a, key in (("HttpOnly", "httponly"), ("SameSite", "samesite")) if key not in attrs]
    if https and "secure" not in attrs:
        lacking.insert(0, "Secure")
    return name, lacking


def _set_cookies(ex: Exchange) -> list[str]:
    raw = header(ex, "set-cookie")
    if not raw:
        return []
    # httpx joins repeated headers with ", "; split only where a new "name=" follows.
    return [c.strip() for c in re.split(r",\s*(?=[^;,=\s]+=)", raw) if c.strip()]


def run(ctx: CheckContext) -> Outcome:
    api: ApiTarget = ctx.target(Surface.API)
    https = api.base_url.startswith("https://")
    identity = first_tenant(api, ctx.config)
    inv = scan_inventory(ctx)
    authed = given(ctx, META.id, "routes") or data_routes(inv, limit=2)
    public = given(ctx, META.id, "public-routes", authenticated=False) or public_routes(inv, limit=1)
    authed_routes = [r.path for r in authed]
    plan: list[tuple[str, bool]] = [(r.path, identity is not None) for r in authed]
    plan += [(r.path, False) for r in public if r.path not in authed_routes]
    chosen = "; ".join(f"{r.label}: {r.why}" for r in (*authed, *public))
    if not plan:
        return nothing_fits(inv, META.id, "GET route without path parameters to read headers from",
                            f'[checks."{META.id}"] routes')

    problems: dict[str, Missing] = {
        "no-store": Missing(Status.FAIL, "`Cache-Control: no-store` missing on authenticated responses"),
        "nosniff": Missing(Status.WARN, "`X-Content-Type-Options: nosniff` missing"),
        "hsts": Missing(Status.WARN, "`Strict-Transport-Security` missing on https responses"),
        "frame": Missing(Status.WARN, "no frame protection (`X-Frame-Options` or CSP `frame-ancestors`) on HTML"),
    }
    cookie_evidence: dict[str, Evidence] = {}
    answered: list[str] = []
    authed_answered: list[str] = []
    failures: list[str] = []
    note = ""
    with api.probe(budget=int(ctx.options["budget"]), deadline=ctx.deadline) as probe:
        try:
            for path, authenticated in plan:
                try:
                    ex = probe.get(path, identity=identity if authenticated else None)
                except TargetError as exc:
                    failures.append(str(exc))
                    continue
                if ex.status == 404 and not authenticated:
                    continue  # an optional public route the product does not have
                route = _route(ex)
                answered.append(route)
                if "nosniff" not in (header(ex, "x-content-type-options") or "").lower():
                    problems["nosniff"].add(route, ex)
                if authenticated and 200 <= ex.status < 300:
                    authed_answered.append(route)
                    directives = {d.strip().split("=", 1)[0].lower()
                                  for d in (header(ex, "cache-control") or "").split(",")}
                    if "no-store" not in directives:
                        problems["no-store"].add(route, ex)
                if https and header(ex, "strict-transport-security") is None:
                    problems["hsts"].add(route, ex)
                if (header(ex, "content-type") or "").lower().startswith("text/html"):
                    csp = (header(ex, "content-security-policy") or "").lower()
                    if header(ex, "x-frame-options") is None and "frame-ancestors" not in csp:
                        problems["frame"].add(route, ex)
                for cookie in _set_cookies(ex):
                    name, lacking = cookie_problems(cookie, https=https)
                    if lacking and name not in cookie_evidence:
                        session = bool(_SESSION_COOKIE.search(name))
                        cookie_evidence[name] = Evidence(
                            Status.FAIL if session else Status.WARN,
                            f"{'session ' if session else ''}cookie `{name}` set by {route} lacks "
                            + ", ".join(lacking), location=route,
                            detail=f"{ex.summary()}\nSet-Cookie: {clip(cookie, 160)}",
                            fingerprint=f"api.security-headers:cookie:{name}")
        except BudgetExhausted as exc:
            note = f" (stopped early: {exc})"
        count = probe.count
    if not answered:
        reason = failures[0] if failures else "nothing was sent"
        return Outcome(Status.ERROR, f"no route answered: {reason}", requests=count)
    evidence: list[Evidence] = []
    for key, missing in problems.items():
        if not missing.routes or missing.exchange is None:
            continue
        judged = authed_answered if key == "no-store" else answered
        scope = "every route probed" if len(missing.routes) == len(judged) and len(judged) > 1 else \
            f"{len(missing.routes)} of {len(judged)} routes probed"
        evidence.append(Evidence(
            missing.status, f"{missing.message} on {scope}: {', '.join(missing.routes)}",
            location=missing.routes[0], detail=_headers_detail(missing.exchange) + f"\nroutes chosen: {chosen}",
            fingerprint=f"api.security-headers:{key}"))
    evidence += cookie_evidence.values()
    if failures:
        # A route that never answered was not judged; its headers are unknown, not fine.
        evidence.append(Evidence(Status.WARN, f"{len(failures)} route(s) got no answer and were not judged: "
                                              f"{failures[0]}", fingerprint="api.security-headers:unanswered"))
    if identity is None:
        evidence.append(Evidence(Status.WARN, "no tenant declared: authenticated responses were not examined",
                                 fingerprint="api.security-headers:no-tenant"))
    elif not authed_routes:
        evidence.append(Evidence(Status.WARN, "undetermined: the route inventory has no authenticated GET without "
                                              "path parameters, so `no-store` was not judged; name one in "
                                              f'[checks."{META.id}"] routes',
                                 fingerprint="api.security-headers:no-authenticated-route"))
    elif not authed_answered:
        evidence.append(Evidence(Status.WARN, f"undetermined: no authenticated route answered 2xx "
                                              f"({', '.join(authed_routes)}), so `no-store` could not be judged; name "
                                              f'one that does in [checks."{META.id}"] routes',
                                 fingerprint="api.security-headers:no-authenticated-answer"))
    hsts = "HSTS checked on https" if https else "HSTS not applicable: the target is plain http"
    probed = ", ".join(answered)
    return Outcome.from_evidence(
        evidence, passed=f"headers in place on {probed}; {hsts}{note} (routes chosen: {chosen})",
        failed=f"security headers missing ({hsts}){note}", requests=count)


def _headers_detail(ex: Exchange) -> str:
    names = ("content-type", "cache-control", "x-content-type-options", "strict-transport-security",
             "x-frame-options", "content-security-policy")
    lines = [f"{n}: {clip(header(ex, n) or '', 160)}" for n in names if header(ex, n) is not None]
    return show(ex, width=120) + ("\nresponse headers: " + "; ".join(lines) if lines else "\n(none of them sent)")


CHECK = Check(META, run, options={"routes": [], "public-routes": [], "budget": 20})
"""``routes`` (authenticated) and ``public-routes``: the routes to read (default: chosen from the route
inventory — two authenticated GETs that return data and one public GET)."""
