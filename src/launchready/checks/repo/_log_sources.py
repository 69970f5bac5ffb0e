"""Where a logged value comes from, for repo.logging-hygiene: a failed HTTP call's answer, ciphertext that is
decrypted after it is logged, and the level the project's logger is set to when nobody turns debug on."""

from __future__ import annotations

import ast
import builtins
import re

from launchready.engines.pysource import PyModule, dotted_name

# A call that sends an HTTP request and returns its response: `requests.post(...)`, `client.get(...)`,
# `conn.getresponse()`, `urllib.request.urlopen(...)`.
_HTTP_CALL = re.compile(r"(?:^|\.)(?:post|get|put|patch|delete|request|urlopen|getresponse|send)$")
_HTTP_MODULE = re.compile(r"^(?:requests|httpx|aiohttp|urllib3?|session|client|http)\b")
_RESPONSE_PARAM = re.compile(r"(?i)^(?:.*_)?(?:response|resp|res)$")
_BUILTINS = frozenset(dir(builtins))  # `isinstance(body, dict)`: `dict` is a type, not a value
# The failure levels: a value logged at one of these is logged because the call went wrong.
FAILURE_LEVELS = {"error", "warning", "warn", "exception", "critical", "fatal"}


def _loads(value: ast.AST) -> list[str]:
    """The names ``value`` reads, not counting the functions it calls (``str``, ``json.loads``)."""
    callees = {id(n.func) for n in ast.walk(value) if isinstance(n, ast.Call)}
    heads = set()
    for node in ast.walk(value):
        if isinstance(node, ast.Call):
            func = node.func
            while isinstance(func, ast.Attribute):
                func = func.value
            if isinstance(func, ast.Name) and not isinstance(node.func, ast.Attribute):
                heads.add(id(func))  # str(x): `str` is a function, not a value
            elif isinstance(node.func, ast.Attribute) and isinstance(func, ast.Name) and (
                    func.id in {"json", "str", "dict"}):
                heads.add(id(func))  # json.loads(x): a module's function
    return [n.id for n in ast.walk(value) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)
            and id(n) not in callees and id(n) not in heads and n.id not in _BUILTINS]


def _sends_request(value: ast.AST) -> bool:
    call = value.value if isinstance(value, ast.Await) else value
    if not isinstance(call, ast.Call):
        return False
    name = dotted_name(call.func)
    return bool(_HTTP_CALL.search(name)) and ("." in name or name == "urlopen") and not name.startswith(
        ("os.", "self.config", "config.", "conf")) and not name.endswith(("environ.get", ".getenv")) and (
        bool(_HTTP_MODULE.match(name)) or name.rsplit(".", 1)[-1] in {"post", "getresponse", "urlopen", "request"})


def response_texts(func: ast.FunctionDef | ast.AsyncFunctionDef) -> frozenset[str]:
    """Names a function binds only from what an HTTP call answered: the response itself (``res = requests.post(…)``,
    a parameter named ``response``) and every name built only from it (``res_json = res.json()``,
    ``body = resp.text[:500]``, ``message = body.get("error")``)."""
    params = {a.arg for a in [*func.args.posonlyargs, *func.args.args, *func.args.kwonlyargs]}
    responses = {p for p in params if _RESPONSE_PARAM.match(p)}
    assigns: dict[str, list[ast.AST]] = {}
    for node in ast.walk(func):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    assigns.setdefault(target.id, []).append(node.value)
        elif isinstance(node, ast.AnnAssign | ast.AugAssign | ast.For | ast.NamedExpr) and isinstance(
                node.target, ast.Name):
            assigns.setdefault(node.target.id, []).append(ast.Constant(None) if not isinstance(
                node, ast.AnnAssign | ast.NamedExpr) or node.value is None else node.value)
    for node in ast.walk(func):  # `async with session.post(url) as resp:` binds the response too
        if isinstance(node, ast.With | ast.AsyncWith):
            for item in node.items:
                if isinstance(item.optional_vars, ast.Name) and _sends_request(item.context_expr):
                    responses.add(item.optional_vars.id)
    for name, values in assigns.items():  # `res = requests.post(…)`, then `res = res.json()`: still its answer
        if name not in params and any(_sends_request(v) for v in values) and all(
                _sends_request(v) or set(_loads(v)) == {name} for v in values):
            responses.add(name)
    known = set(responses)
    changed = True
    while changed:
        changed = False
        for name, values in assigns.items():
            if name in known or name in params:
                continue
            reads = [_loads(v) for v in values]  # `body = json.loads(body)`: built from itself, once known
            built_from_known = all(_sends_request(v) or (r and all(n in known or n == name for n in r))
                                   for v, r in zip(values, reads, strict=True))
            if built_from_known and any(n in known for r in reads for n in r):
                known.add(name)
                changed = True
    return frozenset(known)


