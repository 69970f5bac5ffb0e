from __future__ import annotations

from pathlib import Path

import pytest

from launchready.lab.gitrepo import Commit
from launchready.model import Status
from tests.checks.repo.helpers import SIGNED_IN, locations, run_check

ID = "repo.cors-config"


@pytest.mark.parametrize(("path", "source", "line", "words"), [
    ("main.py", "from fastapi.middleware.cors import CORSMiddleware\norigins = ['*']\napp.add_middleware(\n    CORSMiddleware,\n    allow_origins=origins,\n    allow_credentials=True,\n)\n", 3, "allow_origins=['*']"),
    ("main.py", "app.add_middleware(CORSMiddleware, allow_origin_regex=r'https://.*', allow_credentials=True)\n", 1, "admits https://evil.example"),
    ("app.py", "from flask_cors import CORS\nCORS(app, supports_credentials=True)\n", 2, "(the default)"),
    ("app.py", "CORS(app, origins=[r'https://.*\\.example\\.com'], supports_credentials=True)\n", 1, "admits https://app.example.com.evil.example"),
    ("proj/settings.py", "CORS_ALLOW_ALL_ORIGINS = True\nCORS_ALLOW_CREDENTIALS = True\n", 1, "CORS_ALLOW_ALL_ORIGINS"),
    ("server.js", "const cors = require('cors')\napp.use(cors({\n  origin: true,\n  credentials: true,\n}))\n", 2, "origin: true"),
    ("middleware.ts", "res.headers.set('Access-Control-Allow-Origin', req.headers.get('origin'))\nres.headers.set('Access-Control-Allow-Credentials', 'true')\n", 1, "echoed"),
    ("api.py", "def after(resp):\n    resp.headers['Access-Control-Allow-Origin'] = request.headers.get('Origin')\n    resp.headers['Access-Control-Allow-Credentials'] = 'true'\n", 2, "echoed"),
])
def test_any_origin_with_credentials_fails_at_its_line(tmp_path: Path, path: str, source: str, line: int, words: str) -> None:
    result, _ = run_check(tmp_path, ID, [Commit("init", {path: source, **SIGNED_IN})])
    assert result.status is Status.FAIL, result.evidence
    assert locations(result, "fail") == [f"{path}:{line}"]
    assert words in result.evidence[0].message


@pytest.mark.parametrize(("source", "words"), [
    ("app.add_middleware(CORSMiddleware, allow_origins=['*'])\n", "no credentials"),
    ("const cors = require('cors')\napp.use(cors())\n", "cors() with no options"),
])
def test_wildcard_without_credentials_warns(tmp_path: Path, source: str, words: str) -> None:
    name = "main.py" if "add_middleware" in source else "server.js"
    result, _ = run_check(tmp_path, ID, [Commit("init", {name: source})])
    assert result.status is Status.WARN
    assert words in result.evidence[0].message


@pytest.mark.parametrize("source", [
    "app.add_middleware(CORSMiddleware, allow_origins=['https://app.example.com'], allow_credentials=True)\n",
    "app.add_middleware(CORSMiddleware, allow_origin_regex=r'https://[a-z]+\\.example\\.com', allow_credentials=True)\n",
    "CORS(app, origins=['https://app.example.com'], supports_credentials=True)\n",
])
def test_listed_origins_pass(tmp_path: Path, source: str) -> None:
    result, _ = run_check(tmp_path, ID, [Commit("init", {"main.py": source})])
    assert result.status is Status.PASS, result.evidence


