"""Reading Python source for static checks: parsed with ``ast`` so comments, strings and
docstrings never match, with module-level constants resolved one level (``origins = ["*"]`` then
``allow_origins=origins``)."""

from __future__ import annotations

import ast
import copy
import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from launchready.model import Evidence, Outcome, Status

if TYPE_CHECKING:
    from launchready.targets.repo import RepoSnapshot

_UNRESOLVED = object()

_DEV_PATH = re.compile(
    r"(?:^|/)(?:tests?|testing|spec|__tests__|fixtures|e2e|examples?|samples?|cookbooks?|docs?|scripts/dev)(?:/|$)"
    r"|(?:^|/)(?:test_[^/]*|[^/]*_test\.[a-z]+|conftest\.py|[^/]*\.(?:test|spec)\.[jt]sx?)$"
    r"|(?:^|/)(?:settings|config)/(?:dev|development|local|test|testing)[^/]*$"
    r"|(?:^|/)(?:dev|local|development)_?settings\.py$|(?:^|/)settings_(?:dev|local|test)\.py$"
    r"|docker-compose\.(?:override|dev|local|test)\.ya?ml$|(?:^|/)\.env\.(?:development|dev|local|test)$",
    re.IGNORECASE,
)


def is_dev_path(path: str) -> bool:
    """Files that configure development or tests, not production (judged by path only)."""
    return bool(_DEV_PATH.search(path))


@dataclass(frozen=True)
class PyModule:
    path: str
    tree: ast.Module
    lines: tuple[str, ...]
    constants: dict[str, ast.expr]

    def line(self, node: ast.AST) -> int:
        return int(getattr(node, "lineno", 1))

    def excerpt(self, node: ast.AST, width: int = 160) -> str:
        """The node's source on one line (a multi-line call folded), cut at ``width``."""
        number = self.line(node)
        end = int(getattr(node, "end_lineno", number) or number)
        chunk = self.lines[number - 1 : min(end, number + 12)] if 0 < number <= len(self.lines) else []
        text = " ".join(" ".join(chunk).split())
        return text if len(text) <= width else text[: width - 1] + "…"

    def value(self, node: ast.expr | None) -> Any:
        """A literal's Python value, following module-level names; ``UNRESOLVED`` otherwise."""
        if node is None:
            return _UNRESOLVED
        if isinstance(node, ast.Name) and node.id in self.constants:
            node = self.constants[node.id]
        try:
            return ast.literal_eval(node)
        except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
            pass
        resolved = self._with_constants(node)
        if resolved is None:
            return _UNRESOLVED
        try:
            return ast.literal_eval(resolved)
        except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
            return _UNRESOLVED

    def _with_constants(self, node: ast.expr) -> ast.expr | None:
        """``node`` with module constants put in for their names and f-strings made of them joined
        (``[f"http://localhost:{PORT}", "https://chat.openai.com"]`` with ``PORT = 3333``); ``None`` when there is
        nothing to put in (or the literal is too large to copy)."""
        nodes = list(itertools.islice(ast.walk(node), 400))
        if len(nodes) >= 400 or not any(isinstance(n, ast.Name | ast.JoinedStr) for n in nodes):
            return None
        constants = self.constants

        def literal(expr: ast.expr) -> Any:
            if isinstance(expr, ast.Name) and expr.id in constants:
                expr = constants[expr.id]
            try:
                return ast.literal_eval(expr)
            except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
                return _UNRESOLVED

        class Resolve(ast.NodeTransformer):
            def visit_Name(self, name: ast.Name) -> ast.AST:
                value = literal(name)
                return name if value is _UNRESOLVED else ast.Constant(value)

            def visit_JoinedStr(self, joined: ast.JoinedStr) -> ast.AST:
                parts: list[str] = []
                for v in joined.values:
                    value = v.value if isinstance(v, ast.Constant) else literal(v.value) if isinstance(
                        v, ast.FormattedValue) and v.conversion == -1 and v.format_spec is None else _UNRESOLVED
                    if not isinstance(value, str | int | float) or isinstance(value, bool):
                        return joined
                    parts.append(str(value))
                return ast.Constant("".join(parts))

        result = Resolve().visit(copy.deepcopy(node))
        return result if isinstance(result, ast.expr) else None

    def calls(self) -> Iterator[ast.Call]:
        for node in ast.walk(self.tree):
            if isinstance(node, ast.Call):
                yield node


UNRESOLVED = _UNRESOLVED


def parse_module(path: str, text: str) -> PyModule | None:
    """Parse ``text``; ``None`` when it is not valid Python (a template, Python 2, a fragment)."""
    try:
        tree = ast.parse(text.removeprefix("\ufeff"), filename=path)  # Python reads a UTF-8 BOM as no character
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    constants: dict[str, ast.expr] = {}
    for stmt in tree.body:
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
            constants[stmt.targets[0].id] = stmt.value
        elif isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name) and stmt.value is not None:
            constants[stmt.target.id] = stmt.value
    return PyModule(path, tree, tuple(text.splitlines()), constants)


def _module_names(path: str) -> list[str]:
    """The dotted names a file may be imported by: ``backend/onyx/x/y.py`` → ``backend.onyx.x.y``, and every
    shorter tail (``onyx.x.y``, ``x.y``, ``y``) since the import root is not known; a package's ``__init__``
    answers to the package."""
    stem = path[:-3] if path.endswith(".py") else path
    parts = stem.split("/")
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return [".".join(parts[i:]) for i in range(len(parts)) if parts[i:]]


