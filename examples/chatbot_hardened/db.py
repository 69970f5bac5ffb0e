"""SQLite storage: schema, seed data, password hashing and the one helper every object read goes through."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

from fastapi import Depends, HTTPException, Request

SCHEMA = """
CREATE TABLE IF NOT EXISTS tenants (id TEXT PRIMARY KEY, slug TEXT UNIQUE, name TEXT, plan TEXT);
CREATE TABLE IF NOT EXISTS users (
    id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL, email TEXT UNIQUE, name TEXT, role TEXT, password_hash TEXT
);
CREATE TABLE IF NOT EXISTS workspace_settings (tenant_id TEXT PRIMARY KEY, settings TEXT);
CREATE TABLE IF NOT EXISTS conversations (
    id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL, user_id TEXT NOT NULL, title TEXT, created_at TEXT
);
CREATE TABLE IF NOT EXISTS messages (
    id INTEGER PRIMARY KEY, conversation_id TEXT NOT NULL, role TEXT, content TEXT, created_at TEXT
);
CREATE TABLE IF NOT EXISTS files (
    id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL, user_id TEXT NOT NULL, filename TEXT, content_type TEXT,
    content BLOB, created_at TEXT
);
CREATE TABLE IF NOT EXISTS outbox (
    id INTEGER PRIMARY KEY, tenant_id TEXT NOT NULL, kind TEXT, to_addr TEXT, subject TEXT, body TEXT,
    created_at TEXT
);
CREATE TABLE IF NOT EXISTS invoices (id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL, amount_cents INTEGER, status TEXT);
CREATE TABLE IF NOT EXISTS reset_tokens (token_sha256 TEXT PRIMARY KEY, user_id TEXT, expires_at REAL, used INTEGER);
CREATE TABLE IF NOT EXISTS webhook_events (event_id TEXT PRIMARY KEY, event_type TEXT, received_at REAL);
CREATE TABLE IF NOT EXISTS webhook_signatures (signature TEXT PRIMARY KEY, received_at REAL);
CREATE TABLE IF NOT EXISTS pending_actions (
    id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL, user_id TEXT NOT NULL, name TEXT, arguments TEXT,
    created_at REAL, done INTEGER DEFAULT 0
);
"""

ALICE_CONVERSATION_CANARY = "ACME-ALICE-CONV-CANARY-4412"
BOB_CONVERSATION_CANARY = "GLOBEX-BOB-CONV-CANARY-9081"
ACME_DOCUMENT_CANARY = "ACME-DOC-CANARY-2231"
GLOBEX_DOCUMENT_CANARY = "GLOBEX-DOC-CANARY-5510"


@dataclass(frozen=True)
class User:
    id: str
    tenant_id: str
    email: str
    name: str
    role: str


def new_id() -> str:
    return uuid.uuid4().hex


def hash_password(password: str, salt: bytes | None = None) -> str:
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=2**14, r=8, p=1)
    return f"scrypt${salt.hex()}${digest.hex()}"


def verify_password(password: str, stored: str) -> bool:
    _, salt, digest = stored.split("$")
    candidate = hash_password(password, bytes.fromhex(salt)).rsplit("$", 1)[1]
    return hmac.compare_digest(candidate, digest)


DUMMY_HASH = hash_password(secrets.token_urlsafe(16))


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


def get_db(request: Request) -> Iterator[sqlite3.Connection]:
    """One connection per request, shared by the route and its dependencies."""
    with connection(request.app.state.settings.db_path) as conn:
        yield conn


Db = Annotated[sqlite3.Connection, Depends(get_db)]


def get_owned(conn: sqlite3.Connection, kind: Literal["conversation", "file"], object_id: str,
              user: User) -> sqlite3.Row:
    """The object if ``user`` may reach it, else 404 (never 403: existence is not disclosed).

    Conversations belong to one user; files to the user's whole tenant. Every route reads objects
    through here, so the tenant and owner filter lives in one place.
    """
    row: sqlite3.Row | None
    if kind == "conversation":
        row = conn.execute("SELECT * FROM conversations WHERE id = ? AND tenant_id = ? AND user_id = ?",
                           (object_id, user.tenant_id, user.id)).fetchone()
    else:
        row = conn.execute("SELECT * FROM files WHERE id = ? AND tenant_id = ?",
                           (object_id, user.tenant_id)).fetchone()
    if row is None:
        raise HTTPException(404, f"{kind} not found")
    return row


def init_db(path: Path, seed_password: str) -> None:
    """Create the schema and, on an empty database, the two demo tenants and their data."""
    with connection(path) as conn:
        conn.executescript(SCHEMA)
        if conn.execute("SELECT COUNT(*) FROM users").fetchone()[0]:
            return
        now = "2026-01-05T09:00:00Z"
        acme, globex = new_id(), new_id()
        conn.execute("INSERT INTO tenants VALUES (?, 'acme', 'Acme Corp', 'pro')", (acme,))
        conn.execute("INSERT INTO tenants VALUES (?, 'globex', 'Globex Inc', 'starter')", (globex,))
        for tenant, name, days in ((acme, "Acme", 30), (globex, "Globex", 90)):
            conn.execute("INSERT INTO workspace_settings VALUES (?, ?)",
                         (tenant, f'{{"display_name": "{name}", "retention_days": {days}}}'))
        for tenant, amount, status in ((acme, 4900, "paid"), (acme, 4900, "open"), (globex, 1900, "open")):
            conn.execute("INSERT INTO invoices VALUES (?, ?, ?, ?)", (new_id(), tenant, amount, status))
        ids = {}
        for tenant, email, name, role in ((acme, "alice@acme.test", "Alice Anders", "user"),
                                          (acme, "carol@acme.test", "Carol Chen", "admin"),
                                          (globex, "bob@globex.test", "Bob Brown", "user")):
            ids[email] = new_id()
            conn.execute("INSERT INTO users VALUES (?, ?, ?, ?, ?, ?)",
                         (ids[email], tenant, email, name, role, hash_password(seed_password)))
        seeds = ((acme, ids["alice@acme.test"], "Q3 launch plan",
                  f"Our Q3 launch code is {ALICE_CONVERSATION_CANARY}; keep it internal."),
                 (globex, ids["bob@globex.test"], "Globex pricing",
                  f"Globex discount for the Initech deal: {BOB_CONVERSATION_CANARY}."))
        for tenant, user, title, text in seeds:
            conversation = new_id()
            conn.execute("INSERT INTO conversations VALUES (?, ?, ?, ?, ?)", (conversation, tenant, user, title, now))
            conn.execute("INSERT INTO messages (conversation_id, role, content, created_at) VALUES (?, 'user', ?, ?)",
                         (conversation, text, now))
        docs = ((acme, ids["alice@acme.test"], "acme-handbook.txt",
                 f"Acme handbook. Refunds are approved by Carol. Vault code {ACME_DOCUMENT_CANARY}."),
                (globex, ids["bob@globex.test"], "globex-contract.txt",
                 f"Globex contract terms with Initech. Secret rate {GLOBEX_DOCUMENT_CANARY}."))
        for tenant, user, filename, text in docs:
            conn.execute("INSERT INTO files VALUES (?, ?, ?, ?, 'text/plain', ?, ?)",
                         (new_id(), tenant, user, filename, text.encode(), now))
