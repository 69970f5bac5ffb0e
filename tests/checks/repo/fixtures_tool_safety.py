"""Failing and passing fixtures for repo.tool-safety (catalogue contract), and the sources its tests use."""

from __future__ import annotations

from launchready.lab.gitrepo import Commit
from tests.fixtures import Fixture, repo_fixture

OPENAI_UNSAFE = '''import sqlite3

TOOLS = [
    {"type": "function", "function": {
        "name": "fetch_url", "description": "Fetch any URL.",
        "parameters": {"type": "object", "properties": {"url": {"type": "string"}}, "required": ["url"]}}},
    {"type": "function", "function": {
        "name": "delete_record", "description": "Delete a record.",
        "parameters": {"type": "object", "properties": {"record_id": {"type": "string"},
                                                        "tenant_id": {"type": "string"}}}}},
]


def run_tool(name, args, conn):
    if name == "export":
        return conn.execute(f"SELECT * FROM {args['table']}").fetchall()
'''

OPENAI_SAFE = '''TOOLS = [
    {"type": "function", "function": {
        "name": "fetch_url", "description": "Fetch a page of our docs.",
        "parameters": {"type": "object", "properties": {
            "url": {"type": "string", "pattern": "^https://docs\\\\.example\\\\.com/"}}, "required": ["url"]}}},
    {"type": "function", "x-requires-confirmation": True, "function": {
        "name": "delete_record", "description": "Delete one of your records (the user confirms).",
        "parameters": {"type": "object", "properties": {"record_id": {"type": "string", "format": "uuid"}}}}},
]


def run_tool(name, args, conn, user):
    if name == "export":
        return conn.execute("SELECT id, title FROM notes WHERE tenant_id = ?", (user.tenant_id,)).fetchall()
'''

FIXTURES: dict[str, tuple[Fixture, Fixture]] = {
    "repo.tool-safety": (
        repo_fixture("repo.tool-safety", [Commit("init", {"app/tools.py": OPENAI_UNSAFE})]),
        repo_fixture("repo.tool-safety", [Commit("init", {"app/tools.py": OPENAI_SAFE})]),
    ),
}
