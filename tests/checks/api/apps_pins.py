"""Purpose-built apps with exactly one flaw each, so no other finding can hide it (``serve_app`` targets).

- ``settings_leak``: notes are isolated, but ``GET /workspaces/{workspace_id}/settings`` serves any
  workspace to anyone logged in — and every answer carries a fresh request id and timestamp, so the
  owner's read and the peer's leaked read are never byte-identical.
- ``settings_from_session``: the same route done right the common way: the path id is ignored and the
  caller's own workspace is served (a 200 with the peer's *own* data is no leak).
- ``unreadable``: every note refuses even its owner (403), so isolation cannot be compared at all.
- ``xff_only``: login is limited per client address, chat per ``X-Forwarded-For`` — the only flaw is
  that chat's limit is keyed on a header the client chooses.
- ``advertised_ietf``: chat sends ``RateLimit: limit=3, remaining=N`` and never enforces it.
- ``lockout_401`` / ``_403`` / ``_423``: limits done right, but after the bursts the test user's session
  is refused with that status.
"""

from __future__ import annotations

import itertools
import os
import re
import time
from collections import Counter
from typing import Any

from fastapi import FastAPI, HTTPException, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel

WORKSPACES = {1: {"display_name": "Acme Robotics Workspace", "retention": "kept-for-thirty-days"},
              2: {"display_name": "Globex Chemicals Workspace", "retention": "kept-for-ninety-days"}}
NOTES = {1: {"id": 101, "tenant_id": 1, "title": "Acme launch plan, internal"},
         2: {"id": 202, "tenant_id": 2, "title": "Globex merger notes, internal"}}
_request_ids = itertools.count(1)


def _tenant_of_email(email: str) -> int:
    return 1 if email == os.environ.get("LR_TENANT_A_EMAIL") else 2


def _tenant(request: Request) -> int:
    auth = request.headers.get("authorization", "")
    if not auth.startswith("Bearer tok-tenant-"):
        raise HTTPException(401, "log in")
    return int(auth.removeprefix("Bearer tok-tenant-"))


def _stamped(data: dict[str, Any]) -> dict[str, Any]:
    return {**data, "request_id": f"req-{next(_request_ids):06d}", "served_at": time.time()}


def _tenancy_app() -> FastAPI:
    app = FastAPI()

    @app.get("/health")
    def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.post("/auth/login")
    async def login(request: Request) -> dict[str, str]:
        body = await request.json()
        return {"access_token": f"tok-tenant-{_tenant_of_email(str(body.get('email', '')))}"}

    @app.get("/me")
    def me(request: Request) -> dict[str, Any]:
        tenant = _tenant(request)
        return {"id": f"user-{tenant}", "tenant_id": tenant}

    @app.get("/notes")
    def notes(request: Request) -> list[dict[str, Any]]:
        return [NOTES[_tenant(request)]]

    @app.get("/notes/{note_id}")
    def note(note_id: int, request: Request) -> dict[str, Any]:
        own = NOTES[_tenant(request)]
        if own["id"] != note_id:
            raise HTTPException(404, "no such note")
        return _stamped(own)

    return app


settings_leak = _tenancy_app()


@settings_leak.get("/workspaces/{workspace_id}/settings")
def leaked_settings(workspace_id: int, request: Request) -> dict[str, Any]:
    _tenant(request)
    if workspace_id not in WORKSPACES:
        raise HTTPException(404, "no such workspace")
    return _stamped({"workspace_id": workspace_id, "settings": WORKSPACES[workspace_id]})


settings_from_session = _tenancy_app()


@settings_from_session.get("/workspaces/{workspace_id}/settings")
def own_settings(workspace_id: int, request: Request) -> dict[str, Any]:
    tenant = _tenant(request)  # the path id is ignored: the session decides
    return _stamped({"workspace_id": tenant, "settings": WORKSPACES[tenant]})


unreadable = _tenancy_app()  # a /notes/{note_id} route that refuses even the owner: nothing can be compared
unreadable.router.routes = [r for r in unreadable.router.routes if getattr(r, "path", "") != "/notes/{note_id}"]


@unreadable.get("/notes/{note_id}")
def refused_note(note_id: int, request: Request) -> dict[str, Any]:
    _tenant(request)
    raise HTTPException(403, "notes are read through the export job")


# --- rate limits: the X-Forwarded-For bypass and nothing else ------------------------------------
xff_only = FastAPI()
_hits: Counter[str] = Counter()
LOGIN_LIMIT = 6  # the scan's two logins, then four burst requests
CHAT_LIMIT = 3


def _limited(key: str, limit: int) -> Response | None:
    _hits[key] += 1
    if _hits[key] > limit:
        return JSONResponse({"detail": "slow down"}, status_code=429, headers={"Retry-After": "60"})
    return None


@xff_only.get("/health")
def xff_health() -> dict[str, str]:
    return {"status": "ok"}


@xff_only.post("/auth/login")
async def limited_login(request: Request) -> Response:
    client = request.client.host if request.client else "?"
    if refused := _limited(f"login:{client}", LOGIN_LIMIT):
        return refused
    body = await request.json()
    return JSONResponse({"access_token": f"tok-tenant-{_tenant_of_email(str(body.get('email', '')))}"})


@xff_only.post("/chat")
async def xff_chat(request: Request) -> Response:
    key = request.headers.get("x-forwarded-for") or (request.client.host if request.client else "?")
    if refused := _limited(f"chat:{key}", CHAT_LIMIT):
        return refused
    return JSONResponse({"reply": "hi"})


# --- rate limits: advertised in the IETF `RateLimit` header, never enforced ------------------------
advertised_ietf = FastAPI()
_ietf_seen: Counter[str] = Counter()


