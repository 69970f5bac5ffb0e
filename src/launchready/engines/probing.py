"""Small helpers the live tenancy checks share: declared routes, tenants, error-page leaks, evidence text."""

from __future__ import annotations

import re
from typing import Any

from launchready.config import Config, Tenant
from launchready.errors import TargetError
from launchready.redaction import excerpt, redact_text
from launchready.targets.http import Exchange, Probe
from launchready.targets.replay import body_share, once

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


def show(*exchanges: Exchange, width: int = 200, focus: str = "") -> str:
    """Evidence detail: each exchange as its whole replay command, its status and a short body excerpt.

    Each command names the identity found in its own request's headers; no caller says who sent it
    (a caller's label once put tenant A's variable on tenant B's request)."""
    share = body_share(len(exchanges))
    return once("\n".join(f"{ex.curl(share)}\n→ {ex.status} {excerpt_around(ex, focus, width)}"
                          + (f"\n  ({ex.resent})" if ex.resent else "") for ex in exchanges))


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
