from __future__ import annotations

from pathlib import Path

import pytest

from launchready.checks.repo.route_auth import CHECK
from launchready.engines.routes import route_inventory, unread_route_paths
from launchready.lab.gitrepo import Commit, build_repo
from launchready.model import Status
from launchready.targets.repo import RepoSnapshot
from tests.checks.repo.static_helpers import at, messages, run_example, run_static

FASTAPI_OPEN = '''from fastapi import APIRouter, Depends, FastAPI
from .auth import current_user

app = FastAPI()
router = APIRouter(prefix="/conversations")


@router.get("/{conversation_id}/messages")
def list_messages(conversation_id: str):
    return []


@app.get("/health")
def health():
    return {}

app.include_router(router)
'''
FASTAPI_CENTRAL = '''from typing import Annotated
from fastapi import APIRouter, Depends, FastAPI
from .auth import get_current_user

app = FastAPI()
private = APIRouter(prefix="/conversations", dependencies=[Depends(get_current_user)])


@private.get("/{conversation_id}/messages")
def list_messages(conversation_id: str):
    return []

app.include_router(private)
'''


@pytest.mark.parametrize(("path", "source", "line", "label"), [
    ("api/main.py", FASTAPI_OPEN, 8, "GET /conversations/{conversation_id}/messages"),
    ("app.py", "from flask import Flask\napp = Flask(__name__)\n\n@app.route('/files/<int:fid>', methods=['GET', 'DELETE'])\n"
     "def get_file(fid):\n    return ''\n", 4, "DELETE /files/<int:fid>"),
    ("server.js", "const express = require('express')\nconst app = express()\napp.get('/api/health', (req, res) => res.send('ok'))\n"
     "app.post('/api/chat', async (req, res) => {\n  res.json({})\n})\n", 4, "POST /api/chat"),
    ("pages/api/files/[id].ts", "export default async function handler(req, res) {\n  res.json({})\n}\n", 1, "ANY /api/files/[id]"),
    ("app/api/chat/route.ts", "import { NextResponse } from 'next/server'\n\nexport async function POST(req: Request) {\n"
     "  return NextResponse.json({})\n}\n", 3, "POST /api/chat"),
    ("chat/urls.py", "from django.urls import path\nfrom . import views\nurlpatterns = [\n    path('conversations/', views.conversations),\n]\n",
     4, "ANY /conversations/"),
])
def test_route_without_auth_fails_at_its_decorator(tmp_path: Path, path: str, source: str, line: int,
                                                   label: str) -> None:
    result = run_static(tmp_path, CHECK, {path: source})
    assert result.status is Status.FAIL, result.evidence
    assert f"{path}:{line}" in at(result, Status.FAIL)
    assert f"{label} has no auth dependency" in messages(result, Status.FAIL)


@pytest.mark.parametrize(("path", "source"), [
    ("api/main.py", FASTAPI_CENTRAL),
    ("api/main.py", "from typing import Annotated\nfrom fastapi import Depends, FastAPI\nfrom .auth import current_user\n"
     "User = Annotated[dict, Depends(current_user)]\napp = FastAPI()\n\n@app.get('/me')\ndef me(user: User):\n    return user\n"),
    ("app.py", "from flask import Flask\nfrom flask_login import login_required\napp = Flask(__name__)\n\n"
     "@app.route('/files/<int:fid>')\n@login_required\ndef get_file(fid):\n    return ''\n"),
    ("server.js", "const express = require('express')\nconst app = express()\napp.post('/api/chat', requireAuth, async (req, res) => {\n"
     "  res.json({})\n})\n"),
    ("server.js", "const express = require('express')\nconst router = express.Router()\nrouter.use(passport.authenticate('jwt'))\n"
     "router.post('/chat', (req, res) => res.json({}))\n"),
    ("app/api/chat/route.ts", "import { getServerSession } from 'next-auth'\n\nexport async function POST(req: Request) {\n"
     "  const session = await getServerSession()\n  if (!session) return new Response(null, {status: 401})\n}\n"),
])
def test_routes_behind_auth_pass(tmp_path: Path, path: str, source: str) -> None:
    result = run_static(tmp_path, CHECK, {path: source})
    assert result.status is Status.PASS, result.evidence


def test_auth_dependency_option_and_declared_public_routes(tmp_path: Path) -> None:
    source = ("from fastapi import Depends, FastAPI\napp = FastAPI()\n\n@app.get('/reports', dependencies=[Depends(gatekeeper)])\n"
              "def reports():\n    return []\n\n@app.get('/pricing')\ndef pricing():\n    return []\n")
    result = run_static(tmp_path / "a", CHECK, {"main.py": source})
    assert at(result, Status.FAIL) == ["main.py:4"]  # GET /reports: report data, surely private
    # GET /pricing may be public on purpose: a warning that says how to settle it, never a blocker
    assert at(result, Status.WARN) == ["main.py:8"]
    assert messages(result, Status.WARN) == [
        "GET /pricing has no auth dependency — a read of what may be public data; declare it in [api] public if it is"]
    result = run_static(tmp_path / "b", CHECK, {"main.py": source}, api={"public": ["GET /pricing"]},
                        checks={"repo.route-auth": {"auth-dependencies": ["gatekeeper"]}})
    assert result.status is Status.PASS, result.evidence


def test_hand_written_auth_in_many_handlers_warns(tmp_path: Path) -> None:
    routes = "".join(f"@app.get('/r{i}')\ndef r{i}(request: Request):\n    user = current_user(request)\n    return {{}}\n\n"
                     for i in range(3))
    result = run_static(tmp_path, CHECK, {"main.py": "from fastapi import FastAPI, Request\napp = FastAPI()\n\n" + routes})
    assert result.status is Status.WARN
    assert at(result, Status.WARN) == ["main.py:4", "main.py:9", "main.py:14"]
    assert "checks auth by hand" in messages(result, Status.WARN)[0]


def test_inventory_is_cached_on_the_snapshot_and_joins_include_prefixes(tmp_path: Path) -> None:
    build_repo(tmp_path / "r", [Commit("init", {
        "app/routes/chat.py": "from fastapi import APIRouter\nrouter = APIRouter()\n\n@router.post('/chat')\ndef chat():\n    pass\n",
        "app/main.py": "from fastapi import FastAPI, Depends\nfrom .routes import chat\napp = FastAPI()\n"
                       "app.include_router(chat.router, prefix='/v1', dependencies=[Depends(require_user)])\n"})])
    repo = RepoSnapshot(tmp_path / "r")
    routes = route_inventory(repo)
    assert [(r.label, r.location) for r in routes] == [("POST /v1/chat", "app/routes/chat.py:4")]
    assert [g.name for g in routes[0].auth_guards()] == ["require_user"]
    assert route_inventory(repo) == routes
    assert repo.memo("routes", lambda: pytest.fail("the inventory was built twice")) is not None


def test_a_cookbook_sample_app_is_not_the_product(tmp_path: Path) -> None:
    """Portkey gateway: `cookbook/integrations/vercel/app/api/chat/route.ts` is a sample Next.js app beside
    the product, like `examples/`; the product's own route stays in the inventory."""
    chat = "export async function POST(req: Request) {\n  return new Response('hi');\n}\n"
    build_repo(tmp_path / "r", [Commit("init", {
        "package.json": '{"dependencies": {"next": "15.0.0"}}',
        "cookbook/integrations/vercel/package.json": '{"dependencies": {"next": "15.0.0"}}',
        "cookbook/integrations/vercel/app/api/chat/route.ts": chat, "app/api/chat/route.ts": chat})])
    assert [(r.label, r.location) for r in route_inventory(RepoSnapshot(tmp_path / "r"))] == [
        ("POST /api/chat", "app/api/chat/route.ts:1")]


def test_an_awaited_or_assigned_client_call_is_no_route(tmp_path: Path) -> None:
    """rag-web-ui's upload page: `const response = await api.post(`/api/knowledge-base/${params.id}/documents/
    process`, uploadResults)` is the browser calling the backend, not an Express registration; the server file's
    `router.post('/documents/process', processDocuments)` beside it is a route."""
    page = ("import { api } from '@/lib/api';\nexport default function Page({ params }) {\n"
            "  async function go(uploadResults) {\n    const response = await api.post(\n"
            "      `/api/knowledge-base/${params.id}/documents/process`,\n      uploadResults\n    );\n"
            "    const listing = api.get('/api/knowledge-base', options);\n  }\n}\n")
    server = ("const express = require('express');\nconst router = express.Router();\n"
              "router.post('/documents/process', processDocuments);\nmodule.exports = router;\n")
    build_repo(tmp_path / "r", [Commit("init", {"web/app/upload/page.tsx": page, "server/routes.js": server})])
    assert [(r.label, r.location) for r in route_inventory(RepoSnapshot(tmp_path / "r"))] == [
        ("POST /documents/process", "server/routes.js:3")]


def test_a_provider_prefix_is_public_only_for_a_delivery_judged_on_the_routes_own_handler(tmp_path: Path) -> None:
    """The Twilio demo's `POST /api/twilio/numbers` re-points the account's numbers: `/twilio/*` names the provider,
    not a delivery. `/twilio/voice` is one by its path; `/twilio/recordings` is one when its own handler checks
    Twilio's signature — a signature check in the next route's handler does not count for it."""
    source = ("from fastapi import FastAPI, Request\napp = FastAPI()\n\n"
              "@app.post('/api/twilio/numbers')\nasync def numbers(request: Request):\n"
              "    db.execute('UPDATE numbers SET url = ?', (await request.json(),))\n\n"
              "@app.post('/twilio/voice')\nasync def voice(request: Request):\n    return twiml()\n\n"
              "@app.post('/twilio/recordings')\nasync def recordings(request: Request):\n"
              "    validator = RequestValidator(TOKEN)\n"
              "    if not validator.validate(str(request.url), await request.form(), "
              "request.headers.get('x-twilio-signature')):\n        raise HTTPException(403)\n"
              "    db.execute('INSERT INTO recordings VALUES (?)', (1,))\n")
    result = run_static(tmp_path, CHECK, {"main.py": source})
    assert at(result, Status.FAIL) == ["main.py:4"], result.evidence
    assert result.metrics["public"] == 2


def test_a_path_chosen_by_a_setting_or_built_from_constants_is_inventoried(tmp_path: Path) -> None:
    """chat2api: `@app.post(f"/{api_prefix}/tokens/error" if api_prefix else "/tokens/error")` serves the stored
    refresh tokens at /tokens/error when API_PREFIX is left out — the literal branch; `f"{API_V1}/chat"` joins a
    module constant; a part that is no constant (a setting read at run time) leaves the path unread."""
    source = ("import os\nfrom fastapi import FastAPI\napp = FastAPI()\napi_prefix = os.getenv('API_PREFIX')\n"
              "API_V1 = '/v1'\n\n"
              "@app.post(f'/{api_prefix}/tokens/error' if api_prefix else '/tokens/error')\n"
              "async def error_tokens():\n    return {'error_tokens': TOKENS}\n\n"
              "@app.post(f'{API_V1}/chat')\nasync def chat():\n    pass\n\n"
              "@app.get(f'/{api_prefix}/status')\nasync def status():\n    pass\n")
    build_repo(tmp_path / "r", [Commit("init", {"main.py": source})])
    assert [(r.label, r.location) for r in route_inventory(RepoSnapshot(tmp_path / "r"))] == [
        ("POST /tokens/error", "main.py:7"), ("POST /v1/chat", "main.py:11")]
    result = run_static(tmp_path / "s", CHECK, {"main.py": source})
    assert "POST /tokens/error has no auth dependency" in messages(result, Status.FAIL)
    unread = [e for e in result.evidence if e.location == "main.py:15"]
    assert [(e.status, e.message) for e in unread] == [
        (Status.WARN, "route path computed at run time: the route is not in the inventory and was not judged")]
    assert unread[0].detail == "@app.get(f'/{api_prefix}/status')"
    alone = run_static(tmp_path / "t", CHECK, {"main.py": source.split("@app.post(", maxsplit=1)[0]
                                               + "@app.get(f'/{api_prefix}/status')\nasync def status():\n    pass\n"})
    assert alone.status is Status.WARN
    assert alone.summary == "routes not read: route path computed at run time — nothing was judged"


