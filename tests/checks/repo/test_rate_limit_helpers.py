"""repo.rate-limit-config: a limiter the handler reaches through the project's own functions covers the route
(onyx's rename route names the chat with a model in a helper that first calls ``check_token_rate_limits``), and a
token count (Anthropic's ``/v1/messages/count_tokens``) is no paid model call."""

from __future__ import annotations

from pathlib import Path

from launchready.checks.repo.rate_limit_config import CHECK
from launchready.model import Status
from tests.checks.repo.static_helpers import run_static

_LIMITS = ("from fastapi import HTTPException\n\n\ndef check_token_rate_limits(user):\n"
           "    if Usage.tokens_today(user.id) > BUDGET:\n        raise HTTPException(status_code=429)\n")
_CHAT = ("from fastapi import APIRouter\nfrom openai import OpenAI\n\nfrom app.limits import check_token_rate_limits\n\n"
         "router = APIRouter()\n\n\ndef _name_the_session(history, user):\n{limit}"
         "    reply = OpenAI().chat.completions.create(model='gpt-4o-mini', messages=history)\n"
         "    return reply.choices[0].message.content\n\n\n"
         "@router.put('/chat/rename-chat-session')\ndef rename_chat_session(req: RenameRequest, user=Depends(current_user)):\n"
         "    name = req.name or _name_the_session(load_history(req.chat_session_id), user)\n"
         "    return save_name(req.chat_session_id, name)\n")


def test_a_limiter_called_in_the_helper_that_calls_the_model_covers_the_route(tmp_path: Path) -> None:
    result = run_static(tmp_path, CHECK, {"app/limits.py": _LIMITS, "app/chat.py": _CHAT.format(
        limit="    check_token_rate_limits(user)\n")})
    assert result.status is Status.PASS, result.evidence
    assert result.summary == "rate limits cover chat route(s) (1 limiter(s))"


def test_without_the_helper_s_limiter_the_model_call_fails_the_route(tmp_path: Path) -> None:
    result = run_static(tmp_path, CHECK, {"app/limits.py": _LIMITS, "app/chat.py": _CHAT.format(limit="")})
    assert [(e.status, e.location, e.message) for e in result.evidence] == [
        (Status.FAIL, "app/chat.py:14", "chat route PUT /chat/rename-chat-session is not rate limited (no rate "
                                        "limiter anywhere in the project)")]


def test_the_definition_of_a_limiter_is_no_call_of_it(tmp_path: Path) -> None:
    helper = ("def check_rate_limit(user):\n    return True\n\n\n"
              "def _answer(question):\n    return OpenAI().chat.completions.create(model='m', messages=question)\n")
    chat = ("from fastapi import APIRouter\nfrom app.helpers import _answer\n\nrouter = APIRouter()\n\n\n"
            "@router.post('/api/chat')\ndef chat(body: dict):\n    return _answer(body['messages'])\n")
    result = run_static(tmp_path, CHECK, {"app/helpers.py": helper, "app/chat.py": chat})
    assert result.status is Status.FAIL
    assert [e.location for e in result.evidence] == ["app/chat.py:7"]


_GATEWAY = ("import httpx\nfrom fastapi import APIRouter\n\nrouter = APIRouter()\n\n\n"
            "def _count_tokens_url(base):\n    return base + '{path}'\n\n\n"
            "def count_passthrough(body, base):\n    return httpx.post(_count_tokens_url(base), json=body).json()\n\n\n"
            "@router.post('/v1/count')\ndef gateway_count_tokens(body: dict, user=Depends(current_user)):\n"
            "    return count_passthrough(body, settings.anthropic_base)\n")


def test_anthropic_s_token_count_endpoint_is_no_model_call(tmp_path: Path) -> None:
    result = run_static(tmp_path, CHECK, {"app/gateway.py": _GATEWAY.format(path="/v1/messages/count_tokens")})
    assert result.status is not Status.FAIL, result.evidence
    assert not [e for e in result.evidence if "/v1/count" in e.message]


def test_anthropic_s_messages_endpoint_is_one(tmp_path: Path) -> None:
    result = run_static(tmp_path, CHECK, {"app/gateway.py": _GATEWAY.format(path="/v1/messages")})
    assert [(e.status, e.location) for e in result.evidence] == [(Status.FAIL, "app/gateway.py:15")]
    assert result.evidence[0].message == (
        "route POST /v1/count calls a model (count_passthrough → _count_tokens_url → /v1/messages) and is not rate "
        "limited (no rate limiter anywhere in the project)")


_NEXT_PKG = '{"dependencies": {"next": "15", "ai": "4"}}'
_CHAT_LIMIT = ("import { redis } from '@/lib/redis'\n\nexport async function checkAndEnforceOverallChatLimit(\n"
               "  userId: string\n): Promise<Response | null> {\n  const used = await redis.incr(`chat:${userId}`)\n"
               "  if (used > 50) {\n    return new Response('Too many', { status: {status} })\n  }\n  return null\n}\n")
