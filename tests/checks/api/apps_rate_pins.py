"""Every route class api.rate-limits bursts, each limited per route (not per client address, so a spoofed
X-Forwarded-For changes nothing), for the rate-limit pins; one flaw or none, chosen by ``RATE_PIN_MODE``
(``serve_app("tests.checks.api.apps_rate_pins:app", env={"RATE_PIN_MODE": ...})``).

Limits: login 6 (the scan's two logins, then four burst requests), reset 2, chat 3, upload 2 (with an id, and a
DELETE that removes the file), the tool ``POST /tools/search`` 4. Modes:

- ``limited``: every limit enforced, 429 with ``Retry-After`` and ``X-RateLimit-*`` headers;
- ``reset-open``: the reset route is never limited (answers 200 every time);
- ``chat-503``: chat's limit answers 503 with ``Retry-After`` instead of 429;
- ``tool-gone`` / ``chat-gone``: the tool / chat route answers 404, as a made-up path does;
- ``relogin-ok``: every limit enforced, the login limit counting wrong passwords only (a real login still works);
- ``relogin-refused``: as ``relogin-ok``, but after the bursts a real login answers 400;
- ``chat-silent``: chat closes the connection without an answer, every time.
"""

from __future__ import annotations

import os
from collections import Counter
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import JSONResponse, Response

MODE = os.environ.get("RATE_PIN_MODE", "limited")
LIMITS = {"login": 6, "reset": 2, "chat": 3, "upload": 2, "tool": 4}
app = FastAPI()
_hits: Counter[str] = Counter()
_files: dict[str, str] = {}


def _limited(key: str) -> Response | None:
    _hits[key] += 1
    left = LIMITS[key] - _hits[key]
    if left < 0:
        if key == "chat" and MODE == "chat-503":
            return JSONResponse({"detail": "busy"}, status_code=503, headers={"Retry-After": "30"})
        return JSONResponse({"detail": "slow down"}, status_code=429,
                            headers={"Retry-After": "60", "X-RateLimit-Limit": str(LIMITS[key])})
    return None


def _caller(request: Request) -> int:
    auth = request.headers.get("authorization", "")
    if auth not in ("Bearer tok-1", "Bearer tok-2"):
        raise HTTPException(401, "log in")
    return int(auth[-1])


@app.get("/health")
def health() -> dict[str, str]:
    return {"status": "ok"}


@app.post("/auth/login")
async def login(request: Request) -> Response:
    body = await request.json()
    counted = MODE not in ("relogin-ok", "relogin-refused") or str(body.get("password", "")).startswith("lr-wrong-")
    if counted and (refused := _limited("login")):
        return refused
    users = {os.environ.get("LR_TENANT_A_EMAIL"): 1, os.environ.get("LR_TENANT_B_EMAIL"): 2}
    if MODE == "relogin-refused" and _hits["chat"] > 0:
        return JSONResponse({"detail": "account needs a captcha"}, status_code=400)
    user = users.get(str(body.get("email", "")))
    if user is None or not str(body.get("password", "")).startswith(os.environ.get("LR_TENANT_A_PASSWORD", "?")[:4]):
        return JSONResponse({"detail": "invalid email or password"}, status_code=401)
    return JSONResponse({"access_token": f"tok-{user}"})


@app.get("/me")
def me(request: Request) -> dict[str, Any]:
    return {"id": _caller(request)}


@app.post("/auth/reset")
async def reset(request: Request) -> Response:
    if MODE != "reset-open" and (refused := _limited("reset")):
        return refused
    return JSONResponse({"detail": "if the address has an account, a link is on its way"})


@app.post("/chat")
async def chat(request: Request) -> Response:
    _caller(request)
    if MODE == "chat-gone":
        return JSONResponse({"detail": "Not Found"}, status_code=404)
    if MODE == "chat-silent":  # a header value with a leading space: h11 refuses it, uvicorn closes the connection
        return JSONResponse({}, headers={"x-broken": " value"})
    if refused := _limited("chat"):
        return refused
    return JSONResponse({"reply": "hi"})


@app.post("/files")
async def upload(request: Request) -> Response:
    _caller(request)
    if refused := _limited("upload"):
        return refused
    form = await request.form()
    name = str(getattr(form.get("file"), "filename", "?"))
    file_id = f"f{len(_files) + 1}"
    _files[file_id] = name
    return JSONResponse({"id": file_id, "name": name}, status_code=201)


@app.delete("/files/{file_id}")
def delete(file_id: str, request: Request) -> Response:
    _caller(request)
    if _files.pop(file_id, None) is None:
        raise HTTPException(404, "no such file")
    return Response(status_code=204)


@app.post("/tools/search")
async def tool(request: Request) -> Response:
    _caller(request)
    if MODE == "tool-gone":
        return JSONResponse({"detail": "Not Found"}, status_code=404)
    if refused := _limited("tool"):
        return refused
    return JSONResponse({"results": []})
