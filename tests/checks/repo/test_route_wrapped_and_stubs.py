"""Route-auth on shapes read from what the code does (round 7): modules under ``pages/api/`` that are no
handlers, stub handlers that answer a constant, and routes registered through a project's own wrapper."""

from __future__ import annotations

from pathlib import Path

from launchready.checks.repo import route_auth
from launchready.model import Status
from tests.checks.repo.static_helpers import at, messages, run_static

NEXT_PKG = '{"dependencies": {"next": "14"}}'
PAGES_HANDLER = "export default async function handler(req, res) {\n  res.json(await db.all())\n}\n"
PAGES_COMPONENT = ("import { useState } from 'react';\n\nconst Home = ({ serverSideApiKeyIsSet }: Props) => {\n"
                   "  const [a, setA] = useState(0);\n  return (\n    <div className=\"x\">{a}</div>\n  );\n};\n\n"
                   "export default Home;\n")
PAGES_CONTEXT = ("import { createContext } from 'react';\n\nconst HomeContext = createContext<Props>(undefined!);\n\n"
                 "export default HomeContext;\n")
PAGES_STATE = "export interface State { a: number }\n\nexport const initialState: State = { a: 1 };\n"
PAGES_REEXPORT = "export { default, getServerSideProps } from './home';\n"


def test_components_contexts_and_reexports_under_pages_api_are_no_routes(tmp_path: Path) -> None:
    result = run_static(tmp_path, route_auth.CHECK, {
        "package.json": NEXT_PKG,
        "pages/api/chat.ts": PAGES_HANDLER,
        "pages/api/home/home.tsx": PAGES_COMPONENT,
        "pages/api/home/home.context.tsx": PAGES_CONTEXT,
        "pages/api/home/home.state.tsx": PAGES_STATE,
        "pages/api/home/index.ts": PAGES_REEXPORT,
    })
    assert at(result, Status.FAIL) == ["pages/api/chat.ts:1"]
    assert messages(result, Status.FAIL) == ["ANY /api/chat has no auth dependency"]
    assert result.metrics["routes"] == 1


def test_a_pages_api_handler_returning_jsx_to_an_image_response_is_still_a_route(tmp_path: Path) -> None:
    og = ("export default async function handler(req) {\n  return new ImageResponse(\n    <div>hi</div>\n  );\n}\n")
    reexport = "export { default } from './lib/handler';\n"
    result = run_static(tmp_path, route_auth.CHECK, {
        "package.json": NEXT_PKG,
        "pages/api/og.tsx": og,
        "pages/api/data.ts": reexport,
        "pages/api/lib/handler.ts": PAGES_HANDLER,
    })
    assert set(at(result, Status.FAIL)) == {"pages/api/og.tsx:1", "pages/api/data.ts:1", "pages/api/lib/handler.ts:1"}


FLASK_STUBS = '''from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/api/v0/<path:catch_all>", methods=["GET", "POST"])
def catch_all(catch_all):
    return jsonify({"type": "error", "error": "The rest of the API is not ported yet."})


@app.route("/api/v2/chat_websocket")
def chat_websocket():
    """WebSocket endpoint placeholder."""
    return jsonify({"error": "not implemented", "suggestion": "use Flask-SocketIO"}), 501


@app.route("/api/v2/export", methods=["POST"])
def export():
    return jsonify({"rows": db.all(request.json["table"])})
'''


def test_a_stub_handler_answering_only_a_constant_exposes_nothing(tmp_path: Path) -> None:
    result = run_static(tmp_path, route_auth.CHECK, {"app.py": FLASK_STUBS})
    assert at(result, Status.FAIL) == ["app.py:17"]
    assert messages(result, Status.FAIL)[0].startswith("POST /api/v2/export has no auth dependency")
    assert result.metrics["constant_answer"] == 3  # GET and POST of the catch-all, and the 501 placeholder


GROUP = '''import enum
import quart


def group_class(name: str, path: str):
    def decorator(cls):
        cls.name = name
        cls.path = path
        return cls
    return decorator


class AuthType(enum.Enum):
    NONE = "none"
    USER_TOKEN = "user-token"
    API_KEY = "api-key"


class RouterGroup:
    path: str

    def __init__(self, ap, quart_app):
        self.ap = ap
        self.quart_app = quart_app

    def route(self, rule: str, auth_type: AuthType = AuthType.USER_TOKEN, **options):
        def decorator(f):
            nonlocal rule
            rule = self.path + rule

            async def handler(*args, **kwargs):
                if auth_type == AuthType.USER_TOKEN:
                    token = quart.request.headers.get("Authorization", "").replace("Bearer ", "")
                    if not token:
                        return self.http_status(401, -1, "No valid user token provided")
                    kwargs["user_email"] = await self.ap.user_service.verify_jwt_token(token)
                elif auth_type == AuthType.API_KEY:
                    api_key = quart.request.headers.get("X-API-Key", "")
                    if not await self.ap.apikey_service.verify_api_key(api_key):
                        return self.http_status(401, -1, "Invalid API key")
                return await f(*args, **kwargs)

            self.quart_app.route(rule, **options)(handler)
            return f
        return decorator
'''

