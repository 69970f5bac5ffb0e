"""Pins for repo.tenant-scoping: an UPDATE is SQL even when it sets an owner column, `select(Model)` is an
ORM read, two findings on one line or with one message are both kept, and JS findings name their own line."""

from __future__ import annotations

from pathlib import Path

from launchready.checks.repo.tenant_scoping import CHECK
from launchready.model import Result, Status
from tests.checks.repo.static_helpers import run_static

FASTAPI = "from fastapi import FastAPI\napp = FastAPI()\n\n"


def _items(result: Result) -> list[tuple[Status, str, str, str]]:
    return [(e.status, e.message, e.location, e.detail) for e in result.evidence]


def test_an_update_that_sets_the_owner_without_a_tenant_filter_warns(tmp_path: Path) -> None:
    """`owner_id = ?` in the SET clause is no filter: only an ORM call is read for `owner_id=`."""
    sql = "UPDATE conversations SET owner_id = ? WHERE id = ?"
    source = FASTAPI + (f"@app.post('/conversations/{{cid}}/owner')\ndef hand_over(cid: str, new: str):\n"
                        f"    db.execute(\"{sql}\", (new, cid))\n")
    result = run_static(tmp_path, CHECK, {"main.py": source})
    assert _items(result) == [
        (Status.WARN, "query on conversations in hand_over() does not filter by tenant or owner", "main.py:6", sql)]
    assert result.status is Status.WARN


def test_a_select_of_a_tenant_model_without_an_owner_filter_warns(tmp_path: Path) -> None:
    source = FASTAPI + ("@app.get('/conversations/{cid}')\ndef read(cid: str):\n"
                        "    return session.execute(select(Conversation).where(Conversation.id == cid))\n")
    result = run_static(tmp_path, CHECK, {"main.py": source})
    assert _items(result) == [
        (Status.WARN, "query on Conversation in read() does not filter by tenant or owner", "main.py:6",
         "SELECT FROM Conversation (ORM: select(Conversation).where(Conversation.id == cid))")]  # the whole chain


def test_two_findings_on_one_line_are_both_kept(tmp_path: Path) -> None:
    source = FASTAPI + ("@app.post('/files')\ndef find(payload: dict):\n"
                        "    return db.execute(\"SELECT * FROM files WHERE id = ?\", (payload[\"workspace_id\"],))\n")
    result = run_static(tmp_path, CHECK, {"main.py": source})
    assert [(e.message, e.location) for e in result.evidence] == [
        ("query on files in find() does not filter by tenant or owner", "main.py:6"),
        ("find() reads workspace_id from the request body instead of the session", "main.py:6")]
    assert result.summary == "2 place(s) where tenant scoping looks missing or the tenant comes from the request"


def test_the_same_finding_on_two_lines_is_kept_twice(tmp_path: Path) -> None:
    source = FASTAPI + ("@app.get('/files')\ndef both():\n    a = db.execute(\"SELECT * FROM files\")\n"
                        "    b = db.execute(\"SELECT * FROM files\")\n    return a, b\n")
    result = run_static(tmp_path, CHECK, {"main.py": source})
    message = "query on files in both() does not filter by tenant or owner"
    assert [(e.message, e.location) for e in result.evidence] == [(message, "main.py:6"), (message, "main.py:7")]


def test_javascript_findings_name_their_own_line_and_quote_it(tmp_path: Path) -> None:
    source = ("const app = require('express')()\n\napp.get('/c', async (req, res) => {\n"
              "  const rows = await prisma.conversation.findMany({ where: { archived: false } })\n\n"
              "  const t = req.body.tenantId\n  res.json(rows)\n})\n")
    result = run_static(tmp_path, CHECK, {"server.js": source})
    assert _items(result) == [
        (Status.WARN, "prisma.conversation.findMany does not filter by tenant or owner", "server.js:4",
         "const rows = await prisma.conversation.findMany({ where: { archived: false } })"),
        (Status.WARN, "tenant id read from the request body instead of the session", "server.js:6",
         "const t = req.body.tenantId"),
    ]


