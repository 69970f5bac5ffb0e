"""The mutants of one module: small AST edits, each a plausible slip that would change a verdict.

Our own instead of mutmut: mutmut 3 only mutates code inside functions (module-level tables such as
``verdict.WEIGHT``/``NOT_READY_CAP`` or a check's ``SCOPE_PARAMS`` are out of its reach) and begins
every run with the whole test suite to map tests to functions — 7+ minutes on our 2 shared cores.
See bench/README.md ("Mutation testing").

A mutant is identified by where it is (module, enclosing function, the original source text of the
node) and what it does, never by its line number, so the list of equivalent mutants survives edits
elsewhere in the file. Sites are enumerated in a fixed order on a fresh parse, so mutant ``n`` of a
module is applied by re-parsing and editing the ``n``-th site.
"""

from __future__ import annotations

import ast
import copy
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

Replace = Callable[[ast.AST], ast.AST | None]
"""Builds the replacement of a node (``None``: delete the list element or statement)."""

COMPARE_FLIPS: dict[type[ast.cmpop], type[ast.cmpop]] = {
    ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt, ast.Eq: ast.NotEq, ast.NotEq: ast.Eq,
    ast.In: ast.NotIn, ast.NotIn: ast.In, ast.Is: ast.IsNot, ast.IsNot: ast.Is,
}
BINOP_FLIPS: dict[type[ast.operator], type[ast.operator]] = {
    ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.Div, ast.Div: ast.Mult, ast.FloorDiv: ast.Mult,
}
STATUS_DOWNGRADES = {"FAIL": "WARN", "ERROR": "WARN", "WARN": "PASS"}
"""A finding one step less severe: the dangerous direction (SPEC: a false pass is the worst outcome)."""
CALL_SWAPS = {"min": "max", "max": "min", "any": "all", "all": "any"}
REGEX_CALLS = {"compile", "search", "match", "fullmatch", "findall", "finditer", "sub", "split"}
SYMBOL = {ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "==", ast.NotEq: "!=", ast.In: "in",
          ast.NotIn: "not in", ast.Is: "is", ast.IsNot: "is not", ast.Add: "+", ast.Sub: "-", ast.Mult: "*",
          ast.Div: "/", ast.FloorDiv: "//"}


@dataclass(frozen=True)
class Site:
    """One place an edit can be made: the node, how to put a replacement back, and the edit."""

    node: ast.AST
    put: Callable[[ast.AST | None], None]
    operator: str
    description: str
    replace: Replace
    scope: str


@dataclass(frozen=True)
class Mutant:
    module: str
    index: int
    line: int
    operator: str
    description: str
    scope: str
    original: str
    context: str
    """The source line the node starts on, stripped: tells apart equal nodes in one function."""
    occurrence: int = 0
    """How many earlier mutants share everything else (two `0.0` on one line)."""

    @property
    def key(self) -> str:
        """Stable across edits elsewhere in the module (see the module docstring)."""
        key = f"{self.module}::{self.scope}::{self.context}::{self.original}::{self.description}"
        return f"{key}::{self.occurrence}" if self.occurrence else key


def _short(text: str, limit: int = 90) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _alternatives(pattern: str) -> list[tuple[int, int]]:
    """Spans of the top-level ``|`` alternatives of a regex (none when there is no top-level ``|``)."""
    spans, depth, start, escaped, in_class = [], 0, 0, False, False
    for i, ch in enumerate(pattern):
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            spans.append((start, i))
            start = i + 1
    if not spans:
        return []
    return [*spans, (start, len(pattern))]


def _without(pattern: str, span: tuple[int, int], spans: list[tuple[int, int]]) -> str:
    kept = [pattern[a:b] for a, b in spans if (a, b) != span]
    return "|".join(kept)


def _negate(node: ast.AST) -> ast.AST:
    assert isinstance(node, ast.expr)
    return ast.UnaryOp(ast.Not(), node)


def _to_none(node: ast.AST) -> ast.AST | None:
    return ast.Constant(None)


def _delete(node: ast.AST) -> ast.AST | None:
    return None


def _constant_of(value: str | bool | int | float) -> Replace:
    def replace(node: ast.AST) -> ast.AST:
        return ast.Constant(value)
    return replace


def _swap_boolop(node: ast.AST) -> ast.AST:
    assert isinstance(node, ast.BoolOp)
    return ast.BoolOp(ast.Or() if isinstance(node.op, ast.And) else ast.And(), node.values)


def _drop_not(node: ast.AST) -> ast.AST:
    assert isinstance(node, ast.UnaryOp)
    return node.operand


