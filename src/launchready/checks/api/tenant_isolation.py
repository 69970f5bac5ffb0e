"""api.tenant-isolation: each tenant reaches only its own objects — by path, query and body — and no
identity raises its own rights through a field it should not be able to set.

Every route comes from the scan's route inventory (``engines/inventory.py``), never from a guess: an
object kind is a collection route with an item route under it (``GET /books/v1`` +
``GET /books/v1/{book_title}``), keyed by whatever the item route's parameter is (integers, UUIDs,
titles, usernames — ``engines/objects.py``). Objects are harvested from what each tenant already sees
(its listings, records whose owner field names it or that the other tenant's listing lacks), from
the objects the scan creates itself through a creation route (body built from the schema, a nonce in
every string), and, for kinds keyed by a user, the identity itself (its username from its profile).

For each object, in both directions: the owner reads it (must be 200, else skipped), the other tenant
replays the same concrete path, then nobody; a 2xx carrying the owner's data (its key, its nonce,
distinctive fields — never timestamps or request ids, which no two answers share) is the finding.
Listings, ``?tenant_id=``-style swaps and a ``tenant_id`` in a creation body are probed too.

With ``allow-destructive`` only: the other tenant updates and deletes the owner's objects (PUT/PATCH/
DELETE routes under the item route), sends the owner's username/id in the body of a self-update route
(``PUT /profile {"username": …}``), and each identity tries to raise its own rights through fields
named like roles and flags (from the schema and from its own profile), in the body and the query
string, on its self-update routes and at registration. A write counts only when it is proven: the
owner's re-read shows the change, or the owner's login works with the password the other tenant set.
What the scan changed is put back (passwords, profile fields, roles) and what it created is deleted.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from typing import Any

from launchready.context import CheckContext
from launchready.engines import objects as ob
from launchready.engines.inventory import ApiRoute, Parameter, RouteInventory, scan_inventory
from launchready.engines.live import fill
from launchready.engines.probing import RetryingProbe, show
from launchready.errors import TargetError
from launchready.model import Check, CheckMeta, Effort, Evidence, Outcome, Severity, Status, Surface
from launchready.targets.http import (
    ApiTarget,
    BudgetExhausted,
    Exchange,
    Identity,
    decode_claims,
    resolve_pointer,
    split_route,
)
from launchready.targets.sink import CanarySink

META = CheckMeta(
    id="api.tenant-isolation",
    title="Tenants cannot reach each other's data",
    surface=Surface.API,
    severity=Severity.CRITICAL,
    criteria=(
        "With tenant A's credentials, tenant B's conversations, messages, files, workspaces and settings can be "
        "neither read, listed, changed nor deleted (ID swap in path, query and body), in both directions; list "
        "endpoints never contain the other tenant's canary; a `tenant_id`/`owner_id` sent in a body is ignored "
        "(mass assignment)."
    ),
    why=(
        "Broken object-level authorization is the most common and most damaging API flaw: one customer reads "
        "another customer's chats and documents by changing a number in a URL."
    ),
    breaks=(
        "Any signed-up user downloads every other customer's conversations and files; a B2B buyer's security "
        "review ends on the first finding; it is a reportable data breach."
    ),
    fix=(
        "Read every object through one helper that filters by the tenant (and owner) taken from the session, "
        "answer 404 for objects outside it, ignore tenant/owner fields in bodies and query strings, and cover "
        "it with a two-tenant test."
    ),
    references=("OWASP API1:2023", "OWASP API3:2023", "CWE-639", "CWE-915", "OWASP ASVS 5.0 V8.2"),
    checklist=("Users only reach their own conversations and files",
               "Tenant isolation proven with two tenants in both directions",
               "Tenant id taken from the session, never from the request body"),
    effort=Effort.DAY,
)

SCOPE_PARAMS = {"tenant_id": "tenant", "workspace_id": "tenant", "org_id": "tenant", "organization_id": "tenant",
                "account_id": "tenant", "owner_id": "user", "user_id": "user"}
IDENTITY_FIELDS = ("username", "user_id", "userId", "email", "login", "user")
"""Body fields that name whose record a self-update route changes (``PUT /profile {"username": …}``)."""
_PROFILE_WORDS = re.compile(r"/(?:me|profile|account|whoami|self|userinfo|current|current_?user|user)/?$",
                            re.IGNORECASE)
_PARAM = re.compile(r"\{([^}/]+)\}")
UNDECIDED_HINT = ("set allow-destructive = true so the scan creates objects of its own, or point [api] openapi at "
                  "the API description so its object routes are known")


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


def _carries(ex: Exchange, obj: Owned) -> str:
    """The piece of the owner's object an answer carries ('' if none)."""
    if not 200 <= ex.status < 300:
        return ""
    text = ex.text
    # Canary-bearing markers first: the evidence should quote the leaked data, not just an id.
    for marker in sorted(obj.markers, key=lambda m: ("CANARY" not in m and "lr-" not in m, -len(m))):
        if marker in text:
            return marker[:80]
    answer = ex.json()
    for record in [ob.subject(answer), *ob.records(answer)]:
        if str(record.get(obj.key_field, "")) == obj.object_id and obj.object_id:
            return f"{obj.key_field} {obj.object_id}"
    return ""


