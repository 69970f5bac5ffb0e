"""Purpose-built edge apps for the auth group, one module, the behaviour chosen by ``AUTH_EDGE_MODE``:

- ``unverified``: checks `exp` but never verifies a signature (the issue's own example);
- ``garbage``: a working login, then 200 with the same garbage for every other path;
- ``hang``: the protected ``/me`` never answers in time; ``/health`` is slow; ``/health500`` fails.

Served with ``serve_app("tests.checks.api.apps_auth:app", env={...}, health_path="/ready")``.
"""

from __future__ import annotations

import asyncio
import os
import time
from typing import Any

import jwt
from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import PlainTextResponse, Response

MODE = os.environ.get("AUTH_EDGE_MODE", "unverified")
SECRET = os.environ.get("AUTH_EDGE_SECRET", "edge-secret-that-is-long-and-random-0123456789")
PASSWORD = os.environ.get("AUTH_EDGE_PASSWORD", "launchready-demo")
USERS = {"alice@acme.test": "1", "bob@globex.test": "2"}

app = FastAPI(title="Edge App", openapi_url=None if MODE == "garbage" else "/openapi.json")


def _claims(request: Request) -> dict[str, Any]:
    header = request.headers.get("authorization", "")
    if not header.lower().startswith("bearer "):
        raise HTTPException(401, "missing token")
    try:
        # The flaw: the signature is never checked, yet `exp` is.
        claims: dict[str, Any] = jwt.decode(header[7:], options={"verify_signature": False, "verify_exp": True,
                                                                  "require": ["exp"]})
    except jwt.PyJWTError as exc:
        raise HTTPException(401, "invalid token") from exc
    if claims.get("sub") not in USERS.values():
        raise HTTPException(401, "unknown user")
    return claims


@app.get("/ready")
def ready() -> dict[str, str]:
    return {"status": "ready"}


@app.post("/auth/login")
async def login(request: Request) -> dict[str, Any]:
    body = await request.json()
    sub = USERS.get(str(body.get("email")))
    if sub is None or body.get("password") != PASSWORD:
        raise HTTPException(401, "invalid email or password")
    now = int(time.time())
    return {"access_token": jwt.encode({"sub": sub, "iat": now, "exp": now + 600}, SECRET, algorithm="HS256")}


if MODE == "garbage":

    @app.api_route("/{path:path}", methods=["GET", "POST", "HEAD"])
    def anything(path: str) -> Response:
        return PlainTextResponse("\x00garbage \xff{[}<<>>", status_code=200)

else:

    @app.get("/me")
    async def me(request: Request) -> dict[str, Any]:
        if MODE == "hang":
            await asyncio.sleep(30)
        claims = _claims(request)
        return {"id": claims["sub"]}

    @app.get("/health")
    async def health() -> dict[str, str]:
        if MODE == "hang":
            await asyncio.sleep(0.7)
        return {"status": "ok"}

    @app.get("/health500")
    def health500() -> Response:
        return PlainTextResponse("down", status_code=500)
