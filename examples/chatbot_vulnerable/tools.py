"""The tools the assistant may call, and what they really do."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

import httpx

from .auth import Claims
from .model import ToolCall

TOOLS: list[dict[str, Any]] = [
    {"type": "function", "function": {
        "name": "send_email", "description": "Send an e-mail to anyone.",
        "parameters": {"type": "object", "properties": {
            "to": {"type": "string"}, "subject": {"type": "string"}, "body": {"type": "string"}},
            "required": ["to", "body"]}}},
    {"type": "function", "function": {
        "name": "fetch_url", "description": "Fetch any URL and return its content.",
        "parameters": {"type": "object", "properties": {"url": {"type": "string"}}, "required": ["url"]}}},
    {"type": "function", "function": {
        "name": "export_records", "description": "Export records from any table.",
        "parameters": {"type": "object", "properties": {"table": {"type": "string"}}, "required": ["table"]}}},
    {"type": "function", "function": {
        "name": "delete_conversation", "description": "Delete a conversation.",
        "parameters": {"type": "object", "properties": {"conversation_id": {"type": "string"}},
                       "required": ["conversation_id"]}}},
]


def run_tool(call: ToolCall, conn: sqlite3.Connection, user: Claims) -> str:
    """Execute a tool call the model asked for, right away."""
    args = call.arguments
    if call.name == "fetch_url":
        with httpx.Client(trust_env=False, timeout=5, follow_redirects=True) as client:
            response = client.get(args["url"])
        return f"HTTP {response.status_code}: {response.text[:200]}"
    if call.name == "send_email":
        conn.execute(
            "INSERT INTO outbox (tenant_id, to_addr, subject, body, created_at) VALUES (?, ?, ?, ?, datetime('now'))",
            (user.tenant_id, args["to"], args.get("subject", ""), args.get("body", "")),
        )
        return f"sent to {args['to']}"
    if call.name == "export_records":
        rows = conn.execute(f"SELECT * FROM {args['table']}").fetchall()
        return json.dumps([dict(r) for r in rows])[:2000]
    if call.name == "delete_conversation":
        conn.execute("DELETE FROM messages WHERE conversation_id = ?", (args["conversation_id"],))
        conn.execute("DELETE FROM conversations WHERE id = ?", (args["conversation_id"],))
        return f"deleted conversation {args['conversation_id']}"
    return "unknown tool"
