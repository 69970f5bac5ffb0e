"""repo.tenant-scoping (heuristic, warn-level): queries on tenant-owned tables filter by the tenant taken
from the session; the tenant id is never read from the request body or query.

Two kinds of warning:

* a SQL string (``SELECT``/``UPDATE``/``DELETE``) or ORM call (Django ``.objects``, SQLAlchemy
  ``query``/``select``/``session.get``, Prisma) on a tenant-owned table (conversations, messages, files,
  documents, workspaces, invoices, settings) that names no tenant/owner column, inside a function that
  did not first load the object through an ownership check (``get_owned(...)``, a tenant-filtered query);
* a tenant/owner id taken from the request: ``payload["tenant_id"]``, ``body.get("workspace_id")``, a
  handler parameter ``tenant_id`` that is not in the route path (query/form), a request-model field named
  ``tenant_id``, ``req.body.tenantId``.

Public routes (webhooks, login) and seed/migration functions are not judged: they have no session.
"""

from __future__ import annotations

import ast
import re
from collections import deque
from collections.abc import Iterator

from launchready.checks.repo._data_owners import admin_only_callers, data_model, schema_per_tenant
from launchready.checks.repo.route_auth import DEFAULT_PUBLIC
from launchready.context import CheckContext
from launchready.engines.pysource import PyModule, covering_unparsed, dotted_name, python_module
from launchready.engines.routes import Route, balanced, is_public, route_inventory, source_files
from launchready.model import Check, CheckMeta, Effort, Evidence, Outcome, Severity, Status, Surface

META = CheckMeta(
    id="repo.tenant-scoping",
    title="Queries scoped to the session's tenant",
    surface=Surface.REPO,
    severity=Severity.HIGH,
    criteria=(
        "Queries on tenant-owned tables filter by the tenant taken from the session; tenant id is never read "
        "from the request body (heuristic, warn-level)."
    ),
    why=(
        "A query that looks a conversation or file up by id alone returns it to whoever guesses the id; a "
        "tenant id taken from the request lets a user simply name another customer's workspace."
    ),
    breaks=(
        "One customer reads, changes or deletes another customer's conversations, documents, invoices and "
        "settings (broken object level authorization, the top API risk)."
    ),
    fix=(
        "Take the tenant and user from the authenticated session only, add `AND tenant_id = ?` (or an owner "
        "filter) to every query on tenant data — ideally in one `get_owned(kind, id, user)` helper — and drop "
        "tenant/owner fields from request models."
    ),
    references=("OWASP API1:2023", "OWASP API3:2023", "CWE-639", "CWE-915", "OWASP ASVS 5.0 V8.2.2"),
    checklist=("Users only reach their own conversations and files", "Tenant id taken from the session only"),
    effort=Effort.DAY,
    warn_only=True,
)

_TABLE = r"(?:\w+\.)?[\"`]?(?:conversations?|messages?|files?|documents?|workspaces?|workspace_settings|invoices?|" \
         r"settings|attachments?|chats?|threads?)[\"`]?\b"
_SQL = re.compile(rf"(?is)^\s*(?:SELECT\b.*?\bFROM\s+{_TABLE}|UPDATE\s+{_TABLE}|DELETE\s+FROM\s+{_TABLE})")
# A select list of aggregates only (``SELECT count(*) FROM conversations``): a number, no tenant's rows.
_AGGREGATE_ONLY = re.compile(r"(?is)^\s*SELECT\s+(?:(?:count|sum|avg|min|max)\s*\([^()]*\)(?:\s+AS\s+\w+)?"
                             r"\s*,\s*)*(?:count|sum|avg|min|max)\s*\([^()]*\)(?:\s+AS\s+\w+)?\s+FROM\b")
_TENANT_COLUMN = re.compile(r"(?i)\b(?:\w+\.)?(?:tenant|workspace|owner|user|org|organization|account|team)_?id\b")
_TENANT_KEY = re.compile(r"^(?:tenant|workspace|owner|org|organization|account|team)_?id$", re.IGNORECASE)
_OWNERSHIP_CALL = re.compile(r"(?i)owned|owner|authori[sz]e|check_access|ensure_access|can_access|permission|"
                             r"get_object_or_404.*user|scoped")