def _kinds(inv: RouteInventory, upload: tuple[str, str] | None) -> list[Kind]:
    routes = list(inv.routes)
    gets = {r.path: r for r in routes if r.method == "GET"}
    kinds = []
    for item in routes:
        names = _PARAM.findall(item.path)
        if item.method != "GET" or len(names) != 1 or not item.path.endswith("}"):
            continue
        collection = item.path[: item.path.rindex("/")] or "/"
        if "{" in collection or collection == "/":
            continue
        param = next((p for p in item.path_params if p.name == names[0]), Parameter(names[0], "path", "", True))
        same_key = [r for r in routes if r.path.startswith(collection + "/") and _PARAM.findall(r.path) == names]
        subs = sorted(r.path for r in same_key if r.method == "GET" and r.path != item.path)
        create = next((r for r in routes if r.method == "POST" and r.path == collection), None)
        is_upload = upload == ("POST", collection)
        writes = [r for r in same_key if r.method in ("PUT", "PATCH", "DELETE")]
        kinds.append(Kind(collection, item, param, subs, None if is_upload else create, is_upload, writes,
                          collection in gets))
    return kinds


def _profile_routes(inv: RouteInventory) -> list[ApiRoute]:
    """GET routes without parameters that read like the caller's own record (``/me``, ``/profile``)."""
    return [r for r in inv.routes if r.method == "GET" and not r.path_params and r.role not in ("public", "admin")
            and _PROFILE_WORDS.search(r.path)]