def _flip_binop(node: ast.AST) -> ast.AST:
    assert isinstance(node, ast.BinOp)
    return ast.BinOp(node.left, BINOP_FLIPS[type(node.op)](), node.right)


def _swap_call(node: ast.AST) -> ast.AST:
    assert isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    return ast.Call(ast.Name(CALL_SWAPS[node.func.id], ast.Load()), node.args, node.keywords)


def _downgrade_status(node: ast.AST) -> ast.AST:
    assert isinstance(node, ast.Attribute)
    return ast.Attribute(node.value, STATUS_DOWNGRADES[node.attr], ast.Load())


def _if_branch(node: ast.AST) -> ast.AST:
    assert isinstance(node, ast.IfExp)
    return node.body


def _else_branch(node: ast.AST) -> ast.AST:
    assert isinstance(node, ast.IfExp)
    return node.orelse


def _datum(node: ast.AST) -> bool:
    """A table entry: a literal, an enum member, or a tuple of those (not a variable)."""
    if isinstance(node, ast.Tuple):
        return all(_datum(e) for e in node.elts)
    return isinstance(node, ast.Constant | ast.Attribute) or (
        isinstance(node, ast.UnaryOp) and isinstance(node.operand, ast.Constant))


def _slot(parent: ast.AST, field: str, index: int | None) -> Callable[[ast.AST | None], None]:
    def put(new: ast.AST | None) -> None:
        if index is None:
            setattr(parent, field, new)
        else:
            items = getattr(parent, field)
            if new is None:
                del items[index]
            else:
                items[index] = new
    return put


