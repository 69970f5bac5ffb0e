"""Function-level authorization: every privileged route, every method, tried with every lower role.

A route is privileged when the inventory gives it a staff or admin role (``[api] admin``, ``[api]
roles``, an admin path segment, "admins only" in the spec) or its path reads like an admin, billing or
internal route. GET and POST are always sent; PUT, PATCH and DELETE only with ``allow-destructive``
(without it they are listed as not exercised). A failure needs proof:

* GET / POST: a lower role got a 2xx answer that carries data;
* DELETE: the answer was 2xx *and* re-reading the object as an identity allowed to read it shows it gone;
* PUT / PATCH: the answer was 2xx *and* the marker written appears when the object is read back.

A 2xx that could not be confirmed is a warning, never a failure ("blocking means sure").
"""

from __future__ import annotations

import json
import os
import re
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from launchready.engines.auth_routes import fill_path, is_admin_like
from launchready.engines.inventory import ApiRoute, Parameter, RouteInventory
from launchready.engines.live import items_of
from launchready.engines.roles import ADMIN, ORDINARY, Holder, is_lower, rank
from launchready.errors import TargetError
from launchready.model import Status
from launchready.targets.http import ApiTarget, Exchange, Identity, Probe

Report = Callable[[Status, str, str, tuple[Exchange, ...], str], None]
"""``(status, message, location, exchanges, tag)``: how a finding is handed to the check."""

DESTRUCTIVE = frozenset({"PUT", "PATCH", "DELETE"})
_PARAM = re.compile(r"\{([^}/]+)\}")
_ADMIN_ACCOUNT = re.compile(r"(?:^|[^a-z])(?:admin|administrator|root|superuser|sysadmin)(?:[^a-z]|$)")
_EMPTY = frozenset({"", "[]", "{}", "null", '""'})


@dataclass(frozen=True)
class Privileged:
    route: ApiRoute
    role: str
    why: str


def privileged_routes(inventory: RouteInventory, api: ApiTarget) -> list[Privileged]:
    """The inventory's routes that only a staff or admin role may use, with the reason."""
    out: list[Privileged] = []
    for route in inventory.routes:
        if route.role == "public" or api.is_public(route.method, route.path):
            continue
        if rank(route.role) > 1:
            out.append(Privileged(route, route.role, route.role_reason or route.role))
        elif is_admin_like(route.path):
            out.append(Privileged(route, "admin", "admin, billing or internal path"))
    return out


def has_data(ex: Exchange) -> bool:
    return ex.body.strip().decode("utf-8", "replace") not in _EMPTY


def sample_body(route: ApiRoute, marker: str) -> dict[str, Any] | None:
    """A body of the route's required fields with plausible values; strings carry ``marker`` so that a
    write can be recognised when read back. ``None`` when the route declares no body."""
    fields = route.body_params
    if not fields and not route.body_media:
        return None
    return {p.name: _value(p, marker) for p in fields if p.required}


def _value(p: Parameter, marker: str) -> Any:
    if p.enum:
        return p.enum[-1]
    match p.type:
        case "integer":
            return 1
        case "number":
            return 1.5
        case "boolean":
            return False
        case "array":
            return []
        case "object":
            return {}
    if p.format == "email":
        return f"{marker}@example.invalid"
    return marker


