"""Objects of any shape: what an answer says about whose object it is, how it is keyed, and what a
body for a route's schema looks like.

The live isolation probes need three things from answers they did not design: the records of a
listing (``[...]``, ``{"items": [...]}``, ``{"Books": [...]}``), the value that keys a record in an
item route (``{id}``, ``{order_id}`` → ``id``; ``{book_title}`` → ``book_title``; ``{username}`` →
``username``), and who a record belongs to (``user_id``, ``owner``, ``tenant_id``…) compared with
what an identity's own profile says about it. Written here: no library reads ownership out of
arbitrary JSON, and the rules are small enough to test one by one.
"""

from __future__ import annotations

import re
import uuid
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from launchready.engines.inventory import ApiRoute, Parameter

# Where a listing or a profile answer usually nests what it is about.
_WRAPPERS = ("items", "data", "results", "records", "objects", "user", "profile", "account", "me")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.IGNORECASE)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")

USER_FIELDS = ("user_id", "owner_id", "userId", "ownerId", "user", "owner", "username", "created_by", "author",
               "author_id", "email")
"""Fields a record names its user in; compared with the user facts of a profile."""
TENANT_FIELDS = ("tenant_id", "workspace_id", "org_id", "organization_id", "account_id", "tenantId", "orgId")
"""Fields a record names its tenant in; compared with the tenant facts of a profile."""

# A field whose value grants rights: a role, an admin flag, whose tenant or owner a record is.
_FLAG_NAME = re.compile(
    r"^(?:is_?)?(?:admin|administrator|superuser|super_?admin|staff|root|moderator|verified|approved|active|"
    r"premium|internal)$|^(?:role|roles|user_?role|account_?type|user_?type|permissions?|scopes?|group|groups|"
    r"plan|tier|privileges?|access_?level|level)$|^(?:tenant|owner|org|organization|workspace)_?id$",
    re.IGNORECASE)
_SCOPE_FLAG = re.compile(r"(?:tenant|owner|org|organization|workspace)_?id$", re.IGNORECASE)
_PASSWORD_NAME = re.compile(r"pass(?:word|wd|phrase)?$", re.IGNORECASE)
_SECRET_NAME = re.compile(r"pass(?:word|wd)?|secret|token|api_?key|code|otp|pin$", re.IGNORECASE)

PRIVILEGED_ROLES = ("admin", "superuser", "owner", "manager", "staff", "employee", "chef", "editor", "moderator")
"""Words that rank a known role value as more privileged (tried first)."""


def records(answer: Any) -> list[dict[str, Any]]:
    """The records of a listing: a JSON list of objects, or the first such list under any key
    (usual wrapper keys first: ``{"data": [...]}`` before ``{"Books": [...]}``)."""
    if isinstance(answer, list):
        return [item for item in answer if isinstance(item, dict)]
    if not isinstance(answer, dict):
        return []
    keys = [k for k in _WRAPPERS if k in answer] + [k for k in answer if k not in _WRAPPERS]
    for key in keys:
        value = answer[key]
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            return list(value)
    return []


def subject(answer: Any) -> dict[str, Any]:
    """The object an item or profile answer is about: the answer itself, or what it wraps
    (``{"status": "success", "data": {...}}`` → the ``data`` object)."""
    if not isinstance(answer, dict):
        return {}
    for key in _WRAPPERS:
        inner = answer.get(key)
        if isinstance(inner, dict) and inner:
            return {**{k: v for k, v in answer.items() if k != key and not isinstance(v, dict | list)}, **inner}
    return answer


def _scalar(value: Any) -> str | None:
    if isinstance(value, bool) or value is None or isinstance(value, dict | list):
        return None
    return str(value)