def test_origins_built_from_module_constants_are_read(tmp_path: Path) -> None:
    """chatgpt-retrieval-plugin's local server: `origins = [f"http://localhost:{PORT}", "https://chat.openai.com"]`
    with `PORT = 3333` lists two origins; `[f"{FRONTEND}"]` with `FRONTEND = "*"` admits any."""
    listed = ("PORT = 3333\norigins = [\n    f'http://localhost:{PORT}',\n    'https://chat.openai.com',\n]\n"
              "app.add_middleware(CORSMiddleware, allow_origins=origins, allow_credentials=True)\n")
    result, _ = run_check(tmp_path / "a", ID, [Commit("init", {"local_server/main.py": listed})])
    assert result.status is Status.PASS, result.evidence
    wildcard = listed.replace("PORT = 3333", "ANY = '*'").replace("f'http://localhost:{PORT}'", "f'{ANY}'")
    result, _ = run_check(tmp_path / "b", ID, [Commit("init", {"local_server/main.py": wildcard, **SIGNED_IN})])
    assert locations(result, "fail") == ["local_server/main.py:6"]


def test_credentials_decided_at_runtime_warn(tmp_path: Path) -> None:
    source = "app.add_middleware(CORSMiddleware, allow_origins=['*'], allow_credentials=settings.creds)\n"
    result, _ = run_check(tmp_path, ID, [Commit("init", {"main.py": source})])
    assert result.status is Status.WARN
    assert "decided at run time" in result.evidence[0].message


_EMBED = """const express = require("express");
const app = express();

app.post("/embed/:embedId/stream-chat", [validEmbedConfig, canRespond], async (request, response) => {
  response.setHeader("Access-Control-Allow-Origin", "*");
  response.end("hello");
});

app.post("/workspace/:slug/stream-chat", [requireAuth], async (request, response) => {
  response.setHeader("Access-Control-Allow-Origin", "*");
  response.end(request.user.id);
});

app.use((req, res, next) => {
  res.setHeader("Access-Control-Allow-Origin", "*");
  next();
});
"""
_DISCOVERY = ("from fastapi import FastAPI\nfrom fastapi.responses import JSONResponse\napp = FastAPI()\n\n\n"
              "@app.get('/.well-known/agent-discovery.json')\nasync def discovery():\n"
              "    response = JSONResponse({'name': 'agent'})\n    response.headers['Access-Control-Allow-Origin'] = '*'\n"
              "    return response\n")


def test_wildcard_without_credentials_on_a_route_that_reads_no_credential_is_no_finding(tmp_path: Path) -> None:
    """`*` without credentials lets any page read what the route answers; a route that reads no credential
    answers every caller alike, so that is only what anyone can fetch (a public widget, a .well-known document):
    informational. Behind authentication, or set for every route by middleware, it stays a warning."""
    result, _ = run_check(tmp_path / "js", ID, [Commit("init", {"server/index.js": _EMBED})])
    assert result.status is Status.WARN
    assert [(e.status.value, e.location) for e in result.evidence] == [
        ("pass", "server/index.js:5"), ("warn", "server/index.js:10"), ("warn", "server/index.js:15")]
    assert "on POST /embed/:embedId/stream-chat, which reads no credential" in result.evidence[0].message
    py, _ = run_check(tmp_path / "py", ID, [Commit("init", {"backend/app.py": _DISCOVERY})])
    assert py.status is Status.PASS, py.evidence
    assert [(e.location, "GET /.well-known/agent-discovery.json" in e.message) for e in py.evidence] == [
        ("backend/app.py:9", True)]


@pytest.mark.parametrize(("name", "text", "line", "status"), [
    ("netlify.toml", '[[headers]]\n  for = "/*"\n  [headers.values]\n    Access-Control-Allow-Origin = "*"\n', 4,
     Status.WARN),
    ("public/_headers", "/*\n  Access-Control-Allow-Origin: *\n", 2, Status.WARN),
    # a literal `*` answer is never read with credentials by a browser: a warn, not "any site reads as the user"
    ("public/_headers", "/*\n  Access-Control-Allow-Origin: *\n  Access-Control-Allow-Credentials: true\n", 2,
     Status.WARN),
    ("netlify.toml", '[[headers]]\n  for = "/*"\n  [headers.values]\n'
                     '    Access-Control-Allow-Origin = "https://app.example.com"\n', 0, Status.PASS),
])
def test_a_wildcard_in_netlify_header_files_is_read(tmp_path: Path, name: str, text: str, line: int,
                                                    status: Status) -> None:
    """netlify.toml writes `Access-Control-Allow-Origin = "*"`, a `_headers` file `Access-Control-Allow-Origin: *`
    without quotes: both are read, not passed as "no CORS configuration in the code"."""
    result, _ = run_check(tmp_path, ID, [Commit("init", {name: text})])
    assert result.status is status, result.evidence
    if line:
        assert locations(result) == [f"{name}:{line}"]