def _bodies(node: ast.AST) -> list[list[ast.stmt]]:
    out = []
    for field in ("body", "orelse", "finalbody"):
        stmts = getattr(node, field, None)
        if isinstance(stmts, list) and stmts and isinstance(stmts[0], ast.stmt):
            out.append(stmts)
    for handler in getattr(node, "handlers", []) or []:
        out.append(handler.body)
    return out


def decrypted_after(mod: PyModule) -> dict[int, frozenset[str]]:
    """Every node of a statement → the names a later statement of the same block hands to a ``decrypt…`` call
    (``logger.debug(message)`` then ``message = crypto.decrypt_message(message, …)``): what was logged is the
    ciphertext."""
    found: dict[int, frozenset[str]] = {}
    for node in ast.walk(mod.tree):
        for stmts in _bodies(node):
            later: set[str] = set()
            for stmt in reversed(stmts):
                if later:
                    names = frozenset(later)
                    for inner in ast.walk(stmt):
                        found[id(inner)] = found.get(id(inner), frozenset()) | names
                for call in ast.walk(stmt):
                    if isinstance(call, ast.Call) and "decrypt" in dotted_name(call.func).rsplit(".", 1)[-1].lower():
                        later.update(a.id for a in call.args if isinstance(a, ast.Name))
    return found


_LEVEL_ORDER = {"DEBUG": 10, "INFO": 20, "WARNING": 30, "WARN": 30, "ERROR": 40, "CRITICAL": 50}


def _set_level(call: ast.Call, built: set[str]) -> str:
    """The level a ``setLevel(logging.INFO)`` / ``basicConfig(level=logging.INFO)`` call sets, or ``""``.
    ``built``: the names the module binds to a ``getLogger(…)`` — only the logger where it is built counts, not a
    library's logger quietened (``getLogger("sdk").setLevel(…)``) nor one channel lowering an imported logger."""
    name = dotted_name(call.func)
    value: ast.AST | None = None
    receiver = call.func.value if isinstance(call.func, ast.Attribute) else None
    named = isinstance(receiver, ast.Name) and receiver.id in built
    root = isinstance(receiver, ast.Call) and not receiver.args and not receiver.keywords
    if name.endswith("setLevel") and not (named or root):
        return ""
    if name.endswith("setLevel") and call.args:
        value = call.args[0]
    elif name.endswith("basicConfig"):
        value = next((k.value for k in call.keywords if k.arg == "level"), None)
    if value is None:
        return ""
    text = value.value if isinstance(value, ast.Constant) else dotted_name(value).rsplit(".", 1)[-1]
    return text.upper() if isinstance(text, str) and text.upper() in _LEVEL_ORDER else ""


def _conditional(mod: PyModule) -> set[int]:
    conditional: set[int] = set()
    for node in ast.walk(mod.tree):
        if isinstance(node, ast.If | ast.IfExp):
            for inner in ast.walk(node):
                if inner is not node:
                    conditional.add(id(inner))
    return conditional


