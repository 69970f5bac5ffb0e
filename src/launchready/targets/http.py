"""ApiTarget: the one HTTP client every live check shares — allow-listed, counted, budgeted.

Only loopback and hosts the config declares as staging can be targeted; anything else is refused
before a packet is sent (no redirects are followed, and every request's host is re-checked). Each
check draws a :class:`Probe` with its own request budget; every request is counted for the
scorecard footer. Credentials come from environment variables named in the config and are
redacted in every exchange the checks record as evidence.
"""

from __future__ import annotations

import hashlib
import json
import os
import ssl
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from http.cookiejar import CookieJar, DefaultCookiePolicy
from typing import Any, TypeVar
from urllib.parse import urlsplit

import httpx

from launchready.config import Config, Tenant
from launchready.engines.spec_document import parse_spec_text, spec_document
from launchready.errors import LaunchreadyError, TargetError
from launchready.redaction import excerpt, remember_secret
from launchready.targets.bounded_body import IncompleteBody, read_body
from launchready.targets.memo import Memo
from launchready.targets.replay import (
    INLINE_BODY,
    Credential,
    RecordedRequest,
    curl_command,
    login_hint,
    token_variable,
)
from launchready.targets.sink import CanarySink
from launchready.targets.wire import GuardedTransport, addresses_for, connections_opened, request_deadline

T = TypeVar("T")
BODY_EXCERPT = 300
MAX_BODY_BYTES = 2 * 1024 * 1024
# A probe's last request ends this long before the check's deadline, so the check can still say what
# it saw instead of being cut off by the runner ("timed out; nothing was decided").
DECIDING_TIME = 0.3
# Of a body cut at the cap, only its start is kept: the answer is not judged anyway, and a check that
# keeps its exchanges (a burst of 60) must not hold 60 × 2 MB a server chose to send.
CUT_BODY_KEPT = 64 * 1024
# Of a request body, this much is kept as evidence: whole for every probe the checks send (the longest
# are the input-validation payloads), so the replay command can quote it whole.
REQUEST_BODY_KEPT = 64 * 1024
REPLAYABLE = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
"""Idempotent methods (RFC 9110 §9.2.2): sent twice, they leave the server as sent once. With the login,
the only requests resent when a reused connection turned out to be closed (see :meth:`ApiTarget.send`)."""
DROPPED = (httpx.ReadError, httpx.WriteError, httpx.RemoteProtocolError)
"""The connection was reset or closed before any answer came (not a timeout, not a refused connect)."""
KEEPALIVE_S = 1.0
"""How long an idle pooled connection is reused. Below the idle timeouts of common servers (uvicorn 5 s,
gunicorn 2 s), so the client gives a connection up before the server closes it under a request."""
OPENAPI_PATHS = (
    "/openapi.json", "/swagger.json", "/api/openapi.json", "/v3/api-docs", "/api-docs", "/docs/openapi.json",
    "/openapi.yaml", "/openapi.yml", "/swagger.yaml", "/openapi3.yml",
)


class BudgetExhausted(LaunchreadyError):
    """A check spent its request budget; it decides with what it has seen."""


def host_allowed(host: str, staging_hosts: tuple[str, ...]) -> bool:
    """Literal loopback addresses, the exact name ``localhost`` (connected to 127.0.0.1 / ::1 without a
    DNS query), and exactly the hosts declared as staging. ``localhost.localdomain`` and other names
    that merely look local are refused: nothing guarantees a resolver keeps them on the machine."""
    return bool(addresses_for(host, staging_hosts))


