"""repo.rate-limit-config: a limiter that runs only when a setting is on (slowapi ``enabled=…``, ``if
(process.env.X) app.use(limiter)``, an Upstash limiter built only when its URL is set, a handler's limit call under
``if (process.env.X)``) is undetermined — a warn naming the switch and its default, never a pass."""

from __future__ import annotations

from pathlib import Path

import pytest

from launchready.checks.repo.rate_limit_config import CHECK
from launchready.model import Result, Status
from tests.checks.repo.static_helpers import run_static

_PY = ("import os\nfrom fastapi import FastAPI, Request\nfrom slowapi import Limiter\nfrom slowapi.util import get_ipaddr\n"
       "from openai import OpenAI\n\n\ndef configure(app, enabled, redis_url):\n"
       "    limiter = Limiter(key_func=get_ipaddr, {enabled}storage_uri=redis_url)\n"
       "    app.state.limiter = limiter\n\n\napp = FastAPI()\n"
       "configure(app, os.getenv('RATE_LIMIT_ENABLED', {default}), os.getenv('REDIS_URL'))\n\n\n"
       "@app.post('/chat')\n@app.state.limiter.limit('4/min')\nasync def chat(request: Request):\n"
       "    return OpenAI().chat.completions.create(model='gpt-4o', messages=[])\n")
_COMPOSE = "services:\n  backend:\n    environment:\n      - RATE_LIMIT_ENABLED=${RATE_LIMIT_ENABLED:-False}\n"


def _items(result: Result) -> list[tuple[Status, str, str]]:
    return [(e.status, e.message, e.location) for e in result.evidence]


def test_a_slowapi_limiter_enabled_by_an_env_switch_off_by_default_is_undetermined(tmp_path: Path) -> None:
    """farfalle: `enabled=` follows the function's parameter to `os.getenv("RATE_LIMIT_ENABLED", False)` at its
    caller; compose defaults the flag to False and REDIS_URL has no default — a warn, not a pass."""
    source = _PY.format(enabled="enabled=enabled and redis_url is not None, ", default="False")
    result = run_static(tmp_path, CHECK, {"main.py": source, "docker-compose.yml": _COMPOSE})
    assert _items(result) == [(
        Status.WARN, "chat route POST /chat is guarded by limiter (main.py:9), which runs only when enabled and "
        "redis_url is not None (main.py:9) — RATE_LIMIT_ENABLED defaults to False (docker-compose.yml:4); REDIS_URL "
        "has no default in the repository: undetermined, confirm the deployment sets them", "main.py:17")]
    assert result.summary == "limiter off unless configured on: chat"


@pytest.mark.parametrize("enabled", ["", "enabled=True, "])
def test_a_slowapi_limiter_always_enabled_covers_the_route(tmp_path: Path, enabled: str) -> None:
    result = run_static(tmp_path, CHECK, {"main.py": _PY.format(enabled=enabled, default="False"),
                                          "docker-compose.yml": _COMPOSE})
    assert (result.status, _items(result)) == (Status.PASS, [])


def test_a_slowapi_limiter_whose_switch_is_on_by_default_covers_the_route(tmp_path: Path) -> None:
    source = _PY.format(enabled="enabled=enabled, ", default="'true'")
    result = run_static(tmp_path, CHECK, {"main.py": source})
    assert (result.status, _items(result)) == (Status.PASS, [])


_JS_HEAD = ("const express = require('express')\nconst rateLimit = require('express-rate-limit')\n"
            "const app = express()\nconst limiter = rateLimit({ windowMs: 60000, max: 20 })\n")
_JS_CHAT = "app.post('/chat', async (req, res) => res.json(await openai.chat.completions.create(req.body)))\n"