_NEXT_CHAT = ("import { streamText } from 'ai'\n"
              "import { checkAndEnforceOverallChatLimit } from '@/lib/rate-limit/chat-limits'\n\n"
              "export async function POST(req: Request) {\n  const userId = await getUserId()\n"
              "  const limited = await checkAndEnforceOverallChatLimit(userId)\n  if (limited) return limited\n"
              "  const { messages } = await req.json()\n"
              "  return streamText({ model, messages }).toDataStreamResponse()\n}\n")


def test_a_project_limit_function_answering_429_covers_a_next_chat_route(tmp_path: Path) -> None:
    result = run_static(tmp_path, CHECK, {"package.json": _NEXT_PKG, "app/api/chat/route.ts": _NEXT_CHAT,
                                          "lib/rate-limit/chat-limits.ts": _CHAT_LIMIT.replace("{status}", "429")})
    assert result.status is Status.PASS, result.evidence


def test_a_limit_named_function_that_answers_no_429_is_no_limiter(tmp_path: Path) -> None:
    # a context-window check (`checkTokenLimit`) or any "limit" that refuses with something else limits no rate
    result = run_static(tmp_path, CHECK, {"package.json": _NEXT_PKG, "app/api/chat/route.ts": _NEXT_CHAT,
                                          "lib/rate-limit/chat-limits.ts": _CHAT_LIMIT.replace("{status}", "400")})
    assert [(e.status, e.location) for e in result.evidence] == [(Status.FAIL, "app/api/chat/route.ts:4")]


_POWERUP = ("import asyncio\nfrom flask import Blueprint, request\nfrom openai import AsyncOpenAI\n\n"
            "powerup = Blueprint('powerup', __name__)\n\n\nasync def regex_for_dynamic_params(path):\n"
            "    reply = await AsyncOpenAI().chat.completions.create(model='m', messages=[path])\n"
            "    return reply.choices[0].message.content\n\n\n"
            "@powerup.route('/powerup', methods=['POST'])\ndef create_powerup_endpoint():\n"
            "    data = request.json\n    data['path'] = {call}\n    return save(data)\n")


def test_a_coroutine_a_sync_handler_never_awaits_makes_no_model_call(tmp_path: Path) -> None:
    """OpenCopilot's sync `POST /powerup` calls `async def get_regex_for_dynamic_params` bare: the coroutine is
    created and dropped, its model call never runs. Run through `asyncio.run`, it does."""
    bare = run_static(tmp_path / "bare", CHECK, {"app/powerup.py": _POWERUP.format(
        call="regex_for_dynamic_params(data['path'])")})
    assert not [e for e in bare.evidence if "calls a model" in e.message], bare.evidence
    ran = run_static(tmp_path / "ran", CHECK, {"app/powerup.py": _POWERUP.format(
        call="asyncio.run(regex_for_dynamic_params(data['path']))")})
    assert [(e.status, e.location, e.message) for e in ran.evidence] == [
        (Status.FAIL, "app/powerup.py:13", "route POST /powerup calls a model (regex_for_dynamic_params → AsyncOpenAI() "
         "and is not rate limited (no rate limiter anywhere in the project)")]


def test_a_cost_cap_answering_429_is_no_rate_limit(tmp_path: Path) -> None:
    """onyx's `check_llm_cost_limit_for_provider` answers 429 once a tenant's spend passes its cap: it bounds the
    bill, not the requests — one caller can spend it for everyone. The route stays uncovered."""
    limits = _CHAT_LIMIT.replace("checkAndEnforceOverallChatLimit", "checkLlmCostLimit").replace("{status}", "429")
    chat = _NEXT_CHAT.replace("checkAndEnforceOverallChatLimit", "checkLlmCostLimit")
    result = run_static(tmp_path, CHECK, {"package.json": _NEXT_PKG, "app/api/chat/route.ts": chat,
                                          "lib/usage/limits.ts": limits})
    assert [(e.status, e.location) for e in result.evidence] == [(Status.FAIL, "app/api/chat/route.ts:4")]


_TOOLS = ("from fastapi import APIRouter\n{imports}\nrouter = APIRouter()\n\n\n"
          "@router.post('/api/tools/{name}')\ndef {name}(body: dict):\n{body}")


def test_a_tools_route_fails_only_when_it_runs_a_tool(tmp_path: Path) -> None:
    """vector-admin's `/tools/*` routes are admin console utilities (migrate, reset, toggle): named like tool routes,
    they run no model, request, mail or process — a warning that says so. A tools route that fetches a URL for the
    caller fails."""
    toggle = _TOOLS.format(imports="", name="toggle", body="    return set_enabled(body['id'], body['on'])\n")
    fetch = _TOOLS.format(imports="import requests\n", name="fetch_page",
                          body="    return requests.get(body['url'], timeout=10).text\n")
    invoke = _TOOLS.format(imports="", name="call_tool",
                           body="    tool = get_tool(body['name'])\n    return await tool.ainvoke(body['input'])\n")
    result = run_static(tmp_path, CHECK, {"app/toggle.py": toggle, "app/fetch.py": fetch, "app/call.py": invoke})
    by_loc = {e.location: e for e in result.evidence}
    assert by_loc["app/fetch.py:7"].status is Status.FAIL
    assert by_loc["app/call.py:6"].status is Status.FAIL  # Langchain-Chatchat's POST /tools/call
    assert by_loc["app/toggle.py:6"].status is Status.WARN
    assert by_loc["app/toggle.py:6"].message.endswith(
        "named like a tools route, but its handler and what it calls run no model, outside request, mail or "
        "process: confirm it runs a tool")


