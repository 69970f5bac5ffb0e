"""Pins for repo.rate-limit-config's Express limiters: a limiter applied by `app.use` is global (for every
route, or under its path prefix only), and a file that imports a limiter without constructing one is still
read for its `app.use` — each counted in the summary."""

from __future__ import annotations

from pathlib import Path

from launchready.checks.repo.rate_limit_config import CHECK
from launchready.model import Result, Status
from tests.checks.repo.static_helpers import run_static

HEAD = ("const express = require('express')\nconst rateLimit = require('express-rate-limit')\nconst app = express()\n"
        "const guard = rateLimit({ windowMs: 60000, max: 5 })\n")
PAID = "async (req, res) => res.json(await openai.chat(req.body))"


def _items(result: Result) -> list[tuple[Status, str, str]]:
    return [(e.status, e.message, e.location) for e in result.evidence]


def test_a_limiter_variable_used_by_the_app_covers_every_route(tmp_path: Path) -> None:
    """`guard` is no limiter by its name: only `app.use(guard)` makes it global."""
    result = run_static(tmp_path, CHECK, {"server.js": HEAD + f"app.use(guard)\napp.post('/chat', {PAID})\n"})
    assert (result.status, _items(result)) == (Status.PASS, [])
    assert result.summary == "rate limits cover chat route(s) (2 limiter(s))"


def test_an_imported_limiter_used_by_the_app_is_counted_without_a_constructor_in_the_file(tmp_path: Path) -> None:
    source = ("const express = require('express')\nconst { apiLimiter } = require('./limits')\nconst app = express()\n"
              f"app.use(apiLimiter)\napp.post('/chat', {PAID})\n")
    result = run_static(tmp_path, CHECK, {"server.js": source})
    assert (result.status, _items(result)) == (Status.PASS, [])
    assert result.summary == "rate limits cover chat route(s) (1 limiter(s))"


def test_a_limiter_under_a_path_prefix_covers_that_path_and_below_only(tmp_path: Path) -> None:
    source = HEAD + (f"app.use('/chat', guard)\napp.post('/chat', {PAID})\napp.post('/chat/stream', {PAID})\n"
                     f"app.post('/v1/chat', {PAID})\napp.post('/chatter/upload', async (req, res) => res.json({{}}))\n")
    result = run_static(tmp_path, CHECK, {"server.js": source})
    assert _items(result) == [
        (Status.FAIL, "chat route POST /v1/chat is not rate limited (no limiter on this route)", "server.js:8"),
        (Status.FAIL, "upload route POST /chatter/upload is not rate limited (no limiter on this route)", "server.js:9"),
    ]
    assert result.summary == "not rate limited: chat, upload"


def test_a_post_to_the_root_is_no_login_chat_upload_or_tool_route(tmp_path: Path) -> None:
    source = "from fastapi import FastAPI\napp = FastAPI()\n\n@app.post('/')\ndef home(request: Request):\n    return {}\n"
    result = run_static(tmp_path, CHECK, {"main.py": source})
    assert (result.status, result.evidence) == (Status.PASS, ())
    assert result.summary == "no login, chat, upload or tool routes among 1 route(s)"


def test_an_upstash_limiter_constructed_without_parentheses_is_a_limiter_in_the_project(tmp_path: Path) -> None:
    """`new Ratelimit` is a limiter even without `(…)`: the chat route is then uncovered, not unlimited anywhere."""
    files = {"server.js": f"const express = require('express')\nconst app = express()\napp.post('/chat', {PAID})\n",
             "lib/limit.js": "import { Ratelimit } from '@upstash/ratelimit'\nexport const ratelimit = new Ratelimit\n"}
    result = run_static(tmp_path, CHECK, files)
    assert _items(result) == [
        (Status.FAIL, "chat route POST /chat is not rate limited (no limiter on this route)", "server.js:3")]


def test_a_chat_routes_own_path_is_not_read_as_a_model_call(tmp_path: Path) -> None:
    """`/agent/chat` names an agent; the handler only stores the message: a warning, not a paid-work blocker."""
    source = ("const express = require('express')\nconst app = express()\n"
              "app.post('/agent/chat', async (req, res) => res.json(await store.append(req.body)))\n")
    result = run_static(tmp_path, CHECK, {"server.js": source})
    assert [(e.status, e.location) for e in result.evidence] == [(Status.WARN, "server.js:3")]
    assert result.evidence[0].message.endswith("no model call was seen in its handler or what it calls: confirm it does paid work")
