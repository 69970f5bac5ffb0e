"""What a CORS setup's origins hold when they are a variable: the assignment of it that runs last before the setup,
and the default an environment-read setting falls back to."""

from __future__ import annotations

import ast
from dataclasses import dataclass

from launchready.engines.pysource import PyModule, dotted_name

_ENV_READS = ("getenv", "environ.get")


@dataclass(frozen=True)
class Assigned:
    """A value a module-level name holds where it is used: the expression, its line, and the condition under which
    that assignment is the one that runs (``""`` when it always does)."""

    value: ast.expr
    line: int
    when: str = ""


def _unset_by_default(mod: PyModule, test: ast.expr) -> str:
    """The environment variable an ``if <name>:`` test reads when that name is ``os.getenv("X")`` without a default
    (unset, so the test is false unless the operator sets it); ``""`` otherwise."""
    if not isinstance(test, ast.Name):
        return ""
    value = mod.constants.get(test.id)
    if (isinstance(value, ast.Call) and dotted_name(value.func).endswith(_ENV_READS) and len(value.args) == 1
            and not value.keywords and isinstance(value.args[0], ast.Constant)):
        return str(value.args[0].value)
    return ""


def _last_in(stmts: list[ast.stmt], name: str) -> ast.Assign | None:
    found = None
    for stmt in stmts:
        if isinstance(stmt, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in stmt.targets):
            found = stmt
    return found


def assigned_before(mod: PyModule, name: str, line: int) -> Assigned | None:
    """The assignment of ``name`` that holds when line ``line`` runs: inside a function that assigns it, the
    function's last top-level assignment before the line; otherwise the last one before it at the module's top
    level, or — for ``if X: name = a else: name = b`` where ``X`` is an environment variable read
    without a default — the last one of the ``else`` branch, which runs unless the operator sets ``X``.
    ``None`` when another branch or a later rebinding decides."""
    found: Assigned | None = None
    local = _enclosing_function(mod, line)
    if local is not None and any(isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, ast.Store)
                                 for n in ast.walk(local)):
        # a name the function assigns is local to it: the function's own assignment that runs last before the
        # line decides (``origins = ["*", …]`` two lines above ``add_middleware(…, allow_origins=origins)``)
        for stmt in local.body:
            if stmt.lineno >= line:
                break
            if isinstance(stmt, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in stmt.targets):
                found = Assigned(stmt.value, stmt.lineno)
            elif any(isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, ast.Store)
                     for n in ast.walk(stmt)):
                found = None  # bound in a branch or loop: decided at run time
        return found
    for stmt in mod.tree.body:
        if stmt.lineno >= line:
            break
        if isinstance(stmt, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in stmt.targets):
            found = Assigned(stmt.value, stmt.lineno)
        elif isinstance(stmt, ast.If):
            in_body, in_else = _last_in(stmt.body, name), _last_in(stmt.orelse, name)
            if in_body is None and in_else is None:
                continue
            unset = _unset_by_default(mod, stmt.test)
            if in_else is not None and unset:
                found = Assigned(in_else.value, in_else.lineno, f"unless {unset} is set")
            else:
                found = None  # which branch runs is decided at run time
    return found


def _enclosing_function(mod: PyModule, line: int) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
    """The innermost function whose body holds ``line``, or ``None`` at module level."""
    inner = None
    for node in ast.walk(mod.tree):
        if (isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
                and node.lineno < line <= (node.end_lineno or node.lineno)
                and (inner is None or node.lineno > inner.lineno)):
            inner = node
    return inner


def env_default(mod: PyModule, name: str) -> tuple[str, str] | None:
    """``(default, "path:line")`` when ``name`` is assigned ``os.getenv("X", "<default>")`` in ``mod``."""
    for node in ast.walk(mod.tree):
        if not (isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in node.targets)):
            continue
        value = node.value
        while (isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute)
               and value.func.attr in {"split", "strip", "lower"}):
            value = value.func.value  # os.getenv("X", "a,b").split(","): the default, split into a list
        if (isinstance(value, ast.Call) and dotted_name(value.func).endswith(_ENV_READS) and len(value.args) == 2
                and isinstance(value.args[1], ast.Constant) and isinstance(value.args[1].value, str)):
            return value.args[1].value, f"{mod.path}:{mod.line(node)}"
    return None
