"""route-auth: a FastAPI dependency that takes the Authorization header as a ``Header(...)`` parameter and hands it
to a project function that answers 401 authenticates (onyx's license dependency, an RSA-signed license sent as a
bearer token); one that hands it to nothing that refuses does not."""

from __future__ import annotations

from pathlib import Path

from launchready.checks.repo import route_auth
from launchready.model import Status
from tests.checks.repo.static_helpers import run_static

_PROXY = (
    "from fastapi import APIRouter, Depends, Header, HTTPException\n\nrouter = APIRouter(prefix='/proxy')\n\n\n"
    "def _extract_license_from_header(authorization, required=True):\n"
    "    if not authorization or not authorization.startswith('Bearer '):\n"
    "        if required:\n            raise HTTPException(status_code=401, detail='license required')\n"
    "        return None\n    return authorization[len('Bearer '):]\n\n\n"
    "async def get_license_payload(authorization: str | None = Header(None, alias='Authorization')):\n"
    "    license_data = _extract_license_from_header(authorization, required=True)\n"
    "    return verify_license_auth(license_data)\n\n\n"
    "async def get_client_info(user_agent: str | None = Header(None, alias='User-Agent')):\n"
    "    return parse_agent(user_agent)\n\n\n"
    "@router.post('/seats/update')\nasync def update_seats(body: dict, payload=Depends(get_license_payload)):\n"
    "    return await forward('/seats', body, payload.tenant_id)\n\n\n"
    "@router.post('/billing/portal')\nasync def portal(body: dict, info=Depends(get_client_info)):\n"
    "    return await forward('/portal', body, info)\n")


def test_a_dependency_handing_the_authorization_header_to_a_refusing_check_authenticates(tmp_path: Path) -> None:
    result = run_static(tmp_path, route_auth.CHECK, {"app/proxy.py": _PROXY})
    listed = {e.location: e for e in result.evidence if e.status in (Status.FAIL, Status.WARN)}
    assert "app/proxy.py:23" not in listed, listed.get("app/proxy.py:23")
    assert listed["app/proxy.py:28"].message.startswith("POST /proxy/billing/portal")


_SWITCHED = (
    "from fastapi import APIRouter, Depends, Request\nfrom tkhelper.error import raise_http_error, ErrorCode\n\n"
    "from app.config import CONFIG\n\nrouter = APIRouter()\n\n\n"
    "async def api_auth_info_required(request: Request):\n"
    "    authorization = request.headers.get('Authorization', '')\n    apikey = authorization[7:]\n"
    "    if not apikey:\n        {refuse}(ErrorCode.APIKEY_VALIDATION_FAILED, message='API Key validation failed')\n"
    "    return {'apikey': apikey}\n\n\n"
    "async def auth_info_required(request: Request):\n    if CONFIG.API:\n"
    "        return await api_auth_info_required(request)\n    raise NotImplementedError('Unknown auth type')\n\n\n"
    "@router.get('/assistants')\nasync def list_assistants(auth_info=Depends(auth_info_required)):\n"
    "    return await load_assistants()\n")


def test_a_dependency_refusing_through_a_raising_helper_authenticates(tmp_path: Path) -> None:
    """TaskingAI: `auth_info_required` switches on the deployment mode to a check that reads the Authorization
    header and refuses through `raise_http_error(...)`. A helper that only logs refuses nobody."""
    raised = run_static(tmp_path / "raised", route_auth.CHECK, {"app/routes.py": _SWITCHED.replace(
        "{refuse}", "raise_http_error")})
    assert raised.status is Status.PASS, raised.evidence
    logged = run_static(tmp_path / "logged", route_auth.CHECK, {"app/routes.py": _SWITCHED.replace(
        "{refuse}", "log_auth_failure")})
    assert logged.status is not Status.PASS


def test_a_response_class_named_for_api_keys_is_no_hand_check(tmp_path: Path) -> None:
    """TaskingAI's `routes/auto/apikey.py` returns `ApikeyGetResponse(data=…)`: a data class named for what it
    carries. A handler with nothing else is unauthenticated, not "checked by hand"."""
    source = ("from fastapi import APIRouter\n\nrouter = APIRouter()\n\n\n@router.get('/apikeys/{apikey_id}')\n"
              "async def api_get_apikey(apikey_id: str):\n    apikey = await fetch_record(apikey_id)\n"
              "    return ApikeyGetResponse(data=apikey.to_dict())\n")
    result = run_static(tmp_path, route_auth.CHECK, {"app/apikey.py": source})
    assert [(e.status, e.location) for e in result.evidence] == [(Status.FAIL, "app/apikey.py:6")]


def test_an_optional_header_dependency_returning_none_authenticates_nobody(tmp_path: Path) -> None:
    """onyx's `get_optional_license_payload` hands the header to the same check with `required=False` and returns
    None without a license: the route it guards is open to anyone."""
    optional = _PROXY.replace(
        "async def get_client_info(user_agent: str | None = Header(None, alias='User-Agent')):\n"
        "    return parse_agent(user_agent)\n",
        "async def get_client_info(authorization: str | None = Header(None, alias='Authorization')):\n"
        "    license_data = _extract_license_from_header(authorization, required=False)\n"
        "    if license_data is None:\n        return None\n    return verify_license_auth(license_data)\n")
    result = run_static(tmp_path, route_auth.CHECK, {"app/proxy.py": optional})
    listed = {e.location: e for e in result.evidence if e.status in (Status.FAIL, Status.WARN)}
    assert "app/proxy.py:23" not in listed
    assert [(e.status, e.message) for e in listed.values()] == [
        (Status.FAIL, "POST /proxy/billing/portal has no auth dependency")]
