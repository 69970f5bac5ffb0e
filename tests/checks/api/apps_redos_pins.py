"""An e-mail check whose answer time multiplies with the length of ``aaaa…!`` — the shape of a backtracking
pattern — without a backtracking pattern (``serve_app`` target ``apps_redos_pins:timed_email``).

A real catastrophic pattern (``apps_pins.redos_email``) costs seconds of CPU per probe and its times swing with
the machine's load; this one sleeps instead: ``1.6 ms × 10^((n − 14) / 4)`` for ``n`` letters, so 15 characters
answer in ~2 ms, 19 in ~16 ms and 23 in ~160 ms (the ramp's stopping point, ``ENOUGH_MS`` = 150), ten times the
step before — a clear curve that sleeping, unlike CPU, keeps under load. Every other value (the control
``!aaaa…``, a real address) answers at once.

``TIMED_EMAIL_FAULT`` (environment): ``hang`` — from 22 letters on the answer takes 2 s (past the ReDoS timeout a
test sets); ``drop`` — from 22 letters on the connection is closed without an answer.
"""

from __future__ import annotations

import os
import time

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from tests.checks.api.apps_pins import _tenant_of_email


class _Email(BaseModel):
    email: str


class _Subscription(BaseModel):
    """The probe reaches the e-mail check only with every required field present (else 422 at once)."""

    email: str
    topic: str


def backtracking_ms(value: str) -> float:
    """How long the imitated pattern takes on ``value``."""
    letters = value[:-1]
    if value.endswith("!") and letters and set(letters) == {"a"}:
        return 1.6 * 10 ** ((len(letters) - 14) / 4)
    return 0.0


FAULT = os.environ.get("TIMED_EMAIL_FAULT", "")
FAULT_FROM = 22


def _valid(value: str) -> bool:
    time.sleep(backtracking_ms(value) / 1000)
    return "@" in value and not value.startswith("!")


def _judged(value: str) -> Response:
    """400 for an invalid address (after the imitated pattern's time), 201 for a valid one, or the fault."""
    if FAULT and backtracking_ms(value) and len(value) - 1 >= FAULT_FROM:
        if FAULT == "hang":
            time.sleep(2)
        else:  # a header value with a leading space: h11 refuses to send it and uvicorn closes the connection
            return JSONResponse({}, headers={"x-broken": " value"})
    if not _valid(value):
        return JSONResponse({"detail": "invalid e-mail"}, status_code=400)
    return JSONResponse({"subscribed": True}, status_code=201)


timed_email = FastAPI()


@timed_email.get("/health")
def health() -> dict[str, str]:
    return {"status": "ok"}


@timed_email.post("/auth/login")
async def login(request: Request) -> Response:
    body = await request.json()
    return JSONResponse({"access_token": f"tok-tenant-{_tenant_of_email(str(body.get('email', '')))}"})


@timed_email.post("/subscribe")
def subscribe(body: _Subscription) -> Response:
    return _judged(body.email)


@timed_email.put("/users/{username}/email")
def change_email(username: str, body: _Email, request: Request) -> Response:
    if not request.headers.get("authorization", "").startswith("Bearer tok-tenant-"):
        return JSONResponse({"detail": "login first"}, status_code=401)
    answer = _judged(body.email)
    return Response(status_code=204) if answer.status_code == 201 else answer