class Run:
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
        self.tried: set[str] = set()  # rights-granting fields an escalation was sent for
        self.untried: set[str] = set()  # … and those no value was known for

    def fail(self, message: str, location: str, fp: str, *exchanges: tuple[Exchange, str], focus: str = "") -> None:
        """One finding per route, kind and direction (a second leaking object adds nothing new)."""
        direction = "->".join(dict.fromkeys(who for _, who in exchanges[-2:]))  # one name when one identity
        fingerprint = f"api.tenant-isolation:{fp}:{direction}"
        if any(e.fingerprint == fingerprint for e in self.evidence):
            return
        detail = "\n".join(show(ex, who=who, focus=focus) for ex, who in exchanges)
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

    # -- collecting the owner's objects ---------------------------------------------------------------
    def list_all(self, parties: tuple[Party, Party], kinds: list[Kind]) -> None:
        for kind in kinds:
            if not kind.listed:
                continue
            for party in parties:
                listing = self.probe.get(kind.collection, identity=party.identity)
                party.listings[kind.collection] = ob.records(listing.json()) if listing.status == 200 else []

    def collect(self, party: Party, peer: Party, kind: Kind) -> None:
        theirs = {ob.key_of(r, kind.param) for r in peer.listings.get(kind.collection, [])}
        for record in party.listings.get(kind.collection, []):
            keyed = ob.key_of(record, kind.param)
            if keyed is None:
                continue
            mine = ob.owned_by(record, party.facts)
            if mine is False or (mine is None and keyed in theirs):
                continue  # someone else's, or a listing every identity sees alike: not proven to be its own
            party.objects.append(Owned(kind.collection, fill(kind.item.path, keyed[1], count=1), keyed[1],
                                       ob.markers(record, keyed[1]), key_field=keyed[0], record=record))
            break
        if kind.param.name in IDENTITY_FIELDS:
            own = party.facts.value(kind.param.name) or (party.login if kind.param.name == "username" else "")
            listed = next((o for o in party.objects if o.kind == kind.collection and o.object_id == own), None)
            if listed is not None:
                listed.itself = True
            elif own and ob.fits(own, kind.param):
                party.objects.append(Owned(kind.collection, fill(kind.item.path, own, count=1), own, set(),
                                           key_field=kind.param.name, itself=True))
        self.create(party, kind)

    def create(self, party: Party, kind: Kind) -> None:
        nonce = f"{self.nonce}-{party.name}"
        created: Exchange | None = None
        sent: dict[str, Any] = {}
        if kind.create is not None and kind.create.body_media in ("application/json", ""):
            sent = ob.body_for(kind.create, nonce) if kind.create.body_params else {"title": nonce}
            created = self.probe.post(kind.collection, identity=party.identity, json_body=sent)
        elif kind.upload:
            created = self.probe.post(kind.collection, identity=party.identity, files={
                str(self.ctx.options["upload-field"]): (f"{nonce}.txt", f"launchready probe {nonce}\n".encode(),
                                                        "text/plain")})
        if created is None or not 200 <= created.status < 300:
            return
        answer = ob.subject(created.json())
        keyed = ob.key_of(answer, kind.param) or ob.key_of(sent, kind.param)
        if keyed is None:
            self.note(f"POST {kind.collection}: the created object's {kind.param.name} is not in the answer")
            return
        party.objects.append(Owned(kind.collection, fill(kind.item.path, keyed[1], count=1), keyed[1],
                                   {nonce, *ob.markers(answer)} - {""}, created=True, key_field=keyed[0]))
        if any(w.method == "DELETE" and w.path == kind.item.path for w in kind.writes):
            self.cleanup.append(("DELETE", fill(kind.item.path, keyed[1], count=1), party))

    def distinguish(self, a: Party, b: Party) -> None:
        """Drop the values both tenants' objects carry (a default title, a shared address): they prove nothing."""
        shared = set().union(*(o.markers for o in a.objects)) & set().union(*(o.markers for o in b.objects))
        for obj in (*a.objects, *b.objects):
            obj.markers -= shared

    # -- reading across tenants -----------------------------------------------------------------------
    def replay(self, owner: Party, peer: Party, kinds: list[Kind]) -> None:
        by_collection = {k.collection: k for k in kinds}
        peers_own: set[str] = set().union(*(o.markers for o in peer.objects), *(
            ob.markers(rows) for rows in peer.listings.values()))
        for obj in owner.objects:
            obj.markers -= peers_own  # a value the other tenant's own objects carry proves nothing
        for obj in owner.objects:
            kind = by_collection[obj.kind]
            if kind.item.role == "public":
                self.note(f"GET {kind.item.path} is declared public: reading it proves nothing")
                continue
            for template in [kind.item.path, *kind.subroutes]:
                path = fill(template, obj.object_id, count=1)
                mine = self.probe.get(path, identity=owner.identity)
                if mine.status != 200:
                    self.note(f"{path}: owner's read answered {mine.status}, skipped")
                    continue
                obj.markers |= ob.markers(mine.json(), obj.object_id) - peers_own
                obj.readable = obj.readable or template == kind.item.path
                self.tested += 1
                theirs = self.probe.get(path, identity=peer.identity)
                if carried := _carries(theirs, obj):
                    self.fail(f"{peer.name} read {owner.name}'s object ({carried}) by its {kind.param.name}",
                              f"GET {template}", f"GET {template}:peer-read",
                              (mine, owner.name), (theirs, peer.name), focus=carried)
                anon = self.probe.get(path)
                if carried := _carries(anon, obj):
                    self.fail(f"no token needed to read {owner.name}'s object ({carried})",
                              f"GET {template}", f"GET {template}:anonymous-read", (mine, owner.name),
                              (anon, "anonymous"), focus=carried)
        self.query_ids(owner, peer, kinds)
        self.listings(owner, peer, kinds)

    def query_ids(self, owner: Party, peer: Party, kinds: list[Kind]) -> None:
        """GET routes that take an object's key in the query string (``/documents/view?doc_id=…``)."""
        by_name = {k.param.name: k for k in kinds}
        for route in self.inv.select(method="GET", with_path_params=False):
            if route.role == "public":
                continue
            for param in route.query_params:
                kind = by_name.get(param.name)
                for obj in [o for o in owner.objects if kind is not None and o.kind == kind.collection][:1]:
                    mine = self.probe.get(route.path, identity=owner.identity, params={param.name: obj.object_id})
                    if mine.status != 200:
                        continue
                    self.tested += 1
                    theirs = self.probe.get(route.path, identity=peer.identity, params={param.name: obj.object_id})
                    if carried := _carries(theirs, obj):
                        self.fail(f"{peer.name} read {owner.name}'s object ({carried}) by setting ?{param.name}=",
                                  f"GET {route.path}?{param.name}=", f"GET {route.path}:query-id-{param.name}",
                                  (mine, owner.name), (theirs, peer.name), focus=carried)

    def listings(self, owner: Party, peer: Party, kinds: list[Kind]) -> None:
        for kind in kinds:
            objects = [o for o in owner.objects if o.kind == kind.collection and not o.itself]
            route = self.inv.find("GET", kind.collection)
            if not objects or route is None or route.role == "public":
                continue
            listing = self.probe.get(kind.collection, identity=peer.identity)
            shared = any(ob.owned_by(r, peer.facts) is False for r in ob.records(listing.json()))
            if shared:  # it names other users' records as theirs: a directory by design, judged by its items
                self.note(f"GET {kind.collection} lists other users' records with their owner: not judged as a leak")
            for obj in [] if shared else objects:
                if carried := _carries(listing, obj):
                    self.fail(f"{peer.name}'s own listing contains {owner.name}'s object ({carried})",
                              f"GET {kind.collection}", f"GET {kind.collection}:peer-listing", (listing, peer.name),
                              focus=carried)
                    break
            for param in route.query_params:
                scope = SCOPE_PARAMS.get(param.name)
                value = owner.tenant_id if scope == "tenant" else owner.user_id if scope == "user" else ""
                if not value:
                    continue
                swapped = self.probe.get(kind.collection, identity=peer.identity, params={param.name: value})
                for obj in objects:
                    if carried := _carries(swapped, obj):
                        self.fail(f"{peer.name} listed {owner.name}'s objects by setting ?{param.name}={value} "
                                  f"({carried})", f"GET {kind.collection}?{param.name}=",
                                  f"GET {kind.collection}:query-{param.name}", (swapped, peer.name), focus=carried)
                        break
        self.scoped_routes(owner, peer)

    def scoped_routes(self, owner: Party, peer: Party) -> None:
        """Routes keyed by the tenant itself (``/workspaces/{workspace_id}/settings``)."""
        for route in self.inv.routes:
            names = _PARAM.findall(route.path)
            if (route.method != "GET" or len(names) != 1 or SCOPE_PARAMS.get(names[0]) != "tenant"
                    or not owner.tenant_id or route.role == "public"):
                continue
            path = fill(route.path, owner.tenant_id, count=1)
            mine = self.probe.get(path, identity=owner.identity)
            if mine.status != 200:
                continue
            self.tested += 1
            obj = Owned(route.path, path, owner.tenant_id, ob.markers(mine.json(), owner.tenant_id))
            # String values only: key names ("workspace_id", "settings") are in every tenant's answer.
            obj.markers |= {m.strip('"') for m in re.findall(r'"[^"]{8,}"(?!\s*:)', mine.text)
                            if not re.match(r"^\d{4}-\d{2}-\d{2}", m.strip('"')) and not m.startswith('"req-')}
            theirs = self.probe.get(path, identity=peer.identity)
            if 200 <= theirs.status < 300 and (theirs.text == mine.text or _carries(theirs, obj)):
                self.fail(f"{peer.name} read {owner.name}'s workspace data at {path}", f"GET {route.path}",
                          f"GET {route.path}:peer-read", (mine, owner.name), (theirs, peer.name))

    def mass_assignment(self, owner: Party, peer: Party, kinds: list[Kind]) -> None:
        kind = next((k for k in kinds if k.create is not None and k.create.body_media in ("application/json", "")),
                    None)
        if kind is None or kind.create is None or not peer.tenant_id:
            self.note("mass assignment not tested (no JSON creation route or unknown tenant ids)")
            return
        title = f"lr-mass-{self.nonce}"
        base = ob.body_for(kind.create, title) if kind.create.body_params else {"title": title}
        body = {**base, "tenant_id": _typed(peer.tenant_id), "workspace_id": _typed(peer.tenant_id),
                "owner_id": _typed(peer.user_id), "user_id": _typed(peer.user_id), "role": "admin", "is_admin": True}
        created = self.probe.post(kind.collection, identity=owner.identity, json_body=body)
        self.tested += 1
        answer = ob.subject(created.json())
        stored = str(answer.get("tenant_id", ""))
        seen = self.probe.get(kind.collection, identity=peer.identity) if kind.listed else None
        if (200 <= created.status < 300 and stored == peer.tenant_id) or (
                seen is not None and seen.status == 200 and title in seen.text):
            self.fail(f"tenant_id taken from the request body: {owner.name} created an object in {peer.name}'s "
                      "tenant", f"POST {kind.collection}", f"POST {kind.collection}:mass-assignment",
                      (created, owner.name), *([(seen, peer.name)] if seen is not None else []))
        keyed = ob.key_of(answer, kind.param)
        if keyed is not None and 200 <= created.status < 300:
            path = fill(kind.item.path, keyed[1], count=1)
            if self.ctx.config.allow_destructive:
                owner.objects.append(Owned(kind.collection, path, keyed[1], {title}, created=True,
                                           key_field=keyed[0]))
            if any(w.method == "DELETE" and w.path == kind.item.path for w in kind.writes):
                self.cleanup.append(("DELETE", path, owner))

    # -- writing across tenants (allow-destructive) --------------------------------------------------
    def writes(self, owner: Party, peer: Party, kinds: list[Kind]) -> None:
        by_collection = {k.collection: k for k in kinds}
        for obj in [o for o in owner.objects if o.created or o.itself]:
            kind = by_collection[obj.kind]
            for route in sorted(kind.writes, key=lambda r: r.method == "DELETE"):
                path = fill(route.path, obj.object_id, count=1)
                if route.method == "DELETE":
                    if obj.created and obj.readable and route.path == kind.item.path:
                        self.delete(owner, peer, obj, kind, route, path)
                    continue
                self.update(owner, peer, obj, kind, route, path)

    def delete(self, owner: Party, peer: Party, obj: Owned, kind: Kind, route: ApiRoute, path: str) -> None:
        attempt = self.probe.request("DELETE", path, identity=peer.identity)
        check = self.probe.get(obj.item_path, identity=owner.identity)
        self.tested += 1
        if check.status in (404, 410):
            self.fail(f"{peer.name} deleted {owner.name}'s object", f"DELETE {route.path}",
                      f"DELETE {route.path}:peer-delete", (attempt, peer.name), (check, owner.name))

    def update(self, owner: Party, peer: Party, obj: Owned, kind: Kind, route: ApiRoute, path: str) -> None:
        marker = f"lr-probe-{self.nonce}-{peer.name}"
        body = ob.body_for(route, marker, optional=True)
        body = {k: v for k, v in body.items() if k not in {p.name for p in route.path_params} and k != kind.param.name}
        if not body:
            field_name = next((k for k, v in (obj.record or {"title": ""}).items()
                               if isinstance(v, str) and k != obj.key_field and not ob.is_flag(k)), "title")
            body = {field_name: marker}
        secret = next((k for k in body if ob.is_password(k)), "")
        attempt = self.probe.request(route.method, path, identity=peer.identity, json_body=body)
        self.tested += 1
        if secret:
            self.password_write(owner, peer, route, path, attempt, str(body[secret]), secret)
            return
        if not any(marker in str(v) for v in body.values()):
            self.note(f"{route.method} {route.path}: no field to carry a marker, the write could not be judged")
            return
        check = self.probe.get(obj.item_path, identity=owner.identity)
        landed = check.status == 200 and marker in check.text  # the marker is this scan's: never there before
        if landed:
            self.fail(f"{peer.name} changed {owner.name}'s object: the change landed", f"{route.method} {route.path}",
                      f"{route.method} {route.path}:peer-write", (attempt, peer.name), (check, owner.name))
        if obj.itself:
            self.restore_fields(owner, route, path, body, landed)
            self.restore_fields(peer, route, fill(route.path, peer.facts.value(kind.param.name) or peer.login,
                                                  count=1), body, True)

    def restore_fields(self, party: Party, route: ApiRoute, path: str, body: dict[str, Any], changed: bool) -> None:
        """Put back the profile fields a write may have changed on ``party`` (its own values, as first read)."""
        if not changed:
            return
        _, now = self.reread(party)
        touched = {k: party.facts.fields.get(k) for k in body if now and now.get(k) == body[k]}
        original = {k: v for k, v in touched.items() if v is not None}
        if original:
            self.probe.request(route.method, path, identity=party.identity, json_body=original)
        elif touched or not now:
            self.note(f"{route.method} {route.path}: {party.name}'s fields could not be checked or put back")

    def login_works(self, username: str, password: str) -> tuple[Exchange, bool]:
        recipe = self.api.settings.login
        fields = {recipe.username_field: username, recipe.password_field: password}
        answer = self.probe.request(recipe.method, recipe.path, **({"data": fields} if recipe.form else
                                                                  {"json_body": fields}))
        token = resolve_pointer(answer.json(), recipe.token_pointer) if answer.status < 400 else None
        return answer, isinstance(token, str) and bool(token)

    def password_write(self, owner: Party, peer: Party, route: ApiRoute, path: str, attempt: Exchange,
                       new: str, secret: str) -> None:
        """A password set by the other tenant is proven by the owner's login with it; then each identity whose
        password it became sets its own back."""
        for party in (owner, peer):
            if not party.login or not party.password:
                self.note(f"{route.method} {route.path}: no login to verify a password write with")
                return
            check, works = self.login_works(party.login, new)
            if not works:
                continue
            if party is owner:
                self.fail(f"{peer.name} set a new password on {owner.name}'s account, and {owner.name} logs in with it",
                          f"{route.method} {route.path}", f"{route.method} {route.path}:peer-write",
                          (attempt, peer.name), (check, owner.name))
            own_path = path if party is owner else _repath(route.path, path, party)
            back = self.probe.request(route.method, own_path, identity=party.identity,
                                      json_body={secret: party.password})
            _, restored = self.login_works(party.login, party.password)
            if not restored:
                self.note(f"{party.name}'s password could not be put back ({back.summary()})")

    def body_ids(self, owner: Party, peer: Party) -> None:
        """Self-update routes that take the record's owner in the body: ``PUT /profile {"username": …}``."""
        for route in self.inv.routes:
            if route.method not in ("PUT", "PATCH", "POST") or route.path_params or route.role == "public":
                continue
            id_field = next((p for p in route.body_params if p.name in IDENTITY_FIELDS), None)
            text_fields = [p for p in route.body_params if p.type in ("string", "") and not ob.is_flag(p.name)
                           and not ob.is_secret(p.name) and p.name not in IDENTITY_FIELDS and "phone" not in p.name
                           and "mail" not in p.name]
            if id_field is None or not text_fields or self.profile is None:
                continue
            target = owner.facts.value(id_field.name) or (owner.login if id_field.name == "username" else "")
            if not target:
                continue
            marker = f"lr-body-{self.nonce[-10:]}"
            changed = text_fields[0].name
            body = {**ob.body_for(route, marker, optional=False), id_field.name: target, changed: marker}
            body = {k: v for k, v in body.items() if not ob.is_flag(k)}
            attempt = self.probe.request(route.method, route.path, identity=peer.identity, json_body=body)
            self.tested += 1
            check, now = self.reread(owner)
            if check is not None and now.get(changed) == marker:
                self.fail(f"{peer.name} changed {owner.name}'s {changed} by naming {owner.name} in the body "
                          f"({id_field.name})", f"{route.method} {route.path}",
                          f"{route.method} {route.path}:body-{id_field.name}", (attempt, peer.name),
                          (check, owner.name), focus=marker)
                original = owner.facts.fields.get(changed)
                if original:
                    self.probe.request(route.method, route.path, identity=owner.identity,
                                       json_body={**body, id_field.name: target, changed: original})
            _, mine = self.reread(peer)
            if mine.get(changed) == marker and peer.facts.fields.get(changed):
                self.probe.request(route.method, route.path, identity=peer.identity,
                                   json_body={**body, id_field.name: peer.facts.value(id_field.name) or peer.login,
                                              changed: peer.facts.fields[changed]})

    # -- raising one's own rights (allow-destructive) ------------------------------------------------
    def escalations(self, parties: tuple[Party, ...]) -> None:
        for party in parties:
            self.escalation(party)
        for name in sorted(self.untried - self.tried):
            self.note(f"{name} escalation not tried: no other {name} value is known (role words are never "
                      f'guessed); set [checks."api.tenant-isolation"] role-values')

    def escalation(self, party: Party) -> None:
        """Fields named like roles and flags, set on oneself in the body and in the query string, read back."""
        if self.profile is None:
            self.note("privilege escalation not tested (no profile route to read a role back from)")
            return
        flags = {k: v for k, v in party.facts.fields.items() if ob.is_flag(k) and not ob.is_scope(k)}
        for route in self.inv.routes:
            if route.method not in ("PUT", "PATCH") or route.role == "public":
                continue
            if route.path_params and not all(party.facts.value(p.name) for p in route.path_params):
                continue
            declared = {p.name: p for p in route.body_params if ob.is_flag(p.name) and not ob.is_scope(p.name)}
            self_update = bool(route.body_params) and not route.path_params and (
                declared or any(p.name in party.facts.fields for p in route.body_params))
            if not self_update and not declared:
                continue
            path = route.path
            for p in route.path_params:
                path = path.replace("{" + p.name + "}", party.facts.value(p.name))
            base = {p.name: party.facts.value(p.name) or (party.login if p.name == "username" else "")
                    for p in route.body_params if p.name in IDENTITY_FIELDS}
            base = {k: v for k, v in base.items() if v}
            for name in sorted(set(declared) | set(flags)):
                if name not in party.facts.fields:
                    continue  # nothing to read the change back from
                current = party.facts.fields[name]
                values = ob.raised_values(name, current, declared.get(name), self.known_values(name))
                (self.tried if values else self.untried).add(name)
                for value in values:
                    if self.escalate(party, route, path, base, name, current, value):
                        break

    def known_values(self, name: str) -> list[str]:
        """Values of a role-like field this scan may send: declared by the user, or seen in an answer."""
        declared = [str(v) for v in self.ctx.options.get("role-values", ())]
        seen = [str(p.facts.fields[name]) for p in self.parties if isinstance(p.facts.fields.get(name), str)]
        listed = [str(r[name]) for p in self.parties for rows in p.listings.values() for r in rows
                  if isinstance(r.get(name), str)]
        return list(dict.fromkeys([*declared, *seen, *listed]))

    def escalate(self, party: Party, route: ApiRoute, path: str, base: dict[str, Any], name: str, current: Any,
                 value: Any) -> bool:
        for where in ("body", "query"):
            kw: dict[str, Any] = {"json_body": {**base, name: value}} if where == "body" else \
                {"json_body": base or {}, "params": {name: _query_value(value)}}
            attempt = self.probe.request(route.method, path, identity=party.identity, **kw)
            self.tested += 1
            check, now = self.reread(party)
            if check is None or now.get(name) != value:
                continue
            shown = "?" + name + "=" + _query_value(value) if where == "query" else f'"{name}": {value!r}'
            self.fail(f"{party.name} raised its own {name} from {current!r} to {value!r} ({shown} in the {where})",
                      f"{route.method} {route.path}", f"{route.method} {route.path}:escalation-{where}-{name}",
                      (attempt, party.name), (check, party.name), focus=name)
            back = self.probe.request(route.method, path, identity=party.identity, **(
                {"json_body": {**base, name: current}} if where == "body" else
                {"json_body": base or {}, "params": {name: _query_value(current)}}))
            _, after = self.reread(party)
            if after.get(name) != current:
                self.note(f"{party.name}'s {name} could not be put back to {current!r} ({back.summary()})")
            return True
        return False

    def registration(self, party: Party) -> None:
        """A public sign-up route that takes the login fields: a fresh account asks for rights in its body,
        then another in its query string; each logs in and reads its own profile back."""
        recipe = self.api.settings.login
        flags = {k: v for k, v in party.facts.fields.items() if ob.is_flag(k) and not ob.is_scope(k)}
        for route in self.inv.select(method="POST"):
            names = {p.name for p in route.body_params}
            if (route.role not in ("public", "") or route.needs_auth or route.path == recipe.path
                    or recipe.username_field not in names
                    or recipe.password_field not in names or not flags or self.profile is None):
                continue
            name, current = sorted(flags.items())[0]
            raised = ob.raised_values(name, current, known=self.known_values(name))
            for where in ("body", "query") if raised else ():
                if self.sign_up(route, name, raised[0], where):
                    break
            return

    def sign_up(self, route: ApiRoute, name: str, value: Any, where: str) -> bool:
        recipe = self.api.settings.login
        login = f"lr{self.nonce[-8:]}{where[0]}".replace("-", "")
        if "mail" in recipe.username_field.lower():
            login = f"{login}@example.test"
        password = f"Lr-{self.nonce[-12:]}-Pw1!"
        body = {**ob.body_for(route, login), recipe.username_field: login,
                recipe.password_field: password}
        signup = self.probe.post(route.path, **({"json_body": {**body, name: value}} if where == "body" else
                                                {"json_body": body, "params": {name: _query_value(value)}}))
        self.tested += 1
        if not 200 <= signup.status < 300:
            self.note(f"POST {route.path}: sign-up with {name} in the {where} answered {signup.status}")
            return True
        answer, works = self.login_works(login, password)
        token = resolve_pointer(answer.json(), recipe.token_pointer) if works else None
        if not isinstance(token, str):
            self.note(f"POST {route.path}: the fresh account could not log in")
            return True
        header = f"{recipe.scheme} {token}".strip() if recipe.scheme else token
        fresh = Party("fresh account", Identity("fresh account", {recipe.header: header}, token,
                                                decode_claims(token)), login, password)
        check, now = self.reread(fresh)
        raised = check is not None and now.get(name) == value
        if raised and check is not None:
            shown = f"?{name}={_query_value(value)}" if where == "query" else f"{name} = {value!r}"
            self.fail(f"sign-up took {shown} from the request {where}: a fresh account holds it",
                      f"POST {route.path}", f"POST {route.path}:mass-assignment-{where}-{name}",
                      (signup, "fresh account"), (check, "fresh account"), focus=name)
        gone = next((r for r in self.inv.routes if r.method == "DELETE" and len(r.path_params) == 1
                     and r.path_params[0].name in ("username", recipe.username_field)), None)
        if gone is not None:
            self.cleanup.append(("DELETE", fill(gone.path, login), fresh))
        else:
            self.note(f"the fresh account {login} was left (no DELETE route keyed by username)")
        return raised

    def clean(self) -> None:
        for method, path, party in self.cleanup:
            try:
                done = self.probe.request(method, path, identity=party.identity)
            except TargetError:
                self.note(f"{method} {path} (cleanup) got no answer")
                continue
            if done.status >= 400 and done.status not in (404, 410):
                self.note(f"{method} {path} (cleanup) answered {done.status}: left in place")


