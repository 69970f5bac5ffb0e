"""Which route of the scan's inventory a live check probes, and why — never a route the product lacks.

The passive and timing checks (cors, error-hygiene, security-headers, latency, log-hygiene, health)
need "an authenticated GET that returns data", "a public GET", "a POST that takes JSON", "a GET with
one path parameter" or "the health route". Each picks it here from the scan's
:func:`launchready.engines.inventory.scan_inventory` by what it needs, and keeps the reason as one line
for its evidence. A route the user names in the check's own option (``[checks."api.cors"] route``)
wins; when nothing fits, the caller says so as a warn naming the config key that would decide it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from launchready.context import CheckContext
from launchready.engines.inventory import ApiRoute, RouteInventory
from launchready.model import Evidence, Outcome, Status
from launchready.targets.http import split_route

_PARAM = re.compile(r"\{[^}]+\}")
# Routes a "returns data" probe should not pick: they exist to be refused, to change state or to
# describe the API, not to answer a tenant with its data.
_NOT_DATA = re.compile(r"(?:^|/)(?:admin|internal|debug|_debug|billing|logout|signout|delete|reset|health\w*"
                       r"|healthz|ready|readyz|livez|ping|status|metrics|openapi[\w.]*|swagger[\w.]*|docs|redoc"
                       r"|createdb|login|signin|token|register|signup)(?:/|$|[._-])", re.IGNORECASE)
_HEALTH = re.compile(r"^/(?:api/)?(?:v\d+/)?(?:health|healthz|healthcheck|health-check|_health|ready|readyz"
                     r"|livez|ping|status)/?$", re.IGNORECASE)


@dataclass(frozen=True)
class ChosenRoute:
    """A route a check will probe, whether to send the tenant's credentials, and why it was chosen."""

    method: str
    path: str
    why: str
    authenticated: bool = False

    @property
    def label(self) -> str:
        return f"{self.method} {self.path}"


def given(ctx: CheckContext, check_id: str, key: str, default_method: str = "GET", *, authenticated: bool = True
          ) -> list[ChosenRoute]:
    """The routes the user wrote in the check's ``key`` option (a string or a list); ``[]`` when none."""
    raw = ctx.options.get(key)
    values = [raw] if isinstance(raw, str) else list(raw) if isinstance(raw, list | tuple) else []
    out = []
    for value in values:
        parts = split_route(str(value), default_method)
        if parts is not None:
            out.append(ChosenRoute(parts[0], parts[1], f'named in [checks."{check_id}"] {key}', authenticated))
    return out


def _collection_first(routes: Sequence[ApiRoute]) -> list[ApiRoute]:
    """Collections (a plural last segment, ``/books/v1`` → ``books``) before singular routes."""
    def plural(r: ApiRoute) -> bool:
        segments = [s for s in r.path.strip("/").split("/") if s and not re.fullmatch(r"v\d+", s)]
        return bool(segments) and segments[-1].endswith("s")
    return sorted(routes, key=lambda r: not plural(r))


def data_routes(inv: RouteInventory, *, limit: int = 3) -> list[ChosenRoute]:
    """GET routes without path parameters that should answer a tenant with its data, not admin-only,
    not a debug/health/login route: those the spec or config says need auth first, then those whose
    auth nothing states (a spec without ``security``), never those declared public."""
    def fits(r: ApiRoute) -> bool:
        return r.role != "admin" and not _NOT_DATA.search(r.path)

    secured = [r for r in inv.select(method="GET", needs_auth=True, with_path_params=False) if fits(r)]
    unstated = [r for r in inv.select(method="GET", with_path_params=False) if r.needs_auth is None and fits(r)]
    chosen = [ChosenRoute(r.method, r.path, f"an authenticated GET without path parameters ({r.why()})", True)
              for r in _collection_first(secured)]
    chosen += [ChosenRoute(r.method, r.path, f"a GET without path parameters, auth not stated ({r.why()})", True)
               for r in _collection_first(unstated)]
    return chosen[:limit]


def public_routes(inv: RouteInventory, *, limit: int = 2) -> list[ChosenRoute]:
    """GET routes declared public (config or spec) without path parameters."""
    found = [r for r in inv.select(method="GET", needs_auth=False, with_path_params=False)
             if not _NOT_DATA.search(r.path) or r.path == "/"]
    found += [r for r in inv.select(method="GET", needs_auth=False, with_path_params=False) if r not in found]
    return [ChosenRoute(r.method, r.path, f"a public GET ({r.why()})", False) for r in found[:limit]]


def json_post(inv: RouteInventory, chat: str | None) -> ChosenRoute | None:
    """The declared chat route, else a POST taking JSON without path parameters (not public first)."""
    declared = split_route(chat)
    if declared is not None:
        return ChosenRoute(declared[0], declared[1], "the declared chat route ([api] chat)", True)
    posts = [r for r in inv.select(method="POST", with_path_params=False)
             if r.body_media in ("", "application/json") and not _NOT_DATA.search(r.path)]
    posts.sort(key=lambda r: r.needs_auth is False)
    if not posts:
        return None
    r = posts[0]
    return ChosenRoute(r.method, r.path, f"a POST taking JSON ({r.why()})", r.needs_auth is not False)


def param_route(inv: RouteInventory) -> ChosenRoute | None:
    """A GET route ending in its one path parameter (``/books/v1/{title}``)."""
    for r in inv.select(method="GET"):
        if len(_PARAM.findall(r.path)) == 1 and r.path.endswith("}") and r.role != "admin":
            return ChosenRoute(r.method, r.path, f"a GET with one path parameter ({r.why()})",
                               r.needs_auth is not False)
    return None


def get_only_route(inv: RouteInventory, candidates: Sequence[ChosenRoute]) -> ChosenRoute | None:
    """One of ``candidates`` for which the inventory knows no POST (a wrong-method probe stays harmless)."""
    for c in candidates:
        if inv.find("POST", c.path) is None:
            return c
    return None


def health_route(inv: RouteInventory) -> ChosenRoute | None:
    """A GET route named like a health endpoint (``/health``, ``/healthcheck``, ``/ready``, ``/status``…)."""
    found = [r for r in inv.select(method="GET", with_path_params=False) if _HEALTH.match(r.path)]
    found.sort(key=lambda r: "health" not in r.path.lower())  # /health before /ready, /status, /ping
    if not found:
        return None
    return ChosenRoute(found[0].method, found[0].path, f"named like a health route ({found[0].why()})", False)


def nothing_fits(inv: RouteInventory, check_id: str, what: str, key: str) -> Outcome:
    """The outcome of a check that found no route for its probe: a warn naming the config key that would
    decide it — or an error when the inventory itself could not be read (the server did not answer)."""
    if inv.unread and not inv.routes:
        return Outcome(Status.ERROR, f"no route to probe: {inv.unread[0]}",
                       (Evidence(Status.ERROR, inv.unread[0], fingerprint=f"{check_id}:inventory-unread"),))
    summary = f"undetermined: the route inventory has no {what}; name it in {key}"
    return Outcome(Status.WARN, summary, (Evidence(Status.WARN, summary, fingerprint=f"{check_id}:no-route"),))
