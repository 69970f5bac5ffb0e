"""Browser code: the JavaScript of a UI package, which calls routes and registers none.

``api.post("/user/login", values)`` in a React app is an HTTP client call with the same shape as an Express
route registration. A package whose ``package.json`` depends on a browser UI library (React DOM, Vue, Svelte,
Angular, Solid, Preact) and on no server framework (Express, Fastify, Hono, Koa, NestJS, nor a full-stack one
such as Next or SvelteKit, whose server files sit in the same package) ships only browser code: the files under
it are read as no routes.
"""

from __future__ import annotations

import posixpath

from launchready.targets.repo import RepoSnapshot

_UI_LIBRARIES = frozenset({"react-dom", "vue", "svelte", "@angular/core", "solid-js", "preact"})
_SERVER_FRAMEWORKS = frozenset({
    "express", "fastify", "hono", "koa", "@koa/router", "koa-router", "@nestjs/core", "next", "@sveltejs/kit",
    "nuxt", "@remix-run/node", "@remix-run/server-runtime", "@react-router/node", "@react-router/dev", "astro",
    "@hapi/hapi", "restify", "polka", "h3", "elysia", "@trpc/server", "@vercel/node", "@netlify/functions",
    "@cloudflare/workers-types", "wrangler", "@solidjs/start", "@builder.io/qwik-city", "@tanstack/react-start",
    "@tanstack/start", "vinxi", "waku",
})


def ui_package_roots(repo: RepoSnapshot) -> dict[str, bool]:
    """Every package directory below the repository root (``dir/``) → whether it ships only browser code (a UI
    library, no server framework). A repository-root package is left out: the route readers see its files."""
    from launchready.engines.js_frameworks import package_dependencies

    roots: dict[str, bool] = {}
    for path in repo.tracked_files:
        if posixpath.basename(path) != "package.json" or "node_modules/" in path or "/" not in path:
            continue
        deps = package_dependencies(repo, path, ("dependencies", "devDependencies", "peerDependencies"))
        ui_only = bool(_UI_LIBRARIES & deps.keys()) and not _SERVER_FRAMEWORKS & deps.keys()
        roots[posixpath.dirname(path) + "/"] = ui_only
    return roots


def in_browser_package(path: str, roots: dict[str, bool]) -> bool:
    """Whether the nearest package of ``path`` among ``roots`` ships only browser code."""
    owner = max((r for r in roots if path.startswith(r)), key=len, default=None)
    return owner is not None and roots[owner]
