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
