"""repo.route-auth on HTTP middleware that decides by the request path: a ``@app.middleware("http")`` function or a
Starlette ``BaseHTTPMiddleware`` that refuses a caller without the credential guards the routes under the prefixes
it requires (routes of a sub-application mounted on that app included), and only those; a carved-out path stays
open; a middleware that runs only once a setting is given is said as such (one warn naming the setting)."""

from __future__ import annotations

from pathlib import Path

from launchready.checks.repo.route_auth import CHECK
from launchready.model import Status
from tests.checks.repo.static_helpers import at, run_static

_API = '''import secrets

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import JSONResponse
from starlette.middleware.wsgi import WSGIMiddleware

from gui.factory import get_gui_app


class AppConfig:
    api_key = None
    demo = False


class Api:
    def __init__(self, app: FastAPI) -> None:
        self.app = app

    async def get_username(self, request: Request) -> str:
        header = request.headers.get("authorization", "")
        if not secrets.compare_digest(header, f"Basic {AppConfig.api_key}"):
            raise HTTPException(status_code=401, detail="Incorrect username or password")
        return "admin"

    def register_authorization(self):
        def _requires_api_key(path: str) -> bool:
            return path.startswith("/v1/") or (path.startswith("/api/") and path != "/api/logs")

        @self.app.middleware("http")
        async def authorization(request: Request, call_next):
            if request.method != "OPTIONS" and AppConfig.api_key is not None:
                user_key = request.headers.get("x-api-key")
                path = request.url.path
                if _requires_api_key(path):
                    if not path.endswith("/models"):
                        if not user_key or not secrets.compare_digest(AppConfig.api_key, user_key):
                            return JSONResponse({"error": "API key required"}, status_code=401)
                elif path.startswith("/backend-api/"):
                    try:
                        await self.get_username(request)
                    except HTTPException as e:
                        return JSONResponse({"error": e.detail}, status_code=e.status_code)
            return await call_next(request)

    def register_routes(self):
        @self.app.post("/v1/chat/completions")
        async def chat_completions(body: dict):
            return await run_model(body)

        @self.app.get("/v1/models")
        async def models():
            return list_models()

        @self.app.delete("/api/logs")
        async def clear_logs():
            return drop_request_log()

        @self.app.get("/markitdown/{url:path}")
        async def markitdown(url: str):
            return convert(url)


def create_app():
    app = FastAPI()
    api = Api(app)
    api.register_routes()
    api.register_authorization()
    gui_app = WSGIMiddleware(get_gui_app())
    app.mount("/", gui_app)
    return app
'''
_FACTORY = '''from flask import Flask

from gui.backend import Backend_Api


def get_gui_app():
    app = Flask(__name__)
    Backend_Api(app)
    return app
'''
_BACKEND = '''from flask import Flask, request


class Backend_Api:
    def __init__(self, app: Flask) -> None:
        @app.route("/backend-api/v2/conversation", methods=["POST"])
        def conversation():
            return run_conversation(request.json)

        @app.route("/search/<query>", methods=["GET"])
        def search(query):
            return find_media(query)
'''


def _line(text: str, snippet: str) -> int:
    return text[:text.index(snippet)].count("\n") + 1


def _api(snippet: str) -> str:
    return f"g4f/api.py:{_line(_API, snippet)}"


def _gui(snippet: str) -> str:
    return f"gui/backend.py:{_line(_BACKEND, snippet)}"


def _files(api: str = _API) -> dict[str, str]:
    return {"g4f/api.py": api, "gui/__init__.py": "", "gui/factory.py": _FACTORY, "gui/backend.py": _BACKEND}


def test_a_path_middleware_guards_its_prefixes_and_the_mounted_app_only_once_its_key_is_set(tmp_path: Path) -> None:
    result = run_static(tmp_path, CHECK, _files())
    by_location = {e.location: e for e in result.evidence}
    middleware = _api("async def authorization")
    # the required prefixes, and the Flask app mounted on the same FastAPI app: guarded only while the key is set
    gated = by_location[middleware]
    assert gated.status is Status.WARN, result.evidence
    assert gated.message.startswith("2 route(s) authenticate only through authorization"), gated.message
    assert "while AppConfig.api_key is unset: authentication is off unless that setting is given" in gated.message
    for route in ("POST /v1/chat/completions", "POST /backend-api/v2/conversation"):
        assert route in gated.detail, gated.detail
    for location in (_api('@self.app.post("/v1/chat/completions")'), _gui('@app.route("/backend-api/v2/conv')):
        assert location not in by_location, result.evidence
    assert "GET /v1/models" not in gated.detail  # carved out by its suffix
    # the carved-out paths stay reported, saying the middleware lets them through
    for snippet, label in (('@self.app.delete("/api/logs")', "DELETE /api/logs"),
                           ('@self.app.get("/v1/models")', "GET /v1/models"),
                           ('@self.app.get("/markitdown/', "GET /markitdown/{url:path}")):
        evidence = by_location[_api(snippet)]
        assert evidence.status is Status.WARN, evidence
        assert evidence.message.startswith(f"{label} has no auth dependency — authorization (g4f/api.py:"), evidence
        assert "lets" in evidence.message and "through without one" in evidence.message, evidence.message
    search = by_location[_gui('@app.route("/search/')]
    assert "authorization (g4f/api.py:" in search.message and search.status is Status.WARN, search


