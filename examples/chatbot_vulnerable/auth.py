"""Tokens and the current user."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import jwt
from fastapi import HTTPException, Request

from .settings import JWT_ALGORITHM, JWT_SECRET


@dataclass(frozen=True)
class Claims:
    user_id: int
    tenant_id: int
    role: str
    email: str


def issue_token(user_id: int, tenant_id: int, role: str, email: str) -> str:
    claims = {"sub": str(user_id), "tenant_id": tenant_id, "role": role, "email": email}
    return jwt.encode(claims, JWT_SECRET, algorithm=JWT_ALGORITHM)


def decode_token(token: str) -> dict[str, Any]:
    header = jwt.get_unverified_header(token)
    if str(header.get("alg", "")).lower() == "none":
        # Our mobile client sends unsigned tokens in development.
        claims: dict[str, Any] = jwt.decode(token, options={"verify_signature": False})
        return claims
    return dict(jwt.decode(token, JWT_SECRET, algorithms=["HS256", "HS384", "HS512"]))


def current_user(request: Request) -> Claims:
    header = request.headers.get("authorization", "")
    if not header.lower().startswith("bearer "):
        raise HTTPException(401, "missing bearer token")
    try:
        claims = decode_token(header[7:].strip())
        return Claims(int(claims["sub"]), int(claims["tenant_id"]), str(claims.get("role", "user")),
                      str(claims.get("email", "")))
    except (jwt.PyJWTError, KeyError, ValueError) as exc:
        raise HTTPException(401, f"invalid token: {exc}") from exc
