"""Purpose-built chat APIs for ``ai.cost-exposure``'s measurement (served with ``serve_app``).

- ``/v1/chat/completions``: OpenAI-shaped, says which model answered (``"model"``), takes 60 ms a
  request (so a burst spans more than a second), no rate limit.
- ``/chat-unnamed``: the same pace, but the answer names no model.
- ``/chat-fast``: answers at once and names no model: a whole burst fits in a fraction of a second.
- ``/chat-tiring``: answers at once, but 503 (no ``Retry-After``) after three requests since the last
  ``POST /chat-tiring/reset``: a burst cut short.
- ``/chat-limited``: 12 requests a minute per client IP, then 429 with ``Retry-After: 60``; the
  staging scanner token (``X-Scanner-Token: lr-scanner``) is exempt, as on the hardened example.
"""

from __future__ import annotations

import time
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

app = FastAPI()
LIMIT = 12
WINDOW: dict[str, list[float]] = {}


@app.get("/health")
def health() -> dict[str, str]:
    return {"status": "ok"}


@app.post("/auth/login")
def login() -> JSONResponse:
    return JSONResponse({"detail": "wrong credentials"}, status_code=401)


def _reply(message: str) -> dict[str, Any]:
    return {"choices": [{"index": 0, "message": {"role": "assistant", "content": f"OK ({len(message)} chars)."}}],
            "usage": {"prompt_tokens": len(message) // 4 + 10, "completion_tokens": 8}}


@app.post("/v1/chat/completions")
async def completions(request: Request) -> dict[str, Any]:
    body = await request.json()
    time.sleep(0.06)
    return {"id": "x", "object": "chat.completion", "model": "gpt-4o-mini-2024-07-18",
            **_reply(str(body["messages"][-1]["content"]))}


@app.post("/chat-unnamed")
async def unnamed(request: Request) -> dict[str, Any]:
    body = await request.json()
    time.sleep(0.06)
    return _reply(str(body["messages"][-1]["content"]))


@app.post("/chat-fast")
async def fast(request: Request) -> dict[str, Any]:
    body = await request.json()
    return _reply(str(body["messages"][-1]["content"]))


@app.post("/chat-limited", response_model=None)
async def limited(request: Request) -> dict[str, Any] | JSONResponse:
    body = await request.json()
    if request.headers.get("x-scanner-token") != "lr-scanner":
        now = time.monotonic()
        seen = [t for t in WINDOW.get(request.client.host if request.client else "?", []) if t > now - 60]
        if len(seen) >= LIMIT:
            return JSONResponse({"detail": "slow down"}, status_code=429, headers={"Retry-After": "60"})
        WINDOW[request.client.host if request.client else "?"] = [*seen, now]
    time.sleep(0.06)
    return _reply(str(body["messages"][-1]["content"]))


TIRING: list[int] = []


@app.post("/chat-tiring/reset")
def tiring_reset() -> dict[str, int]:
    TIRING.clear()
    return {"served": 0}


@app.post("/chat-tiring", response_model=None)
async def tiring(request: Request) -> dict[str, Any] | JSONResponse:
    body = await request.json()
    message = str(body["messages"][-1]["content"])
    if message.startswith("Hi, quick question"):  # the burst's message: the caps probes are not counted
        TIRING.append(1)
        if len(TIRING) > 3:
            return JSONResponse({"detail": "overloaded"}, status_code=503)
    return _reply(message)