KEYS = '''import quart

from . import group


@group.group_class("apikeys", "/api/v1/apikeys")
class ApiKeysRouterGroup(group.RouterGroup):
    async def initialize(self) -> None:
        @self.route("/<int:key_id>", methods=["GET", "DELETE"])
        async def _(key_id: int) -> str:
            key = await self.ap.apikey_service.get_api_key(key_id)
            return self.success(data={"key": key})

        @self.route("/export", methods=["POST"], auth_type=group.AuthType.API_KEY)
        async def _() -> str:
            return self.success(data=await self.ap.apikey_service.get_api_keys())

        @self.route("/status", methods=["POST"], auth_type=group.AuthType.NONE)
        async def _() -> str:
            return self.success(data=await self.ap.apikey_service.get_api_keys())

        @self.quart_app.websocket(self.path + "/connect")
        async def connect():
            await self.ap.chat(await quart.websocket.receive())
'''

SERVICE = '''class ApiKeyService:
    def __init__(self, db):
        self.db = db

    async def get_api_keys(self):
        return await self.db.all("api_keys")

    async def get_api_key(self, key_id):
        return await self.db.get("api_keys", key_id)

    async def verify_api_key(self, key):
        return await self.db.get("api_keys", key) is not None
'''


def test_routes_registered_through_the_projects_own_route_wrapper_are_judged_by_its_code(tmp_path: Path) -> None:
    result = run_static(tmp_path, route_auth.CHECK, {"app/group.py": GROUP, "app/keys.py": KEYS, "app/service.py": SERVICE})
    found = {e.message.split(" has ")[0].split(":")[0]: e for e in result.evidence}
    # the default mode (USER_TOKEN) and API_KEY take branches that read the credential and answer 401
    assert not any("/api/v1/apikeys/<int:key_id>" in m or "/export" in m for m in found), found
    # AuthType.NONE at registration is the code declaring the route public: counted public, no finding
    assert not any("/status" in m for m in found), found
    assert result.metrics["public"] == 1
    # a socket registered on the app directly bypasses the wrapper: reported, prefix read from the class decorator
    assert found["ANY /api/v1/apikeys/connect"].location == "app/keys.py:22"
    assert all("get_api_key" not in e.message for e in result.evidence)  # a store method is no auth check
    assert result.metrics["central_auth"] == 3


def test_a_route_wrapper_whose_mode_cannot_be_read_leaves_the_route_undetermined(tmp_path: Path) -> None:
    keys = KEYS.replace('auth_type=group.AuthType.API_KEY', 'auth_type=MODES[name]')
    result = run_static(tmp_path, route_auth.CHECK, {"app/group.py": GROUP, "app/keys.py": keys, "app/service.py": SERVICE})
    undetermined = [e for e in result.evidence if "/api/v1/apikeys/export" in e.message]
    assert [e.location for e in undetermined] == ["app/keys.py:14"]
    assert "RouterGroup.route (app/group.py:26), the project's route wrapper, which authenticates when " \
           "auth_type is apikey or usertoken" in undetermined[0].message


KEY_ROUTES = '''from flask import Flask, jsonify, request

from .store import KeyStore

app = Flask(__name__)
store = KeyStore()


@app.route("/keys/<int:key_id>", methods=["DELETE"])
def delete_key(key_id):
    store.delete_api_key(key_id)
    return jsonify({"ok": True})


@app.route("/me", methods=["POST"])
def me():
    owner = store.find_api_key(request.headers.get("X-API-Key"))
    return jsonify({"owner": owner})
'''
KEY_STORE = '''class KeyStore:
    def delete_api_key(self, key_id):
        self.db.delete("keys", key_id)

    def find_api_key(self, key):
        return self.db.get("keys", key)
'''


def test_an_auth_named_store_method_is_data_access_unless_the_request_credential_is_handed_to_it(
        tmp_path: Path) -> None:
    result = run_static(tmp_path, route_auth.CHECK, {"app/main.py": KEY_ROUTES, "app/store.py": KEY_STORE})
    by_location = {e.location: e.message for e in result.evidence}
    # delete_api_key(key_id) reads the project's own store: no "reads who calls", never named as the project's auth
    assert by_location["app/main.py:9"].startswith("DELETE /keys/<int:key_id>: authentication undetermined")
    assert "delete_api_key" not in by_location["app/main.py:9"]
    assert "store.find_api_key in POST /me" in by_location["app/main.py:9"]
    # handed the request's X-API-Key: it reads who calls, and nothing turns a caller away
    assert by_location["app/main.py:15"].startswith("POST /me reads who calls (store.find_api_key) but neither")
