"""repo.route-auth on Express middleware that is named like authentication but turns no caller away (passport's
``initialize()``/``session()``, a mounted router called ``authRouter``), and on paths the project's own code lists
as needing no sign-in (``WHITELIST_URLS``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from launchready.checks.repo.route_auth import CHECK
from launchready.model import Status
from tests.checks.repo.static_helpers import at, messages, run_static

_GUARD = '''export function requireAuth(req, res, next) {
  const token = req.headers.authorization
  if (!token) return res.status(401).json({ error: 'unauthorized' })
  req.user = jwt.verify(token.replace('Bearer ', ''), process.env.JWT_SECRET)
  next()
}
'''
_SERVER = '''import express from 'express'
import session from 'express-session'
import passport from 'passport'
import jwt from 'jsonwebtoken'
import { requireAuth } from './auth'
import authRouter from './routes/auth'
import { db } from './db'

const app = express()
app.use(express.json())
app.use(session({ secret: process.env.SESSION_SECRET, resave: false, saveUninitialized: false }))
app.use(passport.initialize())
app.use(passport.session())
app.use(authRouter)

app.get('/api/profile', requireAuth, async (req, res) => {
  res.json(await db.users.find(req.user.id))
})

app.post('/api/notes', async (req, res) => {
  res.json(await db.notes.insert(req.body))
})

app.post('/api/v1/auth/resolve', async (req, res) => {
  res.json({ redirectUrl: (await db.orgs.count()) === 0 ? '/setup' : '/signin' })
})

app.post('/api/v1/prediction/:id', async (req, res) => {
  res.json(await db.flows.run(req.params.id, req.body))
})

app.listen(3000)
'''
_ROUTER = '''import { Router } from 'express'
const router = Router()
router.get('/auth/providers', (req, res) => res.json(['github']))
export default router
'''
_CONSTANTS = '''export const WHITELIST_URLS = [
    '/api/v1/auth/resolve',
    '/api/v1/prediction/',
]
export const ROUTES = ['/api/notes']
'''


def _line(snippet: str) -> str:
    return f"src/server.js:{_SERVER[:_SERVER.index(snippet)].count(chr(10)) + 1}"


NOTES, PROFILE = _line("app.post('/api/notes'"), _line("app.get('/api/profile'")
RESOLVE, PREDICTION = _line("app.post('/api/v1/auth/resolve'"), _line("app.post('/api/v1/prediction/:id'")


def _files(**extra: str) -> dict[str, str]:
    return {"src/server.js": _SERVER, "src/auth.js": _GUARD, "src/routes/auth.js": _ROUTER, **extra}


def test_passport_setup_and_a_mounted_auth_router_guard_no_route(tmp_path: Path) -> None:
    result = run_static(tmp_path, CHECK, _files())
    fails = at(result, Status.FAIL)
    # POST /api/notes writes data; passport.initialize(), passport.session() and app.use(authRouter) stand in
    # front of it by name only, and its sibling GET /api/profile authenticates with requireAuth
    assert NOTES in fails, result.evidence
    notes = next(e for e in result.evidence if e.location == NOTES)
    assert notes.message.startswith("POST /api/notes has no auth dependency"), notes.message
    assert "GET /api/profile" in notes.detail, notes.detail
    assert PROFILE not in fails + at(result, Status.WARN)  # the guarded route


def test_a_path_in_the_projects_own_public_list_is_declared_public_and_named(tmp_path: Path) -> None:
    without = run_static(tmp_path / "a", CHECK, _files())
    assert RESOLVE in at(without, Status.FAIL), without.evidence  # /api/v1/auth/resolve, no list yet
    result = run_static(tmp_path / "b", CHECK, _files(**{"src/utils/constants.js": _CONSTANTS}))
    flagged = at(result, Status.FAIL) + at(result, Status.WARN)
    assert RESOLVE not in flagged, result.evidence
    assert "WHITELIST_URLS (src/utils/constants.js:1): POST /api/v1/auth/resolve" in result.summary, result.summary
    # a listed prefix declares that one path, never what lies under it
    assert PREDICTION in flagged, result.evidence
    # a list whose name says nothing about sign-in declares nothing
    assert any(m.startswith("POST /api/notes has no auth dependency") for m in messages(result, Status.FAIL))


_USERS = '''from fastapi import APIRouter, Body, Depends, HTTPException
from fastapi.security import OAuth2PasswordRequestForm

from .auth import auth_service, require_user

router = APIRouter()


@router.get("/users/me")
async def me(user=Depends(require_user)):
    return user


@router.post("/users/login")
async def login(form_data: OAuth2PasswordRequestForm = Depends()):
    return await auth_service.login(form_data.username, form_data.password)


@router.post("/users/refresh-token")
async def refresh_token(refresh_token: str = Body(...)):
    return await auth_service.refresh_access_token(refresh_token)


@router.get("/users/oauth/github/authorize")
async def github_authorize():
    return {"redirect_url": auth_service.github_url()}


@router.post("/admin/users/register")
async def create_user(email: str = Body(...), role: str = Body(...)):
    return await auth_service.create(email, role)
'''
_REQUIRE_USER = '''from fastapi import Header, HTTPException


async def require_user(authorization: str = Header(...)):
    user = await auth_service.user_for(authorization)
    if user is None:
        raise HTTPException(status_code=401)
    return user
'''


def test_a_sign_in_step_named_by_its_path_and_its_handler_is_public_and_a_path_alone_is_not(tmp_path: Path) -> None:
    result = run_static(tmp_path, CHECK, {"app/users.py": _USERS, "app/auth.py": _REQUIRE_USER})
    flagged = at(result, Status.FAIL) + at(result, Status.WARN)
    for path in ("/users/login", "/users/refresh-token", "/users/oauth/github/authorize"):
        assert not any(path + " " in m for m in messages(result, Status.FAIL) + messages(result, Status.WARN)), path
    # an administrator's "register" endpoint whose handler creates users is no sign-in step
    line = _USERS[:_USERS.index('@router.post("/admin/users/register")')].count("\n") + 1
    assert f"app/users.py:{line}" in flagged, result.evidence
    assert result.metrics["public"] == 3, result.metrics


_API_UTILS = '''import jwt
from decouple import config
from fastapi import HTTPException, Security
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

security = HTTPBearer()


def decode_jwt(token: str):
    return jwt.decode(token, config("JWT_SECRET"), algorithms=["HS256"])


async def get_current_api_user(authorization: HTTPAuthorizationCredentials = Security(security)):
    decoded = decode_jwt(authorization.credentials)
    api_user = await prisma.apiuser.find_unique(where={"id": decoded.get("api_user_id")})
    if not api_user:
        raise HTTPException(status_code=401, detail="Invalid token or expired token")
    return api_user
'''
_AGENTS = '''from fastapi import APIRouter, Depends

from app.utils.api import get_current_api_user

router = APIRouter()


def get_display_api_key(key: str):
    return f"{key[:3]}****{key[-4:]}"


@router.post("/agents")
async def create(body: dict, api_user=Depends(get_current_api_user)):
    return await prisma.agent.create({**body, "apiUserId": api_user.id})


@router.get("/agents/config/schema")
async def get_schema():
    return AgentConfigModel.schema()


@router.get("/agents/config/example")
async def get_example(kind: str):
    return AgentConfigModel.example(kind)
'''


def test_a_dependency_handed_the_bearer_credential_by_security_authenticates_whatever_its_name(
        tmp_path: Path) -> None:
    result = run_static(tmp_path, CHECK, {"app/utils/api.py": _API_UTILS, "app/api/agents.py": _AGENTS})
    flagged = at(result, Status.FAIL) + at(result, Status.WARN)
    create = _AGENTS[:_AGENTS.index('@router.post("/agents")')].count("\n") + 1
    assert f"app/api/agents.py:{create}" not in flagged, result.evidence
    assert not any("get_display_api_key" in e.message + e.detail for e in result.evidence), result.evidence
    # a model's JSON schema, from a handler taking nothing, is the same for every caller; a handler that takes
    # an argument and calls something else on the model is still judged
    schema = _AGENTS[:_AGENTS.index('@router.get("/agents/config/schema")')].count("\n") + 1
    example = _AGENTS[:_AGENTS.index('@router.get("/agents/config/example")')].count("\n") + 1
    assert f"app/api/agents.py:{schema}" not in flagged, result.evidence
    assert f"app/api/agents.py:{example}" in flagged, result.evidence
    assert result.metrics["central_auth"] == 1 and result.metrics.get("constant_answer") == 1, result.metrics


_FLASK_APP = '''from flask import Flask, jsonify, request

from backend.auth.auth_utils import get_authenticated_user_details

app = Flask(__name__)


@app.before_request
def set_span_attributes():
    """Attach the user id to the current tracing span."""
    if request.method == "POST" and request.is_json:
        user = get_authenticated_user_details(request_headers=request.headers)
        span.set_attribute("user_id", user.get("user_principal_id", ""))


@app.route("/api/conversation", methods=["POST"])
def conversation():
    return jsonify(orchestrator.handle(request.json["messages"]))


@app.route("/api/history/list", methods=["GET"])
def list_conversations():
    try:
        user = get_authenticated_user_details(request_headers=request.headers)
        return jsonify(db.conversations(user["user_principal_id"]))
    except Exception:
        logger.exception("listing failed")
        raise
'''
_AUTH_UTILS = '''def get_authenticated_user_details(request_headers):
    if "X-Ms-Client-Principal-Id" not in request_headers:
        return sample_user()
    return {"user_principal_id": request_headers["X-Ms-Client-Principal-Id"]}
'''


def test_a_before_request_hook_is_no_guard_because_it_calls_an_auth_named_helper(tmp_path: Path) -> None:
    result = run_static(tmp_path, CHECK, {"backend/app.py": _FLASK_APP, "backend/auth/auth_utils.py": _AUTH_UTILS})
    line = _FLASK_APP[:_FLASK_APP.index('@app.route("/api/conversation"')].count("\n") + 1
    assert f"backend/app.py:{line}" in at(result, Status.FAIL) + at(result, Status.WARN), result.evidence
    assert result.metrics["central_auth"] == 0, result.metrics
    # the helper reads who calls and falls back to a sample user; a bare re-raise of a failed call refuses no one
    history = _FLASK_APP[:_FLASK_APP.index('@app.route("/api/history/list"')].count("\n") + 1
    told = next(e for e in result.evidence if e.location == f"backend/app.py:{history}")
    assert told.message.startswith("GET /api/history/list reads who calls (get_authenticated_user_details) but "
                                   "neither the handler nor get_authenticated_user_details turns a caller away"), told
    conversation = next(e for e in result.evidence if e.location == f"backend/app.py:{line}")
    assert "authenticates with get_authenticated_user_details in GET /api/history/list (read: it tells who calls " \
           "and turns no one away" in conversation.message, conversation.message


_TEAMS = '''const restify = require("restify");
const { CloudAdapter, ConfigurationBotFrameworkAuthentication } = require("botbuilder");

const auth = new ConfigurationBotFrameworkAuthentication(process.env);
const adapter = new CloudAdapter(auth);
const server = restify.createServer();
server.use(restify.plugins.bodyParser());

server.post("/api/messages", async (req, res) => {
  await adapter.process(req, res, (context) => bot.run(context));
});

server.post("/api/notify", async (req, res) => {
  await notifier.send(req.body);
  res.send(200);
});

server.listen(3978);
'''


def test_the_bot_framework_adapter_verifies_the_channel_token_and_a_restify_body_parser_decides_nothing(
        tmp_path: Path) -> None:
    result = run_static(tmp_path, CHECK, {"teams/index.js": _TEAMS})
    flagged = at(result, Status.FAIL) + at(result, Status.WARN)
    messages_line = _TEAMS[:_TEAMS.index('server.post("/api/messages"')].count("\n") + 1
    notify_line = _TEAMS[:_TEAMS.index('server.post("/api/notify"')].count("\n") + 1
    assert f"teams/index.js:{messages_line}" not in flagged, result.evidence
    notify = next(e for e in result.evidence if e.location == f"teams/index.js:{notify_line}")
    assert "bodyParser" not in notify.message, notify.message  # a body parser is never what decides


_ONBOARD = '''import { cookies } from "next/headers"
import { NextResponse } from "next/server"
import { createRouteHandlerClient } from "@supabase/auth-helpers-nextjs"

export const POST = async (req) => {
  const supabase = createRouteHandlerClient({ cookies })
  const body = await req.json()
  const {
    data: { user },
  } = await supabase.auth.getUser()
  if (!user?.email) {
    return NextResponse.json({ error: { message: "User email is missing!" } }, { status: 400 })
  }
  await supabase.from("profiles").update({ company: body.company }).eq("user_id", user.id)
  return NextResponse.json({ ok: true })
}
'''
_OPEN = _ONBOARD.replace("if (!user?.email)", "if (body.company === undefined)")


def test_a_next_handler_that_reads_the_session_and_answers_an_error_without_a_user_checks_auth_by_hand(
        tmp_path: Path) -> None:
    result = run_static(tmp_path / "a", CHECK, {"app/api/onboard/route.ts": _ONBOARD})
    assert at(result, Status.FAIL) + at(result, Status.WARN) == [], result.evidence
    assert result.metrics["hand_auth"] == 1, result.metrics
    # the same handler testing something else than the session it read turns no one away
    result = run_static(tmp_path / "b", CHECK, {"app/api/onboard/route.ts": _OPEN})
    assert "app/api/onboard/route.ts:5" in at(result, Status.FAIL) + at(result, Status.WARN), result.evidence


_MAIN = '''from fastapi import FastAPI

from app.routers import router

app = FastAPI()
app.include_router(router)
'''
_ROUTERS = '''from fastapi import APIRouter

from app.api import agents

router = APIRouter()
router.include_router(agents.router, prefix="/api/v1")
'''
_AGENTS_OPEN = '''from fastapi import APIRouter

router = APIRouter()


@router.post("/agents")
async def create(body: dict):
    return await db.agents.create(body)
'''


def test_an_included_router_imported_by_name_is_the_imported_modules_and_keeps_the_prefix(tmp_path: Path) -> None:
    result = run_static(tmp_path, CHECK, {"app/main.py": _MAIN, "app/routers.py": _ROUTERS,
                                          "app/api/agents.py": _AGENTS_OPEN})
    assert any(m.startswith("POST /api/v1/agents has no auth dependency")
               for m in messages(result, Status.FAIL)), result.evidence


_CLERK_V4 = '''import { authMiddleware } from "@clerk/nextjs";

// every page and API route needs a signed-in user, except these
export default authMiddleware({
  publicRoutes: ["/", "/api/webhooks/:provider", "/api/share(.*)"],
});

export const config = {
  matcher: ["/((?!.*\\\\..*|_next).*)", "/", "/(api|trpc)(.*)"],
};
'''
_CLERK_V5 = '''import { clerkMiddleware, createRouteMatcher } from "@clerk/nextjs/server";

const isPublicRoute = createRouteMatcher(["/sign-in(.*)", "/api/share(.*)"]);

export default clerkMiddleware((auth, request) => {
  if (!isPublicRoute(request)) {
    auth().protect();
  }
});

export const config = { matcher: ["/((?!_next|.*\\\\..*).*)", "/(api|trpc)(.*)"] };
'''
_HANDLER = "export async function POST(req: Request) {\n  return Response.json(await db.save(await req.json()));\n}\n"


@pytest.mark.parametrize("middleware", [_CLERK_V4, _CLERK_V5], ids=["authMiddleware", "clerkMiddleware"])
def test_routes_a_clerk_middleware_lists_as_public_are_declared_public_by_it_and_named(
        tmp_path: Path, middleware: str) -> None:
    files = {"package.json": '{"dependencies": {"next": "14", "@clerk/nextjs": "4"}}',
             "src/middleware.ts": middleware,
             "src/app/api/share/stats/route.ts": _HANDLER,
             "src/app/api/notes/route.ts": _HANDLER}
    result = run_static(tmp_path, CHECK, files)
    assert result.status is Status.PASS, result.evidence
    assert result.metrics["central_auth"] == 1 and result.metrics["public"] == 1, result.metrics
    line = 5 if middleware is _CLERK_V4 else 3
    assert f"by the middleware's public routes (src/middleware.ts:{line}) ('/api/share(.*)'): " \
           "POST /api/share/stats" in result.summary, result.summary


_AUTH_UTILS_TS = '''import { headers } from "next/headers";
import { auth } from "@/lib/auth";

export const getSession = async () => auth.api.getSession({ headers: await headers() });

export const getComprehensiveUserData = cache(async (): Promise<UserData | null> => {
  const session = await auth.api.getSession({ headers: await headers() });
  if (!session?.user?.id) {
    return null;
  }
  return { ...(await db.users.find(session.user.id)), isProUser: true };
});

export async function getCurrentUser() {
  "use server";
  return await getComprehensiveUserData();
}

export async function getUserStats() {
  return db.stats.latest();
}
'''
_MCP_ROUTE = '''import { getCurrentUser, getUserStats } from "@/lib/auth-utils";

export async function POST(request: Request) {
  const user = await getCurrentUser();
  if (!user) return new ChatSDKError("unauthorized:auth").toResponse();
  return Response.json(await db.servers.save(user.id, await request.json()));
}
'''
_PRO_ROUTE = '''import { getCurrentUser } from "@/lib/auth-utils";

function assertProUser(user: Awaited<ReturnType<typeof getCurrentUser>>) {
  if (!user) throw new ChatSDKError("unauthorized:auth", "Authentication required");
  if (!user.isProUser) throw new ChatSDKError("upgrade_required:auth", "Pro subscription required");
  return user;
}

export async function DELETE(request: Request) {
  const user = assertProUser(await getCurrentUser());
  return Response.json(await db.servers.remove(user.id));
}
'''
_STATS_ROUTE = '''import { getUserStats } from "@/lib/auth-utils";

export async function POST(request: Request) {
  const stats = await getUserStats();
  if (!stats) return Response.json({ error: "no stats" }, { status: 404 });
  return Response.json(await db.stats.save(await request.json()));
}
'''


def test_a_next_handler_reading_the_session_through_project_helpers_checks_auth_by_hand(tmp_path: Path) -> None:
    """``getCurrentUser()`` → ``getComprehensiveUserData()`` → ``auth.api.getSession``, answering nothing without a
    session; the handler refuses when it gets nothing, or hands it to ``assertProUser`` that throws without it."""
    files = {"package.json": '{"dependencies": {"next": "15"}}', "lib/auth-utils.ts": _AUTH_UTILS_TS,
             "app/api/mcp/route.ts": _MCP_ROUTE, "app/api/pro/route.ts": _PRO_ROUTE,
             "app/api/stats/route.ts": _STATS_ROUTE}
    result = run_static(tmp_path, CHECK, files)
    assert not any(loc.startswith(("app/api/mcp/", "app/api/pro/")) for loc in at(result, Status.FAIL)), \
        result.evidence
    assert result.metrics["hand_auth"] == 2, result.metrics
    # a project function that reads no session answers nothing about who calls: the route is judged, and fails
    assert "app/api/stats/route.ts:3" in at(result, Status.FAIL), result.evidence