_SKIP_FUNCS = re.compile(r"(?i)^(?:init_db|seed\w*|migrate\w*|upgrade|downgrade|setup\w*|create_schema|main"
                         r"|backfill\w*|bootstrap\w*|create_defaults?_\w+|ensure_defaults?_\w+|on_startup|startup\w*)$")
# Code no request reaches: Django management commands (``manage.py …``), migrations, one-off scripts. They
# run with an operator's authority over every tenant by design.
_ADMIN_PATHS = re.compile(r"(?:^|/)(?:management/commands|migrations|alembic/versions|scripts|bin)/")
# Scheduled maintenance spans every tenant by design (MaxKB's `common/job/clean_chat_job.py` deletes chats past each
# application's retention): a job module, a function named for clean-up, or one the scheduler runs.
_JOB_PATHS = re.compile(r"(?:^|/)(?:jobs?|crons?|schedulers?|periodic)/")
_MAINTENANCE = re.compile(r"(?i)(?:^|_)(?:clean|cleanup|purge|prune|expire|expired|retention|sweep|vacuum|gc)(?:_|$)")
_SCHEDULED = re.compile(r"(?:^|\.)(?:scheduled_job|shared_task|periodic_task|task|cron|crontab|repeat_every|job)$")
_BODY_NAMES = re.compile(r"^(?:payload|body|data|json_body|request_data|form|form_data|params|args|req_body|input)$")
_MODELS = re.compile(r"^(?:Conversation|Message|File|Document|Workspace|Invoice|Setting|Attachment|Chat|Thread)s?$")
_ORM_FILTER = re.compile(r"(?i)\b(?:tenant|workspace|owner|user|org|organization|account|team)(?:_?id)?\s*[=:]|"
                         r"request\.user|current_user|\.user\b")
_PRISMA = re.compile(r"\bprisma\.(?P<model>conversation|message|file|document|workspace|invoice|setting)s?\."
                     r"(?P<op>findMany|findFirst|findUnique|findUniqueOrThrow|update|updateMany|delete|deleteMany)\s*\(")
_JS_BODY_TENANT = re.compile(
    r"\b(?:req\.body|body|payload|req\.query)\s*(?:\.\s*|\[\s*['\"])(?:tenant|workspace|owner|org)_?[iI]d\b"
    r"|\{[^{}]*\b(?:tenant|workspace|owner|org)_?[iI]d\b[^{}]*\}\s*=\s*(?:req\.body|await\s+req(?:uest)?\.json\(\))")

_Func = ast.FunctionDef | ast.AsyncFunctionDef


