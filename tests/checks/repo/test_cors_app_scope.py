"""repo.cors-config: any origin with credentials is judged against the app the CORS middleware is added to — its
module, the project modules it loads, and the modules that register routes on it — not the whole repository. A model
sidecar or plugin sub-app that reads no cookie is a warn, though a back end beside it authenticates by cookie
(HuixiangDou's LLM server beside its cookie-authenticated web app; Open-Assistant's plugin apps and HF worker); that
back end's own setup stays a fail."""

from __future__ import annotations

from pathlib import Path

import pytest

from launchready.checks.repo.cors_config import CHECK
from launchready.model import Status
from tests.checks.repo.static_helpers import run_static

_CORS = ("app.add_middleware(\n    CORSMiddleware,\n    allow_origins=['*'],\n    allow_credentials=True,\n)\n")
_HEAD = "from fastapi import FastAPI, APIRouter\nfrom fastapi.middleware.cors import CORSMiddleware\n"

# the cookie-authenticated web app: its routers depend on a token read from a cookie, two imports away
_WEB_MAIN = (_HEAD + "from web.api import chat\n\napp = FastAPI()\n" + _CORS
             + "app.include_router(chat.router, prefix='/api/chat')\n")
_WEB_CHAT = ("from fastapi import APIRouter, Depends\nfrom web.middleware.token import check_token\n\n"
             "router = APIRouter(dependencies=[Depends(check_token)])\n\n\n"
             "@router.get('/history')\nasync def history():\n    return []\n")
_WEB_TOKEN = ("from fastapi import HTTPException, Request\n\n\n"
              "def check_token(request: Request):\n    token = request.cookies.get('hxd_token')\n"
              "    if not token:\n        raise HTTPException(status_code=401)\n    return token\n")
# a model sidecar started inside a function, loading one helper of its own package (a relative import)
_SIDECAR = ("import uvicorn\nfrom .limits import RPM\n\n\ndef serve(port: int):\n" + _HEAD.replace("from", "    from")
            + "    app = FastAPI()\n" + "".join(f"    {line}\n" for line in _CORS.splitlines())
            + "    router = APIRouter()\n    router.add_api_route('/inference', lambda: {}, methods=['POST'])\n"
            "    app.include_router(router)\n    uvicorn.run(app, port=port)\n")
_LIMITS = "class RPM:\n    pass\n"
_WEB = {"web/main.py": _WEB_MAIN, "web/api/__init__.py": "", "web/api/chat.py": _WEB_CHAT,
        "web/middleware/__init__.py": "", "web/middleware/token.py": _WEB_TOKEN}


def test_a_sidecar_app_that_loads_no_cookie_is_a_warn_beside_a_cookie_authenticated_app(tmp_path: Path) -> None:
    result = run_static(tmp_path, CHECK, {**_WEB, "svc/__init__.py": "", "svc/llm_server.py": _SIDECAR,
                                          "svc/limits.py": _LIMITS})
    assert [(e.status, e.location) for e in result.evidence] == [
        (Status.WARN, "svc/llm_server.py:9"), (Status.FAIL, "web/main.py:6")]
    sidecar, web = result.evidence
    assert sidecar.message == (
        "Starlette CORSMiddleware: allow_origins=['*'] with credentials allowed, but no cookie or session was found "
        "for the app it is added to (svc/llm_server.py and the 1 project module it loads): no cookie set or read "
        "there, no session or HTTP Basic auth; the project's credential (request.cookies (web/middleware/token.py), "
        "loaded by the app in web/main.py) belongs to another app, which this one does not load — another site reads only what an anonymous caller can; to confirm, "
        "check that no route of this app lives in a module it does not import and that no proxy in front of it "
        "authenticates by cookie; once this app reads a cookie or session this is a fail: list your origins, or "
        "drop allow_credentials")
    assert web.message == ("Starlette CORSMiddleware: allow_origins=['*'] with credentials allowed — any site can "
                           "read your API as the signed-in user")


_PLUGIN = (_HEAD + "\napp = FastAPI()\n" + _CORS + "\n\n@app.get('/ai-plugin.json')\nasync def manifest():\n"
           "    return {}\n")
_SERVER = (_HEAD + "from server import plugins\nfrom server.auth import current_user\n\napp = FastAPI()\n"
           "for prefix, sub in plugins.APPS.items():\n    app.mount(prefix, sub)\n")