@advertised_ietf.get("/health")
def ietf_health() -> dict[str, str]:
    return {"status": "ok"}


@advertised_ietf.post("/auth/login")
async def ietf_login(request: Request) -> Response:
    body = await request.json()
    return JSONResponse({"access_token": f"tok-tenant-{_tenant_of_email(str(body.get('email', '')))}"})


@advertised_ietf.post("/chat")
async def ietf_chat(request: Request) -> Response:
    _ietf_seen["chat"] += 1
    remaining = max(0, 3 - _ietf_seen["chat"])
    return JSONResponse({"reply": "hi"}, headers={"RateLimit": f"limit=3, remaining={remaining}, reset=60"})


# --- rate limits: done right, but the bursts lock the test user's session out ---------------------
def lockout_app(refusal: int) -> FastAPI:
    """Login and chat limited per client address; after the chat burst, the session answers ``refusal``."""
    app = FastAPI()
    hits: Counter[str] = Counter()

    def limited(key: str, limit: int) -> Response | None:
        hits[key] += 1
        if hits[key] > limit:
            return JSONResponse({"detail": "slow down"}, status_code=429, headers={"Retry-After": "60"})
        return None

    @app.get("/health")
    def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.post("/auth/login")
    async def login(request: Request) -> Response:
        if refused := limited("login", LOGIN_LIMIT):
            return refused
        body = await request.json()
        return JSONResponse({"access_token": f"tok-tenant-{_tenant_of_email(str(body.get('email', '')))}"})

    @app.get("/me")
    def me(request: Request) -> Response:
        if hits["chat"] > CHAT_LIMIT:
            return JSONResponse({"detail": "account locked"}, status_code=refusal)
        return JSONResponse({"id": f"user-{_tenant(request)}"})

    @app.post("/chat")
    async def chat(request: Request) -> Response:
        return limited("chat", CHAT_LIMIT) or JSONResponse({"reply": "hi"})

    return app


lockout_401, lockout_403, lockout_423 = lockout_app(401), lockout_app(403), lockout_app(423)


# --- tenancy: the scope taken from the request (a body's workspace_id, a listing's ?owner_id=) -------
def _scope_from_request_app() -> FastAPI:
    """Item reads are isolated; but a note is created in the body's ``workspace_id`` and ``GET /notes``
    lists another user's notes when asked with ``?owner_id=``."""
    app = _tenancy_app()
    app.router.routes = [r for r in app.router.routes if getattr(r, "path", "") not in {"/notes", "/notes/{note_id}"}]
    notes = {tenant: [dict(note)] for tenant, note in NOTES.items()}
    ids = itertools.count(1000)

    @app.get("/notes")
    def listing(request: Request, owner_id: str | None = None) -> list[dict[str, Any]]:
        tenant = int(owner_id.removeprefix("user-")) if owner_id else _tenant(request)
        return notes.get(tenant, [])

    @app.get("/notes/{note_id}")
    def item(note_id: int, request: Request) -> dict[str, Any]:
        for note in notes[_tenant(request)]:
            if note["id"] == note_id:
                return note
        raise HTTPException(404, "no such note")

    @app.post("/notes", status_code=201)
    async def create(request: Request) -> dict[str, Any]:
        body = await request.json()
        tenant = int(body.get("workspace_id") or _tenant(request))
        note = {"id": next(ids), "tenant_id": _tenant(request), "title": str(body.get("title", ""))}
        notes.setdefault(tenant, []).append(note)
        return note

    return app


scope_from_request = _scope_from_request_app()


# --- rate limits: a chat API with no login route at all (the default POST /auth/login is a 404) ------------
chat_without_login = FastAPI()


@chat_without_login.get("/health")
def plain_health() -> dict[str, str]:
    return {"status": "ok"}


@chat_without_login.post("/chat")
async def open_chat(request: Request) -> Response:
    return JSONResponse({"reply": "hi"})


# --- input validation: an e-mail pattern that backtracks (ReDoS), and a linear one -------------------------
# The nested quantifier ([-.\w]*[0-9a-zA-Z])* is the classic catastrophic one (VAmPI's, among many).
_BACKTRACKING = re.compile(r"^([0-9a-zA-Z]([-.\w]*[0-9a-zA-Z])*@{1}([0-9a-zA-Z][-\w]*[0-9a-zA-Z]\.)+[a-zA-Z]{2,9})$")
_LINEAR = re.compile(r"^[a-z0-9._-]+@[a-z0-9-]+(\.[a-z0-9-]+)+$")


class _Email(BaseModel):
    email: str


def email_app(pattern: re.Pattern[str]) -> FastAPI:
    app = FastAPI()

    @app.get("/health")
    def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.post("/auth/login")
    async def login(request: Request) -> Response:
        body = await request.json()
        return JSONResponse({"access_token": f"tok-tenant-{_tenant_of_email(str(body.get('email', '')))}"})

    @app.post("/subscribe")
    def subscribe(body: _Email) -> Response:
        if not pattern.match(body.email):
            return JSONResponse({"detail": "invalid e-mail"}, status_code=400)
        return JSONResponse({"subscribed": True}, status_code=201)

    @app.put("/users/{username}/email")
    def change_email(username: str, body: _Email, request: Request) -> Response:
        if not request.headers.get("authorization", "").startswith("Bearer tok-tenant-"):
            return JSONResponse({"detail": "login first"}, status_code=401)
        if not pattern.match(body.email):
            return JSONResponse({"detail": "invalid e-mail"}, status_code=400)
        return Response(status_code=204)

    return app


redos_email = email_app(_BACKTRACKING)
linear_email = email_app(_LINEAR)
