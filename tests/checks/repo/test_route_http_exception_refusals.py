"""route-auth: a dependency that reads the caller's cookie and raises ``HTTPException`` when it is missing refuses the
caller whatever status code it puts on the exception — an app that answers its errors as HTTP 200 with an error body
(HuixiangDou's ``raise HTTPException(status_code=200, detail=err_body)``) still ends the request before the handler.
A server-error exception (5xx) raised on a failed lookup turns no caller away by itself."""

from __future__ import annotations

from pathlib import Path

from launchready.checks.repo import route_auth
from launchready.model import Status
from tests.checks.repo.static_helpers import run_static

_APP = (
    "from fastapi import APIRouter, Depends, FastAPI, HTTPException, Request\n\n"
    "from web.store import load_store, parse_cookie\n\n"
    "app = FastAPI()\nrouter = APIRouter()\n\n\n"
    "def check_store_token(request: Request):\n"
    "    token = parse_cookie(request.cookies)\n"
    "    if not token:\n"
    "        raise HTTPException(status_code={status}, detail={{'msg': 'login to the store first'}})\n"
    "    return load_store(token)\n\n\n"
    "@router.post('/v1/addDocs')\nasync def add_docs(body: dict, info=Depends(check_store_token)):\n"
    "    return info.add(body)\n\n\n"
    "app.include_router(router, prefix='/api/qalib', dependencies=[Depends(check_store_token)])\n"
)


def _open_rows(tmp_path: Path, status: str) -> dict[str, str]:
    result = run_static(tmp_path, route_auth.CHECK, {"web/main.py": _APP.format(status=status)})
    return {e.location: e.message for e in result.evidence if e.status in (Status.FAIL, Status.WARN)}


def test_a_cookie_dependency_raising_http_exception_with_status_200_authenticates(tmp_path: Path) -> None:
    rows = _open_rows(tmp_path / "ok", "200")
    assert "web/main.py:16" not in rows, rows


def test_a_cookie_dependency_raising_only_a_server_error_is_not_read_as_auth(tmp_path: Path) -> None:
    rows = _open_rows(tmp_path / "err", "500")
    assert rows["web/main.py:16"].startswith("POST /api/qalib/v1/addDocs"), rows


def test_a_not_found_for_a_missing_object_is_not_a_refusal_of_the_caller(tmp_path: Path) -> None:
    source = _APP.format(status="404").replace("    if not token:\n", "    store = load_store(token)\n    if not store:\n")
    result = run_static(tmp_path, route_auth.CHECK, {"web/main.py": source})
    rows = {e.location: e.message for e in result.evidence if e.status in (Status.FAIL, Status.WARN)}
    assert rows["web/main.py:17"].startswith("POST /api/qalib/v1/addDocs"), rows


_LOGIN_REDIRECT = (
    "from fastapi import APIRouter, Depends, FastAPI, HTTPException\n\nfrom app.auth import current_user\n\n"
    "app = FastAPI()\nrouter = APIRouter(prefix='/auth')\n\n\n"
    "@router.get('/check')\nasync def check(user=Depends(current_user)):\n    return user.id\n\n\n"
    "@router.get('/login/debug')\nasync def login_debug(username: str, state: str = '{{}}'):\n"
    "    auth_url = f'{{API_ROOT}}/auth/callback/debug?code={{username}}&state={{state}}'\n"
    "    raise HTTPException(status_code={status}, headers={{'location': auth_url}})\n\n\n"
    "app.include_router(router)\n")
_CURRENT_USER = (
    "from fastapi import HTTPException, Request\n\n\ndef current_user(request: Request):\n"
    "    token = request.headers.get('Authorization')\n    if not token:\n"
    "        raise HTTPException(status_code=401)\n    return decode(token)\n")


def test_a_handler_raising_a_302_with_a_location_only_redirects(tmp_path: Path) -> None:
    redirect = run_static(tmp_path / "302", route_auth.CHECK, {
        "app/main.py": _LOGIN_REDIRECT.format(status="302"), "app/auth.py": _CURRENT_USER})
    assert not [e for e in redirect.evidence if e.status in (Status.FAIL, Status.WARN)], redirect.evidence
    teapot = run_static(tmp_path / "418", route_auth.CHECK, {
        "app/main.py": _LOGIN_REDIRECT.format(status="418"), "app/auth.py": _CURRENT_USER,
        "Dockerfile": "CMD uvicorn app.main:app\n"})
    assert [e.location for e in teapot.evidence if e.status is Status.FAIL] == ["app/main.py:14"], teapot.evidence


_OAUTH_LOGIN = (
    "from authlib.integrations.starlette_client import OAuth\nfrom fastapi import APIRouter, Depends, FastAPI, "
    "Request\n\nfrom app.auth import current_user\n\napp = FastAPI()\noauth = OAuth()\nrouter = APIRouter(prefix='/auth')"
    "\n\n\n@router.get('/check')\nasync def check(user=Depends(current_user)):\n    return user.id\n\n\n"
    + "".join(f"@router.get('/login/{p}')\nasync def login_{p}(request: Request):\n"
              f"    redirect_uri = request.url_for('callback_{p}')\n"
              f"    return await oauth.{p}.{{step}}(request, redirect_uri)\n\n\n" for p in ("discord", "github", "google"))
    + "app.include_router(router)\n")


def test_a_route_under_login_that_sends_the_caller_to_the_provider_starts_signing_in(tmp_path: Path) -> None:
    start = run_static(tmp_path / "start", route_auth.CHECK, {
        "app/main.py": _OAUTH_LOGIN.format(step="authorize_redirect"), "app/auth.py": _CURRENT_USER})
    assert not [e for e in start.evidence if e.status in (Status.FAIL, Status.WARN)], start.evidence
    other = run_static(tmp_path / "other", route_auth.CHECK, {
        "app/main.py": _OAUTH_LOGIN.format(step="revoke_all_tokens"), "app/auth.py": _CURRENT_USER})
    assert "app/main.py:16" in {e.location for e in other.evidence if e.status in (Status.FAIL, Status.WARN)}


def test_a_bad_request_for_a_malformed_header_is_not_a_refusal_of_the_caller(tmp_path: Path) -> None:
    """sweep: ``if not authorization.startswith("Bearer "): raise HTTPException(status_code=400)`` checks the
    header's shape; any string passes, so the dependency authenticates nobody."""
    rows = _open_rows(tmp_path / "400", "400")
    assert rows["web/main.py:16"].startswith("POST /api/qalib/v1/addDocs"), rows