_CONFIG = ("class LLMConfig:\n    def apply_reasoning(self, reasoning):\n"
           "        \"\"\"Normalize reasoning flags.\n\n        - OpenAI native reasoning (o1/o3): force enabled\n"
           "        - Anthropic (claude 3.7 / 4): toggle honored\n        \"\"\"\n"
           "        # Anthropic (claude) models take a budget\n        self.reasoning = bool(reasoning)\n"
           "        return self\n")
_AGENTS = ("from fastapi import APIRouter\n\nfrom app.config import LLMConfig\n\nrouter = APIRouter()\n\n\n"
           "@router.post('/agents')\ndef create_agent(req: CreateAgent):\n"
           "    config = LLMConfig().apply_reasoning(req.reasoning)\n    return store.save(req.name, config)\n")


def test_a_provider_named_in_a_helpers_docstring_is_no_model_call(tmp_path: Path) -> None:
    """letta `POST /agents`: the chain reached `llm_config.py`'s docstring "- Anthropic (claude 3.7 / 4): …" and
    read it as the Anthropic client's constructor — a blocking "calls a model" fail on a route that stores a row."""
    result = run_static(tmp_path / "a", CHECK, {"app/config.py": _CONFIG, "app/agents.py": _AGENTS})
    assert not [e for e in result.evidence if e.status is Status.FAIL], result.evidence
    calling = _CONFIG.replace("        self.reasoning = bool(reasoning)\n",
                              "        self.reasoning = Anthropic().messages.create(model='claude', messages=[])\n")
    result = run_static(tmp_path / "b", CHECK, {"app/config.py": calling, "app/agents.py": _AGENTS})
    assert [e.location for e in result.evidence if e.status is Status.FAIL] == ["app/agents.py:8"]


def test_a_deprecated_route_that_only_logs_and_raises_serves_nothing(tmp_path: Path) -> None:
    """letta `POST /voice-beta/{agent_id}/chat/completions`: deprecated, it logs the call and answers 410."""
    source = ("from fastapi import APIRouter\n\nrouter = APIRouter(prefix='/voice-beta')\n\n\n"
              "@router.post('/{agent_id}/chat/completions', deprecated=True)\nasync def voice(agent_id: str):\n"
              "    \"\"\"DEPRECATED: use /v1/agents/{agent_id}/messages.\"\"\"\n    from fastapi import HTTPException\n\n"
              "    logger.warning(f'Deprecated voice-beta endpoint called for agent {agent_id}')\n"
              "    raise HTTPException(status_code=410, detail='deprecated')\n\n\n"
              "@router.post('/{agent_id}/chat')\nasync def chat(agent_id: str, body: dict):\n"
              "    return OpenAI().chat.completions.create(model='gpt-4o', messages=body['messages'])\n")
    result = run_static(tmp_path, CHECK, {"app/voice.py": source})
    assert [(e.status, e.location) for e in result.evidence if e.status is not Status.PASS] == [
        (Status.FAIL, "app/voice.py:15")]
    # the stub left aside, the project still has no limiter at all: said so
    assert "(no rate limiter anywhere in the project)" in result.evidence[0].message


def test_a_handler_registered_for_several_methods_is_one_finding_under_post(tmp_path: Path) -> None:
    """letta's `/anthropic/v1/{endpoint:path}` proxy: one handler for GET, POST, PUT, PATCH and DELETE that forwards
    to `/v1/messages` — one finding, under POST, naming the other methods judged alike."""
    source = ("from fastapi import APIRouter, Request\n\nrouter = APIRouter(prefix='/anthropic')\n\n\n"
              "@router.api_route('/v1/{endpoint:path}', methods=['GET', 'POST', 'PUT', 'PATCH', 'DELETE'])\n"
              "async def proxy(endpoint: str, request: Request):\n"
              "    return await client.post('https://api.anthropic.com/v1/messages', content=await request.body())\n")
    result = run_static(tmp_path, CHECK, {"app/proxy.py": source})
    fails = [e for e in result.evidence if e.status is Status.FAIL]
    assert [e.location for e in fails] == ["app/proxy.py:6"]
    assert fails[0].message.startswith("route POST /anthropic/v1/{endpoint:path} calls a model")
    assert "(the same handler also serves PUT)" in fails[0].message  # the methods that can carry a body