def _built(root: Path, server: str) -> Path:
    build_repo(root, [Commit("init", {"server.ts": server})])
    return root


_WS_SERVER = ("import express from 'express';\nimport { WebSocketServer, WebSocket } from 'ws';\nimport http from 'http';\n"
              "const app = express();\nconst server = http.createServer(app);\nconst wss = new WebSocketServer({ server });\n"
              "wss.on('connection', (ws: WebSocket, req) => {\n"
              "  const url = new URL(req.url || '', `http://${req.headers.host}`);\n"
              "  const parts = url.pathname.split('/').filter(Boolean);\n  const type = parts[0];\n"
              "  if (type === 'call') {\n    handleCallConnection(ws, OPENAI_API_KEY);\n"
              "  } else if (type === 'logs') {\n    handleFrontendConnection(ws);\n  } else {\n    ws.close();\n  }\n});\n")


def test_a_ws_servers_connection_handler_is_a_route_per_path_it_dispatches(tmp_path: Path) -> None:
    """OpenAI's Twilio demo: `wss.on("connection")` opens a model session on /call and streams transcripts on
    /logs to whoever connects — no HTTP route in front. A `verifyClient` option is a guard not read: undetermined.
    A browser's `new WebSocket(url)` is a client, not a server."""
    client = "export function connect() {\n  const ws = new WebSocket('wss://example.test/logs');\n  return ws;\n}\n"
    result = run_static(tmp_path / "a", CHECK, {"server/src/server.ts": _WS_SERVER, "web/lib/socket.ts": client})
    assert [(e.status, e.location, e.message) for e in result.evidence if e.location.startswith("server/src/server.ts:7")] \
        == [(Status.FAIL, "server/src/server.ts:7", "ANY /call has no auth dependency"),
            (Status.FAIL, "server/src/server.ts:7", "ANY /logs has no auth dependency")]
    assert not [e for e in result.evidence if e.location.startswith("web/")]
    # a message's own `type` compared inside the handler names no path: one route for every upgrade path
    by_message = ("import { WebSocketServer } from 'ws';\nconst wss = new WebSocketServer({ port: 8080 });\n"
                  "wss.on('connection', (ws, req) => {\n  const url = new URL(req.url || '', 'http://h');\n"
                  "  console.log(url.pathname);\n  ws.on('message', (raw) => {\n"
                  "    const msg = JSON.parse(raw);\n    if (msg.type === 'ping') ws.send('pong');\n  });\n});\n")
    assert [(r.label, r.location) for r in route_inventory(RepoSnapshot(_built(tmp_path / "m", by_message)))] == [
        ("ANY /*", "server.ts:3")]
    verified = _WS_SERVER.replace("new WebSocketServer({ server })",
                                  "new WebSocketServer({ server, path: '/realtime', verifyClient: checkToken })")
    result = run_static(tmp_path / "b", CHECK, {"server/src/server.ts": verified})
    [only] = [e for e in result.evidence if e.location == "server/src/server.ts:7"]
    assert only.status is Status.WARN and only.message.startswith("ANY /realtime: authentication undetermined — it is "
                                                                  "behind the ws server's verifyClient option")


def test_a_route_depending_on_a_fastapi_security_scheme_alone_is_undetermined_never_passed(tmp_path: Path) -> None:
    """chat2api: `Depends(oauth2_scheme)` with `OAuth2PasswordBearer(tokenUrl="token", auto_error=False)` hands the
    handler whatever bearer is sent, or none; even with auto_error on, any value is let through. Named like auth, it
    proves nothing: undetermined. A dependency that decodes the token it gets (`get_current_user`) authenticates."""
    source = ("from fastapi import Depends, FastAPI, HTTPException\nfrom fastapi.security import OAuth2PasswordBearer\n"
              "import jwt\napp = FastAPI()\noauth2_scheme = OAuth2PasswordBearer(tokenUrl='token', auto_error=False)\n\n"
              "@app.post('/v1/chat/completions')\nasync def send(req_token: str = Depends(oauth2_scheme)):\n"
              "    return await chat(req_token)\n\n"
              "def get_current_user(token: str = Depends(oauth2_scheme)):\n    try:\n"
              "        return jwt.decode(token, KEY, algorithms=['HS256'])\n    except jwt.PyJWTError:\n"
              "        raise HTTPException(status_code=401)\n\n"
              "@app.get('/me')\nasync def me(user=Depends(get_current_user)):\n    return user\n")
    result = run_static(tmp_path, CHECK, {"main.py": source})
    assert [(e.status, e.location) for e in result.evidence] == [(Status.WARN, "main.py:7")]
    assert result.evidence[0].message.startswith(
        "POST /v1/chat/completions: authentication undetermined — it is behind oauth2_scheme (OAuth2PasswordBearer, "
        "main.py:5), which only hands the handler the credential if one is sent (auto_error=False")
    assert result.metrics["central_auth"] == 1  # GET /me, through get_current_user


def test_a_path_or_prefix_imported_from_a_constants_module_is_read(tmp_path: Path) -> None:
    """onyx: `router = APIRouter(prefix=HIERARCHY_NODES_PREFIX)` and `@router.get(HIERARCHY_NODES_LIST_PATH)`, both
    imported from `onyx.configs.constants`; a relative import (`from .paths import ME`) is read the same way. A name
    two files could answer stays unread (and is reported so)."""
    constants = "HIERARCHY_NODES_PREFIX = '/hierarchy-nodes'\nHIERARCHY_NODES_LIST_PATH = ''\nSEARCH = '/search'\n"
    api = ("from fastapi import APIRouter\nfrom onyx.configs.constants import HIERARCHY_NODES_PREFIX, "
           "HIERARCHY_NODES_LIST_PATH, SEARCH\nfrom .paths import ME\nfrom onyx.dup import OTHER\n"
           "router = APIRouter(prefix=HIERARCHY_NODES_PREFIX)\n\n"
           "@router.get(HIERARCHY_NODES_LIST_PATH)\ndef listing():\n    pass\n\n"
           "@router.get(SEARCH)\ndef search():\n    pass\n\n@router.get(ME)\ndef me():\n    pass\n\n"
           "@router.get(OTHER)\ndef other():\n    pass\n")
    build_repo(tmp_path / "r", [Commit("init", {
        "backend/onyx/configs/constants.py": constants, "backend/onyx/server/hierarchy/api.py": api,
        "backend/onyx/server/hierarchy/paths.py": "ME = '/me'\n", "backend/onyx/dup.py": "OTHER = '/a'\n",
        "backend/onyx/dup/__init__.py": "OTHER = '/b'\n"})])
    repo = RepoSnapshot(tmp_path / "r")
    assert sorted(r.label for r in route_inventory(repo)) == [
        "GET /hierarchy-nodes", "GET /hierarchy-nodes/me", "GET /hierarchy-nodes/search"]
    assert [where for where, _ in unread_route_paths(repo)] == ["backend/onyx/server/hierarchy/api.py:19"]


def test_vulnerable_example_fails_and_hardened_passes(tmp_path: Path) -> None:
    vulnerable = run_example(tmp_path, CHECK, "vulnerable")
    assert vulnerable.status is Status.FAIL
    assert sorted(messages(vulnerable, Status.FAIL)) == [
        "GET /conversations/{conversation_id}/messages has no auth dependency",
        "GET /debug/config has no auth dependency", "GET /files/{file_id}/download has no auth dependency",
        "GET /tools has no auth dependency"]
    assert "main.py:183" in at(vulnerable, Status.FAIL)
    assert "main.py:191" in at(vulnerable, Status.WARN)
    hardened = run_example(tmp_path, CHECK, "hardened")
    assert hardened.status is Status.PASS, hardened.evidence


# --- what is not "auth by hand": a login endpoint, an SDK that verifies the token, hook-resolved identity --

_HAND = "".join(f"@app.post('/files/r{i}')\nasync def r{i}(request: Request):\n"
                f"    user = decode_jwt(request.headers.get('Authorization'))\n    return {{}}\n\n" for i in range(3))
_LOGIN_HELPER = ("async def _authenticate_user(request, user):\n    if not user:\n"
                 "        raise HTTPException(status_code=401)\n    token = create_jwt(user)\n"
                 "    return set_token(token)\n\n")


def test_a_login_endpoint_that_issues_a_session_is_not_auth_by_hand(tmp_path: Path) -> None:
    """POST /auth/jwt reads the bearer token to *issue* a session (through a project helper that creates the JWT):
    reading the credential is its purpose. A handler that reads it and issues nothing is still auth by hand."""
    login = ("@app.post('/auth/jwt')\nasync def jwt_auth(request: Request):\n"
             "    user = decode_jwt(request.headers.get('Authorization'))\n"
             "    return await _authenticate_user(request, user)\n\n")
    head = "from fastapi import FastAPI, Request\napp = FastAPI()\n\n" + _LOGIN_HELPER
    result = run_static(tmp_path / "a", CHECK, {"main.py": head + login + _HAND})
    assert "main.py:10" not in at(result, Status.WARN)  # the login endpoint
    assert at(result, Status.WARN) == ["main.py:15", "main.py:20", "main.py:25"]
    assert result.metrics["public"] == 1
    # the same handler without the session it issues: auth checked by hand, like the others
    plain = login.replace("return await _authenticate_user(request, user)", "return {'user': user}")
    result = run_static(tmp_path / "b", CHECK, {"main.py": head + plain + _HAND})
    assert at(result, Status.WARN) == ["main.py:10", "main.py:15", "main.py:20", "main.py:25"]
    assert messages(result, Status.WARN)[0] == ("POST /auth/jwt checks auth by hand inside the handler (decode_jwt, "
                                                "reads the Authorization header) instead of a central dependency")


def test_a_bot_framework_adapter_that_verifies_the_token_authenticates_the_route(tmp_path: Path) -> None:
    teams = ("@app.post('/teams/events')\nasync def teams(req: Request):\n    body = await req.json()\n"
             "    auth_header = req.headers.get('Authorization', '')\n"
             "    return await adapter.{call}(Activity().deserialize(body), auth_header, bot.on_turn)\n\n")
    head = "from fastapi import FastAPI, Request\napp = FastAPI()\n\n"
    result = run_static(tmp_path / "a", CHECK, {"main.py": head + teams.format(call="process_activity") + _HAND})
    assert at(result, Status.WARN) == ["main.py:10", "main.py:15", "main.py:20"]  # not main.py:4
    assert result.metrics["central_auth"] == 1
    # a handler that reads the header and hands it to its own code has checked nothing we can see
    result = run_static(tmp_path / "b", CHECK, {"main.py": head + teams.format(call="forward") + _HAND})
    assert at(result, Status.WARN)[0] == "main.py:4"
    assert messages(result, Status.WARN)[0].startswith("POST /teams/events checks auth by hand")


_SVELTE_HOOK_SETS_USER = ("import type { Handle } from '@sveltejs/kit';\nimport { authenticate } from '$lib/server/auth';\n\n"
                          "export const handle: Handle = async ({ event, resolve }) => {\n"
                          "  const auth = await authenticate(event.cookies);\n  event.locals.user = auth.user;\n"
                          "  return resolve(event);\n};\n")
