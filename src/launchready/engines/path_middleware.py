"""What a Python HTTP middleware that dispatches on the request path does to one route, for a caller who sends no
credential.

A middleware such as ``@app.middleware("http")`` or a Starlette ``BaseHTTPMiddleware.dispatch`` often decides by
path: ``if path.startswith("/v1/") and not api_key: return 401``, ``if request.url.path in self.excluded_paths:
return await call_next(request)``. Named or not like auth, it guards the routes under the prefixes it requires and
only those; carved-out paths stay open. Whether it runs at all may hang on a setting (``if not self.password:
return await call_next(request)``): then it guards nobody while the setting is unset, and that is what to say.

We read it by running its body on the route's own path and method, the anonymous caller's way: what the caller
would send (headers, cookies, a key handed to a project helper) is absent; a project helper handed the request that
answers 401/403 turns the anonymous caller away (it raises); a value no request decides (a setting, a config
attribute, an environment read) is unknown, and the run forks on it, each unknown taken the same way wherever it is
read again. The routes' verdict follows from how every run ends: all refuse → guarded; all reach ``call_next`` →
open (carved out); some reach it only on some settings → guarded only then; a run that turns on anything else of the
request (its client address, a loop) → undetermined. Written here because no library reads middleware this way.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from launchready.engines.pysource import dotted_name

_Func = ast.FunctionDef | ast.AsyncFunctionDef


class _Absent:
    """What an anonymous caller's request holds where a credential would be: nothing."""


class _Request:
    """The request object itself."""


class _Url:
    """``request.url``."""


ABSENT = _Absent()
REQUEST = _Request()
URL = _Url()


@dataclass(frozen=True)
class Opaque:
    """A value no request decides (``setting``: a config attribute, an environment read) or that the reading cannot
    follow (``other``: the client address, a computed value)."""

    label: str
    kind: str = "setting"


Value = str | int | bool | tuple[object, ...] | _Absent | _Request | _Url | Opaque | None


@dataclass(frozen=True)
class Verdict:
    """How the middleware treats the anonymous caller on one path."""

    status: str  # "guarded" | "open" | "setting" | "undetermined" | "ignores"
    admits_when: tuple[str, ...] = ()  # for "setting": the states of the settings under which it lets them through
    why: str = ""  # for "undetermined"


class _Need(Exception):
    def __init__(self, atom: tuple[str, str]) -> None:
        super().__init__(atom[0])
        self.atom = atom


class _End(Exception):
    def __init__(self, how: str) -> None:  # "admit" | "refuse" | "answer" | "undecided:<why>"
        super().__init__(how)
        self.how = how


class _Raised(Exception):
    """An exception the anonymous caller's request raises (a refusing helper)."""


_REFUSAL_STATUS = re.compile(r"^(?:40[13]|(?:\w+\.)*HTTP_40[13]_\w+)$")
_LOGIN_URL = re.compile(r"(?i)log_?in|sign_?in|auth")
_CREDENTIAL_HOLDERS = frozenset({"headers", "cookies", "session", "auth", "user", "query_params"})
_ENV_READ = re.compile(r"(?i)(?:^|\.)(?:getenv|environ\.get|get_?\w*env\w*|get_?secret\w*|get_?setting\w*|"
                       r"get_?config\w*)$")
_MAX_RUNS = 64


def refusal_answer(node: ast.AST) -> bool:
    """An answer of 401/403 (``JSONResponse(status_code=401)``, ``ErrorResponse.from_message(…, HTTP_401_…)``,
    ``("denied", 403)``) or a redirect to a sign-in page."""
    for sub in ast.walk(node):
        if isinstance(sub, ast.Constant) and sub.value in (401, 403) and not isinstance(sub.value, bool):
            return True
        if isinstance(sub, ast.Name | ast.Attribute) and _REFUSAL_STATUS.match(dotted_name(sub) or "-"):
            return True
        if isinstance(sub, ast.Call) and "redirect" in dotted_name(sub.func).lower() and any(
                isinstance(a, ast.Constant) and isinstance(a.value, str) and _LOGIN_URL.search(a.value)
                for a in sub.args):
            return True
    return False


def reads_path(func: _Func) -> bool:
    """Whether ``func`` reads the request's path (``request.url.path``)."""
    return any(isinstance(n, ast.Attribute) and n.attr == "path" and isinstance(n.value, ast.Attribute)
               and n.value.attr == "url" for n in ast.walk(func))


