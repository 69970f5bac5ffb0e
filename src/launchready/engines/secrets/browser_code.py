"""Which source files ship to browsers: decided from what the code does, not from where it sits.

A source file is *browser code* when a browser bundle includes it:

- it says so — a ``'use client'`` directive, a ``.vue`` or ``.svelte`` component (not a SvelteKit server file);
- a client entry reaches it by import — a ``'use client'`` module, a page of a ``pages/`` directory (not
  ``pages/api``), a SvelteKit ``+page``/``+layout`` universal module or ``hooks.client``, a script an HTML page
  loads — following relative imports and the ``paths`` aliases of the nearest ``tsconfig.json``/``jsconfig.json``;
- its package builds a browser app and runs no server: its ``package.json`` names a UI framework or bundler and no
  server framework (Next, Nuxt, SvelteKit, Remix, Astro, Express, Fastify, Koa, NestJS, Hono, Electron).

A *test file* — in ``tests/``, ``test/``, ``__tests__/``, ``e2e/``, ``playwright/``, ``cypress/``, or named
``*.test.*``/``*.spec.*``/``*.cy.*`` — that no client entry imports never ships: a test runner runs it.

It is *server code* when it cannot run in a browser or only servers load it: it imports a Node built-in (``fs``,
``child_process``, ``node:*`` …) or a server framework, says ``'use server'`` or ``import 'server-only'``, is a
route handler (``route.ts``, ``pages/api/``, ``app/api/``, ``+server.ts``, ``*.server.*``, ``middleware.ts``), a
Next app-router module without ``'use client'`` (a server component), or only such modules import it.

Anything else is *undetermined*: the caller says what would confirm it instead of guessing.
"""

from __future__ import annotations

import json
import os
import posixpath
import re
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

from launchready.targets.repo import RepoSnapshot

SOURCE_SUFFIXES = (".js", ".mjs", ".cjs", ".jsx", ".ts", ".mts", ".cts", ".tsx", ".vue", ".svelte")
_RESOLVE_SUFFIXES = ("", ".ts", ".tsx", ".js", ".jsx", ".mjs", ".cjs", ".mts", ".vue", ".svelte")
_READ_BYTES = 256 * 1024
_MAX_FILES = 30_000
_SKIP = ("node_modules/", ".git/", "dist/", "build/", ".next/", "out/", "vendor/", "coverage/")


class Shipping(Enum):
    BROWSER = "browser"
    SERVER = "server"
    UNDETERMINED = "undetermined"


@dataclass(frozen=True)
class Verdict:
    shipping: Shipping
    why: str
    """What decided it, in a reader's words ("imported by the 'use client' module src/components/Chat.tsx")."""


# A directive is the first statement: only blank space and comments (never crossing a comment's end) before it.
_LEAD = r"""(?:\s|//[^\n]*\n|/\*(?:[^*]|\*(?!/))*\*/)*"""
_USE_CLIENT = re.compile(_LEAD + r"""["']use client["']""")
_USE_SERVER = re.compile(_LEAD + r"""["']use server["']""")
_SERVER_ONLY = re.compile(r"""\bimport\s+["']server-only["']""")
_IMPORT = re.compile(
    r"""(?:^|[;\n}])\s*(?:import|export)\s+(?!type\b)(?:[\w*${}\s,]+?\s+from\s+)?["'](?P<a>[^"'\n]+)["']"""
    r"""|\brequire\(\s*["'](?P<b>[^"'\n]+)["']\s*\)|\bimport\(\s*["'](?P<c>[^"'\n]+)["']\s*\)""")
_SCRIPT_SRC = re.compile(r"""<script\b[^>]*\bsrc\s*=\s*["'](?P<src>[^"'?#]+)""", re.I)
NODE_ONLY = frozenset({
    "fs", "fs/promises", "child_process", "net", "tls", "dgram", "cluster", "worker_threads", "http", "https",
    "http2", "os", "readline", "v8", "vm", "express", "fastify", "koa", "@nestjs/common", "@nestjs/core",
    "@hapi/hapi", "server-only", "@prisma/client", "pg", "mysql2", "mongoose", "better-sqlite3",
    "ioredis", "redis"})
_SERVER_FRAMEWORKS = frozenset({
    "next", "nuxt", "@sveltejs/kit", "@remix-run/node", "@remix-run/react", "@remix-run/cloudflare", "astro",
    "express", "fastify", "koa", "@nestjs/core", "hono", "electron", "@hapi/hapi", "@builder.io/qwik-city"})
