from __future__ import annotations

from pathlib import Path

import pytest

from launchready.checks.repo.tenant_scoping import CHECK
from launchready.model import Status
from tests.checks.repo.static_helpers import at, messages, run_example, run_static

APP = "app = FastAPI()\n\n"


@pytest.mark.parametrize(("path", "source", "line", "message"), [
    ("main.py", APP + "@app.get('/files/{file_id}')\ndef get_file(file_id, user=Depends(current_user)):\n"
     "    return db.execute('SELECT * FROM files WHERE id = ?', (file_id,))\n", 5,
     "query on files in get_file() does not filter by tenant or owner"),
    ("main.py", APP + "@app.post('/conversations')\ndef create(payload: dict, user=Depends(current_user)):\n"
     "    tenant = payload['tenant_id']\n", 5, "create() reads tenant_id from the request body instead of the session"),
    ("main.py", APP + "@app.get('/conversations')\ndef listing(tenant_id: int, user=Depends(current_user)):\n    pass\n", 4,
     "listing() takes tenant_id as a query parameter instead of from the session"),
    ("views.py", "def conversation(request, pk):\n    return Conversation.objects.get(pk=pk)\n", 2,
     "query on Conversation in conversation() does not filter by tenant or owner"),
    ("app/api/chat/route.ts", "export async function GET(req) {\n  return prisma.conversation.findMany({ where: { id } })\n}\n",
     2, "prisma.conversation.findMany does not filter by tenant or owner"),
])
def test_unscoped_or_request_tenant_warns(tmp_path: Path, path: str, source: str, line: int, message: str) -> None:
    # the Django view is routed by urls.py: a query is judged where a request is handled
    urls = "from django.urls import path\nfrom . import views\nurlpatterns = [path('c/<pk>', views.conversation)]\n"
    result = run_static(tmp_path, CHECK, {path: source, "urls.py": urls})
    assert result.status is Status.WARN, result.evidence
    assert f"{path}:{line}" in at(result, Status.WARN)
    assert message in messages(result, Status.WARN)


@pytest.mark.parametrize("source", [
    APP + "@app.get('/files/{file_id}')\ndef get_file(file_id, user=Depends(current_user)):\n"
    "    return db.execute('SELECT * FROM files WHERE id = ? AND tenant_id = ?', (file_id, user.tenant_id))\n",
    APP + "@app.delete('/files/{file_id}')\ndef delete_file(file_id, user=Depends(current_user)):\n"
    "    row = get_owned(db, 'file', file_id, user)\n    db.execute('DELETE FROM files WHERE id = ?', (row['id'],))\n",
    APP + "@app.post('/webhooks/stripe')\ndef hook(request):\n    db.execute('UPDATE invoices SET status = 1 WHERE id = ?', (x,))\n",
    "def conversation(request, pk):\n    return Conversation.objects.get(pk=pk, owner=request.user)\n",
])
def test_scoped_queries_pass(tmp_path: Path, source: str) -> None:
    result = run_static(tmp_path, CHECK, {"main.py": source})
    assert result.status is Status.PASS, result.evidence


def test_a_query_chain_is_judged_by_its_filters_on_any_line(tmp_path: Path) -> None:
    """rag-web-ui: `db.query(Chat)` with `.filter(Chat.id == chat_id, Chat.user_id == current_user.id)` chained on
    the following lines is scoped; the same chain filtering by the id alone is not, and is named at the query."""
    head = APP + "@app.get('/chats/{chat_id}')\ndef get_chat(chat_id: int, current_user=Depends(get_current_user)):\n"
    scoped = head + ("    chat = (\n        db.query(Chat)\n        .filter(\n            Chat.id == chat_id,\n"
                     "            Chat.user_id == current_user.id\n        )\n        .first()\n    )\n    return chat\n")
    result = run_static(tmp_path / "a", CHECK, {"main.py": scoped})
    assert result.status is Status.PASS, result.evidence
    unscoped = scoped.replace(",\n            Chat.user_id == current_user.id", "")
    result = run_static(tmp_path / "b", CHECK, {"main.py": unscoped})
    assert at(result, Status.WARN) == ["main.py:6"]
    assert messages(result, Status.WARN) == ["query on Chat in get_chat() does not filter by tenant or owner"]