@dataclass
class _Run:
    path: str
    method: str
    assumed: dict[tuple[str, str], bool]
    request_names: frozenset[str]
    next_names: frozenset[str]
    helper: Callable[[str], _Func | None]
    refuses: Callable[[ast.Call], bool]
    self_attrs: Mapping[str, tuple[ast.expr, Mapping[str, Value]]]
    constants: Mapping[str, ast.expr]
    consulted: list[tuple[str, str]] = field(default_factory=list)
    attr_cache: dict[str, Value] = field(default_factory=dict)
    caught: bool = False

    # --- truth -----------------------------------------------------------------------------------------------

    def atom(self, label: str, kind: str) -> bool:
        key = (label, kind)
        if key not in self.assumed:
            raise _Need(key)
        if key not in self.consulted:
            self.consulted.append(key)
        return self.assumed[key]

    def truth(self, value: Value) -> bool:
        if isinstance(value, Opaque):
            return self.atom(f"{value.label} is set", value.kind)
        if isinstance(value, _Absent) or value is None:
            return False
        if isinstance(value, _Request | _Url):
            return True
        return bool(value)

    # --- values ----------------------------------------------------------------------------------------------

    def value(self, node: ast.expr, env: dict[str, Value], depth: int = 0) -> Value:
        if isinstance(node, ast.Await):
            return self.value(node.value, env, depth)
        if isinstance(node, ast.Constant):
            return node.value if isinstance(node.value, str | int | bool) or node.value is None else Opaque(
                ast.unparse(node), "other")
        if isinstance(node, ast.List | ast.Tuple | ast.Set):
            items = [self.value(e, env, depth) for e in node.elts]
            return tuple(items) if all(isinstance(i, str) for i in items) else Opaque(ast.unparse(node)[:60], "other")
        if isinstance(node, ast.Name):
            return self.name(node.id, env)
        if isinstance(node, ast.Attribute):
            return self.attribute(node, env, depth)
        if isinstance(node, ast.Subscript):
            base = self.value(node.value, env, depth)
            if isinstance(base, _Absent | _Request):
                return ABSENT
            return Opaque(ast.unparse(node)[:60], base.kind if isinstance(base, Opaque) else "other")
        if isinstance(node, ast.BoolOp):
            last: Value = None
            for operand in node.values:
                last = self.value(operand, env, depth)
                if self.truth(last) is isinstance(node.op, ast.Or):
                    return last
            return last
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            return not self.truth(self.value(node.operand, env, depth))
        if isinstance(node, ast.IfExp):
            test = self.truth(self.value(node.test, env, depth))
            return self.value(node.body if test else node.orelse, env, depth)
        if isinstance(node, ast.Compare):
            return self.compare(node, env, depth)
        if isinstance(node, ast.Call):
            return self.call(node, env, depth)
        return Opaque(ast.unparse(node)[:60], "other")

    def name(self, name: str, env: dict[str, Value]) -> Value:
        if name in env:
            return env[name]
        if name in self.request_names:
            return REQUEST
        if name in self.constants:
            try:
                literal = ast.literal_eval(self.constants[name])
            except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
                return Opaque(name)
            if isinstance(literal, str | int | bool) or literal is None:
                return literal
            if isinstance(literal, list | tuple | set) and all(isinstance(i, str) for i in literal):
                return tuple(literal)
        return Opaque(name)

    def attribute(self, node: ast.Attribute, env: dict[str, Value], depth: int) -> Value:
        if isinstance(node.value, ast.Name) and node.value.id == "self" and node.value.id not in env:
            if node.attr in self.self_attrs:
                if node.attr not in self.attr_cache:
                    expr, init_env = self.self_attrs[node.attr]
                    self.attr_cache[node.attr] = self.value(expr, dict(init_env), depth + 1)
                return self.attr_cache[node.attr]
            return Opaque(f"self.{node.attr}")
        base = self.value(node.value, env, depth)
        if isinstance(base, _Request):
            if node.attr == "url":
                return URL
            if node.attr == "method":
                return self.method
            if node.attr in _CREDENTIAL_HOLDERS:
                return ABSENT
            return Opaque(ast.unparse(node)[:60], "other")
        if isinstance(base, _Url):
            return self.path if node.attr == "path" else Opaque(ast.unparse(node)[:60], "other")
        if isinstance(base, _Absent):
            return ABSENT
        if isinstance(base, Opaque):
            return Opaque(ast.unparse(node)[:60], base.kind)
        return Opaque(ast.unparse(node)[:60], "other")

    def compare(self, node: ast.Compare, env: dict[str, Value], depth: int) -> Value:
        if len(node.ops) != 1:
            return Opaque(ast.unparse(node)[:60], "other")
        op = node.ops[0]
        left = self.value(node.left, env, depth)
        right = self.value(node.comparators[0], env, depth)
        if isinstance(op, ast.Is | ast.IsNot) and (right is None or left is None):
            other = left if right is None else right
            if isinstance(other, Opaque):
                is_none = not self.atom(f"{other.label} is set", other.kind)
            else:
                is_none = other is None or isinstance(other, _Absent)
            return is_none if isinstance(op, ast.Is) else not is_none
        if isinstance(op, ast.Eq | ast.NotEq | ast.In | ast.NotIn):
            if isinstance(left, _Absent) or isinstance(right, _Absent):
                return not isinstance(op, ast.Eq | ast.In)  # nothing sent equals or is in anything
            for side in (left, right):
                if isinstance(side, Opaque):
                    shown = (f"{side.label} {'in' if isinstance(op, ast.In | ast.NotIn) else '=='} "
                             f"{ast.unparse(node.comparators[0] if side is left else node.left)[:40]}")
                    held = self.atom(shown, side.kind)
                    return held if isinstance(op, ast.Eq | ast.In) else not held
            if isinstance(op, ast.Eq | ast.NotEq):
                return (left == right) is isinstance(op, ast.Eq)
            if isinstance(right, tuple | str) and isinstance(left, str):
                return (left in right) is isinstance(op, ast.In)
        return Opaque(ast.unparse(node)[:60], "other")

    def call(self, node: ast.Call, env: dict[str, Value], depth: int) -> Value:
        name = dotted_name(node.func)
        short = name.rsplit(".", 1)[-1]
        if isinstance(node.func, ast.Name) and node.func.id in self.next_names:
            raise _End("admit")
        if isinstance(node.func, ast.Attribute) and node.func.attr in {"startswith", "endswith"}:
            base = self.value(node.func.value, env, depth)
            args = [self.value(a, env, depth) for a in node.args]
            if isinstance(base, str) and args and (isinstance(args[0], str) or (
                    isinstance(args[0], tuple) and all(isinstance(a, str) for a in args[0]))):
                needle = args[0] if isinstance(args[0], str) else tuple(str(a) for a in args[0])
                return base.startswith(needle) if node.func.attr == "startswith" else base.endswith(needle)
            if isinstance(base, _Absent):
                return ABSENT
            return Opaque(ast.unparse(node)[:60], base.kind if isinstance(base, Opaque) else "other")
        args_nodes = [*node.args, *(k.value for k in node.keywords)]
        args = [self.value(a, env, depth) for a in args_nodes]
        if short == "getattr" and args and isinstance(args[0], _Absent):
            return ABSENT
        if short == "compare_digest" and any(isinstance(a, _Absent) or a is None for a in args):
            return False
        from_request = any(isinstance(a, _Absent | _Request) for a in args) or (
            isinstance(node.func, ast.Attribute) and isinstance(self.value(node.func.value, env, depth),
                                                                 _Absent | _Request))
        if from_request:
            if self.refuses(node):
                raise _Raised
            return ABSENT
        found = self.helper(name) if depth < 3 and name else None
        body = [s for s in found.body if not (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))] \
            if found is not None else []
        if found is not None and len(body) == 1 and isinstance(body[0], ast.Return) and body[0].value is not None:
            params = [a.arg for a in [*found.args.posonlyargs, *found.args.args] if a.arg not in {"self", "cls"}]
            local: dict[str, Value] = dict(zip(params, args[:len(node.args)], strict=False))
            for kw, value in zip(node.keywords, args[len(node.args):], strict=False):
                if kw.arg:
                    local[kw.arg] = value
            return self.value(body[0].value, local, depth + 1)
        if _ENV_READ.search(name) and node.args and isinstance(node.args[0], ast.Constant) \
                and isinstance(node.args[0].value, str):
            return Opaque(node.args[0].value)
        return Opaque(ast.unparse(node)[:60])

    # --- statements ------------------------------------------------------------------------------------------

    def block(self, stmts: list[ast.stmt], env: dict[str, Value]) -> None:
        for stmt in stmts:
            self.statement(stmt, env)

    def statement(self, stmt: ast.stmt, env: dict[str, Value]) -> None:
        if isinstance(stmt, ast.Expr):
            self.value(stmt.value, env)
        elif isinstance(stmt, ast.Assign | ast.AnnAssign | ast.AugAssign):
            if stmt.value is None:
                return
            value = self.value(stmt.value, env)
            targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
            for target in targets:
                names = [target] if isinstance(target, ast.Name) else [
                    e for e in target.elts if isinstance(e, ast.Name)] if isinstance(target, ast.Tuple) else []
                for n in names:
                    if isinstance(stmt, ast.AugAssign):
                        env[n.id] = Opaque(n.id, "other")
                    elif n is target:
                        env[n.id] = REQUEST if n.id in self.request_names and isinstance(value, _Absent) else value
                    else:
                        env[n.id] = ABSENT if isinstance(value, _Absent) else Opaque(n.id, "other")
        elif isinstance(stmt, ast.If):
            self.block(stmt.body if self.truth(self.value(stmt.test, env)) else stmt.orelse, env)
        elif isinstance(stmt, ast.Return):
            if stmt.value is not None:
                self.value(stmt.value, env)  # reaching ``call_next`` ends the run as "admit"
            raise _End("refuse" if (stmt.value is not None and refusal_answer(stmt.value)) or self.caught
                       else "answer")
        elif isinstance(stmt, ast.Raise):
            raise _End("refuse" if stmt.exc is not None and refusal_answer(stmt.exc) else "answer")
        elif isinstance(stmt, ast.Try):
            try:
                self.block(stmt.body, env)
            except _Raised:
                if not stmt.handlers:
                    raise
                self.caught = True  # what the handler answers is the refusal the helper raised
                self.block(stmt.handlers[0].body, env)
                self.caught = False
            else:
                self.block(stmt.orelse, env)
            self.block(stmt.finalbody, env)
        elif isinstance(stmt, ast.With | ast.AsyncWith):
            self.block(stmt.body, env)
        elif isinstance(stmt, ast.For | ast.AsyncFor | ast.While) and any(
                isinstance(n, ast.Return | ast.Raise) or (isinstance(n, ast.Call) and isinstance(n.func, ast.Name)
                                                          and n.func.id in self.next_names)
                for s in stmt.body for n in ast.walk(s)):
            raise _End(f"undecided:a loop that can answer ({ast.unparse(stmt).splitlines()[0][:60]})")


