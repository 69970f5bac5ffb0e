"""route-auth on how an app is put together: Express mounts followed through imports, module members and nested
routers, app-level middleware judged by its definition and applied by registration order, credentials sent
outward, project helpers named like auth that read no credential, Next app routes in nested packages, and the
forgotten guard of an administration prefix."""

from __future__ import annotations

from pathlib import Path

from launchready.checks.repo.route_auth import CHECK
from launchready.engines.routes import Route, route_inventory
from launchready.lab.gitrepo import Commit, build_repo
from launchready.model import Status
from launchready.targets.repo import RepoSnapshot
from tests.checks.repo.static_helpers import at, messages, run_static

_USERS = """function requireLoginMiddleware(request, response, next) {
    if (!request.user) {
        return response.sendStatus(403);
    }
    return next();
}

module.exports = { requireLoginMiddleware };
"""
_PUBLIC = """const express = require('express');
const router = express.Router();

router.post('/export', async (request, response) => {
    return response.send(await exportEverything(request.body.handle));
});

module.exports = { router };
"""
_SD = """const express = require('express');
const router = express.Router();

router.post('/ping', async (request, response) => response.sendStatus(200));

const comfy = express.Router();
comfy.post('/ping', async (request, response) => response.sendStatus(200));

router.use('/comfy', comfy);

module.exports = { router };
"""
_SETTINGS = """const express = require('express');
const router = express.Router();
router.post('/save', (request, response) => response.send(saveSettings(request.body)));
module.exports = { router };
"""
_SERVER = """const express = require('express');
const userModule = require('./src/users');
const app = express();
app.use(express.json());
app.use('/api/users', require('./src/endpoints/users-public').router);
app.use(userModule.requireLoginMiddleware);
app.use('/api/sd', require('./src/endpoints/sd').router);
const settingsEndpoint = require('./src/endpoints/settings');
app.use('/api/settings', settingsEndpoint.router);
app.listen(8000);
"""
_APP = {"package.json": '{"dependencies": {"express": "4"}}', "server.js": _SERVER, "src/users.js": _USERS,
        "src/endpoints/users-public.js": _PUBLIC, "src/endpoints/sd.js": _SD, "src/endpoints/settings.js": _SETTINGS}


def _inventory(tmp: Path, files: dict[str, str]) -> dict[str, Route]:
    build_repo(tmp / "r", [Commit("init", files)])
    return {f"{r.label} {r.location}": r for r in route_inventory(RepoSnapshot(tmp / "r"))}


def test_an_app_level_guard_from_another_module_covers_only_the_routers_mounted_after_it(tmp_path: Path) -> None:
    """``app.use(userModule.requireLoginMiddleware)`` is followed to its definition (it refuses a request without
    ``request.user``): the routers mounted after it are behind it, the one mounted before it is not."""
    routes = _inventory(tmp_path, _APP)
    covered = routes["POST /api/settings/save src/endpoints/settings.js:3"]
    [guard] = [g for g in covered.guards if g.authenticates]
    assert (guard.name, guard.where, guard.scope) == ("userModule.requireLoginMiddleware", "server.js:6", "app")
    before = routes["POST /api/users/export src/endpoints/users-public.js:4"]
    assert not [g for g in before.guards if g.authenticates]
    result = run_static(tmp_path / "scan", CHECK, _APP)
    assert at(result, Status.FAIL) == []
    assert at(result, Status.WARN) == ["src/endpoints/users-public.js:4"]
    [warn] = messages(result, Status.WARN)
    assert warn.startswith("POST /api/users/export: authentication undetermined — no guard found on it, but the "
                           "project authenticates with the guard userModule.requireLoginMiddleware (server.js:6)")
    assert "what decides" in warn and "if that covers" not in warn  # no guard named as the fix


def test_nested_and_member_mounted_routers_keep_every_prefix_once(tmp_path: Path) -> None:
    routes = _inventory(tmp_path, _APP)
    assert sorted(k for k in routes if "/sd/" in k or "/settings/" in k) == [
        "POST /api/sd/comfy/ping src/endpoints/sd.js:7",
        "POST /api/sd/ping src/endpoints/sd.js:4",
        "POST /api/settings/save src/endpoints/settings.js:3",
    ]


