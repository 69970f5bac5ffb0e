"""repo.rate-limit-config shapes first seen in round 19: a router declared under two names, a project limiter
function used as a router dependency and switched by a setting, a LlamaIndex LLM built only to read its metadata,
and chat-named routes about a chat's record (sessions, context, settings) with no model call."""

from __future__ import annotations

from pathlib import Path

from launchready.checks.repo.rate_limit_config import CHECK
from launchready.model import Result, Status
from tests.checks.repo.static_helpers import run_static


def _items(result: Result) -> list[tuple[str, str, str]]:
    return [(e.status.value, e.location, e.message) for e in result.evidence]


_MAIN = '''import os
from fastapi import FastAPI, Depends
from backend.routers.chat import chat_router
from backend.limits import request_limit_middleware

app = FastAPI()
app.include_router(chat_router, prefix="/api/chat", dependencies=[Depends(request_limit_middleware)])
'''
_CHAT = '''from fastapi import APIRouter, Request
from llama_index.core import VectorStoreIndex

chat_router = r = APIRouter()


@r.post("")
async def chat(request: Request):
    index = VectorStoreIndex.from_documents([])
    return index.as_chat_engine().chat("hello")
'''
_LIMITS = '''import os
from fastapi import HTTPException, Request, status

THRESHOLD = int(os.getenv("CHAT_REQUEST_LIMIT_THRESHOLD", {default}))
LIMIT_ENABLED = THRESHOLD > 0


async def request_limit_middleware(request: Request) -> None:
    if LIMIT_ENABLED:
        if count(request) >= THRESHOLD:
            raise HTTPException(status_code=status.HTTP_429_TOO_MANY_REQUESTS, detail="too many chat requests")


def count(request: Request) -> int:
    return 0
'''


def test_a_router_under_two_names_gets_its_include_prefix_and_a_limiter_dependency_off_by_default_warns(
        tmp_path: Path) -> None:
    """ragapp: `chat_router = r = APIRouter()`, routes on `r`, included as `chat_router` with a project limiter
    dependency whose 429 is answered only when CHAT_REQUEST_LIMIT_THRESHOLD > 0 (default 0)."""
    files = {"backend/main.py": _MAIN, "backend/routers/chat.py": _CHAT,
             "backend/limits.py": _LIMITS.format(default="0")}
    result = run_static(tmp_path, CHECK, files)
    assert _items(result) == [(
        "warn", "backend/routers/chat.py:7", "chat route POST /api/chat is guarded by request_limit_middleware "
        "(backend/limits.py:8), which runs only when LIMIT_ENABLED (backend/limits.py:8) — CHAT_REQUEST_LIMIT_THRESHOLD "
        "defaults to 0 (backend/limits.py:4): undetermined, confirm the deployment sets it")]


def test_the_same_limiter_on_by_default_covers_the_route_and_without_it_the_route_fails(tmp_path: Path) -> None:
    files = {"backend/main.py": _MAIN, "backend/routers/chat.py": _CHAT,
             "backend/limits.py": _LIMITS.format(default="20")}
    assert run_static(tmp_path / "on", CHECK, files).status is Status.PASS
    files["backend/main.py"] = _MAIN.replace(", dependencies=[Depends(request_limit_middleware)]", "")
    result = run_static(tmp_path / "off", CHECK, files)
    # its handler's own name (`chat`) is no reason to miss `.as_chat_engine().chat(…)`: a model call, so a fail
    assert _items(result) == [("fail", "backend/routers/chat.py:7",
                               "chat route POST /api/chat is not rate limited (no rate limiter anywhere in the "
                               "project)")]


_MANAGEMENT = '''from fastapi import APIRouter, FastAPI

app = FastAPI()
router = APIRouter(prefix="/api/management/config")


def check_supported_multi_agents_model(provider: str, model: str) -> bool:
    from llama_index.llms.openai import OpenAI
    llm = OpenAI(model=model)
    return llm.metadata.is_function_calling_model


def call_model(provider: str, model: str) -> str:
    from llama_index.llms.openai import OpenAI
    llm = OpenAI(model=model)
    return llm.complete("hello").text


@router.post("/models")
async def update_models(provider: str, model: str):
    return {"multi_agent": check_supported_multi_agents_model(provider, model)}


@router.post("/probe")
async def probe(provider: str, model: str):
    return {"answer": call_model(provider, model)}


@router.post("/chat")
async def update_chat_config(system_prompt: str):
    db.insert({"system_prompt": system_prompt})


@app.post("/api/chat/sessions")
async def create_session(title: str):
    return db.insert({"title": title})


@app.put("/api/chat/sessions/{session_id}")
async def rename_session(session_id: str, title: str):
    return db.insert({"id": session_id, "title": title})


@app.post("/api/chat/sessions/{session_id}/messages")
async def post_message(session_id: str, text: str):
    return db.insert({"id": session_id, "text": text})


@app.post("/api/chat")
async def chat(text: str):
    return db.insert({"text": text})


app.include_router(router)
'''


def test_an_llm_built_to_read_its_metadata_is_no_model_call_and_chat_records_are_no_chat_routes(
        tmp_path: Path) -> None:
    result = run_static(tmp_path, CHECK, {"app.py": _MANAGEMENT})
    items = _items(result)
    located = {loc for _, loc, _ in items}
    # `OpenAI(model=m).metadata.is_function_calling_model` asks the model nothing; `.complete()` does
    assert "app.py:19" not in located, items
    assert any(s == "fail" and loc == "app.py:24" and m.startswith("route POST /api/management/config/probe calls a "
               "model (call_model → OpenAI(") for s, loc, m in items), items
    # a session created or renamed, a chat setting stored: about a chat's record, no model call seen
    assert not located & {"app.py:29", "app.py:34", "app.py:39"}, items
    # a message posted to a session, and `/api/chat` itself, stay chat routes to confirm
    assert ("warn", "app.py:44") in [(s, loc) for s, loc, _ in items], items
    assert ("warn", "app.py:49") in [(s, loc) for s, loc, _ in items], items


def test_a_put_on_a_tool_stores_its_settings_and_a_post_that_runs_it_is_a_tools_route(tmp_path: Path) -> None:
    source = ("from fastapi import FastAPI\nimport subprocess\n\napp = FastAPI()\n\n\n"
              "@app.put('/api/agents/{agent_id}/tools/{tool_name}')\nasync def update_tool(agent_id: str, tool_name: str, "
              "config: dict):\n    return db.save(agent_id, tool_name, config)\n\n\n"
              "@app.post('/api/agents/{agent_id}/tools/{tool_name}')\nasync def run_tool(agent_id: str, tool_name: str, "
              "args: dict):\n    return subprocess.run([tool_name, *args], capture_output=True).stdout\n")
    result = run_static(tmp_path, CHECK, {"app.py": source})
    assert _items(result) == [("fail", "app.py:12", "tools route POST /api/agents/{agent_id}/tools/{tool_name} is not "
                               "rate limited (no rate limiter anywhere in the project)")]