def _functions(mod: PyModule) -> Iterator[_Func]:
    for node in ast.walk(mod.tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield node


def _own_nodes(func: _Func) -> Iterator[ast.AST]:
    """Every node of ``func`` outside the functions nested in it (route handlers defined inside a
    ``_setup_routes()`` method): each nested function is judged on its own, under its own name."""
    todo = deque(ast.iter_child_nodes(func))  # breadth first, in source order, as ast.walk
    while todo:
        node = todo.popleft()
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        yield node
        todo.extend(ast.iter_child_nodes(node))


_ADMIN_TEST = re.compile(r"(?i)superuser|admin|is_staff|is_root|\brole\b")
_SESSION_ID = re.compile(r"(?i)(?:user|auth|session|principal|identity|current)\w*\.(?:id|user_id|uid)\b")


def _overridden_from_session(func: _Func, name: str) -> str:
    """``if auth_user.is_superuser: … else: owner_id = auth_user.id``: the request's ``name`` is replaced by the
    session's own id for everyone but an admin (or for everyone, assigned unconditionally at the top of the body).
    The line of that assignment, or ``""``."""
    def assigns(stmts: list[ast.stmt]) -> int:
        for stmt in stmts:
            if (isinstance(stmt, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in stmt.targets)
                    and _SESSION_ID.search(ast.unparse(stmt.value))):
                return stmt.lineno
        return 0

    top = assigns(func.body)
    if top:
        return str(top)
    for node in _own_nodes(func):
        if isinstance(node, ast.If) and _ADMIN_TEST.search(ast.unparse(node.test)):
            negated = isinstance(node.test, ast.UnaryOp) and isinstance(node.test.op, ast.Not)
            line = assigns(node.body if negated else node.orelse)
            if line:
                return str(line)
    return ""


def _scheduled_maintenance(path: str, func: _Func, scheduled: set[str]) -> bool:
    """A helper the scheduler runs, or one a job module or its name says is maintenance (see ``_JOB_PATHS``)."""
    decorated = any(_SCHEDULED.search(dotted_name(d)) for d in func.decorator_list)
    args = [a.arg for a in [*func.args.posonlyargs, *func.args.args, *func.args.kwonlyargs]
            if a.arg not in {"self", "cls"}]
    return decorated or func.name in scheduled or bool(_JOB_PATHS.search(path)) or (
        not args and bool(_MAINTENANCE.search(func.name)))  # named for clean-up, and handed nothing to scope by


_INFRA_ARG = re.compile(r"(?i)(?:^|[._])(?:pool|conn|connection|engine|app|db|session_?factory|ctx|loop|queue|"
                        r"client|redis|settings|config)$")


def _background_workers(mod: PyModule) -> set[str]:
    """Functions started as the application's own background workers — ``app.add_task(check_and_process(pool))``
    (Sanic), ``asyncio.create_task(worker(queue))`` — handed only infrastructure (a pool, a connection, the app):
    they poll work across every tenant by design, with no caller's session to scope by."""
    out: set[str] = set()
    for call in mod.calls():
        if not dotted_name(call.func).endswith(("add_task", "create_task", "ensure_future")) or not call.args:
            continue
        started = call.args[0]
        if isinstance(started, ast.Call) and all(_INFRA_ARG.search(dotted_name(a) or "?") for a in started.args) \
                and not started.keywords:
            out.add(dotted_name(started.func).rsplit(".", 1)[-1])
    return out


def _by_id(func: _Func) -> bool:
    """A helper handed an object id (``get(conn, attachment_id)``) is scoped by the caller that chose the id."""
    args = [*func.args.posonlyargs, *func.args.args, *func.args.kwonlyargs]
    return any(re.search(r"(?i)(?:^|_)ids?$|(?:^|_)(?:pk|key|slug|uuid)$", a.arg) for a in args)


def is_stub(func: _Func) -> bool:
    """The body only documents, passes or raises NotImplementedError (an abstract interface method): it queries
    nothing, whatever its docstring says."""
    for stmt in func.body:
        if isinstance(stmt, ast.Pass) or (isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant)):
            continue
        if isinstance(stmt, ast.Raise) and stmt.exc is not None and "NotImplementedError" in ast.unparse(stmt.exc):
            continue
        return False
    return True


_WRITE_VERB = re.compile(r"(?i)^_?(?:update|save|upsert|replace|put|set|delete|remove)_(?P<what>\w+)$")
_OWNER_PARAM = re.compile(r"(?i)(?:^|_)(?:user|owner|tenant|workspace|org|organization|account|team|principal)"
                          r"(?:_?ids?)?$|^(?:ctx|context|request|req)$")


def _handed_tenant_object(func: _Func) -> str:
    """``update_conversation(self, conversation: Conversation)``: a function named for writing a tenant model that
    takes an object of that model and nothing naming whose it is — the model's name, or ``""``."""
    m = _WRITE_VERB.match(func.name)
    args = [*func.args.posonlyargs, *func.args.args, *func.args.kwonlyargs]
    if m is None or any(_OWNER_PARAM.search(a.arg) for a in args):
        return ""
    for a in args:
        kind = dotted_name(a.annotation).rsplit(".", 1)[-1] if a.annotation is not None else ""
        if kind and _MODELS.match(kind) and kind.lower().rstrip("s") in m.group("what").lower():
            return kind
    return ""


