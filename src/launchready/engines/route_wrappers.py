"""Routes registered through a project's own route method (``self.route(rule, auth_type=…)`` on a router-group
base class) that wraps the framework's route: what the wrapper does decides the route's authentication.

The wrapper is read, not named: a branch of it that reads the request's credential and turns the caller away
authenticates the routes registered in the mode that branch is taken for. The mode is read from the
registration (``auth_type=AuthType.NONE``) or, when absent, from the parameter's default. The prefix the
wrapper joins (``rule = self.path + rule``) is read from the class (a class attribute, or the argument its class
decorator stores there). What cannot be read stays undetermined and names the wrapper."""

from __future__ import annotations

import ast
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from launchready.engines.pysource import PyModule, dotted_name, keyword

_Func = ast.FunctionDef | ast.AsyncFunctionDef
Classes = dict[str, list[tuple[PyModule, ast.ClassDef]]]
# A mode naming no authentication: ``AuthType.NONE``, ``"public"``, ``anonymous=True`` is not read here.
_OPEN_MODES = frozenset({"none", "public", "anonymous", "noauth", "open", "unauthenticated", "nologin"})
_SELF = frozenset({"self", "cls"})


@dataclass(frozen=True)
class Wrapper:
    """What a project route method does with a registration: ``authenticated`` (it refuses callers without a
    valid credential in this mode), ``why`` (what was read), ``unread`` (why it could not be decided) and
    ``prefix`` (what it joins before the rule; ``None`` when it joins nothing, ``<…unread>`` when unknown),
    ``opened`` (the registration names no authentication: the code's own declaration that the route is public)."""

    name: str
    where: str
    authenticated: bool
    why: str
    unread: str
    prefix: str | None
    opened: str = ""  # the registration names a mode of no authentication: the code declares the route public


def class_index(modules: Sequence[PyModule]) -> Classes:
    out: Classes = {}
    for mod in modules:
        for node in ast.walk(mod.tree):
            if isinstance(node, ast.ClassDef):
                out.setdefault(node.name, []).append((mod, node))
    return out


def enclosing_classes(mod: PyModule) -> dict[int, ast.ClassDef]:
    """``id(function) → the innermost class`` whose body (at any depth) defines it."""
    out: dict[int, ast.ClassDef] = {}
    for node in ast.walk(mod.tree):  # breadth first: an inner class comes later and wins
        if isinstance(node, ast.ClassDef):
            for inner in ast.walk(node):
                if isinstance(inner, ast.FunctionDef | ast.AsyncFunctionDef):
                    out[id(inner)] = node
    return out


def _unique(classes: Classes, name: str) -> tuple[PyModule, ast.ClassDef] | None:
    found = classes.get(name.rsplit(".", 1)[-1], [])
    return found[0] if len(found) == 1 else None


def find_method(cls: ast.ClassDef, mod: PyModule, name: str, classes: Classes,
                depth: int = 0) -> tuple[PyModule, ast.ClassDef, _Func] | None:
    """The method ``name`` the class or one of its project base classes defines."""
    for item in cls.body:
        if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef) and item.name == name:
            return mod, cls, item
    if depth > 5:
        return None
    for base in cls.bases:
        found = _unique(classes, dotted_name(base))
        if found is not None and found[1] is not cls:
            hit = find_method(found[1], found[0], name, classes, depth + 1)
            if hit is not None:
                return hit
    return None


def class_attribute(cls: ast.ClassDef, mod: PyModule, attr: str, classes: Classes,
                    index: dict[str, list[tuple[PyModule, _Func]]], depth: int = 0) -> str | None:
    """The string the class gives ``attr``: a class-level assignment, ``self.attr = "…"`` in its methods, or
    the argument its class decorator stores there (``cls.path = path``); ``None`` when none is read."""
    for item in cls.body:
        if isinstance(item, ast.Assign):
            targets, assigned = item.targets, item.value
        elif isinstance(item, ast.AnnAssign) and item.value is not None:
            targets, assigned = [item.target], item.value
        else:
            continue
        if any(isinstance(t, ast.Name) and t.id == attr for t in targets):
            value = mod.value(assigned)
            if isinstance(value, str):
                return value
    for deco in cls.decorator_list:
        if not isinstance(deco, ast.Call):
            continue
        defs = index.get(dotted_name(deco.func).rsplit(".", 1)[-1], [])
        if len(defs) != 1:
            continue
        factory = defs[0][1]
        params = [a.arg for a in factory.args.args]
        for node in ast.walk(factory):
            if (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Attribute)
                    and node.targets[0].attr == attr and isinstance(node.value, ast.Name) and node.value.id in params):
                pos = params.index(node.value.id)
                arg = keyword(deco, node.value.id) or (deco.args[pos] if pos < len(deco.args) else None)
                value = mod.value(arg)
                if isinstance(value, str):
                    return value
    if depth < 5:
        for base in cls.bases:
            found = _unique(classes, dotted_name(base))
            if found is not None and found[1] is not cls:
                value = class_attribute(found[1], found[0], attr, classes, index, depth + 1)
                if value is not None:
                    return value
    return None


def self_prefix(node: ast.expr | None) -> tuple[str, str] | None:
    """``self.path + '/connect'`` → ``("path", "/connect")``."""
    if (isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add) and isinstance(node.left, ast.Attribute)
            and isinstance(node.left.value, ast.Name) and node.left.value.id in _SELF
            and isinstance(node.right, ast.Constant) and isinstance(node.right.value, str)):
        return node.left.attr, node.right.value
    return None