def test_scheduled_clean_up_across_tenants_is_no_finding(tmp_path: Path) -> None:
    """MaxKB's `common/job/clean_chat_job.py` deletes every tenant's chats past retention; a function the scheduler
    runs (`scheduler.add_job(purge)`, `@shared_task`) or one named for clean-up and handed nothing does the same by
    design. The same whole-table delete in a helper handed a value is still judged."""
    job = ("from application.models import Chat\n\ndef clean_chat_log_job_lock():\n"
           "    Chat.objects.filter(create_time__lt=cutoff).delete()\n")
    tasks = ("from celery import shared_task\nfrom app.models import File\n\n@shared_task\ndef drop_temp():\n"
             "    db.execute('DELETE FROM files WHERE temp = 1')\n\ndef purge_expired_files():\n"
             "    db.execute('DELETE FROM files WHERE expires < now()')\n\n"
             "def wipe(reason):\n    db.execute('DELETE FROM files')\n\ndef nightly():\n"
             "    db.execute('DELETE FROM conversations')\n\nscheduler.add_job(nightly, 'cron', hour=3)\n")
    result = run_static(tmp_path, CHECK, {"apps/common/job/clean_chat_job.py": job, "app/tasks.py": tasks})
    assert at(result, Status.WARN) == ["app/tasks.py:12"], result.evidence


def test_examples(tmp_path: Path) -> None:
    vulnerable = run_example(tmp_path, CHECK, "vulnerable")
    assert vulnerable.status is Status.WARN
    warned = at(vulnerable, Status.WARN)
    for where in ("main.py:186", "main.py:235", "main.py:272", "main.py:330"):
        assert where in warned
    assert "upload_file() takes tenant_id as a form field instead of from the session" in messages(vulnerable, Status.WARN)
    hardened = run_example(tmp_path, CHECK, "hardened")
    assert hardened.status is Status.PASS, hardened.evidence


def test_a_data_layer_helper_is_judged_only_for_whole_table_access(tmp_path: Path) -> None:
    """`update(conn, attachment_id)` is scoped by the handler that chose the id (not judged); a helper that
    reads every tenant's rows (`SELECT * FROM files` with no WHERE) is what leaks across tenants."""
    repo_layer = ("def update(conn, attachment_id, fields):\n"
                  "    conn.execute('UPDATE attachments SET name = ? WHERE id = ?', (fields, attachment_id))\n\n"
                  "def retrieve(conn, question):\n    return conn.execute('SELECT * FROM files ORDER BY id DESC')\n")
    result = run_static(tmp_path, CHECK, {"app/storage/repositories.py": repo_layer})
    assert at(result, Status.WARN) == ["app/storage/repositories.py:5"]
    assert messages(result, Status.WARN) == ["query on files in retrieve() does not filter by tenant or owner"]


def test_a_docstring_that_reads_like_sql_is_no_query(tmp_path: Path) -> None:
    """"Update file metadata" as a docstring is prose, not `UPDATE file …`; the same words in a query still count."""
    storage = ("class Storage:\n    def update_file_metadata(self, path, size):\n        \"\"\"Update file metadata\"\"\"\n"
               "        self.conn.execute('INSERT OR REPLACE INTO files (path, size) VALUES (?, ?)', (path, size))\n\n"
               "    def wipe(self):\n        \"\"\"Delete from files every row\"\"\"\n"
               "        self.conn.execute('DELETE FROM files')\n")
    result = run_static(tmp_path, CHECK, {"agent/memory/storage.py": storage})
    assert at(result, Status.WARN) == ["agent/memory/storage.py:8"]
    assert messages(result, Status.WARN) == ["query on files in wipe() does not filter by tenant or owner"]