_BROWSER_BUILDS = frozenset({
    "react", "react-dom", "vue", "svelte", "solid-js", "preact", "@angular/core", "lit", "jquery", "alpinejs",
    "vite", "webpack", "parcel", "react-scripts", "@vitejs/plugin-react", "expo", "react-native"})
_ROUTE_FILE = re.compile(r"(?:^|/)(?:route|middleware)\.(?:[mc]?[jt]sx?)$|\.server\.|(?:^|/)\+server\.|"
                         r"(?:^|/)hooks\.server\.|(?:^|/)(?:pages|app)/api/|(?:^|/)lib/server/")
_SVELTEKIT_CLIENT = re.compile(r"(?:^|/)(?:\+page|\+layout)\.(?:[jt]s)$|(?:^|/)hooks\.client\.[jt]s$")
_APP_ROUTER_MODULE = re.compile(r"(?:^|/)app/(?:.*/)?(?:page|layout|template|default|not-found|loading)\.[jt]sx?$")


_TEST_DIRS = frozenset({"test", "tests", "__tests__", "e2e", "playwright", "cypress", "__mocks__"})
_TEST_NAME = re.compile(r"\.(?:test|spec|cy|e2e)\.[mc]?[jt]sx?$")


def test_file(rel: str) -> str:
    """Why ``rel`` is a test file (it sits in a test directory, or its name says test/spec), or ""."""
    dirs = [p for p in rel.split("/")[:-1] if p in _TEST_DIRS]
    if dirs:
        return f"it sits in {dirs[0]}/"
    if _TEST_NAME.search(rel):
        return "its name marks a test"
    return ""


def _module_name(spec: str) -> str:
    spec = spec.removeprefix("node:")
    parts = spec.split("/")
    return "/".join(parts[:2]) if spec.startswith("@") else (spec if spec == "fs/promises" else parts[0])


@dataclass
class _Module:
    rel: str
    text: str
    imports: tuple[str, ...]
    """Resolved repository paths this module imports (values, not types)."""
    bare: frozenset[str]
    """Package names it imports (``fs``, ``express`` …)."""