def _mode_name(node: ast.expr | None) -> str:
    if isinstance(node, ast.Constant):
        return str(node.value)
    return dotted_name(node).rsplit(".", 1)[-1] if node is not None else ""


def _norm(mode: str) -> str:
    return "".join(ch for ch in mode.lower() if ch.isalnum())


def _branches(method: _Func, params: set[str]) -> list[tuple[str, bool, set[str], list[ast.stmt]]]:
    """``(param, equal, modes, body)`` for each ``if param == X`` / ``in (X, Y)`` / ``!= X`` in the method."""
    out: list[tuple[str, bool, set[str], list[ast.stmt]]] = []
    for node in ast.walk(method):
        if not (isinstance(node, ast.If) and isinstance(node.test, ast.Compare) and len(node.test.ops) == 1
                and isinstance(node.test.left, ast.Name) and node.test.left.id in params):
            continue
        op, right = node.test.ops[0], node.test.comparators[0]
        values = right.elts if isinstance(op, ast.In | ast.NotIn) and isinstance(right, ast.Tuple | ast.List
                                                                                    | ast.Set) else [right]
        modes = {_norm(_mode_name(v)) for v in values}
        equal = isinstance(op, ast.Eq | ast.Is | ast.In)
        if isinstance(op, ast.Eq | ast.Is | ast.In | ast.NotEq | ast.IsNot | ast.NotIn) and all(modes):
            out.append((node.test.left.id, equal, modes, node.body))
    return out


def judge_wrapper(mod: PyModule, cls: ast.ClassDef, method: _Func, deco: ast.Call,
                  reads: Callable[[list[ast.stmt]], str], refuses: Callable[[list[ast.stmt]], str],
                  prefix: Callable[[str], str | None]) -> Wrapper | None:
    """What the project route method ``method`` does with the registration ``deco``; ``None`` when it is no
    wrapper (it defines no inner function: it registers nothing in front of the handler)."""
    inner = [n for n in ast.walk(method) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef) and n is not method]
    if not inner:
        return None
    name = f"{cls.name}.{method.name}"
    where = f"{mod.path}:{mod.line(method)}"
    args = [*method.args.posonlyargs, *method.args.args]
    rule = args[1].arg if len(args) > 1 else ""
    joined = next((n.left.attr for n in ast.walk(method)
                   if isinstance(n, ast.BinOp) and isinstance(n.op, ast.Add) and isinstance(n.left, ast.Attribute)
                   and isinstance(n.left.value, ast.Name) and n.left.value.id in _SELF
                   and isinstance(n.right, ast.Name) and n.right.id == rule), "")
    joined_prefix = (prefix(joined) or f"<{cls.name}.{joined} unread>") if joined else None
    defaults: dict[str, ast.expr] = {}
    positional = [a.arg for a in args]
    for a, d in zip(args[len(args) - len(method.args.defaults):], method.args.defaults, strict=False):
        defaults[a.arg] = d
    for a, kd in zip(method.args.kwonlyargs, method.args.kw_defaults, strict=False):
        if kd is not None:
            defaults[a.arg] = kd
    branches = _branches(method, set(positional) | {a.arg for a in method.args.kwonlyargs})
    whole = [s for f in inner for s in f.body]
    if not branches:
        read, refusal = reads(whole), refuses(whole)
        if read and refusal:
            return Wrapper(name, where, True, f"reads {read} and refuses ({refusal})", "", joined_prefix)
        unread = (f"{name} ({where}), the project's route wrapper, which reads {read} but whose refusing branch "
                  "was not read" if read else "")
        return Wrapper(name, where, False, "", unread, joined_prefix)
    param = branches[0][0]
    pos = positional.index(param) - 1 if param in positional else -1
    given = keyword(deco, param) or (deco.args[pos] if 0 <= pos < len(deco.args) else None)
    value = given if given is not None else defaults.get(param)
    if value is not None and not isinstance(value, ast.Constant | ast.Name | ast.Attribute):
        value = None
    mode = _norm(_mode_name(value)) if value is not None else ""
    # no ``=`` in what is shown: ``auth_type=…`` reads as a credential assignment to the report's redaction
    shown = f"{param} {ast.unparse(value)}" + ("" if given is not None else " (the default)") if value is not None \
        else f"{param} (not read)"
    authenticating = [body for p, equal, modes, body in branches
                      if p == param and reads(body) and refuses(body) and (mode in modes) == equal]
    if mode and mode in _OPEN_MODES and not authenticating:
        return Wrapper(f"{name}({shown})", where, False, f"{shown} names no authentication", "", joined_prefix,
                       opened=f"registered with {shown}, which the wrapper {name} ({where}) lets through unchecked")
    if mode and authenticating:
        body = authenticating[0]
        return Wrapper(f"{name}({shown})", where, True, f"in {shown} it reads {reads(body)} and refuses "
                       f"({refuses(body)})", "", joined_prefix)
    if mode:
        return Wrapper(f"{name}({shown})", where, False, f"no branch for {shown} reads a credential", "",
                       joined_prefix)
    guarded = sorted({m for p, equal, modes, body in branches if p == param and equal and reads(body)
                      and refuses(body) for m in modes})
    unread = (f"{name} ({where}), the project's route wrapper, which authenticates when {param} is "
              f"{' or '.join(guarded) or 'some mode'} but whose mode for this route ({shown}) could not be read"
              if guarded else "")
    return Wrapper(name, where, False, "", unread, joined_prefix)  # a bare name: no auth word from the mode
