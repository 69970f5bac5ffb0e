"""api.token-tampering: forged, altered, expired and mis-addressed JWTs are all refused; HS* secrets are
not guessable; tokens expire.

Every tampered token goes to ONE reference route — a GET that answers 2xx to tenant-a's real token
and 401/403 without one (see :mod:`launchready.engines.auth_routes`). Without that proof a route
that needs no auth would make every forgery look accepted. Signature verification and expiry are
separate findings: a server may reject expired tokens and still never check a signature.
"""

from __future__ import annotations

import itertools
import os
import secrets
from collections.abc import Iterator
from typing import Any

from launchready.context import CheckContext
from launchready.engines import jwt_attacks
from launchready.engines.auth_routes import ReferenceRoute, credential, find_reference_route, reference_paths
from launchready.errors import TargetError
from launchready.model import Check, CheckMeta, Effort, Evidence, Outcome, Severity, Status, Surface
from launchready.targets.http import ApiTarget, BudgetExhausted, Exchange, Identity, Probe

META = CheckMeta(
    id="api.token-tampering",
    title="Tampered, unsigned and expired tokens are rejected",
    surface=Surface.API,
    severity=Severity.CRITICAL,
    criteria=(
        "Tokens with `alg=none`, stripped signature, flipped claims (`sub`, `tenant_id`, `role`) under the old "
        "signature, wrong issuer/audience, HS/RS confusion with a published public key, and an expired-but-validly-"
        "signed token (minted when the staging signing key is given, or supplied) are all rejected; HS256 tokens "
        "are not signed with a guessable secret (offline dictionary test); tokens carry an `exp`."
    ),
    why=(
        "A token that is not verified is a password anyone can write: change `sub` or `role` and become another "
        "customer or an admin. Guessable HMAC secrets and `alg=none` are the classic JWT bypasses and the first "
        "thing a security review tries; tokens without expiry stay valid forever once leaked."
    ),
    breaks=(
        "Any user — or anyone who saw one token — impersonates every other user and admin; a leaked token "
        "is never revoked by time."
    ),
    fix=(
        "Decode with a pinned algorithm list (`jwt.decode(token, key, algorithms=['HS256'])`), never accept "
        "`none`, require `exp`, `iss` and `aud` (`options={'require': [...]}`), use a random secret of at least "
        "32 bytes from a secret store (rotate it now if it was guessable), keep RS/ES public keys out of HMAC "
        "verification, and issue short-lived access tokens."
    ),
    references=("OWASP API2:2023", "CWE-347", "CWE-345", "CWE-613", "CWE-521", "RFC 8725",
                "OWASP ASVS 5.0 V9.1"),
    checklist=("No critical auth bypass (tampered / expired / alg=none tokens)", "JWT secret is random and long",
               "Tokens expire"),
    effort=Effort.HOURS,
)

_FAMILY_FINDING = {
    "alg-none": "unsigned tokens (alg=none) accepted",
    "signature": "signature not verified",
    "confusion": "HS/RS algorithm confusion",
    "expiry": "expired token accepted",
    "issuer": "issuer/audience not validated",
}
_FAMILY_OK = {
    "alg-none": "unsigned tokens (alg=none/None/NONE) rejected",
    "signature": "signature verified: stripped, re-keyed and claim-flipped tokens rejected",
    "confusion": "HS256 tokens keyed with the published public key rejected",
    "expiry": "expired-but-signed token rejected",
    "issuer": "tokens for another issuer/audience rejected",
}


