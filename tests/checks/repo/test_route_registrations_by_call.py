"""Routes registered by a call, not a decorator — Sanic's ``app.add_route(handler, "/uri", methods=[…])``
(QAnything registers its whole API so, handlers imported from another module), Flask's ``add_url_rule``,
FastAPI's ``add_api_route`` — are in the inventory and judged by the handler's own code; a Sanic blueprint's
``url_prefix`` and ``app.blueprint(bp)`` apply; a ``@app.middleware("request")`` that refuses authenticates every
route of the app; a registration whose handler cannot be read is named, never skipped."""

from __future__ import annotations

from pathlib import Path

from launchready.checks.repo import route_auth
from launchready.model import Status
from tests.checks.repo.static_helpers import at, messages, run_static

_HANDLERS = ("from sanic.response import json\n\n\n"
             "async def new_knowledge_base(req):\n    kb = await store.create(req.json['user_id'], req.json['name'])\n"
             "    return json(kb)\n\n\n"
             "async def health_check(req):\n    return json({'status': 'ok'})\n\n\n"
             "class MysqlClient:\n    def delete_knowledge_base(self, kb_id):\n        self.execute('DELETE …')\n\n\n"
             "async def delete_knowledge_base(req):\n    await store.delete(req.json['kb_id'])\n"
             "    return json({})\n")
_API = ("from sanic import Sanic\nfrom handler import *\n\napp = Sanic('QAnything')\n"
        "app.add_route(new_knowledge_base, '/api/local_doc_qa/new_knowledge_base', methods=['POST'])\n"
        "app.add_route(health_check, '/api/health_check', methods=['GET'])\n"
        "app.add_route(delete_knowledge_base, '/api/local_doc_qa/delete_knowledge_base', methods=['POST'])\n"
        "app.add_route(KbView.as_view(), '/api/kb')\n")


def test_sanic_routes_added_by_call_are_judged_at_their_handlers(tmp_path: Path) -> None:
    result = run_static(tmp_path, route_auth.CHECK, {"requirements.txt": "sanic==23.6\n", "handler.py": _HANDLERS,
                                                     "sanic_api.py": _API})
    assert at(result, Status.FAIL) == ["handler.py:4", "handler.py:18"]
    assert messages(result, Status.FAIL) == ["POST /api/local_doc_qa/new_knowledge_base has no auth dependency",
                                             "POST /api/local_doc_qa/delete_knowledge_base has no auth dependency"]
    assert at(result, Status.WARN) == ["sanic_api.py:8"]  # the view class: named, not judged
    assert messages(result, Status.WARN)[0].startswith("route registered with a handler that was not read")
    assert not [m for m in messages(result, Status.WARN) if m.startswith("Sanic: routes not read")]


def test_a_sanic_request_middleware_that_refuses_authenticates_the_apps_routes(tmp_path: Path) -> None:
    api = _API.replace("app.add_route(KbView.as_view(), '/api/kb')\n", "") + (
        "\n\n@app.middleware('request')\nasync def check_token(request):\n"
        "    if request.headers.get('Authorization') != f'Bearer {TOKEN}':\n"
        "        return json({'error': 'unauthorized'}, status=401)\n\n\n"
        "@app.middleware('response')\nasync def cors(request, response):\n"
        "    response.headers['Access-Control-Allow-Origin'] = '*'\n")
    result = run_static(tmp_path, route_auth.CHECK, {"handler.py": _HANDLERS, "sanic_api.py": api})
    assert [e for e in result.evidence if e.status is not Status.PASS] == []
    assert result.metrics["central_auth"] == 3  # the three routes were read, and the middleware covers them


def test_a_blueprints_prefix_and_flasks_add_url_rule_are_read(tmp_path: Path) -> None:
    sanic = ("from sanic import Sanic, Blueprint\n\nbp = Blueprint('kb', url_prefix='/api/kb')\napp = Sanic('x')\n\n\n"
             "async def remove(req):\n    await store.delete(req.json['id'])\n\n\n"
             "bp.add_route(remove, '/delete', methods=['POST'])\napp.blueprint(bp)\n")
    flask = ("from flask import Flask\n\napp = Flask(__name__)\n\n\ndef purge():\n    db.drop_all()\n    return ''\n\n\n"
             "app.add_url_rule('/admin/purge', 'purge', purge, methods=['POST'])\n")
    result = run_static(tmp_path, route_auth.CHECK, {"kb.py": sanic, "web.py": flask})
    assert messages(result, Status.FAIL) == ["POST /api/kb/delete has no auth dependency",
                                             "POST /admin/purge has no auth dependency"]


def test_a_route_at_api_itself_is_not_the_public_root_page(tmp_path: Path) -> None:
    """gpt-code-ui's kernel `POST /api` runs whatever code it is sent: `/api` with its prefix taken off was `/`,
    the root page every site serves in public, and the route passed unjudged."""
    source = ("from flask import Flask, request, jsonify\n\napp = Flask(__name__)\n\n\n"
              "@app.route('/api', methods=['POST', 'GET'])\ndef handle_request():\n"
              "    send_queue.put(request.json)\n    return jsonify({'result': 'success'})\n\n\n"
              "@app.route('/')\ndef index():\n    return 'ok'\n")
    result = run_static(tmp_path, route_auth.CHECK, {"kernel.py": source})
    assert messages(result, Status.FAIL) == ["POST /api has no auth dependency"]


