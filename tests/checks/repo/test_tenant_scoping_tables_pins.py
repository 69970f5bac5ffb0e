"""Pins for repo.tenant-scoping's tables, one entry at a time (each table word, SQL verb, tenant column, body
name, model, skipped function, admin path, Prisma operation), and the handler/helper rules each on one fixture:
a helper handed an id, a DELETE whose WHERE compares with the database's `current_user`."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from launchready.checks.repo import tenant_scoping as ts
from launchready.checks.repo.tenant_scoping import CHECK
from launchready.model import Result, Status
from tests.checks.repo.static_helpers import run_static

FASTAPI = "from fastapi import FastAPI\napp = FastAPI()\n\n"
PASSED = "queries on tenant data filter by tenant or owner; no tenant id taken from the request"


def _items(result: Result) -> list[tuple[Status, str, str]]:
    return [(e.status, e.message, e.location) for e in result.evidence]


TABLES = ["conversation", "conversations", "message", "messages", "file", "files", "document", "documents", "workspace",
          "workspaces", "workspace_settings", "invoice", "invoices", "settings", "attachment", "attachments", "chat",
          "chats", "thread", "threads"]


@pytest.mark.parametrize("table", TABLES)
def test_each_tenant_table_is_read_after_each_sql_verb(table: str) -> None:
    for sql in (f"SELECT id FROM {table} WHERE id = ?", f"UPDATE {table} SET x = 1", f"DELETE FROM {table}",
                f'select * from public."{table}"', f"SELECT *\nFROM `{table}`"):
        assert ts._SQL.search(sql), sql
        found = re.search(ts._TABLE, sql, re.IGNORECASE)
        assert found is not None and found.group(0).split(".")[-1].strip('"`') == table


@pytest.mark.parametrize("sql", ["SELECT id FROM users", "INSERT INTO files VALUES (1)", "SELECT * FROM filesystem",
                                 "UPDATE profiles SET x = 1", "-- SELECT * FROM files", "DELETE FROM tokens"])
def test_other_tables_and_statements_are_no_tenant_query(sql: str) -> None:
    assert not ts._SQL.search(sql)


@pytest.mark.parametrize("sql", ["SELECT count(*) FROM files", "SELECT SUM(size) AS total FROM files",
                                 "select avg(n), min(n), max(n) from messages"])
def test_an_aggregate_only_select_list_is_recognised(sql: str) -> None:
    assert ts._AGGREGATE_ONLY.match(sql)


@pytest.mark.parametrize("sql", ["SELECT count(*), title FROM files", "SELECT * FROM files", "SELECT maximum FROM f"])
def test_a_select_list_with_a_column_is_not_aggregate_only(sql: str) -> None:
    assert not ts._AGGREGATE_ONLY.match(sql)


@pytest.mark.parametrize("word", ["tenant", "workspace", "owner", "user", "org", "organization", "account", "team"])
def test_each_tenant_column_and_orm_filter_is_recognised(word: str) -> None:
    assert ts._TENANT_COLUMN.search(f"id = ? AND c.{word}_id = ?")
    assert ts._TENANT_COLUMN.search(f"{word.upper()}ID = ?")
    assert not ts._TENANT_COLUMN.search(f"{word} = ?")
    assert ts._ORM_FILTER.search(f"filter({word}=x)") and ts._ORM_FILTER.search(f"where({{ {word}Id: x }})")


@pytest.mark.parametrize("key", ["tenant_id", "workspace_id", "owner_id", "org_id", "organization_id", "account_id",
                                 "team_id", "TenantId", "workspaceid"])
def test_each_client_tenant_key_is_recognised(key: str) -> None:
    assert ts._TENANT_KEY.match(key)


@pytest.mark.parametrize("key", ["user_id", "tenant", "tenant_ids", "my_tenant_id"])
def test_other_keys_are_no_client_tenant_key(key: str) -> None:
    assert not ts._TENANT_KEY.match(key)


@pytest.mark.parametrize("name", ["payload", "body", "data", "json_body", "request_data", "form", "form_data", "params",
                                  "args", "req_body", "input"])
def test_each_request_body_name_is_read_for_a_tenant_id(tmp_path: Path, name: str) -> None:
    source = FASTAPI + (f"@app.post('/notes')\ndef add({name}: dict):\n    t = {name}['tenant_id']\n"
                        f"    u = {name}.get('org_id')\n    return t, u\n")
    result = run_static(tmp_path, CHECK, {"main.py": source})
    assert _items(result) == [
        (Status.WARN, "add() reads tenant_id from the request body instead of the session", "main.py:6"),
        (Status.WARN, "add() reads org_id from the request body instead of the session", "main.py:7")]


def test_a_tenant_id_read_as_an_attribute_of_the_body_is_found(tmp_path: Path) -> None:
    source = FASTAPI + "@app.post('/notes')\ndef add(body: NoteIn):\n    return body.workspace_id, body.title\n"
    result = run_static(tmp_path, CHECK, {"main.py": source})
    assert _items(result) == [
        (Status.WARN, "add() reads workspace_id from the request body instead of the session", "main.py:6")]


def test_a_tenant_id_attribute_of_something_else_is_not_a_body_read(tmp_path: Path) -> None:
    source = FASTAPI + "@app.post('/notes')\ndef add(user: User):\n    return user.workspace_id, payload.title\n"
    result = run_static(tmp_path, CHECK, {"main.py": source})
    assert (result.status, result.summary) == (Status.PASS, PASSED)


@pytest.mark.parametrize("model", ["Conversation", "Message", "File", "Document", "Workspace", "Invoice", "Setting",
                                   "Attachment", "Chat", "Thread", "Threads"])
def test_each_tenant_model_is_an_orm_read(tmp_path: Path, model: str) -> None:
    source = FASTAPI + f"@app.get('/x/{{pk}}')\ndef read(pk: str):\n    return {model}.objects.get(pk=pk)\n"
    result = run_static(tmp_path, CHECK, {"main.py": source})
    what = "tenant data" if model == "Setting" else model  # `settings` is the table word, not `setting`
    assert _items(result) == [
        (Status.WARN, f"query on {what} in read() does not filter by tenant or owner", "main.py:6")]


@pytest.mark.parametrize("call", ["session.query(Document).get(pk)", "session.get(Document, pk)"])
def test_a_sqlalchemy_query_or_get_of_a_tenant_model_is_an_orm_read(tmp_path: Path, call: str) -> None:
    source = FASTAPI + f"@app.get('/documents/{{pk}}')\ndef read(pk: str):\n    return {call}\n"
    result = run_static(tmp_path, CHECK, {"main.py": source})
    assert [(e.status, e.location) for e in result.evidence] == [(Status.WARN, "main.py:6")]
    assert result.evidence[0].message == "query on Document in read() does not filter by tenant or owner"


@pytest.mark.parametrize("name", ["init_db", "seed", "seed_demo", "migrate", "migrate_v2", "upgrade", "downgrade",
                                  "setup", "setup_tables", "create_schema", "main", "backfill_owners", "bootstrap_app",
                                  "create_default_workspace", "create_defaults_settings", "ensure_default_files",
                                  "ensure_defaults_chat", "on_startup", "startup_tasks"])
def test_setup_and_seed_functions_are_not_judged(tmp_path: Path, name: str) -> None:
    source = f"def {name}(conn):\n    conn.execute('SELECT * FROM files')\n"
    result = run_static(tmp_path, CHECK, {"app/db.py": source})
    assert (result.status, result.summary) == (Status.PASS, PASSED)


def test_a_helper_that_reads_a_whole_table_warns(tmp_path: Path) -> None:
    """The control for the setup functions above and the helper handed an id below."""
    result = run_static(tmp_path, CHECK, {"app/db.py": "def everything(conn):\n    conn.execute('SELECT * FROM files')\n"})
    assert _items(result) == [
        (Status.WARN, "query on files in everything() does not filter by tenant or owner", "app/db.py:2")]


@pytest.mark.parametrize("arg", ["file_id", "ids", "id", "pk", "folder_key", "slug", "uuid"])
def test_a_helper_handed_an_object_id_is_scoped_by_its_caller(tmp_path: Path, arg: str) -> None:
    source = f"def load(conn, {arg}):\n    return conn.execute('SELECT * FROM files')\n"
    result = run_static(tmp_path, CHECK, {"app/db.py": source})
    assert (result.status, result.evidence) == (Status.PASS, ())


@pytest.mark.parametrize("path", ["app/management/commands/purge.py", "migrations/0003_owner.py",
                                  "alembic/versions/1f2e_owner.py", "scripts/purge.py", "bin/purge.py"])
def test_code_no_request_reaches_is_not_judged(tmp_path: Path, path: str) -> None:
    result = run_static(tmp_path, CHECK, {path: "def purge(conn):\n    conn.execute('DELETE FROM files')\n"})
    assert (result.status, result.summary) == (Status.PASS, PASSED)


def test_a_delete_compared_with_the_databases_current_user_is_no_tenant_filter(tmp_path: Path) -> None:
    """`current_user` in SQL is the database role, not the signed-in user: only an ORM call is read for it."""
    sql = "DELETE FROM files WHERE created_by = current_user"
    source = FASTAPI + f"@app.delete('/files')\ndef purge():\n    db.execute(\"{sql}\")\n"
    result = run_static(tmp_path, CHECK, {"main.py": source})
    assert _items(result) == [(Status.WARN, "query on files in purge() does not filter by tenant or owner", "main.py:6")]


@pytest.mark.parametrize("model", ["conversation", "message", "file", "document", "workspace", "invoice", "setting"])
@pytest.mark.parametrize("op", ["findMany", "findFirst", "findUnique", "findUniqueOrThrow", "update", "updateMany",
                                "delete", "deleteMany"])
def test_each_prisma_model_and_operation_is_read(model: str, op: str) -> None:
    m = ts._PRISMA.search(f"await prisma.{model}.{op}({{ where: {{ id }} }})")
    assert m is not None and (m.group("model"), m.group("op")) == (model, op)


@pytest.mark.parametrize("text", ["const t = req.query.orgId", "const w = body['workspace_id']",
                                  "const o = payload.ownerId", "const { tenant_id } = await request.json()",
                                  "const { a, workspaceId } = await req.json()"])
def test_each_javascript_tenant_id_from_the_request_is_found(text: str) -> None:
    assert ts._JS_BODY_TENANT.search(text)


def test_request_models_a_handler_takes_are_read(tmp_path: Path) -> None:
    source = ("from pydantic import BaseModel\n\n\nclass NoteIn(BaseModel):\n    org_id: int\n\n\n"
              "class NoteCreate(BaseModel):\n    team_id: int\n\n\nclass NoteUpdate(BaseModel):\n    account_id: int\n\n\n"
              "class CreateRequest(BaseModel):\n    tenant_id: int\n\n\nclass NoteBody(BaseModel):\n    owner_id: int\n\n\n"
              "class NoteOut(BaseModel):\n    workspace_id: int\n")
    routes = ("from fastapi import FastAPI\nfrom models import *\napp = FastAPI()\n\n\n@app.post('/a')\n"
              "def a(note: NoteIn, b: NoteCreate, c: NoteUpdate | None, d: list[CreateRequest], e: NoteBody) -> NoteOut:\n"
              "    return save(note)\n")
    result = run_static(tmp_path, CHECK, {"models.py": source, "main.py": routes})
    assert _items(result) == [
        (Status.WARN, "request model NoteIn accepts org_id from the client", "models.py:5"),
        (Status.WARN, "request model NoteCreate accepts team_id from the client", "models.py:9"),
        (Status.WARN, "request model NoteUpdate accepts account_id from the client", "models.py:13"),
        (Status.WARN, "request model CreateRequest accepts tenant_id from the client", "models.py:17"),
        (Status.WARN, "request model NoteBody accepts owner_id from the client", "models.py:21"),
    ]


@pytest.mark.parametrize(("annotation", "source"), [("Form()", "form field"), ("Query()", "query parameter")])
def test_a_tenant_id_parameter_is_named_by_where_it_comes_from(tmp_path: Path, annotation: str, source: str) -> None:
    code = FASTAPI + (f"@app.post('/notes')\ndef add(team_id: Annotated[int, {annotation}]):\n    return team_id\n")
    result = run_static(tmp_path, CHECK, {"main.py": code})
    assert _items(result) == [(Status.WARN, f"add() takes team_id as a {source} instead of from the session",
                               "main.py:5")]


def test_a_prisma_call_is_judged_on_its_own_arguments_not_on_the_code_after_it(tmp_path: Path) -> None:
    source = ("const app = require('express')()\n\napp.get('/files', async (req, res) => {\n"
              "  const rows = await prisma.file.findMany(\n    { where: { archived: false } },\n  )\n"
              "  res.json({ rows, userId: req.user.id })\n})\n")
    result = run_static(tmp_path, CHECK, {"server.js": source})
    assert _items(result) == [(Status.WARN, "prisma.file.findMany does not filter by tenant or owner", "server.js:4")]


def test_a_javascript_tenant_id_from_the_body_quotes_the_first_160_characters_of_its_line(tmp_path: Path) -> None:
    line = "const { workspaceId, title } = req.body // " + "x" * 200
    source = f"const app = require('express')()\n\napp.post('/notes', async (req, res) => {{\n  {line}\n}})\n"
    result = run_static(tmp_path, CHECK, {"server.js": source})
    assert [(e.status, e.message, e.location, e.detail) for e in result.evidence] == [
        (Status.WARN, "tenant id read from the request body instead of the session", "server.js:4", line[:160])]