def key_names(param: Parameter | str) -> tuple[str, ...]:
    """The record fields that may hold the value a path parameter takes, most likely first:
    ``{book_title}`` → ``book_title``, ``title``; ``{order_id}`` → ``order_id``, ``id``;
    ``{username}`` → ``username``, ``name``; ``{slug}`` → ``slug``."""
    name = param if isinstance(param, str) else param.name
    out = [name]
    low = name.lower()
    if low == "id" or low.endswith(("_id", "id")):
        out.append("id")
    if "_" in name:
        out.append(name.rsplit("_", 1)[1])
    if low.endswith("name") and low != "name":
        out.append("name")
    if low in ("key", "slug", "uuid", "ref"):
        out += ["id", "uuid", "slug"]
    return tuple(dict.fromkeys(out))


def fits(value: str, param: Parameter | None) -> bool:
    """Whether ``value`` can stand in the parameter as it is declared (an integer, a UUID, an e-mail)."""
    if param is None or not value or "/" in value:
        return bool(value) and "/" not in value
    if param.type in ("integer", "number"):
        return value.lstrip("-").isdigit()
    if param.format == "uuid":
        return bool(_UUID.match(value))
    if param.format == "email":
        return bool(_EMAIL.match(value))
    return True


def key_of(record: Mapping[str, Any], param: Parameter | str) -> tuple[str, str] | None:
    """``(field, value)`` keying ``record`` in a route whose path parameter is ``param``; ``None``
    when the record carries no value that fits it."""
    declared = param if isinstance(param, Parameter) else None
    for name in key_names(param):
        value = _scalar(record.get(name))
        if value is not None and fits(value, declared):
            return name, value
    return None


# --- whose record it is ------------------------------------------------------------------------

@dataclass
class Facts:
    """What a profile answer (or the token, or the login) says about one identity."""

    users: set[str] = field(default_factory=set)  # its id, username, e-mail
    tenants: set[str] = field(default_factory=set)  # its tenant/workspace/org id
    fields: dict[str, Any] = field(default_factory=dict)  # the profile's own fields, as read

    def learn(self, profile: Mapping[str, Any]) -> None:
        self.fields.update(profile)
        for name in ("id", "user_id", "userId", "username", "email", "sub", "login"):
            value = _scalar(profile.get(name))
            if value:
                self.users.add(value)
        for name in TENANT_FIELDS:
            value = _scalar(profile.get(name))
            if value:
                self.tenants.add(value)

    def value(self, name: str) -> str:
        """The profile's value for a field named like ``name`` (``username``, ``user_id``, ``email``)."""
        value = _scalar(self.fields.get(name))
        if value:
            return value
        if name in ("user_id", "userId", "owner_id", "ownerId"):
            return _scalar(self.fields.get("id")) or ""
        return ""


def _shape(value: str) -> str:
    if value.lstrip("-").isdigit():
        return "integer"
    if _UUID.match(value):
        return "uuid"
    return "email" if "@" in value else "name"


def owned_by(record: Mapping[str, Any], facts: Facts) -> bool | None:
    """``True`` when a user/tenant field of ``record`` names ``facts``' identity, ``False`` when such a
    field names someone else, ``None`` when the record names no owner that the facts can be compared
    with. Like is compared with like: a numeric ``user_id`` says nothing about an identity whose
    profile gave only its username."""
    verdict: bool | None = None
    for names, known in ((USER_FIELDS, facts.users), (TENANT_FIELDS, facts.tenants)):
        shapes = {_shape(k) for k in known}
        for name in names:
            value = _scalar(record.get(name))
            if value is None:
                continue
            if value in known:
                return True
            if _shape(value) in shapes:
                verdict = False
    return verdict


_CONTENT_FIELD = re.compile(r"title|name|content|text|body|message|subject|description|address|note|"
                            r"comment|summary|email|phone", re.IGNORECASE)


