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
The writes and escalations live in ``engines/tenant_writes.py``, the plumbing they share with the reads
here in ``engines/tenant_session.py``.
"""

from __future__ import annotations

import os
import re
from typing import Any

from launchready.context import CheckContext
from launchready.engines import objects as ob
from launchready.engines.inventory import Parameter, RouteInventory, scan_inventory
from launchready.engines.live import fill
from launchready.engines.probing import RetryingProbe
from launchready.engines.tenant_session import IDENTITY_FIELDS, PATH_PARAM, Kind, Owned, Party
from launchready.engines.tenant_writes import TenantWrites
from launchready.errors import TargetError
from launchready.model import Check, CheckMeta, Effort, Outcome, Severity, Status, Surface
from launchready.targets.http import ApiTarget, BudgetExhausted, Exchange, split_route

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
UNDECIDED_HINT = ("set allow-destructive = true so the scan creates objects of its own, or point [api] openapi at "
                  "the API description so its object routes are known")


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
        names = PATH_PARAM.findall(item.path)
        if item.method != "GET" or len(names) != 1 or not item.path.endswith("}"):
            continue
        collection = item.path[: item.path.rindex("/")] or "/"
        if "{" in collection or collection == "/":
            continue
        param = next((p for p in item.path_params if p.name == names[0]), Parameter(names[0], "path", "", True))
        same_key = [r for r in routes if r.path.startswith(collection + "/") and PATH_PARAM.findall(r.path) == names]
        subs = sorted(r.path for r in same_key if r.method == "GET" and r.path != item.path)
        create = next((r for r in routes if r.method == "POST" and r.path == collection), None)
        is_upload = upload == ("POST", collection)
        writes = [r for r in same_key if r.method in ("PUT", "PATCH", "DELETE")]
        kinds.append(Kind(collection, item, param, subs, None if is_upload else create, is_upload, writes,
                          collection in gets))
    return kinds


class Run(TenantWrites):
    """The reads (both directions, listings, query swaps, workspace routes, mass assignment at creation)."""

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
            names = PATH_PARAM.findall(route.path)
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
        if 300 <= created.status < 400 or created.status >= 500:  # no answer from the route: nothing tested
            self.note(f"mass assignment not tested (POST {kind.collection} answered {created.status})")
            return
        self.tested += 1
        answer = ob.subject(created.json())
        stored = str(answer.get("tenant_id", ""))
        seen = self.probe.get(kind.collection, identity=peer.identity) if kind.listed else None
        # A listing that already shows the owner's other objects to the peer (a leak of its own, reported by
        # ``listings``) shows this one too, wherever it was stored: it proves nothing about the body's tenant_id.
        leaky = seen is not None and any(_carries(seen, o) for o in owner.objects if o.kind == kind.collection)
        if (200 <= created.status < 300 and stored == peer.tenant_id) or (
                seen is not None and seen.status == 200 and title in seen.text and not leaky):
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


def _typed(value: str) -> Any:
    return int(value) if value.isdigit() else value


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
            for tenant in tenants[2:]:  # an employee or admin identity: its record shows the product's role words
                try:
                    other = _party(api, tenant)
                    state.learn(other)
                    state.others.append(other)
                except TargetError as exc:
                    state.note(f"{tenant.name}'s own record not read ({exc.message})")
            state.list_all((a, b), kinds)
            for party, other in ((a, b), (b, a)):
                for kind in kinds:
                    state.collect(party, other, kind)
            state.distinguish(a, b)
            for owner, peer in ((a, b), (b, a)):
                state.step(state.replay, owner, peer, kinds)
            if kinds:
                state.step(state.mass_assignment, a, b, kinds)
            if destructive:
                for owner, peer in ((a, b), (b, a)):
                    state.step(state.writes, owner, peer, kinds)
                    state.step(state.body_ids, owner, peer)
                state.step(state.escalations, (a, b))
                state.step(state.registration, a)
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
    stopped = "; ".join([*state.unjudged[:3], *([stopped] if stopped else [])])
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
    if failing == 0 and state.unjudged:  # the server dropped what it was asked: isolation was not decided there
        lost = "; ".join(u.removeprefix("not judged: ") for u in state.unjudged[:3])
        return Outcome(Status.ERROR, f"could not complete the isolation probes: {lost} — no leak in the "
                       f"{state.tested} probes answered; the server dropped connections: rerun when it answers",
                       requests=sent)
    if failing == 0 and stopped:
        hint = ('raise [checks."api.tenant-isolation"] budget' if "budget" in stopped else
                "the server dropped connections: rerun when it answers" if state.unjudged else
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