def test_the_table_named_is_the_one_after_from_not_a_column_before_it(tmp_path: Path) -> None:
    sql = ("SELECT messages.body FROM conversations JOIN messages ON messages.cid = conversations.id "
           "WHERE conversations.id = ?")
    source = FASTAPI + f"@app.get('/c/{{cid}}')\ndef read(cid: str):\n    return db.execute(\"{sql}\", (cid,))\n"
    result = run_static(tmp_path, CHECK, {"main.py": source})
    assert _items(result) == [
        (Status.WARN, "query on conversations in read() does not filter by tenant or owner", "main.py:6", sql)]


def test_a_tenant_id_annotated_as_a_body_field_is_named_as_one(tmp_path: Path) -> None:
    source = ("from typing import Annotated\nfrom fastapi import FastAPI, Body\napp = FastAPI()\n\n@app.post('/c')\n"
              "def create(workspace_id: Annotated[str, Body()]):\n    return {}\n")
    result = run_static(tmp_path, CHECK, {"main.py": source})
    assert _items(result) == [(Status.WARN, "create() takes workspace_id as a body field instead of from the session",
                               "main.py:6", "workspace_id: Annotated[str, Body()]")]


def test_only_a_request_model_or_serializer_is_read_for_client_supplied_tenant_fields(tmp_path: Path) -> None:
    source = ("class CreateRequestError(Exception):\n    workspace_id: str\n\n\n"
              "class MessageCreateSerializer(Serializer):\n    workspace_id: int\n")
    view = ("from models import MessageCreateSerializer\n\n\ndef create_message(request):\n"
            "    serializer = MessageCreateSerializer(data=request.data)\n    serializer.is_valid(raise_exception=True)\n")
    result = run_static(tmp_path, CHECK, {"models.py": source, "views.py": view})
    assert _items(result) == [(Status.WARN, "request model MessageCreateSerializer accepts workspace_id from the client",
                               "models.py:6", "workspace_id: int")]


def test_a_request_model_nothing_fills_from_a_request_lets_no_client_name_a_tenant(tmp_path: Path) -> None:
    source = ("from pydantic import BaseModel\n\n\nclass CreateTenantRequest(BaseModel):\n    tenant_id: str\n\n\n"
              "class TierUpdateRequest(BaseModel):\n    tenant_id: str\n    tier: str\n\n\n"
              "class ThreadCreate(BaseModel):\n    workspace_id: str\n")
    routes = (FASTAPI + "from models import ThreadCreate, TierUpdateRequest\n\n\n"
              "@app.post('/tenants/tier-update')\ndef tier_update(req: TierUpdateRequest, _=Depends(control_plane_dep)):\n"
              "    return set_tier(req.tenant_id, req.tier)\n\n\n"
              "@app.post('/threads')\ndef create_thread(body: ThreadCreate, user=Depends(current_user)):\n"
              "    return insert_thread(body.workspace_id, user.id)\n")
    result = run_static(tmp_path, CHECK, {"models.py": source, "main.py": routes})
    assert _items(result) == [
        (Status.WARN, "create_thread() reads workspace_id from the request body instead of the session", "main.py:14",
         "return insert_thread(body.workspace_id, user.id)"),
        (Status.WARN, "request model ThreadCreate accepts workspace_id from the client", "models.py:14",
         "workspace_id: str")]


def test_a_payload_no_request_filled_is_no_request_body(tmp_path: Path) -> None:
    source = ("def reclaim_license_task(tenant):\n    payload = load_stored_license(tenant)\n"
              "    release_seats(payload.tenant_id)\n\n\n"
              "def list_docs(workspace_id):\n    params = {}\n    params['workspaceId'] = workspace_id\n"
              "    return api_get('/docs', params)\n\n\n"
              "def on_post(request):\n    data = request.get_json()\n    return load(data['tenant_id'])\n")
    result = run_static(tmp_path, CHECK, {"tasks.py": source})
    assert _items(result) == [(Status.WARN, "on_post() reads tenant_id from the request body instead of the session",
                               "tasks.py:14", "return load(data['tenant_id'])")]