def test_a_prefix_that_is_no_literal_is_said_not_guessed(tmp_path: Path) -> None:
    files = {"package.json": '{"dependencies": {"express": "4"}}',
             "server.js": "const express = require('express');\nconst { API_BASE } = require('./config');\n"
                          "const app = express();\napp.use(API_BASE, require('./routes').router);\n",
             "config.js": "module.exports = { API_BASE: process.env.API_BASE };\n",
             "routes.js": "const router = require('express').Router();\n"
                          "router.get('/chats', (req, res) => res.json(listChats()));\nmodule.exports = { router };\n"}
    assert list(_inventory(tmp_path, files)) == ["GET /<prefix API_BASE>/chats routes.js:2"]


def _mounted(middleware: str, declare: str) -> dict[str, str]:
    return {"package.json": '{"dependencies": {"express": "4"}}',
            "server.js": f"const express = require('express');\n{declare}\nconst app = express();\n"
                         f"app.use({middleware});\napp.use('/api', require('./routes').router);\n",
            "routes.js": "const router = require('express').Router();\n"
                         "router.delete('/chats/:id', (req, res) => res.json(deleteChat(req.params.id)));\n"
                         "module.exports = { router };\n"}


def test_app_level_middleware_from_an_unknown_package_makes_the_routes_after_it_undetermined(tmp_path: Path) -> None:
    result = run_static(tmp_path / "a", CHECK, _mounted("gate()", "const gate = require('corp-gateway');"))
    assert at(result, Status.FAIL) == []
    assert at(result, Status.WARN) == ["routes.js:2"]
    assert messages(result, Status.WARN) == [
        "DELETE /api/chats/:id: authentication undetermined — it is behind gate (server.js:4), middleware from the "
        "package corp-gateway, whose code is not read; if that authenticates, name it in "
        '[checks."repo.route-auth"] auth-dependencies, or declare the route in [api] public']
    # a package known to authenticate no one (helmet) leaves the route surely open in a project without auth
    result = run_static(tmp_path / "b", CHECK, _mounted("helmet()", "const helmet = require('helmet');"))
    assert [(e.location, e.message) for e in result.evidence if e.status is Status.FAIL] == [
        ("routes.js:2", "DELETE /api/chats/:id has no auth dependency")]


def test_an_auth_middleware_registered_under_a_condition_is_undetermined(tmp_path: Path) -> None:
    declare = ("function basicAuth(req, res, next) {\n  if (req.headers.authorization !== expected()) "
               "return res.status(401).end();\n  next();\n}")
    files = _mounted("basicAuth", declare)
    files["server.js"] = files["server.js"].replace("app.use(basicAuth);", "if (listen && basicAuthMode) "
                                                                           "app.use(basicAuth);")
    result = run_static(tmp_path / "a", CHECK, files)
    assert at(result, Status.WARN) == ["routes.js:2"]
    assert "basicAuth (server.js:7), registered only when `listen && basicAuthMode`" in messages(
        result, Status.WARN)[0]
    result = run_static(tmp_path / "b", CHECK, _mounted("basicAuth", declare))  # unconditional: it covers the route
    assert result.status is Status.PASS, result.evidence


_OUTWARD = """const express = require('express');
const { getBasicAuthHeader } = require('./util');
const router = express.Router();
router.post('/upscale', async (request, response) => {
    const result = await fetch(request.body.url, {
        headers: { 'Authorization': getBasicAuthHeader(request.body.auth) },
    });
    return response.sendStatus(result.ok ? 200 : 502);
});
router.post('/models', async (request, response) => {
    const result = await fetch(request.body.url, { headers: { Authorization: getBasicAuthHeader(request.body.auth) } });
    return response.send(await result.json());
});
router.post('/generate', async (request, response) => {
    const result = await fetch(request.body.url, { headers: { Authorization: getBasicAuthHeader(request.body.auth) } });
    return response.send(await result.json());
});
module.exports = { router };
"""
_UTIL = "function getBasicAuthHeader(auth) {\n  return `Basic ${Buffer.from(`${auth}`).toString('base64')}`;\n}\n" \
        "module.exports = { getBasicAuthHeader };\n"