_GUARDED = ("from fastapi import FastAPI, Request\nfrom fastapi.middleware.cors import CORSMiddleware\n"
            "from fastapi.responses import JSONResponse\n\napp = FastAPI()\n"
            "app.add_middleware(CORSMiddleware, allow_origins=['*'], allow_credentials=True)\n\n"  # 6
            "@app.middleware('http')\nasync def check_same_origin(request: Request, call_next):\n"  # 9: def
            "    origin = request.headers.get('origin')\n"
            "    if origin == str(request.base_url).rstrip('/'):\n        return await call_next(request)\n"
            "    return JSONResponse(status_code=403, content={'error': 'not allowed'})\n")


def test_an_origin_guard_the_check_cannot_evaluate_makes_any_origin_with_credentials_undetermined(
        tmp_path: Path) -> None:
    """Verba: `allow_origins=['*']` with credentials, behind the project's own middleware that answers 403 to any
    Origin but the server's — what it admits is code, so a warn naming it, not a blocking fail."""
    result, _ = run_check(tmp_path, ID, [Commit("init", {"api.py": _GUARDED, **SIGNED_IN})])
    assert result.status is Status.WARN
    assert [(e.status, e.location) for e in result.evidence] == [(Status.WARN, "api.py:6")]
    assert result.evidence[0].message == (
        "Starlette CORSMiddleware: allow_origins=['*'] with credentials allowed, but the project's middleware "
        "check_same_origin (api.py:9) reads the Origin header and can answer 403 — undetermined: which origins it lets "
        "through decides; confirm it refuses every origin but your own (a live scan with --url runs api.cors against "
        "it), or list your origins in the CORS setup")
    # a middleware that reads the Origin but refuses no one is no guard: the fail stays
    logging_only = _GUARDED.replace("status_code=403", "status_code=200")
    result, _ = run_check(tmp_path / "b", ID, [Commit("init", {"api.py": logging_only, **SIGNED_IN})])
    assert locations(result, "fail") == ["api.py:6"]


_CAT = ("from fastapi.middleware.cors import CORSMiddleware\n"
        "app.add_middleware(CORSMiddleware, allow_origin_regex='.*', allow_credentials=True)\n")
_LOGIN = ("def login(response, token):\n"
          "    response.set_cookie('access_token', token, httponly=True, samesite='{site}')\n")


def test_any_origin_with_credentials_is_a_warn_when_every_cookie_is_same_site_only(tmp_path: Path) -> None:
    """Cheshire Cat: the origin is reflected with credentials, but the only cookie (simple_oauth's access_token) is
    SameSite=Lax and other auth is a Bearer header — browsers send no credential cross-site, so only same-site
    origins ride the session: a warn naming the cookie, not "any site can read your API"."""
    result, _ = run_check(tmp_path, ID, [Commit("init", {
        "src/startup.py": _CAT, "src/plugins/oauth/endpoints.py": _LOGIN.format(site="lax")})])
    assert [(e.status, e.location) for e in result.evidence] == [(Status.WARN, "src/startup.py:2")]
    assert "every cookie the project sets is SameSite=Lax/Strict (src/plugins/oauth/endpoints.py:2)" in (
        result.evidence[0].message)
    assert "only same-site origins (your subdomains) can read your API" in result.evidence[0].message


