"""The OpenAPI document comes from the server under test: every wrongly typed node is skipped with a
note, never a crash in the checks that read it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from launchready import scan
from launchready.config import Config
from launchready.engines.payloads import body_payloads, example_value
from launchready.lab.hostile_servers import serve_hostile
from launchready.targets.http import read_operations

BROKEN: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": "not an object",
    "paths": {
        "/chat": {"post": {"requestBody": "x"}},
        "/files": {"post": {"requestBody": {"content": ["multipart/form-data"]}}},
        "/notes": {"post": {"requestBody": {"content": {"application/json": {"schema": "note"}}}},
                   "get": {"parameters": 7}},
        "/conversations/{id}": {"get": {"parameters": [{"name": "id"}, "limit", {"name": 3}]}},
        "/broken": ["get"],
        "/me": {"get": "nope"},
        "no-slash": {"get": {}},
    },
}


def test_wrongly_typed_nodes_are_skipped_with_a_note() -> None:
    ops, notes = read_operations(BROKEN)
    assert [(op.key, op.body_schema, op.params) for op in ops] == [
        ("POST /chat", None, ()),
        ("POST /files", None, ()),
        ("POST /notes", None, ()),
        ("GET /notes", None, ()),
        ("GET /conversations/{id}", None, ("id",)),
    ]
    assert notes == [
        "OpenAPI POST /chat requestBody is a str, not an object: ignored",
        "OpenAPI POST /files requestBody.content is a list, not an object: ignored",
        "OpenAPI POST /notes request schema is a str: ignored",
        "OpenAPI GET /notes parameters is a int, not a list: ignored",
        "OpenAPI path '/broken' is not a path with an object of operations: skipped",
        "OpenAPI operation GET /me is a str, not an object: skipped",
        "OpenAPI path 'no-slash' is not a path with an object of operations: skipped",
    ]
    assert read_operations({"paths": ["/chat"]}) == ((), ["OpenAPI paths is a list, not an object: ignored"])


@pytest.mark.parametrize("schema", [
    {"type": "object", "properties": ["message"], "required": "message"},
    {"type": "object", "properties": {"n": {"type": "integer", "minimum": "one"}}, "required": [1, "n"]},
    {"type": "object", "properties": {"x": {"type": "number", "minimum": 1e400}}},
    {"type": "array", "items": "string"},
])
def test_hostile_input_bodies_are_built_from_any_schema_shape(schema: dict[str, Any]) -> None:
    payloads = body_payloads(schema, BROKEN, max_body_bytes=1024)
    assert {"malformed-json", "oversized", "wrong-root"} <= {p.kind for p in payloads}
    example_value(schema, BROKEN)


def test_no_api_check_crashes_on_a_wrongly_typed_openapi_document(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "openapi.json").write_text(json.dumps(BROKEN), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("LR_SHAPES_TOKEN_A", "token-a-0123456789")
    monkeypatch.setenv("LR_SHAPES_TOKEN_B", "token-b-0123456789")
    with serve_hostile("errors") as url:
        card = scan(Config.model_validate({
            "url": url, "only": ["api"], "check-timeout": 10, "concurrency": 16,
            "api": {"openapi": "openapi.json", "chat": "POST /chat", "request-timeout": 2.0,
                    "tenants": [{"name": "a", "token-env": "LR_SHAPES_TOKEN_A"},
                                {"name": "b", "token-env": "LR_SHAPES_TOKEN_B"}]},
        }))
    crashed = {r.check_id: r.summary for r in card.results if "crashed" in r.summary or "Error:" in r.summary}
    assert crashed == {}
