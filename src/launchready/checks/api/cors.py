"""api.cors: hostile origins, built from the target's own host, are never granted credentialed
cross-origin reads — neither on a simple authenticated GET nor on a preflight.

The decision keys on ``Access-Control-Allow-Origin`` *echoing* the hostile origin (or ``*``) and
``Access-Control-Allow-Credentials: true`` together. Credentials alone mean nothing: Starlette's
CORSMiddleware sends ``Access-Control-Allow-Credentials: true`` on every simple response, also to
origins it refuses (it just leaves out ``Access-Control-Allow-Origin``, and the browser blocks).
The http→https "downgrade" origin is only hostile when the target itself is served over https.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from launchready.context import CheckContext
from launchready.engines.live import clip, first_tenant, header, show
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


def hostile_origins(base_url: str) -> list[str]:
    """Origins an attacker could serve a page from, derived from the target's own host."""
    parts = urlsplit(base_url)
    host = (parts.hostname or "").lower()
    origins = ["https://evil.example", "null", f"https://{host}.evil.example", f"https://evil{host}"]
    if "." in host:
        origins.append(f"https://{host.replace('.', 'x')}")  # an unescaped "." in an origin regex
    if parts.scheme == "https":
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


def run(ctx: CheckContext) -> Outcome:
    api: ApiTarget = ctx.target(Surface.API)
    route = str(ctx.options["route"])
    identity = first_tenant(api, ctx.config)
    preflight_routes = [route]
    chat = split_route(ctx.config.api.chat)
    if chat and chat[1] != route:
        preflight_routes.append(chat[1])
    origins = hostile_origins(api.base_url)
    found: dict[tuple[str, str], list[Finding]] = {}
    failures: list[str] = []
    answered = 0
    note = ""
    with api.probe(budget=int(ctx.options["budget"]), deadline=ctx.deadline) as probe:
        try:
            for origin in origins:
                if not answered and len(failures) >= 3:
                    break
                requests: list[tuple[str, str, dict[str, str]]] = [("GET", route, {"Origin": origin})]
                requests += [("OPTIONS", path, {"Origin": origin, "Access-Control-Request-Method": "POST",
                                                "Access-Control-Request-Headers": "authorization, content-type"})
                             for path in preflight_routes]
                for method, path, headers in requests:
                    try:
                        ex = probe.request(method, path, identity=identity if method == "GET" else None,
                                           headers=headers)
                    except TargetError as exc:
                        failures.append(str(exc))
                        if not answered and len(failures) >= 3:
                            break  # a server that answers nothing: three timeouts say so
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
    evidence = []
    for (label, kind), items in found.items():
        shown = ", ".join(f.origin for f in items[:3]) + (f" and {len(items) - 3} more" if len(items) > 3 else "")
        evidence.append(Evidence(
            _STATUS[kind], f"{label} {_MESSAGES[kind].format(origins=shown)}",
            location=label.removeprefix("preflight "),
            detail=_detail(items[0]),
            fingerprint=f"api.cors:{label}:{kind}",
        ))
    if failures:
        evidence.append(Evidence(Status.WARN, f"{len(failures)} CORS probe(s) got no answer: {failures[0]}",
                                 location=route, fingerprint="api.cors:unanswered"))
    tried = f"{len(origins)} hostile origins on GET {route} and preflights to {', '.join(preflight_routes)}"
    return Outcome.from_evidence(
        evidence,
        passed=f"no hostile origin granted: {tried}{note}",
        failed=(f"hostile origins granted cross-origin access: {tried}{note}" if found
                else f"not every CORS probe was answered: {tried}{note}"),
        requests=requests_sent,
    )


CHECK = Check(META, run, options={"route": "/me", "budget": 40})