def _query_findings(mod: PyModule, func: _Func, *, helper: bool = False,
                    tenant_schema: frozenset[str] | None = None) -> Iterator[Evidence]:
    """Unscoped queries in a route handler; in a helper only a whole-table read or write (no WHERE at all),
    since what a helper is given to look up was scoped, or not, by its caller. A stub body queries nothing.
    ``tenant_schema``: when each tenant has its own schema, the user-owned tables — only those still need a filter
    (an owner's); a tenant-wide table (onyx's ``Document``) is scoped by the schema."""
    if (helper and _by_id(func)) or is_stub(func):
        return
    scoped_before: list[int] = []
    events: list[tuple[int, str, ast.AST]] = []
    # a string standing alone as a statement (a docstring, "Update file metadata") is prose that runs nowhere
    prose = {id(stmt.value) for stmt in _own_nodes(func) if isinstance(stmt, ast.Expr)
             and isinstance(stmt.value, ast.Constant)}
    chained = _chain_parents(func)
    parents: list[tuple[int, str]] = []  # (line, id name) of a parent looked up with its owner's filter
    for node in _own_nodes(func):
        if id(node) in prose:
            continue
        if isinstance(node, ast.Call):
            name = dotted_name(node.func)
            if _OWNERSHIP_CALL.search(name.rsplit(".", 1)[-1]):
                scoped_before.append(mod.line(node))
            events.extend(_orm_event(mod, node, _chain_top(node, chained)))
            if id(node) not in chained:
                parents.extend((mod.line(node), n) for n in _owner_checked_ids(node))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and _SQL.search(node.value):
            events.append((mod.line(node), node.value, node))
    handed = _handed_tenant_object(func)
    owner_filtered = any(_TENANT_COLUMN.search(t) or _ORM_FILTER.search(t) for _, t, _ in events)
    if handed and not scoped_before and not owner_filtered:
        yield Evidence(Status.WARN, f"{func.name}() writes the {handed} it is handed with no user, owner or tenant "
                       "parameter and no ownership check was read — its callers decide whose it is",
                       f"{mod.path}:{mod.line(func)}", f"def {func.name}(…)")
    for line, text, _node in sorted(events, key=lambda e: e[0]):
        where = re.split(r"(?i)\bwhere\b", text, maxsplit=1)
        filtered = len(where) > 1 and _TENANT_COLUMN.search(where[1])
        is_sql = text.lstrip().upper().startswith(("SELECT", "UPDATE", "DELETE"))
        if filtered or (not is_sql and _ORM_FILTER.search(text)):
            scoped_before.append(line)
            continue
        if any(s <= line for s in scoped_before):
            continue
        if any(at <= line and re.search(rf"_id\s*==\s*{re.escape(name)}\b", text) for at, name in parents):
            continue  # `Document.knowledge_base_id == kb_id` after `KnowledgeBase.id == kb_id, ….user_id == me`
        if helper and (not is_sql or len(where) > 1 or _AGGREGATE_ONLY.match(text)):
            continue  # a helper's whole-table count or sum returns no tenant's rows
        table = re.search(_TABLE, text[text.upper().find("FROM") + 4:] if "FROM" in text.upper() else text,
                          re.IGNORECASE)
        what = table.group(0).strip('"`') if table else "tenant data"
        if tenant_schema is not None and table and not {what.lower(), what.lower().rstrip("s")} & tenant_schema:
            continue  # kept apart by schema, and no user owns its rows inside the tenant
        yield Evidence(Status.WARN, f"query on {what} in {func.name}() does not filter by tenant or owner",
                       f"{mod.path}:{line}", " ".join(text.split())[:160])


def _owner_checked_ids(top: ast.Call) -> list[str]:
    """``kb_id`` for ``db.query(KnowledgeBase).filter(KnowledgeBase.id == kb_id, KnowledgeBase.user_id ==
    current_user.id)``: the ids a query looks up together with an owner filter — whatever the model, the row those
    ids name belongs to the caller."""
    text = ast.unparse(top)
    if not re.search(r"\.(?:filter|filter_by|where)\(", text) or not (
            _TENANT_COLUMN.search(text) or "current_user" in text):
        return []
    return re.findall(r"\.id\s*==\s*([A-Za-z_]\w*)\b", text)