_SVELTE_OWN_USER = ("import { json } from '@sveltejs/kit';\n\nexport const GET = async ({ locals }) => {\n"
                    "  return json(locals.user ? { id: locals.user.id, email: locals.user.email } : null);\n};\n")
_SVELTE_REFUSING = ("import { error, json } from '@sveltejs/kit';\n\nexport const GET = async ({ locals }) => {\n"
                    "  if (!locals.user) {\n    error(401, 'Not logged in');\n  }\n"
                    "  return json(await exportAll(locals.user.id));\n};\n")


def test_sveltekit_handler_reading_the_identity_hooks_resolved_uses_the_central_dependency(tmp_path: Path) -> None:
    """``locals.user`` set in hooks.server is SvelteKit's central dependency: a handler that reads it to answer
    the caller's own data and refuses nobody is not auth by hand; one that refuses a caller without it is
    authenticated (the hook reads the credential, the handler turns the anonymous caller away)."""
    files = {"package.json": '{"devDependencies": {"@sveltejs/kit": "^2"}}', "src/hooks.server.ts": _SVELTE_HOOK_SETS_USER,
             "src/routes/api/user/+server.ts": _SVELTE_OWN_USER,
             **{f"src/routes/api/export{i}/+server.ts": _SVELTE_REFUSING for i in range(3)}}
    result = run_static(tmp_path / "a", CHECK, files)
    assert at(result, Status.WARN) == []
    assert "src/routes/api/user/+server.ts:3" not in [e.location for e in result.evidence]
    assert result.metrics["central_auth"] == 4
    route = next(r for r in route_inventory(RepoSnapshot(tmp_path / "a" / "repo")) if r.path == "/api/user")
    assert [(g.name, g.where) for g in route.guards if g.identifies] == [
        ("hooks.server sets locals.user", "src/hooks.server.ts:6")]
    # an identity the handler only logs decides nothing: a listing of every user stays a finding
    files["src/routes/api/users/+server.ts"] = (
        "import { json } from '@sveltejs/kit';\n\nexport const GET = async ({ locals }) => {\n"
        "  console.info('export by', locals.user?.id);\n  return json(await db.users.find().toArray());\n};\n")
    result = run_static(tmp_path / "c", CHECK, files)
    assert "src/routes/api/users/+server.ts:3" in [e.location for e in result.evidence]
    assert result.metrics["central_auth"] == 4
    del files["src/routes/api/users/+server.ts"]
    # without a hook that sets locals.user, nothing central resolved it: the read stays auth by hand
    files["src/hooks.server.ts"] = "export const handle = async ({ event, resolve }) => resolve(event);\n"
    result = run_static(tmp_path / "b", CHECK, files)
    assert "src/routes/api/user/+server.ts:3" in at(result, Status.WARN)


def test_a_file_routed_handler_that_answers_a_literal_serves_nothing_to_protect(tmp_path: Path) -> None:
    constant = ("import { json } from '@sveltejs/kit';\n\nexport const GET: RequestHandler = async () => {\n"
                "  return json([] as OldModels);\n};\n")
    computed = constant.replace("json([] as OldModels)", "json(await listModels())")
    files = {"package.json": '{"devDependencies": {"@sveltejs/kit": "^2"}}',
             "src/routes/api/models/old/+server.ts": constant, "src/routes/api/models/+server.ts": computed,
             "app/api/version/route.ts": "export async function GET() {\n  return Response.json({ version: '1.2', beta: false });\n}\n"}
    result = run_static(tmp_path, CHECK, files)
    assert [(e.status, e.location) for e in result.evidence] == [(Status.WARN, "src/routes/api/models/+server.ts:3")]
    assert result.metrics["public"] == 2


_STARLETTE = ("from fastapi import APIRouter, FastAPI, Request\nfrom starlette.authentication import requires\n\n"
              "app = FastAPI()\nrouter = APIRouter(prefix='/api/chat')\n\n\n"
              "@router.get('/history')\n@requires(['authenticated'])\ndef history(request: Request):\n    return []\n\n\n"
              "@router.get('/settings')\n@requires('authenticated', redirect='login_page')\ndef settings(request: Request):\n"
              "    return {}\n\napp.include_router(router)\n")


def test_starlette_requires_with_a_scope_is_an_auth_decorator(tmp_path: Path) -> None:
    """``starlette.authentication.requires`` answers 403 (or redirects to login) unless the authentication
    backend granted the scopes: a route under it is behind central auth, like ``@login_required``."""
    result = run_static(tmp_path / "a", CHECK, {"main.py": _STARLETTE})
    assert result.status is Status.PASS, result.evidence
    assert result.metrics["central_auth"] == 2
    routes = {r.path: r for r in route_inventory(RepoSnapshot(tmp_path / "a" / "repo"))}
    assert [(g.name, g.where, g.authenticates) for g in routes["/api/chat/history"].guards] == [
        ("requires('authenticated')", "main.py:9", True)]
    # without the decorator, or with a project decorator of the same name that is not Starlette's, it fails
    bare = _STARLETTE.replace("@requires(['authenticated'])\n", "")
    result = run_static(tmp_path / "b", CHECK, {"main.py": bare})
    assert at(result, Status.FAIL) == ["main.py:8"]
    own = _STARLETTE.replace("from starlette.authentication import requires", "from .features import requires")
    result = run_static(tmp_path / "c", CHECK, {"main.py": own})
    assert at(result, Status.FAIL) == ["main.py:8", "main.py:14"]
    assert messages(result, Status.FAIL)[0] == "GET /api/chat/history has no auth dependency"


_DJANGO_VIEWS = ("from django.contrib.auth.decorators import login_required\n"
                 "from django.contrib.auth.mixins import LoginRequiredMixin\nfrom django.views import View\n"
                 "from rest_framework.permissions import IsAuthenticated\nfrom rest_framework.views import APIView\n\n\n"
                 "@login_required\ndef conversations(request):\n    return []\n\n\n"
                 "class Files(LoginRequiredMixin, View):\n    def get(self, request):\n        return []\n\n\n"
                 "class Messages(APIView):\n    permission_classes = [IsAuthenticated]\n\n"
                 "    def get(self, request):\n        return []\n")
_DJANGO_URLS = ("from django.contrib import admin\nfrom django.urls import path\nfrom . import views\n\nurlpatterns = [\n"
                "    path('admin/', admin.site.urls),\n    path('conversations/', views.conversations),\n"
                "    path('files/', views.Files.as_view()),\n    path('messages/', views.Messages.as_view()),\n]\n")


def test_django_login_required_mixins_permission_classes_and_the_admin_site_are_auth(tmp_path: Path) -> None:
    """The Django admin site requires a staff login for every view but its login page; ``@login_required``,
    ``LoginRequiredMixin`` and DRF's ``permission_classes = [IsAuthenticated]`` are the view-level guards."""
    files = {"chat/views.py": _DJANGO_VIEWS, "chat/urls.py": _DJANGO_URLS}
    result = run_static(tmp_path / "a", CHECK, files)
    assert result.status is Status.PASS, result.evidence
    assert result.metrics["central_auth"] == 4
    admin = next(r for r in route_inventory(RepoSnapshot(tmp_path / "a" / "repo")) if r.path == "/admin/")
    assert [(g.name, g.where) for g in admin.auth_guards()] == [
        ("admin.site.urls (the admin site requires a staff login)", "chat/urls.py:6")]
    # the same views without their guards, and a home-made "admin" view, are unprotected
    bare = (_DJANGO_VIEWS.replace("@login_required\n", "").replace("LoginRequiredMixin, ", "")
            .replace("    permission_classes = [IsAuthenticated]\n", ""))
    urls = _DJANGO_URLS.replace("admin.site.urls", "views.conversations")
    result = run_static(tmp_path / "b", CHECK, {"chat/views.py": bare, "chat/urls.py": urls})
    assert at(result, Status.FAIL) == [f"chat/urls.py:{n}" for n in (6, 7, 8, 9)]


@pytest.mark.parametrize("guard", ["user=Security(get_current_user, scopes=['chat'])", "user=Depends(current_user)"])
def test_fastapi_depends_and_security_in_the_signature_or_dependencies_are_auth(tmp_path: Path, guard: str) -> None:
    source = ("from fastapi import Depends, FastAPI, Security\napp = FastAPI()\n\n"
              f"@app.get('/history')\ndef history({guard}):\n    return []\n\n"
              "@app.delete('/history', dependencies=[Depends(get_current_user)])\ndef clear():\n    return []\n\n"
              "@app.get('/files')\ndef files():\n    return []\n")
    result = run_static(tmp_path, CHECK, {"main.py": source})
    assert at(result, Status.FAIL) == ["main.py:12"]  # only GET /files, which has neither
    assert result.metrics["central_auth"] == 2


_MAGIC = ("from fastapi import APIRouter, FastAPI, Request\nfrom fastapi.responses import RedirectResponse, Response\n\n"
          "app = FastAPI()\nauth_router = APIRouter()\n\n\n"
          "@auth_router.post('/magic')\nasync def login_magic_link(request: Request, form: MagicLinkForm):\n"
          "    user = await get_or_create_user_by_email(form.email)\n"
          "    await send_magic_link_email(user.email, user.email_verification_code)\n    return Response(status_code=200)\n\n\n"
          "@auth_router.get('/magic')\nasync def sign_in_with_magic_link(request: Request, code: str, email: str):\n"
          "    user = await get_user_validated_by_email_verification_code(code, email)\n    if not user:\n"
          "        return Response(status_code=401)\n    request.session['user'] = {'email': user.email}\n"
          "    return RedirectResponse(url='/')\n\napp.include_router(auth_router, prefix='/auth')\n")


def test_a_magic_link_request_and_its_code_check_are_login_endpoints(tmp_path: Path) -> None:
    """Sending a sign-in link, and verifying the emailed code to store the user in the session, is what a login
    endpoint does, whatever its path: public by purpose."""
    result = run_static(tmp_path / "a", CHECK, {"main.py": _MAGIC})
    assert result.status is Status.PASS, result.evidence
    assert result.metrics["public"] == 2
    routes = {r.method: r for r in route_inventory(RepoSnapshot(tmp_path / "a" / "repo"))}
    assert routes["POST"].signs_in == "sends a sign-in link or code (send_magic_link_email)"
    assert routes["GET"].signs_in == ("verifies the request's credential (get_user_validated_by_email_verification_"
                                      "code) and stores the user in request.session['user']")
    # an e-mail that is not a sign-in link, and a session write with no credential verified, are no login
    other = (_MAGIC.replace("send_magic_link_email", "send_welcome_email")
             .replace("get_user_validated_by_email_verification_code", "get_user_by_email"))
    result = run_static(tmp_path / "b", CHECK, {"main.py": other})
    assert [e.location for e in result.evidence] == ["main.py:8", "main.py:15"]
    assert messages(result, Status.FAIL) == ["POST /auth/magic has no auth dependency"]


_VERIFY = ("const express = require('express')\nconst app = express()\nconst router = express.Router()\n\n"
           "router.post('/verify', async (req, res) => {\n  try {\n    const { token } = req.body\n"
           "    if (!token)\n      throw new Error('Secret key is empty')\n"
           "    if (process.env.AUTH_SECRET_KEY !== token)\n      throw new Error('Secret key is invalid')\n"
           "    res.send({ status: 'Success' })\n  }\n  catch (error) {\n    res.send({ status: 'Fail' })\n  }\n})\n\n"
           "app.use('/api', router)\n")


