from __future__ import annotations

from pathlib import Path

import pytest

from launchready.checks.repo.rate_limit_config import CHECK
from launchready.model import Status
from tests.checks.repo.static_helpers import at, messages, run_example, run_static

ROUTES = ("@app.post('/auth/login')\n{deco}def login(request: Request):\n    pass\n\n"
          "@app.post('/chat')\n{deco}def chat(request: Request):\n    return client.chat.completions.create(messages=[])\n")


def test_no_limiter_fails_per_route_class(tmp_path: Path) -> None:
    result = run_static(tmp_path, CHECK, {"main.py": "app = FastAPI()\n\n" + ROUTES.format(deco="")})
    assert result.status is Status.FAIL
    assert at(result, Status.FAIL) == ["main.py:3", "main.py:7"]
    assert messages(result, Status.FAIL)[0] == ("login route POST /auth/login is not rate limited "
                                                "(no rate limiter anywhere in the project)")


def test_a_chat_named_route_whose_handler_calls_no_model_is_a_warning_not_a_blocker(tmp_path: Path) -> None:
    """A report store's `POST /reports/{id}/chat` that only appends a message does no paid work; the same
    path whose handler streams a completion does (both unlimited)."""
    source = ("app = FastAPI()\n\n@app.post('/reports/{rid}/chat')\nasync def add_report_chat_message(rid: str, request: Request):\n"
              "    message = await request.json()\n    await store.append(rid, message)\n    return {'ok': True}\n\n"
              "@app.post('/api/chat')\nasync def chat(request: Request):\n    body = await request.json()\n"
              "    return StreamingResponse(stream_answer(body))\n")
    result = run_static(tmp_path, CHECK, {"main.py": source})
    assert at(result, Status.FAIL) == ["main.py:9"]
    assert at(result, Status.WARN) == ["main.py:3"]
    assert "no model call was seen in its handler" in messages(result, Status.WARN)[0]


def test_a_later_registration_of_the_same_route_is_not_judged(tmp_path: Path) -> None:
    """FastAPI dispatches to the first `POST /chat`; the second handler never runs."""
    source = ("app = FastAPI()\n\n@app.post('/chat')\n@limiter.limit('5/minute')\ndef chat(request: Request):\n"
              "    return llm.invoke(request)\n\n@app.post('/chat')\ndef chat_again(request: Request):\n"
              "    return llm.invoke(request)\n")
    result = run_static(tmp_path, CHECK, {"main.py": "limiter = Limiter(key_func=k)\n" + source})
    assert result.status is Status.PASS, messages(result, Status.FAIL)


def test_limiter_missing_on_one_route_class(tmp_path: Path) -> None:
    source = ("limiter = Limiter(key_func=get_remote_address)\napp = FastAPI()\n\n@app.post('/auth/login')\n"
              "@limiter.limit('5/minute')\ndef login(request: Request):\n    pass\n\n"
              "@app.post('/files')\ndef upload(request: Request):\n    pass\n")
    result = run_static(tmp_path, CHECK, {"main.py": source})
    assert at(result, Status.FAIL) == ["main.py:9"]
    assert "upload route POST /files is not rate limited (no limiter on this route)" in messages(result, Status.FAIL)


@pytest.mark.parametrize(("path", "source"), [
    ("main.py", "limiter = Limiter(key_func=k)\napp = FastAPI()\n\n" + ROUTES.format(deco="@limiter.limit('5/minute')\n")),
    ("main.py", "limiter = Limiter(key_func=k, default_limits=['100/hour'])\napp = FastAPI()\n\n" + ROUTES.format(deco="")),
    ("views.py", "from django_ratelimit.decorators import ratelimit\napp = Flask(__name__)\n\n" + ROUTES.format(
        deco="@ratelimit(key='ip', rate='5/m')\n")),
    ("server.js", "const express = require('express')\nconst rateLimit = require('express-rate-limit')\nconst app = express()\n"
     "app.use(rateLimit({ windowMs: 60000, max: 100 }))\napp.post('/login', (req, res) => res.json({}))\n"),
    ("server.js", "const express = require('express')\nconst app = express()\nconst loginLimiter = rateLimit({max: 5})\n"
     "app.post('/login', loginLimiter, (req, res) => res.json({}))\n"),
])
def test_limiters_per_framework_pass(tmp_path: Path, path: str, source: str) -> None:
    result = run_static(tmp_path, CHECK, {path: source})
    assert result.status is Status.PASS, result.evidence


def test_gateway_limit_covers_everything(tmp_path: Path) -> None:
    files = {"main.py": "app = FastAPI()\n\n" + ROUTES.format(deco=""),
             "deploy/nginx.conf": "http {\n  limit_req_zone $binary_remote_addr zone=api:10m rate=5r/s;\n"
                                  "  server {\n    limit_req zone=api burst=10;\n  }\n}\n"}
    result = run_static(tmp_path, CHECK, files)
    assert result.status is Status.PASS, result.evidence


def test_examples(tmp_path: Path) -> None:
    vulnerable = run_example(tmp_path, CHECK, "vulnerable")
    assert vulnerable.status is Status.FAIL
    assert at(vulnerable, Status.FAIL) == ["main.py:137", "main.py:270", "main.py:337"]
    assert run_example(tmp_path, CHECK, "hardened").status is Status.PASS
