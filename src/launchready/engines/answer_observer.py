"""AnswerObserver: every answer the scan received, from any check, read for what ``api.error-hygiene`` and
``api.security-headers`` judge — so a banner, a stack trace or a missing header on *any* route a check
touched becomes evidence naming that route (``X-Powered-By`` on ``GET /healthcheck`` only, a traceback
in a 500 that ``api.input-validation`` provoked).

The same idea as :mod:`launchready.engines.chat_observer`, on the same hook (``ApiTarget.observers``):
nothing is decided while checks run. The runner runs checks in parallel (and the exclusive ones after
the others), so what a check could read "by the time it runs" would depend on scheduling; instead,
after every check finished, :func:`attach_answers` adds to each of the two checks what was seen in
answers to *other* checks' probes, deterministically sorted. Their own probes stay their own.

What counts, per answer (at most ``PER_ROUTE`` answers per method, path and status are read, so a
burst of 300 costs three):

* a ``Server``/``X-Powered-By``/… header carrying a version → ``api.error-hygiene`` fail;
* a stack trace, debug page, server path, SQL error or library version in the body of an *error*
  answer (≥ 400), and not an echo of what the request sent → ``api.error-hygiene`` fail. Success
  answers carry the product's data and chat replies, where such text may be legitimate: they are not
  read for leaks ("blocking means sure");
* on a 2xx answer, no ``X-Content-Type-Options: nosniff`` → ``api.security-headers`` warn; a 2xx
  answer to a request carrying a test tenant's credentials without ``Cache-Control: no-store`` →
  ``api.security-headers`` fail.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from urllib.parse import unquote, urlsplit

from launchready.engines.chat_observer import current_check
from launchready.model import Evidence, Result, Status
from launchready.targets.http import Exchange

ERROR_HYGIENE = "api.error-hygiene"
SECURITY_HEADERS = "api.security-headers"
PER_ROUTE = 3
_READ_AT_MOST = 64 * 1024

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


def _header(headers: Mapping[str, str], name: str) -> str | None:
    return next((v for k, v in headers.items() if k.lower() == name), None)


@dataclass(frozen=True)
class Sighting:
    """One fact seen in the answer to ``source``'s probe of ``route``, evidence for ``proves``."""

    proves: str
    kind: str
    """``banner:<header>``, ``leak:<kind>``, ``nosniff`` or ``no-store``."""
    source: str
    route: str
    status: Status
    what: str
    detail: str
    answer: str = ""
    """The answer's status and body digest, for a 2xx fact: a catch-all gives the same to every path."""


# The made-up paths the scan asks to learn how the server answers a route that cannot exist.
_MADE_UP = re.compile(r"^/(?:lr-(?:no-such-route|not-a-route)-[0-9a-f]+|launchready-[0-9a-f]+-no-such-route)$")


def _digest(ex: Exchange) -> str:
    return f"{ex.status}:{hashlib.sha256(ex.body).hexdigest()}"