@dataclass(frozen=True)
class Exchange:
    """One request and its answer, redacted, as evidence."""

    method: str
    url: str
    request_headers: Mapping[str, str]
    request_body: str
    status: int
    headers: Mapping[str, str]
    body: bytes
    elapsed_ms: float
    cut: str = ""
    """Why ``body`` holds only the start of the answer (too large, a compression bomb); ``""`` if whole."""
    credentials: tuple[Credential, ...] = ()
    """The scan's secrets found in the headers sent: who made the request, by value, not by claim."""
    request_body_whole: bool = True
    """False when ``request_body`` is not exactly what was sent (binary, or longer than it keeps)."""
    request_body_size: int = -1
    request_body_digest: str = ""
    resent: str = ""
    """Why this answer is the second attempt (the first met a closed keep-alive connection); ``""`` if first."""

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.body).hexdigest()[:16]

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    def json(self) -> Any:
        try:
            return json.loads(self.body)
        except (ValueError, UnicodeDecodeError):
            return None

    def excerpt(self, width: int = BODY_EXCERPT) -> str:
        # Bounded before anything else touches it (a body may be 2 MB, evidence never is), and redacted
        # before the cut, so no secret is shown in part.
        return excerpt(" ".join(self.body[: width * 4].decode("utf-8", "replace").split()), width)

    def curl(self, inline: int = INLINE_BODY) -> str:
        """The whole, redacted curl command that replays the request as the identity that sent it; a
        body over ``inline`` characters is read from a file (see :mod:`launchready.targets.replay`)."""
        return curl_command(RecordedRequest(self.method, self.url, self.request_headers, self.request_body,
                                            self.request_body_whole, self.request_body_size,
                                            self.request_body_digest, self.credentials), inline)

    def summary(self) -> str:
        return f"{self.method} {urlsplit(self.url).path} → {self.status}" + (" (resent once)" if self.resent else "")


@dataclass(frozen=True)
class Answer:
    """What a check got back, kept small: enough to tell a judgeable answer from a redirect or a 5xx."""

    method: str
    path: str
    status: int
    location: str
    digest: str
    cut: str = ""


class Ledger:
    """Every answer and every missing answer of one check's probes (all its threads), as the check ran.

    The live checks decide from what a route answered; the ledger lets one shared rule
    (``engines/live.py``) see afterwards whether any answer could be judged at all.
    """

    SAMPLES = 3

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.answers: list[Answer] = []
        self.failures: list[str] = []
        self.samples: list[Exchange] = []

    def record(self, ex: Exchange) -> None:
        answer = Answer(ex.method, urlsplit(ex.url).path or "/", ex.status,
                        next((v for k, v in ex.headers.items() if k.lower() == "location"), "")[:200], ex.digest,
                        ex.cut)
        with self._lock:
            self.answers.append(answer)
            if len(self.samples) < self.SAMPLES:
                self.samples.append(ex)

    def fail(self, message: str) -> None:
        with self._lock:
            self.failures.append(message)


@dataclass
class Identity:
    """A logged-in test user: the headers that carry its credential."""

    name: str
    headers: dict[str, str]
    token: str = ""
    claims: Mapping[str, Any] = field(default_factory=dict)


class Probe:
    """A check's handle on the target: counts its own requests against its own budget.

    ``exempt`` (the default) sends the configured scanner token; a probe that measures the
    product's rate limits is created with ``exempt=False`` and meets the limiter as anyone would.
    """

    def __init__(self, target: ApiTarget, budget: int, deadline: float, *, exempt: bool = True) -> None:
        self.target = target
        self.budget = budget
        self.deadline = deadline
        self.exempt = exempt
        self.ledger = target.current_ledger()
        self.count = 0
        self._count_lock = threading.Lock()  # load checks send from several threads

    def remaining(self) -> int:
        return self.budget - self.count

    def request(
        self,
        method: str,
        path: str,
        *,
        identity: Identity | None = None,
        headers: Mapping[str, str] | None = None,
        json_body: Any = None,
        content: bytes | str | None = None,
        data: Mapping[str, str] | None = None,
        files: Mapping[str, tuple[str, bytes, str]] | None = None,
        params: Mapping[str, str] | None = None,
        timeout: float | None = None,
    ) -> Exchange:
        if time.monotonic() >= self.deadline - DECIDING_TIME:
            raise BudgetExhausted("time budget spent")
        with self._count_lock:
            if self.count >= self.budget:
                raise BudgetExhausted(f"request budget of {self.budget} spent")
            self.count += 1
        merged = {**(identity.headers if identity else {}), **(headers or {})}
        try:
            ex = self.target.send(method, path, headers=merged, json_body=json_body, content=content, data=data,
                                  files=files, params=params, timeout=timeout, exempt=self.exempt,
                                  deadline=self.deadline - DECIDING_TIME)
        except TargetError as exc:
            if self.ledger is not None:
                self.ledger.fail(exc.message)
            raise
        if ex.resent:  # the second attempt is a request too
            with self._count_lock:
                self.count += 1
        if self.ledger is not None:
            self.ledger.record(ex)
        return ex

    def get(self, path: str, **kw: Any) -> Exchange:
        return self.request("GET", path, **kw)

    def post(self, path: str, **kw: Any) -> Exchange:
        return self.request("POST", path, **kw)


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    secured: bool | None
    body_schema: Mapping[str, Any] | None = None
    params: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        return f"{self.method} {self.path}"


