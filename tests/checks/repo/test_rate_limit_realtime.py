"""repo.rate-limit-config: a route that mints a provider Realtime session or ephemeral key spends the operator's
quota like a chat call, whatever its method (openai-realtime-console's `GET /token`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from launchready.checks.repo.rate_limit_config import CHECK
from launchready.model import Status
from tests.checks.repo.static_helpers import run_static

_SERVER = ("import express from 'express'\nconst app = express()\nconst apiKey = process.env.OPENAI_API_KEY\n\n"
           "app.get('/token', async (req, res) => {\n  const response = await fetch(\n    'URL',\n"
           "    { method: 'POST', headers: { Authorization: `Bearer ${apiKey}` } },\n  )\n"
           "  res.json(await response.json())\n})\n")


@pytest.mark.parametrize("url", ["https://api.openai.com/v1/realtime/sessions",
                                 "https://api.openai.com/v1/realtime/client_secrets"])
def test_a_get_route_minting_a_realtime_session_is_a_chat_route(tmp_path: Path, url: str) -> None:
    result = run_static(tmp_path, CHECK, {"server.js": _SERVER.replace("URL", url)})
    endpoint = url.removeprefix("https://api.openai.com")
    assert [(e.status, e.message, e.location) for e in result.evidence] == [(
        Status.FAIL, f"route GET /token calls a model ({endpoint}) and is not rate limited (no rate limiter anywhere "
        "in the project)", "server.js:5")]


def test_a_python_route_creating_a_realtime_client_secret_is_a_chat_route(tmp_path: Path) -> None:
    source = ("from fastapi import FastAPI\nfrom openai import OpenAI\napp = FastAPI()\nclient = OpenAI()\n\n\n"
              "@app.get('/session')\ndef session():\n    return client.realtime.client_secrets.create()\n")
    result = run_static(tmp_path, CHECK, {"main.py": source})
    assert [(e.status, e.location) for e in result.evidence] == [(Status.FAIL, "main.py:7")]
    assert "calls a model (.realtime.client_secrets.create" in result.evidence[0].message


def test_a_get_route_reading_a_provider_account_is_no_chat_route(tmp_path: Path) -> None:
    source = _SERVER.replace("'URL'", "'https://api.openai.com/v1/models'").replace("/token", "/models")
    result = run_static(tmp_path, CHECK, {"server.js": source})
    assert (result.status, result.evidence) == (Status.PASS, ())
    assert result.summary == "no login, chat, upload or tool routes among 1 route(s)"


def test_a_get_route_listing_assistants_with_an_sdk_client_is_no_chat_route(tmp_path: Path) -> None:
    """chatbot-ui's `GET /api/assistants/openai` builds an OpenAI client only to list assistants."""
    route = ("import OpenAI from 'openai'\nexport async function GET() {\n  const openai = new OpenAI({ apiKey: k })\n"
             "  const mine = await openai.beta.assistants.list({ limit: 100 })\n  return Response.json(mine.data)\n}\n")
    result = run_static(tmp_path, CHECK, {"app/api/assistants/openai/route.ts": route})
    assert (result.status, result.evidence) == (Status.PASS, ())


def test_a_get_route_observing_a_stream_started_elsewhere_is_no_chat_route(tmp_path: Path) -> None:
    """private-gpt's `GET /v1/messages/async/{id}/stream` replays events of a task a POST started; a `/v1/messages`
    in its documentation is no call made by the GET."""
    source = ("from fastapi import FastAPI\napp = FastAPI()\n\n\n@app.get(\n    '/{message_id}/stream',\n"
              "    description='events of POST /v1/messages/async',\n)\nasync def observe(message_id: str):\n"
              "    return stream_events(message_id)\n")
    result = run_static(tmp_path, CHECK, {"main.py": source})
    assert (result.status, result.evidence) == (Status.PASS, ())