def test_a_write_of_a_tenant_object_handed_in_with_no_owner_is_warned_at_its_definition(tmp_path: Path) -> None:
    """`update_conversation(self, conversation: Conversation)` stores the object under its id with nothing naming
    whose it is; the same write taking the user, and a stub, are not warned."""
    store = ("class Store:\n    async def update_conversation(self, conversation: Conversation) -> None:\n"
             "        \"\"\"Update conversation with new messages.\"\"\"\n"
             "        self._conversations[conversation.id] = conversation\n\n"
             "    async def save_conversation(self, conversation: Conversation, user: User) -> None:\n"
             "        self._check_owner(conversation, user)\n        self._conversations[conversation.id] = conversation\n\n"
             "    async def delete_conversation(self, conversation: Conversation) -> None:\n        pass\n")
    result = run_static(tmp_path, CHECK, {"app/local/storage.py": store})
    assert [(e.location, e.message) for e in result.evidence] == [(
        "app/local/storage.py:2", "update_conversation() writes the Conversation it is handed with no user, owner or "
        "tenant parameter and no ownership check was read — its callers decide whose it is")]


def test_a_helpers_whole_table_count_returns_no_tenants_rows(tmp_path: Path) -> None:
    """`SELECT count(*) FROM conversations` in a stats helper is a number, not any tenant's conversations; a
    helper that selects the rows themselves (`SELECT id, title FROM conversations`) still leaks across tenants."""
    stats = ("class AdminStats:\n    def overview(self):\n"
             "        return {'conversations': self._scalar('SELECT count(*) FROM conversations'),\n"
             "                'spend': self._scalar('SELECT sum(cost) AS total, max(cost) FROM messages')}\n\n"
             "    def recent(self):\n        return self._rows('SELECT id, title, count(*) FROM conversations')\n")
    result = run_static(tmp_path, CHECK, {"app/storage/admin_stats.py": stats})
    assert at(result, Status.WARN) == ["app/storage/admin_stats.py:7"]
    assert messages(result, Status.WARN) == ["query on conversations in recent() does not filter by tenant or owner"]


def test_code_no_request_reaches_is_admin_scope(tmp_path: Path) -> None:
    """A Django management command and a startup backfill (`create_default_agent()` attaching every agent-less
    conversation) touch every tenant by design; the same whole-table update in a request helper is found."""
    command = ("from django.core.management.base import BaseCommand\n\nclass Command(BaseCommand):\n"
               "    def handle(self, *args, **options):\n"
               "        for c in Conversation.objects.all():\n            c.save()\n")
    adapters = ("def create_default_agent():\n    agent = Agent.objects.create(name='default')\n"
                "    Conversation.objects.filter(agent=None).update(agent=agent)\n\n\n"
                "def attach_agent(agent):\n    Conversation.objects.filter(agent=None).update(agent=agent)\n")
    result = run_static(tmp_path, CHECK, {"app/database/management/commands/fix_urls.py": command,
                                          "app/database/adapters.py": adapters})
    assert at(result, Status.WARN) == ["app/database/adapters.py:7"]
    assert messages(result, Status.WARN) == ["query on Conversation in attach_agent() does not filter by tenant or owner"]


def test_a_dependency_injection_lookup_is_no_query(tmp_path: Path) -> None:
    """`injector.get(Settings)` asks a DI container for the config object; `session.get(Settings, sid)` reads the
    settings table."""
    source = (APP + "@app.get('/settings/{sid}')\ndef read(sid: str, request: Request, session: SessionDep):\n"
              "    config = request.state.injector.get(Settings)\n    return session.get(Settings, sid)\n")
    result = run_static(tmp_path, CHECK, {"main.py": source})
    assert [(e.location, e.message) for e in result.evidence] == [
        ("main.py:6", "query on Settings in read() does not filter by tenant or owner")]


PRISMA_ROUTE = ("export async function POST(req) {\n  const { messageId } = await req.json()\n"
                "  return prisma.message.findUnique({ where: { id: messageId } })\n}\n")


