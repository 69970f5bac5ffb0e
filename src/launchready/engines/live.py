"""Small helpers the live api checks share: declared routes, path filling, the first tenant, listing
answers, response headers and evidence text. The tenancy helpers (``engines/probing.py``) and the auth
route helpers (``engines/auth_routes.py``) build on these rather than redefining them."""

from __future__ import annotations

import re
from typing import Any

from launchready.config import Config
from launchready.targets.http import ApiTarget, Exchange, Identity

_PARAM = re.compile(r"\{[^}]+\}")
# Keys under which a listing answer usually nests its objects ({"items": [...]}, {"data": [...]}, …).
_LIST_KEYS = ("items", "data", "results", "conversations", "files", "objects", "records")


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


def fill(path: str, value: str, *, count: int = 0) -> str:
    """The route template with its path parameter(s) replaced by ``value`` (only the first ``count``
    when it is given: the owner's id in ``/conversations/{id}/messages/{mid}``)."""
    return _PARAM.sub(value, path, count=count)


def items_of(answer: Any) -> list[dict[str, Any]]:
    """The objects of a listing answer: a JSON list, or the first list under a usual key."""
    if isinstance(answer, dict):
        for key in _LIST_KEYS:
            if isinstance(answer.get(key), list):
                answer = answer[key]
                break
    if isinstance(answer, list):
        return [item for item in answer if isinstance(item, dict)]
    return []


def show(*exchanges: Exchange, width: int = 200) -> str:
    """Evidence detail: the redacted curl line of each request, its status and a body excerpt."""
    return "\n".join(f"{ex.curl()}\n→ {ex.status} {ex.excerpt(width)}" for ex in exchanges)


def header(ex: Exchange, name: str) -> str | None:
    """A response header, case-insensitively; ``None`` when absent."""
    lowered = name.lower()
    return next((v for k, v in ex.headers.items() if k.lower() == lowered), None)