def test_a_path_middleware_that_always_runs_guards_its_prefixes_and_leaves_the_carve_out_open(tmp_path: Path) -> None:
    always = _API.replace('request.method != "OPTIONS" and AppConfig.api_key is not None', 'request.method != "OPTIONS"')
    result = run_static(tmp_path, CHECK, _files(always))
    flagged = at(result, Status.FAIL) + at(result, Status.WARN)
    assert _api('@self.app.post("/v1/chat/completions")') not in flagged, result.evidence
    assert _gui('@app.route("/backend-api/v2/conv') not in flagged, result.evidence
    assert not any("authentication is off unless" in e.message for e in result.evidence), result.evidence
    # the near miss: the carved-out DELETE /api/logs is still reported
    assert _api('@self.app.delete("/api/logs")') in flagged, result.evidence


_MAIN = '''from fastapi import FastAPI

from api.auth import PasswordAuthMiddleware
from api.routers import commands as commands_router
from api.routers import config

app = FastAPI()
app.add_middleware(
    PasswordAuthMiddleware,
    excluded_paths=["/", "/health", "/api/config"],
)
app.include_router(config.router, prefix="/api")
app.include_router(commands_router.router, prefix="/api")
'''
_AUTH = '''import os
import secrets

from fastapi import Request
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.responses import JSONResponse


class PasswordAuthMiddleware(BaseHTTPMiddleware):
    def __init__(self, app, excluded_paths=None):
        super().__init__(app)
        self.password = os.environ.get("APP_PASSWORD")
        self.excluded_paths = excluded_paths or ["/", "/health"]

    async def dispatch(self, request: Request, call_next):
        if not self.password:
            return await call_next(request)
        if request.url.path in self.excluded_paths:
            return await call_next(request)
        auth_header = request.headers.get("Authorization")
        if not auth_header:
            return JSONResponse(status_code=401, content={"detail": "Missing authorization header"})
        if not secrets.compare_digest(auth_header.split(" ", 1)[-1], self.password):
            return JSONResponse(status_code=401, content={"detail": "Invalid password"})
        return await call_next(request)
'''
_COMMANDS = '''from fastapi import APIRouter

router = APIRouter()


@router.post("/commands/jobs")
async def submit_job(body: dict):
    return await queue_command(body)
'''
_CONFIG = '''from fastapi import APIRouter

router = APIRouter()


@router.get("/config")
async def get_config():
    return {"version": "1.0", "api_url": read_api_url()}


@router.post("/config/reset")
async def reset_config():
    return await reset_all_settings()
'''


def _notebook(auth: str = _AUTH) -> dict[str, str]:
    return {"api/main.py": _MAIN, "api/auth.py": auth, "api/__init__.py": "", "api/routers/__init__.py": "",
            "api/routers/commands.py": _COMMANDS, "api/routers/config.py": _CONFIG}


def test_an_app_wide_password_middleware_covers_an_aliased_router_and_says_it_is_off_without_the_password(
        tmp_path: Path) -> None:
    result = run_static(tmp_path, CHECK, _notebook())
    by_location = {e.location: e for e in result.evidence}
    # the router included under an alias (`commands as commands_router`) is behind the middleware too
    assert "api/routers/commands.py:6" not in by_location, result.evidence
    gated = by_location["api/main.py:8"]
    assert gated.status is Status.WARN, gated
    assert gated.message.startswith("2 route(s) authenticate only through PasswordAuthMiddleware"), gated.message
    assert "while APP_PASSWORD is unset" in gated.message, gated.message
    assert "POST /api/commands/jobs" in gated.detail and "POST /api/config/reset" in gated.detail, gated.detail
    # the literal excluded path stays open, said so
    config = by_location["api/routers/config.py:6"]
    assert config.status is Status.WARN, config
    assert config.message.startswith("GET /api/config has no auth dependency — PasswordAuthMiddleware (api/main.py:8)")


def test_a_password_middleware_that_always_runs_guards_every_route_but_its_exclusions(tmp_path: Path) -> None:
    always = _AUTH.replace("        if not self.password:\n            return await call_next(request)\n", "")
    result = run_static(tmp_path, CHECK, _notebook(always))
    flagged = at(result, Status.FAIL) + at(result, Status.WARN)
    assert "api/routers/commands.py:6" not in flagged and "api/routers/config.py:11" not in flagged, result.evidence
    assert "api/main.py:8" not in flagged, result.evidence
    assert "api/routers/config.py:6" in flagged, result.evidence  # excluded by its literal path
    # a header compared with a value built from the password (`== f"Bearer {self.password}"`): nothing sent is equal
    compared = always.replace(
        'auth_header = request.headers.get("Authorization")',
        'if request.headers.get("Authorization") == f"Bearer {self.password}":\n'
        '            return await call_next(request)\n'
        '        auth_header = request.headers.get("Authorization")')
    result = run_static(tmp_path / "compared", CHECK, _notebook(compared))
    flagged = at(result, Status.FAIL) + at(result, Status.WARN)
    assert "api/routers/commands.py:6" not in flagged and "api/routers/config.py:11" not in flagged, result.evidence