def test_a_data_model_with_no_user_owner_or_tenant_has_nothing_to_scope(tmp_path: Path) -> None:
    """A Prisma schema of `Chat` and `Message` only (an anonymous app, rows addressed by unguessable ids): no
    query can filter by an owner that does not exist. The same query once `Chat` has a `userId` is judged."""
    schema = ("model Chat {\n  id String @id\n  title String\n  messages Message[]\n}\n\n"
              "model Message {\n  id String @id\n  chatId String\n  content String\n}\n")
    result = run_static(tmp_path, CHECK, {"prisma/schema.prisma": schema, "app/api/next/route.ts": PRISMA_ROUTE})
    assert result.evidence == ()
    assert "the data model (prisma/schema.prisma) has no user, owner or tenant" in result.summary
    owned = schema.replace("  title String\n", "  title String\n  userId String\n")
    judged = run_static(tmp_path / "owned", CHECK, {"prisma/schema.prisma": owned, "app/api/next/route.ts": PRISMA_ROUTE})
    assert [(e.location, e.message) for e in judged.evidence] == [
        ("app/api/next/route.ts:3", "prisma.message.findUnique does not filter by tenant or owner")]


REPO_LAYER = ("from sqlmodel import select\n\n\nclass DocumentRepo:\n    def paginate(self, session, params):\n"
              "        return session.exec(select(Document)).all()\n\n\ndocument_repo = DocumentRepo()\n")
USERS = "class User(SQLModel, table=True):\n    id: int = Field(primary_key=True)\n"


def test_a_helper_only_admin_routes_reach_reads_every_row_by_design(tmp_path: Path) -> None:
    """`document_repo.paginate` lists every document, and both routes that call it are behind
    `current_superuser`: an admin's listing. Once an ordinary signed-in route calls it too, the read is judged."""
    admin = (APP + "from app.repo import document_repo\n\n@app.get('/admin/documents')\n"
             "def list_documents(session: SessionDep, user=Depends(current_superuser)):\n"
             "    return document_repo.paginate(session, None)\n")
    files = {"app/repo.py": REPO_LAYER, "app/models.py": USERS, "app/admin.py": admin}
    result = run_static(tmp_path, CHECK, files)
    assert result.evidence == ()
    mine = (APP + "from app.repo import document_repo\n\n@app.get('/documents')\n"
            "def my_documents(session: SessionDep, user=Depends(current_user)):\n"
            "    return document_repo.paginate(session, None)\n")
    judged = run_static(tmp_path / "mine", CHECK, {**files, "app/mine.py": mine})
    assert [(e.location, e.message) for e in judged.evidence] == [
        ("app/repo.py:6", "query on Document in paginate() does not filter by tenant or owner")]


def test_an_abstract_interface_method_queries_nothing_but_its_implementation_is_judged(tmp_path: Path) -> None:
    """An interface method whose body is a docstring and `pass` / `...` / `raise NotImplementedError` runs no
    query; the implementation that really writes `UPDATE conversations` with no owner is still reported."""
    store = ("class Store(ABC):\n    @abstractmethod\n    def update_conversation(self, conversation):\n"
             "        \"\"\"UPDATE conversations SET messages = new messages.\"\"\"\n        pass\n\n"
             "    def delete_conversation(self, conversation):\n        raise NotImplementedError('UPDATE conversations')\n\n"
             "class SqlStore(Store):\n    def update_conversation(self, conversation):\n"
             "        self.db.execute('UPDATE conversations SET messages = ?', (conversation,))\n")
    result = run_static(tmp_path, CHECK, {"app/storage/store.py": store})
    assert at(result, Status.WARN) == ["app/storage/store.py:12"]
    assert messages(result, Status.WARN) == [
        "query on conversations in update_conversation() does not filter by tenant or owner"]


_BY_NAME = ("class CollectionsRouter:\n    def _setup_routes(self):\n"
            "        @self.router.get('/collections/name/{collection_name}')\n"
            "        async def get_collection_by_name(\n            collection_name: str,\n"
            "            owner_id: Optional[UUID] = Query(None),\n"  # 6
            "            auth_user=Depends(auth_wrapper),\n        ):\n"
            "            if auth_user.is_superuser:\n                if not owner_id:\n"
            "                    owner_id = auth_user.id\n            else:\n"
            "                owner_id = auth_user.id\n"
            "            return await service.get_by_name(owner_id, collection_name)\n")


