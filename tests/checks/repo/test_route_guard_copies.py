"""route-auth: a guard defined more than once is judged by the definition the route's module uses (AstrBot copies
`require_system_scope` into each API file), a module constant holding a callable object is judged by its class's
`__call__` (`require_kb_scope = ScopeDependency("kb")`), and a nested helper of the same name elsewhere does not
hide the module-level one."""

from __future__ import annotations

from pathlib import Path

from launchready.checks.repo import route_auth
from launchready.model import Status
from tests.checks.repo.static_helpers import run_static

_AUTH = (
    "import jwt\nfrom fastapi import Request\n\n\nclass ApiError(Exception):\n"
    "    def __init__(self, message, status_code=400):\n        self.status_code = status_code\n\n\n"
    "def _extract_dashboard_jwt(request: Request):\n    return request.cookies.get('dashboard_jwt')\n\n\n"
    "async def require_scope(request: Request, scope: str):\n"
    "    token = request.headers.get('Authorization', '')[7:] or _extract_dashboard_jwt(request)\n"
    "    if not token:\n        raise ApiError('Missing API key', status_code=401)\n"
    "    return jwt.decode(token, request.app.state.jwt_secret, algorithms=['HS256'])\n\n\n"
    "class ScopeDependency:\n    def __init__(self, scope):\n        self.scope = scope\n\n"
    "    async def __call__(self, request: Request):\n        return await require_scope(request, self.scope)\n")
_SERVER = ("def build(app):\n    def _extract_dashboard_jwt(current_request):\n"
           "        return current_request.headers.get('x-token')\n    return app\n")


def _api(name: str, guard_line: str, path: str) -> str:
    return ("from fastapi import APIRouter, Depends, Request\n\nfrom app.auth import ScopeDependency, require_scope\n\n"
            f"router = APIRouter()\n{guard_line}\n\n\n"
            f"@router.post('{path}')\nasync def {name}(body: dict, _auth=Depends(require_x_scope)):\n"
            "    return save(body)\n")


def test_copied_wrappers_and_scope_objects_are_judged_by_their_code(tmp_path: Path) -> None:
    wrapper = "\n\nasync def require_x_scope(request: Request):\n    return await require_scope(request, 'system')"
    files = {
        "app/auth.py": _AUTH, "app/server.py": _SERVER,
        "app/api_keys.py": _api("create_key", wrapper, "/api-keys"),
        "app/backups.py": _api("create_backup", wrapper, "/backups"),
        "app/providers.py": _api("create_provider", "require_x_scope = ScopeDependency('provider')", "/providers"),
    }
    result = run_static(tmp_path, route_auth.CHECK, files)
    assert result.status is Status.PASS, result.evidence
    assert result.summary.startswith("3 route(s): 3 behind central auth")


def test_a_copy_that_refuses_nobody_is_judged_on_its_own(tmp_path: Path) -> None:
    """The copy in the route's own module decides: one that refuses nobody leaves its routes unauthenticated."""
    wrapper = "\n\nasync def require_x_scope(request: Request):\n    return await require_scope(request, 'system')"
    lenient = "\n\nasync def require_x_scope(request: Request):\n    return request.cookies.get('who')"
    result = run_static(tmp_path, route_auth.CHECK, {
        "app/auth.py": _AUTH, "app/api_keys.py": _api("create_key", wrapper, "/api-keys"),
        "app/backups.py": _api("create_backup", lenient, "/backups")})
    assert [e.location for e in result.evidence if e.status in (Status.FAIL, Status.WARN)] == ["app/backups.py:12"]