class ApiTarget:
    """The running product, reached over HTTP. Built once per scan."""

    def __init__(self, config: Config) -> None:
        assert config.url is not None
        parts = urlsplit(config.url)
        if parts.scheme not in {"http", "https"} or not parts.hostname:
            raise TargetError(f"not an http(s) URL: {config.url}", hint="--url http://127.0.0.1:8000")
        if not host_allowed(parts.hostname, config.staging_hosts):
            raise TargetError(
                f"refusing to probe {parts.hostname}: only loopback and declared staging hosts are targeted",
                hint=f'declare it: staging-hosts = ["{parts.hostname}"] (never a production host you do not own)',
            )
        self.config = config
        self.settings = config.api
        self.base_url = config.url.rstrip("/")
        self.host = parts.hostname
        self._lock = threading.Lock()
        self._sent = 0
        self._identities: dict[str, Identity] = {}
        self._login_locks: dict[str, threading.Lock] = {}
        self._scanner: tuple[str, str] | None = None
        self._credentials: list[Credential] = []
        # The canary sink and the OpenAPI document are built once, however many checks ask at once.
        self._sink_lock = threading.Lock()
        self._sink: CanarySink | None = None
        self._openapi_lock = threading.Lock()
        self._openapi: tuple[Mapping[str, Any] | None] | None = None
        self.observers: list[Callable[[Exchange], None]] = []
        """Called with every exchange (the scan's chat observer reads every answer, whichever check asked)."""
        self._memo = Memo()
        self._stranger_lock = threading.Lock()
        self._stranger: tuple[Exchange | None] | None = None
        self._checks = threading.local()
        self.inventory_notes: list[str] = []
        if self.settings.scanner_token_env:
            token = os.environ.get(self.settings.scanner_token_env)
            if not token:
                raise TargetError(f"environment variable {self.settings.scanner_token_env} (the scanner token) "
                                  "is not set", hint="export it, or remove scanner-token-env from [api]")
            self._scanner = (self.settings.scanner_header, token)
            self._credentials.append(Credential("the scanner", self.settings.scanner_token_env,
                                                "the scanner token (scanner-token-env)", token))
        verify: ssl.SSLContext | bool = True
        if config.ca_file:
            try:
                verify = ssl.create_default_context(cafile=str(config.ca_file))
            except (OSError, ssl.SSLError) as exc:
                raise TargetError(f"cannot read the CA file {config.ca_file}: {exc}",
                                  hint="--ca-file takes a PEM file of trusted root certificates") from exc
        self._client = self._new_client(verify, httpx.Limits(max_connections=self.settings.concurrency,
                                                             keepalive_expiry=KEEPALIVE_S))
        # Resends go out on a connection of their own, closed after the answer: never on another pooled one
        # the server may have closed as well.
        self._fresh = self._new_client(verify, httpx.Limits(max_connections=self.settings.concurrency,
                                                            max_keepalive_connections=0))

    def _new_client(self, verify: ssl.SSLContext | bool, limits: httpx.Limits) -> httpx.Client:
        return httpx.Client(
            base_url=self.base_url, trust_env=False, follow_redirects=False,
            # No cookie jar: every check and identity shares this client, so a cookie one answer set would
            # ride along on every later request — a tenant's session on another tenant's probe, a login on
            # the "unauthenticated" one. A request carries exactly the credentials its caller gives it.
            cookies=CookieJar(policy=DefaultCookiePolicy(allowed_domains=[])),
            timeout=httpx.Timeout(self.settings.request_timeout),
            transport=GuardedTransport(verify=verify, limits=limits, staging_hosts=self.config.staging_hosts),
            # Only what bounded_body.read_body can inflate with a cap.
            headers={"User-Agent": "launchready (readiness scan; https://launchready.invalid)",
                     "Accept-Encoding": "gzip, deflate"},
        )

    # -- lifecycle --------------------------------------------------------------------------
    def close(self) -> None:
        self._client.close()
        self._fresh.close()
        if self._sink is not None:
            self._sink.close()

    @property
    def requests_sent(self) -> int:
        return self._sent

    @property
    def sink(self) -> CanarySink:
        """A loopback URL this scan controls; any request reaching it proves the server fetched it.

        Started once under a lock: concurrent checks must share one sink, or a check could plant
        its URL on one and look for the hit on another (``cached_property`` does not lock on 3.12+).
        """
        with self._sink_lock:
            if self._sink is None:
                self._sink = CanarySink.start()
            return self._sink

    def memo(self, key: str, build: Callable[[], T]) -> T:
        """``build()`` once per scan and key, however many checks ask at once (the route inventory)."""
        return self._memo.get(key, build)

    @contextmanager
    def probe(self, budget: int, deadline: float, *, exempt: bool = True) -> Iterator[Probe]:
        yield Probe(self, budget, deadline, exempt=exempt)

    @contextmanager
    def recording(self) -> Iterator[Ledger]:
        """Every probe drawn in this thread until the block ends records into one :class:`Ledger`."""
        ledger = Ledger()
        previous = getattr(self._checks, "ledger", None)
        self._checks.ledger = ledger
        try:
            yield ledger
        finally:
            self._checks.ledger = previous

    def current_ledger(self) -> Ledger | None:
        ledger: Ledger | None = getattr(self._checks, "ledger", None)
        return ledger

    def stranger_answer(self, deadline: float) -> Exchange | None:
        """How the server answers ``GET`` of a route that cannot exist, asked once per scan.

        A 2xx here means a catch-all: the same answer from a declared route proves nothing about
        that route. ``None`` when it could not be asked or did not answer.
        """
        with self._stranger_lock:
            if self._stranger is None:
                try:
                    answer: Exchange | None = self.send("GET", f"/lr-no-such-route-{os.urandom(4).hex()}",
                                                        deadline=deadline)
                except (TargetError, BudgetExhausted):
                    answer = None
                self._stranger = (answer,)
            return self._stranger[0]

    # -- sending ----------------------------------------------------------------------------
    def send(
        self,
        method: str,
        path: str,
        *,
        headers: Mapping[str, str] | None = None,
        json_body: Any = None,
        content: bytes | str | None = None,
        data: Mapping[str, str] | None = None,
        files: Mapping[str, tuple[str, bytes, str]] | None = None,
        params: Mapping[str, str] | None = None,
        timeout: float | None = None,
        exempt: bool = True,
        deadline: float | None = None,
    ) -> Exchange:
        """One request and its whole answer, within ``timeout`` (default: the config's request-timeout)
        *in total* — connect, headers and body — and never past ``deadline`` (monotonic).

        A server may close a keep-alive connection between two requests (after an answer to a request
        that crashed its handler, or when idle); the next request on it then meets a reset or "server
        disconnected" before any answer. Such a request, when it is idempotent (:data:`REPLAYABLE`) or
        the login, is resent once on a new connection, counted against the budget, and the answer says
        so (:attr:`Exchange.resent`). Anything else that meets it is an error, as before."""
        if exempt and self._scanner is not None:
            headers = {self._scanner[0]: self._scanner[1], **(headers or {})}
        url = path if path.startswith(("http://", "https://")) else f"{self.base_url}{path}"
        host = urlsplit(url).hostname or ""
        if not host_allowed(host, self.config.staging_hosts):
            raise TargetError(f"refusing to send a request to {host}: not loopback or a declared staging host")
        self._spend()
        started = time.perf_counter()
        total = timeout or self.settings.request_timeout
        began = time.monotonic()
        ends = began + total if deadline is None else min(began + total, deadline)
        try:
            request = self._client.build_request(
                method, url, headers=dict(headers or {}), json=json_body, content=content, data=data,
                files=files, params=params,
                timeout=httpx.Timeout(timeout) if timeout else httpx.USE_CLIENT_DEFAULT,
            )
            # The host the packet would go to, as the client parsed it — not as urlsplit did.
            if not host_allowed(request.url.host, self.config.staging_hosts):
                raise TargetError(f"refusing to send a request to {request.url.host}: "
                                  "not loopback or a declared staging host")
            with request_deadline(ends):
                replayable = method.upper() in REPLAYABLE or self._is_login(method, path)
                response, resent = self._open(request, replayable, f"{method} {path}")
                if resent:
                    started = time.perf_counter()  # the answer's own time, not the failed attempt's
                try:
                    body, cut = read_body(response, MAX_BODY_BYTES)
                finally:
                    if response.status_code >= 500:
                        _give_up_connection(response)
                    response.close()
        except IncompleteBody as exc:
            raise TargetError(f"{method} {path}: answered {response.status_code} with a body that cannot be "
                              f"read: {exc}") from exc
        except httpx.TimeoutException as exc:
            if time.monotonic() >= ends - 0.05:
                raise TargetError(f"{method} {path}: no complete answer within {max(0.0, ends - began):.3g}s "
                                  f"(the request's total timeout; {type(exc).__name__})") from exc
            raise TargetError(f"{method} {path}: no answer within the timeout ({type(exc).__name__})") from exc
        except (httpx.HTTPError, httpx.InvalidURL) as exc:
            raise TargetError(f"{method} {path}: {type(exc).__name__}: {exc}") from exc
        elapsed = (time.perf_counter() - started) * 1000
        sent_body, whole, size, digest = _sent_body(request, files)
        sent_headers = dict(request.headers)
        with self._lock:
            held = tuple(self._credentials)
        carried = tuple(c for c in held if c.value and any(c.value in v for v in sent_headers.values()))
        exchange = Exchange(
            method, str(request.url), sent_headers, sent_body, response.status_code,
            dict(response.headers), body[:CUT_BODY_KEPT] if cut else body, elapsed, cut,
            carried, whole, size, digest, resent,
        )
        for observe in self.observers:
            observe(exchange)
        return exchange

    def _spend(self) -> None:
        with self._lock:
            if self._sent >= self.settings.request_budget:
                raise BudgetExhausted(f"the scan's request budget ({self.settings.request_budget}) is spent")
            self._sent += 1

    def _is_login(self, method: str, path: str) -> bool:
        recipe = self.settings.login
        return method.upper() == recipe.method.upper() and urlsplit(path).path == recipe.path

    def _open(self, request: httpx.Request, replayable: bool, label: str) -> tuple[httpx.Response, str]:
        """Sends ``request``; when it met a dropped connection that was reused from the pool (this thread
        opened none for it) and it may be sent twice, sends it once more on a new connection."""
        opened = connections_opened()
        try:
            return self._client.send(request, stream=True), ""
        except DROPPED as exc:
            if not replayable or connections_opened() != opened:
                raise
            first = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        self._spend()
        try:
            response = self._fresh.send(request, stream=True)
        except DROPPED as exc:
            raise TargetError(f"{label}: {type(exc).__name__}: {exc} (also when resent once on a new connection; "
                              f"the first attempt met {first})") from exc
        return response, (f"resent once on a new connection: the first attempt went out on a reused keep-alive "
                          f"connection the server had closed ({first})")

    # -- identities -------------------------------------------------------------------------
    def hold(self, credential: Credential) -> None:
        """A credential a check made (a forged token): its requests' replays read it from
        ``credential.variable``, and it is masked by value like every token the scan holds."""
        remember_secret(credential.value)
        with self._lock:
            if credential not in self._credentials:
                self._credentials.append(credential)

    def identity(self, tenant: Tenant) -> Identity:
        """Log in (once, even when checks ask at the same moment) as ``tenant``'s test user;
        credentials are read from the named environment variables."""
        with self._lock:
            lock = self._login_locks.setdefault(tenant.name, threading.Lock())
        with lock:
            with self._lock:
                if tenant.name in self._identities:
                    return self._identities[tenant.name]
            identity = self._login(tenant)
            with self._lock:
                self._identities[tenant.name] = identity
            return identity

    def carries_identity(self, headers: Mapping[str, str]) -> bool:
        """Whether request ``headers`` carry a logged-in test tenant's credential (its answer is that tenant's)."""
        with self._lock:
            known = [i.headers for i in self._identities.values() if i.headers]
        lowered = {k.lower(): v for k, v in headers.items()}
        return any(all(lowered.get(k.lower()) == v for k, v in h.items()) for h in known)

    def _env(self, name: str | None, what: str, tenant: Tenant) -> str:
        if name is None:
            raise TargetError(f"tenant '{tenant.name}' has no {what}-env", hint=f"set {what}-env in [[api.tenants]]")
        value = os.environ.get(name)
        if not value:
            raise TargetError(f"environment variable {name} ({tenant.name}'s {what}) is not set")
        return value

    def _login(self, tenant: Tenant) -> Identity:
        recipe = self.settings.login
        if tenant.token_env:
            token = self._env(tenant.token_env, "token", tenant)
        else:
            username = self._env(tenant.username_env, "username", tenant)
            password = self._env(tenant.password_env, "password", tenant)
            fields = {recipe.username_field: username, recipe.password_field: password}
            answer = self.send(recipe.method, recipe.path, data=fields) if recipe.form else \
                self.send(recipe.method, recipe.path, json_body=fields)
            if answer.status >= 400:
                raise TargetError(f"login as tenant '{tenant.name}' failed: {answer.summary()}")
            token = resolve_pointer(answer.json(), recipe.token_pointer)
            if not isinstance(token, str) or not token:
                raise TargetError(f"login answer has no token at {recipe.token_pointer}: {answer.excerpt(120)}")
        remember_secret(token)  # masked by value in every output from now on, whatever header carries it
        if tenant.token_env:
            credential = Credential(tenant.name, tenant.token_env, f"{tenant.name}'s token (token-env)", token)
        else:
            credential = Credential(tenant.name, token_variable(tenant.name), login_hint(
                tenant.name, recipe.method, recipe.path, recipe.token_pointer, tenant.username_env), token)
        with self._lock:
            self._credentials.append(credential)
        value = f"{recipe.scheme} {token}".strip() if recipe.scheme else token
        return Identity(tenant.name, {recipe.header: value}, token, decode_claims(token))

    # -- inventory --------------------------------------------------------------------------
    @property
    def openapi(self) -> Mapping[str, Any] | None:
        """The OpenAPI document, from the configured path or file, or found at the usual paths.

        Fetched once even when several checks ask at the same moment."""
        with self._openapi_lock:
            if self._openapi is None:
                self._openapi = (self._load_openapi(),)
            return self._openapi[0]

    def _load_openapi(self) -> Mapping[str, Any] | None:
        configured = self.settings.openapi
        if configured and (not configured.startswith("/") or os.path.isfile(configured)):
            try:
                with open(configured, encoding="utf-8") as fh:
                    loaded = parse_spec_text(fh.read())
            except (OSError, ValueError) as exc:
                raise TargetError(f"cannot read OpenAPI file {configured}: {exc}") from exc
            return loaded if isinstance(loaded, dict) else None
        unreachable: TargetError | None = None
        answered = False
        for path in (configured,) if configured else OPENAPI_PATHS:
            try:
                answer = self.send("GET", path)
            except TargetError as exc:
                unreachable = exc
                if "timeout" in exc.message:
                    break  # a server that let one request time out will let the next ones too
                continue
            answered = True
            doc = spec_document(answer.text) if answer.status == 200 else None
            if doc is not None:
                return doc
        if unreachable is not None and not answered:
            # Nothing answered at all: "the product publishes no OpenAPI document" is not what was learnt.
            raise TargetError(f"cannot fetch the OpenAPI document: {unreachable.message}") from unreachable
        return None

    @cached_property
    def operations(self) -> tuple[Operation, ...]:
        """The OpenAPI document's operations; a wrongly shaped node is skipped with a note
        (:attr:`inventory_notes`), never a crash: the document comes from the server under test."""
        ops, notes = read_operations(self.openapi or {})
        self.inventory_notes.extend(notes)
        return ops

    def is_public(self, method: str, path: str) -> bool:
        return f"{method.upper()} {path}" in self.settings.public