def test_an_express_limiter_used_only_when_an_env_var_is_set_is_undetermined(tmp_path: Path) -> None:
    source = _JS_HEAD + "if (process.env.RATE_LIMIT) {\n  app.use(limiter)\n}\n" + _JS_CHAT
    result = run_static(tmp_path, CHECK, {"server.js": source})
    assert _items(result) == [(
        Status.WARN, "chat route POST /chat is guarded by limiter (server.js:6), which runs only when "
        "process.env.RATE_LIMIT (server.js:6) — RATE_LIMIT has no default in the repository: undetermined, confirm "
        "the deployment sets it", "server.js:8")]


def test_an_express_limiter_used_unconditionally_covers_the_route(tmp_path: Path) -> None:
    result = run_static(tmp_path, CHECK, {"server.js": _JS_HEAD + "app.use(limiter)\n" + _JS_CHAT})
    assert (result.status, _items(result)) == (Status.PASS, [])


_NEXT_ROUTE = ("import { Ratelimit } from '@upstash/ratelimit'\nimport { kv } from '@vercel/kv'\n"
               "import OpenAI from 'openai'\nCTOR\n"
               "export async function POST(req: Request) {\nCALL"
               "  return Response.json(await new OpenAI().chat.completions.create(await req.json()))\n}\n")


@pytest.mark.parametrize(("ctor", "call", "where", "condition"), [
    ("const ratelimit = process.env.KV_REST_API_URL ? new Ratelimit({ redis: kv, limiter: Ratelimit.slidingWindow(5, "
     "'10 s') }) : null",
     "  if (ratelimit) {\n    const { success } = await ratelimit.limit('ip')\n    if (!success) return new "
     "Response('slow down', { status: 429 })\n  }\n", "app/api/chat/route.ts:4", "process.env.KV_REST_API_URL"),
    ("const ratelimit = new Ratelimit({ redis: kv, limiter: Ratelimit.slidingWindow(5, '10 s') })",
     "  if (process.env.KV_REST_API_URL && process.env.KV_REST_API_TOKEN) {\n    const { success } = await "
     "ratelimit.limit('ip')\n    if (!success) return new Response('slow down', { status: 429 })\n  }\n",
     "app/api/chat/route.ts:7", "process.env.KV_REST_API_URL && process.env.KV_REST_API_TOKEN"),
])
def test_an_upstash_limit_only_when_its_store_is_configured_is_undetermined(
        tmp_path: Path, ctor: str, call: str, where: str, condition: str) -> None:
    """A limiter built only when its URL is set, or a handler's `ratelimit.limit` under `if (process.env.…)`:
    with no URL in the repository the route runs unlimited."""
    result = run_static(tmp_path, CHECK, {"app/api/chat/route.ts": _NEXT_ROUTE.replace("CTOR", ctor).replace("CALL", call)})
    assert [(e.status, e.location) for e in result.evidence] == [(Status.WARN, "app/api/chat/route.ts:5")]
    message = result.evidence[0].message
    assert f"({where}), which runs only when {condition} ({where})" in message, message
    assert "KV_REST_API_URL has no default in the repository" in message, message
    assert "undetermined, confirm the deployment sets" in message, message


def test_an_upstash_limit_called_unconditionally_covers_the_route(tmp_path: Path) -> None:
    ctor = "const ratelimit = new Ratelimit({ redis: kv, limiter: Ratelimit.slidingWindow(5, '10 s') })"
    call = ("  const { success } = await ratelimit.limit('ip')\n"
            "  if (!success) return new Response('slow down', { status: 429 })\n")
    result = run_static(tmp_path, CHECK, {"app/api/chat/route.ts": _NEXT_ROUTE.replace("CTOR", ctor).replace("CALL", call)})
    assert (result.status, _items(result)) == (Status.PASS, [])


