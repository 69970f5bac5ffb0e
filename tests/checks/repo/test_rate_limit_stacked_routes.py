"""repo.rate-limit-config: two route decorators stacked on one function share its handler — the upper route is
judged by the same body (its per-user quota answering 429, its model call), not clipped to the decorator line."""

from __future__ import annotations

from pathlib import Path

from launchready.checks.repo.rate_limit_config import CHECK
from launchready.model import Status
from tests.checks.repo.static_helpers import run_static

_HEAD = ("from fastapi import APIRouter, HTTPException, Request\nfrom openai import AsyncOpenAI\n\n"
         "router = APIRouter()\nclient = AsyncOpenAI()\n\n\n")
_QUOTA = ("    tokens = Usage.tokens_since(user_id, yesterday)\n    if tokens > MAX_TOKENS:\n"
          "        raise HTTPException(status_code=429, detail='quota exceeded')\n")
_HANDLER = ("@router.post('/v1/chat/completions')\n@router.post('/chat/completions')\n"
            "async def chat_completions(request: Request):\n    user_id = request.session['user_id']\n"
            "{quota}    data = await request.json()\n    return await client.chat.completions.create(**data)\n")


def test_a_quota_answering_429_covers_every_route_stacked_on_the_handler(tmp_path: Path) -> None:
    result = run_static(tmp_path, CHECK, {"app/server.py": _HEAD + _HANDLER.format(quota=_QUOTA)})
    assert result.status is Status.PASS, result.evidence
    assert result.summary == "rate limits cover chat route(s)"


def test_stacked_routes_without_a_quota_both_fail_on_their_model_call(tmp_path: Path) -> None:
    result = run_static(tmp_path, CHECK, {"app/server.py": _HEAD + _HANDLER.format(quota="")})
    assert [(e.status, e.location, e.message) for e in result.evidence] == [
        (Status.FAIL, "app/server.py:8", "chat route POST /v1/chat/completions is not rate limited (no rate limiter "
                                         "anywhere in the project)"),
        (Status.FAIL, "app/server.py:9", "chat route POST /chat/completions is not rate limited (no rate limiter "
                                         "anywhere in the project)")]