def test_a_handler_comparing_the_request_with_a_configured_secret_is_the_login_endpoint(tmp_path: Path) -> None:
    """``POST /verify`` compares the body's token with ``AUTH_SECRET_KEY``: it is the credential check itself
    (a login endpoint), which cannot sit behind auth."""
    result = run_static(tmp_path / "a", CHECK, {"server.js": _VERIFY})
    assert result.status is Status.PASS, result.evidence
    assert result.metrics["public"] == 1
    route = route_inventory(RepoSnapshot(tmp_path / "a" / "repo"))[0]
    assert route.issues_session == "compares token with the configured secret AUTH_SECRET_KEY"
    # a comparison guarding other work is auth by hand, not a login endpoint
    guarding = _VERIFY.replace("    res.send({ status: 'Success' })", "    await wipeAll()\n    res.send({ status: 'Success' })")
    result = run_static(tmp_path / "e", CHECK, {"server.js": guarding})
    assert result.status is Status.PASS, result.evidence
    assert result.metrics["hand_auth"] == 1 and result.metrics["public"] == 0
    route = route_inventory(RepoSnapshot(tmp_path / "e" / "repo"))[0]
    assert route.issues_session == ""
    assert route.hand_auth() == ("compares token with the configured secret AUTH_SECRET_KEY",)
    # the same handler comparing with something that is no secret setting checks no credential
    plain = _VERIFY.replace("process.env.AUTH_SECRET_KEY !== token", "process.env.NODE_ENV !== token")
    result = run_static(tmp_path / "b", CHECK, {"server.js": plain})
    assert at(result, Status.FAIL) == ["server.js:5"]
    assert messages(result, Status.FAIL) == ["POST /api/verify has no auth dependency"]  # the router is mounted at /api
    # Python: the same comparison against os.environ
    py = ("import os\nfrom fastapi import FastAPI, HTTPException\napp = FastAPI()\n\n@app.post('/verify')\ndef verify(body: dict):\n"
          "    if body['token'] != os.environ['AUTH_SECRET_KEY']:\n        raise HTTPException(status_code=401)\n    return {}\n")
    result = run_static(tmp_path / "c", CHECK, {"main.py": py})
    assert result.status is Status.PASS, result.evidence
    result = run_static(tmp_path / "d", CHECK, {"main.py": py.replace("AUTH_SECRET_KEY", "DEPLOY_REGION")})
    assert at(result, Status.FAIL) == ["main.py:5"]


_NEXT_PROXY = ("import { NextRequest, NextResponse } from 'next/server';\nimport { auth } from '@/app/api/auth';\n\n"
               "async function handle(req: NextRequest) {\n  if (req.method === 'OPTIONS') {\n"
               "    return NextResponse.json({ body: 'OK' }, { status: 200 });\n  }\n"
               "  const authResult = auth(req);\n  if (authResult.error) {\n"
               "    return NextResponse.json(authResult, { status: 401 });\n  }\n  return await forward(req);\n}\n\n"
               "export const GET = handle;\nexport const POST = handle;\nexport const OPTIONS = handle;\n\n"
               "export const runtime = 'edge';\n\nasync function forward(req: NextRequest) {\n"
               "  return fetch('https://api.example.com', { method: req.method, body: req.body });\n}\n")


def test_a_next_handler_exported_by_name_is_read_and_its_options_preflight_serves_nothing(tmp_path: Path) -> None:
    """``export const POST = handle`` is judged on ``handle``: it calls the project's ``auth(req)`` and answers 401
    on its error (auth by hand, not "no auth"); its ``OPTIONS`` branch answers a literal before anything else."""
    result = run_static(tmp_path / "a", CHECK, {"app/api/tencent/route.ts": _NEXT_PROXY})
    assert result.status is Status.PASS, result.evidence
    assert result.metrics["hand_auth"] == 2 and result.metrics["public"] == 1
    routes = {r.method: r for r in route_inventory(RepoSnapshot(tmp_path / "a" / "repo"))}
    assert routes["POST"].hand_auth() == ("auth",)
    assert routes["OPTIONS"].constant_answer and not routes["POST"].constant_answer
    # without the auth call, every method that reaches the upstream fails; an OPTIONS that forwards too
    open_proxy = (_NEXT_PROXY.replace("  const authResult = auth(req);\n  if (authResult.error) {\n"
                                      "    return NextResponse.json(authResult, { status: 401 });\n  }\n", "")
                  .replace("return NextResponse.json({ body: 'OK' }, { status: 200 })", "return forward(req)"))
    result = run_static(tmp_path / "b", CHECK, {"app/api/tencent/route.ts": open_proxy})
    assert at(result, Status.FAIL) == [f"app/api/tencent/route.ts:{n}" for n in (12, 13)]  # POST, OPTIONS
    assert messages(result, Status.FAIL) == ["POST /api/tencent has no auth dependency",
                                             "OPTIONS /api/tencent has no auth dependency"]


def test_forwarding_the_callers_authorization_header_is_not_checking_it(tmp_path: Path) -> None:
    relay = ("export async function POST(req: Request) {\n  return fetch('https://x.upstash.io', {\n"
             "    headers: { authorization: req.headers.get('authorization') ?? '' },\n  });\n}\n")
    files = {f"app/api/relay{i}/route.ts": relay for i in range(3)}
    result = run_static(tmp_path / "a", CHECK, files)
    assert messages(result, Status.FAIL) == [f"POST /api/relay{i} has no auth dependency" for i in range(3)]
    check = relay.replace("  return fetch", "  if (req.headers.get('authorization') !== expected) return deny();\n"
                                            "  return fetch")
    result = run_static(tmp_path / "b", CHECK, {f"app/api/relay{i}/route.ts": check for i in range(3)})
    assert result.metrics["hand_auth"] == 3


_ACCESS = ("export function checkAccessCode(req: Request) {\n  const code = req.headers.get('x-access-code') ?? '';\n"
           "  return { ok: codes.has(md5(code)) };\n}\n")
_GATED = ("import { NextResponse } from 'next/server';\nimport { checkAccessCode } from '@/lib/access';\n\n"
          "export async function POST(req: Request) {\n  const access = checkAccessCode(req);\n"
          "  if (!access.ok) {\n    return NextResponse.json({ error: 'denied' }, { status: 403 });\n  }\n"
          "  return NextResponse.json(await runModel(await req.json()));\n}\n")


def test_a_project_helper_whose_result_leads_to_a_401_or_403_is_auth_by_hand(tmp_path: Path) -> None:
    """Whatever its name, a project function whose result the handler answers 403 on decides who may pass."""
    result = run_static(tmp_path / "a", CHECK, {"lib/access.ts": _ACCESS, "app/api/chat/route.ts": _GATED})
    assert result.status is Status.PASS, result.evidence
    route = route_inventory(RepoSnapshot(tmp_path / "a" / "repo"))[0]
    assert route.hand_auth() == ("checkAccessCode() → status: 403",)
    # a 400 on the result is validation, not a refusal; a helper the project does not define is not followed
    for name, files in {
        "b": {"lib/access.ts": _ACCESS, "app/api/chat/route.ts": _GATED.replace("status: 403", "status: 400")},
        "c": {"app/api/chat/route.ts": _GATED},
        # a lookup by id that answers 403 when nothing is found reads no credential
        "d": {"lib/access.ts": _ACCESS.replace("req: Request", "id: string"),
              "app/api/chat/route.ts": _GATED.replace("checkAccessCode(req)", "checkAccessCode(params.id)")},
    }.items():
        result = run_static(tmp_path / name, CHECK, files)
        assert at(result, Status.FAIL) == ["app/api/chat/route.ts:4"], name


_PY_GATED = ("from fastapi import FastAPI, HTTPException, Request, status\n\napp = FastAPI()\n\n\n"
             "def check_access(request: Request):\n    return request.headers.get('x-access-code') in CODES\n\n\n"
             "@app.post('/api/chat')\nasync def chat(request: Request):\n    allowed = check_access(request)\n"
             "    if not allowed:\n        raise HTTPException(status_code=status.HTTP_403_FORBIDDEN)\n"
             "    return await run_model(await request.json())\n")


def test_a_python_helper_handed_the_request_whose_result_leads_to_a_403_is_auth_by_hand(tmp_path: Path) -> None:
    result = run_static(tmp_path / "a", CHECK, {"main.py": _PY_GATED})
    assert result.status is Status.PASS, result.evidence
    route = route_inventory(RepoSnapshot(tmp_path / "a" / "repo"))[0]
    assert route.hand_auth() == ("check_access() → status.HTTP_403_FORBIDDEN",)
    # handed an id instead of the request, or answering 404, it decides nothing about the caller
    for name, source in {"b": _PY_GATED.replace("check_access(request)", "check_access(request.path_params)"),
                         "c": _PY_GATED.replace("HTTP_403_FORBIDDEN", "HTTP_404_NOT_FOUND")}.items():
        result = run_static(tmp_path / name, CHECK, {"main.py": source})
        assert at(result, Status.FAIL) == ["main.py:10"], name


_IDENTITY_HELPER = '''from quart import Quart, request

app = Quart(__name__)


def get_authenticated_user_details(request_headers):
    if "X-Ms-Client-Principal-Id" not in request_headers:
        return {"user_principal_id": "00000000-sample-user"}
    return {"user_principal_id": request_headers["X-Ms-Client-Principal-Id"]}


@app.route("/history/list", methods=["GET"])
async def list_conversations():
    user = get_authenticated_user_details(request_headers=request.headers)
    if not cosmos:
        raise Exception("CosmosDB is not configured")
    return await cosmos.get_conversations(user["user_principal_id"])
'''


def test_a_helper_that_only_reads_who_calls_is_not_auth_by_hand_and_is_said_to_refuse_no_one(tmp_path: Path) -> None:
    """An auth-named project helper that reads a platform's identity header and falls back to a sample user
    turns no caller away: it is no auth check by hand. The route is a warn asking what authenticates in
    front of it — never "checks auth by hand", never a blocking fail (a platform sign-in may)."""
    files = {f"app{i}.py": _IDENTITY_HELPER.replace("/history/list", f"/history/list{i}") for i in range(3)}
    result = run_static(tmp_path / "a", CHECK, files)
    assert result.status is Status.WARN, result.evidence
    assert messages(result, Status.WARN) == [
        f"GET /history/list{i} reads who calls (get_authenticated_user_details) but neither the handler nor "
        "get_authenticated_user_details turns a caller away — confirm that something in front of it "
        "authenticates every request (a platform sign-in, a proxy), or declare it in [api] public"
        for i in range(3)]
    assert at(result, Status.WARN) == [f"app{i}.py:12" for i in range(3)]
    assert result.summary == "3 route(s) read who calls but turn no caller away"
    # the same helper refusing a caller without the header is auth by hand (three handlers: the warning)
    refusing = {name: text.replace('        return {"user_principal_id": "00000000-sample-user"}',
                                   '        abort(401)') for name, text in files.items()}
    result = run_static(tmp_path / "b", CHECK, refusing)
    assert [m.split(" checks auth by hand")[0] for m in messages(result, Status.WARN)] == [
        f"GET /history/list{i}" for i in range(3)]
    # and so is the handler raising an access error on what the helper gave it
    refusing = {name: text.replace('raise Exception("CosmosDB is not configured")', "raise Unauthorized()")
                for name, text in files.items()}
    result = run_static(tmp_path / "c", CHECK, refusing)
    assert [m.split(" checks auth by hand")[0] for m in messages(result, Status.WARN)] == [
        f"GET /history/list{i}" for i in range(3)]


# Round 3 (AgentGPT): package routers of the same name, a keyword `router=`, and a dependency method.
_PKG_ROUTER = """from fastapi import APIRouter
from app.web import agent, monitoring

api_router = APIRouter()
api_router.include_router(monitoring.router, prefix="/monitoring")
api_router.include_router(agent.router, prefix="/agent")
"""
_PKG_APP = "from fastapi import FastAPI\nfrom app.web.router import api_router\n\napp = FastAPI()\n" \
           "app.include_router(router=api_router, prefix=\"/api\")\n"
