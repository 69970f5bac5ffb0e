"""Small helpers the live surface checks (cors, error-hygiene, security-headers, latency,
log-hygiene, webhook-signatures) share: declared routes, the first tenant, evidence text."""

from __future__ import annotations

import re

from launchready.config import Config
from launchready.targets.http import ApiTarget, Exchange, Identity

_PARAM = re.compile(r"\{[^}]+\}")




def first_tenant(api: ApiTarget, config: Config) -> Identity | None:
    """The first declared test tenant, logged in (a failed login raises ``TargetError``); ``None`` if none."""
    tenants = config.api.tenants
    return api.identity(tenants[0]) if tenants else None


def list_route(api: ApiTarget, exclude: tuple[str, ...] = ()) -> str | None:
    """A secured GET collection route without path parameters (``/conversations``), from OpenAPI.

    Prefers routes that look like the product's collections over profile routes; ``None`` if the
    inventory has none.
    """
    candidates = [
        op.path for op in api.operations
        if op.method == "GET" and not _PARAM.search(op.path) and not api.is_public("GET", op.path)
        and op.path not in exclude and op.path != "/" and not op.path.startswith(("/admin", "/debug", "/billing"))
        and op.secured is not False
    ]
    plural = [p for p in candidates if p.rstrip("/").rsplit("/", 1)[-1].endswith("s")]
    chosen = plural or candidates
    return chosen[0] if chosen else None


def param_route(api: ApiTarget) -> str | None:
    """A GET route with exactly one path parameter (``/conversations/{id}``), from OpenAPI."""
    for op in api.operations:
        if op.method == "GET" and len(_PARAM.findall(op.path)) == 1 and op.path.endswith("}"):
            return op.path
    return None


def fill(path: str, value: str) -> str:
    """The route template with its path parameter(s) replaced by ``value``."""
    return _PARAM.sub(value, path)


def show(*exchanges: Exchange, width: int = 200) -> str:
    """Evidence detail: the redacted curl line of each request, its status and a body excerpt."""
    return "\n".join(f"{ex.curl()}\n→ {ex.status} {ex.excerpt(width)}" for ex in exchanges)


def header(ex: Exchange, name: str) -> str | None:
    """A response header, case-insensitively; ``None`` when absent."""
    lowered = name.lower()
    return next((v for k, v in ex.headers.items() if k.lower() == lowered), None)
