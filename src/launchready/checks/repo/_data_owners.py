"""Who owns the product's data, read from its data model, and which query helpers only admins reach.

A tenant filter is missing only where there is a tenant or owner to filter by. The data model is read where it
is declared — Prisma ``model`` blocks, SQLAlchemy/SQLModel/Django model classes, SQL ``CREATE TABLE`` — and
when it was found and none of it names a user, owner or tenant (no ``User`` model, no ``user_id``/``ownerId``/
``tenant_id``/``workspace_id`` column), rows are addressed by their ids alone and nothing scopes them to anyone.
When no data model is found at all, that is not known, and the check judges the queries as before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from launchready.engines.routes import Route, source_files
from launchready.targets.repo import RepoSnapshot

_OWNER_FIELD = re.compile(r"(?i)^(?:user|owner|tenant|workspace|org|organization|account|team|author|member|"
                          r"created_?by|creator)(?:_?id|_?email)?$")
_OWNER_MODEL = re.compile(r"^(?:User|Users|Account|Accounts|Member|Members|Tenant|Tenants|Organization|Team|"
                          r"Profile|Profiles)$")
_PRISMA_MODEL = re.compile(r"^model\s+(\w+)\s*\{(.*?)^\}", re.MULTILINE | re.DOTALL)
_PY_MODEL = re.compile(r"^class\s+(\w+)\s*\(([^)]*)\)\s*:", re.MULTILINE)
_PY_MODEL_BASE = re.compile(r"\bmodels\.Model\b|\btable\s*=\s*True\b|\bBase\b|DeclarativeBase|\bAbstractUser\b")
_PY_FIELD = re.compile(r"^[ \t]+(\w+)\s*(?::[^=\n]*)?=\s*(?:models\.\w+|Column|Field|mapped_column|relationship|"
                       r"sa\.Column|db\.Column)", re.MULTILINE)
_SQL_TABLE = re.compile(r"(?is)CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?[\"`]?(\w+)[\"`]?\s*\((.*?)\)\s*;")


@dataclass(frozen=True)
class DataModel:
    declared_in: tuple[str, ...]  # where the data model was read (``prisma/schema.prisma``), ``()`` when not found
    owner: str  # the first user/owner/tenant model or column seen (``User``, ``Chat.userId``), ``""`` when none
    # the models and tables (lower case) with a column naming a user or owner inside a tenant (``chat_session``
    # with ``user_id``): what a schema-per-tenant product must still filter by owner
    user_owned: frozenset[str] = frozenset()

    @property
    def ownerless(self) -> bool:
        """The data model was read and nothing in it belongs to a user, owner or tenant."""
        return bool(self.declared_in) and not self.owner


def data_model(repo: RepoSnapshot) -> DataModel:
    """The product's data model: where it is declared and the first sign of ownership in it."""
    declared: list[str] = []
    owner = ""
    owned: set[str] = set()

    def read(path: str, model: str, fields: list[str]) -> None:
        nonlocal owner
        declared.append(path)
        owner = owner or _owner(model, fields)
        if any(_USER_FIELD.match(f) for f in fields):
            owned.add(model.lower())

    for file in repo.text_files(suffixes=(".prisma",)):
        for m in _PRISMA_MODEL.finditer(file.text):
            read(file.path, m.group(1), re.findall(r"^\s*(\w+)\s+\w", m.group(2), re.MULTILINE))
    for path, text in source_files(repo, (".py",)):
        for m in _PY_MODEL.finditer(text):
            if not _PY_MODEL_BASE.search(m.group(2)):
                continue
            body = text[m.end(): _class_end(text, m.end())]
            table = re.search(r"__tablename__\s*=\s*['\"](\w+)['\"]", body)
            read(path, m.group(1), _PY_FIELD.findall(body))
            if table and m.group(1).lower() in owned:
                owned.add(table.group(1).lower())
    for file in repo.text_files(suffixes=(".sql",)):
        for m in _SQL_TABLE.finditer(file.text):
            read(file.path, m.group(1), [c.strip().split()[0].strip('"`') for c in m.group(2).split(",") if c.strip()])
    return DataModel(tuple(dict.fromkeys(declared)), owner, frozenset(owned))


_USER_FIELD = re.compile(r"(?i)^(?:user|owner|author|member|created_?by|creator)(?:_?id|_?email)?$")
# Tenants kept apart by database schema: SQLAlchemy's ``schema_translate_map={None: tenant_id}`` (onyx), Postgres
# ``SET search_path TO <tenant>``, django-tenants. Every query then runs inside the caller's tenant already.
_SCHEMA_PER_TENANT = re.compile(r"schema_translate_map\s*=\s*\{[^}]*tenant|search_path\s*(?:TO|=)\s*[^;\n]*tenant"
                                r"|\bdjango_tenants\b|\bTenantMixin\b", re.IGNORECASE)


def schema_per_tenant(repo: RepoSnapshot) -> str:
    """Where the product keeps each tenant in its own database schema (``path:line``), or ``""``."""
    for path, text in source_files(repo, (".py",)):
        m = _SCHEMA_PER_TENANT.search(text)
        if m:
            return f"{path}:{text.count(chr(10), 0, m.start()) + 1}"
    return ""


def _owner(model: str, fields: list[str]) -> str:
    if _OWNER_MODEL.match(model):
        return model
    field = next((f for f in fields if _OWNER_FIELD.match(f)), "")
    return f"{model}.{field}" if field else ""


def _class_end(text: str, start: int) -> int:
    """Where a class body that starts at ``start`` ends: the next line at the left margin."""
    m = re.compile(r"^\S", re.MULTILINE).search(text, start + 1)
    return m.start() if m else len(text)


_ADMIN_GUARD = re.compile(r"(?i)admin|superuser|staff|is_super")
_INSTANCE = re.compile(r"^(\w+)\s*(?::[^=\n]*)?=\s*([A-Z]\w*)\(\s*\)", re.MULTILINE)


def admin_only_callers(repo: RepoSnapshot, routes: list[Route], owner_class: str, method: str) -> list[Route]:
    """The routes that call ``owner_class.method`` through a module-level instance (``document_repo =
    DocumentRepo()`` … ``document_repo.paginate(...)``) — ``[]`` unless there is at least one and every one of
    them is behind an admin or superuser guard."""
    instances = repo.memo("module-level-instances", lambda: _instances(repo))
    names = {var for var, cls in instances if cls == owner_class}
    if not names:
        return []
    callers = [r for r in routes if any(c.rsplit(".", 1)[-1] == method and c.rsplit(".", 1)[0] in names
                                        for c in r.body_calls)]
    if not callers or not all(any(_ADMIN_GUARD.search(g.name) for g in r.guards) for r in callers):
        return []
    return callers


def _instances(repo: RepoSnapshot) -> tuple[tuple[str, str], ...]:
    return tuple((m.group(1), m.group(2)) for _, text in source_files(repo, (".py",)) for m in _INSTANCE.finditer(text))