def _said(atom: tuple[str, str], held: bool) -> str:
    label = atom[0]
    if label.endswith(" is set"):
        return label if held else label[: -len(" is set")] + " is unset"
    if " in " in label:
        return label if held else label.replace(" in ", " not in ", 1)
    return label if held else label.replace(" == ", " != ", 1)


def judge_path(func: _Func, path: str, method: str, *, helper: Callable[[str], _Func | None],
               refuses: Callable[[ast.Call], bool],
               self_attrs: Mapping[str, tuple[ast.expr, Mapping[str, Value]]] | None = None,
               constants: Mapping[str, ast.expr] | None = None) -> Verdict:
    """What ``func`` (a middleware taking the request and ``call_next``) does to an anonymous ``method path``."""
    params = [a.arg for a in [*func.args.posonlyargs, *func.args.args] if a.arg not in {"self", "cls"}]
    if len(params) < 2:
        return Verdict("undetermined", why="its parameters are not (request, call_next)")
    requests, nexts = frozenset(params[:1]), frozenset(params[1:2])
    ends: list[tuple[str, dict[tuple[str, str], bool]]] = []
    pending: list[dict[tuple[str, str], bool]] = [{}]
    runs = 0
    while pending:
        assumed = pending.pop()
        runs += 1
        if runs > _MAX_RUNS:
            return Verdict("undetermined", why="too many settings decide it")
        run = _Run(path, method, assumed, requests, nexts, helper, refuses, self_attrs or {}, constants or {})
        try:
            run.block(func.body, {})
            how = "answer"
        except _Need as need:
            pending += [{**assumed, need.atom: True}, {**assumed, need.atom: False}]
            continue
        except _End as end:
            how = end.how
        except _Raised:
            how = "refuse"
        except RecursionError:
            return Verdict("undetermined", why="it could not be followed")
        ends.append((how, {k: assumed[k] for k in run.consulted}))
    undecided = next((h for h, _ in ends if h.startswith("undecided:")), "")
    if undecided:
        return Verdict("undetermined", why=undecided.split(":", 1)[1])
    admits = [a for h, a in ends if h == "admit"]
    if not admits:
        return Verdict("guarded" if all(h == "refuse" for h, _ in ends) else "ignores")
    other = next((k for a in admits for k in a if k[1] == "other"), None)
    if other is not None:
        return Verdict("undetermined", why=f"it lets the caller through depending on {other[0]}")
    if len(admits) == len(ends):
        return Verdict("open")
    # off by default: some run lets the caller through with every setting it read unset
    unset = [a for a in admits if not any(held for atom, held in a.items() if atom[0].endswith(" is set"))]
    if not unset:
        return Verdict("guarded")  # only turning a setting on (DISABLE_AUTH) opens it: on by default
    shown = [*unset, *(a for a in admits if a not in unset)][:2]
    return Verdict("setting", admits_when=tuple(" and ".join(_said(k, v) for k, v in a.items()) or "always"
                                                for a in shown))
