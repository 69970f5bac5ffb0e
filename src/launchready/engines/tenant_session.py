"""One run of the tenant-isolation probes: the two identities, what each owns, and the shared
plumbing every probe uses — the request budget, findings (one per route, kind and direction, naming
the inventory route they used and why), notes, each identity's profile and a login check.

Split from ``checks/api/tenant_isolation.py`` (the reads and the verdict) and ``engines/tenant_writes.py``
(the allow-destructive writes and escalations) so that each stays small.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from launchready.context import CheckContext
from launchready.engines import objects as ob
from launchready.engines.inventory import ApiRoute, Parameter, RouteInventory
from launchready.engines.probing import RetryingProbe, show
from launchready.errors import TargetError
from launchready.model import Evidence, Status
from launchready.targets.http import ApiTarget, Exchange, Identity, resolve_pointer
from launchready.targets.replay import once
from launchready.targets.sink import CanarySink

IDENTITY_FIELDS = ("username", "user_id", "userId", "email", "login", "user")
"""Body fields that name whose record a self-update route changes (``PUT /profile {"username": …}``)."""
_PROFILE_WORDS = re.compile(r"/(?:me|profile|account|whoami|self|userinfo|current|current_?user|user)/?$",
                            re.IGNORECASE)
PATH_PARAM = re.compile(r"\{([^}/]+)\}")


@dataclass
class Kind:
    """A collection and its item route: ``GET /orders`` + ``GET /orders/{order_id}``."""

    collection: str
    item: ApiRoute
    param: Parameter
    subroutes: list[str]  # other GETs keyed by the same parameter: /orders/status/{order_id}
    create: ApiRoute | None  # POST on the collection
    upload: bool
    writes: list[ApiRoute]  # PUT/PATCH/DELETE keyed by the same parameter
    listed: bool  # a GET on the collection exists


@dataclass
class Owned:
    """One object a party owns: where it is read, the value that keys it, and what proves it is its own."""

    kind: str  # the collection path, e.g. /conversations
    item_path: str  # the concrete path, e.g. /conversations/17
    object_id: str
    markers: set[str] = field(default_factory=set)
    created: bool = False
    key_field: str = "id"
    itself: bool = False  # the identity's own user record (/users/{username})
    readable: bool = False  # its owner read it (200) at its item route: a later 404 means something
    record: dict[str, Any] = field(default_factory=dict)


@dataclass
class Party:
    """One test identity: its credentials' login, what its profile says about it, what it owns and sees."""

    name: str
    identity: Identity
    login: str = ""  # the login name it signs in with (from its env variable)
    password: str = ""
    facts: ob.Facts = field(default_factory=ob.Facts)
    objects: list[Owned] = field(default_factory=list)
    listings: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    @property
    def tenant_id(self) -> str:
        return next(iter(sorted(self.facts.tenants)), "")

    @property
    def user_id(self) -> str:
        return self.facts.value("user_id")


def _profile_routes(inv: RouteInventory) -> list[ApiRoute]:
    """GET routes without parameters that read like the caller's own record (``/me``, ``/profile``)."""
    return [r for r in inv.routes if r.method == "GET" and not r.path_params and r.role not in ("public", "admin")
            and _PROFILE_WORDS.search(r.path)]


class TenantSession:
    def __init__(self, ctx: CheckContext, api: ApiTarget, inv: RouteInventory, probe: RetryingProbe) -> None:
        self.ctx = ctx
        self.api = api
        self.inv = inv
        self.probe = probe
        self.evidence: list[Evidence] = []
        self.notes: list[str] = []
        self.tested = 0
        self.nonce = CanarySink.nonce("lr-ti")
        self.profile: ApiRoute | None = None
        self.cleanup: list[tuple[str, str, Party]] = []  # (method, path, as whom)
        self.parties: tuple[Party, ...] = ()
        self.others: list[Party] = []
        """Identities beyond the two tenants (an employee, an admin): read, never probed; what their own
        records hold (a role value) is a value the product itself gave out."""
        self.tried: set[str] = set()  # rights-granting fields an escalation was sent for
        self.untried: set[str] = set()  # … and those no value was known for
        self.unjudged: list[str] = []
        """Groups of probes a request without an answer ended (a reset connection), each naming the request."""

    def step(self, probes: Callable[..., None], *args: Any) -> None:
        """Runs one group of probes (the writes of one direction, the escalations…). A request in it that got
        no answer ends that group only: it is noted as not judged, and the other groups still run."""
        try:
            probes(*args)
        except TargetError as exc:
            self.unjudged.append(f"not judged: {exc.message}")

    def fail(self, message: str, location: str, fp: str, *exchanges: tuple[Exchange, str], focus: str = "") -> None:
        """One finding per route, kind and direction (a second leaking object adds nothing new)."""
        direction = "->".join(dict.fromkeys(who for _, who in exchanges[-2:]))  # one name when one identity
        fingerprint = f"api.tenant-isolation:{fp}:{direction}"
        if any(e.fingerprint == fingerprint for e in self.evidence):
            return
        detail = once("\n".join(show(ex, focus=focus) for ex, _ in exchanges))
        method, _, path = location.partition(" ")
        route = self.inv.find(method, path.split("?", 1)[0])
        if route is not None:  # which route of the inventory this is, and where it was found
            detail = f"route {route.key} ({route.why()})\n{detail}"
        self.evidence.append(Evidence(Status.FAIL, message, location, detail, fingerprint))

    def note(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)

    # -- who each identity is ------------------------------------------------------------------------
    def learn(self, party: Party) -> None:
        claims = party.identity.claims
        party.facts.learn({k: v for k, v in claims.items() if k in ("tenant_id", "org_id", "workspace_id")})
        for name in ("sub", "user_id", "uid"):
            if isinstance(claims.get(name), str | int) and not isinstance(claims.get(name), bool):
                party.facts.users.add(str(claims[name]))
        if party.login:
            party.facts.users.add(party.login)
        candidates = [self.profile] if self.profile else _profile_routes(self.inv)[:3]
        for route in candidates:
            if route is None:
                continue
            answer = self.probe.get(route.path, identity=party.identity)
            record = ob.subject(answer.json()) if answer.status == 200 else {}
            if record and not ob.records(answer.json()):
                self.profile = route
                party.facts.learn(record)
                return

    def reread(self, party: Party) -> tuple[Exchange | None, dict[str, Any]]:
        """The party's own profile, read again (``None`` when the inventory has no profile route)."""
        if self.profile is None:
            return None, {}
        answer = self.probe.get(self.profile.path, identity=party.identity)
        return answer, ob.subject(answer.json()) if answer.status == 200 else {}

    def login_works(self, username: str, password: str) -> tuple[Exchange, bool]:
        recipe = self.api.settings.login
        fields = {recipe.username_field: username, recipe.password_field: password}
        answer = self.probe.request(recipe.method, recipe.path, **({"data": fields} if recipe.form else
                                                                  {"json_body": fields}))
        token = resolve_pointer(answer.json(), recipe.token_pointer) if answer.status < 400 else None
        return answer, isinstance(token, str) and bool(token)

    def clean(self) -> None:
        for method, path, party in self.cleanup:
            try:
                done = self.probe.request(method, path, identity=party.identity)
            except TargetError:
                self.note(f"{method} {path} (cleanup) got no answer")
                continue
            if done.status >= 400 and done.status not in (404, 410):
                self.note(f"{method} {path} (cleanup) answered {done.status}: left in place")
