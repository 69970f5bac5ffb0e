"""Acme Assist API (hardened edition): routes, middleware and startup."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import re
import secrets
import sqlite3
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, File, HTTPException, Request, Response, UploadFile
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, ConfigDict, Field
from slowapi import Limiter
from slowapi.errors import RateLimitExceeded
from slowapi.util import get_remote_address

from . import db
from .auth import AdminUser, CurrentUser, current_user, issue_token
from .db import Db
from .guard import TOOLS, decide, execute, filter_output, quarantine
from .model import Message as ModelMessage
from .model import StandInModel
from .security import BodySizeLimit, LoginThrottle, SecurityHeaders, configure_logging
from .settings import SYSTEM_PROMPT_TEMPLATE, load_settings

settings = load_settings()
log = logging.getLogger("acme_assist")
WEB = Path(__file__).resolve().parent / "web" / "dist"
Id = Annotated[str, PathParam(pattern="^[0-9a-f]{32}$")]
limiter = Limiter(key_func=get_remote_address)


def scanner_exempt(request: Request) -> bool:
    """Staging only: the readiness scanner's requests, carrying CHATBOT_SCANNER_TOKEN, skip the limiter
    (so a full scan does not exhaust the per-IP windows); the scanner's own rate-limit probes never send
    it. With the variable unset — production — nothing is exempt."""
    token = settings.scanner_token
    given = request.headers.get("x-launchready-scan", "")
    return token is not None and hmac.compare_digest(given.encode(), token.encode())
login_throttle = LoginThrottle()
model = StandInModel(max_output_tokens=settings.max_output_tokens)
ALLOWED_UPLOADS = {".txt": "text/plain", ".md": "text/markdown", ".csv": "text/csv",
                   ".json": "application/json", ".pdf": "application/pdf"}
_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ._-]{0,99}$")
_ACTIVE = re.compile(rb"<\s*(script|html|svg|iframe|object)|^MZ|^\x7fELF", re.IGNORECASE)


@asynccontextmanager
async def lifespan(_: FastAPI) -> AsyncIterator[None]:
    configure_logging(str(settings.log_path))
    db.init_db(settings.db_path, settings.seed_password)
    log.info("started")
    yield


app = FastAPI(title="Acme Assist", version="1.4.2", lifespan=lifespan)
app.state.settings = settings
app.state.limiter = limiter
app.add_middleware(CORSMiddleware, allow_origins=list(settings.cors_origins), allow_credentials=True,
                   allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
                   allow_headers=["Authorization", "Content-Type"])
app.add_middleware(BodySizeLimit, default_limit=settings.max_body_bytes, upload_limit=settings.max_upload_bytes)
app.add_middleware(SecurityHeaders)


@app.exception_handler(RateLimitExceeded)
async def rate_limited(request: Request, exc: RateLimitExceeded) -> JSONResponse:
    retry_after = int(exc.limit.limit.get_expiry()) if exc.limit is not None else 60
    return JSONResponse({"detail": "too many requests"}, 429, headers={"Retry-After": str(retry_after)})


@app.exception_handler(RequestValidationError)
async def invalid_request(request: Request, exc: RequestValidationError) -> JSONResponse:
    errors = [{"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")} for e in exc.errors()]
    return JSONResponse({"detail": errors}, 422)


@app.exception_handler(Exception)
async def internal_error(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled error", extra={"extra_fields": {"path": request.url.path}})
    return JSONResponse({"detail": "internal error"}, 500)


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class LoginIn(Strict):
    email: str = Field(min_length=3, max_length=254)
    password: str = Field(min_length=1, max_length=200)


class ResetIn(Strict):
    email: str = Field(min_length=3, max_length=254)


class ResetConfirmIn(Strict):
    token: str = Field(min_length=16, max_length=100)
    new_password: str = Field(min_length=12, max_length=200)


class ConversationIn(BaseModel):
    # extra keys (tenant_id, user_id...) are ignored: ownership comes from the session
    title: str = Field(default="New conversation", min_length=1, max_length=200)


class ChatIn(Strict):
    message: str = Field(min_length=1, max_length=settings.max_message_chars)
    conversation_id: str | None = Field(default=None, pattern="^[0-9a-f]{32}$")


class SettingsIn(Strict):
    display_name: str = Field(min_length=1, max_length=80)
    retention_days: int = Field(ge=1, le=365)


def rows(cursor: sqlite3.Cursor) -> list[dict[str, Any]]:
    return [dict(r) for r in cursor.fetchall()]


# --- public -----------------------------------------------------------------------------------------
public = APIRouter()


@public.get("/health")
def health() -> dict[str, str]:
    return {"status": "ok"}


@public.post("/auth/login")
@limiter.limit(settings.rate_login, exempt_when=scanner_exempt)
def login(request: Request, body: LoginIn, conn: Db) -> dict[str, Any]:
    if wait := login_throttle.retry_after(body.email):
        raise HTTPException(429, "too many failed attempts", headers={"Retry-After": str(wait)})
    row = conn.execute("SELECT * FROM users WHERE email = ?", (body.email.lower(),)).fetchone()
    ok = db.verify_password(body.password, row["password_hash"] if row else db.DUMMY_HASH)
    if row is None or not ok:
        login_throttle.failed(body.email)
        raise HTTPException(401, "invalid email or password")
    return {"access_token": issue_token(row["id"], settings.jwt_secret), "token_type": "bearer",
            "expires_in": 900}


@public.post("/auth/reset", status_code=202)
@limiter.limit(settings.rate_reset, exempt_when=scanner_exempt)
def request_reset(request: Request, body: ResetIn, conn: Db) -> dict[str, str]:
    row = conn.execute("SELECT * FROM users WHERE email = ?", (body.email.lower(),)).fetchone()
    if row is not None:
        token = secrets.token_urlsafe(32)
        conn.execute("INSERT INTO reset_tokens VALUES (?, ?, ?, 0)",
                     (hashlib.sha256(token.encode()).hexdigest(), row["id"], time.time() + 1800))
        conn.execute("INSERT INTO outbox (tenant_id, kind, to_addr, subject, body, created_at)"
                     " VALUES (?, 'system', ?, 'Reset your password', ?, datetime('now'))",
                     (row["tenant_id"], row["email"], f"{settings.public_url}/reset?token={token}"))
        log.info("password reset requested", extra={"extra_fields": {"user_id": row["id"]}})
    return {"status": "if the account exists, a reset link is on its way"}


@public.post("/auth/reset/confirm")
@limiter.limit(settings.rate_reset, exempt_when=scanner_exempt)
def confirm_reset(request: Request, body: ResetConfirmIn, conn: Db) -> dict[str, str]:
    digest = hashlib.sha256(body.token.encode()).hexdigest()
    row = conn.execute("SELECT * FROM reset_tokens WHERE token_sha256 = ? AND used = 0 AND expires_at > ?",
                       (digest, time.time())).fetchone()
    if row is None:
        raise HTTPException(400, "invalid or expired token")
    conn.execute("UPDATE reset_tokens SET used = 1 WHERE token_sha256 = ?", (digest,))
    conn.execute("UPDATE users SET password_hash = ? WHERE id = ?", (db.hash_password(body.new_password), row["user_id"]))
    return {"status": "password changed"}


@public.post("/webhooks/stripe")
async def stripe_webhook(request: Request, conn: Db) -> dict[str, Any]:
    """Stripe scheme: ``Stripe-Signature: t=<unix>,v1=<hex hmac-sha256(secret, "t.body")>``, 300 s tolerance."""
    body = await request.body()
    fields = [item.split("=", 1) for item in request.headers.get("stripe-signature", "").split(",") if "=" in item]
    timestamps = [v for k, v in fields if k.strip() == "t"]
    signatures = [v.strip() for k, v in fields if k.strip() == "v1"]
    if len(timestamps) != 1 or not timestamps[0].strip().isdigit() or not signatures:
        raise HTTPException(400, "missing or malformed signature")
    timestamp = int(timestamps[0])
    if abs(time.time() - timestamp) > 300:
        raise HTTPException(400, "timestamp outside the tolerance")
    expected = hmac.new(settings.stripe_webhook_secret.encode(), f"{timestamp}.".encode() + body,
                        hashlib.sha256).hexdigest()
    if not any(hmac.compare_digest(expected, s) for s in signatures):
        raise HTTPException(400, "invalid signature")
    try:
        conn.execute("INSERT INTO webhook_signatures VALUES (?, ?)", (expected, time.time()))
    except sqlite3.IntegrityError as exc:
        raise HTTPException(400, "replayed delivery") from exc
    try:
        event = json.loads(body)
        event_id, event_type = str(event["id"]), str(event["type"])
    except (ValueError, KeyError, TypeError) as exc:
        raise HTTPException(400, "malformed event") from exc
    try:
        conn.execute("INSERT INTO webhook_events VALUES (?, ?, ?)", (event_id, event_type, time.time()))
    except sqlite3.IntegrityError:
        return {"received": True, "duplicate": True}
    if event_type == "invoice.paid":
        invoice = str(event.get("data", {}).get("object", {}).get("metadata", {}).get("invoice_id", ""))
        conn.execute("UPDATE invoices SET status = 'paid' WHERE id = ?", (invoice,))
    return {"received": True}


@public.get("/")
def index() -> FileResponse:
    return FileResponse(WEB / "index.html")


# --- signed-in users: one router, one authentication dependency --------------------------------------
private = APIRouter(dependencies=[Depends(current_user)])


@private.get("/me")
def me(user: CurrentUser) -> dict[str, str]:
    return {"id": user.id, "email": user.email, "name": user.name, "role": user.role,
            "tenant_id": user.tenant_id, "workspace_id": user.tenant_id}


@private.get("/admin/users")
def admin_users(user: AdminUser, conn: Db) -> list[dict[str, Any]]:
    return rows(conn.execute("SELECT id, email, name, role FROM users WHERE tenant_id = ?", (user.tenant_id,)))


@private.get("/billing/invoices")
def invoices(user: AdminUser, conn: Db) -> list[dict[str, Any]]:
    return rows(conn.execute("SELECT id, amount_cents, status FROM invoices WHERE tenant_id = ?", (user.tenant_id,)))


@private.get("/workspaces/{workspace_id}/settings")
def get_settings(workspace_id: Id, user: CurrentUser, conn: Db) -> dict[str, Any]:
    row = conn.execute("SELECT settings FROM workspace_settings WHERE tenant_id = ? AND tenant_id = ?",
                       (workspace_id, user.tenant_id)).fetchone()
    if row is None:
        raise HTTPException(404, "workspace not found")
    return {"workspace_id": workspace_id, "settings": json.loads(row["settings"])}


@private.put("/workspaces/{workspace_id}/settings")
def put_settings(workspace_id: Id, body: SettingsIn, user: AdminUser, conn: Db) -> dict[str, Any]:
    if workspace_id != user.tenant_id:
        raise HTTPException(404, "workspace not found")
    conn.execute("UPDATE workspace_settings SET settings = ? WHERE tenant_id = ?", (body.model_dump_json(), user.tenant_id))
    return {"workspace_id": workspace_id, "settings": body.model_dump()}


@private.get("/conversations")
def list_conversations(user: CurrentUser, conn: Db) -> list[dict[str, Any]]:
    return rows(conn.execute("SELECT id, title, created_at FROM conversations WHERE tenant_id = ? AND user_id = ?"
                             " ORDER BY created_at", (user.tenant_id, user.id)))


def create_conversation_row(conn: sqlite3.Connection, user: db.User, title: str) -> dict[str, Any]:
    conversation = db.new_id()
    conn.execute("INSERT INTO conversations VALUES (?, ?, ?, ?, datetime('now'))",
                 (conversation, user.tenant_id, user.id, title))
    return dict(db.get_owned(conn, "conversation", conversation, user))


@private.post("/conversations", status_code=201)
def create_conversation(body: ConversationIn, user: CurrentUser, conn: Db) -> dict[str, Any]:
    return create_conversation_row(conn, user, body.title)


@private.get("/conversations/{conversation_id}")
def get_conversation(conversation_id: Id, user: CurrentUser, conn: Db) -> dict[str, Any]:
    row = db.get_owned(conn, "conversation", conversation_id, user)
    return {**dict(row), "messages": rows(conn.execute(
        "SELECT role, content, created_at FROM messages WHERE conversation_id = ? ORDER BY id", (row["id"],)))}


@private.get("/conversations/{conversation_id}/messages")
def list_messages(conversation_id: Id, user: CurrentUser, conn: Db) -> list[dict[str, Any]]:
    row = db.get_owned(conn, "conversation", conversation_id, user)
    return rows(conn.execute("SELECT role, content, created_at FROM messages WHERE conversation_id = ? ORDER BY id",
                             (row["id"],)))


@private.patch("/conversations/{conversation_id}")
def rename_conversation(conversation_id: Id, body: ConversationIn, user: CurrentUser, conn: Db) -> dict[str, Any]:
    row = db.get_owned(conn, "conversation", conversation_id, user)
    conn.execute("UPDATE conversations SET title = ? WHERE id = ?", (body.title, row["id"]))
    return dict(db.get_owned(conn, "conversation", conversation_id, user))


@private.delete("/conversations/{conversation_id}", status_code=204)
def delete_conversation(conversation_id: Id, user: CurrentUser, conn: Db) -> Response:
    row = db.get_owned(conn, "conversation", conversation_id, user)
    conn.execute("DELETE FROM messages WHERE conversation_id = ?", (row["id"],))
    conn.execute("DELETE FROM conversations WHERE id = ?", (row["id"],))
    return Response(status_code=204)


@private.post("/files", status_code=201)
@limiter.limit(settings.rate_upload, exempt_when=scanner_exempt)
async def upload_file(request: Request, file: Annotated[UploadFile, File()], user: CurrentUser,
                      conn: Db) -> dict[str, Any]:
    name = (file.filename or "").strip()
    if not _SAFE_NAME.match(name) or ".." in name:
        raise HTTPException(400, "file name not allowed")
    extension = Path(name).suffix.lower()
    expected_type = ALLOWED_UPLOADS.get(extension)
    if expected_type is None or (file.content_type or "").split(";")[0].strip() != expected_type:
        raise HTTPException(415, f"allowed types: {', '.join(sorted(ALLOWED_UPLOADS))}")
    content = await file.read(settings.max_upload_bytes + 1)
    if len(content) > settings.max_upload_bytes:
        raise HTTPException(413, f"file larger than {settings.max_upload_bytes} bytes")
    looks_right = content.startswith(b"%PDF-") if extension == ".pdf" else _is_text(content)
    if not looks_right or _ACTIVE.search(content[:65536]):
        raise HTTPException(415, "file content does not match its type")
    file_id = db.new_id()
    conn.execute("INSERT INTO files VALUES (?, ?, ?, ?, ?, ?, datetime('now'))",
                 (file_id, user.tenant_id, user.id, name, expected_type, content))
    return {"id": file_id, "filename": name, "content_type": expected_type, "size": len(content)}


def _is_text(content: bytes) -> bool:
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return b"\x00" not in content


@private.get("/files")
def list_files(user: CurrentUser, conn: Db) -> list[dict[str, Any]]:
    return rows(conn.execute("SELECT id, filename, content_type, created_at FROM files WHERE tenant_id = ?",
                             (user.tenant_id,)))


@private.get("/files/{file_id}")
def get_file(file_id: Id, user: CurrentUser, conn: Db) -> dict[str, Any]:
    row = db.get_owned(conn, "file", file_id, user)
    return {"id": row["id"], "filename": row["filename"], "content_type": row["content_type"],
            "created_at": row["created_at"], "content": bytes(row["content"]).decode(errors="replace")}


@private.get("/files/{file_id}/download")
def download_file(file_id: Id, user: CurrentUser, conn: Db) -> Response:
    row = db.get_owned(conn, "file", file_id, user)
    return Response(bytes(row["content"]), media_type=row["content_type"],
                    headers={"Content-Disposition": f'attachment; filename="{row["filename"]}"'})


@private.delete("/files/{file_id}", status_code=204)
def delete_file(file_id: Id, user: CurrentUser, conn: Db) -> Response:
    row = db.get_owned(conn, "file", file_id, user)
    if row["user_id"] != user.id and user.role != "admin":
        raise HTTPException(403, "only the uploader or an admin may delete a file")
    conn.execute("DELETE FROM files WHERE id = ?", (row["id"],))
    return Response(status_code=204)


@private.get("/outbox")
def outbox(user: CurrentUser, conn: Db) -> list[dict[str, Any]]:
    return rows(conn.execute("SELECT id, to_addr, subject, body, created_at FROM outbox"
                             " WHERE tenant_id = ? AND kind = 'tool' ORDER BY id", (user.tenant_id,)))


@private.get("/tools")
def list_tools() -> list[dict[str, Any]]:
    return TOOLS


@private.post("/tools/confirm/{confirmation_id}")
@limiter.limit(settings.rate_tools, exempt_when=scanner_exempt)
def confirm_tool(request: Request, confirmation_id: Id, user: CurrentUser, conn: Db) -> dict[str, Any]:
    row = conn.execute("SELECT * FROM pending_actions WHERE id = ? AND user_id = ? AND tenant_id = ? AND done = 0"
                       " AND created_at > ?", (confirmation_id, user.id, user.tenant_id, time.time() - 600)).fetchone()
    if row is None:
        raise HTTPException(404, "no such pending action")
    conn.execute("UPDATE pending_actions SET done = 1 WHERE id = ?", (confirmation_id,))
    result = execute(conn, user, row["name"], json.loads(row["arguments"]))
    return {"name": row["name"], "status": "executed", "result": result}


def retrieve(conn: sqlite3.Connection, user: db.User, question: str) -> list[sqlite3.Row]:
    """Keyword search over this tenant's documents only."""
    words = {w.strip(".,?!:;\"'()").lower() for w in question.split()}
    words = {w for w in words if len(w) >= 4}
    broad = any(k in question.lower() for k in ("summar", "document", "upload"))
    found = []
    for row in conn.execute("SELECT * FROM files WHERE tenant_id = ? ORDER BY created_at DESC, rowid DESC",
                            (user.tenant_id,)):
        text = (row["filename"] + " " + bytes(row["content"]).decode(errors="replace")).lower()
        if broad or any(w in text for w in words):
            found.append(row)
    return found[:3]


