"""route-auth and webhook-verification: the browser's HTTP client kept under a Next.js ``pages/api/`` folder is no
route — neither the module exporting ``axios.create(…)`` nor the functions returning ``api.post('/users/add', data)``
(SuperAGI's GUI) — while an Express registration beside them still is one."""

from __future__ import annotations

from pathlib import Path

from launchready.checks.repo import route_auth, webhook_verification
from launchready.model import Status
from tests.checks.repo.static_helpers import at, run_static

_PKG = '{"dependencies": {"next": "14", "axios": "1", "express": "4"}}'
_CLIENT = ("import axios from 'axios';\n\nconst api = axios.create({\n  baseURL: process.env.NEXT_PUBLIC_API_BASE_URL,\n"
           "});\n\nexport default api;\n")
_SERVICE = ("import api from './apiConfig';\n\nexport const addUser = (userData) => {\n"
            "  return api.post(`/users/add`, userData);\n};\n\n"
            "export const saveWebhook = (webhook) => api.post(`/webhook/add`, webhook);\n")
_SERVER = ("const express = require('express');\nconst router = express.Router();\n\n"
           "function addUser(req, res) {\n  res.json(db.insert(req.body));\n}\n\n"
           "function listUsers(req, res) {\n  res.json(db.all());\n}\n\n"
           "router.post('/users/add', addUser);\nmodule.exports = (app) => app.get('/users', listUsers);\n")


def _files(**extra: str) -> dict[str, str]:
    return {"package.json": _PKG, "gui/pages/api/apiConfig.js": _CLIENT, "gui/pages/api/DashboardService.js": _SERVICE,
            **extra}


def test_an_axios_client_and_its_calls_under_pages_api_are_no_routes(tmp_path: Path) -> None:
    result = run_static(tmp_path, route_auth.CHECK, _files())
    assert not [e for e in result.evidence if "gui/pages/api/" in e.location], result.evidence


def test_their_calls_are_no_webhook_receivers(tmp_path: Path) -> None:
    result = run_static(tmp_path, webhook_verification.CHECK, _files())
    assert not [e for e in result.evidence if "gui/pages/api/" in e.location], result.evidence


def test_an_express_registration_of_a_project_handler_is_still_a_route(tmp_path: Path) -> None:
    result = run_static(tmp_path, route_auth.CHECK, _files(**{"server/routes.js": _SERVER}))
    assert at(result, Status.FAIL) == ["server/routes.js:12", "server/routes.js:13"]
    assert not [e for e in result.evidence if "gui/pages/api/" in e.location], result.evidence


def test_a_default_export_handler_under_pages_api_is_still_a_route(tmp_path: Path) -> None:
    handler = "export default async function handler(req, res) {\n  res.json(await db.all())\n}\n"
    result = run_static(tmp_path, route_auth.CHECK, _files(**{"gui/pages/api/users.js": handler}))
    assert at(result, Status.FAIL) == ["gui/pages/api/users.js:1"]


def test_a_route_registration_commented_out_is_no_route(tmp_path: Path) -> None:
    """search_with_ai's `app.ts`: `// router.post('/api/deep-research', deepResearchHandler)` is commented out, and so
    is a block of routes; the live registration beside them is still read."""
    server = ("const express = require('express');\nconst router = express.Router();\n\n"
              "function chat(req, res) {\n  res.json(answer(req.body));\n}\n\n"
              "function models(req, res) {\n  res.json(list());\n}\n\n"
              "router.post('/api/chat', chat);\n// router.post('/api/deep-research', chat);\n"
              "/*\nrouter.post('/api/old', chat);\n*/\nconst url = 'http://x'; router.post('/api/models', models);\n")
    result = run_static(tmp_path, route_auth.CHECK, {"package.json": _PKG, "server/app.js": server})
    assert at(result, Status.FAIL) == ["server/app.js:12", "server/app.js:17"]


def test_koa_router_calls_read_are_not_called_unread(tmp_path: Path) -> None:
    """search_with_ai's server depends on Koa and registers `router.post('/api/chat', chatHandler)`: the route is read
    and judged, so the coverage line says what is not read (Koa's ctx middleware), never "routes not read"."""
    pkg = '{"dependencies": {"koa": "2", "@koa/router": "12"}}'
    app = ("import Koa from 'koa';\nimport Router from '@koa/router';\n\nconst app = new Koa();\n"
           "const router = new Router();\n\nasync function chatHandler(ctx) {\n  ctx.body = await answer(ctx.request.body);\n"
           "}\n\nrouter.post('/api/chat', chatHandler);\napp.use(router.routes());\n")
    result = run_static(tmp_path, route_auth.CHECK, {"apps/server/package.json": pkg, "apps/server/src/app.ts": app})
    by_loc = {e.location: e.message for e in result.evidence}
    assert by_loc["apps/server/package.json"] == (
        "Koa: 1 route(s) read from its router calls, but its middleware (app.use with ctx) is not read: a guard "
        "registered there is not seen")
    assert "apps/server/src/app.ts:11" in by_loc
