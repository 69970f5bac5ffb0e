"""Python handlers that expose nothing: they read nothing of the request and answer only a constant.

A placeholder such as ``return jsonify({"error": "not ported yet"})`` or ``return jsonify({...}), 501`` —
literals passed through a response constructor, or an unconditional ``raise`` / ``abort(501)`` — serves no
stored data and does no work, so authentication in front of it protects nothing."""

from __future__ import annotations

import ast

from launchready.engines.pysource import dotted_name

_RESPONSE_CALLS = frozenset({"jsonify", "JSONResponse", "Response", "make_response", "PlainTextResponse",
                             "HTMLResponse", "HttpResponse", "JsonResponse", "abort", "HTTPException",
                             "NotImplementedError"})


def _literal(node: ast.expr) -> bool:
    """A value built only from literals and response constructors given literals."""
    if isinstance(node, ast.Constant):
        return True
    if isinstance(node, ast.JoinedStr):
        return all(isinstance(v, ast.Constant) for v in node.values)
    if isinstance(node, ast.Tuple | ast.List | ast.Set):
        return all(_literal(e) for e in node.elts)
    if isinstance(node, ast.Dict):
        return all(k is not None and _literal(k) for k in node.keys) and all(_literal(v) for v in node.values)
    if isinstance(node, ast.Call):
        return (dotted_name(node.func).rsplit(".", 1)[-1] in _RESPONSE_CALLS
                and all(_literal(a) for a in node.args) and all(_literal(k.value) for k in node.keywords))
    return False


def _says_something(node: ast.expr) -> bool:
    """A literal answer with a text value in it (``{"error": "not ported yet"}``, ``"ok"``; a key is no text) or
    an error status
    (``…, 501``): a placeholder's answer. A bare empty value (``[]``, ``{}``, ``""``) is not read as one: it is
    how a handler cut short for an example stands in for one that returns data."""
    keys = {id(k) for d in ast.walk(node) if isinstance(d, ast.Dict) for k in d.keys if k is not None}
    return any(isinstance(n, ast.Constant) and id(n) not in keys
               and ((isinstance(n.value, str) and n.value.strip()) or (type(n.value) is int and 400 <= n.value < 600))
               for n in ast.walk(node))


_SCHEMA_METHODS = frozenset({"schema", "model_json_schema", "schema_json"})


def _model_schema(node: ast.expr, func: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """``return WorkflowConfigModel.schema()`` from a handler that takes no argument: a model class's JSON schema,
    the same for every caller (the shape of a request, not anyone's data). Only a capitalised class name counts,
    never an instance or a variable."""
    args = func.args
    if args.args or args.posonlyargs or args.kwonlyargs or args.vararg or args.kwarg:
        return False
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and not node.args
            and node.func.attr in _SCHEMA_METHODS and isinstance(node.func.value, ast.Name)):
        return False
    return node.func.value.id[:1].isupper()


def answers_constant(func: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """Whether the handler's whole body (its docstring aside) is one ``return <literal>`` that says something (or a
    model class's JSON schema from a handler taking no argument), or ``raise <literal>`` (or ``abort(<literal>)``):
    it reads no request, no argument and no data."""
    body = list(func.body)
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:]
    if len(body) != 1:
        return False
    stmt = body[0]
    if isinstance(stmt, ast.Return):
        return stmt.value is not None and (
            (_literal(stmt.value) and _says_something(stmt.value)) or _model_schema(stmt.value, func))
    if isinstance(stmt, ast.Raise):
        return stmt.exc is not None and _literal(stmt.exc)
    if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call):
        return dotted_name(stmt.value.func).rsplit(".", 1)[-1] == "abort" and _literal(stmt.value)
    return False