def _chain_parents(func: _Func) -> dict[int, ast.Call]:
    """For each call another call is chained on (``db.query(Chat)`` in ``db.query(Chat).filter(…).first()``), the
    call chained on it, by ``id``."""
    parents: dict[int, ast.Call] = {}
    for node in _own_nodes(func):
        inner = node.func.value if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) else None
        if isinstance(node, ast.Call) and isinstance(inner, ast.Call):
            parents[id(inner)] = node
    return parents


def _chain_top(call: ast.Call, parents: dict[int, ast.Call]) -> ast.Call:
    """The outermost call of the chain ``call`` begins: its filters are part of the query."""
    while id(call) in parents:
        call = parents[id(call)]
    return call


def _orm_event(mod: PyModule, call: ast.Call, chain: ast.Call | None = None) -> Iterator[tuple[int, str, ast.AST]]:
    """ORM reads of tenant models: ``Conversation.objects.get(id=x)``, ``session.query(File).get(x)``,
    ``select(Message).where(...)``, ``session.get(Document, id)``; yields the whole chain's source (``chain``, the
    outermost call chained on ``call``: ``.filter(Chat.user_id == current_user.id)`` over several lines is read)."""
    name = dotted_name(call.func)
    parts = name.split(".")
    model = ""
    if len(parts) >= 3 and parts[-2] == "objects" and _MODELS.match(parts[-3]):
        model = parts[-3]
    elif parts[-1] in {"query", "select", "get"} and call.args and _MODELS.match(dotted_name(call.args[0])) \
            and _data_access(parts):
        model = dotted_name(call.args[0])
    if model:
        text = ast.unparse(chain or call)
        if not _ORM_FILTER.search(text):
            yield (mod.line(call), f"SELECT FROM {model} (ORM: {text[:120]})", call)


# What a query runs on: a session, connection or database handle (``session.get(Document, id)``,
# ``db.query(File)``), or SQLAlchemy's ``select(Message)``. ``injector.get(Settings)`` asks a dependency-injection
# container for the configuration object, ``cache.get(...)`` a cache: no table is read.
_DB_HANDLE = re.compile(r"(?i)(?:^|_)(?:session|sess|db|database|conn|connection|cursor|tx|transaction|uow|orm)$")


def _data_access(parts: list[str]) -> bool:
    """Is ``a.b.get``/``query``/``select`` (split on dots) a call on a database handle or SQLAlchemy's ``select``?"""
    owner = parts[-2] if len(parts) >= 2 else ""
    if parts[-1] == "select":
        return owner in {"", "sa", "sqlalchemy", "sqlmodel"} or bool(_DB_HANDLE.search(owner))
    return bool(_DB_HANDLE.search(owner))


def _from_dependency(func: ast.FunctionDef | ast.AsyncFunctionDef, name: str) -> bool:
    """``tenant_id: str = Depends(get_current_tenant_id)``: FastAPI fills the parameter from a dependency, never
    from the query string — what the dependency reads decides, not the client."""
    args = func.args
    positional = [*args.posonlyargs, *args.args]
    pairs = list(zip(positional[len(positional) - len(args.defaults):], args.defaults, strict=True))
    pairs += [(a, d) for a, d in zip(args.kwonlyargs, args.kw_defaults, strict=True) if d is not None]
    return any(arg.arg == name and isinstance(default, ast.Call)
               and dotted_name(default.func).rsplit(".", 1)[-1] in {"Depends", "Security"}
               for arg, default in pairs)


# A read of the request itself: Flask's ``request.get_json()``/``request.form``, Starlette's ``await request.json()``,
# Django's ``request.POST``/``request.body``.
_REQUEST_READ = re.compile(r"(?<![\w.])(?:request|req)\s*\.\s*(?:json|get_json|form|args|values|data|body|POST|GET"
                           r"|query_params|query|stream)\b")