def test_a_plugin_sub_app_mounted_by_a_cookie_server_is_a_warn(tmp_path: Path) -> None:
    """The parent server loads the plugin, not the other way round: the plugin's answers carry no data the parent's
    cookie unlocks. A module that merely imports the plugin app (a registry dict) registers no route on it."""
    result = run_static(tmp_path, CHECK, {
        "server/__init__.py": "", "server/main.py": _SERVER, "server/plugins/__init__.py":
            "from server.plugins.echo.main import app as echo\n\nAPPS = {'/plugins/echo': echo}\n",
        "server/plugins/echo/__init__.py": "", "server/plugins/echo/main.py": _PLUGIN,
        "server/auth.py": "def current_user(request):\n    return request.cookies.get('session')\n"})
    assert [(e.status, e.location) for e in result.evidence] == [(Status.WARN, "server/plugins/echo/main.py:5")]
    assert ("for the app it is added to (server/plugins/echo/main.py alone, which imports no project module)"
            in result.evidence[0].message)
    assert "request.cookies (server/auth.py), loaded by the app in server/main.py" in result.evidence[0].message


@pytest.mark.parametrize(("files", "why"), [
    ({"routes.py": "from main import app\nfrom deps import user\n\n\n@app.get('/me')\ndef me():\n    return user()\n",
      "deps.py": "def user(request=None):\n    return request.cookies.get('sid')\n"},
     "a module registering routes on the app imports the cookie read"),
    ({"pkg/__init__.py": "", "pkg/auth.py": "from flask_login import LoginManager\n",
      "loader.py": "def load():\n    import pkg.auth\n"},
     "a login framework loaded by an import inside a function"),
])
def test_the_app_still_fails_when_its_route_modules_or_their_imports_hold_the_credential(
        tmp_path: Path, files: dict[str, str], why: str) -> None:
    main = (_HEAD + "import loader\n\napp = FastAPI()\n" + _CORS) if "loader.py" in files else (
        _HEAD + "\napp = FastAPI()\n" + _CORS)
    line = 6 if "loader.py" in files else 5
    result = run_static(tmp_path, CHECK, {"main.py": main, **files, "other/cookies.py": "def f(request):\n    return request.cookies\n"})
    assert [(e.status, e.location) for e in result.evidence] == [(Status.FAIL, f"main.py:{line}")], why
    assert "any site can read your API as the signed-in user" in result.evidence[0].message


def test_a_page_sending_its_credentials_cross_origin_still_fails_a_sidecar(tmp_path: Path) -> None:
    """Which API a page's `credentials: 'include'` targets is not read: it keeps the fail, as it did before."""
    result = run_static(tmp_path, CHECK, {
        **_WEB, "svc/__init__.py": "", "svc/llm_server.py": _SIDECAR, "svc/limits.py": _LIMITS,
        "front/api.ts": "export const get = (u: string) => fetch(u, { credentials: 'include' })\n"})
    assert [(e.status, e.location) for e in result.evidence] == [
        (Status.FAIL, "svc/llm_server.py:9"), (Status.FAIL, "web/main.py:6")]


def test_a_credential_no_app_is_seen_to_load_keeps_the_fail(tmp_path: Path) -> None:
    """A cookie read in a module no app imports may be this app's, loaded in a way not read here (a router named
    by a string, a plugin entry point): the project-wide judgement stands."""
    result = run_static(tmp_path, CHECK, {**_WEB, "svc/__init__.py": "", "svc/llm_server.py": _SIDECAR,
                                          "svc/limits.py": _LIMITS,
                                          "svc/session.py": "def me(request):\n    return request.cookies['sid']\n"})
    assert [(e.status, e.location) for e in result.evidence] == [
        (Status.FAIL, "svc/llm_server.py:9"), (Status.FAIL, "web/main.py:6")]


def test_a_cors_helper_called_on_the_cookie_app_keeps_the_fail(tmp_path: Path) -> None:
    """CORS set up in a helper that makes no app of its own: the app loading it may be the very app it is added
    to (here it is, its routes handed over as a list, no registration call to follow), so its cookie read counts."""
    helper = ("from fastapi.middleware.cors import CORSMiddleware\n\n\ndef setup_cors(app):\n"
              + "".join(f"    {line}\n" for line in _CORS.splitlines()))
    main = ("from starlette.applications import Starlette\nfrom web.api import chat\nfrom web.cors import setup_cors"
            "\n\napp = Starlette(routes=chat.router.routes)\nsetup_cors(app)\n")
    result = run_static(tmp_path, CHECK, {**_WEB, "web/main.py": main, "web/cors.py": helper})
    assert [(e.status, e.location) for e in result.evidence] == [(Status.FAIL, "web/cors.py:5")]
