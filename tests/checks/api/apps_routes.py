"""A purpose-built notes API with no ``/me`` anywhere, counting server-side every request it receives.

Its shape follows APIs we did not write: routes under ``/accounts/v1``, objects keyed by slug, login at
``/accounts/v1/login`` answering ``{"token": …}``, a health route at ``/healthcheck``. Flaws by env:

- ``ROUTES_BANNER=1``: ``X-Powered-By: Python 3.10, FastAPI 0.103.0`` on ``GET /healthcheck`` only;
- ``ROUTES_CORS=lookalike``: origins matched by the unanchored regex ``.*.(shop.example)`` are reflected
  with credentials (so ``https://evilapp.shop.example`` passes for the front end ``https://app.shop.example``);
  ``strict`` allows exactly ``https://app.shop.example``;
- ``ROUTES_HEALTH=0``: no health route at all;
- ``ROUTES_NO_STORE=partial``: ``GET /accounts/v1/profile`` answers without ``Cache-Control: no-store``
  (every other answer has it, and ``nosniff``).

``GET /lab/requests`` (not in the API description) returns every ``METHOD path`` received so far, in order;
``GET /lab/ready`` is the readiness route ``serve_app`` waits for. Neither is counted.
"""

from __future__ import annotations

import os
import time
from collections.abc import Awaitable, Callable
from typing import Any

import jwt
from fastapi import Depends, FastAPI, HTTPException, Request, Response
from fastapi.middleware.cors import CORSMiddleware
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

SECRET = "lab-routes-signing-key-not-a-dictionary-word-8c1f"
USERS = {"ann": "ann-pass-for-the-lab-1", "bo": "bo-pass-for-the-lab-2"}
NOTES = {"ann-groceries": ("ann", "milk, eggs"), "bo-travel": ("bo", "train at 9")}
FRONTEND = "https://app.shop.example"

RECEIVED: list[str] = []

app = FastAPI(title="Lab Notes")
bearer = HTTPBearer(auto_error=False)

cors = os.environ.get("ROUTES_CORS", "strict")
if cors == "lookalike":
    app.add_middleware(CORSMiddleware, allow_origin_regex=r".*.(shop.example)", allow_credentials=True,
                       allow_methods=["*"], allow_headers=["*"])
else:
    app.add_middleware(CORSMiddleware, allow_origins=[FRONTEND], allow_credentials=True, allow_methods=["*"],
                       allow_headers=["*"])


@app.middleware("http")
async def count_and_harden(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
    if not request.url.path.startswith("/lab/"):
        RECEIVED.append(f"{request.method} {request.url.path}")
    response = await call_next(request)
    response.headers["X-Content-Type-Options"] = "nosniff"
    partial = os.environ.get("ROUTES_NO_STORE") == "partial" and request.url.path == "/accounts/v1/profile"
    if not partial:
        response.headers["Cache-Control"] = "no-store"
    return response


def user(credentials: HTTPAuthorizationCredentials | None = Depends(bearer)) -> str:  # noqa: B008
    if credentials is None:
        raise HTTPException(401, "missing token")
    try:
        claims = jwt.decode(credentials.credentials, SECRET, algorithms=["HS256"])
    except jwt.PyJWTError as exc:
        raise HTTPException(401, "invalid token") from exc
    if claims.get("sub") not in USERS:
        raise HTTPException(401, "unknown user")
    return str(claims["sub"])


@app.get("/lab/ready", include_in_schema=False)
def ready() -> dict[str, str]:
    return {"status": "ok"}


@app.get("/lab/requests", include_in_schema=False)
def received() -> list[str]:
    return RECEIVED


if os.environ.get("ROUTES_HEALTH", "1") != "0":
    @app.get("/healthcheck")
    def healthcheck(response: Response) -> dict[str, str]:
        if os.environ.get("ROUTES_BANNER") == "1":
            response.headers["X-Powered-By"] = "Python 3.10, FastAPI 0.103.0"
        return {"status": "ok"}


@app.post("/accounts/v1/login")
def login(body: dict[str, Any]) -> dict[str, str]:
    name, password = str(body.get("username", "")), str(body.get("password", ""))
    if USERS.get(name) != password:
        raise HTTPException(401, "invalid credentials")
    return {"token": jwt.encode({"sub": name, "exp": int(time.time()) + 3600}, SECRET, algorithm="HS256")}


@app.get("/catalog")
def catalog() -> dict[str, list[str]]:
    return {"items": ["notebook", "pen"]}


@app.get("/accounts/v1/profile")
def profile(who: str = Depends(user)) -> dict[str, str]:
    return {"username": who}


@app.get("/accounts/v1/notes")
def notes(who: str = Depends(user)) -> dict[str, list[dict[str, str]]]:
    return {"notes": [{"slug": s, "text": t} for s, (o, t) in NOTES.items() if o == who]}


@app.get("/accounts/v1/notes/{note_slug}")
def note(note_slug: str, who: str = Depends(user)) -> dict[str, str]:
    owner, text = NOTES.get(note_slug, ("", ""))
    if owner != who:
        raise HTTPException(404, "no such note")
    return {"slug": note_slug, "text": text}