def _request_bound(func: _Func, info: tuple[list[str], bool] | None) -> set[str]:
    """The names in ``func`` that hold what the client sent: a signed-in route handler's parameters (not those a
    dependency fills), and names assigned from a read of the request (``payload = await request.json()``). A
    ``payload`` anywhere else — a Celery task's stored license, a connector's API parameters — is no request body."""
    bound = {"request", "req"}
    if info is not None and not info[1]:
        bound |= {a.arg for a in [*func.args.posonlyargs, *func.args.args, *func.args.kwonlyargs]
                  if not _from_dependency(func, a.arg)}
    for node in _own_nodes(func):
        if isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None \
                and _REQUEST_READ.search(ast.unparse(node.value)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            bound |= {t.id for t in targets if isinstance(t, ast.Name)}
    return bound


def _body_read(node: ast.AST, bound: set[str]) -> str:
    """The key a node reads from a request-bound body name (``payload["tenant_id"]``, ``body.get("workspace_id")``,
    ``data.tenant_id``), ``""`` otherwise. A write into a dict (``params["workspaceId"] = …``) reads nothing."""
    if isinstance(node, ast.Subscript | ast.Attribute) and not isinstance(node.ctx, ast.Load):
        return ""
    if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant):
        owner, key = dotted_name(node.value), str(node.slice.value)
    elif (isinstance(node, ast.Call) and dotted_name(node.func).endswith(".get") and node.args
          and isinstance(node.args[0], ast.Constant)):
        owner, key = dotted_name(node.func).rsplit(".", 1)[0], str(node.args[0].value)
    elif isinstance(node, ast.Attribute) and _TENANT_KEY.match(node.attr):
        owner, key = dotted_name(node.value), node.attr
    else:
        return ""
    parts = owner.split(".")
    from_request = parts[0] in bound and (len(parts) == 1 or parts[0] in {"request", "req"})
    return key if from_request and _BODY_NAMES.match(parts[-1]) and _TENANT_KEY.match(key) else ""


def _request_tenant_findings(mod: PyModule, funcs: dict[str, tuple[list[str], bool]],
                             body_models: set[str]) -> Iterator[Evidence]:
    """Tenant ids read from request bodies, query parameters, form fields and request models."""
    for func in _functions(mod):
        info = funcs.get(f"{mod.path}:{func.name}")
        bound = _request_bound(func, info)
        for node in _own_nodes(func):
            key = _body_read(node, bound)
            if key:
                yield Evidence(Status.WARN, f"{func.name}() reads {key} from the request body instead of the session",
                               f"{mod.path}:{mod.line(node)}", mod.excerpt(node))
        if info is None:
            continue
        path_params, public = info
        if public:
            continue
        args = func.args
        for arg in [*args.posonlyargs, *args.args, *args.kwonlyargs]:
            if _TENANT_KEY.match(arg.arg) and arg.arg not in path_params \
                    and not _overridden_from_session(func, arg.arg) and not _from_dependency(func, arg.arg):
                source = "form field" if arg.annotation is not None and "Form" in ast.unparse(arg.annotation) else (
                    "body field" if arg.annotation is not None and "Body" in ast.unparse(arg.annotation)
                    else "query parameter")
                yield Evidence(Status.WARN, f"{func.name}() takes {arg.arg} as a {source} instead of from the "
                               "session", f"{mod.path}:{mod.line(arg)}", ast.unparse(arg))
    for node in ast.walk(mod.tree):
        if isinstance(node, ast.ClassDef) and any(dotted_name(b).endswith(("BaseModel", "Schema", "Serializer"))
                                                  for b in node.bases):
            for stmt in node.body:
                if (isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name)
                        and _TENANT_KEY.match(stmt.target.id) and node.name in body_models):
                    yield Evidence(Status.WARN, f"request model {node.name} accepts {stmt.target.id} from the client",
                                   f"{mod.path}:{mod.line(stmt)}", mod.excerpt(stmt))


