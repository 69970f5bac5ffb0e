"""Route handling the auth checks share: protected-route inventory, path filling, credential headers,
and the one "reference" route a tampered token is measured against.

A reference route is a GET that answers 2xx to the real token *and* refuses a request without one;
only then does "a tampered token got 2xx" prove a bypass. Without that second half, a route that
needs no auth at all would make every forged token look accepted (the false-critical trap).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from launchready.context import CheckContext
from launchready.engines.inventory import ApiRoute, scan_inventory
from launchready.errors import TargetError
from launchready.targets.http import ApiTarget, Exchange, Identity, Operation, Probe, split_route
from launchready.targets.replay import Credential, token_variable

PATH_PARAM = re.compile(r"\{([^}/]+)\}")
ADMIN_SEGMENT = re.compile(r"(?:^|/)(?:admin|administration|billing|internal|staff|superuser|backoffice)(?:/|$|[-_])",
                           re.IGNORECASE)
_ME_LIKE = ("/me", "/users/me", "/api/me", "/v1/me", "/api/v1/me", "/user", "/profile", "/account", "/whoami",
            "/auth/me", "/session")



def is_admin_like(path: str) -> bool:
    """Admin, billing and internal routes, and listings of all users (a path ending in ``/users``)."""
    return bool(ADMIN_SEGMENT.search(path)) or path.rstrip("/").endswith("/users")


def fill_path(path: str, values: Mapping[str, str], default: str = "1") -> str:
    return PATH_PARAM.sub(lambda m: values.get(m.group(1), default), path)


def credential(api: ApiTarget, token: str, *, made: str = "", name: str = "") -> dict[str, str]:
    """The header that carries ``token`` in this API's login recipe (``Authorization: Bearer …``).

    A token a check forged is named by ``name`` and described by ``made`` (how to build it from what the
    reader has): its replay commands then send ``$LR_FORGED_<NAME>_TOKEN`` with that note, not a mask."""
    if made:
        api.hold(Credential(f"forged {name}", token_variable(f"forged {name}"), made, token))
    recipe = api.settings.login
    value = f"{recipe.scheme} {token}".strip() if recipe.scheme else token
    return {recipe.header: value}


def get_operations(api: ApiTarget) -> tuple[Operation, ...]:
    try:
        return tuple(api.operations)
    except TargetError:
        return ()


@dataclass(frozen=True)
class ReferenceRoute:
    path: str
    accepted: Exchange
    rejected: Exchange


@dataclass(frozen=True)
class NoReferenceRoute:
    reason: str
    error: bool = True


def reference_candidates(api: ApiTarget, ops: Iterable[Operation], inventory: Iterable[ApiRoute] = ()) -> list[str]:
    """GETs without path parameters that should need auth, from the OpenAPI operations and the scan's route
    inventory (``/me``-like first); never a made-up route: ``[]`` when the product has none."""
    gets = [o.path for o in ops if o.method == "GET" and not PATH_PARAM.search(o.path)
            and not api.is_public("GET", o.path) and o.secured is not False and o.path != "/"
            and not is_admin_like(o.path)]
    for route in inventory:
        if (route.method == "GET" and not PATH_PARAM.search(route.path) and route.needs_auth is not False
                and not route.role and route.path != "/" and not is_admin_like(route.path)
                and not api.is_public("GET", route.path) and route.path not in gets):
            gets.append(route.path)
    return [p for p in _ME_LIKE if p in gets] + [p for p in gets if p not in _ME_LIKE]


def reference_paths(ctx: CheckContext, api: ApiTarget, check_id: str) -> tuple[list[str], str]:
    """The reference-route candidates for a check, and the config key that names one: the check's own
    ``reference-route`` option wins; otherwise the OpenAPI operations and the scan's route inventory."""
    key = f'[checks."{check_id}"] reference-route'
    given = ctx.options.get("reference-route")
    if isinstance(given, str) and given.strip():
        route = split_route(given.strip(), "GET")
        if route is not None:
            return [route[1]], key
    return reference_candidates(api, get_operations(api), scan_inventory(ctx).routes), key


def find_reference_route(
    probe: Probe, api: ApiTarget, identity: Identity, *, limit: int = 4, timeout: float | None = None,
    candidates: Sequence[str] | None = None, key: str = "",
) -> ReferenceRoute | NoReferenceRoute:
    """The first GET (``/me`` first) answering 2xx to the real token and 401/403 without credentials.

    ``candidates`` are the paths to try (the user's choice or the inventory's); ``key`` names the config
    key that would settle it, quoted when no route fits. No route to try, or none that proves anything
    (it needs no auth, or refuses the real token), is undetermined (``error=False``); only routes that
    never answered make it an error."""
    if candidates is None:
        candidates = reference_candidates(api, get_operations(api))
    candidates = list(candidates)[:limit]
    hint = f"; name one in {key}" if key else ""
    if not candidates:
        return NoReferenceRoute("undetermined: the route inventory has no GET without path parameters that "
                                f"needs auth{hint}", error=False)
    open_routes: list[str] = []
    silent: list[str] = []
    tried: list[str] = []
    for path in candidates:
        try:
            real = probe.get(path, identity=identity, timeout=timeout)
        except TargetError as exc:
            silent.append(str(exc))
            continue
        tried.append(real.summary())
        if not 200 <= real.status < 300:
            continue
        try:
            bare = probe.get(path, timeout=timeout)
        except TargetError as exc:
            silent.append(str(exc))
            continue
        if bare.status in (401, 403):
            return ReferenceRoute(path, real, bare)
        open_routes.append(f"{bare.summary()} without credentials")
    if open_routes:
        return NoReferenceRoute("undetermined: route does not need auth: " + "; ".join(open_routes) +
                                f" — a forged token answered 2xx there would prove nothing{hint}", error=False)
    if silent and not tried:
        return NoReferenceRoute("no answer from the candidate routes: " + "; ".join(silent))
    return NoReferenceRoute("undetermined: no route accepts the real token (tried: " + ", ".join(tried + silent) +
                            f"){hint}", error=False)
