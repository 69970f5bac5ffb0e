"""api.health: the health endpoint answers 200 fast and tells an outsider nothing about the internals."""

from __future__ import annotations

import re
import statistics
from typing import Any

from launchready.context import CheckContext
from launchready.engines.inventory import scan_inventory
from launchready.engines.route_choice import health_route, nothing_fits
from launchready.errors import TargetError
from launchready.model import Check, CheckMeta, Effort, Evidence, Outcome, Severity, Status, Surface
from launchready.redaction import holds_secret
from launchready.targets.http import ApiTarget, BudgetExhausted, Exchange, route_of

META = CheckMeta(
    id="api.health",
    title="Health endpoint is fast and reveals nothing",
    surface=Surface.API,
    severity=Severity.LOW,
    criteria="A health endpoint answers 200 fast; it exposes no internals.",
    why=(
        "Uptime monitors and load balancers decide from the health endpoint; a slow or failing one means "
        "flapping alerts or traffic sent to dead instances. It is public, so anything it prints — versions, "
        "paths, hostnames, environment — is reconnaissance handed to attackers."
    ),
    breaks=(
        "Monitoring cannot tell up from down; attackers learn exact library versions, file paths and "
        "database locations to pick exploits."
    ),
    fix=(
        "Return `{\"status\": \"ok\"}` (and 503 when a dependency is down) from a cheap handler with no "
        "authentication and no slow calls; put detailed diagnostics behind auth on an internal port."
    ),
    references=("OWASP API8:2023", "CWE-200", "CWE-497"),
    checklist=("Fast health endpoint for uptime monitoring", "No internals in public responses"),
    effort=Effort.MINUTES,
)

_INTERNAL_KEYS = re.compile(
    r"^(?:version|versions|python|python_version|node|node_version|go_version|runtime|platform|os|kernel|"
    r"hostname|host|server|pid|env|environ|environment|config|settings|db|database|dsn|database_url|db_url|"
    r"redis_url|path|cwd|file|dependencies|packages|modules|libraries|git_sha|commit|build|ip|internal_ip|"
    r"stack|traceback|debug)$",
    re.IGNORECASE,
)
_INTERNAL_TEXT: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("stack trace", re.compile(r"Traceback \(most recent call last\)|File \"[^\"]+\", line \d+|\n\s+at [\w.$]+\(")),
    ("database URL", re.compile(r"\b(?:postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|redis|amqp|sqlite)://", re.I)),
    ("file path", re.compile(r"(?:^|[\s\"'=:])(?:/(?:home|var|usr|opt|srv|tmp|etc|app|root)/[\w./-]+|[A-Z]:\\\\?\w)")),
    ("internal IP address", re.compile(
        r"\b(?:10\.\d{1,3}|192\.168|172\.(?:1[6-9]|2\d|3[01]))\.\d{1,3}\.\d{1,3}\b|\b127\.0\.0\.1\b")),
    ("software version", re.compile(
        r"\b(?:python|node|nodejs|go|java|php|ruby|uvicorn|gunicorn|fastapi|flask|django|express|nginx|postgres|"
        r"sqlite|openssl)[/ ]v?\d+\.\d+", re.I)),
    ("environment variable", re.compile(r"\b[A-Z][A-Z0-9_]{2,}=\S+")),
)


_READ_AT_MOST = 64 * 1024
_REDACT_AT_MOST = 2 * 1024


def _internals(ex: Exchange) -> list[str]:
    found: list[str] = []
    doc = ex.json()

    def walk(node: Any, trail: str) -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                if _INTERNAL_KEYS.match(str(k)) and v not in (None, "", [], {}):
                    found.append(f"key `{trail}{k}`")
                walk(v, f"{trail}{k}.")
        elif isinstance(node, list):
            for item in node[:50]:
                walk(item, trail)

    walk(doc, "")
    # A health answer is small; what a server pads it with must not cost the scan time: the regexes
    # read at most its first 64 kB, the redactor (far costlier per character) its first 2 kB.
    text = ex.body[:_READ_AT_MOST].decode("utf-8", "replace")
    for name, pattern in _INTERNAL_TEXT:
        if pattern.search(text):
            found.append(name)
    if holds_secret(text[:_REDACT_AT_MOST]):
        found.append("a credential-shaped value")
    return list(dict.fromkeys(found))


HEALTH_PATHS = ("/health", "/healthz", "/healthcheck", "/ready", "/status")
"""The documented probe list for a product that declares no health route: one GET each, first 200 wins."""


def _conventional(api: ApiTarget, ctx: CheckContext) -> tuple[str | None, TargetError | None]:
    """Which conventional health path to sample: the first that answers 200 with something else than a
    made-up path gets; ``/health`` itself as soon as an answer is neither that nor a plain 404/405 (a
    catch-all, a redirect, an error: the sampling and the undetermined rule then say what it was); ``None``
    when each answers 404/405. A path that does not answer at all is returned as the error."""
    stranger = api.stranger_answer(ctx.deadline)
    with api.probe(budget=len(HEALTH_PATHS), deadline=ctx.deadline) as probe:
        for path in HEALTH_PATHS:
            try:
                ex = probe.request("GET", path, timeout=float(ctx.options.get("timeout", 5.0)))
            except TargetError as exc:
                return None, exc
            except BudgetExhausted:
                return HEALTH_PATHS[0], None
            if ex.status in (404, 405):
                continue
            catch_all = stranger is not None and stranger.status == ex.status and stranger.body == ex.body
            return (path if ex.status == 200 and not catch_all else HEALTH_PATHS[0]), None
    return None, None