# A route only operators reach (an admin or superuser guard, the control plane's service token) may name any tenant.
_OPERATOR_GUARD = re.compile(r"(?i)admin|superuser|control_?plane|is_staff|internal_?(?:only|service|token)")


def _body_models(ctx: CheckContext, routes: list[Route], handlers: dict[str, tuple[list[str], bool]]) -> set[str]:
    """The request models a signed-in, non-operator route handler takes as its body (``req: CreateThreadIn``,
    ``body: Optional[UpdateRequest]``), or any code fills from a read of the request
    (``MessageCreateSerializer(data=request.data)``): only there does a model's ``tenant_id`` come from the
    client. A model no route takes (``CreateTenantRequest`` left unused), or only the control plane's route, lets
    no user name a tenant."""
    operator = {f"{r.file}:{r.handler}" for r in routes if any(_OPERATOR_GUARD.search(g.name) for g in r.guards)}
    names: set[str] = set()
    for path, text in source_files(ctx.repo):
        mod = python_module(ctx.repo, path, text) if path.endswith(".py") and _REQUEST_READ.search(text) else None
        for call in mod.calls() if mod is not None else ():
            # a Django REST serializer or model filled from the request (``MessageSerializer(data=request.data)``)
            if any(_REQUEST_READ.search(ast.unparse(a)) for a in [*call.args, *(k.value for k in call.keywords)]):
                names.add(dotted_name(call.func).split(".")[0])
    for path in sorted({r.file for r in routes if r.file.endswith(".py")}):
        mod = python_module(ctx.repo, path, ctx.repo.read_text(path) or "")
        if mod is None:
            continue
        for func in _functions(mod):
            key = f"{path}:{func.name}"
            if key not in handlers or handlers[key][1] or key in operator:
                continue
            for arg in [*func.args.posonlyargs, *func.args.args, *func.args.kwonlyargs]:
                if arg.annotation is not None and not _from_dependency(func, arg.arg):
                    names |= {n.id if isinstance(n, ast.Name) else n.attr for n in ast.walk(arg.annotation)
                              if isinstance(n, ast.Name | ast.Attribute)}
    return names


# ``doc.userId !== userId``, ``if (thread.ownerId != session.user.id)``: the row's owner compared with the caller.
_JS_OWNER_COMPARE = re.compile(
    r"\b(?P<var>[A-Za-z_$][\w$]*)\??\.(?:user|owner|tenant|org|organization|workspace|team|account|creator|author)"
    r"_?[iI]d\b\s*(?:!==?|===?)|(?:!==?|===?)\s*(?P<var2>[A-Za-z_$][\w$]*)\??\."
    r"(?:user|owner|tenant|org|organization|workspace|team|account|creator|author)_?[iI]d\b")
_JS_READ_OPS = frozenset({"findMany", "findFirst", "findUnique", "findUniqueOrThrow"})


def _owner_checked(text: str, at: int, op: str) -> bool:
    """Does the handler compare the row's owner with the caller around this Prisma call (pdftochat's
    ``DELETE /api/document/[id]``)? A read: the variable it fills is compared in the 20 lines after it. A change:
    an owner comparison in the 40 lines before it (the row was loaded and checked first)."""
    if op in _JS_READ_OPS:
        bound = re.search(r"(?:const|let|var)\s+(?P<var>[A-Za-z_$][\w$]*)\s*=\s*(?:await\s+)?$",
                          text[max(0, at - 120):at])
        if bound is None:
            return False
        after = "\n".join(text[at:].splitlines()[:20])
        return any(bound.group("var") in (c.group("var"), c.group("var2")) for c in _JS_OWNER_COMPARE.finditer(after))
    before = "\n".join(text[:at].splitlines()[-40:])
    return bool(_JS_OWNER_COMPARE.search(before))