def test_a_credential_built_for_an_outgoing_request_is_not_checking_the_caller(tmp_path: Path) -> None:
    files = {"package.json": '{"dependencies": {"express": "4"}}', "sd.js": _OUTWARD, "util.js": _UTIL}
    routes = _inventory(tmp_path, files)
    assert {k: r.hand_auth() for k, r in routes.items()} == {
        "POST /upscale sd.js:4": (), "POST /models sd.js:10": (), "POST /generate sd.js:14": ()}
    assert routes["POST /upscale sd.js:4"].not_caller_checks == ("getBasicAuthHeader",)
    result = run_static(tmp_path / "scan", CHECK, files)
    assert not [m for m in messages(result, Status.WARN) if "checks auth by hand" in m]
    # the same helper reading the caller's own header and refusing is a hand check, three times: warned
    reading = _OUTWARD.replace("getBasicAuthHeader(request.body.auth) }", "x }").replace(
        "async (request, response) => {", "async (request, response) => {\n    if (!checkAuthHeader(request.headers."
        "authorization)) return response.sendStatus(401);")
    reading = reading.replace("'Authorization': getBasicAuthHeader(request.body.auth)", "x: 1")
    result = run_static(tmp_path / "scan2", CHECK, {**files, "sd.js": reading})
    assert len([m for m in messages(result, Status.WARN) if "checks auth by hand inside the handler" in m]) == 3


_RECONNECT = """import SessionManager from '@/lib/session';

export const POST = async (req: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  const session = SessionManager.getSession(id);
  if (!session) {
    return Response.json({ message: 'Session not found' }, { status: 404 });
  }
  return new Response(session.stream());
};
"""
_SESSIONS = """export default class SessionManager {
  private static sessions = new Map<string, SessionManager>();

  static getSession(id: string): SessionManager | undefined {
    return this.sessions.get(id);
  }
}
"""


def test_a_project_helper_named_like_auth_that_reads_no_credential_is_no_hand_check(tmp_path: Path) -> None:
    """``SessionManager.getSession(id)`` looks a chat session up by the id in the URL: the route is judged like any
    other (it used to vanish as "auth by hand") and has no guard."""
    files = {"package.json": '{"dependencies": {"next": "15"}}', "src/app/api/reconnect/[id]/route.ts": _RECONNECT,
             "src/lib/session.ts": _SESSIONS}
    routes = _inventory(tmp_path, files)
    route = routes["POST /api/reconnect/[id] src/app/api/reconnect/[id]/route.ts:3"]
    assert (route.hand_auth(), route.guards) == ((), ())  # ``= async (`` wraps the handler in nothing
    result = run_static(tmp_path / "scan", CHECK, files)
    assert [(e.location, e.message) for e in result.evidence if e.status is Status.FAIL] == [
        ("src/app/api/reconnect/[id]/route.ts:3", "POST /api/reconnect/[id] has no auth dependency")]
    # a helper that is handed the request's cookies is a caller check
    handed = _RECONNECT.replace("SessionManager.getSession(id)", "SessionManager.getSession(req.headers)")
    routes = _inventory(tmp_path / "b", {**files, "src/app/api/reconnect/[id]/route.ts": handed})
    assert routes["POST /api/reconnect/[id] src/app/api/reconnect/[id]/route.ts:3"].hand_auth()[0] == (
        "SessionManager.getSession")


def test_next_app_routes_in_a_nested_package_drop_src_app_groups_slots_and_private_folders(tmp_path: Path) -> None:
    handler = "export async function GET(request: Request) {\n  return Response.json(await flags(request));\n}\n"
    files = {"frontend/app/package.json": '{"dependencies": {"next": "15"}}',
             "frontend/app/src/app/(experimental)/experimental-features/route.ts": handler,
             "frontend/app/src/app/@modal/(.)photos/[id]/route.ts": handler,
             "frontend/app/src/app/_lib/route.ts": handler}
    assert list(_inventory(tmp_path, files)) == [
        "GET /experimental-features frontend/app/src/app/(experimental)/experimental-features/route.ts:1",
        "GET /photos/[id] frontend/app/src/app/@modal/(.)photos/[id]/route.ts:1"]


_ADMIN = '''from fastapi import APIRouter, Depends

from app.auth import current_superuser, get_db_session

router = APIRouter()

{routes}
'''


