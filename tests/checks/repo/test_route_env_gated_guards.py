"""route-auth: a guard that refuses callers only when a setting holds a value its default does not (SuperAGI's
`check_auth`: `env = get_config("ENV", "DEV")`, then `if env == "PROD": Authorize.jwt_required()`) lets every
caller through as shipped — its routes are undetermined, saying so, never passed. fastapi-jwt-auth's `AuthJWT`
dependency refuses nobody by itself. A route with no guard beside them is still a forgotten guard."""

from __future__ import annotations

from pathlib import Path

from launchready.checks.repo import route_auth
from launchready.model import Status
from tests.checks.repo.static_helpers import run_static

_AUTH = ("from fastapi import Depends\nfrom fastapi_jwt_auth import AuthJWT\n\nfrom app.config import get_config\n\n\n"
         "def check_auth(Authorize: AuthJWT = Depends()):\n    env = get_config('ENV', '{default}')\n"
         "    if env == 'PROD':\n        Authorize.jwt_required()\n    return Authorize\n")
_ROUTES = ("from fastapi import APIRouter, Depends\nfrom fastapi_jwt_auth import AuthJWT\n\n"
           "from app.auth import check_auth\n\nrouter = APIRouter()\n\n\n"
           "@router.post('/users/add')\ndef add_user(body: dict, Authorize: AuthJWT = Depends(check_auth)):\n"
           "    return save(body)\n\n\n"
           "@router.get('/users/get/{user_id}')\ndef get_user(user_id: int):\n    return load(user_id)\n")


def test_a_guard_that_refuses_only_in_production_mode_is_undetermined_as_shipped(tmp_path: Path) -> None:
    result = run_static(tmp_path, route_auth.CHECK, {"app/auth.py": _AUTH.replace("{default}", "DEV"),
                                                     "app/users.py": _ROUTES})
    by_loc = {e.location: e for e in result.evidence}
    gated = by_loc["app/users.py:9"]
    assert gated.status is Status.WARN
    assert gated.message == (
        "POST /users/add: authentication undetermined — it is behind check_auth (app/users.py:9), which refuses "
        "callers only when ENV is 'PROD' (app/auth.py:9); by default (ENV = 'DEV') it lets every caller through; if "
        "that authenticates, name it in [checks.\"repo.route-auth\"] auth-dependencies, or declare the route in "
        "[api] public")
    forgotten = by_loc["app/users.py:14"]
    assert (forgotten.status, forgotten.message) == (Status.FAIL, "GET /users/get/{user_id} has no auth dependency")
    assert "check_auth, which refuses callers only when ENV is 'PROD'" in forgotten.detail


def test_the_same_guard_on_by_default_authenticates(tmp_path: Path) -> None:
    result = run_static(tmp_path, route_auth.CHECK, {"app/auth.py": _AUTH.replace("{default}", "PROD"),
                                                     "app/users.py": _ROUTES})
    assert [e.location for e in result.evidence] == ["app/users.py:14"]