def _js_findings(path: str, text: str) -> Iterator[Evidence]:
    lines = text.splitlines()
    for m in _PRISMA.finditer(text):
        args = balanced(text, m.end() - 1)
        if not _ORM_FILTER.search(args) and not _owner_checked(text, m.start(), m.group("op")):
            line = text.count("\n", 0, m.start()) + 1
            yield Evidence(Status.WARN, f"prisma.{m.group('model')}.{m.group('op')} does not filter by tenant or owner",
                           f"{path}:{line}", lines[line - 1].strip()[:160])
    for m in _JS_BODY_TENANT.finditer(text):
        line = text.count("\n", 0, m.start()) + 1
        yield Evidence(Status.WARN, "tenant id read from the request body instead of the session", f"{path}:{line}",
                       lines[line - 1].strip()[:160])


def run(ctx: CheckContext) -> Outcome:
    return covering_unparsed(ctx.repo, _decide(ctx))


def _methods(mod: PyModule) -> dict[int, str]:
    """``id(function) → its class's name`` for every method of a module-level class."""
    return {id(item): node.name for node in mod.tree.body if isinstance(node, ast.ClassDef)
            for item in node.body if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef)}


def _decide(ctx: CheckContext) -> Outcome:
    patterns = (*DEFAULT_PUBLIC, *(ctx.config.api.public or ()))
    routes = route_inventory(ctx.repo)
    handlers: dict[str, tuple[list[str], bool]] = {}
    for route in routes:
        params = re.findall(r"[{<:\[](?:\w+:)?(\w+)", route.path)
        key = f"{route.file}:{route.handler}"
        old = handlers.get(key, ([], True))
        handlers[key] = (old[0] + params, old[1] and bool(is_public(route, patterns)))
    route_files = {route.file for route in routes}
    # Django routes are declared in urls.py and named by their view: match the view function by name.
    by_view = {r.handler: handlers[f"{r.file}:{r.handler}"] for r in routes if r.framework == "django" and r.handler}
    model = data_model(ctx.repo)
    body_models = _body_models(ctx, routes, handlers)
    tenant_schema = model.user_owned if schema_per_tenant(ctx.repo) else None
    evidence: list[Evidence] = []
    for path, text in source_files(ctx.repo):
        if path.endswith(".py"):
            if _ADMIN_PATHS.search(path) and path not in route_files:
                continue
            mod = python_module(ctx.repo, path, text)
            if mod is None:
                continue
            methods = _methods(mod)
            scheduled = {dotted_name(c.args[0]).rsplit(".", 1)[-1] for c in mod.calls()
                         if dotted_name(c.func).endswith(("add_job", "schedule.every", "add_periodic_task"))
                         and c.args} | _background_workers(mod)
            for func in _functions(mod):
                info = handlers.get(f"{path}:{func.name}") or by_view.get(func.name)
                # Only a route handler holds the session to scope by; a data-layer helper
                # (`get_by_id(conn, id)`) is scoped by the handler that calls it.
                if _SKIP_FUNCS.match(func.name) or (info is not None and info[1]) or model.ownerless:
                    continue
                if info is None and _scheduled_maintenance(path, func, scheduled):
                    continue  # a clean-up the scheduler runs over every tenant, no caller's session to scope by
                if info is None and id(func) in methods and admin_only_callers(ctx.repo, routes, methods[id(func)],
                                                                               func.name):
                    continue  # every route that reaches this helper is behind an admin guard: all rows are theirs
                evidence.extend(_query_findings(mod, func, helper=info is None, tenant_schema=tenant_schema))
            evidence.extend(_request_tenant_findings(mod, handlers, body_models))
        elif path in route_files and not model.ownerless:  # the same rule for JS: queries where requests are handled
            evidence.extend(_js_findings(path, text))
    unique = list({(e.location, e.message): e for e in evidence}.values())
    ownerless = (f"; the data model ({', '.join(model.declared_in)[:120]}) has no user, owner or tenant: queries "
                 "were not judged, nothing scopes rows to anyone") if model.ownerless else ""
    return Outcome.from_evidence(
        unique,
        passed="queries on tenant data filter by tenant or owner; no tenant id taken from the request" + ownerless,
        failed=f"{len(unique)} place(s) where tenant scoping looks missing or the tenant comes from the request",
    )


CHECK = Check(META, run, options={})