class _Finder:
    """Walks a module in a fixed order and lists the sites (skipping docstrings, annotations, imports)."""

    def __init__(self) -> None:
        self.sites: list[Site] = []

    def run(self, tree: ast.Module) -> list[Site]:
        self._body(tree, "body", tree.body, "<module>")
        return self.sites

    def add(self, node: ast.AST, put: Callable[[ast.AST | None], None], operator: str, description: str,
            replace: Replace, scope: str) -> None:
        self.sites.append(Site(node, put, operator, description, replace, scope))

    # -- containers ---------------------------------------------------------------------------
    def _body(self, owner: ast.AST, field: str, stmts: list[ast.stmt], scope: str) -> None:
        for i, stmt in enumerate(stmts):
            if i == 0 and isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant) \
                    and isinstance(stmt.value.value, str):
                continue  # docstring
            self._stmt(owner, field, stmts, i, stmt, scope)

    def _stmt(self, owner: ast.AST, field: str, stmts: list[ast.stmt], i: int, stmt: ast.stmt, scope: str) -> None:
        def put(new: ast.AST | None, stmts: list[ast.stmt] = stmts, i: int = i) -> None:
            stmts[i] = new if isinstance(new, ast.stmt) else ast.Pass()

        if isinstance(stmt, ast.Import | ast.ImportFrom):
            return
        if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef):
            inner = stmt.name if scope == "<module>" else f"{scope}.{stmt.name}"
            self._body(stmt, "body", stmt.body, inner)
            return
        if isinstance(stmt, ast.ClassDef):
            inner = stmt.name if scope == "<module>" else f"{scope}.{stmt.name}"
            self._body(stmt, "body", stmt.body, inner)
            return
        if isinstance(stmt, ast.If) and isinstance(stmt.test, ast.Name) and stmt.test.id == "TYPE_CHECKING":
            return
        if scope != "<module>" and isinstance(stmt, ast.Expr | ast.AugAssign | ast.Raise) \
                and not (isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant)):
            self.add(stmt, put, "statement", "statement removed", _delete, scope)
        if isinstance(stmt, ast.Return) and stmt.value is not None and not (
                isinstance(stmt.value, ast.Constant) and stmt.value.value is None):
            ret = stmt

            def put_value(new: ast.AST | None, ret: ast.Return = ret) -> None:
                ret.value = new if isinstance(new, ast.expr) else ast.Constant(None)

            assert ret.value is not None
            if isinstance(ret.value, ast.Compare | ast.BoolOp) or (
                    isinstance(ret.value, ast.UnaryOp) and isinstance(ret.value.op, ast.Not)):
                self.add(ret.value, put_value, "return", "return value negated", _negate, scope)
            else:
                self.add(ret.value, put_value, "return", "return None", _to_none, scope)
        if isinstance(stmt, ast.If | ast.While) and isinstance(stmt.test, ast.Name | ast.Attribute | ast.Call):
            cond = stmt

            def put_test(new: ast.AST | None, cond: ast.If | ast.While = cond) -> None:
                assert isinstance(new, ast.expr)
                cond.test = new

            self.add(cond.test, put_test, "condition", "condition negated", _negate, scope)
        for name, value in ast.iter_fields(stmt):
            if name in {"annotation", "returns", "type_comment", "decorator_list", "target", "targets"}:
                continue
            if isinstance(value, list) and value and isinstance(value[0], ast.stmt):
                self._body(stmt, name, value, scope)
            elif isinstance(value, list):
                for j, item in enumerate(value):
                    if isinstance(item, ast.AST):
                        self._generic(item, _slot(stmt, name, j), scope)
            elif isinstance(value, ast.AST):
                self._generic(value, _slot(stmt, name, None), scope)

    def _generic(self, node: ast.AST, put: Callable[[ast.AST | None], None], scope: str) -> None:
        if isinstance(node, ast.expr):
            self._walk(node, put, scope)
        elif isinstance(node, ast.excepthandler | ast.match_case):
            for name, value in ast.iter_fields(node):
                if isinstance(value, list) and value and isinstance(value[0], ast.stmt):
                    self._body(node, name, value, scope)
        elif isinstance(node, ast.withitem):
            self._walk(node.context_expr, _slot(node, "context_expr", None), scope)
        elif isinstance(node, ast.keyword):
            self._walk(node.value, _slot(node, "value", None), scope)

    # -- expressions ----------------------------------------------------------------------------
    def _walk(self, root: ast.expr, put_root: Callable[[ast.AST | None], None], scope: str) -> None:
        """Visit ``root`` and everything under it, parents before children, each with the setter
        that swaps it in its parent."""
        slot = _slot
        todo: list[tuple[ast.AST, Callable[[ast.AST | None], None], bool, bool]] = [(root, put_root, False, False)]
        while todo:
            node, put, in_regex, in_table = todo.pop(0)
            self._variants(node, put, scope, regex=in_regex, table=in_table)
            if isinstance(node, ast.JoinedStr):
                continue  # message text: the values inside f-strings are not decisions
            is_regex_call = isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                isinstance(node.func.value, ast.Name) and node.func.value.id == "re" and node.func.attr in REGEX_CALLS
            for field, value in ast.iter_fields(node):
                if isinstance(value, list):
                    for j, item in enumerate(value):
                        if isinstance(item, ast.expr):
                            child_table = isinstance(node, ast.List | ast.Tuple | ast.Set | ast.Dict)
                            todo.append((item, slot(node, field, j), is_regex_call and field == "args" and j == 0,
                                         child_table))
                        elif isinstance(item, ast.keyword):
                            todo.append((item.value, slot(item, "value", None), False, False))
                        elif isinstance(item, ast.comprehension):
                            todo.append((item.iter, slot(item, "iter", None), False, False))
                            for k, cond in enumerate(item.ifs):
                                todo.append((cond, slot(item, "ifs", k), False, False))
                elif isinstance(value, ast.expr):
                    todo.append((value, slot(node, field, None), False, False))

    def _variants(self, node: ast.AST, put: Callable[[ast.AST | None], None], scope: str, *, regex: bool,
                  table: bool) -> None:
        add = self.add
        if isinstance(node, ast.Compare):
            for k, op in enumerate(node.ops):
                flip = COMPARE_FLIPS.get(type(op))
                if flip is None:
                    continue

                def flipped(n: ast.AST, k: int = k, flip: type[ast.cmpop] = flip) -> ast.AST:
                    assert isinstance(n, ast.Compare)
                    ops = list(n.ops)
                    ops[k] = flip()
                    return ast.Compare(n.left, ops, n.comparators)

                add(node, put, "compare", f"`{SYMBOL[type(op)]}` → `{SYMBOL[flip]}`", flipped, scope)
        elif isinstance(node, ast.BoolOp):
            add(node, put, "boolean", "`and` → `or`" if isinstance(node.op, ast.And) else "`or` → `and`",
                _swap_boolop, scope)
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            add(node, put, "boolean", "`not` dropped", _drop_not, scope)
        elif isinstance(node, ast.BinOp) and type(node.op) in BINOP_FLIPS and not any(
                isinstance(side, ast.JoinedStr) or (isinstance(side, ast.Constant) and isinstance(side.value, str))
                for side in (node.left, node.right)):
            to = BINOP_FLIPS[type(node.op)]
            add(node, put, "arithmetic", f"`{SYMBOL[type(node.op)]}` → `{SYMBOL[to]}`", _flip_binop, scope)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in CALL_SWAPS:
            add(node, put, "call", f"`{node.func.id}` → `{CALL_SWAPS[node.func.id]}`", _swap_call, scope)
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "Status" \
                and node.attr in STATUS_DOWNGRADES and isinstance(node.ctx, ast.Load):
            add(node, put, "status", f"`Status.{node.attr}` → `Status.{STATUS_DOWNGRADES[node.attr]}`",
                _downgrade_status, scope)
        elif isinstance(node, ast.IfExp):
            add(node, put, "branch", "always the `if` branch", _if_branch, scope)
            add(node, put, "branch", "always the `else` branch", _else_branch, scope)
        elif isinstance(node, ast.Constant):
            self._constant(node, put, scope, regex=regex, table=table)
        if isinstance(node, ast.List | ast.Tuple | ast.Set) and not isinstance(getattr(node, "ctx", None), ast.Store) \
                and len(node.elts) >= 2 and all(_datum(e) for e in node.elts):
            for k, elt in enumerate(node.elts):
                def dropped(n: ast.AST, k: int = k) -> ast.AST:
                    assert isinstance(n, ast.List | ast.Tuple | ast.Set)
                    clone = copy.copy(n)
                    clone.elts = [e for j, e in enumerate(n.elts) if j != k]
                    return clone

                add(node, put, "table", f"element {k} (`{_short(ast.unparse(elt), 40)}`) removed", dropped, scope)
        if isinstance(node, ast.Dict) and len(node.keys) >= 2:
            for k, key in enumerate(node.keys):
                if key is None:
                    continue

                def dropped_key(n: ast.AST, k: int = k) -> ast.AST:
                    assert isinstance(n, ast.Dict)
                    keep = [j for j in range(len(n.keys)) if j != k]
                    return ast.Dict([n.keys[j] for j in keep], [n.values[j] for j in keep])

                add(node, put, "table", f"entry `{_short(ast.unparse(key), 40)}` removed", dropped_key, scope)

    def _constant(self, node: ast.Constant, put: Callable[[ast.AST | None], None], scope: str, *, regex: bool,
                  table: bool) -> None:
        value = node.value
        add = self.add
        if isinstance(value, bool):
            add(node, put, "constant", f"`{value}` → `{not value}`", _constant_of(not value), scope)
        elif isinstance(value, int):
            for new in dict.fromkeys([value + 1, value - 1, *([value // 2] if abs(value) >= 4 else [])]):
                add(node, put, "constant", f"`{value}` → `{new}`", _constant_of(new), scope)
        elif isinstance(value, float):
            for half_or_double in dict.fromkeys([value / 2, value * 2] if value else [1.0]):
                add(node, put, "constant", f"`{value:g}` → `{half_or_double:g}`", _constant_of(half_or_double), scope)
        elif isinstance(value, str) and regex:
            spans = _alternatives(value)
            for span in spans:
                member = value[span[0]:span[1]]
                add(node, put, "regex", f"alternative `{_short(member, 40)}` removed",
                    _constant_of(_without(value, span, spans)), scope)
        elif isinstance(value, str) and table and value:
            add(node, put, "string", f"`{_short(value, 40)}` → `''`", _constant_of(""), scope)


def _sites(source: str) -> tuple[ast.Module, list[Site]]:
    tree = ast.parse(source)
    finder = _Finder()
    return tree, finder.run(tree)


def mutants(module: str, source: str) -> list[Mutant]:
    _, sites = _sites(source)
    lines = source.splitlines()
    found: list[Mutant] = []
    for index, site in enumerate(sites):
        original = ast.get_source_segment(source, site.node) or ast.unparse(site.node)
        line = getattr(site.node, "lineno", 0)
        mutant = Mutant(module, index, line, site.operator, site.description, site.scope, _short(original),
                        _short(lines[line - 1].strip() if line else "", 120))
        earlier = sum(m.key == mutant.key for m in found if m.occurrence == 0)
        found.append(replace(mutant, occurrence=earlier))
    return found


def apply(source: str, index: int) -> str:
    """The module's source with mutant ``index`` applied (reformatted by ``ast.unparse``)."""
    tree, sites = _sites(source)
    site = sites[index]
    site.put(site.replace(copy.deepcopy(site.node)))
    ast.fix_missing_locations(tree)
    return ast.unparse(tree)


def iter_modules(paths: list[str]) -> Iterator[str]:
    for path in paths:
        if re.search(r"\.py$", path):
            yield path
