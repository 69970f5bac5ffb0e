"""SQLite storage: schema, seed data and the few queries the routes share."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS tenants (id INTEGER PRIMARY KEY, slug TEXT UNIQUE, name TEXT, plan TEXT);
CREATE TABLE IF NOT EXISTS users (
    id INTEGER PRIMARY KEY, tenant_id INTEGER, email TEXT UNIQUE, name TEXT, role TEXT, password_md5 TEXT
);
CREATE TABLE IF NOT EXISTS workspace_settings (tenant_id INTEGER PRIMARY KEY, settings TEXT);
CREATE TABLE IF NOT EXISTS conversations (
    id INTEGER PRIMARY KEY, tenant_id INTEGER, user_id INTEGER, title TEXT, created_at TEXT
);
CREATE TABLE IF NOT EXISTS messages (
    id INTEGER PRIMARY KEY, conversation_id INTEGER, role TEXT, content TEXT, created_at TEXT
);
CREATE TABLE IF NOT EXISTS files (
    id INTEGER PRIMARY KEY, tenant_id INTEGER, user_id INTEGER, filename TEXT, content_type TEXT,
    content BLOB, created_at TEXT
);
CREATE TABLE IF NOT EXISTS outbox (
    id INTEGER PRIMARY KEY, tenant_id INTEGER, to_addr TEXT, subject TEXT, body TEXT, created_at TEXT
);
CREATE TABLE IF NOT EXISTS invoices (id INTEGER PRIMARY KEY, tenant_id INTEGER, amount_cents INTEGER, status TEXT);
CREATE TABLE IF NOT EXISTS reset_tokens (token TEXT PRIMARY KEY, user_id INTEGER);
CREATE TABLE IF NOT EXISTS webhook_events (id INTEGER PRIMARY KEY, event_type TEXT, payload TEXT);
"""

# Seeded canaries: each tenant's private data carries a marker that must never reach the other tenant.
ALICE_CONVERSATION_CANARY = "ACME-ALICE-CONV-CANARY-4412"
BOB_CONVERSATION_CANARY = "GLOBEX-BOB-CONV-CANARY-9081"
ACME_DOCUMENT_CANARY = "ACME-DOC-CANARY-2231"
GLOBEX_DOCUMENT_CANARY = "GLOBEX-DOC-CANARY-5510"


def md5(password: str) -> str:
    return hashlib.md5(password.encode()).hexdigest()


def connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, timeout=10, check_same_thread=False, isolation_level=None)
    conn.row_factory = sqlite3.Row
    return conn


@contextmanager
def connection(path: Path) -> Iterator[sqlite3.Connection]:
    conn = connect(path)
    try:
        yield conn
    finally:
        conn.close()


def init_db(path: Path, seed_password: str) -> None:
    """Create the schema and, on an empty database, the two demo tenants and their data."""
    with connection(path) as conn:
        conn.executescript(SCHEMA)
        if conn.execute("SELECT COUNT(*) FROM users").fetchone()[0]:
            return
        now = "2026-01-05T09:00:00Z"
        conn.executescript(
            "INSERT INTO tenants VALUES (1, 'acme', 'Acme Corp', 'pro');"
            "INSERT INTO tenants VALUES (2, 'globex', 'Globex Inc', 'starter');"
            """INSERT INTO workspace_settings VALUES (1, '{"display_name": "Acme", "retention_days": 30}');"""
            """INSERT INTO workspace_settings VALUES (2, '{"display_name": "Globex", "retention_days": 90}');"""
            "INSERT INTO invoices VALUES (1, 1, 4900, 'paid'), (2, 1, 4900, 'open'), (3, 2, 1900, 'open');"
        )
        users = [
            (1, 1, "alice@acme.test", "Alice Anders", "user"),
            (2, 1, "carol@acme.test", "Carol Chen", "admin"),
            (3, 2, "bob@globex.test", "Bob Brown", "user"),
        ]
        for uid, tenant, email, name, role in users:
            conn.execute(
                "INSERT INTO users VALUES (?, ?, ?, ?, ?, ?)", (uid, tenant, email, name, role, md5(seed_password))
            )
        conn.execute("INSERT INTO conversations VALUES (1, 1, 1, 'Q3 launch plan', ?)", (now,))
        conn.execute(
            "INSERT INTO messages (conversation_id, role, content, created_at) VALUES (1, 'user', ?, ?)",
            (f"Our Q3 launch code is {ALICE_CONVERSATION_CANARY}; keep it internal.", now),
        )
        conn.execute("INSERT INTO conversations VALUES (2, 2, 3, 'Globex pricing', ?)", (now,))
        conn.execute(
            "INSERT INTO messages (conversation_id, role, content, created_at) VALUES (2, 'user', ?, ?)",
            (f"Globex discount for the Initech deal: {BOB_CONVERSATION_CANARY}.", now),
        )
        docs = [
            (1, 1, "acme-handbook.txt", f"Acme handbook. Refunds are approved by Carol. Vault code {ACME_DOCUMENT_CANARY}."),
            (2, 3, "globex-contract.txt", f"Globex contract terms with Initech. Secret rate {GLOBEX_DOCUMENT_CANARY}."),
        ]
        for tenant, user, filename, text in docs:
            conn.execute(
                "INSERT INTO files (tenant_id, user_id, filename, content_type, content, created_at)"
                " VALUES (?, ?, ?, 'text/plain', ?, ?)",
                (tenant, user, filename, text.encode(), now),
            )