_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


def _give_up_connection(response: httpx.Response) -> None:
    """Close the connection a 5xx came on instead of pooling it: servers close it themselves after a
    handler crashed (uvicorn does, right after the 500), and the next request sent on it would meet a reset."""
    stream = response.extensions.get("network_stream")
    close = getattr(stream, "close", None)
    if callable(close):
        close()


def _sent_body(request: httpx.Request, files: Mapping[str, tuple[str, bytes, str]] | None
               ) -> tuple[str, bool, int, str]:
    """The request body as evidence: (text, whether it is exactly what was sent, bytes, sha256 prefix).

    Read from the built request, so it is the bytes on the wire (httpx's JSON spelling, the form
    encoding), not a re-serialisation. A multipart upload is described by its file names."""
    if files:
        return "multipart: " + ", ".join(f"{k}={v[0]}" for k, v in files.items()), True, -1, ""
    raw = request.read()
    if not raw:
        return "", True, 0, ""
    digest = hashlib.sha256(raw).hexdigest()[:16]
    kept = raw[:REQUEST_BODY_KEPT]
    try:
        text, whole = kept.decode("utf-8"), len(raw) <= REQUEST_BODY_KEPT
    except UnicodeDecodeError:
        text, whole = kept.decode("utf-8", "replace"), False
    return text, whole, len(raw), digest


