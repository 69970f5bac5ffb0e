"""api.error-hygiene: errors provoked cheaply (malformed JSON, an unknown path, a wrong method,
path parameters of the wrong type or size, a broken ``Accept``, an unparseable webhook body) are
answered without stack traces, debug pages, file paths, SQL errors or library versions, and no
response carries a ``Server``/``X-Powered-By`` banner *with a version* (a bare product name is fine).

Nothing here changes state: the malformed bodies cannot be parsed, and the wrong method is a POST
to a read-only route (never DELETE/PUT).
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from urllib.parse import urlsplit

from launchready.context import CheckContext
from launchready.engines.live import clip, fill, first_tenant, param_route, show
from launchready.errors import TargetError
from launchready.model import Check, CheckMeta, Effort, Evidence, Outcome, Severity, Status, Surface
from launchready.targets.http import ApiTarget, BudgetExhausted, Exchange, Identity, split_route

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

LEAKS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("a Python traceback", re.compile(r"Traceback \(most recent call last\)|File \\?\"[^\"\n]+\\?\", line \d+")),
    ("a Java stack trace", re.compile(r"\bat (?:com|org|java|javax|jdk|sun|io|net)\.[\w$.]+\([\w$]*\.java:\d+\)|"
                                      r"\bException in thread \"|\bat (?:com|org|java)\.[\w$]+\.[\w$.]+\(")),
    ("a Node.js stack trace", re.compile(r"\bat Object\.<anonymous>|\n\s+at [\w.$<>\[\] ]+ \(?(?:/|[A-Z]:\\|node:)"
                                         r"[^)\n]*:\d+:\d+\)?|\\n\s+at [\w.$<> ]+ \(?/[^)\n]*:\d+:\d+")),
    ("a .NET stack trace", re.compile(r"\bat [\w.]+\.[\w<>]+\([^)\n]*\) in [^\n]+:line \d+|System\.\w+Exception:")),
    ("a framework debug page", re.compile(r"Werkzeug Debugger|The debugger caught an exception|Django Version:|"
                                          r"<title>[^<]*at /[^<]*</title>|You're seeing this error because you have "
                                          r"<code>DEBUG = True|Whoops, looks like something went wrong|"
                                          r"<pre>\s*\w*Error: [^<]*<br> &nbsp; &nbsp;at ")),
    ("a server file path", re.compile(r"(?<![\w.:/%-])/(?:home|app|usr/lib/python|usr/local/lib|srv|opt|var/www)"
                                      r"/[\w.@+-]+|site-packages|dist-packages|node_modules/[\w@.-]+/|"
                                      r"\b[A-Z]:\\{1,2}(?:Users|inetpub|Program Files|Windows|app|src)\b")),
    ("an SQL error", re.compile(r"sqlite3\.\w+Error|psycopg2?\.|\bpg8000\b|syntax error at or near|SQLSTATE\[?\w*|"
                                r"\bORA-\d{5}\b|You have an error in your SQL syntax|no such (?:table|column): |"
                                r"SequelizeDatabaseError|PrismaClient\w*Error|\bOperationalError\b|"
                                r"Python int too large to convert to SQLite")),
    ("library versions", re.compile(r"\b(?:Python|PHP|Werkzeug|Django|Flask|FastAPI|Starlette|uvicorn|gunicorn|"
                                    r"Express|Node\.js|nginx|Apache|Jetty|Tomcat|ASP\.NET|Rails|Ruby|OpenSSL|"
                                    r"pydantic|SQLAlchemy)[/ ]v?\d+\.\d+(?:\.\d+)?", re.IGNORECASE)),
)
BANNER_HEADERS = ("server", "x-powered-by", "x-aspnet-version", "x-aspnetmvc-version", "x-runtime-version")
_VERSION = re.compile(r"\d+\.\d+|/\s*v?\d+\b")


@dataclass(frozen=True)
class Provocation:
    label: str
    method: str
    path: str
    identity: bool
    headers: dict[str, str]
    content: bytes | None = None


def leaks(text: str) -> list[tuple[str, str]]:
    """``(kind, excerpt)`` for each kind of internal detail found in a response body."""
    found = []
    for kind, pattern in LEAKS:
        m = pattern.search(text)
        if m:
            start, end = max(0, m.start() - 60), min(len(text), m.end() + 100)
            found.append((kind, " ".join(text[start:end].split())))
    return found


def banner(name: str, value: str) -> bool:
    """A version banner: the product's name with a version (``uvicorn/0.29.0``, ``PHP/8.1``)."""
    return name.lower() in BANNER_HEADERS and bool(_VERSION.search(value))


def provocations(api: ApiTarget, ctx: CheckContext) -> list[Provocation]:
    nonce = secrets.token_hex(4)
    json_type = {"Content-Type": "application/json"}
    post = split_route(ctx.config.api.chat) or next(
        ((op.method, op.path) for op in api.operations if op.method == "POST" and "{" not in op.path
         and not api.is_public(op.method, op.path)), None)
    items: list[Provocation] = []
    if post:
        items.append(Provocation("malformed JSON", post[0], post[1], True, json_type, b'{"message": "lr-'))
    items.append(Provocation("unknown path", "GET", f"/lr-not-a-route-{nonce}", False, {}))
    items.append(Provocation("wrong method", "POST", ctx.config.api.health, False, json_type, b"{}"))
    template = param_route(api)
    if template:
        for value in ("abc", "%00", "999999999999999999999", "-1"):
            items.append(Provocation("invalid path parameter", "GET", fill(template, value), True, {}))
    items.append(Provocation("broken Accept", "GET", str(ctx.options["route"]), True,
                             {"Accept": "application/x-lr-broken; q=nope, */*;q=NaN"}))
    for hook in ctx.config.api.webhooks:
        items.append(Provocation("unparseable webhook body", "POST", hook.path, False,
                                 {"Content-Type": "application/json"}, b"lr-not-json{"))
    return items


def run(ctx: CheckContext) -> Outcome:
    api: ApiTarget = ctx.target(Surface.API)
    identity: Identity | None = first_tenant(api, ctx.config)
    evidence: list[Evidence] = []
    banners: dict[str, tuple[str, Exchange]] = {}
    failures: list[str] = []
    answered = 0
    note = ""
    with api.probe(budget=int(ctx.options["budget"]), deadline=ctx.deadline) as probe:
        try:
            for item in provocations(api, ctx):
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
                        detail=show(ex) + "\n" + "\n".join(f"{k}: …{e}…" for k, e in found),
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
        passed=f"{answered} provoked errors answered without internals; no version banners{note}",
        failed=f"error responses or headers reveal internals{note}",
        requests=count,
    )


def _path(ex: Exchange) -> str:
    return urlsplit(ex.url).path or "/"


CHECK = Check(META, run, options={"route": "/me", "budget": 40})
