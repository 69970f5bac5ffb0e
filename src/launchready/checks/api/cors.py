"""api.cors: hostile origins, built from the origins the product trusts (declared front-end origins,
``domain``, the target's own host), are never granted credentialed cross-origin reads — neither on a
simple authenticated GET nor on a preflight.

The GET goes to a route of the route inventory that exists and answers (the tenant's authenticated
data GETs first, then public GETs; a 404 or 5xx moves on to the next), or to the ``route`` option;
the evidence names the route and why it was chosen.

The decision keys on ``Access-Control-Allow-Origin`` *echoing* the hostile origin (or ``*``) and
``Access-Control-Allow-Credentials: true`` together. Credentials alone mean nothing: Starlette's
CORSMiddleware sends ``Access-Control-Allow-Credentials: true`` on every simple response, also to
origins it refuses (it just leaves out ``Access-Control-Allow-Origin``, and the browser blocks).
The http→https "downgrade" origin is only hostile when the target itself is served over https.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from launchready.context import CheckContext
from launchready.engines.inventory import scan_inventory
from launchready.engines.live import clip, first_tenant, header, show
from launchready.engines.route_choice import ChosenRoute, data_routes, given, nothing_fits, public_routes
from launchready.errors import TargetError
from launchready.model import Check, CheckMeta, Effort, Evidence, Outcome, Severity, Status, Surface
from launchready.targets.http import ApiTarget, BudgetExhausted, Exchange, split_route

META = CheckMeta(
    id="api.cors",
    title="CORS refuses hostile origins",
    surface=Surface.API,
    severity=Severity.HIGH,
    criteria=(
        "Hostile origins (`https://evil.example`, `null`, suffix/prefix tricks such as `https://<host>.evil.example`, "
        "`https://evil<host>`) are never reflected; never `*` with credentials; preflights for them fail."
    ),
    why=(
        "A reflected origin with credentials allowed lets any web page a signed-in user visits call the API as "
        "that user and read the answers."
    ),
    breaks=(
        "A malicious page silently reads the victim's conversations, files and account data through their "
        "browser (cross-site data theft), and acts as them."
    ),
    fix=(
        "Allow an explicit list of your front end's origins (`allow_origins=[\"https://app.example.com\"]`); never "
        "reflect the request's Origin or use `allow_origin_regex=\".*\"`; anchor and escape any origin regex."
    ),
    references=("CWE-942", "OWASP API8:2023", "OWASP ASVS 5.0 V3.4.2"),
    checklist=("CORS allows only the product's own origins",),
    effort=Effort.MINUTES,
)


@dataclass(frozen=True)
class Finding:
    kind: str  # "reflected-credentials" | "wildcard-credentials" | "wildcard" | "reflected"
    origin: str
    exchange: Exchange


def hostile_origins(base_url: str, trusted: Sequence[str] = (), domain: str | None = None) -> list[str]:
    """Origins an attacker could serve a page from, derived from every origin the product trusts.

    ``trusted`` are the declared front-end origins (``https://app.example.com``), ``domain`` the
    product's domain; the target's own host is always one. For each host: a suffix
    (``https://<host>.evil.example``), a prefix (``https://evil<host>``: what an unanchored
    ``.*<host>`` regex lets through), an unescaped dot (``app.examplexcom``) and, for an https origin,
    the scheme downgrade ``http://<host>``; plus ``null`` and an unrelated origin.
    """
    sources: list[tuple[str, str]] = [(urlsplit(base_url).scheme, (urlsplit(base_url).hostname or "").lower())]
    for origin in trusted:
        parts = urlsplit(origin if "://" in origin else f"https://{origin}")
        if parts.hostname:
            sources.append((parts.scheme or "https", parts.hostname.lower()))
    if domain:
        sources.append(("https", domain.strip().strip(".").lower()))
    origins = ["https://evil.example", "null"]
    for scheme, host in sources:
        if not host:
            continue
        origins += [f"https://{host}.evil.example", f"https://evil{host}"]
        if "." in host:
            head, _, tail = host.rpartition(".")
            origins.append(f"https://{head}x{tail}")  # an unescaped "." in an origin regex
        if scheme == "https":
            origins.append(f"http://{host}")
    return list(dict.fromkeys(origins))


def judge(ex: Exchange, origin: str) -> Finding | None:
    allowed = (header(ex, "access-control-allow-origin") or "").strip()
    credentials = (header(ex, "access-control-allow-credentials") or "").strip().lower() == "true"
    if allowed == "*":
        return Finding("wildcard-credentials" if credentials else "wildcard", origin, ex)
    if allowed and allowed.lower() == origin.lower():
        return Finding("reflected-credentials" if credentials else "reflected", origin, ex)
    return None


_MESSAGES = {
    "reflected-credentials": "reflects hostile Origin {origins} in Access-Control-Allow-Origin with "
                             "Access-Control-Allow-Credentials: true",
    "wildcard-credentials": "answers Origin {origins} with Access-Control-Allow-Origin: * and "
                            "Access-Control-Allow-Credentials: true",
    "wildcard": "answers Access-Control-Allow-Origin: * (no credentials) to Origin {origins}",
    "reflected": "reflects hostile Origin {origins} in Access-Control-Allow-Origin (without credentials)",
}
_STATUS = {"reflected-credentials": Status.FAIL, "wildcard-credentials": Status.FAIL,
           "wildcard": Status.WARN, "reflected": Status.WARN}


def _detail(finding: Finding) -> str:
    ex = finding.exchange
    return (f"Origin: {finding.origin}\n"
            f"→ Access-Control-Allow-Origin: {header(ex, 'access-control-allow-origin')}\n"
            f"→ Access-Control-Allow-Credentials: {clip(header(ex, 'access-control-allow-credentials') or '', 80)}\n"
            f"{show(ex)}")


def _candidates(ctx: CheckContext) -> list[ChosenRoute]:
    """The user's ``route`` option, else the inventory's authenticated data GETs, then its public GETs."""
    chosen = given(ctx, META.id, "route")
    if chosen:
        return chosen
    inv = scan_inventory(ctx)
    return data_routes(inv) + public_routes(inv)


def run(ctx: CheckContext) -> Outcome:
    api: ApiTarget = ctx.target(Surface.API)
    identity = first_tenant(api, ctx.config)
    candidates = _candidates(ctx)
    if not candidates:
        return nothing_fits(scan_inventory(ctx), META.id, "GET route without path parameters to send hostile "
                            "origins to", '[checks."api.cors"] route')
    trusted = [str(o) for o in ctx.options.get("frontend-origins") or ()]
    origins = hostile_origins(api.base_url, trusted, ctx.config.domain)
    found: dict[tuple[str, str], list[Finding]] = {}
    failures: list[str] = []
    answered = 0
    note = ""
    route: ChosenRoute | None = None
    skipped: list[str] = []
    preflight_routes: list[str] = []
    with api.probe(budget=int(ctx.options["budget"]), deadline=ctx.deadline) as probe:
        try:
            # The first candidate that exists and answers: a 404 says nothing about its CORS policy.
            for candidate in candidates:
                try:
                    ex = probe.request("GET", candidate.path, identity=identity if candidate.authenticated else None,
                                       headers={"Origin": origins[0]})
                except TargetError as exc:
                    failures.append(str(exc))
                    if len(failures) >= 3:
                        break
                    continue
                answered += 1
                if ex.status == 404 or ex.status >= 500:
                    skipped.append(f"{candidate.label} → {ex.status}")
                    continue
                route = candidate
                finding = judge(ex, origins[0])
                if finding is not None:
                    found.setdefault((candidate.label, finding.kind), []).append(finding)
                break
            if route is not None:
                preflight_routes.append(route.path)
                chat = split_route(ctx.config.api.chat)
                if chat and chat[1] != route.path:
                    preflight_routes.append(chat[1])
                for index, origin in enumerate(origins):
                    requests: list[tuple[str, str, dict[str, str]]] = [] if index == 0 else [
                        ("GET", route.path, {"Origin": origin})]
                    requests += [("OPTIONS", path, {"Origin": origin, "Access-Control-Request-Method": "POST",
                                                    "Access-Control-Request-Headers": "authorization, content-type"})
                                 for path in preflight_routes]
                    for method, path, headers in requests:
                        try:
                            ex = probe.request(method, path, headers=headers, identity=identity
                                               if method == "GET" and route.authenticated else None)
                        except TargetError as exc:
                            failures.append(str(exc))
                            continue
                        answered += 1
                        finding = judge(ex, origin)
                        if finding is not None:
                            label = f"{method} {path}" if method == "GET" else f"preflight OPTIONS {path}"
                            found.setdefault((label, finding.kind), []).append(finding)
        except BudgetExhausted as exc:
            note = f" (stopped early: {exc})"
        requests_sent = probe.count
    if not answered:
        reason = failures[0] if failures else "no request was sent"
        return Outcome(Status.ERROR, f"no CORS probe got an answer: {reason}", requests=requests_sent)
    if route is None:
        tried_routes = "; ".join(skipped) or "none answered"
        return Outcome(Status.WARN, f"undetermined: no candidate route answered ({tried_routes}); name a route "
                                    "that answers in [checks.\"api.cors\"] route",
                       (Evidence(Status.WARN, f"no route answered the hostile origin: {tried_routes}",
                                 location=candidates[0].label, fingerprint="api.cors:no-route"),),
                       requests=requests_sent)
    evidence = []
    for (label, kind), items in found.items():
        shown = ", ".join(f.origin for f in items[:3]) + (f" and {len(items) - 3} more" if len(items) > 3 else "")
        evidence.append(Evidence(
            _STATUS[kind], f"{label} {_MESSAGES[kind].format(origins=shown)}",
            location=label.removeprefix("preflight "),
            detail=_detail(items[0]) + f"\nroute chosen: {route.why}",
            fingerprint=f"api.cors:{label}:{kind}",
        ))
    if failures:
        evidence.append(Evidence(Status.WARN, f"{len(failures)} CORS probe(s) got no answer: {failures[0]}",
                                 location=route.label, fingerprint="api.cors:unanswered"))
    preflights = ", ".join(preflight_routes)
    tried = (f"{len(origins)} hostile origins on {route.label} ({route.why}) and preflights to {preflights}"
             + (f"; skipped {', '.join(skipped)}" if skipped else ""))
    return Outcome.from_evidence(
        evidence,
        passed=f"no hostile origin granted: {tried}{note}",
        failed=(f"hostile origins granted cross-origin access: {tried}{note}" if found
                else f"not every CORS probe was answered: {tried}{note}"),
        requests=requests_sent,
    )


CHECK = Check(META, run, options={"route": "", "frontend-origins": [], "budget": 40})
"""``route``: the route to send hostile origins to (default: chosen from the route inventory);
``frontend-origins``: the origins the product's front end is served from (hostile look-alikes are
built from them, from ``domain`` and from the target's host)."""