class BrowserGraph:
    """The import graph of a repository's JS/TS sources, and a verdict per file on whether it ships to browsers."""

    def __init__(self, repo: RepoSnapshot) -> None:
        self.root = str(repo.root)
        self.repo = repo
        self._files = frozenset(
            p for p in repo.tracked_files[:_MAX_FILES]
            if p.endswith((*SOURCE_SUFFIXES, ".html")) and not any(s in f"/{p}" for s in ("/" + x for x in _SKIP)))
        self._modules: dict[str, _Module] = {}
        self._aliases: dict[str, tuple[tuple[str, str], ...]] = {}
        self._packages: dict[str, dict[str, object] | None] = {}
        self._verdicts: dict[str, Verdict] = {}
        self._owns: dict[str, Verdict | None] = {}
        self._client: dict[str, str] | None = None
        self._server: dict[str, str] | None = None

    # -- reading ---------------------------------------------------------------------------------
    def _module(self, rel: str) -> _Module:
        got = self._modules.get(rel)
        if got is not None:
            return got
        try:
            with open(os.path.join(self.root, rel), "rb") as fh:
                text = fh.read(_READ_BYTES).decode("utf-8", "replace")
        except OSError:
            text = ""
        specs: list[str] = []
        if rel.endswith(".html"):
            specs = [m.group("src") for m in _SCRIPT_SRC.finditer(text)]
        else:
            specs = [m.group("a") or m.group("b") or m.group("c") for m in _IMPORT.finditer(text)]
        imports: list[str] = []
        bare: set[str] = set()
        for spec in specs:
            target = self._resolve(rel, spec)
            if target is not None:
                imports.append(target)
            elif not spec.startswith((".", "/")):
                bare.add(_module_name(spec))
        got = _Module(rel, text, tuple(imports), frozenset(bare))
        self._modules[rel] = got
        return got

    def _aliases_for(self, rel_dir: str) -> tuple[tuple[str, str], ...]:
        """``(alias prefix, repository directory)`` from the nearest tsconfig/jsconfig ``paths``."""
        if rel_dir in self._aliases:
            return self._aliases[rel_dir]
        found: tuple[tuple[str, str], ...] | None = None
        for name in ("tsconfig.json", "jsconfig.json"):
            path = os.path.join(self.root, rel_dir, name)
            if os.path.isfile(path):
                found = _read_paths(path, rel_dir)
                break
        if found is None:
            found = self._aliases_for(posixpath.dirname(rel_dir)) if rel_dir else ()
        if not found and rel_dir == "":
            found = ()
        self._aliases[rel_dir] = found
        return found

    def _resolve(self, rel: str, spec: str) -> str | None:
        here = posixpath.dirname(rel)
        if spec.startswith("."):
            base = posixpath.normpath(posixpath.join(here, spec))
        elif spec.startswith("/") and rel.endswith(".html"):
            base = posixpath.normpath(posixpath.join(self._package_dir(here), spec.lstrip("/")))
        elif spec.startswith("$lib/"):
            base = posixpath.normpath(posixpath.join(self._package_dir(here), "src/lib", spec[5:]))
        else:
            base = ""
            for prefix, target in self._aliases_for(here):
                if spec == prefix.rstrip("/") or spec.startswith(prefix):
                    base = posixpath.normpath(posixpath.join(target, spec[len(prefix):]))
                    break
            if not base:
                return None
        for suffix in _RESOLVE_SUFFIXES:
            for candidate in (base + suffix, f"{base}/index{suffix}" if suffix else ""):
                if candidate and candidate in self._files:
                    return candidate
        # `./x.js` written for a `./x.ts` source (TypeScript's ESM convention)
        stem, dot, _ = base.rpartition(".")
        if dot:
            for suffix in (".ts", ".tsx"):
                if stem + suffix in self._files:
                    return stem + suffix
        return None

    def _package_dir(self, rel_dir: str) -> str:
        d = rel_dir
        while True:
            if os.path.isfile(os.path.join(self.root, d, "package.json")):
                return d
            if not d:
                return ""
            d = posixpath.dirname(d)

    def _package(self, rel_dir: str) -> dict[str, object] | None:
        d = self._package_dir(rel_dir)
        if d not in self._packages:
            data: dict[str, object] | None = None
            try:
                with open(os.path.join(self.root, d, "package.json"), encoding="utf-8") as fh:
                    raw = json.load(fh)
                data = raw if isinstance(raw, dict) else None
            except (OSError, ValueError):
                data = None
            self._packages[d] = data
        return self._packages[d]

    def _dependencies(self, rel_dir: str) -> frozenset[str]:
        data = self._package(rel_dir) or {}
        deps: set[str] = set()
        for key in ("dependencies", "devDependencies", "peerDependencies"):
            section = data.get(key)
            if isinstance(section, dict):
                deps.update(section)
        return frozenset(deps)

    # -- what a module says about itself ---------------------------------------------------------
    def _own(self, rel: str) -> Verdict | None:
        if rel not in self._owns:
            self._owns[rel] = self._read_own(rel)
        return self._owns[rel]

    def _read_own(self, rel: str) -> Verdict | None:
        if rel.endswith(".html"):
            return None
        mod = self._module(rel)
        node = sorted(mod.bare & NODE_ONLY)
        if _USE_SERVER.match(mod.text) or _SERVER_ONLY.search(mod.text):
            return Verdict(Shipping.SERVER, f"{rel} is server-only ('use server' / import 'server-only')")
        if node:
            return Verdict(Shipping.SERVER, f"{rel} imports {node[0]}, which no browser can load")
        if _ROUTE_FILE.search(rel):
            return Verdict(Shipping.SERVER, f"{rel} is a server route/handler module")
        if _USE_CLIENT.match(mod.text):
            return Verdict(Shipping.BROWSER, f"{rel} is a 'use client' module")
        if rel.endswith((".vue", ".svelte")):
            return Verdict(Shipping.BROWSER, f"{rel} is a UI component")
        return None

    def _is_client_entry(self, rel: str) -> bool:
        if rel.endswith(".html"):
            return True
        if _SVELTEKIT_CLIENT.search(rel):
            return True
        parts = rel.split("/")
        if "pages" in parts[:-1] and not parts[-1].startswith("_document"):
            i = len(parts) - 1 - parts[::-1].index("pages")
            return parts[i + 1 : i + 2] != ["api"]
        return False

    def _is_server_entry(self, rel: str) -> bool:
        return bool(_APP_ROUTER_MODULE.search(rel) and "next" in self._dependencies(posixpath.dirname(rel)))

    # -- the graph -------------------------------------------------------------------------------
    def _reach(self, starts: Iterable[tuple[str, str]], through_server: bool) -> dict[str, str]:
        """Every module reachable from ``starts``, with the entry it was reached from. A server-only module
        stops a walk from a client entry (no bundle can hold it, so what it imports is not shipped through it)."""
        seen: dict[str, str] = {}
        queue = deque(starts)
        while queue:
            rel, entry = queue.popleft()
            if rel in seen:
                continue
            seen[rel] = entry
            own = self._own(rel)
            if not through_server and own is not None and own.shipping is Shipping.SERVER:
                continue
            for target in self._module(rel).imports:
                if target not in seen:
                    queue.append((target, entry))
        return seen

    def _client_reach(self) -> dict[str, str]:
        if self._client is None:
            starts = []
            for rel in sorted(self._files):
                own = self._own(rel)
                if (own is not None and own.shipping is Shipping.BROWSER) or (
                        (own is None or own.shipping is not Shipping.SERVER) and self._is_client_entry(rel)):
                    starts.append((rel, rel))
            self._client = self._reach(starts, through_server=False)
        return self._client

    def _server_reach(self) -> dict[str, str]:
        if self._server is None:
            starts = []
            for rel in sorted(self._files):
                own = self._own(rel)
                if (own is not None and own.shipping is Shipping.SERVER) or (
                        own is None and self._is_server_entry(rel)):
                    starts.append((rel, rel))
            self._server = self._reach(starts, through_server=True)
        return self._server

    def _browser_package(self, rel: str) -> bool:
        deps = self._dependencies(posixpath.dirname(rel))
        return bool(deps & _BROWSER_BUILDS) and not deps & _SERVER_FRAMEWORKS

    def verdict(self, rel: str) -> Verdict:
        """Whether ``rel`` ships to browsers, and what decided it."""
        if rel in self._verdicts:
            return self._verdicts[rel]
        v = self._decide(rel)
        self._verdicts[rel] = v
        return v

    def _decide(self, rel: str) -> Verdict:
        own = self._own(rel)
        if own is not None:
            return own
        client = self._client_reach()
        if rel in client:
            entry = client[rel]
            how = "a 'use client' module" if _USE_CLIENT.match(self._module(entry).text) else "a client entry"
            return Verdict(Shipping.BROWSER, f"{rel} is imported (directly or through other modules) by {how}, "
                                             f"{entry}")
        test = test_file(rel)
        if test:
            return Verdict(Shipping.SERVER, f"{rel} is a test file ({test}) no client entry imports: a test runner "
                                            "runs it, no bundle includes it")
        if self._browser_package(rel):
            pkg = self._package_dir(posixpath.dirname(rel)) or "."
            return Verdict(Shipping.BROWSER, f"{rel} belongs to the package {pkg}, which builds a browser app "
                                             "and runs no server")
        server = self._server_reach()
        if rel in server:
            return Verdict(Shipping.SERVER, f"{rel} is imported only by server modules ({server[rel]})")
        if self._is_server_entry(rel):
            return Verdict(Shipping.SERVER, f"{rel} is a Next app-router server component")
        return Verdict(Shipping.UNDETERMINED, f"no client entry ('use client' module, page, component, script of "
                                              f"an HTML page) was found importing {rel}, and no server module either")


