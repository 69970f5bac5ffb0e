from __future__ import annotations

from pathlib import Path

import pytest

from launchready.checks.repo.route_auth import CHECK
from launchready.engines.routes import route_inventory
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
    the caller's own data and refuses nobody is not auth by hand. One that refuses by hand still is."""
    files = {"package.json": '{"devDependencies": {"@sveltejs/kit": "^2"}}', "src/hooks.server.ts": _SVELTE_HOOK_SETS_USER,
             "src/routes/api/user/+server.ts": _SVELTE_OWN_USER,
             **{f"src/routes/api/export{i}/+server.ts": _SVELTE_REFUSING for i in range(3)}}
    result = run_static(tmp_path / "a", CHECK, files)
    assert at(result, Status.WARN) == [f"src/routes/api/export{i}/+server.ts:3" for i in range(3)]
    assert "src/routes/api/user/+server.ts:3" not in [e.location for e in result.evidence]
    assert result.metrics["central_auth"] == 1
    route = next(r for r in route_inventory(RepoSnapshot(tmp_path / "a" / "repo")) if r.path == "/api/user")
    assert [(g.name, g.where) for g in route.guards if g.identifies] == [
        ("hooks.server sets locals.user", "src/hooks.server.ts:6")]
    # an identity the handler only logs decides nothing: a listing of every user stays a finding
    files["src/routes/api/users/+server.ts"] = (
        "import { json } from '@sveltejs/kit';\n\nexport const GET = async ({ locals }) => {\n"
        "  console.info('export by', locals.user?.id);\n  return json(await db.users.find().toArray());\n};\n")
    result = run_static(tmp_path / "c", CHECK, files)
    assert "src/routes/api/users/+server.ts:3" in [e.location for e in result.evidence]
    assert result.metrics["central_auth"] == 1
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