_PKG_AGENT = """from fastapi import APIRouter, Depends
from app.crud import AgentCrud, OrgCrud

router = APIRouter()


@router.get("/tools")
async def tools():
    return {"tools": []}


@router.post("/chat")
async def chat(crud: AgentCrud = Depends(AgentCrud.inject)):
    return crud.chat()


@router.delete("/org/{name}")
async def drop_org(name: str, crud: OrgCrud = Depends(OrgCrud.inject)):
    return crud.drop(name)
"""
_PKG_CRUD = """from fastapi import Depends
from app.auth import get_current_user, get_db


class AgentCrud:
    @classmethod
    def inject(cls, db=Depends(get_db)):
        return cls(db)


class OrgCrud:
    @classmethod
    def inject(cls, db=Depends(get_db), user=Depends(get_current_user)):
        return cls(db, user)
"""


def test_a_package_router_gets_its_own_include_prefix_and_a_dependency_method_is_followed(tmp_path: Path) -> None:
    files = {"app/main.py": _PKG_APP, "app/web/router.py": _PKG_ROUTER, "app/web/agent/__init__.py":
             "from app.web.agent.views import router\n", "app/web/agent/views.py": _PKG_AGENT,
             "app/web/monitoring/__init__.py": "from app.web.monitoring.views import router\n",
             "app/web/monitoring/views.py": "from fastapi import APIRouter\n\nrouter = APIRouter()\n\n\n"
                                            "@router.get(\"/error\")\ndef error():\n    return recent_errors()\n",
             "app/crud.py": _PKG_CRUD, "app/auth.py": "def get_current_user():\n    ...\n\n\ndef get_db():\n    ...\n"}
    result = run_static(tmp_path, CHECK, files)
    # POST /api/agent/chat: AgentCrud.inject takes no user; DELETE …/org: OrgCrud.inject depends on get_current_user
    assert messages(result, Status.FAIL) == ["GET /api/agent/tools has no auth dependency",
                                             "POST /api/agent/chat has no auth dependency"]
    assert at(result, Status.FAIL) == ["app/web/agent/views.py:7", "app/web/agent/views.py:12"]
    assert result.metrics["central_auth"] == 1
    assert [m.split(" — ")[0] for m in messages(result, Status.WARN)] == [
        "GET /api/monitoring/error has no auth dependency"]  # its own package's prefix, not the agent's


def test_a_health_probe_under_a_router_prefix_is_public(tmp_path: Path) -> None:
    source = ("from fastapi import APIRouter, FastAPI\n\nrouter = APIRouter()\n\n\n@router.get('/health')\ndef health():\n"
              "    return {}\n\n\n@router.get('/healthcheck-history')\ndef history():\n    return []\n\n\n"
              "app = FastAPI()\napp.include_router(router, prefix='/api/monitoring')\n")
    result = run_static(tmp_path, CHECK, {"main.py": source})
    assert result.metrics["public"] == 1  # GET /api/monitoring/health
    assert at(result, Status.FAIL) == ["main.py:11"]  # /healthcheck-history: "history" is private data


# App-wide guards judged by what they do, not by their name (round 1 `@requires`, round 2 an identity helper,
# round 3 a NestJS guard named `Ability`: each time an unknown name made dozens of routes "no auth dependency").
_FLASK_GATE = '''from flask import Flask, redirect, session, url_for

app = Flask(__name__)


@app.before_request
def load_gate():
    if "user_id" not in session:
        return redirect(url_for("login_page"))


@app.route("/conversations", methods=["POST"])
def conversations():
    return []
'''
_FLASK_LOGGER = '''from flask import Flask, request

app = Flask(__name__)


@app.before_request
def load_gate():
    app.logger.info("%s %s", request.method, request.path)


@app.route("/conversations", methods=["POST"])
def conversations():
    return []
'''


def test_a_flask_before_request_hook_that_redirects_callers_without_a_session_authenticates_whatever_its_name(
        tmp_path: Path) -> None:
    result = run_static(tmp_path / "a", CHECK, {"app.py": _FLASK_GATE})
    assert result.status is Status.PASS, result.evidence
    assert result.metrics["central_auth"] == 1
    # a hook of the same name that only logs the request reads no identity and refuses no one: the route is open
    result = run_static(tmp_path / "b", CHECK, {"app.py": _FLASK_LOGGER})
    assert at(result, Status.FAIL) == ["app.py:11"]
    assert messages(result, Status.FAIL) == ["POST /conversations has no auth dependency"]
    # a blueprint's hook that answers 401 with a tuple covers that blueprint's routes
    blueprint = ("from flask import Blueprint, Flask, jsonify, request\n\napp = Flask(__name__)\nbp = Blueprint('bp', "
                 "__name__, url_prefix='/api')\n\n\n@bp.before_request\ndef gate():\n    if not request.cookies.get('sid'):\n"
                 "        return jsonify(error='sign in'), 401\n\n\n@bp.route('/files', methods=['DELETE'])\ndef drop():\n"
                 "    return []\n\n\n@app.route('/export', methods=['POST'])\ndef export():\n    return []\n\n\n"
                 "app.register_blueprint(bp)\n")
    result = run_static(tmp_path / "c", CHECK, {"app.py": blueprint})
    assert messages(result, Status.FAIL) == ["POST /export has no auth dependency"]
    assert result.metrics["central_auth"] == 1


_FASTAPI_MIDDLEWARE = '''from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from identity_sdk import verifier

app = FastAPI()


@app.middleware("http")
async def check_caller(request: Request, call_next):
    if not request.cookies.get("sid"):
        return JSONResponse({"detail": "sign in"}, status_code=401)
    return await call_next(request)


@app.post("/chat")
async def chat():
    return {}
'''


def test_a_fastapi_http_middleware_that_answers_401_without_a_cookie_authenticates_every_route(tmp_path: Path) -> None:
    result = run_static(tmp_path / "a", CHECK, {"main.py": _FASTAPI_MIDDLEWARE})
    assert result.status is Status.PASS, result.evidence
    # reading the token and handing it to a library leaves the route undetermined: a warn naming the middleware,
    # its file and the config key — never a blocking "has no auth dependency"
    handed = _FASTAPI_MIDDLEWARE.replace(
        '''    if not request.cookies.get("sid"):\n        return JSONResponse({"detail": "sign in"}, status_code=401)\n''',
        '''    request.state.caller = verifier.check(request.headers.get("authorization"))\n''')
    result = run_static(tmp_path / "b", CHECK, {"main.py": handed})
    assert at(result, Status.FAIL) == []
    assert messages(result, Status.WARN) == [
        "POST /chat: authentication undetermined — it is behind check_caller (main.py:9), which reads the "
        "Authorization header but whose refusing branch was not read (a library or another function decides); if "
        'that authenticates, name it in [checks."repo.route-auth"] auth-dependencies, or declare the route in '
        "[api] public"]
    assert at(result, Status.WARN) == ["main.py:14"]
    # a middleware that only times requests reads no identity: the route is still open
    timing = _FASTAPI_MIDDLEWARE.replace(
        '''    if not request.cookies.get("sid"):\n        return JSONResponse({"detail": "sign in"}, status_code=401)\n''',
        "    started = time.perf_counter()\n")
    result = run_static(tmp_path / "c", CHECK, {"main.py": timing})
    assert at(result, Status.FAIL) == ["main.py:14"]


def test_a_router_dependency_that_refuses_without_a_cookie_authenticates_its_routes(tmp_path: Path) -> None:
    source = ("from fastapi import APIRouter, Depends, FastAPI, HTTPException, Request\n\n\n"
              "def gate(request: Request):\n    if 'sid' not in request.cookies:\n"
              "        raise HTTPException(status_code=403)\n\n\n"
              "app = FastAPI()\nprivate = APIRouter(dependencies=[Depends(gate)])\n\n\n"
              "@private.delete('/files/{fid}')\ndef drop(fid: str):\n    return {}\n\n\n"
              "@app.post('/upload')\ndef upload():\n    return {}\n\n\napp.include_router(private)\n")
    result = run_static(tmp_path / "a", CHECK, {"main.py": source})
    assert messages(result, Status.FAIL) == ["POST /upload has no auth dependency"]
    assert at(result, Status.FAIL) == ["main.py:18"]
    assert result.metrics["central_auth"] == 1
    # the same dependency answering 404 for an unknown id refuses no caller for who they are
    result = run_static(tmp_path / "b", CHECK, {"main.py": source.replace("request.cookies", "request.path_params")
                                                .replace("403", "404")})
    assert at(result, Status.FAIL) == ["main.py:13", "main.py:18"]


_HONO = '''import { Hono } from 'hono'

const app = new Hono()

const gate = async (c, next) => {
  if (!c.req.header('authorization')) {
    return c.json({ error: 'sign in' }, 401)
  }
  await next()
}

app.use('/api/*', gate)

app.post('/api/chat', async (c) => {
  return c.json({})
})
'''


def test_a_hono_or_express_middleware_judged_by_its_refusal_not_its_name(tmp_path: Path) -> None:
    result = run_static(tmp_path / "a", CHECK, {"server.ts": _HONO})
    assert result.status is Status.PASS, result.evidence
    # handing the credential to a library and calling next: undetermined, naming the middleware and where it is
    handed = _HONO.replace("  if (!c.req.header('authorization')) {\n    return c.json({ error: 'sign in' }, 401)\n  }\n",
                           "  c.set('user', await sdk.verify(c.req.header('authorization')))\n")
    result = run_static(tmp_path / "b", CHECK, {"server.ts": handed})
    assert at(result, Status.FAIL) == []
    assert [m.split(" — ")[0] for m in messages(result, Status.WARN)] == [
        "POST /api/chat: authentication undetermined"]
    assert "gate (server.ts:5), which reads the caller's credential" in messages(result, Status.WARN)[0]
    # a CORS middleware reads no credential and refuses no one: the route is open
    cors = _HONO.replace("  if (!c.req.header('authorization')) {\n    return c.json({ error: 'sign in' }, 401)\n  }\n",
                         "  c.header('Access-Control-Allow-Origin', '*')\n")
    result = run_static(tmp_path / "c", CHECK, {"server.ts": cors})
    assert at(result, Status.FAIL) == ["server.ts:12"]
    # Koa's ctx.throw(401) is a refusal too
    koa = ("const Koa = require('Koa')\nconst Router = require('@koa/router')\nconst app = new Koa()\n"
           "const router = new Router()\n\nasync function gate(ctx, next) {\n  if (!ctx.cookies.get('sid')) ctx.throw(401)\n"
           "  await next()\n}\n\nrouter.use(gate)\nrouter.post('/files', async (ctx) => {\n  ctx.body = {}\n})\n")
    result = run_static(tmp_path / "d", CHECK, {"server.js": koa})
    assert result.status is Status.PASS, result.evidence


_NEXT_CHAT = "app/api/chat/route.ts", "export async function POST(req: Request) {\n  return Response.json(await req.json())\n}\n"
_NEXT_GATE = '''import { NextResponse, type NextRequest } from 'next/server'

export function middleware(request: NextRequest) {
  const sid = request.cookies.get('app-session')
  if (!sid) {
    return NextResponse.redirect(new URL('/login', request.url))
  }
  return NextResponse.next()
}
'''
_NEXT_LOCALE = '''import { NextResponse, type NextRequest } from 'next/server'

export function middleware(request: NextRequest) {
  const locale = request.cookies.get('NEXT_LOCALE')?.value ?? 'en'
  if (!request.nextUrl.pathname.startsWith(`/${locale}`)) {
    return NextResponse.redirect(new URL(`/${locale}${request.nextUrl.pathname}`, request.url))
  }
}
'''
_SUPABASE_HELPER = '''import { createServerClient } from '@supabase/ssr'
import { NextResponse, type NextRequest } from 'next/server'

export async function updateSession(request: NextRequest) {
  const supabase = createServerClient(URL, KEY, { cookies: { getAll: () => request.cookies.getAll() } })
  const { data: { user } } = await supabase.auth.getUser()
  if (!user && !request.nextUrl.pathname.startsWith('/login')) {
    return NextResponse.redirect(new URL('/login', request.url))
  }
  return NextResponse.next({ request })
}
'''


