"""Roles of test identities and of routes, and which role is lower than another.

Role names are the product's own words (``customer``, ``employee``, ``chef``, ``admin``…), so they are
ranked by what they say rather than by a list the user must write: ``public`` below everything, ordinary
accounts (``user``, ``customer``, ``member``…) next, administrators at the top, and every other named
role (staff, employee, chef, moderator…) in between. Two roles of the same rank are never compared
(an employee is not "lower" than a chef): a function-level failure must be sure.
"""

from __future__ import annotations

from dataclasses import dataclass

from launchready.config import Tenant
from launchready.errors import TargetError
from launchready.targets.http import ApiTarget, Identity

PUBLIC, ORDINARY, STAFF, ADMIN = 0, 1, 2, 3
_ORDINARY = frozenset({"", "user", "customer", "member", "client", "guest", "buyer", "reader", "viewer", "tenant",
                       "patient", "student", "basic", "free", "subscriber", "consumer", "end-user", "enduser"})
_ADMIN = frozenset({"admin", "administrator", "superuser", "super-admin", "superadmin", "root", "sysadmin", "owner"})


def rank(role: str) -> int:
    """How much a role may do: 0 public, 1 an ordinary account, 2 a named staff role, 3 an administrator."""
    name = role.strip().lower().replace("_", "-")
    if name == "public":
        return PUBLIC
    if name in _ORDINARY:
        return ORDINARY
    if name in _ADMIN:
        return ADMIN
    return STAFF


def is_privileged(role: str) -> bool:
    return rank(role) >= STAFF


def is_lower(role: str, than: str) -> bool:
    return rank(role) < rank(than)


@dataclass(frozen=True)
class Holder:
    """A logged-in test identity and the role it was declared with."""

    tenant: Tenant
    identity: Identity

    @property
    def role(self) -> str:
        return self.tenant.role

    @property
    def name(self) -> str:
        return self.tenant.name

    def describe(self) -> str:
        return f"{self.name} (role {self.role})"


def holders(api: ApiTarget, tenants: tuple[Tenant, ...]) -> tuple[list[Holder], list[str]]:
    """Every declared identity that could log in, highest role first, and why the others could not."""
    out: list[Holder] = []
    failed: list[str] = []
    for tenant in tenants:
        try:
            out.append(Holder(tenant, api.identity(tenant)))
        except TargetError as exc:
            failed.append(f"{tenant.name}: {exc.message}")
    out.sort(key=lambda h: -rank(h.role))
    return out, failed


def with_role(found: list[Holder], role: str) -> list[Holder]:
    """Identities that may use a route of ``role``: those declared with it first, then any of a rank at
    least as high, highest first — the identity a probe of that route is sent as."""
    exact = [h for h in found if h.role.lower() == role.lower()]
    higher = [h for h in found if h not in exact and rank(h.role) >= rank(role)]
    return exact + higher
