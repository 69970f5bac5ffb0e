"""api.error-hygiene: errors provoked cheaply (malformed JSON, an unknown path, a wrong method,
path parameters of the wrong type or size, a broken ``Accept``, an unparseable webhook body) are
answered without stack traces, debug pages, file paths, SQL errors or library versions, and no
response carries a ``Server``/``X-Powered-By`` banner *with a version* (a bare product name is fine).

Each provocation goes to a route of the route inventory (the unknown path excepted), named in the
evidence with the reason it was chosen. Besides these, every answer the scan received — whichever
check asked — is read for version banners, and every error answer for stack traces and the like
(``engines/answer_observer.py``): attached after all checks ended, so the result does not depend on
the order the runner ran them in.

Nothing here changes state: the malformed bodies cannot be parsed, and the wrong method is a POST
to a read-only route (never DELETE/PUT).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from urllib.parse import urlsplit

from launchready.context import CheckContext
from launchready.engines.answer_observer import banner, leaks
from launchready.engines.inventory import scan_inventory
from launchready.engines.live import clip, fill, first_tenant, show
from launchready.engines.route_choice import data_routes, get_only_route, given, json_post, param_route, public_routes
from launchready.errors import TargetError
from launchready.model import Check, CheckMeta, Effort, Evidence, Outcome, Severity, Status, Surface
from launchready.targets.http import ApiTarget, BudgetExhausted, Exchange, Identity

META = CheckMeta(
    id="api.error-hygiene",
    title="Errors reveal no internals",
    surface=Surface.API,
    severity=Severity.MEDIUM,
    criteria=(
        "No response (error ones included) carries a stack trace, framework debug page, file path, SQL error or "
        "library versions; no `Server`/`X-Powered-By` version banners."
    ),
    why=(
        "Stack traces, paths, SQL text and exact versions are a map for an attacker: they name the code, the "
        "schema and the known vulnerabilities to try."
    ),
    breaks=(
        "Targeted exploitation of a known-vulnerable version, SQL injection guided by the error text, and a "
        "failed security review ('stack traces in production')."
    ),
    fix=(
        "Turn debug mode off, install one catch-all exception handler that logs the error and returns a generic "
        "500 body with a request id, and remove or strip version banners (`server_header=False` in uvicorn, no "
        "`X-Powered-By`)."
    ),
    references=("CWE-209", "CWE-497", "OWASP API8:2023", "OWASP ASVS 5.0 V16.5"),
    checklist=("no stack traces or internals in error responses",),
    effort=Effort.HOURS,
)

@dataclass(frozen=True)
class Provocation:
    label: str
    method: str
    path: str
    identity: bool
    headers: dict[str, str]
    content: bytes | None = None
    why: str = ""


def provocations(api: ApiTarget, ctx: CheckContext) -> list[Provocation]:
    """Cheap provocations, each on a route the inventory holds (the unknown path excepted: it is meant
    not to exist)."""
    nonce = secrets.token_hex(4)
    json_type = {"Content-Type": "application/json"}
    inv = scan_inventory(ctx)
    items: list[Provocation] = []
    post = json_post(inv, ctx.config.api.chat)
    if post:
        items.append(Provocation("malformed JSON", post.method, post.path, post.authenticated, json_type,
                                 b'{"message": "lr-', post.why))
    items.append(Provocation("unknown path", "GET", f"/lr-not-a-route-{nonce}", False, {},
                             why="a path made up to not exist"))
    readable = given(ctx, META.id, "route") or data_routes(inv) + public_routes(inv)
    get_only = get_only_route(inv, public_routes(inv) + data_routes(inv))
    if get_only:
        items.append(Provocation("wrong method", "POST", get_only.path, False, json_type, b"{}",
                                 f"a GET route the inventory lists no POST for ({get_only.why})"))
    template = param_route(inv)
    if template:
        for value in ("abc", "%00", "999999999999999999999", "-1"):
            items.append(Provocation("invalid path parameter", "GET", fill(template.path, value),
                                     template.authenticated, {}, why=template.why))
    if readable:
        items.append(Provocation("broken Accept", "GET", readable[0].path, readable[0].authenticated,
                                 {"Accept": "application/x-lr-broken; q=nope, */*;q=NaN"}, why=readable[0].why))
    for hook in ctx.config.api.webhooks:
        items.append(Provocation("unparseable webhook body", "POST", hook.path, False,
                                 {"Content-Type": "application/json"}, b"lr-not-json{", "a declared webhook"))
    return items


def run(ctx: CheckContext) -> Outcome:
    api: ApiTarget = ctx.target(Surface.API)
    identity: Identity | None = first_tenant(api, ctx.config)
    evidence: list[Evidence] = []
    banners: dict[str, tuple[str, Exchange]] = {}
    failures: list[str] = []
    answered = 0
    note = ""
    items = provocations(api, ctx)
    with api.probe(budget=int(ctx.options["budget"]), deadline=ctx.deadline) as probe:
        try:
            for item in items:
                try:
                    ex = probe.request(item.method, item.path, identity=identity if item.identity else None,
                                       headers=item.headers, content=item.content)
                except TargetError as exc:
                    failures.append(f"{item.method} {item.path}: {exc}")
                    if not answered and len(failures) >= 3:
                        break  # a server that answers nothing: three timeouts say so
                    continue
                answered += 1
                for name, value in ex.headers.items():
                    if banner(name, value) and name.lower() not in banners:
                        banners[name.lower()] = (value, ex)
                found = leaks(ex.text)
                if found:
                    where = f"{item.method} {item.path}"
                    kinds = ", ".join(k for k, _ in found)
                    evidence.append(Evidence(
                        Status.FAIL, f"{where} ({item.label}) answered {ex.status} with {kinds}",
                        location=where,
                        detail=show(ex) + "\n" + "\n".join(f"{k}: …{e}…" for k, e in found)
                        + f"\nroute chosen: {item.why}",
                        fingerprint=f"api.error-hygiene:{item.method} {item.path.split('/')[1]}:{item.label}:{kinds}",
                    ))
        except BudgetExhausted as exc:
            note = f" (stopped early: {exc})"
        count = probe.count
    if not answered:
        reason = failures[0] if failures else "nothing to send"
        return Outcome(Status.ERROR, f"no provoked error got an answer: {reason}", requests=count)
    for name, (raw, ex) in banners.items():
        canonical = "-".join(p.capitalize() for p in name.split("-"))
        value = clip(raw, 160)
        evidence.append(Evidence(
            Status.FAIL, f"{canonical} header carries versions: {canonical}: {value}",
            location=f"{ex.method} {_path(ex)}", detail=f"{ex.summary()}\n{canonical}: {value}",
            fingerprint=f"api.error-hygiene:header:{name}",
        ))
    if failures:
        evidence.append(Evidence(Status.WARN, f"{len(failures)} provocation(s) got no answer: {failures[0]}",
                                 fingerprint="api.error-hygiene:unanswered"))
    return Outcome.from_evidence(
        evidence,
        passed=f"{answered} provoked errors answered without internals ({_labels(items)}); no version "
               f"banners{note}",
        failed=f"error responses or headers reveal internals{note}",
        requests=count,
    )


def _labels(items: list[Provocation]) -> str:
    """Which provocation went where: ``malformed JSON → POST /chat; …`` (evidence names the routes)."""
    by_label: dict[str, list[str]] = {}
    for item in items:
        by_label.setdefault(item.label, []).append(f"{item.method} {item.path}")
    return "; ".join(f"{label} → {', '.join(routes[:2])}{' …' if len(routes) > 2 else ''}"
                     for label, routes in by_label.items())


def _path(ex: Exchange) -> str:
    return urlsplit(ex.url).path or "/"


CHECK = Check(META, run, options={"route": "", "budget": 40})
"""``route``: the route the broken-``Accept`` probe reads (default: chosen from the route inventory)."""