def test_a_get_that_changes_state_is_no_read(tmp_path: Path) -> None:
    """sweep `GET /update_sweep_prs_v2` merges branches and closes pull requests: not "a read of what may be public
    data" but an open action; a GET that only removes its own scratch file is still a read."""
    source = ("from fastapi import FastAPI\n\napp = FastAPI()\n\n\n@app.get('/update_prs')\n"
              "def update_prs(repo_full_name: str):\n    repo = g.get_repo(repo_full_name)\n    for pr in repo.get_pulls():\n"
              "        try:\n            repo.merge(pr.head.ref, pr.base.ref, 'sync')\n        except Exception:\n"
              "            pr.edit(state='closed')\n    return {}\n\n\n@app.get('/preview')\ndef preview(name: str):\n"
              "    data = render(name)\n    os.remove(tmp_path)\n    return data\n")
    result = run_static(tmp_path, route_auth.CHECK, {"main.py": source})
    assert at(result, Status.FAIL) == ["main.py:6"]
    assert "a GET that changes state: repo.merge (line 11)" in result.evidence[0].detail
    assert at(result, Status.WARN) == ["main.py:17"]


def test_an_express_controller_imported_from_its_module_is_read_there(tmp_path: Path) -> None:
    """firecrawl `router.post("/v0/scrape", scrapeController)`: the controller, in its own module, calls
    `authenticateUser(req, res)` first and answers 401 — the route checks by hand, it is not unguarded."""
    routes = ("import express from 'express';\nimport { scrapeController } from '../controllers/v0/scrape';\n"
              "import { crawlController } from '../controllers/v0/crawl';\n\nexport const v0Router = express.Router();\n"
              "v0Router.post('/v0/scrape', scrapeController);\nv0Router.post('/v0/crawl', crawlController);\n")
    scrape = ("export async function scrapeController(req, res) {\n"
              "  const auth = await authenticateUser(req, res, 'scrape');\n"
              "  if (!auth.success) {\n    return res.status(401).json({ error: auth.error });\n  }\n"
              "  return res.json(await scrape(req.body.url));\n}\n")
    crawl = "export async function crawlController(req, res) {\n  return res.json(await crawl(req.body.url));\n}\n"
    files = {"package.json": '{"dependencies": {"express": "4"}}', "src/routes/v0.ts": routes,
             "src/controllers/v0/scrape.ts": scrape, "src/controllers/v0/crawl.ts": crawl}
    result = run_static(tmp_path, route_auth.CHECK, files)
    assert at(result, Status.WARN) == ["src/routes/v0.ts:7"]  # the scrape route is not listed: it checks by hand
    assert "the project authenticates with authenticateUser in POST /v0/scrape" in messages(result, Status.WARN)[0]


def test_an_aiohttp_router_registration_is_left_to_the_framework_warning(tmp_path: Path) -> None:
    """aiohttp's `app.router.add_route("POST", "/chat", chat)`: its middleware (`web.Application(middlewares=[…])`)
    is not read, so its routes are not judged one by one — the framework is named as not read, once."""
    source = ("from aiohttp import web\n\n\nasync def chat(request):\n    return web.json_response({})\n\n\n"
              "app = web.Application(middlewares=[auth_middleware])\napp.router.add_route('POST', '/chat', chat)\n")
    result = run_static(tmp_path, route_auth.CHECK, {"requirements.txt": "aiohttp==3.9\n", "server.py": source})
    assert [(e.status, e.location) for e in result.evidence if e.status is not Status.PASS] == [
        (Status.WARN, "requirements.txt")]
    assert messages(result, Status.WARN)[0].startswith("aiohttp: routes not read")


def test_a_blueprint_handed_in_is_judged_by_its_own_call_form_hooks_or_undetermined(tmp_path: Path) -> None:
    """DocsGPT scim/routes.py: `def register(bp): bp.before_request(_enforce_scim_auth); bp.add_url_rule(…)` — the
    hook answers `_scim_error(401, …)` without the bearer token, so the routes are authenticated; the device routes
    registered the same way with no hook are undetermined (where `bp` is mounted, and what runs there, is not read),
    never "no auth"."""
    scim = ("from flask import Blueprint, request\n\n\ndef _scim_error(status, detail):\n"
            "    return {'detail': detail}, status\n\n\ndef _enforce_scim_auth():\n"
            "    scheme, _, presented = request.headers.get('Authorization', '').partition(' ')\n"
            "    if scheme.lower() != 'bearer' or presented != TOKEN:\n"
            "        return _scim_error(401, 'Invalid or missing bearer token')\n    return None\n\n\n"
            "def list_users():\n    return {'users': db.users()}\n\n\n"
            "def register(bp: Blueprint) -> None:\n    bp.before_request(_enforce_scim_auth)\n"
            "    bp.add_url_rule('/scim/v2/Users', view_func=list_users, methods=['POST'])\n")
    devices = ("from flask import Blueprint\n\n\ndef revoke(device_id):\n    db.devices.delete(device_id)\n"
               "    return {}\n\n\ndef register(bp: Blueprint) -> None:\n"
               "    bp.add_url_rule('/api/devices/<device_id>', view_func=revoke, methods=['DELETE'])\n")
    result = run_static(tmp_path, route_auth.CHECK, {"app/scim.py": scim, "app/devices.py": devices})
    assert at(result, Status.FAIL) == []
    assert at(result, Status.WARN) == ["app/devices.py:4"]
    assert messages(result, Status.WARN)[0].startswith(
        "DELETE /api/devices/<device_id>: authentication undetermined — it is behind bp, the object the routes are "
        "registered on (app/devices.py:10)")