def _admin(guarded: int) -> dict[str, str]:
    routes = "".join(f'@router.get("/admin/things/{i}")\ndef thing_{i}(user=Depends(current_superuser), '
                     f'session=Depends(get_db_session)):\n    return []\n\n\n' for i in range(guarded))
    graph = ('from fastapi import APIRouter, Depends\n\nfrom app.auth import get_db_session\n\nrouter = APIRouter()\n\n\n'
             '@router.put("/admin/graph/entities/{entity_id}")\ndef update_entity(entity_id: int, '
             'session=Depends(get_db_session)):\n    return session.merge(entity_id)\n')
    auth = ("from fastapi import HTTPException, Request\n\n\ndef get_db_session():\n    yield object()\n\n\n"
            "def current_superuser(request: Request):\n    if not request.headers.get('authorization'):\n"
            "        raise HTTPException(status_code=401)\n    return object()\n")
    main = ("from fastapi import FastAPI\n\nfrom app import admin, graph\n\napp = FastAPI()\n"
            "app.include_router(admin.router)\napp.include_router(graph.router)\n")
    return {"app/admin.py": _ADMIN.format(routes=routes), "app/graph.py": graph, "app/auth.py": auth,
            "app/main.py": main}


def test_an_admin_route_with_only_a_db_session_next_to_guarded_admin_routes_is_a_forgotten_guard(
        tmp_path: Path) -> None:
    result = run_static(tmp_path / "a", CHECK, _admin(6))
    [fail] = [e for e in result.evidence if e.status is Status.FAIL]
    assert (fail.location, fail.message) == ("app/graph.py:8", "PUT /admin/graph/entities/{entity_id} has no auth "
                                                               "dependency")
    assert "6 other route(s) under the same administration prefix authenticate, e.g. GET /admin/things/0 " \
           "(current_superuser, app/admin.py:7)" in fail.detail
    # two guarded admin routes are too few to call the missing one forgotten: undetermined
    result = run_static(tmp_path / "b", CHECK, _admin(2))
    assert at(result, Status.FAIL) == []
    assert at(result, Status.WARN) == ["app/graph.py:8"]


def _siblings(check: str) -> dict[str, str]:
    return {"package.json": '{"dependencies": {"express": "4"}}',
            "chats.js": "const router = require('express').Router();\n"
                        f"router.get('/chats', async (req, res) => {{\n  {check}\n  res.json(await listChats());\n}});\n"
                        "router.delete('/chats/:id', (req, res) => res.json(deleteChat(req.params.id)));\n"
                        "module.exports = { router };\n"}


def test_a_sibling_only_named_like_auth_does_not_make_the_unguarded_route_sure(tmp_path: Path) -> None:
    """The sibling's ``loadAuthProfile(req.query.name)`` is only named like auth (its code is not the project's):
    no forgotten guard is proved, so the unguarded DELETE next to it is undetermined; a sibling that reads the
    Authorization header makes it a sure fail."""
    result = run_static(tmp_path / "a", CHECK, _siblings("const p = await loadAuthProfile(req.query.name);"))
    assert at(result, Status.FAIL) == []
    assert at(result, Status.WARN) == ["chats.js:6"]
    assert "authentication undetermined" in messages(result, Status.WARN)[0]
    result = run_static(tmp_path / "b", CHECK, _siblings(
        "if (!req.headers.authorization) return res.sendStatus(401);"))
    [fail] = [e for e in result.evidence if e.status is Status.FAIL]
    assert (fail.location, fail.message) == ("chats.js:6", "DELETE /chats/:id has no auth dependency")
    assert "next to it, GET /chats (reads the Authorization header, chats.js:2) authenticate" in fail.detail


def test_commented_out_middleware_registers_nothing_and_a_router_mounted_twice_is_one_route(tmp_path: Path) -> None:
    """``// app.use(gate())`` is no middleware; ``app.use('', router)`` and ``app.use('/api', router)`` serve one
    handler, reported once; ``await import('express-rate-limit')`` is that package (no unread middleware)."""
    files = _mounted("gate()", "const gate = require('corp-gateway');")
    files["server.js"] = files["server.js"].replace("app.use(gate());", "// app.use(gate());\n"
                                                    "const { default: limit } = await import('express-rate-limit');\n"
                                                    "app.use(limit({ max: 10 }));\napp.use('', require('./routes')"
                                                    ".router);")
    assert list(_inventory(tmp_path, files)) == ["DELETE /chats/:id routes.js:2"]
    result = run_static(tmp_path / "scan", CHECK, files)
    assert [(e.location, e.message) for e in result.evidence if e.status is Status.FAIL] == [
        ("routes.js:2", "DELETE /chats/:id has no auth dependency")]
