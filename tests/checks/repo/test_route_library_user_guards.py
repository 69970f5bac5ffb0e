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
