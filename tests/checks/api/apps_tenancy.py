"""Small purpose-built apps for the tenancy checks' edges, served with ``serve_app``.

Each is an attribute of this module (``tests.checks.api.apps_tenancy:<name>``): a server that 500s
everything with a traceback, one that hangs, one that advertises X-RateLimit headers but never
enforces them, one whose limiter is keyed on X-Forwarded-For, and one whose avatar URL field fetches.
"""

from __future__ import annotations

import asyncio
import traceback
from collections import Counter
from typing import Any

import httpx
from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse, PlainTextResponse
from pydantic import BaseModel, Field


def _base() -> FastAPI:
    app = FastAPI()

    @app.get("/health")
    def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.post("/auth/login")
    async def login(request: Request) -> dict[str, str]:
        return {"access_token": "edge-token-0123456789"}

    return app


# --- 500s everything (with a traceback) -----------------------------------------------------------
errors = _base()


@errors.post("/items")
async def items_crash(request: Request) -> Response:
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        return PlainTextResponse(traceback.format_exc(), status_code=500)


@errors.post("/files")
async def files_crash(request: Request) -> Response:
    return PlainTextResponse("Traceback (most recent call last):\n  File \"/srv/app.py\", line 9", status_code=500)


# --- hangs ----------------------------------------------------------------------------------------
hang = _base()


@hang.post("/items")
async def items_hang(request: Request) -> dict[str, str]:
    await asyncio.sleep(30)
    return {"status": "late"}


@hang.get("/items/{item_id}")
async def item_hang(item_id: str) -> dict[str, str]:
    await asyncio.sleep(30)
    return {"id": item_id}


# --- advertises limits, never enforces ------------------------------------------------------------
advertised = _base()
_seen: Counter[str] = Counter()


@advertised.post("/chat")
async def chat_advertised(request: Request) -> Response:
    _seen["chat"] += 1
    remaining = max(0, 5 - _seen["chat"])
    return JSONResponse({"reply": "hi"}, headers={"X-RateLimit-Limit": "5", "X-RateLimit-Remaining": str(remaining)})


# --- limiter keyed on X-Forwarded-For -------------------------------------------------------------
xff = _base()
_by_key: Counter[str] = Counter()


@xff.post("/chat")
async def chat_xff(request: Request) -> Response:
    key = request.headers.get("x-forwarded-for") or "direct"
    _by_key[key] += 1
    if _by_key[key] > 3:
        return JSONResponse({"detail": "slow down"}, status_code=429, headers={"Retry-After": "60"})
    return JSONResponse({"reply": "hi"})


# --- a URL field the server fetches (SSRF) --------------------------------------------------------
fetching = _base()


class AvatarIn(BaseModel):
    avatar_url: str = Field(max_length=500)


@fetching.post("/profile/avatar")
async def avatar(body: AvatarIn) -> dict[str, Any]:
    async with httpx.AsyncClient(trust_env=False, timeout=2) as client:
        try:
            fetched = await client.get(body.avatar_url)
        except httpx.HTTPError:
            return {"fetched": False}
    return {"fetched": True, "status": fetched.status_code}