def run(ctx: CheckContext) -> Outcome:
    api: ApiTarget = ctx.target(Surface.API)
    tenants = {t.name: t for t in ctx.config.api.tenants}
    tenant_a = tenants.get("tenant-a") or (ctx.config.api.tenants[0] if ctx.config.api.tenants else None)
    if tenant_a is None:
        return Outcome(Status.SKIP, "no test tenant declared ([[api.tenants]]): no real token to tamper with")
    try:
        identity = api.identity(tenant_a)
    except TargetError as exc:
        return Outcome(Status.ERROR, f"could not log in as {tenant_a.name}: {exc}")
    parsed = jwt_attacks.parse(identity.token)
    if parsed is None:
        return Outcome(Status.SKIP, f"{tenant_a.name}'s session token is not a JWT: nothing to tamper with")

    evidence: list[Evidence] = []
    notes: list[str] = []
    key = _offline(ctx, api, parsed, evidence, notes)
    timeout = float(ctx.options.get("timeout", 5.0))
    requests = 0
    stopped = False  # the request budget ran out: some tampered tokens were never sent
    with api.probe(budget=int(ctx.options.get("budget", 60)), deadline=ctx.deadline) as probe:
        try:
            paths, route_key = reference_paths(ctx, api, META.id)
            reference = find_reference_route(probe, api, identity, timeout=timeout, candidates=paths, key=route_key)
            if not isinstance(reference, ReferenceRoute):
                requests = probe.count
                if any(e.status is Status.FAIL for e in evidence):
                    notes.append(f"tampered tokens not sent: {reference.reason}")
                    return _outcome(evidence, notes, requests)
                if not reference.error:  # nothing to judge on: undetermined, never a blocking error
                    item = Evidence(Status.WARN, f"tampered tokens not sent: {reference.reason}",
                                    fingerprint=f"{META.id}:no-reference-route")
                    return Outcome(Status.WARN, reference.reason, (*evidence, item), requests)
                return Outcome(Status.ERROR, reference.reason, tuple(evidence), requests)
            variants = list(_variants(ctx, api, probe, parsed, identity, key, notes, evidence, timeout))
            _send(api, probe, reference, variants, evidence, timeout, identity.name)
        except BudgetExhausted as exc:
            notes.append(f"stopped early ({exc}); decided on what was seen")
            stopped = True
        requests = probe.count
    return _outcome(evidence, notes, requests, stopped)


_NOT_TESTED = "expired-but-signed and wrong-issuer tokens not tested"


def _outcome(evidence: list[Evidence], notes: list[str], requests: int, stopped: bool = False) -> Outcome:
    statuses = {e.status for e in evidence}
    failing = [e.message.split(":", 1)[0] for e in evidence if e.status is Status.FAIL]
    tail = (" " + "; ".join(notes) + ".") if notes else ""
    if Status.FAIL in statuses:
        unique = list(dict.fromkeys(failing))
        return Outcome(Status.FAIL, "token flaws: " + "; ".join(unique) + "." + tail, tuple(evidence), requests)
    if Status.ERROR in statuses:
        return Outcome(Status.ERROR, "some tampered tokens got no answer." + tail, tuple(evidence), requests)
    if Status.WARN in statuses and all(e.message.startswith(_NOT_TESTED) for e in evidence
                                       if e.status is Status.WARN):
        return Outcome(Status.WARN, "no tampered token accepted; expiry not tested: no signing key (set option "
                       "signing-key-env, or expired-token-env)." + tail, tuple(evidence), requests)
    if Status.WARN in statuses:
        return Outcome(Status.WARN, "no tampered token accepted, but some answers were not clean rejections." + tail,
                       tuple(evidence), requests)
    if stopped:  # incomplete is never a pass
        return Outcome(Status.WARN, "undetermined: no tampered token accepted in what was sent, but not every one "
                       'was sent — raise [checks."api.token-tampering"] budget.' + tail, tuple(evidence), requests)
    return Outcome(Status.PASS, "every tampered token was rejected." + tail, tuple(evidence), requests)


