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
- ``uploads``: an upload route that answers the n-th upload as ``UPLOAD_ANSWERS`` says (see there).
"""

from __future__ import annotations

import asyncio
import os
import time
from typing import Any

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


# --- api.upload-validation ------------------------------------------------------------------------
# ``uploads`` answers the n-th upload (the plain .txt first, then the check's samples in their fixed order)
# with the n-th entry of ``UPLOAD_ANSWERS``: ``ok`` (or ``ok:<status>``) stores it and answers 201 (or that
# status) with its id — under the key ``UPLOAD_ID_KEYS`` names (a comma list cycled per upload: ``id``,
# ``file_id``, ``uuid``…), a string ``f<n>`` or, with ``UPLOAD_INT_IDS=1``, the number n; ``limit`` stores it
# only when it is at most ``UPLOAD_LIMIT`` bytes (else 413); ``hang`` answers after 5 s; a number is that
# status. A stored file reads back at ``GET /files/{file_id}`` (its name and type under
# ``filename``/``content_type``, or ``name``/``type`` with ``UPLOAD_META=short``) and is served at
# ``GET /files/{file_id}/download`` with its own type, inline — unless ``UPLOAD_SERVE`` says otherwise per
# extension (``html:attachment,svg:text,png:xhtml,exe:s299``: as an attachment, as text/plain, as
# application/xhtml+xml, inline with status 299); ``GET /files/{file_id}/raw`` is a third content route that
# answers 404. ``DELETE /files/{file_id}`` answers ``UPLOAD_DELETED_STATUS`` (200), or keeps the ids listed in
# ``UPLOAD_KEEP`` (``f2:300,f7``: that status, else 404), or 401 without credentials if ``UPLOAD_DELETE_AUTH=1``.
uploads = _base()
_stored: dict[str, tuple[str, str, bytes]] = {}
_upload_count: list[int] = []


@uploads.post("/files")
async def upload(request: Request) -> Response:
    form = await request.form()
    item: Any = form.get("file")
    data: bytes = await item.read()
    _upload_count.append(1)
    n = len(_upload_count)
    answers = os.environ["UPLOAD_ANSWERS"].split(",")
    answer = answers[n - 1] if n <= len(answers) else "400"
    if answer == "hang":
        await asyncio.sleep(5)
        answer = "400"
    if answer == "limit":
        answer = "ok" if len(data) <= int(os.environ["UPLOAD_LIMIT"]) else "413"
    if not answer.startswith("ok"):
        return JSONResponse({"detail": f"refused upload {n}"}, status_code=int(answer))
    keys = os.environ.get("UPLOAD_ID_KEYS", "id").split(",")
    oid: str | int = n if os.environ.get("UPLOAD_INT_IDS") == "1" else f"f{n}"
    _stored[str(oid)] = (str(item.filename), str(item.content_type), data)
    status = int(answer.removeprefix("ok:")) if answer.startswith("ok:") else 201
    return JSONResponse({keys[(n - 1) % len(keys)]: oid, "size": len(data)}, status_code=status)


@uploads.get("/files/{file_id}")
async def read_back(file_id: str) -> Response:
    if file_id not in _stored:
        return JSONResponse({"detail": "no such file"}, status_code=404)
    name, kind, _data = _stored[file_id]
    if os.environ.get("UPLOAD_META") == "short":
        return JSONResponse({"name": name, "type": kind})
    return JSONResponse({"filename": name, "content_type": kind})


@uploads.get("/files/{file_id}/download")
async def download(file_id: str) -> Response:
    if file_id not in _stored:
        return JSONResponse({"detail": "no such file"}, status_code=404)
    name, kind, data = _stored[file_id]
    modes = dict(m.split(":", 1) for m in os.environ.get("UPLOAD_SERVE", "").split(",") if m)
    mode = modes.get(name.rsplit(".", 1)[-1], "inline")
    kind = {"text": "text/plain", "xhtml": "application/xhtml+xml"}.get(mode, kind)
    headers = {"Content-Disposition": "attachment"} if mode == "attachment" else {}
    status = int(mode[1:]) if mode.startswith("s") else 200
    return Response(data, status_code=status, media_type=kind, headers=headers)


@uploads.get("/files/{file_id}/raw")
async def raw(file_id: str) -> Response:
    return JSONResponse({"detail": "no raw view"}, status_code=404)


@uploads.delete("/files/{file_id}")
async def remove(file_id: str, request: Request) -> Response:
    if os.environ.get("UPLOAD_DELETE_AUTH") == "1" and not request.headers.get("authorization"):
        return JSONResponse({"detail": "log in"}, status_code=401)
    keep = dict((k + ":404").split(":")[:2] for k in os.environ.get("UPLOAD_KEEP", "").split(",") if k)
    if file_id in keep:
        return JSONResponse({"detail": "kept"}, status_code=int(keep[file_id]))
    _stored.pop(file_id, None)
    return JSONResponse({"deleted": file_id}, status_code=int(os.environ.get("UPLOAD_DELETED_STATUS", "200")))
