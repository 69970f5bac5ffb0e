"""route-auth: a security scheme declared with ``auto_error=False`` refuses nobody by itself, but the dependency that
takes its value (``token: str = Security(authorization_scheme)``) and hands it to a project function answering
401/403 authenticates (Open-Assistant's inference server); so does one that returns the token only when it is
listed and raises an error of its own otherwise (``get_root_token``). A dependency handing the token to functions
that only log stays undetermined."""

from __future__ import annotations

from pathlib import Path

from launchready.checks.repo import route_auth
from launchready.model import Status
from tests.checks.repo.static_helpers import run_static

_AUTH = (
    "from fastapi import HTTPException, Security\nfrom fastapi.security import APIKeyHeader, HTTPBearer\n\n"
    'authorization_scheme = APIKeyHeader(name="Authorization", auto_error=False)\n'
    'trusted_client_scheme = APIKeyHeader(name="TrustedClient", auto_error=False)\n'
    "bearer_token = HTTPBearer(auto_error=False)\n\n\n"
    "def get_user_id_from_trusted_client_token(trusted_client_token: str) -> str:\n"
    "    info = parse_trusted(trusted_client_token)\n    if info.api_key not in TRUSTED:\n"
    '        {refuse_trusted}\n    return info.user_id\n\n\n'
    "def get_user_id_from_auth_token(token: str) -> str:\n"
    '    if token is None or not token.startswith("Bearer "):\n        {refuse_token}\n'
    "    payload = decrypt(token[7:])\n    return payload.get('user_id')\n\n\n"
    "def get_current_user_id(\n"
    "    token: str = Security(authorization_scheme), trusted_client_token: str = Security(trusted_client_scheme)\n"
    ") -> str:\n    if trusted_client_token is not None:\n"
    "        return get_user_id_from_trusted_client_token(trusted_client_token)\n"
    "    return get_user_id_from_auth_token(token)\n\n\n"
    "def get_root_token(bearer: str = Security(bearer_token)) -> str:\n    if bearer:\n"
    "        token = bearer.credentials\n        if token and token in ROOT_TOKENS:\n            return token\n"
    '    {refuse_root}\n')
_CHATS = (
    "import fastapi\nfrom app import auth\n\nrouter = fastapi.APIRouter(prefix='/chats')\n\n\n"
    "@router.get('')\nasync def list_chats(user_id: str = fastapi.Depends(auth.get_current_user_id)):\n"
    "    return load(user_id)\n\n\n"
    "@router.post('/api_client')\nasync def create_client(root: str = fastapi.Depends(auth.get_root_token)):\n"
    "    return make_client()\n")
_MAIN = "import fastapi\nfrom app.routes import chats\n\napp = fastapi.FastAPI()\napp.include_router(chats.router)\n"


def _flagged(tmp_path: Path, **refusals: str) -> dict[str, str]:
    files = {"app/__init__.py": "", "app/routes/__init__.py": "", "app/auth.py": _AUTH.format(**refusals),
             "app/routes/chats.py": _CHATS, "app/main.py": _MAIN}
    result = run_static(tmp_path, route_auth.CHECK, files)
    return {e.location: e.message for e in result.evidence if e.status in (Status.FAIL, Status.WARN)}


def test_a_lax_scheme_handed_to_refusing_functions_authenticates(tmp_path: Path) -> None:
    flagged = _flagged(tmp_path, refuse_trusted="raise HTTPException(status_code=401, detail='Unauthorized client')",
                       refuse_token="raise HTTPException(status_code=403, detail='Not authenticated')",
                       refuse_root="raise OasstError('Could not validate credentials', http_status_code=403)")
    assert flagged == {}, flagged


def test_a_lax_scheme_handed_to_functions_that_only_log_stays_undetermined(tmp_path: Path) -> None:
    flagged = _flagged(tmp_path, refuse_trusted="logger.warning('untrusted client')",
                       refuse_token="logger.warning('no token')", refuse_root="logger.warning('no root token')")
    assert "authentication undetermined" in flagged["app/routes/chats.py:7"], flagged


