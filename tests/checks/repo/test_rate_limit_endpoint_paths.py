"""repo.rate-limit-config: a completion endpoint path is a model call only where a request is sent with it to a model.

Open-Assistant's web client asks its own data backend for ``/api/v1/messages/{id}/tree``, and gpt_academic's config
reader looks ``"https://api.openai.com/v1/chat/completions"`` up in a URL rewrite table: neither calls a model. A fetch
to ``https://api.anthropic.com/v1/messages``, or to a base URL from a model's setting, still does."""

from __future__ import annotations

from pathlib import Path

import pytest

from launchready.checks.repo.rate_limit_config import CHECK
from launchready.engines.model_calls import client_call
from launchready.model import Status
from tests.checks.repo.static_helpers import run_static

_PKG = '{"dependencies": {"next": "14"}}'

_CLIENT = """export class ApiClient {
  baseUrl: string;

  constructor(baseUrl: string) {
    this.baseUrl = baseUrl;
  }

  private async request<T>(method: string, path: string, body?: object): Promise<T> {
    const resp = await fetch(`${this.baseUrl}${path}`, { method, body: JSON.stringify(body) });
    return (await resp.json()) as T;
  }

  async fetch_message_tree(message_id: string) {
    return this.request<{ id: string }>("GET", `/api/v1/messages/${message_id}/tree`);
  }

  async post_message_reply(text: string) {
    return this.request<void>("POST", `/api/v1/messages`, { text });
  }
%s}
"""

_TREE_ROUTE = """import { ApiClient } from "src/lib/api_client";

export default async function handler(req, res) {
  const client = new ApiClient(process.env.BACKEND_URL);
  const tree = await client.fetch_message_tree(req.query.id as string);
  return res.json({ tree });
}
"""

_MESSAGES_ROUTE = """import { ApiClient } from "src/lib/api_client";

export default async function handler(req, res) {
  const client = new ApiClient(process.env.BACKEND_URL);
  return res.json(await client.post_message_reply(req.body.text));
}
"""


def _next_app(extra: str = "") -> dict[str, str]:
    return {"package.json": _PKG, "src/lib/api_client.ts": _CLIENT % extra,
            "src/pages/api/messages/[id]/tree.ts": _TREE_ROUTE, "src/pages/api/messages/index.ts": _MESSAGES_ROUTE}


def test_a_path_on_the_project_s_own_api_client_is_no_model_call(tmp_path: Path) -> None:
    """``/api/v1/messages/{id}/tree`` names a stored message tree; ``POST /api/v1/messages`` on the project's own client
    names no model. The route named like a chat route is only a warning, the other no finding."""
    result = run_static(tmp_path, CHECK, _next_app())
    assert not [e for e in result.evidence if e.status is Status.FAIL], result.evidence
    assert [(e.status, e.location) for e in result.evidence] == [(Status.WARN, "src/pages/api/messages/index.ts:3")]
    assert "named like a chat route, but no model call was seen" in result.evidence[0].message


@pytest.mark.parametrize("call", [
    "fetch('https://api.anthropic.com/v1/messages', { method: 'POST', body: JSON.stringify({ text }) })",
    "fetch(`${process.env.ANTHROPIC_BASE_URL}/v1/messages`, { method: 'POST', body: JSON.stringify({ text }) })",
    "this.request<void>('POST', '/v1/messages', { model: 'claude-sonnet-4-5', max_tokens: 512, text })",
])
def test_a_request_to_a_model_s_endpoint_is_still_a_model_call(tmp_path: Path, call: str) -> None:
    helper = f"\n  async answer_with_claude(text: string) {{\n    return {call};\n  }}\n"
    files = _next_app(helper)
    files["src/pages/api/reply.ts"] = ("import { ApiClient } from 'src/lib/api_client';\n\n"
                                       "export default async function handler(req, res) {\n"
                                       "  const client = new ApiClient(process.env.BACKEND_URL);\n"
                                       "  return res.json(await client.answer_with_claude(req.body.text));\n}\n")
    result = run_static(tmp_path, CHECK, files)
    assert [(e.status, e.location, e.message) for e in result.evidence if "/api/reply" in e.message] == [
        (Status.FAIL, "src/pages/api/reply.ts:3", "route ANY /api/reply calls a model (ApiClient.answer_with_claude → "
                                                  "/v1/messages) and is not rate limited (no rate limiter anywhere in "
                                                  "the project)")]


