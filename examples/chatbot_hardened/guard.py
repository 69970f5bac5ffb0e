"""What sits between the model and the user: document quarantine, tool policy, output filter."""

from __future__ import annotations

import json
import re
import sqlite3
import time
import urllib.parse
from typing import Any

import httpx
from fastapi import HTTPException

from .db import User, get_owned, new_id
from .model import ToolCall

# Tool definitions as the model sees them: narrow schemas, and the outbound/destructive ones need a
# human confirmation before they run.
TOOLS: list[dict[str, Any]] = [
    {"type": "function", "x-requires-confirmation": True, "function": {
        "name": "send_email", "description": "Draft an e-mail; the user confirms before it is sent.",
        "parameters": {"type": "object", "additionalProperties": False, "properties": {
            "to": {"type": "string", "format": "email", "maxLength": 254},
            "subject": {"type": "string", "maxLength": 200}, "body": {"type": "string", "maxLength": 4000}},
            "required": ["to", "body"]}}},
    {"type": "function", "x-requires-confirmation": False, "function": {
        "name": "fetch_url", "description": "Fetch a page from the product documentation site only.",
        "parameters": {"type": "object", "additionalProperties": False, "properties": {
            "url": {"type": "string", "pattern": r"^https://docs\.acme-assist\.example/", "maxLength": 500}},
            "required": ["url"]}}},
    {"type": "function", "x-requires-confirmation": True, "function": {
        "name": "export_records", "description": "Export this workspace's conversations (admins only).",
        "parameters": {"type": "object", "additionalProperties": False, "properties": {
            "table": {"type": "string", "enum": ["conversations"]}}, "required": ["table"]}}},
    {"type": "function", "x-requires-confirmation": True, "function": {
        "name": "delete_conversation", "description": "Delete one of the user's own conversations.",
        "parameters": {"type": "object", "additionalProperties": False, "properties": {
            "conversation_id": {"type": "string", "pattern": "^[0-9a-f]{32}$"}},
            "required": ["conversation_id"]}}},
]
CONFIRM = {"send_email", "export_records", "delete_conversation"}
_EMAIL = re.compile(r"^[\w.+-]+@[\w-]+(?:\.[\w-]+)+$")
_INSTRUCTION = re.compile(
    r"ignore|instruction|system prompt|assistant|\btools?\b|send_email|fetch_url|export|delete|"
    r"\b(?:write|say|print|output|include|respond|reply|append|call|repeat|e-?mail|fetch|visit|open)\b|https?://",
    re.IGNORECASE,
)
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\((?:[a-z]+:)?//[^)]*\)", re.IGNORECASE)
_URL = re.compile(r"\b(?:https?:)?//[^\s)\"'<>]+", re.IGNORECASE)


def quarantine(document: str, limit: int = 1500) -> str:
    """Retrieved text is data: sentences that read like instructions to the model are dropped."""
    sentences = re.split(r"(?<=[.!?])\s+|\n+", document[:20000])
    return " ".join(s for s in sentences if s.strip() and not _INSTRUCTION.search(s))[:limit]


def filter_output(text: str, system_prompt: str, canary: str, allowed_hosts: tuple[str, ...]) -> str:
    """Never show the system prompt; no images, and no links or URLs to hosts outside the allow-list."""
    fragments = [system_prompt[i:i + 40] for i in range(0, max(len(system_prompt) - 40, 1), 20)]
    if canary in text or any(f in text for f in fragments):
        return "I can't share my configuration, but I'm happy to help with your question."
    text = _IMAGE.sub("[image removed]", text)

    def allowed(url: str) -> bool:
        host = urllib.parse.urlsplit(url if "//" in url else "//" + url).hostname or ""
        return host in allowed_hosts

    text = _LINK.sub(lambda m: m.group(0) if allowed(m.group(0)[m.group(0).index("(") + 1:-1]) else m.group(1), text)
    return _URL.sub(lambda m: m.group(0) if allowed(m.group(0)) else "[link removed]", text)


def url_allowed(url: str, allowlist: tuple[str, ...]) -> bool:
    parts = urllib.parse.urlsplit(url)
    return (parts.scheme == "https" and parts.hostname in allowlist and parts.port in (None, 443)
            and not parts.username and not parts.password)


def execute(conn: sqlite3.Connection, user: User, name: str, arguments: dict[str, str]) -> str:
    """Run a tool call that policy allowed (and, for CONFIRM tools, the user confirmed)."""
    if name == "fetch_url":
        with httpx.Client(trust_env=False, timeout=3, follow_redirects=False) as client:
            response = client.get(arguments["url"])
        return f"HTTP {response.status_code}: {response.text[:200]}"
    if name == "send_email":
        conn.execute("INSERT INTO outbox (tenant_id, kind, to_addr, subject, body, created_at)"
                     " VALUES (?, 'tool', ?, ?, ?, datetime('now'))",
                     (user.tenant_id, arguments["to"], arguments.get("subject", "")[:200], arguments["body"][:4000]))
        return f"sent to {arguments['to']}"
    if name == "export_records":
        rows = conn.execute("SELECT id, title, created_at FROM conversations WHERE tenant_id = ?", (user.tenant_id,))
        return json.dumps([dict(r) for r in rows])[:2000]
    if name == "delete_conversation":
        row = get_owned(conn, "conversation", arguments["conversation_id"], user)
        conn.execute("DELETE FROM messages WHERE conversation_id = ?", (row["id"],))
        conn.execute("DELETE FROM conversations WHERE id = ?", (row["id"],))
        return "conversation deleted"
    raise ValueError(name)


def decide(conn: sqlite3.Connection, user: User, call: ToolCall, fetch_allowlist: tuple[str, ...]) -> dict[str, Any]:
    """Apply the tool policy to one call the model proposed; returns its trace entry."""
    entry: dict[str, Any] = {"name": call.name, "arguments": call.arguments}
    reason = ""
    if call.name not in {t["function"]["name"] for t in TOOLS}:
        reason = "tool not on the allow-list"
    elif call.name == "fetch_url" and not url_allowed(call.arguments.get("url", ""), fetch_allowlist):
        reason = "URL not on the allow-list"
    elif call.name == "send_email" and not _EMAIL.match(call.arguments.get("to", "")):
        reason = "invalid recipient"
    elif call.name == "export_records" and user.role != "admin":
        reason = "export needs the admin role"
    elif call.name == "delete_conversation":
        try:
            get_owned(conn, "conversation", call.arguments.get("conversation_id", ""), user)
        except HTTPException:
            reason = "no such conversation of yours"
    if reason:
        return entry | {"status": "refused", "reason": reason}
    if call.name in CONFIRM:
        action = new_id()
        conn.execute("INSERT INTO pending_actions (id, tenant_id, user_id, name, arguments, created_at)"
                     " VALUES (?, ?, ?, ?, ?, ?)",
                     (action, user.tenant_id, user.id, call.name, json.dumps(call.arguments), time.time()))
        return entry | {"status": "needs_confirmation", "confirmation_id": action}
    return entry | {"status": "executed", "result": execute(conn, user, call.name, call.arguments)}