def _repath(template: str, path: str, party: Party) -> str:
    names = _PARAM.findall(template)
    if len(names) != 1:
        return path
    return fill(template, party.facts.value(names[0]) or party.login, count=1)


def _typed(value: str) -> Any:
    return int(value) if value.isdigit() else value


def _query_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ",".join(str(v) for v in value)
    return str(value)


def _party(api: ApiTarget, tenant: Any) -> Party:
    identity = api.identity(tenant)
    login = os.environ.get(tenant.username_env or "", "") if tenant.username_env else ""
    password = os.environ.get(tenant.password_env or "", "") if tenant.password_env else ""
    return Party(tenant.name, identity, login, password)


def run(ctx: CheckContext) -> Outcome:
    api: ApiTarget = ctx.target(Surface.API)
    tenants = ctx.config.api.tenants
    if len(tenants) < 2:
        return Outcome(Status.SKIP, "two test tenants are needed ([[api.tenants]] × 2)")
    inv = scan_inventory(ctx)
    kinds = _kinds(inv, split_route(ctx.config.api.upload))
    if not kinds and not any(r.method in ("PUT", "PATCH") for r in inv.routes):
        return Outcome(Status.SKIP, "no object collections (GET /things + GET /things/{id}) and no update routes "
                                    "in the route inventory")
    destructive = ctx.config.allow_destructive
    stopped = ""
    parties: tuple[Party, ...] = ()
    with api.probe(budget=int(ctx.options["budget"]), deadline=ctx.deadline) as probe:
        state = Run(ctx, api, inv, RetryingProbe(probe))
        try:
            a, b = parties = state.parties = (_party(api, tenants[0]), _party(api, tenants[1]))
            for party in (a, b):
                state.learn(party)
            state.list_all((a, b), kinds)
            for party, other in ((a, b), (b, a)):
                for kind in kinds:
                    state.collect(party, other, kind)
            state.distinguish(a, b)
            for owner, peer in ((a, b), (b, a)):
                state.replay(owner, peer, kinds)
            if kinds:
                state.mass_assignment(a, b, kinds)
            if destructive:
                for owner, peer in ((a, b), (b, a)):
                    state.writes(owner, peer, kinds)
                    state.body_ids(owner, peer)
                state.escalations((a, b))
                state.registration(a)
            else:
                state.note("writes not tested (--allow-destructive off)")
            state.clean()
        except BudgetExhausted as exc:
            stopped = f"stopped early: {exc}"
        except TargetError as exc:
            if not state.evidence:
                return Outcome(Status.ERROR, f"could not complete the isolation probes: {exc.message}",
                               requests=probe.count)
            stopped = f"stopped early: {exc.message}"
        sent = probe.count
    notes = "; ".join([*state.notes[:6], *([stopped] if stopped else [])])
    suffix = f" ({notes})" if notes else ""
    failing = sum(e.status is Status.FAIL for e in state.evidence)
    owned = sum(len(p.objects) for p in parties)
    if failing == 0 and state.tested == 0:
        if owned:
            return Outcome(Status.ERROR, "no object could be read by its owner, so isolation could not be tested"
                           + suffix, requests=sent)
        return Outcome(Status.WARN, "undetermined: no object of either tenant was found (no listing showed one as "
                       f"its own, nothing could be created); {UNDECIDED_HINT}{suffix}", requests=sent)
    if failing == 0 and stopped:
        hint = ('raise [checks."api.tenant-isolation"] budget' if "budget" in stopped else
                "raise check-timeout")
        return Outcome(Status.WARN, f"undetermined: no leak in {state.tested} probes, but the run was incomplete; "
                       f"{hint}" + suffix, requests=sent)
    outcome = Outcome.from_evidence(
        state.evidence,
        passed=f"{state.tested} objects/routes probed in both directions (peer, anonymous, listings, query swap, "
               f"mass assignment{', writes, privilege escalation' if destructive else ''}): no cross-tenant access"
               + suffix,
        failed=f"{failing} cross-tenant access paths found" + suffix,
        requests=sent)
    return Outcome(outcome.status, outcome.summary, outcome.evidence, sent, {"probed": state.tested})


CHECK = Check(META, run, options={"budget": 400, "upload-field": "file", "role-values": []})
