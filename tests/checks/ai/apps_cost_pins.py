"""Chatbots whose spend per account and per IP differ, for ai.cost-exposure (``serve_app`` target).

All refuse messages over 2,000 characters (413) and report a fixed usage of 20 prompt + 30 completion
tokens, so the cost per request is the same everywhere; only the rates differ. Only the burst's message
("Hi, quick question …") counts against the limits: the caps probes (baseline, "repeat 5000 times", the
input sizes) measure caps, not the rate, so the burst alone spends the allowance.

- ``/chat-per-account``: 5 burst messages per account per hour (``Retry-After: 3600``), nothing per IP —
  one account is cheap, one IP with many accounts is not. Each burst message takes 0.25 s, so the
  burst (5 accepted + the 429) spans ≈ 1.5 s: a rate the check extrapolates (≥ 1 s), ≈ 12,000/hour.
- ``/chat-output/{base}/{blowup}``: per-account like the first, answering ``blowup`` completion tokens
  to "repeat … 5000 times" and ``base`` to anything else.
- ``/chat-limit/{max_chars}``: per-account like the first, refusing only messages over ``max_chars``.
- ``/chat-sized``: per-account like the first, reporting 20 + len(message) // 4 prompt tokens.
- ``/chat-model/{model}``: per-account like the first, every answer saying ``"model": <model>``.
- ``/chat-short-window``: 5 burst messages per account per second (``Retry-After: 1``), each answer takes
  0.5 s — one account may spend more (18,000/hour) than this one sequential client could measure
  (5 in ≈ 3 s, ≈ 6,000/hour).
"""

from __future__ import annotations

import asyncio
from collections import Counter
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

app = FastAPI()
_accepted: Counter[str] = Counter()
LIMIT = 5
BURST = "Hi, quick question"
"""How the check's burst message (``ai_probes.toml`` ``[cost] burst``) starts."""


@app.get("/health")
def health() -> dict[str, str]:
    return {"status": "ok"}


@app.post("/reset")
def reset() -> dict[str, int]:
    _accepted.clear()
    return {"accepted": 0}


async def _answer(request: Request, retry_after: str, *, base: int = 30, blowup: int = 30,
                  burst_pace_s: float = 0.25, model: str = "", sized: bool = False, max_chars: int = 2000) -> Any:
    body = await request.json()
    message = str(body.get("message", ""))
    if len(message) > max_chars:
        return JSONResponse({"detail": "message too long"}, status_code=413)
    if message.startswith(BURST):
        await asyncio.sleep(burst_pace_s)
        account = request.headers.get("authorization", "")
        if _accepted[account] >= LIMIT:
            return JSONResponse({"detail": "slow down"}, status_code=429, headers={"Retry-After": retry_after})
        _accepted[account] += 1
    tokens = blowup if message.startswith("Repeat the word") else base
    prompt = len(message) // 4 + 20 if sized else 20
    return {"reply": "Noted.", "usage": {"prompt_tokens": prompt, "completion_tokens": tokens},
            **({"model": model} if model else {})}


@app.post("/chat-per-account")
async def chat_per_account(request: Request) -> Any:
    return await _answer(request, "3600")


@app.post("/chat-short-window")
async def chat_short_window(request: Request) -> Any:
    await asyncio.sleep(0.5)
    return await _answer(request, "1", burst_pace_s=0.0)


@app.post("/chat-output/{base}/{blowup}")
async def chat_output(base: int, blowup: int, request: Request) -> Any:
    """Like ``/chat-per-account``, with ``base`` completion tokens for an ordinary message and
    ``blowup`` for "repeat the word … 5000 times"."""
    return await _answer(request, "3600", base=base, blowup=blowup)


@app.post("/chat-model/{model}")
async def chat_model(model: str, request: Request) -> Any:
    """Like ``/chat-per-account``, and every answer names the model that wrote it."""
    return await _answer(request, "3600", model=model)


@app.post("/chat-sized")
async def chat_sized(request: Request) -> Any:
    """Like ``/chat-per-account``, reporting 20 prompt tokens plus one per four characters of the message."""
    return await _answer(request, "3600", sized=True)


@app.post("/chat-limit/{max_chars}")
async def chat_limit(max_chars: int, request: Request) -> Any:
    """Like ``/chat-per-account``, refusing (413) only messages longer than ``max_chars``."""
    return await _answer(request, "3600", max_chars=max_chars)