@dataclass
class FunctionLevel:
    """One pass over the privileged routes of a scan."""

    api: ApiTarget
    probe: Probe
    inventory: RouteInventory
    holders: list[Holder]
    report: Report
    allow_destructive: bool
    timeout: float
    ids: Mapping[str, str]

    def run(self) -> list[str]:
        """Probe every privileged route; returns notes on what was not exercised (and why)."""
        notes: list[str] = []
        not_sent: list[str] = []
        for p in privileged_routes(self.inventory, self.api):
            lower = [h for h in self.holders if is_lower(h.role, p.role)]
            if not lower:
                notes.append(f"{p.route.key}: no identity with a role lower than {p.role}")
                continue
            if p.route.method in DESTRUCTIVE and not self.allow_destructive:
                not_sent.append(p.route.key)
                continue
            refused: list[Exchange] = []
            for holder in lower:
                if not self._try(p, holder, refused):
                    break
            if refused and all(ex.status == 404 for ex in refused) and len(refused) == len(lower):
                notes.append(f"{p.route.key} answered 404 to every lower role (absent here, or hidden): not judged")
            elif len(refused) == len(lower):
                answers = ", ".join(f"{h.describe()} → {ex.status}" for h, ex in zip(lower, refused, strict=True))
                self.report(Status.PASS, f"{p.route.key} refused every lower role ({answers}); the route is "
                            f"{p.role}-only ({p.why})", p.route.key, tuple(refused[:1]), "lower-roles-refused")
        if not_sent:
            self.report(Status.WARN, f"{len(not_sent)} privileged PUT/PATCH/DELETE route(s) not exercised with lower "
                        f"roles (set allow-destructive = true on a staging instance): {', '.join(not_sent)}",
                        "function-level authorization", (), "not-exercised")
        return notes

    # -- one route, one identity -------------------------------------------------------------------

    def _try(self, p: Privileged, holder: Holder, refused: list[Exchange]) -> bool:
        """Send the route as ``holder``; False when no further identity should try it (no answer, no object
        to act on, or already proved)."""
        route = p.route
        location = route.key
        who = f"{holder.describe()}"
        marker = f"lr-authz-{secrets.token_hex(4)}"
        path = route.path
        target_id = ""
        reader: Identity | None = None
        before: Exchange | None = None
        if _PARAM.search(route.path):
            if route.method == "DELETE":
                harvested = self._harvest(route)
                if harvested is None:
                    self.report(Status.WARN, f"{location}: not tried as {who}: no object id could be read from "
                                "a listing route to delete", location, (), f"no-id-{holder.name}")
                    return False
                target_id, reader = harvested
                before = self._present(route, target_id, reader)
                if before is None:
                    self.report(Status.WARN, f"{location}: not tried as {who}: object {target_id} could not be read "
                                "back, so a delete could not be confirmed", location, (), f"no-read-{holder.name}")
                    return False
                path = self._item_path(route, target_id)
            else:
                path = fill_path(route.path, self.ids)
        body = sample_body(route, marker) if route.method in {"POST", "PUT", "PATCH"} else None
        try:
            ex = self.probe.request(route.method, path, identity=holder.identity, json_body=body,
                                    timeout=self.timeout)
        except TargetError as exc:
            self.report(Status.ERROR, f"{location} did not answer {who}: {exc.message}", location, (),
                        f"no-answer-{holder.name}")
            return False
        why = f"the route is {p.role}-only ({p.why})"
        if ex.status in (401, 403, 404, 405):
            refused.append(ex)
            return True
        if not 200 <= ex.status < 300:
            inconclusive = " (input validated before authorization?)" if ex.status in (400, 422) else ""
            self.report(Status.WARN, f"{location} answered {ex.status} to {who}, not 401/403{inconclusive}; {why}",
                        location, (ex,), f"lower-role-{holder.name}")
            return True
        if route.method == "DELETE" and before is not None:
            return not self._confirm_delete(p, holder, ex, target_id, reader, before, why)
        if route.method in {"PUT", "PATCH"}:
            return not self._confirm_write(p, holder, ex, marker, path, why)
        if has_data(ex):
            whose = "an ordinary user's" if rank(holder.role) == ORDINARY else "a lower role's"
            self.report(Status.FAIL, f"{location} answered {ex.status} with data to {whose} valid token ({who}); "
                        f"{why}", location, (ex,), f"lower-role-{holder.name}")
            return False  # one proof per route is enough
        self.report(Status.WARN, f"{location} answered {ex.status} with an empty body to {who}; {why}",
                    location, (ex,), f"lower-role-{holder.name}")
        return True

    # -- objects to act on, and reading them back -----------------------------------------------------

    def _item_path(self, route: ApiRoute, target_id: str) -> str:
        """``route``'s path with its last parameter set to ``target_id`` (the harvested object) and the
        others to the ids already known."""
        last = list(_PARAM.finditer(route.path))[-1]
        head, tail = route.path[: last.start()], route.path[last.end():]
        return fill_path(head, self.ids) + quote(target_id, safe="@:") + fill_path(tail, self.ids)

    def _readers(self) -> list[Identity | None]:
        return [h.identity for h in self.holders] + [None]

    def _collection(self, route: ApiRoute) -> str | None:
        """The listing route of ``/menu/{item_id}``: ``GET /menu``, when the inventory has it."""
        m = list(_PARAM.finditer(route.path))
        if not m:
            return route.path if self.inventory.find("GET", route.path) else None
        collection = route.path[: m[-1].start()].rstrip("/")
        return collection if collection and self.inventory.find("GET", collection) else None

    def _harvest(self, route: ApiRoute) -> tuple[str, Identity | None] | None:
        """The id of the last object a listing shows (and who could read it), for a DELETE to act on."""
        collection = self._collection(route)
        names = _PARAM.findall(route.path)
        if collection is None or not names:
            return None
        for reader in self._readers():
            try:
                listing = self.probe.get(collection, identity=reader, timeout=self.timeout)
            except TargetError:
                return None
            if not 200 <= listing.status < 300:
                continue
            spared = self._spared()
            for item in reversed(_listing(_json(listing))):
                value = _id_of(item, names[-1])
                values = {str(v).lower() for v in item.values() if isinstance(v, str | int)}
                if value is not None and not spared & values and not any(_ADMIN_ACCOUNT.search(v) for v in values):
                    return value, reader
        return None

    def _spared(self) -> set[str]:
        """Values that mark an object the scan must not delete: the test identities themselves (their user
        names and subjects). Administrator accounts (:data:`_ADMIN_ACCOUNT`) are spared too: losing either
        would end the scan or lock the product."""
        spared: set[str] = set()
        for h in self.holders:
            for value in (os.environ.get(h.tenant.username_env or "", ""), h.identity.claims.get("sub"), h.name):
                if isinstance(value, str | int) and str(value):
                    spared.add(str(value).lower())
        return spared

    def _read_back(self, path: str, collection: str | None, reader: Identity | None) -> Exchange | None:
        for target in (path if self.inventory.find("GET", _template_of(self.inventory, path) or "") else None,
                       collection):
            if target is None:
                continue
            try:
                return self.probe.get(target, identity=reader, timeout=self.timeout)
            except TargetError:
                return None
        return None

    def _present(self, route: ApiRoute, target_id: str, reader: Identity | None) -> Exchange | None:
        """The read-back answer when it shows object ``target_id``; None when it does not or cannot say."""
        check = self._read_back(self._item_path(route, target_id), self._collection(route), reader)
        if check is None or not 200 <= check.status < 300:
            return None
        return check if _lists_id(check, target_id, _PARAM.findall(route.path)[-1]) else None

    def _confirm_delete(self, p: Privileged, holder: Holder, ex: Exchange, target_id: str, reader: Identity | None,
                        before: Exchange, why: str) -> bool:
        """Reports what re-reading shows; True when the delete is proved."""
        location = p.route.key
        item_path = self._item_path(p.route, target_id)
        check = self._read_back(item_path, self._collection(p.route), reader)
        who = reader.name if reader else "anonymous"
        if check is None or not (200 <= check.status < 300 or check.status in (404, 410)):
            self.report(Status.WARN, f"{location} answered {ex.status} to {holder.describe()}, but the object could "
                        f"not be read back to confirm the delete; {why}", location,
                        (ex,) + ((check,) if check else ()), f"lower-role-{holder.name}")
            return False
        name = _PARAM.findall(p.route.path)[-1]
        gone = check.status in (404, 410) or not _lists_id(check, target_id, name)
        if gone:
            self.report(Status.FAIL, f"{location}: {holder.describe()} deleted object {target_id} (answered "
                        f"{ex.status}; read as {who} before: present, after: gone); {why}", location,
                        (before, ex, check), f"lower-role-{holder.name}")
            return True
        self.report(Status.WARN, f"{location} answered {ex.status} to {holder.describe()}, but object "
                    f"{target_id} is still there when re-read as {who}; {why}", location, (ex, check),
                    f"lower-role-{holder.name}")
        return False

    def _confirm_write(self, p: Privileged, holder: Holder, ex: Exchange, marker: str, path: str, why: str) -> bool:
        """Reports what reading back shows; True when the write is proved."""
        location = p.route.key
        readers = [h.identity for h in self.holders if rank(h.role) >= min(rank(p.role), ADMIN)] or self._readers()
        check = self._read_back(path, self._collection(p.route), readers[0])
        if check is not None and 200 <= check.status < 300 and marker in check.text:
            self.report(Status.FAIL, f"{location}: {holder.describe()} changed data (answered {ex.status}; the value "
                        f"{marker!r} it wrote is there when read back); {why}", location, (ex, check),
                        f"lower-role-{holder.name}")
            return True
        self.report(Status.WARN, f"{location} answered {ex.status} to {holder.describe()}; the change was not "
                    f"confirmed by reading it back; {why}", location, (ex,) + ((check,) if check else ()),
                    f"lower-role-{holder.name}")
        return False


