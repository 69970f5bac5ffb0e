"""The allow-destructive half of the tenant-isolation probes: the other tenant updates and deletes the
owner's objects (PUT/PATCH/DELETE under the item route), names the owner in the body of a self-update
route, and each identity tries to raise its own rights through fields named like roles and flags, in
the body and the query string, on its self-update routes and at sign-up.

A write counts only when it is proven: the owner's re-read shows this scan's marker, or the owner logs
in with the password the other tenant set. What the scan changed is put back (passwords, profile
fields, roles) and checked; role values are never guessed (see :func:`objects.raised_values`).
"""

from __future__ import annotations

from typing import Any

from launchready.engines import objects as ob
from launchready.engines.inventory import ApiRoute
from launchready.engines.live import fill
from launchready.engines.tenant_session import (
    IDENTITY_FIELDS,
    PATH_PARAM,
    Kind,
    Owned,
    Party,
    TenantSession,
)
from launchready.targets.http import Exchange, Identity, decode_claims, resolve_pointer


class TenantWrites(TenantSession):
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
        """Values of a role-like field this scan may send: declared by the user, or seen in an answer (the
        tenants' own records and listings, and the records of the other declared identities)."""
        declared = [str(v) for v in self.ctx.options.get("role-values", ())]
        seen = [str(p.facts.fields[name]) for p in (*self.parties, *self.others)
                if isinstance(p.facts.fields.get(name), str)]
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


def _repath(template: str, path: str, party: Party) -> str:
    names = PATH_PARAM.findall(template)
    if len(names) != 1:
        return path
    return fill(template, party.facts.value(names[0]) or party.login, count=1)


def _query_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ",".join(str(v) for v in value)
    return str(value)
