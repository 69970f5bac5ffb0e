"""repo.cors-config: any origin with credentials allowed is a fail only when the browser holds a credential it
sends by itself — a cookie the project sets or reads, a session or login framework, HTTP Basic. With none found
in the code, the finding is a warn saying so (farfalle: no one signs in, the credentials flag changes nothing)."""

from __future__ import annotations

from pathlib import Path

import pytest

from launchready.checks.repo.cors_config import CHECK
from launchready.model import Status
from tests.checks.repo.static_helpers import run_static

_FASTAPI = ("from fastapi import FastAPI\nfrom fastapi.middleware.cors import CORSMiddleware\napp = FastAPI()\n"
            "app.add_middleware(\n    CORSMiddleware,\n    allow_origins=['*'],\n    allow_credentials=True,\n)\n\n\n"
            "@app.post('/chat')\nasync def chat(body: dict):\n    return {'answer': body}\n")
_EXPRESS = ("const cors = require('cors')\nconst app = require('express')()\n"
            "app.use(cors({ origin: true, credentials: true }))\napp.post('/chat', (req, res) => res.json({}))\n")


@pytest.mark.parametrize(("path", "source", "line", "what"), [
    ("main.py", _FASTAPI, 4, "Starlette CORSMiddleware: allow_origins=['*']"),
    ("server.js", _EXPRESS, 3, "Express cors(): cors({origin: true})"),
])
def test_any_origin_with_credentials_but_no_ambient_credential_is_a_warn_saying_so(
        tmp_path: Path, path: str, source: str, line: int, what: str) -> None:
    result = run_static(tmp_path, CHECK, {path: source, "web/app/page.tsx": "export default () => <main />\n"})
    assert [(e.status, e.message, e.location) for e in result.evidence] == [(
        Status.WARN, f"{what} with credentials allowed, but no ambient credential was found: the code sets and "
        "reads no cookie and uses no session or HTTP Basic auth, so a browser attaches nothing another site could "
        "ride on — any site reads only what an anonymous caller can; once users sign in with a cookie or HTTP auth "
        "this is a fail: list your origins, or drop allow_credentials", f"{path}:{line}")]
    assert result.summary == "CORS admits any origin"


@pytest.mark.parametrize(("files", "why"), [
    ({"auth.py": "def me(request):\n    return users.by_session(request.cookies.get('sid'))\n"}, "a cookie read"),
    ({"auth.py": "from flask_login import LoginManager\nlogin = LoginManager()\n"}, "Flask-Login's session"),
    ({"auth.py": "def login(response):\n    response.set_cookie('sid', token, httponly=True)\n"}, "a cookie set"),
    ({"web/api.ts": "export const get = (u: string) => fetch(u, { credentials: 'include' })\n"},
     "a front end sending its credentials cross-origin"),
])
def test_any_origin_with_credentials_fails_when_the_project_has_an_ambient_credential(
        tmp_path: Path, files: dict[str, str], why: str) -> None:
    result = run_static(tmp_path, CHECK, {"main.py": _FASTAPI, **files})
    assert [(e.status, e.location) for e in result.evidence] == [(Status.FAIL, "main.py:4")], why
    assert "any site can read your API as the signed-in user" in result.evidence[0].message


def test_a_cookie_the_server_reads_does_not_undo_same_site_only_cookies(tmp_path: Path) -> None:
    """Cheshire Cat: the only cookie set is SameSite=Lax and the server reads it back (`request.cookies`): reading
    it is a sign of an ambient credential, not of one more cookie riding cross-site — still the same-site warn."""
    login = ("def login(response, request):\n    response.set_cookie('access_token', t, samesite='lax')\n"
             "    return request.cookies.get('access_token')\n")
    result = run_static(tmp_path, CHECK, {"main.py": _FASTAPI, "auth.py": login})
    assert [(e.status, e.location) for e in result.evidence] == [(Status.WARN, "main.py:4")]
    assert "every cookie the project sets is SameSite=Lax/Strict (auth.py:2)" in result.evidence[0].message


_NEXT_LOGIN = "import { cookies } from 'next/headers'\nexport const sid = () => cookies().get('sid')\n"
_BEARER = ("from fastapi import Depends, Security\nfrom fastapi.security import HTTPBearer\n\n"
           "security = HTTPBearer()\n\n\ndef api_user(token=Security(security)):\n    return decode(token)\n")


def test_a_python_api_with_header_auth_is_a_warn_though_the_javascript_front_end_has_cookies(tmp_path: Path) -> None:
    """superagent: a FastAPI API that authenticates with an Authorization Bearer header (HTTPBearer) beside a
    Next.js front end whose Supabase session cookies belong to the front end's own origin: the browser sends this
    API nothing by itself — a warn stating both facts, never 'any site can read your API as the signed-in user'."""
    result = run_static(tmp_path, CHECK, {"main.py": _FASTAPI, "app/utils/api.py": _BEARER,
                                          "web/login.ts": _NEXT_LOGIN})
    assert [(e.status, e.message, e.location) for e in result.evidence] == [(
        Status.WARN, "Starlette CORSMiddleware: allow_origins=['*'] with credentials allowed, but this API reads no "
        "credential a browser sends by itself: its Python code sets and reads no cookie and uses no session or HTTP "
        "Basic auth; it authenticates with HTTPBearer (app/utils/api.py:2), a header a browser attaches only when a "
        "page's script adds it; the cookies of the JavaScript code (cookies() (web/login.ts)) belong to that "
        "server's own origin — another site reads only what an anonymous caller can; once the API reads a cookie or "
        "session this is a fail: list your origins, or drop allow_credentials", "main.py:4")]


@pytest.mark.parametrize(("files", "why"), [
    ({"app/auth.py": "def me(request):\n    return request.cookies.get('sid')\n"}, "the API reads a cookie"),
    ({"web/api.ts": "export const get = (u: string) => fetch(u, { credentials: 'include' })\n"},
     "a page sends its credentials cross-origin"),
])
def test_a_python_api_with_header_auth_still_fails_when_a_cookie_reaches_it(
        tmp_path: Path, files: dict[str, str], why: str) -> None:
    result = run_static(tmp_path, CHECK, {"main.py": _FASTAPI, "app/utils/api.py": _BEARER,
                                          "web/login.ts": _NEXT_LOGIN, **files})
    assert [(e.status, e.location) for e in result.evidence] == [(Status.FAIL, "main.py:4")], why


def test_an_express_api_still_counts_its_own_cookie_reads(tmp_path: Path) -> None:
    result = run_static(tmp_path, CHECK, {"server.js": _EXPRESS, "web/login.ts": _NEXT_LOGIN})
    assert [(e.status, e.location) for e in result.evidence] == [(Status.FAIL, "server.js:3")]