def _built_loggers(mod: PyModule) -> set[str]:
    return {t.id for node in ast.walk(mod.tree)
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call)
            and dotted_name(node.value.func).endswith("getLogger")
            for t in node.targets if isinstance(t, ast.Name)}


def default_level(modules: list[PyModule]) -> tuple[str, str]:
    """``("INFO", "common/log.py:37")`` when the project sets its logger's level above DEBUG in code that always
    runs (not under an ``if``), and sets DEBUG only under a condition (a ``debug`` switch someone turns on);
    ``("", "")`` when no such level is set or DEBUG is set unconditionally (on any logger: which modules a named
    logger covers is not read, so a DEBUG anywhere leaves the default unknown). A module's own logger with a level
    of its own decides that module's calls (:func:`module_levels`)."""
    found: tuple[str, str] = ("", "")
    for mod in modules:
        conditional = _conditional(mod)
        built = _built_loggers(mod)
        for call in mod.calls():
            level = _set_level(call, built)
            if not level or id(call) in conditional:
                continue
            if level == "DEBUG":
                return ("", "")
            if not found[0]:
                found = (level, f"{mod.path}:{mod.line(call)}")
    return found


def module_levels(mod: PyModule) -> dict[str, tuple[str, str]]:
    """The loggers a module builds and sets a level on in code that always runs (``logger = getLogger(__name__)``
    then ``logger.setLevel(logging.INFO)``): logger name → (level, where). A debug call through such a logger is
    written only when its level is DEBUG, whatever the root's level."""
    conditional = _conditional(mod)
    built = _built_loggers(mod)
    found: dict[str, tuple[str, str]] = {}
    for call in mod.calls():
        receiver = call.func.value if isinstance(call.func, ast.Attribute) else None
        if not (isinstance(receiver, ast.Name) and receiver.id in built) or id(call) in conditional:
            continue
        level = _set_level(call, built)
        if level:
            found[receiver.id] = (level, f"{mod.path}:{mod.line(call)}")
    return found


# A test of an HTTP status: success (``== 200``, ``in (200, 201)``, ``< 300``, ``.ok``) or failure (``!= 200``,
# ``>= 400``, ``not resp.ok``).
_STATUS_ATTR = frozenset({"status_code", "status", "ok"})


def _status_test(test: ast.expr) -> bool | None:
    """True when ``test`` says the call succeeded, False when it says it failed, None when it tests no status."""
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        inner = _status_test(test.operand)
        return None if inner is None else not inner
    if isinstance(test, ast.Attribute) and test.attr == "ok":
        return True
    if not (isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(test.left, ast.Attribute)
            and test.left.attr in _STATUS_ATTR):
        return None
    op, right = test.ops[0], test.comparators[0]
    codes = [c.value for c in ast.walk(right) if isinstance(c, ast.Constant) and isinstance(c.value, int)]
    if not codes:
        return None
    success = all(200 <= c < 300 for c in codes)
    if isinstance(op, ast.Eq | ast.In):
        return success
    if isinstance(op, ast.NotEq | ast.NotIn):
        return not success
    if isinstance(op, ast.Lt | ast.LtE):
        return codes[0] <= 400  # `< 300`, `< 400`: the call did not fail
    if isinstance(op, ast.Gt | ast.GtE):
        return codes[0] < 300  # `>= 200` says it succeeded, `>= 400` / `> 299` that it failed
    return None


def in_failure_branch(func: ast.FunctionDef | ast.AsyncFunctionDef, call: ast.Call) -> bool:
    """Is ``call`` in the branch an HTTP status test takes when the call failed (the ``else`` of
    ``if fork_response.status_code == 202``, the body of ``if not resp.ok``), at whatever log level?"""
    for node in ast.walk(func):
        if isinstance(node, ast.If):
            said = _status_test(node.test)
            if said is None:
                continue
            branch = node.orelse if said else node.body
            if any(n is call for stmt in branch for n in ast.walk(stmt)):
                return True
    return False
