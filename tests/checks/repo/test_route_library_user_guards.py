"""route-auth: fastapi-users' ``current_active_user = fastapi_users.current_user(active=True)`` is a dependency the
library makes that answers 401 without a login (chatgpt-web-share): a route depending on it — directly or through a
project dependency that records the user in ``request.scope`` — is authenticated; ``current_user(optional=True)``
refuses nobody."""

from __future__ import annotations

from pathlib import Path

import pytest

from launchready.checks.repo import route_auth
from launchready.model import Status
from tests.checks.repo.static_helpers import run_static

_USERS = ("from fastapi import Depends, Request\nfrom fastapi_users import FastAPIUsers\n\n"
          "fastapi_users = FastAPIUsers[User, int](get_user_manager, [auth_backend])\n\n"
          "__current_active_user = fastapi_users.current_user(active=True)\n\n\n"
          "async def current_active_user(request: Request, user: User = Depends(__current_active_user)):\n"
          "    request.scope['auth_user'] = user\n    return user\n")
_ROUTES = ("from fastapi import APIRouter, Depends\nfrom users import current_active_user\n\nrouter = APIRouter()\n\n\n"
           "@router.get('/user/me')\nasync def get_me(user=Depends(current_active_user)):\n    return user\n\n\n"
           "@router.patch('/user/me')\nasync def update_me(body: dict, user=Depends(current_active_user)):\n"
           "    return await save(user, body)\n")


def test_a_fastapi_users_current_user_dependency_authenticates(tmp_path: Path) -> None:
    result = run_static(tmp_path, route_auth.CHECK, {"users.py": _USERS, "routes.py": _ROUTES})
    assert [e for e in result.evidence if e.status is not Status.PASS] == []
    assert result.status is Status.PASS


@pytest.mark.parametrize("made", ["fastapi_users.current_user(optional=True)", "make_user_reader(active=True)"])
def test_an_optional_or_unknown_current_user_maker_does_not(tmp_path: Path, made: str) -> None:
    users = _USERS.replace("fastapi_users.current_user(active=True)", made)
    result = run_static(tmp_path, route_auth.CHECK, {"users.py": users, "routes.py": _ROUTES})
    assert sorted(e.location for e in result.evidence if e.status is Status.FAIL) == ["routes.py:12", "routes.py:7"]


_WS = ("from fastapi import APIRouter, WebSocket\n\nrouter = APIRouter()\n\n\n"
       "async def websocket_auth(websocket):\n    token = websocket.cookies.get('user_auth')\n"
       "    return await read_user(token)\n\n\n"
       "@router.websocket('/chat')\nasync def chat(websocket: WebSocket):\n    await websocket.accept()\n"
       "    user = await websocket_auth(websocket)\n    if user is None:\n"
       "        await websocket.close(1008, 'errors.unauthorized')\n        return\n"
       "    await serve(websocket, user)\n")


def test_a_websocket_closed_with_the_policy_violation_code_turns_the_caller_away(tmp_path: Path) -> None:
    """chatgpt-web-share /chat: `websocket_auth` reads the cookie; the handler closes with 1008 without a user."""
    result = run_static(tmp_path / "a", route_auth.CHECK, {"chat.py": _WS})
    assert [e for e in result.evidence if e.status is not Status.PASS] == []
    normal = _WS.replace("await websocket.close(1008, 'errors.unauthorized')", "await websocket.close(1000)")
    result = run_static(tmp_path / "b", route_auth.CHECK, {"chat.py": normal})
    assert [(e.status, e.location) for e in result.evidence if e.status is not Status.PASS] == [
        (Status.WARN, "chat.py:11")]


def test_a_handler_that_only_raises_serves_nothing(tmp_path: Path) -> None:
    """chatgpt-web-share `GET /chat/__schema_types`: declared for the OpenAPI schema, its body only raises."""
    source = ("from fastapi import APIRouter\n\nrouter = APIRouter()\n\n\n"
              "@router.get('/chat/__schema_types', response_model=AskResponse)\nasync def _schema(_request: AskRequest):\n"
              "    \"\"\"Only so that openapi generates the schema.\"\"\"\n    raise InternalException()\n\n\n"
              "@router.delete('/chat/{chat_id}')\nasync def delete(chat_id: int):\n    if not chat_id:\n"
              "        raise InternalException()\n    await remove(chat_id)\n")
    result = run_static(tmp_path, route_auth.CHECK, {"chat.py": source})
    assert [(e.status, e.location) for e in result.evidence if e.status is not Status.PASS] == [
        (Status.FAIL, "chat.py:12")]
    assert [e.message for e in result.evidence if e.location == "chat.py:6"] == [
        "GET /chat/__schema_types serves nothing: its handler only raises InternalException (a stub, e.g. declared "
        "for the API schema)"]
