"""api.tenant-isolation: each tenant reaches only its own objects — by path, query, body and listing.

Objects come from each tenant's own listings (GET collection routes that have a ``/{id}`` item route
in the OpenAPI inventory) plus one object per collection the scan creates itself with a nonce
(POST on the collection, or the declared upload route): creating is the tester's own data. For each
object, in both directions: the owner reads it (must be 200, else the object is skipped), then the
other tenant replays the same concrete path, then nobody (no token); a 2xx that carries the owner's
data (its id, its nonce or distinctive fields) is the finding. The other tenant's listing, and the
listing with ``?tenant_id=``/``?owner_id=``… set to the owner's values, must not contain it. A
``tenant_id``/``owner_id``… sent in a creation body must be ignored (mass assignment). Writes
(PATCH a title, DELETE) on the other tenant's objects run only with ``allow-destructive``, and
only on objects this scan created; a change counts only if the owner's re-read shows it landed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from launchready.context import CheckContext
from launchready.engines.live import fill, items_of
from launchready.engines.probing import RetryingProbe, show
from launchready.errors import TargetError
from launchready.model import Check, CheckMeta, Effort, Evidence, Outcome, Severity, Status, Surface
from launchready.targets.http import ApiTarget, BudgetExhausted, Exchange, Identity, split_route
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

MARKER_KEYS = ("title", "name", "filename", "content", "text", "body", "message", "subject")
SCOPE_PARAMS = {"tenant_id": "tenant", "workspace_id": "tenant", "org_id": "tenant", "organization_id": "tenant",
                "account_id": "tenant", "owner_id": "user", "user_id": "user"}
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


@dataclass
class Owned:
    kind: str  # the collection path, e.g. /conversations
    item_path: str  # the concrete path, e.g. /conversations/17
    object_id: str
    markers: set[str] = field(default_factory=set)
    created: bool = False


@dataclass
class Kind:
    collection: str
    item: str  # /conversations/{conversation_id}
    subroutes: list[str]  # /conversations/{conversation_id}/messages
    creatable: bool
    upload: bool


@dataclass
class Party:
    name: str
    identity: Identity
    tenant_id: str = ""
    user_id: str = ""
    objects: list[Owned] = field(default_factory=list)


def _markers(answer: Any, object_id: str) -> set[str]:
    found: set[str] = set()
    if len(object_id) >= 8:
        found.add(object_id)
    nodes = [answer] + (answer.get("messages", []) if isinstance(answer, dict) else []) + \
        (answer if isinstance(answer, list) else [])
    for node in nodes:
        if not isinstance(node, dict):
            continue
        for key in MARKER_KEYS:
            value = node.get(key)
            if isinstance(value, str) and len(value) >= 8 and not DATE.match(value):
                found.add(value[:120])
    return found


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
    if isinstance(answer, dict) and str(answer.get("id", "")) == obj.object_id:
        return f"id {obj.object_id}"
    for item in items_of(answer):
        if str(item.get("id", "")) == obj.object_id:
            return f"id {obj.object_id}"
    return ""


def _kinds(api: ApiTarget, upload: tuple[str, str] | None) -> list[Kind]:
    gets = {op.path for op in api.operations if op.method == "GET"}
    posts = {op.path for op in api.operations if op.method == "POST"}
    kinds = []
    for path in sorted(gets):
        if "{" in path:
            continue
        items = [p for p in gets if re.fullmatch(re.escape(path.rstrip("/")) + r"/\{[^}/]+\}", p)]
        if len(items) != 1:
            continue
        item = items[0]
        subs = sorted(p for p in gets if p.startswith(item + "/") and p.count("{") == 1)
        is_upload = upload == ("POST", path)
        kinds.append(Kind(path, item, subs, path in posts and not is_upload, is_upload))
    return kinds


def _profile(probe: RetryingProbe, api: ApiTarget, party: Party) -> None:
    claims = party.identity.claims
    party.tenant_id = str(claims.get("tenant_id", claims.get("org_id", "")) or "")
    party.user_id = str(claims.get("sub", "") or "")
    if any(op.method == "GET" and op.path == "/me" for op in api.operations):
        me = probe.get("/me", identity=party.identity).json()
        if isinstance(me, dict):
            party.tenant_id = str(me.get("tenant_id") or me.get("workspace_id") or party.tenant_id)
            party.user_id = str(me.get("id") or me.get("user_id") or party.user_id)


class Run:
    def __init__(self, ctx: CheckContext, api: ApiTarget, probe: RetryingProbe) -> None:
        self.ctx = ctx
        self.api = api
        self.probe = probe
        self.evidence: list[Evidence] = []
        self.notes: list[str] = []
        self.tested = 0
        self.nonce = CanarySink.nonce("lr-ti")

    def fail(self, message: str, location: str, fp: str, *exchanges: tuple[Exchange, str], focus: str = "") -> None:
        """One finding per route, kind and direction (a second leaking object adds nothing new)."""
        direction = "->".join(who for _, who in exchanges[-2:]) if len(exchanges) > 1 else exchanges[0][1]
        fingerprint = f"api.tenant-isolation:{fp}:{direction}"
        if any(e.fingerprint == fingerprint for e in self.evidence):
            return
        detail = "\n".join(show(ex, focus=focus) for ex, who in exchanges)
        self.evidence.append(Evidence(Status.FAIL, message, location, detail, fingerprint))

    # -- collecting the owner's objects ---------------------------------------------------------
    def collect(self, party: Party, kind: Kind) -> None:
        listing = self.probe.get(kind.collection, identity=party.identity)
        first = next((i for i in items_of(listing.json()) if "id" in i), None) if listing.status == 200 else None
        if first is not None:
            oid = str(first["id"])
            party.objects.append(Owned(kind.collection, fill(kind.item, oid, count=1), oid, _markers(first, oid)))
        nonce = f"{self.nonce}-{party.name}"
        created: Exchange | None = None
        if kind.creatable:
            created = self.probe.post(kind.collection, identity=party.identity, json_body={"title": nonce})
        elif kind.upload:
            created = self.probe.post(kind.collection, identity=party.identity, files={
                str(self.ctx.options["upload-field"]): (f"{nonce}.txt", f"launchready probe {nonce}\n".encode(),
                                                        "text/plain")})
        if created is not None and 200 <= created.status < 300:
            answer = created.json()
            if isinstance(answer, dict) and "id" in answer:
                oid = str(answer["id"])
                party.objects.append(Owned(kind.collection, fill(kind.item, oid, count=1), oid, {nonce}, created=True))

    # -- one direction --------------------------------------------------------------------------
    def replay(self, owner: Party, peer: Party, kinds: list[Kind]) -> None:
        by_collection = {k.collection: k for k in kinds}
        for obj in owner.objects:
            kind = by_collection[obj.kind]
            for template in [kind.item, *kind.subroutes]:
                path = fill(template, obj.object_id, count=1)
                mine = self.probe.get(path, identity=owner.identity)
                if mine.status != 200:
                    self.notes.append(f"{path}: owner's read answered {mine.status}, skipped")
                    continue
                obj.markers |= _markers(mine.json(), obj.object_id)
                self.tested += 1
                theirs = self.probe.get(path, identity=peer.identity)
                if carried := _carries(theirs, obj):
                    self.fail(f"{peer.name} read {owner.name}'s object ({carried}) by its id",
                              f"GET {template}", f"GET {template}:peer-read",
                              (mine, owner.name), (theirs, peer.name), focus=carried)
                anon = self.probe.get(path)
                if carried := _carries(anon, obj):
                    self.fail(f"no token needed to read {owner.name}'s object ({carried})",
                              f"GET {template}", f"GET {template}:anonymous-read", (mine, owner.name),
                              (anon, "anonymous"), focus=carried)
        self.listings(owner, peer, kinds)

    def listings(self, owner: Party, peer: Party, kinds: list[Kind]) -> None:
        ops = {op.path: op for op in self.api.operations if op.method == "GET"}
        for kind in kinds:
            objects = [o for o in owner.objects if o.kind == kind.collection]
            if not objects:
                continue
            listing = self.probe.get(kind.collection, identity=peer.identity)
            for obj in objects:
                if carried := _carries(listing, obj):
                    self.fail(f"{peer.name}'s own listing contains {owner.name}'s object ({carried})",
                              f"GET {kind.collection}", f"GET {kind.collection}:peer-listing", (listing, peer.name),
                              focus=carried)
                    break
            op = ops.get(kind.collection)
            for param in op.params if op else ():
                scope = SCOPE_PARAMS.get(param)
                value = owner.tenant_id if scope == "tenant" else owner.user_id if scope == "user" else ""
                if not value:
                    continue
                swapped = self.probe.get(kind.collection, identity=peer.identity, params={param: value})
                for obj in objects:
                    if carried := _carries(swapped, obj):
                        self.fail(f"{peer.name} listed {owner.name}'s objects by setting ?{param}={value} ({carried})",
                                  f"GET {kind.collection}?{param}=", f"GET {kind.collection}:query-{param}",
                                  (swapped, peer.name), focus=carried)
                        break
        self.scoped_routes(owner, peer)

    def scoped_routes(self, owner: Party, peer: Party) -> None:
        """Routes keyed by the tenant itself (``/workspaces/{workspace_id}/settings``)."""
        for op in self.api.operations:
            names = re.findall(r"\{([^}]+)\}", op.path)
            if op.method != "GET" or len(names) != 1 or SCOPE_PARAMS.get(names[0]) != "tenant" or not owner.tenant_id:
                continue
            path = fill(op.path, owner.tenant_id, count=1)
            mine = self.probe.get(path, identity=owner.identity)
            if mine.status != 200:
                continue
            self.tested += 1
            obj = Owned(op.path, path, owner.tenant_id, _markers(mine.json(), owner.tenant_id))
            # String values only: key names ("workspace_id", "settings") are in every tenant's answer.
            obj.markers |= {m for m in re.findall(r'"[^"]{8,}"(?!\s*:)', mine.text) if not DATE.match(m.strip('"'))}
            theirs = self.probe.get(path, identity=peer.identity)
            if 200 <= theirs.status < 300 and (theirs.text == mine.text or _carries(theirs, obj)):
                self.fail(f"{peer.name} read {owner.name}'s workspace data at {path}", f"GET {op.path}",
                          f"GET {op.path}:peer-read", (mine, owner.name), (theirs, peer.name))

    def writes(self, owner: Party, peer: Party, kinds: list[Kind]) -> None:
        patchable = {op.path for op in self.api.operations if op.method == "PATCH"}
        deletable = {op.path for op in self.api.operations if op.method == "DELETE"}
        by_collection = {k.collection: k for k in kinds}
        for obj in [o for o in owner.objects if o.created]:
            kind = by_collection[obj.kind]
            if kind.item in patchable:
                title = f"lr-probe-{self.nonce}-{peer.name}"
                attempt = self.probe.request("PATCH", obj.item_path, identity=peer.identity, json_body={"title": title})
                check = self.probe.get(obj.item_path, identity=owner.identity)
                if check.status == 200 and title in check.text:
                    self.fail(f"{peer.name} renamed {owner.name}'s object: the change landed", f"PATCH {kind.item}",
                              f"PATCH {kind.item}:peer-write", (attempt, peer.name), (check, owner.name))
            if kind.item in deletable:
                attempt = self.probe.request("DELETE", obj.item_path, identity=peer.identity)
                check = self.probe.get(obj.item_path, identity=owner.identity)
                if check.status in (404, 410):
                    self.fail(f"{peer.name} deleted {owner.name}'s object", f"DELETE {kind.item}",
                              f"DELETE {kind.item}:peer-delete", (attempt, peer.name), (check, owner.name))

    def mass_assignment(self, owner: Party, peer: Party, kinds: list[Kind]) -> None:
        kind = next((k for k in kinds if k.creatable), None)
        if kind is None or not peer.tenant_id:
            self.notes.append("mass assignment not tested (no JSON creation route or unknown tenant ids)")
            return
        title = f"lr-mass-{self.nonce}"
        body = {"title": title, "tenant_id": _typed(peer.tenant_id), "workspace_id": _typed(peer.tenant_id),
                "owner_id": _typed(peer.user_id), "user_id": _typed(peer.user_id), "role": "admin", "is_admin": True}
        created = self.probe.post(kind.collection, identity=owner.identity, json_body=body)
        self.tested += 1
        answer = created.json()
        stored = str(answer.get("tenant_id", "")) if isinstance(answer, dict) else ""
        seen = self.probe.get(kind.collection, identity=peer.identity)
        if (200 <= created.status < 300 and stored == peer.tenant_id) or (seen.status == 200 and title in seen.text):
            self.fail(f"tenant_id taken from the request body: {owner.name} created an object in {peer.name}'s "
                      "tenant", f"POST {kind.collection}", f"POST {kind.collection}:mass-assignment",
                      (created, owner.name), (seen, peer.name))
        if isinstance(answer, dict) and "id" in answer and self.ctx.config.allow_destructive:
            owner.objects.append(Owned(kind.collection, fill(kind.item, str(answer["id"]), count=1), str(answer["id"]),
                                       {title}, created=True))


def _typed(value: str) -> Any:
    return int(value) if value.isdigit() else value


def run(ctx: CheckContext) -> Outcome:
    api: ApiTarget = ctx.target(Surface.API)
    tenants = ctx.config.api.tenants
    if len(tenants) < 2:
        return Outcome(Status.SKIP, "two test tenants are needed ([[api.tenants]] × 2)")
    kinds = _kinds(api, split_route(ctx.config.api.upload))
    if not kinds:
        return Outcome(Status.SKIP, "no object collections (GET /things + GET /things/{id}) in the OpenAPI inventory")
    stopped = ""
    with api.probe(budget=int(ctx.options["budget"]), deadline=ctx.deadline) as probe:
        state = Run(ctx, api, RetryingProbe(probe))
        try:
            a, b = (Party(t.name, api.identity(t)) for t in tenants[:2])
            for party in (a, b):
                _profile(state.probe, api, party)
                for kind in kinds:
                    state.collect(party, kind)
            for owner, peer in ((a, b), (b, a)):
                state.replay(owner, peer, kinds)
            state.mass_assignment(a, b, kinds)
            if ctx.config.allow_destructive:
                for owner, peer in ((a, b), (b, a)):
                    state.writes(owner, peer, kinds)
            else:
                state.notes.append("writes not tested (--allow-destructive off)")
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
    if failing == 0 and state.tested == 0:
        return Outcome(Status.ERROR, "no object could be read by its owner, so isolation could not be tested" + suffix,
                       requests=sent)
    if failing == 0 and stopped:
        return Outcome(Status.ERROR, f"no leak in {state.tested} probes, but the run was incomplete" + suffix,
                       requests=sent)
    outcome = Outcome.from_evidence(
        state.evidence,
        passed=f"{state.tested} objects/routes probed in both directions (peer, anonymous, listings, query swap, "
               f"mass assignment): no cross-tenant access" + suffix,
        failed=f"{failing} cross-tenant access paths found" + suffix,
        requests=sent)
    return Outcome(outcome.status, outcome.summary, outcome.evidence, sent, {"probed": state.tested})


CHECK = Check(META, run, options={"budget": 250, "upload-field": "file"})
