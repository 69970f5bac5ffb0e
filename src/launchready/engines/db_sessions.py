"""A dependency that hands the handler a database session, not the caller's login session.

FastAPI/Flask projects name their ORM session provider ``get_session``/``get_db`` (``with Session(engine) as s:
yield s``); "session" in that name says nothing about who calls. A provider whose definition was read, that
opens or returns an ORM session and reads nothing of the request's credentials, is no authentication — whatever
its name.
"""

from __future__ import annotations

import ast
import re

from launchready.engines.pysource import dotted_name

# ORM session factories and engines: SQLAlchemy / SQLModel ``Session(engine)``, ``sessionmaker()()``,
# ``AsyncSession(engine)``, a project ``SessionLocal()``, ``scoped_session``, ``engine.connect()``.
_DB_SESSION_CALL = re.compile(
    r"(?:^|\.)(?:Session|AsyncSession|sessionmaker|async_sessionmaker|scoped_session|\w*SessionLocal|"
    r"\w*session_factory|\w*SessionFactory|connect|begin|get_db|get_db_session|get_async_session|create_session)$")


def opens_db_session(func: ast.FunctionDef | ast.AsyncFunctionDef) -> str:
    """The ORM call through which ``func`` yields or returns a database session (``Session(engine)``), or ``""``
    when it does not: only a ``yield``/``return`` of that session, or of a value a ``with`` opened through it,
    counts."""
    opened: dict[str, str] = {}
    for node in ast.walk(func):
        if isinstance(node, ast.With | ast.AsyncWith):
            for item in node.items:
                call = item.context_expr
                name = dotted_name(call.func) if isinstance(call, ast.Call) else ""
                if name and _DB_SESSION_CALL.search(name) and isinstance(item.optional_vars, ast.Name):
                    opened[item.optional_vars.id] = name
        elif isinstance(node, ast.Assign) and isinstance(node.value, ast.Call) and len(node.targets) == 1 \
                and isinstance(node.targets[0], ast.Name):
            name = dotted_name(node.value.func)
            if name and _DB_SESSION_CALL.search(name):
                opened[node.targets[0].id] = name
    for node in ast.walk(func):
        value = node.value if isinstance(node, ast.Yield | ast.Return | ast.Await) else None
        if isinstance(node, ast.YieldFrom):
            value = node.value
        if isinstance(value, ast.Name) and value.id in opened:
            return f"{opened[value.id]}(…)"
        if isinstance(value, ast.Call) and isinstance(node, ast.Yield | ast.Return):
            name = dotted_name(value.func)
            if name and _DB_SESSION_CALL.search(name):
                return f"{name}(…)"
    return ""