def _strip_json_comments(text: str) -> str:
    out: list[str] = []
    i, n, in_str = 0, len(text), False
    while i < n:
        ch = text[i]
        if in_str:
            out.append(ch)
            if ch == "\\" and i + 1 < n:
                out.append(text[i + 1])
                i += 1
            elif ch == '"':
                in_str = False
        elif ch == '"':
            in_str = True
            out.append(ch)
        elif text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
            continue
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            i = n if j < 0 else j + 2
            continue
        else:
            out.append(ch)
        i += 1
    return re.sub(r",(\s*[}\]])", r"\1", "".join(out))


def _read_paths(path: str, rel_dir: str) -> tuple[tuple[str, str], ...]:
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.loads(_strip_json_comments(fh.read()))
    except (OSError, ValueError):
        return ()
    opts = data.get("compilerOptions") if isinstance(data, dict) else None
    if not isinstance(opts, dict):
        return ()
    base = posixpath.normpath(posixpath.join(rel_dir, str(opts.get("baseUrl") or ".")))
    out: list[tuple[str, str]] = []
    paths = opts.get("paths")
    if isinstance(paths, dict):
        for alias, targets in paths.items():
            if not isinstance(targets, list) or not targets or not isinstance(targets[0], str):
                continue
            prefix = str(alias).removesuffix("*")
            target = posixpath.normpath(posixpath.join(base, targets[0].removesuffix("*")))
            out.append((prefix, "" if target == "." else target))
    out.sort(key=lambda pt: -len(pt[0]))
    return tuple(out)


def browser_graph(repo: RepoSnapshot) -> BrowserGraph:
    """One graph per repository snapshot, shared by the checks that ask."""
    return repo.memo("secrets.browser-graph", lambda: BrowserGraph(repo))