def test_a_body_field_that_is_no_tenant_id_is_not_reported(tmp_path: Path) -> None:
    source = FASTAPI + ("@app.post('/notes')\ndef add(payload: dict):\n    title = payload['title']\n"
                        "    return {'title': title}\n")
    result = run_static(tmp_path, CHECK, {"main.py": source})
    assert (result.status, result.evidence) == (Status.PASS, ())


_DOC_ROUTE = ("import { getAuth } from '@clerk/nextjs/server'\nimport prisma from '@/utils/prisma'\n\n"
              "export async function DELETE(request, { params }) {\n  const { userId } = getAuth(request)\n"
              "  const doc = await prisma.document.findUnique({ where: { id: params.id } })\n"
              "  if (!doc) return Response.json({ error: 'not found' }, { status: 404 })\n"
              "{check}  await prisma.document.delete({ where: { id: params.id } })\n  return new Response(null)\n}\n")


def test_a_row_loaded_by_id_then_compared_with_its_owner_is_scoped(tmp_path: Path) -> None:
    """pdftochat's `DELETE /api/document/[id]`: the document is loaded by id, `doc.userId !== userId` answers 403,
    then it is deleted. Without the comparison both calls are reported."""
    check = "  if (doc.userId !== userId) {\n    return Response.json({ error: 'Forbidden' }, { status: 403 })\n  }\n"
    checked = run_static(tmp_path / "checked", CHECK, {"app/api/document/[id]/route.ts": _DOC_ROUTE.replace(
        "{check}", check)})
    assert checked.status is Status.PASS, checked.evidence
    unchecked = run_static(tmp_path / "unchecked", CHECK, {"app/api/document/[id]/route.ts": _DOC_ROUTE.replace(
        "{check}", "")})
    assert [(e.message, e.location) for e in unchecked.evidence] == [
        ("prisma.document.findUnique does not filter by tenant or owner", "app/api/document/[id]/route.ts:6"),
        ("prisma.document.delete does not filter by tenant or owner", "app/api/document/[id]/route.ts:8")]


_SCHEMA_ENGINE = ("from sqlalchemy.orm import Session\n\n\ndef get_session_with_tenant(tenant_id):\n"
                  "    engine = ENGINE.execution_options(schema_translate_map={None: tenant_id})\n"
                  "    return Session(bind=engine)\n")
_MODELS_PY = ("from sqlalchemy.orm import DeclarativeBase\n\n\nclass Base(DeclarativeBase):\n    pass\n\n\n"
              "class Document(Base):\n    __tablename__ = 'document'\n    id = Column(String, primary_key=True)\n"
              "    semantic_id = Column(String)\n\n\n"
              "class Message(Base):\n    __tablename__ = 'chat_message'\n    id = Column(Integer, primary_key=True)\n"
              "    user_id = Column(String)\n")
_HANDLERS = (FASTAPI + "@app.get('/documents/{doc_id}')\ndef read_document(doc_id: str):\n"
             "    return db_session.get(Document, doc_id)\n\n\n"
             "@app.get('/messages/{message_id}')\ndef read_message(message_id: int):\n"
             "    return db_session.get(Message, message_id)\n")


def test_with_a_schema_per_tenant_only_user_owned_tables_need_a_filter(tmp_path: Path) -> None:
    """onyx keeps each tenant in its own Postgres schema (`schema_translate_map={None: tenant_id}`): a tenant-wide
    `Document` read by id is scoped by the schema; a `Message` with a `user_id` column still needs its owner's
    filter. Without the schema map both are reported."""
    files = {"app/models.py": _MODELS_PY, "main.py": _HANDLERS}
    schema = run_static(tmp_path / "schema", CHECK, {**files, "app/engine.py": _SCHEMA_ENGINE})
    assert [e.location for e in schema.evidence] == ["main.py:11"]
    shared = run_static(tmp_path / "shared", CHECK, files)
    assert [e.location for e in shared.evidence] == ["main.py:6", "main.py:11"]