def _json(ex: Exchange) -> Any:
    try:
        return ex.json()
    except (ValueError, TypeError):
        return None


def _listing(data: Any) -> list[dict[str, Any]]:
    """The objects of a listing: :func:`items_of`'s usual keys, else the one list of objects under any key
    (``{"users": [...]}``)."""
    items = items_of(data)
    if items or not isinstance(data, dict):
        return items
    lists = [v for v in data.values() if isinstance(v, list) and v and all(isinstance(i, dict) for i in v)]
    return lists[0] if len(lists) == 1 else []


def _id_of(item: Mapping[str, Any], name: str) -> str | None:
    for key in (name, name.removesuffix("_id"), name.removesuffix("Id"), "id", "_id", "uuid"):
        value = item.get(key)
        if isinstance(value, str | int) and not isinstance(value, bool) and str(value):
            return str(value)
    return None


def _lists_id(ex: Exchange, target_id: str, name: str) -> bool:
    """Whether a read-back answer still shows the object (its own answer, or a listing that has it)."""
    data = _json(ex)
    items = _listing(data)
    if items:
        return any(_id_of(item, name) == target_id for item in items)
    if isinstance(data, dict):
        return _id_of(data, name) == target_id
    return target_id in json.dumps(data) if data is not None else bool(ex.body.strip())


def _template_of(inventory: RouteInventory, path: str) -> str | None:
    """The inventory's GET template that ``path`` (``/menu/3``) fills, if any."""
    parts = path.strip("/").split("/")
    for route in inventory.select(method="GET"):
        template = route.path.strip("/").split("/")
        if len(template) == len(parts) and all(t == p or _PARAM.fullmatch(t) for t, p in zip(template, parts,
                                                                                           strict=True)):
            return route.path
    return None