@pytest.mark.parametrize(("files", "why"), [
    ({"src/plugins/oauth/endpoints.py": _LOGIN.format(site="none")}, "SameSite=None"),
    ({"src/plugins/oauth/endpoints.py": _LOGIN.replace(", samesite='{site}'", "")}, "no SameSite"),
    ({"src/plugins/oauth/endpoints.py": _LOGIN.format(site="lax"),
      "src/web.py": "from starlette.middleware.sessions import SessionMiddleware\napp.add_middleware(SessionMiddleware)\n"},
     "a session cookie set by a library"),
    ({"web/login.ts": "export async function login(res) {\n  res.cookie('sid', id, { httpOnly: true, sameSite: 'none' })\n}\n",
      "src/plugins/oauth/endpoints.py": _LOGIN.format(site="strict")}, "one JS cookie SameSite=None"),
])
def test_any_origin_with_credentials_still_fails_when_a_cookie_rides_cross_site(
        tmp_path: Path, files: dict[str, str], why: str) -> None:
    result, _ = run_check(tmp_path, ID, [Commit("init", {"src/startup.py": _CAT, **files})])
    assert [(e.status, e.location) for e in result.evidence] == [(Status.FAIL, "src/startup.py:2")], why
    assert "any site can read your API as the signed-in user" in result.evidence[0].message


def test_express_reflected_origin_with_only_strict_cookies_is_a_warn(tmp_path: Path) -> None:
    server = ("const cors = require('cors')\napp.use(cors({ origin: true, credentials: true }))\n"
              "app.post('/login', (req, res) => {\n  res.cookie('sid', id, { httpOnly: true, sameSite: 'strict' })\n})\n")
    result, _ = run_check(tmp_path, ID, [Commit("init", {"server.js": server})])
    assert [(e.status, e.location) for e in result.evidence] == [(Status.WARN, "server.js:2")]
    assert "SameSite=Lax/Strict (server.js:4)" in result.evidence[0].message


@pytest.mark.parametrize(("text", "status", "said"), [
    # the cors package answers `Access-Control-Allow-Origin: *` for origin '*': browsers refuse credentialed reads
    ("app.use(cors({ origin: '*', credentials: true }))\n", Status.WARN, "browsers refuse a credentialed read"),
    # origin: true echoes the caller's origin: with credentials, any site reads as the user
    ("app.use(cors({ origin: true, credentials: true }))\n", Status.FAIL, "any site can read your API as the signed-in user"),
])
def test_a_literal_star_with_credentials_is_refused_by_browsers_but_an_echoed_origin_is_not(
        tmp_path: Path, text: str, status: Status, said: str) -> None:
    source = "const express = require('express')\nconst cors = require('cors')\nconst app = express()\n" + text
    result, _ = run_check(tmp_path, ID, [Commit("init", {"server.js": source, **SIGNED_IN})])
    assert result.status is status, result.evidence
    item = next(e for e in result.evidence if e.status is status)
    assert item.location == "server.js:4" and said in item.message


_SWITCHED = """from fastapi.middleware.cors import CORSMiddleware
from .settings import Settings

def create_app():
    app = FastAPI()
    if Settings.basic.OPEN_CROSS_DOMAIN:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=["*"],
            allow_credentials=True,
        )
    return app
"""


@pytest.mark.parametrize(("settings", "status", "words"), [
    ("class Basic(BaseSettings):\n    OPEN_CROSS_DOMAIN: bool = False\n", Status.WARN,
     "only when the setting Settings.basic.OPEN_CROSS_DOMAIN is on, off by default (OPEN_CROSS_DOMAIN = False)"),
    ("import os\nOPEN_CROSS_DOMAIN = os.getenv('OPEN_CROSS_DOMAIN', 'false') == 'true'\n", Status.WARN,
     "off by default (OPEN_CROSS_DOMAIN = 'false')"),
    ("", Status.WARN, "its default was not found — undetermined"),
    ("class Basic(BaseSettings):\n    OPEN_CROSS_DOMAIN: bool = True\n", Status.FAIL,
     "any site can read your API as the signed-in user"),
])
def test_cors_set_up_only_behind_a_setting_that_is_off_by_default_is_a_warn_naming_the_switch(
        tmp_path: Path, settings: str, status: Status, words: str) -> None:
    files = {"app/server.py": _SWITCHED, **({"app/settings.py": settings} if settings else {})}
    result, _ = run_check(tmp_path, ID, [Commit("init", {**files, **SIGNED_IN})])
    assert result.status is status, result.evidence
    finding = next(e for e in result.evidence if e.location == "app/server.py:7")
    assert finding.status is status
    assert words in finding.message