class AnswerObserver:
    """Records sightings from every exchange of one scan; built once, shared by every check."""

    def __init__(self, authenticated: Callable[[Mapping[str, str]], bool]) -> None:
        self._authenticated = authenticated
        self._lock = threading.Lock()
        self._read: dict[tuple[str, str, int], int] = {}
        self._seen: dict[tuple[str, str, str], Sighting] = {}
        self._catch_all: set[str] = set()

    def observe(self, exchange: Exchange) -> None:
        """Look at one exchange (called by the ApiTarget for every answer it receives). An answer too
        malformed to read is simply not observed: the check that asked judges it itself."""
        try:
            self._observe(exchange)
        except (ValueError, TypeError, AttributeError, RecursionError):
            return

    def _observe(self, ex: Exchange) -> None:
        if ex.cut:
            return  # an answer read only in part (over the cap, never ending, a bomb) proves nothing here
        path = urlsplit(ex.url).path or "/"
        if _MADE_UP.match(path):
            with self._lock:
                self._catch_all.add(_digest(ex))  # what a route that does not exist gets
            return
        key = (ex.method, path, ex.status)
        with self._lock:
            if self._read.get(key, 0) >= PER_ROUTE:
                return
            self._read[key] = self._read.get(key, 0) + 1
        source = current_check()
        route = f"{ex.method} {path}"
        summary = f"{ex.summary()} (sent by {source or 'the scan'})"
        for name, value in ex.headers.items():
            if banner(name, value):
                canonical = "-".join(p.capitalize() for p in name.lower().split("-"))
                shown = value if len(value) <= 160 else value[:159] + "…"
                self._add(Sighting(ERROR_HYGIENE, f"banner:{name.lower()}", source, route, Status.FAIL,
                                   f"{canonical} header carries versions: {canonical}: {shown}",
                                   f"{summary}\n{canonical}: {shown}"))
        if ex.status >= 400:
            text = ex.body[:_READ_AT_MOST].decode("utf-8", "replace")
            sent = f"{unquote(ex.url)}\n{ex.request_body}"
            for kind, excerpt in leaks(text):
                pattern = dict(LEAKS)[kind].search(text)
                if pattern is not None and pattern.group(0) in sent:
                    continue  # the server echoed what the request carried: not its own internals
                self._add(Sighting(ERROR_HYGIENE, f"leak:{kind}", source, route, Status.FAIL,
                                   f"{kind} in an error answer", f"{summary}\n{kind}: …{excerpt}…"))
        if 200 <= ex.status < 300 and ex.method not in ("OPTIONS", "HEAD"):  # a preflight carries no content
            if "nosniff" not in (_header(ex.headers, "x-content-type-options") or "").lower():
                self._add(Sighting(SECURITY_HEADERS, "nosniff", source, route, Status.WARN,
                                   "`X-Content-Type-Options: nosniff` missing", summary, _digest(ex)))
            directives = {d.strip().split("=", 1)[0].lower()
                          for d in (_header(ex.headers, "cache-control") or "").split(",")}
            if "no-store" not in directives and self._authenticated(ex.request_headers):
                self._add(Sighting(SECURITY_HEADERS, "no-store", source, route, Status.FAIL,
                                   "`Cache-Control: no-store` missing on an authenticated answer",
                                   f"{summary}\ncache-control: {_header(ex.headers, 'cache-control') or '(none)'}",
                                   _digest(ex)))

    def _add(self, sighting: Sighting) -> None:
        with self._lock:
            self._seen.setdefault((sighting.kind, sighting.route, sighting.source), sighting)

    def sightings(self) -> tuple[Sighting, ...]:
        """What was seen, less the 2xx facts drawn from a catch-all's answer (the same answer a made-up path
        got: it says nothing about the route that was asked)."""
        with self._lock:
            found = [v for v in self._seen.values() if not (v.answer and v.answer in self._catch_all)]
        return tuple(sorted(found, key=lambda s: (s.proves, s.kind, s.route, s.source)))


def _covered(result: Result, sighting: Sighting) -> bool:
    """Whether the check's own evidence already names this fact on this route (or, for a banner, at all)."""
    for e in result.evidence:
        if sighting.kind.startswith("banner:") and e.fingerprint == f"{ERROR_HYGIENE}:header:{sighting.kind[7:]}":
            return True
        if sighting.kind.startswith("leak:") and e.location == sighting.route and sighting.kind[5:] in e.message:
            return True
        if sighting.kind in ("nosniff", "no-store") and e.fingerprint == f"{SECURITY_HEADERS}:{sighting.kind}" \
                and sighting.route in e.message:
            return True
    return False


def attach_answers(results: Sequence[Result], sightings: Sequence[Sighting]) -> list[Result]:
    """Each result with the sightings made in answers to *other* checks' probes, one evidence per fact
    (listing up to five routes). A fail sighting turns a pass, warn or undetermined result into a fail;
    a warn sighting turns a pass into a warn. A skipped or errored check is left as it is."""
    out: list[Result] = []
    for result in results:
        mine = [s for s in sightings if s.proves == result.check_id and s.source != result.check_id
                and not _covered(result, s)]
        if not mine or result.status in (Status.SKIP, Status.ERROR):
            out.append(result)
            continue
        by_kind: dict[str, list[Sighting]] = {}
        for s in mine:
            by_kind.setdefault(s.kind, []).append(s)
        added: list[Evidence] = []
        for kind, items in by_kind.items():
            routes = list(dict.fromkeys(s.route for s in items))
            first = items[0]
            more = f" and {len(routes) - 5} more" if len(routes) > 5 else ""
            where = ", ".join(routes[:5]) + more
            message = f"seen in answers to other checks' probes: {first.what} on {where}"
            added.append(Evidence(first.status, message, first.route, first.detail,
                                  f"{result.check_id}:seen-elsewhere:{kind}"))
        status, summary = result.status, result.summary
        fails = [e for e in added if e.status is Status.FAIL]
        if fails and status is not Status.FAIL:
            status, summary = Status.FAIL, f"{fails[0].message} ({result.summary})"
        elif status is Status.PASS:
            status, summary = Status.WARN, f"{result.summary}; but {added[0].message}"
        out.append(replace(result, status=status, summary=summary, evidence=(*result.evidence, *added)))
    return out
