"""Routers included the way cohere-toolkit does it: imported under an alias (`from backend.routers.agent import
router as agent_router`), listed, and included in a loop with dependencies picked from a mapping at run time
(`app.include_router(router, dependencies=ROUTER_DEPENDENCIES[name][kind])`, the auth variant only when a setting
turns auth on) — each route is undetermined, never "no auth" and never passed on the mapping's guards; an app
middleware that refuses a bad credential but admits a request without one (a default user) authenticates nobody."""

from __future__ import annotations

from pathlib import Path

from launchready.checks.repo import route_auth
from launchready.model import Status
from tests.checks.repo.static_helpers import at, messages, run_static

_AGENT = ("from fastapi import APIRouter\n\nrouter = APIRouter(prefix='/v1/agents')\n\n\n"
          "@router.delete('/{agent_id}')\nasync def delete_agent(agent_id: str):\n    await store.delete(agent_id)\n")
_DEPS = ("from fastapi import Depends\nfrom app.auth import validate_authorization\n\n"
         "ROUTER_DEPENDENCIES = {\n    'agent': {\n        'default': [Depends(get_session)],\n"
         "        'auth': [Depends(get_session), Depends(validate_authorization)],\n    },\n}\n")
_AUTH = ("from fastapi import HTTPException, Request\n\n\ndef validate_authorization(request: Request):\n"
         "    if not request.headers.get('Authorization'):\n        raise HTTPException(status_code=401)\n")
_MAIN = ("from fastapi import FastAPI\nfrom app.routers.agent import router as agent_router\n"
         "from app.config.routers import ROUTER_DEPENDENCIES\n\napp = FastAPI()\nrouters = [agent_router]\n"
         "kind = 'auth' if auth_enabled() else 'default'\nfor router in routers:\n"
         "    app.include_router(router, dependencies=ROUTER_DEPENDENCIES[router.name][kind])\n")


def test_routers_included_in_a_loop_with_mapped_dependencies_are_undetermined(tmp_path: Path) -> None:
    files = {"app/routers/agent.py": _AGENT, "app/config/routers.py": _DEPS, "app/auth.py": _AUTH, "app/main.py": _MAIN}
    result = run_static(tmp_path, route_auth.CHECK, files)
    assert at(result, Status.FAIL) == []
    assert at(result, Status.WARN) == ["app/routers/agent.py:6"]
    assert messages(result, Status.WARN)[0].startswith(
        "DELETE /v1/agents/{agent_id}: authentication undetermined — it is behind the dependencies the include at "
        "app/main.py:9 picks at run time (ROUTER_DEPENDENCIES[router.name][kind])")


def test_an_alias_imported_router_included_with_a_literal_guard_is_authenticated(tmp_path: Path) -> None:
    main = ("from fastapi import FastAPI, Depends\nfrom app.routers.agent import router as agent_router\n"
            "from app.auth import validate_authorization\n\napp = FastAPI()\n"
            "app.include_router(agent_router, dependencies=[Depends(validate_authorization)])\n")
    result = run_static(tmp_path, route_auth.CHECK, {"app/routers/agent.py": _AGENT, "app/auth.py": _AUTH,
                                                     "app/main.py": main})
    assert result.status is Status.PASS, result.evidence
    assert result.metrics["central_auth"] == 1


def test_a_middleware_that_admits_a_request_without_a_credential_authenticates_nobody(tmp_path: Path) -> None:
    middleware = ("from starlette.requests import Request\nfrom app.auth import get_header_user_id\n\n\n"
                  "class ContextMiddleware:\n    def __init__(self, app):\n        self.app = app\n\n"
                  "    async def __call__(self, scope, receive, send):\n        request = Request(scope)\n"
                  "        if request.headers.get('Authorization'):\n            user_id = get_header_user_id(request)\n"
                  "        else:\n            user_id = DEFAULT_USER_ID\n        scope['user_id'] = user_id\n"
                  "        await self.app(scope, receive, send)\n")
    auth = ("from fastapi import HTTPException\n\n\ndef get_header_user_id(request):\n"
            "    token = request.headers.get('Authorization')\n    if not valid(token):\n"
            "        raise HTTPException(status_code=401)\n    return decode(token)\n")
    main = ("from fastapi import FastAPI\nfrom app.routers.agent import router as agent_router\n"
            "from app.context import ContextMiddleware\n\napp = FastAPI()\napp.add_middleware(ContextMiddleware)\n"
            "app.include_router(agent_router)\n")
    files = {"app/routers/agent.py": _AGENT, "app/auth.py": auth, "app/context.py": middleware, "app/main.py": main}
    result = run_static(tmp_path / "a", route_auth.CHECK, files)
    assert messages(result, Status.FAIL) == ["DELETE /v1/agents/{agent_id} has no auth dependency"]
    refusing = middleware.replace("            user_id = DEFAULT_USER_ID\n",
                                  "            raise HTTPException(status_code=401)\n")
    result = run_static(tmp_path / "b", route_auth.CHECK, {**files, "app/context.py": refusing})
    assert result.status is Status.PASS, result.evidence


def test_a_dependency_choosing_between_two_sign_ins_by_a_setting_authenticates(tmp_path: Path) -> None:
    """TaskingAI `auth_info_required`: `if CONFIG.WEB: return await admin_auth(request)` / `elif CONFIG.API: return
    await api_auth(request)` / `raise NotImplementedError` — either branch signs in, and neither admits anyone."""
    utils = ("from fastapi import HTTPException, Request\n\n\nasync def admin_auth(request: Request):\n"
             "    if not request.cookies.get('session'):\n        raise HTTPException(status_code=401)\n"
             "    return {'admin': True}\n\n\nasync def api_auth(request: Request):\n"
             "    if not request.headers.get('Authorization'):\n        raise HTTPException(status_code=401)\n"
             "    return {'api': True}\n\n\nasync def auth_info_required(request: Request):\n    if CONFIG.WEB:\n"
             "        return await admin_auth(request)\n\n    elif CONFIG.API:\n        return await api_auth(request)\n\n"
             "    raise NotImplementedError('Unknown auth type')\n")
    routes = ("from fastapi import APIRouter, Depends\nfrom app.utils import auth_info_required\n\nrouter = APIRouter()\n\n\n"
              "@router.post('/assistants/{assistant_id}/generate')\n"
              "async def generate(assistant_id: str, auth=Depends(auth_info_required)):\n    return await run(assistant_id)\n")
    result = run_static(tmp_path, route_auth.CHECK, {"app/utils.py": utils, "app/routes.py": routes})
    assert result.status is Status.PASS, result.evidence
    assert result.metrics["central_auth"] == 1