def read_operations(doc: Mapping[str, Any]) -> tuple[tuple[Operation, ...], list[str]]:
    """Operations of an OpenAPI document, checking the shape of every node it reads.

    Returns the operations and a note for each node skipped or read as absent because it had the
    wrong type (``requestBody: "x"``, ``paths: []``, a parameter that is a number…).
    """
    notes: list[str] = []

    def mapping(node: Any, where: str) -> Mapping[str, Any]:
        if node is None:
            return {}
        if isinstance(node, dict):
            return node
        notes.append(f"OpenAPI {where} is a {type(node).__name__}, not an object: ignored")
        return {}

    paths = mapping(doc.get("paths"), "paths")
    global_security = bool(doc.get("security"))
    ops: list[Operation] = []
    for path, item in paths.items():
        if isinstance(path, str) and path.startswith("x-"):
            continue  # a specification extension, not a path
        if not isinstance(path, str) or not path.startswith("/") or not isinstance(item, dict):
            notes.append(f"OpenAPI path {str(path)[:80]!r} is not a path with an object of operations: skipped")
            continue
        for method, op in item.items():
            if not isinstance(method, str) or method.upper() not in _METHODS:
                continue
            where = f"{method.upper()} {path[:80]}"
            if not isinstance(op, dict):
                notes.append(f"OpenAPI operation {where} is a {type(op).__name__}, not an object: skipped")
                continue
            secured = bool(op["security"]) if "security" in op else (global_security or None)
            content = mapping(mapping(op.get("requestBody"), f"{where} requestBody").get("content"),
                              f"{where} requestBody.content")
            schema = mapping(content.get("application/json"), f"{where} application/json").get("schema")
            if schema is not None and not isinstance(schema, dict):
                notes.append(f"OpenAPI {where} request schema is a {type(schema).__name__}: ignored")
                schema = None
            raw_params = op.get("parameters")
            if raw_params is not None and not isinstance(raw_params, list):
                notes.append(f"OpenAPI {where} parameters is a {type(raw_params).__name__}, not a list: ignored")
                raw_params = None
            params = tuple(p["name"] for p in raw_params or ()
                           if isinstance(p, dict) and isinstance(p.get("name"), str))
            ops.append(Operation(method.upper(), path, secured, schema, params))
    return tuple(ops), notes


