"""Small purpose-built ASGI apps for the edges a live check must survive: serve them with
``serve_app("launchready.lab.edge_apps:<name>", env=..., cwd=checkout_root())``.

Every app answers ``GET /health`` with 200 at once (``serve_app`` waits for it) and, except
``hang``/``garbage``/``errors``/``reject_webhooks`` where the point is not to, ``POST /auth/login``
with a token for any credentials, so a scan config with tenants works against it.

- ``hang``: every other request sleeps 60 s before answering (a server that never answers in time).
- ``garbage``: 200 with random bytes and a wrong ``Content-Type`` for everything.
- ``errors``: 500 with a Python traceback (file paths, an SQL error) for everything.
- ``reject_webhooks``: 400 to every POST; other methods 200 ``{}``.
- ``huge_body``: 200 streaming 50 MB (``EDGE_HUGE_MB``) of JSON-looking bytes for everything.
- ``delays``: each route sleeps the next delay of ``EDGE_DELAYS_MS`` (a comma list cycled *per
  route*, so N requests to one route meet a known multiset of delays); ``POST /chat`` sleeps
  ``EDGE_MODEL_MS`` more and reports it as ``Server-Timing: model;dur=…`` unless
  ``EDGE_SERVER_TIMING=0``; ``EDGE_RATE_LIMIT`` (per route) answers 429 after that many requests.
- ``webhooks``: a webhook receiver for ``EDGE_WEBHOOK_SCHEME`` with ``EDGE_WEBHOOK_SECRET`` at
  ``POST /webhooks/<scheme>``, verifying with :func:`launchready.engines.webhooks.verify`;
  ``EDGE_WEBHOOK_FLAW`` plants one flaw: ``no-timestamp`` (any timestamp accepted),
  ``no-dedupe`` (a replayed delivery is accepted again), ``accept-all`` (no verification).
"""

from __future__ import annotations

import asyncio
import itertools
import os
import secrets
import threading
import time
from collections import defaultdict
from collections.abc import AsyncIterator, Iterator

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response, StreamingResponse
from starlette.routing import Route

from launchready.engines import webhooks as schemes

TRACEBACK = (
    "Traceback (most recent call last):\n"
    '  File "/app/venv/lib/python3.11/site-packages/starlette/routing.py", line 74, in app\n'
    "    response = await func(request)\n"
    '  File "/srv/acme/main.py", line 42, in handler\n'
    '    conn.execute("SELECT * FROM convos WHERE id = " + ident)\n'
    "sqlite3.OperationalError: no such table: convos\n"
)
METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]


async def _health(request: Request) -> Response:
    return JSONResponse({"status": "ok"})


async def _login(request: Request) -> Response:
    return JSONResponse({"access_token": "edge-" + secrets.token_hex(8), "token_type": "bearer"})


def _app(handler: object, *, login: bool = True) -> Starlette:
    routes = [Route("/health", _health, methods=["GET"])]
    if login:
        routes.append(Route("/auth/login", _login, methods=["POST"]))
    routes.append(Route("/{path:path}", handler, methods=METHODS))  # type: ignore[arg-type]
    return Starlette(routes=routes)


# -- hang ------------------------------------------------------------------------------------------
async def _hang(request: Request) -> Response:
    await asyncio.sleep(60)
    return JSONResponse({})


hang = _app(_hang, login=False)


# -- garbage ---------------------------------------------------------------------------------------
async def _garbage(request: Request) -> Response:
    return Response(os.urandom(2048), status_code=200, media_type="image/png")


garbage = _app(_garbage, login=False)


# -- errors ----------------------------------------------------------------------------------------
async def _errors(request: Request) -> Response:
    return PlainTextResponse(TRACEBACK, status_code=500,
                             headers={"Server": "gunicorn/21.2.0", "X-Powered-By": "Python/3.11.4"})


errors = _app(_errors, login=False)


