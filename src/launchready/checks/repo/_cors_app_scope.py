"""The Python modules that make up the app a CORS middleware is added to, for repo.cors-config.

Whether "any origin with credentials" lets another site read as the signed-in user depends on whether *that app*
reads a credential the browser sends by itself (a cookie, a session, HTTP Basic). A repository often holds several
apps: a cookie-authenticated web back end beside a model sidecar or a plugin sub-app that reads no cookie at all.
A cookie read anywhere in the repository says nothing about the sidecar — the browser may attach the cookie, but the
sidecar never looks at it. So the credential search is confined to the app: the module the setup is in, every
project module it imports (transitively, imports inside functions included — a router pulled in by a factory), and
the modules that import it to register routes on it (``from app import app`` then ``@app.get``), with what those
import. Where an import could be answered by several files and none sits in the importer's own tree, every
candidate counts: more code searched can only turn a warn into a fail, never hide a credential.

The confinement is applied only when every credential the project holds is loaded by *another* app (a module making
its own FastAPI/Flask/Starlette object): a credential in a module no app is seen to load may belong to this app
through a path not read here, and keeps the project-wide judgement.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable

from launchready.engines.pysource import PyModule, dotted_name

# A call creating an application object: a module holding one is an app of its own.
_APP_FACTORIES = frozenset({"FastAPI", "Starlette", "Flask", "Quart", "Sanic", "Litestar"})
# A module registering routes or routers on an app object (FastAPI/Starlette/Flask decorators and calls).
_REGISTERS_ROUTES = re.compile(
    r"@\s*[\w.]+\.(?:get|post|put|patch|delete|route|api_route|websocket)\s*\(|"
    r"\.(?:include_router|add_api_route|add_url_rule|register_blueprint|add_route)\s*\(")


def _dir(path: str) -> str:
    return path.rsplit("/", 1)[0] if "/" in path else ""


class _Index:
    """Project modules by the dotted names they may be imported by, each with the import root that name implies."""

    def __init__(self, modules: Iterable[PyModule]) -> None:
        self.by_path: dict[str, PyModule] = {}
        self.by_name: dict[str, list[tuple[str, PyModule]]] = {}
        for mod in modules:
            self.by_path[mod.path] = mod
            stem = mod.path[:-3] if mod.path.endswith(".py") else mod.path
            parts = stem.split("/")
            if parts[-1] == "__init__":
                parts = parts[:-1]
            for i in range(len(parts)):
                self.by_name.setdefault(".".join(parts[i:]), []).append(("/".join(parts[:i]), mod))

    def absolute(self, importer: PyModule, dotted: str) -> list[PyModule]:
        """The files ``import dotted`` may load: those whose import root is the importer's directory or one of
        its ancestors (a script run from its folder, the package root it sits in); every candidate when none is."""
        found = self.by_name.get(dotted, [])
        here = _dir(importer.path)
        near = [mod for root, mod in found if root in ("", here) or here.startswith(root + "/")]
        return near or [mod for _, mod in found]

    def relative(self, importer: PyModule, level: int, dotted: str) -> list[PyModule]:
        base = _dir(importer.path).split("/") if _dir(importer.path) else []
        base = base[: len(base) - (level - 1)] if level > 1 else base
        stem = "/".join([*base, *(dotted.split(".") if dotted else [])])
        return [m for m in (self.by_path.get(f"{stem}.py"), self.by_path.get(f"{stem}/__init__.py")) if m]


def _imports(index: _Index, mod: PyModule) -> list[PyModule]:
    """The project modules ``mod`` imports anywhere in its body (``from pkg import sub`` loads ``pkg.sub`` too)."""
    out: list[PyModule] = []
    for node in ast.walk(mod.tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                out += index.absolute(mod, alias.name)
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level:
                out += index.relative(mod, node.level, module)
                for alias in node.names:
                    out += index.relative(mod, node.level, f"{module}.{alias.name}" if module else alias.name)
            else:
                out += index.absolute(mod, module)
                for alias in node.names:
                    out += index.absolute(mod, f"{module}.{alias.name}")
    return out


class AppScopes:
    """The project's import graph, built once, asked for the modules of each app a CORS setup is in."""

    def __init__(self, modules: list[PyModule]) -> None:
        self.modules = modules
        self.index = _Index(modules)
        self.imported = {mod.path: _imports(self.index, mod) for mod in modules}
        self._apps: dict[str, list[PyModule]] = {}

    def app_modules(self, path: str) -> list[PyModule]:
        """The modules of the app whose CORS setup is in ``path``: that module, the modules importing it that
        register routes, and everything either imports, transitively. Empty when ``path`` is no parsed module."""
        if path in self._apps:
            return self._apps[path]
        start = self.index.by_path.get(path)
        if start is None:
            return []
        seeds = [start, *(mod for mod in self.modules if mod.path != path
                          and any(m.path == path for m in self.imported[mod.path])
                          and _REGISTERS_ROUTES.search("\n".join(mod.lines)))]
        seen: dict[str, PyModule] = {}
        todo = list(seeds)
        while todo:
            mod = todo.pop()
            if mod.path in seen:
                continue
            seen[mod.path] = mod
            todo.extend(m for m in self.imported[mod.path] if m.path not in seen)
        return self._apps.setdefault(path, list(seen.values()))

    def creates_app(self, path: str) -> bool:
        mod = self.index.by_path.get(path)
        return mod is not None and any(
            dotted_name(call.func).rsplit(".", 1)[-1] in _APP_FACTORIES for call in mod.calls())

    def owners(self, holders: list[str], path: str) -> dict[str, str] | None:
        """Each module of ``holders`` (those holding an ambient credential) → an app other than the one whose CORS
        setup is in ``path`` that loads it; ``None`` when some holder is loaded by no other app. A holder no app is
        seen to load cannot be told apart from a module of this app loaded in a way not read here (a string
        ``"pkg.auth:router"``, a plugin entry point), so it keeps the project-wide judgement. An app that loads
        ``path`` counts as another app only when ``path`` makes an app object of its own (a sub-app it mounts);
        otherwise it may be this very app, the CORS helper called on it."""
        own_app = self.creates_app(path)
        found: dict[str, str] = {}
        for root in self.modules:
            if root.path == path or not self.creates_app(root.path):
                continue
            loaded = {m.path for m in self.app_modules(root.path)}
            if path in loaded and not own_app:
                continue
            for holder in holders:
                if holder in loaded:
                    found.setdefault(holder, root.path)
        return found if all(h in found for h in holders) else None
