"""Expand the rule samples' templates into concrete, freshly generated (fake) credentials.

Used by the tests and the bench corpus, so nothing key-shaped is ever committed. Deterministic
for a given seed.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import random
import re
import string
import uuid

from launchready.engines.secrets.validators import github_checksum

_ALPHABETS = {
    "A": string.ascii_letters + string.digits,
    "a": string.ascii_lowercase + string.digits,
    "l": string.ascii_letters,
    "U": string.ascii_uppercase + string.digits,
    "u": string.ascii_uppercase + "234567",
    "h": "0123456789abcdef",
    "d": string.digits,
    "b": string.ascii_letters + string.digits + "-_",
    "B": string.ascii_letters + string.digits + "+/",
}
_TOKEN = re.compile(r"\{(?P<kind>[A-Za-z]+)(?::(?P<arg>[^}]*))?\}")


def _b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def make_jwt(rng: random.Random, role: str, *, expired: bool = False, iss: str = "supabase") -> str:
    header = _b64url(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    exp = 1_000_000_000 if expired else 4_070_908_800
    claims = {"iss": iss, "ref": "".join(rng.choices(string.ascii_lowercase, k=20)), "role": role,
              "iat": 900_000_000, "exp": exp}
    payload = _b64url(json.dumps(claims).encode())
    key = bytes(rng.getrandbits(8) for _ in range(32))
    sig = _b64url(hmac.new(key, f"{header}.{payload}".encode(), hashlib.sha256).digest())
    return f"{header}.{payload}.{sig}"


def make_github(rng: random.Random, prefix: str, *, valid: bool = True) -> str:
    body = "".join(rng.choices(_ALPHABETS["A"], k=30))
    check = github_checksum(body)
    if not valid:
        check = check[:-1] + ("A" if check[-1] != "A" else "B")
    return prefix + body + check


def make_pem(rng: random.Random, label: str) -> str:
    body = base64.b64encode(bytes(rng.getrandbits(8) for _ in range(600))).decode()
    lines = "\n".join(body[i:i + 64] for i in range(0, len(body), 64))
    return f"-----BEGIN {label}PRIVATE KEY-----\n{lines}\n-----END {label}PRIVATE KEY-----"


def expand(template: str, rng: random.Random) -> str:
    """Replace every ``{kind:arg}`` in ``template`` with generated text."""

    def one(m: re.Match[str]) -> str:
        kind, arg = m.group("kind"), m.group("arg") or ""
        if kind in _ALPHABETS:
            return "".join(rng.choices(_ALPHABETS[kind], k=int(arg)))
        if kind == "gh":
            return make_github(rng, arg)
        if kind == "ghbad":
            return make_github(rng, arg, valid=False)
        if kind == "jwt":
            return make_jwt(rng, arg)
        if kind == "jwtdemo":
            return make_jwt(rng, arg, iss="supabase-demo")
        if kind == "jwtexp":
            return make_jwt(rng, arg, expired=True)
        if kind == "pem":
            return make_pem(rng, arg)
        if kind == "basic":
            password = "".join(rng.choices(_ALPHABETS["A"], k=20))
            return base64.b64encode(f"{arg}:{password}".encode()).decode()
        if kind == "btext":
            return base64.b64encode(arg.encode()).decode()
        if kind == "uuid":
            return str(uuid.UUID(int=rng.getrandbits(128), version=4))
        raise ValueError(f"unknown sample template {{{kind}}}")

    return _TOKEN.sub(one, template)
