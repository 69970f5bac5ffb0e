"""A small API whose login answers a session token that clients send back in a custom header with
no scheme (``X-Session: <token>``) — a header redaction cannot know by name — and which echoes that
header, and the login body with its password, in its answers and in its errors.

Served with ``serve_app("tests.e2e.apps_session:app", env={...})``; the values come from the
environment (``SESSION_APP_*``) so the test that greps the reports for them owns them.
"""

from __future__ import annotations

import os
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

EMAIL = os.environ.get("SESSION_APP_EMAIL", "alice@acme.test")
PASSWORD = os.environ.get("SESSION_APP_PASSWORD", "pw-for-tests")
LOGIN_TOKEN = os.environ.get("SESSION_APP_LOGIN_TOKEN", "login-session-token-for-tests")
STATIC_TOKEN = os.environ.get("SESSION_APP_STATIC_TOKEN", "static-session-token-for-tests")
SESSIONS = {LOGIN_TOKEN: "alice", STATIC_TOKEN: "bob"}

app = FastAPI(title="Session echo app")


def _who(request: Request) -> tuple[str | None, JSONResponse | None]:
    sent = request.headers.get("x-session", "")
    user = SESSIONS.get(sent)
    if user is None:
        # The flaw under test: the error quotes the credential it refused.
        return None, JSONResponse({"detail": f"invalid session {sent!r}", "x-session": sent}, status_code=401)
    return user, None


@app.get("/health")
def health(request: Request) -> dict[str, Any]:
    return {"status": "ok", "you_sent": request.headers.get("x-session", ""),
            "scan": request.headers.get("x-launchready-scan", "")}


@app.post("/auth/login")
async def login(request: Request) -> JSONResponse:
    body = await request.json()
    if body.get("email") == EMAIL and body.get("password") == PASSWORD:
        return JSONResponse({"session": LOGIN_TOKEN, "echo": body})
    return JSONResponse({"detail": f"wrong password {body.get('password')!r} for {body.get('email')!r}"},
                        status_code=401)


@app.get("/me")
def me(request: Request) -> JSONResponse:
    user, refused = _who(request)
    if refused is not None:
        return refused
    return JSONResponse({"user": user, "session": request.headers.get("x-session")})


@app.get("/conversations")
def conversations(request: Request) -> JSONResponse:
    user, refused = _who(request)
    if refused is not None:
        return refused
    return JSONResponse([{"id": 1, "owner": user, "session": request.headers.get("x-session")}])