_DEPS = (
    "from fastapi import Security\nfrom fastapi.security import HTTPBearer\n\nbearer_token = HTTPBearer(auto_error=False)\n"
    "\n\ndef get_root_token(bearer=Security(bearer_token)) -> str:\n    if bearer:\n"
    "        token = bearer.credentials\n        if token and token in ROOT_TOKENS:\n            return token\n"
    "    {end}\n")
_OTHER = (  # a second service's function of the same name, in another module
    "from fastapi import Depends\n\n\ndef get_root_token(token: str = Depends(get_bearer_token)) -> str:\n"
    "    {end}\n")
_ADMIN = (
    "import fastapi\nfrom app.api import deps\n\nrouter = fastapi.APIRouter(prefix='/admin')\n\n\n"
    "@router.post('/api_client')\nasync def create_client(root: str = fastapi.Depends(deps.get_root_token)):\n"
    "    return make_client()\n\n\napp = fastapi.FastAPI()\napp.include_router(router)\n")


def test_a_dependency_named_through_its_module_is_read_from_that_module(tmp_path: Path) -> None:
    """``deps.get_root_token`` with another ``get_root_token`` elsewhere: the one in ``deps.py`` decides."""
    refusing = "raise OasstError('Could not validate credentials', http_status_code=403)"
    files = {"app/__init__.py": "", "app/api/__init__.py": "", "app/api/admin.py": _ADMIN,
             "app/api/deps.py": _DEPS.format(end=refusing),
             "inference/admin.py": _OTHER.format(end="return token")}
    guarded = run_static(tmp_path / "guarded", route_auth.CHECK, files)
    assert not [e for e in guarded.evidence if e.status in (Status.FAIL, Status.WARN)], guarded.evidence
    swapped = {**files, "app/api/deps.py": _DEPS.format(end="return ''"),
               "inference/admin.py": _OTHER.format(end=refusing)}
    open_ = run_static(tmp_path / "open", route_auth.CHECK, swapped)
    assert "app/api/admin.py:7" in {e.location for e in open_.evidence if e.status in (Status.FAIL, Status.WARN)}


_MANAGER = (
    "class McpManager:\n    async def handle_oauth_flow(self, request, http_request=None):\n"
    "        state = http_request.cookies.get('session') if http_request else None\n"
    "        if state is None:\n            raise ValueError('no oauth state')\n        return state\n")
_TOOLS = (
    "import fastapi\n\nrouter = fastapi.APIRouter(prefix='/tools')\n\n\n"
    "@router.post('/mcp/servers/connect')\nasync def connect(body: dict, http_request: fastapi.Request = None):\n"
    "    return await server.mcp_manager.handle_oauth_flow(body, http_request)\n\n\n"
    "@router.delete('/{tool_id}')\nasync def delete_tool(tool_id: str):\n    return await server.delete_tool(tool_id)\n\n\n"
    "app = fastapi.FastAPI()\napp.include_router(router)\n")


def test_a_method_reached_through_an_object_is_not_read_from_the_module_so_named(tmp_path: Path) -> None:
    """``server.mcp_manager.handle_oauth_flow`` with two ``handle_oauth_flow`` definitions: ``mcp_manager`` is an
    attribute of an object, not a module — which definition runs is unknown, and the route's siblings are not made
    "next to a route that authenticates" by a guess (letta's tools router)."""
    result = run_static(tmp_path, route_auth.CHECK, {
        "app/__init__.py": "", "app/tools.py": _TOOLS, "app/services/mcp_manager.py": _MANAGER,
        "app/services/mcp_server_manager.py": _MANAGER.replace("McpManager", "McpServerManager").replace(
            "raise ValueError('no oauth state')", "return None"),
        "Dockerfile": "CMD uvicorn app.tools:app\n"})
    [row] = [e for e in result.evidence if e.location == "app/tools.py:11"]
    assert "authenticate" not in row.detail, row
