"""A health endpoint that answers a long run of letters (``HOSTILE_BODY``: ``A``, ``a1`` or ``key``
repeated to ``HOSTILE_BODY_BYTES``) — the shape that once made redaction take minutes while holding
the GIL, so no time budget could fire. ``/ready`` answers the lab's start-up probe.

Served with ``serve_app("tests.e2e.apps_hostile_body:app", env={...}, health_path="/ready")``.
"""

from __future__ import annotations

import os

from fastapi import FastAPI
from fastapi.responses import PlainTextResponse

UNIT = os.environ.get("HOSTILE_BODY", "A")
SIZE = int(os.environ.get("HOSTILE_BODY_BYTES", "100000"))
BODY = (UNIT * (SIZE // len(UNIT) + 1))[:SIZE]

app = FastAPI(title="Hostile body")


@app.get("/ready")
def ready() -> PlainTextResponse:
    return PlainTextResponse("ok")


@app.get("/health")
def health() -> PlainTextResponse:
    return PlainTextResponse(BODY)