def test_a_debuggers_launcher_beside_the_app_is_no_deployment(tmp_path: Path) -> None:
    """cohere-toolkit `pycharm_debug_main.py` copies the app with `allow_origins=["*"]` and credentials and runs it
    under `if __name__ == "__main__"`: the deployed `main.py` is judged, the launcher is not — unless it is the only
    app there is."""
    app = ("from fastapi import FastAPI\nfrom fastapi.middleware.cors import CORSMiddleware\n\napp = FastAPI()\n"
           "app.add_middleware(CORSMiddleware, allow_origins=ORIGINS, allow_credentials=True)\n")
    launcher = ("import uvicorn\nfrom fastapi import FastAPI\nfrom fastapi.middleware.cors import CORSMiddleware\n\n"
                "app = FastAPI()\napp.add_middleware(CORSMiddleware, allow_origins=['*'], allow_credentials=True)\n\n"
                "if __name__ == '__main__':\n    uvicorn.run(app, reload=True)\n")
    both, _ = run_check(tmp_path / "a", "repo.cors-config", [Commit("init", {
        "backend/main.py": app, "backend/pycharm_debug_main.py": launcher})])
    assert not [e for e in both.evidence if e.location.startswith("backend/pycharm_debug_main.py")]
    alone, _ = run_check(tmp_path / "b", "repo.cors-config", [Commit("init", {"backend/pycharm_debug_main.py": launcher})])
    assert [e.location for e in alone.evidence if e.status is not Status.PASS] == ["backend/pycharm_debug_main.py:6"]


_DEV_ONLY = """import os
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from .settings import settings
{declared}
app = FastAPI()
if {condition}:
    app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_credentials=True)
"""
_DEV_SETTINGS = 'class Settings(BaseSettings):\n    environment: str = Field(default="prod", env="ENVIRONMENT")\n'


@pytest.mark.parametrize(("declared", "condition", "status", "words"), [
    ("", 'settings.environment == "dev"', Status.WARN,
     "with credentials allowed — only when settings.environment == 'dev', a development setup, whose default is "
     "'prod'; a deployment that sets it lets any site call this API from a visitor's browser: confirm no production "
     "configuration sets it, or list your origins"),
    # the module's own `environment`, though another app's settings also declare one
    ('environment = os.getenv("ENVIRONMENT")', 'environment == "dev"', Status.WARN,
     "only when environment == 'dev', a development setup, which is unset by default;"),
    ('environment = os.getenv("ENVIRONMENT")', 'environment in ("dev", "local")', Status.WARN,
     "only when environment == 'dev', a development setup, which is unset by default;"),
    # development by default: what ships is the wildcard with credentials
    ('environment = os.getenv("ENVIRONMENT", "dev")', 'environment == "dev"', Status.FAIL,
     "any site can read your API as the signed-in user"),
    # not a development condition: judged as set up
    ('environment = os.getenv("ENVIRONMENT")', 'environment == "production"', Status.FAIL,
     "any site can read your API as the signed-in user"),
])
def test_cors_set_up_only_in_a_development_environment_is_a_warn_naming_the_condition_and_its_default(
        tmp_path: Path, declared: str, condition: str, status: Status, words: str) -> None:
    files = {"app/server.py": _DEV_ONLY.format(declared=declared, condition=condition), "app/settings.py": _DEV_SETTINGS}
    result, _ = run_check(tmp_path, ID, [Commit("init", {**files, **SIGNED_IN})])
    [finding] = [e for e in result.evidence if e.location == "app/server.py:8"]
    assert (finding.status, result.status) == (status, status)
    assert words in finding.message