def run(ctx: CheckContext) -> Outcome:
    api: ApiTarget = ctx.target(Surface.API)
    declared = "health" in ctx.config.api.model_fields_set and bool(ctx.config.api.health)
    if declared:
        method, path = route_of(ctx.config.api.health, "GET")
        why = "declared ([api] health)"
    else:
        inv = scan_inventory(ctx)
        found = health_route(inv)
        if found is not None:
            method, path, why = found.method, found.path, found.why
        else:
            conventional, error = _conventional(api, ctx)
            if error is not None:
                return Outcome(Status.ERROR, f"health endpoint unreachable: {error}", (), 1)
            if conventional is None:
                return nothing_fits(inv, META.id, "health route (/health, /healthz, /healthcheck, /ready, /status…)",
                                    "[api] health")
            method, path = "GET", conventional
            why = "conventional path (none declared in [api] health or the inventory)"
    samples = max(1, min(int(ctx.options.get("samples", 5)), 20))
    max_ms = float(ctx.options.get("max-ms", 500))
    timeout = float(ctx.options.get("timeout", 5.0))
    location = f"{method} {path}"
    answers: list[Exchange] = []
    with api.probe(budget=samples + 1, deadline=ctx.deadline) as probe:
        try:
            for _ in range(samples):
                ex = probe.request(method, path, timeout=timeout)
                answers.append(ex)
                if ex.status != 200 or ex.elapsed_ms > 4 * max_ms:
                    break  # one bad answer decides; do not hammer a struggling endpoint
        except TargetError as exc:
            if not answers:
                return Outcome(Status.ERROR, f"health endpoint unreachable: {exc}", (), probe.count)
            answers_note = f"later sample failed: {exc}"
        except BudgetExhausted:
            answers_note = "time budget spent while sampling"
        else:
            answers_note = ""
        requests = probe.count
    if not answers:
        return Outcome(Status.ERROR, f"{location}: no answer before the check's deadline ({answers_note})", (),
                       requests)
    first = answers[0]
    detail = f"{first.curl()}\n→ {first.status} {first.excerpt(200)}"
    evidence: list[Evidence] = []
    bad = next((a for a in answers if a.status != 200), None)
    if bad is not None and bad.status == 404 and not declared:
        # A route the inventory named but the server does not have: not a failing health endpoint.
        evidence.append(Evidence(Status.WARN, f"undetermined: {location} ({why}) answered 404; declare the health "
                                              "route in [api] health", location,
                                 f"{bad.curl()}\n→ {bad.status} {bad.excerpt(200)}", f"api.health:{location}:missing"))
    elif bad is not None:
        evidence.append(Evidence(Status.FAIL, f"{location} answered {bad.status}, not 200", location,
                                 f"{bad.curl()}\n→ {bad.status} {bad.excerpt(200)}", f"api.health:{location}:status"))
    times = sorted(a.elapsed_ms for a in answers)
    median = statistics.median(times)
    if median > max_ms:
        evidence.append(Evidence(Status.FAIL, f"{location} is slow: median {median:.0f} ms over {len(times)} "
                                 f"request(s) (limit {max_ms:.0f} ms)", location, detail,
                                 f"api.health:{location}:slow"))
    if answers_note:
        evidence.append(Evidence(Status.WARN, answers_note, location, "", f"api.health:{location}:partial"))
    ok = next((a for a in answers if a.status == 200), None)
    leaks = _internals(ok) if ok is not None else []
    if leaks:
        strict = str(ctx.options.get("internals", "warn")) == "fail"
        evidence.append(Evidence(Status.FAIL if strict else Status.WARN,
                                 f"{location} exposes internals: {', '.join(leaks)}", location,
                                 f"{ok.curl()}\n→ {ok.status} {ok.excerpt(300)}" if ok else detail,
                                 f"api.health:{location}:internals"))
    metrics = {"median_ms": round(median, 1), "max_ms": round(times[-1], 1), "samples": len(times)}
    outcome = Outcome.from_evidence(
        evidence, passed=f"{location} answered 200 in {median:.0f} ms (median of {len(times)}), no internals "
                         f"(route: {why})",
        failed=f"{location}: " + "; ".join(e.message.split(": ", 1)[-1] if "internals" in e.message else e.message
                                          for e in evidence), requests=requests)
    return Outcome(outcome.status, outcome.summary, outcome.evidence, requests, metrics)


CHECK = Check(META, run, options={"samples": 5, "max-ms": 500, "timeout": 5.0, "internals": "warn"})
"""``internals = "fail"`` makes exposed internals a failure (a security review's stricter reading)."""