def with_imported_constants(modules: Iterable[PyModule]) -> list[PyModule]:
    """Each module with the string constants it imports by name from another module of the project
    (``from onyx.configs.constants import HIERARCHY_NODES_PREFIX`` → ``"/hierarchy"``) put beside its own; a name
    the module binds itself wins. Only literal strings cross (route paths and prefixes, origins); an import that
    several files could answer is left alone."""
    modules = list(modules)
    by_name: dict[str, list[PyModule]] = {}
    for mod in modules:
        for name in _module_names(mod.path):
            by_name.setdefault(name, []).append(mod)
    out: list[PyModule] = []
    for mod in modules:
        imported: dict[str, ast.expr] = {}
        here = mod.path.rsplit("/", 1)[0] if "/" in mod.path else ""
        for stmt in mod.tree.body:
            if not isinstance(stmt, ast.ImportFrom):
                continue
            if stmt.level:
                base = here.split("/") if here else []
                base = base[:len(base) - (stmt.level - 1)] if stmt.level > 1 else base
                source = ".".join([*base, *(stmt.module.split(".") if stmt.module else [])])
            else:
                source = stmt.module or ""
            found = by_name.get(source, [])
            if len(found) != 1:
                continue
            for alias in stmt.names:
                value = found[0].constants.get(alias.name)
                if isinstance(value, ast.Constant) and isinstance(value.value, str) \
                        and (alias.asname or alias.name) not in mod.constants:
                    imported[alias.asname or alias.name] = value
        out.append(replace(mod, constants={**imported, **mod.constants}) if imported else mod)
    return out


def dotted_name(node: ast.AST) -> str:
    """``app.add_middleware`` for an attribute chain, ``CORS`` for a name, ``""`` otherwise."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        head = dotted_name(node.value)
        return f"{head}.{node.attr}" if head else node.attr
    if isinstance(node, ast.Call):
        return dotted_name(node.func)
    return ""


def keyword(call: ast.Call, name: str) -> ast.expr | None:
    for kw in call.keywords:
        if kw.arg == name:
            return kw.value
    return None


def is_true(node: ast.expr | None) -> bool:
    return isinstance(node, ast.Constant) and node.value is True


@dataclass(frozen=True)
class PythonTree:
    """Every tracked Python file, parsed once per scan for all the checks that read Python."""

    modules: dict[str, PyModule]
    unparsed: tuple[str, ...]
    unread: tuple[tuple[str, str], ...] = ()
    """Tracked Python files that could not be read at all: (path, why)."""


def python_tree(repo: RepoSnapshot) -> PythonTree:
    def build() -> PythonTree:
        modules: dict[str, PyModule] = {}
        unparsed: list[str] = []
        for file in repo.text_files(suffixes=(".py",)):
            mod = parse_module(file.path, file.text)
            if mod is None:
                unparsed.append(file.path)
            else:
                modules[file.path] = mod
        unread = repo.unread([p for p in repo.tracked_files if p.endswith(".py")])
        return PythonTree(modules, tuple(unparsed), tuple(sorted(unread.items())))

    return repo.memo("python", build)


def python_module(repo: RepoSnapshot, path: str, text: str) -> PyModule | None:
    """``path`` parsed (from the shared tree when it is a tracked file), or ``None`` if it is not Python 3."""
    tree = python_tree(repo)
    if path in tree.modules:
        return tree.modules[path]
    return None if path in tree.unparsed else parse_module(path, text)


def unparsed_evidence(repo: RepoSnapshot, *, limit: int = 10) -> list[Evidence]:
    """A warning for production Python files that could not be parsed: a check did not read them, so
    its pass cannot cover them (a template, Python 2, a syntax error)."""
    tree = python_tree(repo)
    missed = [p for p in tree.unparsed if not is_dev_path(p)]
    shown = [Evidence(Status.WARN, UNPARSED, path,
                      "fix the syntax, or exclude the file with [[exclude]] and a reason") for path in missed[:limit]]
    if len(missed) > limit:
        shown.append(Evidence(Status.WARN, f"{len(missed) - limit} more files that are not parseable as "
                              "Python 3.11 were not checked", "(repository)"))
    unread = [(p, why) for p, why in tree.unread if not is_dev_path(p)]
    shown += [Evidence(Status.WARN, f"not read: {why}", path, "this file was not checked; make it readable to the scan")
              for path, why in unread[:limit]]
    if len(unread) > limit:
        shown.append(Evidence(Status.WARN, f"{len(unread) - limit} more Python files could not be read",
                              "(repository)"))
    return shown


UNPARSED = "not parseable as Python 3.11 (a syntax error, or newer syntax): this file was not checked"


def covering_unparsed(repo: RepoSnapshot, outcome: Outcome) -> Outcome:
    """``outcome`` with the production Python files nobody could read: a pass or skip becomes a warning,
    since the check never saw those files."""
    missed = unparsed_evidence(repo)
    if not missed:
        return outcome
    tree = python_tree(repo)
    count = sum(1 for p in tree.unparsed if not is_dev_path(p))
    unread = sum(1 for p, _ in tree.unread if not is_dev_path(p))
    status = outcome.status if outcome.status.rank > Status.WARN.rank else Status.WARN
    summary = outcome.summary
    summary += f"; {count} Python file(s) could not be parsed and were not checked" if count else ""
    summary += f"; {unread} Python file(s) could not be read" if unread else ""
    return replace(outcome, status=status, evidence=(*outcome.evidence, *missed), summary=summary)
