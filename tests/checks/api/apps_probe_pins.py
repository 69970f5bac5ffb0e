"""Purpose-built apps for the pins of the live blocking checks (``serve_app`` targets,
``tests.checks.api.apps_probe_pins:<name>``), each with a known answer to every probe.

- ``hygiene``: every provocation of ``api.error-hygiene`` is answered cleanly, except what the environment
  plants: ``HYGIENE_LEAKY=1`` — a different leak for each provocation (SQL text for malformed JSON on
  ``POST /chat``, a server path for the unknown path, the wrong method and the webhook, a library version,
  a path, an SQL error and a traceback for the four wrong path values), ``X-Powered-By: PHP/8.1.2`` only
  on the broken-``Accept`` answer and a 300-character versioned ``Server`` banner on the webhook's;
  ``HYGIENE_HANG=abc`` — ``GET /notes/abc`` answers after 5 s (one provocation unanswered).
- ``scripted_hook``: a webhook receiver that answers its n-th delivery with the n-th status of
  ``HOOK_ANSWERS`` (``hang``: no answer within 5 s).
- ``windowed_hook``: a verifying receiver whose timestamp window is ``HOOK_WINDOW_S`` seconds.
"""

from __future__ import annotations

import asyncio
import os
import time

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, PlainTextResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from launchready.engines import webhooks as schemes

TRACEBACK = (
    "Traceback (most recent call last):\n"
    '  File "/srv/notes/main.py", line 42, in note\n'
    "    return NOTES[int(note_id)]\n"
    "KeyError: -1\n"
)
LONG_SERVER = "gunicorn/21.2.0 " + "x" * 284  # 300 characters: the evidence shows 159 and an ellipsis


def _base() -> FastAPI:
    app = FastAPI()

    @app.get("/health")
    def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.post("/auth/login")
    async def login(request: Request) -> dict[str, str]:
        return {"access_token": "pin-token-0123456789", "token_type": "bearer"}

    return app


# --- api.error-hygiene ----------------------------------------------------------------------------
hygiene = _base()


def _leaky() -> bool:
    return os.environ.get("HYGIENE_LEAKY") == "1"


class ChatIn(BaseModel):
    message: str


@hygiene.exception_handler(RequestValidationError)
async def _unprocessable(request: Request, exc: Exception) -> Response:
    if _leaky() and request.url.path == "/chat" and request.headers.get("content-type") == "application/json":
        return PlainTextResponse('sqlite3.OperationalError: near "lr": syntax error', status_code=400)
    return JSONResponse({"detail": "invalid request"}, status_code=422)


@hygiene.exception_handler(StarletteHTTPException)
async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
    if _leaky():  # the unknown path and the wrong method: a path in the answer, the request's auth echoed
        return PlainTextResponse(f"{exc.status_code} at /srv/notes/router.py "
                                 f"(auth: {bool(request.headers.get('authorization'))})", status_code=exc.status_code)
    return JSONResponse({"detail": exc.detail}, status_code=exc.status_code)


@hygiene.post("/chat")
async def chat(body: ChatIn) -> dict[str, str]:
    return {"reply": "hello"}


@hygiene.get("/notes")
async def notes(request: Request) -> Response:
    broken = "x-lr-broken" in request.headers.get("accept", "")
    headers = {"X-Powered-By": "PHP/8.1.2"} if _leaky() and broken else {}
    return JSONResponse([{"id": 1, "title": "a note"}], headers=headers)


@hygiene.get("/tags")
async def tags() -> list[str]:
    return ["work"]


# In leaky mode each wrong value of the path parameter gets its own leak, so each probe is seen on its own.
NOTE_LEAKS = {
    "abc": (400, "invalid literal for int() with base 10: 'abc' (pydantic/2.7.1)"),
    "\x00": (400, "embedded null byte in /srv/notes/store.py"),
    "999999999999999999999": (500, "OverflowError: Python int too large to convert to SQLite INTEGER"),
    "-1": (500, TRACEBACK),
}


@hygiene.get("/notes/{note_id}")
async def note(note_id: str) -> Response:
    if note_id == os.environ.get("HYGIENE_HANG"):
        await asyncio.sleep(5)
    if _leaky() and note_id in NOTE_LEAKS:
        status, text = NOTE_LEAKS[note_id]
        return PlainTextResponse(text, status_code=status)
    if note_id == "1":
        return JSONResponse({"id": 1, "title": "a note"})
    return JSONResponse({"detail": "no such note"}, status_code=404)


@hygiene.post("/webhooks/{name}")
async def hook(name: str, request: Request) -> Response:
    body = await request.body()
    if _leaky() and request.headers.get("content-type") == "application/json":
        return PlainTextResponse(f"cannot parse {len(body)} bytes in /srv/notes/hooks.py", status_code=400,
                                 headers={"Server": LONG_SERVER})
    return JSONResponse({"detail": f"unparseable body of {len(body)} bytes"}, status_code=400)


# --- api.webhook-signatures -----------------------------------------------------------------------
# The check sends its deliveries in a fixed order (unsigned, random secret, [stale], tampered, the signed
# one, its replay): ``scripted_hook`` answers the n-th POST with the n-th entry of ``HOOK_ANSWERS`` (a
# status, or ``hang`` for no answer within 5 s), so each delivery's verdict is pinned on its own.
scripted_hook = _base()
_deliveries: list[dict[str, str]] = []


@scripted_hook.post("/webhooks/{name}")
async def scripted(name: str, request: Request) -> Response:
    answers = os.environ.get("HOOK_ANSWERS", "").split(",")
    _deliveries.append(dict(request.headers))
    answer = answers[min(len(_deliveries), len(answers)) - 1]
    if answer == "hang":
        await asyncio.sleep(5)
        answer = "200"
    return JSONResponse({"delivery": len(_deliveries)}, status_code=int(answer))


# ``windowed_hook``: verifies the signature of ``HOOK_SCHEME`` with ``HOOK_SECRET`` and accepts timestamps up to
# ``HOOK_WINDOW_S`` old (replays are accepted again: idempotency is not what it pins).
windowed_hook = _base()


@windowed_hook.post("/webhooks/{name}")
async def windowed(name: str, request: Request) -> Response:
    ok = schemes.verify(os.environ["HOOK_SCHEME"], os.environ["HOOK_SECRET"], dict(request.headers),
                        await request.body(), now=time.time(), tolerance_s=int(os.environ["HOOK_WINDOW_S"]))
    return JSONResponse({"verified": ok}, status_code=200 if ok else 400)
