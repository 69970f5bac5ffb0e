"""A JWT-protected ``GET /me`` with exactly one verification flaw, chosen by ``JWT_PIN_MODE`` (for the
api.token-tampering pins; ``serve_app("tests.checks.api.apps_jwt_pins:app", env={"JWT_PIN_MODE": ...})``).

Tokens are HS256 with a long random key (``JWT_PIN_SECRET``) and carry ``sub``, ``tenant_id``, ``role``,
``iss``, ``aud``, ``iat`` and ``exp``; ``GET /me`` never asks whether the token's ``sub`` still exists (a deleted
user's validly signed token is accepted: api.auth-required's flaw, invisible to api.token-tampering). Modes:

- ``strict``: every check done (algorithm pinned, signature, exp, iss, aud);
- ``alg-none``: an unsigned token (any spelling of ``none``) is taken at its word;
- ``expiry``: ``exp`` is not checked; ``issuer``: ``iss`` and ``aud`` are not checked;
- ``no-exp``: tokens are issued without ``exp`` (verification otherwise strict);
- ``weak``: tokens are signed with a four-digit number;
- ``unclean``: strict, but an unsigned token gets a 500 instead of a 401; ``unclean-429``: a 429;
- ``rs256``: RS256 tokens, the public key published at ``/.well-known/jwks.json``, strict verification (the
  private key from ``JWT_PIN_RSA_PEM`` when set);
- ``confusion``: as ``rs256``, but an HS256 token keyed with the published public key is accepted;
- ``no-claims``: tokens carry only ``sub``, ``iat`` and ``exp`` (strict);
- ``unverified``: the signature is never checked (unsigned tokens are still refused);
- ``no-exp-open-me``: tokens without ``exp``, and ``GET /me`` answers without a token (no reference route);
- ``drop-unsigned``: strict, but an unsigned token gets no answer (the connection is closed);
- ``open-usage``: strict, but ``GET /workspaces/{workspace_id}/usage`` answers anyone for a real workspace id.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import time
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import JSONResponse

MODE = os.environ.get("JWT_PIN_MODE", "strict")
SECRET = "4821" if MODE == "weak" else os.environ.get("JWT_PIN_SECRET", "pins-" + "k7Qz" * 12)
ISSUER = "https://pins.launchready.test"
AUDIENCE = "pins-api"
_RSA_PEM = os.environ.get("JWT_PIN_RSA_PEM", "")  # the staging key a test hands over, else a fresh one
RSA_KEY: Any = (serialization.load_pem_private_key(_RSA_PEM.encode(), None) if _RSA_PEM else
                rsa.generate_private_key(public_exponent=65537, key_size=2048)) if MODE in ("rs256", "confusion") \
    else None
PUBLIC_PEM = RSA_KEY.public_key().public_bytes(serialization.Encoding.PEM,
                                               serialization.PublicFormat.SubjectPublicKeyInfo) if RSA_KEY else b""

app = FastAPI(title="Pins JWT App", docs_url=None, redoc_url=None)


def _user(email: str) -> dict[str, Any]:
    n = 1 if email == os.environ.get("LR_TENANT_A_EMAIL") else 2
    return {"sub": f"u-{n}", "tenant_id": f"t-{n}", "role": "member"}


@app.get("/health")
def health() -> dict[str, str]:
    return {"status": "ok"}


@app.post("/auth/login")
async def login(request: Request) -> dict[str, str]:
    body = await request.json()
    if body.get("password") != os.environ.get("LR_TENANT_A_PASSWORD"):  # both tenants share the seed password
        raise HTTPException(401, "invalid email or password")
    now = int(time.time())
    user = _user(str(body.get("email", "")))
    if MODE == "no-claims":
        claims: dict[str, Any] = {"sub": user["sub"], "iat": now, "exp": now + 600}
    else:
        claims = {**user, "iss": ISSUER, "aud": AUDIENCE, "iat": now, "exp": now + 600}
    if MODE in ("no-exp", "no-exp-open-me"):
        claims.pop("exp")
    if RSA_KEY is not None:
        return {"access_token": jwt.encode(claims, RSA_KEY, algorithm="RS256")}
    return {"access_token": jwt.encode(claims, SECRET, algorithm="HS256")}


@app.get("/.well-known/jwks.json")
def jwks() -> dict[str, Any]:
    if RSA_KEY is None:
        raise HTTPException(404, "no keys")
    return {"keys": [{**json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(RSA_KEY.public_key())), "kid": "pins"}]}


def _unverified(token: str) -> tuple[dict[str, Any], dict[str, Any]]:
    return jwt.get_unverified_header(token), jwt.decode(token, options={"verify_signature": False})


def _verify(token: str) -> dict[str, Any]:
    header, claims = _unverified(token)
    alg = str(header.get("alg", ""))
    if alg.lower() == "none":
        if MODE == "drop-unsigned":
            raise _Silent
        if MODE == "alg-none":
            return claims
        if MODE in ("unclean", "unclean-429"):
            raise HTTPException(429 if MODE == "unclean-429" else 500, "cannot handle this token")
        raise HTTPException(401, "unsigned token")
    if MODE == "confusion" and alg == "HS256":
        signing_input, _, signature = token.rpartition(".")
        expected = hmac.new(PUBLIC_PEM, signing_input.encode(), hashlib.sha256).digest()
        if hmac.compare_digest(base64.urlsafe_b64encode(expected).rstrip(b"=").decode(), signature):
            return claims
        raise HTTPException(401, "bad signature")
    if MODE == "unverified":
        return dict(jwt.decode(token, options={"verify_signature": False, "require": ["exp"]}))
    key: Any = RSA_KEY.public_key() if RSA_KEY is not None else SECRET
    options: Any = {"verify_exp": MODE != "expiry", "verify_iss": MODE != "issuer", "verify_aud": MODE != "issuer",
               "require": [] if MODE in ("no-exp", "no-exp-open-me") else ["exp"]}
    return dict(jwt.decode(token, key, algorithms=["RS256" if RSA_KEY is not None else "HS256"],
                           audience=None if MODE in ("issuer", "no-claims") else AUDIENCE,
                           issuer=None if MODE in ("issuer", "no-claims") else ISSUER, options=options))


@app.get("/workspaces/{workspace_id}/usage")
def usage(workspace_id: str, request: Request) -> dict[str, Any]:
    open_here = MODE == "open-usage" and workspace_id == "t-1"  # the flaw shows only for a real workspace id
    if not open_here and _authorised(request).get("tenant_id") != workspace_id:
        raise HTTPException(404, "no such workspace")
    return {"workspace": workspace_id, "tokens_used": 1200}


class _Silent(Exception):
    """Answer nothing: the connection is closed (see :func:`me`)."""


def _authorised(request: Request) -> dict[str, Any]:
    auth = request.headers.get("authorization", "")
    if not auth.startswith("Bearer "):
        raise HTTPException(401, "log in")
    try:
        return _verify(auth.removeprefix("Bearer "))
    except jwt.PyJWTError as exc:
        raise HTTPException(401, "invalid token") from exc


@app.get("/me", response_model=None)
def me(request: Request) -> dict[str, Any] | JSONResponse:
    if MODE == "no-exp-open-me" and "authorization" not in request.headers:
        return {"sub": None, "tenant_id": None}
    try:
        claims = _authorised(request)
    except _Silent:
        # A header value with a leading space: h11 refuses to send it and uvicorn closes the connection.
        return JSONResponse({}, headers={"x-broken": " value"})
    return {"sub": claims.get("sub"), "tenant_id": claims.get("tenant_id"), **(
        {"role": claims["role"]} if claims.get("role") not in (None, "member") else {})}
