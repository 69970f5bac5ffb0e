"""Purpose-built apps for the pins of the live blocking checks (``serve_app`` targets,
``tests.checks.api.apps_probe_pins:<name>``), each with a known answer to every probe.

- ``hygiene``: every provocation of ``api.error-hygiene`` is answered cleanly, except what the environment
  plants: ``HYGIENE_LEAKY=1`` — a different leak for each provocation (SQL text for malformed JSON on
  ``POST /chat``, a server path for the unknown path, the wrong method and the webhook, a library version,
  a path, an SQL error and a traceback for the four wrong path values), ``X-Powered-By: PHP/8.1.2`` only
  on the broken-``Accept`` answer and a 300-character versioned ``Server`` banner on the webhook's;
  ``HYGIENE_HANG=abc`` — ``GET /notes/abc`` answers after 5 s (one provocation unanswered);
  ``HYGIENE_ACCEPT_LEAK=1`` — the broken ``Accept`` on ``GET /notes`` is answered 406 with a server file path.
- ``scripted_hook``: a webhook receiver that answers its n-th delivery with the n-th status of
  ``HOOK_ANSWERS`` (``hang``: no answer within 5 s).
- ``windowed_hook``: a verifying receiver whose timestamp window is ``HOOK_WINDOW_S`` seconds.
- ``uploads``: an upload route that answers the n-th upload as ``UPLOAD_ANSWERS`` says (see there).
- ``timed``: three data routes and a chat route with chosen delays, model time, rate limit and failures.
- ``inputs``: a JSON route, a path and query parameters whose answer to each hostile input is planted.
- ``contacts``: a JSON route with five fields a hand-written pattern usually checks.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import time
from typing import Any

import httpx
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
    if broken and os.environ.get("HYGIENE_ACCEPT_LEAK") == "1":
        return JSONResponse({"detail": "cannot render for that Accept (/srv/notes/render.py)"}, status_code=406)
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


# --- api.latency ----------------------------------------------------------------------------------
# ``timed``: ``GET /items``, ``GET /tags`` and ``GET /notes`` sleep ``ITEMS_MS`` / ``TAGS_MS`` / ``NOTES_MS`` (every
# ``ITEMS_HANG_EVERY``-th ``/items`` 3 s; ``TAGS_STATUS`` is the status of ``/tags``); ``POST /chat`` sleeps ``CHAT_MS``
# and then ``MODEL_MS`` more, reported as ``Server-Timing: model;dur=…`` unless ``TIMING=0``, and answers 422
# unless the body is ``{"message": "hello"}``. ``CHAT_LIMIT=n`` answers 429 from the (n+1)-th chat on;
# ``ITEMS_STATUS`` is the status of every ``/items`` answer (200); ``ITEMS_FAIL_FIRST=k`` answers the first k
# with 500 (or ``ITEMS_FAIL_STATUS``) and ``ITEMS_FAIL_EVERY=k`` every k-th.
timed = _base()
_timed_counts: dict[str, int] = {}


def _count(route: str) -> int:
    _timed_counts[route] = _timed_counts.get(route, 0) + 1
    return _timed_counts[route]


@timed.get("/items")
async def timed_items() -> Response:
    n = _count("items")
    hang = int(os.environ.get("ITEMS_HANG_EVERY", "0"))
    await asyncio.sleep(3 if hang and n % hang == 0 else float(os.environ.get("ITEMS_MS", "5")) / 1000)
    every = int(os.environ.get("ITEMS_FAIL_EVERY", "0"))
    if n <= int(os.environ.get("ITEMS_FAIL_FIRST", "0")) or (every and n % every == 0):
        return JSONResponse({"detail": "failed"}, status_code=int(os.environ.get("ITEMS_FAIL_STATUS", "500")))
    return JSONResponse({"items": [n]}, status_code=int(os.environ.get("ITEMS_STATUS", "200")))


@timed.get("/tags")
async def timed_tags() -> Response:
    await asyncio.sleep(float(os.environ.get("TAGS_MS", "5")) / 1000)
    return JSONResponse(["work"], status_code=int(os.environ.get("TAGS_STATUS", "200")))


@timed.get("/notes")
async def timed_notes() -> list[str]:
    await asyncio.sleep(float(os.environ.get("NOTES_MS", "5")) / 1000)
    return ["a note"]


@timed.post("/chat")
async def timed_chat(request: Request) -> Response:
    n = _count("chat")
    limit = int(os.environ.get("CHAT_LIMIT", "-1"))
    if 0 <= limit < n:
        return JSONResponse({"detail": "slow down"}, status_code=429, headers={"Retry-After": "60"})
    if await request.json() != {"message": "hello"}:
        return JSONResponse({"detail": "unexpected body"}, status_code=422)
    await asyncio.sleep(float(os.environ.get("CHAT_MS", "5")) / 1000)
    started = time.perf_counter()
    await asyncio.sleep(float(os.environ.get("MODEL_MS", "0")) / 1000)
    headers = {}
    if os.environ.get("TIMING", "1") != "0":
        headers["Server-Timing"] = f"model;dur={(time.perf_counter() - started) * 1000:.1f}, db;dur=0.4"
    return JSONResponse({"reply": "hello"}, headers=headers)


# --- api.input-validation -------------------------------------------------------------------------
# ``inputs`` validates by hand (so each probe's answer can be planted): ``POST /notes`` takes
# ``{"title": str ≤ 100, "count": int, "avatar": str}`` (title required; ``avatar`` is a URL field by its name,
# but no ReDoS candidate, so the probes are the hostile bodies alone) and answers each kind of hostile
# body with a clean 4xx — or, for the kinds ``INPUT_FLAWS`` names, with what the flaw says: ``crash:<kind>``
# (500 with a traceback), ``bare500:<kind>`` (500, no body detail), ``leak:<kind>`` (400 with a stack frame),
# ``sql:<kind>`` (400 with SQLite error text), ``accept:<kind>`` (201), ``s300:<kind>`` (300), ``slow:<kind>`` (after 0.6 s),
# ``hang:<kind>`` (after 10 s), ``reflect`` (the title echoed in an HTML 400), ``fetch`` (GETs avatar).
# Kinds: the payload kinds of ``launchready.engines.payloads`` plus ``path`` (``GET /notes/{note_id}``) and
# ``query-limit`` / ``query-archived`` / ``query-q`` (``GET /search``). Routes the check must skip: a DELETE, a PUT, the login, an
# upload (multipart) and a POST needing an object id.
inputs = _base()
NOTE_SCHEMA = {"type": "object", "required": ["title"], "properties": {
    "title": {"type": "string", "maxLength": 100}, "count": {"type": "integer"},
    "avatar": {"type": "string"}}}


@inputs.middleware("http")
async def _refuse(request: Request, call_next: Any) -> Response:
    """``INPUT_REFUSE=401``: every probe of the data routes is refused before a handler (``hang``: never
    answered within 10 s)."""
    refusal = os.environ.get("INPUT_REFUSE")
    if refusal and request.url.path.startswith(("/notes", "/search")):
        if refusal == "hang":
            await asyncio.sleep(10)
        return JSONResponse({"detail": "refused"}, status_code=401 if refusal == "hang" else int(refusal))
    response: Response = await call_next(request)
    return response


def _flaw(kind: str) -> str:
    for flaw in os.environ.get("INPUT_FLAWS", "").split(","):
        if flaw.partition(":")[2] == kind:
            return flaw.partition(":")[0]
    return ""


async def _planted(kind: str, clean: Response, echo: str = "") -> Response:
    flaw = _flaw(kind)
    if flaw == "slow":
        await asyncio.sleep(0.6)
    elif flaw == "hang":
        await asyncio.sleep(10)
    if flaw == "crash":
        return PlainTextResponse(TRACEBACK, status_code=500)
    if flaw == "bare500":
        return JSONResponse({"detail": "internal error"}, status_code=500)
    if flaw == "leak":
        return PlainTextResponse(f'rejected ({kind}) at File "/srv/notes/validate.py", line 12', status_code=400)
    if flaw == "sql":
        return JSONResponse({"detail": 'sqlite3.OperationalError: unrecognized token: "\'"'}, status_code=400)
    if flaw == "accept":
        return JSONResponse({"id": 7}, status_code=201)
    if flaw == "s300":
        return JSONResponse({"detail": "multiple choices"}, status_code=300)
    if echo and "reflect" in os.environ.get("INPUT_FLAWS", "").split(","):
        return Response(f"<p>bad title: {echo}</p>", status_code=400, media_type="text/html")
    return clean


def _kind(raw: bytes, content_type: str) -> str:
    if "json" not in content_type:
        return "wrong-content-type"
    try:
        body = json.loads(raw)
    except ValueError:
        return "malformed-json"
    if not isinstance(body, dict):
        return "wrong-root"
    if "lr" in body:
        return "oversized" if len(raw) > 2000 else "valid"
    if "avatar" in body and "lr-ssrf" in str(body["avatar"]):
        return "ssrf"
    if "title" not in body:
        return "missing-fields"
    title = body["title"]
    if isinstance(title, dict):
        return "deep-nesting"
    if not isinstance(title, str) or not isinstance(body.get("count", 0), int):
        return "wrong-type"
    if len(title) >= 100_000:
        return "long-string"
    if "\x00" in title:
        return "control-chars"
    if "\ud800" in title:
        return "lone-surrogate"
    if "<script>" in title:
        return "script"
    return "valid"


@inputs.post("/notes", openapi_extra={"requestBody": {"required": True, "content": {
    "application/json": {"schema": NOTE_SCHEMA}}}})
async def inputs_notes(request: Request) -> Response:
    raw = await request.body()
    kind = _kind(raw, request.headers.get("content-type", ""))
    if kind == "ssrf":
        body = json.loads(raw)
        if "fetch" in os.environ.get("INPUT_FLAWS", "").split(","):
            async with httpx.AsyncClient(trust_env=False, timeout=2) as client:
                with contextlib.suppress(httpx.HTTPError):
                    await client.get(body["avatar"])
        return JSONResponse({"id": 8}, status_code=201)
    status = {"valid": 201, "control-chars": 201, "lone-surrogate": 201, "script": 201, "oversized": 413,
              "malformed-json": 400, "wrong-content-type": 415}.get(kind, 422)
    clean = JSONResponse({"detail": f"{kind}"} if status >= 400 else {"id": 9}, status_code=status)
    echo = json.loads(raw)["title"] if kind == "script" else ""
    return await _planted(kind, clean, echo)


@inputs.get("/notes/{note_id}")
async def inputs_note(note_id: int) -> Response:
    return JSONResponse({"id": note_id})


@inputs.exception_handler(RequestValidationError)
async def _inputs_invalid(request: Request, exc: Exception) -> Response:
    kind = "path" if request.url.path.startswith("/notes/") else "query"
    if kind == "query":
        kind = next(f"query-{name}" for name in ("limit", "archived", "q") if name in request.query_params)
    return await _planted(kind, JSONResponse({"detail": "invalid"}, status_code=422))


@inputs.get("/search")
async def inputs_search(q: str = "", limit: int = 10, archived: bool = False) -> Response:
    if "'" in q:
        return await _planted("query-q", JSONResponse({"results": []}))
    if limit < 0:
        return await _planted("query-limit", JSONResponse({"detail": "negative"}, status_code=400))
    return JSONResponse({"results": [], "limit": limit})


@inputs.delete("/notes/{note_id}")
async def inputs_delete(note_id: int) -> dict[str, int]:
    return {"deleted": note_id}


@inputs.put("/notes/{note_id}")
async def inputs_put(note_id: int, request: Request) -> dict[str, int]:
    return {"id": note_id}


@inputs.patch("/notes/{note_id}")
async def inputs_patch(note_id: int, request: Request) -> dict[str, int]:
    return {"id": note_id}


@inputs.post("/notes/{note_id}/comments", openapi_extra={"requestBody": {"content": {
    "application/json": {"schema": NOTE_SCHEMA}}}})
async def inputs_comment(note_id: int, request: Request) -> dict[str, int]:
    return {"id": note_id}


@inputs.post("/files", openapi_extra={"requestBody": {"content": {
    "multipart/form-data": {"schema": {"type": "object", "properties": {"file": {"type": "string",
                                                                                  "format": "binary"}}}}}}})
async def inputs_files(request: Request) -> dict[str, int]:
    return {"id": 1}


# ``contacts``: one JSON route with five fields a hand-written pattern usually checks (e-mail, phone, website,
# domain, host), each validated at once: only four of them may get the ReDoS ramp.
contacts = _base()
CONTACT_FIELDS = ("email", "phone", "website", "domain", "host")


@contacts.post("/contacts", openapi_extra={"requestBody": {"required": True, "content": {"application/json": {
    "schema": {"type": "object", "properties": {name: {"type": "string"} for name in CONTACT_FIELDS}}}}}})
async def contact(request: Request) -> Response:
    try:
        body = json.loads(await request.body())
    except ValueError:
        return JSONResponse({"detail": "malformed"}, status_code=400)
    ok = isinstance(body, dict) and body.keys() == set(CONTACT_FIELDS) and all(
        isinstance(v, str) and len(v) < 100 and v.isalnum() for v in body.values())
    return JSONResponse({"id": 1} if ok else {"detail": "invalid"}, status_code=201 if ok else 422)