@private.post("/chat")
@limiter.limit(settings.rate_chat, exempt_when=scanner_exempt)
def chat(request: Request, response: Response, body: ChatIn, user: CurrentUser, conn: Db) -> dict[str, Any]:
    if body.conversation_id is None:
        conversation = create_conversation_row(conn, user, body.message[:40])
    else:
        conversation = dict(db.get_owned(conn, "conversation", body.conversation_id, user))
    workspace = conn.execute("SELECT name FROM tenants WHERE id = ?", (user.tenant_id,)).fetchone()
    system = SYSTEM_PROMPT_TEMPLATE.format(workspace=workspace["name"], canary=settings.canary)
    context = [ModelMessage("system", system)]
    for m in conn.execute("SELECT role, content FROM messages WHERE conversation_id = ? ORDER BY id DESC LIMIT 20",
                          (conversation["id"],)).fetchall()[::-1]:
        context.append(ModelMessage(m["role"], m["content"][:2000]))
    for doc in retrieve(conn, user, body.message):
        context.append(ModelMessage("document", quarantine(bytes(doc["content"]).decode(errors="replace")),
                                    doc["filename"]))
    context.append(ModelMessage("user", body.message))
    completion = model.complete(context, conversation_id=conversation["id"])
    trace = [decide(conn, user, call, settings.fetch_allowlist) for call in completion.tool_calls]
    reply = filter_output(completion.text, system, settings.canary, settings.fetch_allowlist)
    for role, content in (("user", body.message), ("assistant", reply)):
        conn.execute("INSERT INTO messages (conversation_id, role, content, created_at) VALUES (?, ?, ?, datetime('now'))",
                     (conversation["id"], role, content))
    log.info("chat", extra={"extra_fields": {"conversation_id": conversation["id"], "user_id": user.id,
                                             "prompt_tokens": completion.prompt_tokens,
                                             "completion_tokens": completion.completion_tokens}})
    response.headers["Server-Timing"] = f"model;dur={completion.model_ms}"
    return {"conversation_id": conversation["id"], "reply": reply, "tool_calls": trace,
            "usage": {"prompt_tokens": completion.prompt_tokens, "completion_tokens": completion.completion_tokens}}


app.include_router(public)
app.include_router(private)
app.mount("/assets", StaticFiles(directory=WEB / "assets"), name="assets")