def test_a_next_middleware_that_redirects_callers_without_a_session_authenticates_whatever_it_calls(
        tmp_path: Path) -> None:
    result = run_static(tmp_path / "a", CHECK, {"middleware.ts": _NEXT_GATE, _NEXT_CHAT[0]: _NEXT_CHAT[1]})
    assert result.status is Status.PASS, result.evidence
    assert result.metrics["central_auth"] == 1
    # an i18n middleware reads a locale cookie and redirects: nobody is turned away for who they are
    result = run_static(tmp_path / "b", CHECK, {"middleware.ts": _NEXT_LOCALE, _NEXT_CHAT[0]: _NEXT_CHAT[1]})
    assert at(result, Status.FAIL) == ["app/api/chat/route.ts:1"]


def test_a_next_middleware_handing_requests_to_a_project_session_helper_is_read_through_it(tmp_path: Path) -> None:
    proxy = ("import { type NextRequest } from 'next/server'\nimport { updateSession } from '@/utils/supabase/middleware'\n\n"
             "export async function proxy(request: NextRequest) {\n  return await updateSession(request)\n}\n")
    files = {"proxy.ts": proxy, "utils/supabase/middleware.ts": _SUPABASE_HELPER, _NEXT_CHAT[0]: _NEXT_CHAT[1]}
    result = run_static(tmp_path / "a", CHECK, files)
    assert result.status is Status.PASS, result.evidence
    # the helper's redirect commented out (the Supabase template's default): it reads the user and refuses no
    # one that the inventory can see — undetermined, naming the proxy and the helper, never a blocking fail
    quiet = _SUPABASE_HELPER.replace("    return NextResponse.redirect(new URL('/login', request.url))",
                                     "    // return NextResponse.redirect(new URL('/login', request.url))")
    result = run_static(tmp_path / "b", CHECK, {**files, "utils/supabase/middleware.ts": quiet})
    assert at(result, Status.FAIL) == []
    assert messages(result, Status.WARN) == [
        "POST /api/chat: authentication undetermined — it is behind proxy.ts (proxy.ts:1), which hands each request "
        "to updateSession (utils/supabase/middleware.ts:4): it reads the caller's session but no refusal of its "
        'could be read; if that authenticates, name it in [checks."repo.route-auth"] auth-dependencies, or declare '
        "the route in [api] public"]


_EXPRESS_INLINE = '''const express = require('express')
const app = express()

app.use(async (req, res, next) => {
  const token = req.headers.authorization
  if (!token) return res.status(401).json({ error: 'sign in' })
  next()
})

app.post('/api/files', async (req, res) => {
  res.json({})
})
'''


def test_an_inline_express_middleware_or_fastify_hook_is_judged_by_what_it_does(tmp_path: Path) -> None:
    result = run_static(tmp_path / "a", CHECK, {"server.js": _EXPRESS_INLINE})
    assert result.status is Status.PASS, result.evidence
    # handing the token to a library and calling next(): undetermined, naming where the middleware is
    handed = _EXPRESS_INLINE.replace("  if (!token) return res.status(401).json({ error: 'sign in' })\n",
                                     "  req.user = await sdk.verify(token)\n")
    result = run_static(tmp_path / "b", CHECK, {"server.js": handed})
    assert at(result, Status.FAIL) == []
    assert messages(result, Status.WARN)[0].startswith(
        "POST /api/files: authentication undetermined — it is behind the inline middleware at server.js:4, which "
        "reads the caller's credential")
    # a body-size logger reads no credential and refuses no one: the route stays open
    logger = _EXPRESS_INLINE.replace("  const token = req.headers.authorization\n  if (!token) return res.status(401)"
                                     ".json({ error: 'sign in' })\n", "  console.log(req.method, req.url)\n")
    result = run_static(tmp_path / "c", CHECK, {"server.js": logger})
    assert at(result, Status.FAIL) == ["server.js:9"]
    # a Fastify onRequest hook written inline that answers 401 without the header authenticates its routes
    fastify = ("import Fastify from 'fastify'\nconst app = Fastify()\n\napp.addHook('onRequest', async (request, reply) "
               "=> {\n  if (!request.headers['authorization']) {\n    return reply.code(401).send({ error: 'sign in' })\n"
               "  }\n})\n\napp.post('/api/chat', async (request, reply) => {\n  return {}\n})\n")
    result = run_static(tmp_path / "d", CHECK, {"server.js": fastify})
    assert result.status is Status.PASS, result.evidence
    result = run_static(tmp_path / "e", CHECK, {"server.js": fastify.replace(
        "  if (!request.headers['authorization']) {\n    return reply.code(401).send({ error: 'sign in' })\n  }\n",
        "  request.log.info('hello')\n")})
    assert at(result, Status.FAIL) == ["server.js:8"]


_DJANGO_GATE = '''from django.shortcuts import redirect


class SignedInOnly:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.user.is_authenticated:
            return redirect("/accounts/login/")
        return self.get_response(request)
'''
_DJANGO_TZ = '''from django.utils import timezone


class SignedInOnly:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            timezone.activate(request.user.timezone)
        return self.get_response(request)
'''
_DJANGO_SETTINGS = "MIDDLEWARE = ['django.middleware.common.CommonMiddleware', 'site_app.gates.SignedInOnly']\n"
_DJANGO_ONE_URL = ("from django.urls import path\nfrom . import views\n\nurlpatterns = [\n"
                "    path('conversations/', views.conversations),\n]\n")


def test_a_django_middleware_or_view_mixin_that_refuses_anonymous_callers_authenticates_whatever_its_name(
        tmp_path: Path) -> None:
    views = "def conversations(request):\n    return []\n"
    files = {"site_app/settings.py": _DJANGO_SETTINGS, "site_app/gates.py": _DJANGO_GATE,
             "site_app/urls.py": _DJANGO_ONE_URL, "site_app/views.py": views}
    result = run_static(tmp_path / "a", CHECK, files)
    assert result.status is Status.PASS, result.evidence
    # the same middleware activating the user's time zone reads the user and refuses no one: the route is open
    result = run_static(tmp_path / "b", CHECK, {**files, "site_app/gates.py": _DJANGO_TZ})
    assert at(result, Status.FAIL) == ["site_app/urls.py:5"]
    # a project mixin whose dispatch raises PermissionDenied for anonymous callers guards its views
    mixin = ("from django.core.exceptions import PermissionDenied\nfrom django.views import View\n\n\n"
             "class MembersOnly:\n    def dispatch(self, request, *args, **kwargs):\n"
             "        if not request.user.is_authenticated:\n            raise PermissionDenied\n"
             "        return super().dispatch(request, *args, **kwargs)\n\n\n"
             "class Conversations(MembersOnly, View):\n    def get(self, request):\n        return []\n")
    urls = _DJANGO_ONE_URL.replace("views.conversations", "views.Conversations.as_view()")
    result = run_static(tmp_path / "c", CHECK, {"site_app/urls.py": urls, "site_app/views.py": mixin})
    assert result.status is Status.PASS, result.evidence
    plain = mixin.replace("class Conversations(MembersOnly, View)", "class Conversations(View)")
    result = run_static(tmp_path / "d", CHECK, {"site_app/urls.py": urls, "site_app/views.py": plain})
    assert at(result, Status.FAIL) == ["site_app/urls.py:5"]


def test_a_next_middleware_whose_matcher_excludes_api_or_that_redirects_home_guards_no_api_route(
        tmp_path: Path) -> None:
    """chatbot-ui's shape: the middleware reads the Supabase session and redirects a signed-in visitor from / to
    their workspace — no caller is turned away — and its matcher ``/((?!api|static).*)`` does not run for /api."""
    home = _NEXT_GATE.replace("if (!sid) {\n    return NextResponse.redirect(new URL('/login', request.url))",
                              "if (sid && request.nextUrl.pathname === '/') {\n"
                              "    return NextResponse.redirect(new URL('/workspace', request.url))")
    result = run_static(tmp_path / "a", CHECK, {"middleware.ts": home, _NEXT_CHAT[0]: _NEXT_CHAT[1]})
    assert at(result, Status.FAIL) == ["app/api/chat/route.ts:1"]
    excluded = _NEXT_GATE + "\nexport const config = {\n  matcher: '/((?!api|static|_next).*)'\n}\n"
    result = run_static(tmp_path / "b", CHECK, {"middleware.ts": excluded, _NEXT_CHAT[0]: _NEXT_CHAT[1]})
    assert at(result, Status.FAIL) == ["app/api/chat/route.ts:1"]
    covered = _NEXT_GATE + "\nexport const config = {\n  matcher: ['/((?!static|_next).*)', '/api/:path*']\n}\n"
    result = run_static(tmp_path / "c", CHECK, {"middleware.ts": covered, _NEXT_CHAT[0]: _NEXT_CHAT[1]})
    assert result.status is Status.PASS, result.evidence


_STARLETTE_BACKEND = '''from starlette.applications import Starlette
from starlette.authentication import AuthCredentials, AuthenticationBackend, AuthenticationError, SimpleUser
from starlette.middleware.authentication import AuthenticationMiddleware


class HeaderBackend(AuthenticationBackend):
    async def authenticate(self, conn):
        if "Authorization" not in conn.headers:
            return
        if conn.headers["Authorization"] != TOKEN:
            raise AuthenticationError("bad token")
        return AuthCredentials(["authenticated"]), SimpleUser("me")


app = Starlette()
app.add_middleware(AuthenticationMiddleware, backend=HeaderBackend())


@app.route("/files", methods=["DELETE"])
async def drop(request):
    return []
'''


def test_starlette_authentication_middleware_authenticates_only_when_its_backend_refuses_anonymous_callers(
        tmp_path: Path) -> None:
    """Starlette's own example backend returns None without credentials: anonymous callers reach every route that
    ``@requires`` nothing — its name says "authentication", what it does says "identity"."""
    result = run_static(tmp_path / "a", CHECK, {"app.py": _STARLETTE_BACKEND})
    assert at(result, Status.FAIL) == ["app.py:19"]
    # a backend that raises for a caller without the header turns every anonymous caller away
    strict = _STARLETTE_BACKEND.replace('            return\n', '            raise AuthenticationError("sign in")\n')
    result = run_static(tmp_path / "b", CHECK, {"app.py": strict})
    assert result.status is Status.PASS, result.evidence
    # a backend from a library: undetermined, naming it
    library = _STARLETTE_BACKEND.replace("backend=HeaderBackend()", "backend=OidcBackend()")
    library = library.replace("class HeaderBackend(", "class Unused(").replace("async def authenticate(",
                                                                              "async def resolve(")
    result = run_static(tmp_path / "c", CHECK, {"app.py": library})
    assert at(result, Status.FAIL) == []
    assert messages(result, Status.WARN)[0].startswith(
        "DELETE /files: authentication undetermined — it is behind AuthenticationMiddleware (app.py:16) with the "
        "backend OidcBackend, whose code is not in the project")


_FLASK_DECORATOR = '''from functools import wraps

from flask import Flask, abort, session

app = Flask(__name__)


def members_only(view):
    @wraps(view)
    def wrapper(*args, **kwargs):
        if "uid" not in session:
            abort(401)
        return view(*args, **kwargs)
    return wrapper


@app.route("/documents", methods=["POST"])
@members_only
def upload():
    return {}
'''