def split_route(route: str | None, default_method: str = "POST") -> tuple[str, str] | None:
    """``"POST /chat"`` → ``("POST", "/chat")``; a bare path takes ``default_method``; nothing → ``None``.

    Routes in the config are written ``"METHOD /path"`` (or a bare path); every check reads them here.
    """
    if not route or not route.strip():
        return None
    parts = route.split(None, 1)
    if len(parts) == 2 and parts[0].isalpha():
        return parts[0].upper(), parts[1].strip()
    return default_method, route.strip()


def route_of(route: str, default_method: str = "POST") -> tuple[str, str]:
    """:func:`split_route` for a route that is known to be declared."""
    parts = split_route(route, default_method)
    if parts is None:
        raise TargetError("an empty route was given where one is required")
    return parts


def resolve_pointer(doc: Any, pointer: str) -> Any:
    """RFC 6901 JSON pointer (``/data/token``) into a parsed JSON document; ``None`` if absent."""
    node = doc
    for raw in pointer.lstrip("/").split("/") if pointer.strip("/") else ():
        part = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict):
            node = node.get(part)
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return None
    return node


def decode_claims(token: str) -> Mapping[str, Any]:
    """A JWT's claims without verifying it (to read ``sub``/``tenant_id``/``exp``); ``{}`` if not a JWT."""
    import jwt

    try:
        claims = jwt.decode(token, options={"verify_signature": False, "verify_exp": False})
    except jwt.PyJWTError:
        return {}
    return claims if isinstance(claims, dict) else {}
