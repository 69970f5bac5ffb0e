"""Small helpers the live tenancy checks share: declared routes, tenants, error-page leaks, evidence text."""

from __future__ import annotations

import re
import shlex
from typing import Any

from launchready.config import Config, Tenant
from launchready.errors import TargetError
from launchready.redaction import excerpt, redact_text
from launchready.targets.http import Exchange, Probe

# Text that only a crashed handler or a debug page puts in a response body.
LEAK_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("Python traceback", re.compile(r"Traceback \(most recent call last\)")),
    ("stack frame", re.compile(r'File "[^"]+", line \d+')),
    ("Node/Java stack frame", re.compile(r"\n\s+at [\w.$<>]+ \(?[\w/\\.:-]+:\d+")),
    ("SQL error", re.compile(
        r"sqlite3\.\w+Error|OperationalError|IntegrityError|psycopg2?\.|SQLSTATE\[|syntax error at or near|"
        r"You have an error in your SQL syntax|ORA-\d{5}|unrecognized token:|no such (?:table|column):",
        re.IGNORECASE)),
    ("debug page", re.compile(r"Werkzeug Debugger|Django Version:|Whoops, looks like something went wrong")),
)



def tenants(config: Config) -> tuple[Tenant, ...]:
    return config.api.tenants


def tenant_named(config: Config, name: str) -> Tenant:
    for tenant in config.api.tenants:
        if tenant.name == name:
            return tenant
    if config.api.tenants:
        return config.api.tenants[0]
    raise TargetError("no test tenants declared", hint="declare two [[api.tenants]] with credentials by env name")


def leaks(text: str) -> list[str]:
    """Names of the internals a response body gives away (stack traces, SQL errors, debug pages)."""
    return [name for name, pattern in LEAK_PATTERNS if pattern.search(text)]


CREDENTIAL_HEADERS = frozenset({"authorization", "cookie", "x-api-key", "api-key", "x-auth-token"})
_SKIP_HEADERS = frozenset({"host", "content-length", "accept-encoding", "connection", "user-agent", "accept"})


def curl(ex: Exchange, who: str = "") -> str:
    """A replayable curl line; a credential header is written as a shell variable named after the
    identity (``-H "$LR_AUTH_TENANT_A"``), so the evidence says who sent it and never shows the token."""
    parts = ["curl", "-sS", "-X", ex.method]
    secret_headers: list[str] = []
    for name, value in ex.request_headers.items():
        low = name.lower()
        if low in _SKIP_HEADERS or (low == "content-type" and value.startswith("multipart/")):
            continue
        if low in CREDENTIAL_HEADERS:
            secret_headers.append("$LR_AUTH_" + re.sub(r"[^A-Z0-9]+", "_", (who or "test user").upper()))
            continue
        parts += ["-H", f"{name}: {value}"]
    if ex.request_body.startswith("multipart: "):
        for item in ex.request_body[len("multipart: "):].split(", "):
            parts += ["-F", item.replace("=", "=@", 1)]
    elif ex.request_body:
        body = ex.request_body if len(ex.request_body) <= 160 else ex.request_body[:159] + "…"
        parts += ["--data-raw", body]
    parts.append(ex.url)
    line = " ".join(shlex.quote(p) for p in parts)
    for variable in secret_headers:
        line += f' -H "{variable}"'
    return redact_text(line)


def excerpt_around(ex: Exchange, focus: str, width: int = 200) -> str:
    """A body excerpt centred on ``focus`` (the leaked canary), or the start of the body."""
    # Redacted before it is cut: a secret straddling either edge is masked whole, never shown in part.
    raw = " ".join(ex.text.split())
    text = redact_text(raw)
    wanted = " ".join(focus.split())
    at = text.find(wanted) if focus else -1
    if at < 0 and focus and (raw_at := raw.find(wanted)) >= 0:
        at = raw_at * len(text) // max(len(raw), 1)  # the canary itself was masked: about where it was
    if at < 0 or len(text) <= width:
        return excerpt(text, width)
    start = max(0, at - width // 3)
    return ("…" if start else "") + text[start:start + width] + ("…" if start + width < len(text) else "")


def show(*exchanges: Exchange, who: str = "", width: int = 200, focus: str = "") -> str:
    """Evidence detail: each exchange as a curl line, its status and a short body excerpt."""
    return "\n".join(f"{curl(ex, who)}\n→ {ex.status} {excerpt_around(ex, focus, width)}" for ex in exchanges)


class RetryingProbe:
    """A :class:`Probe` that resends once when the server dropped the connection (not on a timeout).

    A server that crashed on an earlier (possibly another check's) request may close a pooled
    keep-alive connection; the next request on it fails without the server ever seeing it. One
    resend tells that apart from a server that really stopped answering. Both attempts are counted.
    """

    def __init__(self, probe: Probe) -> None:
        self.probe = probe

    @property
    def count(self) -> int:
        return self.probe.count

    def remaining(self) -> int:
        return self.probe.remaining()

    def request(self, method: str, path: str, **kw: Any) -> Exchange:
        try:
            return self.probe.request(method, path, **kw)
        except TargetError as exc:
            if "timeout" in exc.message:
                raise
            return self.probe.request(method, path, **kw)

    def get(self, path: str, **kw: Any) -> Exchange:
        return self.request("GET", path, **kw)

    def post(self, path: str, **kw: Any) -> Exchange:
        return self.request("POST", path, **kw)
