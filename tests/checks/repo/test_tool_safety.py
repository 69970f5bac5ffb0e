"""repo.tool-safety on small repositories and on both example products: each finding at its path:line."""

from __future__ import annotations

from pathlib import Path

import pytest

from launchready import scan
from launchready.catalog import Catalog
from launchready.checks import BUILTIN_CHECKS
from launchready.checks.repo import tool_safety
from launchready.config import Config
from launchready.lab.examples import checkout_root
from launchready.lab.gitrepo import Commit, build_repo
from launchready.model import Result, Status
from tests.checks.repo.fixtures_tool_safety import OPENAI_SAFE, OPENAI_UNSAFE

ID = "repo.tool-safety"
# Registered by the lead in checks/repo/__init__.py; until then the tests add it themselves.
CATALOG = Catalog((*(c for c in BUILTIN_CHECKS if c.meta.id != ID), tool_safety.CHECK))


def check(tmp: Path, files: dict[str, str]) -> Result:
    root = tmp / "repo"
    build_repo(root, [Commit("init", files)])
    return scan(Config(path=root, only=(ID,)), catalog=CATALOG).result(ID)


def found(result: Result) -> list[tuple[str, str, str]]:
    return [(e.status.value, e.location, e.message) for e in result.evidence]


def test_openai_tools_with_free_form_url_unconfirmed_delete_model_filled_tenant_and_fstring_sql(tmp_path: Path) -> None:
    r = check(tmp_path, {"app/tools.py": OPENAI_UNSAFE})
    assert r.status is Status.FAIL
    items = found(r)
    assert ("fail", "app/tools.py:4", "OpenAI tool 'fetch_url': free-form URL parameter 'url' (no enum, pattern or "
            "allow-list) — the model fills it from whatever it read") in items
    assert any(s == "fail" and loc == "app/tools.py:7" and "'delete_record' (delete) runs without a confirmation" in m
               for s, loc, m in items)
    assert any(s == "warn" and loc == "app/tools.py:7" and "'tenant_id' is a model-filled argument" in m
               for s, loc, m in items)
    assert any(s == "fail" and loc == "app/tools.py:16" and "SQL built with an f-string inside the tool function "
               "'run_tool'" in m for s, loc, m in items)


def test_narrow_schemas_and_confirmation_pass(tmp_path: Path) -> None:
    r = check(tmp_path, {"app/tools.py": OPENAI_SAFE})
    assert r.status is Status.PASS, r.evidence
    assert "2 tool definition(s)" in r.summary


@pytest.mark.parametrize(("path", "source", "line", "words"), [
    ("agent.py", "from langchain.tools import tool\n\n@tool\ndef run_shell(command: str) -> str:\n    '''Run it.'''\n",
     4, "LangChain @tool 'run_shell': free-form shell parameter 'command'"),
    ("server.py", "from mcp.server.fastmcp import FastMCP\nmcp = FastMCP('x')\n\n@mcp.tool()\ndef read_file(path: str) -> str:\n    return open(path).read()\n",
     5, "MCP tool 'read_file': free-form path parameter 'path'"),
    ("server.py", "@mcp.tool()\ndef send_invoice(customer: str, amount: int) -> str:\n    return 'sent'\n",
     2, "MCP tool 'send_invoice' (send) runs without a confirmation step"),
    ("tools.py", "TOOLS = [{'name': 'run_sql', 'input_schema': {'type': 'object', 'properties': {'sql': {'type': 'string'}}}}]\n",
     1, "Anthropic/MCP tool 'run_sql': free-form SQL parameter 'sql'"),
    ("src/tools.ts", "export const tools = [{\n  type: 'function',\n  function: {\n    name: 'browse',\n    parameters: { type: 'object', properties: { url: { type: 'string' } } },\n  },\n}];\n",
     2, "OpenAI tool 'browse': free-form URL parameter 'url'"),
    ("src/mcp.ts", "server.tool('transfer_funds', { to: z.string(), amount: z.number() }, async (args) => ({}))\n",
     1, "MCP tool 'transfer_funds' (transfer) runs without a confirmation step"),
    ("tools.json", '{"tools": [{"name": "email_user", "input_schema": {"type": "object", "properties": {"to": {"type": "string"}}}}]}',
     1, "Anthropic/MCP tool 'email_user' (email) runs without a confirmation step"),
])
def test_each_framework_is_read(tmp_path: Path, path: str, source: str, line: int, words: str) -> None:
    r = check(tmp_path, {path: source})
    assert r.status is Status.FAIL, r.evidence
    assert any(loc == f"{path}:{line}" and words in msg for _, loc, msg in found(r)), found(r)


@pytest.mark.parametrize("source", [
    "from typing import Literal\n@tool\ndef fetch_page(url: Literal['https://docs.example.com/a', 'https://docs.example.com/b']) -> str:\n    return ''\n",
    "@mcp.tool()\ndef delete_note(note_id: int, confirm: bool = False) -> str:\n    return ''\n",
    "@tool\ndef refund_order(order_id: int) -> str:\n    approved = interrupt({'question': 'Refund?'})\n    return ''\n",
    "CONFIRM_FIRST = {'send_email'}\nTOOLS = [{'type': 'function', 'function': {'name': 'send_email', 'parameters': {'type': 'object', 'properties': {'body': {'type': 'string'}}}}}]\n",
])
def test_constrained_or_confirmed_tools_pass(tmp_path: Path, source: str) -> None:
    r = check(tmp_path, {"tools.py": source})
    assert r.status is Status.PASS, found(r)


def test_no_tools_is_a_skip_and_tests_are_not_read(tmp_path: Path) -> None:
    r = check(tmp_path, {"app.py": "print('hi')\n", "tests/test_tools.py": OPENAI_UNSAFE})
    assert r.status is Status.SKIP and "no LLM tool definitions found" in r.summary


@pytest.mark.parametrize(("example", "expected"), [("chatbot_vulnerable", Status.FAIL), ("chatbot_hardened", Status.PASS)])
def test_example_products(tmp_path: Path, example: str, expected: Status) -> None:
    files = {p.name: p.read_text() for p in (checkout_root() / "examples" / example).glob("*.py")}
    r = check(tmp_path, files)
    assert r.status is expected, found(r)
    if expected is Status.FAIL:
        items = found(r)
        assert any(loc.startswith("tools.py:") and "'fetch_url': free-form URL parameter 'url'" in m for _, loc, m in items)
        assert any("'export_records': free-form SQL parameter 'table'" in m for _, _, m in items)
        assert any("'send_email' (send) runs without a confirmation step" in m for _, _, m in items)