def test_a_limiter_under_an_if_on_a_settings_class_flag_off_by_default_is_undetermined(tmp_path: Path) -> None:
    """`if settings.RATE_LIMIT_ENABLED:` around the limiter, with the settings class defaulting it to False."""
    source = ("from fastapi import FastAPI, Request\nfrom slowapi import Limiter\nfrom openai import OpenAI\n"
              "from config import settings\napp = FastAPI()\nif settings.RATE_LIMIT_ENABLED:\n"
              "    limiter = Limiter(key_func=lambda r: 'x', default_limits=['10/minute'])\n\n\n"
              "@app.post('/chat')\nasync def chat(request: Request):\n"
              "    return OpenAI().chat.completions.create(model='gpt-4o', messages=[])\n")
    config = "class Settings:\n    RATE_LIMIT_ENABLED: bool = False\n\n\nsettings = Settings()\n"
    result = run_static(tmp_path, CHECK, {"main.py": source, "config.py": config})
    assert _items(result) == [(
        Status.WARN, "chat route POST /chat is guarded by limiter (main.py:7), which runs only when "
        "settings.RATE_LIMIT_ENABLED (main.py:7) — RATE_LIMIT_ENABLED defaults to False (config.py:2): "
        "undetermined, confirm the deployment sets it", "main.py:10")]


def test_an_empty_value_in_an_env_template_is_an_empty_default_not_the_next_line(tmp_path: Path) -> None:
    """fragments: `KV_REST_API_URL=` followed by `KV_REST_API_TOKEN=` — each empty, read on its own line."""
    lib = ("import { Ratelimit } from '@upstash/ratelimit'\nexport default async function ratelimit(key) {\n"
           "  if (process.env.KV_REST_API_URL && process.env.KV_REST_API_TOKEN) {\n"
           "    const ratelimit = new Ratelimit({ redis: kv })\n    const { success } = await ratelimit.limit(key)\n"
           "    if (!success) return { amount: 1 }\n  }\n}\n")
    route = ("import ratelimit from '@/lib/ratelimit'\nimport OpenAI from 'openai'\n"
             "export async function POST(req: Request) {\n  const limit = await ratelimit('ip')\n"
             "  return Response.json(await new OpenAI().chat.completions.create(await req.json()))\n}\n")
    result = run_static(tmp_path, CHECK, {"lib/ratelimit.ts": lib, "app/api/chat/route.ts": route,
                                          ".env.template": "# kv\nKV_REST_API_URL=\nKV_REST_API_TOKEN=\n"})
    assert [(e.status, e.location) for e in result.evidence] == [(Status.WARN, "app/api/chat/route.ts:3")]
    assert ("which runs only when process.env.KV_REST_API_URL && process.env.KV_REST_API_TOKEN (lib/ratelimit.ts:4) — "
            "KV_REST_API_URL defaults to empty (.env.template:2); KV_REST_API_TOKEN defaults to empty "
            "(.env.template:3): undetermined") in result.evidence[0].message, result.evidence[0].message


def test_a_limit_skipped_in_development_names_only_the_settings_an_operator_sets(tmp_path: Path) -> None:
    """chathn: `NODE_ENV !== "development" && process.env.KV_REST_API_URL` across lines — the condition quoted on
    one line, NODE_ENV (set by the platform) not named as a switch."""
    ctor = "const ratelimit = new Ratelimit({ redis: kv, limiter: Ratelimit.slidingWindow(5, '10 s') })"
    call = ("  if (\n    process.env.NODE_ENV !== 'development' &&\n    process.env.KV_REST_API_URL\n  ) {\n"
            "    const { success } = await ratelimit.limit('ip')\n    if (!success) return new Response('no', "
            "{ status: 429 })\n  }\n")
    result = run_static(tmp_path, CHECK, {"app/api/chat/route.ts": _NEXT_ROUTE.replace("CTOR", ctor).replace("CALL", call)})
    assert [e.message.split(" — ", 1)[1] for e in result.evidence] == [
        "KV_REST_API_URL has no default in the repository: undetermined, confirm the deployment sets it"]
    assert ("which runs only when process.env.NODE_ENV !== 'development' && process.env.KV_REST_API_URL "
            "(app/api/chat/route.ts:10)") in result.evidence[0].message