_CONFIG = """import importlib


def read_single_conf(arg):
    r = getattr(importlib.import_module('config'), arg)
    if arg == 'API_URL_REDIRECT':
        # the table maps https://api.openai.com/v1/chat/completions to a proxy
        redirected = r.get("https://api.openai.com/v1/chat/completions", None)
        if redirected and not redirected.endswith('/chat/completions'):
            log_red("API_URL_REDIRECT should map 'https://api.openai.com/v1/chat/completions' to a full URL")
    return r


def get_conf(*args):
    return [read_single_conf(arg) for arg in args]
"""

_SERVER = """import httpx
from fastapi import FastAPI, Request, Response

from shared.config_loader import get_conf

app = FastAPI()


async def forward_request(request: Request):
    target = get_conf("TTS_URL")[0]
    async with httpx.AsyncClient() as client:
        resp = await client.post(target, content=await request.body())
    return Response(content=resp.content)


@app.post("/vits")
async def vits(request: Request):
    return await forward_request(request)
"""


def test_an_endpoint_url_only_looked_up_compared_or_logged_is_no_model_call(tmp_path: Path) -> None:
    """``POST /vits`` forwards to a speech server; the config reader it passes through only looks the OpenAI URL up
    in a rewrite table, compares a value's ending with it and logs it."""
    result = run_static(tmp_path, CHECK, {"shared/config_loader.py": _CONFIG, "shared/server.py": _SERVER})
    assert not [e for e in result.evidence if "/vits" in e.message], result.evidence
    assert result.status is Status.PASS, result.evidence


def test_an_endpoint_url_a_request_is_sent_to_is_a_model_call(tmp_path: Path) -> None:
    config = _CONFIG.replace(
        "    return r\n",
        "    if arg == 'PROBE':\n        requests.post('https://api.openai.com/v1/chat/completions', json={})\n    return r\n",
        1)
    result = run_static(tmp_path, CHECK, {"shared/config_loader.py": config, "shared/server.py": _SERVER})
    assert [(e.status, e.location, e.message) for e in result.evidence] == [
        (Status.FAIL, "shared/server.py:16", "route POST /vits calls a model (forward_request → get_conf → "
                                            "read_single_conf → /chat/completions) and is not rate limited (no rate "
                                            "limiter anywhere in the project)")]


@pytest.mark.parametrize(("body", "calls"), [
    # sent to a model
    ("def ask(q):\n    return requests.post('https://api.openai.com/v1/chat/completions', json=q)\n", True),
    ("def ask(q):\n    return httpx.post(f'{settings.llm_base}/v1/chat/completions', json=q)\n", True),
    ("function ask(q) {\n  return fetch(base + '/v1/messages', {method: 'POST', body: q});\n}\n", True),
    ("def ask(q):\n    return requests.post(urljoin(base, '/v1/completions'), json=q)\n", True),
    ("def ask(q):\n    return client.post('/chat/completions', json={'model': MODEL, 'messages': q})\n", True),
    ("function batch(reqs) {\n  return fetch(`${BASE}/v1/messages/batches`, {method: 'POST', body: reqs});\n}\n", True),
    # only mentioned
    ("function ask(q) {\n  // POST https://api.openai.com/v1/chat/completions is done by the worker\n"
     "  return queue.push(q);\n}\n", False),
    ("def table():\n    return {'https://api.openai.com/v1/chat/completions': PROXY}\n", False),
    ("def redirect(r):\n    return r['https://api.openai.com/v1/chat/completions']\n", False),
    ("def is_openai(url):\n    return url == 'https://api.openai.com/v1/chat/completions'\n", False),
    ("def is_chat(url):\n    return url.endswith('/chat/completions')\n", False),
    ("def boot(port):\n    print(f'serving http://localhost:{port}/v1/chat/completions')\n", False),
    ("function check(url) {\n  throw new Error(`${url} is not https://api.openai.com/v1/chat/completions`);\n}\n", False),
    ("def mount():\n    @router.post('/v1/chat/completions')\n    async def chat(body):\n        return await run(body)\n",
     False),
    # a stored resource below the endpoint, a relative path on the project's own client naming no model
    ("function tree(id) {\n  return this.get(`/api/v1/messages/${id}/tree`);\n}\n", False),
    ("function stored(id) {\n  return fetch(`${BASE}/v1/chat/completions/${id}`);\n}\n", False),
    ("function create(text) {\n  return this.post('/api/v1/messages', { text });\n}\n", False),
])
def test_an_endpoint_path_is_a_model_call_only_when_sent_to_a_model(body: str, calls: bool) -> None:
    assert (client_call(body) is not None) is calls