# -- reject_webhooks -------------------------------------------------------------------------------
async def _reject(request: Request) -> Response:
    if request.method == "POST":
        return JSONResponse({"detail": "rejected"}, status_code=400)
    return JSONResponse({})


reject_webhooks = _app(_reject, login=False)


# -- huge_body -------------------------------------------------------------------------------------
async def _huge(request: Request) -> Response:
    megabytes = int(os.environ.get("EDGE_HUGE_MB", "50"))
    chunk = b'{"pad":"' + b"x" * (1024 * 1024 - 11) + b'"}\n'

    async def stream() -> AsyncIterator[bytes]:
        for _ in range(megabytes):
            yield chunk

    return StreamingResponse(stream(), media_type="application/json")


huge_body = _app(_huge)


# -- delays ----------------------------------------------------------------------------------------
class _Cycles:
    """A per-route cycle of delays and a per-route request count (uvicorn runs one event loop,
    but the lock keeps it right under any server)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.cycles: dict[str, Iterator[float]] = {}
        self.counts: defaultdict[str, int] = defaultdict(int)

    def next(self, route: str, delays: list[float]) -> tuple[float, int]:
        with self.lock:
            cycle = self.cycles.setdefault(route, itertools.cycle(delays))
            self.counts[route] += 1
            return next(cycle), self.counts[route]


_cycles = _Cycles()


async def _delays(request: Request) -> Response:
    delays = [float(x) for x in os.environ.get("EDGE_DELAYS_MS", "20").split(",") if x.strip()]
    route = f"{request.method} {request.url.path}"
    delay, count = _cycles.next(route, delays)
    limit = int(os.environ.get("EDGE_RATE_LIMIT", "0"))
    if limit and count > limit:
        return JSONResponse({"detail": "too many requests"}, status_code=429, headers={"Retry-After": "60"})
    await asyncio.sleep(delay / 1000)
    headers: dict[str, str] = {}
    if request.method == "POST" and request.url.path == "/chat":
        model_ms = float(os.environ.get("EDGE_MODEL_MS", "0"))
        started = time.perf_counter()
        await asyncio.sleep(model_ms / 1000)
        if os.environ.get("EDGE_SERVER_TIMING", "1") != "0":
            headers["Server-Timing"] = f"model;dur={(time.perf_counter() - started) * 1000:.1f}, db;dur=0.4"
        return JSONResponse({"reply": "hello"}, headers=headers)
    # Each route answers in its own words, as a product's routes do: a scan tells them from a catch-all.
    return JSONResponse({"id": 1, "items": [], "route": request.url.path}, headers={"Cache-Control": "no-store"})


delays = _app(_delays)


# -- webhooks --------------------------------------------------------------------------------------
_seen: set[str] = set()
_seen_lock = threading.Lock()


async def _webhook(request: Request) -> Response:
    scheme = os.environ.get("EDGE_WEBHOOK_SCHEME", "stripe")
    if request.method != "POST" or request.url.path != f"/webhooks/{scheme}":
        return JSONResponse({"detail": "not found"}, status_code=404)
    flaw = os.environ.get("EDGE_WEBHOOK_FLAW", "")
    body = await request.body()
    tolerance = 10**10 if flaw == "no-timestamp" else schemes.DEFAULT_TOLERANCE_S
    if flaw != "accept-all" and not schemes.verify(scheme, os.environ.get("EDGE_WEBHOOK_SECRET", ""),
                                                   dict(request.headers), body, now=time.time(),
                                                   tolerance_s=tolerance):
        return JSONResponse({"detail": "invalid signature"}, status_code=400)
    if flaw not in {"no-dedupe", "accept-all"}:
        key = "|".join(request.headers.get(h, "") for h in (
            "stripe-signature", "x-hub-signature-256", "x-slack-signature", "webhook-id", "x-signature"))
        with _seen_lock:
            if key in _seen:
                return JSONResponse({"detail": "replayed delivery"}, status_code=400)
            _seen.add(key)
    return JSONResponse({"received": True})


webhooks = _app(_webhook, login=False)