def _offline(
    ctx: CheckContext, api: ApiTarget, parsed: jwt_attacks.ParsedJwt, evidence: list[Evidence], notes: list[str]
) -> str | None:
    """Zero-request tests (exp claim, guessable secret); returns a signing key if one is known."""
    if "exp" not in parsed.claims:
        evidence.append(Evidence(Status.FAIL, "token has no exp claim: a leaked token stays valid forever",
                                 "token claims", f"claims: {sorted(parsed.claims)}",
                                 "api.token-tampering:claims:no-exp"))
    key_env = str(ctx.options.get("signing-key-env") or "")
    key = os.environ.get(key_env) if key_env else None
    if key_env and not key:
        notes.append(f"signing-key-env names {key_env}, which is not set")
    why = jwt_attacks.unusable_key(key, parsed.alg) if key else ""
    if why:
        notes.append(f"signing-key-env names {key_env}, which cannot sign {parsed.alg} tokens ({why})")
        key = None
    if not parsed.is_hmac:
        notes.append(f"dictionary test not applicable (alg {parsed.alg})")
        return key
    info = (api.openapi or {}).get("info") if _has_openapi(api) else None
    names = [str(info.get("title", "")) if isinstance(info, dict) else "", api.host, ctx.config.path.resolve().name]
    ranked = jwt_attacks.candidates(n for n in names if n)
    words = [word for word, _ in ranked]
    digits = max(0, min(8, int(ctx.options.get("numeric-secret-digits", 4))))
    tried = len(words) + sum(10**d for d in range(1, digits + 1))
    cracked = jwt_attacks.crack(parsed, itertools.chain(words, jwt_attacks.numeric_secrets(digits)))
    if cracked is not None:
        position, word = cracked
        kind = ranked[position - 1][1] if position <= len(ranked) else f"a number of {len(word)} digits"
        evidence.append(Evidence(
            Status.FAIL, f"guessable signing secret: the {parsed.alg} token is signed with {kind} — entry #{position} "
            f"of launchready's ranked list of guessable secrets ({len(word)} characters) — anyone can mint any token",
            "token signature", f"offline HMAC test of {tried} candidates; no requests sent",
            "api.token-tampering:token:guessable-secret"))
        if key is None:
            notes.append("expired and wrong-issuer tokens were signed with the recovered secret")
            return word
    else:
        evidence.append(Evidence(Status.PASS, f"signing secret not among {tried} guessable secrets (numbers up to "
                                 f"{digits} digits; option numeric-secret-digits)",
                                 "token signature", "", "api.token-tampering:token:secret-ok"))
    return key


def _has_openapi(api: ApiTarget) -> bool:
    try:
        return api.openapi is not None
    except TargetError:
        return False


def _variants(
    ctx: CheckContext, api: ApiTarget, probe: Probe, parsed: jwt_attacks.ParsedJwt, identity: Identity,
    key: str | None, notes: list[str], evidence: list[Evidence], timeout: float,
) -> Iterator[jwt_attacks.Variant]:
    yield from jwt_attacks.none_variants(parsed)
    yield from jwt_attacks.signature_variants(parsed, _flips(ctx, api, parsed, notes))
    pems = _published_keys(probe, timeout)
    if pems:
        yield from jwt_attacks.confusion_variants(parsed, pems)
    else:
        notes.append("no JWKS published (/.well-known/jwks.json, /jwks.json): HS/RS confusion not applicable")
    supplied_env = str(ctx.options.get("expired-token-env") or "")
    supplied = os.environ.get(supplied_env) if supplied_env else None
    if key:
        yield from jwt_attacks.signed_variants(parsed, key)
        if "iss" not in parsed.claims and "aud" not in parsed.claims:
            notes.append("token carries no iss/aud: issuer/audience not tested")
    elif not supplied:
        evidence.append(Evidence(Status.WARN, "expired-but-signed and wrong-issuer tokens not tested: no signing key "
                                 "(set option signing-key-env, or expired-token-env)", "token expiry", "",
                                 # launchready: ignore[repo.secrets-tree] a finding's fingerprint, not a token
                                 "api.token-tampering:token:expiry-not-tested"))
    if supplied:
        yield jwt_attacks.Variant("expired-supplied", supplied, "the supplied expired token is accepted", "expiry")