def test_an_owner_id_query_parameter_only_a_superuser_keeps_is_no_cross_tenant_read(tmp_path: Path) -> None:
    """R2R get_collection_by_name: `owner_id` from the query is replaced by `auth_user.id` for every
    non-superuser — a superuser-only override, not a tenant taken from the request."""
    result = run_static(tmp_path / "a", CHECK, {"router.py": _BY_NAME})
    assert result.evidence == ()
    wrong_branch = _BY_NAME.replace("if auth_user.is_superuser:", "if not auth_user.is_superuser:")
    result = run_static(tmp_path / "b", CHECK, {"router.py": wrong_branch})
    assert [(e.location, e.message) for e in result.evidence] == [(
        "router.py:6", "get_collection_by_name() takes owner_id as a query parameter instead of from the session")]


_NESTED = ("class ConversationsRouter:\n    def _setup_routes(self):\n"
           "        @self.router.get('/conversations/{id}/messages')\n"
           "        async def list_messages(id: str, auth_user=Depends(auth_wrapper)):\n"
           "            return db.fetch('SELECT * FROM messages')\n")


def test_a_route_handler_nested_in_a_setup_method_is_reported_once_under_its_own_name(tmp_path: Path) -> None:
    result = run_static(tmp_path, CHECK, {"router.py": _NESTED})
    assert [(e.location, e.message) for e in result.evidence] == [
        ("router.py:5", "query on messages in list_messages() does not filter by tenant or owner")]


_DEPENDS_TENANT = ("from fastapi import APIRouter, Depends, Query\n\nrouter = APIRouter()\n\n\n"
                   "@router.post('/document-set')\n"
                   "def create_document_set(\n    body: dict,\n"
                   "    tenant_id: str = Depends(get_current_tenant_id),\n"  # 9
                   "    workspace_id: str = Query(...),\n"  # 10
                   "):\n    return save(body, tenant_id)\n")


def test_a_tenant_id_filled_by_a_dependency_is_no_query_parameter(tmp_path: Path) -> None:
    """onyx: ``tenant_id: str = Depends(get_current_tenant_id)`` — FastAPI fills it from the dependency (the tenant the
    middleware set from the session), never from the query string; a tenant-named ``Query`` beside it still is."""
    result = run_static(tmp_path, CHECK, {"server/document_set.py": _DEPENDS_TENANT})
    assert [(e.location, e.message) for e in result.evidence] == [(
        "server/document_set.py:10",
        "create_document_set() takes workspace_id as a query parameter instead of from the session")]


def test_a_lookup_by_a_parent_id_the_caller_was_shown_to_own_is_scoped(tmp_path: Path) -> None:
    """rag-web-ui upload_kb_documents: the knowledge base is fetched with its owner's filter (404 otherwise), then
    its documents by `Document.knowledge_base_id == kb_id`; a lookup by another id is still unscoped."""
    source = APP + ("@app.post('/kb/{kb_id}/documents')\n"
                    "def upload(kb_id: int, name: str, other_id: int, current_user=Depends(get_current_user)):\n"
                    "    kb = db.query(KnowledgeBase).filter(\n        KnowledgeBase.id == kb_id,\n"
                    "        KnowledgeBase.user_id == current_user.id\n    ).first()\n"
                    "    if not kb:\n        raise HTTPException(status_code=404)\n"
                    "    doc = db.query(Document).filter(\n        Document.file_name == name,\n"
                    "        Document.knowledge_base_id == kb_id\n    ).first()\n"
                    "    other = db.query(Document).filter(Document.knowledge_base_id == other_id).first()\n"
                    "    return doc, other\n")
    result = run_static(tmp_path, CHECK, {"main.py": source})
    assert at(result, Status.WARN) == ["main.py:15"]
