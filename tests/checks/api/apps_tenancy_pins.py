"""Two tenants' notes behind opaque bearer tokens, with exactly one isolation flaw chosen by
``TENANCY_PIN_MODE`` (for the api.tenant-isolation pins;
``serve_app("tests.checks.api.apps_tenancy_pins:app", env={"TENANCY_PIN_MODE": ...})``).

``GET /notes`` lists the caller's notes, ``GET /notes/{note_id}`` reads one, ``GET /notes/{note_id}/history``
its history; ``GET /lookup?note_id=`` reads one by query. No creation route but in the ``create`` modes. Modes:

- ``isolated``: every read filtered by the caller's tenant (others' notes are 404);
- ``peer-read``: ``GET /notes/{note_id}`` serves any note to any logged-in caller (the history is isolated);
- ``anonymous-read``: ``GET /notes/{note_id}/history`` serves any note's history without a token;
- ``listing``: ``GET /notes`` lists both tenants' notes to either, each with its tenant (a directory);
- ``query``: ``GET /lookup?note_id=`` serves any note to any logged-in caller;
- ``no-notes``: neither tenant has a note (nothing to compare);
- ``silent-history``: isolated, but the history route closes the connection without an answer;
- ``peer-read-silent-history``: ``peer-read``, and the history route closes the connection without an answer;
- ``refused-subroutes``: isolated, plus four export sub-routes that refuse even the owner (403);
- ``create``: isolated, with ``POST /notes`` creating a note in the caller's tenant whatever the body says;
- ``create-200``: as ``create``, answering 200 (not 201) to a creation;
- ``create-from-body``: as ``create``, but the note lands in the body's ``tenant_id``;
- ``create-listing``: as ``create``, but ``GET /notes`` lists every tenant's notes to either, without saying whose
  (so it is no directory: the notes the scan created show up in the other tenant's own listing);
- ``create-no-id``: as ``create``, but the creation's answer does not say the note's id;
- ``create-meta``: as ``create`` with no note stored at first, plus ``DELETE /notes/{note_id}`` (the caller's own notes) and
  ``GET /notes/{note_id}/meta``, which answers any logged-in caller with the note's id and nothing else;
  ``GET /_left`` (not in the API description) lists every note still stored, for the test;
- ``create-from-body-unlisted``: as ``create-from-body`` with no ``GET /notes`` at all, answering the creation
  with ``TENANCY_CREATE_STATUS`` (201 unless set): the answer alone tells where the note went.
"""

from __future__ import annotations

import os
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import JSONResponse

MODE = os.environ.get("TENANCY_PIN_MODE", "isolated")
NOTES: dict[int, dict[str, Any]] = {} if MODE in ("no-notes", "create-meta") else {
    311: {"id": 311, "tenant_id": 1, "title": "Acme quarterly forecast draft"},
    622: {"id": 622, "tenant_id": 2, "title": "Globex supplier shortlist"}}
app = FastAPI(title="Pins Tenancy App")


def _tenant(request: Request) -> int:
    auth = request.headers.get("authorization", "")
    if auth not in ("Bearer tok-1", "Bearer tok-2"):
        raise HTTPException(401, "log in")
    return int(auth[-1])


def _note(note_id: int, tenant: int | None) -> dict[str, Any]:
    note = NOTES.get(note_id)
    if note is None or (tenant is not None and note["tenant_id"] != tenant):
        raise HTTPException(404, "no such note")
    return note


@app.get("/health")
def health() -> dict[str, str]:
    return {"status": "ok"}


@app.post("/auth/login")
async def login(request: Request) -> dict[str, str]:
    body = await request.json()
    return {"access_token": "tok-1" if body.get("email") == os.environ.get("LR_TENANT_A_EMAIL") else "tok-2"}


@app.get("/me")
def me(request: Request) -> dict[str, Any]:
    tenant = _tenant(request)
    return {"id": f"user-{tenant}", "tenant_id": tenant}


def notes(request: Request) -> list[dict[str, Any]]:
    tenant = _tenant(request)
    if MODE == "listing":
        return list(NOTES.values())
    if MODE == "create-listing":
        return [{"id": n["id"], "title": n["title"]} for n in NOTES.values()]
    return [n for n in NOTES.values() if n["tenant_id"] == tenant]


if MODE != "create-from-body-unlisted":
    app.get("/notes")(notes)


if MODE in ("create", "create-200", "create-from-body", "create-listing", "create-from-body-unlisted", "create-no-id",
            "create-meta"):
    _status = 200 if MODE == "create-200" else int(os.environ.get("TENANCY_CREATE_STATUS", "201"))

    @app.post("/notes", status_code=_status)
    async def create(request: Request) -> dict[str, Any]:
        tenant = _tenant(request)
        body = await request.json()
        if MODE.startswith("create-from-body") and body.get("tenant_id") is not None:
            tenant = int(body["tenant_id"])
        note_id = 900 + len(NOTES)
        note: dict[str, Any] = {"id": note_id, "tenant_id": tenant, "title": str(body.get("title", ""))}
        NOTES[note_id] = note
        return {k: v for k, v in note.items() if k != "id"} if MODE == "create-no-id" else note


@app.get("/notes/{note_id}")
def note(note_id: int, request: Request) -> dict[str, Any]:
    tenant = _tenant(request)
    return _note(note_id, None if MODE.startswith("peer-read") else tenant)


@app.get("/notes/{note_id}/history")
def history(note_id: int, request: Request) -> Any:
    if MODE in ("silent-history", "peer-read-silent-history"):
        # A header value with a leading space: h11 refuses to send it and uvicorn closes the connection.
        return JSONResponse({}, headers={"x-broken": " value"})
    tenant = None if MODE == "anonymous-read" else _tenant(request)
    return {"note": _note(note_id, tenant), "edits": 2}


if MODE == "refused-subroutes":
    for n in range(1, 5):

        @app.get(f"/notes/{{note_id}}/export{n}")
        def export(note_id: int, request: Request) -> dict[str, Any]:
            _tenant(request)
            raise HTTPException(403, "exports run as a job")


if MODE == "create-meta":

    @app.delete("/notes/{note_id}", status_code=204)
    def delete_note(note_id: int, request: Request) -> None:
        NOTES.pop(_note(note_id, _tenant(request))["id"])

    @app.get("/notes/{note_id}/meta")
    def meta(note_id: int, request: Request) -> dict[str, Any]:
        _tenant(request)  # any logged-in caller
        return {"id": _note(note_id, None)["id"], "edits": 2}

    @app.get("/_left", include_in_schema=False)
    def left() -> list[str]:
        return [n["title"] for n in NOTES.values()]


@app.get("/lookup")
def lookup(note_id: int, request: Request) -> dict[str, Any]:
    tenant = _tenant(request)
    return _note(note_id, None if MODE == "query" else tenant)