def _flips(ctx: CheckContext, api: ApiTarget, parsed: jwt_attacks.ParsedJwt, notes: list[str]) -> dict[str, Any]:
    other: dict[str, Any] = {}
    tenant_b = next((t for t in ctx.config.api.tenants if t.name == "tenant-b"), None)
    if tenant_b is not None:
        try:
            other = dict(api.identity(tenant_b).claims)
        except TargetError as exc:
            notes.append(f"could not log in as tenant-b ({exc}); flipped to made-up values")
    flips: dict[str, Any] = {}
    sub = parsed.claims.get("sub")
    if sub is not None:
        flips["sub"] = other.get("sub") if other.get("sub") not in (None, sub) else _other_value(sub)
    if "tenant_id" in parsed.claims:
        tid = parsed.claims["tenant_id"]
        flips["tenant_id"] = other.get("tenant_id") if other.get("tenant_id") not in (None, tid) else _other_value(tid)
    if "role" in parsed.claims:
        flips["role"] = "admin" if parsed.claims["role"] != "admin" else "superadmin"
    absent = [c for c in ("sub", "tenant_id", "role") if c not in parsed.claims]
    if absent:
        notes.append(f"token has no {', '.join(absent)} claim: not flipped")
    return flips


def _other_value(value: Any) -> Any:
    if isinstance(value, int):
        return value + 1
    text = str(value)
    return str(int(text) + 1) if text.isdigit() else secrets.token_hex(max(4, len(text) // 2))


def _published_keys(probe: Probe, timeout: float) -> list[bytes]:
    for path in ("/.well-known/jwks.json", "/jwks.json"):
        try:
            answer = probe.get(path, timeout=timeout)
        except TargetError:
            continue
        if answer.status == 200:
            pems = jwt_attacks.jwk_public_pems(answer.json())
            if pems:
                return pems
    return []


def _send(
    api: ApiTarget, probe: Probe, reference: ReferenceRoute, variants: list[jwt_attacks.Variant],
    evidence: list[Evidence], timeout: float, source: str,
) -> None:
    """Each variant against the reference route; ``source`` names the identity the variants were made from."""
    location = f"GET {reference.path}"
    families: dict[str, list[str]] = {}
    for v in variants:
        try:
            ex = probe.get(reference.path, headers=credential(
                api, v.token, name=v.name, made=f"the '{v.name}' token the scan forged from {source}'s: "
                f"{v.proves.removesuffix(' is accepted')}"), timeout=timeout)
        except TargetError as exc:
            evidence.append(Evidence(Status.ERROR, f"no answer to the {v.name} token: {exc}", location, "",
                                     f"api.token-tampering:{location}:{v.name}"))
            families.setdefault(v.family, []).append("error")
            continue
        if 200 <= ex.status < 300:
            status, what = Status.FAIL, f"{_FAMILY_FINDING[v.family]}: {v.proves} — auth bypass"
        elif ex.status == 429 or ex.status >= 500:
            status, what = Status.WARN, f"{v.name} token answered {ex.status} (not a clean 401/403)"
        else:
            families.setdefault(v.family, []).append("ok")
            continue
        families.setdefault(v.family, []).append(status.value)
        evidence.append(Evidence(status, f"{what} ({location} answered {ex.status} to variant '{v.name}')", location,
                                 _detail(reference, ex), f"api.token-tampering:{location}:{v.name}"))
    for family, results in families.items():
        if all(r == "ok" for r in results):
            evidence.append(Evidence(Status.PASS, _FAMILY_OK[family], location, f"{len(results)} variant(s) refused",
                                     f"api.token-tampering:{location}:{family}-ok"))


def _detail(reference: ReferenceRoute, ex: Exchange) -> str:
    return (f"real token: {reference.accepted.summary()}; no token: {reference.rejected.summary()}\n"
            f"{ex.curl()}\n→ {ex.status} {ex.excerpt(200)}")


CHECK = Check(META, run, options={"budget": 60, "timeout": 5.0, "signing-key-env": "", "expired-token-env": "",
                                  "numeric-secret-digits": 4, "reference-route": ""})