def test_a_project_route_decorator_or_next_wrapper_is_judged_by_what_it_does(tmp_path: Path) -> None:
    result = run_static(tmp_path / "a", CHECK, {"app.py": _FLASK_DECORATOR})
    assert result.status is Status.PASS, result.evidence
    # the same decorator timing the view reads no identity and refuses no one: the route is open
    timed = _FLASK_DECORATOR.replace('        if "uid" not in session:\n            abort(401)\n',
                                     "        started = time.perf_counter()\n")
    result = run_static(tmp_path / "b", CHECK, {"app.py": timed})
    assert at(result, Status.FAIL) == ["app.py:16"]
    # a Next route wrapped in a project function that answers 401 without a session
    wrapper = ("import { getIronSession } from 'iron-session'\n\nexport function withMember(handler) {\n"
               "  return async (req: Request) => {\n    const session = await getIronSession(req, OPTIONS)\n"
               "    if (!session.userId) return Response.json({ error: 'sign in' }, { status: 401 })\n"
               "    return handler(req, session)\n  }\n}\n")
    route = ("import { withMember } from '@/lib/members'\n\n"
             "export const POST = withMember(async (req: Request) => Response.json(await req.json()))\n")
    files = {"lib/members.ts": wrapper, "app/api/notes/route.ts": route}
    result = run_static(tmp_path / "c", CHECK, files)
    assert result.status is Status.PASS, result.evidence
    # handing the session to a library with no readable refusal: undetermined, naming the wrapper and its file
    quiet = wrapper.replace("    if (!session.userId) return Response.json({ error: 'sign in' }, { status: 401 })\n",
                            "")
    result = run_static(tmp_path / "d", CHECK, {**files, "lib/members.ts": quiet})
    assert at(result, Status.FAIL) == []
    assert messages(result, Status.WARN)[0].startswith(
        "POST /api/notes: authentication undetermined — it is behind withMember (lib/members.ts:3), which reads "
        "the caller's credential")


def test_a_helper_that_reads_the_session_and_only_answers_500_is_no_session_check(tmp_path: Path) -> None:
    """A project helper is a session check when it reads the session *and* refuses (401/403, a redirect, a
    thrown error); one that reads the session and answers 500 on a database error turns no caller away."""
    route = ("import { loadProfile } from '@/lib/profile'\n\nexport async function POST(req: Request) {\n"
             "  const profile = await loadProfile(req)\n  return Response.json({ profile })\n}\n")
    lenient = ("import { getServerSession } from 'next-auth'\n\nexport async function loadProfile(req: Request) {\n"
               "  const session = await getServerSession()\n  try {\n    return await db.profile(session?.user?.id)\n"
               "  } catch (e) {\n    return Response.json({ error: 'db' }, { status: 500 })\n  }\n}\n")
    result = run_static(tmp_path / "lenient", CHECK, {"app/api/profile/route.ts": route, "lib/profile.ts": lenient})
    assert "POST /api/profile has no auth dependency" in messages(result, Status.FAIL)
    refusing = lenient.replace("  try {", "  if (!session) return new Response(null, { status: 401 })\n  try {")
    result = run_static(tmp_path / "refusing", CHECK, {"app/api/profile/route.ts": route, "lib/profile.ts": refusing})
    assert result.status is Status.PASS, result.evidence


# --- "blocking means sure": a route with no guard fails only when the check is sure -------------------------

_AUTH_MODULE = '''from fastapi import Depends, HTTPException, Request


def current_user(request: Request):
    user = request.state.user
    if user is None:
        raise HTTPException(status_code=403)
    return user


def get_user(role=None):
    return Depends(current_user)
'''
_UPLOADS = '''from fastapi import APIRouter

router = APIRouter()


@router.get("/uploads/{path:path}")
def download(path: str):
    return open(path).read()
'''


def test_a_project_that_authenticates_elsewhere_makes_an_unguarded_route_undetermined_not_a_blocking_fail(
        tmp_path: Path) -> None:
    """The project authenticates (``current_user`` raises 403) but nothing the check reads connects it to
    ``GET /uploads/{path}``: a project decorator, a base class or a middleware may. Undetermined, naming what the
    project authenticates with and the config key that decides it."""
    result = run_static(tmp_path / "a", CHECK, {"app/auth.py": _AUTH_MODULE, "app/uploads.py": _UPLOADS})
    assert at(result, Status.FAIL) == []
    [warn] = [e for e in result.evidence if e.status is Status.WARN]
    assert warn.location == "app/uploads.py:6"
    assert warn.message.startswith("GET /uploads/{path:path}: authentication undetermined — no guard found on it, "
                                   "but the project authenticates with current_user() (app/auth.py:4)")
    assert 'auth-dependencies' in warn.message and "[api] public" in warn.message
    # a project that authenticates no one: the same route is surely open
    result = run_static(tmp_path / "b", CHECK, {"app/uploads.py": _UPLOADS})
    [fail] = [e for e in result.evidence if e.status is Status.FAIL]
    assert (fail.location, fail.message) == ("app/uploads.py:6", "GET /uploads/{path:path} has no auth dependency")
    assert "the project authenticates no one the check can see" in fail.detail


def test_an_auth_library_in_the_manifest_counts_as_authenticating_somewhere(tmp_path: Path) -> None:
    reqs = {"app/uploads.py": _UPLOADS, "requirements.txt": "fastapi\nflask-login==0.6\n",
            "app/login.py": "from flask_login import LoginManager\n"}
    result = run_static(tmp_path, CHECK, reqs)
    assert at(result, Status.FAIL) == []
    assert at(result, Status.WARN) == ["app/uploads.py:6"]
    assert "the auth library flask-login (requirements.txt)" in messages(result, Status.WARN)[0]


def test_a_route_whose_siblings_carry_an_auth_guard_is_a_forgotten_guard_and_fails(tmp_path: Path) -> None:
    uploads = _UPLOADS.replace("from fastapi import APIRouter", "from fastapi import APIRouter, Depends\n"
                               "from app.auth import current_user") + (
        '\n\n@router.get("/uploads")\ndef listing(user=Depends(current_user)):\n    return []\n')
    result = run_static(tmp_path, CHECK, {"app/auth.py": _AUTH_MODULE, "app/uploads.py": uploads})
    [fail] = [e for e in result.evidence if e.status is Status.FAIL]
    assert (fail.location, fail.message) == ("app/uploads.py:7", "GET /uploads/{path:path} has no auth dependency")
    assert "next to it, GET /uploads (current_user, app/uploads.py:12) authenticate" in fail.detail


def test_a_parameter_default_calling_a_project_function_that_returns_depends_is_that_dependency(
        tmp_path: Path) -> None:
    """``_=get_user()`` where ``get_user`` returns ``Depends(current_user)``: the route is behind current_user."""
    guarded = _UPLOADS.replace("from fastapi import APIRouter", "from fastapi import APIRouter\n"
                               "from app.auth import get_user").replace("def download(path: str):",
                                                                         "def download(path: str, _=get_user()):")
    result = run_static(tmp_path / "a", CHECK, {"app/auth.py": _AUTH_MODULE, "app/uploads.py": guarded})
    assert result.status is Status.PASS, result.evidence
    assert result.metrics["central_auth"] == 1
    # a factory that returns something else is no dependency
    other = _AUTH_MODULE.replace("return Depends(current_user)", "return current_user")
    result = run_static(tmp_path / "b", CHECK, {"app/auth.py": other, "app/uploads.py": guarded})
    assert at(result, Status.WARN) == ["app/uploads.py:7"]
    assert result.metrics["central_auth"] == 0


def test_an_oauth_callback_next_to_a_route_is_no_sibling_that_authenticates(tmp_path: Path) -> None:
    """The callback reads the provider's code to sign the caller in: it does not show that the routes next to it
    are meant to be guarded, so a route beside it in a project that authenticates elsewhere is undetermined."""
    oauth = ('from fastapi import APIRouter\n\nrouter = APIRouter()\n\n\n@router.get("/auth/callback/{name}")\n'
             'def callback(name: str, code: str):\n    return auth.authorize_user_from_oauth_code(name, code)\n\n\n'
             '@router.post("/auth/idp/link")\ndef idp_link(code: str):\n    return {"ok": code}\n')
    result = run_static(tmp_path, CHECK, {"app/auth.py": _AUTH_MODULE, "app/oauth.py": oauth})
    assert at(result, Status.FAIL) == []
    assert at(result, Status.WARN) == ["app/oauth.py:11"]
    assert "authentication undetermined" in messages(result, Status.WARN)[0]


def test_an_express_app_wide_guard_in_another_file_does_not_make_an_unguarded_route_sure(tmp_path: Path) -> None:
    """``app.use(auth(...))`` in one file covers routes by registration order across files, which the check
    cannot follow: a route in another file without a guard is undetermined, naming the guard."""
    result = run_static(tmp_path, CHECK, {
        "package.json": '{"dependencies": {"express": "4"}}',
        "src/auth.js": "function requireAuth(req, res, next) {\n  if (!req.headers.authorization) {\n"
                       "    return res.status(401).end()\n  }\n  next()\n}\n"
                       "function install(app) {\n  app.use(requireAuth)\n  app.get('/api/me', (req, res) => res.json({}))\n}\n"
                       "module.exports = { install }\n",
        "src/index.js": "const app = require('express')()\n"
                        "app.post('/api/delete', (req, res) => new DeleteChatRequestHandler(req, res))\n",
    })
    assert at(result, Status.FAIL) == []
    assert at(result, Status.WARN) == ["src/index.js:2"]
    assert "authentication undetermined" in messages(result, Status.WARN)[0]


def test_an_auth_library_declared_but_never_imported_authenticates_no_one(tmp_path: Path) -> None:
    """``pyjwt`` in pyproject.toml with no ``import jwt`` anywhere (a leftover), or ``msal`` pinned by pip-compile
    ``# via azure-identity`` (a dependency's dependency): the project authenticates no one — a sure fail."""
    leftover = {"app/uploads.py": _UPLOADS, "pyproject.toml": '[project]\ndependencies = [\n  "pyjwt~=2.8",\n]\n',
                "tests/test_jwt.py": "import jwt\n"}
    result = run_static(tmp_path / "a", CHECK, leftover)
    [fail] = [e for e in result.evidence if e.status is Status.FAIL]
    assert (fail.location, fail.message) == ("app/uploads.py:6", "GET /uploads/{path:path} has no auth dependency")
    assert "the project authenticates no one the check can see" in fail.detail
    pinned = {"app/uploads.py": _UPLOADS + "\nimport msal\n",
              "requirements.txt": "azure-identity==1.2\n    # via -r requirements.in\nmsal==1.34.0\n    # via\n"
                                  "    #   azure-identity\n    #   msal-extensions\nfastapi==0.1\n"}
    result = run_static(tmp_path / "b", CHECK, pinned)
    assert [(e.location, e.message) for e in result.evidence if e.status is Status.FAIL] == [
        ("app/uploads.py:6", "GET /uploads/{path:path} has no auth dependency")]
    # the same library imported by the project's source, pinned as the project's own requirement: undetermined
    imported = dict(leftover, **{"app/tokens.py": "from jwt import decode\n"})
    result = run_static(tmp_path / "c", CHECK, imported)
    assert at(result, Status.FAIL) == []
    assert "the auth library pyjwt (pyproject.toml)" in messages(result, Status.WARN)[0]
    direct = dict(pinned, **{"requirements.txt": "msal==1.34.0\n    # via -r requirements.in\n"})
    result = run_static(tmp_path / "d", CHECK, direct)
    assert at(result, Status.FAIL) == []
    assert "the auth library msal (requirements.txt)" in messages(result, Status.WARN)[0]


