"""Acme Assist API (vulnerable edition): routes, middleware and startup."""

from __future__ import annotations

import json
import logging
import os
import platform
import secrets
import sqlite3
import sys
import traceback
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated, Any

import fastapi
from fastapi import Body, Depends, FastAPI, File, Form, HTTPException, Request, Response, UploadFile
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from . import db
from .auth import current_user, issue_token
from .model import Message as ModelMessage
from .model import StandInModel
from .settings import OPENAI_API_KEY, STRIPE_WEBHOOK_SECRET, SYSTEM_PROMPT_TEMPLATE, load_settings
from .tools import TOOLS, run_tool

settings = load_settings()
log = logging.getLogger("acme_assist")
WEB = Path(__file__).resolve().parent / "web" / "dist"
BANNER = f"uvicorn/0.29.0 Python/{platform.python_version()}"


class JsonLines(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {"ts": self.formatTime(record), "level": record.levelname, "msg": record.getMessage()}
        entry.update(getattr(record, "extra_fields", {}))
        return json.dumps(entry, default=str)


def configure_logging() -> None:
    if not log.handlers:
        handler = logging.FileHandler(settings.log_path, encoding="utf-8")
        handler.setFormatter(JsonLines())
        log.addHandler(handler)
        log.setLevel(logging.DEBUG)


class AccessLog:
    """Logs every request in full, for debugging support tickets, and adds our version banner."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        body = bytearray()

        async def recording_receive() -> Message:
            message = await receive()
            body.extend(message.get("body", b""))
            return message

        async def banner_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), (b"server", BANNER.encode()),
                                      (b"x-powered-by", f"FastAPI/{fastapi.__version__}".encode())]
            await send(message)

        try:
            await self.app(scope, recording_receive, banner_send)
        finally:
            headers = {k.decode(): v.decode(errors="replace") for k, v in scope["headers"]}
            log.info("request", extra={"extra_fields": {
                "method": scope["method"], "path": scope["path"], "headers": headers,
                "body": bytes(body[:20000]).decode(errors="replace")}})


@asynccontextmanager
async def lifespan(_: FastAPI) -> AsyncIterator[None]:
    configure_logging()
    db.init_db(settings.db_path, settings.seed_password)
    log.info("started", extra={"extra_fields": {"openai_key": OPENAI_API_KEY, "db": str(settings.db_path)}})
    yield


app = FastAPI(title="Acme Assist", version="1.4.2", debug=True, lifespan=lifespan)
app.add_middleware(AccessLog)
app.add_middleware(CORSMiddleware, allow_origin_regex=".*", allow_credentials=True,
                   allow_methods=["*"], allow_headers=["*"])


@app.exception_handler(Exception)
async def show_errors(request: Request, exc: Exception) -> JSONResponse:
    return JSONResponse({"error": repr(exc), "traceback": traceback.format_exc()}, status_code=500)


def get_db() -> Iterator[sqlite3.Connection]:
    with db.connection(settings.db_path) as conn:
        yield conn


Db = Annotated[sqlite3.Connection, Depends(get_db)]
JsonBody = Annotated[dict[str, Any], Body()]
model = StandInModel()


def rows(cursor: sqlite3.Cursor) -> list[dict[str, Any]]:
    return [dict(r) for r in cursor.fetchall()]


def file_json(row: sqlite3.Row) -> dict[str, Any]:
    item = {k: row[k] for k in row.keys() if k != "content"}  # noqa: SIM118
    item["content"] = bytes(row["content"]).decode(errors="replace")
    return item


# --- public -----------------------------------------------------------------------------------------

@app.get("/health")
def health() -> dict[str, Any]:
    return {"status": "ok", "version": app.version, "python": sys.version, "db": str(settings.db_path)}


@app.get("/debug/config")
def debug_config() -> dict[str, Any]:
    return {"openai_api_key": OPENAI_API_KEY, "stripe_webhook_secret": STRIPE_WEBHOOK_SECRET,
            "jwt_secret": "secret", "db": str(settings.db_path), "env": dict(os.environ)}


@app.post("/auth/login")
def login(conn: Db, payload: JsonBody) -> dict[str, Any]:
    user = conn.execute("SELECT * FROM users WHERE email = ?", (payload["email"],)).fetchone()
    if user is None:
        raise HTTPException(404, "no account with that email")
    if user["password_md5"] != db.md5(payload["password"]):
        raise HTTPException(401, "wrong password")
    token = issue_token(user["id"], user["tenant_id"], user["role"], user["email"])
    return {"access_token": token, "token_type": "bearer", "user_id": user["id"], "tenant_id": user["tenant_id"]}


@app.post("/auth/reset")
def request_reset(conn: Db, payload: JsonBody) -> dict[str, Any]:
    user = conn.execute("SELECT * FROM users WHERE email = ?", (payload["email"],)).fetchone()
    if user is None:
        raise HTTPException(404, "no account with that email")
    token = secrets.token_hex(16)
    conn.execute("INSERT INTO reset_tokens VALUES (?, ?)", (token, user["id"]))
    link = f"{settings.public_url}/reset?token={token}"
    log.info(f"password reset link for {user['email']}: {link}")
    conn.execute(
        "INSERT INTO outbox (tenant_id, to_addr, subject, body, created_at) VALUES (?, ?, ?, ?, datetime('now'))",
        (user["tenant_id"], user["email"], "Reset your password", f"Click {link}"),
    )
    return {"status": "sent"}


@app.post("/auth/reset/confirm")
def confirm_reset(conn: Db, payload: JsonBody) -> dict[str, Any]:
    row = conn.execute("SELECT * FROM reset_tokens WHERE token = ?", (payload["token"],)).fetchone()
    if row is None:
        raise HTTPException(400, "invalid token")
    conn.execute("UPDATE users SET password_md5 = ? WHERE id = ?", (db.md5(payload["new_password"]), row["user_id"]))
    return {"status": "password changed"}


@app.post("/webhooks/stripe")
async def stripe_webhook(request: Request, conn: Db) -> dict[str, Any]:
    event = json.loads(await request.body())  # TODO: verify Stripe-Signature before launch
    conn.execute("INSERT INTO webhook_events (event_type, payload) VALUES (?, ?)", (event["type"], json.dumps(event)))
    if event["type"] == "invoice.paid":
        invoice_id = event["data"]["object"]["metadata"]["invoice_id"]
        conn.execute("UPDATE invoices SET status = 'paid' WHERE id = ?", (invoice_id,))
    return {"received": True}


@app.get("/conversations/{conversation_id}/messages")
def list_messages(conversation_id: str, conn: Db) -> list[dict[str, Any]]:
    # Shared transcript links open without a login.
    return rows(conn.execute("SELECT * FROM messages WHERE conversation_id = ? ORDER BY id", (int(conversation_id),)))


# --- signed-in users --------------------------------------------------------------------------------

@app.get("/me")
def me(request: Request) -> dict[str, Any]:
    user = current_user(request)
    return {"id": user.user_id, "email": user.email, "tenant_id": user.tenant_id, "role": user.role,
            "workspace_id": user.tenant_id}


@app.get("/admin/users")
def admin_users(request: Request, conn: Db) -> list[dict[str, Any]]:
    current_user(request)
    return rows(conn.execute("SELECT * FROM users"))


@app.get("/billing/invoices")
def invoices(request: Request, conn: Db, tenant_id: int | None = None) -> list[dict[str, Any]]:
    user = current_user(request)
    return rows(conn.execute("SELECT * FROM invoices WHERE tenant_id = ?", (tenant_id or user.tenant_id,)))


@app.get("/workspaces/{workspace_id}/settings")
def get_settings(workspace_id: str, request: Request, conn: Db) -> dict[str, Any]:
    current_user(request)
    row = conn.execute("SELECT settings FROM workspace_settings WHERE tenant_id = ?", (int(workspace_id),)).fetchone()
    if row is None:
        raise HTTPException(404, "no such workspace")
    return {"workspace_id": int(workspace_id), "settings": json.loads(row["settings"])}


@app.put("/workspaces/{workspace_id}/settings")
def put_settings(workspace_id: str, request: Request, conn: Db, payload: JsonBody) -> dict[str, Any]:
    current_user(request)
    conn.execute("INSERT OR REPLACE INTO workspace_settings VALUES (?, ?)", (int(workspace_id), json.dumps(payload)))
    return {"workspace_id": int(workspace_id), "settings": payload}


@app.get("/conversations")
def list_conversations(request: Request, conn: Db, tenant_id: int | None = None) -> list[dict[str, Any]]:
    user = current_user(request)
    return rows(conn.execute("SELECT * FROM conversations WHERE tenant_id = ?", (tenant_id or user.tenant_id,)))


@app.post("/conversations", status_code=201)
def create_conversation(request: Request, conn: Db, payload: JsonBody) -> dict[str, Any]:
    user = current_user(request)
    tenant_id = payload.get("tenant_id", user.tenant_id)
    user_id = payload.get("user_id", user.user_id)
    cur = conn.execute(
        "INSERT INTO conversations (tenant_id, user_id, title, created_at) VALUES (?, ?, ?, datetime('now'))",
        (tenant_id, user_id, payload.get("title", "New conversation")),
    )
    return dict(conn.execute("SELECT * FROM conversations WHERE id = ?", (cur.lastrowid,)).fetchone())


@app.get("/conversations/{conversation_id}")
def get_conversation(conversation_id: str, request: Request, conn: Db) -> dict[str, Any]:
    current_user(request)
    row = conn.execute("SELECT * FROM conversations WHERE id = ?", (int(conversation_id),)).fetchone()
    if row is None:
        raise HTTPException(404, "conversation not found")
    messages = rows(conn.execute("SELECT * FROM messages WHERE conversation_id = ?", (row["id"],)))
    return {**dict(row), "messages": messages}


@app.patch("/conversations/{conversation_id}")
def rename_conversation(conversation_id: str, request: Request, conn: Db,
                        payload: JsonBody) -> dict[str, Any]:
    current_user(request)
    conn.execute("UPDATE conversations SET title = ? WHERE id = ?", (payload["title"], int(conversation_id)))
    return dict(conn.execute("SELECT * FROM conversations WHERE id = ?", (int(conversation_id),)).fetchone())


@app.delete("/conversations/{conversation_id}", status_code=204)
def delete_conversation(conversation_id: str, request: Request, conn: Db) -> Response:
    current_user(request)
    conn.execute("DELETE FROM messages WHERE conversation_id = ?", (int(conversation_id),))
    conn.execute("DELETE FROM conversations WHERE id = ?", (int(conversation_id),))
    return Response(status_code=204)


@app.post("/files", status_code=201)
async def upload_file(request: Request, conn: Db, file: Annotated[UploadFile, File()],
                      tenant_id: Annotated[int | None, Form()] = None) -> dict[str, Any]:
    user = current_user(request)
    content = await file.read()
    cur = conn.execute(
        "INSERT INTO files (tenant_id, user_id, filename, content_type, content, created_at)"
        " VALUES (?, ?, ?, ?, ?, datetime('now'))",
        (tenant_id or user.tenant_id, user.user_id, file.filename, file.content_type, content),
    )
    return {"id": cur.lastrowid, "filename": file.filename, "content_type": file.content_type, "size": len(content)}


@app.get("/files")
def list_files(request: Request, conn: Db, tenant_id: int | None = None) -> list[dict[str, Any]]:
    user = current_user(request)
    return rows(conn.execute("SELECT id, tenant_id, user_id, filename, content_type, created_at FROM files"
                             " WHERE tenant_id = ?", (tenant_id or user.tenant_id,)))


@app.get("/files/{file_id}")
def get_file(file_id: str, request: Request, conn: Db) -> dict[str, Any]:
    current_user(request)
    row = conn.execute("SELECT * FROM files WHERE id = ?", (int(file_id),)).fetchone()
    if row is None:
        raise HTTPException(404, "file not found")
    return file_json(row)


@app.get("/files/{file_id}/download")
def download_file(file_id: str, conn: Db) -> Response:
    row = conn.execute("SELECT * FROM files WHERE id = ?", (int(file_id),)).fetchone()
    if row is None:
        raise HTTPException(404, "file not found")
    return Response(bytes(row["content"]), media_type=row["content_type"])


@app.delete("/files/{file_id}", status_code=204)
def delete_file(file_id: str, request: Request, conn: Db) -> Response:
    current_user(request)
    conn.execute("DELETE FROM files WHERE id = ?", (int(file_id),))
    return Response(status_code=204)


@app.get("/outbox")
def outbox(request: Request, conn: Db) -> list[dict[str, Any]]:
    user = current_user(request)
    return rows(conn.execute("SELECT * FROM outbox WHERE tenant_id = ? ORDER BY id", (user.tenant_id,)))


@app.get("/tools")
def list_tools() -> list[dict[str, Any]]:
    return TOOLS


def retrieve(conn: sqlite3.Connection, question: str) -> list[sqlite3.Row]:
    """Keyword search over the uploaded documents."""
    words = {w.strip(".,?!:;\"'()").lower() for w in question.split()}
    words = {w for w in words if len(w) >= 4}
    found = []
    for row in conn.execute("SELECT * FROM files ORDER BY id DESC"):
        text = (row["filename"] + " " + bytes(row["content"]).decode(errors="replace")).lower()
        if any(w in text for w in words) or any(k in question.lower() for k in ("summar", "document", "upload")):
            found.append(row)
    return found[:3]


@app.post("/chat")
def chat(request: Request, response: Response, conn: Db, payload: JsonBody) -> dict[str, Any]:
    user = current_user(request)
    message = str(payload["message"])
    log.info(f"chat from {user.email}: {message}")
    conversation_id: Any = payload.get("conversation_id")
    if conversation_id is None:
        cur = conn.execute(
            "INSERT INTO conversations (tenant_id, user_id, title, created_at) VALUES (?, ?, ?, datetime('now'))",
            (user.tenant_id, user.user_id, message[:40]),
        )
        conversation_id = cur.lastrowid
    conversation_id = int(conversation_id)
    workspace = conn.execute("SELECT name FROM tenants WHERE id = ?", (user.tenant_id,)).fetchone()
    system = SYSTEM_PROMPT_TEMPLATE.format(workspace=workspace["name"] if workspace else "Acme", canary=settings.canary)
    context = [ModelMessage("system", system)]
    for m in conn.execute("SELECT role, content FROM messages WHERE conversation_id = ? ORDER BY id", (conversation_id,)):
        context.append(ModelMessage(m["role"], m["content"]))
    for doc in retrieve(conn, message):
        context.append(ModelMessage("document", bytes(doc["content"]).decode(errors="replace"), doc["filename"]))
    context.append(ModelMessage("user", message))
    completion = model.complete(context, conversation_id=str(conversation_id))
    trace = []
    reply = completion.text
    for call in completion.tool_calls:
        result = run_tool(call, conn, user)
        trace.append({"name": call.name, "arguments": call.arguments, "status": "executed", "result": result})
        reply += f"\n\n[{call.name}] {result}"
    for role, content in (("user", message), ("assistant", reply)):
        conn.execute("INSERT INTO messages (conversation_id, role, content, created_at) VALUES (?, ?, ?, datetime('now'))",
                     (conversation_id, role, content))
    response.headers["Server-Timing"] = f"model;dur={completion.model_ms}"
    return {"conversation_id": conversation_id, "reply": reply, "tool_calls": trace,
            "usage": {"prompt_tokens": completion.prompt_tokens, "completion_tokens": completion.completion_tokens}}


@app.get("/")
def index() -> FileResponse:
    return FileResponse(WEB / "index.html")


app.mount("/assets", StaticFiles(directory=WEB / "assets"), name="assets")