def markers(answer: Any, key: str = "") -> set[str]:
    """Distinctive values of an answer: strings of ≥ 8 characters (not dates) in fields that hold what a
    user wrote (title, content, address, e-mail…). Seen in another tenant's answer they prove the data
    is the owner's; ids, statuses, MIME types and timestamps are left out (every object has such
    values, so they prove nothing). ``key`` counts too when it is that distinctive."""
    found: set[str] = set()
    if len(key) >= 8:
        found.add(key)
    nodes = [subject(answer), *records(answer)]
    if isinstance(answer, dict):
        nodes += [m for m in answer.get("messages", []) if isinstance(m, dict)]
    for node in nodes:
        for name, value in node.items():
            if (isinstance(value, str) and len(value) >= 8 and not _DATE.match(value) and not is_flag(name)
                    and _CONTENT_FIELD.search(name) and not name.endswith(("_type", "_name_id"))
                    and not is_secret(name)):  # evidence quotes its marker: never a secret's value
                found.add(value[:120])
    return found


# --- fields that grant rights ------------------------------------------------------------------

def is_flag(name: str) -> bool:
    """A field named like a role, an admin flag or the record's tenant/owner."""
    return bool(_FLAG_NAME.match(name))


def is_scope(name: str) -> bool:
    """A tenant/owner field (its escalated value is another tenant's id, not ``true``)."""
    return bool(_SCOPE_FLAG.search(name))


def is_secret(name: str) -> bool:
    """A field whose value is a credential (never a marker, never echoed back)."""
    return bool(_SECRET_NAME.search(name))


def is_password(name: str) -> bool:
    """A field that sets a password: a write to it is proven by logging in with the new value."""
    return bool(_PASSWORD_NAME.search(name))


def raised_values(name: str, current: Any, param: Parameter | None = None,
                  known: Iterable[str] = ()) -> list[Any]:
    """Values that would raise an identity's rights through the field ``name`` whose value is now
    ``current``: ``true`` for a boolean flag; for a role, the other values the schema's enum or
    ``known`` (values the scan saw, values the user declared) allow, the privileged-sounding first.

    Role words are never guessed: a product that stores a role it cannot load back (an enum column
    without validation) breaks the account for good, and a false "no escalation" is only a warn.
    ``[]`` for a tenant/owner field (its swap is the cross-tenant probe's business) and when no value
    is known."""
    if is_scope(name):
        return []
    if isinstance(current, bool) or (param is not None and param.type == "boolean"):
        return [] if current is True else [True]
    if not isinstance(current, str):
        return []
    choices = [*(param.enum if param is not None else ()), *known]
    ranked = sorted(dict.fromkeys(v for v in choices if v and v != current),
                    key=lambda v: next((i for i, w in enumerate(PRIVILEGED_ROLES) if w in v.lower()), 99))
    return list(ranked[:3])


# --- bodies ------------------------------------------------------------------------------------

def sample(param: Parameter, nonce: str) -> Any:
    """A value of the parameter's declared type; strings carry ``nonce`` so they can be found again."""
    name = param.name.lower()
    if param.enum:
        return param.enum[0]
    if param.type in ("integer", "number"):
        return 1
    if param.type == "boolean":
        return False
    if param.type == "array":
        return []
    if param.type == "object":
        return {}
    if param.format == "email" or name.endswith("email"):
        return f"{nonce}@example.test"
    if "phone" in name:
        return str(zlib.crc32(nonce.encode()) % 900_000_000 + 100_000_000)  # nine digits, one per nonce
    if param.format in ("uri", "url") or name.endswith(("url", "uri")):
        return f"https://example.test/{nonce}"
    if is_password(name):
        return f"Lr-{nonce}-Pw1!"
    return nonce


def body_for(route: ApiRoute, nonce: str, *, overrides: Mapping[str, Any] | None = None,
             optional: bool = True) -> dict[str, Any]:
    """A JSON/form body for ``route`` built from its schema: every required field, the optional
    string fields too when ``optional`` (they carry the nonce, so the object is recognisable), never a
    rights-granting field unless ``overrides`` sets it."""
    body: dict[str, Any] = {}
    for param in route.body_params:
        if is_flag(param.name) or (not param.required and not (optional and param.type == "string")):
            continue
        body[param.name] = sample(param, nonce)
    body.update(overrides or {})
    return body


def distinct(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


def fresh_uuid() -> str:
    return str(uuid.uuid4())