_SUPABASE_REFRESH = '''import { createMiddlewareClient } from '@supabase/auth-helpers-nextjs'
import { NextResponse } from 'next/server'

export async function middleware(req) {
  const res = NextResponse.next()
  const supabase = createMiddlewareClient({ req, res })
  // Refresh session if expired
  await supabase.auth.getSession()
  return res
}
'''


def test_a_next_middleware_that_only_refreshes_the_session_guards_nothing(tmp_path: Path) -> None:
    """``await supabase.auth.getSession()`` as a bare statement, then the untouched ``NextResponse.next()``: the
    read is discarded and no one is refused — no guard, so a route behind it in a project that authenticates no
    one is surely open (not "undetermined — behind middleware.ts")."""
    files = {"middleware.ts": _SUPABASE_REFRESH, _NEXT_CHAT[0]: _NEXT_CHAT[1]}
    result = run_static(tmp_path / "a", CHECK, files)
    assert [(e.location, e.message) for e in result.evidence if e.status is Status.FAIL] == [
        ("app/api/chat/route.ts:1", "POST /api/chat has no auth dependency")]
    # the same read kept and answered with a refusal is a guard
    gate = _SUPABASE_REFRESH.replace(
        "  await supabase.auth.getSession()\n  return res\n",
        "  const { data } = await supabase.auth.getSession()\n"
        "  if (!data.session) return NextResponse.redirect(new URL('/login', req.url))\n  return res\n")
    result = run_static(tmp_path / "b", CHECK, {**files, "middleware.ts": gate})
    assert result.status is Status.PASS, result.evidence
    assert result.metrics["central_auth"] == 1


def test_next_routes_that_sign_in_up_or_out_through_an_auth_sdk_are_public_by_purpose(tmp_path: Path) -> None:
    sign_in = ("import { NextResponse } from 'next/server'\n\nexport async function POST(request) {\n"
               "  const form = await request.formData()\n  const supabase = createRouteHandlerClient({ cookies })\n"
               "  const { error } = await supabase.auth.signInWithPassword({ email: form.get('email'),"
               " password: form.get('password') })\n  return NextResponse.redirect(new URL('/', request.url))\n}\n")
    sign_out = ("export async function POST(request) {\n  const supabase = createRouteHandlerClient({ cookies })\n"
                "  await supabase.auth.signOut()\n  return Response.json({})\n}\n")
    files = {"middleware.ts": _SUPABASE_REFRESH, "app/auth/sign-in/route.ts": sign_in,
             "app/auth/sign-out/route.ts": sign_out, _NEXT_CHAT[0]: _NEXT_CHAT[1]}
    result = run_static(tmp_path, CHECK, files)
    assert [e.location for e in result.evidence if e.status in (Status.FAIL, Status.WARN)] == [
        "app/api/chat/route.ts:1"]
    build_repo(tmp_path / "r", [Commit("init", files)])
    routes = {r.label: r for r in route_inventory(RepoSnapshot(tmp_path / "r"))}
    assert routes["POST /auth/sign-in"].signs_in == "signs its caller in, up or out (auth.signInWithPassword(…))"
    assert routes["POST /auth/sign-out"].signs_in == "signs its caller in, up or out (auth.signOut(…))"
    assert routes["POST /api/chat"].signs_in == ""


_DRF_AUTH = ("from rest_framework.authentication import TokenAuthentication\n"
             "from rest_framework.exceptions import AuthenticationFailed\n\n\n"
             "class TokenAuth(TokenAuthentication):\n    keyword = 'Bearer'\n\n"
             "    def authenticate(self, request):\n        auth = request.META.get('HTTP_AUTHORIZATION')\n"
             "        if auth is None:\n            raise AuthenticationFailed('Not logged in')\n"
             "        return lookup(auth[7:]), None\n\n\n"
             "class Anonymous(TokenAuthentication):\n    def authenticate(self, request):\n        return None, None\n")
_DRF_VIEWS = ("from rest_framework.decorators import api_view, permission_classes\n"
              "from rest_framework.permissions import AllowAny, IsAuthenticated, IsAuthenticatedOrReadOnly\n"
              "from rest_framework.views import APIView\nfrom common.auth import TokenAuth\n\n\n"
              "class ApplicationAPI(APIView):\n    authentication_classes = [TokenAuth]\n\n"
              "    def post(self, request, workspace_id):\n        return create(request.data)\n\n"
              "    class Export(APIView):\n        authentication_classes = [TokenAuth]\n\n"
              "        def get(self, request, workspace_id):\n            return export(workspace_id)\n\n\n"
              "class ModelApply(APIView):\n    class EmbedDocuments(APIView):\n"
              "        def post(self, request, model_id):\n            return embed(model_id, request.data)\n\n\n"
              "class Banner(APIView):\n    permission_classes = [AllowAny]\n\n"
              "    def get(self, request):\n        return banner()\n\n\n"
              "class Notes(APIView):\n    permission_classes = [IsAuthenticatedOrReadOnly]\n\n"
              "    def post(self, request):\n        return save(request.data)\n\n\n"
              "@api_view(['GET'])\n@permission_classes([IsAuthenticated])\ndef history(request):\n    return rows()\n")
_DRF_URLS = ("from django.urls import path\nfrom . import views\n\nurlpatterns = [\n"
             "    path('workspace/<str:workspace_id>/application', views.ApplicationAPI.as_view()),\n"
             "    path('workspace/<str:workspace_id>/application/export', views.ApplicationAPI.Export.as_view()),\n"
             "    path('model/<str:model_id>/embed_documents', views.ModelApply.EmbedDocuments.as_view()),\n"
             "    path('banner', views.Banner.as_view()),\n    path('notes', views.Notes.as_view()),\n"
             "    path('history', views.history),\n]\n")


def test_drf_views_are_judged_by_the_authentication_and_permission_classes_drf_runs(tmp_path: Path) -> None:
    """DRF runs a view's ``authentication_classes`` and ``permission_classes`` (nested view classes included)
    before its handlers: a project authentication class that raises without a credential authenticates; a
    view without one, next to views with one, is a forgotten guard; ``AllowAny`` on the view declares it public;
    ``IsAuthenticatedOrReadOnly`` admits anonymous reads, so it is undetermined; an ``@api_view`` function takes
    its ``@permission_classes``. Each view answers the methods it defines."""
    files = {"common/auth.py": _DRF_AUTH, "app/views.py": _DRF_VIEWS, "app/urls.py": _DRF_URLS}
    result = run_static(tmp_path / "a", CHECK, files)
    routes = {(r.method, r.path): r for r in route_inventory(RepoSnapshot(tmp_path / "a" / "repo"))}
    export = routes["GET", "/workspace/<str:workspace_id>/application/export"]
    assert [(g.name.split(" (")[0], g.where) for g in export.auth_guards()] == [
        ("authentication_classes TokenAuth", "app/views.py:14")]
    assert routes["ANY", "/history"].auth_guards()[0].name == "permission_classes IsAuthenticated"
    assert at(result, Status.FAIL) == ["app/urls.py:7"]  # POST /model/…/embed_documents: no class of its own
    assert "POST /model/<str:model_id>/embed_documents has no auth dependency" in messages(result, Status.FAIL)[0]
    assert routes["GET", "/banner"].public_marker == "DRF permission_classes AllowAny (app/views.py:27)"
    notes = [e for e in result.evidence if e.location == "app/urls.py:9"]
    assert [e.status for e in notes] == [Status.WARN]
    assert "IsAuthenticatedOrReadOnly (admits anonymous reads)" in notes[0].message
    # an authentication class that lets anonymous callers through authenticates no one
    anonymous = {**files, "app/views.py": _DRF_VIEWS.replace("[TokenAuth]", "[Anonymous]").replace(
        "import TokenAuth", "import Anonymous")}
    result = run_static(tmp_path / "b", CHECK, anonymous)
    assert "app/urls.py:5" in at(result, Status.FAIL)


_NO_AUTH_APP = ("from fastapi import FastAPI, Request\n\napp = FastAPI()\n\n\n"
                "@app.delete('/bot/{bot_id}')\ndef delete_bot(bot_id: str):\n    return remove(bot_id)\n")


def test_an_api_gateway_authorizer_in_the_infrastructure_code_authenticates_what_it_covers(tmp_path: Path) -> None:
    """A route the code leaves open, in a project that authenticates no one, fails — unless the deployment puts a
    sign-in in front of the app: a CDK ``HttpUserPoolAuthorizer`` on the catch-all ``/{proxy+}`` covers every
    route (central auth, named in the summary); one on other paths leaves the route undetermined, naming it."""
    result = run_static(tmp_path / "a", CHECK, {"backend/main.py": _NO_AUTH_APP})
    assert at(result, Status.FAIL) == ["backend/main.py:6"]
    cdk = ("import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';\n\n"
           "const authorizer = new HttpUserPoolAuthorizer('Authorizer', userPool, { userPoolClients: [client] });\n"
           "api.addRoutes({ path: '/{proxy+}', integration, authorizer });\n")
    result = run_static(tmp_path / "b", CHECK, {"backend/main.py": _NO_AUTH_APP, "cdk/lib/constructs/api.ts": cdk})
    assert result.status is Status.PASS, result.evidence
    assert "an API Gateway authorizer on every path (cdk/lib/constructs/api.ts:3)" in result.summary
    partial = cdk.replace("/{proxy+}", "/bots")
    result = run_static(tmp_path / "c", CHECK, {"backend/main.py": _NO_AUTH_APP, "cdk/lib/constructs/api.ts": partial})
    assert at(result, Status.FAIL) == []
    assert at(result, Status.WARN) == ["backend/main.py:6"]
    assert "puts an API Gateway authorizer in front of the application (cdk/lib/constructs/api.ts:3)" in \
        messages(result, Status.WARN)[0]
    # App Service authentication covers the whole app — but deployed only when a parameter is given, it may be off
    bicep = ("resource configAuth 'config' = {\n  name: 'authsettingsV2'\n  properties: {\n"
             "    globalValidation: {\n      requireAuthentication: true\n"
             "      unauthenticatedClientAction: 'RedirectToLoginPage'\n    }\n  }\n}\n")
    result = run_static(tmp_path / "d", CHECK, {"backend/main.py": _NO_AUTH_APP, "infra/appservice.bicep": bicep})
    assert result.status is Status.PASS, result.evidence
    gated = bicep.replace("'config' = {", "'config' = if (!(empty(authClientId))) {")
    result = run_static(tmp_path / "e", CHECK, {"backend/main.py": _NO_AUTH_APP, "infra/appservice.bicep": gated})
    assert at(result, Status.WARN) == ["backend/main.py:6"]
    assert "App Service authentication (anonymous callers are refused) in front of the application " \
           "(infra/appservice.bicep:6)" in messages(result, Status.WARN)[0]


def test_a_getter_of_keys_named_like_a_credential_is_no_check_by_hand(tmp_path: Path) -> None:
    """``get_api_keys_from_cookie(…)`` hands the handler the caller's own provider keys and turns no one away:
    its name is no auth check, so the route is judged as unguarded (a refusing helper is still read as one)."""
    source = ("from fastapi import FastAPI, Request\n\napp = FastAPI()\n\n\n"
              "@app.post('/api/chat')\ndef chat(request: Request):\n"
              "    keys = get_api_keys_from_cookie(request.headers.get('cookie'))\n    return complete(keys)\n")
    result = run_static(tmp_path / "a", CHECK, {"main.py": source})
    assert at(result, Status.FAIL) == ["main.py:6"]
    assert "checks auth by hand" not in " ".join(e.message for e in result.evidence)
